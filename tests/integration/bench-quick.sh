#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-quick.sh: `scripts/bench --quick` (one board, the bank-straddling image) runs on the
# build under test and reports every figure: the table rows of the three starting contents,
# the L2 row, a verdict for each goal it can judge, OpenOCD's rows when OpenOCD and a network
# namespace are to be had, the NOR rows (a 128 KB image on the alif-e7 through its RAM
# loader), and no warning from the bench: rspflash's flash busy time must equal the bound's
# flash time, which fails when the per-operation times in bench/flash_bound.py or the NOR
# part rows bench/nor_bound.py reads drift from the simulator's, or rspflash erases or
# programs what it need not. The other figures are not judged here: that is what the benchmark is for.
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH, OPENOCD.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=bench-quick
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
say() { echo "$me: $*"; }
die() { echo "$me: FAIL: $*" >&2; exit 1; }

gdb=${GDB_MULTIARCH-gdb-multiarch}
if [ -z "$gdb" ] || ! command -v "$gdb" >/dev/null 2>&1; then
	echo "$me: SKIPPED: gdb-multiarch not found" >&2
	exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "$me: ERROR: python3 not found" >&2; exit 99; }

out=$(mktemp "${TMPDIR:-/tmp}/$me.XXXXXX")
trap 'rm -f "$out" "$out.err"' EXIT
rc=0
timeout 300 python3 "$top_srcdir/scripts/bench" --quick --build-dir "$top_builddir" >"$out" 2>"$out.err" || rc=$?
cat "$out"
[ "$rc" -eq 0 ] || { cat "$out.err" >&2; die "scripts/bench --quick exited $rc"; }

# row: board label, image, start, then the 9 figures of the rspflash table
num='[0-9]+(\.[0-9]+)?'
for start in blank other same; do
	grep -Eq "^stm32l552 DBANK=1 +straddle +$start( +$num){9}\$" "$out" ||
		die "no rspflash row for the straddle image onto $start"
done
grep -Eq "^stm32l552 DBANK=1( +$num){6}%\$" "$out" || die "no L2 row"
for goal in 'physical bound' 'identical reload' 'L2 by CRC'; do
	grep -Eq "^  (PASS|MISS|ok|over) .*$goal" "$out" || die "no verdict for the goal '$goal'"
done
if grep -q '^OpenOCD `program' "$out"; then
	for start in blank other same; do
		grep -Eq "^stm32l552 DBANK=1 +straddle +$start( +$num){6} +$num""x\$" "$out" ||
			die "no OpenOCD row for the straddle image onto $start"
	done
	grep -Eq '^  (PASS|MISS) faster than OpenOCD' "$out" || die "no verdict for the OpenOCD goal"
else
	say "OpenOCD left out: $(sed -n 's/^OpenOCD: //p' "$out")"
fi
# the NOR part: the alif-e7 rows (128 KB through its RAM loader) unless this build lacks it
if grep -q '^alif-e7 .*not measured' "$out"; then
	say "NOR left out: $(sed -n 's/^alif-e7 *not measured: //p' "$out")"
else
	for start in blank other same; do
		grep -Eq "^alif-e7 +$start +auto( +$num){9}\$" "$out" || die "no NOR row for the alif-e7 onto $start"
	done
	grep -Eq '^  (ok|over) NOR .*physical bound' "$out" || die "no verdict for the NOR bound"
fi
if grep -q '^  warning:' "$out"; then
	die "the bench warned (see above)"
fi
say "pass"
