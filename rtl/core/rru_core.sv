// rru_core: RV32IMA + Zicsr hart with machine and user mode for the openrru
// cluster. A short multi-cycle design (see rtl/core/README.md):
//   StFetch -> StExec [-> StMem | StDiv] -> StFetch
// The next instruction's fetch is issued in the cycle the current one
// retires, so an ALU instruction takes two cycles with one-cycle memory.
// The register file is read synchronously when the instruction arrives (block
// RAM on an FPGA), with a bypass from the write in that same cycle.
// Memory instructions retire in the cycle of their dmem_rvalid_i; the
// retirement port (rvfi_*) is combinational in that cycle.
module rru_core #(
  parameter bit EnableM = 1'b1   // M extension; off: mul/div are illegal
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // identity
  input  logic [31:0] hart_id_i,
  input  logic [31:0] boot_addr_i,
  // instruction port
  output logic        ifetch_req_o,
  output logic [31:0] ifetch_addr_o,
  input  logic        ifetch_rvalid_i,
  input  logic [31:0] ifetch_rdata_i,
  input  logic        ifetch_err_i,
  output logic        icache_flush_o,
  // data port
  output logic        dmem_req_o,
  output logic [2:0]  dmem_op_o,
  output logic [4:0]  dmem_amo_o,
  output logic [31:0] dmem_addr_o,
  output logic [3:0]  dmem_be_o,
  output logic [31:0] dmem_wdata_o,
  input  logic        dmem_rvalid_i,
  input  logic [31:0] dmem_rdata_i,
  input  logic        dmem_err_i,
  // observer stalls
  input  logic        mem_stall_i,
  input  logic        retire_stall_i,
  // holds interrupt entry too (an external observer); without it a pending
  // interrupt is taken even while retirement or an unissued data request is
  // held, so a hart its RRU holds can still enter the kernel that drains it
  input  logic        irq_stall_i,
  // reservation CSR plumbing (0x7C0)
  input  logic        resv_valid_i,
  input  logic [31:0] resv_addr_i,
  output logic        resv_we_o,
  output logic        resv_wvalid_o,
  output logic [31:0] resv_waddr_o,
  // interrupts
  input  logic        irq_timer_i,
  input  logic        irq_soft_i,
  input  logic        irq_cd_i,     // RRU replay countdown: local interrupt 16
  // retirement port (RVFI-like)
  output logic        rvfi_valid_o,
  output logic [63:0] rvfi_order_o,
  output logic [31:0] rvfi_insn_o,
  output logic [31:0] rvfi_pc_rdata_o,
  output logic [31:0] rvfi_pc_wdata_o,
  output logic [1:0]  rvfi_priv_o,
  output logic        rvfi_trap_o,
  output logic        rvfi_intr_o,
  output logic [4:0]  rvfi_rd_addr_o,
  output logic [31:0] rvfi_rd_wdata_o,
  output logic [31:0] rvfi_mem_addr_o,
  output logic [3:0]  rvfi_mem_rmask_o,
  output logic [3:0]  rvfi_mem_wmask_o,
  output logic [31:0] rvfi_mem_rdata_o,
  output logic [31:0] rvfi_mem_wdata_o
);
  // ------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------
  rru_core_pkg::state_e state_q, state_d;
  logic [31:0] pc_q, pc_d;
  logic [31:0] insn_q, insn_d;
  logic        ferr_q, ferr_d;         // the fetch of insn_q faulted
  logic [1:0]  priv_q, priv_d;
  logic        intr_q, intr_d;         // next report is a handler's first insn
  logic [63:0] order_q, order_d;
  logic        boot_q;                 // first cycle after reset: load boot_addr_i

  // Data request, registered in StExec and held in StMem.
  logic        dissued_q, dissued_d;   // the request went out (not withdrawable)
  logic [2:0]  dop_q, dop_d;
  logic [31:0] daddr_q, daddr_d;       // word address
  logic [1:0]  doff_q, doff_d;         // byte offset of the access
  logic [3:0]  dbe_q, dbe_d;
  logic [31:0] dwdata_q, dwdata_d;

  // CSRs
  logic        mstatus_mie_q, mstatus_mie_d;
  logic        mstatus_mpie_q, mstatus_mpie_d;
  logic [1:0]  mstatus_mpp_q, mstatus_mpp_d;
  logic        mie_msie_q, mie_msie_d;
  logic        mie_mtie_q, mie_mtie_d;
  logic        mie_cdie_q, mie_cdie_d;   // mie[16]
  logic [31:0] mtvec_q, mtvec_d;       // [1:0]: 0 direct, 1 vectored
  logic [2:0]  mcounteren_q, mcounteren_d;
  logic [31:0] mscratch_q, mscratch_d;
  logic [31:0] mepc_q, mepc_d;
  logic [31:0] mcause_q, mcause_d;
  logic [31:0] mtval_q, mtval_d;
  logic [63:0] mcycle_q, mcycle_d;
  logic [63:0] minstret_q, minstret_d;
  logic [63:0] minstret_inc, order_inc;
  assign minstret_inc = minstret_q + 64'd1;
  assign order_inc    = order_q + 64'd1;

  // ------------------------------------------------------------------------
  // Register file: written at retirement, read when an instruction arrives.
  // ------------------------------------------------------------------------
  logic [31:0] rf_q [32];
  logic        rf_we;
  logic [4:0]  rf_waddr;
  logic [31:0] rf_wdata;
  logic        rf_re;                  // capture an arriving instruction
  logic [31:0] rs1_raw_q, rs2_raw_q;
  logic        byp1_q, byp2_q;         // the read collided with a write
  logic [31:0] byp_q;
  logic [31:0] rs1, rs2;

  always_ff @(posedge clk_i) begin
    if (rf_we) rf_q[rf_waddr] <= rf_wdata;
  end
  always_ff @(posedge clk_i) begin
    if (rf_re) begin
      rs1_raw_q <= rf_q[ifetch_rdata_i[19:15]];
      rs2_raw_q <= rf_q[ifetch_rdata_i[24:20]];
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      byp1_q <= 1'b0;
      byp2_q <= 1'b0;
      byp_q  <= '0;
    end else if (rf_re) begin
      byp1_q <= rf_we && (rf_waddr == ifetch_rdata_i[19:15]);
      byp2_q <= rf_we && (rf_waddr == ifetch_rdata_i[24:20]);
      byp_q  <= rf_wdata;
    end
  end

  // ------------------------------------------------------------------------
  // Decode of insn_q
  // ------------------------------------------------------------------------
  logic [4:0]  rd, rs1a, rs2a;
  logic [2:0]  f3;
  logic        f7_5;        // insn[30]: sub / sra / srai
  logic [4:0]  f5;
  logic [11:0] csr_addr;
  logic [31:0] imm_i, imm_s, imm_b, imm_u, imm_j;

  always_comb begin
    rd       = insn_q[11:7];
    f3       = insn_q[14:12];
    rs1a     = insn_q[19:15];
    rs2a     = insn_q[24:20];
    f7_5     = insn_q[30];
    f5       = insn_q[31:27];
    csr_addr = insn_q[31:20];
    imm_i    = {{20{insn_q[31]}}, insn_q[31:20]};
    imm_s    = {{20{insn_q[31]}}, insn_q[31:25], insn_q[11:7]};
    imm_b    = {{19{insn_q[31]}}, insn_q[31], insn_q[7], insn_q[30:25], insn_q[11:8], 1'b0};
    imm_u    = {insn_q[31:12], 12'b0};
    imm_j    = {{11{insn_q[31]}}, insn_q[31], insn_q[19:12], insn_q[20], insn_q[30:21], 1'b0};
    rs1      = (rs1a == '0) ? '0 : (byp1_q ? byp_q : rs1_raw_q);
    rs2      = (rs2a == '0) ? '0 : (byp2_q ? byp_q : rs2_raw_q);
  end

  // Instruction classes; each legal encoding sets exactly one. They are
  // decoded from the arriving word (ifetch_rdata_i) and registered with it,
  // so that StExec starts from flops rather than from a decoder.
  logic is_lui, is_auipc, is_jal, is_jalr, is_branch, is_load, is_store;
  logic is_alu, is_mul, is_div, is_amo, is_fencei;
  logic is_csr, is_ecall, is_ebreak, is_mret, is_wfi;
  logic legal;
  logic op_reg;         // opcode OP (register-register)
  logic add_inv;        // the adder subtracts: sub, slt[i][u], branches
  logic cmp_unsigned;   // the comparison is unsigned: sltu, sltiu, bltu, bgeu

  localparam int NCls = 22;
  logic [NCls-1:0] cls_q, cls_d;
  logic [6:0]      n_opc, n_f7;
  logic [2:0]      n_f3;
  logic [4:0]      n_f5, n_rs2;
  logic            n_alu, n_amo, n_branch;

  always_comb begin
    n_opc = ifetch_rdata_i[6:0];
    n_f3  = ifetch_rdata_i[14:12];
    n_f7  = ifetch_rdata_i[31:25];
    n_f5  = ifetch_rdata_i[31:27];
    n_rs2 = ifetch_rdata_i[24:20];
    cls_d    = '0;
    n_alu    = 1'b0;
    n_amo    = 1'b0;
    n_branch = 1'b0;
    // Decoded only when an instruction arrives (rf_re, which registers
    // cls_d), so that rru-sim skips the decoder in the other cycles.
    if (rf_re) begin
      cls_d[0]  = n_opc == rru_core_pkg::OPC_LUI;
      cls_d[1]  = n_opc == rru_core_pkg::OPC_AUIPC;
      cls_d[2]  = n_opc == rru_core_pkg::OPC_JAL;
      cls_d[3]  = (n_opc == rru_core_pkg::OPC_JALR) && (n_f3 == 3'b000);
      n_branch  = (n_opc == rru_core_pkg::OPC_BRANCH) && (n_f3[2:1] != 2'b01);
      cls_d[4]  = n_branch;
      cls_d[5]  = (n_opc == rru_core_pkg::OPC_LOAD) && (n_f3 != 3'b011) && (n_f3 != 3'b110)
                  && (n_f3 != 3'b111);
      cls_d[6]  = (n_opc == rru_core_pkg::OPC_STORE) && (n_f3[2] == 1'b0) && (n_f3[1:0] != 2'b11);
      // ALU: OP-IMM (shift-immediates need a legal funct7) and OP (funct7 0,
      // or 0100000 for SUB/SRA).
      n_alu = 1'b0;
      if (n_opc == rru_core_pkg::OPC_OP_IMM) begin
        if (n_f3 == 3'b001)      n_alu = (n_f7 == 7'b0000000);
        else if (n_f3 == 3'b101) n_alu = (n_f7 == 7'b0000000) || (n_f7 == 7'b0100000);
        else                     n_alu = 1'b1;
      end else if (n_opc == rru_core_pkg::OPC_OP) begin
        n_alu = (n_f7 == 7'b0000000)
             || ((n_f7 == 7'b0100000) && ((n_f3 == 3'b000) || (n_f3 == 3'b101)));
      end
      cls_d[7]  = n_alu;
      cls_d[8]  = EnableM && (n_opc == rru_core_pkg::OPC_OP) && (n_f7 == 7'b0000001) && !n_f3[2];
      cls_d[9]  = EnableM && (n_opc == rru_core_pkg::OPC_OP) && (n_f7 == 7'b0000001) && n_f3[2];
      n_amo = 1'b0;
      if ((n_opc == rru_core_pkg::OPC_AMO) && (n_f3 == 3'b010)) begin
        case (n_f5)
          rru_core_pkg::AMO_LR:   n_amo = (n_rs2 == '0);
          rru_core_pkg::AMO_SC,
          rru_core_pkg::AMO_SWAP,
          rru_core_pkg::AMO_ADD,
          rru_core_pkg::AMO_XOR,
          rru_core_pkg::AMO_AND,
          rru_core_pkg::AMO_OR,
          rru_core_pkg::AMO_MIN,
          rru_core_pkg::AMO_MAX,
          rru_core_pkg::AMO_MINU,
          rru_core_pkg::AMO_MAXU: n_amo = 1'b1;
          default:                n_amo = 1'b0;
        endcase
      end
      cls_d[10] = n_amo;
      cls_d[11] = (n_opc == rru_core_pkg::OPC_MISC_MEM) && (n_f3 == 3'b000);  // fence (a nop)
      cls_d[12] = (n_opc == rru_core_pkg::OPC_MISC_MEM) && (n_f3 == 3'b001);
      cls_d[13] = (n_opc == rru_core_pkg::OPC_SYSTEM) && (n_f3 != 3'b000) && (n_f3 != 3'b100);
      cls_d[14] = ifetch_rdata_i == rru_core_pkg::INSN_ECALL;
      cls_d[15] = ifetch_rdata_i == rru_core_pkg::INSN_EBREAK;
      cls_d[16] = ifetch_rdata_i == rru_core_pkg::INSN_MRET;
      cls_d[17] = ifetch_rdata_i == rru_core_pkg::INSN_WFI;
      cls_d[18] = |cls_d[17:0];
      cls_d[19] = n_branch
               || ((n_opc == rru_core_pkg::OPC_OP) && n_f7[5])
               || (n_alu && (n_f3[2:1] == 2'b01));
      cls_d[20] = n_opc == rru_core_pkg::OPC_OP;
      cls_d[21] = n_branch ? n_f3[1] : n_f3[0];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)    cls_q <= '0;
    else if (rf_re) cls_q <= cls_d;
  end

  logic unused_fence;   // fence only counts towards legal (it is a nop)
  assign unused_fence = cls_q[11];

  always_comb begin
    is_lui       = cls_q[0];
    is_auipc     = cls_q[1];
    is_jal       = cls_q[2];
    is_jalr      = cls_q[3];
    is_branch    = cls_q[4];
    is_load      = cls_q[5];
    is_store     = cls_q[6];
    is_alu       = cls_q[7];
    is_mul       = cls_q[8];
    is_div       = cls_q[9];
    is_amo       = cls_q[10];
    is_fencei    = cls_q[12];
    is_csr       = cls_q[13];
    is_ecall     = cls_q[14];
    is_ebreak    = cls_q[15];
    is_mret      = cls_q[16];
    is_wfi       = cls_q[17];
    legal        = cls_q[18];
    add_inv      = cls_q[19];
    op_reg       = cls_q[20];
    cmp_unsigned = cls_q[21];
  end

  // ------------------------------------------------------------------------
  // ALU, branch, addresses
  // ------------------------------------------------------------------------
  // One 33-bit adder serves add, sub, the comparisons (slt, sltu and every
  // branch), the load/store/AMO address and the jalr target; one right
  // shifter serves srl, sra and (on bit-reversed operands) sll; one pc adder
  // serves jal, branches and auipc.
  logic [31:0] alu_b, alu_res, pc_imm, pc_plus4, br_target, jalr_target, mem_addr;
  logic [32:0] add_res;
  logic        lt, eq, br_taken;
  logic        tgt_mis;   // jump or taken branch to a target with bit 1 set
  logic [4:0]  shamt;
  logic        shl;
  logic [31:0] sh_in, sh_out;
  logic [32:0] sh_wide;
  logic        unused_sh_top;
  assign unused_sh_top = sh_wide[32];

  always_comb begin
    if (op_reg || is_branch) alu_b = rs2;
    else if (is_store)       alu_b = imm_s;
    else if (is_amo)         alu_b = '0;
    else                     alu_b = imm_i;
    add_res = {~cmp_unsigned & rs1[31], rs1}
            + ({~cmp_unsigned & alu_b[31], alu_b} ^ {33{add_inv}})
            + {32'b0, add_inv};
    lt = add_res[32];
    eq = rs1 == rs2;

    // sll shifts the bit-reversed operand right and reverses the result
    // (below). The reversals are written as loops under the conditions that
    // select them, so that rru-sim does their 32 one-bit moves only for an
    // sll/slli, not in every cycle of every core.
    shamt   = alu_b[4:0];
    shl     = (f3 == 3'b001);
    sh_in   = rs1;
    if (shl && is_alu) begin
      for (int g = 0; g < 32; g++) sh_in[g] = rs1[31-g];
    end
    sh_wide = $signed({f7_5 & ~shl & rs1[31], sh_in}) >>> shamt;
    sh_out  = sh_wide[31:0];
  end

  always_comb begin
    alu_res = '0;
    case (f3)
      3'b000:  alu_res = add_res[31:0];
      3'b001:  for (int g = 0; g < 32; g++) alu_res[g] = sh_out[31-g];
      3'b010,
      3'b011:  alu_res = {31'b0, lt};
      3'b100:  alu_res = rs1 ^ alu_b;
      3'b101:  alu_res = sh_out;
      3'b110:  alu_res = rs1 | alu_b;
      default: alu_res = rs1 & alu_b;
    endcase
    br_taken = (f3[2] ? lt : eq) ^ f3[0];
    // pc is 4-aligned, so only the offset's bit 1 (or jalr's sum) matters;
    // decided without waiting for the target mux.
    tgt_mis  = (is_jal && imm_j[1]) || (is_jalr && add_res[1])
            || (is_branch && br_taken && imm_b[1]);

    pc_plus4    = pc_q + 32'd4;
    pc_imm      = pc_q + (is_jal ? imm_j : (is_auipc ? imm_u : imm_b));
    br_target   = pc_imm;
    jalr_target = {add_res[31:1], 1'b0};
    mem_addr    = add_res[31:0];
  end

  // ------------------------------------------------------------------------
  // M extension
  // ------------------------------------------------------------------------
  logic [31:0] mul_res, div_res;
  logic        div_start, div_done;

  if (EnableM) begin : g_muldiv
    rru_core_muldiv u_muldiv (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .op_i    (f3),
      .a_i     (rs1),
      .b_i     (rs2),
      .start_i (div_start),
      .mul_o   (mul_res),
      .div_o   (div_res),
      .done_o  (div_done)
    );
  end else begin : g_no_muldiv
    assign mul_res  = '0;
    assign div_res  = '0;
    assign div_done = 1'b0;
    logic unused_div_start;
    assign unused_div_start = div_start;
  end

  // ------------------------------------------------------------------------
  // CSR read and access checks
  // ------------------------------------------------------------------------
  logic [31:0] csr_rdata, csr_src, csr_wdata;
  logic        csr_exists, csr_writes, csr_ok;
  logic [31:0] mstatus_val, mip_val, mie_val;
  logic [3:0]  cnt_en;   // mcounteren, widened so any [1:0] index is in range

  always_comb begin
    mstatus_val = '0;
    mstatus_val[rru_core_pkg::MSTATUS_MIE]  = mstatus_mie_q;
    mstatus_val[rru_core_pkg::MSTATUS_MPIE] = mstatus_mpie_q;
    mstatus_val[rru_core_pkg::MSTATUS_MPP+1:rru_core_pkg::MSTATUS_MPP] = mstatus_mpp_q;
    mip_val = '0;
    mip_val[rru_core_pkg::IRQ_MSI] = irq_soft_i;
    mip_val[rru_core_pkg::IRQ_MTI] = irq_timer_i;
    mip_val[rru_core_pkg::IRQ_CD]  = irq_cd_i;
    mie_val = '0;
    mie_val[rru_core_pkg::IRQ_MSI] = mie_msie_q;
    mie_val[rru_core_pkg::IRQ_MTI] = mie_mtie_q;
    mie_val[rru_core_pkg::IRQ_CD]  = mie_cdie_q;
    cnt_en  = {1'b0, mcounteren_q};

    csr_exists = 1'b1;
    csr_rdata  = '0;
    case (csr_addr)
      rru_core_pkg::CSR_MSTATUS:    csr_rdata = mstatus_val;
      rru_core_pkg::CSR_MISA,
      rru_core_pkg::CSR_MSTATUSH,
      rru_core_pkg::CSR_MVENDORID,
      rru_core_pkg::CSR_MARCHID,
      rru_core_pkg::CSR_MIMPID:     csr_rdata = '0;
      rru_core_pkg::CSR_MIE:        csr_rdata = mie_val;
      rru_core_pkg::CSR_MTVEC:      csr_rdata = mtvec_q;
      rru_core_pkg::CSR_MCOUNTEREN: csr_rdata = {29'b0, mcounteren_q};
      rru_core_pkg::CSR_MSCRATCH:   csr_rdata = mscratch_q;
      rru_core_pkg::CSR_MEPC:       csr_rdata = mepc_q;
      rru_core_pkg::CSR_MCAUSE:     csr_rdata = mcause_q;
      rru_core_pkg::CSR_MTVAL:      csr_rdata = mtval_q;
      rru_core_pkg::CSR_MIP:        csr_rdata = mip_val;
      rru_core_pkg::CSR_MCYCLE,
      rru_core_pkg::CSR_CYCLE:      csr_rdata = mcycle_q[31:0];
      rru_core_pkg::CSR_MCYCLEH,
      rru_core_pkg::CSR_CYCLEH:     csr_rdata = mcycle_q[63:32];
      rru_core_pkg::CSR_MINSTRET,
      rru_core_pkg::CSR_INSTRET:    csr_rdata = minstret_q[31:0];
      rru_core_pkg::CSR_MINSTRETH,
      rru_core_pkg::CSR_INSTRETH:   csr_rdata = minstret_q[63:32];
      rru_core_pkg::CSR_MHARTID:    csr_rdata = hart_id_i;
      rru_core_pkg::CSR_MRESV:      csr_rdata = {resv_addr_i[31:2], 1'b0, resv_valid_i};
      default: begin
        // PMP: pmpcfg0..3 and pmpaddr0..15 exist and read as zero.
        csr_exists = (csr_addr[11:2] == rru_core_pkg::CSR_PMPCFG0[11:2])
                  || (csr_addr[11:4] == rru_core_pkg::CSR_PMPADDR0[11:4]);
      end
    endcase

    csr_src    = f3[2] ? {27'b0, rs1a} : rs1;
    csr_writes = (f3[1:0] == 2'b01) || (rs1a != '0);
    case (f3[1:0])
      2'b01:   csr_wdata = csr_src;
      2'b10:   csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
    // Legal: exists, privilege high enough, not a write to a read-only CSR,
    // and user counters only when mcounteren allows them.
    csr_ok = csr_exists && (csr_addr[9:8] <= priv_q)
          && !(csr_writes && (csr_addr[11:10] == 2'b11));
    if ((csr_addr[11:8] == 4'hC) && (priv_q == rru_core_pkg::PRIV_U)
        && !cnt_en[csr_addr[1:0]]) begin
      csr_ok = 1'b0;
    end
  end

  // ------------------------------------------------------------------------
  // Store data, byte enables, load data
  // ------------------------------------------------------------------------
  logic [3:0]  st_be;
  logic [31:0] st_data;
  logic        misaligned;
  logic [2:0]  mem_dop;
  logic [31:0] ld_shifted, ld_data;
  logic [17:0] unused_bits;   // inputs only partly needed (word address, upper lane)
  logic [31:0] amo_new;   // value an AMO writes (for the retirement port)
  logic [32:0] amo_diff;    // only the sign is used
  // The data request being made: from the decoder in StExec (issued at once
  // when the observers allow), from the registers in StMem.
  logic [2:0]  cur_dop;
  logic [31:0] cur_addr, cur_wdata;
  logic [1:0]  cur_off;
  logic [3:0]  cur_be;
  logic [31:0] unused_amo_diff;
  assign unused_amo_diff = amo_diff[31:0];

  always_comb begin
    case (f3[1:0])
      2'b00:   begin st_be = 4'b0001 << mem_addr[1:0]; st_data = {4{rs2[7:0]}}; end
      2'b01:   begin st_be = 4'b0011 << mem_addr[1:0]; st_data = {2{rs2[15:0]}}; end
      default: begin st_be = 4'b1111;                  st_data = rs2; end
    endcase
    if (is_load || is_amo) st_data = rs2;
    misaligned = ((f3[1:0] == 2'b01) && mem_addr[0]) || ((f3[1:0] == 2'b10) && (mem_addr[1:0] != 2'b00));
    if (is_amo) begin
      if (f5 == rru_core_pkg::AMO_LR)      mem_dop = rru_core_pkg::DOP_LR;
      else if (f5 == rru_core_pkg::AMO_SC) mem_dop = rru_core_pkg::DOP_SC;
      else                                 mem_dop = rru_core_pkg::DOP_AMO;
    end else if (is_store) begin
      mem_dop = rru_core_pkg::DOP_STORE;
    end else begin
      mem_dop = rru_core_pkg::DOP_LOAD;
    end

    if (state_q == rru_core_pkg::StExec) begin
      cur_dop   = mem_dop;
      cur_addr  = {mem_addr[31:2], 2'b00};
      cur_off   = mem_addr[1:0];
      cur_be    = st_be;
      cur_wdata = st_data;
    end else begin
      cur_dop   = dop_q;
      cur_addr  = daddr_q;
      cur_off   = doff_q;
      cur_be    = dbe_q;
      cur_wdata = dwdata_q;
    end

    ld_shifted  = dmem_rdata_i >> {cur_off, 3'b000};
    unused_bits = {resv_addr_i[1:0], ld_shifted[31:16]};
    case (f3)
      3'b000:  ld_data = {{24{ld_shifted[7]}}, ld_shifted[7:0]};
      3'b001:  ld_data = {{16{ld_shifted[15]}}, ld_shifted[15:0]};
      3'b100:  ld_data = {24'b0, ld_shifted[7:0]};
      3'b101:  ld_data = {16'b0, ld_shifted[15:0]};
      default: ld_data = dmem_rdata_i;
    endcase

    // MIN/MAX: f5[3] set for the unsigned forms; one subtract decides.
    amo_diff = {~f5[3] & dmem_rdata_i[31], dmem_rdata_i} - {~f5[3] & cur_wdata[31], cur_wdata};
    case (f5)
      rru_core_pkg::AMO_SWAP: amo_new = cur_wdata;
      rru_core_pkg::AMO_ADD:  amo_new = dmem_rdata_i + cur_wdata;
      rru_core_pkg::AMO_XOR:  amo_new = dmem_rdata_i ^ cur_wdata;
      rru_core_pkg::AMO_AND:  amo_new = dmem_rdata_i & cur_wdata;
      rru_core_pkg::AMO_OR:   amo_new = dmem_rdata_i | cur_wdata;
      rru_core_pkg::AMO_MIN,
      rru_core_pkg::AMO_MINU: amo_new = amo_diff[32] ? dmem_rdata_i : cur_wdata;
      rru_core_pkg::AMO_MAX,
      rru_core_pkg::AMO_MAXU: amo_new = amo_diff[32] ? cur_wdata : dmem_rdata_i;
      default:                amo_new = cur_wdata;  // SC
    endcase
  end

  // ------------------------------------------------------------------------
  // Control
  // ------------------------------------------------------------------------
  logic        irq_pending;
  logic [4:0]  irq_cause;
  logic        exc;              // the instruction in StExec/StMem traps
  logic [4:0]  exc_cause;
  logic [31:0] exc_tval;
  logic        take_trap, trap_is_irq;
  logic [4:0]  trap_cause;
  logic [31:0] trap_tval, trap_pc, trap_target;
  logic [31:0] irq_target;       // handler of the pending interrupt (vectored or not)
  logic        retire;           // an instruction retires this cycle
  logic        fetch_go;         // start fetching fetch_pc this cycle
  logic [31:0] fetch_pc;
  logic        csr_we;
  logic        do_mret;

  always_comb begin
    irq_pending = ((priv_q == rru_core_pkg::PRIV_U) || mstatus_mie_q)
               && ((irq_cd_i && mie_cdie_q) || (irq_soft_i && mie_msie_q) || (irq_timer_i && mie_mtie_q));
    // Priority: countdown (16), then software (3), then timer (7).
    irq_cause   = (irq_cd_i && mie_cdie_q)   ? 5'(rru_core_pkg::IRQ_CD)
                : (irq_soft_i && mie_msie_q) ? 5'(rru_core_pkg::IRQ_MSI) : 5'(rru_core_pkg::IRQ_MTI);
    // From registers and the interrupt inputs only: off the path through
    // the ALU and the exception decision.
    irq_target  = {mtvec_q[31:2], 2'b00};
    if (mtvec_q[1:0] == 2'b01) irq_target = irq_target + {25'b0, irq_cause, 2'b00};
  end

  always_comb begin
    state_d   = state_q;
    pc_d      = pc_q;
    insn_d    = insn_q;
    ferr_d    = ferr_q;
    priv_d    = priv_q;
    intr_d    = intr_q;
    order_d   = order_q;
    dissued_d = dissued_q;
    dop_d     = dop_q;
    daddr_d   = daddr_q;
    doff_d    = doff_q;
    dbe_d     = dbe_q;
    dwdata_d  = dwdata_q;

    ifetch_req_o   = 1'b0;
    ifetch_addr_o  = pc_q;
    icache_flush_o = 1'b0;
    dmem_req_o     = 1'b0;
    dmem_op_o      = cur_dop;
    dmem_amo_o     = f5;
    dmem_addr_o    = cur_addr;
    dmem_be_o      = cur_be;
    dmem_wdata_o   = cur_wdata;
    resv_we_o      = 1'b0;
    resv_wvalid_o  = csr_wdata[0];
    resv_waddr_o   = {csr_wdata[31:2], 2'b00};

    rf_we     = 1'b0;
    rf_waddr  = rd;
    rf_wdata  = '0;
    rf_re     = 1'b0;
    div_start = 1'b0;
    csr_we    = 1'b0;
    do_mret   = 1'b0;
    retire    = 1'b0;
    exc       = 1'b0;
    exc_cause = rru_core_pkg::EXC_ILLEGAL;
    exc_tval  = '0;
    take_trap = 1'b0;
    trap_is_irq = 1'b0;
    fetch_go  = 1'b0;
    fetch_pc  = pc_plus4;

    rvfi_valid_o     = 1'b0;
    rvfi_order_o     = order_q;
    rvfi_insn_o      = insn_q;
    rvfi_pc_rdata_o  = pc_q;
    rvfi_pc_wdata_o  = pc_plus4;
    rvfi_priv_o      = priv_q;
    rvfi_trap_o      = 1'b0;
    rvfi_intr_o      = intr_q;
    rvfi_rd_addr_o   = '0;
    rvfi_rd_wdata_o  = '0;
    rvfi_mem_addr_o  = '0;
    rvfi_mem_rmask_o = '0;
    rvfi_mem_wmask_o = '0;
    rvfi_mem_rdata_o = '0;
    rvfi_mem_wdata_o = '0;

    unique case (state_q)
      rru_core_pkg::StFetch: begin
        // The pc resets to a constant; boot_addr_i is loaded one cycle later
        // (an asynchronous load of a port value would not map to FPGA flops).
        if (boot_q) pc_d = boot_addr_i;
        else        ifetch_req_o = 1'b1;
      end

      rru_core_pkg::StExec: begin
        if (irq_pending && !irq_stall_i) begin
          // Before the hold: entering the handler retires nothing (the RRU
          // lets the handler's first event through, docs/design.md §2.7).
          take_trap   = 1'b1;
          trap_is_irq = 1'b1;
        end else if (retire_stall_i) begin
          // Nothing starts or retires while the observer holds us.
        end else if (ferr_q) begin
          exc       = 1'b1;
          exc_cause = rru_core_pkg::EXC_INSN_FAULT;
          exc_tval  = pc_q;
        end else if (!legal || (is_csr && !csr_ok)
                     || (is_mret && (priv_q != rru_core_pkg::PRIV_M))
                     || (is_wfi && (priv_q != rru_core_pkg::PRIV_M))) begin
          exc       = 1'b1;
          exc_cause = rru_core_pkg::EXC_ILLEGAL;
          exc_tval  = insn_q;
        end else if (is_ecall) begin
          exc       = 1'b1;
          exc_cause = (priv_q == rru_core_pkg::PRIV_U) ? rru_core_pkg::EXC_ECALL_U
                                                       : rru_core_pkg::EXC_ECALL_M;
        end else if (is_ebreak) begin
          exc       = 1'b1;
          exc_cause = rru_core_pkg::EXC_BREAKPOINT;  // mtval 0, as qemu
        end else if (is_load || is_store || is_amo) begin
          if (misaligned) begin
            exc       = 1'b1;
            exc_cause = (is_load || (is_amo && (f5 == rru_core_pkg::AMO_LR)))
                      ? rru_core_pkg::EXC_LOAD_MISALIGNED : rru_core_pkg::EXC_STORE_MISALIGNED;
            exc_tval  = mem_addr;
          end else begin
            // Issue now unless an observer holds us (retire_stall_i is low
            // here); StMem holds the request or issues it later.
            state_d    = rru_core_pkg::StMem;
            dmem_req_o = !mem_stall_i;
            dissued_d  = dmem_req_o;
            dop_d      = cur_dop;
            daddr_d    = cur_addr;
            doff_d     = cur_off;
            dbe_d      = cur_be;
            dwdata_d   = cur_wdata;
          end
        end else if (is_div) begin
          state_d   = rru_core_pkg::StDiv;
          div_start = 1'b1;
        end else begin
          // Everything that completes in this cycle.
          retire   = 1'b1;
          fetch_go = 1'b1;
          rf_we    = 1'b1;
          if (is_lui)        rf_wdata = imm_u;
          else if (is_auipc) rf_wdata = pc_imm;
          else if (is_jal || is_jalr) begin
            rf_wdata = pc_plus4;
            fetch_pc = is_jal ? br_target : jalr_target;
          end else if (is_branch) begin
            rf_we = 1'b0;
            if (br_taken) fetch_pc = br_target;
          end else if (is_alu) rf_wdata = alu_res;
          else if (is_mul)   rf_wdata = mul_res;
          else if (is_csr) begin
            rf_wdata = csr_rdata;
            csr_we   = csr_writes;
            resv_we_o = csr_writes && (csr_addr == rru_core_pkg::CSR_MRESV);
          end else if (is_mret) begin
            rf_we    = 1'b0;
            do_mret  = 1'b1;
            fetch_pc = mepc_q;
          end else begin
            // fence, fence.i, wfi (a nop here)
            rf_we = 1'b0;
            if (is_fencei) begin
              // The I-cache invalidates before it answers the next fetch,
              // which starts in the next cycle (not overlapped with the pulse).
              icache_flush_o = 1'b1;
              fetch_go       = 1'b0;
              pc_d           = pc_plus4;
              state_d        = rru_core_pkg::StFetch;
            end
          end
          if (tgt_mis) begin
            // Jump or taken branch to a misaligned target (no C extension).
            retire    = 1'b0;
            fetch_go  = 1'b0;
            rf_we     = 1'b0;
            csr_we    = 1'b0;
            resv_we_o = 1'b0;
            do_mret   = 1'b0;
            exc       = 1'b1;
            exc_cause = rru_core_pkg::EXC_INSN_MISALIGNED;
            exc_tval  = fetch_pc;
          end
        end
      end

      rru_core_pkg::StMem: begin
        // Issue once the observers let us; then the request is held. A
        // request not yet issued gives way to an interrupt (it has done
        // nothing; mepc is its pc, so it runs again after the handler).
        if (!dissued_q && (mem_stall_i || retire_stall_i) && irq_pending && !irq_stall_i) begin
          take_trap   = 1'b1;
          trap_is_irq = 1'b1;
        end else begin
          dmem_req_o = dissued_q || (!mem_stall_i && !retire_stall_i);
          if (dmem_req_o) dissued_d = 1'b1;
        end
      end

      rru_core_pkg::StDiv: begin
        if (div_done && !retire_stall_i) begin
          retire   = 1'b1;
          fetch_go = 1'b1;
          rf_we    = 1'b1;
          rf_wdata = div_res;
        end else if (div_done && irq_pending && !irq_stall_i) begin
          // held at retirement: the result is dropped, the divide runs again
          take_trap   = 1'b1;
          trap_is_irq = 1'b1;
        end
      end

      default: ;
    endcase

    // Data response (StMem, or StExec when answered in the issuing cycle):
    // the memory instruction performs and retires in this cycle.
    if (dmem_req_o && (dmem_rvalid_i || dmem_err_i)) begin
      if (dmem_err_i) begin
        exc       = 1'b1;
        exc_cause = (cur_dop == rru_core_pkg::DOP_LOAD || cur_dop == rru_core_pkg::DOP_LR)
                  ? rru_core_pkg::EXC_LOAD_FAULT : rru_core_pkg::EXC_STORE_FAULT;
        exc_tval  = {cur_addr[31:2], cur_off};
      end else begin
        retire   = 1'b1;
        fetch_go = 1'b1;
        rf_we    = (cur_dop != rru_core_pkg::DOP_STORE);
        rf_wdata = (cur_dop == rru_core_pkg::DOP_LOAD) ? ld_data : dmem_rdata_i;
        rvfi_mem_addr_o = cur_addr;
        if (cur_dop != rru_core_pkg::DOP_STORE && cur_dop != rru_core_pkg::DOP_SC) begin
          rvfi_mem_rmask_o = cur_be;
          rvfi_mem_rdata_o = dmem_rdata_i;
        end
        if (cur_dop == rru_core_pkg::DOP_STORE) begin
          rvfi_mem_wmask_o = cur_be;
          rvfi_mem_wdata_o = cur_wdata;
        end else if (cur_dop == rru_core_pkg::DOP_AMO
                     || (cur_dop == rru_core_pkg::DOP_SC && dmem_rdata_i == 32'd0)) begin
          rvfi_mem_wmask_o = 4'b1111;
          rvfi_mem_wdata_o = amo_new;
        end
      end
    end

    if (rd == '0) rf_we = 1'b0;

    // Trap entry (exception of the current instruction or an interrupt).
    if (exc) take_trap = 1'b1;
    trap_cause  = trap_is_irq ? irq_cause : exc_cause;
    trap_tval   = trap_is_irq ? 32'd0 : exc_tval;
    trap_pc     = pc_q;
    trap_target = trap_is_irq ? irq_target : {mtvec_q[31:2], 2'b00};
    if (take_trap) begin
      priv_d   = rru_core_pkg::PRIV_M;
      intr_d   = 1'b1;
      fetch_go = 1'b1;
      fetch_pc = trap_target;
    end
    if (do_mret) priv_d = mstatus_mpp_q;

    // Retirement port: one report per retired instruction or exception.
    if (retire || exc) begin
      rvfi_valid_o    = 1'b1;
      rvfi_trap_o     = exc;
      rvfi_pc_wdata_o = fetch_pc;
      rvfi_rd_addr_o  = rf_we ? rf_waddr : 5'd0;
      rvfi_rd_wdata_o = rf_we ? rf_wdata : 32'd0;
      if (exc) rvfi_insn_o = ferr_q ? 32'd0 : insn_q;
      order_d = order_inc;
      intr_d  = take_trap;
    end

    // Start the next fetch in this very cycle; if the answer arrives at
    // once, capture it now.
    if (fetch_go) begin
      ifetch_req_o  = 1'b1;
      ifetch_addr_o = fetch_pc;
      pc_d          = fetch_pc;
      state_d       = rru_core_pkg::StFetch;
    end
    if (ifetch_req_o && (ifetch_rvalid_i || ifetch_err_i)) begin
      rf_re   = 1'b1;
      insn_d  = ifetch_rdata_i;
      ferr_d  = ifetch_err_i;
      state_d = rru_core_pkg::StExec;
    end
  end

  // ------------------------------------------------------------------------
  // CSR updates
  // ------------------------------------------------------------------------
  always_comb begin
    mstatus_mie_d  = mstatus_mie_q;
    mstatus_mpie_d = mstatus_mpie_q;
    mstatus_mpp_d  = mstatus_mpp_q;
    mie_msie_d     = mie_msie_q;
    mie_mtie_d     = mie_mtie_q;
    mie_cdie_d     = mie_cdie_q;
    mtvec_d        = mtvec_q;
    mcounteren_d   = mcounteren_q;
    mscratch_d     = mscratch_q;
    mepc_d         = mepc_q;
    mcause_d       = mcause_q;
    mtval_d        = mtval_q;
    mcycle_d       = mcycle_q + 64'd1;
    // The increments do not wait for `retire` (a late signal): it only selects.
    minstret_d     = retire ? minstret_inc : minstret_q;

    if (csr_we) begin
      case (csr_addr)
        rru_core_pkg::CSR_MSTATUS: begin
          mstatus_mie_d  = csr_wdata[rru_core_pkg::MSTATUS_MIE];
          mstatus_mpie_d = csr_wdata[rru_core_pkg::MSTATUS_MPIE];
          // MPP is WARL: only M (11) and U (00) exist; anything else reads U.
          mstatus_mpp_d  = (csr_wdata[rru_core_pkg::MSTATUS_MPP+1:rru_core_pkg::MSTATUS_MPP] == 2'b11)
                         ? rru_core_pkg::PRIV_M : rru_core_pkg::PRIV_U;
        end
        rru_core_pkg::CSR_MIE: begin
          mie_msie_d = csr_wdata[rru_core_pkg::IRQ_MSI];
          mie_mtie_d = csr_wdata[rru_core_pkg::IRQ_MTI];
          mie_cdie_d = csr_wdata[rru_core_pkg::IRQ_CD];
        end
        // Modes 2 and 3 are reserved: such a write is ignored (as qemu does).
        rru_core_pkg::CSR_MTVEC:      if (!csr_wdata[1]) mtvec_d = {csr_wdata[31:2], 1'b0, csr_wdata[0]};
        rru_core_pkg::CSR_MCOUNTEREN: mcounteren_d = csr_wdata[2:0];
        rru_core_pkg::CSR_MSCRATCH:   mscratch_d   = csr_wdata;
        rru_core_pkg::CSR_MEPC:       mepc_d       = {csr_wdata[31:2], 2'b00};
        rru_core_pkg::CSR_MCAUSE:     mcause_d     = csr_wdata;
        rru_core_pkg::CSR_MTVAL:      mtval_d      = csr_wdata;
        rru_core_pkg::CSR_MCYCLE:     mcycle_d[31:0]    = csr_wdata;
        rru_core_pkg::CSR_MCYCLEH:    mcycle_d[63:32]   = csr_wdata;
        rru_core_pkg::CSR_MINSTRET:   minstret_d[31:0]  = csr_wdata;
        rru_core_pkg::CSR_MINSTRETH:  minstret_d[63:32] = csr_wdata;
        default: ;
      endcase
    end

    if (do_mret) begin
      mstatus_mie_d  = mstatus_mpie_q;
      mstatus_mpie_d = 1'b1;
      mstatus_mpp_d  = rru_core_pkg::PRIV_U;
    end

    if (take_trap) begin
      mepc_d         = trap_pc;
      mcause_d       = {trap_is_irq, 26'b0, trap_cause};
      mtval_d        = trap_tval;
      mstatus_mpie_d = mstatus_mie_q;
      mstatus_mie_d  = 1'b0;
      mstatus_mpp_d  = priv_q;
    end
  end

  // ------------------------------------------------------------------------
  // Registers
  // ------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q        <= rru_core_pkg::StFetch;
      pc_q           <= '0;
      boot_q         <= 1'b1;
      insn_q         <= '0;
      ferr_q         <= 1'b0;
      priv_q         <= rru_core_pkg::PRIV_M;
      intr_q         <= 1'b0;
      order_q        <= '0;
      dissued_q      <= 1'b0;
      dop_q          <= '0;
      daddr_q        <= '0;
      doff_q         <= '0;
      dbe_q          <= '0;
      dwdata_q       <= '0;
      mstatus_mie_q  <= 1'b0;
      mstatus_mpie_q <= 1'b0;
      mstatus_mpp_q  <= rru_core_pkg::PRIV_M;
      mie_msie_q     <= 1'b0;
      mie_mtie_q     <= 1'b0;
      mie_cdie_q     <= 1'b0;
      mtvec_q        <= '0;
      mcounteren_q   <= '0;
      mscratch_q     <= '0;
      mepc_q         <= '0;
      mcause_q       <= '0;
      mtval_q        <= '0;
      mcycle_q       <= '0;
      minstret_q     <= '0;
    end else begin
      state_q        <= state_d;
      pc_q           <= pc_d;
      boot_q         <= 1'b0;
      insn_q         <= insn_d;
      ferr_q         <= ferr_d;
      priv_q         <= priv_d;
      intr_q         <= intr_d;
      order_q        <= order_d;
      dissued_q      <= dissued_d;
      dop_q          <= dop_d;
      daddr_q        <= daddr_d;
      doff_q         <= doff_d;
      dbe_q          <= dbe_d;
      dwdata_q       <= dwdata_d;
      mstatus_mie_q  <= mstatus_mie_d;
      mstatus_mpie_q <= mstatus_mpie_d;
      mstatus_mpp_q  <= mstatus_mpp_d;
      mie_msie_q     <= mie_msie_d;
      mie_mtie_q     <= mie_mtie_d;
      mie_cdie_q     <= mie_cdie_d;
      mtvec_q        <= mtvec_d;
      mcounteren_q   <= mcounteren_d;
      mscratch_q     <= mscratch_d;
      mepc_q         <= mepc_d;
      mcause_q       <= mcause_d;
      mtval_q        <= mtval_d;
      mcycle_q       <= mcycle_d;
      minstret_q     <= minstret_d;
    end
  end

`ifdef RRU_ASSERTIONS
  // Requests stay stable until answered; one data request at a time.
  logic        prev_ireq_q, prev_dreq_q;
  logic [31:0] prev_iaddr_q, prev_daddr_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prev_ireq_q  <= 1'b0;
      prev_dreq_q  <= 1'b0;
      prev_iaddr_q <= '0;
      prev_daddr_q <= '0;
    end else begin
      prev_ireq_q  <= ifetch_req_o && !(ifetch_rvalid_i || ifetch_err_i);
      prev_dreq_q  <= dmem_req_o && !(dmem_rvalid_i || dmem_err_i);
      prev_iaddr_q <= ifetch_addr_o;
      prev_daddr_q <= dmem_addr_o;
      if (prev_ireq_q) assert (ifetch_req_o && ifetch_addr_o == prev_iaddr_q);
      if (prev_dreq_q) assert (dmem_req_o && dmem_addr_o == prev_daddr_q);
      assert (ifetch_addr_o[1:0] == 2'b00 || !ifetch_req_o);
      // A report is either a retirement or a trap, never both kinds of state.
      if (rvfi_valid_o && rvfi_trap_o) assert (rvfi_rd_addr_o == '0);
      if (dmem_req_o && dmem_op_o != rru_core_pkg::DOP_STORE) assert (dmem_be_o != '0);
    end
  end
`endif
endmodule
