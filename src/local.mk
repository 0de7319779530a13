# rspflash's probe and ADI layers (src/probe, src/adi) as one library, and their tests.
noinst_LIBRARIES += src/libadi.a
src_libadi_a_CFLAGS = $(AM_CFLAGS) $(LIBJAYLINK_CFLAGS) $(LIBUSB_CFLAGS)
src_libadi_a_SOURCES = \
	src/probe/probe.h src/probe/probe.c \
	src/probe/probe_sim.c \
	src/probe/probe_jlink.c \
	src/adi/adi_regs.h \
	src/error/error.c src/error/error.h \
	src/adi/swd_queue.c src/adi/swd_queue.h src/adi/swd_queue_internal.h \
	src/adi/swd_recover.c \
	src/adi/dp.c src/adi/dp.h \
	src/adi/memap.c src/adi/memap.h \
	src/adi/romtable.c src/adi/romtable.h
ADI_LIBS = src/libadi.a $(SIM_LIBS) $(LIBJAYLINK_LIBS) $(LIBUSB_LIBS)

ADI_UNIT_TESTS = tests/unit/test_adi_queue tests/unit/test_adi_dp tests/unit/test_adi_memap \
	tests/unit/test_probe
check_PROGRAMS += $(ADI_UNIT_TESTS)
TESTS += $(ADI_UNIT_TESTS)

ADI_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
ADI_TEST_LIBS = $(ADI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_adi_queue_SOURCES = tests/unit/test_adi_queue.c tests/unit/test_adi_fixture.c tests/unit/test_adi_fixture.h
tests_unit_test_adi_queue_CFLAGS = $(ADI_TEST_CFLAGS)
tests_unit_test_adi_queue_LDADD = $(ADI_TEST_LIBS)
tests_unit_test_adi_dp_SOURCES = tests/unit/test_adi_dp.c tests/unit/test_adi_fixture.c tests/unit/test_adi_fixture.h
tests_unit_test_adi_dp_CFLAGS = $(ADI_TEST_CFLAGS)
tests_unit_test_adi_dp_LDADD = $(ADI_TEST_LIBS)
tests_unit_test_adi_memap_SOURCES = tests/unit/test_adi_memap.c tests/unit/test_adi_fixture.c tests/unit/test_adi_fixture.h
tests_unit_test_adi_memap_CFLAGS = $(ADI_TEST_CFLAGS)
tests_unit_test_adi_memap_LDADD = $(ADI_TEST_LIBS)
tests_unit_test_probe_SOURCES = tests/unit/test_probe.c
tests_unit_test_probe_CFLAGS = $(ADI_TEST_CFLAGS)
tests_unit_test_probe_LDADD = $(ADI_TEST_LIBS)

# The jlink driver end to end against rspflash-sim over TCP, inside a network namespace.
check_PROGRAMS += tests/unit/test_probe_jlink_tcp
tests_unit_test_probe_jlink_tcp_SOURCES = tests/unit/test_probe_jlink_tcp.c
tests_unit_test_probe_jlink_tcp_CFLAGS = $(AM_CFLAGS)
tests_unit_test_probe_jlink_tcp_LDADD = $(ADI_LIBS)
TESTS += tests/unit/test_probe_jlink_tcp.sh
EXTRA_DIST += tests/unit/test_probe_jlink_tcp.sh
