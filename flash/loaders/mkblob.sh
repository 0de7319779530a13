#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the C array of an on-target routine: mkblob.sh NAME ENTRY_SYMBOL ELF BIN NM
# -> loader_NAME[], loader_NAME_size, loader_NAME_entry (offset of ENTRY_SYMBOL).
set -eu
name=$1 sym=$2 elf=$3 bin=$4 nm=$5
entry=$("$nm" "$elf" | awk -v s="$sym" '$3 == s { print $1 }')
[ -n "$entry" ] || { echo "mkblob.sh: no symbol $sym in $elf" >&2; exit 1; }
echo "/* Generated from flash/loaders/$name.c by flash/loaders/mkblob.sh: do not edit. */"
echo "#include \"flash/loaders/$name.h\""
echo "const uint8_t loader_$name[] = {"
od -An -v -tx1 "$bin" | awk '{ for (i = 1; i <= NF; i++) printf "0x%s,", $i; print "" }'
echo "};"
echo "const size_t loader_${name}_size = sizeof(loader_$name);"
echo "const uint32_t loader_${name}_entry = 0x$entry;"
