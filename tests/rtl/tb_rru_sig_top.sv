// Bench top for the signature test (tests/rtl/tb_rru_sig.cpp): one hash unit
// for inserts, one for membership tests, and one signature.
module tb_rru_sig_top #(
  parameter int NHash  = 4,
  parameter int IdxW   = 6,
  parameter int Family = 0,
  localparam int FillW = $clog2((NHash << IdxW) + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  clear_i,
  input  logic                  insert_i,
  input  logic [31:0]           ins_line_i,
  input  logic [31:0]           test_line_i,
  output logic                  hit_o,
  output logic [FillW-1:0]      fill_o,
  output logic [FillW-1:0]      fill_ins_o,
  output logic [NHash*IdxW-1:0] test_idx_o
);
  logic [NHash*IdxW-1:0] ins_idx;

  rru_sig_hash #(.NHash(NHash), .IdxW(IdxW), .Family(Family)) u_ins_hash (
    .en_i(1'b1), .line_i(ins_line_i), .idx_o(ins_idx));
  rru_sig_hash #(.NHash(NHash), .IdxW(IdxW), .Family(Family)) u_test_hash (
    .en_i(1'b1), .line_i(test_line_i), .idx_o(test_idx_o));
  rru_signature #(.NHash(NHash), .IdxW(IdxW)) u_sig (
    .clk_i(clk_i), .rst_ni(rst_ni), .insert_i(insert_i), .insert_idx_i(ins_idx),
    .clear_i(clear_i), .clear_late_i(1'b0), .test_i(1'b1), .test_idx_i(test_idx_o), .hit_o(hit_o),
    .fill_o(fill_o), .fill_ins_o(fill_ins_o));
endmodule
