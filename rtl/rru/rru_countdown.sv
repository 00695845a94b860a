// Replay countdown: counts the hart's retired U-mode instructions (the
// counted instructions of docs/design.md §1.5) down from the value the
// replay kernel writes; when it reaches zero it raises irq_o (for a precise
// trap before the next U-mode instruction) and holds mem_stall_o, so the
// core issues no further data request (a stray exclusive request would clear
// another hart's reservation). The hold ends at the first M-mode retirement
// event (the trap was taken) or at the next write; the trap vector's first
// instruction must therefore not access memory. Zero means disarmed.
module rru_countdown (
  input  logic        clk_i,
  input  logic        rst_ni,
  // retirement port
  input  logic        rvfi_valid_i,
  input  logic        rvfi_trap_i,
  input  logic [1:0]  rvfi_priv_i,
  // arm (write the number of instructions to run)
  input  logic        wr_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] count_o,
  output logic        irq_o,
  output logic        mem_stall_o
);
  logic [31:0] cnt_q, cnt_d;
  logic        hold_q, hold_d, counted;

  assign counted = rvfi_valid_i && !rvfi_trap_i && rvfi_priv_i == 2'd0;

  always_comb begin
    cnt_d  = cnt_q;
    hold_d = hold_q;
    if (rvfi_valid_i) begin
      if (rvfi_priv_i != 2'd0) hold_d = 1'b0;
      if (counted && cnt_q != 32'd0) begin
        cnt_d = cnt_q - 32'd1;
        if (cnt_q == 32'd1) hold_d = 1'b1;
      end
    end
    if (wr_i) begin
      cnt_d  = wdata_i;
      hold_d = 1'b0;
    end
  end

  assign count_o     = cnt_q;
  assign irq_o       = hold_q;
  assign mem_stall_o = hold_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q  <= '0;
      hold_q <= 1'b0;
    end else begin
      cnt_q  <= cnt_d;
      hold_q <= hold_d;
    end
  end

`ifdef RRU_ASSERTIONS
  // No U-mode instruction retires while the hold is up (the core trapped).
  logic live_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) live_q <= 1'b0;
    else         live_q <= 1'b1;
  end
  always_ff @(posedge clk_i) begin
    if (live_q) assert (!(hold_q && counted));
  end
`endif
endmodule
