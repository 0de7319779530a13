# SPDX-License-Identifier: GPL-2.0-or-later
# The flash layer (flash/): banks, planner, executor, verify, drivers, and the on-target
# routines it embeds (flash/loaders/local.mk). Below src/gdb, beside the command line.
noinst_LIBRARIES += flash/libflash.a
flash_libflash_a_SOURCES = \
	flash/flash.h flash/flash_internal.h flash/flash.c \
	flash/geom.c flash/geom.h \
	flash/plan.c flash/plan.h \
	flash/stream.c flash/window.c flash/hostops.c flash/download.c flash/download.h flash/verify.c flash/verify_words.c flash/otp.c \
	flash/drivers/stm32l5.c flash/drivers/stm32l5.h flash/drivers/stm32l5_clock.c \
	flash/drivers/stm32f4.c flash/drivers/stm32f4.h \
	flash/drivers/alif_mram.c flash/drivers/alif_mram.h \
	flash/loaders/stream_abi.h flash/loaders/stm32_stream.h \
	flash/loaders/flm_abi.h flash/loaders/builtin.h flash/loaders/builtin.c \
	flash/loader/loader.h flash/loader/image.c flash/loader/image.h flash/loader/run.c flash/loader/session.c flash/loader/readback.c flash/loader/report.c \
	flash/loader/bank.c flash/loader/stream_mode.c
flash_libflash_a_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) $(CAPSTONE_CFLAGS)
nodist_flash_libflash_a_SOURCES = flash/loaders/stm32_stream_blob.c $(FLM_BLOBS)
CLEANFILES += $(FLM_BLOBS) $(FLM_BLOBS:_elf.c=.flm)
FLASH_LIBS = flash/libflash.a $(LIBELF_LIBS)

# The planner and the geometry need no target.
FLASH_UNIT_TESTS = tests/unit/test_flash_plan
check_PROGRAMS += $(FLASH_UNIT_TESTS)
TESTS += $(FLASH_UNIT_TESTS)
tests_unit_test_flash_plan_SOURCES = tests/unit/test_flash_plan.c
tests_unit_test_flash_plan_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_flash_plan_LDADD = $(FLASH_LIBS) $(CMOCKA_LIBS)
