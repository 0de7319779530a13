// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Unicorn instance the CPU runs on, and the code it translates: kept true to memory,
 * and bounded.
 *
 * Unicorn 2.0.1 (QEMU 5) reserves a 1 GB code buffer (its default; 2.0.1 has no call to
 * change it) and fills it from the start. Dropping a translation (uc_ctl_remove_cache)
 * does not give its space back; only a full flush (tb_flush, which Unicorn also does by
 * itself when the buffer is full) starts the buffer over, and it first writes zeros over
 * all of it, so the process then holds 1 GB and spends seconds doing it. Hence:
 *
 * - No full flush, ever. When every translation must go (the data hook came or went, a
 *   region's access changed) they are dropped region by region.
 * - When memory may have changed behind the CPU (the debugger resumes it, a reset), only
 *   translations of bytes that changed are dropped. Unicorn reports each block it
 *   translates (UC_HOOK_EDGE_GENERATED), and the bytes it was translated from are kept
 *   per 1 KB page (Unicorn's ARM page, the unit it invalidates by); a page whose bytes
 *   differ now is dropped, the others keep their code. A RAM routine written again with
 *   the same bytes (qCRC, a flash loader) is therefore not translated again.
 * - The code buffer's use is estimated from the blocks reported (CORE_TCG_BLOCK_BYTES +
 *   CORE_TCG_INSN_BYTES per instruction; with the per-instruction hook a 5-instruction
 *   block was measured at about 1 KB, a third below the estimate). Past the budget (CORE_TCG_BUDGET_BYTES, or
 *   RSPFLASH_SIM_CODE_BUDGET_KB) a fresh Unicorn instance replaces the old one at the start
 *   of the next run slice: the memory is the board's own buffers, the CPU registers are
 *   carried over (core_tcg_renew), and closing the old instance gives its buffer back.
 *
 * Host memory, then: the code buffer's resident part stays near the budget (32 MB by
 * default), and the recorded bytes take at most CORE_TCG_MAX_PAGES x 1.2 KB (2.3 MB); past
 * that many pages a block is not recorded, and the next resume drops every translation.
 *
 * What the renewal does not carry: the exclusive monitor (a STREX right after it fails,
 * which software retries, as after an exception) and the Non-secure state of an ARMv8-M
 * core (Unicorn 2.0.1 runs Secure code only; see core_regs.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core_private.h"

#define CORE_TCG_PAGE 1024u		/* Unicorn's ARM target page */
#define CORE_TCG_MAX_PAGES 2048u	/* pages tracked: 2 MB of code, about 2.3 MB of host memory */
#define CORE_TCG_BUDGET_BYTES (32u << 20)
#define CORE_TCG_BLOCK_BYTES 256u
#define CORE_TCG_INSN_BYTES 192u
/* A block never spans more than its page and the 2 bytes of a 32-bit instruction after it. */
#define CORE_TCG_BLOCK_SPAN (CORE_TCG_PAGE + 2u)

/* The bytes Unicorn translated in one page, as they were then. */
struct core_code_page_s {
	uint32_t base;
	bool stale;				/* the same bytes were translated with different values */
	uint8_t used[CORE_TCG_PAGE / 8];	/* bit per byte: translated */
	uint8_t bytes[CORE_TCG_PAGE];
};

static uint64_t code_budget(void)
{
	const char *e = getenv("RSPFLASH_SIM_CODE_BUDGET_KB");
	char *end;
	unsigned long long kb = e ? strtoull(e, &end, 10) : 0;

	if (!e || !*e || *end || kb == 0 || kb > (4ull << 20))
		return CORE_TCG_BUDGET_BYTES;
	return (uint64_t)kb * 1024u;
}

/* ---- pages with translated code: sorted by base, found by binary search ---- */

static unsigned page_index(const struct core_tcg_s *t, uint32_t base, bool *found)
{
	unsigned lo = 0, hi = t->n_pages;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (t->pages[mid]->base < base)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < t->n_pages && t->pages[lo]->base == base;
	return lo;
}

static struct core_code_page_s *page_get(struct core_tcg_s *t, uint32_t base)
{
	bool found;
	unsigned i = page_index(t, base, &found);

	if (found)
		return t->pages[i];
	if (t->n_pages == CORE_TCG_MAX_PAGES)
		return NULL;
	struct core_code_page_s *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->base = base;
	memmove(&t->pages[i + 1], &t->pages[i], (t->n_pages - i) * sizeof(t->pages[0]));
	t->pages[i] = p;
	t->n_pages++;
	return p;
}

static void forget_pages(struct core_tcg_s *t)
{
	for (unsigned i = 0; i < t->n_pages; i++)
		free(t->pages[i]);
	t->n_pages = 0;
	t->untracked = false;
}

/* Record the bytes of [addr, addr + len) in their pages; false if they cannot be tracked. */
static bool note_bytes(struct sim *s, uint32_t addr, uint32_t len)
{
	struct core_tcg_s *t = &s->core->tcg;

	while (len) {
		uint32_t base = addr & ~(CORE_TCG_PAGE - 1u), off = addr - base;
		uint32_t n = CORE_TCG_PAGE - off < len ? CORE_TCG_PAGE - off : len;
		struct sim_mem_s *m = sim_bus_mem_at(s, addr);
		struct core_code_page_s *p;

		if (!m || addr + n - m->region->base > m->region->size)
			return false;	/* not in a memory region: not code this model can check */
		p = page_get(t, base);
		if (!p)
			return false;
		const uint8_t *now = m->data + (addr - m->region->base);
		for (uint32_t i = 0; i < n; i++, off++) {
			uint8_t bit = (uint8_t)(1u << (off & 7));
			if ((p->used[off / 8] & bit) && p->bytes[off] != now[i])
				p->stale = true;
			p->used[off / 8] |= bit;
			p->bytes[off] = now[i];
		}
		addr += n;
		len -= n;
	}
	return true;
}

static void note_block(struct sim *s, uint32_t pc, uint32_t size)
{
	struct core_tcg_s *t = &s->core->tcg;

	if (!t->untracked && !note_bytes(s, pc, size))
		t->untracked = true;	/* every translation goes at the next drop */
}

/* Unicorn translated a block (it runs before the block does). */
static void hook_block_translated(uc_engine *uc, uc_tb *cur, uc_tb *prev, void *user)
{
	struct sim *s = user;
	struct core_tcg_s *t = &s->core->tcg;

	t->code_estimate += CORE_TCG_BLOCK_BYTES + (uint64_t)cur->icount * CORE_TCG_INSN_BYTES;
	t->first_block_pending = false;
	note_block(s, (uint32_t)cur->pc, cur->size);
}

/*
 * Unicorn reports no block until it has executed one (uc->last_tb is NULL until then), and
 * the block it translates first is the one at the PC uc_emu_start is given. So until a
 * block is reported, the bytes at that PC are recorded here, as many as a block may span.
 */
void core_tcg_before_emu(struct sim *s, uint32_t pc)
{
	struct core_tcg_s *t = &s->core->tcg;

	struct sim_mem_s *m = sim_bus_mem_at(s, pc);

	if (!t->first_block_pending || !m)
		return;	/* nothing is translated from outside memory: the fetch faults */
	uint64_t end = (uint64_t)(pc & ~(CORE_TCG_PAGE - 1u)) + CORE_TCG_BLOCK_SPAN;
	uint64_t region_end = (uint64_t)m->region->base + m->region->size;
	if (end > region_end)
		end = region_end;
	if (!t->first_block_counted) {
		t->code_estimate += CORE_TCG_BLOCK_BYTES + (uint64_t)(end - pc) / 2u * CORE_TCG_INSN_BYTES;
		t->first_block_counted = true;
	}
	note_block(s, pc, (uint32_t)(end - pc));
}

/* ---- dropping translations ---- */

static bool page_unchanged(struct sim *s, const struct core_code_page_s *p)
{
	struct sim_mem_s *m = sim_bus_mem_at(s, p->base);

	if (p->stale || !m || p->base + CORE_TCG_PAGE - m->region->base > m->region->size)
		return false;
	const uint8_t *now = m->data + (p->base - m->region->base);
	for (uint32_t i = 0; i < CORE_TCG_PAGE; i += 8) {
		uint8_t used = p->used[i / 8];
		if (used == 0xFF) {
			if (memcmp(now + i, p->bytes + i, 8) != 0)
				return false;
			continue;
		}
		for (unsigned b = 0; used; b++, used >>= 1)
			if ((used & 1) && now[i + b] != p->bytes[i + b])
				return false;
	}
	return true;
}

/* Every translation, region by region (code lives in memory regions only). */
static void remove_all_code(struct sim *s, uc_engine *uc)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		const struct sim_region_s *r = s->bus.mems[i].region;
		uc_ctl_remove_cache(uc, (uint64_t)r->base, (uint64_t)r->base + r->size);
	}
}

static void drop_all(struct sim *s)
{
	remove_all_code(s, s->core->uc);
	forget_pages(&s->core->tcg);
}

static void drop_changed(struct sim *s)
{
	struct sim_core_s *c = s->core;
	struct core_tcg_s *t = &c->tcg;
	unsigned kept = 0;

	for (unsigned i = 0; i < t->n_pages; i++) {
		struct core_code_page_s *p = t->pages[i];
		if (page_unchanged(s, p)) {
			t->pages[kept++] = p;
			continue;
		}
		uc_ctl_remove_cache(c->uc, (uint64_t)p->base, (uint64_t)p->base + CORE_TCG_PAGE);
		free(p);
	}
	t->n_pages = kept;
}

/* ---- the instance ---- */

static int open_instance(struct sim *s, char *err, size_t errlen)
{
	struct sim_core_s *c = s->core;
	/* M55 runs on the M33 model: Unicorn 2.0.1 has no v8.1-M CPU. */
	int model = s->board->core == SIM_CORE_M4 ? UC_CPU_ARM_CORTEX_M4 : UC_CPU_ARM_CORTEX_M33;
	uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &c->uc);

	if (e == UC_ERR_OK)
		e = uc_ctl_set_cpu_model(c->uc, model);
	if (e != UC_ERR_OK) {
		snprintf(err, errlen, "core: cannot start Unicorn: %s", uc_strerror(e));
		return -1;
	}
	if (core_map_memory(s, err, errlen))
		return -1;
	if (core_hooks_add(s) ||
	    uc_hook_add(c->uc, &c->block_hook, UC_HOOK_EDGE_GENERATED, hook_block_translated, s, 1, 0)) {
		snprintf(err, errlen, "core: cannot add Unicorn hooks");
		return -1;
	}
	return 0;
}

/* A new instance has translated nothing. */
static void start_tracking(struct sim_core_s *c)
{
	forget_pages(&c->tcg);
	c->tcg.code_estimate = 0;
	c->tcg.first_block_pending = true;
	c->tcg.first_block_counted = false;
	c->flush_tb = c->flush_all_tb = false;
}

int core_tcg_open(struct sim *s, char *err, size_t errlen)
{
	struct core_tcg_s *t = &s->core->tcg;

	t->pages = calloc(CORE_TCG_MAX_PAGES, sizeof(t->pages[0]));
	if (!t->pages) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->budget = code_budget();
	if (open_instance(s, err, errlen))
		return -1;
	start_tracking(s->core);
	return 0;
}

/*
 * Unicorn 2.0.1's uc_close frees its page descriptors but not the bitmap of code bytes it
 * builds for a page the CPU keeps writing into (self-modifying code detection): dropping
 * every translation first frees them.
 */
static void close_instance(struct sim *s, uc_engine *uc)
{
	remove_all_code(s, uc);
	uc_close(uc);
}

void core_tcg_close(struct sim *s)
{
	struct sim_core_s *c = s->core;

	if (c->uc)
		close_instance(s, c->uc);
	c->uc = NULL;
	if (c->tcg.pages)
		forget_pages(&c->tcg);
	free(c->tcg.pages);
	c->tcg.pages = NULL;
}

/*
 * The CPU registers a fresh instance must start from, in the order they are written back:
 * the stack pointers and masks while the new CPU is still privileged Thread mode (an
 * unprivileged MSR to them is ignored), CONTROL (SPSEL banks the SP) before xPSR (a
 * non-zero IPSR means Handler mode, where SPSEL cannot be written), xPSR with GE, then the
 * rest. The PC last, with the Thumb bit the xPSR has.
 */
static const int carried_regs[] = {
	UC_ARM_REG_MSP, UC_ARM_REG_PSP, UC_ARM_REG_PRIMASK, UC_ARM_REG_BASEPRI, UC_ARM_REG_FAULTMASK,
	UC_ARM_REG_CONTROL, UC_ARM_REG_XPSR_NZCVQG,
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4, UC_ARM_REG_R5, UC_ARM_REG_R6,
	UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_LR,
	UC_ARM_REG_FPSCR,
	UC_ARM_REG_S0, UC_ARM_REG_S1, UC_ARM_REG_S2, UC_ARM_REG_S3, UC_ARM_REG_S4, UC_ARM_REG_S5, UC_ARM_REG_S6,
	UC_ARM_REG_S7, UC_ARM_REG_S8, UC_ARM_REG_S9, UC_ARM_REG_S10, UC_ARM_REG_S11, UC_ARM_REG_S12,
	UC_ARM_REG_S13, UC_ARM_REG_S14, UC_ARM_REG_S15, UC_ARM_REG_S16, UC_ARM_REG_S17, UC_ARM_REG_S18,
	UC_ARM_REG_S19, UC_ARM_REG_S20, UC_ARM_REG_S21, UC_ARM_REG_S22, UC_ARM_REG_S23, UC_ARM_REG_S24,
	UC_ARM_REG_S25, UC_ARM_REG_S26, UC_ARM_REG_S27, UC_ARM_REG_S28, UC_ARM_REG_S29, UC_ARM_REG_S30,
	UC_ARM_REG_S31,
};
#define N_CARRIED (sizeof(carried_regs) / sizeof(carried_regs[0]))

/*
 * Replace the instance by a fresh one with the same memory, windows, hooks and registers.
 * The new one is opened before the old one is closed: if it cannot be (out of memory),
 * the old one goes on and the budget is doubled so that it is not tried at every slice.
 */
static void core_tcg_renew(struct sim *s)
{
	struct sim_core_s *c = s->core;
	uc_engine *old = c->uc;
	uc_hook hooks[5] = { c->code_hook, c->intr_hook, c->bad_mem_hook, c->data_hook, c->block_hook };
	int regs[N_CARRIED];
	uint32_t vals[N_CARRIED], pc = core_reg_get(s, UC_ARM_REG_PC) & ~1u;
	void *ptrs[N_CARRIED];
	char err[160];

	for (unsigned i = 0; i < N_CARRIED; i++) {
		/* XPSR_NZCVQG reads the APSR only; XPSR reads IPSR, APSR and EPSR (IT, T) */
		regs[i] = carried_regs[i] == UC_ARM_REG_XPSR_NZCVQG ? UC_ARM_REG_XPSR : carried_regs[i];
		ptrs[i] = &vals[i];
	}
	uc_reg_read_batch(old, regs, ptrs, N_CARRIED);
	c->uc = NULL;
	if (open_instance(s, err, sizeof(err))) {
		if (c->uc)
			uc_close(c->uc);
		c->uc = old;
		c->code_hook = hooks[0], c->intr_hook = hooks[1], c->bad_mem_hook = hooks[2];
		c->data_hook = hooks[3], c->block_hook = hooks[4];
		c->tcg.budget *= 2;
		sim_log(s, "core: cannot open a fresh Unicorn instance (%s); the code budget is now %llu KB", err,
			(unsigned long long)(c->tcg.budget / 1024u));
		return;
	}
	close_instance(s, old);
	start_tracking(c);
	memcpy(regs, carried_regs, sizeof(regs));
	uc_reg_write_batch(c->uc, regs, ptrs, N_CARRIED);
	core_set_pc(s, pc);
	c->tcg.renewals++;
}

/*
 * At the start of a run slice, before the CPU runs: a fresh instance once the code buffer
 * is past its budget, else the translations that no longer match memory are dropped.
 */
void core_tcg_slice_start(struct sim *s)
{
	struct sim_core_s *c = s->core;
	struct core_tcg_s *t = &c->tcg;

	if (t->code_estimate > t->budget)
		core_tcg_renew(s);	/* drops every translation, and the flags with them */
	if (c->flush_all_tb || (c->flush_tb && t->untracked))
		drop_all(s);
	else if (c->flush_tb)
		drop_changed(s);
	c->flush_all_tb = c->flush_tb = false;
}
