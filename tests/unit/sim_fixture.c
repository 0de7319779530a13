// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "sim_fixture.h"

struct sim *fixture_board(const char *name)
{
	struct sim_options_s opt = { .board = name };
	char err[200] = "";
	struct sim *s = sim_create(&opt, err, sizeof(err));

	if (!s)
		fail_msg("sim_create(%s): %s", name, err);
	return s;
}

static int setup_board(void **state, const char *name)
{
	struct sim *s = fixture_board(name);

	assert_int_not_equal(swdh_connect(s), 0);
	*state = s;
	return 0;
}

int fixture_setup_f401(void **state)
{
	return setup_board(state, "stm32f401");
}

int fixture_setup_l552(void **state)
{
	return setup_board(state, "stm32l552");
}

int fixture_teardown(void **state)
{
	sim_destroy(*state);
	return 0;
}

uint32_t dp_rd(struct sim *s, unsigned a)
{
	uint32_t v = 0;

	assert_int_equal(swdh_transfer(s, false, true, a, &v), 1);
	return v;
}

void dp_wr(struct sim *s, unsigned a, uint32_t v)
{
	assert_int_equal(swdh_transfer(s, false, false, a, &v), 1);
}

void ap_wr(struct sim *s, unsigned a, uint32_t v)
{
	assert_int_equal(swdh_transfer(s, true, false, a & 0xC, &v), 1);
}

uint32_t ap_rd(struct sim *s, unsigned a)
{
	uint32_t v = 0;

	assert_int_equal(swdh_transfer(s, true, true, a & 0xC, &v), 1);
	return dp_rd(s, 0xC);
}
