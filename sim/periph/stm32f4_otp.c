// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32F4 OTP area (RM0368 §3.7, RM0090 §3.8) and what the flash model keeps across runs.
 *
 * The 512 OTP bytes (16 blocks of 32) and 16 lock bytes live in the board's system memory
 * region at 0x1FFF7800, so the core and the debugger read them as memory. They are
 * programmed like main flash (PG plus a PSIZE-sized write) and never erased. Rules:
 * - "Each OTP data block can be programmed until the value 0x00 is programmed in the
 *   corresponding OTP lock byte. The lock bytes must only contain 0x00 and 0xFF values"
 *   (RM0090 §3.8).
 * - The manual names no flag for a refused OTP write. The model refuses, with WRPERR and the
 *   content left as it was (the whole write, not part of it): a write into a locked block,
 *   a write asking a bit to go from 0 back to 1 (data or lock byte), and a lock byte value
 *   other than 0x00 or 0xFF. WRPERR because the RM defines it for "an address to be
 *   programmed that belongs to a write-protected part" (RM0368 §3.8.4), and because
 *   OpenOCD's and ST's HAL error paths report it as a protection error.
 * Everything else in system memory is ROM: writes get a bus error.
 *
 * State file section (model "stm32f4-flash", little endian): "F4FLASH1", the option bytes
 * in force as a 32-bit OPTCR image, then the 512 OTP bytes and the 16 lock bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "stm32f4_flash_private.h"

#define OTP_AREA_SIZE (STM32F4_OTP_SIZE + STM32F4_OTP_BLOCKS)
#define STATE_MAGIC "F4FLASH1"
#define STATE_LEN (8 + 4 + OTP_AREA_SIZE)

static uint8_t *otp_byte(struct f4_flash_s *f, uint32_t addr)
{
	return f->sysmem->data + (addr - f->sysmem->region->base);
}

/* Whether byte value nv may be programmed at addr (see the file header). */
static bool otp_byte_ok(struct f4_flash_s *f, uint32_t addr, uint8_t nv)
{
	uint8_t old = *otp_byte(f, addr);

	if ((old & nv) != nv)
		return false;	/* 0 -> 1 */
	if (addr >= STM32F4_OTP_LOCK_BASE)
		return nv == 0x00 || nv == 0xFF;
	unsigned block = (addr - STM32F4_OTP_BASE) / STM32F4_OTP_BLOCK_SIZE;
	return *otp_byte(f, STM32F4_OTP_LOCK_BASE + block) != STM32F4_OTP_LOCKED;
}

/* Program n bytes (little endian from lo, then hi) at addr: all of them, or none. */
static uint32_t otp_program(struct sim *s, struct f4_flash_s *f, uint32_t addr, unsigned n, uint32_t lo, uint32_t hi)
{
	uint8_t b[8];

	for (unsigned i = 0; i < n; i++) {
		b[i] = (uint8_t)((i < 4 ? lo : hi) >> (8 * (i % 4)));
		if (!otp_byte_ok(f, addr + i, b[i]))
			return STM32F4_FLASH_SR_WRPERR;
	}
	/* every new bit is a 1 -> 0 (otp_byte_ok), so programming is the AND */
	return f4_program_unit(s, f, otp_byte(f, addr), UINT32_MAX, b, n);
}

int f4_otp_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t val)
{
	struct f4_flash_s *f = ctx;
	bool ready;
	uint32_t err;

	(void)who;
	if (addr < STM32F4_OTP_BASE || addr + size > STM32F4_OTP_BASE + OTP_AREA_SIZE)
		return SIM_BUS_ERROR;	/* bootloader, unique ID, flash size: ROM */
	err = f4_program_check(f, addr, size, &ready);
	if (!err && !ready) {
		f->dw_lo = val;		/* x64: first word of a double word */
		return SIM_BUS_OK;
	}
	if (!err && f4_psize(f) == STM32F4_PSIZE_X64)
		err = otp_program(s, f, f->dw_addr, 8, f->dw_lo, val);
	else if (!err)
		err = otp_program(s, f, addr, size, val, 0);
	if (err) {
		f->dw_pending = false;
		f4_error(s, f, err);
	}
	return SIM_BUS_OK;
}

/* ---- board options (--option key=value): the option bytes as the part arrives ---- */

static int parse_u32(const char *value, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(value, &end, 0);

	if (!*value || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* The OPTCR image an option key stands for, given the current one; -1 if the value is bad. */
static int option_apply(const struct f4_flash_s *f, const char *key, uint32_t v, uint32_t *ob)
{
	uint32_t sectors = (1u << f->cfg->n_sectors) - 1;

	if (!strcmp(key, "rdp")) {
		*ob = (*ob & ~STM32F4_FLASH_OPTCR_RDP_MASK) | (v << STM32F4_FLASH_OPTCR_RDP_SHIFT);
	} else if (!strcmp(key, "wrp") || !strcmp(key, "nwrp")) {
		if (v & ~sectors)
			return -1;
		uint32_t nwrp = !strcmp(key, "wrp") ? ~v & sectors : v;
		*ob = (*ob & ~(sectors << STM32F4_FLASH_OPTCR_NWRP_SHIFT)) | (nwrp << STM32F4_FLASH_OPTCR_NWRP_SHIFT);
	} else if (!strcmp(key, "bor_lev")) {
		*ob = (*ob & ~STM32F4_FLASH_OPTCR_BOR_LEV_MASK) | (v << STM32F4_FLASH_OPTCR_BOR_LEV_SHIFT);
	} else if (!strcmp(key, "user")) {
		if (v & ~STM32F4_FLASH_OPTCR_USER_MASK)
			return -1;
		*ob = (*ob & ~STM32F4_FLASH_OPTCR_USER_MASK) | v;
	} else if (!strcmp(key, "sprmod")) {
		*ob = (*ob & ~STM32F4_FLASH_OPTCR_SPRMOD) | (v ? STM32F4_FLASH_OPTCR_SPRMOD : 0);
	} else {
		if (v & ~F4_OPTCR_FIELDS)	/* "optcr" */
			return -1;
		*ob = v;
	}
	*ob = (*ob & F4_OPTCR_FIELDS) | f4_optcr_fixed(f);
	return 0;
}

/*
 * Keys: rdp=0..255, wrp=MASK (bit i set: sector i write-protected), nwrp=FIELD (OPTCR
 * nWRP bits as stored, 0 = protected), bor_lev=0..3, user=BITS (OPTCR[7:5]), sprmod=0|1,
 * optcr=IMAGE (all option fields at once), vpp=0|1 (external VPP: x64 parallelism);
 * fault_flip, fault_stuck, fault_error, fault_power_loss (flash_faults.h).
 */
int f4_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen)
{
	static const struct {
		const char *key;
		uint32_t max;
	} keys[] = {
		{ "rdp", 0xFF }, { "wrp", 0xFFF }, { "nwrp", 0xFFF }, { "bor_lev", 3 }, { "user", 0xFF },
		{ "sprmod", 1 }, { "optcr", 0xFFFFFFFFu }, { "vpp", 1 },
	};
	struct f4_flash_s *f = ctx;
	uint32_t v;
	int r = flash_faults_set_option(&f->faults, f4_flash_flags, "", key, value, err, errlen);

	(void)s;
	if (r)
		return r;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(key, keys[i].key))
			continue;
		if (parse_u32(value, keys[i].max, &v)) {
			snprintf(err, errlen, "option %s=%s: expected a number up to 0x%x", key, value, keys[i].max);
			return -1;
		}
		if (!strcmp(key, "vpp")) {
			f->vpp = v != 0;
			return 1;
		}
		if (option_apply(f, key, v, &f->ob)) {
			snprintf(err, errlen, "option %s=%s: bits outside the field for %u sectors", key, value,
				 f->cfg->n_sectors);
			return -1;
		}
		f->optcr = f->ob | STM32F4_FLASH_OPTCR_OPTLOCK;
		return 1;
	}
	return 0;
}

/* ---- state file ---- */

int f4_save(struct sim *s, void *ctx, FILE *fp)
{
	struct f4_flash_s *f = ctx;
	uint8_t ob[4];

	(void)s;
	sim_le_put(ob, 4, f->ob);
	if (fwrite(STATE_MAGIC, 1, 8, fp) != 8 || fwrite(ob, 1, 4, fp) != 4 ||
	    fwrite(otp_byte(f, STM32F4_OTP_BASE), 1, OTP_AREA_SIZE, fp) != OTP_AREA_SIZE)
		return -1;
	return 0;
}

int f4_load(struct sim *s, void *ctx, FILE *fp, size_t len, char *err, size_t errlen)
{
	struct f4_flash_s *f = ctx;
	uint8_t buf[STATE_LEN];

	(void)s;
	if (len != STATE_LEN || fread(buf, 1, len, fp) != len || memcmp(buf, STATE_MAGIC, 8)) {
		snprintf(err, errlen, "state file: the %s section is not %d bytes of " STATE_MAGIC,
			 STM32F4_FLASH_MODEL_NAME, STATE_LEN);
		return -1;
	}
	f->ob = (sim_le_get(buf + 8, 4) & F4_OPTCR_FIELDS) | f4_optcr_fixed(f);
	f->optcr = f->ob | STM32F4_FLASH_OPTCR_OPTLOCK;
	memcpy(otp_byte(f, STM32F4_OTP_BASE), buf + 12, OTP_AREA_SIZE);
	return 0;
}
