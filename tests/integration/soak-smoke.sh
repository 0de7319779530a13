#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# soak-smoke.sh: scripts/soak for a few seconds on two virtual boards (an internal-flash
# one and a NOR one), so the soak itself cannot rot between its long runs: every session's
# checks (loads, compare-sections, breakpoints, steps, watchpoints, Ctrl-C, monitor
# commands, the four ways of leaving) must pass and the server's descriptors stay flat.
# RSS is not judged here (a sanitizer build's RSS says nothing): the long runs judge it.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch or arm-none-eabi-gcc), 99 hard error.
set -eu
me=soak-smoke
. "$(dirname "$0")/gdb-lib.sh"
command -v arm-none-eabi-gcc >/dev/null 2>&1 || skip "arm-none-eabi-gcc not found"

if ! timeout 240 python3 "$top_srcdir/scripts/soak" --minutes 0.4 --board stm32f401 --board stm32l562e-dk \
	--seed "${SOAK_SEED:-7}" --sample-s 5 --rss-slack-kb 10000000 --build-dir "$top_builddir" \
	--gdb "$GDB_MULTIARCH" --work "$tmp/soak" >"$tmp/soak.out" 2>&1; then
	cat "$tmp/soak.out" >&2
	die "soak failed"
fi
grep -E '^(stm32|board)' "$tmp/soak.out"
sessions=$(awk '$1 ~ /^stm32/ { n += $2 } END { print n + 0 }' "$tmp/soak.out")
[ "$sessions" -ge 4 ] || die "only $sessions sessions ran"
say "PASS ($sessions sessions)"
