// Shared constants of the Race Recording Unit (rtl/rru/). The raw record
// layout and the termination reasons mirror include/rru/rru_raw.h and
// include/rru/record.h (checked by tests/rtl/tb_rru_raw.cpp); the register
// offsets mirror include/rru/rru_regs.h (docs/design.md §2.x RRU hardware).
package rru_pkg;
  // Not every constant is used by the RTL: the package mirrors the shared
  // headers whole, so that tests/rtl/tb_rru_raw.cpp can check them all.
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

  // --- register block (include/rru/rru_regs.h), word offsets -----------------
  localparam logic [5:0] REG_ID        = 6'h00; // RO 'RRU1'
  localparam logic [5:0] REG_CFG       = 6'h01; // RO parameters
  localparam logic [5:0] REG_CTRL      = 6'h02; // RW bit0 enable
  localparam logic [5:0] REG_TID       = 6'h03; // RW current thread id
  localparam logic [5:0] REG_CMD       = 6'h04; // WO 1 ctx switch, 2 flush, 3 exit
  localparam logic [5:0] REG_STATUS    = 6'h05; // RO busy, log level
  localparam logic [5:0] REG_ICLIMIT   = 6'h06; // RW instruction limit
  localparam logic [5:0] REG_FILLLIMIT = 6'h07; // RW signature fill limit
  localparam logic [5:0] REG_LOG_LO    = 6'h08; // RO head word [31:0]
  localparam logic [5:0] REG_LOG_HI    = 6'h09; // RO head word [63:32]; read pops
  localparam logic [5:0] REG_TS_LO     = 6'h0a; // RO timestamp [31:0]
  localparam logic [5:0] REG_TS_HI     = 6'h0b; // RO timestamp [47:32]
  localparam logic [5:0] REG_CHUNKS    = 6'h0c; // RO chunks ended
  localparam logic [5:0] REG_STALLS    = 6'h0d; // RO retirement stall cycles
  localparam logic [5:0] REG_FILL      = 6'h0e; // RO current chunk fill (r, w)
  localparam logic [5:0] REG_REASON0   = 6'h10; // RO 8 counters: ends by reason
  /* verilator lint_on UNUSEDPARAM */
endpackage
