// The recording core of one RRU: current chunk, K retained chunks and the
// records waiting to be written, global timestamp, instruction counting,
// chunk termination, source-only dependence marking and serialization, as
// docs/design.md §1 defines them and in the phase order of §2.2 (retire,
// control, bus: all three in one clock). Records go out as the 64-bit words
// of include/rru/rru_raw.h on log_*_o.
//
// Storage: NS = K+1+Z chunk slots of metadata in a ring (oldest first:
// Z or fewer *leaving* chunks, already serialized and waiting for the word
// writer, then the retained ones, then the current one) and K+1 signature
// pairs (only the current and retained chunks need them). A chunk end takes
// one free slot; a cycle can end up to three chunks (one per phase), so a
// retirement that may end a chunk is stalled while fewer than three slots
// are free (and control commands while fewer than two): the bus is never
// stalled, since after a bus-phase end the current chunk is empty and cannot
// conflict again.
module rru_recorder #(
  parameter int NCpus     = 4,   // largest cluster size (ncpus_i <= NCpus)
  parameter int NHash     = 4,
  parameter int IdxW      = 8,   // 2**IdxW bits per hash partition
  parameter int Family    = 0,   // rru_pkg::HASH_H3 / HASH_BITSEL
  parameter int K         = 4,   // retained chunks (0..16)
  parameter int Z         = 4,   // slots for chunks waiting to be written (>= 3)
  parameter int LineShift = 4,   // log2(line bytes)
  localparam int NS    = K + 1 + Z,
  localparam int NSig  = K + 1,
  localparam int SW    = $clog2(NS),
  localparam int GW    = (NSig > 1) ? $clog2(NSig) : 1,
  localparam int CntW  = $clog2(NS + 1),
  localparam int FillW = $clog2((NHash << IdxW) + 1),
  localparam int HW    = NHash * IdxW,
  localparam int TW    = rru_pkg::TS_BITS,
  localparam int NWords = NCpus + 1,  // at most: header, tid/icount, NCpus-1 deps
  // dependence columns per slot: one per other cpu (a chunk never depends on
  // its own cpu), so NCpus-1 (at least 1 to keep the vectors non-empty)
  localparam int ND    = (NCpus > 1) ? NCpus - 1 : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [2:0]       hart_id_i,
  input  logic [3:0]       ncpus_i,          // cluster size: serialization targets q < ncpus_i
  // retirement port of the hart's core
  input  logic             rvfi_valid_i,
  input  logic             rvfi_trap_i,
  input  logic [1:0]       rvfi_priv_i,
  input  logic [31:0]      rvfi_insn_i,      // only [31:27] and [6:0] (AMO/LR/SC)
  input  logic [31:0]      rvfi_mem_addr_i,
  input  logic [3:0]       rvfi_mem_rmask_i,
  input  logic [3:0]       rvfi_mem_wmask_i,
  output logic             retire_stall_o,
  output logic             issue_stall_o,
  // bus observe port
  input  logic             obs_valid_i,
  input  logic [2:0]       obs_cpu_i,
  input  logic [2:0]       obs_cmd_i,
  input  logic [31:0]      obs_line_i,
  // control commands (rru_regs): 0 start, 1 switch, 2 flush, 3 exit
  input  logic             ctl_valid_i,
  input  logic [1:0]       ctl_op_i,
  input  logic [31:0]      ctl_tid_i,
  output logic             ctl_ready_o,
  input  logic [31:0]      icount_limit_i,   // L, 0 = none
  input  logic [31:0]      fill_limit_i,     // F, 0 = none
  // raw record words
  output logic             log_valid_o,
  output logic [63:0]      log_data_o,
  input  logic             log_ready_i,
  // status
  output logic             enabled_o,
  output logic [31:0]      tid_o,            // thread id of the next chunk
  output logic [TW-1:0]    ts_o,
  output logic [7:0]       end_o,            // bit r: a chunk ended with reason r
  output logic [FillW-1:0] rfill_o,
  output logic [FillW-1:0] wfill_o
);
  // ---------------------------------------------------------------------------
  // state
  logic [TW-1:0]      ts_q, ts_d;
  logic               en_q, en_d, in_u_q, in_u_d;
  logic [31:0]        tid_q, tid_d;             // thread of the next chunk
  logic [SW-1:0]      cur_q, cur_d, head_q, head_d;
  logic [CntW-1:0]    nret_q, nret_d, nzomb_q, nzomb_d;
  logic [GW-1:0]      scur_q, scur_d;           // signature slot of the current chunk
  logic [$clog2(NWords+1)-1:0] word_q, word_d;  // next word of the head record
  // chunk metadata, slot s at [s*W +: W]. The wide fields are only ever
  // written with ts_q, tid_q, the chunk's count or zero, so the phase logic
  // below computes small per-slot write enables, not wide data; and they
  // are written when the chunk ends (or is serialized), so the word writer
  // reads final values.
  // Dependence q of slot s is column c (c = q for q < hart_id_i, else q-1)
  // at [s*ND + c]: the own cpu's column would never be written or read, and
  // the word writer's column for word w >= 2 is simply w - 2. A column
  // holds the dependence's k, or, once the chunk is serialized without a
  // dependence on that cpu, the serialization point (§1.7: the record's k
  // for q), so the writer reads one array.
  logic [NS*32-1:0]       m_tid_q;
  logic [NS*32-1:0]       m_icnt_q;
  logic [NS*TW-1:0]       m_ts_q;
  logic [NS*3-1:0]        m_rsn_q, m_rsn_d, m_rsn_a;
  logic [NS-1:0]          m_ser_q, m_ser_d, m_ser_a;
  logic [NS*ND-1:0]       m_depv_q, m_depv_d, m_depv_a;
  logic [NS*ND*TW-1:0]    m_depk_q;
  logic [31:0]            cnt_q, cnt_d;           // the current chunk's instruction count
  // per-slot write enables of this cycle
  logic [NS-1:0]          ts_we_a, ts_we_d;       // chunk ends: ts <= ts_q
  logic [NS-1:0]          serx_we_a, serx_we_d;   // serialized: k <= ts_q where no dep
  logic [NS*ND-1:0]       depk_we_d;              // dependence q:k, k = ts_q
  logic [NS-1:0]          init_a, init_d;         // a new chunk starts here
  logic                   inc;                    // the current chunk counts one

  // after the retire and control phases
  logic               en_a;
  logic [31:0]        tid_a;
  logic [SW-1:0]      cur_a;
  logic [CntW-1:0]    nret_a, nzomb_a;
  logic [GW-1:0]      scur_a;
  logic [NSig-1:0]    clr_a, clr_b;             // signature slots cleared
  logic [7:0]         end_a, end_b;

  // ---------------------------------------------------------------------------
  // signatures
  logic [HW-1:0]      ins_idx, obs_idx;
  logic               ins_r, ins_w;
  logic [NSig-1:0]    r_hit, w_hit;
  logic [NSig*FillW-1:0] r_fill, w_fill, r_fill_ins, w_fill_ins;
  logic [FillW-1:0]   cur_rfill_ins, cur_wfill_ins;
  logic               obs_chk;                  // the bus phase tests the signatures

  // The hashes are computed only in the cycles that use them: an insert
  // (ins_r/ins_w) and a bus-phase test (obs_chk). Both are 0 while the RRU
  // is off, and the signatures ignore the indices then.
  rru_sig_hash #(.NHash(NHash), .IdxW(IdxW), .Family(Family)) u_ins_hash (
    .en_i   (ins_r || ins_w),
    .line_i (rvfi_mem_addr_i >> LineShift),
    .idx_o  (ins_idx)
  );
  rru_sig_hash #(.NHash(NHash), .IdxW(IdxW), .Family(Family)) u_obs_hash (
    .en_i   (obs_chk),
    .line_i (obs_line_i),
    .idx_o  (obs_idx)
  );

  // the read and the write signatures of the current and retained chunks;
  // signature slot scur_q is the current chunk's
  logic [NSig-1:0] ins_r_sig, ins_w_sig;
  assign ins_r_sig = ins_r ? NSig'(1) << scur_q : '0;
  assign ins_w_sig = ins_w ? NSig'(1) << scur_q : '0;
  rru_signature #(.NHash(NHash), .IdxW(IdxW), .NSig(NSig)) u_rsig (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .insert_i     (ins_r_sig),
    .insert_idx_i (ins_idx),
    .clear_i      (clr_a),
    .clear_late_i (clr_b),
    .test_i       (obs_chk),
    .test_idx_i   (obs_idx),
    .hit_o        (r_hit),
    .fill_o       (r_fill),
    .fill_ins_o   (r_fill_ins)
  );
  rru_signature #(.NHash(NHash), .IdxW(IdxW), .NSig(NSig)) u_wsig (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .insert_i     (ins_w_sig),
    .insert_idx_i (ins_idx),
    .clear_i      (clr_a),
    .clear_late_i (clr_b),
    .test_i       (obs_chk),
    .test_idx_i   (obs_idx),
    .hit_o        (w_hit),
    .fill_o       (w_fill),
    .fill_ins_o   (w_fill_ins)
  );

  assign cur_rfill_ins = r_fill_ins[32'(scur_q)*FillW +: FillW];
  assign cur_wfill_ins = w_fill_ins[32'(scur_q)*FillW +: FillW];
  assign rfill_o = r_fill[32'(scur_q)*FillW +: FillW];
  assign wfill_o = w_fill[32'(scur_q)*FillW +: FillW];

  // ---------------------------------------------------------------------------
  // ring arithmetic (no `return`: yosys 0.23)
  // Narrow signed arithmetic (|d| <= NS), so that synthesis builds small
  // adders: only the low bits of the int offset matter.
  /* verilator lint_off UNUSEDSIGNAL */
  localparam int DW = SW + 2;
  localparam int GDW = GW + 2;
  function automatic logic [SW-1:0] slot_add(input logic [SW-1:0] s, input int d);
    logic signed [DW-1:0] t;
    t = $signed({2'b00, s}) + $signed(DW'(d));
    if (t >= $signed(DW'(NS))) t = t - $signed(DW'(NS));
    else if (t < $signed(DW'(0))) t = t + $signed(DW'(NS));
    slot_add = t[SW-1:0];
  endfunction
  function automatic logic [GW-1:0] sig_add(input logic [GW-1:0] s, input int d);
    logic signed [GDW-1:0] t;
    t = $signed({2'b00, s}) + $signed(GDW'(d));
    if (t >= $signed(GDW'(NSig))) t = t - $signed(GDW'(NSig));
    else if (t < $signed(GDW'(0))) t = t + $signed(GDW'(NSig));
    sig_add = t[GW-1:0];
  endfunction
  // Slot s as a one-hot vector, and spread over its dependence columns.
  // The per-slot updates below are written as masks with these, not as
  // x[s] = v with a computed s: yosys 0.23 builds such writes as shifters
  // with 32-bit amounts (about 370 LUT4s for the small-FPGA set).
  function automatic logic [NS-1:0] slot_oh(input logic [SW-1:0] s);
    slot_oh = '0;
    for (int i = 0; i < NS; i++) begin
      if (s == SW'(i)) slot_oh[i] = 1'b1;
    end
  endfunction
  function automatic logic [NS*ND-1:0] spread(input logic [NS-1:0] oh);
    for (int i = 0; i < NS; i++) spread[i*ND +: ND] = {ND{oh[i]}};
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------------------
  // retire and control phases
  logic          ret_acc, ret_u, ret_cnt, is_amo, amo_sc, acc_any;
  logic          ctl_acc;
  logic          req;
  logic [2:0]    req_rsn;
  logic          req_ser, req_drain, req_stop;
  logic [SW-1:0] s_bnd, s_tmp;
  logic [31:0]   icnt_new;
  // F is compared in FillW bits (one small comparator per signature, not
  // two 32-bit ones): a limit with higher bits set is never reached.
  logic          fill_big;
  assign fill_big = fill_limit_i[31:FillW] != '0;

  logic unused_insn;
  assign unused_insn = ^rvfi_insn_i[26:7];
  assign is_amo  = rvfi_insn_i[6:0] == 7'b0101111;
  assign amo_sc  = rvfi_insn_i[31:27] == 5'b00011;
  assign acc_any = is_amo || (rvfi_mem_rmask_i != 4'd0) || (rvfi_mem_wmask_i != 4'd0);
  assign ret_acc = rvfi_valid_i && !retire_stall_o;
  assign ret_u   = rvfi_priv_i == 2'd0;
  assign ret_cnt = ret_acc && en_q && ret_u && !rvfi_trap_i;
  // §1.3: LR and AMO read and write; SC (failed too) writes.
  assign ins_r   = ret_cnt && acc_any && (is_amo ? !amo_sc : (rvfi_mem_rmask_i != 4'd0));
  assign ins_w   = ret_cnt && acc_any && (is_amo || (rvfi_mem_wmask_i != 4'd0));
  assign ctl_acc = ctl_valid_i && ctl_ready_o;
  assign in_u_d  = ret_acc ? ret_u : in_u_q;

  always_comb begin
    en_a      = en_q;
    tid_a     = tid_q;
    cur_a     = cur_q;
    nret_a    = nret_q;
    nzomb_a   = nzomb_q;
    scur_a    = scur_q;
    clr_a     = '0;
    end_a     = '0;
    m_rsn_a   = m_rsn_q;
    m_ser_a   = m_ser_q;
    m_depv_a  = m_depv_q;
    ts_we_a   = '0;
    serx_we_a = '0;
    init_a    = '0;
    inc       = 1'b0;
    icnt_new  = '0;
    s_bnd     = '0;
    s_tmp     = '0;
    req       = 1'b0;
    req_rsn   = rru_pkg::REASON_CONFLICT;
    req_ser   = 1'b0;
    req_drain = 1'b0;
    req_stop  = 1'b0;
    // Nothing happens unless the RRU records or takes a command: skipping
    // the phases then saves rru-sim most of the recorder's evaluation.
    if (en_q || ctl_acc) begin
      icnt_new = cnt_q + 32'd1;
      for (int ph = 0; ph < 2; ph++) begin
        req       = 1'b0;
        req_rsn   = rru_pkg::REASON_CONFLICT;
        req_ser   = 1'b0;
        req_drain = 1'b0;
        req_stop  = 1'b0;
        if (ph == 0) begin
          // retire phase
          if (ret_acc && en_q) begin
            if (!ret_u) begin
              if (in_u_q) begin
                req     = 1'b1;
                req_rsn = rru_pkg::REASON_TRAP;
              end
            end else if (!rvfi_trap_i) begin
              inc = 1'b1;
              if (icount_limit_i != 32'd0 && icnt_new >= icount_limit_i) begin
                req     = 1'b1;
                req_rsn = rru_pkg::REASON_ICOUNT;
              end else if (fill_limit_i != 32'd0 && !fill_big &&
                           (cur_rfill_ins >= fill_limit_i[FillW-1:0] ||
                            cur_wfill_ins >= fill_limit_i[FillW-1:0])) begin
                req     = 1'b1;
                req_rsn = rru_pkg::REASON_SIG_FULL;
              end
            end
          end
        end else if (ctl_acc) begin
          // control phase
          if (ctl_op_i == 2'd0 || ctl_op_i == 2'd1) begin
            if (!en_a) begin
              if (ctl_op_i == 2'd0) begin
                // start: an empty current chunk of the thread
                en_a  = 1'b1;
                tid_a = ctl_tid_i;
                init_a   = init_a | slot_oh(cur_a);
                m_ser_a  = m_ser_a & ~slot_oh(cur_a);
                m_depv_a = m_depv_a & ~spread(slot_oh(cur_a));
                clr_a[scur_a] = 1'b1;
              end
            end else begin
              tid_a   = ctl_tid_i;   // the ending chunk keeps its own tid
              req     = 1'b1;
              req_rsn = rru_pkg::REASON_CTX_SWITCH;
              req_ser = 1'b1;
            end
          end else if (en_a) begin
            req       = 1'b1;
            req_rsn   = (ctl_op_i == 2'd2) ? rru_pkg::REASON_FLUSH : rru_pkg::REASON_EXIT;
            req_drain = 1'b1;
            req_stop  = ctl_op_i == 2'd3;
          end
        end
        if (req) begin
          // end the current chunk (§1.5); it becomes the youngest retained one
          ts_we_a = ts_we_a | slot_oh(cur_a);
          for (int s = 0; s < NS; s++) begin
            if (cur_a == SW'(s)) m_rsn_a[s*3 +: 3] = req_rsn;
          end
          if (req_ser) begin
            serx_we_a = serx_we_a | (slot_oh(cur_a) & ~m_ser_a);
            m_ser_a   = m_ser_a | slot_oh(cur_a);
          end
          end_a[req_rsn] = 1'b1;
          nret_a = nret_a + 1'b1;
          // the oldest retained chunk leaves if more than K are retained (§1.6),
          // and a flush or exit drains them all
          s_bnd = slot_add(cur_a, 1 - 32'(nret_a));
          for (int i = 0; i <= K; i++) begin
            if ((i < 32'(nret_a)) && ((32'(nret_a) > K && i == 0) || req_drain)) begin
              s_tmp = slot_add(s_bnd, i);
              serx_we_a = serx_we_a | (slot_oh(s_tmp) & ~m_ser_a);
              m_ser_a   = m_ser_a | slot_oh(s_tmp);
            end
          end
          if (req_drain) begin
            nzomb_a = nzomb_a + nret_a;
            nret_a  = '0;
          end else if (32'(nret_a) > K) begin
            nzomb_a = nzomb_a + 1'b1;
            nret_a  = nret_a - 1'b1;
          end
          // the next chunk (of the thread after this phase; its tid is
          // written when it ends)
          cur_a  = slot_add(cur_a, 1);
          scur_a = sig_add(scur_a, 1);
          init_a   = init_a | slot_oh(cur_a);
          m_ser_a  = m_ser_a & ~slot_oh(cur_a);
          m_depv_a = m_depv_a & ~spread(slot_oh(cur_a));
          clr_a[scur_a] = 1'b1;
          if (req_stop) en_a = 1'b0;
        end
      end
    end
  end

  // ---------------------------------------------------------------------------
  // bus phase, on the state after the retire and control phases
  logic             cur_hit;
  logic [NSig-1:0]  hit_any;
  logic             found;
  logic [SW-1:0]    s_hit;

  assign obs_chk = obs_valid_i && (obs_cpu_i != hart_id_i) && en_a &&
                   (obs_cmd_i == rru_pkg::CMD_BUSRD || obs_cmd_i == rru_pkg::CMD_BUSRDX ||
                    obs_cmd_i == rru_pkg::CMD_BUSUPGR);
  assign hit_any = (obs_cmd_i == rru_pkg::CMD_BUSRD) ? w_hit : (w_hit | r_hit);
  assign cur_hit = obs_chk && hit_any[scur_a];
  // the observed cpu's dependence column (obs_chk: obs_cpu_i != hart_id_i)
  logic [2:0]       obs_col;
  logic [NS*ND-1:0] obs_colm;   // column obs_col in every slot
  assign obs_col  = (obs_cpu_i < hart_id_i) ? obs_cpu_i : obs_cpu_i - 3'd1;
  assign obs_colm = {NS{ND'(1) << obs_col}};

  // word writer state
  logic             pop;
  logic [SW-1:0]    s_new;

  always_comb begin
    cur_d     = cur_a;
    nret_d    = nret_a;
    scur_d    = scur_a;
    clr_b     = '0;
    end_b     = end_a;
    m_rsn_d   = m_rsn_a;
    m_ser_d   = m_ser_a;
    m_depv_d  = m_depv_a;
    ts_we_d   = ts_we_a;
    serx_we_d = serx_we_a;
    depk_we_d = '0;
    init_d    = init_a;
    found     = 1'b0;
    s_hit     = '0;
    s_new     = '0;
    nzomb_d   = nzomb_a;
    if (cur_hit) begin
      // §1.6: the current chunk ends with q:k
      m_depv_d  = m_depv_d | (spread(slot_oh(cur_a)) & obs_colm);
      depk_we_d = spread(slot_oh(cur_a)) & obs_colm;
      ts_we_d   = ts_we_d | slot_oh(cur_a);
      for (int s = 0; s < NS; s++) begin
        if (cur_a == SW'(s)) m_rsn_d[s*3 +: 3] = rru_pkg::REASON_CONFLICT;
      end
      end_b[rru_pkg::REASON_CONFLICT] = 1'b1;
      nret_d = nret_a + 1'b1;
      if (32'(nret_d) > K) begin
        s_hit = slot_add(cur_a, 1 - 32'(nret_d));
        serx_we_d = serx_we_d | (slot_oh(s_hit) & ~m_ser_a);
        m_ser_d   = m_ser_d | slot_oh(s_hit);
        nzomb_d = nzomb_a + 1'b1;
        nret_d  = nret_d - 1'b1;
      end
      s_new  = slot_add(cur_a, 1);
      cur_d  = s_new;
      scur_d = sig_add(scur_a, 1);
      init_d   = init_d | slot_oh(s_new);
      m_ser_d  = m_ser_d & ~slot_oh(s_new);
      m_depv_d = m_depv_d & ~spread(slot_oh(s_new));
      clr_b[scur_d] = 1'b1;
    end else if (obs_chk) begin
      // the youngest retained chunk that hits gets q:k, unless it holds q
      for (int d = 1; d <= K; d++) begin
        if (!found && d <= 32'(nret_a) && hit_any[sig_add(scur_a, -d)]) begin
          found = 1'b1;
          s_hit = slot_add(cur_a, -d);
        end
      end
      if (found && !m_ser_a[s_hit] &&
          (m_depv_a & spread(slot_oh(s_hit)) & obs_colm) == '0) begin
        m_depv_d  = m_depv_d | (spread(slot_oh(s_hit)) & obs_colm);
        depk_we_d = spread(slot_oh(s_hit)) & obs_colm;
      end
    end
    if (pop) nzomb_d = nzomb_d - 1'b1;
  end

  // The instruction count is kept for the current chunk only (cnt_q) and
  // written into the slot when the chunk ends: one incrementer, no
  // per-slot count logic and no NS-way read of the current slot's count.
  // Only the chunk current at the start of the cycle can end with a count
  // (cnt_end, this cycle's instruction included); a chunk started in this
  // cycle (by a phase, or the start command in slot cur_q) ends empty.
  logic [31:0]   cnt_end;
  logic [NS-1:0] cnt_keep;   // slot g ends with cnt_end (else with 0)
  always_comb begin
    cnt_end  = inc ? icnt_new : cnt_q;
    cnt_keep = slot_oh(cur_q) & ~init_d;
    // the last chunk started in this cycle is the current one
    cnt_d    = (init_d != '0) ? '0 : cnt_end;
  end

  // The thread id is also written when the chunk ends, and it is always
  // tid_q: a switch ends the current chunk, so the chunk current at the
  // start of a cycle and one started by its retire phase have tid_q; a
  // chunk started by this cycle's control phase (tid_a) cannot end in the
  // bus phase, since its signatures were just cleared and hit nothing.
  // So no per-slot choice between tid_q and tid_a.
  // The wide fields, written only in the cycles that write one of them (a
  // chunk ends, is serialized or gets a dependence): one test per cycle
  // instead of one per slot and field, which Verilator evaluated in every
  // cycle for every RRU, idle or not. They have no reset: each is written
  // before it is read (ts, tid and count when the chunk ends, each
  // dependence column by the time the chunk is serialized), and without
  // the asynchronous reset a zero count maps to the flip-flop's
  // synchronous reset (iCE40 SB_DFFESR) instead of one LUT per bit.
  logic wide_we;
  assign wide_we = (ts_we_d != '0) || (serx_we_d != '0) || (depk_we_d != '0);
  always_ff @(posedge clk_i) begin
    cnt_q <= cnt_d;
    if (wide_we) begin
      for (int g = 0; g < NS; g++) begin
        if (ts_we_d[g]) begin
          m_ts_q[g*TW +: TW]   <= ts_q;
          m_tid_q[g*32 +: 32]  <= tid_q;
          m_icnt_q[g*32 +: 32] <= cnt_keep[g] ? cnt_end : '0;
        end
        // a dependence's k; at serialization, the serialization point in
        // every column without one (a dependence found in the same cycle
        // has the same k)
        for (int c = 0; c < ND; c++) begin
          if (depk_we_d[g*ND + c] || (serx_we_d[g] && !m_depv_d[g*ND + c])) begin
            m_depk_q[(g*ND + c)*TW +: TW] <= ts_q;
          end
        end
      end
    end
  end

  // ---------------------------------------------------------------------------
  // word writer: the oldest leaving chunk, word by word (include/rru/rru_raw.h)
  logic [2:0]     dep_q;   // cpu of the dependence word being written
  logic [4:0]     dep_c;   // its column (word - 2)
  logic [TW-1:0]  dep_k;
  logic [4:0]     wi;
  // the head slot's fields
  logic [TW-1:0]    h_ts;
  logic [2:0]       h_rsn;
  logic [31:0]      h_tid, h_icnt;
  logic [ND*TW-1:0] h_depk;

  // Only while a record is being written (log_valid_o): the word is 0
  // otherwise, and the log buffer takes it only when valid. The head slot's
  // fields are selected first, each with constant part-selects (one NS-way
  // mux per bit), then the word's: indexing the flat vectors with computed
  // offsets such as (head*NCpus + q)*TW made yosys build shifters (3,000
  // LUT4s for the small-FPGA set, against 1,500 for the muxes).
  always_comb begin
    wi         = 5'(word_q);
    dep_q      = '0;
    dep_c      = '0;
    dep_k      = '0;
    log_data_o = '0;
    h_ts       = '0;
    h_rsn      = '0;
    h_tid      = '0;
    h_icnt     = '0;
    h_depk     = '0;
    if (log_valid_o) begin
      for (int s = 0; s < NS; s++) begin
        if (32'(head_q) == s) begin
          h_ts   = m_ts_q[s*TW +: TW];
          h_rsn  = m_rsn_q[s*3 +: 3];
          h_tid  = m_tid_q[s*32 +: 32];
          h_icnt = m_icnt_q[s*32 +: 32];
          h_depk = m_depk_q[s*ND*TW +: ND*TW];
        end
      end
      dep_c = wi - 5'd2;
      dep_q = 3'((dep_c < {2'b00, hart_id_i}) ? dep_c : wi - 5'd1);
      for (int c = 0; c < ND; c++) begin
        if (32'(dep_c) == c) dep_k = h_depk[c*TW +: TW];
      end
      if (wi == 5'd0) begin
        log_data_o = {rru_pkg::RAW_KIND_CHUNK, hart_id_i, h_rsn, ncpus_i - 4'd1, 2'b00, h_ts};
      end else if (wi == 5'd1) begin
        log_data_o = {h_tid, h_icnt};
      end else begin
        log_data_o = {dep_q, 13'd0, dep_k};
      end
    end
  end

  assign log_valid_o = nzomb_q != '0;
  assign pop         = log_valid_o && log_ready_i && (5'(word_q) == {1'b0, ncpus_i});
  assign head_d      = pop ? slot_add(head_q, 1) : head_q;
  assign word_d      = (log_valid_o && log_ready_i) ? (pop ? '0 : word_q + 1'b1) : word_q;

  // ---------------------------------------------------------------------------
  // stall: each chunk end takes a free slot, up to three per cycle
  // (in CntW bits: nret_q + nzomb_q <= NS - 1; 32-bit arithmetic here made
  // yosys build six 32-bit carry chains for the comparisons below)
  logic [CntW-1:0] free;
  assign free           = CntW'(NS - 1) - nret_q - nzomb_q;
  // Only a retirement that may end a chunk is held: while recording, any
  // U-mode event (three slots: up to one end in each phase), and the first
  // event after a U-mode one (a kernel entry, in_u_q) while no slot is
  // free. The entry ends the current chunk (TRAP, one slot) and the bus
  // phase then tests the new, empty one, so one slot is all it needs; and
  // one is always free in U-mode (a U event retires with three free and
  // ends at most two chunks). So a hart its full log holds can always take
  // an interrupt into the kernel, which drains it: were the entry held like
  // a U event, harts all held in U-mode at once would wait on each other
  // for ever (found on the cluster: false_sharing, 2 harts, both held at
  // the same load). M-mode code that runs after the kernel entry (the
  // kernel draining the log through the registers) is never held. This
  // reads rvfi_priv_i, the privilege of the instruction at retirement,
  // which must not depend on retire_stall_i in the core.
  assign retire_stall_o = en_q && (rvfi_priv_i == 2'd0 ? free < CntW'(3) : in_u_q && free < CntW'(1));
  // A data request the core issues now retires when its response comes,
  // which the core cannot hold (docs/design.md §1.2 rule 1): it may only be
  // issued while that retirement cannot be stalled. While the core waits,
  // at most one chunk ends (a bus conflict empties the current chunk, which
  // then cannot conflict again), so one more free slot than the retirement
  // needs is enough (to the core's mem_stall_i, through rru.mem_stall_o).
  assign issue_stall_o  = en_q && (rvfi_priv_i == 2'd0 ? free < CntW'(4) : in_u_q && free < CntW'(2));
  assign ctl_ready_o    = free >= CntW'(2);

  assign ts_d      = ts_q + TW'(obs_valid_i);
  assign en_d      = en_a;
  assign tid_d     = tid_a;
  assign enabled_o = en_q;
  assign tid_o     = tid_q;
  assign ts_o      = ts_q;
  assign end_o     = end_b;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ts_q     <= '0;
      en_q     <= 1'b0;
      in_u_q   <= 1'b0;
      tid_q    <= '0;
      cur_q    <= '0;
      head_q   <= '0;
      nret_q   <= '0;
      nzomb_q  <= '0;
      scur_q   <= '0;
      word_q   <= '0;
      m_rsn_q  <= '0;
      m_ser_q  <= '0;
      m_depv_q <= '0;
    end else begin
      ts_q     <= ts_d;
      en_q     <= en_d;
      in_u_q   <= in_u_d;
      tid_q    <= tid_d;
      cur_q    <= cur_d;
      head_q   <= head_d;
      nret_q   <= nret_d;
      nzomb_q  <= nzomb_d;
      scur_q   <= scur_d;
      word_q   <= word_d;
      m_rsn_q  <= m_rsn_d;
      m_ser_q  <= m_ser_d;
      m_depv_q <= m_depv_d;
    end
  end

`ifdef RRU_ASSERTIONS
  // The core never retires while stalled; the ring never overflows; the
  // chunk table never holds more than K retained chunks.
  logic live_q;  // out of reset (checked at clock edges, inputs as sampled)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) live_q <= 1'b0;
    else         live_q <= 1'b1;
  end
  always_ff @(posedge clk_i) begin
    if (live_q) begin
      assert (!(rvfi_valid_i && retire_stall_o));
      assert (!(ctl_valid_i && !ctl_ready_o));
      assert (32'(nret_q) <= K);
      assert (32'(nret_q) + 32'(nzomb_q) + 1 <= NS);
      // the dependence columns hold cpus 0..NCpus-1 only
      assert (!(obs_chk && 32'(obs_cpu_i) >= NCpus));
      // a chunk that ends in the bus phase has tid_q (slots take tid_q)
      assert (!(cur_hit && tid_a != tid_q));
    end
  end
  initial begin
    assert (K >= 0 && K <= 16);
    assert (Z >= 3);
    assert (NCpus >= 1 && NCpus <= 8);
  end
`endif
endmodule
