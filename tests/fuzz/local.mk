# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz harnesses (doc/fuzzing.md): one program per parser that takes outside input, each
# with a seed corpus in tests/fuzz/corpus/NAME/. Configured with --enable-fuzzing (clang)
# they link libFuzzer's main() and `make check` adds a short fuzzing run to the corpus
# replay; otherwise driver.c's main() replays the corpus once. tests/fuzz/check.sh runs
# one harness for make check; scripts/fuzz runs them long.
FUZZ_HARNESSES = tests/fuzz/rsp_packet.fuzz tests/fuzz/gdb_dispatch.fuzz tests/fuzz/monitor.fuzz \
	tests/fuzz/loader_image.fuzz tests/fuzz/jlink_proto.fuzz tests/fuzz/swd_wire.fuzz \
	tests/fuzz/image_reader.fuzz tests/fuzz/config_file.fuzz tests/fuzz/rtt_block.fuzz
check_PROGRAMS += $(FUZZ_HARNESSES)
TESTS += $(FUZZ_HARNESSES)
TEST_EXTENSIONS = .fuzz
FUZZ_LOG_COMPILER = $(SHELL) $(srcdir)/tests/fuzz/check.sh
EXTRA_DIST += tests/fuzz/check.sh tests/fuzz/make_seeds.py tests/fuzz/corpus tests/fuzz/gdb_dispatch.dict tests/fuzz/monitor.dict \
	tests/fuzz/uncovered.ignorelist

if FUZZING
FUZZ_MAIN =
FUZZ_LINK_FLAGS = -fsanitize=fuzzer
AM_FUZZ_LOG_FLAGS = --libfuzzer
# The GDB-layer harnesses (gdb_dispatch, monitor) drive a whole session on an in-process
# board, and half their time went to the simulator's own coverage instrumentation: the
# virtual board is their environment, not what they fuzz. They link a second copy of the
# simulator built without coverage (ASan and UBSan kept). jlink_proto and swd_wire fuzz the
# simulator itself and keep the instrumented one.
noinst_LIBRARIES += tests/fuzz/libsim_uncovered.a
tests_fuzz_libsim_uncovered_a_SOURCES = $(sim_libsim_a_SOURCES)
tests_fuzz_libsim_uncovered_a_CFLAGS = $(sim_libsim_a_CFLAGS) \
	-fsanitize-coverage-ignorelist=$(srcdir)/tests/fuzz/uncovered.ignorelist
FUZZ_SESSION_SIM = tests/fuzz/libsim_uncovered.a
else
FUZZ_MAIN = tests/fuzz/driver.c
FUZZ_LINK_FLAGS =
AM_FUZZ_LOG_FLAGS =
FUZZ_SESSION_SIM = sim/libsim.a
endif
FUZZ_SESSION_LIBS = $(GDB_SERVER_LIBS) $(FUZZ_SESSION_SIM) $(SIM_SYSTEM_LIBS) $(GDB_SYSTEM_LIBS)
FUZZ_COMMON = tests/fuzz/fuzz.h tests/fuzz/fuzz_check.c $(FUZZ_MAIN)
FUZZ_GDB = tests/fuzz/gdb_board.c tests/fuzz/gdb_board.h tests/fuzz/fuzz_log.c
FUZZ_SIM = tests/fuzz/sim_board.c tests/fuzz/sim_board.h

tests_fuzz_rsp_packet_fuzz_SOURCES = tests/fuzz/rsp_packet.c $(FUZZ_COMMON)
tests_fuzz_rsp_packet_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_rsp_packet_fuzz_LDADD = src/librsp.a

tests_fuzz_gdb_dispatch_fuzz_SOURCES = tests/fuzz/gdb_dispatch.c $(FUZZ_GDB) $(FUZZ_COMMON)
tests_fuzz_gdb_dispatch_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_gdb_dispatch_fuzz_LDADD = $(FUZZ_SESSION_LIBS)

tests_fuzz_monitor_fuzz_SOURCES = tests/fuzz/monitor.c $(FUZZ_GDB) $(FUZZ_COMMON)
tests_fuzz_monitor_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_monitor_fuzz_LDADD = $(FUZZ_SESSION_LIBS)

tests_fuzz_loader_image_fuzz_SOURCES = tests/fuzz/loader_image.c $(FUZZ_COMMON)
tests_fuzz_loader_image_fuzz_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_fuzz_loader_image_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_loader_image_fuzz_LDADD = $(FLASH_LIBS) src/libadi.a

tests_fuzz_jlink_proto_fuzz_SOURCES = tests/fuzz/jlink_proto.c sim/jlink/jlink_proto.c sim/jlink/jlink_proto.h \
	$(FUZZ_SIM) $(FUZZ_COMMON)
tests_fuzz_jlink_proto_fuzz_CFLAGS = $(AM_CFLAGS) $(UNICORN_CFLAGS)
tests_fuzz_jlink_proto_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_jlink_proto_fuzz_LDADD = $(SIM_LIBS)

tests_fuzz_swd_wire_fuzz_SOURCES = tests/fuzz/swd_wire.c $(FUZZ_SIM) $(FUZZ_COMMON)
tests_fuzz_swd_wire_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_swd_wire_fuzz_LDADD = $(SIM_LIBS)

tests_fuzz_image_reader_fuzz_SOURCES = tests/fuzz/image_reader.c $(FUZZ_COMMON)
tests_fuzz_image_reader_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_image_reader_fuzz_LDADD = $(IMAGE_LIBS)

tests_fuzz_config_file_fuzz_SOURCES = tests/fuzz/config_file.c $(FUZZ_COMMON)
tests_fuzz_config_file_fuzz_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_config_file_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_config_file_fuzz_LDADD = src/libcli.a src/libimage.a $(GDB_LIBS) $(JSONC_LIBS) $(INIH_LIBS)

tests_fuzz_rtt_block_fuzz_SOURCES = tests/fuzz/rtt_block.c tests/fuzz/fuzz_log.c $(FUZZ_COMMON)
tests_fuzz_rtt_block_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_rtt_block_fuzz_LDADD = $(GDB_LIBS)
