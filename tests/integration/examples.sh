#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# examples.sh: the example firmware of every virtual board (examples/, built by `make`)
# loads with gdb-multiarch's `load` into the board's flash (and external NOR), matches
# compare-sections, and runs from there after a reset: blink() is reached at the 1000th
# and the 2000th count. The README's tour relies on the stm32l552 one
# (tests/integration/readme-tour.sh).
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=examples
. "$(dirname "$0")/gdb-lib.sh"

for board in stm32l552 stm32f401 stm32l562e-dk stm32n657 alif-e7; do
	elf=$top_builddir/examples/counter-$board.elf
	[ -f "$elf" ] || hard_error "$elf not built (make builds it)"
	start_server "$board"
	gdb_run "$board" "file $elf" "monitor reset halt" "load" "compare-sections" "monitor reset halt" \
		"break blink" "continue" "continue" "print count"
	out=$tmp/$board.out
	expect "$out" "Transfer rate" "$board: load"
	expect "$out" "Section \.text, .*: matched" "$board: .text compared"
	case $board in
	stm32l552 | stm32f401) ;;
	*) expect "$out" "Section \.ext_flash, .*: matched" "$board: the part in the external NOR compared" ;;
	esac
	if grep -q "MIS-MATCHED\|Load failed\|Error" "$out"; then cat "$out" >&2; die "$board: load"; fi
	expect "$out" '^\$1 = 2000$' "$board: the program runs from flash after reset"
	expect "$server_log" "verify passed: level 1 on, level 2 by CRC" "$board: the log reports the verify"
	stop_server
	say "$board: pass"
done
