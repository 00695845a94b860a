// The hardware log streamer (docs/design.md §5.6): moves the RRUs' log
// words to the UART as framed, checksummed LOG_STREAM frames, with no
// firmware on the data path. It pops the RRU log buffers into a
// retransmission window in block RAM (frames of up to MaxWords words of one
// hart), sends each frame (header, CRC-8, payload, CRC-32 computed here, a
// byte at a time as the UART takes them) and keeps it until the host
// acknowledges it. The host's LOG_ACK frames reach the SACK and ACK
// registers (the kernel relays them): the host keeps frames that come after
// a lost one and says which it holds, so a rewind request sends again only
// the frames missing below the highest one it holds (selective repeat); a
// silent timeout sends again every frame not known to be held. The size of
// new frames follows the line's errors: a quarter smaller at each frame
// sent again, a word longer for every two sent for the first time. When the window is full
// it stops popping: the RRU buffers fill and the cores stall at retirement,
// so no word is ever dropped or reordered.
//
// The transmitter is shared with the CPU's THR writes at frame boundaries:
// the kernel sets HOLD and waits for the grant before it writes a frame of
// its own; the streamer starts no frame while HOLD is set.
//
// Registers (byte offsets, 32 bit; include/rru/memmap.h RRU_STREAM_*):
//   0x00 CTRL     rw  bit 0 EN: pop the RRU buffers; write bit 1: reset
//                     (sequence numbers, window, counters)
//   0x04 STATUS   r   bit 0 IDLE (no word waits in an RRU buffer or the
//                     window, every frame acknowledged), bit 1 HOLD granted,
//                     bit 2 EN, 15:8 oldest unacknowledged seq, 23:16 next
//                     seq to send for the first time, 31:24 next seq to build
//   0x08 ACK      w   7:0 next seq the host expects, bit 8 rewind, 23:16
//                     the rewind request's id; applies the SACK bits
//                     written before it
//   0x2C SACK     w   bit i: the host holds frame (ACK next + 1 + i), i < 31
//   0x0C HOLD     rw  bit 0: the CPU wants the transmitter (read: granted)
//   0x10 TIMEOUT  rw  cycles without acknowledgement progress before a
//                     rewind (0: never)
//   0x14 BYTES    r   stream bytes built (8 per word)
//   0x18 CRC      r   CRC-32 of the stream bytes built, in frame order
//   0x1C FRAMES   r   frames sent for the first time
//   0x20 RESENDS  r   frames sent again
//   0x24 ID       r   "RLS1" (0x31534C52)
//   0x28 CFG      r   15:0 WinWords, 23:16 MaxWords
//   0x40 + 4h     r   records of hart h taken from its RRU (each record's
//                     first word says how many words follow)
module rru_log_streamer #(
  parameter int NCores   = 4,
  parameter int WinWords = 512,
  parameter int MaxWords = 31,
  // frame size at the start of a stream: it grows on a clean line, and a
  // noisy one does not begin with frames that hardly ever get through
  parameter int StartWords = 8,
  // An open frame waits this long for more words of its hart (few, full
  // frames: each frame costs the kernel the bytes of its acknowledgement)
  parameter int FlushCycles = 16384,
  localparam int WA = $clog2(WinWords),
  localparam int HW = (NCores > 1) ? $clog2(NCores) : 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // the RRUs' log stream ports
  input  logic [NCores-1:0]    log_valid_i,
  input  logic [64*NCores-1:0] log_data_i,
  output logic [NCores-1:0]    log_pop_o,
  // register access (answered in the cycle of sel_i, like the UART)
  input  logic                 sel_i,
  input  logic                 we_i,
  input  logic [7:0]           addr_i,
  input  logic [31:0]          wdata_i,
  output logic [31:0]          rdata_o,
  // transmitter: the CPU's THR bytes in, the serialiser's side out
  input  logic                 cpu_tx_valid_i,
  input  logic [7:0]           cpu_tx_data_i,
  output logic                 tx_valid_o,
  output logic [7:0]           tx_data_o,
  input  logic                 tx_busy_i
);
  localparam logic [7:0] TypeLogStream = 8'h04;  // RRU_LINK_T_LOG_STREAM
  localparam logic [7:0] FlagCtrl      = 8'h01;  // RRU_LINK_F_CTRL
  localparam int         NSlots        = 32;     // RRU_LINK_WINDOW

  function automatic logic [31:0] crc32_byte(input logic [31:0] c, input logic [7:0] b);
    logic [31:0] x;
    x = c ^ {24'h0, b};
    for (int i = 0; i < 8; i++) x = x[0] ? ((x >> 1) ^ 32'hEDB88320) : (x >> 1);
    crc32_byte = x;
  endfunction

  function automatic logic [7:0] crc8_byte(input logic [7:0] c, input logic [7:0] b);
    logic [7:0] x;
    x = c ^ b;
    for (int i = 0; i < 8; i++) x = x[7] ? ((x << 1) ^ 8'h07) : (x << 1);
    crc8_byte = x;
  endfunction

  // --- registers
  logic        en_q, hold_q;
  // Frame size: a quarter smaller at each frame sent again, a word longer
  // for every two sent for the first time. With frames lost at rate q it settles where
  // n * q / (1 - q) is about 2, close to the best payload share for byte
  // error rates from 0.01 % to 1 % (docs/design.md §5.6).
  logic [4:0]  fmax_q;
  logic        good_q;
  logic [31:0] timeout_q, tmo_cnt_q, bytes_q, scrc_q, frames_q, resends_q;
  // --- sequence numbers: ack <= hi <= fill (mod 256, at most NSlots apart);
  // hi: the next seq to send for the first time
  logic [7:0]  ack_q, fill_q, hi_q;
  // --- selective repeat: frames the host holds (by seq mod NSlots), and
  // the resend pass [rs, rs_end) over the frames it does not
  logic [NSlots-1:0] sacked_q;
  logic [30:0] sack_w_q;
  logic [7:0]  rs_q, rs_end_q;
  // id of the last rewind request taken, stamped in the header's ack byte
  // of every frame started after it: a frame with that stamp that is not
  // the first missing one tells the host the resend was lost
  logic [7:0]  rw_id_q, cstamp_q;
  // --- frames built: window position, words, hart
  logic [WA:0]   slot_start [NSlots];
  logic [4:0]    slot_n     [NSlots];
  logic [HW-1:0] slot_h     [NSlots];
  // --- the window (block RAM: one write port, one registered read port)
  logic [63:0]   win [WinWords];
  logic [63:0]   win_rdata_q;
  logic [WA-1:0] win_raddr;
  logic          win_re;
  // --- builder: the open frame
  logic          open_q;
  logic [HW-1:0] bh_q, rr_q;
  logic [4:0]    bn_q;
  logic [15:0]   age_q;      // cycles since the open frame took its first word
  logic          aged;
  logic [WA:0]   bstart_q, wptr_q, oldest, used;
  logic          room, pop, close, can_open, others_valid;
  logic [HW-1:0] pick;
  logic          pick_valid;
  logic [63:0]   pop_data;
  // --- sender
  typedef enum logic [2:0] {S_IDLE, S_HDR, S_LOAD, S_WORD, S_CRC} sstate_e;
  sstate_e       st_q;
  logic [3:0]    bi_q;        // byte within the header / word / CRC
  logic [4:0]    wi_q;        // word of the frame
  logic [7:0]    cseq_q;
  logic [WA:0]   cstart_q;
  logic [4:0]    cn_q;
  logic [HW-1:0] ch_q;
  logic [7:0]    crc8_q;
  logic [31:0]   crc32_q;
  logic          gap_q;       // the cycle after a byte: tx_busy_i catches up
  logic          emit, first, sender_idle;
  logic [7:0]    byte_out;
  logic [15:0]   flen;
  logic [31:0]   crc_out;

  // --- records per hart: words left of the record being taken
  logic [31:0] recs_q [NCores];
  logic [4:0]  left_q [NCores];

  // --- register reads
  logic idle;
  assign idle = !open_q && (ack_q == fill_q) && (log_valid_i == '0);
  always_comb begin
    rdata_o = '0;
    case (addr_i[7:2])
      6'h00: rdata_o = {31'b0, en_q};
      6'h01: rdata_o = {fill_q, hi_q, ack_q, 5'b0, en_q, hold_q && sender_idle, idle};
      6'h03: rdata_o = {31'b0, hold_q && sender_idle};
      6'h04: rdata_o = timeout_q;
      6'h05: rdata_o = bytes_q;
      6'h06: rdata_o = ~scrc_q;
      6'h07: rdata_o = frames_q;
      6'h08: rdata_o = resends_q;
      6'h09: rdata_o = 32'h3153_4C52;
      6'h0A: rdata_o = {8'b0, 8'(MaxWords), 16'(WinWords)};
      default: rdata_o = '0;
    endcase
    for (int i = 0; i < NCores; i++)
      if (addr_i[7:6] == 2'b01 && 32'(addr_i[5:2]) == i) rdata_o = recs_q[i];
  end
  logic wr_ctrl, wr_ack, wr_hold, wr_tmo, wr_sack, reset_req;
  assign wr_ctrl   = sel_i && we_i && addr_i[7:2] == 6'h00;
  assign wr_ack    = sel_i && we_i && addr_i[7:2] == 6'h02;
  assign wr_hold   = sel_i && we_i && addr_i[7:2] == 6'h03;
  assign wr_tmo    = sel_i && we_i && addr_i[7:2] == 6'h04;
  assign wr_sack   = sel_i && we_i && addr_i[7:2] == 6'h0B;
  assign reset_req = wr_ctrl && wdata_i[1];
  logic unused_addr;
  assign unused_addr = ^addr_i[1:0];

  // --- builder: open a frame for the next hart with words (round robin from
  // the last one served) when a slot and a frame's worth of window are free
  assign oldest = (ack_q != fill_q) ? slot_start[ack_q[4:0]] : (open_q ? bstart_q : wptr_q);
  assign used   = wptr_q - oldest;
  assign room   = (32'(used) + 32'(MaxWords)) <= 32'(WinWords);
  always_comb begin
    pick       = '0;
    pick_valid = 1'b0;
    for (int i = NCores - 1; i >= 0; i--) begin
      // candidates after rr_q first, then the rest: two passes folded
      if (log_valid_i[i] && 32'(i) > 32'(rr_q)) begin
        pick = HW'(i);
        pick_valid = 1'b1;
      end
    end
    if (!pick_valid)
      for (int i = NCores - 1; i >= 0; i--)
        if (log_valid_i[i]) begin
          pick = HW'(i);
          pick_valid = 1'b1;
        end
  end
  assign can_open = en_q && !open_q && pick_valid && room && (8'(fill_q - ack_q) < 8'(NSlots));
  always_comb begin
    pop_data     = '0;
    others_valid = 1'b0;
    for (int i = 0; i < NCores; i++) begin
      if (HW'(i) == bh_q) pop_data = log_data_i[64*i +: 64];
      else if (log_valid_i[i]) others_valid = 1'b1;
    end
  end
  assign pop   = open_q && log_valid_i[bh_q] && bn_q < fmax_q;
  // Close the frame when it is full, or when its hart has no word now and
  // it has waited FlushCycles, or holds 8 words and another hart has some.
  assign aged  = 32'(age_q) >= FlushCycles;
  assign close = open_q && bn_q != '0 && !pop &&
                 (bn_q >= fmax_q || aged || (others_valid && bn_q >= 5'd8) || !en_q);
  always_comb begin
    log_pop_o = '0;
    for (int i = 0; i < NCores; i++) log_pop_o[i] = pop && HW'(i) == bh_q;
  end

  // --- sender
  assign sender_idle = st_q == S_IDLE;
  assign emit  = !sender_idle && st_q != S_LOAD && !tx_busy_i && !gap_q && !cpu_tx_valid_i;
  assign first = cseq_q == hi_q;
  // An acknowledgement: only forward, only over frames sent. The frames it
  // says the host holds (sent ones only), and the highest of them.
  logic        ack_ok, ack_fwd, sack_any;
  logic [7:0]  ack_d, out_n, rs_off, end_off, rs_seq, sack_top;
  logic [NSlots-1:0] sack_set;
  assign ack_d   = 8'(wdata_i[7:0] - ack_q);
  assign ack_ok  = wr_ack && ack_d <= 8'(hi_q - ack_q);
  assign ack_fwd = ack_ok && ack_d != 8'd0;
  always_comb begin
    sack_set = '0;
    sack_any = 1'b0;
    sack_top = wdata_i[7:0];
    for (int i = 0; i < 31; i++)
      if (sack_w_q[i] && 8'(i + 1) < 8'(hi_q - wdata_i[7:0])) begin
        sack_set[5'(wdata_i[4:0] + 5'(i + 1))] = 1'b1;
        sack_any = 1'b1;
        sack_top = 8'(wdata_i[7:0] + 8'(i + 1));
      end
  end
  // The resend pass, clipped to the frames not yet acknowledged.
  assign out_n   = 8'(hi_q - ack_q);
  assign rs_off  = (8'(rs_q - ack_q) > out_n) ? 8'd0 : 8'(rs_q - ack_q);
  assign end_off = 8'(rs_end_q - ack_q);
  assign rs_seq  = 8'(ack_q + rs_off);
  // The sender, idle, starts a frame: a missing one first, else a new one.
  logic       resend_due, start, start_resend, tmo_fire, rs_load, may_start;
  logic [7:0] start_seq;
  logic [4:0] fdec;
  // a new pass (rewind request or timeout) takes effect before the sender
  // picks a frame again
  assign tmo_fire     = hi_q != ack_q && timeout_q != '0 && !ack_fwd && tmo_cnt_q >= timeout_q;
  assign rs_load      = (ack_ok && wdata_i[8]) || tmo_fire;
  assign may_start    = sender_idle && !hold_q && !rs_load;
  assign resend_due   = end_off <= out_n && rs_off < end_off;
  assign start_resend = may_start && resend_due && !sacked_q[rs_seq[4:0]];
  assign start        = start_resend || (may_start && !resend_due && hi_q != fill_q);
  assign start_seq    = resend_due ? rs_seq : hi_q;
  assign fdec         = (fmax_q >> 2) == 5'd0 ? 5'd1 : (fmax_q >> 2);
  assign flen  = 16'(1 + 8 * 32'(cn_q));
  assign crc_out = ~crc32_q;
  always_comb begin
    byte_out = '0;
    case (st_q)
      S_HDR:
        case (bi_q)
          4'd0: byte_out = 8'hA5;
          4'd1: byte_out = 8'h5A;
          4'd2: byte_out = TypeLogStream;
          4'd3: byte_out = FlagCtrl;
          4'd4: byte_out = cseq_q;
          4'd5: byte_out = cstamp_q;
          4'd6: byte_out = flen[7:0];
          4'd7: byte_out = flen[15:8];
          4'd8: byte_out = crc8_q;
          default: byte_out = 8'(ch_q);
        endcase
      S_WORD:  byte_out = win_rdata_q[8*bi_q[2:0] +: 8];
      S_CRC:   byte_out = crc_out[8*bi_q[1:0] +: 8];
      default: byte_out = '0;
    endcase
  end
  assign tx_valid_o = cpu_tx_valid_i || emit;
  assign tx_data_o  = emit ? byte_out : cpu_tx_data_i;
  assign win_re     = st_q == S_LOAD;
  assign win_raddr  = WA'(cstart_q + (WA + 1)'(wi_q));

  always_ff @(posedge clk_i) begin
    if (pop) win[wptr_q[WA-1:0]] <= pop_data;
    if (win_re) win_rdata_q <= win[win_raddr];
  end

  // a record is 2 + ndeps words; ndeps sits in bits 53:50 of its first
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < NCores; i++) begin
        recs_q[i] <= '0;
        left_q[i] <= '0;
      end
    end else if (reset_req) begin
      for (int i = 0; i < NCores; i++) begin
        recs_q[i] <= '0;
        left_q[i] <= '0;
      end
    end else if (pop) begin
      if (left_q[bh_q] == '0) begin
        recs_q[bh_q] <= recs_q[bh_q] + 32'd1;
        left_q[bh_q] <= 5'(pop_data[53:50]) + 5'd1;
      end else begin
        left_q[bh_q] <= left_q[bh_q] - 5'd1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sacked_q <= '0;
      sack_w_q <= '0;
    end else begin
      // SACK bits count for the next ACK write only
      if (wr_sack) sack_w_q <= wdata_i[30:0];
      else if (wr_ack) sack_w_q <= '0;
      if (ack_ok) sacked_q <= sacked_q | sack_set;
      // a slot filled again holds a new frame
      if (close) sacked_q[fill_q[4:0]] <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (close) begin
      slot_start[fill_q[4:0]] <= bstart_q;
      slot_n[fill_q[4:0]]     <= bn_q;
      slot_h[fill_q[4:0]]     <= bh_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      en_q <= 1'b0; hold_q <= 1'b0;
      fmax_q <= 5'(StartWords); good_q <= '0;
      timeout_q <= '0; tmo_cnt_q <= '0;
      bytes_q <= '0; scrc_q <= '1; frames_q <= '0; resends_q <= '0;
      ack_q <= '0; fill_q <= '0; hi_q <= '0; rs_q <= '0; rs_end_q <= '0;
      rw_id_q <= '0; cstamp_q <= '0;
      open_q <= 1'b0; bh_q <= '0; rr_q <= '0; bn_q <= '0; bstart_q <= '0; wptr_q <= '0;
      age_q <= '0;
      st_q <= S_IDLE; bi_q <= '0; wi_q <= '0; cseq_q <= '0; cstart_q <= '0; cn_q <= '0;
      ch_q <= '0; crc8_q <= '0; crc32_q <= '0; gap_q <= 1'b0;
    end else if (reset_req) begin
      // a new run: everything from the previous one is forgotten
      en_q <= wdata_i[0]; tmo_cnt_q <= '0;
      fmax_q <= 5'(StartWords); good_q <= '0;
      bytes_q <= '0; scrc_q <= '1; frames_q <= '0; resends_q <= '0;
      ack_q <= '0; fill_q <= '0; hi_q <= '0; rs_q <= '0; rs_end_q <= '0;
      rw_id_q <= '0;
      open_q <= 1'b0; bn_q <= '0; wptr_q <= '0; bstart_q <= '0;
      st_q <= S_IDLE; gap_q <= 1'b0;
    end else begin
      if (wr_ctrl) en_q <= wdata_i[0];
      if (wr_hold) hold_q <= wdata_i[0];
      if (wr_tmo) timeout_q <= wdata_i;

      // acknowledgements; a rewind sends again what is missing below the
      // highest frame the host holds (all not held if it holds none)
      if (ack_ok) begin
        ack_q <= wdata_i[7:0];
        if (ack_fwd) tmo_cnt_q <= '0;
        if (wdata_i[8]) begin
          rw_id_q  <= wdata_i[23:16];
          rs_q     <= wdata_i[7:0];
          rs_end_q <= sack_any ? sack_top : hi_q;
        end
      end
      if (tmo_fire) begin
        tmo_cnt_q <= '0;
        if (!(ack_ok && wdata_i[8])) begin
          rs_q     <= ack_q;
          rs_end_q <= hi_q;
        end
      end else if (hi_q != ack_q && timeout_q != '0 && !ack_fwd) begin
        tmo_cnt_q <= tmo_cnt_q + 32'd1;
      end

      // builder
      if (can_open) begin
        open_q   <= 1'b1;
        bh_q     <= pick;
        rr_q     <= pick;
        bn_q     <= '0;
        bstart_q <= wptr_q;
        age_q    <= '0;
      end else if (open_q && !aged) begin
        age_q <= age_q + 16'd1;
      end
      if (pop) begin
        wptr_q <= wptr_q + 1'b1;
        bn_q   <= bn_q + 5'd1;
      end
      if (close) begin
        fill_q <= fill_q + 8'd1;
        open_q <= 1'b0;
      end else if (open_q && bn_q == '0 && !log_valid_i[bh_q]) begin
        open_q <= 1'b0;
      end

      // sender
      gap_q <= emit;
      if (emit) begin
        if (st_q == S_HDR && bi_q >= 4'd2 && bi_q <= 4'd7) crc8_q <= crc8_byte(crc8_q, byte_out);
        if (st_q != S_CRC && !(st_q == S_HDR && bi_q < 4'd2)) crc32_q <= crc32_byte(crc32_q, byte_out);
        if (st_q == S_WORD && first) begin
          scrc_q  <= crc32_byte(scrc_q, byte_out);
          bytes_q <= bytes_q + 32'd1;
        end
      end
      case (st_q)
        S_IDLE:
        begin
          // a pass over missing frames skips the ones the host holds
          if (may_start && resend_due) rs_q <= rs_seq + 8'd1;
          if (start_resend) begin
            tmo_cnt_q <= '0;
            fmax_q    <= (fmax_q - fdec < 5'd2) ? 5'd2 : fmax_q - fdec;
            good_q    <= 1'b0;
          end else if (start) begin
            good_q <= !good_q;
            if (good_q && 32'(fmax_q) < 32'(MaxWords)) fmax_q <= fmax_q + 5'd1;
          end
          if (start) begin
            cseq_q   <= start_seq;
            cstamp_q <= rw_id_q;
            cstart_q <= slot_start[start_seq[4:0]];
            cn_q     <= slot_n[start_seq[4:0]];
            ch_q     <= slot_h[start_seq[4:0]];
            crc8_q   <= '0;
            crc32_q  <= '1;
            bi_q     <= '0;
            wi_q     <= '0;
            st_q     <= S_HDR;
          end
        end
        S_HDR:
          if (emit) begin
            bi_q <= bi_q + 4'd1;
            if (bi_q == 4'd9) st_q <= S_LOAD;
          end
        S_LOAD: begin
          bi_q <= '0;
          st_q <= S_WORD;
        end
        S_WORD:
          if (emit) begin
            bi_q <= bi_q + 4'd1;
            if (bi_q == 4'd7) begin
              wi_q <= wi_q + 5'd1;
              bi_q <= '0;
              st_q <= (wi_q + 5'd1 == cn_q) ? S_CRC : S_LOAD;
            end
          end
        S_CRC:
          if (emit) begin
            bi_q <= bi_q + 4'd1;
            if (bi_q == 4'd3) begin
              st_q   <= S_IDLE;
              if (first) begin
                hi_q     <= hi_q + 8'd1;
                frames_q <= frames_q + 32'd1;
              end else begin
                resends_q <= resends_q + 32'd1;
              end
            end
          end
        default: st_q <= S_IDLE;
      endcase
    end
  end

`ifdef RRU_ASSERTIONS
  // The kernel writes THR only while it holds the transmitter.
  always_ff @(posedge clk_i or negedge rst_ni)
    if (rst_ni && cpu_tx_valid_i) assert (sender_idle)
      else $error("rru_log_streamer: a THR write in the middle of a LOG_STREAM frame");
`endif
endmodule
