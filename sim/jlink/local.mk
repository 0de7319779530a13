# rspflash-sim: the virtual J-Link over TCP. Owned by the J-Link front-end work.
# The front end's files but main.c, shared with its tests.
JLINK_FRONT_SOURCES = \
	sim/jlink/jlink_proto.c sim/jlink/jlink_proto.h \
	sim/jlink/jlink_tcp.c sim/jlink/jlink_tcp.h \
	sim/jlink/discovery.c sim/jlink/discovery.h
bin_PROGRAMS += rspflash-sim
rspflash_sim_SOURCES = sim/jlink/main.c $(JLINK_FRONT_SOURCES)
rspflash_sim_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS) $(LIBELF_CFLAGS)
rspflash_sim_LDADD = $(SIM_LIBS) $(LIBELF_LIBS)
dist_man1_MANS += doc/rspflash-sim.1

JLINK_TEST_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS) $(CMOCKA_CFLAGS)

# The J-Link protocol state machine against a real board, in memory (no sockets).
check_PROGRAMS += tests/unit/test_jlink_proto
TESTS += tests/unit/test_jlink_proto
tests_unit_test_jlink_proto_SOURCES = tests/unit/test_jlink_proto.c $(JLINK_FRONT_SOURCES)
tests_unit_test_jlink_proto_CFLAGS = $(JLINK_TEST_CFLAGS)
tests_unit_test_jlink_proto_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)

# The J-Link TCP server on 127.0.0.1 (port 0) with raw clients: stalled and slow readers.
check_PROGRAMS += tests/unit/test_jlink_tcp
TESTS += tests/unit/test_jlink_tcp
tests_unit_test_jlink_tcp_SOURCES = tests/unit/test_jlink_tcp.c tests/unit/loopback.c \
	tests/unit/loopback.h $(JLINK_FRONT_SOURCES)
tests_unit_test_jlink_tcp_CFLAGS = $(JLINK_TEST_CFLAGS)
tests_unit_test_jlink_tcp_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS) -lpthread
