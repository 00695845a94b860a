// L1 data cache: direct-mapped, write-back, MSI, on the atomic snoopy bus
// (rru_bus). Loads hit in S or M; stores, AMOs, LR and SC need the line in M
// (BusUpgr from S, BusRdX otherwise, after writing back a dirty victim). AMOs
// and LR/SC are performed here, in the cycle the response is given, on the
// line held in M; an SC always takes the line exclusively, even when it fails.
//
// Timing: a request seen in StIdle reads the data array (synchronous read);
// the next cycle (StLookup) compares the tag and answers a hit. A miss answers
// in the cycle the bus completes the transaction (bdone_i), performing the
// access on the incoming line, so no snoop can fall between the fill and the
// access. A lookup whose index is snooped in the same cycle is retried, so the
// local access orders after the bus transaction.
//
// Reservation (LR/SC): set by LR; cleared by a remote BusRdX/BusUpgr to the
// line (matched by address, whether the line is cached or not), by this
// core's SC, or by a write of the reservation CSR (resv_we_i). After an LR,
// hold_valid_o asks the bus to hold off other requesters' transactions to the
// reserved line for at most HoldCycles cycles (so two LR/SC loops cannot
// livelock each other).
module rru_dcache #(
  parameter int          CacheBytes = 4096,
  parameter int          LineBytes  = 16,
  parameter logic [31:0] RamBase    = 32'h8000_0000,
  parameter int          RamBytes   = 1 << 20,
  parameter int          HoldCycles = 32,
  localparam int LineBits = LineBytes * 8,
  localparam int Lines    = CacheBytes / LineBytes,
  localparam int OffW     = $clog2(LineBytes),
  localparam int IdxW     = $clog2(Lines),
  localparam int TagW     = 32 - OffW - IdxW
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // core data port
  input  logic                dmem_req_i,
  input  logic [2:0]          dmem_op_i,
  input  logic [4:0]          dmem_amo_i,
  input  logic [31:0]         dmem_addr_i,
  input  logic [3:0]          dmem_be_i,
  input  logic [31:0]         dmem_wdata_i,
  output logic                dmem_rvalid_o,
  output logic [31:0]         dmem_rdata_o,
  output logic                dmem_err_o,
  // reservation CSR
  output logic                resv_valid_o,
  output logic [31:0]         resv_addr_o,
  input  logic                resv_we_i,
  input  logic                resv_wvalid_i,
  input  logic [31:0]         resv_waddr_i,
  // bus request port
  output logic                breq_o,
  output logic [2:0]          bcmd_o,
  output logic [31:0]         baddr_o,     // line address in bytes; exact for Unc
  output logic [3:0]          bbe_o,
  output logic [LineBits-1:0] bwdata_o,    // line for WB, word [31:0] for UncWr
  input  logic                bgnt_i,      // this request's snoop cycle
  input  logic                bdone_i,     // completion (data valid)
  input  logic [LineBits-1:0] brdata_i,
  input  logic                berr_i,
  // LR hold-off request to the bus
  output logic                hold_valid_o,
  output logic [31:0]         hold_line_o,
  // snoop port (another requester's transaction, in its snoop cycle)
  input  logic                snp_valid_i,
  input  logic [2:0]          snp_cmd_i,
  input  logic [31:0]         snp_line_i,
  output logic                snp_supply_o,  // cycle after the snoop: M data
  output logic [LineBits-1:0] snp_data_o,
  // invariant checker read port (combinational)
  input  logic [IdxW-1:0]     chk_idx_i,
  output logic [1:0]          chk_state_o,
  output logic [TagW-1:0]     chk_tag_o
);
  typedef enum logic [2:0] {
    StIdle, StLookup, StWbReq, StWbWait, StMissReq, StMissWait, StUncReq, StUncWait
  } state_e;

  state_e                st_q, st_d;
  logic [2*Lines-1:0]    lstate_q;                 // MSI state per line
  logic [TagW-1:0]       tag_q [Lines];
  logic [LineBits-1:0]   data_q [Lines];
  logic [LineBits-1:0]   rd_line_q;                // data port 1 (core side)
  logic [LineBits-1:0]   snp_data_q;               // data port 2 (snoop side)
  logic                  snp_supply_q, snp_supply_d;
  logic [2:0]            cmd_q, cmd_d;
  logic                  resv_valid_q, resv_valid_d;
  logic [29:0]           resv_word_q, resv_word_d;
  logic [$clog2(HoldCycles+1)-1:0] hold_q, hold_d;

  // the request, registered in StIdle
  logic [2:0]          op_q;
  logic [4:0]          amo_q;
  logic [31:0]         addr_q, wdata_q;
  logic [3:0]          be_q;
  logic [IdxW-1:0]     rd_idx;
  // request decode
  logic [IdxW-1:0]     req_idx;
  logic [TagW-1:0]     req_tag;
  logic [OffW-3:0]     req_woff;
  logic                req_ram;
  logic                req_load, req_simple;
  logic [1:0]          cur_st;
  logic                tag_eq, hit_rd, hit_wr, need_wb, victim_m, snp_conflict;
  // snoop decode
  logic [IdxW-1:0]     snp_idx;
  logic [TagW-1:0]     snp_tag;
  logic [1:0]          snp_st;
  logic                snp_hit;
  // access execution
  logic                perform;
  logic [LineBits-1:0] op_line, new_line;
  logic [31:0]         old_word, new_word, amo_word, be_mask;
  logic                sc_ok, line_we, tag_we;
  logic [1:0]          fill_st;

  assign rd_idx   = (st_q == StIdle) ? dmem_addr_i[OffW +: IdxW] : addr_q[OffW +: IdxW];
  assign req_idx  = addr_q[OffW +: IdxW];
  assign req_tag  = addr_q[31 -: TagW];
  assign req_woff = addr_q[OffW-1:2];
  assign req_ram  = (addr_q - RamBase) < 32'(RamBytes);
  assign req_load = (op_q == rru_mem_pkg::OP_LOAD);
  assign req_simple = req_load || (op_q == rru_mem_pkg::OP_STORE);
  assign cur_st   = lstate_q[2*req_idx +: 2];
  assign tag_eq   = (tag_q[req_idx] == req_tag);
  assign hit_rd   = tag_eq && (cur_st != rru_mem_pkg::ST_I);
  assign hit_wr   = tag_eq && (cur_st == rru_mem_pkg::ST_M);
  assign victim_m = (cur_st == rru_mem_pkg::ST_M) && !tag_eq;
  assign need_wb  = victim_m;

  assign snp_idx  = snp_line_i[IdxW-1:0];
  assign snp_tag  = snp_line_i[IdxW +: TagW];
  assign snp_st   = lstate_q[2*snp_idx +: 2];
  assign snp_hit  = snp_valid_i && (tag_q[snp_idx] == snp_tag) && (snp_st != rru_mem_pkg::ST_I);
  assign snp_conflict = snp_hit && (snp_idx == req_idx) && (snp_tag == req_tag);

  // --- the access itself, on the line it finds (lookup hit or incoming fill)
  // (Computed only in the states that answer: cheaper in simulation.)
  always_comb begin
    op_line  = rd_line_q;
    old_word = '0;
    be_mask  = '0;
    amo_word = '0;
    sc_ok    = 1'b0;
    new_word = '0;
    new_line = rd_line_q;
    if (st_q == StLookup || st_q == StMissWait) begin
      if (st_q == StMissWait && cmd_q != rru_mem_pkg::BUS_UPGR) op_line = brdata_i;
      old_word = op_line[{req_woff, 5'b0} +: 32];
      be_mask  = {{8{be_q[3]}}, {8{be_q[2]}}, {8{be_q[1]}}, {8{be_q[0]}}};
      unique case (amo_q)
        rru_mem_pkg::AMO_ADD:  amo_word = old_word + wdata_q;
        rru_mem_pkg::AMO_SWAP: amo_word = wdata_q;
        rru_mem_pkg::AMO_XOR:  amo_word = old_word ^ wdata_q;
        rru_mem_pkg::AMO_OR:   amo_word = old_word | wdata_q;
        rru_mem_pkg::AMO_AND:  amo_word = old_word & wdata_q;
        rru_mem_pkg::AMO_MIN:  amo_word = ($signed(old_word) < $signed(wdata_q)) ? old_word : wdata_q;
        rru_mem_pkg::AMO_MAX:  amo_word = ($signed(old_word) < $signed(wdata_q)) ? wdata_q : old_word;
        rru_mem_pkg::AMO_MINU: amo_word = (old_word < wdata_q) ? old_word : wdata_q;
        rru_mem_pkg::AMO_MAXU: amo_word = (old_word < wdata_q) ? wdata_q : old_word;
        default:               amo_word = old_word;
      endcase
      sc_ok = resv_valid_q && (resv_word_q == addr_q[31:2]);
      new_word = old_word;
      unique case (op_q)
        rru_mem_pkg::OP_STORE: new_word = (old_word & ~be_mask) | (wdata_q & be_mask);
        rru_mem_pkg::OP_AMO:   new_word = amo_word;
        rru_mem_pkg::OP_SC:    new_word = sc_ok ? wdata_q : old_word;
        default:               new_word = old_word;
      endcase
      new_line = op_line;
      new_line[{req_woff, 5'b0} +: 32] = new_word;
    end
  end

  // --- bus request (independent of the grant)
  always_comb begin
    breq_o   = 1'b0;
    bcmd_o   = rru_mem_pkg::BUS_RD;
    baddr_o  = {addr_q[31:OffW], {OffW{1'b0}}};
    bbe_o    = be_q;
    bwdata_o = rd_line_q;
    unique case (st_q)
      StWbReq: begin
        baddr_o = {tag_q[req_idx], req_idx, {OffW{1'b0}}};
        bcmd_o  = rru_mem_pkg::BUS_WB;
        breq_o  = victim_m;
      end
      StMissReq: begin
        breq_o = 1'b1;
        if (req_load)                                     bcmd_o = rru_mem_pkg::BUS_RD;
        else if (tag_eq && cur_st == rru_mem_pkg::ST_S)  bcmd_o = rru_mem_pkg::BUS_UPGR;
        else                                              bcmd_o = rru_mem_pkg::BUS_RDX;
      end
      StUncReq: begin
        breq_o   = 1'b1;
        bcmd_o   = req_load ? rru_mem_pkg::BUS_UNCRD : rru_mem_pkg::BUS_UNCWR;
        baddr_o  = addr_q;
        bwdata_o = {{(LineBits-32){1'b0}}, wdata_q};
      end
      StUncWait: bwdata_o = {{(LineBits-32){1'b0}}, wdata_q};   // the bus reads it now
      default: ;
    endcase
  end

  // --- controller
  always_comb begin
    st_d          = st_q;
    cmd_d         = cmd_q;
    dmem_rvalid_o = 1'b0;
    dmem_err_o    = 1'b0;
    dmem_rdata_o  = old_word;
    perform       = 1'b0;
    line_we       = 1'b0;
    tag_we        = 1'b0;
    fill_st       = rru_mem_pkg::ST_M;
    unique case (st_q)
      StIdle: if (dmem_req_i) st_d = StLookup;
      StLookup: begin
        if (snp_conflict) begin
          st_d = StIdle;                       // retry after the snoop
        end else if (!req_ram) begin
          if (req_simple) st_d = StUncReq;
          else begin                           // atomics to devices: fault
            dmem_rvalid_o = 1'b1;
            dmem_err_o    = 1'b1;
            st_d          = StIdle;
          end
        end else if (req_load ? hit_rd : hit_wr) begin
          perform = 1'b1;
          st_d    = StIdle;
        end else if (need_wb) begin
          st_d = StWbReq;
        end else begin
          st_d = StMissReq;
        end
      end
      StWbReq: begin
        if (!victim_m) st_d = StMissReq;        // snooped away meanwhile
        else if (bgnt_i) st_d = StWbWait;
      end
      StWbWait: if (bdone_i) st_d = StMissReq;
      StMissReq: begin
        if (bgnt_i) begin
          cmd_d = bcmd_o;
          st_d  = StMissWait;
        end
      end
      StMissWait: if (bdone_i) begin
        perform = 1'b1;
        line_we = 1'b1;
        tag_we  = 1'b1;
        fill_st = req_load ? rru_mem_pkg::ST_S : rru_mem_pkg::ST_M;
        st_d    = StIdle;
      end
      StUncReq: if (bgnt_i) st_d = StUncWait;
      StUncWait: if (bdone_i) begin
        dmem_rvalid_o = 1'b1;
        dmem_err_o    = berr_i;
        dmem_rdata_o  = brdata_i[31:0];
        st_d          = StIdle;
      end
      default: st_d = StIdle;
    endcase
    if (perform) begin
      dmem_rvalid_o = 1'b1;
      if (!req_load) line_we = 1'b1;
      if (op_q == rru_mem_pkg::OP_SC) dmem_rdata_o = {31'b0, !sc_ok};
    end
  end

  // --- line states: a snoop changes the snooped line, this cache's own
  // transaction its request's line (never the same line in one cycle: the
  // bus serves one transaction at a time). Written per entry, like a memory,
  // rather than as a whole next-state vector.
  logic       snp_st_we, loc_st_we;
  logic [1:0] snp_st_new, loc_st_new;
  always_comb begin
    snp_st_we    = 1'b0;
    snp_st_new   = rru_mem_pkg::ST_I;
    snp_supply_d = 1'b0;
    if (snp_hit) begin
      if (snp_cmd_i == rru_mem_pkg::BUS_RD) begin
        if (snp_st == rru_mem_pkg::ST_M) begin
          snp_st_we    = 1'b1;
          snp_st_new   = rru_mem_pkg::ST_S;
          snp_supply_d = 1'b1;
        end
      end else if (snp_cmd_i == rru_mem_pkg::BUS_RDX || snp_cmd_i == rru_mem_pkg::BUS_UPGR) begin
        snp_st_we    = 1'b1;
        snp_supply_d = (snp_st == rru_mem_pkg::ST_M);
      end
    end
    loc_st_we  = 1'b0;
    loc_st_new = fill_st;
    if (st_q == StWbReq && bgnt_i) begin
      loc_st_we  = 1'b1;
      loc_st_new = rru_mem_pkg::ST_I;
    end
    if (tag_we) loc_st_we = 1'b1;
  end

  // --- reservation and LR hold-off
  always_comb begin
    resv_valid_d = resv_valid_q;
    resv_word_d  = resv_word_q;
    hold_d       = (hold_q != '0) ? hold_q - 1'b1 : hold_q;
    if (snp_valid_i && (snp_cmd_i == rru_mem_pkg::BUS_RDX || snp_cmd_i == rru_mem_pkg::BUS_UPGR)
        && snp_line_i[31-OffW:0] == resv_word_q[29:OffW-2]) begin
      resv_valid_d = 1'b0;
    end
    if (perform && op_q == rru_mem_pkg::OP_LR) begin
      resv_valid_d = 1'b1;
      resv_word_d  = addr_q[31:2];
      hold_d       = ($clog2(HoldCycles+1))'(HoldCycles);
    end
    if (perform && op_q == rru_mem_pkg::OP_SC) resv_valid_d = 1'b0;
    if (resv_we_i) begin
      resv_valid_d = resv_wvalid_i;
      resv_word_d  = resv_waddr_i[31:2];
    end
    if (!resv_valid_d) hold_d = '0;
  end

  assign resv_valid_o = resv_valid_q;
  assign resv_addr_o  = {resv_word_q, 2'b00};
  assign hold_valid_o = resv_valid_q && (hold_q != '0);
  assign hold_line_o  = {{OffW{1'b0}}, resv_word_q[29:OffW-2]};
  assign snp_supply_o = snp_supply_q;
  assign snp_data_o   = snp_data_q;
  assign chk_state_o  = lstate_q[2*chk_idx_i +: 2];
  assign chk_tag_o    = tag_q[chk_idx_i];

  // Bits the design does not need: the reservation is word-granular and a
  // snooped line address never reaches above RAM's tag bits.
  logic unused_bits;
  assign unused_bits = ^{resv_waddr_i[1:0], snp_line_i[31:32-OffW]};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q         <= StIdle;
      lstate_q     <= '0;
      cmd_q        <= rru_mem_pkg::BUS_RD;
      snp_supply_q <= 1'b0;
      resv_valid_q <= 1'b0;
      resv_word_q  <= '0;
      hold_q       <= '0;
      op_q         <= rru_mem_pkg::OP_LOAD;
      amo_q        <= '0;
      addr_q       <= '0;
      wdata_q      <= '0;
      be_q         <= '0;
    end else begin
      if (st_q == StIdle) begin
        op_q    <= dmem_op_i;
        amo_q   <= dmem_amo_i;
        addr_q  <= dmem_addr_i;
        wdata_q <= dmem_wdata_i;
        be_q    <= dmem_be_i;
      end
      st_q         <= st_d;
      if (snp_st_we) lstate_q[2*snp_idx +: 2] <= snp_st_new;
      if (loc_st_we) lstate_q[2*req_idx +: 2] <= loc_st_new;
      cmd_q        <= cmd_d;
      snp_supply_q <= snp_supply_d;
      resv_valid_q <= resv_valid_d;
      resv_word_q  <= resv_word_d;
      hold_q       <= hold_d;
    end
  end

  // Arrays: one write port, two synchronous read ports (core, snoop).
  always_ff @(posedge clk_i) begin
    if (line_we) data_q[req_idx] <= new_line;
    rd_line_q  <= data_q[rd_idx];
    snp_data_q <= data_q[snp_idx];
  end
  always_ff @(posedge clk_i) begin
    if (tag_we) tag_q[req_idx] <= req_tag;
  end

`ifdef RRU_ASSERTIONS
  always_ff @(posedge clk_i or negedge rst_ni) if (rst_ni) begin
    // The core holds its request stable while it is outstanding.
    if (st_q != StIdle) assert (dmem_req_i && dmem_addr_i == addr_q && dmem_op_i == op_q);
    // A granted request is one this cache made.
    if (bgnt_i) assert (breq_o);
    // A write-back only leaves for a dirty victim.
    if (bgnt_i && bcmd_o == rru_mem_pkg::BUS_WB) assert (victim_m);
  end
`endif
endmodule
