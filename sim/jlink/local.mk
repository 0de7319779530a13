# rspflash-sim: the virtual J-Link over TCP. Owned by the J-Link front-end work.
bin_PROGRAMS += rspflash-sim
rspflash_sim_SOURCES = \
	sim/jlink/main.c \
	sim/jlink/jlink_proto.c sim/jlink/jlink_proto.h \
	sim/jlink/jlink_tcp.c sim/jlink/jlink_tcp.h \
	sim/jlink/discovery.c sim/jlink/discovery.h
rspflash_sim_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS) $(LIBELF_CFLAGS)
rspflash_sim_LDADD = $(SIM_LIBS) $(LIBELF_LIBS)
dist_man1_MANS += doc/rspflash-sim.1

# The J-Link protocol state machine against a real board, in memory (no sockets).
check_PROGRAMS += tests/unit/test_jlink_proto
TESTS += tests/unit/test_jlink_proto
tests_unit_test_jlink_proto_SOURCES = tests/unit/test_jlink_proto.c \
	sim/jlink/jlink_proto.c sim/jlink/jlink_proto.h \
	sim/jlink/discovery.c sim/jlink/discovery.h \
	sim/jlink/jlink_tcp.c sim/jlink/jlink_tcp.h
tests_unit_test_jlink_proto_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_jlink_proto_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
