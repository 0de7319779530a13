#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-cli.sh: gdb-multiarch in batch mode against rspflash on each virtual board
# (stm32f401 = Cortex-M4F, stm32l552 = Cortex-M33): target extended-remote, load of
# tests/target/gdb/gdbprog into RAM, compare-sections (qCRC), break main, continue, next,
# step, finish, info registers (FPU; the security registers on the M33), x/16xw, watch on a
# global the program changes, set var, monitor reset halt / mdw / stats, detach, reconnect,
# kill. Prints the load's cost in modeled seconds (monitor stats before and after).
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-cli
. "$(dirname "$0")/gdb-lib.sh"

modeled_ns() { sed -n 's/.*time_ns=\([0-9]*\).*/\1/p' "$1" | sed -n "${2}p"; }

run_board() {
	local board=$1 core elf out
	core=$(core_of "$board")
	elf=$top_builddir/tests/target/gdb/gdbprog-$core.elf
	[ -f "$elf" ] || hard_error "$elf not built"
	start_server "$board"
	out=$tmp/gdb-$board.out
	# 64 KiB of data to write into RAM with X packets: the load-speed figure
	python3 -c "import os, sys; sys.stdout.buffer.write(os.urandom(65536))" >"$tmp/blob.bin"
	cat >"$tmp/session.gdb" <<GDB
set pagination off
set confirm off
target extended-remote localhost:$port
monitor reset halt
monitor stats
load
monitor stats
restore $tmp/blob.bin binary 0x20008000
monitor stats
dump binary memory $tmp/back.bin 0x20008000 0x20018000
monitor stats
maint packet qCRC:20008000,10000
monitor stats
compare-sections
break main
set \$pc = _start
continue
next
next
step
bt
finish
info registers
info registers fpscr d0 s1
$( [ "$core" = m33 ] && echo "info registers msp_s psp_s msp_ns psp_ns" )
x/16xw &counter
watch counter
continue
continue
delete
set var stop_after = counter + 3
continue
print finished
print/x counter
monitor mdw 0x20000000 4
detach
target extended-remote localhost:$port
info registers pc
print finished
kill
GDB
	timeout 120 "$GDB_MULTIARCH" -q -batch -nx "$elf" -x "$tmp/session.gdb" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "$board: gdb-multiarch failed"; }
	expect "$out" 'halted at the reset vector' "$board: monitor reset halt"
	expect "$out" 'Start address 0x200000[0-9a-f]+, load size [0-9]+' "$board: load"
	expect "$out" 'Section \.text, range .*: matched\.' "$board: compare-sections"
	expect "$out" 'Breakpoint 1, main \(\) at .*gdbprog\.c' "$board: break main + continue"
	expect "$out" 'accumulate \(n=1\) at .*gdbprog\.c' "$board: step into accumulate"
	expect "$out" 'Run till exit from #0 +accumulate|Value returned is \$[0-9]+ = 1' "$board: finish"
	expect "$out" '^xpsr +0x' "$board: info registers"
	expect "$out" '^msp +0x' "$board: info registers (m-system)"
	expect "$out" '^fpscr +0x' "$board: FPU fpscr"
	expect "$out" '^d0 +' "$board: FPU d0"
	expect "$out" '^s1 +' "$board: FPU s1 (pseudo over d0)"
	if [ "$core" = m33 ]; then
		expect "$out" '^msp_s +0x' "$board: security registers"
		expect "$out" '^psp_ns +0x' "$board: security registers"
	fi
	expect "$out" '^0x200000[0-9a-f]+ <counter>:' "$board: x/16xw"
	expect "$out" 'Hardware watchpoint 2: counter' "$board: watch"
	expect "$out" 'Old value = 2' "$board: watch hit (old value)"
	expect "$out" 'New value = 3' "$board: watch hit (new value)"
	expect "$out" '^\$[0-9]+ = 1$' "$board: set var stop_after ended the loop (finished = 1)"
	expect "$out" '^0x20000000: [0-9a-f]{8} [0-9a-f]{8}' "$board: monitor mdw"
	expect "$out" 'Inferior 1 \(Remote target\) detached' "$board: detach"
	expect "$out" '^pc +0x2000' "$board: reconnect after detach"
	expect "$out" 'Inferior 1 \(Remote target\) killed' "$board: kill"
	if grep -q 'Remote communication error\|Remote failure reply' "$out"; then
		cat "$out" >&2
		die "$board: protocol error in the session"
	fi
	cmp -s "$tmp/blob.bin" "$tmp/back.bin" || die "$board: 64 KiB written with restore (X packets) read back different"
	local want
	want=$(python3 -c '
import sys
crc = 0xFFFFFFFF
for b in open(sys.argv[1], "rb").read():
    crc ^= b << 24
    for _ in range(8):
        crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
print("C%08x" % crc)' "$tmp/blob.bin")
	expect "$out" "received: \"$want\"" "$board: qCRC of 64 KiB on the target = $want (GDB's CRC-32)"
	local t0 t1 t2 t3 t4
	t0=$(modeled_ns "$out" 1)
	t1=$(modeled_ns "$out" 2)
	t2=$(modeled_ns "$out" 3)
	t3=$(modeled_ns "$out" 4)
	t4=$(modeled_ns "$out" 5)
	say "$board: load $(sed -n 's/.*load size \([0-9]*\).*/\1/p' "$out") bytes into RAM in" \
		"$(python3 -c "print('%.4f' % (($t1 - $t0) / 1e9))") modeled s; 64 KiB with X packets in" \
		"$(python3 -c "d = ($t2 - $t1) / 1e9; print('%.4f modeled s (%.0f KiB/s)' % (d, 64 / d))");" \
		"read back with m packets in $(python3 -c "print('%.4f' % (($t3 - $t2) / 1e9))") modeled s;" \
		"qCRC of the 64 KiB in $(python3 -c "print('%.4f' % (($t4 - $t3) / 1e9))") modeled s;" \
		"qCRC: $(grep -c 'computed on the target' "$server_log") on target," \
		"$(grep -c 'computed on the host' "$server_log") on host"
	expect "$server_log" 'computed on the target by the RAM routine' "$board: qCRC ran on the target"
	expect "$server_log" 'qCRC 0x20008000\+0x10000 = .*on the target' "$board: the 64 KiB qCRC ran on the target"
	stop_server
}

for board in stm32f401 stm32l552 alif-e7; do
	run_board "$board"
	say "$board: PASS"
done
