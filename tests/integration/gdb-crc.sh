#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-crc.sh: GDB's compare-sections (qCRC) on memory that does not answer, with real
# gdb-multiarch against rspflash on the virtual stm32l552 (issue 8, defect 7). The program
# gets an extra section at 0x60000000, where the part has no memory: compare-sections must
# report it as GDB reports a qCRC error ("target memory fault"), at once, the other
# sections must still match, and `monitor fault` must show the same before and after.
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH, ARM_CC.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-crc
. "$(dirname "$0")/gdb-lib.sh"

objcopy=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${objcopy%gcc}objcopy
command -v "$objcopy" >/dev/null 2>&1 || hard_error "$objcopy not found"
elf=$top_builddir/tests/target/gdb/gdbprog-m33.elf
[ -f "$elf" ] || hard_error "$elf not built"
printf '0123456789abcdef' >"$tmp/16.bin"
"$objcopy" --add-section .nowhere="$tmp/16.bin" --set-section-flags .nowhere=alloc,load,contents,data \
	--change-section-address .nowhere=0x60000000 "$elf" "$tmp/prog.elf" 2>"$tmp/objcopy.err" ||
	{ cat "$tmp/objcopy.err" >&2; hard_error "objcopy could not add the section"; }

start_server stm32l552
out=$tmp/gdb.out
# -ex, not a command file: GDB goes on to the next -ex after an error.
start=$(date +%s%N)
timeout 120 "$GDB_MULTIARCH" -q -batch -nx "$tmp/prog.elf" \
	-ex 'set pagination off' -ex 'set confirm off' -ex "target extended-remote localhost:$port" \
	-ex 'monitor reset halt' -ex "load $elf" \
	-ex 'echo ==fault-before==\n' -ex 'monitor fault' \
	-ex 'echo ==compare-nowhere==\n' -ex 'compare-sections .nowhere' \
	-ex 'echo ==compare-text==\n' -ex 'compare-sections .text' \
	-ex 'echo ==fault-after==\n' -ex 'monitor fault' \
	-ex 'echo ==end==\n' -ex kill >"$out" 2>&1 || true
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect "$out" 'target memory fault, section \.nowhere, range 0x60000000 -- 0x60000010' \
	"compare-sections reports the qCRC error of 0x60000000"
expect "$out" 'Section \.text, range .*: matched\.' "the next compare-sections on the same connection"
expect "$server_log" 'qCRC 0x60000000\+0x10: 0x60000000 is outside the memory of stm32l552' \
	"the server's error names the address"
sed -n '/==fault-before==/,/==compare-nowhere==/p' "$out" | sed 1d | sed '$d' >"$tmp/before"
sed -n '/==fault-after==/,/==end==/p' "$out" | sed 1d | sed '$d' >"$tmp/after"
[ -s "$tmp/before" ] || { cat "$out" >&2; die "no monitor fault output"; }
cmp -s "$tmp/before" "$tmp/after" ||
	{ diff "$tmp/before" "$tmp/after" >&2; die "monitor fault reports something new after the qCRC"; }
# A 5 s routine timeout would show here; the whole session takes well under a second.
[ "$ms" -lt 4000 ] || die "the session took $ms ms: the failing qCRC was not refused at once"
say "compare-sections of an unmapped section: refused in a session of $ms ms; PASS"
