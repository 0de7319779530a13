/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Errors of the ADI layer as a struct, not a flattened code (style.md item 10): what went
 * wrong, the target address involved, the DP/AP register that failed, the value read from
 * the status register, and the name of the bit that says why.
 */
#ifndef SRC_ADI_ADI_ERROR_H
#define SRC_ADI_ADI_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum adi_err_e {
	ADI_OK = 0,
	ADI_ERR_PROBE,		/* the probe's transfer failed (USB/TCP) */
	ADI_ERR_NO_RESPONSE,	/* ACK 111: nobody answered (wrong wiring, no power, protocol error) */
	ADI_ERR_WAIT,		/* WAIT for longer than the retry budget */
	ADI_ERR_FAULT,		/* FAULT: a sticky flag was set (bus error, overrun, write parity) */
	ADI_ERR_PARITY,		/* read data parity mismatch */
	ADI_ERR_PROTOCOL,	/* an ACK value that SWD does not define */
	ADI_ERR_POWERUP,	/* CDBGPWRUPACK/CSYSPWRUPACK did not follow their requests */
	ADI_ERR_NO_DP,		/* no SW-DP answered the connect sequences */
	ADI_ERR_NO_MEMAP,	/* the AP is not a MEM-AP, or lacks a needed feature */
	ADI_ERR_ARG,		/* a request the layer cannot express (size, alignment) */
	ADI_ERR_ROM_TABLE,	/* malformed ROM table (bad preamble, too deep) */
};

struct adi_error_s {
	enum adi_err_e code;
	bool has_addr;
	uint32_t addr;		/* target address of the failing MEM-AP transfer, when known */
	char reg[24];		/* the access that failed, e.g. "AP0.DRW write", "DP.CTRL/STAT read" */
	uint32_t value;		/* what the status register read (CTRL/STAT after a FAULT) */
	const char *bit;	/* name of the flag that explains it, e.g. "STICKYERR"; NULL if none */
	char msg[256];		/* one sentence, ready to log, send as E.text, and print on monitor */
};

void adi_error_clear(struct adi_error_s *e);

/* Fill code and message (printf-like); returns -1 so callers can `return adi_error_set(...)`. */
int adi_error_set(struct adi_error_s *e, enum adi_err_e code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Short name of a code ("FAULT", "WAIT timeout", ...). */
const char *adi_error_code_name(enum adi_err_e code);

/*
 * Everything in one line: message, then the structured fields that are set, e.g.
 * "FAULT: ... [access AP0.DRW write, address 0x60000000, CTRL/STAT 0xf0000021 STICKYERR]".
 */
int adi_error_format(const struct adi_error_s *e, char *buf, size_t len);

#endif /* SRC_ADI_ADI_ERROR_H */
