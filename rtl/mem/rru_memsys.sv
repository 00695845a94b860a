// The memory system of the cluster: per core an I-cache and a D-cache, the
// atomic snoopy bus and the RAM; the device (uncached) port goes to the SoC.
// Core ports are packed per core (core c uses bits [c*W +: W]).
module rru_memsys #(
  parameter int          NCores      = 4,
  parameter int          ICacheBytes = 4096,
  parameter int          DCacheBytes = 4096,
  parameter int          LineBytes   = 16,
  parameter logic [31:0] RamBase     = 32'h8000_0000,
  parameter int          RamBytes    = 1 << 20,
  parameter int          HoldCycles  = 32,
  localparam int LineBits = LineBytes * 8,
  localparam int DLines   = DCacheBytes / LineBytes,
  localparam int DIdxW    = $clog2(DLines),
  localparam int DTagW    = 32 - $clog2(LineBytes) - DIdxW
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // instruction ports
  input  logic [NCores-1:0]     ifetch_req_i,
  input  logic [32*NCores-1:0]  ifetch_addr_i,
  output logic [NCores-1:0]     ifetch_rvalid_o,
  output logic [32*NCores-1:0]  ifetch_rdata_o,
  output logic [NCores-1:0]     ifetch_err_o,
  input  logic [NCores-1:0]     icache_flush_i,
  // data ports
  input  logic [NCores-1:0]     dmem_req_i,
  input  logic [3*NCores-1:0]   dmem_op_i,
  input  logic [5*NCores-1:0]   dmem_amo_i,
  input  logic [32*NCores-1:0]  dmem_addr_i,
  input  logic [4*NCores-1:0]   dmem_be_i,
  input  logic [32*NCores-1:0]  dmem_wdata_i,
  output logic [NCores-1:0]     dmem_rvalid_o,
  output logic [32*NCores-1:0]  dmem_rdata_o,
  output logic [NCores-1:0]     dmem_err_o,
  // reservation CSR
  output logic [NCores-1:0]     resv_valid_o,
  output logic [32*NCores-1:0]  resv_addr_o,
  input  logic [NCores-1:0]     resv_we_i,
  input  logic [NCores-1:0]     resv_wvalid_i,
  input  logic [32*NCores-1:0]  resv_waddr_i,
  // device port
  output logic                  dev_req_o,
  output logic                  dev_we_o,
  output logic [31:0]           dev_addr_o,
  output logic [3:0]            dev_be_o,
  output logic [31:0]           dev_wdata_o,
  input  logic                  dev_rvalid_i,
  input  logic [31:0]           dev_rdata_i,
  input  logic                  dev_err_i,
  // latency perturbation
  input  logic [3:0]            lat_extra_i,
  // bus observe port
  output logic                  obs_valid_o,
  output logic [2:0]            obs_cpu_o,
  output logic [2:0]            obs_cmd_o,
  output logic [31:0]           obs_line_o,
  output logic                  obs_ifetch_o
);
  localparam int NReq = 2 * NCores;

  logic [NReq-1:0]            breq, bgnt, bdone;
  logic [3*NReq-1:0]          bcmd;
  logic [32*NReq-1:0]         baddr;
  logic [4*NReq-1:0]          bbe;
  logic [LineBits*NCores-1:0] bwdata;
  logic [LineBits-1:0]        brdata;
  logic                       berr;
  logic [NCores-1:0]          snp_valid, snp_supply, hold_valid;
  logic [2:0]                 snp_cmd;
  logic [31:0]                snp_line;
  logic [LineBits*NCores-1:0] snp_data;
  logic [32*NCores-1:0]       hold_line;
  logic                       mem_en, mem_we;
  logic [31:0]                mem_line;
  logic [LineBits-1:0]        mem_wdata, mem_rdata;
  logic [DIdxW-1:0]           chk_idx;
  logic [2*NCores-1:0]        chk_state;
  logic [DTagW*NCores-1:0]    chk_tag;

  for (genvar c = 0; c < NCores; c++) begin : g_core
    rru_dcache #(
      .CacheBytes (DCacheBytes),
      .LineBytes  (LineBytes),
      .RamBase    (RamBase),
      .RamBytes   (RamBytes),
      .HoldCycles (HoldCycles)
    ) u_dcache (
      .clk_i         (clk_i),
      .rst_ni        (rst_ni),
      .dmem_req_i    (dmem_req_i[c]),
      .dmem_op_i     (dmem_op_i[3*c +: 3]),
      .dmem_amo_i    (dmem_amo_i[5*c +: 5]),
      .dmem_addr_i   (dmem_addr_i[32*c +: 32]),
      .dmem_be_i     (dmem_be_i[4*c +: 4]),
      .dmem_wdata_i  (dmem_wdata_i[32*c +: 32]),
      .dmem_rvalid_o (dmem_rvalid_o[c]),
      .dmem_rdata_o  (dmem_rdata_o[32*c +: 32]),
      .dmem_err_o    (dmem_err_o[c]),
      .resv_valid_o  (resv_valid_o[c]),
      .resv_addr_o   (resv_addr_o[32*c +: 32]),
      .resv_we_i     (resv_we_i[c]),
      .resv_wvalid_i (resv_wvalid_i[c]),
      .resv_waddr_i  (resv_waddr_i[32*c +: 32]),
      .breq_o        (breq[c]),
      .bcmd_o        (bcmd[3*c +: 3]),
      .baddr_o       (baddr[32*c +: 32]),
      .bbe_o         (bbe[4*c +: 4]),
      .bwdata_o      (bwdata[LineBits*c +: LineBits]),
      .bgnt_i        (bgnt[c]),
      .bdone_i       (bdone[c]),
      .brdata_i      (brdata),
      .berr_i        (berr),
      .hold_valid_o  (hold_valid[c]),
      .hold_line_o   (hold_line[32*c +: 32]),
      .snp_valid_i   (snp_valid[c]),
      .snp_cmd_i     (snp_cmd),
      .snp_line_i    (snp_line),
      .snp_supply_o  (snp_supply[c]),
      .snp_data_o    (snp_data[LineBits*c +: LineBits]),
      .chk_idx_i     (chk_idx),
      .chk_state_o   (chk_state[2*c +: 2]),
      .chk_tag_o     (chk_tag[DTagW*c +: DTagW])
    );

    rru_icache #(
      .CacheBytes (ICacheBytes),
      .LineBytes  (LineBytes),
      .RamBase    (RamBase),
      .RamBytes   (RamBytes)
    ) u_icache (
      .clk_i           (clk_i),
      .rst_ni          (rst_ni),
      .ifetch_req_i    (ifetch_req_i[c]),
      .ifetch_addr_i   (ifetch_addr_i[32*c +: 32]),
      .ifetch_rvalid_o (ifetch_rvalid_o[c]),
      .ifetch_rdata_o  (ifetch_rdata_o[32*c +: 32]),
      .ifetch_err_o    (ifetch_err_o[c]),
      .icache_flush_i  (icache_flush_i[c]),
      .breq_o          (breq[NCores+c]),
      .baddr_o         (baddr[32*(NCores+c) +: 32]),
      .bgnt_i          (bgnt[NCores+c]),
      .bdone_i         (bdone[NCores+c]),
      .brdata_i        (brdata)
    );
    assign bcmd[3*(NCores+c) +: 3] = rru_mem_pkg::BUS_RD;
    assign bbe[4*(NCores+c) +: 4]  = 4'hf;
  end

  rru_bus #(
    .NCores    (NCores),
    .LineBytes (LineBytes)
  ) u_bus (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .req_i        (breq),
    .cmd_i        (bcmd),
    .addr_i       (baddr),
    .be_i         (bbe),
    .wdata_i      (bwdata),
    .gnt_o        (bgnt),
    .done_o       (bdone),
    .rdata_o      (brdata),
    .err_o        (berr),
    .snp_valid_o  (snp_valid),
    .snp_cmd_o    (snp_cmd),
    .snp_line_o   (snp_line),
    .snp_supply_i (snp_supply),
    .snp_data_i   (snp_data),
    .hold_valid_i (hold_valid),
    .hold_line_i  (hold_line),
    .mem_en_o     (mem_en),
    .mem_we_o     (mem_we),
    .mem_line_o   (mem_line),
    .mem_wdata_o  (mem_wdata),
    .mem_rdata_i  (mem_rdata),
    .dev_req_o    (dev_req_o),
    .dev_we_o     (dev_we_o),
    .dev_addr_o   (dev_addr_o),
    .dev_be_o     (dev_be_o),
    .dev_wdata_o  (dev_wdata_o),
    .dev_rvalid_i (dev_rvalid_i),
    .dev_rdata_i  (dev_rdata_i),
    .dev_err_i    (dev_err_i),
    .lat_extra_i  (lat_extra_i),
    .obs_valid_o  (obs_valid_o),
    .obs_cpu_o    (obs_cpu_o),
    .obs_cmd_o    (obs_cmd_o),
    .obs_line_o   (obs_line_o),
    .obs_ifetch_o (obs_ifetch_o)
  );

  rru_ram #(
    .Bytes     (RamBytes),
    .LineBytes (LineBytes)
  ) u_ram (
    .clk_i   (clk_i),
    .en_i    (mem_en),
    .we_i    (mem_we),
    .line_i  (mem_line),
    .wdata_i (mem_wdata),
    .rdata_o (mem_rdata)
  );

  rru_swmr_check #(
    .NCores (NCores),
    .IdxW   (DIdxW),
    .TagW   (DTagW)
  ) u_swmr (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .obs_valid_i (obs_valid_o),
    .obs_line_i  (obs_line_o),
    .done_i      (bdone != '0),
    .chk_idx_o   (chk_idx),
    .chk_state_i (chk_state),
    .chk_tag_i   (chk_tag)
  );
endmodule
