/* The RRU's control and status registers (one block per hart), as the
 * kernel sees them: docs/design.md §2.5 "RRU hardware". 32-bit registers at
 * byte offsets from the block's base (in the SoC: hart h's block at
 * RRU_BASE(h) = 0x0300_0000 + 0x100 * h, include/rru/memmap.h); rtl/rru/rru_pkg.sv (REG_*) mirrors
 * these offsets and tests/rtl/rru_pkg_check.c checks that it does.
 *
 * Freestanding: the firmware includes it. */
#ifndef RRU_RRU_REGS_H
#define RRU_RRU_REGS_H

#define RRU_REG_ID 0x00        /* RO: RRU_REG_ID_VALUE */
#define RRU_REG_CFG 0x04       /* RO: parameters, RRU_CFG_* fields */
#define RRU_REG_STATUS 0x08    /* RO: RRU_STATUS_* bits and fields */
#define RRU_REG_TID 0x0c       /* RO: thread id of the next chunk */
#define RRU_REG_START 0x10     /* WO: start recording thread <wdata> (§1.8 start) */
#define RRU_REG_SWITCH 0x14    /* WO: context switch to thread <wdata> (§1.8 switch) */
#define RRU_REG_FLUSH 0x18     /* WO: flush (§1.8), any data */
#define RRU_REG_EXIT 0x1c      /* WO: exit (§1.8), any data: recording stops */
#define RRU_REG_ICLIMIT 0x20   /* RW: instruction limit L (0 = none); set while not recording */
#define RRU_REG_FILLLIMIT 0x24 /* RW: fill limit F (0 = none); set while not recording */
#define RRU_REG_LOG_LO 0x28    /* RO: bits [31:0] of the oldest log word (0 if empty) */
#define RRU_REG_LOG_HI 0x2c    /* RO: bits [63:32] of it; the read removes the word */
#define RRU_REG_TS_LO 0x30     /* RO: global timestamp [31:0] */
#define RRU_REG_TS_HI 0x34     /* RO: global timestamp [47:32] */
#define RRU_REG_CHUNKS 0x38    /* RO: chunks ended since reset */
#define RRU_REG_STALLS 0x3c    /* RO: cycles retirement was stalled (log path full) */
#define RRU_REG_REASON0 0x40   /* RO: 8 counters, chunks ended by reason r at +4r */
#define RRU_REG_FILL 0x60      /* RO: current chunk fill: [15:0] R, [31:16] W set bits */
#define RRU_REG_DIGEST 0x64    /* RW: access digest (include/rru/rru_digest.h); save/restore */
#define RRU_REG_COUNTDOWN 0x68 /* RW: replay countdown: U-mode instructions left (0 = off) */
#define RRU_REG_BLOCK_BYTES 0x80

#define RRU_REG_ID_VALUE 0x52525531u /* "RRU1" */

/* RRU_REG_CFG fields */
#define RRU_CFG_HASHES_SHIFT 0  /* [3:0] hashes */
#define RRU_CFG_IDXW_SHIFT 4    /* [8:4] log2(bits per partition) */
#define RRU_CFG_FAMILY_SHIFT 9  /* [9] enum rru_hash_family */
#define RRU_CFG_TABLE_SHIFT 10  /* [14:10] K */
#define RRU_CFG_HART_SHIFT 16   /* [18:16] hart id */
#define RRU_CFG_NCPUS_SHIFT 20  /* [23:20] cpus */

/* RRU_REG_STATUS */
#define RRU_STATUS_ENABLED (1u << 0)   /* recording */
#define RRU_STATUS_LOG_VALID (1u << 1) /* a log word can be read */
#define RRU_STATUS_STALL (1u << 2)     /* retirement stalled now */
#define RRU_STATUS_CD_ZERO (1u << 3)   /* countdown reached zero: trap pending, memory held */
#define RRU_STATUS_LEVEL_SHIFT 16      /* [31:16] log words buffered */

#endif
