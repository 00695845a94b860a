/* The device (link, board, or a simulator/qemu started here) and one run
 * through the resident kernel (docs/design.md §7); the app image is in
 * app_image.c, the results in run_results.c. */
#include "run_session.h"

#include "rru/cli.h"
#include "rru/msg.h"
#include "rru/parse.h"

#include <arpa/inet.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --- device ------------------------------------------------------------------- */

/* Directory of the running rru binary (build/bin), for the kernel and rru-sim. */
static void self_dir(char *out, size_t n)
{
	char p[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", p, sizeof p - 1);
	if (k <= 0) {
		snprintf(out, n, ".");
		return;
	}
	p[k] = 0;
	char *slash = strrchr(p, '/');
	if (slash)
		*slash = 0;
	snprintf(out, n, "%s", p);
}

/* A free TCP port on 127.0.0.1 for the simulator (or qemu) to listen on,
 * kept reserved until the child has it: the socket stays bound (not
 * listening) with SO_REUSEADDR, which the child's listener sets too, so no
 * other process's bind(0) is handed the same port meanwhile. (Without the
 * reservation, two runs started at once could both be given one port, and
 * one host would drive the other's simulator.) *reserved gets the socket;
 * close it once connected. */
static int reserve_port(int *reserved)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*reserved = fd;
	return ntohs(a.sin_port);
}

/* Starts the simulator or qemu. It dies with rru (death_sig when rru
 * ends any way at all: ^C, a kill, a crash), so a stopped recording never
 * leaves a simulator running at full speed behind it. */
static pid_t spawn(char *const argv[], int death_sig)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_PDEATHSIG, death_sig) != 0 || getppid() != parent)
			_exit(127); /* rru is gone already */
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		setpgid(0, 0); /* its own group: a terminal's ^C reaches rru only, which stops it */
		execvp(argv[0], argv);
		fprintf(stderr, "rru: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Connects to 127.0.0.1:port while the child lives, for up to 20 s. */
static int connect_child(pid_t child, int port, const char *what)
{
	double end = rru_link_now() + 20.0;
	for (;;) {
		int st;
		if (waitpid(child, &st, WNOHANG) == child) {
			rru_error("%s exited (status %d) before it accepted the link on port %d", what,
				  WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), port);
			return -1;
		}
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_in a = {0};
		a.sin_family = AF_INET;
		a.sin_port = htons((uint16_t)port);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
			return fd;
		if (fd >= 0)
			close(fd);
		if (rru_link_now() > end) {
			rru_error("%s did not accept the link on port %d within 20 s", what, port);
			return -1;
		}
		usleep(20000);
	}
}

int rru_dev_open(const struct rru_dev_opts *o, struct rru_dev *d)
{
	struct rru_link_opts lo = {0};
	memset(d, 0, sizeof *d);
	d->quiet = o->quiet;
	lo.serial = o->serial;
	lo.quiet = o->quiet;
	lo.timeout_ms = o->timeout_ms;
	if (o->kind == RRU_DEV_SIM) {
		/* rru-sim runs the cluster some 100 times slower than a board:
		 * scale the link's timers so retransmitted duplicates do not
		 * swamp the simulated UART, and wait longer for a silent device. */
		lo.slow = 100; /* the link then waits 120 s for a silent device */
	}
	int rc;
	if (o->kind == RRU_DEV_LINK) {
		d->recorder = "link";
		rc = rru_link_open(o->link, &lo, &d->l);
		if (rc)
			return rc == RRU_LINK_ERR_USAGE ? RRU_EXIT_USAGE : RRU_EXIT_FAIL;
	} else {
		char dir[PATH_MAX], kernel[PATH_MAX + 64], prog[PATH_MAX + 64];
		char port_s[16], cores_s[16], seed_s[32], tcp[64], dev_params[6][80];
		self_dir(dir, sizeof dir);
		if (o->kernel)
			snprintf(kernel, sizeof kernel, "%s", o->kernel);
		else
			snprintf(kernel, sizeof kernel, "%s/../firmware/kernel.elf", dir);
		if (access(kernel, R_OK) != 0) {
			rru_error("kernel %s: %s (run make, or give --kernel)", kernel, strerror(errno));
			return RRU_EXIT_FAIL;
		}
		int reserved = -1;
		int port = reserve_port(&reserved);
		if (port < 0) {
			rru_error("no free TCP port on 127.0.0.1: %s", strerror(errno));
			return RRU_EXIT_FAIL;
		}
		snprintf(port_s, sizeof port_s, "%d", port);
		snprintf(cores_s, sizeof cores_s, "%u", o->cores);
		snprintf(seed_s, sizeof seed_s, "%llu", (unsigned long long)o->seed);
		const char *what;
		if (o->kind == RRU_DEV_SIM) {
			d->recorder = "sim";
			what = "rru-sim";
			snprintf(prog, sizeof prog, "%s/rru-sim", dir);
			if (access(prog, X_OK) != 0) {
				close(reserved);
				rru_error("%s: %s (the simulator is built by `make` with the cluster; "
					  "--qemu runs the same kernel on qemu instead)", prog, strerror(errno));
				return RRU_EXIT_FAIL;
			}
			/* No program: the simulator boots the resident kernel alone and
			 * must leave the boot block out (or set its host flag), so the
			 * kernel waits for the host (docs/design.md §7.2). */
			char page_s[16], cost_s[24];
			char *argv[40] = {prog, "--cores", cores_s, "--kernel", kernel, "--uart-tcp", port_s};
			int k = 7;
			/* RRU_SIM_FLAGS: more rru-sim options, split at spaces
			 * (e.g. "--stats" or "--trace run.fst", to look inside). */
			const char *flags = getenv("RRU_SIM_FLAGS");
			char extra[512];
			snprintf(extra, sizeof extra, "%s", flags ? flags : "");
			for (char *tok = strtok(extra, " "); tok && k < 19; tok = strtok(NULL, " "))
				argv[k++] = tok;
			if (o->access_log) {
				argv[k++] = "--access-log";
				argv[k++] = (char *)o->access_log;
			}
			if (o->crew_log) {
				snprintf(page_s, sizeof page_s, "%u", o->crew_page);
				snprintf(cost_s, sizeof cost_s, "%llu", (unsigned long long)o->crew_cost);
				char *crew[] = {"--crew-log", (char *)o->crew_log, "--crew-stats",
						(char *)o->crew_stats, "--crew-page", page_s, "--crew-cost", cost_s};
				for (unsigned i = 0; i < 8; i++)
					argv[k++] = crew[i];
			}
			if (o->seed_given) {
				argv[k++] = "--seed";
				argv[k++] = seed_s;
			}
			argv[k] = NULL;
			d->child = spawn(argv, SIGTERM);
		} else {
			d->recorder = "qemu";
			what = "qemu-system-riscv32";
			/* Boot block: host mode, exactly `cores` harts (the kernel then
			 * waits for them all instead of counting by time). */
			uint32_t p = RRU_BOOT_PARAMS_ADDR;
			static const uint32_t off[] = {RRU_BOOT_OFF_MAGIC, RRU_BOOT_OFF_NHARTS,
						       RRU_BOOT_OFF_FLAGS};
			uint32_t val[] = {RRU_BOOT_MAGIC, o->cores, RRU_BOOT_FLAG_HOST};
			for (int i = 0; i < 3; i++)
				snprintf(dev_params[i], sizeof dev_params[i],
					 "loader,addr=0x%x,data=0x%x,data-len=4", p + off[i], val[i]);
			snprintf(tcp, sizeof tcp, "tcp:127.0.0.1:%d,server=on,wait=off", port);
			char *argv[] = {"qemu-system-riscv32", "-machine", "virt", "-m", "128M", "-smp",
					cores_s, "-bios", "none", "-nographic", "-monitor", "none",
					"-serial", tcp, "-kernel", kernel, "-device", dev_params[0],
					"-device", dev_params[1], "-device", dev_params[2], NULL};
			d->child = spawn(argv, SIGKILL);
		}
		if (d->child < 0) {
			close(reserved);
			rru_error("cannot start %s: %s", what, strerror(errno));
			d->child = 0;
			return RRU_EXIT_FAIL;
		}
		int fd = connect_child(d->child, port, what);
		close(reserved);
		if (fd < 0) {
			rru_dev_close(d);
			return RRU_EXIT_FAIL;
		}
		char name[64];
		snprintf(name, sizeof name, "%s:%d", d->recorder, port);
		rc = rru_link_open_fd(fd, name, &lo, &d->l);
		if (rc) {
			rru_dev_close(d);
			return RRU_EXIT_FAIL;
		}
	}
	rc = rru_link_hello(d->l, &d->info);
	if (rc) {
		rru_dev_close(d);
		return RRU_EXIT_FAIL;
	}
	if (strncmp(d->info.firmware, "openrru-kernel ", 15) != 0) {
		rru_error("%s: the device runs '%s', not the openrru resident kernel",
			  rru_link_name(d->l), d->info.firmware);
		rru_dev_close(d);
		return RRU_EXIT_FAIL;
	}
	if (o->cores && d->info.cpus != o->cores) {
		rru_error("%s: the device has %u cores, %u were asked for", rru_link_name(d->l),
			  d->info.cpus, o->cores);
		rru_dev_close(d);
		return RRU_EXIT_FAIL;
	}
	return 0;
}

void rru_dev_close(struct rru_dev *d)
{
	if (d->l)
		rru_link_close(d->l);
	d->l = NULL;
	if (d->child > 0) {
		/* qemu has nothing to save (and SIGTERM makes it print a line) */
		kill(d->child, strcmp(d->recorder, "qemu") ? SIGTERM : SIGKILL);
		int st;
		for (int i = 0; i < 200 && waitpid(d->child, &st, WNOHANG) == 0; i++)
			usleep(10000);
		if (waitpid(d->child, &st, WNOHANG) == 0) {
			kill(d->child, SIGKILL);
			waitpid(d->child, &st, 0);
		}
	}
	d->child = 0;
}

/* --- one run ------------------------------------------------------------------------- */

struct host_tally {
	struct rru_digest out[RRU_MAX_THREADS + 1];
	uint32_t out_bytes[RRU_MAX_THREADS + 1];
	uint32_t inputs[RRU_MAX_THREADS];
	uint64_t console_bytes, inlog_bytes, log_bytes;
	uint32_t console_crc, inlog_crc, log_crc;
	uint8_t part[RRU_INLOG_REC_SIZE]; /* an input-log record split across frames */
	unsigned npart;
};

static int load_app(struct rru_dev *d, const struct rru_app_image *img)
{
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct rru_app_seg *s = &img->seg[i];
		if (s->addr + (uint64_t)s->memsz > RRU_RAM_BASE + (uint64_t)d->info.ram_bytes) {
			rru_error("%s: segment at 0x%08x (%u bytes) does not fit in the device's %u KiB of RAM",
				  img->path, s->addr, s->memsz, d->info.ram_bytes >> 10);
			return RRU_EXIT_FAIL;
		}
		char what[64];
		snprintf(what, sizeof what, "load 0x%08x", s->addr);
		if (s->filesz && rru_link_load(d->l, s->addr, s->data, s->filesz, what))
			return RRU_EXIT_FAIL;
	}
	return 0;
}

/* STOP, and its STATUS; the one frame of an abandoned run the kernel may
 * still have sent (docs/design.md §7.2) is not this run's: skipped. */
static int stop_leftover(struct rru_dev *d)
{
	if (rru_link_send(d->l, RRU_LINK_T_STOP, NULL, 0))
		return RRU_EXIT_FAIL;
	for (;;) {
		struct rru_link_msg m;
		int lr = rru_link_recv(d->l, &m, -1);
		if (lr) {
			if (lr == RRU_LINK_ERR_TIMEOUT)
				rru_error("%s: no answer to STOP", rru_link_name(d->l));
			return RRU_EXIT_FAIL;
		}
		if (m.type == RRU_LINK_T_STATUS && m.len >= RRU_LINK_STATUS_HDR &&
		    m.data[0] == RRU_LINK_T_STOP)
			return 0;
		rru_debug("%s: skipped a message of type 0x%02x left from an abandoned run",
			  rru_link_name(d->l), m.type);
	}
}

static int dev_run(struct rru_dev *d, const struct rru_app_image *img, unsigned threads,
		   bool inlog, const struct rru_replay_req *rp, const struct rru_run_cb *cb,
		   struct rru_run_result *res)
{
	struct host_tally *t = calloc(1, sizeof *t);
	const char *dn = rru_link_name(d->l);
	int rc = RRU_EXIT_FAIL;
	memset(res, 0, sizeof *res);
	if (!t)
		return RRU_EXIT_FAIL;
	for (unsigned i = 0; i <= RRU_MAX_THREADS; i++) {
		struct rru_digest d0 = RRU_DIGEST_INIT;
		t->out[i] = d0;
	}
	/* A run another host left behind (killed, unplugged) is stopped first;
	 * the kernel drops its streams (docs/design.md §7.2). */
	if (stop_leftover(d))
		goto out;
	if (load_app(d, img))
		goto out;
	uint8_t start[RRU_LINK_REPLAY_START_SIZE];
	uint32_t nthreads = 0, nodes = 0;
	rru_link_put32(start, img->entry);
	rru_link_put32(start + 4, threads);
	if (rp) {
		uint32_t ram = d->info.ram_bytes;
		if (rp->dag_bytes > RRU_REPLAY_DAG_BYTES(ram) || rp->inlog_bytes > RRU_REPLAY_INLOG_BYTES(ram)) {
			rru_error("%s: the DAG (%zu bytes) or the input log (%zu bytes) does not fit the "
				  "device's replay area (%u and %u bytes for %u KiB of RAM)", dn, rp->dag_bytes,
				  rp->inlog_bytes, RRU_REPLAY_DAG_BYTES(ram), RRU_REPLAY_INLOG_BYTES(ram), ram >> 10);
			goto out;
		}
		if (rru_link_upload(d->l, RRU_LINK_REGION_DAG, rp->dag, rp->dag_bytes, "upload DAG") ||
		    (rp->inlog_bytes &&
		     rru_link_upload(d->l, RRU_LINK_REGION_INLOG, rp->inlog, rp->inlog_bytes, "upload input log")))
			goto out;
		rru_link_put32(start + 8, rp->mode);
		rru_link_put32(start + 12, (uint32_t)rp->dag_bytes);
		rru_link_put32(start + 16, (uint32_t)rp->inlog_bytes);
		if (rru_link_command(d->l, RRU_LINK_T_REPLAY_START, start, RRU_LINK_REPLAY_START_SIZE, &nodes))
			goto out;
		res->nodes = nodes;
		nthreads = threads;
		inlog = false;
	} else {
		/* a recording (with its input log) also records with the RRUs */
		rru_link_put32(start + 8, inlog ? RRU_LINK_REC_F_INLOG | RRU_LINK_REC_F_LOG : 0);
		if (rru_link_command(d->l, RRU_LINK_T_RECORD_START, start, 12, &nthreads))
			goto out;
	}
	res->threads = nthreads;

	/* Streams until EXIT. Silence is normal while the app computes: after a
	 * second of it an ECHO asks whether the device is still there (the link
	 * reports a device that acknowledges nothing for the timeout). */
	struct rru_link_progress pr;
	rru_link_progress_begin(&pr, "run", 0, d->quiet);
	bool exited = false, console_end = false, inlog_end = !inlog, log_end = true;
	double last = rru_link_now();
	while (!exited) {
		struct rru_link_msg m;
		double t0 = rru_link_now();
		int lr = rru_link_recv(d->l, &m, 1000);
		/* A timeout before the second is up is the link's verdict that the
		 * device acknowledges nothing (reported already). */
		if (lr == RRU_LINK_ERR_TIMEOUT && rru_link_now() - t0 < 0.9)
			goto lost;
		if (lr == RRU_LINK_ERR_TIMEOUT && rru_link_now() - last >= 1.0) {
			if (rru_link_send(d->l, RRU_LINK_T_ECHO, "ping", 4))
				goto lost;
			last = rru_link_now();
			continue;
		}
		if (lr == RRU_LINK_ERR_TIMEOUT)
			continue;
		if (lr)
			goto lost;
		last = rru_link_now();
		switch (m.type) {
		case RRU_LINK_T_ECHO_REPLY:
			break;
		case RRU_LINK_T_CONSOLE: {
			if (m.len < 1)
				break;
			unsigned tid = m.data[0];
			unsigned k = tid < RRU_MAX_THREADS ? tid : RRU_MAX_THREADS;
			if (tid != RRU_CONSOLE_KERNEL && tid >= nthreads) {
				rru_error("%s: console output of thread %u, but the run has %u threads", dn,
					  tid, nthreads);
				goto out_pr;
			}
			for (unsigned i = 1; i < m.len; i++)
				rru_digest_word(&t->out[k], m.data[i]);
			t->out_bytes[k] += m.len - 1u;
			t->console_bytes += m.len - 1u;
			t->console_crc = rru_link_crc32(t->console_crc, m.data + 1, m.len - 1u);
			if (cb && cb->console)
				cb->console(cb->ctx, tid, m.data + 1, m.len - 1u);
			break;
		}
		case RRU_LINK_T_LOG_DATA:
			if (m.len < RRU_LINK_LOG_HDR || m.data[0] >= d->info.cpus) {
				rru_error("%s: log data of hart %u, but the device has %u", dn,
					  m.len ? m.data[0] : 0, d->info.cpus);
				goto out_pr;
			}
			log_end = false; /* a run with a log ends it too */
			t->log_bytes += m.len - RRU_LINK_LOG_HDR;
			t->log_crc = rru_link_crc32(t->log_crc, m.data + RRU_LINK_LOG_HDR, m.len - RRU_LINK_LOG_HDR);
			if (cb && cb->log && cb->log(cb->ctx, m.data[0], m.data + RRU_LINK_LOG_HDR,
						    m.len - RRU_LINK_LOG_HDR))
				goto out_pr;
			break;
		case RRU_LINK_T_INLOG_DATA:
			t->inlog_bytes += m.len;
			t->inlog_crc = rru_link_crc32(t->inlog_crc, m.data, m.len);
			for (unsigned i = 0; i < m.len; i++) {
				t->part[t->npart++] = m.data[i];
				if (t->npart < RRU_INLOG_REC_SIZE)
					continue;
				t->npart = 0;
				unsigned tid = t->part[RRU_INLOG_OFF_TID];
				if (tid >= nthreads) {
					rru_error("%s: input-log record of thread %u, but the run has %u threads",
						  dn, tid, nthreads);
					goto out_pr;
				}
				t->inputs[tid]++;
				if (cb && cb->inlog && cb->inlog(cb->ctx, t->part))
					goto out_pr;
			}
			break;
		case RRU_LINK_T_STREAM_END: {
			if (m.len < RRU_LINK_STREAM_END_SIZE) {
				rru_error("%s: STREAM_END of %u bytes is too short", dn, m.len);
				goto out_pr;
			}
			uint32_t bytes = rru_link_get32(m.data + 4), crc = rru_link_get32(m.data + 8);
			unsigned sid = m.data[0];
			uint64_t got = sid == RRU_LINK_STREAM_INLOG ? t->inlog_bytes
				       : sid == RRU_LINK_STREAM_LOG ? t->log_bytes : t->console_bytes;
			uint32_t gcrc = sid == RRU_LINK_STREAM_INLOG ? t->inlog_crc
					: sid == RRU_LINK_STREAM_LOG ? t->log_crc : t->console_crc;
			const char *what = sid == RRU_LINK_STREAM_INLOG ? "input log"
					   : sid == RRU_LINK_STREAM_LOG ? "chunk log" : "console";
			if (sid == RRU_LINK_STREAM_LOG && !rp) {
				if (got != bytes || gcrc != crc) {
					rru_error("%s: %s stream: the device sent %u bytes (CRC-32 %08x), the "
						  "host received %llu (CRC-32 %08x)", dn, what, bytes, crc,
						  (unsigned long long)got, gcrc);
					goto out_pr;
				}
				log_end = true;
				break;
			}
			if (sid != RRU_LINK_STREAM_INLOG && sid != RRU_LINK_STREAM_CONSOLE) {
				rru_error("%s: end of stream %u, which this run does not have", dn, m.data[0]);
				goto out_pr;
			}
			if (got != bytes || gcrc != crc) {
				rru_error("%s: %s stream: the device sent %u bytes (CRC-32 %08x), the host "
					  "received %llu (CRC-32 %08x)",
					  dn, what, bytes, crc, (unsigned long long)got, gcrc);
				goto out_pr;
			}
			if (m.data[0] == RRU_LINK_STREAM_INLOG)
				inlog_end = true;
			else
				console_end = true;
			break;
		}
		case RRU_LINK_T_EXIT:
			if (m.len < RRU_LINK_EXIT_SIZE) {
				rru_error("%s: EXIT of %u bytes is too short", dn, m.len);
				goto out_pr;
			}
			res->exit_code = rru_link_get32(m.data);
			res->records = rru_link_get32(m.data + 4);
			exited = true;
			break;
		case RRU_LINK_T_STATUS:
			if (m.len >= RRU_LINK_STATUS_HDR && m.data[1] != RRU_LINK_ST_OK) {
				rru_error("%s: device: command 0x%02x failed (status %u): %.*s", dn, m.data[0],
					  m.data[1], (int)(m.len - RRU_LINK_STATUS_HDR),
					  (const char *)m.data + RRU_LINK_STATUS_HDR);
				goto out_pr;
			}
			break;
		default:
			rru_error("%s: unexpected message type 0x%02x (%u bytes) during a run", dn, m.type,
				  m.len);
			goto out_pr;
		}
		/* everything the run has sent so far: the chunk log (the bulk of
		 * a recording, and of its time on a slow link), the input log,
		 * the output; records: chunk records and input values */
		rru_link_progress_update(&pr, t->log_bytes + t->console_bytes + t->inlog_bytes,
					 (cb && cb->log_records ? cb->log_records(cb->ctx) : 0) +
						 t->inlog_bytes / RRU_INLOG_REC_SIZE);
	}
	rru_link_progress_end(&pr);
	if (!console_end || !inlog_end || !log_end || t->npart) {
		rru_error("%s: the run ended without the end of the %s stream%s", dn,
			  !console_end ? "console" : !log_end ? "chunk-log" : "input-log",
			  t->npart ? " (a record is cut short)" : "");
		goto out;
	}
	res->log_bytes = t->log_bytes;

	/* Results: RESULTS messages, then the STATUS of READ_RESULTS. */
	bool have_mem;
	int rr = rru_dev_read_results(d, res, &have_mem);
	if (rr == -1)
		goto lost_nopr;
	if (rr)
		goto out;
	if (!have_mem) {
		rru_error("%s: the results have no memory digest", dn);
		goto out;
	}
	/* What the device counted must be what arrived. */
	for (unsigned i = 0; i <= RRU_MAX_THREADS; i++) {
		if (i < RRU_MAX_THREADS && i >= nthreads)
			continue;
		const char *who = i < RRU_MAX_THREADS ? "thread" : "kernel";
		if (res->out_bytes[i] != t->out_bytes[i] ||
		    res->out_digest[i] != rru_digest_value(&t->out[i])) {
			rru_error("%s: output of %s %u: the device produced %u bytes (digest %016llx), the "
				  "host received %u (digest %016llx)",
				  dn, who, i, res->out_bytes[i], (unsigned long long)res->out_digest[i],
				  t->out_bytes[i], (unsigned long long)rru_digest_value(&t->out[i]));
			goto out;
		}
		if (inlog && i < RRU_MAX_THREADS && res->inputs[i] != t->inputs[i]) {
			rru_error("%s: thread %u was given %u inputs, the input log has %u", dn, i,
				  res->inputs[i], t->inputs[i]);
			goto out;
		}
	}
	res->inlog_bytes = t->inlog_bytes;
	res->console_bytes = t->console_bytes;
	struct rru_link_counters c;
	rru_link_counters(d->l, &c);
	res->retransmits = c.retransmits;
	res->reconnects = c.reconnects;
	rc = 0;
	goto out;
out_pr:
	rru_link_progress_end(&pr);
	goto out;
lost:
	rru_link_progress_end(&pr);
lost_nopr:
	rru_error("%s: the run did not complete (%llu chunk-log bytes, %llu console bytes and "
		  "%llu input-log bytes received); run it again", dn,
		  (unsigned long long)t->log_bytes, (unsigned long long)t->console_bytes,
		  (unsigned long long)t->inlog_bytes);
out:
	free(t);
	return rc;
}

int rru_dev_run(struct rru_dev *d, const struct rru_app_image *img, unsigned threads,
		bool inlog, const struct rru_run_cb *cb, struct rru_run_result *res)
{
	return dev_run(d, img, threads, inlog, NULL, cb, res);
}

int rru_dev_replay(struct rru_dev *d, const struct rru_app_image *img, unsigned threads,
		   const struct rru_replay_req *rp, const struct rru_run_cb *cb,
		   struct rru_run_result *res)
{
	return dev_run(d, img, threads, false, rp, cb, res);
}
