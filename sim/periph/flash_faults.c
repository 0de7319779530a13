// SPDX-License-Identifier: GPL-2.0-or-later
/* Flash fault injection shared by the flash controller models (see flash_faults.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../sim_internal.h"
#include "flash_faults.h"

static const char *const op_names[FLASH_OP_KINDS] = { "erase", "program" };

/* "0x08004000:3" and the like: the fields of value split at ':' into out[]; their count. */
static int split(char *value, char **out, int max)
{
	int n = 0;

	for (char *save = NULL, *tok = strtok_r(value, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		if (n == max)
			return max + 1;
		out[n++] = tok;
	}
	return n;
}

static int parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end || *out > max ? -1 : 0;
}

static int parse_op(const char *s, enum flash_op_e *op)
{
	for (int i = 0; i < FLASH_OP_KINDS; i++)
		if (!strcmp(s, op_names[i])) {
			*op = (enum flash_op_e)i;
			return 0;
		}
	return -1;
}

/* OP:N */
static int parse_op_nth(char **f, struct flash_op_fault_s *out)
{
	unsigned long long n;

	if (parse_op(f[0], &out->op) || parse_num(f[1], UINT64_MAX, &n) || !n)
		return -1;
	out->nth = n;
	return 0;
}

static int bit_fault(struct flash_faults_s *ff, char **f, int n, bool stuck, const char *key, const char *value,
		     char *err, size_t errlen)
{
	unsigned long long addr, bit, level = 0;

	if (n != (stuck ? 3 : 2) || parse_num(f[0], 0xFFFFFFFFull, &addr) || parse_num(f[1], 7, &bit) ||
	    (stuck && parse_num(f[2], 1, &level))) {
		snprintf(err, errlen, "option %s=%s: expected ADDR:BIT%s (BIT 0-7)", key, value, stuck ? ":0|1" : "");
		return -1;
	}
	if (addr - ff->base >= ff->size) {
		snprintf(err, errlen, "option %s=%s: 0x%08llx is not in the flash (0x%08x-0x%08x)", key, value, addr,
			 ff->base, ff->base + ff->size - 1);
		return -1;
	}
	if (ff->n_bits == FLASH_FAULTS_MAX_BITS) {
		snprintf(err, errlen, "option %s: at most %d bit faults", key, FLASH_FAULTS_MAX_BITS);
		return -1;
	}
	ff->bits[ff->n_bits++] = (struct flash_bit_fault_s){
		.off = (uint32_t)(addr - ff->base), .mask = (uint8_t)(1u << bit), .stuck = stuck ? (int8_t)level : -1,
	};
	return 1;
}

static int error_fault(struct flash_faults_s *ff, const struct flash_flag_s *flags, char **f, int n,
		       const char *key, const char *value, char *err, size_t errlen)
{
	struct flash_op_fault_s e = { 0 };
	const struct flash_flag_s *fl = flags;

	for (; n == 3 && fl->name; fl++)
		if (!strcasecmp(f[0], fl->name))
			break;
	if (n != 3 || !fl->name || parse_op_nth(f + 1, &e)) {
		char names[160] = "";
		for (fl = flags; fl->name; fl++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", fl == flags ? "" : ", ",
				 fl->name);
		snprintf(err, errlen, "option %s=%s: expected FLAG:erase|program:N (N >= 1), FLAG one of %s",
			 key, value, names);
		return -1;
	}
	if (ff->n_errors == FLASH_FAULTS_MAX_ERRORS) {
		snprintf(err, errlen, "option %s: at most %d", key, FLASH_FAULTS_MAX_ERRORS);
		return -1;
	}
	e.flag = fl->bit;
	e.flag_name = fl->name;
	ff->errors[ff->n_errors++] = e;
	return 1;
}

int flash_faults_set_option(struct flash_faults_s *ff, const struct flash_flag_s *flags, const char *prefix,
			    const char *key, const char *value, char *err, size_t errlen)
{
	size_t plen = strlen(prefix);
	const char *name = key + plen;	/* the key without its prefix */
	char buf[128], *f[4];
	int n, r;

	if (strncmp(key, prefix, plen) || strncmp(name, "fault_", 6))
		return 0;
	if (strlen(value) >= sizeof(buf)) {
		snprintf(err, errlen, "option %s: value too long", key);
		return -1;
	}
	strcpy(buf, value);
	n = split(buf, f, 3);
	if (!strcmp(name, "fault_flip") || !strcmp(name, "fault_stuck"))
		return bit_fault(ff, f, n, name[6] == 's', key, value, err, errlen);
	if (!strcmp(name, "fault_error")) {
		if (!flags[0].name) {
			snprintf(err, errlen, "option %s: this flash has no error flags to inject", key);
			return -1;
		}
		return error_fault(ff, flags, f, n, key, value, err, errlen);
	}
	if (!strcmp(name, "fault_power_loss")) {
		r = n == 2 ? parse_op_nth(f, &ff->power) : -1;
		if (r) {
			snprintf(err, errlen, "option %s=%s: expected erase|program:N (N >= 1)", key, value);
			return -1;
		}
		ff->power_loss = true;
		return 1;
	}
	return 0;
}

enum flash_fault_e flash_faults_begin(struct sim *s, struct flash_faults_s *ff, enum flash_op_e op, uint32_t *flag)
{
	uint64_t nth = ++ff->count[op];

	for (unsigned i = 0; i < ff->n_errors; i++) {
		const struct flash_op_fault_s *e = &ff->errors[i];
		if (e->op == op && e->nth == nth) {
			sim_log(s, "fault injection: %s %llu refused with %s", op_names[op], (unsigned long long)nth,
				e->flag_name);
			*flag = e->flag;
			return FLASH_FAULT_ERROR;
		}
	}
	if (ff->power_loss && ff->power.op == op && ff->power.nth == nth) {
		sim_log(s, "fault injection: power lost in the middle of %s %llu", op_names[op], (unsigned long long)nth);
		return FLASH_FAULT_POWER_LOSS;
	}
	return FLASH_FAULT_NONE;
}

void flash_faults_apply(const struct flash_faults_s *ff, enum flash_op_e op, uint8_t *p, uint32_t off, uint32_t len)
{
	for (unsigned i = 0; i < ff->n_bits; i++) {
		const struct flash_bit_fault_s *b = &ff->bits[i];
		if (b->off - off >= len)
			continue;
		if (b->stuck < 0 && op == FLASH_OP_PROGRAM)
			p[b->off - off] ^= b->mask;
		else if (b->stuck == 0)
			p[b->off - off] &= (uint8_t)~b->mask;
		else if (b->stuck == 1)
			p[b->off - off] |= b->mask;
	}
}

void flash_faults_half_erase(uint8_t *p, uint32_t len)
{
	memset(p, 0xFF, len / 2);
}

void flash_faults_half_program(uint8_t *p, const uint8_t *data, uint32_t len)
{
	if (len == 1) {
		p[0] &= data[0] | 0xF0u;	/* a byte: its low nibble */
		return;
	}
	for (uint32_t i = 0; i < len / 2; i++)
		p[i] &= data[i];
}

void flash_faults_power_loss(struct sim *s, uint64_t duration_ns)
{
	sim_flash_busy(s, duration_ns / 2);
	sim_request_power_cycle(s);
}
