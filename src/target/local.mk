# The Cortex-M target layer and the part table (targets/).
noinst_LIBRARIES += src/libtarget.a
src_libtarget_a_SOURCES = \
	src/target/cortexm.c src/target/cortexm.h src/target/cortexm_internal.h \
	src/target/cortexm_regs.c \
	src/target/cortexm_points.c \
	src/target/cortexm_routine.c \
	src/target/cortexm_fault.c src/target/cortexm_fault.h \
	src/target/cortexm_exc.c src/target/cortexm_exc.h \
	arch/cortexm_debug.h \
	targets/targets.c targets/targets.h \
	targets/stm32f401.c \
	targets/stm32l552.c \
	targets/stm32n657.c \
	targets/alif_e7.c
src_libtarget_a_CFLAGS = $(AM_CFLAGS) $(CAPSTONE_CFLAGS)
TARGET_LIBS = src/libtarget.a src/libadi.a $(SIM_LIBS) $(LIBJAYLINK_LIBS) $(LIBUSB_LIBS) $(CAPSTONE_LIBS)

check_PROGRAMS += tests/unit/test_cortexm
TESTS += tests/unit/test_cortexm
tests_unit_test_cortexm_SOURCES = tests/unit/test_cortexm.c
tests_unit_test_cortexm_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_cortexm_LDADD = $(TARGET_LIBS) $(CMOCKA_LIBS)

# The same run-control tests through libjaylink and rspflash-sim over TCP (network namespace).
TESTS += tests/unit/test_cortexm_jlink.sh
EXTRA_DIST += tests/unit/test_cortexm_jlink.sh
