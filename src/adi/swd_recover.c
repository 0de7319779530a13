// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running the SWD queue: WAIT retries, FAULT and no-response recovery (ADIv5.2 B4.2.3,
 * B4.2.4), and the line sequences (B4.3.3 line reset, B5.2.2 JTAG-to-SWD, B5.3 dormant).
 *
 * Recovery never loses the session: after a WAIT that outlasts the budget the stalled AP
 * transaction is aborted (ABORT.DAPABORT), after a FAULT the sticky flags are read from
 * CTRL/STAT (to name the cause) and cleared through ABORT, and when nobody answered the
 * line is reset and DPIDR read so the DP leaves its reset state.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "src/adi/adi_regs.h"
#include "src/adi/swd_queue_internal.h"

/* ---- line sequences, LSB first ---- */

/* Line reset: 56 ones, then 8 idle cycles (>= 50 and >= 2, B4.3.3) */
static const uint8_t seq_line_reset[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 };

/* Line reset, the 16-bit JTAG-to-SWD select code 0xE79E, line reset, idle (B5.2.2) */
static const uint8_t seq_jtag_to_swd[] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x9E, 0xE7,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
};

/* Line reset, then the SWD-to-dormant select code 0xE3BC (B5.3.2) */
static const uint8_t seq_swd_to_dormant[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE3 };

/*
 * Dormant to SWD (B5.3.4): 8 ones, the 128-bit selection alert, 4 idle cycles, activation
 * code 0x1A (SW-DP), then a line reset (52 ones) and idle.
 */
static const uint8_t seq_dormant_to_swd[] = {
	0xFF,
	0x92, 0xF3, 0x09, 0x62, 0x95, 0x2D, 0x85, 0x86, 0xE9, 0xAF, 0xDD, 0xE3, 0xA2, 0x0E, 0xBC, 0x19,
	0xA0,	/* 4 zeros, activation bits 3:0 */
	0xF1,	/* activation bits 7:4, then ones */
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
};

void swd_queue_line_reset(struct swd_queue_s *q)
{
	swd_queue_push_seq(q, seq_line_reset, 8 * sizeof(seq_line_reset), true);
}

void swd_queue_jtag_to_swd(struct swd_queue_s *q)
{
	swd_queue_push_seq(q, seq_jtag_to_swd, 8 * sizeof(seq_jtag_to_swd), true);
}

void swd_queue_swd_to_dormant(struct swd_queue_s *q)
{
	swd_queue_push_seq(q, seq_swd_to_dormant, 8 * sizeof(seq_swd_to_dormant), true);
}

void swd_queue_dormant_to_swd(struct swd_queue_s *q)
{
	swd_queue_push_seq(q, seq_dormant_to_swd, 8 * sizeof(seq_dormant_to_swd), true);
}

/* ---- naming accesses ---- */

static const char *ap_reg_name(uint8_t reg)
{
	switch (reg) {
	case ADI_MEMAP_CSW:
		return "CSW";
	case ADI_MEMAP_TAR:
		return "TAR";
	case ADI_MEMAP_DRW:
		return "DRW";
	case ADI_MEMAP_BD0:
		return "BD0";
	case ADI_MEMAP_BD0 + 4:
		return "BD1";
	case ADI_MEMAP_BD0 + 8:
		return "BD2";
	case ADI_MEMAP_BD0 + 12:
		return "BD3";
	case ADI_MEMAP_CFG:
		return "CFG";
	case ADI_MEMAP_BASE:
		return "BASE";
	case ADI_AP_IDR:
		return "IDR";
	}
	return NULL;
}

static const char *dp_reg_name(uint8_t reg, bool rnw)
{
	static const char *const rd[4] = { "DPIDR", "CTRL/STAT", "RESEND", "RDBUFF" };
	static const char *const wr[4] = { "ABORT", "CTRL/STAT", "SELECT", "TARGETSEL" };
	static const char *const bank4[5] = { "CTRL/STAT", "DLCR", "TARGETID", "DLPIDR", "EVENTSTAT" };
	unsigned a = (reg >> 2) & 3, bank = reg >> 4;

	if (a == 1 && bank < 5)
		return bank4[bank];
	return rnw ? rd[a] : wr[a];
}

char *swd_item_name(const struct swd_item_s *it, char *buf, size_t len)
{
	bool rnw = it->req & ADI_SWD_REQ_RNW;
	const char *dir = rnw ? "read" : "write";

	if (it->kind == SWD_ITEM_SEQ) {
		snprintf(buf, len, "line sequence");
	} else if (it->req & ADI_SWD_REQ_APNDP) {
		const char *n = ap_reg_name(it->reg);
		if (n)
			snprintf(buf, len, "AP%u.%s %s", it->apsel, n, dir);
		else
			snprintf(buf, len, "AP%u.0x%02X %s", it->apsel, it->reg, dir);
	} else {
		snprintf(buf, len, "DP.%s %s", dp_reg_name(it->reg, rnw), dir);
	}
	return buf;
}

/* The flag that best explains a FAULT, most specific first. */
static const char *sticky_bit_name(uint32_t cs)
{
	if (cs & ADI_DP_CTRL_STAT_WDATAERR)
		return "WDATAERR";
	if (cs & ADI_DP_CTRL_STAT_STICKYERR)
		return "STICKYERR";
	if (cs & ADI_DP_CTRL_STAT_STICKYCMP)
		return "STICKYCMP";
	if (cs & ADI_DP_CTRL_STAT_STICKYORUN)
		return "STICKYORUN";
	return "no sticky flag";
}

/* ---- recovery ---- */

/* Without overrun detection the frames after a WAIT/FAULT are misaligned: resynchronise. */
static unsigned resync_prefix(const struct swd_item_s *failed, struct swd_item_s *pre)
{
	unsigned n = 0;

	if (failed->orun)
		return 0;
	pre[n] = (struct swd_item_s){ .kind = SWD_ITEM_SEQ, .seq = seq_line_reset, .nbits = 8 * sizeof(seq_line_reset) };
	n++;
	swd_make_xfer(&pre[n++], false, true, 0, ADI_DP_DPIDR, 0, NULL);
	return n;
}

/* Run a recovery-only batch; returns 0 when every access in it was answered OK. */
static int run_recovery(struct swd_queue_s *q, const struct swd_item_s *pre, unsigned npre)
{
	struct error_s ignored;
	unsigned done = 0, ack = 0;

	return swd_run_batch(q, pre, npre, NULL, 0, &done, &ack, &ignored);
}

static int fail_wait(struct swd_queue_s *q, const struct swd_item_s *it, unsigned waits, struct error_s *err)
{
	struct swd_item_s pre[4];
	unsigned n = resync_prefix(it, pre);
	int rec;

	/* DAPABORT ends the AP transaction that keeps answering WAIT (B2.2.1) */
	swd_make_xfer(&pre[n++], false, false, 0, ADI_DP_ABORT, ADI_DP_ABORT_DAPABORT | ADI_DP_ABORT_ALL_CLR, NULL);
	rec = run_recovery(q, pre, n);
	error_clear(err);
	swd_item_name(it, err->access, sizeof(err->access));
	error_set(err, ADI_ERR_WAIT, "%s answered WAIT %u times in a row; the AP transaction was aborted%s",
		      err->access, waits, rec ? " (and the abort got no answer)" : "");
	swd_queue_reset(q);
	return -1;
}

static int fail_ack(struct swd_queue_s *q, const struct swd_item_s *it, unsigned ack, struct error_s *err)
{
	struct swd_item_s pre[4];
	uint32_t cs = 0;
	unsigned n = (ack == ADI_SWD_ACK_FAULT) ? resync_prefix(it, pre) : 0;
	int rec;

	if (ack != ADI_SWD_ACK_FAULT) {
		/* nobody (or garbage) answered: the target may have lost sync, reset the line */
		pre[n] = (struct swd_item_s){ .kind = SWD_ITEM_SEQ, .seq = seq_line_reset,
					      .nbits = 8 * sizeof(seq_line_reset) };
		n++;
		swd_make_xfer(&pre[n++], false, true, 0, ADI_DP_DPIDR, 0, NULL);
	}
	swd_make_xfer(&pre[n++], false, true, 0, ADI_DP_CTRL_STAT, 0, &cs);
	swd_make_xfer(&pre[n++], false, false, 0, ADI_DP_ABORT, ADI_DP_ABORT_ALL_CLR, NULL);
	rec = run_recovery(q, pre, n);
	error_clear(err);
	swd_item_name(it, err->access, sizeof(err->access));
	if (ack == ADI_SWD_ACK_FAULT) {
		q->st.faults++;
		if (!rec) {
			error_set_reg(err, "CTRL/STAT", false, 0, cs);
			error_set_bits(err, sticky_bit_name(cs));
		}
		error_set(err, ADI_ERR_FAULT, "%s answered FAULT (%s)%s", err->access,
			      rec ? "CTRL/STAT unreadable" : err->bits, rec ? "; recovery got no answer" : "; flags cleared");
	} else {
		error_set(err, ack == ADI_SWD_ACK_NONE ? ADI_ERR_NO_RESPONSE : ADI_ERR_PROTOCOL,
			      "%s got ACK %u%s%s", err->access, ack,
			      ack == ADI_SWD_ACK_NONE ? " (no target drove the line)" : " (not an SWD ACK)",
			      rec ? "; line reset got no answer either" : "");
	}
	swd_queue_reset(q);
	return -1;
}

int swd_execute(struct swd_queue_s *q, struct error_s *err)
{
	struct swd_item_s pre[4];
	unsigned npre = 0, start = 0, waits = 0, wait_at = UINT_MAX;
	struct error_s local;

	if (!err)
		err = &local;
	while (start < q->n) {
		unsigned done = 0, ack = 0;
		if (swd_run_batch(q, pre, npre, q->items + start, q->n - start, &done, &ack, err)) {
			swd_queue_reset(q);
			return -1;
		}
		start += done;
		npre = 0;
		if (start == q->n)
			break;
		const struct swd_item_s *it = &q->items[start];
		if (ack != ADI_SWD_ACK_WAIT)
			return fail_ack(q, it, ack, err);
		waits = (start == wait_at) ? waits + 1 : 1;
		wait_at = start;
		q->st.wait_retries++;
		if (waits > q->wait_budget)
			return fail_wait(q, it, waits, err);
		/* everything after the WAIT got FAULT (overrun detection): clear it and resume */
		npre = resync_prefix(it, pre);
		if (it->orun)
			swd_make_xfer(&pre[npre++], false, false, 0, ADI_DP_ABORT, ADI_DP_ABORT_ORUNERRCLR, NULL);
	}
	q->n = 0;
	q->bits = 0;
	q->ap_in_batch = false;
	return 0;
}
