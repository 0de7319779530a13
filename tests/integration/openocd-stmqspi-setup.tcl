# SPDX-License-Identifier: GPL-2.0-or-later
#
# The STM32L562E-DK's OCTOSPI1 (registers at 0x44021000, window 0x90000000) and its
# MX25LM51245G set up for OpenOCD 0.12's stmqspi driver, in two steps, each ending in
# `flash probe BANK` (stmqspi takes its read mode from CR, TCR, CCR and IR as they stand):
#
#   stm32l562e_dk_octospi_spi BANK      clocks and pins, OCTOSPI1 in 1-line memory-mapped
#                                       mode with 4-byte addresses (READ4B 13h)
#   stm32l562e_dk_octospi_dtr_opi BANK  the NOR into DTR OPI (6 dummy cycles), OCTOSPI1 in
#                                       8-line DTR memory-mapped mode (8DTRD EE11h)
#
# The second step expects the NOR in SPI mode, as it is after power-on. Shared by
# tests/integration/openocd-stmqspi.tcl (which checks the part after each step) and
# scripts/bench (bench/nor_bench.py: both steps in the reset-init handler that OpenOCD's
# `program` runs, after target/stm32l5x.cfg's clock set-up, as OpenOCD's own
# board/stm32h735g-disco.cfg does for this part).
#
# As OpenOCD's board scripts do it: clocks and pins with mmw, OCTOSPI1 with CR written
# first. The DK's GPIO from ST's BSP stm32l562e_discovery_ospi.h: PA2 NCS, PA3 CLK, PA6/PA7
# IO3/IO2, PB0..2 IO1/IO0/DQS on AF10; PC0 IO7 on AF3, PC1..3 IO4..6 on AF10.

source [find mem_helper.tcl]	;# mmw, as target scripts source it

proc stm32l562e_dk_octospi_spi {bank} {
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
	flash probe $bank
}

proc stm32l562e_dk_octospi_dtr_opi {bank} {
	# --- the NOR into DTR OPI: 6 dummy cycles (CR2 0x300 = 7), then DOPI (CR2 0 = 2) ---
	stmqspi cmd $bank 0 0x06
	stmqspi cmd $bank 0 0x72 0x00 0x00 0x03 0x00 0x07
	stmqspi cmd $bank 0 0x06
	stmqspi cmd $bank 0 0x72 0x00 0x00 0x00 0x00 0x02
	mww 0x44021000 0x3040000B		;# CR: abort, memory-mapped again
	mww 0x44021108 0x10000006		;# TCR: DHQC, 6 dummy cycles
	mww 0x44021100 0x2C003C1C		;# CCR: 8 lines DTR everywhere, 2-byte instruction, DQS
	mww 0x44021110 0x0000EE11		;# IR: 8DTRD
	flash probe $bank
}
