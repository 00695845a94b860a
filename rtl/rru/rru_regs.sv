// The RRU's control and status register block (include/rru/rru_regs.h,
// docs/design.md §2.5): kernel commands, limits, the log read port and the
// counters, the digest and the replay countdown. One single-cycle access per clock; a command write waits
// (reg_ready_o low) while the recorder cannot take a command.
module rru_regs #(
  parameter int FillW     = 9,
  parameter int LvlW      = 5,
  // The eight per-reason chunk counters (REASON0..7). They only repeat
  // what the records say (each carries its reason) and cost about 1,000
  // iCE40 cells (8 x 32 flip-flops, incrementers and their read mux), so a
  // small FPGA leaves them out (0): the registers then read 0. CHUNKS,
  // which the kernel uses to drain the log, is always there.
  parameter bit ReasonCnt = 1'b1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // register port
  input  logic             reg_req_i,
  input  logic             reg_we_i,
  input  logic [7:0]       reg_addr_i,
  input  logic [31:0]      reg_wdata_i,
  output logic [31:0]      reg_rdata_o,
  output logic             reg_ready_o,
  // to the recorder
  output logic             ctl_valid_o,
  output logic [1:0]       ctl_op_o,
  output logic [31:0]      ctl_tid_o,
  input  logic             ctl_ready_i,
  output logic [31:0]      icount_limit_o,
  output logic [31:0]      fill_limit_o,
  // log read port
  input  logic             log_valid_i,
  input  logic [63:0]      log_data_i,
  output logic             log_pop_o,
  // status
  input  logic [31:0]      cfg_i,
  input  logic             enabled_i,
  input  logic [31:0]      tid_i,
  input  logic [47:0]      ts_i,
  input  logic [7:0]       end_i,
  input  logic             stall_i,
  input  logic [LvlW-1:0]  level_i,
  input  logic [FillW-1:0] rfill_i,
  input  logic [FillW-1:0] wfill_i,
  // digest and countdown
  input  logic [31:0]      digest_i,
  output logic             digest_wr_o,
  input  logic [31:0]      count_i,
  input  logic             cd_zero_i,
  output logic             count_wr_o
);
  logic [31:0]     iclimit_q, iclimit_d, filllimit_q, filllimit_d;
  logic [31:0]     chunks_q, chunks_d, stalls_q, stalls_d;
  logic [8*32-1:0] reason_q, reason_d;
  logic            is_cmd, wr, rd;
  logic [1:0]      n_end;
  logic            cnt_upd;

  // The address decode only with a request: without one (most cycles)
  // every strobe is 0 and rru-sim skips the comparisons.
  always_comb begin
    is_cmd      = 1'b0;
    reg_ready_o = 1'b1;
    wr          = 1'b0;
    rd          = 1'b0;
    ctl_valid_o = 1'b0;
    log_pop_o   = 1'b0;
    digest_wr_o = 1'b0;
    count_wr_o  = 1'b0;
    iclimit_d   = iclimit_q;
    filllimit_d = filllimit_q;
    if (reg_req_i) begin
      is_cmd = reg_addr_i == rru_pkg::REG_START || reg_addr_i == rru_pkg::REG_SWITCH ||
               reg_addr_i == rru_pkg::REG_FLUSH || reg_addr_i == rru_pkg::REG_EXIT;
      reg_ready_o = !(reg_we_i && is_cmd && !ctl_ready_i);
      wr          = reg_we_i && reg_ready_o;
      rd          = !reg_we_i;
      ctl_valid_o = wr && is_cmd;
      log_pop_o   = rd && reg_addr_i == rru_pkg::REG_LOG_HI && log_valid_i;
      digest_wr_o = wr && reg_addr_i == rru_pkg::REG_DIGEST;
      count_wr_o  = wr && reg_addr_i == rru_pkg::REG_COUNTDOWN;
      if (wr && reg_addr_i == rru_pkg::REG_ICLIMIT)   iclimit_d   = reg_wdata_i;
      if (wr && reg_addr_i == rru_pkg::REG_FILLLIMIT) filllimit_d = reg_wdata_i;
    end
  end

  assign ctl_op_o       = reg_addr_i[3:2];   // 0x10 start, 0x14 switch, 0x18 flush, 0x1c exit
  assign ctl_tid_o      = reg_wdata_i;
  assign icount_limit_o = iclimit_q;
  assign fill_limit_o   = filllimit_q;

  // The read data matters only with a request (rru_soc takes it then).
  always_comb begin
    reg_rdata_o = '0;
    if (reg_req_i) begin
      unique case (reg_addr_i)
        rru_pkg::REG_ID:        reg_rdata_o = rru_pkg::REG_ID_VALUE;
        rru_pkg::REG_CFG:       reg_rdata_o = cfg_i;
        rru_pkg::REG_STATUS:    reg_rdata_o = {16'(level_i), 12'd0, cd_zero_i, stall_i, log_valid_i,
                                               enabled_i};
        rru_pkg::REG_TID:       reg_rdata_o = tid_i;
        rru_pkg::REG_ICLIMIT:   reg_rdata_o = iclimit_q;
        rru_pkg::REG_FILLLIMIT: reg_rdata_o = filllimit_q;
        rru_pkg::REG_LOG_LO:    reg_rdata_o = log_valid_i ? log_data_i[31:0] : '0;
        rru_pkg::REG_LOG_HI:    reg_rdata_o = log_valid_i ? log_data_i[63:32] : '0;
        rru_pkg::REG_TS_LO:     reg_rdata_o = ts_i[31:0];
        rru_pkg::REG_TS_HI:     reg_rdata_o = {16'd0, ts_i[47:32]};
        rru_pkg::REG_CHUNKS:    reg_rdata_o = chunks_q;
        rru_pkg::REG_STALLS:    reg_rdata_o = stalls_q;
        rru_pkg::REG_FILL:      reg_rdata_o = {16'(wfill_i), 16'(rfill_i)};
        rru_pkg::REG_DIGEST:    reg_rdata_o = digest_i;
        rru_pkg::REG_COUNTDOWN: reg_rdata_o = count_i;
        default: begin
          if (ReasonCnt && reg_addr_i >= rru_pkg::REG_REASON0 &&
              reg_addr_i < rru_pkg::REG_REASON0 + 8'd32) begin
            reg_rdata_o = reason_q[32'(reg_addr_i[4:2])*32 +: 32];
          end
        end
      endcase
    end
  end

  assign cnt_upd = end_i != 8'd0;

  always_comb begin
    stalls_d = stalls_q + 32'(stall_i);
    // the chunk counters change only in a cycle that ends a chunk
    n_end    = '0;
    chunks_d = chunks_q;
    reason_d = reason_q;
    if (cnt_upd) begin
      n_end = 2'(end_i[0]) + 2'(end_i[1]) + 2'(end_i[2]) + 2'(end_i[3]) +
              2'(end_i[4]) + 2'(end_i[5]) + 2'(end_i[6]) + 2'(end_i[7]);
      chunks_d = chunks_q + 32'(n_end);
      for (int r = 0; r < 8; r++) begin
        reason_d[r*32 +: 32] = ReasonCnt ? reason_q[r*32 +: 32] + 32'(end_i[r]) : '0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      iclimit_q   <= 32'd65536;   // the model's defaults (docs/design.md §2.4)
      filllimit_q <= 32'd128;
      chunks_q    <= '0;
      stalls_q    <= '0;
      reason_q    <= '0;
    end else begin
      // each written only when it changes (a write, a stall, a chunk end),
      // so that rru-sim copies none of them in the other cycles
      if (reg_req_i) begin
        iclimit_q   <= iclimit_d;
        filllimit_q <= filllimit_d;
      end
      if (stall_i) stalls_q <= stalls_d;
      if (cnt_upd) begin
        chunks_q <= chunks_d;
        reason_q <= reason_d;
      end
    end
  end
endmodule
