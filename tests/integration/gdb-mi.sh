#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-mi.sh: a scripted IDE session through GDB/MI (gdb-mi.py) against rspflash on each
# virtual board, with the wall-time latency of -exec-interrupt (Ctrl-C) printed and
# loosely bounded. Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-mi
. "$(dirname "$0")/gdb-lib.sh"

for board in stm32f401 stm32l552; do
	elf=$top_builddir/tests/target/gdb/gdbprog-$(core_of "$board").elf
	[ -f "$elf" ] || hard_error "$elf not built"
	start_server "$board"
	run_mi_script gdb-mi.py "$elf" "mi-$board"
	say "$board: $(grep 'interrupt latency' "$out")"
	stop_server
	say "$board: PASS"
done
