// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

int sim_models_create(struct sim *s, char *err, size_t errlen)
{
	const struct sim_board_model_s *bm = s->board->models;

	for (; bm && bm->model; bm++) {
		struct sim_model_inst_s *mi;
		if (s->n_models == SIM_MAX_MODELS) {
			snprintf(err, errlen, "board %s: too many peripheral models", s->board->name);
			return -1;
		}
		mi = &s->models[s->n_models];
		mi->model = bm->model;
		mi->ctx = NULL;
		if (bm->model->create(s, bm->config, &mi->ctx, err, errlen))
			return -1;
		s->n_models++;
	}
	return 0;
}

void sim_models_destroy(struct sim *s)
{
	while (s->n_models) {
		struct sim_model_inst_s *mi = &s->models[--s->n_models];
		if (mi->model->destroy)
			mi->model->destroy(s, mi->ctx);
	}
}

void sim_models_system_reset(struct sim *s)
{
	/* Models reset one after the other: the clock is checked once they all have. */
	sim_clock_reset_begin(s);
	for (unsigned i = 0; i < s->n_models; i++)
		if (s->models[i].model->system_reset)
			s->models[i].model->system_reset(s, s->models[i].ctx);
	sim_clock_reset_end(s);
}

void sim_models_power_on(struct sim *s)
{
	for (unsigned i = 0; i < s->n_models; i++)
		if (s->models[i].model->power_on)
			s->models[i].model->power_on(s, s->models[i].ctx);
}

void *sim_model_ctx(struct sim *s, const char *name)
{
	for (unsigned i = 0; i < s->n_models; i++)
		if (!strcmp(s->models[i].model->name, name))
			return s->models[i].ctx;
	return NULL;
}

void sim_request_system_reset(struct sim *s)
{
	core_request_system_reset(s);	/* which resets the models too */
}

uint64_t sim_flash_busy(struct sim *s, uint64_t duration_ns)
{
	uint64_t end = sim_now_ns(s) + duration_ns;

	s->timing.flash_busy_ns += duration_ns;
	sim_schedule_event(s, end);	/* BSY/WIP clears then: the CPU's polling must see it */
	return end;
}

void sim_note_side_effect(struct sim *s)
{
	if (s->core)
		core_note_side_effect(s);
}

int sim_set_option(struct sim *s, const char *key, const char *value, char *err, size_t errlen)
{
	int taken = sim_faults_set_option(s, key, value, err, errlen);

	if (taken)
		return taken < 0 ? -1 : 0;
	for (unsigned i = 0; i < s->n_models; i++) {
		const struct sim_model_s *m = s->models[i].model;
		int r;
		if (!m->set_option)
			continue;
		r = m->set_option(s, s->models[i].ctx, key, value, err, errlen);
		if (r)
			return r < 0 ? -1 : 0;
	}
	snprintf(err, errlen, "board %s has no option '%s'", s->board->name, key);
	return -1;
}
