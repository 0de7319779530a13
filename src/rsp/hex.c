// SPDX-License-Identifier: GPL-2.0-or-later
/* Hex helpers for RSP fields; see hex.h. */
#include "src/rsp/hex.h"

static const char hex_chars[] = "0123456789abcdef";

int rsp_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void rsp_hex_encode(const uint8_t *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hex_chars[in[i] >> 4];
		out[2 * i + 1] = hex_chars[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

bool rsp_hex_decode(const char *in, size_t hexlen, uint8_t *out)
{
	if (hexlen % 2)
		return false;
	for (size_t i = 0; i < hexlen / 2; i++) {
		int hi = rsp_hex_digit((unsigned char)in[2 * i]);
		int lo = rsp_hex_digit((unsigned char)in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

const char *rsp_hex_parse_u64(const char *s, const char *end, uint64_t *value)
{
	uint64_t v = 0;
	const char *p = s;

	for (; p < end; p++) {
		int d = rsp_hex_digit((unsigned char)*p);

		if (d < 0)
			break;
		if (v >> 60)
			return NULL;	/* one more digit would overflow */
		v = v << 4 | (uint64_t)d;
	}
	if (p == s)
		return NULL;
	*value = v;
	return p;
}
