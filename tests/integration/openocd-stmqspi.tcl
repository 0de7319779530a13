# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD 0.12's own stmqspi driver (flash bank 0, OCTOSPI1 registers at 0x44021000, window
# 0x90000000) against rspflash-sim's STM32L562E-DK: OCTOSPI1 and an MX25LM51245G. Driven by
# openocd-stmqspi.sh, which defines (params file, read first): image, image_size, base (the
# image's offset in the flash), erase_first/erase_last (64 KB sectors), probe_words (a list
# of {offset value} pairs computed on the host from the image).
#
# Set-up (openocd-stmqspi-setup.tcl, shared with scripts/bench): OCTOSPI1 in 1-line
# memory-mapped mode and `flash probe`, checked; then the NOR switched to DTR OPI and
# probed again, checked.

source [file join [file dirname [info script]] openocd-stmqspi-setup.tcl]

proc fail {msg} {
	echo "openocd-stmqspi: FAIL: $msg"
	shutdown error
	error "openocd-stmqspi: $msg"
}

proc ok {msg} {
	echo "openocd-stmqspi: ok: $msg"
}

proc hex {v} {
	return [format 0x%08x [expr {$v & 0xffffffff}]]
}

proc run {cmd} {
	if {[catch {uplevel 1 $cmd} out]} {
		fail "$cmd failed: $out"
	}
	return $out
}

proc rd32 {addr} {
	set words [run [list read_memory $addr 32 1]]
	return [lindex $words 0]
}

proc check_eq {what got want} {
	if {($got & 0xffffffff) != ($want & 0xffffffff)} {
		fail "$what: got [hex $got], expected [hex $want]"
	}
	ok "$what = [hex $got]"
}

# `flash info 0` names the part stmqspi identified and its size
proc check_part {mode} {
	set info [run {capture "flash info 0"}]
	if {![regexp {mac 25lm51245} $info] || ![regexp {0x04000000|65536 ?[kK]i?B} $info]} {
		echo $info
		fail "flash info 0 ($mode): not the MX25LM51245G (64 MB)"
	}
	ok "flash info 0 ($mode): [lindex [split [string trim $info] "\n"] 0]"
}

echo "openocd-stmqspi: starting checks"
run {reset halt}

run {stm32l562e_dk_octospi_spi 0}
check_part "SPI"
run {stm32l562e_dk_octospi_dtr_opi 0}
check_part "DTR OPI"
set cr2 [run {stmqspi cmd 0 1 0x71 0x00 0x00 0x00 0x00}]
if {![regexp -- {-> 02} $cr2]} {
	fail "CR2 address 0 in DTR OPI: '$cr2', expected 02 (DOPI)"
}
ok "CR2 address 0 reads 02 (DOPI): $cr2"

# --- erase, write, verify, read back through the window and with read_bank ---
set t0 [clock milliseconds]
run [list flash erase_sector 0 $erase_first $erase_last]
# (not `flash erase_check 0`: it reads all 64 MB on the target)
foreach a [list [expr {$erase_first * 0x10000}] [expr {($erase_last + 1) * 0x10000 - 4}]] {
	check_eq "erased word at [hex [expr {0x90000000 + $a}]]" [rd32 [expr {0x90000000 + $a}]] 0xffffffff
}
run [list flash write_bank 0 $image $base]
run [list flash verify_bank 0 $image $base]
ok "erase_sector 0 $erase_first $erase_last, write_bank, verify_bank: [expr {[clock milliseconds] - $t0}] ms wall clock"
foreach pw $probe_words {
	lassign $pw off want
	check_eq "word at [hex [expr {0x90000000 + $base + $off}]]" [rd32 [expr {0x90000000 + $base + $off}]] $want
}
check_eq "word before the image" [rd32 [expr {0x90000000 + $base - 4}]] 0xffffffff
check_eq "word after the image" [rd32 [expr {0x90000000 + $base + $image_size}]] 0xffffffff
run [list flash read_bank 0 $readback $base $image_size]
ok "read_bank 0 to $readback"

echo "openocd-stmqspi: ALL CHECKS PASSED"
shutdown
