// Signature hash: maps a line address to one bit index per partition of a
// parallel Bloom signature (NHash partitions of 2**IdxW bits). One instance
// serves every signature of the chunk table, since all use the same hashes.
// Family rru_pkg::HASH_H3: index bit j of hash h is the parity of
// (line & H3 mask (h, j)) (rru_h3_pkg, generated from include/rru/rru_raw.h);
// rru_pkg::HASH_BITSEL: index bit j of hash h is line bit (h*IdxW + j) mod 32.
module rru_sig_hash #(
  parameter int NHash  = 4,
  parameter int IdxW   = 6,
  parameter int Family = 0
) (
  input  logic                  en_i,     // 0: idx_o is 0 (no user needs it)
  input  logic [31:0]           line_i,
  output logic [NHash*IdxW-1:0] idx_o
);
  // Computed only when a user needs the indices: the H3 family is NHash x
  // IdxW parities of 32 bits, which Verilator would otherwise evaluate in
  // every cycle for every RRU (about 7% of rru-sim's time, RRUs idle).
  always_comb begin
    idx_o = '0;
    if (en_i) begin
      for (int h = 0; h < NHash; h++) begin
        for (int j = 0; j < IdxW; j++) begin
          if (Family == 0) begin
            idx_o[h*IdxW + j] = ^(line_i &
                                  rru_h3_pkg::H3_MASKS[(h * rru_h3_pkg::H3_MAX_BITS + j)*32 +: 32]);
          end else begin
            idx_o[h*IdxW + j] = line_i[(h * IdxW + j) % 32];
          end
        end
      end
    end
  end

`ifdef RRU_ASSERTIONS
  initial begin
    assert (NHash >= 1 && NHash <= rru_h3_pkg::H3_MAX_HASHES);
    assert (IdxW >= 1 && IdxW <= rru_h3_pkg::H3_MAX_BITS);
  end
`endif
endmodule
