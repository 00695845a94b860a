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
  logic [Bits-1:0]  bits_q, bits_mid, bits_d;
  logic [FillW-1:0] fill_q, fill_mid, fill_d;
  logic [Bits-1:0]  ins_mask;  // one bit per partition
  logic [FillW-1:0] new_bits;
  logic [NHash-1:0] part_hit;

  always_comb begin
    ins_mask = '0;
    new_bits = '0;
    for (int h = 0; h < NHash; h++) begin
      ins_mask[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])] = 1'b1;
      if (!bits_q[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])]) new_bits = new_bits + 1'b1;
    end
  end

  // Separate processes per step, so that the two clears (the second depends
  // on the membership test) do not form a combinational loop in Verilator.
  assign fill_ins_o = insert_i ? fill_q + new_bits : fill_q;
  assign bits_mid   = clear_i ? '0 : (insert_i ? (bits_q | ins_mask) : bits_q);
  assign fill_mid   = clear_i ? '0 : fill_ins_o;
  assign bits_d     = clear_late_i ? '0 : bits_mid;
  assign fill_d     = clear_late_i ? '0 : fill_mid;

  always_comb begin
    for (int h = 0; h < NHash; h++) begin
      part_hit[h] = bits_mid[h*(1 << IdxW) + 32'(test_idx_i[h*IdxW +: IdxW])];
    end
    hit_o = &part_hit;
  end

  assign fill_o = fill_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bits_q <= '0;
      fill_q <= '0;
    end else begin
      bits_q <= bits_d;
      fill_q <= fill_d;
    end
  end

`ifdef RRU_ASSERTIONS
  // The incremental fill count always equals the number of set bits.
  always_comb begin
    assert (fill_q == FillW'($countones(bits_q)));
  end
`endif
endmodule
