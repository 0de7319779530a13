// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streaming flash programmer that runs in target RAM (ABI: stream_abi.h). It serves
 * requests from two slots in turn until it gets STREAM_OP_EXIT, so the host never stops
 * the core between pages: it fills one slot's buffer over SWD while this code programs
 * from the other. Level-1 verify (STREAM_F_VERIFY) compares each programmed range with
 * its buffer here, on the target, so it costs no wire time.
 *
 * Register ABI (set up by the host as an AAPCS call): r0 = the control block; returns 0
 * to LR, which points at a BKPT. Built for ARMv6-M so one blob runs on every Cortex-M;
 * position independent (no absolute addresses, no data), entry at offset 0.
 */
#include <stdint.h>

#include "flash/loaders/stream_abi.h"
#include "flash/loaders/stream_crc.h"

#define CRC_POLY 0x04C11DB7u
#define CRC_UNIT_DR 0x00u
#define CRC_UNIT_CR 0x08u
#define CRC_UNIT_CR_RESET 1u

typedef volatile uint32_t vu32;

static inline uint32_t rd(uint32_t addr)
{
	return *(vu32 *)addr;
}

static inline void wr(uint32_t addr, uint32_t v)
{
	*(vu32 *)addr = v;
}

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, uint32_t len)
{
	while (len--) {
		crc ^= (uint32_t)*p++ << 24;
		for (int k = 0; k < 8; k++)
			crc = (crc & 0x80000000u) ? (crc << 1) ^ CRC_POLY : crc << 1;
	}
	return crc;
}

/*
 * t[0..255]: the CRC of one byte; with slices, t[256k + i] (k = 1..3): of byte i followed
 * by k zero bytes, so four bytes take one step (slicing by 4).
 */
static void crc_table_build(uint32_t *t, uint32_t slices)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint8_t b = (uint8_t)i;

		t[i] = crc_bitwise(0, &b, 1);
	}
	for (uint32_t k = 1; k < slices && k < 4; k++)
		for (uint32_t i = 0; i < 256; i++)
			t[256 * k + i] = (t[256 * (k - 1) + i] << 8) ^ t[t[256 * (k - 1) + i] >> 24];
}

/* GDB's CRC-32 (libiberty xcrc32) of len bytes at p, from crc. */
static uint32_t crc_soft(const struct stream_ctl_s *c, uint32_t crc, const uint8_t *p, uint32_t len)
{
	const uint32_t *t = (const uint32_t *)c->crc_table;

	if (!t)
		return crc_bitwise(crc, p, len);
	if (c->crc_slices == 4) {
		while (len && ((uint32_t)p & 3u)) {
			crc = (crc << 8) ^ t[(crc >> 24) ^ *p++];
			len--;
		}
		crc = stream_crc_words(t, crc, p, len / 4);
		p += len & ~3u;
		len &= 3u;
	}
	while (len--)
		crc = (crc << 8) ^ t[(crc >> 24) ^ *p++];
	return crc;
}

/*
 * The same through an STM32 CRC unit: it shifts each 32-bit word in from bit 31, GDB's CRC
 * takes bytes in memory order, so each little-endian word goes in byte-reversed. Only from
 * the reset value (0xFFFFFFFF: the F4 unit cannot be given another) and word-aligned.
 */
static uint32_t crc_range(const struct stream_ctl_s *c, uint32_t crc, uint32_t addr, uint32_t len)
{
	if (c->crc_unit && crc == 0xFFFFFFFFu && !(addr & 3u) && len >= 4) {
		uint32_t n = len & ~3u;
		const vu32 *w = (const vu32 *)addr;

		wr(c->crc_unit + CRC_UNIT_CR, CRC_UNIT_CR_RESET);
		for (uint32_t i = 0; i < n / 4; i++)
			wr(c->crc_unit + CRC_UNIT_DR, __builtin_bswap32(w[i]));
		crc = rd(c->crc_unit + CRC_UNIT_DR);
		addr += n;
		len -= n;
	}
	return crc_soft(c, crc, (const uint8_t *)addr, len);
}

/* The first word at or after addr that is not erased, or 0 (flash is never at 0 here). */
static uint32_t first_not_blank(uint32_t erased, uint32_t addr, uint32_t len)
{
	uint32_t a = addr, end = addr + len;

	/*
	 * Four words a step (one LDM) until one differs: a survey of blank flash is this loop.
	 * Plain loads: reading flash or a memory-mapped window has no side effect.
	 */
	for (; end - a >= 16; a += 16) {
		const uint32_t *w = (const uint32_t *)a;

		if ((w[0] ^ erased) | (w[1] ^ erased) | (w[2] ^ erased) | (w[3] ^ erased))
			break;
	}
	for (; a < end; a += 4)
		if (rd(a) != erased)
			return a;
	return 0;
}

/* Control and status register writes, for memory that has them (cr_addr/sr_addr not 0). */
static void wr_cr(const struct stream_ctl_s *c, uint32_t v)
{
	if (c->cr_addr)
		wr(c->cr_addr, v);
}

static void clear_sr(const struct stream_ctl_s *c)
{
	if (c->sr_addr)
		wr(c->sr_addr, c->sr_clear);
}

/* Memory with no status register (sr_addr 0, e.g. MRAM: the bus waits instead) is ready. */
static uint32_t wait_ready(const struct stream_ctl_s *c)
{
	uint32_t sr;

	if (!c->sr_addr)
		return 0;
	do
		sr = rd(c->sr_addr);
	while (sr & c->busy_mask);
	return sr;
}

static int flash_failed(const struct stream_ctl_s *c, struct stream_slot_s *s, uint32_t addr)
{
	uint32_t sr;

	if (!c->sr_addr)
		return 0;
	sr = rd(c->sr_addr);
	if (!(sr & c->err_mask))
		return 0;
	s->status = STREAM_ERR_FLASH;
	s->sr = sr;
	s->fail_addr = addr;
	wr(c->sr_addr, c->sr_clear);
	return 1;
}

static void op_erase(const struct stream_ctl_s *c, struct stream_slot_s *s)
{
	clear_sr(c);
	wr_cr(c, s->cr);
	wr_cr(c, s->cr | c->start_bit);
	wait_ready(c);
	flash_failed(c, s, s->addr);
	wr_cr(c, 0);
}

/*
 * Writes one unit (1, 2, 4, 8 or 16 bytes) at a; returns 0 if it was all erased (skipped).
 * 16 bytes (MRAM's 128-bit word): four word stores in address order, never skipped, since
 * memory without erase holds old data where the image holds the "erased" value.
 */
static int write_unit(const struct stream_ctl_s *c, uint32_t a, const uint8_t *src)
{
	uint32_t w0, w1;

	switch (c->unit) {
	case 16:
		for (uint32_t i = 0; i < 16; i += 4)
			wr(a + i, *(const uint32_t *)(src + i));
		return 1;
	case 1:
		if (*src == (uint8_t)c->erased)
			return 0;
		*(volatile uint8_t *)a = *src;
		return 1;
	case 2:
		w0 = (uint32_t)src[0] | (uint32_t)src[1] << 8;
		if (w0 == (c->erased & 0xFFFFu))
			return 0;
		*(volatile uint16_t *)a = (uint16_t)w0;
		return 1;
	case 4:
		w0 = *(const uint32_t *)src;
		if (w0 == c->erased)
			return 0;
		wr(a, w0);
		return 1;
	default:
		w0 = ((const uint32_t *)src)[0];
		w1 = ((const uint32_t *)src)[1];
		if (w0 == c->erased && w1 == c->erased)
			return 0;
		wr(a, w0);
		wr(a + 4, w1);
		return 1;
	}
}

static void op_program(const struct stream_ctl_s *c, struct stream_slot_s *s)
{
	const uint8_t *src = (const uint8_t *)s->buf;
	uint32_t end = s->addr + s->len;

	clear_sr(c);
	wr_cr(c, s->cr);
	for (uint32_t a = s->addr; a < end; a += c->unit, src += c->unit) {
		if (!write_unit(c, a, src))
			continue;
		wait_ready(c);
		if (flash_failed(c, s, a))
			break;
	}
	wr_cr(c, 0);
	if (s->status || !(s->flags & STREAM_F_VERIFY))
		return;
	src = (const uint8_t *)s->buf;
	if ((s->addr | s->len) & 3u) {
		for (uint32_t a = s->addr; a < end; a++, src++) {
			uint8_t got = *(volatile uint8_t *)a;

			if (got != *src) {
				s->status = STREAM_ERR_VERIFY;
				s->fail_addr = a;
				s->expected = *src;
				s->actual = got;
				return;
			}
		}
		return;
	}
	for (uint32_t a = s->addr; a < end; a += 4, src += 4) {
		uint32_t want = *(const uint32_t *)src, got = rd(a);

		if (got != want) {
			s->status = STREAM_ERR_VERIFY;
			s->fail_addr = a;
			s->expected = want;
			s->actual = got;
			return;
		}
	}
}

static void op_digest(const struct stream_ctl_s *c, struct stream_slot_s *s)
{
	struct stream_digest_s *out = (struct stream_digest_s *)s->buf;
	uint32_t a = s->addr;

	for (uint32_t i = 0; i < s->count; i++, a += s->len) {
		out[i].blank = first_not_blank(c->erased, a, s->len) == 0;
		out[i].crc = out[i].blank ? 0 : crc_range(c, 0xFFFFFFFFu, a, s->len);
	}
}

static void serve(struct stream_ctl_s *c, struct stream_slot_s *s)
{
	s->status = STREAM_OK;
	if (((vu32 *)&c->failed)[0]) {
		s->status = STREAM_ERR_SKIPPED;
		return;
	}
	switch (s->op) {
	case STREAM_OP_ERASE:
		op_erase(c, s);
		break;
	case STREAM_OP_PROGRAM:
		op_program(c, s);
		break;
	case STREAM_OP_DIGEST:
		op_digest(c, s);
		break;
	case STREAM_OP_CRC:
		s->result[0] = crc_range(c, s->cr, s->addr, s->len);
		break;
	case STREAM_OP_BLANK:
		s->result[0] = first_not_blank(c->erased, s->addr, s->len);
		break;
	default:
		s->status = STREAM_ERR_OP;
		break;
	}
	if (s->status)
		((vu32 *)&c->failed)[0] = 1;
}

/*
 * The next request's sequence number, once the host has written one. The wait is loads
 * only, kept out of stream_main so that the compiler does not spill seq to the stack inside
 * it (it did, at -Os): no bus writes while idle. In the simulator that mattered: a CPU store
 * to a 1 KB page holding translated code takes Unicorn's self-modifying-code path (an
 * allocation per store), and the stack can share a page with the end of this code (the
 * word CRC, the BKPT after it); a fuzzing session sat 20-80 s in one idle wait.
 */
static uint32_t __attribute__((noinline)) next_request(const struct stream_slot_s *s)
{
	uint32_t seq;

	while ((seq = ((const vu32 *)&s->seq)[0]) == ((const vu32 *)&s->done)[0])
		;
	return seq;
}

uint32_t stream_main(struct stream_ctl_s *c) __attribute__((section(".text.entry")));

uint32_t stream_main(struct stream_ctl_s *c)
{
	unsigned k = 0;

	if (c->crc_table)
		crc_table_build((uint32_t *)c->crc_table, c->crc_slices);
	((vu32 *)&c->alive)[0] = STREAM_MAGIC;
	for (;;) {
		struct stream_slot_s *s = &c->slot[k];
		uint32_t seq = next_request(s);

		if (s->op == STREAM_OP_EXIT) {
			((vu32 *)&s->done)[0] = seq;
			return 0;
		}
		serve(c, s);
		__asm__ volatile("dmb" ::: "memory");
		((vu32 *)&s->done)[0] = seq;
		k = (k + 1) % STREAM_SLOTS;
	}
}
