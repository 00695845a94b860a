// Digest unit: a running hash of the hart's retired U-mode memory accesses
// (include/rru/rru_digest.h is the definition), saved and restored by the
// kernel with each thread's context through the register block.
module rru_digest (
  input  logic        clk_i,
  input  logic        rst_ni,
  // retirement port
  input  logic        rvfi_valid_i,
  input  logic        rvfi_trap_i,
  input  logic [1:0]  rvfi_priv_i,
  input  logic [31:0] rvfi_mem_addr_i,
  input  logic [3:0]  rvfi_mem_rmask_i,
  input  logic [3:0]  rvfi_mem_wmask_i,
  input  logic [31:0] rvfi_mem_rdata_i,
  input  logic [31:0] rvfi_mem_wdata_i,
  // save / restore
  input  logic        wr_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] digest_o
);
  logic [31:0] d_q, d_d, d_r, rlanes, wlanes;
  logic        take;

  function automatic logic [31:0] rotl(input logic [31:0] v, input int n);
    rotl = (v << n) | (v >> (32 - n));
  endfunction

  function automatic logic [31:0] step(input logic [31:0] d, input logic [31:0] addr,
                                       input logic [31:0] value, input logic is_write);
    logic [31:0] x, t;
    x = addr ^ rotl(value, 13) ^ (is_write ? 32'ha5a5a5a5 : 32'h3c3c3c3c);
    t = rotl(d, 7) + x;
    step = t ^ (t >> 11);
  endfunction

  for (genvar i = 0; i < 4; i++) begin : g_lane
    assign rlanes[8*i +: 8] = {8{rvfi_mem_rmask_i[i]}};
    assign wlanes[8*i +: 8] = {8{rvfi_mem_wmask_i[i]}};
  end

  assign take = rvfi_valid_i && !rvfi_trap_i && rvfi_priv_i == 2'd0;

  always_comb begin
    d_r = d_q;
    if (take && rvfi_mem_rmask_i != 4'd0) begin
      d_r = step(d_q, rvfi_mem_addr_i, rvfi_mem_rdata_i & rlanes, 1'b0);
    end
    d_d = d_r;
    if (take && rvfi_mem_wmask_i != 4'd0) begin
      d_d = step(d_r, rvfi_mem_addr_i, rvfi_mem_wdata_i & wlanes, 1'b1);
    end
    if (wr_i) d_d = wdata_i;   // a restore (the kernel runs in M-mode)
  end

  assign digest_o = d_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) d_q <= '0;
    else         d_q <= d_d;
  end
endmodule
