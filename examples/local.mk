# SPDX-License-Identifier: GPL-2.0-or-later
# Example firmware, one per virtual board, built by plain `make` (the README's tour loads
# examples/counter-stm32l552.elf): counter.c and startup.c linked with examples/<board>.ld.
# Built, not installed: they are ARM programs for the virtual boards, made from the sources.
# Explicit rules only (automake -Wall -Werror warns about pattern rules).
EXAMPLE_BOARDS = stm32l552 stm32f401 stm32l562e-dk stm32n657 alif-e7
EXAMPLE_ELF_FILES = $(EXAMPLE_BOARDS:%=examples/counter-%.elf)
noinst_DATA += $(EXAMPLE_ELF_FILES)
CLEANFILES += $(EXAMPLE_ELF_FILES)
EXAMPLE_SRC_FILES = $(srcdir)/examples/counter.c $(srcdir)/examples/startup.c
EXTRA_DIST += examples/counter.c examples/startup.c examples/sections.ld \
	$(EXAMPLE_BOARDS:%=examples/%.ld)

EXAMPLE_FLAGS = -Os -g -std=gnu11 -ffreestanding -nostdlib -nostartfiles -mthumb \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror -Wmissing-prototypes \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -L$(srcdir)/examples
EXAMPLE_PREREQ = $(EXAMPLE_SRC_FILES) $(srcdir)/examples/sections.ld $(srcdir)/examples/local.mk
# The Cortex-M55 boards: no MVE (Helium), which the virtual boards' M33-based core lacks.
EXAMPLE_M55 = -mcpu=cortex-m55+nomve -mfloat-abi=soft -DEXAMPLE_EXT_FLASH

examples/counter-stm32l552.elf: $(EXAMPLE_PREREQ) $(srcdir)/examples/stm32l552.ld
	$(AM_V_GEN)$(MKDIR_P) examples && $(ARM_CC) $(EXAMPLE_FLAGS) -mcpu=cortex-m33 \
		-T $(srcdir)/examples/stm32l552.ld -o $@ $(EXAMPLE_SRC_FILES)

examples/counter-stm32f401.elf: $(EXAMPLE_PREREQ) $(srcdir)/examples/stm32f401.ld
	$(AM_V_GEN)$(MKDIR_P) examples && $(ARM_CC) $(EXAMPLE_FLAGS) -mcpu=cortex-m4 \
		-T $(srcdir)/examples/stm32f401.ld -o $@ $(EXAMPLE_SRC_FILES)

examples/counter-stm32l562e-dk.elf: $(EXAMPLE_PREREQ) $(srcdir)/examples/stm32l562e-dk.ld
	$(AM_V_GEN)$(MKDIR_P) examples && $(ARM_CC) $(EXAMPLE_FLAGS) -mcpu=cortex-m33 -DEXAMPLE_EXT_FLASH \
		-T $(srcdir)/examples/stm32l562e-dk.ld -o $@ $(EXAMPLE_SRC_FILES)

examples/counter-stm32n657.elf: $(EXAMPLE_PREREQ) $(srcdir)/examples/stm32n657.ld
	$(AM_V_GEN)$(MKDIR_P) examples && $(ARM_CC) $(EXAMPLE_FLAGS) $(EXAMPLE_M55) \
		-T $(srcdir)/examples/stm32n657.ld -o $@ $(EXAMPLE_SRC_FILES)

examples/counter-alif-e7.elf: $(EXAMPLE_PREREQ) $(srcdir)/examples/alif-e7.ld
	$(AM_V_GEN)$(MKDIR_P) examples && $(ARM_CC) $(EXAMPLE_FLAGS) $(EXAMPLE_M55) \
		-T $(srcdir)/examples/alif-e7.ld -o $@ $(EXAMPLE_SRC_FILES)

# Every example loads into its board and runs (gdb-multiarch).
TESTS += tests/integration/examples.sh
EXTRA_DIST += tests/integration/examples.sh
