/* The cycle-stamped event trace that feeds the C model of the RRU and the
 * oracle (docs/design.md §2.1, §2.2): retirement-port events, RRU control
 * commands and bus transactions, in a fixed order within each cycle.
 *
 * Text form, one event per line:
 *   rru-trace 1 cpus <n> line <bytes>            (first line)
 *   r <cycle> <cpu> u|m <kind> [<addr>]          retirement (kind: - ld st amo lr sc scf trap)
 *   x <cycle> <cpu> start <tid> | switch <tid> | flush | exit
 *   b <cycle> <cpu> rd|rdx|upgr|wb|uncrd|uncwr <line>
 * Within a cycle: all r (cpu ascending), then all x (cpu ascending), then at
 * most one b. The reader checks this order. */
#ifndef RRU_TRACE_H
#define RRU_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define RRU_TRACE_VERSION 1

enum rru_ev_type {
	RRU_EV_RETIRE = 'r',
	RRU_EV_CTL = 'x',
	RRU_EV_BUS = 'b',
};

/* Access kind of a retirement (docs/design.md §1.3). */
enum rru_acc {
	RRU_ACC_NONE = 0, /* "-": retired, no data access */
	RRU_ACC_LD,
	RRU_ACC_ST,
	RRU_ACC_AMO,
	RRU_ACC_LR,
	RRU_ACC_SC,   /* SC that succeeded */
	RRU_ACC_SCF,  /* SC that failed */
	RRU_ACC_TRAP, /* raised an exception: did not retire, no access */
	RRU_ACC_COUNT
};

/* Bus observe port commands (obs_cmd_o codes). */
enum rru_bus_cmd {
	RRU_BUS_RD = 0,
	RRU_BUS_RDX = 1,
	RRU_BUS_UPGR = 2,
	RRU_BUS_WB = 3,
	RRU_BUS_UNCRD = 4,
	RRU_BUS_UNCWR = 5,
	RRU_BUS_COUNT
};

/* RRU control commands (docs/design.md §1.8). */
enum rru_ctl_op {
	RRU_CTL_START = 0,
	RRU_CTL_SWITCH = 1,
	RRU_CTL_FLUSH = 2,
	RRU_CTL_EXIT = 3,
	RRU_CTL_COUNT
};

enum rru_priv { RRU_PRIV_U = 0, RRU_PRIV_M = 3 };

struct rru_trace_event {
	uint8_t type;  /* enum rru_ev_type */
	uint8_t cpu;
	uint64_t cycle;
	/* retire */
	uint8_t priv;  /* enum rru_priv */
	uint8_t acc;   /* enum rru_acc */
	uint32_t addr; /* byte address of the access (kinds ld..scf) */
	/* ctl */
	uint8_t op;    /* enum rru_ctl_op */
	uint32_t tid;  /* start, switch */
	/* bus */
	uint8_t cmd;   /* enum rru_bus_cmd */
	uint32_t line; /* line address */
};

/* Trace header. */
struct rru_trace_hdr {
	unsigned ncpus;      /* 1..RRU_MAX_CPUS */
	unsigned line_bytes; /* power of two, 4..256 */
};

/* True for kinds that read / write memory (R / W signature, §1.3). */
bool rru_acc_reads(unsigned acc);
bool rru_acc_writes(unsigned acc);
/* Name of an access kind / bus command / control op as in the text form. */
const char *rru_acc_name(unsigned acc);
const char *rru_bus_cmd_name(unsigned cmd);
const char *rru_ctl_op_name(unsigned op);

/* Streaming reader of the text form. Errors name the file and line. */
struct rru_trace_reader;

/* Opens a reader on f (not closed by the reader); name is used in messages.
 * Reads and checks the header line. Returns NULL (message printed) on error. */
struct rru_trace_reader *rru_trace_reader_new(FILE *f, const char *name,
					      struct rru_trace_hdr *hdr);
/* Reads the next event: 1 = got one, 0 = end of trace, -1 = bad input
 * (message printed, naming file and line). Checks the order of §2.2. */
int rru_trace_read(struct rru_trace_reader *r, struct rru_trace_event *ev);
/* Line number of the last event read (for messages). */
unsigned long rru_trace_line(const struct rru_trace_reader *r);
void rru_trace_reader_free(struct rru_trace_reader *r);

/* Parses one event line (no newline needed); returns NULL or a static
 * message saying what is wrong. Does not check ordering. */
const char *rru_trace_parse_line(const char *line, unsigned ncpus,
				 struct rru_trace_event *ev);

/* Checks that b may follow a within one trace (cycle order and the phase
 * order of §2.2); returns NULL or a message. */
const char *rru_trace_check_order(const struct rru_trace_event *a,
				  const struct rru_trace_event *b);

/* Checks a trace against the memory-system guarantees the bus shows
 * (docs/design.md §1.2 rules 3 and 4): every U-mode access to RAM performs
 * while its cpu may hold the line (valid for reads, M for write kinds) and
 * not in the cycle of the transaction that brought it. Feed every event in
 * order; a non-NULL return says what is wrong with that event. */
struct rru_cohcheck;
struct rru_cohcheck *rru_cohcheck_new(const struct rru_trace_hdr *hdr);
const char *rru_cohcheck_step(struct rru_cohcheck *c, const struct rru_trace_event *ev);
void rru_cohcheck_free(struct rru_cohcheck *c);

/* Writers of the text form. */
void rru_trace_write_hdr(FILE *f, const struct rru_trace_hdr *hdr);
void rru_trace_write(FILE *f, const struct rru_trace_event *ev);

#endif
