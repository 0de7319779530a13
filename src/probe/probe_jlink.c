// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SEGGER J-Link through libjaylink 0.3 (--probe jlink[:SEL], --probe jlink-tcp[:SEL]).
 *
 * libjaylink has no open-by-address: a device is found by jaylink_discovery_scan() on one
 * host interface, listed by jaylink_get_devices() and opened (reference/jlink-and-swd.md §1).
 * TCP discovery is a UDP broadcast to 255.255.255.255:19020, so it runs only when the user
 * asked for jlink-tcp, never as a fallback from USB; tests run it inside a network namespace.
 *
 * The bring-up mirrors what OpenOCD 0.12's jlink driver sends (reference §2): firmware
 * version, capabilities, hardware version, free memory (which sizes the SWD buffer),
 * hardware status (target voltage), target interface selection, nRESET released, speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libjaylink/libjaylink.h>

#include "src/probe/probe.h"

#define JLINK_DEFAULT_KHZ 4000u
/* TCP discovery attempts while another process holds the discovery port (jl_scan). */
#define JLINK_TCP_SCAN_ATTEMPTS 40

struct probe_jlink_s {
	struct probe_s probe;
	struct jaylink_context *ctx;
	struct jaylink_device_handle *devh;
	bool tcp;
	struct probe_info_s info;	/* filled at open, voltage and speed refreshed */
	unsigned speed_khz;		/* as opened, for reopen */
};

static struct probe_jlink_s *jl_of(struct probe_s *p)
{
	return p->priv;
}

static int jl_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	int rc = jaylink_swd_io(jl_of(p)->devh, dir, out, in, (uint16_t)nbits);

	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "J-Link SWD_IO of %u bits failed: %s", nbits, jaylink_strerror(rc));
	return PROBE_OK;
}

/* The highest SWD clock the probe offers, from GET_SPEEDS (base frequency / minimum divider). */
static unsigned jl_max_khz(struct probe_jlink_s *jl)
{
	struct jaylink_speed sp;

	if (!jaylink_has_cap(jl->info.caps, JAYLINK_DEV_CAP_GET_SPEEDS) ||
	    jaylink_get_speeds(jl->devh, &sp) != JAYLINK_OK || sp.div == 0)
		return 0;
	return sp.freq / sp.div / 1000u;
}

static int jl_set_speed(struct probe_s *p, unsigned khz, unsigned *actual_khz)
{
	struct probe_jlink_s *jl = jl_of(p);
	unsigned max = jl_max_khz(jl);
	int rc;

	if (khz == 0 || khz >= JAYLINK_SPEED_ADAPTIVE_CLOCKING)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "SWD clock must be 1..65534 kHz (adaptive clocking is JTAG only)");
	if (max && khz > max)
		khz = max;
	rc = jaylink_set_speed(jl->devh, (uint16_t)khz);
	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "J-Link refused SWD clock %u kHz: %s", khz, jaylink_strerror(rc));
	jl->info.speed_khz = khz;
	if (actual_khz)
		*actual_khz = khz;
	return PROBE_OK;
}

static int jl_nreset(struct probe_s *p, bool asserted)
{
	struct probe_jlink_s *jl = jl_of(p);
	int rc = asserted ? jaylink_clear_reset(jl->devh) : jaylink_set_reset(jl->devh);

	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "J-Link could not %s nRESET: %s", asserted ? "assert" : "release",
				  jaylink_strerror(rc));
	return PROBE_OK;
}

static int jl_voltage(struct probe_s *p, uint16_t *mv)
{
	struct jaylink_hardware_status st;
	int rc = jaylink_get_hardware_status(jl_of(p)->devh, &st);

	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "J-Link GET_HW_STATUS failed: %s", jaylink_strerror(rc));
	*mv = st.target_voltage;
	jl_of(p)->info.vtarget_mv = st.target_voltage;
	return PROBE_OK;
}

static int jl_get_info(struct probe_s *p, struct probe_info_s *info)
{
	int rc = jl_voltage(p, &jl_of(p)->info.vtarget_mv);

	*info = jl_of(p)->info;
	return rc;
}

static void jl_close(struct probe_s *p)
{
	struct probe_jlink_s *jl = jl_of(p);

	if (jl->devh)
		jaylink_close(jl->devh);
	if (jl->ctx)
		jaylink_exit(jl->ctx);
	free(jl);
}

static int jl_find(struct probe_jlink_s *jl, const char *sel, struct jaylink_device **found);
static int jl_bring_up(struct probe_jlink_s *jl, struct jaylink_device *dev, unsigned speed_khz);

/* The link broke: the same J-Link again, found by its serial number, brought up as before. */
static int jl_reopen(struct probe_s *p)
{
	struct probe_jlink_s *jl = jl_of(p);
	struct jaylink_device *dev = NULL;
	char serial[16];
	int rc;

	if (jl->devh) {
		jaylink_close(jl->devh);	/* errors expected: the link is gone */
		jl->devh = NULL;
	}
	snprintf(serial, sizeof(serial), "%u", (unsigned)jl->info.serial);
	rc = jl_find(jl, serial, &dev);
	if (rc == PROBE_OK)
		rc = jl_bring_up(jl, dev, jl->speed_khz);
	if (dev)
		jaylink_unref_device(dev);
	return rc;
}

static const struct probe_ops probe_jlink_ops = {
	.name = "jlink",
	.swd_io = jl_swd_io,
	.set_speed = jl_set_speed,
	.set_nreset = jl_nreset,
	.target_voltage = jl_voltage,
	.get_info = jl_get_info,
	.reopen = jl_reopen,
	.close = jl_close,
};

/* ---- finding the device ---- */

/* One line describing a discovered device, for "several match" and "not found" messages. */
static void dev_describe(struct jaylink_device *dev, char *buf, size_t len)
{
	uint32_t serial = 0;
	char nick[JAYLINK_NICKNAME_MAX_LENGTH] = "";
	char name[JAYLINK_PRODUCT_NAME_MAX_LENGTH] = "J-Link";

	jaylink_device_get_serial_number(dev, &serial);
	jaylink_device_get_nickname(dev, nick);
	jaylink_device_get_product_name(dev, name);
	snprintf(buf, len, "%s %u%s%s%s", name, (unsigned)serial, nick[0] ? " \"" : "", nick, nick[0] ? "\"" : "");
}

/* Does the device match the selector (decimal serial number or nickname)? */
static bool dev_matches(struct jaylink_device *dev, const char *sel)
{
	uint32_t want, serial;
	char nick[JAYLINK_NICKNAME_MAX_LENGTH];

	if (!sel)
		return true;
	if (jaylink_parse_serial_number(sel, &want) == JAYLINK_OK &&
	    jaylink_device_get_serial_number(dev, &serial) == JAYLINK_OK && serial == want)
		return true;
	return jaylink_device_get_nickname(dev, nick) == JAYLINK_OK && !strcmp(nick, sel);
}

/* Append "; name serial" for each device to buf (bounded). */
static void list_devices(struct jaylink_device **devs, size_t n, char *buf, size_t len)
{
	size_t used = strlen(buf);

	for (size_t i = 0; i < n && used + 1 < len; i++) {
		char one[96];
		dev_describe(devs[i], one, sizeof(one));
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", one);
	}
}

/*
 * libjaylink's TCP scan binds UDP 19020 (without SO_REUSEADDR) for its 20 ms window, so
 * it fails while another process on this host scans: the boards of one gang run
 * (`rspflash flash --probe A --probe B`, a process each) or two rspflash runs started
 * together. A failed TCP scan is tried again after a pause of 20-60 ms, random per process
 * so that scans started together do not collide in step, up to about 2 s in all. USB
 * enumeration has no such conflict and is not repeated.
 */
static int jl_scan(struct probe_jlink_s *jl, uint32_t hif)
{
	unsigned seed = (unsigned)getpid();
	int rc = jaylink_discovery_scan(jl->ctx, hif);

	for (unsigned i = 1; rc != JAYLINK_OK && jl->tcp && i < JLINK_TCP_SCAN_ATTEMPTS; i++) {
		struct timespec pause = { 0, (20 + rand_r(&seed) % 41) * 1000000L };

		nanosleep(&pause, NULL);
		rc = jaylink_discovery_scan(jl->ctx, hif);
	}
	return rc;
}

/* Discover on one host interface and pick exactly one device; returns a referenced device. */
static int jl_find(struct probe_jlink_s *jl, const char *sel, struct jaylink_device **found)
{
	struct jaylink_device **devs, *match[8];
	size_t n = 0, nmatch = 0;
	uint32_t hif = jl->tcp ? JAYLINK_HIF_TCP : JAYLINK_HIF_USB;
	const char *where = jl->tcp ? "on TCP (discovery)" : "on USB";
	int rc = jl_scan(jl, hif);

	if (rc != JAYLINK_OK)
		return probe_fail(&jl->probe, PROBE_ERR_IO, "J-Link discovery %s failed: %s", where, jaylink_strerror(rc));
	rc = jaylink_get_devices(jl->ctx, &devs, &n);
	if (rc != JAYLINK_OK)
		return probe_fail(&jl->probe, PROBE_ERR_IO, "listing J-Links failed: %s", jaylink_strerror(rc));
	for (size_t i = 0; i < n; i++) {
		enum jaylink_host_interface h;
		if (jaylink_device_get_host_interface(devs[i], &h) == JAYLINK_OK && (h & hif) &&
		    dev_matches(devs[i], sel) && nmatch < sizeof(match) / sizeof(match[0]))
			match[nmatch++] = devs[i];
	}
	if (nmatch == 1) {
		*found = jaylink_ref_device(match[0]);
		jaylink_free_devices(devs, true);
		return PROBE_OK;
	}
	if (nmatch == 0) {
		rc = probe_fail(&jl->probe, PROBE_ERR_NOT_FOUND, "no J-Link %s%s%s%s", where, sel ? " matches '" : " found",
				sel ? sel : "", sel ? "'" : "");
		if (sel && n) {
			strncat(jl->probe.err, "; found: ", sizeof(jl->probe.err) - strlen(jl->probe.err) - 1);
			list_devices(devs, n, jl->probe.err, sizeof(jl->probe.err));
		}
	} else {
		rc = probe_fail(&jl->probe, PROBE_ERR_AMBIGUOUS, "%zu J-Links %s match; pick one with jlink%s:SERIAL: ",
				nmatch, where, jl->tcp ? "-tcp" : "");
		list_devices(match, nmatch, jl->probe.err, sizeof(jl->probe.err));
	}
	jaylink_free_devices(devs, true);
	return rc;
}

/* ---- bring-up ---- */

static void jl_fill_identity(struct probe_jlink_s *jl, struct jaylink_device *dev)
{
	struct probe_info_s *in = &jl->info;
	struct jaylink_hardware_version hw;
	char *fw = NULL;
	size_t fwlen = 0;

	snprintf(in->driver, sizeof(in->driver), "jlink");
	snprintf(in->host_if, sizeof(in->host_if), "%s", jl->tcp ? "tcp" : "usb");
	snprintf(in->product, sizeof(in->product), "J-Link");
	jaylink_device_get_product_name(dev, in->product);
	jaylink_device_get_nickname(dev, in->nickname);
	jaylink_device_get_serial_number(dev, &in->serial);
	if (jl->tcp) {
		jaylink_device_get_ipv4_address(dev, in->address);
	} else {
		enum jaylink_usb_address ua;
		if (jaylink_device_get_usb_address(dev, &ua) == JAYLINK_OK)
			snprintf(in->address, sizeof(in->address), "usb address %d", (int)ua);
	}
	if (jaylink_get_firmware_version(jl->devh, &fw, &fwlen) == JAYLINK_OK && fw) {
		snprintf(in->firmware, sizeof(in->firmware), "%s", fw);
		free(fw);
	}
	if (jaylink_has_cap(in->caps, JAYLINK_DEV_CAP_GET_HW_VERSION) &&
	    jaylink_get_hardware_version(jl->devh, &hw) == JAYLINK_OK)
		snprintf(in->hw_version, sizeof(in->hw_version), "%s %u.%u.%u", jaylink_hardware_type_string(hw.type),
			 hw.major, hw.minor, hw.revision);
}

/* The SWD buffer: as much as the probe's free memory holds (probe.h). */
static void jl_size_buffer(struct probe_jlink_s *jl)
{
	uint32_t free_mem;
	unsigned bytes = PROBE_SWD_BUFFER_BYTES_DEFAULT;

	if (jaylink_has_cap(jl->info.caps, JAYLINK_DEV_CAP_GET_FREE_MEMORY) &&
	    jaylink_get_free_memory(jl->devh, &free_mem) == JAYLINK_OK)
		bytes = probe_swd_buffer_bytes(free_mem);
	jl->probe.swd_buffer_bits = 8u * bytes;
	jl->info.swd_buffer_bits = jl->probe.swd_buffer_bits;
}

static int jl_select_swd(struct probe_jlink_s *jl)
{
	uint32_t ifaces = 0;
	int rc;

	if (!jaylink_has_cap(jl->info.caps, JAYLINK_DEV_CAP_SELECT_TIF))
		return probe_fail(&jl->probe, PROBE_ERR_NO_SWD, "this J-Link (%s %u) cannot select SWD (JTAG-only model)",
				  jl->info.product, (unsigned)jl->info.serial);
	rc = jaylink_get_available_interfaces(jl->devh, &ifaces);
	if (rc != JAYLINK_OK)
		return probe_fail(&jl->probe, PROBE_ERR_IO, "J-Link interface query failed: %s", jaylink_strerror(rc));
	if (!(ifaces & (1u << JAYLINK_TIF_SWD)))
		return probe_fail(&jl->probe, PROBE_ERR_NO_SWD, "this J-Link (%s %u) does not offer SWD",
				  jl->info.product, (unsigned)jl->info.serial);
	rc = jaylink_select_interface(jl->devh, JAYLINK_TIF_SWD, NULL);
	if (rc != JAYLINK_OK)
		return probe_fail(&jl->probe, PROBE_ERR_IO, "J-Link refused to select SWD: %s", jaylink_strerror(rc));
	return PROBE_OK;
}

static int jl_bring_up(struct probe_jlink_s *jl, struct jaylink_device *dev, unsigned speed_khz)
{
	struct probe_s *p = &jl->probe;
	uint16_t mv;
	int rc = jaylink_open(dev, &jl->devh);

	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "cannot open the J-Link: %s", jaylink_strerror(rc));
	rc = jaylink_get_caps(jl->devh, jl->info.caps);
	if (rc != JAYLINK_OK)
		return probe_fail(p, PROBE_ERR_IO, "J-Link GET_CAPS failed: %s", jaylink_strerror(rc));
	jl_fill_identity(jl, dev);
	jl_size_buffer(jl);
	if ((rc = jl_voltage(p, &mv)) != PROBE_OK)
		return rc;
	if (mv == 0)
		return probe_fail(p, PROBE_ERR_NO_POWER, "target voltage is 0 V on J-Link %u: the board is off or the "
				  "VTref pin is not connected", (unsigned)jl->info.serial);
	if ((rc = jl_select_swd(jl)) != PROBE_OK)
		return rc;
	if ((rc = jl_nreset(p, false)) != PROBE_OK)
		return rc;
	return jl_set_speed(p, speed_khz ? speed_khz : JLINK_DEFAULT_KHZ, NULL);
}

int probe_jlink_open(const char *selector, bool tcp, unsigned speed_khz, struct probe_s **out, char *err,
		     size_t errlen)
{
	struct probe_jlink_s *jl = calloc(1, sizeof(*jl));
	struct jaylink_device *dev = NULL;
	int rc;

	*out = NULL;
	if (!jl) {
		snprintf(err, errlen, "out of memory");
		return PROBE_ERR_NOMEM;
	}
	jl->probe.ops = &probe_jlink_ops;
	jl->probe.priv = jl;
	jl->tcp = tcp;
	jl->speed_khz = speed_khz;
	rc = jaylink_init(&jl->ctx);
	if (rc != JAYLINK_OK) {
		jl->ctx = NULL;
		rc = probe_fail(&jl->probe, PROBE_ERR_IO, "libjaylink init failed: %s", jaylink_strerror(rc));
	} else {
		jaylink_log_set_level(jl->ctx, JAYLINK_LOG_LEVEL_NONE);
		rc = jl_find(jl, selector, &dev);
	}
	if (rc == PROBE_OK)
		rc = jl_bring_up(jl, dev, speed_khz);
	if (dev)
		jaylink_unref_device(dev);
	if (rc != PROBE_OK) {
		snprintf(err, errlen, "%s", jl->probe.err);
		jl_close(&jl->probe);
		return rc;
	}
	*out = &jl->probe;
	return PROBE_OK;
}
