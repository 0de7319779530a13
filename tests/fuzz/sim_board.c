// SPDX-License-Identifier: GPL-2.0-or-later
/* The board of the simulator harnesses; see sim_board.h. */
#include "sim_board.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim/sim.h"

struct sim *fuzz_sim_board(const char *board)
{
	static struct sim *s;
	static unsigned inputs;
	char err[256];

	if (s && ++inputs >= FUZZ_SIM_INPUTS) {
		sim_destroy(s);
		s = NULL;
	}
	if (!s) {
		struct sim_options_s opt = { .board = board };

		s = sim_create(&opt, err, sizeof(err));
		if (!s) {
			fprintf(stderr, "fuzz: board %s: %s\n", board, err);
			abort();
		}
		inputs = 0;
	}
	return s;
}
