// One Bloom signature (a chunk's read or write set) in flip-flops: NHash
// partitions of 2**IdxW bits, indexed by rru_sig_hash. Membership test and
// insertion take precomputed indices, so one hash unit serves the whole
// chunk table. A clear and an insert in the same cycle leave only the
// inserted line (a new chunk starts with that access). fill_o counts the set
// bits (kept incrementally: an insert adds the bits it newly sets).
module rru_signature #(
  parameter int NHash = 4,
  parameter int IdxW  = 6,
  localparam int Bits = NHash << IdxW,
  localparam int FillW = $clog2(Bits + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // update port
  input  logic                  clear_i,
  input  logic                  insert_i,
  input  logic [NHash*IdxW-1:0] insert_idx_i,
  // membership test (combinational)
  input  logic [NHash*IdxW-1:0] test_idx_i,
  output logic                  hit_o,
  // set bits
  output logic [FillW-1:0]      fill_o
);
  logic [Bits-1:0]  bits_q, bits_d;
  logic [FillW-1:0] fill_q, fill_d;
  logic [Bits-1:0]  base;      // bits after the clear
  logic [Bits-1:0]  ins_mask;  // one bit per partition
  logic [FillW-1:0] base_fill;
  logic [FillW-1:0] new_bits;
  logic [NHash-1:0] part_hit;

  always_comb begin
    ins_mask = '0;
    for (int h = 0; h < NHash; h++) begin
      ins_mask[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])] = 1'b1;
    end
  end

  always_comb begin
    base      = clear_i ? '0 : bits_q;
    base_fill = clear_i ? '0 : fill_q;
    new_bits  = '0;
    for (int h = 0; h < NHash; h++) begin
      if (!base[h*(1 << IdxW) + 32'(insert_idx_i[h*IdxW +: IdxW])]) new_bits = new_bits + 1'b1;
    end
    bits_d = base;
    fill_d = base_fill;
    if (insert_i) begin
      bits_d = base | ins_mask;
      fill_d = base_fill + new_bits;
    end
  end

  always_comb begin
    for (int h = 0; h < NHash; h++) begin
      part_hit[h] = bits_q[h*(1 << IdxW) + 32'(test_idx_i[h*IdxW +: IdxW])];
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
