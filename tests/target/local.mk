# On-target test programs, built with arm-none-eabi-gcc. Owned by the integration-test work.
#
# Each program is built twice: for the Cortex-M4 board (stm32f401, hard-float ABI with
# FPv4-SP) and for the Cortex-M33 board (stm32l552). The memory layout comes from
# tests/target/<core>/memory.ld, which the program's linker script INCLUDEs (found via -L).
# exc is also built for the Cortex-M55 boards, whose RAM lies at different addresses:
# alif-e7 (m55: DTCM at 0x20000000) and stm32n657 (m55-n6: AXISRAM at 0x34000000); without
# MVE and without low-overhead loops (DLS/WLS/LE: -fno-branch-count-reg): Unicorn runs the
# M55 as an M33, which has neither.
# Explicit rules only (no pattern rules): automake -Wall -Werror warns about them.

TARGET_ELF_FILES = \
	tests/target/compute-m4.elf tests/target/compute-m33.elf \
	tests/target/vectors-m4.elf tests/target/vectors-m33.elf \
	tests/target/exc-m4.elf tests/target/exc-m33.elf \
	tests/target/exc-m55.elf tests/target/exc-m55-n6.elf
# flat images the unit tests load into RAM (sim_preload)
TARGET_BIN_FILES = tests/target/exc-m4.bin tests/target/exc-m33.bin \
	tests/target/exc-m55.bin tests/target/exc-m55-n6.bin
check_DATA += $(TARGET_ELF_FILES) $(TARGET_BIN_FILES)
CLEANFILES += $(TARGET_ELF_FILES) $(TARGET_BIN_FILES)

TARGET_COMPUTE_FILES = \
	$(srcdir)/tests/target/compute_start.S $(srcdir)/tests/target/compute.c
TARGET_VECTORS_FILES = $(srcdir)/tests/target/vectors.S
TARGET_COMMON_PREREQ = $(srcdir)/tests/target/local.mk
TARGET_M4_PREREQ = $(srcdir)/tests/target/m4/memory.ld $(TARGET_COMMON_PREREQ)
TARGET_M33_PREREQ = $(srcdir)/tests/target/m33/memory.ld $(TARGET_COMMON_PREREQ)
TARGET_M55_PREREQ = $(srcdir)/tests/target/m55/memory.ld $(TARGET_COMMON_PREREQ)
TARGET_M55_N6_PREREQ = $(srcdir)/tests/target/m55-n6/memory.ld $(TARGET_COMMON_PREREQ)

TARGET_EXC_FILES = $(srcdir)/tests/target/exc/exc.c
EXTRA_DIST += \
	$(TARGET_COMPUTE_FILES) $(TARGET_VECTORS_FILES) \
	$(TARGET_EXC_FILES) tests/target/exc/exc.ld \
	tests/target/compute.ld tests/target/vectors.ld \
	tests/target/m4/memory.ld tests/target/m33/memory.ld \
	tests/target/m55/memory.ld tests/target/m55-n6/memory.ld

# -nostdlib/-nostartfiles: no C runtime; the programs set up what they use themselves.
# -fno-tree-loop-distribute-patterns: never turn a loop into a memset/memcpy call.
TARGET_CC_FLAGS = -Os -g -std=gnu11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -mthumb -Wall -Wextra -Werror \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments
TARGET_M4_FLAGS = -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
	-L$(srcdir)/tests/target/m4
TARGET_M33_FLAGS = -mcpu=cortex-m33 -L$(srcdir)/tests/target/m33
TARGET_M55_CPU_FLAGS = -mcpu=cortex-m55+nomve -mfloat-abi=hard -fno-branch-count-reg

tests/target/compute-m4.elf: $(TARGET_COMPUTE_FILES) $(srcdir)/tests/target/compute.ld $(TARGET_M4_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M4_FLAGS) -T $(srcdir)/tests/target/compute.ld \
		-o $@ $(TARGET_COMPUTE_FILES)

tests/target/compute-m33.elf: $(TARGET_COMPUTE_FILES) $(srcdir)/tests/target/compute.ld $(TARGET_M33_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M33_FLAGS) -T $(srcdir)/tests/target/compute.ld \
		-o $@ $(TARGET_COMPUTE_FILES)

tests/target/vectors-m4.elf: $(TARGET_VECTORS_FILES) $(srcdir)/tests/target/vectors.ld $(TARGET_M4_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M4_FLAGS) -T $(srcdir)/tests/target/vectors.ld \
		-o $@ $(TARGET_VECTORS_FILES)

tests/target/vectors-m33.elf: $(TARGET_VECTORS_FILES) $(srcdir)/tests/target/vectors.ld $(TARGET_M33_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M33_FLAGS) -T $(srcdir)/tests/target/vectors.ld \
		-o $@ $(TARGET_VECTORS_FILES)

# exc: the exception-model program (tests/unit/test_exc.c), RAM-only, its own layout
tests/target/exc-m4.elf: $(TARGET_EXC_FILES) $(srcdir)/tests/target/exc/exc.ld $(TARGET_M4_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M4_FLAGS) -T $(srcdir)/tests/target/exc/exc.ld \
		-o $@ $(TARGET_EXC_FILES)

tests/target/exc-m33.elf: $(TARGET_EXC_FILES) $(srcdir)/tests/target/exc/exc.ld $(TARGET_M33_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M33_FLAGS) -T $(srcdir)/tests/target/exc/exc.ld \
		-o $@ $(TARGET_EXC_FILES)

tests/target/exc-m55.elf: $(TARGET_EXC_FILES) $(srcdir)/tests/target/exc/exc.ld $(TARGET_M55_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M55_CPU_FLAGS) -L$(srcdir)/tests/target/m55 \
		-T $(srcdir)/tests/target/exc/exc.ld -o $@ $(TARGET_EXC_FILES)

tests/target/exc-m55-n6.elf: $(TARGET_EXC_FILES) $(srcdir)/tests/target/exc/exc.ld $(TARGET_M55_N6_PREREQ)
	$(AM_V_GEN)$(MKDIR_P) tests/target && \
	$(ARM_CC) $(TARGET_CC_FLAGS) $(TARGET_M55_CPU_FLAGS) -L$(srcdir)/tests/target/m55-n6 \
		-T $(srcdir)/tests/target/exc/exc.ld -o $@ $(TARGET_EXC_FILES)

tests/target/exc-m55.bin: tests/target/exc-m55.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary $< $@

tests/target/exc-m55-n6.bin: tests/target/exc-m55-n6.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary $< $@

tests/target/exc-m4.bin: tests/target/exc-m4.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary $< $@

tests/target/exc-m33.bin: tests/target/exc-m33.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary $< $@
