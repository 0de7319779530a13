// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SW-DP registers and the answer to each request (ADIv5.2 B2, B4.2).
 *
 * Sticky errors: once STICKYERR, STICKYCMP, STICKYORUN or WDATAERR is set, the DP answers
 * FAULT to every AP access and to DP accesses other than reading DPIDR, CTRL/STAT or
 * RESEND and writing ABORT, until ABORT clears the flag (B4.2.3). AP reads are posted:
 * the data of an AP read is the result of the previous one; RDBUFF returns the last.
 */
#include "sim_internal.h"

#define DP_REG_DPIDR_ABORT 0x0
#define DP_REG_CTRL_STAT 0x4
#define DP_REG_RESEND_SELECT 0x8
#define DP_REG_RDBUFF_TARGETSEL 0xC

#define DP_CS_STICKY_ALL (DP_CS_STICKYORUN | DP_CS_STICKYCMP | DP_CS_STICKYERR | DP_CS_WDATAERR)
/* What a host may set through CTRL/STAT; the sticky flags are cleared only through ABORT. */
#define DP_CS_WRITABLE (DP_CS_ORUNDETECT | DP_CS_TRNMODE_MASK | (0xFFFu << 8) /* TRNCNT/MASKLANE */ | \
			DP_CS_CDBGRSTREQ | DP_CS_CDBGPWRUPREQ | DP_CS_CSYSPWRUPREQ)

static bool is_dpv2(const struct sim *s)
{
	return s->board->targetid != 0;
}

void dp_power_on(struct sim *s)
{
	s->dp.reset_state = true;
	s->dp.ctrl_stat = 0;
	s->dp.select = 0;
	s->dp.rdbuff = 0;
	s->dp.dlcr = 0;
}

void dp_line_reset(struct sim *s)
{
	/* The line reset leaves the registers alone; only the protocol restarts (B4.3.3). */
	s->dp.reset_state = true;
}

void dp_set_stickyerr(struct sim *s)
{
	s->dp.ctrl_stat |= DP_CS_STICKYERR;
}

/* CTRL/STAT as read: power-up and reset ACKs follow their requests at once. */
static uint32_t ctrl_stat_value(const struct sim *s)
{
	uint32_t cs = s->dp.ctrl_stat;

	if (cs & DP_CS_CDBGPWRUPREQ)
		cs |= DP_CS_CDBGPWRUPACK;
	if (cs & DP_CS_CSYSPWRUPREQ)
		cs |= DP_CS_CSYSPWRUPACK;
	if (cs & DP_CS_CDBGRSTREQ)
		cs |= DP_CS_CDBGRSTACK;
	return cs;
}

static uint32_t dp_read_reg(struct sim *s, unsigned a)
{
	unsigned bank = s->dp.select & 0xF;

	switch (a) {
	case DP_REG_DPIDR_ABORT:
		return s->board->dpidr;
	case DP_REG_CTRL_STAT:
		if (bank == 0)
			return ctrl_stat_value(s);
		if (bank == 1)
			return s->dp.dlcr;
		if (bank == 2 && is_dpv2(s))
			return s->board->targetid;
		if (bank == 3 && is_dpv2(s))
			return 0x00000001;	/* DLPIDR: PROTVSN 1, TINSTANCE 0 */
		return 0;
	case DP_REG_RESEND_SELECT:
		return s->dp.rdbuff;	/* RESEND: the last read's data again */
	default:
		return s->dp.rdbuff;	/* RDBUFF */
	}
}

/* Requests that may go through while a sticky flag is set. */
static bool allowed_when_sticky(bool apndp, bool rnw, unsigned a)
{
	if (apndp)
		return false;
	if (rnw)
		return a == DP_REG_DPIDR_ABORT || a == DP_REG_CTRL_STAT || a == DP_REG_RESEND_SELECT;
	return a == DP_REG_DPIDR_ABORT;
}

/* WAIT or FAULT given while overrun detection is on: every later access faults. */
static unsigned refuse(struct sim *s, unsigned ack)
{
	if (s->dp.ctrl_stat & DP_CS_ORUNDETECT)
		s->dp.ctrl_stat |= DP_CS_STICKYORUN;
	return ack;
}

static unsigned ap_read_posted(struct sim *s, uint32_t *rdata, unsigned a)
{
	unsigned apsel = s->dp.select >> 24;
	unsigned addr = (s->dp.select & 0xF0) | a;
	uint32_t val = 0;

	*rdata = s->dp.rdbuff;	/* posted: this transaction returns the previous result */
	if (ap_read(s, apsel, addr, &val)) {
		dp_set_stickyerr(s);
		s->dp.ctrl_stat &= ~DP_CS_READOK;
		s->dp.rdbuff = 0;
	} else {
		s->dp.ctrl_stat |= DP_CS_READOK;
		s->dp.rdbuff = val;
	}
	s->timing.ap_transfers++;
	return SWD_ACK_OK;
}

unsigned dp_request(struct sim *s, bool apndp, bool rnw, unsigned a, uint32_t *rdata)
{
	struct sim_dp_s *dp = &s->dp;

	if (dp->reset_state) {
		/* Only a DPIDR read (or a TARGETSEL write, which is never acknowledged) leaves it. */
		if (!apndp && rnw && a == DP_REG_DPIDR_ABORT) {
			dp->reset_state = false;
			*rdata = s->board->dpidr;
			return SWD_ACK_OK;
		}
		return 0;
	}
	if (!apndp && !rnw && a == DP_REG_RDBUFF_TARGETSEL && is_dpv2(s))
		return 0;	/* TARGETSEL: the target never drives an ACK for it */
	if ((dp->ctrl_stat & DP_CS_STICKY_ALL) && !allowed_when_sticky(apndp, rnw, a))
		return refuse(s, SWD_ACK_FAULT);
	if (apndp) {
		unsigned ack = sim_faults_ap_ack(s);
		if (ack == SWD_ACK_FAULT)
			dp_set_stickyerr(s);	/* an injected bus error: the flag is set, the access refused */
		if (ack != SWD_ACK_OK)
			return refuse(s, ack);
	}
	if (!rnw)
		return SWD_ACK_OK;	/* the write happens once its data has arrived */
	if (apndp)
		return ap_read_posted(s, rdata, a);
	*rdata = dp_read_reg(s, a);
	return SWD_ACK_OK;
}

static void dp_write_reg(struct sim *s, unsigned a, uint32_t v)
{
	struct sim_dp_s *dp = &s->dp;

	switch (a) {
	case DP_REG_DPIDR_ABORT:
		if (v & DP_ABORT_STKCMPCLR)
			dp->ctrl_stat &= ~DP_CS_STICKYCMP;
		if (v & DP_ABORT_STKERRCLR)
			dp->ctrl_stat &= ~DP_CS_STICKYERR;
		if (v & DP_ABORT_WDERRCLR)
			dp->ctrl_stat &= ~DP_CS_WDATAERR;
		if (v & DP_ABORT_ORUNERRCLR)
			dp->ctrl_stat &= ~DP_CS_STICKYORUN;
		break;
	case DP_REG_CTRL_STAT:
		if ((dp->select & 0xF) == 0)
			dp->ctrl_stat = (dp->ctrl_stat & ~DP_CS_WRITABLE) | (v & DP_CS_WRITABLE);
		else if ((dp->select & 0xF) == 1)
			dp->dlcr = v & 0x300;	/* DLCR.TURNROUND; only 1 cycle is modeled */
		break;
	case DP_REG_RESEND_SELECT:
		dp->select = v;
		break;
	case DP_REG_RDBUFF_TARGETSEL:
		/* TARGETSEL: a single-drop DP selects itself when the ID matches; otherwise it
		 * would deselect. Multi-drop is not modeled. */
		break;
	}
}

void dp_write_data(struct sim *s, bool apndp, unsigned a, uint32_t wdata, bool parity_ok)
{
	if (!parity_ok) {
		s->dp.ctrl_stat |= DP_CS_WDATAERR;	/* the write is discarded (B4.2.4) */
		return;
	}
	if (!apndp) {
		dp_write_reg(s, a, wdata);
		return;
	}
	unsigned apsel = s->dp.select >> 24;
	if (ap_write(s, apsel, (s->dp.select & 0xF0) | a, wdata))
		dp_set_stickyerr(s);
	s->timing.ap_transfers++;
}
