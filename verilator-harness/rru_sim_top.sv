// Simulation wrapper of rru_soc for rru-sim (not synthesized). Every input
// from the harness goes through a flop, so no logic of the SoC depends
// combinationally on a top-level input: Verilator then evaluates the design
// once per clock edge instead of again for every input change, and the
// outputs of a cycle are valid right after the rising edge that starts it.
// The external retire stall is the CREW recorder's (rru_sim_crew.cpp): the
// harness holds a hart for the cycle cost of each CREW fault it takes
// (docs/design.md §9); the memory stall is tied off (the SoC's RRUs stall
// their cores inside). The RRU log streams are drained by the harness when it
// sets rru_log_ready_i (bare programs: --rru-log, --check-model); under the
// resident kernel the SoC's log streamer takes them and sends them over
// the UART (or, without it, the kernel drains them through the registers),
// as on the board; rru_log_pop_o then marks the cycles in which a word
// leaves an RRU (the word is rru_log_data_o), so the harness can tap what
// each RRU hands on (--rru-log).
module rru_sim_top #(
  parameter int NCores   = 8,
  parameter int RamBytes = 1 << 20,
  parameter bit EnableRru = 1'b1,
  // Log buffer words per RRU: the kernel drains it at its traps, so it
  // holds a time slice's worth of records on a busy hart.
  parameter int RruLogDepth = 256
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [NCores-1:0]    hart_en_i,
  input  logic [3:0]           lat_extra_i,
  output logic                 uart_tx_valid_o,
  output logic [7:0]           uart_tx_data_o,
  input  logic                 uart_tx_busy_i,
  input  logic                 uart_rx_valid_i,
  input  logic [7:0]           uart_rx_data_i,
  output logic                 uart_rx_ready_o,
  output logic                 fin_valid_o,
  output logic [15:0]          fin_code_o,
  input  logic [31:0]          simctl_ncores_i,
  input  logic [31:0]          simctl_nthreads_i,
  input  logic [31:0]          simctl_seed_i,
  input  logic [31:0]          simctl_flags_i,
  input  logic                 rru_log_ready_i,
  input  logic [NCores-1:0]    crew_stall_i,
  output logic                 obs_valid_o,
  output logic [2:0]           obs_cpu_o,
  output logic [2:0]           obs_cmd_o,
  output logic [31:0]          obs_line_o,
  output logic                 obs_ifetch_o,
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
  output logic [NCores-1:0]    rru_log_valid_o,
  output logic [64*NCores-1:0] rru_log_data_o,
  output logic [NCores-1:0]    rru_log_pop_o,
  output logic [NCores-1:0]    rru_wr_valid_o,
  output logic [7:0]           rru_wr_addr_o,
  output logic [31:0]          rru_wr_data_o,
  output logic [NCores-1:0]    rru_stall_o,
  output logic [31:0]          rru_cfg_o
);
  logic              rst_nq;
  logic [NCores-1:0] hart_en_q;
  logic [3:0]        lat_q;
  logic              tx_busy_q, rx_valid_q;
  logic [NCores-1:0] stream_pop;
  logic [7:0]        rx_data_q;
  logic [31:0]       ncores_q, nthreads_q, seed_q, flags_q;
  logic              log_ready_q;
  logic [NCores-1:0] crew_stall_q;

  always_ff @(posedge clk_i) begin
    rst_nq     <= rst_ni;
    hart_en_q  <= hart_en_i;
    lat_q      <= lat_extra_i;
    tx_busy_q  <= uart_tx_busy_i;
    rx_valid_q <= uart_rx_valid_i;
    rx_data_q  <= uart_rx_data_i;
    ncores_q   <= simctl_ncores_i;
    nthreads_q <= simctl_nthreads_i;
    seed_q     <= simctl_seed_i;
    flags_q    <= simctl_flags_i;
    log_ready_q <= rru_log_ready_i;
    crew_stall_q <= crew_stall_i;
  end

  rru_soc #(
    .NCores   (NCores),
    .RamBytes  (RamBytes),
    .EnableRru (EnableRru),
    .RruLogDepth (RruLogDepth)
  ) u_soc (
    .clk_i             (clk_i),
    .rst_ni            (rst_nq),
    .hart_en_i         (hart_en_q),
    .lat_extra_i       (lat_q),
    .mem_stall_i       ('0),
    .retire_stall_i    (crew_stall_q),
    .uart_tx_valid_o   (uart_tx_valid_o),
    .uart_tx_data_o    (uart_tx_data_o),
    .uart_tx_busy_i    (tx_busy_q),
    .uart_rx_valid_i   (rx_valid_q),
    .uart_rx_data_i    (rx_data_q),
    .uart_rx_ready_o   (uart_rx_ready_o),
    .fin_valid_o       (fin_valid_o),
    .fin_code_o        (fin_code_o),
    .simctl_ncores_i   (ncores_q),
    .simctl_nthreads_i (nthreads_q),
    .simctl_seed_i     (seed_q),
    .simctl_flags_i    (flags_q),
    .obs_valid_o       (obs_valid_o),
    .obs_cpu_o         (obs_cpu_o),
    .obs_cmd_o         (obs_cmd_o),
    .obs_line_o        (obs_line_o),
    .obs_ifetch_o      (obs_ifetch_o),
    .rvfi_valid_o      (rvfi_valid_o),
    .rvfi_order_o      (rvfi_order_o),
    .rvfi_insn_o       (rvfi_insn_o),
    .rvfi_pc_rdata_o   (rvfi_pc_rdata_o),
    .rvfi_pc_wdata_o   (rvfi_pc_wdata_o),
    .rvfi_priv_o       (rvfi_priv_o),
    .rvfi_trap_o       (rvfi_trap_o),
    .rvfi_intr_o       (rvfi_intr_o),
    .rvfi_rd_addr_o    (rvfi_rd_addr_o),
    .rvfi_rd_wdata_o   (rvfi_rd_wdata_o),
    .rvfi_mem_addr_o   (rvfi_mem_addr_o),
    .rvfi_mem_rmask_o  (rvfi_mem_rmask_o),
    .rvfi_mem_wmask_o  (rvfi_mem_wmask_o),
    .rvfi_mem_rdata_o  (rvfi_mem_rdata_o),
    .rvfi_mem_wdata_o  (rvfi_mem_wdata_o),
    .rru_log_valid_o   (rru_log_valid_o),
    .rru_log_data_o    (rru_log_data_o),
    .rru_log_ready_i   ({NCores{log_ready_q}}),
    .rru_log_pop_o     (stream_pop),
    .rru_wr_valid_o    (rru_wr_valid_o),
    .rru_wr_addr_o     (rru_wr_addr_o),
    .rru_wr_data_o     (rru_wr_data_o),
    .rru_stall_o       (rru_stall_o),
    .rru_cfg_o         (rru_cfg_o)
  );

  // A LOG_HI read pops the head of the RRU's log FIFO (rru_regs), and so
  // does the log streamer. The register pop is a hierarchical reference:
  // this wrapper is simulation only, and the board has no use for it.
  if (EnableRru) begin : g_pop
    for (genvar c = 0; c < NCores; c++) begin : g_hart
      assign rru_log_pop_o[c] = u_soc.g_rru.g_hart[c].u_rru.reg_pop || stream_pop[c];
    end
  end else begin : g_no_pop
    assign rru_log_pop_o = '0;
  end
endmodule
