/* The FTDI transport for real, through libftdi and libusb, against a
 * scripted FT2232H under umockdev (tests/link/run_umockdev.sh):
 *   ftdi-umockdev gen DIR        write DIR/ft2232h.umockdev and the ioctl
 *                                scripts: the exact control requests
 *                                libftdi sends to open and configure the
 *                                UART, then HELLO/ECHO frames out and the
 *                                device's answers in (with the two modem
 *                                status bytes every FTDI IN packet starts with)
 *   ftdi-umockdev session        open board:icebreaker, HELLO, ECHO, close
 *   ftdi-umockdev session-lost   the same, then one transfer past the script's
 *                                end (the device is gone): link lost
 *   ftdi-umockdev expect-error CODE [--serial S | --no-access]
 *                                open must fail with CODE
 * The device's answers are built with the device-side encoder; the host's
 * frames must match byte for byte or the script does not advance. */
#include "../../firmware/link/link_ep.h"
#include "rru/link_host.h"
#include "rru/msg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NONCE 0x12345678u
#define FIRMWARE "scripted FT2232H"

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02X", p[i]);
	fputc('\n', f);
}

/* Control request (type 2, endpoint 0): the 8 setup bytes. */
static void ctrl(FILE *f, uint8_t req, uint16_t value, uint16_t index)
{
	uint8_t s[8] = {0x40, req, (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)index,
			(uint8_t)(index >> 8), 0, 0};
	fprintf(f, "USBDEVFS_REAPURBNDELAY 0 2 0 0 0 8 0 0 ");
	hex(f, s, 8);
}

static void bulk_out(FILE *f, const uint8_t *p, size_t n)
{
	fprintf(f, "USBDEVFS_REAPURBNDELAY 0 3 4 0 0 %zu %zu 0 ", n, n);
	hex(f, p, n);
}

/* One IN packet: modem status 31 60, then data; then an empty packet (status
 * only), which is how the chip says "nothing more now". */
static void bulk_in(FILE *f, const uint8_t *p, size_t n)
{
	uint8_t b[600] = {0x31, 0x60};
	memcpy(b + 2, p, n);
	fprintf(f, "USBDEVFS_REAPURBNDELAY 0 3 131 0 0 4096 %zu 0 ", n + 2);
	hex(f, b, n + 2);
	fprintf(f, "USBDEVFS_REAPURBNDELAY 0 3 131 0 0 4096 2 0 3160\n");
}

static const char dev_desc[] =
	"1201000200000040030410600007010203010902370002010080FA0904000002FFFFFF0207058102000200"
	"070502020002000904010002FFFFFF020705830200020007050402000200";

static void device(FILE *f, int devnum)
{
	fprintf(f, "P: /devices/pci0000:00/0000:00:14.0/usb1/1-%d\n"
		   "N: bus/usb/001/%03d\n"
		   "E: BUSNUM=001\nE: DEVNAME=/dev/bus/usb/001/%03d\nE: DEVNUM=%03d\n"
		   "E: DEVTYPE=usb_device\nE: DRIVER=usb\nE: PRODUCT=403/6010/700\n"
		   "E: SUBSYSTEM=usb\nA: bConfigurationValue=1\nA: bNumConfigurations=1\n"
		   "A: busnum=1\nA: devnum=%d\nA: idProduct=6010\nA: idVendor=0403\nA: speed=480\n"
		   "H: descriptors=%s\n\n",
		devnum, devnum, devnum, devnum, devnum, dev_desc);
}

static int gen(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/ft2232h.umockdev", dir);
	FILE *d = fopen(path, "w");
	snprintf(path, sizeof path, "%s/two.umockdev", dir);
	FILE *d2 = fopen(path, "w");
	snprintf(path, sizeof path, "%s/ft2232h.ioctl", dir);
	FILE *f = fopen(path, "w");
	if (!d || !d2 || !f) {
		perror(path);
		return 1;
	}
	device(d, 2);
	device(d2, 2);
	device(d2, 3);
	fprintf(d, "P: /devices/pci0000:00/0000:00:14.0\nE: SUBSYSTEM=pci\n");
	fprintf(d2, "P: /devices/pci0000:00/0000:00:14.0\nE: SUBSYSTEM=pci\n");
	fprintf(f, "@DEV /dev/bus/usb/001/002 (usbdevfs)\n");
	/* libftdi's open on interface B (index 2): reset, 9600 baud */
	ctrl(f, 0x00, 0x0000, 0x0002);
	ctrl(f, 0x03, 0x04E2, 0x0202);
	/* ours: 3 Mbaud (divisor 4 of the 12 MHz clock: value 4, index 2<<8|2),
	 * 8N1, no flow control, 1 ms latency timer */
	ctrl(f, 0x03, 0x0004, 0x0202);
	ctrl(f, 0x04, 0x0008, 0x0002);
	ctrl(f, 0x02, 0x0000, 0x0002);
	ctrl(f, 0x09, 0x0001, 0x0002);
	uint8_t fr[RRU_LINK_FRAME_MAX], p[RRU_LINK_MAX_PAYLOAD], two[2 * RRU_LINK_FRAME_MAX];
	/* HELLO out */
	rru_link_put32(p, RRU_LINK_HELLO_MAGIC);
	rru_link_put16(p + 4, RRU_LINK_VERSION_MAJOR);
	rru_link_put16(p + 6, RRU_LINK_VERSION_MINOR);
	rru_link_put32(p + 8, NONCE);
	size_t n = rru_link_frame_encode(fr, RRU_LINK_T_HELLO, RRU_LINK_F_CTRL, 0, 0, p, 12);
	bulk_out(f, fr, n);
	/* HELLO_REPLY in */
	rru_link_put32(p, RRU_LINK_HELLO_MAGIC);
	rru_link_put16(p + 4, RRU_LINK_VERSION_MAJOR);
	rru_link_put16(p + 6, RRU_LINK_VERSION_MINOR);
	rru_link_put32(p + 8, NONCE);
	p[12] = RRU_LINK_WINDOW;
	p[13] = 2;
	rru_link_put16(p + 14, RRU_LINK_MAX_PAYLOAD);
	rru_link_put32(p + 16, 128 * 1024);
	memcpy(p + 20, FIRMWARE, strlen(FIRMWARE));
	n = rru_link_frame_encode(fr, RRU_LINK_T_HELLO_REPLY, RRU_LINK_F_CTRL, 0, 0, p,
				  20 + strlen(FIRMWARE));
	bulk_in(f, fr, n);
	/* ECHO "abc" out (seq 0, acks nothing yet) */
	n = rru_link_frame_encode(fr, RRU_LINK_T_ECHO, RRU_LINK_F_ACK, 0, 0, "abc", 3);
	bulk_out(f, fr, n);
	/* in: the device's ACK of it, then ECHO_REPLY (seq 0, ack 1) */
	uint8_t z[4] = {0};
	size_t k = rru_link_frame_encode(two, RRU_LINK_T_ACK, RRU_LINK_F_CTRL | RRU_LINK_F_ACK, 0,
					 1, z, 4);
	k += rru_link_frame_encode(two + k, RRU_LINK_T_ECHO_REPLY, RRU_LINK_F_ACK, 0, 1, "abc", 3);
	bulk_in(f, two, k);
	/* out: the host's ACK of the reply */
	n = rru_link_frame_encode(fr, RRU_LINK_T_ACK, RRU_LINK_F_CTRL | RRU_LINK_F_ACK, 0, 1, z, 4);
	bulk_out(f, fr, n);
	fclose(d);
	fclose(d2);
	fclose(f);
	return 0;
}

static int session(bool lost)
{
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 2000, .nonce = NONCE};
	int rc = rru_link_open("board:icebreaker", &o, &l);
	if (rc) {
		fprintf(stderr, "open failed: %s\n", rru_link_strerror(rc));
		return 1;
	}
	struct rru_link_info info;
	rc = rru_link_hello(l, &info);
	if (!rc && strcmp(info.firmware, FIRMWARE) != 0) {
		fprintf(stderr, "HELLO_REPLY firmware '%s'\n", info.firmware);
		rc = 1;
	}
	if (!rc && (info.cpus != 2 || info.ram_bytes != 128 * 1024)) {
		fprintf(stderr, "HELLO_REPLY fields wrong\n");
		rc = 1;
	}
	if (!rc)
		rc = rru_link_echo(l, "abc", 3);
	if (!rc && lost) {
		/* The script ends here: the next transfer fails as on an unplugged
		 * device, and the link must say so, not hang or pretend. */
		int r = rru_link_echo(l, "gone", 4);
		if (r != RRU_LINK_ERR_LOST) {
			fprintf(stderr, "echo after the device went away: %d (%s), expected link lost\n",
				r, rru_link_strerror(r));
			rc = 1;
		} else {
			printf("umockdev FT2232H: transfer after the device went away: link lost, "
			       "reported\n");
		}
	}
	rru_link_close(l);
	if (rc) {
		fprintf(stderr, "session failed: %s\n", rru_link_strerror(rc));
		return 1;
	}
	printf("umockdev FT2232H: open, configure (3 Mbaud 8N1, latency 1 ms), HELLO and ECHO "
	       "frames: ok\n");
	return 0;
}

static int expect_error(int argc, char **argv)
{
	int want = atoi(argv[2]);
	/* "--no-access": take away the permissions of the emulated device node
	 * (run as a user other than root, who ignores them) */
	const char *bed = getenv("UMOCKDEV_DIR");
	if (argc > 3 && !strcmp(argv[3], "--no-access")) {
		char node[600];
		snprintf(node, sizeof node, "%s/dev/bus/usb/001/002", bed ? bed : "");
		if (!bed || chmod(node, 0) != 0) {
			perror(node);
			return 1;
		}
		argc = 3;
	}
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 2000};
	if (argc > 4 && !strcmp(argv[3], "--serial"))
		o.serial = argv[4];
	struct rru_link *l = NULL;
	int rc = rru_link_open("board:icebreaker", &o, &l);
	if (rc != want) {
		fprintf(stderr, "open returned %d (%s), expected %d\n", rc, rru_link_strerror(rc),
			want);
		rru_link_close(l);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "gen"))
		return gen(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "session"))
		return session(false);
	if (argc == 2 && !strcmp(argv[1], "session-lost"))
		return session(true);
	if (argc >= 3 && !strcmp(argv[1], "expect-error"))
		return expect_error(argc, argv);
	fprintf(stderr, "usage: ftdi-umockdev gen DIR | session | expect-error CODE "
			"[--serial S | --no-access]\n");
	return 2;
}
