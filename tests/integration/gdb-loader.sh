#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-loader.sh: gdb-multiarch's `load` of one ELF with code in one memory and data in
# external octal NOR flash, through rspflash's RAM loaders, on each virtual board:
#   alif-e7        MRAM 0x80000000 + IS25WX256 on OSPI1 at 0xC0000000
#   stm32n657      AXISRAM 0x34000400 + MX66UW1G45G on XSPI2 at 0x70000000
#   stm32l562e-dk  internal flash 0x08000000 + MX25LM51245G on OCTOSPI1 at 0x90000000
# Each: a first image onto blank flash, a second one over it (block erases inside, sector
# erases at the unaligned edges), the same again (every sector skipped), compare-sections
# after each and a dump of the NOR compared byte by byte on the host (flash_images.py);
# then the same through the user loaders the tests build (a CMSIS FLM for the Alif, an ST
# .stldr for the N657), given with --loader. The images cross every erase-unit boundary
# but stay small; the 4 MB runs are scripts/bench's.
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-loader
. "$(dirname "$0")/gdb-lib.sh"

images=$top_srcdir/tests/integration/flash_images.py
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
command -v "$objcopy" >/dev/null 2>&1 || hard_error "$objcopy not found"

# mk NAME SEED RANGE...: an ELF (from Intel HEX, one section per range) in $tmp/NAME.elf
mk() {
	python3 "$images" make "$tmp/$1.hex" "$2" "${@:3}"
	"$objcopy" -I ihex -O elf32-littlearm "$tmp/$1.hex" "$tmp/$1.elf"
}
check() { python3 "$images" check "$@" || die "flash dump: $*"; }


loaded_ok() {	# OUT WHAT: every load and compare-sections succeeded
	expect "$1" "Transfer rate" "load ($2)"
	if grep -q "MIS-MATCHED\|Load failed\|Error\|error" "$1"; then cat "$1" >&2; die "load ($2)"; fi
}

# board BOARD NOR_BASE NOR_DUMP_LEN CODE_RANGE NOR_RANGE [rspflash args...]
board() {
	local b=$1 nor=$2 dumplen=$3 code=$4 range=$5 tag
	shift 5
	tag=$b${1:+-user}
	mk "$tag-a" 11 "$code" "$range"
	mk "$tag-b" 12 "$code" "$range"
	start_server "$b" "$@"
	gdb_run "$tag" \
		"file $tmp/$tag-a.elf" "load" "compare-sections" \
		"dump binary memory $tmp/$tag-a.bin $nor $((nor + dumplen))" \
		"file $tmp/$tag-b.elf" "load" "compare-sections" \
		"dump binary memory $tmp/$tag-b.bin $nor $((nor + dumplen))" \
		"load" "compare-sections" "monitor flash info" "monitor loader info"
	loaded_ok "$tmp/$tag.out" "$tag"
	check "$tmp/$tag-a.bin" "$nor" "$tmp/$tag-a.hex"
	check "$tmp/$tag-b.bin" "$nor" "$tmp/$tag-b.hex"
	expect "$tmp/$tag.out" "last download: 0 sector\(s\) programmed, [0-9]+ unchanged" "identical reload skipped"
	[ -n "${1:-}" ] || expect "$server_log" "flash download done: [0-9]+ sector\(s\) programmed, 0 unchanged, ([2-9]|[1-9][0-9]+) erased" \
		"the second image erased (block and sectors)"
	stop_server
	say "$tag: pass"
}

# Ranges: code first, then the NOR data from the last 4 KB sector below an erase block to
# the first 4 KB sector after the next block: the block is erased whole, the edges by sector.
board alif-e7 0xC0000000 0x40000 0x80000000:0x2000 0xC001F000:0x22000
board stm32n657 0x70000000 0x20000 0x34000400:0x2000 0x7000F000:0x12000
board stm32l562e-dk 0x90000000 0x20000 0x08000000:0x2000 0x9000F000:0x12000
# The user loaders program 256-byte pages and erase 4 KB sectors: a smaller image, still
# across a block boundary.
board alif-e7 0xC0000000 0x40000 0x80000000:0x2000 0xC001F000:0x3000 \
	--loader "$top_builddir/tests/loaders/alif_user.flm"
board stm32n657 0x70000000 0x20000 0x34000400:0x2000 0x7000F000:0x3000 \
	--loader "$top_builddir/tests/loaders/n6_user.stldr"
say "pass"
