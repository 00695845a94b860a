// The RRU's log buffer: a FIFO of raw record words (include/rru/rru_raw.h)
// between the recorder and whoever drains it (the register read port or a
// hardware streamer). Depth is a power of two. When it is full the recorder
// keeps finished chunks in its own slots and, when those run out, stalls
// the core at retirement; nothing is dropped or reordered.
module rru_log_fifo #(
  parameter int Depth = 16,
  parameter int Width = 64,
  localparam int AW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // write side
  input  logic             push_valid_i,
  input  logic [Width-1:0] push_data_i,
  output logic             push_ready_o,
  // read side
  output logic             pop_valid_o,
  output logic [Width-1:0] pop_data_o,
  input  logic             pop_ready_i,
  // fill level
  output logic [AW:0]      level_o
);
  logic [Width-1:0] mem_q [Depth];
  logic [AW-1:0]    wptr_q, rptr_q;
  logic [AW:0]      cnt_q, cnt_d;
  logic             do_push, do_pop;

  assign push_ready_o = cnt_q != (AW + 1)'(Depth);
  assign pop_valid_o  = cnt_q != '0;
  assign pop_data_o   = mem_q[rptr_q];
  assign do_push      = push_valid_i && push_ready_o;
  assign do_pop       = pop_valid_o && pop_ready_i;
  assign level_o      = cnt_q;

  always_comb begin
    cnt_d = cnt_q;
    if (do_push && !do_pop) cnt_d = cnt_q + 1'b1;
    if (do_pop && !do_push) cnt_d = cnt_q - 1'b1;
  end

  always_ff @(posedge clk_i) begin
    if (do_push) mem_q[wptr_q] <= push_data_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
      cnt_q  <= '0;
    end else begin
      if (do_push) wptr_q <= wptr_q + 1'b1;
      if (do_pop)  rptr_q <= rptr_q + 1'b1;
      cnt_q <= cnt_d;
    end
  end

`ifdef RRU_ASSERTIONS
  initial assert (Depth >= 2 && (Depth & (Depth - 1)) == 0);
`endif
endmodule
