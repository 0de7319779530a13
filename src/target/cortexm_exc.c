// SPDX-License-Identifier: GPL-2.0-or-later
/* The exception state of a core as text (cortexm_exc.h). */
#include <stdio.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm_exc.h"

#define NVIC_ICTR_ADDR 0xE000E004u
#define NVIC_ISPR0_ADDR 0xE000E200u
#define NVIC_MAX_WORDS 16u		/* ICTR.INTLINESNUM 0..15: up to 496 interrupts */
#define ICSR_VECTPENDING(v) (((v) >> 12) & 0x1FFu)
#define ICSR_ISRPENDING (1u << 22)
#define IPSR_MASK 0x1FFu
#define EXC_IRQ0 16u
#define LISTED_MAX 8u			/* pending interrupts named one by one */

int cortexm_exc_state_read(struct cortexm_s *t, struct cortexm_exc_state_s *st)
{
	uint32_t xpsr;

	if (cortexm_read_reg(t, CORTEXM_XPSR, &xpsr) || cortexm_read_u32(t, SCS_ICSR_ADDR, &st->icsr))
		return -1;
	st->active = xpsr & IPSR_MASK;
	st->pending = ICSR_VECTPENDING(st->icsr);
	return 0;
}

const char *cortexm_exc_name(unsigned exc, char *buf, size_t len)
{
	static const char *const names[EXC_IRQ0] = {
		[1] = "Reset", [2] = "NMI", [3] = "HardFault", [4] = "MemManage", [5] = "BusFault",
		[6] = "UsageFault", [7] = "SecureFault", [11] = "SVCall", [12] = "DebugMonitor",
		[14] = "PendSV", [15] = "SysTick",
	};

	if (exc >= EXC_IRQ0)
		snprintf(buf, len, "IRQ %u", exc - EXC_IRQ0);
	else
		snprintf(buf, len, "%s", names[exc] ? names[exc] : "reserved");
	return buf;
}

#define ROOM (n < len ? len - n : 0)
#define AT (buf + (n < len ? n : len))

/* "NVIC ISPR: IRQ 4, IRQ 37" from the ISPR words ICTR says exist; nothing when unreadable. */
static size_t nvic_pending(struct cortexm_s *t, char *buf, size_t len)
{
	uint32_t ictr, w;
	unsigned listed = 0, more = 0;
	size_t n = 0;

	if (cortexm_read_u32(t, NVIC_ICTR_ADDR, &ictr))
		return 0;
	unsigned words = (ictr & 0xFu) + 1u;
	n += (size_t)snprintf(AT, ROOM, "NVIC ISPR (interrupts pending):");
	for (unsigned i = 0; i < words && i < NVIC_MAX_WORDS; i++) {
		if (cortexm_read_u32(t, NVIC_ISPR0_ADDR + 4u * i, &w))
			break;
		for (; w; w &= w - 1) {
			if (listed++ < LISTED_MAX)
				n += (size_t)snprintf(AT, ROOM, " IRQ %u", 32u * i + (unsigned)__builtin_ctz(w));
			else
				more++;
		}
	}
	if (more)
		n += (size_t)snprintf(AT, ROOM, " and %u more", more);
	n += (size_t)snprintf(AT, ROOM, "%s\n", listed ? "" : " none");
	return n;
}

size_t cortexm_exc_state_describe(struct cortexm_s *t, const struct cortexm_exc_state_s *st, char *buf, size_t len)
{
	char a[16], p[16];
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	if (st->active)
		n += (size_t)snprintf(AT, ROOM, "the core is in the handler of exception %u (%s, IPSR)", st->active,
				      cortexm_exc_name(st->active, a, sizeof(a)));
	else
		n += (size_t)snprintf(AT, ROOM, "the core is in Thread mode (IPSR 0)");
	if (st->pending)
		n += (size_t)snprintf(AT, ROOM, " with exception %u (%s) pending (ICSR 0x%08x, VECTPENDING)\n",
				      st->pending, cortexm_exc_name(st->pending, p, sizeof(p)), st->icsr);
	else
		n += (size_t)snprintf(AT, ROOM, ", no exception pending (ICSR 0x%08x)\n", st->icsr);
	n += nvic_pending(t, AT, ROOM);
	/* One halt cannot tell a storm (the pending bit may be between two assertions): the
	 * user can, from several halts that all find the core in a handler. */
	if (st->active)
		n += (size_t)snprintf(AT, ROOM,
				      "if every halt finds the core in a handler, it may be stuck in an interrupt storm: "
				      "an interrupt pending again as soon as its handler returns (clear its source in the "
				      "handler; a SysTick RELOAD shorter than the handler does it too)\n");
	return n;
}
