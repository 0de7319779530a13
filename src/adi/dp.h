/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SW-DP (ADIv5.2 B2, B4): connecting (line sequences, DPIDR, power-up handshake),
 * single DP/AP register accesses, sticky-flag clearing and AP discovery by IDR.
 *
 * Everything goes through one swd_queue_s; callers that want batching queue through
 * adi_dp_queue(dp) and call adi_dp_flush() once.
 */
#ifndef SRC_ADI_DP_H
#define SRC_ADI_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "src/error/error.h"
#include "src/adi/swd_queue.h"

struct probe_s;

/* Power-up: CTRL/STAT polls before giving up (each poll is one probe command). */
#define ADI_DP_POWERUP_POLLS 100u
/* The AP scan reads every APSEL up to this (ADIv5.2 allows 256 APs, sparsely). */
#define ADI_DP_MAX_APS 256u

struct adi_dp_s {
	struct probe_s *probe;
	struct swd_queue_s *q;
	uint32_t dpidr;
	unsigned version;	/* DPIDR.VERSION: 1 = DPv1, 2 = DPv2 */
	uint32_t targetid;	/* DPv2 only */
	uint32_t dlpidr;	/* DPv2 only */
	uint32_t ctrl_stat;	/* as last read by connect */
	bool woke_from_dormant;	/* the JTAG-to-SWD sequence got no answer, the dormant wake-up did */
};

struct adi_ap_info_s {
	uint8_t apsel;
	uint32_t idr;
	bool is_memap;
	uint32_t base;		/* MEM-AP BASE (debug ROM table pointer) */
	uint32_t cfg;		/* MEM-AP CFG */
};

/* Attach to a probe (allocates the queue). Returns 0 or -1 with err set. */
int adi_dp_init(struct adi_dp_s *dp, struct probe_s *probe, struct error_s *err);
void adi_dp_cleanup(struct adi_dp_s *dp);

/*
 * Select SWD (JTAG-to-SWD, then the dormant wake-up if nothing answered), read DPIDR (and
 * TARGETID/DLPIDR on DPv2), clear sticky flags, request debug and system power-up with
 * overrun detection on, and wait for both ACKs.
 */
int adi_dp_connect(struct adi_dp_s *dp, struct error_s *err);

/* Single accesses, each one probe command (reg as in swd_queue.h). */
int adi_dp_read(struct adi_dp_s *dp, uint8_t reg, uint32_t *val, struct error_s *err);
int adi_dp_write(struct adi_dp_s *dp, uint8_t reg, uint32_t val, struct error_s *err);
int adi_ap_read(struct adi_dp_s *dp, uint8_t apsel, uint8_t reg, uint32_t *val, struct error_s *err);
int adi_ap_write(struct adi_dp_s *dp, uint8_t apsel, uint8_t reg, uint32_t val, struct error_s *err);

/* Batching: queue on adi_dp_queue(dp), then flush once. */
static inline struct swd_queue_s *adi_dp_queue(struct adi_dp_s *dp)
{
	return dp->q;
}
int adi_dp_flush(struct adi_dp_s *dp, struct error_s *err);

/* Read CTRL/STAT and clear any sticky flag through ABORT; *ctrl_stat gets the value before. */
int adi_dp_clear_sticky(struct adi_dp_s *dp, uint32_t *ctrl_stat, struct error_s *err);

/* Read IDR of APSEL 0..limit-1; fill aps[] with the ones that exist (IDR != 0). */
int adi_dp_scan_aps(struct adi_dp_s *dp, unsigned limit, struct adi_ap_info_s *aps, unsigned max, unsigned *count,
		    struct error_s *err);

/* "AHB5-AP (MEM-AP)" etc. from an IDR. */
const char *adi_ap_type_name(uint32_t idr);

#endif /* SRC_ADI_DP_H */
