/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SWD wire as the target's SW-DP sees it, one clock cycle at a time (ADIv5.2 B4):
 * line reset, JTAG-to-SWD and dormant wake-up selection sequences, request parsing with
 * parity, turnaround, ACK, data with parity. A protocol error leaves the line undriven.
 */
#ifndef SIM_SWD_WIRE_H
#define SIM_SWD_WIRE_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

enum swd_iface_e {
	SWD_IFACE_JTAG,		/* SWJ-DP after power-on: waits for a selection sequence */
	SWD_IFACE_SWD,
	SWD_IFACE_DORMANT,
};

enum swd_phase_e {
	SWD_PH_IDLE,		/* waiting for a start bit */
	SWD_PH_REQUEST,		/* collecting the 8 request bits */
	SWD_PH_TRN_ACK,		/* turnaround before ACK */
	SWD_PH_ACK,		/* target drives 3 ACK bits (or stays silent) */
	SWD_PH_RDATA,		/* target drives 32 data bits + parity */
	SWD_PH_TRN_END,		/* turnaround back to the host after read data or WAIT/FAULT */
	SWD_PH_TRN_WDATA,	/* turnaround after ACK, before the host's write data */
	SWD_PH_WDATA,		/* host drives 32 data bits + parity */
	SWD_PH_SKIPDATA,	/* overrun detection on: a data phase after WAIT/FAULT, ignored */
	SWD_PH_LOCKOUT,		/* protocol error: no response until a line reset */
};

struct swd_wire_s {
	enum swd_iface_e iface;
	enum swd_phase_e phase;
	unsigned count;		/* bits collected in the current phase */
	uint8_t request;	/* request bits as received, LSB first */
	uint64_t shift;		/* data bits shifting in or out */
	uint8_t ack;		/* the ACK this transaction answers */
	bool respond;		/* whether the target drives ACK/data in this transaction */
	bool silent_write;	/* TARGETSEL: no ACK, but the host still sends write data */
	unsigned ones;		/* consecutive host-driven 1s (line-reset detection) */
	bool after_line_reset;	/* a line reset has just completed: a 16-bit selection may follow */
	unsigned seq_bits;	/* bits of the selection sequence collected after the reset */
	uint32_t seq;		/* those bits */
	/* dormant wake-up: the 128-bit selection alert, then 4 low, then activation code */
	uint8_t alert[16];
	unsigned alert_bits;
	unsigned activation_bits;
	uint8_t activation;
	bool alert_seen;
	unsigned nominal_bits_pending;	/* bits clocked since the last time advance */
};

void swd_wire_power_on(struct sim *s);

/* One clock cycle: host_drives / host_bit as the probe sets them; returns the line level. */
int swd_wire_clock(struct sim *s, bool host_drives, int host_bit);

#endif
