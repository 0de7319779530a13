# SPDX-License-Identifier: GPL-2.0-or-later
# On-target routines, built with arm-none-eabi-gcc and embedded in rspflash as byte arrays.
#
# stm32_stream: the streaming flash programmer (erase, program + level-1 verify, sector
#               digests, CRC) of flash/stream.c; ABI in flash/loaders/stream_abi.h.
# ARMv6-M code (-mcpu=cortex-m0plus), but for the CRC word loop (stream_crc.c, ARMv7-M: every
# core rspflash serves is M4, M33 or M55; see that file for why only it); linked at 0,
# position independent; objcopy -O binary, then mkblob.sh writes a C array with the entry
# offset (od, awk and nm: no new tools).
LOADER_COMMON_FLAGS = -mthumb -Os -std=gnu11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -fno-jump-tables -Wall -Wextra -Werror -I$(srcdir)
LOADER_CC_FLAGS = -mcpu=cortex-m0plus $(LOADER_COMMON_FLAGS) \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -Wl,-Ttext=0
LOADER_DEPS = $(srcdir)/flash/loaders/local.mk $(srcdir)/flash/loaders/mkblob.sh
MKBLOB = $(SHELL) $(srcdir)/flash/loaders/mkblob.sh

flash/loaders/stream_crc_v7m.o: $(srcdir)/flash/loaders/stream_crc.c $(srcdir)/flash/loaders/stream_crc.h $(LOADER_DEPS)
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) -mcpu=cortex-m3 $(LOADER_COMMON_FLAGS) -c -o $@ $(srcdir)/flash/loaders/stream_crc.c

flash/loaders/stm32_stream.elf: $(srcdir)/flash/loaders/stm32_stream.c $(srcdir)/flash/loaders/stream_abi.h \
		$(srcdir)/flash/loaders/stream_crc.h flash/loaders/stream_crc_v7m.o $(LOADER_DEPS)
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) $(LOADER_CC_FLAGS) -Wl,-e,stream_main -o $@ $(srcdir)/flash/loaders/stm32_stream.c \
		flash/loaders/stream_crc_v7m.o

flash/loaders/stm32_stream.bin: flash/loaders/stm32_stream.elf
	$(AM_V_GEN)$(ARM_OBJCOPY) -O binary -j .text $< $@

flash/loaders/stm32_stream_blob.c: flash/loaders/stm32_stream.bin
	$(AM_V_GEN)$(MKBLOB) stm32_stream stream_main flash/loaders/stm32_stream.elf $< $(ARM_NM) > $@.tmp && mv $@.tmp $@

# Built-in external-flash loaders: CMSIS FLM files (ABI: flm_abi.h), linked at 0 by
# flm.ld, position independent, embedded whole by mkelfblob.sh and listed in builtin.c.
# A loader NAME adds: flash/loaders/NAME.flm from NAME.c with $(FLM_CC_FLAGS) -mcpu=...,
# flash/loaders/NAME_elf.c from it with $(MKELFBLOB), that file to FLM_BLOBS.
FLM_CC_FLAGS = -mthumb -Os -std=gnu11 -ffreestanding -nostdlib -nostartfiles -fPIE \
	-fno-tree-loop-distribute-patterns -fno-jump-tables -Wall -Wextra -Werror -I$(srcdir) \
	-Wl,--fatal-warnings -Wl,--no-warn-rwx-segments -Wl,-T,$(srcdir)/flash/loaders/flm.ld
FLM_DEPS = $(srcdir)/flash/loaders/flm_abi.h $(srcdir)/flash/loaders/flm_mapped.c $(srcdir)/flash/loaders/flm.ld $(srcdir)/flash/loaders/local.mk \
	$(srcdir)/flash/loaders/mkelfblob.sh
MKELFBLOB = $(SHELL) $(srcdir)/flash/loaders/mkelfblob.sh
FLM_BLOBS =
EXTRA_DIST += flash/loaders/flm.ld flash/loaders/mkelfblob.sh flash/loaders/flm_mapped.c

# alif_ospi1: IS25WX256 on OSPI1 of the Alif E7 (octal DDR, XIP at 0xC0000000).
flash/loaders/alif_ospi1.flm: $(srcdir)/flash/loaders/alif_ospi1.c $(srcdir)/arch/dw_ospi_regs.h $(FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) $(FLM_CC_FLAGS) -mcpu=cortex-m33 -o $@ $(srcdir)/flash/loaders/alif_ospi1.c $(srcdir)/flash/loaders/flm_mapped.c

flash/loaders/alif_ospi1_elf.c: flash/loaders/alif_ospi1.flm
	$(AM_V_GEN)$(MKELFBLOB) alif_ospi1 $< > $@.tmp && mv $@.tmp $@

FLM_BLOBS += flash/loaders/alif_ospi1_elf.c
EXTRA_DIST += flash/loaders/alif_ospi1.c
# l5_octospi1: STM32L562E-DK, OCTOSPI1 + MX25LM51245G (octal DTR), window 0x90000000
flash/loaders/l5_octospi1.flm: $(srcdir)/flash/loaders/l5_octospi1.c $(srcdir)/arch/stm32_xspi.h $(FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) $(FLM_CC_FLAGS) -mcpu=cortex-m33 -o $@ $(srcdir)/flash/loaders/l5_octospi1.c $(srcdir)/flash/loaders/flm_mapped.c
flash/loaders/l5_octospi1_elf.c: flash/loaders/l5_octospi1.flm
	$(AM_V_GEN)$(MKELFBLOB) l5_octospi1 $< > $@.tmp && mv $@.tmp $@
FLM_BLOBS += flash/loaders/l5_octospi1_elf.c
EXTRA_DIST += flash/loaders/l5_octospi1.c
# its unit test: called like a FLM host on the virtual STM32L562E-DK
check_PROGRAMS += tests/unit/test_loader_l5dk
TESTS += tests/unit/test_loader_l5dk
tests_unit_test_loader_l5dk_SOURCES = tests/unit/test_loader_l5dk.c tests/unit/test_core_util.c tests/unit/test_core_util.h
nodist_tests_unit_test_loader_l5dk_SOURCES = flash/loaders/l5_octospi1_elf.c
tests_unit_test_loader_l5dk_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_loader_l5dk_LDADD = $(SIM_TEST_LIBS)
# n6_xspi2: STM32N6 XSPI2, MX66UW1G45G octal DTR (builtin "n6-xspi2-mx66uw1g45g")
flash/loaders/n6_xspi2.flm: $(srcdir)/flash/loaders/n6_xspi2.c $(FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) flash/loaders && \
	$(ARM_CC) $(FLM_CC_FLAGS) -mcpu=cortex-m33 -o $@ $(srcdir)/flash/loaders/n6_xspi2.c $(srcdir)/flash/loaders/flm_mapped.c
flash/loaders/n6_xspi2_elf.c: flash/loaders/n6_xspi2.flm
	$(AM_V_GEN)$(MKELFBLOB) n6_xspi2 $< > $@.tmp && mv $@.tmp $@
FLM_BLOBS += flash/loaders/n6_xspi2_elf.c
EXTRA_DIST += flash/loaders/n6_xspi2.c

CLEANFILES += flash/loaders/stm32_stream.elf flash/loaders/stm32_stream.bin flash/loaders/stm32_stream_blob.c \
	flash/loaders/stream_crc_v7m.o
EXTRA_DIST += flash/loaders/stm32_stream.c flash/loaders/stream_crc.c flash/loaders/stream_crc.h flash/loaders/mkblob.sh

# The built-in N6 loader run on the virtual N657 by a minimal FLM host (tests/unit/flm_harness.h).
check_PROGRAMS += tests/unit/test_loader_n6
TESTS += tests/unit/test_loader_n6
tests_unit_test_loader_n6_SOURCES = tests/unit/test_loader_n6.c tests/unit/flm_harness.h \
	tests/unit/test_core_util.c tests/unit/test_core_util.h
nodist_tests_unit_test_loader_n6_SOURCES = flash/loaders/n6_xspi2_elf.c
tests_unit_test_loader_n6_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_test_loader_n6_LDADD = $(SIM_TEST_LIBS) $(LIBELF_LIBS)
