// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The word loop of the streaming routine's table-driven CRC (slicing by 4), built apart
 * for ARMv7-M (flash/loaders/local.mk): bit-field extracts and scaled-index loads take it
 * from ~34 instructions a word (ARMv6-M) to ~17, which is what a core at its reset clock
 * (the N657 at 64 MHz) spends on the sector digests and level-2 CRC of a NOR. The rest of
 * the routine stays ARMv6-M code: as ARMv7-M code, the simulator (Unicorn) retranslated
 * it far more often during a download (tens of MB of allocations under ASan over 512 KB,
 * cause not found), and it gains nothing there. Every core rspflash serves is ARMv7-M or
 * ARMv8-M mainline.
 */
#include "flash/loaders/stream_crc.h"

uint32_t stream_crc_words(const uint32_t *t, uint32_t crc, const uint8_t *p, uint32_t nwords)
{
	/*
	 * A register per table, so each lookup is one scaled-index load; the empty asm hides
	 * that they derive from t (gcc would fold them back into t plus an add per lookup).
	 */
	const uint32_t *t1 = t + 256, *t2 = t + 512, *t3 = t + 768;

	__asm__("" : "+r"(t1), "+r"(t2), "+r"(t3));
	for (; nwords; nwords--, p += 4) {
		/* the next four bytes in memory order, first in the top byte */
		crc ^= __builtin_bswap32(*(const uint32_t *)p);
		crc = t3[crc >> 24] ^ t2[(crc >> 16) & 255u] ^ t1[(crc >> 8) & 255u] ^ t[crc & 255u];
	}
	return crc;
}
