// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Verify, BlankCheck and RspProgramVerify of the built-in loaders, linked into each: they
 * read the flash through its memory-mapped window, which every other call of a built-in
 * leaves on (RSP_FLAG_MAPPED), so they are the same for every controller.
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

	if (!flm_in_device(adr, sz))
		return adr;
	for (unsigned long i = 0; i < sz; i++)
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
