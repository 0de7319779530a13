# SPDX-License-Identifier: GPL-2.0-or-later
# semihost: an ordinary newlib program linked with Debian's --specs=rdimon.specs (newlib's
# semihosting), run from RAM by tests/integration/gdb-semihosting.sh; for the Cortex-M4F
# board (stm32f401) and the Cortex-M33 board (stm32l552), hard-float ABI.
SEMIHOST_ELF_FILES = tests/target/semihost/semihost-m4.elf tests/target/semihost/semihost-m33.elf
check_DATA += $(SEMIHOST_ELF_FILES)
CLEANFILES += $(SEMIHOST_ELF_FILES)
EXTRA_DIST += tests/target/semihost/semihost.c tests/target/semihost/semihost.ld

SEMIHOST_FLAGS = -Os -g -std=gnu11 -mthumb -Wall -Wextra -Werror --specs=rdimon.specs \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -T $(srcdir)/tests/target/semihost/semihost.ld
SEMIHOST_PREREQ = $(srcdir)/tests/target/semihost/semihost.c $(srcdir)/tests/target/semihost/semihost.ld \
	$(srcdir)/tests/target/semihost/local.mk

tests/target/semihost/semihost-m4.elf: $(SEMIHOST_PREREQ) $(srcdir)/tests/target/m4/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/semihost && \
	$(ARM_CC) $(SEMIHOST_FLAGS) -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
		-L$(srcdir)/tests/target/m4 -o $@ $(srcdir)/tests/target/semihost/semihost.c

tests/target/semihost/semihost-m33.elf: $(SEMIHOST_PREREQ) $(srcdir)/tests/target/m33/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/semihost && \
	$(ARM_CC) $(SEMIHOST_FLAGS) -mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16 \
		-L$(srcdir)/tests/target/m33 -o $@ $(srcdir)/tests/target/semihost/semihost.c

# The same program linked into flash with a vector table (flash_start.c), for `rspflash run`
# (tests/integration/cli-run.sh), and a flash program that faults at once (-DRUN_FAULT).
SEMIHOST_RUN_ELF_FILES = tests/target/semihost/semihost-run-m4.elf tests/target/semihost/semihost-run-m33.elf \
	tests/target/semihost/fault-run-m33.elf
check_DATA += $(SEMIHOST_RUN_ELF_FILES)
CLEANFILES += $(SEMIHOST_RUN_ELF_FILES)
EXTRA_DIST += tests/target/semihost/semihost-flash.ld tests/target/semihost/flash_start.c
SEMIHOST_RUN_FLAGS = -Os -g -std=gnu11 -mthumb -Wall -Wextra -Werror \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -T $(srcdir)/tests/target/semihost/semihost-flash.ld
SEMIHOST_RUN_PREREQ = $(SEMIHOST_PREREQ) $(srcdir)/tests/target/semihost/semihost-flash.ld \
	$(srcdir)/tests/target/semihost/flash_start.c

tests/target/semihost/semihost-run-m4.elf: $(SEMIHOST_RUN_PREREQ) $(srcdir)/tests/target/m4/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/semihost && \
	$(ARM_CC) $(SEMIHOST_RUN_FLAGS) --specs=rdimon.specs -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
		-L$(srcdir)/tests/target/m4 -o $@ $(srcdir)/tests/target/semihost/semihost.c \
		$(srcdir)/tests/target/semihost/flash_start.c

tests/target/semihost/semihost-run-m33.elf: $(SEMIHOST_RUN_PREREQ) $(srcdir)/tests/target/m33/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/semihost && \
	$(ARM_CC) $(SEMIHOST_RUN_FLAGS) --specs=rdimon.specs -mcpu=cortex-m33 -mfloat-abi=hard -mfpu=fpv5-sp-d16 \
		-L$(srcdir)/tests/target/m33 -o $@ $(srcdir)/tests/target/semihost/semihost.c \
		$(srcdir)/tests/target/semihost/flash_start.c

tests/target/semihost/fault-run-m33.elf: $(SEMIHOST_RUN_PREREQ) $(srcdir)/tests/target/m33/memory.ld
	$(AM_V_GEN)$(MKDIR_P) tests/target/semihost && \
	$(ARM_CC) $(SEMIHOST_RUN_FLAGS) -nostdlib -nostartfiles -DRUN_FAULT -mcpu=cortex-m33 \
		-L$(srcdir)/tests/target/m33 -o $@ $(srcdir)/tests/target/semihost/flash_start.c
