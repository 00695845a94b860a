/* Runs an app through the resident kernel over the link (docs/design.md §7):
 * the device to use (a link, a board, or a simulator/qemu this process
 * starts), the app ELF, and one run with its streams and results. Shared by
 * `rru run` and `rru record` (host-driver/cmd_run.c, cmd_record.c). */
#ifndef RRU_RUN_SESSION_H
#define RRU_RUN_SESSION_H

#include "rru/link_host.h"
#include "rru/memmap.h"
#include "rru/run.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* --- the app ELF ------------------------------------------------------------ */
#define RRU_APP_MAX_SEGS 16
struct rru_app_seg {
	uint32_t addr;
	const uint8_t *data; /* into the file image */
	uint32_t filesz, memsz;
};
struct rru_app_image {
	const char *path;
	uint8_t *file;
	size_t size;
	uint64_t digest; /* rru digest of the file's bytes */
	uint32_t entry;
	unsigned nseg;
	struct rru_app_seg seg[RRU_APP_MAX_SEGS];
};
/* Reads and checks an app ELF (RV32 executable, entry APP_BASE, PT_LOAD
 * segments inside the app region). 0, or RRU_EXIT_USAGE after a message. */
int rru_app_image_read(const char *path, struct rru_app_image *img);
void rru_app_image_free(struct rru_app_image *img);
/* A whole regular file (at most 64 MiB) in a malloc'd buffer, or NULL after
 * a message naming it. */
void *rru_file_read(const char *path, size_t *size);
/* Input-log sources (RRU_INLOG_SRC_*, | RRU_INLOG_SRC_HIGH) as input.log
 * names them: "input", "cycle", "cycleh", ...; NULL / -1 if unknown. */
const char *rru_inlog_src_name(unsigned src);
int rru_inlog_src_parse(const char *name);
/* The digest of n bytes (fed one byte per step). */
uint64_t rru_digest_bytes(const void *p, size_t n);

/* --- the device ---------------------------------------------------------------- */
enum rru_dev_kind { RRU_DEV_LINK, RRU_DEV_SIM, RRU_DEV_QEMU };
struct rru_dev_opts {
	enum rru_dev_kind kind;
	const char *link;   /* RRU_DEV_LINK: tcp:/tty:/board: spec */
	const char *serial; /* FTDI serial */
	const char *kernel; /* SIM/QEMU: kernel ELF (default: next to rru) */
	unsigned cores;     /* SIM/QEMU: harts; LINK: checked if nonzero */
	uint64_t seed;      /* SIM: the simulator's seed */
	bool seed_given;    /* without --seed rru-sim runs with fixed latencies */
	bool quiet;
	uint32_t timeout_ms;
	const char *access_log; /* SIM: rru-sim --access-log FILE (docs/design.md §7.4), or NULL */
	/* SIM: the CREW recorder beside the RRUs (docs/design.md §9): rru-sim
	 * --crew-log / --crew-stats FILE (NULL: off), --crew-page, --crew-cost */
	const char *crew_log, *crew_stats;
	unsigned crew_page;
	uint64_t crew_cost;
};
struct rru_dev {
	struct rru_link *l;
	struct rru_link_info info;
	pid_t child; /* the simulator/qemu this process started, or 0 */
	const char *recorder; /* "link", "sim", "qemu" */
	bool quiet;
};
/* Opens the device (starting the simulator or qemu first) and says HELLO.
 * Returns a process exit code: 0, 1 (device missing, not answering), 2. */
int rru_dev_open(const struct rru_dev_opts *o, struct rru_dev *d);
void rru_dev_close(struct rru_dev *d);

/* --- one run ---------------------------------------------------------------------- */
struct rru_run_cb {
	/* console bytes of a thread (RRU_CONSOLE_KERNEL: the kernel's) */
	void (*console)(void *ctx, unsigned tid, const uint8_t *p, size_t n);
	/* one input-log record (RRU_INLOG_REC_SIZE bytes) */
	int (*inlog)(void *ctx, const uint8_t *rec);
	void *ctx;
	/* the next bytes of hart's raw RRU word stream (LOG_DATA); may be NULL */
	int (*log)(void *ctx, unsigned hart, const uint8_t *p, size_t n);
	/* chunk records converted so far from those bytes, for the progress
	 * line (bytes alone say little: a record is 16 to 72 bytes); may be NULL */
	uint64_t (*log_records)(void *ctx);
};
/* A replay instead of a recording: the DAG and the input log to upload. */
struct rru_replay_req {
	const void *dag;
	size_t dag_bytes;
	unsigned mode; /* enum rru_dag_mode */
	const void *inlog; /* RRU_INLOG_REC_SIZE-byte records */
	size_t inlog_bytes;
};
struct rru_run_result {
	uint32_t exit_code;
	unsigned threads;
	uint64_t mem_digest;
	/* [RRU_MAX_THREADS]: the kernel's messages */
	uint64_t out_digest[RRU_MAX_THREADS + 1];
	uint32_t out_bytes[RRU_MAX_THREADS + 1];
	uint32_t inputs[RRU_MAX_THREADS];
	uint64_t inlog_bytes, console_bytes, log_bytes;
	uint32_t records; /* chunk records (recording) or nodes replayed, as EXIT counts them */
	uint32_t nodes;   /* replay: the DAG's nodes, as REPLAY_START's STATUS counts them */
	uint32_t retransmits, reconnects;
	/* from a kernel with RRUs (have_rru): each thread's access digest, each
	 * hart's chunk records or replayed nodes, the RRUs' CFG (low 32 bits) */
	bool have_rru;
	uint32_t thread_digest[RRU_MAX_THREADS];
	uint32_t chunks[RRU_MAX_HARTS];
	uint64_t rru_cfg;
	uint64_t run_ticks;                /* the run's length in device ticks (rru-sim: cycles) */
	uint64_t busy_ticks[RRU_MAX_HARTS]; /* replay: ticks each hart ran nodes */
	uint64_t rru_stalls[RRU_MAX_HARTS]; /* recording: cycles each RRU held retirement */
};
/* Loads the app, starts it with `threads` threads (0: the kernel's default),
 * streams until it ends, reads the results, and checks every stream and
 * digest against what the host received. 0, or 1 after a message. */
int rru_dev_run(struct rru_dev *d, const struct rru_app_image *img, unsigned threads,
		bool inlog, const struct rru_run_cb *cb, struct rru_run_result *res);
/* The same for a replay (docs/design.md §7): uploads rp's DAG and input
 * log, starts the replay, and collects its output and results. */
/* READ_RESULTS: the RESULTS messages into res, up to the command's STATUS
 * (have_mem: a memory digest came). 0; -1 the link was lost; -2 a bad
 * answer (both reported). */
int rru_dev_read_results(struct rru_dev *d, struct rru_run_result *res, bool *have_mem);
/* The RRUs' parameters (RESULTS kind 8: CFG | L << 32; 0 without RRUs),
 * asked with READ_RESULTS between runs. 0, or 1 after a message. */
int rru_dev_rru_cfg(struct rru_dev *d, uint64_t *cfg);
/* The text of config's rru= line for those parameters (docs/design.md §7.1). */
void rru_dev_rru_params(uint64_t cfg, char *buf, size_t n);
int rru_dev_replay(struct rru_dev *d, const struct rru_app_image *img, unsigned threads,
		   const struct rru_replay_req *rp, const struct rru_run_cb *cb,
		   struct rru_run_result *res);

/* --- shared command-line handling ------------------------------------------------ */
struct rru_run_args {
	struct rru_dev_opts dev;
	unsigned threads;
	const char *out; /* record: -o RUN/ */
	bool force;
	const char *elf; /* replay: the RUN/ directory */
	int mode;        /* replay: enum rru_dag_mode */
	unsigned recorder; /* record: RRU_RECORDER_* bits (--recorder) */
	bool crew_log;     /* replay: --log crew */
};
/* `rru record --recorder rru|crew|both` (docs/design.md §9.4). */
enum { RRU_RECORDER_RRU = 1, RRU_RECORDER_CREW = 2 };
/* Parses the options of `rru run`, `rru record` or `rru replay` (kind).
 * Returns -1 to go on, else the exit code (help: 0, bad usage: 2). */
enum { RRU_ARGS_RUN = 0, RRU_ARGS_RECORD = 1, RRU_ARGS_REPLAY = 2 };
int rru_run_args_parse(int argc, char **argv, int kind, struct rru_run_args *a);

#endif
