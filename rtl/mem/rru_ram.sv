// Main memory: one line-wide port, synchronous read (data the next cycle).
// en_i with we_i writes; en_i alone reads. line_i is the bus line address
// (byte address >> log2(LineBytes)); the offset from Base is taken modulo the
// size. The harness loads programs through the public array before reset.
module rru_ram #(
  parameter int          Bytes     = 1 << 20,
  parameter int          LineBytes = 16,
  localparam int LineBits = LineBytes * 8,
  localparam int Lines    = Bytes / LineBytes,
  localparam int IdxW     = $clog2(Lines)
) (
  input  logic                clk_i,
  input  logic                en_i,
  input  logic                we_i,
  input  logic [31:0]         line_i,
  input  logic [LineBits-1:0] wdata_i,
  output logic [LineBits-1:0] rdata_o
);
  logic [LineBits-1:0] mem [Lines] /* verilator public_flat_rw */;
  logic [IdxW-1:0]     idx;

  assign idx = line_i[IdxW-1:0];
  logic unused_bits;   // the bus decodes RAM; high line bits are the base
  assign unused_bits = ^line_i[31:IdxW];

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      if (we_i) mem[idx] <= wdata_i;
      rdata_o <= mem[idx];
    end
  end
endmodule
