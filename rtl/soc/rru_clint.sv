// CLINT (SiFive layout): msip[h] at +4h, mtimecmp[h] (64-bit) at
// +0x4000+8h, mtime (64-bit) at +0xBFF8. mtime counts clock cycles divided
// by TickDiv. mtimecmp resets to all ones (no timer interrupt until set).
module rru_clint #(
  parameter int NCores  = 4,
  parameter int TickDiv = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  // register access (one cycle, 32-bit words)
  input  logic              sel_i,
  input  logic              we_i,
  input  logic [15:0]       addr_i,
  input  logic [3:0]        be_i,
  input  logic [31:0]       wdata_i,
  output logic [31:0]       rdata_o,
  // interrupts
  output logic [NCores-1:0] irq_soft_o,
  output logic [NCores-1:0] irq_timer_o
);
  localparam int DivW = (TickDiv > 1) ? $clog2(TickDiv) : 1;

  logic [NCores-1:0] msip_q;
  logic [63:0]       mtimecmp_q [NCores];
  logic [63:0]       mtime_q;
  logic [DivW-1:0]   div_q;
  logic [31:0]       wmask;
  integer            h;

  assign wmask = {{8{be_i[3]}}, {8{be_i[2]}}, {8{be_i[1]}}, {8{be_i[0]}}};

  always_comb begin
    rdata_o = '0;
    for (h = 0; h < NCores; h++) begin
      if (addr_i == 16'(4 * h))                rdata_o = {31'b0, msip_q[h]};
      if (addr_i == 16'(32'h4000 + 8 * h))     rdata_o = mtimecmp_q[h][31:0];
      if (addr_i == 16'(32'h4000 + 8 * h + 4)) rdata_o = mtimecmp_q[h][63:32];
    end
    if (addr_i == 16'hbff8) rdata_o = mtime_q[31:0];
    if (addr_i == 16'hbffc) rdata_o = mtime_q[63:32];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      msip_q  <= '0;
      mtime_q <= '0;
      div_q   <= '0;
      for (h = 0; h < NCores; h++) mtimecmp_q[h] <= '1;
    end else begin
      if (TickDiv <= 1 || div_q == DivW'(TickDiv - 1)) begin
        mtime_q <= mtime_q + 1'b1;
        div_q   <= '0;
      end else begin
        div_q <= div_q + 1'b1;
      end
      if (sel_i && we_i) begin
        for (h = 0; h < NCores; h++) begin
          if (addr_i == 16'(4 * h) && be_i[0]) msip_q[h] <= wdata_i[0];
          if (addr_i == 16'(32'h4000 + 8 * h))
            mtimecmp_q[h][31:0] <= (mtimecmp_q[h][31:0] & ~wmask) | (wdata_i & wmask);
          if (addr_i == 16'(32'h4000 + 8 * h + 4))
            mtimecmp_q[h][63:32] <= (mtimecmp_q[h][63:32] & ~wmask) | (wdata_i & wmask);
        end
        if (addr_i == 16'hbff8) mtime_q[31:0]  <= (mtime_q[31:0] & ~wmask) | (wdata_i & wmask);
        if (addr_i == 16'hbffc) mtime_q[63:32] <= (mtime_q[63:32] & ~wmask) | (wdata_i & wmask);
      end
    end
  end

  always_comb begin
    for (h = 0; h < NCores; h++) irq_timer_o[h] = mtime_q >= mtimecmp_q[h];
  end
  assign irq_soft_o = msip_q;
  logic unused_bits;   // word registers: the byte offset is always 0
  assign unused_bits = ^addr_i[1:0];
endmodule
