#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-flash.sh: gdb-multiarch's `load` into the flash of the virtual boards through
# rspflash, checked by compare-sections (qCRC) and by a dump of the whole flash compared
# byte by byte on the host (tests/integration/flash_images.py):
#  - STM32L552 in every DBANK x SWAP_BANK x BKER-reading combination: a 512 KB image onto
#    a blank part, another 512 KB image over it (bank erases; under SWAP_BANK the driver
#    learns the BKER reading first), then a 16 KB image straddling the bank boundary
#    with every byte outside it proven untouched, then the same again (nothing changes);
#  - STM32F401: 512 KB, a sparse image (code at the start, data at the end), and code
#    plus OTP serial numbers from one image: refused unless enabled, written when
#    enabled, refused before any write when an OTP byte already differs.
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-flash
. "$(dirname "$0")/gdb-lib.sh"

images=$top_srcdir/tests/integration/flash_images.py
mk() { python3 "$images" make "$tmp/$1.hex" "$2" "${@:3}"; }
check() { python3 "$images" check "$@" || die "flash dump: $*"; }


loaded_ok() {	# OUT HEX: the load and compare-sections of HEX both succeeded
	expect "$1" "Transfer rate" "load of $2"
	if grep -q "MIS-MATCHED\|Load failed\|Error" "$1"; then cat "$1" >&2; die "load of $2"; fi
}

l552_combo() {
	local dbank=$1 swap=$2 bker=$3 tag="dbank$1-swap$2-$3"
	start_server stm32l552 --option "dbank=$dbank" --option "swap_bank=$swap" --option "bker=$bker"
	gdb_run "$tag" \
		"file $tmp/c512.hex" "load" "compare-sections" \
		"file $tmp/a512.hex" "load" "compare-sections" \
		"dump binary memory $tmp/$tag-a.bin 0x08000000 0x08080000" \
		"file $tmp/straddle.hex" "load" "compare-sections" \
		"dump binary memory $tmp/$tag-s.bin 0x08000000 0x08080000" \
		"load" "monitor flash info"
	loaded_ok "$tmp/$tag.out" "$tag"
	check "$tmp/$tag-a.bin" 0x08000000 "$tmp/a512.hex"
	check "$tmp/$tag-s.bin" 0x08000000 "$tmp/straddle.hex" "$tmp/a512.hex"
	expect "$tmp/$tag.out" "last download: 0 sector\(s\) programmed, [0-9]+ unchanged" "identical reload skipped"
	if [ "$swap" = 1 ] && [ "$dbank" = 1 ]; then
		expect "$server_log" "BKER names the $bker bank \(learned" "BKER reading learned"
	fi
	stop_server
	say "stm32l552 $tag: pass"
}

f401() {
	start_server stm32f401
	gdb_run f401 \
		"file $tmp/f512.hex" "load" "compare-sections" \
		"dump binary memory $tmp/f401-full.bin 0x08000000 0x08080000" \
		"file $tmp/sparse.hex" "load" "compare-sections" \
		"dump binary memory $tmp/f401-sparse.bin 0x08000000 0x08080000"
	loaded_ok "$tmp/f401.out" f401
	check "$tmp/f401-full.bin" 0x08000000 "$tmp/f512.hex"
	# GDB erased the sectors the sparse image touches: erased value elsewhere in them
	check "$tmp/f401-sparse.bin" 0x08000000 "$tmp/sparse.hex"
	# OTP: refused unless enabled (before anything is erased)
	# (a failed load ends a batch session: the dumps are a session of their own)
	gdb_run otp-refused "file $tmp/otp1.hex" "load"
	gdb_run otp-refused-dump "dump binary memory $tmp/otp-refused.bin 0x08000000 0x08004000"
	expect "$server_log" "which is write-once: enable it with .monitor otp enable." "OTP refused when not enabled"
	check "$tmp/otp-refused.bin" 0x08000000 "$tmp/sparse.hex"
	gdb_run otp-written "monitor otp enable" "file $tmp/otp1.hex" "load" "compare-sections" \
		"dump binary memory $tmp/otp1.bin 0x1fff7800 0x1fff7a10"
	loaded_ok "$tmp/otp-written.out" otp1
	check "$tmp/otp1.bin" 0x1fff7800 "$tmp/otp1.hex"
	# a second image whose OTP bytes differ: refused before any byte is written
	gdb_run otp-differs "monitor otp enable" "file $tmp/otp2.hex" "load"
	gdb_run otp-differs-dump "dump binary memory $tmp/otp2-code.bin 0x08000000 0x08004000" \
		"dump binary memory $tmp/otp2-otp.bin 0x1fff7800 0x1fff7a10"
	expect "$server_log" "OTP byte 0x1fff78[0-9a-f]{2} already holds 0x[0-9a-f]{2}, the image has" "OTP conflict refused"
	check "$tmp/otp2-code.bin" 0x08000000 "$tmp/otp1.hex"
	check "$tmp/otp2-otp.bin" 0x1fff7800 "$tmp/otp1.hex"
	stop_server
	say "stm32f401: pass"
}

mk a512 1 0x08000000:0x80000
mk c512 2 0x08000000:0x80000
mk straddle 3 0x0803e000:0x4000
mk f512 4 0x08000000:0x80000
mk sparse 5 0x08000000:0x1000 0x0807f000:0x1000
mk otp1 6 0x08000000:0x4000 0x1fff7800:0x40
mk otp2 7 0x08000000:0x4000 0x1fff7800:0x40

for combo in "1 0 physical" "1 0 mapped" "1 1 physical" "1 1 mapped" "0 0 physical" "0 0 mapped" "0 1 physical" "0 1 mapped"; do
	# shellcheck disable=SC2086 # three words on purpose
	l552_combo $combo
done
f401
say "all passed"
