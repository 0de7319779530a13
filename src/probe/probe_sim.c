// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The in-process virtual board as a probe (--probe sim[:BOARD]).
 *
 * It takes the very SWD_IO bit stream the jlink driver would send and hands it to the
 * simulator's J-Link front door (sim_jlink_swd_io), which applies the J-Link sampling shift
 * and counts one probe command per call: one flushed ADI batch costs one command on both
 * paths, so measurements taken here hold for the virtual J-Link over TCP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "src/probe/probe.h"

struct probe_sim_s {
	struct probe_s probe;
	struct sim *sim;
};

static struct sim *board_of(struct probe_s *p)
{
	return ((struct probe_sim_s *)p->priv)->sim;
}

static int sim_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	sim_jlink_swd_io(board_of(p), dir, out, in, nbits);
	return PROBE_OK;
}

static int sim_set_speed(struct probe_s *p, unsigned khz, unsigned *actual_khz)
{
	if (khz == 0)
		return probe_fail(p, PROBE_ERR_UNSUPPORTED, "adaptive clocking is not modeled; give a speed in kHz");
	sim_probe_command(board_of(p));	/* SET_SPEED is a probe command of its own */
	sim_set_swd_hz(board_of(p), khz * 1000u);
	if (actual_khz)
		*actual_khz = sim_swd_hz(board_of(p)) / 1000u;
	return PROBE_OK;
}

static int sim_nreset(struct probe_s *p, bool asserted)
{
	sim_probe_command(board_of(p));
	sim_set_nreset(board_of(p), asserted);
	return PROBE_OK;
}

static int sim_voltage(struct probe_s *p, uint16_t *mv)
{
	sim_probe_command(board_of(p));	/* GET_HW_STATUS */
	*mv = sim_target_voltage_mv(board_of(p));
	return PROBE_OK;
}

static int sim_get_info(struct probe_s *p, struct probe_info_s *info)
{
	struct sim *s = board_of(p);

	snprintf(info->host_if, sizeof(info->host_if), "local");
	snprintf(info->product, sizeof(info->product), "virtual board %s", sim_board_name(s));
	snprintf(info->address, sizeof(info->address), "in-process");
	snprintf(info->firmware, sizeof(info->firmware), "rspflash-sim (in-process)");
	snprintf(info->hw_version, sizeof(info->hw_version), "simulator");
	info->speed_khz = sim_swd_hz(s) / 1000u;
	return sim_voltage(p, &info->vtarget_mv);
}

/* The modeled figures (time, probe commands, SWD bits, instructions, flash busy time). */
static int sim_stats(struct probe_s *p, char *buf, size_t len)
{
	sim_format_stats(board_of(p), buf, len);
	return PROBE_OK;
}

static int sim_modeled_ns(struct probe_s *p, uint64_t *ns)
{
	struct sim_stats_s st;

	sim_get_stats(board_of(p), &st);
	*ns = st.time_ns;
	return PROBE_OK;
}

static void sim_close(struct probe_s *p)
{
	struct probe_sim_s *ps = p->priv;

	sim_destroy(ps->sim);
	free(ps);
}

static const struct probe_ops probe_sim_ops = {
	.name = "sim",
	.swd_io = sim_swd_io,
	.set_speed = sim_set_speed,
	.set_nreset = sim_nreset,
	.target_voltage = sim_voltage,
	.get_info = sim_get_info,
	.stats = sim_stats,
	.modeled_ns = sim_modeled_ns,
	.close = sim_close,
};

int probe_sim_open(const struct sim_options_s *opt, struct probe_s **out, char *err, size_t errlen)
{
	struct probe_sim_s *ps = calloc(1, sizeof(*ps));

	*out = NULL;
	if (!ps) {
		snprintf(err, errlen, "out of memory");
		return PROBE_ERR_NOMEM;
	}
	ps->sim = sim_create(opt, err, errlen);
	if (!ps->sim) {
		free(ps);
		return PROBE_ERR_NOT_FOUND;
	}
	ps->probe.ops = &probe_sim_ops;
	ps->probe.priv = ps;
	ps->probe.swd_buffer_bits = 8 * probe_swd_buffer_bytes(SIM_JLINK_FREE_MEMORY);	/* as over jlink-tcp */
	if (sim_target_voltage_mv(ps->sim) == 0) {
		snprintf(err, errlen, "target voltage is 0 V on board %s: it is not powered", sim_board_name(ps->sim));
		sim_close(&ps->probe);
		return PROBE_ERR_NO_POWER;
	}
	*out = &ps->probe;
	return PROBE_OK;
}

struct sim *probe_sim_board(struct probe_s *p)
{
	if (!p || p->ops != &probe_sim_ops)
		return NULL;
	return board_of(p);
}
