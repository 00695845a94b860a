// iCEBreaker (iCE40UP5K-SG48) board top. Pins: fpga/icebreaker/icebreaker.pcf.
// Clock: 12 MHz oscillator (pin 35) -> PLL -> SysHz. UART: FT2232H channel
// B (FPGA RX pin 6, TX pin 9). Button BTN_N (pin 10): hart reset.
// LEDs (active low on the board):
//   LEDG_N (green, pin 37): blinking = harts running, steady = exit 0 (pass)
//   LEDR_N (red, pin 11):   steady = non-zero exit (fail); flickers with
//                           UART traffic while running
module rru_top_icebreaker #(
  parameter int NCores      = 1,
  parameter int ICacheBytes = 256,
  parameter int DCacheBytes = 256,
  parameter int LineBytes   = 8,
  parameter int RamBytes    = 128 * 1024,
  parameter int SysHz       = 24_000_000,
  parameter int Baud        = 3_000_000,
  parameter int InitCycles  = 65536
) (
  input  logic clk_12m_i,
  input  logic btn_ni,
  input  logic uart_rx_i,
  output logic uart_tx_o,
  output logic led_r_no,
  output logic led_g_no
);
  logic        clk, locked;
  logic        running, beat, pass, fail, tx_act, rx_act;
  logic [15:0] code;

  rru_ice40_pll #(
    .SysHz (SysHz),
    .Pad   (1'b1)
  ) u_pll (
    .clk_12m_i (clk_12m_i),
    .clk_o     (clk),
    .locked_o  (locked)
  );

  rru_fpga_board #(
    .NCores      (NCores),
    .ICacheBytes (ICacheBytes),
    .DCacheBytes (DCacheBytes),
    .LineBytes   (LineBytes),
    .RamBytes    (RamBytes),
    .EnableM     (1'b0),
    .SysHz       (SysHz),
    .Baud        (Baud),
    .InitCycles  (InitCycles),
    .TickDiv     (SysHz / 1_000_000)
  ) u_board (
    .clk_i       (clk),
    .arst_ni     (locked && btn_ni),
    .uart_rx_i   (uart_rx_i),
    .uart_tx_o   (uart_tx_o),
    .running_o   (running),
    .heartbeat_o (beat),
    .pass_o      (pass),
    .fail_o      (fail),
    .exit_code_o (code),
    .tx_act_o    (tx_act),
    .rx_act_o    (rx_act)
  );

  logic unused_code;
  assign unused_code = ^code;
  assign led_g_no = !((running && beat) || pass);
  assign led_r_no = !(fail || (running && (tx_act || rx_act)));
endmodule
