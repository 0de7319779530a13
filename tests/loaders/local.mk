# SPDX-License-Identifier: GPL-2.0-or-later
# Loaders a user brings, built from sources in the tests the way a user builds them, at
# make check time (they are test data, not part of rspflash).
#
# n6_user.stldr: an ST external loader for the STM32N6570-DK's MX66UW1G45G in 1-line SPI,
# linked at 0x34180400 as ST's CubeN6 ExtMemLoader is (segments Loader and SgInfo).
STLDR_CC_FLAGS = -mthumb -mcpu=cortex-m33 -Os -std=gnu11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments
STLDR_N6_SRC = tests/loaders/stldr/n6_user_loader.c tests/loaders/stldr/n6_user_loader.ld

tests/loaders/n6_user.stldr: $(STLDR_N6_SRC:%=$(srcdir)/%) $(srcdir)/tests/loaders/local.mk
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && \
	$(ARM_CC) $(STLDR_CC_FLAGS) -T $(srcdir)/tests/loaders/stldr/n6_user_loader.ld -o $@ \
		$(srcdir)/tests/loaders/stldr/n6_user_loader.c

check_DATA += tests/loaders/n6_user.stldr
CLEANFILES += tests/loaders/n6_user.stldr
EXTRA_DIST += $(STLDR_N6_SRC)

# The .stldr run on the virtual N657 (tests/unit/flm_harness.h), as CubeProgrammer calls it.
check_PROGRAMS += tests/unit/test_stldr_n6
TESTS += tests/unit/test_stldr_n6
tests_unit_test_stldr_n6_SOURCES = tests/unit/test_stldr_n6.c tests/unit/flm_harness.h \
	tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_stldr_n6_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(LIBELF_CFLAGS) \
	-DN6_USER_STLDR='"$(abs_top_builddir)/tests/loaders/n6_user.stldr"'
tests_unit_test_stldr_n6_LDADD = $(SIM_TEST_LIBS) $(LIBELF_LIBS)
EXTRA_tests_unit_test_stldr_n6_DEPENDENCIES = tests/loaders/n6_user.stldr
