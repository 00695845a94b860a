// iCE40-HX8K breakout board (iCE40HX8K-CT256) top. Pins: fpga/hx8k/hx8k.pcf.
// Clock: 12 MHz oscillator (J3) -> PLL -> SysHz. UART: FT2232H channel B
// (FPGA RX B10, TX B12). No user button: reset is power-up / reconfiguration.
// LEDs D2..D9 (active high), led_o[0]..[7]:
//   [0] D2 heartbeat while the harts run     [1] D3 exit 0 (pass)
//   [2] D4 non-zero exit (fail)              [3] D5 UART TX activity
//   [4] D6 UART RX activity                  [7:5] D7..D9 exit code bits 2:0
module rru_top_hx8k #(
  parameter int NCores      = 2,
  parameter int ICacheBytes = 256,
  parameter int DCacheBytes = 256,
  parameter int LineBytes   = 8,
  parameter int RamBytes    = 8 * 1024,
  parameter int SysHz       = 24_000_000,
  parameter int Baud        = 3_000_000,
  parameter int InitCycles  = 65536
) (
  input  logic       clk_12m_i,
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [7:0] led_o
);
  logic        clk, locked;
  logic        running, beat, pass, fail, tx_act, rx_act;
  logic [15:0] code;

  rru_ice40_pll #(
    .SysHz (SysHz),
    .Pad   (1'b0)
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
    .arst_ni     (locked),
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
  assign unused_code = ^code[15:3];
  assign led_o = {code[2:0], rx_act, tx_act, fail, pass, running && beat};
endmodule
