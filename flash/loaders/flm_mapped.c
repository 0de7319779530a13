// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Verify, BlankCheck, RspProgramVerify and RspStream of the built-in loaders, linked into
 * each: the checks read the flash through its memory-mapped window, which every other call
 * of a built-in leaves on (RSP_FLAG_MAPPED), and the stream only calls the loader's own
 * functions, so they are the same for every controller.
 */
#include <stdint.h>

#include "flash/loaders/flm_abi.h"

/*
 * Each loader says where its device is (its own constants: DevDscr is not loaded into the
 * target, so FlashDevice cannot be read here). Reading elsewhere through the window would
 * fault. Hidden: defined in this same image, so reached PC-relative (no GOT under -fPIE).
 */
int flm_in_device(unsigned long adr, unsigned long sz) __attribute__((visibility("hidden")));

unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;
	unsigned long i = 0;

	if (!flm_in_device(adr, sz))
		return adr;
	/* words where both sides are aligned (4x fewer window reads: level 1 is on the path
	 * of every page), then bytes from the first word that differs */
	if (!((adr | (unsigned long)buf) & 3u)) {
		const volatile uint32_t *w = (const volatile uint32_t *)adr;
		const uint32_t *b = (const uint32_t *)buf;

		while (i + 4 <= sz && w[i / 4] == b[i / 4])
			i += 4;
	}
	for (; i < sz; i++)
		if (p[i] != buf[i])
			return adr + i;
	return adr + sz;
}

int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;

	if (!flm_in_device(adr, sz))
		return 1;
	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != pat)
			return 1;
	return 0;
}

/* Level 1 in the program call itself: no second call (and probe round trips) per page. */
int RspProgramVerify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	int rc = ProgramPage(adr, sz, buf);

	if (rc)
		return rc;
	return Verify(adr, sz, buf) == adr + sz ? 0 : RSP_PROGRAM_MISMATCH;
}

/* The rspflash streaming loop (flm_abi.h): one call serves a whole download. */
int RspStream(struct rsp_stream_s *c)
{
	uint32_t n = c->nslots && c->nslots <= RSP_STREAM_SLOTS ? c->nslots : 1u;

	c->alive = STREAM_MAGIC;
	for (uint32_t k = 0;; k = k + 1u == n ? 0u : k + 1u) {
		volatile struct stream_slot_s *s = &c->slot[k];
		uint32_t seq;
		int rc;

		while ((seq = s->seq) == s->done)
			;	/* the host fills the next request */
		switch (s->op) {
		case STREAM_OP_EXIT:
			s->status = 0;
			s->done = seq;
			return 0;
		case STREAM_OP_ERASE:
			rc = s->len ? RspErase(s->addr, s->len) : EraseChip();
			break;
		case STREAM_OP_PROGRAM:
			rc = (s->flags & STREAM_F_VERIFY) ? RspProgramVerify(s->addr, s->len, (unsigned char *)s->buf) :
							    ProgramPage(s->addr, s->len, (unsigned char *)s->buf);
			break;
		default:
			rc = STREAM_ERR_OP;
			break;
		}
		s->status = (uint32_t)rc;
		s->done = seq;
		if (rc)
			return 1;
	}
}
