#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-sim.sh: OpenOCD 0.12 as an independent J-Link client of rspflash-sim.
#
# For each board (stm32f401 = Cortex-M4, stm32l552 = Cortex-M33), inside a network
# namespace of its own (scripts/netns-run: libjaylink's TCP discovery broadcasts to
# 255.255.255.255:19020 and must never reach a real network, and libjaylink always
# connects to port 19020, so each board gets its own namespace):
#   1. start rspflash-sim with the `vectors` program preloaded in flash;
#   2. talk to it with a raw TCP client: an unknown command, a truncated command and a
#      framing error must each be refused (logged) and end that connection only;
#   3. run OpenOCD with openocd-sim.tcl: halt, registers, memory, load_image +
#      verify_image + run of the `compute` program with its result checked, step,
#      reset halt, hardware breakpoints (flash; RAM on the M33), write watchpoint,
#      recovery from a lockup; then require no unexpected "Error" lines;
#   4. read the simulator's statistics (SIGUSR1, then at exit) and require non-zero
#      probe_commands, swd_bits and time_ns.
#
# Run by `make check` (environment: top_builddir, top_srcdir, OPENOCD, ARM_CC), or by
# hand from the source tree: OPENOCD=openocd top_builddir=build tests/integration/openocd-sim.sh
# Debugging: RSPF_OPENOCD_DEBUG=3 runs OpenOCD with -d3; RSPF_KEEP_TMP=1 keeps the
# temporary directory with the simulator's and OpenOCD's logs.
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (OpenOCD missing, or no network
# namespace can be created here), 99 hard error (the build or the test is broken).

set -eu

me=openocd-sim
BOARDS="stm32f401 stm32l552"

# shellcheck source=tests/integration/openocd-lib.sh
. "$(dirname "$0")/openocd-lib.sh"

: "${ARM_CC:=arm-none-eabi-gcc}"
export ARM_CC

# binutils next to the cross compiler (arm-none-eabi-gcc -> arm-none-eabi-nm).
arm_tool() {
	case $ARM_CC in
	*gcc) echo "${ARM_CC%gcc}$1" ;;
	*) "$ARM_CC" -print-prog-name="$1" ;;
	esac
}
NM=$(arm_tool nm)
OBJCOPY=$(arm_tool objcopy)

# ---------------------------------------------------------------------------------------
# Outer part: prerequisites, then one namespace per board.
# ---------------------------------------------------------------------------------------
if [ "${1:-}" != "--board" ]; then
	# python3: the raw TCP client and the expected values.
	require_openocd_prereqs "$NM" "$OBJCOPY" od
	for core in m4 m33; do
		for prog in compute vectors; do
			[ -f "$top_builddir/tests/target/$prog-$core.elf" ] ||
				hard_error "$top_builddir/tests/target/$prog-$core.elf not built"
		done
	done
	require_netns
	# shellcheck disable=SC2086 # $BOARDS is a list of words
	run_in_namespaces --board "" $BOARDS
fi

# ---------------------------------------------------------------------------------------
# Inner part: one board, already inside its own network namespace.
# ---------------------------------------------------------------------------------------
board=$2

require_inside_netns --board

# Board facts from the reference manuals:
#   STM32F401 (RM0368 §2.4, BOOT0=0): main flash is aliased at 0x00000000 and the core
#     fetches its vector table there (VTOR resets to 0).
#   STM32L552 with TZEN=0 (RM0438 §2.6): the core boots from 0x08000000 (NSBOOTADD0).
# The serial numbers are arbitrary; each board runs in its own namespace anyway.
# marker_bp: the kind of breakpoint on `marker` in RAM: FPB version 1 (Cortex-M4) only
# matches the Code region below 0x20000000, so there it is a software breakpoint; FPB
# version 2 (Cortex-M33) matches anywhere, so a hardware one (see openocd-sim.tcl).
case $board in
stm32f401) core=m4 serial=401401 vt_fetch=0x00000000 cpu_name="Cortex-M4" marker_bp= ;;
stm32l552) core=m33 serial=552552 vt_fetch=0x08000000 cpu_name="Cortex-M33" marker_bp=hw ;;
*) hard_error "unknown board '$board'" ;;
esac
compute_elf=$top_builddir/tests/target/compute-$core.elf
vectors_elf=$top_builddir/tests/target/vectors-$core.elf

make_work_dir "$board"

# An ELF symbol's value as 0x%08x (code symbols: Thumb bit cleared).
raw_sym() {
	local v
	v=$("$NM" "$1" | awk -v n="$2" '$3 == n { print $1; exit }')
	[ -n "$v" ] || hard_error "symbol '$2' not found in $1"
	printf '0x%08x' $((0x$v))
}
code_sym() {
	printf '0x%08x' $(($(raw_sym "$1" "$2") & ~1))
}

# --- everything the checks need, from the ELF files ---
entry=$(code_sym "$compute_elf" _start)
stack_top=$(raw_sym "$compute_elf" _stack_top)
result_addr=$(raw_sym "$compute_elf" result)
result2_addr=$(raw_sym "$compute_elf" result2)
counter_addr=$(raw_sym "$compute_elf" counter)
counter_loops=$(raw_sym "$compute_elf" compute_counter_loops)
counter_clear_done=$(code_sym "$compute_elf" counter_clear_done)
counter_store_done=$(code_sym "$compute_elf" counter_store_done)
marker=$(code_sym "$compute_elf" marker)
done_addr=$(code_sym "$compute_elf" "done")
step_a=$(code_sym "$compute_elf" step_a)
step_b=$(code_sym "$compute_elf" step_b)
step_c=$(code_sym "$compute_elf" step_c)
# The step check relies on step_a being a 16-bit and step_b a 32-bit instruction.
if [ $((step_b - step_a)) -ne 2 ] || [ $((step_c - step_b)) -ne 4 ]; then
	hard_error "compute: step_a/step_b are not a 16-bit then a 32-bit instruction"
fi

# The reset vector as the core will read it: words 0 (SP) and 1 (PC) of .isr_vector.
"$OBJCOPY" -O binary -j .isr_vector "$vectors_elf" "$work/isr_vector.bin"
read -r -a vb <<<"$(od -An -tu1 -N8 "$work/isr_vector.bin" | tr -s ' \n' '  ')"
[ "${#vb[@]}" -eq 8 ] || hard_error "cannot read the vector table of $vectors_elf"
reset_sp=$(printf '0x%08x' $((vb[0] | vb[1] << 8 | vb[2] << 16 | vb[3] << 24)))
reset_vec=$((vb[4] | vb[5] << 8 | vb[6] << 16 | vb[7] << 24))
[ $((reset_vec & 1)) -eq 1 ] || hard_error "reset vector $reset_vec lacks the Thumb bit"
reset_pc=$(printf '0x%08x' $((reset_vec & ~1)))
[ "$reset_pc" = "$(code_sym "$vectors_elf" Reset_Handler)" ] ||
	hard_error "vector table's reset vector $reset_pc is not Reset_Handler"
# After power-on the core loops between Reset_Handler and Default_Handler.
reset_lo=$reset_pc
reset_hi=$(code_sym "$vectors_elf" Default_Handler)
reset_loop=$(code_sym "$vectors_elf" reset_loop)

# Expected results, computed on the host from the definitions in tests/target/compute.c.
read -r expect_result expect_result2 < <(python3 -c '
import zlib
buf = bytes(((i * 37 + 11) ^ (i >> 3)) & 0xff for i in range(512))
s = sum(i * i * i + 0xffffffff // (i + 1) for i in range(1000)) & 0xffffffff
print("0x%08x 0x%08x" % (zlib.crc32(buf), s))')

# Scratch RAM for memory checks: 32 KiB into SRAM, clear of compute and its stack.
ram_scratch=0x20008000
# A working area for OpenOCD's own on-target routines (verify_image runs a CRC-32
# there): 16 KiB at 64 KiB into SRAM, present on both boards, clear of everything else
# (see run_openocd below).

cat >"$work/params.tcl" <<EOF
set board $board
set compute_elf {$compute_elf}
set entry $entry
set stack_top $stack_top
set result_addr $result_addr
set result2_addr $result2_addr
set counter_addr $counter_addr
set counter_loops $counter_loops
set counter_clear_done $counter_clear_done
set counter_store_done $counter_store_done
set marker $marker
set done $done_addr
set step_a $step_a
set step_b $step_b
set step_c $step_c
set marker_bp {$marker_bp}
set reset_loop $reset_loop
set expect_result $expect_result
set expect_result2 $expect_result2
set reset_pc $reset_pc
set reset_sp $reset_sp
set vt_fetch $vt_fetch
set reset_lo $reset_lo
set reset_hi $reset_hi
set ram_scratch $ram_scratch
set wait_ms 2000
list ;# (an empty result, so that OpenOCD prints nothing for this file)
EOF
say "parameters:"
sed 's/^/    /' "$work/params.tcl"

# --- 1. start the simulator, wait (bounded) until it serves ---
start_sim sim --board "$board" --nickname "rspf-$board" --stats --load "$vectors_elf"

# --- 2. bad input from a raw TCP client ---
# Each case connects, reads the 4-byte handshake and the server name, sends something
# wrong and expects the server to close that connection within 5 s (it cannot skip an
# unknown command: J-Link commands carry no length). GET_VERSION first proves the
# connection works before the bad command.
cat >"$work/rawclient.py" <<'EOF'
import socket, struct, sys

def recvn(s, n):
    b = b""
    while len(b) < n:
        d = s.recv(n - len(b))
        if not d:
            raise EOFError("connection closed after %d of %d bytes" % (len(b), n))
        b += d
    return b

def connect():
    s = socket.create_connection(("127.0.0.1", 19020), timeout=5)
    hdr = recvn(s, 4)
    if hdr[0] != 0:
        raise RuntimeError("handshake status 0x%02x, expected 0" % hdr[0])
    name = recvn(s, hdr[3])
    return s, name

def expect_closed(s, what):
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
    except ConnectionResetError:
        pass
    except socket.timeout:
        raise RuntimeError("%s: the server kept the connection open for 5 s" % what)
    s.close()
    print("rawclient: ok: %s: server closed the connection" % what)

case = sys.argv[1]
s, name = connect()
print("rawclient: connected, server name %r" % name.rstrip(b"\0").decode("ascii", "replace"))
if case == "unknown":
    s.sendall(bytes([0x07, 0x01]))                     # GET_VERSION
    n = struct.unpack("<H", recvn(s, 2))[0]
    ver = recvn(s, n)
    print("rawclient: GET_VERSION: %r" % ver.rstrip(b"\0").decode("ascii", "replace"))
    s.sendall(bytes([0x07, 0x42]))                     # no such J-Link command
    expect_closed(s, "unknown command 0x42")
elif case == "truncated":
    # SWD_IO, 16 bits: needs 2 direction + 2 output bytes; send one, then half-close.
    s.sendall(bytes([0x07, 0xCF, 0x00, 0x10, 0x00, 0xFF]))
    s.shutdown(socket.SHUT_WR)
    expect_closed(s, "truncated SWD_IO")
elif case == "framing":
    s.sendall(bytes([0x55, 0x01]))                     # not the 0x07 command prefix
    expect_closed(s, "missing 0x07 prefix")
else:
    raise SystemExit("unknown case " + case)
EOF

# Require a new line matching $2 (extended regex, case-insensitive) in the simulator's
# stderr after line $1, within 5 s (the log is written just before or after the close).
expect_log() {
	local from=$1 pattern=$2 what=$3
	for _ in $(seq 50); do
		if tail -n +"$((from + 1))" "$sim_err" | grep -Eiq "$pattern"; then
			say "ok: rspflash-sim logged the $what: $(tail -n +"$((from + 1))" "$sim_err" |
				grep -Ei "$pattern" | head -n 1)"
			return 0
		fi
		sleep 0.1
	done
	show_sim_log
	die "rspflash-sim did not log the $what (looked for /$pattern/)"
}

for case in unknown truncated framing; do
	lines_err=$(wc -l <"$sim_err")
	if ! timeout -k 2 20 python3 "$work/rawclient.py" "$case"; then
		show_sim_log
		die "raw TCP client, case '$case'"
	fi
	case $case in
	unknown) expect_log "$lines_err" '0x42.*(refus|unknown|unsupported)|(refus|unknown|unsupported).*0x42' \
		"refusal of command 0x42" ;;
	truncated) expect_log "$lines_err" 'truncat|inside SWD_IO|unfinished|incomplete' \
		"truncated command" ;;
	framing) expect_log "$lines_err" 'framing|prefix' "framing error" ;;
	esac
	sim_alive "after the raw TCP case '$case'"
done

# --- 3. OpenOCD: the full set of checks, after the bad connections above ---
run_openocd openocd 120 chip 0x20010000 0x4000 \
	-c 'init' -f "$work/params.tcl" -f "$tcl_checks"
show_openocd_log
# A clean run has no errors (e.g. its CRC routine failing, after which OpenOCD quietly
# computes the checksum on the host instead) except the one the lockup check provokes:
# OpenOCD reports a lockup once per lockup, unless the core stays locked up in Debug
# state (see openocd-sim.tcl).
check_openocd "openocd-sim: ALL CHECKS PASSED" 'clearing lockup after double fault'
lockups=$(grep -c 'clearing lockup after double fault' "$openocd_log" || true)
if [ "$lockups" -gt 1 ]; then
	show_sim_log
	die "OpenOCD reported 'clearing lockup after double fault' $lockups times for one" \
		"lockup: halting did not clear DHCSR.S_LOCKUP"
fi
# What OpenOCD discovered must match the board: the CPUID decoded by OpenOCD.
grep -q "$cpu_name r[0-9]p[0-9] processor detected" "$openocd_log" ||
	die "OpenOCD did not detect a $cpu_name"
say "ok: OpenOCD detected a $cpu_name"
sim_alive "after OpenOCD disconnected"

# --- 4. statistics: on SIGUSR1, then at exit ---
check_stats() {
	local line=$1 when=$2 key v
	for key in probe_commands swd_bits time_ns; do
		v=$(stat_of "$key" "$line")
		[ -n "$v" ] || die "stats $when: no $key"
		[ "$v" -gt 0 ] || die "stats $when: $key is $v"
	done
}

before=$(sim_stats_count)
kill -USR1 "$sim_pid"
for _ in $(seq 50); do
	[ "$(sim_stats_count)" -gt "$before" ] && break
	sleep 0.1
done
[ "$(sim_stats_count)" -gt "$before" ] || { show_sim_log; die "no stats line within 5 s of SIGUSR1"; }
usr1_stats=$(grep 'rspflash-sim: stats:' "$sim_err" | tail -n 1)
say "stats on SIGUSR1: $usr1_stats"
check_stats "$usr1_stats" "on SIGUSR1"
sim_alive "after SIGUSR1"

stop_sim_stats
check_stats "$sim_stats" "at exit"

say "$board: all checks passed"
