// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

extern const struct sim_board_s sim_board_stm32f401;
extern const struct sim_board_s sim_board_stm32l552;
extern const struct sim_board_s sim_board_alif_e7;
extern const struct sim_board_s sim_board_stm32n657;
extern const struct sim_board_s sim_board_stm32l562e_dk;

const struct sim_board_s *const sim_boards[] = {
	&sim_board_stm32l552,
	&sim_board_stm32f401,
	&sim_board_alif_e7,
	&sim_board_stm32n657,
	&sim_board_stm32l562e_dk,
	NULL,
};

const struct sim_board_s *sim_board_find(const char *name)
{
	for (unsigned i = 0; sim_boards[i]; i++)
		if (!strcmp(sim_boards[i]->name, name))
			return sim_boards[i];
	return NULL;
}

#define N_BOARDS (sizeof(sim_boards) / sizeof(sim_boards[0]))

/* The options of every model on the board, one model after the other. */
static const char *board_options(const struct sim_board_s *b, char *buf, size_t len)
{
	buf[0] = '\0';
	for (const struct sim_board_model_s *bm = b->models; bm && bm->model; bm++)
		if (bm->model->options)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? " " : "", bm->model->options);
	return buf;
}

const struct sim_board_info_s *sim_board_list(void)
{
	static struct sim_board_info_s list[N_BOARDS];
	static char options[N_BOARDS][1024];

	for (unsigned i = 0; sim_boards[i]; i++) {
		list[i].name = sim_boards[i]->name;
		list[i].description = sim_boards[i]->description;
		list[i].options = board_options(sim_boards[i], options[i], sizeof(options[i]));
	}
	return list;
}
