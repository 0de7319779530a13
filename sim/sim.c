// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The simulator's front door (sim.h): building a board, clocking the SWD wire as a probe
 * would, the nRESET pin, statistics and factory preloading.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "romtable.h"

#define DEFAULT_BOARD "stm32l552"
#define DEFAULT_SWD_HZ 4000000u
#define DEFAULT_LATENCY_US 250u

static sim_log_sink_fn log_sink;

void sim_set_log_sink(sim_log_sink_fn fn)
{
	log_sink = fn;
}

void sim_log(const struct sim *s, const char *fmt, ...)
{
	const char *board = s->board ? s->board->name : "?";
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_sink)
		log_sink(board, msg);
	else
		fprintf(stderr, "sim: %s: %s\n", board, msg);
}

/* Board options are "key=value"; each goes to the model that knows the key. */
static int apply_board_options(struct sim *s, const char *const *opts, char *err, size_t errlen)
{
	for (; opts && *opts; opts++) {
		char key[64];
		const char *eq = strchr(*opts, '=');
		if (!eq || eq == *opts || (size_t)(eq - *opts) >= sizeof(key)) {
			snprintf(err, errlen, "board option '%s' is not key=value", *opts);
			return -1;
		}
		memcpy(key, *opts, (size_t)(eq - *opts));
		key[eq - *opts] = '\0';
		if (sim_set_option(s, key, eq + 1, err, errlen))
			return -1;
	}
	return 0;
}

static int load_state_if_present(struct sim *s, const char *path, char *err, size_t errlen)
{
	FILE *f;

	if (!path)
		return 0;
	s->state_file = strdup(path);
	f = fopen(path, "rb");
	if (!f)
		return 0;	/* a new state file: the board starts from its factory state */
	fclose(f);
	return sim_state_load(s, path, err, errlen);
}

/* The debug port and the core (with every model: a system reset) as power comes up. */
static void board_power_on(struct sim *s)
{
	swd_wire_power_on(s);
	dp_power_on(s);
	memap_power_on(s);
	core_power_on_reset(s);
}

static int sim_build(struct sim *s, const struct sim_options_s *opt, char *err, size_t errlen)
{
	if (sim_bus_init(s, err, errlen))
		return -1;
	if (romtable_register(s) || dbgmcu_register(s, &s->dbgmcu)) {
		snprintf(err, errlen, "board %s: overlapping debug components", s->board->name);
		return -1;
	}
	/* Models before the core, so the core maps their blocks and honours their writers. */
	if (sim_models_create(s, err, errlen))
		return -1;
	if (load_state_if_present(s, opt ? opt->state_file : NULL, err, errlen) ||
	    apply_board_options(s, opt ? opt->board_options : NULL, err, errlen))
		return -1;
	if (core_create(s, err, errlen))
		return -1;
	board_power_on(s);
	return 0;
}

struct sim *sim_create(const struct sim_options_s *opt, char *err, size_t errlen)
{
	const char *name = opt && opt->board ? opt->board : DEFAULT_BOARD;
	const struct sim_board_s *board = sim_board_find(name);

	if (!board) {
		snprintf(err, errlen, "unknown board '%s' (see --list-boards)", name);
		return NULL;
	}
	struct sim *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->board = board;
	s->timing.swd_hz = opt && opt->swd_hz ? opt->swd_hz : DEFAULT_SWD_HZ;
	s->timing.probe_latency_ns = 1000u * (opt && opt->probe_latency_us ? opt->probe_latency_us : DEFAULT_LATENCY_US);
	s->timing.cpu_hz = board->cpu_hz;
	if (opt)
		s->faults = opt->faults;
	if (sim_build(s, opt, err, errlen)) {
		sim_destroy(s);
		return NULL;
	}
	return s;
}

void sim_destroy(struct sim *s)
{
	if (!s)
		return;
	if (s->state_file && s->core) {
		char err[256];
		if (sim_state_save(s, s->state_file, err, sizeof(err)))
			sim_log(s, "%s", err);
	}
	free(s->state_file);
	sim_models_destroy(s);
	if (s->core)
		core_destroy(s);
	sim_bus_free(s);
	free(s);
}

const char *sim_board_name(const struct sim *s)
{
	return s->board->name;
}

static inline int bit_get(const uint8_t *a, unsigned i)
{
	return (a[i / 8] >> (i % 8)) & 1;
}

static inline void bit_put(uint8_t *a, unsigned i, int v)
{
	if (v)
		a[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		a[i / 8] &= (uint8_t)~(1u << (i % 8));
}

void sim_swd_io_nominal(struct sim *s, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	memset(in, 0, (nbits + 7) / 8);
	for (unsigned i = 0; i < nbits; i++)
		bit_put(in, i, swd_wire_clock(s, bit_get(dir, i), bit_get(out, i)));
	sim_account_swd_bits(s, s->wire.nominal_bits_pending);
	s->wire.nominal_bits_pending = 0;
}

void sim_jlink_swd_io(struct sim *s, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	size_t nbytes = (nbits + 7) / 8;
	uint8_t *level = calloc(nbytes ? nbytes : 1, 1);

	sim_account_probe_command(s);
	sim_swd_io_nominal(s, dir, out, level, nbits);
	/*
	 * The J-Link samples on the falling edge, so what the target drives in cycle i+1 is
	 * what the probe reports for cycle i (reference/jlink-and-swd.md, "Sampling shift").
	 * Host-driven cycles read back what the probe drove; the pull-up gives 1 elsewhere.
	 */
	memset(in, 0, nbytes);
	for (unsigned i = 0; i < nbits; i++) {
		int v;
		if (i + 1 < nbits && !bit_get(dir, i + 1))
			v = bit_get(level, i + 1);
		else if (bit_get(dir, i))
			v = bit_get(out, i);
		else
			v = 1;
		bit_put(in, i, v);
	}
	free(level);
}

void sim_probe_command(struct sim *s)
{
	sim_account_probe_command(s);
}

void sim_set_nreset(struct sim *s, bool asserted)
{
	if (asserted == s->nreset_asserted)
		return;
	s->nreset_asserted = asserted;
	core_set_reset_pin(s, asserted);
}

uint16_t sim_target_voltage_mv(const struct sim *s)
{
	return s->board->vtarget_mv;
}

void sim_set_swd_hz(struct sim *s, uint32_t hz)
{
	if (hz)
		s->timing.swd_hz = hz;
}

uint32_t sim_swd_hz(const struct sim *s)
{
	return s->timing.swd_hz;
}

void sim_get_stats(const struct sim *s, struct sim_stats_s *st)
{
	st->time_ns = s->timing.now_ns;
	st->probe_commands = s->timing.probe_commands;
	st->swd_bits = s->timing.swd_bits;
	st->ap_transfers = s->timing.ap_transfers;
	st->instructions = s->timing.instructions;
	st->flash_busy_ns = s->timing.flash_busy_ns;
	st->cpu_hz = s->timing.cpu_hz;
	st->clock_errors = s->clock.errors;
	st->power_cycles = s->power_cycles;
}

int sim_format_stats(const struct sim *s, char *buf, size_t len)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return snprintf(buf, len,
			"board=%s probe_commands=%llu swd_bits=%llu ap_transfers=%llu instructions=%llu "
			"flash_busy_ns=%llu time_ns=%llu time_s=%.6f cpu_hz=%u clock_errors=%llu power_cycles=%llu",
			s->board->name, (unsigned long long)st.probe_commands, (unsigned long long)st.swd_bits,
			(unsigned long long)st.ap_transfers, (unsigned long long)st.instructions,
			(unsigned long long)st.flash_busy_ns, (unsigned long long)st.time_ns, st.time_ns / 1e9, st.cpu_hz,
			(unsigned long long)st.clock_errors, (unsigned long long)st.power_cycles);
}

int sim_preload(struct sim *s, uint32_t addr, const void *data, size_t len, char *err, size_t errlen)
{
	const uint8_t *p = data;

	while (len) {
		struct sim_mem_s *m = sim_bus_mem_at(s, addr);
		if (!m) {
			snprintf(err, errlen, "0x%08x is not in any memory region of board %s", addr, s->board->name);
			return -1;
		}
		size_t room = m->region->base + m->region->size - addr;
		size_t n = len < room ? len : room;
		memcpy(m->data + (addr - m->region->base), p, n);
		p += n;
		addr += (uint32_t)n;
		len -= n;
	}
	return 0;
}

void sim_request_power_cycle(struct sim *s)
{
	s->power_cycle_pending = true;
	sim_cut_slice(s);	/* from the CPU: the rest of the slice runs on the new power-on */
}

/*
 * Power off and on again: RAM regions get their power-on fill (what SRAM holds after a
 * power loss is undefined on silicon; a fixed fill keeps runs deterministic), flash, ROM,
 * OTP and option bytes keep their content, and everything else starts as sim_build
 * powered it on.
 */
static void power_cycle(struct sim *s)
{
	s->power_cycle_pending = false;
	s->power_cycles++;
	sim_log(s, "power cycle: RAM lost, debug port and core back to power-on");
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		struct sim_mem_s *m = &s->bus.mems[i];
		if (m->region->kind == SIM_REGION_RAM && !m->region->alias_of)
			memset(m->data, m->region->fill, m->region->size);
	}
	sim_models_power_on(s);
	board_power_on(s);
}

void sim_run_deferred(struct sim *s)
{
	if (s->power_cycle_pending)
		power_cycle(s);
}

struct sim_faults_s *sim_faults(struct sim *s)
{
	return &s->faults;
}
