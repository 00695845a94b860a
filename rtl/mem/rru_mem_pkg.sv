// Shared constants of the memory system: bus commands (the values the bus
// observe port carries, see BRIEFING / docs), the core's data-port opcodes and
// the MSI line states.
package rru_mem_pkg;
  // Bus commands (obs_cmd_o values).
  localparam logic [2:0] BUS_RD    = 3'd0;  // read miss (D- or I-cache)
  localparam logic [2:0] BUS_RDX   = 3'd1;  // read for ownership
  localparam logic [2:0] BUS_UPGR  = 3'd2;  // S -> M
  localparam logic [2:0] BUS_WB    = 3'd3;  // eviction write-back
  localparam logic [2:0] BUS_UNCRD = 3'd4;  // device read
  localparam logic [2:0] BUS_UNCWR = 3'd5;  // device write

  // Core data-port operations (dmem_op_o).
  localparam logic [2:0] OP_LOAD  = 3'd0;
  localparam logic [2:0] OP_STORE = 3'd1;
  localparam logic [2:0] OP_AMO   = 3'd2;
  localparam logic [2:0] OP_LR    = 3'd3;
  localparam logic [2:0] OP_SC    = 3'd4;

  // AMO funct5 values (dmem_amo_o).
  localparam logic [4:0] AMO_ADD  = 5'b00000;
  localparam logic [4:0] AMO_SWAP = 5'b00001;
  localparam logic [4:0] AMO_XOR  = 5'b00100;
  localparam logic [4:0] AMO_OR   = 5'b01000;
  localparam logic [4:0] AMO_AND  = 5'b01100;
  localparam logic [4:0] AMO_MIN  = 5'b10000;
  localparam logic [4:0] AMO_MAX  = 5'b10100;
  localparam logic [4:0] AMO_MINU = 5'b11000;
  localparam logic [4:0] AMO_MAXU = 5'b11100;

  // MSI line states.
  localparam logic [1:0] ST_I = 2'd0;
  localparam logic [1:0] ST_S = 2'd1;
  localparam logic [1:0] ST_M = 2'd2;
endpackage
