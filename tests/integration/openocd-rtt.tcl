# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD 0.12's RTT, an implementation we did not write, on rspflash-sim's virtual board
# (openocd-rtt.sh sets `elf`, `cb` (the address of _SEGGER_RTT) and `port`): program
# tests/target/rtt's program, let it run until its control block is made, then start
# OpenOCD's own RTT search and its RTT servers (channel 0 on $port, channel 1 on $port + 1).
# The script ends there and OpenOCD keeps serving; the test's client talks to it, then stops
# OpenOCD. Prints "openocd-rtt: RTT ready" when the servers listen, "openocd-rtt: FAIL: ..."
# on a failure.

proc fail {msg} {
	echo "openocd-rtt: FAIL: $msg"
	shutdown error
	error "openocd-rtt: $msg"
}

if {[catch {program $elf verify} out]} {
	fail "program $elf verify: $out"
}
echo "openocd-rtt: ok: program $elf verify"
# `reset halt` then `resume`, not `program ... reset`: without a target configuration
# OpenOCD resets with VECTRESET, and its `reset run` first lets the halted core go from
# where its verify routine stopped, on a BKPT that halts it again before the reset, so it
# would stay halted at the reset vector (C_HALT kept across a local reset), as on silicon.
if {[catch {reset halt} out]} {
	fail "reset halt: $out"
}
resume

# The program writes the block's ID last. On the virtual board the core runs only while
# the probe talks to it, so this loop of reads is also what lets it get there.
set found 0
for {set i 0} {$i < 2000} {incr i} {
	if {[lindex [read_memory $cb 8 1] 0] == 0x53} {
		set found 1
		break
	}
}
if {!$found} {
	fail "no RTT control block ID at $cb after 2000 reads"
}
echo "openocd-rtt: ok: the program made its control block at $cb"

rtt setup $cb 64 "SEGGER RTT"
rtt polling_interval 1
if {[catch {rtt start} out]} {
	fail "rtt start: $out"
}
set channels [capture "rtt channels"]
echo "openocd-rtt: rtt channels: $channels"
rtt server start $port 0
rtt server start [expr {$port + 1}] 1
echo "openocd-rtt: RTT ready"
