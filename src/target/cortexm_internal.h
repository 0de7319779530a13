/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by src/target/cortexm*.c only. */
#ifndef SRC_TARGET_CORTEXM_INTERNAL_H
#define SRC_TARGET_CORTEXM_INTERNAL_H

#include <stdarg.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm.h"

#define DHCSR_KEY (SCS_DHCSR_DBGKEY << 16)	/* every DHCSR write carries it */

/* Record an error of our own (not from the ADI layer); returns -1. */
int cortexm_fail(struct cortexm_s *t, enum error_code_e code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* cortexm_regs.c: write back registers changed through the cache. */
int cortexm_flush_regs(struct cortexm_s *t);
/*
 * Writes queued straight to the core, without reading the register file first (the cache
 * is dropped): whole-word registers, and CORTEXM_PRIMASK standing for the packed
 * CONTROL/FAULTMASK/BASEPRI/PRIMASK word. dhcsr[i] receives DHCSR after write i (S_REGRDY)
 * when the queue is flushed.
 */
void cortexm_queue_reg_writes(struct cortexm_s *t, const unsigned *regs, const uint32_t *vals, unsigned n,
			      uint32_t *dhcsr);

/* cortexm_points.c */
int cortexm_points_discover(struct cortexm_s *t);
int cortexm_watch_hit(struct cortexm_s *t);		/* which DWT comparator fired */
int cortexm_step_over_prepare(struct cortexm_s *t);	/* lift a breakpoint at PC before a step */
int cortexm_step_over_finish(struct cortexm_s *t);

#endif
