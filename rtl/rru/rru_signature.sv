// One Bloom signature (a chunk's read or write set) in flip-flops: NHash
// partitions of 2**IdxW bits, indexed by rru_sig_hash. Membership test and
// insertion take precomputed indices, so one hash unit serves the whole
// chunk table. The update of a cycle has two steps, matching the phases of a
// cycle (docs/design.md §2.2): first the insert (retire phase) and a clear
// (retire/control phase; the clear wins), then the membership test (bus
// phase, on the updated bits), then a late clear (a chunk started by the bus
// phase). fill_o counts set bits; fill_ins_o is the count after this cycle's
// insert, for the fill limit check.
module rru_signature #(
  parameter int NHash = 4,
  parameter int IdxW  = 6,
  localparam int Bits = NHash << IdxW,
  localparam int FillW = $clog2(Bits + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // update port
  input  logic                  insert_i,
  input  logic [NHash*IdxW-1:0] insert_idx_i,
  input  logic                  clear_i,
  input  logic                  clear_late_i,
  // membership test (combinational, on the bits after insert_i / clear_i)
  input  logic [NHash*IdxW-1:0] test_idx_i,
  output logic                  hit_o,
  // set bits
  output logic [FillW-1:0]      fill_o,
  output logic [FillW-1:0]      fill_ins_o
);
  logic [Bits-1:0]  bits_q;
  logic [FillW-1:0] fill_q;
  logic [FillW-1:0] new_bits;
  logic [NHash-1:0] part_hit;

  // Written bit by bit, never as whole vectors: with 2 x (K+1) signatures
  // of NHash << IdxW bits per RRU, a wide mask, OR and select evaluated
  // every cycle were the largest part of rru-sim's time (the RRUs idle).
  // Then bits_q is updated in place: only the bits set, or all on a clear.
  // (only used on an insert: skipped otherwise, as for most signatures in
  // most cycles)
  always_comb begin
    new_bits = '0;
    if (insert_i) begin
      for (int h = 0; h < NHash; h++) begin
        if (!bits_q[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])]) new_bits = new_bits + 1'b1;
      end
    end
  end

  assign fill_ins_o = insert_i ? fill_q + new_bits : fill_q;

  // The membership test sees the bits after this cycle's insert and clear
  // (not the late clear, which depends on it): a partition hits if its bit
  // is set or is being inserted. An empty signature (fill_q counts its set
  // bits) with nothing inserted hits nothing: the lookups are skipped.
  always_comb begin
    part_hit = '0;
    if (!clear_i && (fill_q != '0 || insert_i)) begin
      for (int h = 0; h < NHash; h++) begin
        part_hit[h] = bits_q[h*(1 << IdxW) + 32'(test_idx_i[h*IdxW +: IdxW])] ||
                      (insert_i && (test_idx_i[h*IdxW +: IdxW] == insert_idx_i[h*IdxW +: IdxW]));
      end
    end
    hit_o = &part_hit;
  end

  assign fill_o = fill_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bits_q <= '0;
      fill_q <= '0;
    end else begin
      // nothing to do in most cycles (no insert, no clear): fill_q holds
      if (clear_i || clear_late_i) begin
        bits_q <= '0;
        fill_q <= '0;
      end else if (insert_i) begin
        fill_q <= fill_ins_o;
        for (int h = 0; h < NHash; h++) begin
          bits_q[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])] <= 1'b1;
        end
      end
    end
  end

`ifdef RRU_ASSERTIONS
  // The incremental fill count always equals the number of set bits.
  always_comb begin
    assert (fill_q == FillW'($countones(bits_q)));
  end
`endif
endmodule
