# SPDX-License-Identifier: GPL-2.0-or-later
# gdbprog: the C program the GDB integration tests load into RAM (tests/integration/gdb-*.sh),
# built for the Cortex-M4F board (stm32f401) and the Cortex-M33 board (stm32l552), both with
# the hard-float ABI so the FPU registers hold real values. -Og -g: steppable C with symbols.
GDBPROG_ELF_FILES = tests/target/gdb/gdbprog-m4.elf tests/target/gdb/gdbprog-m33.elf
check_DATA += $(GDBPROG_ELF_FILES)
CLEANFILES += $(GDBPROG_ELF_FILES)
EXTRA_DIST += tests/target/gdb/gdbprog.c tests/target/gdb/gdbprog.ld

GDBPROG_FLAGS = -Og -g -std=gnu11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -mthumb -Wall -Wextra -Werror \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -T $(srcdir)/tests/target/gdb/gdbprog.ld
GDBPROG_PREREQ = $(srcdir)/tests/target/gdb/gdbprog.c $(srcdir)/tests/target/gdb/gdbprog.ld \
	$(srcdir)/tests/target/gdb/local.mk

tests/target/gdb/gdbprog-m4.elf: $(GDBPROG_PREREQ) $(srcdir)/tests/target/m4/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/gdb && \
	$(ARM_CC) $(GDBPROG_FLAGS) -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
		-L$(srcdir)/tests/target/m4 -o $@ $(srcdir)/tests/target/gdb/gdbprog.c

tests/target/gdb/gdbprog-m33.elf: $(GDBPROG_PREREQ) $(srcdir)/tests/target/m33/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/gdb && \
	$(ARM_CC) $(GDBPROG_FLAGS) -mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16 \
		-L$(srcdir)/tests/target/m33 -o $@ $(srcdir)/tests/target/gdb/gdbprog.c
