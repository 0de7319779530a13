// SPDX-License-Identifier: GPL-2.0-or-later
/* The project-wide error struct: filling and formatting (error.h). */
#include "src/error/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_clear(struct error_s *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

int error_set(struct error_s *e, enum error_code_e code, const char *fmt, ...)
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

void error_prefix(struct error_s *e, const char *fmt, ...)
{
	char head[sizeof(e->msg)], old[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	snprintf(e->msg, sizeof(e->msg), "%s%s", head, old);
}

void error_set_reg(struct error_s *e, const char *name, bool has_addr, uint32_t addr, uint32_t value)
{
	if (!e)
		return;
	snprintf(e->reg, sizeof(e->reg), "%s", name);
	e->has_reg_addr = has_addr;
	e->reg_addr = addr;
	e->value = value;
}

void error_set_bits(struct error_s *e, const char *bits)
{
	if (e)
		snprintf(e->bits, sizeof(e->bits), "%s", bits ? bits : "");
}

const char *error_bit_names(const struct error_bit_s *table, uint32_t value, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (; table && table->name; table++) {
		if (!(value & table->mask))
			continue;
		n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, "%s%s", n ? "|" : "",
				      table->name);
	}
	return buf;
}

const char *error_code_name(enum error_code_e code)
{
	switch (code) {
	case ERR_OK:
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
	case FLASH_ERR_RANGE:
		return "outside flash";
	case FLASH_ERR_PROTECTED:
		return "protected";
	case FLASH_ERR_OTP:
		return "OTP refused";
	case FLASH_ERR_OPERATION:
		return "flash operation failed";
	case FLASH_ERR_VERIFY:
		return "verify failed";
	case FLASH_ERR_ROUTINE:
		return "target routine failed";
	case FLASH_ERR_NO_DRIVER:
		return "no flash driver";
	case FLASH_ERR_LOADER:
		return "unusable loader";
	case FLASH_ERR_RESOURCE:
		return "out of resources";
	case FLASH_ERR_STATE:
		return "out of order";
	case IMAGE_ERR_READ:
		return "unreadable image";
	case IMAGE_ERR_FORMAT:
		return "bad image";
	}
	return "?";
}

int error_format(const struct error_s *e, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s", e->msg[0] ? e->msg : error_code_name(e->code));
	const char *sep = " [";

#define ROOM (n < (int)len ? len - (size_t)n : 0)
#define AT (n < (int)len ? buf + n : NULL)
	if (e->reg[0]) {
		n += snprintf(AT, ROOM, ": %s", e->reg);
		if (e->has_reg_addr)
			n += snprintf(AT, ROOM, " @0x%08x", e->reg_addr);
		n += snprintf(AT, ROOM, " = 0x%08x", e->value);
		if (e->bits[0])
			n += snprintf(AT, ROOM, " (%s)", e->bits);
	}
	if (e->access[0]) {
		n += snprintf(AT, ROOM, "%saccess %s", sep, e->access);
		sep = ", ";
	}
	if (e->has_addr) {
		char hex[12];

		snprintf(hex, sizeof(hex), "0x%08x", e->addr);
		if (e->access[0] || !strstr(e->msg, hex)) {	/* not when the sentence says it already */
			n += snprintf(AT, ROOM, "%saddress %s", sep, hex);
			sep = ", ";
		}
	}
	if (sep[0] == ',')
		n += snprintf(AT, ROOM, "]");
#undef AT
#undef ROOM
	return n;
}
