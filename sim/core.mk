# The Cortex-M core model (CPU on Unicorn + debug block). Owned by the core work.
sim_libsim_a_SOURCES += \
	sim/core.c sim/core.h sim/core_private.h \
	sim/core_hooks.c \
	sim/core_tcg.c \
	sim/core_ff.c \
	sim/core_regs.c \
	sim/core_scs.c \
	sim/core_fpb.c \
	sim/core_dwt.c \
	sim/core_systick.c \
	sim/core_exc.c \
	sim/core_fp.c \
	sim/core_nvic.c

CORE_UNIT_TESTS = tests/unit/test_core tests/unit/test_core_debug tests/unit/test_core_timing tests/unit/test_systick
check_PROGRAMS += $(CORE_UNIT_TESTS)
TESTS += $(CORE_UNIT_TESTS)

tests_unit_test_core_SOURCES = tests/unit/test_core.c tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_core_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_core_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
tests_unit_test_core_debug_SOURCES = tests/unit/test_core_debug.c tests/unit/test_core_util.c \
	tests/unit/test_core_util.h
tests_unit_test_core_debug_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_core_debug_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
tests_unit_test_core_timing_SOURCES = tests/unit/test_core_timing.c tests/unit/test_core_util.c \
	tests/unit/test_core_util.h tests/unit/test_clock_util.h
tests_unit_test_core_timing_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_core_timing_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
tests_unit_test_systick_SOURCES = tests/unit/test_systick.c tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_systick_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UNICORN_CFLAGS)
tests_unit_test_systick_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)

# The simulator's host memory stays bounded, driven through the GDB layer (issue 8).
check_PROGRAMS += tests/unit/test_core_memory
TESTS += tests/unit/test_core_memory
tests_unit_test_core_memory_SOURCES = tests/unit/test_core_memory.c $(GDB_TEST_FIXTURE)
tests_unit_test_core_memory_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_core_memory_LDADD = $(GDB_TEST_LIBS)

# The exception model running firmware built by tests/target/local.mk (exc-*.bin).
check_PROGRAMS += tests/unit/test_exc
TESTS += tests/unit/test_exc
tests_unit_test_exc_SOURCES = tests/unit/test_exc.c tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_exc_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -DEXC_BIN_DIR='"$(abs_builddir)/tests/target"'
tests_unit_test_exc_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
