/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SWD transfer queue: DP and AP transactions are queued, then packed into as few probe
 * commands as the probe's buffer allows (one probe_swd_io per batch), the way OpenOCD's
 * jlink driver and `struct dap_ops` queue and run (style.md item 11).
 *
 * What the queue takes care of, so callers do not:
 *  - the SWD packet layout and the J-Link sampling shift (a target-driven bit is reported
 *    one position earlier: ACK at request+8, data at +11, parity at +43);
 *  - SELECT: written only when APSEL/APBANKSEL/DPBANKSEL change (ADIv5.2 B2.2.9);
 *  - posted AP reads (B4.2.5): an AP read returns the previous AP read's data, so each
 *    result is routed to the right destination and the last one collected from RDBUFF;
 *  - WAIT (B4.2.4): retried with a bounded budget. With CTRL/STAT.ORUNDETECT set (the DP
 *    layer sets it at connect) every access after a WAIT in a batch gets FAULT and has no
 *    effect, so the batch is resumed at the access that got WAIT after ABORT.ORUNERRCLR.
 *    Until then, accesses after a WAIT would still run, so each AP access ends its batch
 *    and the line is resynchronised (line reset, DPIDR) before the retry;
 *  - FAULT (B4.2.3): CTRL/STAT is read to name the sticky flag, ABORT clears it, and the
 *    error names the access; the session goes on with the next operation.
 *
 * Destinations of queued reads must stay valid until swd_queue_flush() returns. After an
 * error inside an automatic flush the queue drops further requests until the caller's
 * swd_queue_flush(), which reports that error.
 */
#ifndef SRC_ADI_SWD_QUEUE_H
#define SRC_ADI_SWD_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "src/error/error.h"
#include "src/adi/adi_regs.h"

struct probe_s;
struct swd_queue_s;

/* A banked DP register for the DP access functions: bank in bits 7:4, A[3:2] in 3:0. */
#define ADI_DP_REG(bank, addr) ((uint8_t)(((bank) << 4) | (addr)))
#define ADI_DP_TARGETID ADI_DP_REG(ADI_DP_BANK_TARGETID, 0x4)
#define ADI_DP_DLPIDR ADI_DP_REG(ADI_DP_BANK_DLPIDR, 0x4)

/* Consecutive WAITs on one access before giving up; each retry costs one probe command. */
#define SWD_QUEUE_WAIT_BUDGET_DEFAULT 128u

struct swd_queue_stats_s {
	uint64_t batches;	/* probe commands issued */
	uint64_t bits;		/* SWD cycles clocked */
	uint64_t transfers;	/* SWD transactions (including recovery) */
	uint64_t wait_retries;
	uint64_t faults;
};

struct swd_queue_s *swd_queue_new(struct probe_s *probe);
void swd_queue_free(struct swd_queue_s *q);

void swd_queue_set_wait_budget(struct swd_queue_s *q, unsigned retries);
void swd_queue_get_stats(const struct swd_queue_s *q, struct swd_queue_stats_s *st);

/* DP accesses; reg is A[3:2] (ADI_DP_*) or a banked ADI_DP_REG(bank, 0x4). */
void swd_queue_dp_read(struct swd_queue_s *q, uint8_t reg, uint32_t *dst);
void swd_queue_dp_write(struct swd_queue_s *q, uint8_t reg, uint32_t value);
/* AP accesses; reg is the full 8-bit AP register address (bank and A[3:2]). */
void swd_queue_ap_read(struct swd_queue_s *q, uint8_t apsel, uint8_t reg, uint32_t *dst);
void swd_queue_ap_write(struct swd_queue_s *q, uint8_t apsel, uint8_t reg, uint32_t value);

/* Line sequences (ADIv5.2 B4.3.3, B5.2.2, B5.3); the DP must then be read (DPIDR) to leave reset. */
void swd_queue_line_reset(struct swd_queue_s *q);
void swd_queue_jtag_to_swd(struct swd_queue_s *q);
void swd_queue_swd_to_dormant(struct swd_queue_s *q);
void swd_queue_dormant_to_swd(struct swd_queue_s *q);
void swd_queue_idle(struct swd_queue_s *q, unsigned cycles);

/* Run everything queued, collect posted reads, and check that the last write completed. */
int swd_queue_flush(struct swd_queue_s *q, struct error_s *err);

/*
 * Forget what is known of the DP (SELECT, ORUNDETECT) before a (re)connect: until CTRL/STAT
 * is written again, WAIT/FAULT are recovered by a line reset instead of ABORT.
 */
void swd_queue_invalidate(struct swd_queue_s *q);

/* Whether CTRL/STAT.ORUNDETECT is (or will be, once queued writes run) set. */
bool swd_queue_orundetect(const struct swd_queue_s *q);

#endif /* SRC_ADI_SWD_QUEUE_H */
