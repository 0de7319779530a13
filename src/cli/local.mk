# SPDX-License-Identifier: GPL-2.0-or-later
# The rspflash program: its command line (src/cli/, one file per subcommand), main, man page.
noinst_LIBRARIES += src/libcli.a
src_libcli_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(INIH_CFLAGS)
src_libcli_a_SOURCES = \
	src/cli/cli.h src/cli/options.c src/cli/exit.c src/cli/exit.h \
	src/cli/attach.c src/cli/images.c src/cli/clock.c src/cli/progress.c src/cli/interrupt.c \
	src/cli/json.c src/cli/json.h \
	src/cli/cmd_gdbserver.c src/cli/cmd_flash.c src/cli/cmd_verify.c src/cli/cmd_erase.c \
	src/cli/cmd_read.c src/cli/cmd_reset.c src/cli/cmd_probe_info.c src/cli/cmd_targets.c \
	src/cli/cmd_monitor.c src/cli/cmd_run.c src/cli/config.c src/cli/gang.c \
	src/cli/rtt.c

bin_PROGRAMS += rspflash
rspflash_SOURCES = src/main.c
rspflash_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
rspflash_LDADD = src/libcli.a src/libimage.a $(GDB_LIBS) $(JSONC_LIBS) $(INIH_LIBS)
dist_man1_MANS += doc/rspflash.1
# J-Link access without root, and bash completion (contrib/)
udevrulesdir = $(prefix)/lib/udev/rules.d
dist_udevrules_DATA = contrib/udev/60-rspflash-jlink.rules
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = contrib/bash-completion/rspflash
EXTRA_DIST += doc/cli-json.md
