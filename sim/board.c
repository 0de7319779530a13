// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "sim_internal.h"

extern const struct sim_board_s sim_board_stm32f401;
extern const struct sim_board_s sim_board_stm32l552;
extern const struct sim_board_s sim_board_alif_e7;
extern const struct sim_board_s sim_board_stm32n657;

const struct sim_board_s *const sim_boards[] = {
	&sim_board_stm32l552,
	&sim_board_stm32f401,
	&sim_board_alif_e7,
	&sim_board_stm32n657,
	NULL,
};

const struct sim_board_s *sim_board_find(const char *name)
{
	for (unsigned i = 0; sim_boards[i]; i++)
		if (!strcmp(sim_boards[i]->name, name))
			return sim_boards[i];
	return NULL;
}

const struct sim_board_info_s *sim_board_list(void)
{
	static struct sim_board_info_s list[sizeof(sim_boards) / sizeof(sim_boards[0])];

	for (unsigned i = 0; sim_boards[i]; i++) {
		list[i].name = sim_boards[i]->name;
		list[i].description = sim_boards[i]->description;
	}
	return list;
}
