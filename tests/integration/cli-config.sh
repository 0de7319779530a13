#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-config.sh: the configuration file (src/cli/config.c). rspflash.conf in the working
# directory is read, --config names another; a flag wins over the file; an unknown key or
# section, or a bad value, exits 2 naming the file and line before any probe is opened.
#
# Environment (make check sets it): top_builddir. Exit: 0 pass, 1 fail, 99 hard error.
set -u
me=cli-config
. "$(dirname "$0")/cli-lib.sh"
rspflash=$(cd "${top_builddir:-.}" && pwd)/rspflash
[ -x "$rspflash" ] || { echo "$me: ERROR: $rspflash not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rspflash-$me.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99

printf '# the virtual board\nboard = stm32f401\n' >rspflash.conf
run 0 "virtual board stm32f401" probe-info
run 0 "virtual board stm32l552" probe-info --board stm32l552	# the flag wins
printf '[rspflash]\nboard = stm32f401\nbogus = 1\n' >rspflash.conf
run 2 "rspflash.conf:3: unknown key 'bogus'" probe-info
printf '[other]\nboard = stm32f401\n' >rspflash.conf
run 2 "rspflash.conf:2: unknown section \[other\]" probe-info
rm rspflash.conf
printf 'speed = 2000\nverify = l1=on,l2=sometimes\n' >bad.conf
run 2 "bad.conf:2: bad value 'l1=on,l2=sometimes' for verify" erase --config bad.conf --all
printf 'otp-write = maybe\n' >flag.conf
run 2 "flag.conf:1: otp-write takes yes or no, not 'maybe'" erase --config=flag.conf --all
printf 'board = stm32f401\nverify = off\n' >ok.conf
run 0 "virtual board stm32f401" probe-info --config ok.conf	# verify: not probe-info's, left alone
run 2 "cannot read the configuration file missing.conf" probe-info --config missing.conf
printf 'probe = sim:stm32f401\nprobe = sim:stm32l552\n' >gang.conf
run 0 "^erase: 2 of 2 boards ok" erase --config gang.conf --all	# two probe lines: a gang run
run 0 "^erase: every flash bank erased" erase --config gang.conf --probe sim:stm32f401 --all	# the flag replaces them
# semihosting's keys (the gdbserver's): a directory that is not one stops before the probe
printf 'semihosting = yes\nsemihosting-dir = nowhere\n' >sh.conf
run 2 "sh.conf:2: bad value 'nowhere' for semihosting-dir" --config sh.conf --port 0
mkdir -p shdir
printf 'semihosting = yes\nsemihosting-dir = shdir\n' >sh.conf
out=$(timeout 5 "$rspflash" --config sh.conf --port 0 --once 2>&1)
if grep -q "semihosting: enabled, files under $tmp/shdir" <<<"$out"; then
	echo "$me: ok: semihosting and semihosting-dir from the file"
else
	fail "semihosting keys not taken from the file:"
	head -5 <<<"$out" >&2
fi
[ $fails -eq 0 ] || exit 1
echo "$me: PASS"
