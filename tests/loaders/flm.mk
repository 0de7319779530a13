# SPDX-License-Identifier: GPL-2.0-or-later
# The Alif E7 OSPI1 loaders in the simulator (tests/unit/test_loader_alif.c): the built-in
# one (flash/loaders/alif_ospi1.c, linked in as its embedded ELF) and, below, a user FLM
# built the way a user builds one.
check_PROGRAMS += tests/unit/test_loader_alif
TESTS += tests/unit/test_loader_alif
tests_unit_test_loader_alif_SOURCES = tests/unit/test_loader_alif.c tests/unit/test_core_util.c \
	tests/unit/test_core_util.h
nodist_tests_unit_test_loader_alif_SOURCES = flash/loaders/alif_ospi1_elf.c
tests_unit_test_loader_alif_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_loader_alif_LDADD = $(SIM_TEST_LIBS)

# A user FLM for the same flash (tests/loaders/flm/alif_user_flm.c, 1-1-1 SPI), built with
# the user's own flags and link script, and the broken variants the loader-failure tests
# run (see the switches in its header comment).
USER_FLM_SRC = $(srcdir)/tests/loaders/flm/alif_user_flm.c
USER_FLM_DEPS = $(USER_FLM_SRC) $(srcdir)/tests/loaders/flm/alif_user_flm.ld $(srcdir)/tests/loaders/flm.mk
USER_FLM_CC = $(ARM_CC) -mthumb -mcpu=cortex-m33 -Os -fPIE -ffreestanding -nostdlib -nostartfiles \
	-Wall -Wextra -Werror -Wl,--fatal-warnings -Wl,--no-warn-rwx-segments \
	-Wl,-T,$(srcdir)/tests/loaders/flm/alif_user_flm.ld
USER_FLMS = tests/loaders/alif_user.flm tests/loaders/alif_broken_fault.flm tests/loaders/alif_broken_hang.flm \
	tests/loaders/alif_broken_hang_late.flm \
	tests/loaders/alif_broken_fail.flm tests/loaders/alif_broken_stack.flm tests/loaders/alif_broken_noentry.flm

tests/loaders/alif_user.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_fault.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_FAULT -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_hang.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_HANG -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_hang_late.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_HANG_LATE -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_fail.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_FAIL -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_stack.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_STACK -o $@ $(USER_FLM_SRC)
tests/loaders/alif_broken_noentry.flm: $(USER_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && $(USER_FLM_CC) -DBROKEN_NOENTRY -o $@ $(USER_FLM_SRC)

check_DATA += $(USER_FLMS)
CLEANFILES += $(USER_FLMS)
EXTRA_DIST += tests/loaders/flm/alif_user_flm.c tests/loaders/flm/alif_user_flm.ld
