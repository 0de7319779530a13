// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Debug-port fault injection (struct sim_faults_s): WAIT and FAULT answers to AP accesses,
 * given at once (--inject-wait, --inject-fault-once) or armed for a point of a run by the
 * board options every board takes:
 *
 *   ap_wait=COUNT@AT[+EVERY]   once AT AP accesses have been answered OK (counted from the
 *                              board's creation, as --stats' ap_transfers), the next COUNT
 *                              AP accesses are answered WAIT; with +EVERY, again each time
 *                              EVERY more have been answered (a storm over a whole download)
 *   ap_fault=AT                the first AP access after AT answered OK is answered FAULT
 *                              (STICKYERR set), once
 *
 * A point given by a count of AP accesses needs no monitor command and no timing: a test
 * reads ap_transfers before and after a clean download and picks points in between.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static int parse_u64(const char *s, char **end, uint64_t *out)
{
	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoull(s, end, 10);
	return 0;
}

/* COUNT@AT[+EVERY] */
static int parse_ap_wait(struct sim_faults_s *f, const char *v)
{
	uint64_t count, at, every = 0;
	char *end;

	if (parse_u64(v, &end, &count) || *end != '@' || !count || count > UINT32_MAX ||
	    parse_u64(end + 1, &end, &at))
		return -1;
	if (*end == '+' && (parse_u64(end + 1, &end, &every) || !every))
		return -1;
	if (*end)
		return -1;
	f->wait_armed = true;
	f->wait_count = (unsigned)count;
	f->wait_at = at;
	f->wait_every = every;
	return 0;
}

int sim_faults_set_option(struct sim *s, const char *key, const char *value, char *err, size_t errlen)
{
	struct sim_faults_s *f = &s->faults;
	char *end;

	if (!strcmp(key, "ap_wait")) {
		if (parse_ap_wait(f, value)) {
			snprintf(err, errlen, "option ap_wait=%s: expected COUNT@AT or COUNT@AT+EVERY (decimal, COUNT and EVERY >= 1)",
				 value);
			return -1;
		}
		return 1;
	}
	if (!strcmp(key, "ap_fault")) {
		if (parse_u64(value, &end, &f->fault_at) || *end) {
			snprintf(err, errlen, "option ap_fault=%s: expected AT, a decimal count of AP accesses", value);
			return -1;
		}
		f->fault_armed = true;
		return 1;
	}
	return 0;
}

/* Fire the armed points that ap_transfers has reached. */
static void arm_due(struct sim *s)
{
	struct sim_faults_s *f = &s->faults;
	uint64_t done = s->timing.ap_transfers;

	if (f->wait_armed && done >= f->wait_at) {
		sim_log(s, "fault injection: WAIT to the next %u AP accesses, after %llu answered", f->wait_count,
			(unsigned long long)done);
		f->wait_next_ap += f->wait_count;
		if (f->wait_every)
			f->wait_at = done + f->wait_every;
		else
			f->wait_armed = false;
	}
	if (f->fault_armed && done >= f->fault_at) {
		sim_log(s, "fault injection: FAULT to the AP access after %llu answered", (unsigned long long)done);
		f->fault_once = true;
		f->fault_armed = false;
	}
}

unsigned sim_faults_ap_ack(struct sim *s)
{
	struct sim_faults_s *f = &s->faults;

	arm_due(s);
	if (f->wait_next_ap) {
		f->wait_next_ap--;
		return SWD_ACK_WAIT;
	}
	if (f->fault_once) {
		f->fault_once = false;
		return SWD_ACK_FAULT;
	}
	return SWD_ACK_OK;
}
