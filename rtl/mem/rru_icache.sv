// L1 instruction cache: direct-mapped, read-only. A miss fills the line with a
// BusRd (coherent at fill time: a D-cache holding the line in M supplies it
// and keeps it in S). It does not snoop afterwards: software runs fence.i
// (icache_flush_i) after writing code, which invalidates every line before
// the next fetch is answered. Fetches outside RAM answer with ifetch_err_o.
// The lookup is registered when the request arrives (the core holds it), so
// no output depends combinationally on the fetch address: the core may issue
// a fetch and accept its answer from the same combinational block.
module rru_icache #(
  parameter int          CacheBytes = 4096,
  parameter int          LineBytes  = 16,
  parameter logic [31:0] RamBase    = 32'h8000_0000,
  parameter int          RamBytes   = 1 << 20,
  localparam int LineBits = LineBytes * 8,
  localparam int Lines    = CacheBytes / LineBytes,
  localparam int OffW     = $clog2(LineBytes),
  localparam int IdxW     = $clog2(Lines),
  localparam int TagW     = 32 - OffW - IdxW
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // core instruction port
  input  logic                ifetch_req_i,
  input  logic [31:0]         ifetch_addr_i,
  output logic                ifetch_rvalid_o,
  output logic [31:0]         ifetch_rdata_o,
  output logic                ifetch_err_o,
  input  logic                icache_flush_i,
  // bus request port (BusRd only)
  output logic                breq_o,
  output logic [31:0]         baddr_o,
  input  logic                bgnt_i,
  input  logic                bdone_i,
  input  logic [LineBits-1:0] brdata_i
);
  typedef enum logic [1:0] {StIdle, StLookup, StMissReq, StMissWait} state_e;

  state_e              st_q, st_d;
  logic [Lines-1:0]    valid_q;          // written per entry (see below)
  logic [TagW-1:0]     tag_q [Lines];
  logic [LineBits-1:0] data_q [Lines];
  logic [31:0]         rd_word_q;
  logic                kill_q, kill_d;   // a flush arrived during the fill
  logic                hit_q, ram_q;     // lookup result, registered
  logic [OffW-3:0]     woff_q;
  logic [31-OffW:0]    line_q;

  logic [IdxW-1:0]     req_idx;
  logic [TagW-1:0]     req_tag;
  logic [OffW-3:0]     req_woff;
  logic                req_ram, hit, fill;

  assign req_idx  = ifetch_addr_i[OffW +: IdxW];
  assign req_tag  = ifetch_addr_i[31 -: TagW];
  assign req_woff = ifetch_addr_i[OffW-1:2];
  assign req_ram  = (ifetch_addr_i - RamBase) < 32'(RamBytes);
  // a flush in the cycle the request arrives (fence.i) makes it miss
  assign hit      = valid_q[req_idx] && (tag_q[req_idx] == req_tag) && !icache_flush_i;
  assign baddr_o  = {line_q, {OffW{1'b0}}};
  assign breq_o   = (st_q == StMissReq);

  always_comb begin
    st_d            = st_q;
    kill_d          = kill_q;
    ifetch_rvalid_o = 1'b0;
    ifetch_err_o    = 1'b0;
    fill            = 1'b0;
    ifetch_rdata_o  = rd_word_q;
    unique case (st_q)
      StIdle: if (ifetch_req_i) st_d = StLookup;
      StLookup: begin
        if (!ram_q) begin
          ifetch_rvalid_o = 1'b1;
          ifetch_err_o    = 1'b1;
          st_d            = StIdle;
        end else if (hit_q) begin
          ifetch_rvalid_o = 1'b1;
          st_d            = StIdle;
        end else begin
          kill_d = 1'b0;
          st_d   = StMissReq;
        end
      end
      StMissReq: if (bgnt_i) st_d = StMissWait;
      StMissWait: if (bdone_i) begin
        ifetch_rvalid_o = 1'b1;
        ifetch_rdata_o  = brdata_i[{woff_q, 5'b0} +: 32];
        fill            = !kill_q && !icache_flush_i;
        st_d            = StIdle;
      end
      default: st_d = StIdle;
    endcase
    if (icache_flush_i && st_q != StIdle && st_q != StLookup) kill_d = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q    <= StIdle;
      valid_q <= '0;
      kill_q  <= 1'b0;
      hit_q   <= 1'b0;
      ram_q   <= 1'b0;
      woff_q  <= '0;
      line_q  <= '0;
    end else begin
      if (st_q == StIdle) begin
        hit_q  <= hit;
        ram_q  <= req_ram;
        woff_q <= req_woff;
        line_q <= ifetch_addr_i[31:OffW];
      end
      st_q    <= st_d;
      if (icache_flush_i) valid_q <= '0;
      else if (fill)      valid_q[line_q[IdxW-1:0]] <= 1'b1;
      kill_q  <= kill_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (fill) begin
      data_q[line_q[IdxW-1:0]] <= brdata_i;
      tag_q[line_q[IdxW-1:0]]  <= line_q[IdxW +: TagW];
    end
    rd_word_q <= data_q[req_idx][{req_woff, 5'b0} +: 32];
  end

`ifdef RRU_ASSERTIONS
  always_ff @(posedge clk_i or negedge rst_ni) if (rst_ni) begin
    if (st_q != StIdle) assert (ifetch_req_i);
    if (bgnt_i) assert (breq_o);
  end
`endif
endmodule
