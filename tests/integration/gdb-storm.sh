#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-storm.sh: bad input (issue 12): firmware stuck in an interrupt storm on the virtual
# boards (gdb-storm.py: SysTick with RELOAD 1). Ctrl-C must halt it in bounded wall time,
# the stop and `monitor fault` must say which handler runs and what is pending, and the
# next continue and `load` must work. On the M4F (stm32f401) and the M33 (stm32l552).
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-storm
. "$(dirname "$0")/gdb-lib.sh"

for board in stm32f401 stm32l552; do
	elf=$top_builddir/tests/target/exc-$(core_of "$board").elf
	[ -f "$elf" ] || hard_error "$elf not built"
	start_server "$board"
	run_mi_script gdb-storm.py "$elf" "storm-$board"
	sed "s/^/$me: $board: /" "$out"
	grep -q "interrupted in a handler" "$server_log" || die "$board: the server log does not name the storm"
	stop_server
	say "$board: PASS"
done
