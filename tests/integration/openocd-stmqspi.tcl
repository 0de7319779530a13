# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD 0.12's own stmqspi driver (flash bank 0, OCTOSPI1 registers at 0x44021000, window
# 0x90000000) against rspflash-sim's STM32L562E-DK: OCTOSPI1 and an MX25LM51245G. Driven by
# openocd-stmqspi.sh, which defines (params file, read first): image, image_size, base (the
# image's offset in the flash), erase_first/erase_last (64 KB sectors), probe_words (a list
# of {offset value} pairs computed on the host from the image).
#
# Set-up as OpenOCD's own board scripts do it (board/stm32h735g-disco.cfg, another board
# with this part): clocks and pins with mmw, OCTOSPI1 in 1-line memory-mapped mode with CR
# written first, `flash probe`; then `stmqspi cmd` switches the NOR to DTR OPI (the DK's
# GPIO from ST's BSP stm32l562e_discovery_ospi.h: PA2 NCS, PA3 CLK, PA6/PA7 IO3/IO2, PB0..2
# IO1/IO0/DQS on AF10; PC0 IO7 on AF3, PC1..3 IO4..6 on AF10).

source [find mem_helper.tcl]	;# mmw, as target scripts source it

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

# --- clocks and pins ---
mmw 0x4002104C 0x00000007 0		;# RCC_AHB2ENR: GPIOAEN, GPIOBEN, GPIOCEN
mmw 0x40021050 0x00000100 0		;# RCC_AHB3ENR: OSPI1EN
mmw 0x42020000 0x0000A0A0 0x00005050	;# GPIOA_MODER: PA2, PA3, PA6, PA7 alternate function
mmw 0x42020008 0x0000F0F0 0		;# GPIOA_OSPEEDR: very high
mmw 0x42020020 0xAA00AA00 0x55005500	;# GPIOA_AFRL: AF10
mmw 0x42020400 0x0000002A 0x00000015	;# GPIOB_MODER: PB0, PB1, PB2
mmw 0x42020408 0x0000003F 0
mmw 0x42020420 0x00000AAA 0x00000555	;# GPIOB_AFRL: AF10
mmw 0x42020800 0x000000AA 0x00000055	;# GPIOC_MODER: PC0..PC3
mmw 0x42020808 0x000000FF 0
mmw 0x42020820 0x0000AAA3 0x0000555C	;# GPIOC_AFRL: PC0 AF3, PC1..3 AF10

# --- OCTOSPI1: memory-mapped 1-line reads with 4-byte addresses (READ4B 13h) ---
mww 0x44021130 0x00001000		;# LPTR
mww 0x44021000 0x3040000B		;# CR: FMODE = 3, APMS, TCEN, ABORT, EN
mww 0x44021008 0x01190100		;# DCR1: MTYP = Macronix, DEVSIZE = 25 (64 MB), CSHT = 1
mww 0x4402100C 0x00000001		;# DCR2: prescaler 2
mww 0x44021108 0x00000000		;# TCR
mww 0x44021100 0x01003101		;# CCR: 1-line instruction, 4-byte address, data
mww 0x44021110 0x00000013		;# IR: READ4B
run {flash probe 0}
check_part "SPI"

# --- the NOR into DTR OPI: 6 dummy cycles (CR2 0x300 = 7), then DOPI (CR2 0 = 2) ---
run {stmqspi cmd 0 0 0x06}
run {stmqspi cmd 0 0 0x72 0x00 0x00 0x03 0x00 0x07}
run {stmqspi cmd 0 0 0x06}
run {stmqspi cmd 0 0 0x72 0x00 0x00 0x00 0x00 0x02}
mww 0x44021000 0x3040000B		;# CR: abort, memory-mapped again
mww 0x44021108 0x10000006		;# TCR: DHQC, 6 dummy cycles
mww 0x44021100 0x2C003C1C		;# CCR: 8 lines DTR everywhere, 2-byte instruction, DQS
mww 0x44021110 0x0000EE11		;# IR: 8DTRD
run {flash probe 0}
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
