// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SW-DP's view of the wire, one clock at a time, on the nominal ADI timeline
 * (ADIv5.2 B4.2 for transactions, B5 for SWJ-DP selection and dormant state).
 *
 * Two things watch every host-driven bit in parallel, as in silicon:
 *  - a sequence detector (line reset = 50 or more 1s; the 16-bit JTAG-to-SWD and
 *    SWD-to-dormant selection codes that follow a line reset; the dormant wake-up alert);
 *  - the protocol state machine, only while the interface is SWD.
 * A malformed request (parity, stop or park bit) gets no answer and locks the target out
 * until the next line reset: the host reads 1s (pull-up) where an ACK should be.
 */
#include <string.h>

#include "sim_internal.h"

#define SEQ_JTAG_TO_SWD 0xE79Eu
#define SEQ_SWD_TO_DORMANT 0xE3BCu
#define ACTIVATION_SWD 0x1Au
#define LINE_RESET_ONES 50u

/* ADIv5.2 B5.3.4 selection alert, first bit sent = bit 0 of byte 0 */
static const uint8_t dormant_alert[16] = {
	0x92, 0xf3, 0x09, 0x62, 0x95, 0x2d, 0x85, 0x86,
	0xe9, 0xaf, 0xdd, 0xe3, 0xa2, 0x0e, 0xbc, 0x19,
};

static bool dormant_capable(const struct sim *s)
{
	return s->board->targetid != 0;	/* DPv2 parts have the dormant state */
}

void swd_wire_power_on(struct sim *s)
{
	memset(&s->wire, 0, sizeof(s->wire));
	s->wire.iface = SWD_IFACE_JTAG;	/* an SWJ-DP starts in JTAG until selected */
	s->wire.phase = SWD_PH_IDLE;
}

static void wire_line_reset(struct sim *s)
{
	struct swd_wire_s *w = &s->wire;

	if (w->iface == SWD_IFACE_SWD) {
		w->phase = SWD_PH_IDLE;
		dp_line_reset(s);
	}
}

/* Shift a bit into the 128-bit window used to spot the dormant selection alert. */
static bool alert_shift(struct swd_wire_s *w, int bit)
{
	for (int i = 0; i < 15; i++)
		w->alert[i] = (uint8_t)((w->alert[i] >> 1) | (w->alert[i + 1] << 7));
	w->alert[15] = (uint8_t)((w->alert[15] >> 1) | (bit << 7));
	if (w->alert_bits < 128)
		w->alert_bits++;
	return w->alert_bits == 128 && !memcmp(w->alert, dormant_alert, sizeof(dormant_alert));
}

static void dormant_bit(struct sim *s, int bit)
{
	struct swd_wire_s *w = &s->wire;

	if (!w->alert_seen) {
		if (alert_shift(w, bit)) {
			w->alert_seen = true;
			w->activation_bits = 0;
			w->activation = 0;
		}
		return;
	}
	/* 4 cycles low, then the 8-bit activation code, LSB first */
	if (w->activation_bits < 4) {
		if (bit)
			w->alert_seen = false;
		w->activation_bits++;
		return;
	}
	w->activation |= (uint8_t)(bit << (w->activation_bits - 4));
	if (++w->activation_bits == 12) {
		w->alert_seen = false;
		w->alert_bits = 0;
		if (w->activation == ACTIVATION_SWD) {
			/* Awake in SWD; the DP stays in its reset state until a line reset and DPIDR read. */
			w->iface = SWD_IFACE_SWD;
			w->phase = SWD_PH_LOCKOUT;
			sim_log(s, "SWD selected by dormant wake-up");
		}
	}
}

/* The selection-sequence detector: sees every host-driven bit in every state. */
static void sequence_bit(struct sim *s, int bit)
{
	struct swd_wire_s *w = &s->wire;

	if (w->iface == SWD_IFACE_DORMANT) {
		dormant_bit(s, bit);
		return;
	}
	if (bit) {
		if (++w->ones == LINE_RESET_ONES)
			wire_line_reset(s);
	} else {
		if (w->ones >= LINE_RESET_ONES) {
			w->after_line_reset = true;
			w->seq_bits = 0;
			w->seq = 0;
		}
		w->ones = 0;
	}
	if (!w->after_line_reset)
		return;
	w->seq |= (uint32_t)bit << w->seq_bits;
	if (++w->seq_bits < 16)
		return;
	w->after_line_reset = false;
	if (w->seq == SEQ_JTAG_TO_SWD && w->iface == SWD_IFACE_JTAG) {
		w->iface = SWD_IFACE_SWD;
		w->phase = SWD_PH_LOCKOUT;	/* a line reset must follow */
		sim_log(s, "SWD selected by JTAG-to-SWD sequence");
	} else if (w->seq == SEQ_SWD_TO_DORMANT && w->iface == SWD_IFACE_SWD && dormant_capable(s)) {
		w->iface = SWD_IFACE_DORMANT;
		w->alert_bits = 0;
		w->alert_seen = false;
		sim_log(s, "SW-DP entered the dormant state");
	}
}

static bool parity_odd(uint64_t v)
{
	return __builtin_parityll(v);
}

static bool is_targetsel(uint8_t request)
{
	return !(request & 0x02) && !(request & 0x04) && ((request >> 3) & 3) == 3;
}

/* The 8 request bits are in: decide the answer. */
static void request_done(struct sim *s)
{
	struct swd_wire_s *w = &s->wire;
	uint8_t r = w->request;
	bool apndp = r & 0x02, rnw = r & 0x04;
	unsigned a32 = (r >> 3) & 3;
	bool parity = (r >> 5) & 1, stop = (r >> 6) & 1, park = (r >> 7) & 1;

	w->count = 0;
	if (parity_odd((r >> 1) & 0xF) != parity || stop || !park) {
		w->phase = SWD_PH_LOCKOUT;	/* protocol error: no reply */
		return;
	}
	/* Charge the bits so far, so the core has run up to the moment the request lands. */
	sim_account_swd_bits(s, w->nominal_bits_pending);
	w->nominal_bits_pending = 0;

	uint32_t rdata = 0;
	w->ack = (uint8_t)dp_request(s, apndp, rnw, a32 << 2, &rdata);
	w->respond = w->ack != 0;
	w->silent_write = !w->respond && is_targetsel(r) && dormant_capable(s);
	w->shift = rdata | ((uint64_t)parity_odd(rdata) << 32);
	w->phase = (w->respond || w->silent_write) ? SWD_PH_TRN_ACK : SWD_PH_LOCKOUT;
}

static void ack_done(struct sim *s)
{
	struct swd_wire_s *w = &s->wire;
	bool rnw = w->request & 0x04;

	w->count = 0;
	if (w->silent_write || (w->ack == SWD_ACK_OK && !rnw))
		w->phase = SWD_PH_TRN_WDATA;
	else if (w->ack == SWD_ACK_OK)
		w->phase = SWD_PH_RDATA;
	else if (s->dp.ctrl_stat & DP_CS_ORUNDETECT)
		w->phase = rnw ? SWD_PH_SKIPDATA : SWD_PH_TRN_WDATA;
	else
		w->phase = SWD_PH_TRN_END;
}

static void wdata_done(struct sim *s)
{
	struct swd_wire_s *w = &s->wire;
	uint32_t data = (uint32_t)w->shift;
	bool parity_ok = parity_odd(data) == ((w->shift >> 32) & 1);

	/* A data phase after WAIT/FAULT (overrun detection) carries nothing. */
	if (w->silent_write || w->ack == SWD_ACK_OK)
		dp_write_data(s, w->request & 0x02, ((w->request >> 3) & 3) << 2, data, parity_ok);
	w->phase = SWD_PH_IDLE;
}

/* The protocol state machine for one cycle; returns the level the target drives, or -1. */
static int protocol_clock(struct sim *s, bool host_drives, int host_bit)
{
	struct swd_wire_s *w = &s->wire;
	int drive = -1;

	if (w->ones >= LINE_RESET_ONES)
		return -1;	/* inside a line reset: nothing is parsed until it ends */
	switch (w->phase) {
	case SWD_PH_IDLE:
		if (host_drives && host_bit) {
			w->request = 1;
			w->count = 1;
			w->phase = SWD_PH_REQUEST;
		}
		break;
	case SWD_PH_REQUEST:
		w->request |= (uint8_t)((host_bit & 1) << w->count);
		if (++w->count == 8)
			request_done(s);
		break;
	case SWD_PH_TRN_ACK:
		w->phase = SWD_PH_ACK;
		w->count = 0;
		break;
	case SWD_PH_ACK:
		if (w->respond)
			drive = (w->ack >> w->count) & 1;
		if (++w->count == 3)
			ack_done(s);
		break;
	case SWD_PH_RDATA:
		drive = (int)((w->shift >> w->count) & 1);
		if (++w->count == 33)
			w->phase = SWD_PH_TRN_END;
		break;
	case SWD_PH_TRN_END:
		w->phase = SWD_PH_IDLE;
		break;
	case SWD_PH_TRN_WDATA:
		w->phase = SWD_PH_WDATA;
		w->count = 0;
		w->shift = 0;
		break;
	case SWD_PH_WDATA:
		w->shift |= (uint64_t)(host_bit & 1) << w->count;
		if (++w->count == 33)
			wdata_done(s);
		break;
	case SWD_PH_SKIPDATA:
		if (++w->count == 34)	/* 33 data cycles and the turnaround */
			w->phase = SWD_PH_IDLE;
		break;
	case SWD_PH_LOCKOUT:
		break;
	}
	return drive;
}

int swd_wire_clock(struct sim *s, bool host_drives, int host_bit)
{
	struct swd_wire_s *w = &s->wire;
	int drive = -1;

	w->nominal_bits_pending++;
	if (w->iface == SWD_IFACE_SWD)
		drive = protocol_clock(s, host_drives, host_bit);
	if (host_drives && drive < 0)
		sequence_bit(s, host_bit & 1);
	else if (drive < 0)
		sequence_bit(s, 1);	/* nobody drives: the pull-up holds the line high */
	if (drive >= 0)
		return drive;
	return host_drives ? (host_bit & 1) : 1;
}
