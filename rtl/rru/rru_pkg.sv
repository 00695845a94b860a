// Shared constants of the Race Recording Unit (rtl/rru/). The raw record
// layout and the termination reasons mirror include/rru/rru_raw.h and
// include/rru/record.h (checked by make rru-pkg-check); the register
// offsets mirror include/rru/rru_regs.h (docs/design.md §2.5 RRU hardware).
package rru_pkg;
  // Not every constant is used by the RTL: the package mirrors the shared
  // headers whole, so that make rru-pkg-check (tests/rtl/rru_pkg_check.c)
  // can compare them all.
  /* verilator lint_off UNUSEDPARAM */
  // --- bus observe commands (briefing: bus observe port) -------------------
  localparam logic [2:0] CMD_BUSRD   = 3'd0;
  localparam logic [2:0] CMD_BUSRDX  = 3'd1;
  localparam logic [2:0] CMD_BUSUPGR = 3'd2;
  localparam logic [2:0] CMD_WB      = 3'd3;
  localparam logic [2:0] CMD_UNCRD   = 3'd4;
  localparam logic [2:0] CMD_UNCWR   = 3'd5;

  // --- termination reasons (enum rru_reason) --------------------------------
  localparam logic [2:0] REASON_CONFLICT   = 3'd0;
  localparam logic [2:0] REASON_ICOUNT     = 3'd1;
  localparam logic [2:0] REASON_SIG_FULL   = 3'd2;
  localparam logic [2:0] REASON_TRAP       = 3'd3;
  localparam logic [2:0] REASON_CTX_SWITCH = 3'd4;
  localparam logic [2:0] REASON_TABLE_FULL = 3'd5;
  localparam logic [2:0] REASON_FLUSH      = 3'd6;
  localparam logic [2:0] REASON_EXIT       = 3'd7;
  localparam int NUM_REASONS = 8;

  // --- raw record words (include/rru/rru_raw.h) -----------------------------
  localparam int TS_BITS = 48;
  localparam logic [3:0] RAW_KIND_CHUNK = 4'd1;
  localparam int RAW_KIND_SHIFT   = 60;
  localparam int RAW_CPU_SHIFT    = 57;
  localparam int RAW_REASON_SHIFT = 54;
  localparam int RAW_NDEPS_SHIFT  = 50;
  localparam int RAW_TID_SHIFT    = 32;
  localparam int RAW_Q_SHIFT      = 61;

  // --- hash families ---------------------------------------------------------
  localparam int HASH_H3     = 0;
  localparam int HASH_BITSEL = 1;

  // --- register block (include/rru/rru_regs.h), byte offsets --------------
  localparam logic [7:0] REG_ID        = 8'h00;
  localparam logic [7:0] REG_CFG       = 8'h04;
  localparam logic [7:0] REG_STATUS    = 8'h08;
  localparam logic [7:0] REG_TID       = 8'h0c;
  localparam logic [7:0] REG_START     = 8'h10;
  localparam logic [7:0] REG_SWITCH    = 8'h14;
  localparam logic [7:0] REG_FLUSH     = 8'h18;
  localparam logic [7:0] REG_EXIT      = 8'h1c;
  localparam logic [7:0] REG_ICLIMIT   = 8'h20;
  localparam logic [7:0] REG_FILLLIMIT = 8'h24;
  localparam logic [7:0] REG_LOG_LO    = 8'h28;
  localparam logic [7:0] REG_LOG_HI    = 8'h2c;
  localparam logic [7:0] REG_TS_LO     = 8'h30;
  localparam logic [7:0] REG_TS_HI     = 8'h34;
  localparam logic [7:0] REG_CHUNKS    = 8'h38;
  localparam logic [7:0] REG_STALLS    = 8'h3c;
  localparam logic [7:0] REG_REASON0   = 8'h40;
  localparam logic [7:0] REG_FILL      = 8'h60;
  localparam logic [7:0] REG_DIGEST    = 8'h64;
  localparam logic [7:0] REG_COUNTDOWN = 8'h68;
  localparam logic [31:0] REG_ID_VALUE = 32'h52525531;
  localparam int CFG_HASHES_SHIFT = 0;
  localparam int CFG_IDXW_SHIFT   = 4;
  localparam int CFG_FAMILY_SHIFT = 9;
  localparam int CFG_TABLE_SHIFT  = 10;
  localparam int CFG_HART_SHIFT   = 16;
  localparam int CFG_NCPUS_SHIFT  = 20;
  localparam int STATUS_LEVEL_SHIFT = 16;
  /* verilator lint_on UNUSEDPARAM */
endpackage
