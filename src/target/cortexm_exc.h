/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The exception state of a core as text, from registers every Cortex-M has (so it reads
 * the same on silicon as on a virtual board): IPSR (the exception whose handler runs),
 * ICSR.VECTPENDING/ISRPENDING (ARMv7-M B3.2.4) and the NVIC's ISPR words (B3.4.6), sized
 * by ICTR. What `monitor fault` and an interrupted stop print, so that a core stuck in an
 * interrupt storm (an interrupt pending again as soon as its handler returns) shows it.
 */
#ifndef SRC_TARGET_CORTEXM_EXC_H
#define SRC_TARGET_CORTEXM_EXC_H

#include <stddef.h>
#include <stdint.h>

#include "src/target/cortexm.h"

struct cortexm_exc_state_s {
	unsigned active;	/* IPSR: 0 in Thread mode */
	unsigned pending;	/* ICSR.VECTPENDING: 0 when nothing enabled is pending */
	uint32_t icsr;
};

/* Reads IPSR (the core must be halted) and ICSR; 0 or -1. */
int cortexm_exc_state_read(struct cortexm_s *t, struct cortexm_exc_state_s *st);
/* "Reset", "HardFault", ..., "IRQ 4" */
const char *cortexm_exc_name(unsigned exc, char *buf, size_t len);
/*
 * One paragraph: the handler the core is in (or Thread mode), the exception pending next,
 * the interrupts pending in the NVIC, and, in a handler, what a storm looks like.
 * Returns the length written (snprintf-style).
 */
size_t cortexm_exc_state_describe(struct cortexm_s *t, const struct cortexm_exc_state_s *st, char *buf, size_t len);

#endif
