#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make check's run of one fuzz harness (tests/fuzz/local.mk): every input of its committed
# corpus once and, with --libfuzzer (a --enable-fuzzing build), then a short fuzzing run
# of FUZZ_CHECK_SECONDS (default 5) whose new inputs go to a scratch directory. A crash
# input is kept in the build tree (tests/fuzz/findings/NAME/) and named; the test fails.
#
#   check.sh [--libfuzzer] tests/fuzz/NAME.fuzz
set -eu

libfuzzer=no
if [ "${1:-}" = --libfuzzer ]; then
	libfuzzer=yes
	shift
fi
prog=$1
name=$(basename "$prog" .fuzz)
corpus="${top_srcdir:-.}/tests/fuzz/corpus/$name"
[ -d "$corpus" ] || { echo "check.sh: no corpus $corpus" >&2; exit 1; }

if [ $libfuzzer = no ]; then
	exec "$prog" "$corpus"
fi

findings="${top_builddir:-.}/tests/fuzz/findings/$name"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$findings" "$scratch/new"
# -timeout: one input running 10 s is a finding (a hang), not a slow machine.
status=0
dict=""
[ -f "${top_srcdir:-.}/tests/fuzz/$name.dict" ] && dict="-dict=${top_srcdir:-.}/tests/fuzz/$name.dict"
"$prog" -max_total_time="${FUZZ_CHECK_SECONDS:-5}" -timeout=10 -rss_limit_mb=2560 $dict \
	-artifact_prefix="$findings/" -print_final_stats=1 "$scratch/new" "$corpus" 2>"$scratch/log" || status=$?
if [ $status -ne 0 ]; then
	grep -v '^sim: ' "$scratch/log" | tail -60 >&2
	echo "check.sh: $name failed (status $status); inputs kept in $findings/" >&2
	exit 1
fi
grep -E '^(stat::|#[0-9]+[[:space:]]+DONE)' "$scratch/log" || true
