// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka fixtures for the probe and ADI tests. */
#include <stdio.h>
#include <stdlib.h>

#include "test_adi_fixture.h"

static int wrap_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	struct adi_fixture_s *f = p->priv;

	if (f->inject.at_command && adi_fixture_commands(f) + 1 == f->inject.at_command) {
		*sim_faults(f->sim) = f->inject.faults;
		f->inject.at_command = 0;
	}
	return probe_swd_io(f->probe, dir, out, in, nbits);
}

static const struct probe_ops wrap_ops = { .name = "sim+inject", .swd_io = wrap_swd_io };

struct adi_fixture_s *adi_fixture_open(const char *board)
{
	struct adi_fixture_s *f = calloc(1, sizeof(*f));
	char spec[64], err[256];

	assert_non_null(f);
	snprintf(spec, sizeof(spec), "sim:%s", board);
	if (probe_open(spec, 0, &f->probe, err, sizeof(err)))
		fail_msg("probe_open(%s): %s", spec, err);
	f->sim = probe_sim_board(f->probe);
	assert_non_null(f->sim);
	f->wrap.ops = &wrap_ops;
	f->wrap.priv = f;
	f->wrap.swd_buffer_bits = f->probe->swd_buffer_bits;
	assert_int_equal(adi_dp_init(&f->dp, &f->wrap, &f->err), 0);
	return f;
}

int adi_fixture_report(const struct error_s *e)
{
	char buf[400];

	error_format(e, buf, sizeof(buf));
	print_message("  adi error: %s\n", buf);
	return e->code;
}

struct adi_fixture_s *adi_fixture_connect(const char *board)
{
	struct adi_fixture_s *f = adi_fixture_open(board);

	if (adi_dp_connect(&f->dp, &f->err))
		fail_msg("connect: %d", adi_fixture_report(&f->err));
	if (adi_memap_init(&f->mem, &f->dp, 0, &f->err))
		fail_msg("memap init: %d", adi_fixture_report(&f->err));
	return f;
}

void adi_fixture_close(struct adi_fixture_s *f)
{
	if (!f)
		return;
	adi_dp_cleanup(&f->dp);
	probe_close(f->probe);
	free(f);
}

int adi_setup_f401(void **state)
{
	*state = adi_fixture_connect("stm32f401");
	return 0;
}

int adi_setup_l552(void **state)
{
	*state = adi_fixture_connect("stm32l552");
	return 0;
}

int adi_teardown(void **state)
{
	adi_fixture_close(*state);
	return 0;
}

uint64_t adi_fixture_commands(struct adi_fixture_s *f)
{
	struct sim_stats_s st;

	sim_get_stats(f->sim, &st);
	return st.probe_commands;
}
