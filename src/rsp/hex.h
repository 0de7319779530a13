/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hex helpers for GDB's remote serial protocol: most packet fields (addresses, lengths,
 * register values, memory contents, `O` console text, `qRcmd` commands) are hex text.
 * Nothing here allocates; callers size the output (2 characters per byte).
 */
#ifndef SRC_RSP_HEX_H
#define SRC_RSP_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of one hex digit (either case), or -1 if c is not one. */
int rsp_hex_digit(int c);

/* Writes 2 * len lowercase hex characters and a NUL: out needs 2 * len + 1 bytes. */
void rsp_hex_encode(const uint8_t *in, size_t len, char *out);

/*
 * Decodes hexlen characters (must be even) into hexlen / 2 bytes. Returns false, with
 * out partly written, on an odd length or a character that is not a hex digit.
 */
bool rsp_hex_decode(const char *in, size_t hexlen, uint8_t *out);

/*
 * Parses the hex number that starts at s and ends at the first non-hex character or at
 * end (exclusive). Returns the position after the digits, or NULL if there is no digit
 * or the value does not fit in 64 bits (leading zeros are allowed, as GDB sends them).
 */
const char *rsp_hex_parse_u64(const char *s, const char *end, uint64_t *value);

#endif /* SRC_RSP_HEX_H */
