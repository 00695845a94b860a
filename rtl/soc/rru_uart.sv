// NS16550 subset: byte registers at offsets 0..7 (register shift 0), on the
// byte lane of their address. THR writes leave as tx_valid_o/tx_data_o (the
// harness or board serialiser; tx_busy_i clears THRE/TEMT while it paces a
// byte); received bytes arrive on rx_valid_i when rx_ready_o (one-byte
// holding register, LSR.DR). IER, LCR, MCR, SCR and the divisor latches are
// plain registers; IIR reads "no interrupt pending, FIFOs on"; no interrupt
// output (the SoC has no PLIC).
module rru_uart (
  input  logic        clk_i,
  input  logic        rst_ni,
  // register access (one cycle)
  input  logic        sel_i,
  input  logic        we_i,
  input  logic [2:0]  addr_i,     // byte offset; addr_i[1:0] is the lane
  input  logic [3:0]  be_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] rdata_o,
  // serial side
  output logic        tx_valid_o,
  output logic [7:0]  tx_data_o,
  input  logic        tx_busy_i,
  input  logic        rx_valid_i,
  input  logic [7:0]  rx_data_i,
  output logic        rx_ready_o
);
  logic [7:0] ier_q, lcr_q, mcr_q, scr_q, dll_q, dlm_q, rbr_q;
  logic       dr_q;
  logic [7:0] reg_rd [8];
  logic       dlab, wr0, rd0;
  logic [7:0] lsr;

  // Registers 2 (FCR) and 6 (MSR) take no writes; the lane is addr_i[1:0].
  logic unused_bits;
  assign unused_bits = ^{addr_i[1:0], be_i[2], wdata_i[23:16]};
  assign dlab = lcr_q[7];
  assign lsr  = {1'b0, !tx_busy_i, !tx_busy_i, 4'b0, dr_q};
  assign wr0  = sel_i && we_i && !addr_i[2] && be_i[0];
  assign rd0  = sel_i && !we_i && !addr_i[2] && be_i[0] && !dlab;

  always_comb begin
    reg_rd[0] = dlab ? dll_q : rbr_q;
    reg_rd[1] = dlab ? dlm_q : ier_q;
    reg_rd[2] = 8'hc1;
    reg_rd[3] = lcr_q;
    reg_rd[4] = mcr_q;
    reg_rd[5] = lsr;
    reg_rd[6] = 8'h00;
    reg_rd[7] = scr_q;
    rdata_o = addr_i[2] ? {reg_rd[7], reg_rd[6], reg_rd[5], reg_rd[4]}
                        : {reg_rd[3], reg_rd[2], reg_rd[1], reg_rd[0]};
  end

  assign tx_valid_o = wr0 && !dlab;
  assign tx_data_o  = wdata_i[7:0];
  assign rx_ready_o = !dr_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ier_q <= '0;
      lcr_q <= 8'h03;
      mcr_q <= '0;
      scr_q <= '0;
      dll_q <= 8'h01;
      dlm_q <= '0;
      rbr_q <= '0;
      dr_q  <= 1'b0;
    end else begin
      if (sel_i && we_i) begin
        if (!addr_i[2]) begin
          if (be_i[0] && dlab) dll_q <= wdata_i[7:0];
          if (be_i[1]) begin
            if (dlab) dlm_q <= wdata_i[15:8];
            else      ier_q <= wdata_i[15:8];
          end
          if (be_i[3]) lcr_q <= wdata_i[31:24];
        end else begin
          if (be_i[0]) mcr_q <= wdata_i[7:0];
          if (be_i[3]) scr_q <= wdata_i[31:24];
        end
      end
      if (rd0) dr_q <= 1'b0;
      if (rx_valid_i && !dr_q) begin
        rbr_q <= rx_data_i;
        dr_q  <= 1'b1;
      end
    end
  end
endmodule
