// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vFlash* plumbing with a fake backend that records what it is handed: erase validation
 * against flash regions and block boundaries, gathering per bank, hand-over order, errors
 * naming the address, abort on disconnect, and the "no flash driver yet" backend.
 * No target is needed: the packets only touch g->flash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_gdb_fixture.h"

struct fake_s {
	char log[4096];
	int fail_program_at;	/* address whose program call fails, or -1 */
	uint8_t image[512 * 1024];
};

static struct fake_s fake;

static void fake_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fake_log(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(fake.log);

	va_start(ap, fmt);
	vsnprintf(fake.log + n, sizeof(fake.log) - n, fmt, ap);
	va_end(ap);
}

static int fake_erase(void *ctx, const struct target_mem_s *bank, uint32_t addr, uint32_t len,
		      struct gdb_flash_error_s *err)
{
	fake_log("erase %x+%x;", addr, len);
	memset(fake.image + (addr - bank->base), 0xFF, len);
	return 0;
}

static int fake_program(void *ctx, const struct target_mem_s *bank, uint32_t addr, const uint8_t *data, uint32_t len,
			const struct gdb_verify_s *verify, struct gdb_flash_error_s *err)
{
	if ((int)addr == fake.fail_program_at) {
		err->addr = addr;
		snprintf(err->msg, sizeof(err->msg), "program failed at 0x%08x: PGAERR", addr);
		return -1;
	}
	fake_log("program %x+%x;", addr, len);
	memcpy(fake.image + (addr - bank->base), data, len);
	return 0;
}

static int fake_verify(void *ctx, const struct target_mem_s *bank, uint32_t addr, const uint8_t *data, uint32_t len,
		       const struct gdb_verify_s *verify, struct gdb_flash_error_s *err)
{
	fake_log("verify %x+%x;", addr, len);
	return memcmp(fake.image + (addr - bank->base), data, len) ? -1 : 0;
}

static int fake_done(void *ctx, struct gdb_flash_error_s *err)
{
	fake_log("done;");
	return 0;
}

static const struct gdb_flash_backend_s fake_backend = {
	.name = "fake", .erase = fake_erase, .program = fake_program, .verify = fake_verify, .done = fake_done,
};

struct fl_s {
	struct cortexm_s t;
	struct gdb_s g;
};

static int setup(void **state)
{
	struct fl_s *f = calloc(1, sizeof(*f));

	f->t.part = target_part_find("stm32l552");
	f->t.halted = true;
	gdb_init(&f->g, &f->t, NULL);
	gdb_flash_set_backend(&f->g.flash, &fake_backend);
	memset(&fake, 0, sizeof(fake));
	fake.fail_program_at = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fl_s *f = *state;

	gdb_cleanup(&f->g);
	free(f);
	return 0;
}

static const char *pkt(struct fl_s *f, const void *p, size_t len)
{
	static char reply[GDB_REPLY_MAX + 1];

	gdb_dispatch(&f->g, p, len);
	memcpy(reply, f->g.reply.data, f->g.reply.len);
	reply[f->g.reply.len] = '\0';
	return reply;
}

static const char *spkt(struct fl_s *f, const char *p)
{
	return pkt(f, p, strlen(p));
}

static const char *vwrite(struct fl_s *f, uint32_t addr, const uint8_t *data, size_t len)
{
	static uint8_t buf[RSP_PACKET_SIZE + 32];
	int n = snprintf((char *)buf, 32, "vFlashWrite:%x:", addr);

	memcpy(buf + n, data, len);
	return pkt(f, buf, (size_t)n + len);
}

static void test_download(void **state)
{
	struct fl_s *f = *state;
	uint8_t data[3000];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	assert_string_equal(spkt(f, "vFlashErase:08000000,1000"), "OK");
	assert_string_equal(spkt(f, "vFlashErase:08001000,800"), "OK");	/* merged with the first */
	assert_string_equal(fake.log, "");	/* recorded, not done yet */
	assert_string_equal(vwrite(f, 0x08000000, data, 1000), "OK");
	assert_string_equal(vwrite(f, 0x08000000 + 1000, data + 1000, 2000), "OK");
	assert_string_equal(vwrite(f, 0x08001400, data, 16), "OK");
	assert_string_equal(fake.log, "");
	assert_string_equal(spkt(f, "vFlashDone"), "OK");
	assert_string_equal(fake.log, "erase 8000000+1800;program 8000000+bb8;verify 8000000+bb8;"
				      "program 8001400+10;verify 8001400+10;done;");
	assert_memory_equal(fake.image, data, sizeof(data));
	assert_int_equal(f->g.flash.stats.programmed_bytes, 3016);
	assert_false(f->g.flash.active);
}

static void test_erase_checks(void **state)
{
	struct fl_s *f = *state;

	assert_string_equal(spkt(f, "vFlashErase:08000100,800"),
			    "E.erase of 0x08000100+0x800 is not on 2048-byte block boundaries of bank flash");
	assert_string_equal(spkt(f, "vFlashErase:08000000,700"),
			    "E.erase of 0x08000000+0x700 is not on 2048-byte block boundaries of bank flash");
	assert_string_equal(spkt(f, "vFlashErase:20000000,800"),
			    "E.erase of 0x20000000..0x200007ff is not inside one flash bank of stm32l552");
	assert_string_equal(spkt(f, "vFlashErase:0807f800,1000"),
			    "E.erase of 0x0807f800..0x080807ff is not inside one flash bank of stm32l552");
	assert_string_equal(fake.log, "");
}

static void test_write_outside_erase(void **state)
{
	struct fl_s *f = *state;
	uint8_t d[4] = { 1, 2, 3, 4 };

	assert_string_equal(spkt(f, "vFlashErase:08000000,800"), "OK");
	assert_string_equal(vwrite(f, 0x08000800, d, 4),
			    "E.write at 0x08000800+0x4 falls outside the ranges erased by vFlashErase");
	assert_false(f->g.flash.active);	/* the download is dropped */
	assert_string_equal(spkt(f, "vFlashDone"), "OK");
	assert_string_equal(fake.log, "done;");
}

static void test_backend_error(void **state)
{
	struct fl_s *f = *state;
	uint8_t d[8] = { 0 };

	fake.fail_program_at = 0x08000000;
	assert_string_equal(spkt(f, "vFlashErase:08000000,800"), "OK");
	assert_string_equal(vwrite(f, 0x08000000, d, 8), "OK");
	assert_string_equal(spkt(f, "vFlashDone"), "E.program failed at 0x08000000: PGAERR");
	assert_int_equal(f->g.flash.err.addr, 0x08000000);
}

static void test_abort(void **state)
{
	struct fl_s *f = *state;
	uint8_t d[8] = { 0 };

	assert_string_equal(spkt(f, "vFlashErase:08000000,800"), "OK");
	assert_string_equal(vwrite(f, 0x08000000, d, 8), "OK");
	assert_true(gdb_flash_abort(&f->g.flash));
	assert_false(gdb_flash_abort(&f->g.flash));
	assert_string_equal(fake.log, "");	/* nothing half-gathered was programmed */
}

static void test_no_driver(void **state)
{
	struct fl_s *f = *state;
	uint8_t d[8] = { 0 };

	gdb_flash_set_backend(&f->g.flash, &gdb_flash_backend_none);
	assert_string_equal(spkt(f, "vFlashErase:08000000,800"), "OK");
	assert_string_equal(vwrite(f, 0x08000000, d, 8), "OK");
	assert_string_equal(spkt(f, "vFlashDone"),
			    "E.cannot erase flash at 0x08000000 (bank flash): no flash driver for this target yet");
	assert_int_equal(gdb_flash_mass_erase(&f->g.flash, -1), -1);
	assert_non_null(strstr(f->g.flash.err.msg, "no flash driver for this target yet"));
	assert_int_equal(gdb_flash_mass_erase(&f->g.flash, 3), -1);
	assert_string_equal(f->g.flash.err.msg, "no flash bank 3 (this target has 1)");
}

static void test_erase_now(void **state)
{
	struct fl_s *f = *state;

	assert_int_equal(gdb_flash_erase_now(&f->g.flash, 0x08000800, 0x1000), 0);
	assert_string_equal(fake.log, "erase 8000800+1000;done;");
	assert_int_equal(gdb_flash_erase_now(&f->g.flash, 0x08000801, 0x1000), -1);
}

static void test_block_size(void **state)
{
	struct fl_s *f = *state;
	const struct target_mem_s *m = f->g.flash.banks[0].mem;

	assert_int_equal(f->g.flash.n_banks, 1);
	assert_int_equal(gdb_flash_block_size(&f->g.flash, m), 2048);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_download, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_outside_erase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backend_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_now, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_size, setup, teardown),
	};

	return cmocka_run_group_tests_name("gdb vFlash plumbing", tests, NULL, NULL);
}
