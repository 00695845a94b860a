// Simulation control registers at 0x0010_1000 (rru-sim and the board; not on
// qemu). Word registers, read-only unless noted; the layout is defined in
// the harness README (the section "Simulation control registers"):
//   +0x00 MAGIC     0x5252_5331 ("RRS1")
//   +0x04 NCORES    harts running (rru-sim --cores)
//   +0x08 NTHREADS  threads requested (--threads; 0 = not given)
//   +0x0C SEED      --seed (0 = none: deterministic)
//   +0x10 FLAGS     bit 0: a resident kernel was loaded (not --bare);
//                   bit 1: latency perturbation on
//   +0x14 CYCLE_LO  cycles since reset, low word (reading it latches HI)
//   +0x18 CYCLE_HI  high word latched by the last CYCLE_LO read
//   +0x1C SCRATCH   read/write
module rru_simctl (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        sel_i,
  input  logic        we_i,
  input  logic [4:0]  addr_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] rdata_o,
  // values the harness provides
  input  logic [31:0] ncores_i,
  input  logic [31:0] nthreads_i,
  input  logic [31:0] seed_i,
  input  logic [31:0] flags_i
);
  logic [63:0] cycle_q;
  logic [31:0] hi_q, scratch_q;
  logic        unused_bits;   // word registers
  assign unused_bits = ^addr_i[1:0];

  always_comb begin
    unique case (addr_i[4:2])
      3'd0: rdata_o = 32'h5252_5331;
      3'd1: rdata_o = ncores_i;
      3'd2: rdata_o = nthreads_i;
      3'd3: rdata_o = seed_i;
      3'd4: rdata_o = flags_i;
      3'd5: rdata_o = cycle_q[31:0];
      3'd6: rdata_o = hi_q;
      default: rdata_o = scratch_q;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycle_q   <= '0;
      hi_q      <= '0;
      scratch_q <= '0;
    end else begin
      cycle_q <= cycle_q + 1'b1;
      if (sel_i && !we_i && addr_i[4:2] == 3'd5) hi_q <= cycle_q[63:32];
      if (sel_i && we_i && addr_i[4:2] == 3'd7) scratch_q <= wdata_i;
    end
  end
endmodule
