#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-rtt.sh: RTT through an independent host (issue 12): OpenOCD 0.12's own RTT
# server reads tests/target/rtt's program on rspflash-sim's virtual STM32F401 over the
# J-Link protocol. tests/integration/rtt_client.py talks to OpenOCD's RTT ports: every
# line of up channel 0 in order (the program's 64-byte buffer wraps many times, in
# block-if-full mode, so a lost or repeated byte shows), up channel 1, a line sent down
# channel 0 echoed back, and "exit 7" answered by "bye 7". The bytes must equal the
# program's transcript; the file is kept as the reference that rspflash's RTT output is
# compared with: then rspflash serves RTT for the same program on a fresh board, over the
# same J-Link protocol, while gdb-multiarch loads it and continues; the same client must
# get the same bytes, byte for byte, and GDB the program's exit status 7 (semihosting).
#
# Inside a network namespace of its own (scripts/netns-run: libjaylink's TCP discovery
# broadcasts), where the fixed RTT ports cannot meet anyone else's.
# Run by `make check` (environment: top_builddir, top_srcdir, OPENOCD), or by hand:
#   OPENOCD=openocd top_builddir=build tests/integration/openocd-rtt.sh
# RSPF_OPENOCD_DEBUG=3 runs OpenOCD with -d3; RSPF_KEEP_TMP=1 keeps the logs.
# Exit status (automake): 0 pass, 1 fail, 77 skip (no OpenOCD, no namespace), 99 hard error.

set -eu
me=openocd-rtt

# shellcheck source=tests/integration/openocd-lib.sh
. "$(dirname "$0")/openocd-lib.sh"

elf=$top_builddir/tests/target/rtt/rtt-m4.elf
if [ "${1:-}" != "--inside" ]; then
	require_openocd_prereqs arm-none-eabi-nm "${GDB_MULTIARCH:-gdb-multiarch}" cmp
	[ -f "$elf" ] || hard_error "$elf not built"
	require_netns
	exec "$netns_run" /bin/bash "$self" --inside
fi

require_inside_netns --inside
rspflash=$top_builddir/rspflash
gdb=${GDB_MULTIARCH:-gdb-multiarch}
rspflash_pid=
stop_rspflash() {
	[ -n "$rspflash_pid" ] || return 0
	kill -TERM "$rspflash_pid" 2>/dev/null || true
	wait "$rspflash_pid" 2>/dev/null || true
}
serial=401403
port=19021
make_work_dir
trap 'stop_rspflash; cleanup' EXIT
cb=0x$(arm-none-eabi-nm "$elf" | awk '$3 == "_SEGGER_RTT" { print $1 }')
[ "$cb" != 0x ] || hard_error "no _SEGGER_RTT in $elf"

start_sim sim --board stm32f401 --nickname rspf-f401 --stats
# OpenOCD as a server: started, then watched until its RTT servers listen (again when its
# J-Link discovery missed the simulator, as run_openocd does)
for try in 1 2 3; do
	start_openocd openocd 300 stm32f4x 0x20010000 0x1000 \
		-c 'flash bank stm32f4x.flash stm32f2x 0x08000000 0 0 0 stm32f4x.cpu' \
		-c init -c "set elf {$elf}; set cb $cb; set port $port" -f "$tcl_checks"
	for _ in $(seq 600); do
		grep -q "^$me: RTT ready" "$openocd_log" && break
		if grep -q "^$me: FAIL" "$openocd_log" || ! kill -0 "$openocd_pid" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	grep -q "^$me: RTT ready" "$openocd_log" && break
	stop_openocd
	openocd_missed_probe || break
	say "OpenOCD's discovery missed the simulator (try $try of 3; machine busy?)"
done
if ! grep -q "^$me: RTT ready" "$openocd_log"; then
	show_openocd_log
	show_sim_log
	die "OpenOCD did not start its RTT servers"
fi
show_openocd_log "^$me|rtt"
say "the client talks to OpenOCD's RTT server on port $port (channel 1 on $((port + 1)))"
client_rc=0
python3 "$top_srcdir/tests/integration/rtt_client.py" --port "$port" --data-port $((port + 1)) --exit 7 \
	--timeout 120 --out "$work/openocd-rtt.txt" || client_rc=$?
stop_openocd
if [ "$client_rc" -ne 0 ]; then
	show_openocd_log
	show_sim_log
	die "OpenOCD's RTT output is not the program's transcript (see above)"
fi
# the one error allowed: the blank board locked up at power-on (erased vectors)
errors=$(grep '^Error' "$openocd_log" | grep -v 'clearing lockup after double fault' || true)
[ -z "$errors" ] || { show_openocd_log; die "OpenOCD reported errors: $errors"; }
say "ok: OpenOCD 0.12's RTT server gave the program's exact transcript on channels 0 and 1, and the echo"

# --- the same program on a fresh board, read by rspflash through the same J-Link protocol ---
stop_sim
start_sim sim2 --board stm32f401 --nickname rspf-f401 --stats
rport=$((port + 10))
"$rspflash" --probe "jlink-tcp:$serial" --port 2331 --once --semihosting --rtt --rtt-port "$rport" \
	>"$work/rspflash.log" 2>&1 &
rspflash_pid=$!
for _ in $(seq 200); do
	grep -q 'GDB server ready' "$work/rspflash.log" && break
	kill -0 "$rspflash_pid" 2>/dev/null || break
	sleep 0.05
done
grep -q 'GDB server ready' "$work/rspflash.log" || { cat "$work/rspflash.log"; die "rspflash did not start"; }
timeout 180 "$gdb" -nx -batch -ex 'set confirm off' -ex "file $elf" -ex 'target extended-remote 127.0.0.1:2331' \
	-ex load -ex 'monitor reset halt' -ex continue >"$work/gdb.out" 2>&1 &
gdb_pid=$!
say "the client talks to rspflash's RTT server on port $rport (channel 1 on $((rport + 1)))"
client_rc=0
python3 "$top_srcdir/tests/integration/rtt_client.py" --port "$rport" --data-port $((rport + 1)) --exit 7 \
	--timeout 120 --out "$work/rspflash-rtt.txt" || client_rc=$?
gdb_rc=0
wait "$gdb_pid" || gdb_rc=$?
rspflash_rc=0
wait "$rspflash_pid" || rspflash_rc=$?
rspflash_pid=
if [ "$client_rc" -ne 0 ]; then
	cat "$work/gdb.out" "$work/rspflash.log"
	die "rspflash's RTT output is not the program's transcript (see above)"
fi
grep -q 'exited with code 07' "$work/gdb.out" || { cat "$work/gdb.out"; die "GDB did not see the program exit with 7"; }
[ "$rspflash_rc" -eq 7 ] || { cat "$work/rspflash.log"; die "rspflash --once exited $rspflash_rc, want the program's 7"; }
cmp "$work/openocd-rtt.txt" "$work/rspflash-rtt.txt" ||
	die "OpenOCD's and rspflash's RTT output differ (files in $work with RSPF_KEEP_TMP=1)"
say "ok: rspflash over the J-Link protocol read the same $(wc -c <"$work/rspflash-rtt.txt") bytes as OpenOCD," \
	"byte for byte; GDB saw the exit with 7"
say "all checks passed"
