#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-run.sh: `rspflash run` (firmware to completion, for CI) on the virtual boards: a newlib
# program linked with --specs=rdimon.specs, in flash, prints, reads a host file, writes one,
# is refused a file outside --semihosting-dir and exits with status 3: rspflash exits 3 with
# the program's output alone on stdout. A program that faults exits 125 with the fault
# explained (PRECISERR, BFAR, the instruction); one that never exits, 124 at --timeout
# (modeled time: the same verdict on a slow host).
# Exit: 0 pass, 1 fail, 99 hard error.
set -u
me=cli-run
. "$(dirname "$0")/cli-lib.sh"
rspflash=$(cd "${top_builddir:-.}" && pwd)/rspflash
elfdir=$(cd "${top_builddir:-.}" && pwd)/tests/target
[ -x "$rspflash" ] || { echo "$me: ERROR: $rspflash not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rspflash-$me.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
mkdir files
echo "from the host" >files/input.txt

for pair in stm32l552:m33 stm32f401:m4; do
	board=${pair%%:*}
	elf=$elfdir/semihost/semihost-run-${pair##*:}.elf
	[ -f "$elf" ] || { echo "$me: ERROR: $elf not built" >&2; exit 99; }
	rm -f files/output.txt
	timeout 120 "$rspflash" run --board "$board" --semihosting-dir files "$elf" >out.txt 2>err.txt
	rc=$?
	if [ $rc -ne 3 ]; then
		fail "$board: run exited $rc, want the program's 3"
		tail -5 err.txt >&2
	fi
	grep -q "^semihost: input.txt says 'from the host'$" out.txt || fail "$board: the program's output is not on stdout"
	grep -q "semihost: ../outside.txt refused (errno 13)" out.txt || fail "$board: a file outside the directory was not refused"
	grep -q "flash:\|run:" out.txt && fail "$board: rspflash's report on stdout (it belongs on stderr)"
	grep -q "run: the program exited with status 3" err.txt || fail "$board: no exit line on stderr"
	[ "$(cat files/output.txt 2>/dev/null)" = "the target read 'from the host'" ] || fail "$board: output.txt not written"
	[ -e outside.txt ] && fail "$board: outside.txt was created"
	echo "$me: ok: $board: exit 3, output, files"
done

run 125 "BFAR  = 0xd0000000" run --board stm32l552 "$elfdir/semihost/fault-run-m33.elf"
run 125 "the program faulted at pc 0x0800" run --board stm32l552 "$elfdir/semihost/fault-run-m33.elf"
run 124 "no exit within 1 s \(modeled target time\)" run --board stm32l552 --timeout 1 "$elfdir/vectors-m33.elf"
run 2 "bad value '0' for --timeout" run --board stm32l552 --timeout 0 "$elfdir/vectors-m33.elf"
run 4 "0x20000000 is not in a flash bank" run --board stm32l552 "$elfdir/semihost/semihost-m33.elf"	# RAM: run takes flash images
[ $fails -eq 0 ] || exit 1
echo "$me: PASS"
