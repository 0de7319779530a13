#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test_probe_jlink_tcp.sh: rspflash's jlink driver (libjaylink, TCP) against rspflash-sim.
#
# For each board, in a network namespace of its own (scripts/netns-run: libjaylink's TCP
# discovery broadcasts to 255.255.255.255:19020 and must never reach a real network), start
# rspflash-sim and run test_probe_jlink_tcp, which discovers it, connects, reads DPIDR,
# walks the ROM table and moves RAM. The simulator's statistics are printed at its exit.
# First, with two simulators in one namespace, the probe selection rules are checked.
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (no namespace can be created here),
# 99 hard error (something is not built).
set -eu

me=test_probe_jlink_tcp
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
sim=$top_builddir/rspflash-sim
prog=$top_builddir/tests/unit/test_probe_jlink_tcp
netns_run=$top_srcdir/scripts/netns-run

if [ "${1:-}" = "--selection" ]; then
	# two simulators on lo: selection by serial, by nickname, "several match", "none match"
	"$sim" --serial 424242 --log-level error &
	a=$!
	"$sim" --serial 515151 --nickname bench --bind 127.0.0.2 --log-level error &
	b=$!
	rc=0
	"$prog" --select jlink-tcp -3 0 || rc=1
	"$prog" --select jlink-tcp:515151 0 515151 || rc=1
	"$prog" --select jlink-tcp:bench 0 515151 || rc=1
	"$prog" --select jlink-tcp:424242 0 424242 || rc=1
	"$prog" --select jlink-tcp:999 -2 0 || rc=1
	kill -TERM "$a" "$b" 2>/dev/null || true
	wait "$a" "$b" 2>/dev/null || true
	exit $rc
fi

if [ "${1:-}" = "--inside" ]; then
	board=$2
	"$sim" --board "$board" --serial 424242 --stats --once --log-level warn &
	sim_pid=$!
	rc=0
	"$prog" "$board" 424242 || rc=$?
	kill -TERM "$sim_pid" 2>/dev/null || true
	wait "$sim_pid" 2>/dev/null || true
	exit $rc
fi

[ -x "$sim" ] || { echo "$me: $sim not built" >&2; exit 99; }
[ -x "$prog" ] || { echo "$me: $prog not built" >&2; exit 99; }
case $0 in
/*) self=$0 ;;
*) self=$(pwd)/$0 ;;
esac
for board in --selection stm32f401 stm32l552; do
	rc=0
	if [ "$board" = --selection ]; then
		sh "$netns_run" sh "$self" --selection || rc=$?
	else
		sh "$netns_run" sh "$self" --inside "$board" || rc=$?
	fi
	case $rc in
	0) ;;
	3) echo "$me: SKIPPED: cannot create a network namespace" >&2; exit 77 ;;
	*) echo "$me: FAIL on $board (exit $rc)" >&2; exit 1 ;;
	esac
done
echo "$me: PASS"
