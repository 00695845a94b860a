/* Start-up for the bare-metal test programs: every hart sets its trap vector
 * and stack (8 KiB each, from the top of RAM); hart 0 clears .bss and
 * releases the others; each calls main_hart(hartid, ncores) (ncores from the
 * rru-sim simulation control register). Hart 0's return value is the exit
 * code (finisher); the other harts park. */
  .section .text.start
  .globl _start
_start:
  csrr  a0, mhartid
  la    t0, crt_trap
  csrw  mtvec, t0
  la    sp, __stack_top
  slli  t1, a0, 13
  sub   sp, sp, t1
  la    t2, crt_ready
  bnez  a0, 2f
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 3f
  sw    zero, 0(t0)
  addi  t0, t0, 4
  j     1b
3:
  fence rw, rw
  li    t1, 1
  sw    t1, 0(t2)
  j     4f
2:
  lw    t1, 0(t2)
  beqz  t1, 2b
  fence rw, rw
4:
  li    t0, 0x00101004        /* simulation control: NCORES */
  lw    a1, 0(t0)
  call  main_hart
  csrr  t0, mhartid
  bnez  t0, 5f
  call  sim_exit
5:
  wfi
  j     5b

  .align 4
crt_trap:
  csrr  a0, mcause
  csrr  a1, mepc
  csrr  a2, mtval
  call  sim_trap

  .data
  .align 4
crt_ready:
  .word 0
