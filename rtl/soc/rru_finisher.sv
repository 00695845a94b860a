// Test finisher (sifive_test compatible): a write of 0x5555 ends the run with
// exit code 0, 0x3333 | (code << 16) with that code; 0x7777 (reset request)
// ends it with code 0x7777 reported as a failure by the harness. Reads 0.
module rru_finisher (
  input  logic        sel_i,
  input  logic        we_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] rdata_o,
  output logic        fin_valid_o,
  output logic [15:0] fin_code_o
);
  always_comb begin
    rdata_o     = '0;
    fin_valid_o = 1'b0;
    fin_code_o  = '0;
    if (sel_i && we_i) begin
      unique case (wdata_i[15:0])
        16'h5555: fin_valid_o = 1'b1;
        16'h3333: begin
          fin_valid_o = 1'b1;
          fin_code_o  = wdata_i[31:16];
        end
        16'h7777: begin
          fin_valid_o = 1'b1;
          fin_code_o  = 16'h7777;
        end
        default: ;
      endcase
    end
  end
endmodule
