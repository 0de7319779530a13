#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-stm32f2x.sh: OpenOCD 0.12's own stm32f2x flash driver, an implementation we did
# not write, programs the virtual STM32F401 of rspflash-sim (issue 3, "What must be
# shown"). Inside a network namespace of its own (scripts/netns-run: libjaylink's TCP
# discovery broadcasts and must never reach a real network):
#   1. start rspflash-sim --board stm32f401 --state FILE --stats;
#   2. OpenOCD, run 1 (openocd-stm32f2x.tcl, phase "program"): probe the banks (8 sectors
#      16/16/16/16/64/128/128/128 KB, OTP 16 x 32 B), `program image.bin 0x08000000
#      verify` with a 512 KB image, `stm32f2x otp 1 enable` + `flash write_bank 1`, read
#      the OTP back after `reset halt`, and see a second OTP write that needs 0 -> 1 bits
#      refused with the first content kept;
#   3. stop rspflash-sim (it saves the state file), start it again with the same file;
#   4. OpenOCD, run 2 (phase "persist"): the OTP bytes and the 512 KB image are still there;
#   5. the modeled figures (--stats) of each run, with flash_busy_ns checked against the
#      datasheet times the model charges for what OpenOCD asked for, and the core clock:
#      HSI 16 MHz at the end of run 1 (the reset clock), 64 MHz after run 2 ran the
#      reset-init handler of OpenOCD's own target/stm32f4x.cfg (openocd-reset-init.tcl),
#      with no clock error (clock_errors=0) in either.
#
# Where OpenOCD and the reference manual disagree, the model follows the manual:
# - OpenOCD erases with CR = SER | SNB | STRT, i.e. PSIZE = x8 (stm32x_erase), so each
#   sector costs the x8 erase time of DS10086 (16 KB 400 ms, 64 KB 1.2 s, 128 KB 2 s):
#   RM0368 §3.5.2 ties the erase time to PSIZE, and the model charges what was asked.
# - OpenOCD's OTP lock (`flash protect 1 N N on`) writes 0xFF into a lock byte without
#   setting PG (stm32x_otp_protect); per RM0368 §3.5.4 such a write is a programming
#   sequence error (PGSERR) and locks nothing. This test does not use it.
#
# Run by `make check` (environment: top_builddir, top_srcdir, OPENOCD), or by hand:
#   OPENOCD=openocd top_builddir=build tests/integration/openocd-stm32f2x.sh
# RSPF_OPENOCD_DEBUG=3 runs OpenOCD with -d3; RSPF_KEEP_TMP=1 keeps the logs.
# Exit status (automake): 0 pass, 1 fail, 77 skip (no OpenOCD, no namespace), 99 hard error.

set -eu
me=openocd-stm32f2x

# shellcheck source=tests/integration/openocd-lib.sh
. "$(dirname "$0")/openocd-lib.sh"

# ---------------------------------------------------------------------------------------
# Outer part: prerequisites, then everything else inside one namespace.
# ---------------------------------------------------------------------------------------
if [ "${1:-}" != "--inside" ]; then
	require_openocd_prereqs
	require_netns
	exec "$netns_run" /bin/bash "$self" --inside
fi

# ---------------------------------------------------------------------------------------
# Inner part, inside the namespace.
# ---------------------------------------------------------------------------------------
require_inside_netns --inside

serial=401402
sim_term_wait=10 # rspflash-sim saves its state file as it exits
make_work_dir

# --- the data: a 512 KB image with no 0xFF run to skip, and two OTP payloads ---
python3 - "$work" <<'EOF'
import sys
w = sys.argv[1]
x = 0x12345678
img = bytearray()
while len(img) < 512 * 1024:                       # xorshift32, deterministic
    x ^= (x << 13) & 0xffffffff; x ^= x >> 17; x ^= (x << 5) & 0xffffffff
    img += x.to_bytes(4, "little")
open(w + "/image.bin", "wb").write(img)
otp = bytes((0x30 + i) for i in range(32)) + bytes((0xC0 | i) for i in range(32))
open(w + "/otp.bin", "wb").write(otp)              # blocks 0 and 1
# every byte asks some bit to go from 0 back to 1 over otp.bin: must be refused
open(w + "/otp2.bin", "wb").write(bytes(b ^ 0xFF for b in otp[:32]))
EOF

# One run: start rspflash-sim on the state file, run OpenOCD's phase PHASE and check it,
# stop the simulator (it saves the state file); its stats line at exit is in $sim_stats.
# The work area is 4 KB, so OpenOCD's stm32f2x.c gets a 2 KB FIFO for its loader (it
# halves 16 KB until the allocation fits): after the last data is sent, OpenOCD allows the
# loader 10 s of wall-clock time to finish (target_run_flash_async_algorithm), and the
# simulated core, busy-polling BSY for 16 us of modeled time per half-word, drains a
# 2 KB FIFO well within that, where a 16 KB one takes about 11 s in a sanitizer build.
sim_run() {
	phase=$1
	start_sim "sim-$phase" --board stm32f401 --nickname rspf-f401 --stats \
		--state "$work/f401.state"
	say "OpenOCD, phase $phase"
	run_openocd "openocd-$phase" 900 stm32f4x 0x20000000 0x1000 \
		-c 'flash bank stm32f4x.flash stm32f2x 0x08000000 0 0 0 stm32f4x.cpu' \
		-c 'flash bank stm32f4x.otp stm32f2x 0x1fff7800 0 0 0 stm32f4x.cpu' \
		-c 'init' \
		-c "set phase $phase; set work {$work}; list" \
		-f "$tcl_checks"
	show_openocd_log "$me|Error|Warn|Info : (flash size|device id)"
	# Errors are expected only from OpenOCD refusing the OTP bank before `otp enable`, from
	# the refused OTP rewrite (WRPERR, SR bit 4: 0x00000010), and from the board locking
	# up at power-on with blank flash (erased vectors); all in phase program.
	check_openocd "$me: PHASE $phase PASSED" \
		'OTP memory bank is disabled for write commands|flash write algorithm aborted by target|flash write failed = 0x00000010|flash memory write protected|error executing stm32x flash write algorithm|error writing to flash at address 0x1fff7800|clearing lockup after double fault'
	if [ "$phase" = program ]; then
		grep -q '^Error: flash write failed = 0x00000010' "$openocd_log" ||
			die "OpenOCD did not see WRPERR (SR 0x00000010) for the refused OTP rewrite"
		say "ok: OpenOCD's loader saw WRPERR (SR 0x00000010) for the refused OTP rewrite"
	fi
	stop_sim_stats
}

# --- run 1: program the image and the OTP ---
sim_run program
[ -s "$work/f401.state" ] || die "rspflash-sim did not write its state file"
busy1=$(stat_of flash_busy_ns "$sim_stats")
# What the model charges for what OpenOCD asks (DS10086 typical times, board table):
#   8 sector erases at x8: 4 x 400 ms + 1200 ms + 3 x 2000 ms = 8.8 s;
#   262144 half-words at x16, 16 us each = 4.194304 s;
#   OTP: 32 half-words (64 bytes) at 16 us = 512 us; the refused rewrite costs nothing.
want1=$((8800000000 + 262144 * 16000 + 32 * 16000))
[ "$busy1" -eq "$want1" ] || die "flash_busy_ns after run 1 is $busy1, expected $want1"
say "ok: flash_busy_ns = $busy1 (8.8 s of x8 sector erases + 4.194 s of x16 programming + OTP)"
check_clock() {
	hz=$(stat_of cpu_hz "$sim_stats") errors=$(stat_of clock_errors "$sim_stats")
	[ "$hz" = "$1" ] || die "cpu_hz=$hz after run $2, expected $1"
	[ "$errors" = 0 ] || die "clock_errors=$errors in run $2 (see the simulator's log)"
	say "ok: run $2 ends at cpu_hz=$hz, clock_errors=0"
}
check_clock 16000000 1	# HSI 16 MHz from reset

# --- run 2: the same state file, a new simulator process ---
sim_run persist
busy2=$(stat_of flash_busy_ns "$sim_stats")
[ "$busy2" -eq 0 ] || die "flash_busy_ns in run 2 is $busy2; nothing should have been programmed"
say "ok: run 2 read everything back without programming anything"
check_clock 64000000 2	# OpenOCD's stm32f4x.cfg reset-init: HSI / 8 * 128 / 4
say "all checks passed"
