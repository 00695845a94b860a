// M extension unit of rru_core: a one-cycle 32x32 multiplier (MUL, MULH,
// MULHSU, MULHU: result_o is valid in the cycle the operands are) and a
// radix-2 restoring divider (DIV, DIVU, REM, REMU: start_i, then 32 cycles,
// then done_o holds with result_o until the next start_i).
// op_i is the instruction's funct3.
module rru_core_muldiv (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [2:0]  op_i,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic        start_i,   // start a divide (op_i[2] set)
  output logic [31:0] mul_o,     // multiply result, combinational
  output logic [31:0] div_o,     // divide result, valid while done_o
  output logic        done_o
);
  // --- multiply -----------------------------------------------------------
  // An unsigned 32x32 product and the two signed corrections of its high
  // word: with a = au - 2^32 sa and b = bu - 2^32 sb (sa, sb: the operands'
  // sign bits where they count), a * b mod 2^64 = au * bu - 2^32 (sa bu +
  // sb au). The same result as a 33x33 signed product, which Verilator
  // evaluates every cycle as a 66-bit (multi-word) multiply, a tenth of
  // rru-sim's time.
  logic        sa, sb;
  logic [63:0] prod_uu;
  logic [31:0] hi;
  logic        unused_op2;         // op_i[2] selects mul/div in the core
  always_comb begin
    // MULH: both signed; MULHSU: a signed; MULHU/MUL: unsigned (MUL's low
    // half does not depend on the signs).
    sa      = (op_i[1:0] != 2'b11) & a_i[31];
    sb      = (op_i[1:0] == 2'b01) & b_i[31];
    prod_uu = {32'd0, a_i} * {32'd0, b_i};
    hi      = prod_uu[63:32] - (sa ? b_i : 32'd0) - (sb ? a_i : 32'd0);
    mul_o   = (op_i[1:0] == 2'b00) ? prod_uu[31:0] : hi;
    unused_op2 = op_i[2];
  end

  // --- divide -------------------------------------------------------------
  logic [31:0] dvd_q, dvd_d;     // dividend magnitude, shifted out; quotient shifted in
  logic [31:0] dvs_q, dvs_d;     // divisor magnitude
  logic [31:0] rem_q, rem_d;     // partial remainder
  logic [5:0]  cnt_q, cnt_d;     // steps left
  logic        busy_q, busy_d;   // a divide was started (result pending or ready)
  logic        negq_q, negq_d;   // negate the quotient at the end
  logic        negr_q, negr_d;   // negate the remainder at the end
  logic        isrem_q, isrem_d;
  logic        zero_q, zero_d;   // divisor was zero
  logic [31:0] orig_q, orig_d;   // original dividend (remainder of x/0)
  logic [32:0] trial;
  logic [31:0] shifted;
  logic        sgn;
  logic [31:0] qres, rres;

  always_comb begin
    dvd_d   = dvd_q;
    dvs_d   = dvs_q;
    rem_d   = rem_q;
    cnt_d   = cnt_q;
    busy_d  = busy_q;
    negq_d  = negq_q;
    negr_d  = negr_q;
    isrem_d = isrem_q;
    zero_d  = zero_q;
    orig_d  = orig_q;
    sgn     = ~op_i[0];          // DIV, REM are signed
    shifted = {rem_q[30:0], dvd_q[31]};
    trial   = {1'b0, shifted} - {1'b0, dvs_q};
    if (start_i) begin
      busy_d  = 1'b1;
      cnt_d   = 6'd32;
      rem_d   = '0;
      dvd_d   = (sgn && a_i[31]) ? -a_i : a_i;
      dvs_d   = (sgn && b_i[31]) ? -b_i : b_i;
      negq_d  = sgn && (a_i[31] ^ b_i[31]);
      negr_d  = sgn && a_i[31];
      isrem_d = op_i[1];
      zero_d  = (b_i == '0);
      orig_d  = a_i;
    end else if (cnt_q != '0) begin
      cnt_d = cnt_q - 1'b1;
      if (!trial[32]) begin
        rem_d = trial[31:0];
        dvd_d = {dvd_q[30:0], 1'b1};
      end else begin
        rem_d = shifted;
        dvd_d = {dvd_q[30:0], 1'b0};
      end
    end
    qres   = negq_q ? -dvd_q : dvd_q;
    rres   = negr_q ? -rem_q : rem_q;
    if (zero_q) begin
      // x / 0 = all ones, x % 0 = x (no trap in RISC-V).
      qres = '1;
      rres = orig_q;
    end
    div_o  = isrem_q ? rres : qres;
    done_o = busy_q && (cnt_q == '0);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dvd_q   <= '0;
      dvs_q   <= '0;
      rem_q   <= '0;
      cnt_q   <= '0;
      busy_q  <= 1'b0;
      negq_q  <= 1'b0;
      negr_q  <= 1'b0;
      isrem_q <= 1'b0;
      zero_q  <= 1'b0;
      orig_q  <= '0;
    end else begin
      dvd_q   <= dvd_d;
      dvs_q   <= dvs_d;
      rem_q   <= rem_d;
      cnt_q   <= cnt_d;
      busy_q  <= busy_d;
      negq_q  <= negq_d;
      negr_q  <= negr_d;
      isrem_q <= isrem_d;
      zero_q  <= zero_d;
      orig_q  <= orig_d;
    end
  end
endmodule
