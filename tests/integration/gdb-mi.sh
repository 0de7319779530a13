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
	out=$tmp/mi-$board.out
	if ! timeout 180 python3 "$self_dir/gdb-mi.py" "$GDB_MULTIARCH" "$elf" "$port" >"$out" 2>&1; then
		cat "$out" >&2
		echo "---- server log" >&2
		tail -n 30 "$server_log" >&2
		die "$board: MI session failed"
	fi
	say "$board: $(grep 'interrupt latency' "$out")"
	stop_server
	say "$board: PASS"
done
