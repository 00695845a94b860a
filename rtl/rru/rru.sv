// The Race Recording Unit of one hart (docs/design.md §1, §2.5): the
// recorder (chunk table, signatures, timestamp), its log buffer, the
// register block, the access digest and the replay countdown. Attaches to the core's retirement port (and stalls it at
// retirement when the log path is full) and to the bus observe port; it
// changes nothing in the coherence protocol. Log words leave by the stream
// port (log_*: a hardware streamer) or the register read port; a system
// uses one of the two.
module rru #(
  parameter int NCpus     = 4,
  parameter int NHash     = 4,
  parameter int IdxW      = 8,
  parameter int Family    = 0,
  parameter int K         = 4,
  parameter int Z         = 4,
  parameter int LineShift = 4,
  parameter int LogDepth  = 16,
  parameter bit ReasonCnt = 1'b1,   // per-reason chunk counters (rru_regs)
  localparam int FillW = $clog2((NHash << IdxW) + 1),
  localparam int LvlW  = $clog2(LogDepth) + 1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [2:0]  hart_id_i,
  input  logic [3:0]  ncpus_i,
  // retirement port of the hart's core
  input  logic        rvfi_valid_i,
  input  logic        rvfi_trap_i,
  input  logic [1:0]  rvfi_priv_i,
  input  logic [31:0] rvfi_insn_i,
  input  logic [31:0] rvfi_mem_addr_i,
  input  logic [3:0]  rvfi_mem_rmask_i,
  input  logic [3:0]  rvfi_mem_wmask_i,
  input  logic [31:0] rvfi_mem_rdata_i,
  input  logic [31:0] rvfi_mem_wdata_i,
  output logic        retire_stall_o,
  // replay countdown to the core: trap request and data-request hold
  output logic        cd_irq_o,
  output logic        mem_stall_o,
  // bus observe port
  input  logic        obs_valid_i,
  input  logic [2:0]  obs_cpu_i,
  input  logic [2:0]  obs_cmd_i,
  input  logic [31:0] obs_line_i,
  // register port (include/rru/rru_regs.h)
  input  logic        reg_req_i,
  input  logic        reg_we_i,
  input  logic [7:0]  reg_addr_i,
  input  logic [31:0] reg_wdata_i,
  output logic [31:0] reg_rdata_o,
  output logic        reg_ready_o,
  // log stream port
  output logic        log_valid_o,
  output logic [63:0] log_data_o,
  input  logic        log_ready_i
);
  logic             ctl_valid, ctl_ready;
  logic [1:0]       ctl_op;
  logic [31:0]      ctl_tid, iclimit, filllimit, tid;
  logic             rec_valid, rec_ready, enabled, reg_pop;
  logic [63:0]      rec_data;
  logic [47:0]      ts;
  logic [7:0]       ends;
  logic [FillW-1:0] rfill, wfill;
  logic [LvlW-1:0]  level;
  logic [31:0]      cfg, digest, count;
  logic             digest_wr, count_wr;
  logic             issue_stall, cd_stall;

  rru_recorder #(
    .NCpus(NCpus), .NHash(NHash), .IdxW(IdxW), .Family(Family), .K(K), .Z(Z),
    .LineShift(LineShift)
  ) u_recorder (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .hart_id_i        (hart_id_i),
    .ncpus_i          (ncpus_i),
    .rvfi_valid_i     (rvfi_valid_i),
    .rvfi_trap_i      (rvfi_trap_i),
    .rvfi_priv_i      (rvfi_priv_i),
    .rvfi_insn_i      (rvfi_insn_i),
    .rvfi_mem_addr_i  (rvfi_mem_addr_i),
    .rvfi_mem_rmask_i (rvfi_mem_rmask_i),
    .rvfi_mem_wmask_i (rvfi_mem_wmask_i),
    .retire_stall_o   (retire_stall_o),
    .issue_stall_o    (issue_stall),
    .obs_valid_i      (obs_valid_i),
    .obs_cpu_i        (obs_cpu_i),
    .obs_cmd_i        (obs_cmd_i),
    .obs_line_i       (obs_line_i),
    .ctl_valid_i      (ctl_valid),
    .ctl_op_i         (ctl_op),
    .ctl_tid_i        (ctl_tid),
    .ctl_ready_o      (ctl_ready),
    .icount_limit_i   (iclimit),
    .fill_limit_i     (filllimit),
    .log_valid_o      (rec_valid),
    .log_data_o       (rec_data),
    .log_ready_i      (rec_ready),
    .enabled_o        (enabled),
    .tid_o            (tid),
    .ts_o             (ts),
    .end_o            (ends),
    .rfill_o          (rfill),
    .wfill_o          (wfill)
  );

  rru_log_fifo #(.Depth(LogDepth), .Width(64)) u_log (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .push_valid_i (rec_valid),
    .push_data_i  (rec_data),
    .push_ready_o (rec_ready),
    .pop_valid_o  (log_valid_o),
    .pop_data_o   (log_data_o),
    .pop_ready_i  (log_ready_i || reg_pop),
    .level_o      (level)
  );

  assign cfg = (32'(NHash) << rru_pkg::CFG_HASHES_SHIFT) | (32'(IdxW) << rru_pkg::CFG_IDXW_SHIFT) |
               (32'(Family) << rru_pkg::CFG_FAMILY_SHIFT) | (32'(K) << rru_pkg::CFG_TABLE_SHIFT) |
               (32'(hart_id_i) << rru_pkg::CFG_HART_SHIFT) |
               (32'(ncpus_i) << rru_pkg::CFG_NCPUS_SHIFT);

  rru_regs #(.FillW(FillW), .LvlW(LvlW), .ReasonCnt(ReasonCnt)) u_regs (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .reg_req_i      (reg_req_i),
    .reg_we_i       (reg_we_i),
    .reg_addr_i     (reg_addr_i),
    .reg_wdata_i    (reg_wdata_i),
    .reg_rdata_o    (reg_rdata_o),
    .reg_ready_o    (reg_ready_o),
    .ctl_valid_o    (ctl_valid),
    .ctl_op_o       (ctl_op),
    .ctl_tid_o      (ctl_tid),
    .ctl_ready_i    (ctl_ready),
    .icount_limit_o (iclimit),
    .fill_limit_o   (filllimit),
    .log_valid_i    (log_valid_o),
    .log_data_i     (log_data_o),
    .log_pop_o      (reg_pop),
    .cfg_i          (cfg),
    .enabled_i      (enabled),
    .tid_i          (tid),
    .ts_i           (ts),
    .end_i          (ends),
    .stall_i        (retire_stall_o),
    .level_i        (level),
    .rfill_i        (rfill),
    .wfill_i        (wfill),
    .digest_i       (digest),
    .digest_wr_o    (digest_wr),
    .count_i        (count),
    .cd_zero_i      (cd_irq_o),
    .count_wr_o     (count_wr)
  );

  rru_digest u_digest (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .rvfi_valid_i     (rvfi_valid_i),
    .rvfi_trap_i      (rvfi_trap_i),
    .rvfi_priv_i      (rvfi_priv_i),
    .rvfi_mem_addr_i  (rvfi_mem_addr_i),
    .rvfi_mem_rmask_i (rvfi_mem_rmask_i),
    .rvfi_mem_wmask_i (rvfi_mem_wmask_i),
    .rvfi_mem_rdata_i (rvfi_mem_rdata_i),
    .rvfi_mem_wdata_i (rvfi_mem_wdata_i),
    .wr_i             (digest_wr),
    .wdata_i          (reg_wdata_i),
    .digest_o         (digest)
  );

  rru_countdown u_countdown (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .rvfi_valid_i (rvfi_valid_i),
    .rvfi_trap_i  (rvfi_trap_i),
    .rvfi_priv_i  (rvfi_priv_i),
    .wr_i         (count_wr),
    .wdata_i      (reg_wdata_i),
    .count_o      (count),
    .irq_o        (cd_irq_o),
    .mem_stall_o  (cd_stall)
  );
  // data requests wait for the countdown's hold and for the recorder's room
  assign mem_stall_o = cd_stall || issue_stall;
endmodule
