# SPDX-License-Identifier: GPL-2.0-or-later
# Program image readers (src/image/): ELF, Intel HEX, S-record, raw binary; and their tests.
noinst_LIBRARIES += src/libimage.a
src_libimage_a_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
src_libimage_a_SOURCES = \
	src/image/image.h src/image/image.c \
	src/image/image_elf.c src/image/image_ihex.c src/image/image_srec.c src/image/image_bin.c
# error.c is in libadi.a, the hex codec in librsp.a: only those objects are taken from them.
IMAGE_LIBS = src/libimage.a src/libadi.a src/librsp.a $(LIBELF_LIBS)

check_PROGRAMS += tests/unit/test_image
TESTS += tests/unit/test_image
tests_unit_test_image_SOURCES = tests/unit/test_image.c
tests_unit_test_image_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_image_LDADD = $(IMAGE_LIBS) $(CMOCKA_LIBS)
