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
# compared with, byte for byte, when rspflash serves RTT (gdb-rtt.sh).
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
	require_openocd_prereqs arm-none-eabi-nm
	[ -f "$elf" ] || hard_error "$elf not built"
	require_netns
	exec "$netns_run" /bin/bash "$self" --inside
fi

require_inside_netns --inside
serial=401403
port=19021
make_work_dir
cb=0x$(arm-none-eabi-nm "$elf" | awk '$3 == "_SEGGER_RTT" { print $1 }')
[ "$cb" != 0x ] || hard_error "no _SEGGER_RTT in $elf"

start_sim sim --board stm32f401 --nickname rspf-f401 --stats
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
if [ -n "${RSPF_RTT_REFERENCE:-}" ]; then
	cp "$work/openocd-rtt.txt" "$RSPF_RTT_REFERENCE"
	say "reference transcript copied to $RSPF_RTT_REFERENCE"
fi
say "all checks passed"
