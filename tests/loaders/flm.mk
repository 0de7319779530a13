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
