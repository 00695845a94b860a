// Board UART transmitter: 8N1, ClkPerBit clocks per bit (the clock divides
// the baud rate evenly: 24 MHz / 3 Mbaud = 8). Takes a byte on valid_i when
// idle; busy_o is high from the cycle after until the stop bit has been sent
// (the NS16550's THRE reads !busy_o).
module rru_fpga_uart_tx #(
  parameter int ClkPerBit = 8
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  input  logic [7:0] data_i,
  output logic       busy_o,
  output logic       tx_o
);
  localparam int CntW = $clog2(ClkPerBit);

  logic [8:0]      shift_q;   // {data, start bit}, sent LSB first
  logic [3:0]      bits_q;    // bits left to send, including the stop bit
  logic [CntW-1:0] cnt_q;
  logic            tx_q;

  assign busy_o = (bits_q != '0);
  assign tx_o   = tx_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= '1;
      bits_q  <= '0;
      cnt_q   <= '0;
      tx_q    <= 1'b1;
    end else if (bits_q == '0) begin
      if (valid_i) begin
        shift_q <= {data_i, 1'b0};
        bits_q  <= 4'd10;
        cnt_q   <= '0;
      end
    end else if (cnt_q == '0) begin
      // start of a bit period: drive the next bit (stop bit = shifted-in 1)
      tx_q    <= shift_q[0];
      shift_q <= {1'b1, shift_q[8:1]};
      cnt_q   <= CntW'(ClkPerBit - 1);
    end else begin
      cnt_q <= cnt_q - 1'b1;
      if (cnt_q == CntW'(1)) bits_q <= bits_q - 1'b1;
    end
  end
endmodule
