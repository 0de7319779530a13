/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one error type of the adi, target and flash layers (style.md item 10): not a
 * flattened code but what failed, the target address, the register that says why (name,
 * address, value) and the bits by name, formatted by one function, e.g.
 *   "programming 0x08004000 failed: FLASH_NSSR @0x40022020 = 0x00000080 (PGSERR)"
 *   "AP0.DRW write answered FAULT (STICKYERR); flags cleared: CTRL/STAT = 0xf0000021
 *    (STICKYERR) [access AP0.DRW write, address 0x60000000]"
 * Every layer fills the fields it knows; the layer above adds context to msg and keeps
 * the rest, so the failing address and register reach GDB's console and the log.
 */
#ifndef SRC_ERROR_ERROR_H
#define SRC_ERROR_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum error_code_e {
	ERR_OK = 0,
	ADI_OK = ERR_OK,
	/* adi and probe */
	ADI_ERR_PROBE,		/* the probe's transfer failed (USB/TCP) */
	ADI_ERR_NO_RESPONSE,	/* ACK 111: nobody answered (wrong wiring, no power, protocol error) */
	ADI_ERR_WAIT,		/* WAIT for longer than the retry budget; also: a target that did not finish */
	ADI_ERR_FAULT,		/* FAULT: a sticky flag was set (bus error, overrun, write parity) */
	ADI_ERR_PARITY,		/* read data parity mismatch */
	ADI_ERR_PROTOCOL,	/* an ACK value that SWD does not define */
	ADI_ERR_POWERUP,	/* CDBGPWRUPACK/CSYSPWRUPACK did not follow their requests */
	ADI_ERR_NO_DP,		/* no SW-DP answered the connect sequences */
	ADI_ERR_NO_MEMAP,	/* the AP is not a MEM-AP, or lacks a needed feature */
	ADI_ERR_ARG,		/* a request the layer cannot express (size, alignment) */
	ADI_ERR_ROM_TABLE,	/* malformed ROM table (bad preamble, too deep) */
	/* flash */
	FLASH_ERR_RANGE,	/* an address outside flash, or not on sector boundaries */
	FLASH_ERR_PROTECTED,	/* write protection or readout protection refuses the operation */
	FLASH_ERR_OTP,		/* OTP refused: not enabled, or a byte already holds another value */
	FLASH_ERR_OPERATION,	/* the controller flagged an error (the status register says which) */
	FLASH_ERR_VERIFY,	/* flash does not hold what was programmed */
	FLASH_ERR_ROUTINE,	/* the on-target routine faulted, hung or answered nonsense */
	FLASH_ERR_NO_DRIVER,	/* no driver serves this address or operation */
	FLASH_ERR_LOADER,	/* a loader file is unusable: format, missing entry points, RAM it needs */
	FLASH_ERR_RESOURCE,	/* out of host memory or target RAM */
	FLASH_ERR_STATE,	/* an operation out of order (a download already open, ...) */
	/* image files (src/image/) */
	IMAGE_ERR_READ,		/* the file cannot be opened or read */
	IMAGE_ERR_FORMAT,	/* malformed, truncated, overlapping or empty: the message names the line or offset */
};

struct error_s {
	enum error_code_e code;
	char msg[256];		/* one sentence: what failed, with the address */
	bool has_addr;
	uint32_t addr;		/* target address of the failing transfer or flash operation */
	char access[24];	/* the ADI access that failed, e.g. "AP0.DRW write" */
	char reg[24];		/* the register that says why, e.g. "FLASH_NSSR", "CTRL/STAT" */
	bool has_reg_addr;
	uint32_t reg_addr;	/* its address, when it is memory mapped */
	uint32_t value;		/* what it read (meaningful when reg is set) */
	char bits[64];		/* the flags that explain it, e.g. "PGSERR|PROGERR"; "" if none */
};

void error_clear(struct error_s *e);

/* Fill code and message (printf-like); returns -1 so callers can `return error_set(...)`. */
int error_set(struct error_s *e, enum error_code_e code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefix more context to the message: "programming 0x08000000: " + old message. */
void error_prefix(struct error_s *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The register part: name, address (0 with has_addr false: not memory mapped), value, bits. */
void error_set_reg(struct error_s *e, const char *name, bool has_addr, uint32_t addr, uint32_t value);
void error_set_bits(struct error_s *e, const char *bits);

/*
 * Names of the bits set in value, from a table ended by a NULL name, joined by '|' into
 * buf ("PGSERR|PROGERR"); "" when none is set. Returns buf.
 */
struct error_bit_s {
	uint32_t mask;
	const char *name;
};
const char *error_bit_names(const struct error_bit_s *table, uint32_t value, char *buf, size_t len);

/* Short name of a code ("FAULT", "WAIT timeout", "verify failed", ...). */
const char *error_code_name(enum error_code_e code);

/* Everything in one line (see the examples at the top); returns the length it wanted. */
int error_format(const struct error_s *e, char *buf, size_t len);

#endif /* SRC_ERROR_ERROR_H */
