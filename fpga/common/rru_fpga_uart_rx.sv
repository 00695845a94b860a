// Board UART receiver: 8N1, ClkPerBit clocks per bit. The line is
// synchronised (two flops), a start bit is confirmed at its middle, each data
// bit and the stop bit are sampled at their middle; a byte with a good stop
// bit leaves as a one-cycle valid_o pulse (a framing error drops the byte).
module rru_fpga_uart_rx #(
  parameter int ClkPerBit = 8
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,
  output logic       valid_o,
  output logic [7:0] data_o
);
  localparam int CntW = $clog2(ClkPerBit) + 1;

  logic [1:0]      sync_q;
  logic            busy_q;
  logic [3:0]      bit_q;     // 0 start, 1..8 data, 9 stop
  logic [CntW-1:0] cnt_q;
  logic [7:0]      data_q;
  logic            valid_q;
  logic            rx;

  assign rx      = sync_q[1];
  assign valid_o = valid_q;
  assign data_o  = data_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q  <= 2'b11;
      busy_q  <= 1'b0;
      bit_q   <= '0;
      cnt_q   <= '0;
      data_q  <= '0;
      valid_q <= 1'b0;
    end else begin
      sync_q  <= {sync_q[0], rx_i};
      valid_q <= 1'b0;
      if (!busy_q) begin
        if (!rx) begin
          busy_q <= 1'b1;
          bit_q  <= '0;
          cnt_q  <= CntW'(ClkPerBit / 2 - 1);   // to the middle of the start bit
        end
      end else if (cnt_q != '0) begin
        cnt_q <= cnt_q - 1'b1;
      end else begin
        cnt_q <= CntW'(ClkPerBit - 1);
        bit_q <= bit_q + 1'b1;
        if (bit_q == 4'd0) begin
          if (rx) busy_q <= 1'b0;               // a glitch, not a start bit
        end else if (bit_q == 4'd9) begin
          busy_q  <= 1'b0;
          valid_q <= rx;                        // stop bit must be 1
        end else begin
          data_q <= {rx, data_q[7:1]};
        end
      end
    end
  end
endmodule
