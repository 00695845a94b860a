// Behavioural models of the iCE40 primitives the board tops use, for the
// simulation of the board top in Verilator only (synthesis maps the real
// cells; yosys never reads this file). Written from the iCE40 technology library's port
// descriptions; only the modes used here are modelled.
// Several modules in one file, named as the library cells (not the file):
/* verilator lint_off DECLFILENAME */

// PLL (PAD input): the testbench drives the pad at the output frequency, so
// the model passes it through and raises LOCK after 64 input edges.
module SB_PLL40_PAD #(
  parameter        FEEDBACK_PATH = "SIMPLE",
  parameter [3:0]  DIVR = 4'd0,
  parameter [6:0]  DIVF = 7'd0,
  parameter [2:0]  DIVQ = 3'd0,
  parameter [2:0]  FILTER_RANGE = 3'd0
) (
  input  logic       PACKAGEPIN,
  output logic       PLLOUTGLOBAL,
  output logic       PLLOUTCORE,
  output logic       LOCK,
  input  logic       RESETB,
  input  logic       BYPASS,
  input  logic       EXTFEEDBACK,
  input  logic [7:0] DYNAMICDELAY,
  input  logic       LATCHINPUTVALUE,
  input  logic       SDI,
  output logic       SDO,
  input  logic       SCLK
);
  logic [6:0] cnt_q = '0;
  logic unused;
  assign unused = ^{RESETB, BYPASS, EXTFEEDBACK, DYNAMICDELAY, LATCHINPUTVALUE, SDI, SCLK,
                    FEEDBACK_PATH != "", DIVR, DIVF, DIVQ, FILTER_RANGE};
  always_ff @(posedge PACKAGEPIN) if (!cnt_q[6]) cnt_q <= cnt_q + 1'b1;
  assign PLLOUTGLOBAL = PACKAGEPIN;
  assign PLLOUTCORE   = PACKAGEPIN;
  assign LOCK         = cnt_q[6];
  assign SDO          = 1'b0;
endmodule

// PLL (fabric input): same model.
module SB_PLL40_CORE #(
  parameter        FEEDBACK_PATH = "SIMPLE",
  parameter [3:0]  DIVR = 4'd0,
  parameter [6:0]  DIVF = 7'd0,
  parameter [2:0]  DIVQ = 3'd0,
  parameter [2:0]  FILTER_RANGE = 3'd0
) (
  input  logic       REFERENCECLK,
  output logic       PLLOUTGLOBAL,
  output logic       PLLOUTCORE,
  output logic       LOCK,
  input  logic       RESETB,
  input  logic       BYPASS,
  input  logic       EXTFEEDBACK,
  input  logic [7:0] DYNAMICDELAY,
  input  logic       LATCHINPUTVALUE,
  input  logic       SDI,
  output logic       SDO,
  input  logic       SCLK
);
  logic [6:0] cnt_q = '0;
  logic unused;
  assign unused = ^{RESETB, BYPASS, EXTFEEDBACK, DYNAMICDELAY, LATCHINPUTVALUE, SDI, SCLK,
                    FEEDBACK_PATH != "", DIVR, DIVF, DIVQ, FILTER_RANGE};
  always_ff @(posedge REFERENCECLK) if (!cnt_q[6]) cnt_q <= cnt_q + 1'b1;
  assign PLLOUTGLOBAL = REFERENCECLK;
  assign PLLOUTCORE   = REFERENCECLK;
  assign LOCK         = cnt_q[6];
  assign SDO          = 1'b0;
endmodule

// Single-port RAM 16K x 16: with CHIPSELECT, a write stores DATAIN (per
// nibble MASKWREN) and a read puts the word on DATAOUT after the clock edge;
// DATAOUT holds otherwise. Power-up contents are random (X), as on silicon.
module SB_SPRAM256KA (
  input  logic [13:0] ADDRESS,
  input  logic [15:0] DATAIN,
  input  logic [3:0]  MASKWREN,
  input  logic        WREN,
  input  logic        CHIPSELECT,
  input  logic        CLOCK,
  input  logic        STANDBY,
  input  logic        SLEEP,
  input  logic        POWEROFF,
  output logic [15:0] DATAOUT
);
  logic [15:0] mem [16384];
  logic        unused;
  assign unused = ^{STANDBY, SLEEP, POWEROFF};
  always_ff @(posedge CLOCK) begin
    if (CHIPSELECT) begin
      if (WREN) begin
        if (MASKWREN[0]) mem[ADDRESS][3:0]   <= DATAIN[3:0];
        if (MASKWREN[1]) mem[ADDRESS][7:4]   <= DATAIN[7:4];
        if (MASKWREN[2]) mem[ADDRESS][11:8]  <= DATAIN[11:8];
        if (MASKWREN[3]) mem[ADDRESS][15:12] <= DATAIN[15:12];
      end else begin
        DATAOUT <= mem[ADDRESS];
      end
    end
  end
endmodule
