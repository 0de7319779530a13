#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test_cortexm_jlink.sh: the Cortex-M run-control tests (test_cortexm) through the real
# jlink driver: libjaylink discovers rspflash-sim over TCP and drives it by SWD_IO, the
# way it would drive a networked J-Link. Each board runs in a network namespace of its own
# (scripts/netns-run): libjaylink's discovery broadcasts and must never reach a network.
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (no namespace here), 99 not built.
set -eu

me=test_cortexm_jlink
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
sim=$top_builddir/rspflash-sim
prog=$top_builddir/tests/unit/test_cortexm

if [ "${1:-}" = "--inside" ]; then
	board=$2 vectors=$3 vtor=$4
	"$sim" --board "$board" --serial 424242 --load "$vectors@$vtor" --stats --log-level warn &
	sim_pid=$!
	rc=0
	RSPFLASH_TEST_PROBE=jlink-tcp:424242 timeout 120 "$prog" "$board" || rc=$?
	kill -TERM "$sim_pid" 2>/dev/null || true
	wait "$sim_pid" 2>/dev/null || true
	exit $rc
fi

[ -x "$sim" ] && [ -x "$prog" ] || { echo "$me: rspflash-sim or test_cortexm not built" >&2; exit 99; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The reset vector test expects SP 0x20002000 and the reset handler at 0x20000000 (Thumb).
printf '\000\040\000\040\001\000\000\040' > "$tmp/vectors.bin"
case $0 in /*) self=$0 ;; *) self=$(pwd)/$0 ;; esac
for spec in stm32f401:0x00000000 stm32l552:0x08000000; do
	board=${spec%%:*}
	rc=0
	sh "$top_srcdir/scripts/netns-run" sh "$self" --inside "$board" "$tmp/vectors.bin" "${spec#*:}" || rc=$?
	case $rc in
	0) echo "$me: $board: PASS" ;;
	3) echo "$me: SKIPPED: cannot create a network namespace" >&2; exit 77 ;;
	*) echo "$me: FAIL on $board (exit $rc)" >&2; exit 1 ;;
	esac
done
