// ULX3S (ECP5 LFE5U-85F-6BG381) board top with 4 cores. Pins: ulx3s.lpf.
// Clock: 25 MHz oscillator (G2) -> EHXPLLL -> 30 MHz (25 * 6 / 5; VCO
// 600 MHz). 24 and 36 MHz are not reachable from 25 MHz with the PLL's
// input divider <= 8 (PFD >= 3.125 MHz), and 30 MHz divides 3 Mbaud evenly
// (10 clocks per bit). UART: the FT231X (FPGA TX L4 = ftdi_rxd, RX M1 =
// ftdi_txd). Button BTN_PWRn (D6, low when pressed): hart reset.
// LEDs led[7:0] (active high):
//   [0] heartbeat while the harts run   [1] exit 0 (pass)   [2] non-zero exit
//   [3] UART TX activity   [4] UART RX activity   [7:5] exit code bits 2:0
// RAM: 128 KiB of block RAM (fpga/ice40/rru_ram.sv without SPRAM: its boot
// ROM and init sequence are plain inferred memories, portable to ECP5).
module rru_top_ulx3s #(
  parameter int NCores      = 4,
  parameter int ICacheBytes = 1024,
  parameter int DCacheBytes = 1024,
  parameter int LineBytes   = 16,
  parameter int RamBytes    = 128 * 1024,
  parameter int SysHz       = 30_000_000,
  parameter int Baud        = 3_000_000,
  parameter int InitCycles  = 65536
) (
  input  logic       clk_25mhz,
  input  logic       btn_pwr_ni,
  input  logic       ftdi_txd,
  output logic       ftdi_rxd,
  output logic [7:0] led,
  output logic       wifi_gpio0        // high: keep the ESP32 from taking over
);
  logic        clk, locked, clk_fb;
  logic [4:0]  pll_unused;   // PLL outputs not used
  logic        running, beat, pass, fail, tx_act, rx_act;
  logic [15:0] code;

  if (SysHz != 30_000_000) begin : g_bad_clk
    $error("rru_top_ulx3s: the PLL settings are for 30 MHz");
  end

  // CLKOP = 25 MHz * CLKFB_DIV / CLKI_DIV = 30 MHz; VCO = CLKOP * CLKOP_DIV
  (* FREQUENCY_PIN_CLKI = "25", FREQUENCY_PIN_CLKOP = "30" *)
  EHXPLLL #(
    .PLLRST_ENA      ("DISABLED"),
    .INTFB_WAKE      ("DISABLED"),
    .STDBY_ENABLE    ("DISABLED"),
    .DPHASE_SOURCE   ("DISABLED"),
    .OUTDIVIDER_MUXA ("DIVA"),
    .OUTDIVIDER_MUXB ("DIVB"),
    .OUTDIVIDER_MUXC ("DIVC"),
    .OUTDIVIDER_MUXD ("DIVD"),
    .CLKI_DIV        (5),
    .CLKOP_ENABLE    ("ENABLED"),
    .CLKOP_DIV       (20),
    .CLKOP_CPHASE    (9),
    .CLKOP_FPHASE    (0),
    .FEEDBK_PATH     ("CLKOP"),
    .CLKFB_DIV       (6)
  ) u_pll (
    .RST          (1'b0),
    .STDBY        (1'b0),
    .CLKI         (clk_25mhz),
    .CLKOP        (clk),
    .CLKOS        (pll_unused[0]),
    .CLKOS2       (pll_unused[1]),
    .CLKOS3       (pll_unused[2]),
    .CLKFB        (clk_fb),
    .CLKINTFB     (pll_unused[3]),
    .PHASESEL0    (1'b0),
    .PHASESEL1    (1'b0),
    .PHASEDIR     (1'b1),
    .PHASESTEP    (1'b1),
    .PHASELOADREG (1'b1),
    .PLLWAKESYNC  (1'b0),
    .ENCLKOP      (1'b0),
    .ENCLKOS      (1'b0),
    .ENCLKOS2     (1'b0),
    .ENCLKOS3     (1'b0),
    .LOCK         (locked),
    .INTLOCK      (pll_unused[4])
  );
  assign clk_fb = clk;

  rru_fpga_board #(
    .NCores      (NCores),
    .ICacheBytes (ICacheBytes),
    .DCacheBytes (DCacheBytes),
    .LineBytes   (LineBytes),
    .RamBytes    (RamBytes),
    .EnableM     (1'b1),
    .SysHz       (SysHz),
    .Baud        (Baud),
    .InitCycles  (InitCycles),
    .TickDiv     (SysHz / 1_000_000)
  ) u_board (
    .clk_i       (clk),
    .arst_ni     (locked && btn_pwr_ni),
    .uart_rx_i   (ftdi_txd),
    .uart_tx_o   (ftdi_rxd),
    .running_o   (running),
    .heartbeat_o (beat),
    .pass_o      (pass),
    .fail_o      (fail),
    .exit_code_o (code),
    .tx_act_o    (tx_act),
    .rx_act_o    (rx_act)
  );

  logic unused_code;
  assign unused_code = ^{code[15:3], pll_unused};
  assign led = {code[2:0], rx_act, tx_act, fail, pass, running && beat};
  assign wifi_gpio0 = 1'b1;
endmodule
