// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening a probe by its --probe spec string, and the wrappers every layer above calls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "src/probe/probe.h"

int probe_fail(struct probe_s *p, int code, const char *fmt, ...)
{
	char msg[sizeof(p->err)];
	va_list ap;

	/* formatted apart first: an argument may be probe_last_error(p) itself */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(p->err, msg, sizeof(msg));
	return code;
}

int probe_stats(struct probe_s *p, char *buf, size_t len)
{
	if (!p->ops->stats)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "the %s probe keeps no statistics", p->ops->name);
	return p->ops->stats(p, buf, len);
}

int probe_modeled_ns(struct probe_s *p, uint64_t *ns)
{
	/* no message: flash_now_ms asks in every poll loop, and must not overwrite the last error */
	if (!p->ops->modeled_ns)
		return PROBE_ERR_UNSUPPORTED;
	return p->ops->modeled_ns(p, ns);
}

int probe_reopen(struct probe_s *p)
{
	if (!p->ops->reopen)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "the %s probe cannot be opened again", p->ops->name);
	return p->ops->reopen(p);
}

const char *probe_last_error(const struct probe_s *p)
{
	return p->err;
}

/* Split "driver:arg" into the driver name and its argument (NULL when there is none). */
static int spec_split(const char *spec, char *drv, size_t drvlen, const char **arg)
{
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	if (n == 0 || n >= drvlen)
		return -1;
	memcpy(drv, spec, n);
	drv[n] = '\0';
	*arg = colon ? colon + 1 : NULL;
	if (*arg && !**arg)
		return -1;	/* "jlink:" names nothing */
	return 0;
}

int probe_open(const char *spec, unsigned speed_khz, struct probe_s **out, char *err, size_t errlen)
{
	return probe_open_with(spec, speed_khz, NULL, out, err, errlen);
}

int probe_open_with(const char *spec, unsigned speed_khz, const char *const *board_options, struct probe_s **out,
		    char *err, size_t errlen)
{
	return probe_open_state(spec, speed_khz, board_options, NULL, out, err, errlen);
}

int probe_open_state(const char *spec, unsigned speed_khz, const char *const *board_options, const char *state_file,
		     struct probe_s **out, char *err, size_t errlen)
{
	char drv[16];
	const char *arg;

	*out = NULL;
	if (!spec || spec_split(spec, drv, sizeof(drv), &arg)) {
		snprintf(err, errlen, "bad probe '%s': use sim[:BOARD], jlink[:SERIAL|NICKNAME] or "
			 "jlink-tcp[:SERIAL|NICKNAME]", spec ? spec : "");
		return PROBE_ERR_SPEC;
	}
	if (speed_khz > PROBE_SPEED_MAX_KHZ) {
		snprintf(err, errlen, "SWD clock %u kHz is outside %u..%u kHz", speed_khz, PROBE_SPEED_MIN_KHZ,
			 PROBE_SPEED_MAX_KHZ);
		return PROBE_ERR_SPEC;
	}
	if (!strcmp(drv, "sim")) {
		struct sim_options_s opt = { .board = arg, .board_options = board_options, .state_file = state_file };
		opt.swd_hz = speed_khz * 1000u;
		return probe_sim_open(&opt, out, err, errlen);
	}
	if (state_file) {
		snprintf(err, errlen, "a state file is for the virtual board (sim), not a %s probe", drv);
		return PROBE_ERR_SPEC;
	}
	if (!strcmp(drv, "jlink") || !strcmp(drv, "jlink-tcp"))
		return probe_jlink_open(arg, !strcmp(drv, "jlink-tcp"), speed_khz, out, err, errlen);
	snprintf(err, errlen, "unknown probe driver '%s': use sim, jlink or jlink-tcp", drv);
	return PROBE_ERR_SPEC;
}

void probe_close(struct probe_s *p)
{
	if (p && p->ops->close)
		p->ops->close(p);
}

int probe_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	if (nbits > p->swd_buffer_bits)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "SWD batch of %u bits exceeds the probe's %u", nbits,
				  p->swd_buffer_bits);
	return p->ops->swd_io(p, dir, out, in, nbits);
}

int probe_set_speed(struct probe_s *p, unsigned khz, unsigned *actual_khz)
{
	if (khz < PROBE_SPEED_MIN_KHZ || khz > PROBE_SPEED_MAX_KHZ)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "SWD clock %u kHz is outside %u..%u kHz", khz,
				  PROBE_SPEED_MIN_KHZ, PROBE_SPEED_MAX_KHZ);
	if (!p->ops->set_speed)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "%s probe cannot set the SWD clock", p->ops->name);
	return p->ops->set_speed(p, khz, actual_khz);
}

int probe_set_nreset(struct probe_s *p, bool asserted)
{
	if (!p->ops->set_nreset)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "%s probe has no nRESET line", p->ops->name);
	return p->ops->set_nreset(p, asserted);
}

int probe_target_voltage(struct probe_s *p, uint16_t *mv)
{
	if (!p->ops->target_voltage)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "%s probe cannot measure the target voltage",
				  p->ops->name);
	return p->ops->target_voltage(p, mv);
}

int probe_get_info(struct probe_s *p, struct probe_info_s *info)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->driver, sizeof(info->driver), "%s", p->ops->name);
	info->swd_buffer_bits = p->swd_buffer_bits;
	if (!p->ops->get_info)
		return PROBE_OK;
	return p->ops->get_info(p, info);
}

/* Capability bits worth naming in a report (J-Link command set, reference §2). */
static const struct {
	unsigned bit;
	const char *name;
} cap_names[] = {
	{ 1, "hw-version" }, { 3, "adaptive-clock" }, { 9, "speeds" }, { 11, "free-memory" },
	{ 12, "hw-info" }, { 13, "target-power" }, { 17, "select-tif" }, { 23, "swo" },
	{ 27, "register" }, { 31, "ext-caps" },
};

static int caps_format(const uint8_t caps[4], char *buf, size_t len)
{
	int n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++) {
		unsigned b = cap_names[i].bit;
		if ((caps[b / 8] >> (b % 8)) & 1)
			n += snprintf(buf + n, n < (int)len ? len - (size_t)n : 0, "%s%s", n ? " " : "",
				      cap_names[i].name);
	}
	return n;
}

int probe_info_format(const struct probe_info_s *info, char *buf, size_t len)
{
	char caps[200];

	caps_format(info->caps, caps, sizeof(caps));
	return snprintf(buf, len,
			"  driver:          %s (%s)\n"
			"  product:         %s%s%s%s\n"
			"  serial:          %u\n"
			"  address:         %s\n"
			"  firmware:        %s\n"
			"  hardware:        %s\n"
			"  capabilities:    %02x%02x%02x%02x %s\n"
			"  target voltage:  %u.%03u V\n"
			"  SWD clock:       %u kHz\n"
			"  SWD batch:       %u bits\n",
			info->driver, info->host_if, info->product, info->nickname[0] ? " \"" : "", info->nickname,
			info->nickname[0] ? "\"" : "", (unsigned)info->serial, info->address, info->firmware,
			info->hw_version, info->caps[3], info->caps[2], info->caps[1], info->caps[0], caps,
			info->vtarget_mv / 1000u, info->vtarget_mv % 1000u, info->speed_khz, info->swd_buffer_bits);
}
