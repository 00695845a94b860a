// iCE40 system clock from the 12 MHz board oscillator. SysHz selects the
// PLL settings (from `icepll -i 12 -o <MHz>`, simple feedback):
//   24 MHz: DIVR 0, DIVF 63, DIVQ 5, FILTER_RANGE 1 (VCO 768 MHz)
//   36 MHz: DIVR 0, DIVF 47, DIVQ 4, FILTER_RANGE 1 (VCO 576 MHz)
//   12 MHz: no PLL, the oscillator is the clock (locked_o = 1).
// Pad selects SB_PLL40_PAD (the clock pin is a PLL input pad, UP5K pin 35)
// or SB_PLL40_CORE (HX8K, clock pin J3 through the fabric).
module rru_ice40_pll #(
  parameter int SysHz = 24_000_000,
  parameter bit Pad   = 1'b1
) (
  input  logic clk_12m_i,
  output logic clk_o,
  output logic locked_o
);
  logic unused_core, unused_sdo;   // PLL outputs not used

  localparam logic [6:0] DivF = (SysHz == 36_000_000) ? 7'd47 : 7'd63;
  localparam logic [2:0] DivQ = (SysHz == 36_000_000) ? 3'd4 : 3'd5;

  if (SysHz == 12_000_000) begin : g_direct
    assign clk_o    = clk_12m_i;
    assign locked_o = 1'b1;
  end else if (SysHz != 24_000_000 && SysHz != 36_000_000) begin : g_bad
    $error("rru_ice40_pll: SysHz must be 12, 24 or 36 MHz");
  end else if (Pad) begin : g_pad
    SB_PLL40_PAD #(
      .FEEDBACK_PATH ("SIMPLE"),
      .DIVR          (4'd0),
      .DIVF          (DivF),
      .DIVQ          (DivQ),
      .FILTER_RANGE  (3'd1)
    ) u_pll (
      .PACKAGEPIN    (clk_12m_i),
      .PLLOUTGLOBAL  (clk_o),
      .PLLOUTCORE    (unused_core),
      .LOCK          (locked_o),
      .RESETB        (1'b1),
      .BYPASS        (1'b0),
      .EXTFEEDBACK   (1'b0),
      .DYNAMICDELAY  (8'd0),
      .LATCHINPUTVALUE (1'b0),
      .SDI           (1'b0),
      .SDO           (unused_sdo),
      .SCLK          (1'b0)
    );
  end else begin : g_core
    SB_PLL40_CORE #(
      .FEEDBACK_PATH ("SIMPLE"),
      .DIVR          (4'd0),
      .DIVF          (DivF),
      .DIVQ          (DivQ),
      .FILTER_RANGE  (3'd1)
    ) u_pll (
      .REFERENCECLK  (clk_12m_i),
      .PLLOUTGLOBAL  (clk_o),
      .PLLOUTCORE    (unused_core),
      .LOCK          (locked_o),
      .RESETB        (1'b1),
      .BYPASS        (1'b0),
      .EXTFEEDBACK   (1'b0),
      .DYNAMICDELAY  (8'd0),
      .LATCHINPUTVALUE (1'b0),
      .SDI           (1'b0),
      .SDO           (unused_sdo),
      .SCLK          (1'b0)
    );
  end
endmodule
