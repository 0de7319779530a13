#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-semihosting.sh: ARM semihosting in the GDB server (issue 12, part 2). An ordinary
# newlib program linked with Debian's --specs=rdimon.specs (tests/target/semihost) runs
# from RAM under `rspflash --semihosting --semihosting-dir DIR --once` with gdb-multiarch
# (load, continue): its printf reaches the server's stdout and GDB's console, it reads
# DIR/input.txt and writes DIR/output.txt, its fopen("../outside.txt") is refused with a
# log line naming the path (and no file appears), a call with a bad parameter block gets
# -1 with a log line naming the address while the program goes on, GDB reports "exited
# with code 03", and rspflash --once exits with 3. On the M4F (stm32f401) and the M33
# (stm32l552).
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-semihosting
. "$(dirname "$0")/gdb-lib.sh"

for b in stm32f401 stm32l552; do
	elf=$top_builddir/tests/target/semihost/semihost-$(core_of "$b").elf
	[ -f "$elf" ] || hard_error "$elf not built"
	dir=$tmp/dir-$b
	mkdir -p "$dir"
	echo "greetings from the host" >"$dir/input.txt"
	start_server "$b" --semihosting --semihosting-dir "$dir" --once
	gdb_run "$b" "file $elf" "load" "continue"
	rc=0
	wait "$server_pid" || rc=$?
	server_pid=
	out=$tmp/$b.out
	log=$tmp/server-$b.log
	expect "$log" "^semihost: hello from the target, 2 \+ 3 = 5$" "$b: printf reaches the server's stdout"
	expect "$out" "semihost: hello from the target, 2 \+ 3 = 5" "$b: printf reaches GDB's console"
	expect "$log" "^semihost: input.txt says 'greetings from the host'$" "$b: the program reads a host file"
	[ "$(cat "$dir/output.txt" 2>/dev/null)" = "the target read 'greetings from the host'" ] ||
		die "$b: output.txt not written as expected: $(cat "$dir/output.txt" 2>&1)"
	expect "$log" "^semihost: \.\./outside\.txt refused \(errno 13\)$" "$b: a path outside the directory is refused"
	expect "$log" "SYS_OPEN \"\.\./outside\.txt\" refused: it resolves to $tmp/outside\.txt, outside the semihosting directory $dir" \
		"$b: the refusal is logged with the path"
	[ ! -e "$tmp/outside.txt" ] || die "$b: ../outside.txt was created"
	expect "$log" "SYS_WRITE: cannot read 12 bytes at 0xd0000000" "$b: a bad pointer is logged with its address"
	expect "$log" "^semihost: SYS_WRITE with a bad block returns -1$" "$b: ... the call returns -1 and the program goes on"
	expect "$log" "semihosting: exit status 3" "$b: the server logs the exit status"
	expect "$out" "exited with code 03" "$b: GDB reports the exit status"
	[ "$rc" = 3 ] || { cat "$log" >&2; die "$b: rspflash --once exited with $rc, not the program's 3"; }
	say "$b: pass"
done
say "pass"
