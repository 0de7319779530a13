// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SW-DP: connect, register access, sticky flags, AP discovery (ADIv5.2 B2, B4, C1).
 */
#include <stdio.h>
#include <string.h>

#include "src/adi/adi_regs.h"
#include "src/adi/dp.h"
#include "src/probe/probe.h"

int adi_dp_init(struct adi_dp_s *dp, struct probe_s *probe, struct error_s *err)
{
	memset(dp, 0, sizeof(*dp));
	dp->probe = probe;
	dp->q = swd_queue_new(probe);
	if (!dp->q)
		return error_set(err, ADI_ERR_ARG, "cannot set up the SWD queue (probe buffer %u bits)",
				     probe->swd_buffer_bits);
	return 0;
}

void adi_dp_cleanup(struct adi_dp_s *dp)
{
	swd_queue_free(dp->q);
	dp->q = NULL;
}

int adi_dp_flush(struct adi_dp_s *dp, struct error_s *err)
{
	return swd_queue_flush(dp->q, err);
}

int adi_dp_read(struct adi_dp_s *dp, uint8_t reg, uint32_t *val, struct error_s *err)
{
	swd_queue_dp_read(dp->q, reg, val);
	return swd_queue_flush(dp->q, err);
}

int adi_dp_write(struct adi_dp_s *dp, uint8_t reg, uint32_t val, struct error_s *err)
{
	swd_queue_dp_write(dp->q, reg, val);
	return swd_queue_flush(dp->q, err);
}

int adi_ap_read(struct adi_dp_s *dp, uint8_t apsel, uint8_t reg, uint32_t *val, struct error_s *err)
{
	swd_queue_ap_read(dp->q, apsel, reg, val);
	return swd_queue_flush(dp->q, err);
}

int adi_ap_write(struct adi_dp_s *dp, uint8_t apsel, uint8_t reg, uint32_t val, struct error_s *err)
{
	swd_queue_ap_write(dp->q, apsel, reg, val);
	return swd_queue_flush(dp->q, err);
}

int adi_dp_clear_sticky(struct adi_dp_s *dp, uint32_t *ctrl_stat, struct error_s *err)
{
	uint32_t cs = 0;

	swd_queue_dp_read(dp->q, ADI_DP_CTRL_STAT, &cs);
	swd_queue_dp_write(dp->q, ADI_DP_ABORT, ADI_DP_ABORT_ALL_CLR);
	if (swd_queue_flush(dp->q, err))
		return -1;
	if (ctrl_stat)
		*ctrl_stat = cs;
	return 0;
}

/* One selection attempt: the sequence, then DPIDR, which also leaves the reset state (B4.3.3). */
static int try_select(struct adi_dp_s *dp, bool dormant, struct error_s *err)
{
	swd_queue_invalidate(dp->q);
	if (dormant)
		swd_queue_dormant_to_swd(dp->q);
	else
		swd_queue_jtag_to_swd(dp->q);
	swd_queue_dp_read(dp->q, ADI_DP_DPIDR, &dp->dpidr);
	return swd_queue_flush(dp->q, err);
}

static int read_identity(struct adi_dp_s *dp, struct error_s *err)
{
	/* DPIDR bit 0 is RAO; a DPIDR of all ones or zeros is a floating line, not a DP */
	if (!(dp->dpidr & 1) || dp->dpidr == 0xFFFFFFFFu)
		return error_set(err, ADI_ERR_NO_DP, "DPIDR read 0x%08x, which no SW-DP returns", dp->dpidr);
	dp->version = (dp->dpidr & ADI_DP_DPIDR_VERSION_MASK) >> ADI_DP_DPIDR_VERSION_SHIFT;
	if (dp->version < 2)
		return 0;
	swd_queue_dp_read(dp->q, ADI_DP_TARGETID, &dp->targetid);
	swd_queue_dp_read(dp->q, ADI_DP_DLPIDR, &dp->dlpidr);
	return swd_queue_flush(dp->q, err);
}

/* Power-up handshake (B2.4.2): request both domains, poll until both ACKs follow. */
static int power_up(struct adi_dp_s *dp, struct error_s *err)
{
	const uint32_t req = ADI_DP_CTRL_STAT_CDBGPWRUPREQ | ADI_DP_CTRL_STAT_CSYSPWRUPREQ;
	const uint32_t ack = ADI_DP_CTRL_STAT_CDBGPWRUPACK | ADI_DP_CTRL_STAT_CSYSPWRUPACK;

	swd_queue_dp_write(dp->q, ADI_DP_ABORT, ADI_DP_ABORT_ALL_CLR);
	/* overrun detection keeps every transfer 46 cycles long whatever its ACK (B4.2.4) */
	swd_queue_dp_write(dp->q, ADI_DP_CTRL_STAT, req | ADI_DP_CTRL_STAT_ORUNDETECT);
	for (unsigned poll = 0; poll < ADI_DP_POWERUP_POLLS; poll++) {
		swd_queue_dp_read(dp->q, ADI_DP_CTRL_STAT, &dp->ctrl_stat);
		if (swd_queue_flush(dp->q, err))
			return -1;
		if ((dp->ctrl_stat & ack) == ack)
			return 0;
	}
	error_clear(err);
	if (err) {
		snprintf(err->access, sizeof(err->access), "DP.CTRL/STAT read");
		error_set_reg(err, "CTRL/STAT", false, 0, dp->ctrl_stat);
		error_set_bits(err, (dp->ctrl_stat & ADI_DP_CTRL_STAT_CDBGPWRUPACK) ? "CSYSPWRUPACK" : "CDBGPWRUPACK");
	}
	return error_set(err, ADI_ERR_POWERUP, "power-up request not acknowledged after %u polls",
			     ADI_DP_POWERUP_POLLS);
}

int adi_dp_connect(struct adi_dp_s *dp, struct error_s *err)
{
	struct error_s first;

	dp->woke_from_dormant = false;
	if (try_select(dp, false, &first)) {
		/* a DPv2 target may sleep in the dormant state, where only the alert wakes it (B5.3) */
		if (try_select(dp, true, err))
			return error_set(err, ADI_ERR_NO_DP,
					     "no SW-DP answered JTAG-to-SWD or the dormant wake-up (%s); check "
					     "wiring, target power and reset", first.msg);
		dp->woke_from_dormant = true;
	}
	if (read_identity(dp, err))
		return -1;
	return power_up(dp, err);
}

/* ---- AP discovery (C1.2, C2.5.4) ---- */

const char *adi_ap_type_name(uint32_t idr)
{
	static const char *const memap[] = {
		[0] = "MEM-AP", [1] = "AHB-AP", [2] = "APB2/3-AP", [4] = "AXI3/4-AP",
		[5] = "AHB5-AP", [6] = "APB4/5-AP", [7] = "AXI5-AP", [8] = "AHB5-AP (HPROT)",
	};
	unsigned cls = (idr & ADI_AP_IDR_CLASS_MASK) >> ADI_AP_IDR_CLASS_SHIFT;
	unsigned type = idr & ADI_AP_IDR_TYPE_MASK;

	if (idr == 0)
		return "none";
	if (cls == ADI_AP_IDR_CLASS_MEMAP)
		return type < sizeof(memap) / sizeof(memap[0]) && memap[type] ? memap[type] : "MEM-AP";
	if (cls == 0 && type == 0)
		return "JTAG-AP";
	return "AP";
}

int adi_dp_scan_aps(struct adi_dp_s *dp, unsigned limit, struct adi_ap_info_s *aps, unsigned max, unsigned *count,
		    struct error_s *err)
{
	uint32_t idr[ADI_DP_MAX_APS];
	unsigned n = 0;

	if (limit > ADI_DP_MAX_APS)
		limit = ADI_DP_MAX_APS;
	for (unsigned a = 0; a < limit; a++)
		swd_queue_ap_read(dp->q, (uint8_t)a, ADI_AP_IDR, &idr[a]);
	if (swd_queue_flush(dp->q, err))
		return -1;
	for (unsigned a = 0; a < limit && n < max; a++) {
		if (!idr[a])
			continue;	/* a missing AP reads IDR as zero (C2.5.4) */
		struct adi_ap_info_s *ap = &aps[n++];
		memset(ap, 0, sizeof(*ap));
		ap->apsel = (uint8_t)a;
		ap->idr = idr[a];
		ap->is_memap = ((idr[a] & ADI_AP_IDR_CLASS_MASK) >> ADI_AP_IDR_CLASS_SHIFT) == ADI_AP_IDR_CLASS_MEMAP;
		if (ap->is_memap) {
			swd_queue_ap_read(dp->q, ap->apsel, ADI_MEMAP_BASE, &ap->base);
			swd_queue_ap_read(dp->q, ap->apsel, ADI_MEMAP_CFG, &ap->cfg);
		}
	}
	*count = n;
	return swd_queue_flush(dp->q, err);
}
