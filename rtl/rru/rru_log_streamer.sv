// The hardware log streamer (docs/design.md §5.6): moves the RRUs' log
// words to the UART as framed, checksummed LOG_STREAM frames, with no
// firmware on the data path. It pops the RRU log buffers into a
// retransmission window in block RAM (frames of up to MaxWords words of one
// hart), sends each frame (header, CRC-8, payload, CRC-32 computed here, a
// byte at a time as the UART takes them) and keeps it until the host
// acknowledges it. The host's LOG_ACK frames reach the ACK register (the
// kernel relays them); a rewind request or a silent timeout sends again
// from the oldest unacknowledged frame (go-back-N). When the window is full
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
//                     seq to send, 31:24 next seq to build
//   0x08 ACK      w   7:0 next seq the host expects, bit 8 rewind
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
  logic        en_q, hold_q, rewind_q;
  // frame size: halved at each rewind, doubled after 16 frames acknowledged
  // without one (a noisy line gets short frames, which get through)
  logic [4:0]  fmax_q;
  logic [7:0]  good_q;
  logic [31:0] timeout_q, tmo_cnt_q, bytes_q, scrc_q, frames_q, resends_q;
  // --- sequence numbers: ack <= send <= fill (mod 256, at most NSlots apart);
  // hi: one past the highest seq ever sent (first transmissions)
  logic [7:0]  ack_q, send_q, fill_q, hi_q;
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
  logic          emit, first, sender_idle, behind;
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
      6'h01: rdata_o = {fill_q, send_q, ack_q, 5'b0, en_q, hold_q && sender_idle, idle};
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
  logic wr_ctrl, wr_ack, wr_hold, wr_tmo, reset_req;
  assign wr_ctrl   = sel_i && we_i && addr_i[7:2] == 6'h00;
  assign wr_ack    = sel_i && we_i && addr_i[7:2] == 6'h02;
  assign wr_hold   = sel_i && we_i && addr_i[7:2] == 6'h03;
  assign wr_tmo    = sel_i && we_i && addr_i[7:2] == 6'h04;
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
  assign flen  = 16'(1 + 8 * 32'(cn_q));
  assign crc_out = ~crc32_q;
  // send_q behind ack_q: everything from it on was acknowledged meanwhile
  assign behind = 8'(send_q - ack_q) > 8'(NSlots);
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
          4'd5: byte_out = 8'h00;
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

  always_ff @(posedge clk_i) begin
    if (close) begin
      slot_start[fill_q[4:0]] <= bstart_q;
      slot_n[fill_q[4:0]]     <= bn_q;
      slot_h[fill_q[4:0]]     <= bh_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      en_q <= 1'b0; hold_q <= 1'b0; rewind_q <= 1'b0;
      fmax_q <= 5'(MaxWords); good_q <= '0;
      timeout_q <= '0; tmo_cnt_q <= '0;
      bytes_q <= '0; scrc_q <= '1; frames_q <= '0; resends_q <= '0;
      ack_q <= '0; send_q <= '0; fill_q <= '0; hi_q <= '0;
      open_q <= 1'b0; bh_q <= '0; rr_q <= '0; bn_q <= '0; bstart_q <= '0; wptr_q <= '0;
      age_q <= '0;
      st_q <= S_IDLE; bi_q <= '0; wi_q <= '0; cseq_q <= '0; cstart_q <= '0; cn_q <= '0;
      ch_q <= '0; crc8_q <= '0; crc32_q <= '0; gap_q <= 1'b0;
    end else if (reset_req) begin
      // a new run: everything from the previous one is forgotten
      en_q <= wdata_i[0]; rewind_q <= 1'b0; tmo_cnt_q <= '0;
      fmax_q <= 5'(MaxWords); good_q <= '0;
      bytes_q <= '0; scrc_q <= '1; frames_q <= '0; resends_q <= '0;
      ack_q <= '0; send_q <= '0; fill_q <= '0; hi_q <= '0;
      open_q <= 1'b0; bn_q <= '0; wptr_q <= '0; bstart_q <= '0;
      st_q <= S_IDLE; gap_q <= 1'b0;
    end else begin
      if (wr_ctrl) en_q <= wdata_i[0];
      if (wr_hold) hold_q <= wdata_i[0];
      if (wr_tmo) timeout_q <= wdata_i;

      // acknowledgements: only forward, only over frames sent
      if (wr_ack && 8'(wdata_i[7:0] - ack_q) <= 8'(hi_q - ack_q)) begin
        ack_q <= wdata_i[7:0];
        if (wdata_i[7:0] != ack_q) tmo_cnt_q <= '0;
        if (good_q + 8'(wdata_i[7:0] - ack_q) >= 8'd16) begin
          good_q <= '0;
          fmax_q <= (32'(fmax_q) * 2 > 32'(MaxWords)) ? 5'(MaxWords) : (fmax_q << 1);
        end else begin
          good_q <= good_q + 8'(wdata_i[7:0] - ack_q);
        end
      end
      if (wr_ack && wdata_i[8]) rewind_q <= 1'b1;
      if (hi_q != ack_q && timeout_q != '0 && !(wr_ack && wdata_i[7:0] != ack_q)) begin
        if (tmo_cnt_q >= timeout_q) begin
          rewind_q  <= 1'b1;
          tmo_cnt_q <= '0;
        end else begin
          tmo_cnt_q <= tmo_cnt_q + 32'd1;
        end
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
          if (behind) begin
            send_q <= ack_q;
          end else if (rewind_q) begin
            send_q   <= ack_q;
            rewind_q <= 1'b0;
            tmo_cnt_q <= '0;
            fmax_q   <= (fmax_q > 5'd3) ? (fmax_q >> 1) : 5'd2;
            good_q   <= '0;
          end else if (send_q != fill_q && !hold_q) begin
            cseq_q   <= send_q;
            cstart_q <= slot_start[send_q[4:0]];
            cn_q     <= slot_n[send_q[4:0]];
            ch_q     <= slot_h[send_q[4:0]];
            crc8_q   <= '0;
            crc32_q  <= '1;
            bi_q     <= '0;
            wi_q     <= '0;
            st_q     <= S_HDR;
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
              send_q <= cseq_q + 8'd1;
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
