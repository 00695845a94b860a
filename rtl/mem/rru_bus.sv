// The shared snoopy bus: atomic (one transaction at a time, start to end),
// round-robin arbitration over all L1 caches (D-cache c is requester c, the
// I-cache of core c is requester NCores+c). A transaction's snoop cycle is its
// grant cycle: the snoopers change state in it and the observe port reports
// it then, exactly once. A D-cache holding the line in M supplies it the next
// cycle, and the bus writes it to RAM in the same transaction (no separate
// WB). Data is handed to the requester no earlier than the cycle after the
// snoop, plus lat_extra_i cycles (sampled at the grant: the harness drives it
// from a seeded LFSR to vary interleavings, or holds it at 0).
//
// A requester whose line is held by another core's LR hold-off is not granted
// until the hold ends (bounded by the D-cache's HoldCycles).
module rru_bus #(
  parameter int NCores    = 4,
  parameter int LineBytes = 16,
  localparam int NReq     = 2 * NCores,
  localparam int ReqW     = $clog2(NReq),
  localparam int CoreW    = (NCores > 1) ? $clog2(NCores) : 1,
  localparam int LineBits = LineBytes * 8,
  localparam int OffW     = $clog2(LineBytes)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // requests from the caches
  input  logic [NReq-1:0]            req_i,
  input  logic [3*NReq-1:0]          cmd_i,
  input  logic [32*NReq-1:0]         addr_i,
  input  logic [4*NReq-1:0]          be_i,
  input  logic [LineBits*NCores-1:0] wdata_i,   // from the D-caches
  output logic [NReq-1:0]            gnt_o,
  output logic [NReq-1:0]            done_o,
  output logic [LineBits-1:0]        rdata_o,
  output logic                       err_o,
  // snoop broadcast to the D-caches
  output logic [NCores-1:0]          snp_valid_o,
  output logic [2:0]                 snp_cmd_o,
  output logic [31:0]                snp_line_o,
  input  logic [NCores-1:0]          snp_supply_i,
  input  logic [LineBits*NCores-1:0] snp_data_i,
  input  logic [NCores-1:0]          hold_valid_i,
  input  logic [32*NCores-1:0]       hold_line_i,
  // RAM (synchronous read, one cycle)
  output logic                       mem_en_o,
  output logic                       mem_we_o,
  output logic [31:0]                mem_line_o,
  output logic [LineBits-1:0]        mem_wdata_o,
  input  logic [LineBits-1:0]        mem_rdata_i,
  // devices (uncached)
  output logic                       dev_req_o,
  output logic                       dev_we_o,
  output logic [31:0]                dev_addr_o,
  output logic [3:0]                 dev_be_o,
  output logic [31:0]                dev_wdata_o,
  input  logic                       dev_rvalid_i,
  input  logic [31:0]                dev_rdata_i,
  input  logic                       dev_err_i,
  // latency perturbation
  input  logic [3:0]                 lat_extra_i,
  // observe port
  output logic                       obs_valid_o,
  output logic [2:0]                 obs_cpu_o,
  output logic [2:0]                 obs_cmd_o,
  output logic [31:0]                obs_line_o,
  output logic                       obs_ifetch_o   // statistics: an I-cache fill
);
  typedef enum logic [1:0] {StIdle, StData, StDev, StWait} state_e;

  state_e              st_q, st_d;
  logic [ReqW-1:0]     src_q, src_d;
  logic [2:0]          cmd_q, cmd_d;
  logic [31:0]         addr_q, addr_d;
  logic [3:0]          cnt_q, cnt_d;
  logic [LineBits-1:0] line_q, line_d;
  logic                err_q, err_d;

  logic [NReq-1:0]     eligible, arb_gnt;
  logic [ReqW-1:0]     gidx;
  logic [ReqW-1:0]     gcore, src_core;   // requester index -> its core
  logic                gvalid, grant, supply;
  logic [2:0]          gcmd;
  logic [31:0]         gaddr;
  logic [LineBits-1:0] supply_data, data_now;
  logic                r_coh;
  logic [31:0]         r_line;
  integer              r, c, s;

  // Requests blocked by another core's LR hold-off on the same line.
  // (The scan only runs while someone holds a line: cheaper in simulation.)
  always_comb begin
    eligible = (st_q == StIdle) ? req_i : '0;
    r_coh    = 1'b0;
    r_line   = '0;
    r        = 0;
    c        = 0;
    if (st_q == StIdle && hold_valid_i != '0) begin
      for (r = 0; r < NReq; r++) begin
        r_coh  = (cmd_i[3*r +: 3] == rru_mem_pkg::BUS_RD) || (cmd_i[3*r +: 3] == rru_mem_pkg::BUS_RDX)
              || (cmd_i[3*r +: 3] == rru_mem_pkg::BUS_UPGR);
        r_line = {{OffW{1'b0}}, addr_i[32*r+OffW +: 32-OffW]};
        for (c = 0; c < NCores; c++) begin
          if (r_coh && hold_valid_i[c] && (r % NCores) != c && hold_line_i[32*c +: 32] == r_line)
            eligible[r] = 1'b0;
        end
      end
    end
  end

  rru_rr_arbiter #(.N(NReq)) u_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_i       (eligible),
    .advance_i   (1'b1),
    .gnt_o       (arb_gnt),
    .gnt_idx_o   (gidx),
    .gnt_valid_o (gvalid)
  );

  assign grant    = gvalid;
  assign gcore    = (gidx >= ReqW'(NCores)) ? gidx - ReqW'(NCores) : gidx;
  assign src_core = (src_q >= ReqW'(NCores)) ? src_q - ReqW'(NCores) : src_q;
  assign gcmd  = cmd_i[3*gidx +: 3];
  assign gaddr = addr_i[32*gidx +: 32];

  always_comb begin
    supply_data = '0;
    s           = 0;
    if (snp_supply_i != '0) begin
      for (s = 0; s < NCores; s++) begin
        if (snp_supply_i[s]) supply_data = supply_data | snp_data_i[LineBits*s +: LineBits];
      end
    end
  end
  assign supply   = snp_supply_i != '0;
  assign data_now = supply ? supply_data : mem_rdata_i;

  always_comb begin
    st_d        = st_q;
    src_d       = src_q;
    cmd_d       = cmd_q;
    addr_d      = addr_q;
    cnt_d       = cnt_q;
    line_d      = line_q;
    err_d       = err_q;
    gnt_o       = '0;
    done_o      = '0;
    rdata_o     = line_q;
    err_o       = 1'b0;
    mem_en_o    = 1'b0;
    mem_we_o    = 1'b0;
    mem_line_o  = {{OffW{1'b0}}, addr_q[31:OffW]};
    mem_wdata_o = data_now;
    dev_req_o   = 1'b0;
    dev_we_o    = (cmd_q == rru_mem_pkg::BUS_UNCWR);
    dev_addr_o  = addr_q;
    dev_be_o    = be_i[4*src_q +: 4];
    dev_wdata_o = wdata_i[LineBits*src_core +: 32];
    unique case (st_q)
      StIdle: if (grant) begin
        gnt_o  = arb_gnt;
        src_d  = gidx;
        cmd_d  = gcmd;
        addr_d = gaddr;
        cnt_d  = lat_extra_i;
        err_d  = 1'b0;
        mem_line_o = {{OffW{1'b0}}, gaddr[31:OffW]};
        if (gcmd == rru_mem_pkg::BUS_UNCRD || gcmd == rru_mem_pkg::BUS_UNCWR) begin
          st_d = StDev;
        end else begin
          st_d     = StData;
          mem_en_o = (gcmd != rru_mem_pkg::BUS_UPGR);
          mem_we_o = (gcmd == rru_mem_pkg::BUS_WB);
          mem_wdata_o = wdata_i[LineBits*gcore +: LineBits];
        end
      end
      StData: begin
        // an M owner's line is written back to RAM inside this transaction
        mem_en_o = supply;
        mem_we_o = supply;
        if (cnt_q == '0) begin
          done_o[src_q] = 1'b1;
          rdata_o       = data_now;
          st_d          = StIdle;
        end else begin
          line_d = data_now;
          cnt_d  = cnt_q - 1'b1;
          st_d   = StWait;
        end
      end
      StDev: begin
        dev_req_o = 1'b1;
        if (dev_rvalid_i) begin
          line_d = {{(LineBits-32){1'b0}}, dev_rdata_i};
          err_d  = dev_err_i;
          st_d   = StWait;
        end
      end
      StWait: begin
        err_o = err_q;
        if (cnt_q == '0) begin
          done_o[src_q] = 1'b1;
          st_d          = StIdle;
        end else begin
          cnt_d = cnt_q - 1'b1;
        end
      end
      default: st_d = StIdle;
    endcase
  end

  assign obs_valid_o  = (st_q == StIdle) && grant;
  assign obs_cpu_o    = 3'(gcore);
  assign obs_cmd_o    = gcmd;
  assign obs_line_o   = {{OffW{1'b0}}, gaddr[31:OffW]};
  assign obs_ifetch_o = gidx >= ReqW'(NCores);
  assign snp_cmd_o    = gcmd;
  assign snp_line_o   = obs_line_o;
  always_comb begin
    snp_valid_o = '0;
    if (obs_valid_o && (gcmd == rru_mem_pkg::BUS_RD || gcmd == rru_mem_pkg::BUS_RDX
                        || gcmd == rru_mem_pkg::BUS_UPGR)) begin
      snp_valid_o = '1;
      if (gidx < ReqW'(NCores)) snp_valid_o[gcore[CoreW-1:0]] = 1'b0;   // not the requester
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q   <= StIdle;
      src_q  <= '0;
      cmd_q  <= rru_mem_pkg::BUS_RD;
      addr_q <= '0;
      cnt_q  <= '0;
      line_q <= '0;
      err_q  <= 1'b0;
    end else begin
      st_q   <= st_d;
      src_q  <= src_d;
      cmd_q  <= cmd_d;
      addr_q <= addr_d;
      cnt_q  <= cnt_d;
      line_q <= line_d;
      err_q  <= err_d;
    end
  end

`ifdef RRU_ASSERTIONS
  always_ff @(posedge clk_i or negedge rst_ni) if (rst_ni) begin
    // At most one M owner answers a snoop.
    assert ((snp_supply_i & (snp_supply_i - 1'b1)) == '0);
    // Only a read (BusRd/BusRdX) is answered by an owner, in its data cycle.
    if (supply) assert (st_q == StData && (cmd_q == rru_mem_pkg::BUS_RD || cmd_q == rru_mem_pkg::BUS_RDX));
    // A BusUpgr requester holds S, so nobody holds the line in M.
    if (supply) assert (cmd_q != rru_mem_pkg::BUS_UPGR);
    // Devices answer only when asked.
    if (dev_rvalid_i) assert (st_q == StDev);
  end
`endif
endmodule
