#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-probe-drop.sh: the probe's link drops in the middle of a flash download. rspflash
# talks to rspflash-sim through libjaylink over TCP (`--probe jlink-tcp:SERIAL`), and the
# simulator drops the connection after N J-Link commands (--drop-after), in the middle of
# gdb's `load`. The load fails with the reason in the log; the server stays up; the next
# `load` opens the probe again, connects to the target again and ends with flash exactly
# equal to the image (compare-sections, and a dump compared byte by byte): no sector left
# half-programmed is trusted as unchanged.
#
# libjaylink's TCP discovery broadcasts: everything runs in a network namespace of its own
# with only loopback (scripts/netns-run), the simulator inside it.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch, no namespace), 99 hard error.
set -eu
me=gdb-probe-drop
. "$(dirname "$0")/gdb-lib.sh"

sim_bin=$top_builddir/rspflash-sim
images=$top_srcdir/tests/integration/flash_images.py
serial=737373

if [ "${1:-}" = "--inside" ]; then
	[ "$(ip -o link show | awk -F': ' '{ print $2 }')" = lo ] || hard_error "not inside a namespace with only lo"
	python3 "$images" make "$tmp/img.hex" 11 0x08000000:0x10000
	"$sim_bin" --board stm32l552 --serial "$serial" --drop-after 900 --log-level warn \
		>"$tmp/sim.log" 2>&1 &
	sim_pid=$!
	trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; cleanup' EXIT
	for _ in $(seq 1 100); do
		grep -q "serving J-Link" "$tmp/sim.log" && break
		sleep 0.05
	done
	start_server stm32l552 --probe "jlink-tcp:$serial"
	run_gdb() {
		{
			echo "set pagination off"
			echo "target extended-remote localhost:$port"
			printf '%s\n' "$@"
		} >"$tmp/s.gdb"
		timeout 300 "$GDB_MULTIARCH" -q -batch -nx -x "$tmp/s.gdb" 2>&1 || true
	}
	run_gdb "file $tmp/img.hex" "load" >"$tmp/first.out"
	grep -q "Error" "$tmp/first.out" || { cat "$tmp/first.out" "$server_log" >&2; die "the drop did not hit the load"; }
	kill -0 "$server_pid" || die "rspflash exited after the drop"
	expect "$server_log" "error +the link to the probe broke during the (program|erase) of 0x080[0-9a-f]{5}" \
		"the log names what happened and where"
	run_gdb "file $tmp/img.hex" "load" "compare-sections" \
		"dump binary memory $tmp/back.bin 0x08000000 0x08010000" >"$tmp/second.out"
	expect "$tmp/second.out" "matched" "the second load"
	if grep -q "MIS-MATCHED\|Load failed" "$tmp/second.out"; then cat "$tmp/second.out" >&2; die "second load"; fi
	expect "$server_log" "opening the probe again" "the probe opened again"
	python3 "$images" check "$tmp/back.bin" 0x08000000 "$tmp/img.hex" || die "flash differs from the image"
	say "pass"
	exit 0
fi

case $0 in /*) self=$0 ;; *) self=$(pwd)/$0 ;; esac
[ -x "$sim_bin" ] || hard_error "$sim_bin not built"
export top_builddir top_srcdir GDB_MULTIARCH
rc=0
sh "$top_srcdir/scripts/netns-run" bash "$self" --inside || rc=$?
case $rc in
0) ;;
3) skip "cannot create a network namespace here" ;;
*) exit "$rc" ;;
esac
