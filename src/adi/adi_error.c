// SPDX-License-Identifier: GPL-2.0-or-later
/* The ADI error struct: filling and formatting (style.md item 10). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/adi/adi_error.h"

void adi_error_clear(struct adi_error_s *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

int adi_error_set(struct adi_error_s *e, enum adi_err_e code, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return -1;
	/* formatted apart first: an argument may be e->msg itself ("...: %s", e->msg) */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->code = code;
	memcpy(e->msg, msg, sizeof(msg));
	return -1;
}

const char *adi_error_code_name(enum adi_err_e code)
{
	switch (code) {
	case ADI_OK:
		return "OK";
	case ADI_ERR_PROBE:
		return "probe error";
	case ADI_ERR_NO_RESPONSE:
		return "no response";
	case ADI_ERR_WAIT:
		return "WAIT timeout";
	case ADI_ERR_FAULT:
		return "FAULT";
	case ADI_ERR_PARITY:
		return "parity error";
	case ADI_ERR_PROTOCOL:
		return "protocol error";
	case ADI_ERR_POWERUP:
		return "power-up failed";
	case ADI_ERR_NO_DP:
		return "no debug port";
	case ADI_ERR_NO_MEMAP:
		return "no MEM-AP";
	case ADI_ERR_ARG:
		return "bad request";
	case ADI_ERR_ROM_TABLE:
		return "bad ROM table";
	}
	return "?";
}

int adi_error_format(const struct adi_error_s *e, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s: %s", adi_error_code_name(e->code), e->msg);
	const char *sep = " [";

#define ROOM (n < (int)len ? len - (size_t)n : 0)
	if (e->reg[0]) {
		n += snprintf(buf + n, ROOM, "%saccess %s", sep, e->reg);
		sep = ", ";
	}
	if (e->has_addr) {
		n += snprintf(buf + n, ROOM, "%saddress 0x%08x", sep, e->addr);
		sep = ", ";
	}
	if (e->bit) {
		n += snprintf(buf + n, ROOM, "%sCTRL/STAT 0x%08x %s", sep, e->value, e->bit);
		sep = ", ";
	}
	if (sep[0] == ',')
		n += snprintf(buf + n, ROOM, "]");
#undef ROOM
	return n;
}
