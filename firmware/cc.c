/* `rru cc`: builds a user's C program against the app runtime in one step
 * (the cross compiler, the flags, crt0, libapp and the app linker script).
 * The runtime is found relative to the rru binary: <bindir>/../firmware. */
#include "rru/cli.h"
#include "rru/msg.h"
#include "rru/parse.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RRU_CC_DEFAULT "riscv64-unknown-elf-gcc"
#define RRU_CC_MAX_ARGS 256

static const char cc_options[] =
	"  -o FILE          output ELF (default: the first source's name with .elf)\n"
	"  -D NAME[=VALUE]  define a macro (e.g. -DLARGE for a workload's big input)\n"
	"  -I DIR           add an include directory\n"
	"  -O LEVEL         optimization level (default 2)\n"
	"  --stack BYTES    stack per thread (default 4096; multiple of 16)\n"
	"  --arch ARCH      rv32ima (default) or rv32ia, for cores without M\n"
	"  --cc PROGRAM     cross compiler (default $RRU_CROSS_CC or " RRU_CC_DEFAULT ")\n"
	"  --runtime DIR    app runtime (default $RRU_FIRMWARE_DIR or <rru's dir>/../firmware)\n"
	"  --print          print the compiler command before running it\n"
	"  -h, --help       this help\n";

/* Finds the runtime folder next to the running binary: <bindir>/../firmware. */
static int rru_cc_default_runtime(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n < 0) {
		rru_error("cc: cannot find the rru binary (/proc/self/exe: %s); give --runtime DIR",
			  strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	if ((size_t)snprintf(out, size, "%s/../firmware", dirname(exe)) >= size) {
		rru_error("cc: path of the rru binary too long");
		return -1;
	}
	return 0;
}

/* True if `prog` names an executable file, directly or through $PATH. */
static int rru_cc_find_program(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	char buf[PATH_MAX];
	while (*path) {
		size_t len = strcspn(path, ":");
		if (len && (size_t)snprintf(buf, sizeof buf, "%.*s/%s", (int)len, path, prog) < sizeof buf &&
		    access(buf, X_OK) == 0)
			return 1;
		path += len;
		if (*path == ':')
			path++;
	}
	return 0;
}

static int rru_cc_check_file(const char *path, const char *what)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		rru_error("cc: %s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		rru_error("cc: %s %s: not a regular file", what, path);
		return -1;
	}
	return 0;
}

/* Runs argv; returns its exit status, or -1 if it could not run. */
static int rru_cc_run(char **argv)
{
	pid_t pid = fork();
	if (pid < 0) {
		rru_error("cc: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "rru: error: cc: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rru_error("cc: waitpid: %s", strerror(errno));
			return -1;
		}
	if (WIFSIGNALED(status)) {
		rru_error("cc: %s was killed by signal %d", argv[0], WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

static int rru_cc_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},    {"stack", required_argument, NULL, 's'},
		{"cc", required_argument, NULL, 'c'}, {"runtime", required_argument, NULL, 'r'},
		{"print", no_argument, NULL, 'p'},   {"arch", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const struct rru_cmd *self = rru_cli_find("cc");
	char *args[RRU_CC_MAX_ARGS];
	char *owned[RRU_CC_MAX_ARGS]; /* strings to free */
	int nargs = 0, nowned = 0, ret = RRU_EXIT_USAGE;
	const char *out = NULL, *cc = getenv("RRU_CROSS_CC"), *runtime = getenv("RRU_FIRMWARE_DIR");
	const char *opt_level = "-O2";
	const char *march = "-march=rv32ima", *libdir = "lib";
	char *extra[RRU_CC_MAX_ARGS / 2]; /* -D / -I arguments, in order */
	int nextra = 0, print = 0;
	uint64_t stack = 4096;
	char rtbuf[PATH_MAX], outbuf[PATH_MAX], optbuf[4];

	if (!cc || !*cc)
		cc = RRU_CC_DEFAULT;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "ho:D:I:O:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			rru_cli_usage(self, cc_options);
			ret = RRU_EXIT_OK;
			goto out;
		case 'o':
			out = optarg;
			break;
		case 'D':
		case 'I':
			if (nextra + 1 >= (int)(sizeof extra / sizeof extra[0])) {
				rru_error("cc: too many -D/-I options");
				goto out;
			}
			owned[nowned] = malloc(strlen(optarg) + 3);
			if (!owned[nowned]) {
				rru_error("cc: out of memory");
				ret = RRU_EXIT_FAIL;
				goto out;
			}
			sprintf(owned[nowned], "-%c%s", c, optarg);
			extra[nextra++] = owned[nowned++];
			break;
		case 'O':
			if (strlen(optarg) != 1 || !strchr("0123sgz", optarg[0])) {
				rru_error("cc: -O%s: expected one of -O0 -O1 -O2 -O3 -Os -Og -Oz", optarg);
				goto out;
			}
			snprintf(optbuf, sizeof optbuf, "-O%c", optarg[0]);
			opt_level = optbuf;
			break;
		case 's': {
			const char *err = rru_parse_u64(optarg, 256, 1u << 24, &stack);
			if (err || stack % 16) {
				rru_error("cc: --stack %s: %s", optarg,
					  err ? err : "must be a multiple of 16");
				goto out;
			}
			break;
		}
		case 'c':
			cc = optarg;
			break;
		case 'r':
			runtime = optarg;
			break;
		case 'p':
			print = 1;
			break;
		case 'a':
			if (strcmp(optarg, "rv32ima") == 0) {
				march = "-march=rv32ima";
				libdir = "lib";
			} else if (strcmp(optarg, "rv32ia") == 0) {
				march = "-march=rv32ia";
				libdir = "lib-rv32ia";
			} else {
				rru_error("cc: --arch %s: expected rv32ima or rv32ia", optarg);
				goto out;
			}
			break;
		default:
			rru_cli_usage(self, cc_options);
			goto out;
		}
	}
	if (optind >= argc) {
		rru_error("cc: no source file given; usage: rru cc PROG.c [-o PROG.elf]");
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		size_t len = strlen(argv[i]);
		if (rru_cc_check_file(argv[i], "source") != 0)
			goto out;
		if (len < 3 || (strcmp(argv[i] + len - 2, ".c") && strcmp(argv[i] + len - 2, ".S"))) {
			rru_error("cc: %s: expected a C (.c) or assembly (.S) source file", argv[i]);
			goto out;
		}
	}
	if (!out) { /* prog.c -> prog.elf, in the current directory */
		const char *base = strrchr(argv[optind], '/');
		base = base ? base + 1 : argv[optind];
		if ((size_t)snprintf(outbuf, sizeof outbuf, "%.*s.elf", (int)(strlen(base) - 2), base) >=
		    sizeof outbuf) {
			rru_error("cc: output name too long");
			goto out;
		}
		out = outbuf;
	}

	ret = RRU_EXIT_FAIL;
	if (!runtime || !*runtime) {
		if (rru_cc_default_runtime(rtbuf, sizeof rtbuf) != 0)
			goto out;
		runtime = rtbuf;
	}
	static const char *const parts[] = {"crt0.o", "libapp.a", "app.ld", "../include/rru/app.h"};
	char paths[4][PATH_MAX];
	for (int i = 0; i < 4; i++) {
		if ((size_t)snprintf(paths[i], PATH_MAX, "%s/%s/%s", runtime, libdir, parts[i]) >= PATH_MAX) {
			rru_error("cc: runtime path too long");
			goto out;
		}
		if (access(paths[i], R_OK) != 0) {
			rru_error("cc: the app runtime is incomplete: %s: %s (build it with `make`, or "
				  "give --runtime DIR)",
				  paths[i], strerror(errno));
			goto out;
		}
	}
	if (!rru_cc_find_program(cc)) {
		rru_error("cc: cross compiler '%s' not found%s; install the Debian package "
			  "gcc-riscv64-unknown-elf (`make deps`) or give --cc PROGRAM",
			  cc, strchr(cc, '/') ? "" : " in PATH");
		goto out;
	}

	char incflag[PATH_MAX + 16], ldflag[PATH_MAX + 16], stackflag[64];
	snprintf(incflag, sizeof incflag, "-I%s/include", runtime);
	snprintf(ldflag, sizeof ldflag, "-T%s", paths[2]);
	snprintf(stackflag, sizeof stackflag, "-Wl,--defsym=__app_stack_size=%llu",
		 (unsigned long long)stack);
	const char *fixed[] = {cc, march, "-misa-spec=2.2", "-mabi=ilp32", opt_level, "-g",
			       "-Wall", "-ffreestanding", "-nostdlib", "-nostartfiles",
			       "-Wl,--no-warn-rwx-segments", incflag, ldflag, stackflag};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		args[nargs++] = (char *)fixed[i];
	for (int i = 0; i < nextra; i++)
		args[nargs++] = extra[i];
	args[nargs++] = paths[0];
	for (int i = optind; i < argc; i++) {
		if (nargs + 6 >= RRU_CC_MAX_ARGS) {
			rru_error("cc: too many source files");
			ret = RRU_EXIT_USAGE;
			goto out;
		}
		args[nargs++] = argv[i];
	}
	args[nargs++] = paths[1];
	args[nargs++] = "-lgcc";
	args[nargs++] = "-o";
	args[nargs++] = (char *)out;
	args[nargs] = NULL;

	if (print || rru_msg_get_level() >= RRU_MSG_DEBUG) {
		for (int i = 0; i < nargs; i++)
			fprintf(stderr, "%s%s", i ? " " : "", args[i]);
		fputc('\n', stderr);
	}
	int status = rru_cc_run(args);
	if (status != 0) {
		if (status > 0)
			rru_error("cc: building %s failed (%s exited with status %d; its messages are above)",
				  out, cc, status);
		unlink(out);
		goto out;
	}
	rru_debug("cc: wrote %s", out);
	ret = RRU_EXIT_OK;
out:
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	return ret;
}

RRU_COMMAND(cc, "cc", "[options] PROG.c [MORE.c ...] [-o PROG.elf]",
	    "build a C program for the soft cores against the app runtime", rru_cc_main);
