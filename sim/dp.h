/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ADIv5 SW-DP registers (DPv1 on Cortex-M4 parts, DPv2 on v8-M parts): DPIDR, ABORT,
 * CTRL/STAT with the power-up handshake and sticky flags, SELECT, RDBUFF with posted AP
 * reads, TARGETID/DLPIDR on DPv2.
 */
#ifndef SIM_DP_H
#define SIM_DP_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

/* SWD ACK values as sent on the wire (LSB first) */
#define SWD_ACK_OK 1u
#define SWD_ACK_WAIT 2u
#define SWD_ACK_FAULT 4u

/* CTRL/STAT bits */
#define DP_CS_ORUNDETECT (1u << 0)
#define DP_CS_STICKYORUN (1u << 1)
#define DP_CS_TRNMODE_MASK (3u << 2)
#define DP_CS_STICKYCMP (1u << 4)
#define DP_CS_STICKYERR (1u << 5)
#define DP_CS_READOK (1u << 6)
#define DP_CS_WDATAERR (1u << 7)
#define DP_CS_CDBGRSTREQ (1u << 26)
#define DP_CS_CDBGRSTACK (1u << 27)
#define DP_CS_CDBGPWRUPREQ (1u << 28)
#define DP_CS_CDBGPWRUPACK (1u << 29)
#define DP_CS_CSYSPWRUPREQ (1u << 30)
#define DP_CS_CSYSPWRUPACK (1u << 31)

/* ABORT bits */
#define DP_ABORT_DAPABORT (1u << 0)
#define DP_ABORT_STKCMPCLR (1u << 1)
#define DP_ABORT_STKERRCLR (1u << 2)
#define DP_ABORT_WDERRCLR (1u << 3)
#define DP_ABORT_ORUNERRCLR (1u << 4)

struct sim_dp_s {
	bool reset_state;	/* after a line reset, until DPIDR is read (or TARGETSEL written) */
	uint32_t ctrl_stat;	/* writable and sticky bits; ACKs are derived from REQs */
	uint32_t select;
	uint32_t rdbuff;	/* result of the last AP read (posted) */
	uint32_t dlcr;
};

void dp_power_on(struct sim *s);
void dp_line_reset(struct sim *s);

/*
 * The target's answer to one SWD request (ACK), and for an OK read its data. For writes
 * the data is delivered later through dp_write_data() once its parity is known.
 * Returns the ACK to send; 0 means "do not respond" (e.g. locked out after a line reset).
 */
unsigned dp_request(struct sim *s, bool apndp, bool rnw, unsigned a32, uint32_t *rdata);

/* The data phase of a write that was ACKed OK; parity_ok false sets WDATAERR. */
void dp_write_data(struct sim *s, bool apndp, unsigned a32, uint32_t wdata, bool parity_ok);

/* A MEM-AP bus error: sets STICKYERR (called by the MEM-AP model). */
void dp_set_stickyerr(struct sim *s);

#endif
