// Board-independent part of every board top: rru_soc, the reset sequencer,
// the UART serialiser/deserialiser for the FTDI link, and the status signals
// the board tops put on their LEDs. Clocking (PLL) and pins are per board.
//
// Reset: rst_o is asserted while arst_ni is low (PLL not locked, or the
// reset button) and released synchronously InitCycles cycles after it rises,
// which is longer than the RAM's init sequence (fpga/ice40/rru_ram.sv) takes
// from configuration. A later button press restarts the harts only (RAM
// keeps its contents: the kernel re-initialises its .bss itself).
//
// The first finisher write (0x0010_0000) is latched: the pass/fail LEDs and
// the exit code stay until the next reset. The harts keep running (a hart
// cannot be stopped mid-access without resetting the memory system too);
// the kernel parks them after the exit.
//
// RRU hook: the bus observe port (obs_*) and the retirement ports leave
// rru_soc here; the RRUs (rtl/rru/, integrated into rru_soc later) will drive
// mem_stall_i / retire_stall_i (tied low below) and share the UART link for
// their chunk log.
module rru_fpga_board #(
  parameter int NCores      = 2,
  parameter int ICacheBytes = 256,
  parameter int DCacheBytes = 256,
  parameter int LineBytes   = 8,
  parameter int RamBytes    = 128 * 1024,
  parameter bit EnableM     = 1'b0,
  parameter int SysHz       = 24_000_000,
  parameter int Baud        = 3_000_000,
  parameter int InitCycles  = 65536,
  parameter int TickDiv     = 24,            // CLINT mtime at 1 MHz from 24 MHz
  parameter int ActBits     = 20             // activity LED pulse stretch: 2^ActBits cycles
) (
  input  logic        clk_i,
  input  logic        arst_ni,        // async: PLL locked and button released
  input  logic        uart_rx_i,
  output logic        uart_tx_o,
  // status
  output logic        running_o,      // harts out of reset, no exit yet
  output logic        heartbeat_o,    // ~1.4 Hz square wave at 24 MHz
  output logic        pass_o,         // finisher: exit 0
  output logic        fail_o,         // finisher: non-zero exit
  output logic [15:0] exit_code_o,
  output logic        tx_act_o,       // UART activity (stretched)
  output logic        rx_act_o
);
  localparam int ClkPerBit = SysHz / Baud;
  localparam int InitW     = $clog2(InitCycles + 1);

  if (ClkPerBit * Baud != SysHz) begin : g_bad_clk
    $error("rru_fpga_board: the clock must divide the baud rate evenly");
  end

  // --- reset: async assert, sync release after InitCycles ---------------------
  // power-up values as on the FPGA (all flops 0 after configuration), so
  // reset is asserted before the first clock edge in simulation too
  logic [1:0]       rsync_q = '0;
  logic [InitW-1:0] rcnt_q  = '0;
  logic             rst_nq  = 1'b0;

  always_ff @(posedge clk_i or negedge arst_ni) begin
    if (!arst_ni) begin
      rsync_q <= '0;
      rcnt_q  <= '0;
      rst_nq  <= 1'b0;
    end else begin
      rsync_q <= {rsync_q[0], 1'b1};
      if (rsync_q[1]) begin
        if (rcnt_q == InitW'(InitCycles)) rst_nq <= 1'b1;
        else                              rcnt_q <= rcnt_q + 1'b1;
      end
    end
  end

  // --- the SoC ---------------------------------------------------------------
  logic              tx_valid, tx_busy, rx_valid, rx_ready;
  logic [7:0]        tx_data, rx_data;
  logic              fin_valid;
  logic [15:0]       fin_code;
  logic              done_q, fail_q;
  logic [15:0]       code_q;
  logic [NCores-1:0] hart_en;

  // unused observation outputs (the RRUs' inputs, see the header)
  logic                 obs_valid, obs_ifetch;
  logic [2:0]           obs_cpu, obs_cmd;
  logic [31:0]          obs_line;
  logic [NCores-1:0]    rvfi_valid, rvfi_trap, rvfi_intr;
  logic [64*NCores-1:0] rvfi_order;
  logic [32*NCores-1:0] rvfi_insn, rvfi_pc_rdata, rvfi_pc_wdata, rvfi_rd_wdata;
  logic [32*NCores-1:0] rvfi_mem_addr, rvfi_mem_rdata, rvfi_mem_wdata;
  logic [2*NCores-1:0]  rvfi_priv;
  logic [5*NCores-1:0]  rvfi_rd_addr;
  logic [4*NCores-1:0]  rvfi_mem_rmask, rvfi_mem_wmask;

  assign hart_en = '1;

  rru_soc #(
    .NCores      (NCores),
    .ICacheBytes (ICacheBytes),
    .DCacheBytes (DCacheBytes),
    .LineBytes   (LineBytes),
    .RamBytes    (RamBytes),
    .EnableM     (EnableM),
    .TickDiv     (TickDiv),
    // RRUs off on the boards for now: neither iCE40 fits the cluster alone
    // (fpga/README.md); the log path to the UART link is the next step.
    .EnableRru   (1'b0)
  ) u_soc (
    .clk_i             (clk_i),
    .rst_ni            (rst_nq),
    .hart_en_i         (hart_en),
    .lat_extra_i       (4'd0),
    .mem_stall_i       ('0),
    .retire_stall_i    ('0),
    .uart_tx_valid_o   (tx_valid),
    .uart_tx_data_o    (tx_data),
    .uart_tx_busy_i    (tx_busy),
    .uart_rx_valid_i   (rx_valid),
    .uart_rx_data_i    (rx_data),
    .uart_rx_ready_o   (rx_ready),
    .fin_valid_o       (fin_valid),
    .fin_code_o        (fin_code),
    .simctl_ncores_i   (32'(NCores)),
    .simctl_nthreads_i (32'd0),
    .simctl_seed_i     (32'd0),
    .simctl_flags_i    (32'd1),          // bit 0: the resident kernel is loaded
    .obs_valid_o       (obs_valid),
    .obs_cpu_o         (obs_cpu),
    .obs_cmd_o         (obs_cmd),
    .obs_line_o        (obs_line),
    .obs_ifetch_o      (obs_ifetch),
    .rvfi_valid_o      (rvfi_valid),
    .rvfi_order_o      (rvfi_order),
    .rvfi_insn_o       (rvfi_insn),
    .rvfi_pc_rdata_o   (rvfi_pc_rdata),
    .rvfi_pc_wdata_o   (rvfi_pc_wdata),
    .rvfi_priv_o       (rvfi_priv),
    .rvfi_trap_o       (rvfi_trap),
    .rvfi_intr_o       (rvfi_intr),
    .rvfi_rd_addr_o    (rvfi_rd_addr),
    .rvfi_rd_wdata_o   (rvfi_rd_wdata),
    .rvfi_mem_addr_o   (rvfi_mem_addr),
    .rvfi_mem_rmask_o  (rvfi_mem_rmask),
    .rvfi_mem_wmask_o  (rvfi_mem_wmask),
    .rvfi_mem_rdata_o  (rvfi_mem_rdata),
    .rvfi_mem_wdata_o  (rvfi_mem_wdata),
    .rru_log_valid_o   (rru_log_valid),
    .rru_log_data_o    (rru_log_data),
    .rru_log_ready_i   ({NCores{1'b1}}),
    .rru_log_pop_o     (rru_log_pop),
    .rru_wr_valid_o    (rru_wr_valid),
    .rru_wr_addr_o     (rru_wr_addr),
    .rru_wr_data_o     (rru_wr_data),
    .rru_stall_o       (rru_stall),
    .rru_cfg_o         (rru_cfg)
  );

  // RRU ports of the SoC (unused while EnableRru is off)
  logic [NCores-1:0]    rru_log_valid, rru_log_pop, rru_wr_valid, rru_stall;
  logic [64*NCores-1:0] rru_log_data;
  logic [7:0]           rru_wr_addr;
  logic [31:0]          rru_wr_data, rru_cfg;
  logic unused_rru;
  assign unused_rru = ^{rru_log_valid, rru_log_pop, rru_log_data, rru_wr_valid, rru_wr_addr, rru_wr_data,
                        rru_stall, rru_cfg};

  logic unused_obs;
  assign unused_obs = ^{obs_valid, obs_ifetch, obs_cpu, obs_cmd, obs_line, rvfi_valid,
                        rvfi_trap, rvfi_intr, rvfi_order, rvfi_insn, rvfi_pc_rdata,
                        rvfi_pc_wdata, rvfi_rd_wdata, rvfi_mem_addr, rvfi_mem_rdata,
                        rvfi_mem_wdata, rvfi_priv, rvfi_rd_addr, rvfi_mem_rmask,
                        rvfi_mem_wmask, rx_ready};

  rru_fpga_uart_tx #(
    .ClkPerBit (ClkPerBit)
  ) u_tx (
    .clk_i   (clk_i),
    .rst_ni  (rst_nq),
    .valid_i (tx_valid),
    .data_i  (tx_data),
    .busy_o  (tx_busy),
    .tx_o    (uart_tx_o)
  );

  rru_fpga_uart_rx #(
    .ClkPerBit (ClkPerBit)
  ) u_rx (
    .clk_i   (clk_i),
    .rst_ni  (rst_nq),
    .rx_i    (uart_rx_i),
    .valid_o (rx_valid),
    .data_o  (rx_data)
  );

  // --- status ------------------------------------------------------------------
  logic [23:0]        beat_q;
  logic [ActBits-1:0] txa_q, rxa_q;

  always_ff @(posedge clk_i or negedge rst_nq) begin
    if (!rst_nq) begin
      done_q <= 1'b0;
      fail_q <= 1'b0;
      code_q <= '0;
      beat_q <= '0;
      txa_q  <= '0;
      rxa_q  <= '0;
    end else begin
      beat_q <= beat_q + 1'b1;
      if (fin_valid && !done_q) begin
        done_q <= 1'b1;
        fail_q <= (fin_code != 16'd0);
        code_q <= fin_code;
      end
      if (tx_valid)          txa_q <= '1;
      else if (txa_q != '0)  txa_q <= txa_q - 1'b1;
      if (rx_valid)          rxa_q <= '1;
      else if (rxa_q != '0)  rxa_q <= rxa_q - 1'b1;
    end
  end

  assign running_o   = rst_nq && !done_q;
  assign heartbeat_o = beat_q[23];
  assign pass_o      = done_q && !fail_q;
  assign fail_o      = done_q && fail_q;
  assign exit_code_o = code_q;
  assign tx_act_o    = (txa_q != '0);
  assign rx_act_o    = (rxa_q != '0);
endmodule
