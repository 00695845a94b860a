/* Constants shared by the kernel's assembly and C (struct layouts). */
#ifndef RRU_KERNEL_ASM_H
#define RRU_KERNEL_ASM_H

/* struct rru_hart field offsets */
#define HART_CUR 0
#define HART_SCRATCH 4
#define HART_KSP 8

/* Per-hart kernel stack: 2 KiB. */
#define KSTACK_LOG2 11
#define KSTACK_SIZE (1 << KSTACK_LOG2)
/* Hart 0's stack: 4 KiB (host mode runs the link engine on it). */
#define KSTACK0_SIZE 4096

#define MSTATUS_MIE 0x8
#define MSTATUS_MPIE 0x80

#endif
