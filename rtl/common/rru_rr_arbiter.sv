// Round-robin arbiter: grants one of N requesters, starting the search just
// after the last requester served, so every waiting requester is served
// within N grants (the shared bus relies on this for forward progress).
//
// The grant is combinational from req_i; the priority moves only when the
// current grant is consumed (advance_i), so a requester that is granted keeps
// the grant while the transfer it started is still in progress.
module rru_rr_arbiter #(
  parameter int N = 4,
  localparam int IdxW = (N > 1) ? $clog2(N) : 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  // requests and grant
  input  logic [N-1:0]    req_i,
  input  logic            advance_i,   // the granted requester was served
  output logic [N-1:0]    gnt_o,       // one-hot, or zero when no request
  output logic [IdxW-1:0] gnt_idx_o,
  output logic            gnt_valid_o
);
  // Index of the requester with the highest priority next time.
  logic [IdxW-1:0] next_q, next_d;
  // Candidate index during the scan; one bit wider so next_q + offset cannot wrap.
  logic [IdxW:0]   cand;

  always_comb begin
    gnt_o       = '0;
    gnt_idx_o   = '0;
    gnt_valid_o = 1'b0;
    // Scan from next_q upwards (wrapping): the first request found wins.
    cand        = '0;
    for (int off = N - 1; off >= 0; off--) begin
      cand = {1'b0, next_q} + (IdxW + 1)'(off);
      if (cand >= (IdxW + 1)'(N)) cand = cand - (IdxW + 1)'(N);
      if (req_i[cand[IdxW-1:0]]) begin
        gnt_idx_o   = cand[IdxW-1:0];
        gnt_valid_o = 1'b1;
      end
    end
    if (gnt_valid_o) gnt_o[gnt_idx_o] = 1'b1;
  end

  always_comb begin
    next_d = next_q;
    if (advance_i && gnt_valid_o) begin
      next_d = (gnt_idx_o == IdxW'(N - 1)) ? '0 : gnt_idx_o + 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) next_q <= '0;
    else         next_q <= next_d;
  end

`ifdef RRU_ASSERTIONS
  // One-hot grant, and only to a requester.
  always_ff @(posedge clk_i or negedge rst_ni) if (rst_ni) begin
    assert ((gnt_o & (gnt_o - 1'b1)) == '0);
    assert ((gnt_o & ~req_i) == '0);
    assert (gnt_valid_o == (req_i != '0));
  end
`endif
endmodule
