#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rspflash-args.sh: command-line values that were taken silently are refused with
# "bad value" and exit 2, before any probe is opened: numbers with a sign or blanks,
# an empty or over-long --verify (it was cut at 63 bytes and the rest ignored), an
# over-long --probe (cut at 127 bytes: another J-Link nickname). A run that is not
# refused would start serving; `timeout` ends it and the test fails.
#
# Environment (make check sets it): top_builddir. Exit: 0 pass, 1 fail, 99 hard error.
set -u
me=rspflash-args
rspflash=${top_builddir:-.}/rspflash
[ -x "$rspflash" ] || { echo "$me: ERROR: $rspflash not built" >&2; exit 99; }

fails=0
refused() {
	local out rc
	out=$(timeout 5 "$rspflash" --once --port 0 "$@" 2>&1)
	rc=$?
	# the message names the option (not its value, which argv holds in its place)
	if [ $rc -ne 2 ] || ! grep -qF -- "bad value '$2' for $1" <<<"$out"; then
		echo "$me: FAIL: rspflash $* -> exit $rc, not 2 with \"bad value '$2' for $1\":" >&2
		head -3 <<<"$out" >&2
		fails=$((fails + 1))
	else
		echo "$me: refused: $*"
	fi
}

refused --port -0
refused --port ' 1'
refused --speed +4000
refused --verify ''
# nine valid tokens fill the 63 bytes exactly; the bad one after them was never read
refused --verify "$(printf 'l2=off,%.0s' 1 2 3 4 5 6 7 8 9)l1=bogus"
refused --probe "jlink:$(printf 'x%.0s' $(seq 1 130))"
refused --board "$(printf 'b%.0s' $(seq 1 130))"
[ $fails -eq 0 ] || exit 1
echo "$me: PASS"
