/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal SWD host for the simulator's unit tests: it drives the wire bit by bit on the
 * nominal ADI timeline (sim_swd_io_nominal), one transaction per call, and checks parity,
 * so the tests see exactly what a probe would.
 */
#ifndef TESTS_UNIT_SWD_HOST_H
#define TESTS_UNIT_SWD_HOST_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

#define SWDH_NO_RESPONSE 7	/* ACK bits all high: nobody answered */
#define SWDH_PARITY_ERROR 8	/* OK, but the read data's parity was wrong */

/* Raw bit sequences: n bits of value (LSB first), host-driven. */
void swdh_bits(struct sim *s, uint64_t value, unsigned n);
void swdh_line_reset(struct sim *s);
void swdh_jtag_to_swd(struct sim *s);

/* One transaction; returns the ACK (1 OK, 2 WAIT, 4 FAULT, 7 none) or SWDH_PARITY_ERROR. */
unsigned swdh_transfer(struct sim *s, bool apndp, bool rnw, unsigned a, uint32_t *data);
/* The same with a deliberately wrong request or write-data parity. */
unsigned swdh_transfer_bad_parity(struct sim *s, bool apndp, bool rnw, unsigned a, uint32_t *data,
				  bool bad_request, bool bad_data);

/* JTAG-to-SWD, line reset, DPIDR read, power-up; returns DPIDR (0 on failure). */
uint32_t swdh_connect(struct sim *s);

/* MEM-AP at AP 0: set CSW (32-bit, single increment) and TAR, then DRW. */
unsigned swdh_mem_write32(struct sim *s, uint32_t addr, uint32_t val);
unsigned swdh_mem_read32(struct sim *s, uint32_t addr, uint32_t *val);

#endif
