#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-gang.sh: a gang of three virtual J-Links programmed by one command
# (`rspflash flash --probe jlink-tcp:A --probe jlink-tcp:B --probe jlink-tcp:C`, src/cli/gang.c).
# Three rspflash-sim instances (STM32F401 each, on 127.0.0.2-4: rspflash-sim serves TCP
# port 19020 only), the third with an injected fault (fault_flip) inside the image: the
# JSON report has one entry per board, two ok, one "verify failed" at the flipped address,
# exit 5; the two good boards read back equal to the image; `verify` runs as a gang the
# same way; a serial that no simulator has fails that board only (exit 3). On the host,
# before the namespace: a probe given twice, several probes for a command that takes one,
# and --state with several probes are usage errors.
#
# libjaylink's TCP discovery broadcasts: the J-Link part runs in a network namespace with
# only loopback (scripts/netns-run), the simulators inside it.
# Environment (make check sets it): top_builddir, top_srcdir.
# Exit: 0 pass, 1 fail, 77 skip (no namespace), 99 hard error.
set -u
me=cli-gang
top_builddir=$(cd "${top_builddir:-.}" && pwd)
top_srcdir=$(cd "${top_srcdir:-$(dirname "$0")/../..}" && pwd)
rspflash=$top_builddir/rspflash
sim=$top_builddir/rspflash-sim
images=$top_srcdir/tests/integration/flash_images.py
for b in "$rspflash" "$sim"; do
	[ -x "$b" ] || { echo "$me: ERROR: $b not built" >&2; exit 99; }
done

. "$top_srcdir/tests/integration/cli-lib.sh"

if [ "${1:-}" = "--inside" ]; then
	[ "$(ip -o link show | awk -F': ' '{ print $2 }')" = lo ] || { echo "$me: not in a namespace" >&2; exit 99; }
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/rspflash-$me.XXXXXX")
	pids=""
	trap 'for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
	flip=0x08004010		# in the image, the second 16 KiB sector; bit 3 flipped
	python3 "$images" make "$tmp/img.hex" 5 0x08000000:0x6000 || exit 99
	for n in 1 2 3; do
		opt=""
		[ $n = 3 ] && opt="--option fault_flip=$flip:3"
		# shellcheck disable=SC2086
		"$sim" --board stm32f401 --serial 30$n --bind 127.0.0.$((n + 1)) $opt --log-level warn \
			>"$tmp/sim$n.log" 2>&1 &
		pids="$pids $!"
	done
	for n in 1 2 3; do
		for _ in $(seq 1 100); do
			grep -q "serving J-Link" "$tmp/sim$n.log" && break
			sleep 0.05
		done
	done
	# discovery sees all three (several match: exit 3, each named)
	out=$(timeout 60 "$rspflash" probe-info --probe jlink-tcp 2>&1)
	for n in 1 2 3; do
		grep -q "3 J-Links on TCP.* 30$n" <<<"$out" || fail "discovery does not list 30$n: $out"
	done

	gang="--probe jlink-tcp:301 --probe jlink-tcp:302 --probe jlink-tcp:303"
	# shellcheck disable=SC2086
	timeout 60 "$rspflash" flash --json --log-level info $gang "$tmp/img.hex" >"$tmp/flash.json" 2>"$tmp/flash.log"
	rc=$?
	[ $rc -eq 5 ] || fail "the gang flash exited $rc, want 5 (verify failed on one board)"
	python3 - "$tmp/flash.json" "$flip" <<-'EOF' || { fail "the gang's JSON report"; tail -20 "$tmp/flash.log" >&2; }
		import json, sys
		d = json.load(open(sys.argv[1]))
		flip = int(sys.argv[2], 0)
		b = d['boards']
		assert [x['probe'] for x in b] == ['jlink-tcp:301', 'jlink-tcp:302', 'jlink-tcp:303'], b
		for x in b[:2]:
		    assert x['ok'] and x['exit_code'] == 0 and x['verify']['result'] == 'passed', x
		    assert x['target']['part'] == 'stm32f401' and x['bytes_programmed'] > 0, x
		bad = b[2]
		assert bad['exit_code'] == 5 and bad['exit'] == 'verify-failed', bad
		assert bad['verify']['result'] == 'failed' and bad['error']['address'] == flip, bad
		assert '0x%08x' % flip in bad['error']['message'], bad
		assert d['summary'] == {'boards': 3, 'ok': 2, 'failed': 1}, d['summary']
		assert d['command'] == 'flash' and d['exit_code'] == 5 and d['exit'] == 'verify-failed' and not d['ok'], d
		print('cli-gang: ok: flash --json: 301 and 302 ok, 303 verify failed at 0x%08x, exit 5' % flip)
	EOF
	for n in 1 2 3; do
		grep -Eq "^[0-9-]+ [0-9:.]+ info +\[jlink-tcp:30$n\] attached: " "$tmp/flash.log" ||
			{ fail "board 30$n's log lines do not name it"; tail -5 "$tmp/flash.log" >&2; }
	done
	for n in 1 2; do
		if timeout 60 "$rspflash" read --probe "jlink-tcp:30$n" 0x08000000 0x6000 "$tmp/back$n.bin" &&
			python3 "$images" check "$tmp/back$n.bin" 0x08000000 "$tmp/img.hex"; then
			echo "$me: ok: board 30$n holds the image"
		else
			fail "board 30$n does not hold the image"
		fi
	done
	# shellcheck disable=SC2086
	run 5 "jlink-tcp:303 +FAILED +exit 5 \(verify-failed\)" verify $gang "$tmp/img.hex"
	# shellcheck disable=SC2086
	run 5 "^verify: 2 of 3 boards ok; exit 5" verify $gang "$tmp/img.hex"
	# a serial nobody has: that board only, exit 3
	timeout 60 "$rspflash" flash --json --probe jlink-tcp:301 --probe jlink-tcp:399 --probe jlink-tcp:302 \
		"$tmp/img.hex" >"$tmp/missing.json" 2>"$tmp/missing.log"
	rc=$?
	[ $rc -eq 3 ] || fail "the gang with a missing probe exited $rc, want 3"
	python3 - "$tmp/missing.json" <<-'EOF' || { fail "the missing probe's JSON report"; tail -20 "$tmp/missing.log" >&2; }
		import json, sys
		d = json.load(open(sys.argv[1]))
		codes = {x['probe']: x['exit_code'] for x in d['boards']}
		assert codes == {'jlink-tcp:301': 0, 'jlink-tcp:399': 3, 'jlink-tcp:302': 0}, codes
		miss = d['boards'][1]
		assert miss['exit'] == 'no-probe' and '399' in miss['error']['message'] and 'target' not in miss, miss
		assert d['exit_code'] == 3 and d['summary']['failed'] == 1, d
		print('cli-gang: ok: a missing probe fails its board only (exit 3)')
	EOF
	[ $fails -eq 0 ] || exit 1
	exit 0
fi

# on the host: usage errors, refused before any probe is opened
run 2 "--probe sim:stm32f401 given twice" flash --probe sim:stm32f401 --probe sim:stm32f401 x.hex
run 2 "one --probe only" read --probe sim:stm32f401 --probe sim:stm32l552 0x20000000 4 x.bin
run 2 "--state with several --probe" verify --probe sim:stm32f401 --probe sim:stm32l552 --state x.state x.hex
case $0 in /*) self=$0 ;; *) self=$(pwd)/$0 ;; esac
export top_builddir top_srcdir
rc=0
timeout 120 sh "$top_srcdir/scripts/netns-run" bash "$self" --inside || rc=$?
case $rc in
0) ;;
3) echo "$me: SKIP: cannot create a network namespace here"; exit 77 ;;
*) fails=$((fails + 1)) ;;
esac
[ $fails -eq 0 ] || exit 1
echo "$me: PASS"
