// Behavioural model of the ECP5 PLL (EHXPLLL) the ULX3S top uses, only for
// linting the top with Verilator (yosys maps the real cell): CLKOP follows
// CLKI and LOCK rises after 64 input edges. Ports as in the ECP5 library.
// Named as the library cell, not the file:
/* verilator lint_off DECLFILENAME */
module EHXPLLL #(
  parameter PLLRST_ENA = "DISABLED", parameter INTFB_WAKE = "DISABLED",
  parameter STDBY_ENABLE = "DISABLED", parameter DPHASE_SOURCE = "DISABLED",
  parameter OUTDIVIDER_MUXA = "DIVA", parameter OUTDIVIDER_MUXB = "DIVB",
  parameter OUTDIVIDER_MUXC = "DIVC", parameter OUTDIVIDER_MUXD = "DIVD",
  parameter int CLKI_DIV = 1, parameter CLKOP_ENABLE = "ENABLED",
  parameter int CLKOP_DIV = 8, parameter int CLKOP_CPHASE = 0,
  parameter int CLKOP_FPHASE = 0, parameter FEEDBK_PATH = "CLKOP",
  parameter int CLKFB_DIV = 1
) (
  input  logic RST, STDBY, CLKI, CLKFB,
  input  logic PHASESEL0, PHASESEL1, PHASEDIR, PHASESTEP, PHASELOADREG, PLLWAKESYNC,
  input  logic ENCLKOP, ENCLKOS, ENCLKOS2, ENCLKOS3,
  output logic CLKOP, CLKOS, CLKOS2, CLKOS3, CLKINTFB, LOCK, INTLOCK
);
  logic [6:0] cnt_q = '0;
  logic unused;
  assign unused = ^{RST, STDBY, CLKFB, PHASESEL0, PHASESEL1, PHASEDIR, PHASESTEP, PHASELOADREG,
                    PLLWAKESYNC, ENCLKOP, ENCLKOS, ENCLKOS2, ENCLKOS3, CLKI_DIV, CLKOP_DIV,
                    CLKOP_CPHASE, CLKOP_FPHASE, CLKFB_DIV, PLLRST_ENA != "", INTFB_WAKE != "",
                    STDBY_ENABLE != "", DPHASE_SOURCE != "", OUTDIVIDER_MUXA != "",
                    OUTDIVIDER_MUXB != "", OUTDIVIDER_MUXC != "", OUTDIVIDER_MUXD != "",
                    CLKOP_ENABLE != "", FEEDBK_PATH != ""};
  always_ff @(posedge CLKI) if (!cnt_q[6]) cnt_q <= cnt_q + 1'b1;
  assign CLKOP = CLKI;
  assign {CLKOS, CLKOS2, CLKOS3, CLKINTFB} = '0;
  assign LOCK = cnt_q[6];
  assign INTLOCK = cnt_q[6];
endmodule
