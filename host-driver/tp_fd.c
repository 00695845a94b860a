/* fd-based transports: TCP to rru-sim, a serial tty, or a given fd. */
#include "transport.h"

#include "rru/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

struct fd_tp {
	struct rru_link_tp tp;
	int fd;
	char host[256], port[32]; /* TCP only */
	char name[300];
};

int rru_link_fd_write(int fd, const uint8_t *p, size_t n, const char *name)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, p, n);
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pf = {fd, POLLOUT, 0};
			if (poll(&pf, 1, 1000) < 0 && errno != EINTR)
				return RRU_LINK_ERR_LOST;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rru_debug("%s: write: %s", name, strerror(errno));
			return RRU_LINK_ERR_LOST;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int rru_link_fd_read(int fd, uint8_t *p, size_t cap, int timeout_ms, const char *name)
{
	struct pollfd pf = {fd, POLLIN, 0};
	int r = poll(&pf, 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : RRU_LINK_ERR_IO;
	if (r == 0)
		return 0;
	ssize_t n = read(fd, p, cap);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		rru_debug("%s: %s", name, n == 0 ? "end of stream" : strerror(errno));
		return RRU_LINK_ERR_LOST; /* EOF, ECONNRESET, EIO on an unplugged tty */
	}
	return (int)n;
}

static int fdt_write(struct rru_link_tp *t, const uint8_t *p, size_t n)
{
	struct fd_tp *f = (struct fd_tp *)t;
	if (f->fd < 0)
		return RRU_LINK_ERR_LOST;
	return rru_link_fd_write(f->fd, p, n, f->name);
}

static int fdt_read(struct rru_link_tp *t, uint8_t *p, size_t cap, int timeout_ms)
{
	struct fd_tp *f = (struct fd_tp *)t;
	if (f->fd < 0)
		return RRU_LINK_ERR_LOST;
	return rru_link_fd_read(f->fd, p, cap, timeout_ms, f->name);
}

static void fdt_close(struct rru_link_tp *t)
{
	struct fd_tp *f = (struct fd_tp *)t;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

static struct fd_tp *fdt_new(int fd)
{
	struct fd_tp *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->fd = fd;
	f->tp.write = fdt_write;
	f->tp.read = fdt_read;
	f->tp.close = fdt_close;
	return f;
}

int rru_link_tp_fd_open(int fd, struct rru_link_tp **out)
{
	struct fd_tp *f = fdt_new(fd);
	if (!f)
		return RRU_LINK_ERR_IO;
	snprintf(f->name, sizeof f->name, "fd %d", fd);
	*out = &f->tp;
	return 0;
}

/* --- TCP ----------------------------------------------------------------------- */
static int tcp_connect(struct fd_tp *f, bool report)
{
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	int rc = getaddrinfo(f->host, f->port, &hints, &res);
	if (rc != 0) {
		if (report)
			rru_error("%s: cannot resolve host '%s': %s", f->name, f->host,
				  gai_strerror(rc));
		return RRU_LINK_ERR_NODEV;
	}
	int fd = -1, err = 0;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (report)
			rru_error("%s: cannot connect: %s (is `rru-sim --uart-tcp %s` running?)",
				  f->name, strerror(err), f->port);
		return RRU_LINK_ERR_NODEV;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	f->fd = fd;
	return 0;
}

static int tcp_reconnect(struct rru_link_tp *t)
{
	struct fd_tp *f = (struct fd_tp *)t;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	return tcp_connect(f, false);
}

int rru_link_tp_tcp_open(const char *hostport, struct rru_link_tp **out)
{
	const char *colon = strrchr(hostport, ':');
	if (!colon || colon == hostport || !colon[1] || colon - hostport >= 255 ||
	    strlen(colon + 1) >= 32 || strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
		rru_error("link 'tcp:%s': expected tcp:HOST:PORT (e.g. tcp:localhost:5555)", hostport);
		return RRU_LINK_ERR_USAGE;
	}
	struct fd_tp *f = fdt_new(-1);
	if (!f)
		return RRU_LINK_ERR_IO;
	memcpy(f->host, hostport, (size_t)(colon - hostport));
	strcpy(f->port, colon + 1);
	snprintf(f->name, sizeof f->name, "tcp:%s", hostport);
	f->tp.reconnect = tcp_reconnect;
	int rc = tcp_connect(f, true);
	if (rc) {
		free(f);
		return rc;
	}
	*out = &f->tp;
	return 0;
}

/* --- serial tty -------------------------------------------------------------- */
static speed_t baud_code(uint32_t baud)
{
	static const struct {
		uint32_t baud;
		speed_t code;
	} tab[] = {
		{9600, B9600},       {19200, B19200},     {38400, B38400},     {57600, B57600},
		{115200, B115200},   {230400, B230400},   {460800, B460800},   {500000, B500000},
		{921600, B921600},   {1000000, B1000000}, {1500000, B1500000}, {2000000, B2000000},
		{3000000, B3000000}, {4000000, B4000000},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (tab[i].baud == baud)
			return tab[i].code;
	return B0;
}

int rru_link_tp_tty_open(const char *path, uint32_t baud, struct rru_link_tp **out)
{
	speed_t code = baud_code(baud);
	if (code == B0) {
		rru_error("tty:%s: baud rate %u is not supported (use 115200, 1000000, 3000000, ...)",
			  path, baud);
		return RRU_LINK_ERR_USAGE;
	}
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT || e == ENODEV || e == ENXIO) {
			rru_error("tty:%s: no such device (is the board plugged in? `ls /dev/ttyUSB*`)",
				  path);
			return RRU_LINK_ERR_NODEV;
		}
		if (e == EACCES || e == EPERM) {
			rru_error("tty:%s: permission denied: add yourself to group 'dialout' or install "
				  "the udev rule host-driver/99-openrru.rules (see host-driver/README.md)",
				  path);
			return RRU_LINK_ERR_PERM;
		}
		rru_error("tty:%s: cannot open: %s", path, strerror(e));
		return RRU_LINK_ERR_IO;
	}
	struct termios tio;
	if (tcgetattr(fd, &tio) != 0) {
		rru_error("tty:%s: not a terminal device: %s", path, strerror(errno));
		close(fd);
		return RRU_LINK_ERR_USAGE;
	}
	cfmakeraw(&tio);
	tio.c_cflag |= CLOCAL | CREAD;
	tio.c_cflag &= ~(tcflag_t)CRTSCTS;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, code);
	cfsetospeed(&tio, code);
	if (tcsetattr(fd, TCSANOW, &tio) != 0) {
		rru_error("tty:%s: cannot set raw mode at %u baud: %s", path, baud, strerror(errno));
		close(fd);
		return RRU_LINK_ERR_IO;
	}
	tcflush(fd, TCIOFLUSH);
	struct fd_tp *f = fdt_new(fd);
	if (!f) {
		close(fd);
		return RRU_LINK_ERR_IO;
	}
	snprintf(f->name, sizeof f->name, "tty:%s", path);
	*out = &f->tp;
	return 0;
}
