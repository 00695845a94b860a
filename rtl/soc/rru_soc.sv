// The openrru SoC: NCores rru_core harts, each with an L1 I-cache and a
// write-back MSI D-cache on the atomic snoopy bus (rru_memsys), RAM at
// RamBase, and the devices of the shared memory map (finisher 0x0010_0000,
// simulation control 0x0010_1000, CLINT 0x0200_0000, NS16550 UART
// 0x1000_0000). Harts whose hart_en_i bit is low are held in reset, so one
// build serves every core count. Exports each hart's retirement port and the
// bus observe port. With EnableRru, one RRU per hart (rtl/rru/rru.sv) sits
// on its core's retirement port and the bus observe port; its registers are
// at RRU_BASE 0x0300_0000 + 0x100 * hart (include/rru/memmap.h).
module rru_soc #(
  parameter int          NCores      = 8,
  parameter int          ICacheBytes = 4096,
  parameter int          DCacheBytes = 4096,
  parameter int          LineBytes   = 16,
  parameter logic [31:0] RamBase     = 32'h8000_0000,
  parameter int          RamBytes    = 1 << 20,
  parameter logic [31:0] BootAddr    = 32'h8000_0000,
  parameter bit          EnableM     = 1'b1,
  parameter int          TickDiv     = 1,
  // The RRUs and their parameter set (the simulation defaults live here,
  // and only here: rru-sim reads them back through rru_cfg_o). 1024-bit H3
  // signatures (4 x 256), K = 4 retained chunks, Z = 8 leaving slots, a
  // 16-word log buffer: the C model's defaults (docs/design.md §2.4).
  parameter bit          EnableRru   = 1'b1,
  parameter int          RruNHash    = 4,
  parameter int          RruIdxW     = 8,
  parameter int          RruFamily   = 0,
  parameter int          RruK        = 4,
  parameter int          RruZ        = 8,
  parameter int          RruLogDepth = 16,
  // The hardware log streamer (rtl/rru/rru_log_streamer.sv) at
  // RRU_STREAM_BASE 0x0300_0800, between the RRUs' log ports and the UART,
  // with a window of StreamWinWords 64-bit words.
  parameter bit          EnableStreamer = 1'b1,
  parameter int          StreamWinWords = 512
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [NCores-1:0]    hart_en_i,      // 0: hart held in reset
  input  logic [3:0]           lat_extra_i,    // bus latency perturbation
  // observer stalls (RRU / CREW; 0 when unused)
  input  logic [NCores-1:0]    mem_stall_i,
  input  logic [NCores-1:0]    retire_stall_i,
  // UART serial side
  output logic                 uart_tx_valid_o,
  output logic [7:0]           uart_tx_data_o,
  input  logic                 uart_tx_busy_i,
  input  logic                 uart_rx_valid_i,
  input  logic [7:0]           uart_rx_data_i,
  output logic                 uart_rx_ready_o,
  // finisher
  output logic                 fin_valid_o,
  output logic [15:0]          fin_code_o,
  // simulation control values
  input  logic [31:0]          simctl_ncores_i,
  input  logic [31:0]          simctl_nthreads_i,
  input  logic [31:0]          simctl_seed_i,
  input  logic [31:0]          simctl_flags_i,
  // bus observe port
  output logic                 obs_valid_o,
  output logic [2:0]           obs_cpu_o,
  output logic [2:0]           obs_cmd_o,
  output logic [31:0]          obs_line_o,
  output logic                 obs_ifetch_o,
  // retirement ports, packed per hart
  output logic [NCores-1:0]    rvfi_valid_o,
  output logic [64*NCores-1:0] rvfi_order_o,
  output logic [32*NCores-1:0] rvfi_insn_o,
  output logic [32*NCores-1:0] rvfi_pc_rdata_o,
  output logic [32*NCores-1:0] rvfi_pc_wdata_o,
  output logic [2*NCores-1:0]  rvfi_priv_o,
  output logic [NCores-1:0]    rvfi_trap_o,
  output logic [NCores-1:0]    rvfi_intr_o,
  output logic [5*NCores-1:0]  rvfi_rd_addr_o,
  output logic [32*NCores-1:0] rvfi_rd_wdata_o,
  output logic [32*NCores-1:0] rvfi_mem_addr_o,
  output logic [4*NCores-1:0]  rvfi_mem_rmask_o,
  output logic [4*NCores-1:0]  rvfi_mem_wmask_o,
  output logic [32*NCores-1:0] rvfi_mem_rdata_o,
  output logic [32*NCores-1:0] rvfi_mem_wdata_o,
  // RRUs: log stream ports (64-bit words of include/rru/rru_raw.h), the
  // register writes they accept (the trace's `x` events and the limits),
  // their retirement stalls and their parameters (RRU_REG_CFG layout)
  output logic [NCores-1:0]    rru_log_valid_o,
  output logic [64*NCores-1:0] rru_log_data_o,
  input  logic [NCores-1:0]    rru_log_ready_i,
  output logic [NCores-1:0]    rru_log_pop_o,     // the streamer pops a word
  output logic [NCores-1:0]    rru_wr_valid_o,
  output logic [7:0]           rru_wr_addr_o,
  output logic [31:0]          rru_wr_data_o,
  output logic [NCores-1:0]    rru_stall_o,
  output logic [31:0]          rru_cfg_o
);
  // core <-> memory system
  logic [NCores-1:0]    ifetch_req, ifetch_rvalid, ifetch_err, icache_flush;
  logic [32*NCores-1:0] ifetch_addr, ifetch_rdata;
  logic [NCores-1:0]    dmem_req, dmem_rvalid, dmem_err;
  logic [3*NCores-1:0]  dmem_op;
  logic [5*NCores-1:0]  dmem_amo;
  logic [32*NCores-1:0] dmem_addr, dmem_wdata, dmem_rdata;
  logic [4*NCores-1:0]  dmem_be;
  logic [NCores-1:0]    resv_valid, resv_we, resv_wvalid;
  logic [32*NCores-1:0] resv_addr, resv_waddr;
  logic [NCores-1:0]    irq_soft, irq_timer;
  // device port
  logic        dev_req, dev_we, dev_rvalid_q, dev_err_q, dev_err_d;
  logic [31:0] dev_addr, dev_wdata, dev_rdata_q, dev_rdata_d;
  logic [3:0]  dev_be;
  logic        dev_go;
  logic        sel_fin, sel_simctl, sel_clint, sel_uart;
  logic [31:0] rd_fin, rd_simctl, rd_clint, rd_uart;
  // RRUs
  logic                 sel_rru, dev_rvalid_d;
  logic [31:0]          rd_rru;
  logic [NCores-1:0]    rru_req, rru_ready, rru_mem_stall, rru_retire_stall, rru_cd_irq;
  logic [32*NCores-1:0] rru_rdata;
  logic [3:0]           ncpus;
  // the log streamer and the transmitter
  logic                 sel_stream, cpu_tx_valid;
  logic [31:0]          rd_stream;
  logic [7:0]           cpu_tx_data;
  logic [NCores-1:0]    stream_pop;

  for (genvar c = 0; c < NCores; c++) begin : g_hart
    rru_core #(
      .EnableM (EnableM)
    ) u_core (
      .clk_i            (clk_i),
      .rst_ni           (rst_ni && hart_en_i[c]),
      .hart_id_i        (32'(c)),
      .boot_addr_i      (BootAddr),
      .ifetch_req_o     (ifetch_req[c]),
      .ifetch_addr_o    (ifetch_addr[32*c +: 32]),
      .ifetch_rvalid_i  (ifetch_rvalid[c]),
      .ifetch_rdata_i   (ifetch_rdata[32*c +: 32]),
      .ifetch_err_i     (ifetch_err[c]),
      .icache_flush_o   (icache_flush[c]),
      .dmem_req_o       (dmem_req[c]),
      .dmem_op_o        (dmem_op[3*c +: 3]),
      .dmem_amo_o       (dmem_amo[5*c +: 5]),
      .dmem_addr_o      (dmem_addr[32*c +: 32]),
      .dmem_be_o        (dmem_be[4*c +: 4]),
      .dmem_wdata_o     (dmem_wdata[32*c +: 32]),
      .dmem_rvalid_i    (dmem_rvalid[c]),
      .dmem_rdata_i     (dmem_rdata[32*c +: 32]),
      .dmem_err_i       (dmem_err[c]),
      .mem_stall_i      (mem_stall_i[c] || rru_mem_stall[c]),
      .retire_stall_i   (retire_stall_i[c] || rru_retire_stall[c]),
      .irq_stall_i      (retire_stall_i[c]),
      .resv_valid_i     (resv_valid[c]),
      .resv_addr_i      (resv_addr[32*c +: 32]),
      .resv_we_o        (resv_we[c]),
      .resv_wvalid_o    (resv_wvalid[c]),
      .resv_waddr_o     (resv_waddr[32*c +: 32]),
      .irq_timer_i      (irq_timer[c]),
      .irq_soft_i       (irq_soft[c]),
      .irq_cd_i         (rru_cd_irq[c]),
      .rvfi_valid_o     (rvfi_valid_o[c]),
      .rvfi_order_o     (rvfi_order_o[64*c +: 64]),
      .rvfi_insn_o      (rvfi_insn_o[32*c +: 32]),
      .rvfi_pc_rdata_o  (rvfi_pc_rdata_o[32*c +: 32]),
      .rvfi_pc_wdata_o  (rvfi_pc_wdata_o[32*c +: 32]),
      .rvfi_priv_o      (rvfi_priv_o[2*c +: 2]),
      .rvfi_trap_o      (rvfi_trap_o[c]),
      .rvfi_intr_o      (rvfi_intr_o[c]),
      .rvfi_rd_addr_o   (rvfi_rd_addr_o[5*c +: 5]),
      .rvfi_rd_wdata_o  (rvfi_rd_wdata_o[32*c +: 32]),
      .rvfi_mem_addr_o  (rvfi_mem_addr_o[32*c +: 32]),
      .rvfi_mem_rmask_o (rvfi_mem_rmask_o[4*c +: 4]),
      .rvfi_mem_wmask_o (rvfi_mem_wmask_o[4*c +: 4]),
      .rvfi_mem_rdata_o (rvfi_mem_rdata_o[32*c +: 32]),
      .rvfi_mem_wdata_o (rvfi_mem_wdata_o[32*c +: 32])
    );
  end

  // --- RRUs: one per hart, on its retirement port and the bus observe port
  always_comb begin
    ncpus = '0;
    for (int c = 0; c < NCores; c++) ncpus = ncpus + 4'(hart_en_i[c]);
  end

  if (EnableRru) begin : g_rru
`ifdef RRU_ASSERTIONS
    // The recorder holds data-request issue while fewer than four slots are
    // free; with Z < 4 a full table would hold it for ever.
    initial assert (RruZ >= 4) else $error("rru_soc: RruZ must be >= 4 (is %0d)", RruZ);
`endif
    for (genvar c = 0; c < NCores; c++) begin : g_hart
      rru #(
        .NCpus     (NCores),
        .NHash     (RruNHash),
        .IdxW      (RruIdxW),
        .Family    (RruFamily),
        .K         (RruK),
        .Z         (RruZ),
        .LineShift ($clog2(LineBytes)),
        .LogDepth  (RruLogDepth)
      ) u_rru (
        .clk_i            (clk_i),
        .rst_ni           (rst_ni),
        .hart_id_i        (3'(c)),
        .ncpus_i          (ncpus),
        .rvfi_valid_i     (rvfi_valid_o[c]),
        .rvfi_trap_i      (rvfi_trap_o[c]),
        .rvfi_priv_i      (rvfi_priv_o[2*c +: 2]),
        .rvfi_insn_i      (rvfi_insn_o[32*c +: 32]),
        .rvfi_mem_addr_i  (rvfi_mem_addr_o[32*c +: 32]),
        .rvfi_mem_rmask_i (rvfi_mem_rmask_o[4*c +: 4]),
        .rvfi_mem_wmask_i (rvfi_mem_wmask_o[4*c +: 4]),
        .rvfi_mem_rdata_i (rvfi_mem_rdata_o[32*c +: 32]),
        .rvfi_mem_wdata_i (rvfi_mem_wdata_o[32*c +: 32]),
        .retire_stall_o   (rru_retire_stall[c]),
        // The countdown's trap request: the core's local interrupt 16.
        .cd_irq_o         (rru_cd_irq[c]),
        .mem_stall_o      (rru_mem_stall[c]),
        .obs_valid_i      (obs_valid_o),
        .obs_cpu_i        (obs_cpu_o),
        .obs_cmd_i        (obs_cmd_o),
        .obs_line_i       (obs_line_o),
        .reg_req_i        (rru_req[c]),
        .reg_we_i         (dev_we),
        .reg_addr_i       (dev_addr[7:0]),
        .reg_wdata_i      (dev_wdata),
        .reg_rdata_o      (rru_rdata[32*c +: 32]),
        .reg_ready_o      (rru_ready[c]),
        .log_valid_o      (rru_log_valid_o[c]),
        .log_data_o       (rru_log_data_o[64*c +: 64]),
        .log_ready_i      (rru_log_ready_i[c] || stream_pop[c])
      );
      assign rru_req[c] = sel_rru && (32'(dev_addr[10:8]) == c);
    end
    assign rru_cfg_o = (32'(RruNHash) << 0) | (32'(RruIdxW) << 4) | (32'(RruFamily) << 9) |
                       (32'(RruK) << 10);
  end else begin : g_no_rru
    assign rru_req          = '0;
    assign rru_ready        = '1;
    assign rru_rdata        = '0;
    assign rru_mem_stall    = '0;
    assign rru_retire_stall = '0;
    assign rru_log_valid_o  = '0;
    assign rru_log_data_o   = '0;
    assign rru_cfg_o        = '0;
    assign rru_cd_irq       = '0;
    // No RRU drains the log port without RRUs.
    logic unused_log_ready;
    assign unused_log_ready = ^rru_log_ready_i;
  end

  if (EnableRru && EnableStreamer) begin : g_stream
    rru_log_streamer #(
      .NCores   (NCores),
      .WinWords (StreamWinWords)
    ) u_stream (
      .clk_i          (clk_i),
      .rst_ni         (rst_ni),
      .log_valid_i    (rru_log_valid_o),
      .log_data_i     (rru_log_data_o),
      .log_pop_o      (stream_pop),
      .sel_i          (sel_stream),
      .we_i           (dev_we),
      .addr_i         (dev_addr[7:0]),
      .wdata_i        (dev_wdata),
      .rdata_o        (rd_stream),
      .cpu_tx_valid_i (cpu_tx_valid),
      .cpu_tx_data_i  (cpu_tx_data),
      .tx_valid_o     (uart_tx_valid_o),
      .tx_data_o      (uart_tx_data_o),
      .tx_busy_i      (uart_tx_busy_i)
    );
  end else begin : g_no_stream
    assign stream_pop      = '0;
    assign rd_stream       = '0;
    assign uart_tx_valid_o = cpu_tx_valid;
    assign uart_tx_data_o  = cpu_tx_data;
  end
  assign rru_log_pop_o = stream_pop;
  assign rru_stall_o    = rru_retire_stall;
  assign rru_wr_valid_o = rru_req & rru_ready & {NCores{dev_we}};
  assign rru_wr_addr_o  = dev_addr[7:0];
  assign rru_wr_data_o  = dev_wdata;
  always_comb begin
    rd_rru = '0;
    for (int c = 0; c < NCores; c++) if (rru_req[c]) rd_rru = rru_rdata[32*c +: 32];
  end

  rru_memsys #(
    .NCores      (NCores),
    .ICacheBytes (ICacheBytes),
    .DCacheBytes (DCacheBytes),
    .LineBytes   (LineBytes),
    .RamBase     (RamBase),
    .RamBytes    (RamBytes)
  ) u_mem (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .ifetch_req_i    (ifetch_req),
    .ifetch_addr_i   (ifetch_addr),
    .ifetch_rvalid_o (ifetch_rvalid),
    .ifetch_rdata_o  (ifetch_rdata),
    .ifetch_err_o    (ifetch_err),
    .icache_flush_i  (icache_flush),
    .dmem_req_i      (dmem_req),
    .dmem_op_i       (dmem_op),
    .dmem_amo_i      (dmem_amo),
    .dmem_addr_i     (dmem_addr),
    .dmem_be_i       (dmem_be),
    .dmem_wdata_i    (dmem_wdata),
    .dmem_rvalid_o   (dmem_rvalid),
    .dmem_rdata_o    (dmem_rdata),
    .dmem_err_o      (dmem_err),
    .resv_valid_o    (resv_valid),
    .resv_addr_o     (resv_addr),
    .resv_we_i       (resv_we),
    .resv_wvalid_i   (resv_wvalid),
    .resv_waddr_i    (resv_waddr),
    .dev_req_o       (dev_req),
    .dev_we_o        (dev_we),
    .dev_addr_o      (dev_addr),
    .dev_be_o        (dev_be),
    .dev_wdata_o     (dev_wdata),
    .dev_rvalid_i    (dev_rvalid_q),
    .dev_rdata_i     (dev_rdata_q),
    .dev_err_i       (dev_err_q),
    .lat_extra_i     (lat_extra_i),
    .obs_valid_o     (obs_valid_o),
    .obs_cpu_o       (obs_cpu_o),
    .obs_cmd_o       (obs_cmd_o),
    .obs_line_o      (obs_line_o),
    .obs_ifetch_o    (obs_ifetch_o)
  );

  // --- devices: decoded from the bus's uncached port, answered next cycle
  assign dev_go     = dev_req && !dev_rvalid_q;   // the bus holds dev_req until the answer
  assign sel_fin    = dev_go && (dev_addr[31:12] == 20'h00100);
  assign sel_simctl = dev_go && (dev_addr[31:12] == 20'h00101);
  assign sel_clint  = dev_go && (dev_addr[31:16] == 16'h0200);
  assign sel_uart   = dev_go && (dev_addr[31:12] == 20'h10000) && (dev_addr[11:3] == '0);
  assign sel_rru    = EnableRru && dev_go && (dev_addr[31:12] == 20'h03000) &&
                      (dev_addr[11] == 1'b0) && (32'(dev_addr[10:8]) < NCores);
  assign sel_stream = EnableRru && EnableStreamer && dev_go && (dev_addr[31:12] == 20'h03000) &&
                      (dev_addr[11:8] == 4'h8);
  // A command write the RRU cannot take yet (reg_ready low) is not answered:
  // the bus holds the request and it is offered again next cycle.
  assign dev_rvalid_d = dev_go && ((rru_req & ~rru_ready) == '0);

  always_comb begin
    dev_rdata_d = '0;
    dev_err_d   = 1'b0;
    if (sel_fin)         dev_rdata_d = rd_fin;
    else if (sel_simctl) dev_rdata_d = rd_simctl;
    else if (sel_clint)  dev_rdata_d = rd_clint;
    else if (sel_uart)   dev_rdata_d = rd_uart;
    else if (sel_rru)    dev_rdata_d = rd_rru;
    else if (sel_stream) dev_rdata_d = rd_stream;
    else                 dev_err_d   = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dev_rvalid_q <= 1'b0;
      dev_rdata_q  <= '0;
      dev_err_q    <= 1'b0;
    end else begin
      dev_rvalid_q <= dev_rvalid_d;
      dev_rdata_q  <= dev_rdata_d;
      dev_err_q    <= dev_err_d;
    end
  end

  rru_finisher u_fin (
    .sel_i       (sel_fin),
    .we_i        (dev_we),
    .wdata_i     (dev_wdata),
    .rdata_o     (rd_fin),
    .fin_valid_o (fin_valid_o),
    .fin_code_o  (fin_code_o)
  );

  rru_simctl u_simctl (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .sel_i      (sel_simctl),
    .we_i       (dev_we),
    .addr_i     (dev_addr[4:0]),
    .wdata_i    (dev_wdata),
    .rdata_o    (rd_simctl),
    .ncores_i   (simctl_ncores_i),
    .nthreads_i (simctl_nthreads_i),
    .seed_i     (simctl_seed_i),
    .flags_i    (simctl_flags_i)
  );

  rru_clint #(
    .NCores  (NCores),
    .TickDiv (TickDiv)
  ) u_clint (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .sel_i       (sel_clint),
    .we_i        (dev_we),
    .addr_i      (dev_addr[15:0]),
    .be_i        (dev_be),
    .wdata_i     (dev_wdata),
    .rdata_o     (rd_clint),
    .irq_soft_o  (irq_soft),
    .irq_timer_o (irq_timer)
  );

  rru_uart u_uart (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .sel_i      (sel_uart),
    .we_i       (dev_we),
    .addr_i     (dev_addr[2:0]),
    .be_i       (dev_be),
    .wdata_i    (dev_wdata),
    .rdata_o    (rd_uart),
    .tx_valid_o (cpu_tx_valid),
    .tx_data_o  (cpu_tx_data),
    .tx_busy_i  (uart_tx_busy_i),
    .rx_valid_i (uart_rx_valid_i),
    .rx_data_i  (uart_rx_data_i),
    .rx_ready_o (uart_rx_ready_o)
  );
endmodule
