// Single-writer-multiple-reader invariant checker (simulation only: the body
// is behind RRU_ASSERTIONS). Every cycle it reads one line index from every
// D-cache and asserts that a line held in M by one cache is valid in no other.
// The index checked is the line of the bus transaction that completed in the
// previous cycle (the only place a new copy appears: snoops only remove or
// downgrade copies), and otherwise a pointer that sweeps all indices.
module rru_swmr_check #(
  parameter int NCores = 4,
  parameter int IdxW   = 8,
  parameter int TagW   = 20
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   obs_valid_i,   // a bus transaction starts
  input  logic [31:0]            obs_line_i,    // its line address
  input  logic                   done_i,        // a bus transaction completed
  output logic [IdxW-1:0]        chk_idx_o,
  input  logic [2*NCores-1:0]    chk_state_i,
  input  logic [TagW*NCores-1:0] chk_tag_i
);
`ifdef RRU_ASSERTIONS
  logic [IdxW-1:0] sweep_q;
  logic            done_q;
  logic [IdxW-1:0] done_idx_q;
  logic [IdxW-1:0] cur_idx_q;
  integer          i, j;

  assign chk_idx_o = done_q ? done_idx_q : sweep_q;
  logic unused_bits;
  assign unused_bits = ^obs_line_i[31:IdxW];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sweep_q    <= '0;
      done_q     <= 1'b0;
      done_idx_q <= '0;
      cur_idx_q  <= '0;
    end else begin
      if (obs_valid_i) cur_idx_q <= obs_line_i[IdxW-1:0];
      sweep_q    <= sweep_q + 1'b1;
      done_q     <= done_i;
      done_idx_q <= cur_idx_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) if (rst_ni) begin
    for (i = 0; i < NCores; i++) begin
      if (chk_state_i[2*i +: 2] == rru_mem_pkg::ST_M) begin
        for (j = 0; j < NCores; j++) begin
          if (j != i && chk_state_i[2*j +: 2] != rru_mem_pkg::ST_I)
            assert (chk_tag_i[TagW*j +: TagW] != chk_tag_i[TagW*i +: TagW])
              else $error("SWMR violated: cache %0d holds index %0d in M, cache %0d has a copy",
                          i, chk_idx_o, j);
        end
      end
    end
  end
`else
  assign chk_idx_o = '0;
  logic unused_bits;
  assign unused_bits = ^{clk_i, rst_ni, obs_valid_i, obs_line_i, done_i, chk_state_i, chk_tag_i};
`endif
endmodule
