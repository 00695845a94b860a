// A bank of NSig Bloom signatures (chunks' read or write sets) in
// flip-flops, each NHash partitions of 2**IdxW bits, indexed by
// rru_sig_hash. Membership test and insertion take precomputed indices, so
// one hash unit serves the whole chunk table. The update of a cycle has two
// steps, matching the phases of a cycle (docs/design.md §2.2): first the
// insert (retire phase) and a clear (retire/control phase; the clear wins),
// then the membership test (bus phase, on the updated bits), then a late
// clear (a chunk started by the bus phase). fill_o counts set bits;
// fill_ins_o is the count after this cycle's insert, for the fill limit
// check. Signature g is bits [g*Bits +: Bits] and fields [g*FillW +: FillW].
module rru_signature #(
  parameter int NHash = 4,
  parameter int IdxW  = 6,
  parameter int NSig  = 1,
  localparam int Bits = NHash << IdxW,
  localparam int FillW = $clog2(Bits + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // update port
  input  logic [NSig-1:0]       insert_i,
  input  logic [NHash*IdxW-1:0] insert_idx_i,
  input  logic [NSig-1:0]       clear_i,
  input  logic [NSig-1:0]       clear_late_i,
  // membership test (combinational, on the bits after insert_i / clear_i);
  // hit_o is 0 without test_i
  input  logic                  test_i,
  input  logic [NHash*IdxW-1:0] test_idx_i,
  output logic [NSig-1:0]       hit_o,
  // set bits
  output logic [NSig*FillW-1:0] fill_o,
  output logic [NSig*FillW-1:0] fill_ins_o
);
  logic [NSig*FillW-1:0] fill_q;
  logic                  upd;

  // Logic evaluated every cycle for every signature (2 x (K+1) of
  // NHash << IdxW bits per RRU) was the largest part of rru-sim's time while
  // the RRUs are idle. So each signature's logic sits under a condition that
  // is false in most cycles: the bank-wide update enable upd (an insert or a
  // clear somewhere), the test enable test_i, its own insert. Each signature
  // keeps its own vector of bits (bits_q of g_sig[g]): one wide vector for
  // the whole bank would make yosys's proc slow on the indexed bit writes.
  assign upd = (insert_i | clear_i | clear_late_i) != '0;

  for (genvar g = 0; g < NSig; g++) begin : g_sig
    logic [Bits-1:0]  bits_q;
    logic [FillW-1:0] new_bits;   // bits the insert sets
    logic [NHash-1:0] part_hit;

    always_comb begin
      new_bits = '0;
      if (insert_i[g]) begin
        for (int h = 0; h < NHash; h++) begin
          if (!bits_q[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])]) new_bits = new_bits + 1'b1;
        end
      end
    end
    assign fill_ins_o[g*FillW +: FillW] = fill_q[g*FillW +: FillW] + new_bits;

    // The membership test sees the bits after this cycle's insert and clear
    // (not the late clear, which depends on it): a partition hits if its bit
    // is set or is being inserted. An empty signature (fill_q counts its set
    // bits) with nothing inserted hits nothing: the lookups are skipped.
    always_comb begin
      part_hit = '0;
      if (test_i && !clear_i[g] && (fill_q[g*FillW +: FillW] != '0 || insert_i[g])) begin
        for (int h = 0; h < NHash; h++) begin
          part_hit[h] = bits_q[h*(1 << IdxW) + 32'(test_idx_i[h*IdxW +: IdxW])] ||
                        (insert_i[g] && (test_idx_i[h*IdxW +: IdxW] == insert_idx_i[h*IdxW +: IdxW]));
        end
      end
    end
    assign hit_o[g] = &part_hit;

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        bits_q                   <= '0;
        fill_q[g*FillW +: FillW] <= '0;
      end else if (upd) begin
        if (clear_i[g] || clear_late_i[g]) begin
          bits_q                   <= '0;
          fill_q[g*FillW +: FillW] <= '0;
        end else if (insert_i[g]) begin
          fill_q[g*FillW +: FillW] <= fill_ins_o[g*FillW +: FillW];
          for (int h = 0; h < NHash; h++) begin
            bits_q[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])] <= 1'b1;
          end
        end
      end
    end

`ifdef RRU_ASSERTIONS
    // The incremental fill count always equals the number of set bits.
    always_comb begin
      assert (fill_q[g*FillW +: FillW] == FillW'($countones(bits_q)));
    end
`endif
  end

  assign fill_o = fill_q;

endmodule
