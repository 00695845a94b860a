// iCE40 implementation of rru_ram: the same module name, parameters and ports
// as rtl/mem/rru_ram.sv (one line-wide port, synchronous read, data the next
// cycle), substituted for it in the FPGA flow's file list only (the
// simulators keep rtl/mem's). See fpga/README.md.
//
// Main array: with RRU_ICE40_SPRAM defined (UP5K), LineBits/16 SB_SPRAM256KA
// side by side (16K x 16 each), so 8-byte lines and 128 KiB use all four;
// otherwise an inferred SB_RAM40_4K array (HX8K).
//
// Boot image: SPRAM is not initialised by the bitstream, so the kernel image
// sits in a 32-bit wide block-RAM ROM (RomWords words, $readmemh of RomHex;
// `make fpga-kernel` swaps its contents in the .asc with icebram). After
// configuration an init sequencer copies the ROM into lines 0.. of the array
// and clears every other line, which takes Lines + RomWords cycles; the board
// top holds the harts in reset for longer than that (rru_board_ice40,
// InitCycles). Port accesses during the init sequence are ignored.
`include "rru_fpga_cfg.svh"

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
  localparam int RomWords = `RRU_FPGA_ROM_WORDS;
  localparam int RomW     = $clog2(RomWords);
  localparam int Wpl      = LineBytes / 4;          // ROM words per line
  localparam int WplW     = $clog2(Wpl);
  localparam int RomLines = RomWords / Wpl;

  if (Wpl < 2 || RomLines >= Lines || (RomWords % Wpl) != 0) begin : g_bad_rom
    $error("rru_ram: the boot ROM must be whole lines, smaller than the RAM");
  end

  // --- init sequencer (flops start at 0 after configuration) ----------------
  logic            done_q  = 1'b0;    // init sequence finished
  logic [RomW:0]   rw_q    = '0;      // next ROM word to read (0..RomWords)
  logic            rv_q    = 1'b0;    // rom_q holds word rw_q - 1
  logic [IdxW-1:0] zc_q    = '0;      // zero phase: lines after the ROM image
  logic [31:0]     rom_q;
  logic [LineBits-33:0] ibuf_q;       // words of the line being assembled
  logic [LineBits-1:0] iline;         // ibuf_q with rom_q shifted in
  logic [RomW:0]   pw;                // the ROM word in rom_q
  logic            rom_phase, iwe;
  logic [IdxW-1:0] iidx;

  logic [31:0] rom [RomWords];
  initial $readmemh(`RRU_FPGA_ROM_HEX, rom);

  always_ff @(posedge clk_i) begin
    if (!done_q) rom_q <= rom[rw_q[RomW-1:0]];
  end

  assign pw        = rw_q - 1'b1;
  assign iline     = {rom_q, ibuf_q};
  assign rom_phase = (rw_q != (RomW+1)'(RomWords)) || rv_q;
  // a ROM line is written in the cycle its last word arrives; zero lines
  // are written one per cycle after the image
  assign iwe  = !done_q && (rom_phase ? (rv_q && pw[WplW-1:0] == WplW'(Wpl - 1)) : 1'b1);
  assign iidx = rom_phase ? IdxW'(pw[RomW:WplW]) : IdxW'(RomLines) + zc_q;

  always_ff @(posedge clk_i) begin
    if (!done_q) begin
      if (rw_q != (RomW+1)'(RomWords)) rw_q <= rw_q + 1'b1;
      rv_q <= (rw_q != (RomW+1)'(RomWords));
      if (rv_q) ibuf_q <= iline[LineBits-1:32];
      if (!rom_phase) begin
        zc_q <= zc_q + 1'b1;
        if (iidx == IdxW'(Lines - 1)) done_q <= 1'b1;
      end
    end
  end

  // --- the array --------------------------------------------------------------
  logic                a_en, a_we;
  logic [IdxW-1:0]     a_idx;
  logic [LineBits-1:0] a_wdata;

  assign a_en    = done_q ? en_i : iwe;
  assign a_we    = done_q ? we_i : 1'b1;
  assign a_idx   = done_q ? line_i[IdxW-1:0] : iidx;
  assign a_wdata = done_q ? wdata_i : (rom_phase ? iline : '0);

  logic unused_bits;   // the bus decodes RAM; high line bits are the base
  assign unused_bits = ^line_i[31:IdxW];

`ifdef RRU_ICE40_SPRAM
  localparam int Cols = LineBits / 16;
  if (Lines > 16384 || Cols > 4 || (LineBits % 16) != 0) begin : g_bad
    $error("rru_ram (SPRAM): needs LineBits/16 <= 4 SPRAMs of 16K x 16");
  end
  logic [13:0] sp_addr;
  assign sp_addr = 14'(a_idx);
  for (genvar c = 0; c < Cols; c++) begin : g_col
    SB_SPRAM256KA u_spram (
      .ADDRESS    (sp_addr),
      .DATAIN     (a_wdata[16*c +: 16]),
      .MASKWREN   (4'b1111),
      .WREN       (a_we),
      .CHIPSELECT (a_en),
      .CLOCK      (clk_i),
      .STANDBY    (1'b0),
      .SLEEP      (1'b0),
      .POWEROFF   (1'b1),
      .DATAOUT    (rdata_o[16*c +: 16])
    );
  end
`else
  logic [LineBits-1:0] mem [Lines];
  always_ff @(posedge clk_i) begin
    if (a_en) begin
      if (a_we) mem[a_idx] <= a_wdata;
      rdata_o <= mem[a_idx];
    end
  end
`endif
endmodule
