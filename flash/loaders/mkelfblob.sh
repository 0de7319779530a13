#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Embeds a built-in loader's ELF file whole: mkelfblob.sh NAME ELF
# -> loader_elf_NAME[], loader_elf_NAME_size. The runner reads it with libelf like a file
# a user brings, so built-ins and user loaders take one path.
set -eu
name=$1 elf=$2
echo "/* Generated from $elf by flash/loaders/mkelfblob.sh: do not edit. */"
echo "#include <stddef.h>"
echo "#include <stdint.h>"
echo "const uint8_t loader_elf_$name[] = {"
od -An -v -tx1 "$elf" | awk '{ for (i = 1; i <= NF; i++) printf "0x%s,", $i; print "" }'
echo "};"
echo "const size_t loader_elf_${name}_size = sizeof(loader_elf_$name);"
