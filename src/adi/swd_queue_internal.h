/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SWD queue's state, shared by swd_queue.c (queueing, layout) and swd_recover.c (errors). */
#ifndef SRC_ADI_SWD_QUEUE_INTERNAL_H
#define SRC_ADI_SWD_QUEUE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/adi/swd_queue.h"

enum swd_item_kind_e { SWD_ITEM_XFER, SWD_ITEM_SEQ };

struct swd_item_s {
	uint8_t kind;		/* swd_item_kind_e */
	uint8_t req;		/* request byte as sent */
	uint8_t apsel;		/* for naming the access in errors */
	uint8_t reg;		/* AP register address, or DP ADI_DP_REG(bank, A) */
	bool orun;		/* ORUNDETECT is on when this item runs */
	uint16_t nbits;		/* SEQ: length */
	const uint8_t *seq;	/* SEQ: host-driven bits, LSB first (static storage) */
	uint32_t wdata;
	uint32_t *dst;		/* read: where the data on the wire goes (posted: the previous read's) */
};

struct swd_queue_s {
	struct probe_s *probe;
	size_t buf_bytes;
	unsigned cap_bits;		/* bits the queued items may take in one batch */
	uint8_t *dir, *out, *in;
	struct swd_item_s *items;
	unsigned n, max, bits;
	/* the DP as it will be once the queued items have run */
	uint32_t select;
	bool select_valid;
	bool orun;
	bool read_pending;		/* an AP read whose data is still in the DP */
	uint32_t *pending_dst;
	bool check_pending;		/* AP accesses since RDBUFF was last read */
	bool ap_in_batch;		/* the queued batch holds an AP access */
	unsigned wait_budget;
	bool latched;			/* an automatic flush failed: drop requests until the flush */
	struct error_s latched_err;
	struct swd_queue_stats_s st;
};

unsigned swd_item_bits(const struct swd_item_s *it);
void swd_make_xfer(struct swd_item_s *it, bool ap, bool rnw, uint8_t apsel, uint8_t reg, uint32_t wdata,
		   uint32_t *dst);
/* "AP0.DRW write", "DP.CTRL/STAT read" into buf; returns buf. */
char *swd_item_name(const struct swd_item_s *it, char *buf, size_t len);
void swd_queue_push_seq(struct swd_queue_s *q, const uint8_t *bits, unsigned nbits, bool line_reset);
void swd_queue_reset(struct swd_queue_s *q);

int swd_run_batch(struct swd_queue_s *q, const struct swd_item_s *pre, unsigned npre, const struct swd_item_s *items,
		  unsigned nitems, unsigned *done, unsigned *ack, struct error_s *err);
/* Run everything queued, retrying WAITs and recovering from FAULTs; empties the queue. */
int swd_execute(struct swd_queue_s *q, struct error_s *err);

#endif /* SRC_ADI_SWD_QUEUE_INTERNAL_H */
