# SPDX-License-Identifier: GPL-2.0-or-later
# On-target routines, built with arm-none-eabi-gcc and embedded in rspflash as byte arrays.
#
# crc32: GDB's CRC-32 (qCRC, compare-sections, level-2 verify), run in the part's work RAM.
# ARMv6-M code (-mcpu=cortex-m0plus) so one blob serves every Cortex-M core; linked at 0
# with its entry first; objcopy -O binary, then od + awk write a C array (no new tools).
LOADER_CC_FLAGS = -mthumb -mcpu=cortex-m0plus -Os -std=gnu11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -Wl,-Ttext=0 -Wl,-e,crc32_gdb

flash/loaders/crc32.elf: $(srcdir)/flash/loaders/crc32.c $(srcdir)/flash/loaders/local.mk
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) $(LOADER_CC_FLAGS) -o $@ $(srcdir)/flash/loaders/crc32.c

flash/loaders/crc32.bin: flash/loaders/crc32.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary -j .text $< $@

flash/loaders/crc32_blob.c: flash/loaders/crc32.bin
	$(AM_V_GEN){ \
	  echo '/* Generated from flash/loaders/crc32.c by flash/loaders/local.mk: do not edit. */'; \
	  echo '#include "flash/loaders/crc32.h"'; \
	  echo 'const uint8_t loader_crc32[] = {'; \
	  od -An -v -tx1 $< | awk '{ for (i = 1; i <= NF; i++) printf "0x%s,", $$i; print "" }'; \
	  echo '};'; \
	  echo 'const size_t loader_crc32_size = sizeof(loader_crc32);'; \
	} > $@.tmp && mv $@.tmp $@

CLEANFILES += flash/loaders/crc32.elf flash/loaders/crc32.bin flash/loaders/crc32_blob.c
EXTRA_DIST += flash/loaders/crc32.c
