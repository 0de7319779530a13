/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explaining a fault as text: CFSR/HFSR/MMFAR/BFAR bit by bit (ARMv7-M B3.2.15-B3.2.18,
 * ARMv8-M D1.2), the PC the exception entry stacked, and Thumb code around an address
 * (capstone). Shared by `monitor fault` / `monitor disasm` and the loader's failure reports.
 */
#ifndef SRC_TARGET_CORTEXM_FAULT_H
#define SRC_TARGET_CORTEXM_FAULT_H

#include <stddef.h>
#include <stdint.h>

#include "src/target/cortexm.h"

struct cortexm_fault_s {
	uint32_t cfsr, hfsr, mmfar, bfar;
};

int cortexm_fault_read(struct cortexm_s *t, struct cortexm_fault_s *fs);
/* One line per set bit ("  bit  9 PRECISERR    BusFault: ..."), then MMFAR/BFAR when valid. */
size_t cortexm_fault_describe(const struct cortexm_fault_s *fs, char *buf, size_t len);
/* In a handler: the stacked PC and where the frame is (a sentence into where). 0 or -1. */
int cortexm_fault_stacked_pc(struct cortexm_s *t, uint32_t *pc, char *where, size_t len);
/* n instructions from addr, one per line, "=> " marking mark; -1 when addr cannot be read. */
int cortexm_disasm(struct cortexm_s *t, uint32_t addr, unsigned n, uint32_t mark, char *buf, size_t len);

#endif
