/* The SoC memory map, the kernel/app regions, the boot parameter block, the
 * app image header and the system-call ABI: docs/design.md §6.
 *
 * Freestanding: included by the resident kernel, the app runtime (assembly
 * too: everything outside `#ifndef __ASSEMBLER__` is plain #defines), the
 * Verilator harness and the host tools. */
#ifndef RRU_MEMMAP_H
#define RRU_MEMMAP_H

/* --- devices (the same addresses as qemu `virt` where it has the device) --- */

/* Test finisher (sifive_test): write RRU_FINISHER_PASS to exit 0, or
 * RRU_FINISHER_FAIL | (code << 16) to exit with `code`. */
#define RRU_FINISHER_BASE 0x00100000u
#define RRU_FINISHER_PASS 0x5555u
#define RRU_FINISHER_FAIL 0x3333u

/* Simulation control (rru-sim and the board only; absent on qemu). */
#define RRU_SIMCTL_BASE 0x00101000u

/* CLINT, SiFive layout. mtime counts at a platform rate (10 MHz on qemu). */
#define RRU_CLINT_BASE 0x02000000u
#define RRU_CLINT_MSIP(h) (RRU_CLINT_BASE + 4u * (h))
#define RRU_CLINT_MTIMECMP(h) (RRU_CLINT_BASE + 0x4000u + 8u * (h))
#define RRU_CLINT_MTIME (RRU_CLINT_BASE + 0xBFF8u)

/* RRU register blocks (include/rru/rru_regs.h), one per hart, 256 bytes
 * apart (rru-sim and the board; absent on qemu). */
#define RRU_RRU_BASE 0x03000000u
#define RRU_BASE(h) (RRU_RRU_BASE + 0x100u * (h))

/* The hardware log streamer (rtl/rru/rru_log_streamer.sv, docs/design.md
 * §5.6): sends the RRUs' log words as LOG_STREAM frames on the UART. Its
 * ID register reads RRU_STREAM_ID_MAGIC where it exists. */
#define RRU_STREAM_BASE 0x03000800u
#define RRU_STREAM_CTRL 0x00u    /* bit 0 EN (pop the RRUs), write bit 1: reset */
#define RRU_STREAM_STATUS 0x04u  /* bit 0 IDLE, bit 1 HOLD granted, 15:8 ack seq */
#define RRU_STREAM_ACK 0x08u     /* 7:0 next seq the host expects, bit 8 rewind, 23:16 its id */
#define RRU_STREAM_HOLD 0x0Cu    /* bit 0: the CPU wants the transmitter */
#define RRU_STREAM_TIMEOUT 0x10u /* cycles without ack progress before a rewind */
#define RRU_STREAM_BYTES 0x14u   /* stream bytes built */
#define RRU_STREAM_CRC 0x18u     /* CRC-32 of them */
#define RRU_STREAM_FRAMES 0x1Cu  /* frames sent once */
#define RRU_STREAM_RESENDS 0x20u /* frames sent again */
#define RRU_STREAM_ID 0x24u
#define RRU_STREAM_CFG 0x28u     /* 15:0 window words, 23:16 words per frame */
#define RRU_STREAM_SACK 0x2Cu    /* frames the host holds after ACK's next; before ACK */
#define RRU_STREAM_RECORDS(h) (0x40u + 4u * (h)) /* records taken from hart h's RRU */
#define RRU_STREAM_ID_MAGIC 0x31534C52u /* "RLS1" */
#define RRU_STREAM_CTRL_EN 0x1u
#define RRU_STREAM_CTRL_RESET 0x2u
#define RRU_STREAM_STATUS_IDLE 0x1u
#define RRU_STREAM_STATUS_GRANT 0x2u
#define RRU_STREAM_ACK_REWIND 0x100u
#define RRU_STREAM_ACK_ID_SHIFT 16u

/* NS16550 UART, byte registers, register shift 0. */
#define RRU_UART_BASE 0x10000000u
#define RRU_UART_THR 0u /* write: transmit holding register */
#define RRU_UART_RBR 0u /* read: receive buffer */
#define RRU_UART_LSR 5u
#define RRU_UART_LSR_DR 0x01u   /* data ready */
#define RRU_UART_LSR_THRE 0x20u /* transmit holding register empty */

/* --- RAM ----------------------------------------------------------------- */

#define RRU_RAM_BASE 0x80000000u
/* RAM size when the boot parameters do not give one (rru-sim's default). */
#define RRU_RAM_SIZE_DEFAULT 0x00100000u

/* Resident kernel region (M-mode code, data, stacks): 64 KiB. U-mode has no
 * access to it (PMP). */
#define RRU_KERNEL_BASE 0x80000000u
#define RRU_KERNEL_SIZE 0x00010000u
/* The app region runs from APP_BASE to the end of RAM. An app ELF's entry
 * point is APP_BASE, where its image header (below) starts. */
#define RRU_APP_BASE 0x80010000u
/* The top quarter of RAM is the replay area (docs/design.md §7): the DAG
 * (3/16 of RAM) then the input log (1/16) uploaded for a replay. The app
 * region ends where it starts, in recording and replay alike (PMP, memory
 * digest), so every recording can be replayed on the same RAM size.
 * ram = RAM bytes in all (the kernel region included). */
#define RRU_REPLAY_AREA_BYTES(ram) ((ram) / 4u)
#define RRU_APP_END(ram) (RRU_RAM_BASE + (ram) - RRU_REPLAY_AREA_BYTES(ram))
#define RRU_REPLAY_DAG_BASE(ram) RRU_APP_END(ram)
#define RRU_REPLAY_DAG_BYTES(ram) ((ram) / 16u * 3u)
#define RRU_REPLAY_INLOG_BASE(ram) (RRU_REPLAY_DAG_BASE(ram) + RRU_REPLAY_DAG_BYTES(ram))
#define RRU_REPLAY_INLOG_BYTES(ram) ((ram) / 16u)

/* Largest numbers the kernel supports. */
#define RRU_MAX_HARTS 8u
#define RRU_MAX_THREADS 32u

/* --- boot parameter block ---------------------------------------------------
 * The last 64 bytes of the kernel region. The loader (rru-sim, the board's
 * link, or qemu `-device loader,addr=...,data=...`) may write it before the
 * harts start; the kernel image leaves it alone. A block whose magic is not
 * RRU_BOOT_MAGIC means "all defaults" and host mode (the kernel waits for
 * the host on the link, docs/design.md §7.2). A field of 0 means its default. */
#define RRU_BOOT_PARAMS_ADDR 0x8000FFC0u
#define RRU_BOOT_MAGIC 0x42555252u /* "RRUB" little-endian */
#define RRU_BOOT_OFF_MAGIC 0u
#define RRU_BOOT_OFF_NTHREADS 4u /* default: the number of harts */
#define RRU_BOOT_OFF_NHARTS 8u   /* default: harts that check in at boot */
#define RRU_BOOT_OFF_RAM_SIZE 12u /* default: RRU_RAM_SIZE_DEFAULT */
#define RRU_BOOT_OFF_QUANTUM 16u /* timer ticks per time slice; default below */
#define RRU_BOOT_OFF_FLAGS 20u
#define RRU_BOOT_FLAG_VERBOSE 0x1u /* kernel prints a banner and a summary */
#define RRU_BOOT_FLAG_HOST 0x2u /* host mode: wait for the host on the link (§7) */
#define RRU_QUANTUM_DEFAULT 5000u  /* 0.5 ms of qemu's 10 MHz mtime */
/* Without an nharts parameter, the boot hart counts the harts that check in
 * within this many mtime ticks. */
#define RRU_HART_DISCOVERY_TICKS 100000u

/* --- app image header ---------------------------------------------------------
 * At APP_BASE (written by the app runtime's crt0 and linker script). The
 * kernel checks the magic and version, zeroes [bss_start, bss_end) before any
 * thread runs, and gives thread t the stack
 *   [stack_base + t * stack_size, stack_base + (t + 1) * stack_size)
 * which must end inside RAM. */
#define RRU_APP_MAGIC 0x41555252u /* "RRUA" little-endian */
#define RRU_APP_VERSION 1u
#define RRU_APPHDR_OFF_JUMP 0u /* a jump to the runtime's start code */
#define RRU_APPHDR_OFF_MAGIC 4u
#define RRU_APPHDR_OFF_VERSION 8u
#define RRU_APPHDR_OFF_ENTRY 12u /* where every thread starts */
#define RRU_APPHDR_OFF_BSS_START 16u
#define RRU_APPHDR_OFF_BSS_END 20u
#define RRU_APPHDR_OFF_STACK_BASE 24u
#define RRU_APPHDR_OFF_STACK_SIZE 28u
#define RRU_APPHDR_SIZE 32u

/* --- thread start -------------------------------------------------------------
 * Every thread starts at the header's entry in U-mode with a0 = thread id,
 * a1 = number of threads, sp = the top of its stack, every other register 0. */

/* --- system calls ---------------------------------------------------------------
 * `ecall` from U-mode: a7 = number, arguments in a0..a5, result in a0. Data
 * travels in registers only: the kernel writes no app memory once the app runs. */
#define RRU_SYS_THREAD_EXIT 1u /* the calling thread is done (crt0 calls it) */
#define RRU_SYS_WRITE 2u       /* a0 = n (1..RRU_SYS_WRITE_MAX), a1..a5 = bytes,
				 * little-endian, a1 first: appended to the
				 * thread's output stream */
#define RRU_SYS_WRITE_MAX 20u
#define RRU_SYS_INPUT 3u /* result: a non-deterministic 32-bit input */
#define RRU_SYS_YIELD 4u /* give the core to another ready thread */
#define RRU_SYS_EXIT 5u  /* a0 = code: end the whole program now */

/* A U-mode read of a counter CSR (cycle, time, instret and their high halves;
 * mcounteren = 0) traps; the kernel answers it as a non-deterministic input:
 * rd gets the hart's value, pc moves on. */

/* --- exit codes (the finisher's) --------------------------------------------------
 * 0 when every thread returned; app_exit(code) uses codes below 100. */
#define RRU_EXIT_APP_FAULT 101u /* a thread faulted (message names thread, pc, address) */
#define RRU_EXIT_KERNEL_PANIC 102u /* the kernel hit an unexpected trap */
#define RRU_EXIT_BAD_APP 103u      /* no valid app header, or stacks do not fit */
#define RRU_EXIT_BAD_PARAMS 104u   /* boot parameters out of range */

/* Custom M-mode CSR holding the LR/SC reservation (bit 0 valid, bits 31:2
 * word address); absent on qemu, where reading it traps. */
#define RRU_CSR_RESV 0x7C0

#endif
