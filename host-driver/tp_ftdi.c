/* FTDI transport through libftdi1: find the board's chip, choose among
 * several by serial number, open the UART channel raw at the board's baud. */
#include "transport.h"

#include "rru/msg.h"

#include <errno.h>
#include <ftdi.h>
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ftdi_tp {
	struct rru_link_tp tp;
	struct ftdi_context *ctx;
	char name[128];
};

static int ft_write(struct rru_link_tp *t, const uint8_t *p, size_t n)
{
	struct ftdi_tp *f = (struct ftdi_tp *)t;
	while (n > 0) {
		int w = ftdi_write_data(f->ctx, p, (int)n);
		if (w < 0) {
			rru_debug("%s: write: %s", f->name, ftdi_get_error_string(f->ctx));
			return RRU_LINK_ERR_LOST;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int ft_read(struct rru_link_tp *t, uint8_t *p, size_t cap, int timeout_ms)
{
	struct ftdi_tp *f = (struct ftdi_tp *)t;
	/* The chip answers every latency period (1 ms) even with no data, so
	 * one call never blocks long; poll until data or the timeout. */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int r = ftdi_read_data(f->ctx, p, (int)cap);
		if (r < 0) {
			rru_debug("%s: read: %s", f->name, ftdi_get_error_string(f->ctx));
			return RRU_LINK_ERR_LOST;
		}
		if (r > 0)
			return r;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms >= timeout_ms)
			return 0;
		usleep(200);
	}
}

static void ft_close(struct rru_link_tp *t)
{
	struct ftdi_tp *f = (struct ftdi_tp *)t;
	if (f->ctx) {
		ftdi_usb_close(f->ctx);
		ftdi_free(f->ctx);
	}
	free(f);
}

static void usb_strings(struct ftdi_context *c, struct libusb_device *dev, char *serial,
			size_t n)
{
	char manu[64], desc[64];
	if (ftdi_usb_get_strings(c, dev, manu, sizeof manu, desc, sizeof desc, serial, (int)n) < 0)
		snprintf(serial, n, "?");
}

static void list_devices(struct ftdi_context *c, struct ftdi_device_list *list)
{
	char serial[64];
	for (struct ftdi_device_list *d = list; d; d = d->next) {
		usb_strings(c, d->dev, serial, sizeof serial);
		rru_error("  --serial %s   (bus %03u device %03u)%s", serial,
			  libusb_get_bus_number(d->dev), libusb_get_device_address(d->dev),
			  serial[0] == '?' ? " serial unreadable: no permission, or no EEPROM" : "");
	}
}

int rru_link_tp_ftdi_open(const struct rru_link_board *b, const struct rru_link_opts *o,
			  struct rru_link_tp **out)
{
	struct ftdi_tp *f = calloc(1, sizeof *f);
	struct ftdi_device_list *list = NULL;
	struct libusb_device *pick = NULL;
	int rc = RRU_LINK_ERR_IO;
	if (!f || !(f->ctx = ftdi_new())) {
		rru_error("board %s: cannot initialise libftdi", b->name);
		goto out;
	}
	snprintf(f->name, sizeof f->name, "board:%s", b->name);
	if (ftdi_set_interface(f->ctx, (enum ftdi_interface)b->interface) < 0) {
		rru_error("%s: %s", f->name, ftdi_get_error_string(f->ctx));
		goto out;
	}
	int n = ftdi_usb_find_all(f->ctx, &list, b->vid, b->pid);
	if (n < 0) {
		rru_error("%s: cannot list USB devices: %s", f->name, ftdi_get_error_string(f->ctx));
		goto out;
	}
	unsigned matches = 0;
	char serial[64];
	/* Serial numbers need a string-descriptor request per device: only
	 * asked for when they choose or name something. */
	for (struct ftdi_device_list *d = list; d; d = d->next) {
		if (o->serial) {
			usb_strings(f->ctx, d->dev, serial, sizeof serial);
			if (strcmp(serial, o->serial) != 0)
				continue;
		}
		matches++;
		pick = d->dev;
	}
	if (matches == 0) {
		if (n == 0)
			rru_error("%s: no %s (USB %04x:%04x) found: is the board plugged in? "
				  "(`lsusb | grep %04x:%04x`)",
				  f->name, b->chip, b->vid, b->pid, b->vid, b->pid);
		else {
			rru_error("%s: no %s with serial '%s'; connected:", f->name, b->chip,
				  o->serial);
			list_devices(f->ctx, list);
		}
		rc = RRU_LINK_ERR_NODEV;
		goto out;
	}
	if (matches > 1) {
		rru_error("%s: %u devices %04x:%04x are connected; choose one with --serial:",
			  f->name, matches, b->vid, b->pid);
		list_devices(f->ctx, list);
		rc = RRU_LINK_ERR_MANY;
		goto out;
	}
	char node[64];
	snprintf(node, sizeof node, "/dev/bus/usb/%03u/%03u", libusb_get_bus_number(pick),
		 libusb_get_device_address(pick));
	if (access(node, R_OK | W_OK) != 0 && errno == EACCES) {
		rru_error("%s: permission denied on %s: install the udev rule "
			  "(sudo cp host-driver/99-openrru.rules /etc/udev/rules.d/ && "
			  "sudo udevadm control --reload && sudo udevadm trigger), then replug the board",
			  f->name, node);
		rc = RRU_LINK_ERR_PERM;
		goto out;
	}
	if (ftdi_usb_open_dev(f->ctx, pick) < 0) {
		rru_error("%s: cannot open %s: %s", f->name, node, ftdi_get_error_string(f->ctx));
		rc = errno == EACCES ? RRU_LINK_ERR_PERM : RRU_LINK_ERR_IO;
		goto out;
	}
	uint32_t baud = o->baud ? o->baud : b->baud;
	if (ftdi_set_baudrate(f->ctx, (int)baud) < 0 ||
	    ftdi_set_line_property(f->ctx, BITS_8, STOP_BIT_1, NONE) < 0 ||
	    ftdi_setflowctrl(f->ctx, SIO_DISABLE_FLOW_CTRL) < 0 ||
	    ftdi_set_latency_timer(f->ctx, 1) < 0) {
		rru_error("%s: cannot configure the UART (%u baud 8N1): %s", f->name, baud,
			  ftdi_get_error_string(f->ctx));
		ftdi_usb_close(f->ctx);
		goto out;
	}
	rru_debug("%s: opened %s at %u baud, channel %c", f->name, node, baud, 'A' + b->interface - 1);
	f->tp.write = ft_write;
	f->tp.read = ft_read;
	f->tp.close = ft_close;
	*out = &f->tp;
	f = NULL;
	rc = 0;
out:
	if (list)
		ftdi_list_free(&list);
	if (f) {
		if (f->ctx)
			ftdi_free(f->ctx);
		free(f);
	}
	return rc;
}
