# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks OpenOCD 0.12 runs against one rspflash-sim board, after `init`.
# Driven by openocd-sim.sh, which defines (in a generated params file, read first):
#   board, compute_elf, entry, stack_top, result_addr, result2_addr, counter_addr,
#   counter_loops, counter_clear_done, counter_store_done, marker, done, step_a, step_b,
#   step_c, marker_bp, reset_loop, expect_result, expect_result2, reset_pc, reset_sp, vt_fetch, reset_lo,
#   reset_hi, ram_scratch, wait_ms
# All addresses come from the ELF files (nm) and the expected values from a host-side
# computation; nothing here knows what the simulator "usually" answers.
#
# Every check prints "openocd-sim: ok: ..." or "openocd-sim: FAIL: ..."; a failure ends
# OpenOCD with `shutdown error` (non-zero exit). The last line on success is
# "openocd-sim: ALL CHECKS PASSED", which the shell script also requires.

proc fail {msg} {
	echo "openocd-sim: FAIL: \[$::board\] $msg"
	shutdown error
	# shutdown only flags the exit; stop this script here too.
	error "openocd-sim: $msg"
}

proc hex {v} {
	return [format 0x%08x [expr {$v & 0xffffffff}]]
}

proc ok {msg} {
	echo "openocd-sim: ok: $msg"
}

proc check_eq {what got want} {
	if {[expr {($got & 0xffffffff) != ($want & 0xffffffff)}]} {
		fail "$what: got [hex $got], expected [hex $want]"
	}
	ok "$what = [hex $got]"
}

# One 32-bit word through OpenOCD 0.12's read_memory (returns a Tcl list).
proc rd32 {addr} {
	if {[catch {read_memory $addr 32 1} words]} {
		fail "read_memory [hex $addr] failed: $words"
	}
	if {[llength $words] != 1} {
		fail "read_memory [hex $addr] 32 1 returned '$words'"
	}
	return [lindex $words 0]
}

# A register's value as `reg NAME` prints it ("pc (/32): 0x08000040").
proc regval {name} {
	if {[catch {reg $name} out]} {
		fail "reg $name failed: $out"
	}
	if {![regexp {:\s*(0x[0-9a-fA-F]+)} $out -> v]} {
		fail "cannot parse the output of 'reg $name': '$out'"
	}
	return $v
}

proc setreg {name value} {
	if {[catch {reg $name $value} out]} {
		fail "reg $name [hex $value] failed: $out"
	}
}

proc check_state {want why} {
	set got [[target current] curstate]
	if {$got ne $want} {
		fail "$why: target state is '$got', expected '$want'"
	}
}

proc wait_for_halt {why} {
	if {[catch {wait_halt $::wait_ms} err]} {
		fail "$why: the target did not halt within $::wait_ms ms ($err)"
	}
	check_state halted $why
}

proc load_compute {} {
	if {[catch {load_image $::compute_elf} out]} {
		fail "load_image $::compute_elf failed: $out"
	}
	ok "load_image $::compute_elf"
}

# Start compute at its entry as a debugger does: pc, sp, xPSR with only the Thumb bit
# (whatever state the core was in), `counter` poisoned so the test sees every write.
proc start_compute {} {
	write_memory $::counter_addr 32 {0xdeadbeef}
	setreg pc $::entry
	setreg sp $::stack_top
	setreg xPSR 0x01000000
	if {[catch {resume} out]} {
		fail "resume at [hex $::entry] failed: $out"
	}
}

echo "openocd-sim: \[$board\] starting checks"

# --- halt: the board has been running the preloaded reset handler since power-on ---
if {[catch {halt} out]} {
	fail "halt failed: $out"
}
check_state halted "halt"
set pc [regval pc]
if {$pc < $reset_lo || $pc >= $reset_hi} {
	fail "halt: pc [hex $pc] is not in the preloaded reset handler [hex $reset_lo]..[hex $reset_hi]"
}
ok "halt: pc [hex $pc] is inside the preloaded reset handler"

# --- the vector table as the core fetches it (F401: through the boot alias at 0) ---
set vt [read_memory $vt_fetch 32 2]
check_eq "vector table @[hex $vt_fetch] initial SP" [lindex $vt 0] $reset_sp
check_eq "vector table @[hex $vt_fetch] reset vector" [expr {[lindex $vt 1] & ~1}] $reset_pc

# --- memory: mww/mdw, sub-word writes, a block through write_memory/read_memory ---
mww $ram_scratch 0xa5c3f00d
set out [mdw $ram_scratch]
if {![regexp {:\s*([0-9a-fA-F]{8})} $out -> word]} {
	fail "cannot parse the output of mdw: '$out'"
}
check_eq "mww/mdw [hex $ram_scratch]" 0x$word 0xa5c3f00d
mwh [expr {$ram_scratch + 2}] 0x1234
mwb [expr {$ram_scratch + 1}] 0x77
check_eq "mwh+mwb then read [hex $ram_scratch]" [rd32 $ram_scratch] 0x1234770d
set block {0x01234567 0x89abcdef 0xfedcba98 0x76543210 0x00000000 0xffffffff 0x5a5a5a5a 0xa5a5a5a5}
write_memory [expr {$ram_scratch + 0x100}] 32 $block
set back [read_memory [expr {$ram_scratch + 0x100}] 32 [llength $block]]
for {set i 0} {$i < [llength $block]} {incr i} {
	check_eq "block word $i" [lindex $back $i] [lindex $block $i]
}

# --- load compute, run it from its entry to its final bkpt, check what it computed ---
load_compute
if {[catch {verify_image $compute_elf} out]} {
	fail "verify_image $compute_elf failed: $out"
}
ok "verify_image $compute_elf"
write_memory $result_addr 32 {0 0}
start_compute
wait_for_halt "run to the final bkpt"
check_eq "pc at the program's final bkpt" [regval pc] $done
check_eq "result (CRC-32)" [rd32 $result_addr] $expect_result
check_eq "result2 (sum of cubes and quotients)" [rd32 $result2_addr] $expect_result2
check_eq "counter after the loop" [rd32 $counter_addr] $counter_loops

# --- step: one 16-bit instruction, then one 32-bit instruction ---
setreg pc $step_a
setreg r0 0
if {[catch {step} out]} {
	fail "step at [hex $step_a] failed: $out"
}
check_eq "pc after stepping a 16-bit instruction" [regval pc] $step_b
check_eq "r0 after 'adds r0, r0, #1'" [regval r0] 1
if {[catch {step} out]} {
	fail "step at [hex $step_b] failed: $out"
}
check_eq "pc after stepping a 32-bit instruction" [regval pc] $step_c
check_eq "r0 after 'add.w r0, r0, #0x100'" [regval r0] 0x101

# --- reset halt: stop at the reset handler with SP from the vector table ---
if {[catch {reset halt} out]} {
	fail "reset halt failed: $out"
}
check_state halted "reset halt"
check_eq "pc after reset halt (reset vector)" [regval pc] $reset_pc
check_eq "sp after reset halt (vector table word 0)" [regval sp] $reset_sp
check_eq "xPSR after reset halt (Thumb bit from the vector)" [regval xPSR] 0x01000000

# --- hardware breakpoint in flash: the reset handler's loop ---
# Flash cannot take a software breakpoint; this is what the FPB is for on every core.
if {[catch {reset halt} out]} {
	fail "reset halt (before the flash breakpoint) failed: $out"
}
if {[catch {bp $reset_loop 2 hw} out]} {
	fail "bp [hex $reset_loop] 2 hw failed: $out"
}
if {[catch {resume} out]} {
	fail "resume from the reset vector failed: $out"
}
wait_for_halt "hardware breakpoint in flash (reset_loop)"
check_eq "pc at the hardware breakpoint in flash (reset_loop)" [regval pc] $reset_loop
rbp $reset_loop

# --- breakpoint at marker, in RAM ---
# FPB version 1 (Cortex-M3/M4, ARMv7-M ARM C1.11) compares only addresses in the Code
# region (below 0x20000000): OpenOCD 0.12 refuses `bp ADDR 2 hw` there ("Flash Patch
# Breakpoint rev.1 cannot handle HW breakpoint above address 0x1FFFFFFE"), as silicon
# would not match it. So on the M4 the breakpoint in RAM is a software one (OpenOCD
# writes a BKPT instruction); FPB version 2 (ARMv8-M) matches any address, so on the M33
# it is a hardware breakpoint. marker_bp is "hw" or "" (set by openocd-sim.sh).
load_compute
set bp_kind [expr {$marker_bp eq "hw" ? "hardware" : "software"}]
if {[catch {bp $marker 2 {*}$marker_bp} out]} {
	fail "bp [hex $marker] 2 $marker_bp ($bp_kind) failed: $out"
}
start_compute
wait_for_halt "$bp_kind breakpoint at marker"
check_eq "pc at the $bp_kind breakpoint at marker" [regval pc] $marker
check_eq "counter when marker is reached" [rd32 $counter_addr] $counter_loops
check_eq "result when marker is reached" [rd32 $result_addr] $expect_result
rbp $marker
if {[catch {resume} out]} {
	fail "resume from marker failed: $out"
}
wait_for_halt "run from marker to the final bkpt"
check_eq "pc at the final bkpt after removing the breakpoint" [regval pc] $done

# --- write watchpoint on counter ---
# ARMv7-M/ARMv8-M let a DWT data-watchpoint halt be imprecise (the core may stop a few
# instructions after the store on real silicon; ARMv7-M ARM C1.8.2). The simulator
# halts at the next instruction boundary, which is allowed and is what this checks: pc
# right after the storing instruction, with the store done.
if {[catch {wp $counter_addr 4 w} out]} {
	fail "wp [hex $counter_addr] 4 w failed: $out"
}
start_compute
wait_for_halt "watchpoint: the store that clears counter"
check_eq "counter at the first watchpoint hit (cleared)" [rd32 $counter_addr] 0
check_eq "pc after the clearing store" [regval pc] $counter_clear_done
if {[catch {resume} out]} {
	fail "resume from the first watchpoint hit failed: $out"
}
wait_for_halt "watchpoint: the first increment"
check_eq "counter at the second watchpoint hit" [rd32 $counter_addr] 1
check_eq "pc after the incrementing store" [regval pc] $counter_store_done
rwp $counter_addr
if {[catch {resume} out]} {
	fail "resume after removing the watchpoint failed: $out"
}
wait_for_halt "run to the final bkpt after removing the watchpoint"
check_eq "pc at the final bkpt after removing the watchpoint" [regval pc] $done
check_eq "counter at the end" [rd32 $counter_addr] $counter_loops

# --- lockup: a halt ends it ---
# Resuming with EPSR.T clear makes the first instruction fault (INVSTATE). The simulator,
# like silicon, takes HardFault (Default_Handler: bkpt #2) and halts there when the vector
# table has that handler, and locks up (DHCSR.S_LOCKUP) when it does not (the handler
# faults too, at priority -1). Either way, after a halt
# the core must be in Debug state with S_LOCKUP clear: "The bit clears to 0 when the
# processor enters Debug state" (ARMv7-M ARM C1.6.3 DHCSR; same in ARMv8-M). OpenOCD 0.12
# finds the lockup on its next poll, logs "clearing lockup after double fault", writes
# C_HALT and fails that one poll; if S_LOCKUP stayed set it would repeat that forever.
# openocd-sim.sh allows exactly one such error line.
setreg pc $entry
setreg sp $stack_top
setreg xPSR 0
if {[catch {resume} out]} {
	fail "resume with xPSR.T clear failed: $out"
}
sleep 200
catch {halt 1000}
check_state halted "halt after a lockup"
set dhcsr [rd32 0xE000EDF0]
if {($dhcsr & (1 << 17)) == 0 || ($dhcsr & (1 << 19)) != 0} {
	fail "DHCSR [hex $dhcsr] after halting a locked-up core: want S_HALT (bit 17) set and S_LOCKUP (bit 19) clear"
}
ok "DHCSR [hex $dhcsr] after halting a locked-up core: S_HALT set, S_LOCKUP clear"
if {[catch {reset halt} out]} {
	fail "reset halt after the lockup failed: $out"
}
check_eq "pc after reset halt following the lockup" [regval pc] $reset_pc
sleep 200
check_state halted "200 ms after reset halt following the lockup"

# --- cleanup: no breakpoints or watchpoints left ---
rbp all
set bps [bp]
set wps [wp]
if {[string trim $bps] ne "" || [string trim $wps] ne ""} {
	fail "breakpoints/watchpoints left after cleanup: '$bps' '$wps'"
}
ok "no breakpoints or watchpoints left"

echo "openocd-sim: ALL CHECKS PASSED \[$board\]"
shutdown
