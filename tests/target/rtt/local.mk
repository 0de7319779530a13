# SPDX-License-Identifier: GPL-2.0-or-later
# rtt: the RTT test program (rtt.c), linked into flash with no C library, for the
# Cortex-M4F board (stm32f401) and the Cortex-M33 board (stm32l552).
# It uses the flash layout of semihost-flash.ld and the start-up of flash_start.c (vector
# table first, .data copied to RAM, .bss zeroed, then main).
RTT_ELF_FILES = tests/target/rtt/rtt-m4.elf tests/target/rtt/rtt-m33.elf
check_DATA += $(RTT_ELF_FILES)
CLEANFILES += $(RTT_ELF_FILES)
EXTRA_DIST += tests/target/rtt/rtt.c

RTT_FLAGS = -Os -g -std=gnu11 -ffreestanding -nostdlib -nostartfiles -fno-tree-loop-distribute-patterns \
	-mthumb -Wall -Wextra -Werror -Wl,--fatal-warnings -Wl,--no-warn-rwx-segments \
	-DSTART_MAIN -T $(srcdir)/tests/target/semihost/semihost-flash.ld
RTT_SRC_FILES = $(srcdir)/tests/target/rtt/rtt.c $(srcdir)/tests/target/semihost/flash_start.c
RTT_PREREQ = $(RTT_SRC_FILES) $(srcdir)/tests/target/semihost/semihost-flash.ld $(srcdir)/tests/target/rtt/local.mk

tests/target/rtt/rtt-m4.elf: $(RTT_PREREQ) $(srcdir)/tests/target/m4/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/rtt && \
	$(ARM_CC) $(RTT_FLAGS) -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
		-L$(srcdir)/tests/target/m4 -o $@ $(RTT_SRC_FILES)

tests/target/rtt/rtt-m33.elf: $(RTT_PREREQ) $(srcdir)/tests/target/m33/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/rtt && \
	$(ARM_CC) $(RTT_FLAGS) -mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16 \
		-L$(srcdir)/tests/target/m33 -o $@ $(RTT_SRC_FILES)
