/* Host side of the link (host-driver/, docs/design.md §5.5): open a device by
 * a link string or a board name, run the protocol of include/rru/link.h over
 * it, and move programs, commands and streams. Used by `rru link-check`,
 * `rru record` and `rru replay`.
 *
 * Every function returns 0 (RRU_LINK_OK) or a negative enum rru_link_err, and
 * has already said what went wrong through rru_error() (unless quiet). */
#ifndef RRU_LINK_HOST_H
#define RRU_LINK_HOST_H

#include "rru/link.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum rru_link_err {
	RRU_LINK_OK = 0,
	RRU_LINK_ERR_USAGE = -1,   /* bad link string, unknown board, bad argument */
	RRU_LINK_ERR_NODEV = -2,   /* no such device / nothing listening */
	RRU_LINK_ERR_MANY = -3,    /* several devices match: choose with --serial */
	RRU_LINK_ERR_PERM = -4,    /* permission denied (udev rule) */
	RRU_LINK_ERR_LOST = -5,    /* device unplugged / connection lost for good */
	RRU_LINK_ERR_TIMEOUT = -6, /* the device stopped answering */
	RRU_LINK_ERR_PROTO = -7,   /* the peer broke the protocol (bad version, ...) */
	RRU_LINK_ERR_IO = -8,      /* other system error (file write, ...) */
	RRU_LINK_ERR_DEVICE = -9,  /* the device answered a command with a failure */
};
const char *rru_link_strerror(int err);

/* --- board table (host-driver/boards.c) -------------------------------------- */
struct rru_link_board {
	const char *name;      /* --board NAME */
	const char *desc;
	uint16_t vid, pid;
	uint8_t interface;     /* FTDI channel carrying the UART: 1 = A, 2 = B */
	const char *chip;      /* "FT2232H", "FT231X" */
	uint32_t baud;
	const char *ofl_board; /* openFPGALoader 0.10 -b name */
};
unsigned rru_link_board_count(void);
const struct rru_link_board *rru_link_board_at(unsigned i);
const struct rru_link_board *rru_link_board_find(const char *name);

/* --- opening -------------------------------------------------------------------- */
struct rru_link_opts {
	const char *serial;     /* FTDI: USB serial number to choose among several */
	uint32_t baud;          /* tty/FTDI: 0 = the board's or 3000000 */
	bool quiet;             /* no progress display */
	uint32_t timeout_ms;    /* give up when the device answers nothing this long; 0 = 5000 */
	uint32_t reconnect_ms;  /* TCP: keep trying to reconnect this long; 0 = 3000 */
	uint32_t nonce;         /* HELLO nonce; 0 = random (a fixed one makes the bytes
				 * on the wire repeatable, for scripted USB tests) */
	uint32_t slow;          /* the device runs this many times slower than a board
				 * (rru-sim: ~100): retransmission and HELLO timers are
				 * scaled, so duplicates do not swamp it; 0 = 1 */
};

struct rru_link;

/* spec: "tcp:HOST:PORT", "tty:/dev/ttyUSB1[@BAUD]", "board:NAME" (FTDI). */
int rru_link_open(const char *spec, const struct rru_link_opts *opts, struct rru_link **out);
/* Runs the link over an already connected stream socket or pipe-like fd (tests,
 * or a caller that connected itself); the link owns and closes fd. */
int rru_link_open_fd(int fd, const char *name, const struct rru_link_opts *opts,
		     struct rru_link **out);
void rru_link_close(struct rru_link *l);
/* Human description of what is open ("tcp:localhost:5555"). */
const char *rru_link_name(const struct rru_link *l);

/* --- session ----------------------------------------------------------------- */
struct rru_link_info {
	uint16_t major, minor;
	uint8_t window, cpus;
	uint16_t max_payload;
	uint32_t ram_bytes;
	char firmware[RRU_LINK_MAX_PAYLOAD];
};
/* Starts a session (sequence numbers reset on both sides) and reads the
 * device's description. Repeats HELLO until answered or timeout. */
int rru_link_hello(struct rru_link *l, struct rru_link_info *info);

struct rru_link_msg {
	uint8_t type;
	uint16_t len;
	uint8_t data[RRU_LINK_MAX_PAYLOAD];
};
/* Sends one reliable message; blocks while the window is full. */
int rru_link_send(struct rru_link *l, uint8_t type, const void *payload, size_t len);
/* Next message from the device, in order; waits at most timeout_ms
 * (-1: the link's timeout). RRU_LINK_ERR_TIMEOUT if none came. */
int rru_link_recv(struct rru_link *l, struct rru_link_msg *m, int timeout_ms);
/* Waits until the device has acknowledged everything sent. */
int rru_link_flush(struct rru_link *l);
/* Sends a command and waits for its STATUS (other messages in between are
 * an error: use rru_link_receive for runs). *value gets STATUS's value. A
 * failure status is RRU_LINK_ERR_DEVICE, with the device's text reported. */
int rru_link_command(struct rru_link *l, uint8_t type, const void *payload, size_t len,
		     uint32_t *value);
/* ECHO round trip of n bytes (n <= RRU_LINK_MAX_PAYLOAD), checked. */
int rru_link_echo(struct rru_link *l, const void *data, size_t n);

/* Writes data to device memory at addr in LOAD frames, then checks it with
 * LOAD_VERIFY. `what` names the transfer in progress and errors. */
int rru_link_load(struct rru_link *l, uint32_t addr, const void *data, size_t n,
		  const char *what);
/* Same into an UPLOAD region (RRU_LINK_REGION_DAG, _INLOG). */
int rru_link_upload(struct rru_link *l, uint8_t region, const void *data, size_t n,
		    const char *what);

struct rru_link_run;
/* Where a run's streams go (any may be NULL: discarded but still checked). */
struct rru_link_sink {
	FILE *log;    /* LOG_DATA bytes */
	FILE *inlog;  /* INLOG_DATA bytes */
	/* console output of a thread; NULL = printed to stdout as "[tN] text" */
	void (*console)(void *ctx, unsigned thread, const uint8_t *p, size_t n);
	/* optional: count log records in new log bytes (for the progress line) */
	uint64_t (*count_records)(void *ctx, const uint8_t *p, size_t n);
	/* optional: called after every stream message with the totals so far
	 * (for a caller's own progress display or checkpointing) */
	void (*progress)(void *ctx, const struct rru_link_run *run);
	void *ctx;
};
struct rru_link_run {
	uint32_t exit_code;
	uint32_t records;         /* as the device counted them (EXIT) */
	uint64_t log_bytes, inlog_bytes, console_bytes;
	uint32_t log_crc, inlog_crc; /* CRC-32 of each stream as received */
	uint64_t records_seen;    /* from count_records, while receiving */
};
/* Receives streams until EXIT and the end of every stream, checking each
 * stream's length and CRC against STREAM_END. Shows progress on a terminal. */
int rru_link_receive(struct rru_link *l, const struct rru_link_sink *sink,
		     struct rru_link_run *run);

/* Link-level counters (retransmissions, CRC errors, ...), for reports. */
struct rru_link_counters {
	uint64_t bytes_in, bytes_out;
	uint32_t frames_in, frames_out, retransmits, timeouts, bad_crc, bad_hdr;
	uint32_t garbage, duplicates, reconnects;
	/* the hardware log channel (§5.6): frames delivered, frames that came
	 * after a missing one, frames received twice */
	uint32_t log_frames, log_gaps, log_dups;
};
void rru_link_counters(const struct rru_link *l, struct rru_link_counters *c);

/* --- progress line (host-driver/progress.c) ---------------------------------- */
struct rru_link_progress {
	bool on;              /* stderr is a terminal and not quiet */
	const char *what;
	uint64_t total;       /* 0 = unknown */
	uint64_t bytes, records;
	double start, last;   /* seconds (monotonic) */
};
void rru_link_progress_begin(struct rru_link_progress *p, const char *what, uint64_t total,
			     bool quiet);
void rru_link_progress_update(struct rru_link_progress *p, uint64_t bytes, uint64_t records);
void rru_link_progress_end(struct rru_link_progress *p);
/* Formats the line (for tests and the display): "what: 1.2 MiB ...". */
void rru_link_progress_format(const struct rru_link_progress *p, double now, char *buf,
			      size_t n);
double rru_link_now(void); /* monotonic seconds */

#endif
