# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-lib.sh: shared by the openocd-*.sh integration tests (sourced, not run). Each
# of them runs OpenOCD 0.12 as a J-Link client of rspflash-sim; libjaylink's TCP discovery
# broadcasts to 255.255.255.255:19020 and must never reach a real network, so a test has
# two parts: an outer one (prerequisites, then the test script itself run again inside
# scripts/netns-run, once per board or mode) and an inner one (inside that namespace:
# start rspflash-sim, run OpenOCD, check). POSIX sh, safe under `set -eu`.
#
# The caller sets `me` (the test's name, also the basename of its .tcl file) before
# sourcing this file, and `serial` (the simulator's J-Link serial number) before calling
# start_sim or run_openocd.
#
# Messages and exit status (automake: 0 pass, 1 fail, 77 skip, 99 hard error):
#   say MSG...            print "$me: MSG" on stdout
#   die MSG...            print a FAIL line on stderr, exit 1
#   hard_error MSG...     print an ERROR line on stderr, exit 99
#   skip MSG...           print a framed SKIPPED notice on stderr, exit 77
#
# Set when sourced: self (this test script, absolute), top_srcdir, top_builddir, OPENOCD
# (exported; unset means "look it up", set but empty means "configure found none"), sim
# (rspflash-sim), netns_run (scripts/netns-run), tcl_checks (tests/integration/$me.tcl).
#
# Outer part (on the host; nothing here starts OpenOCD or rspflash-sim except
# `openocd --version`, which does no discovery):
#   require_openocd_prereqs [TOOL...]
#                         skip without OpenOCD; hard error without python3, timeout, each
#                         TOOL, a built rspflash-sim or $tcl_checks; print OpenOCD's version
#   require_netns         skip unless scripts/netns-run can make a namespace here (never
#                         fall back to the host network)
#   run_in_namespaces OPTION SUFFIX ITEM...
#                         run "$self OPTION ITEM" in a namespace of its own for each ITEM,
#                         print "=== ITEM SUFFIX: PASS|FAIL ===", then exit 0 if all passed,
#                         99 if the failures were all hard errors, else 1
#
# Inner part (inside the namespace):
#   require_inside_netns OPTION
#                         hard error unless the only interface here is lo (belt and braces:
#                         the inner part may be started by hand with OPTION)
#   make_work_dir [SUFFIX]
#                         create the temporary directory $work and arrange for cleanup
#                         (stop_sim, then remove $work unless RSPF_KEEP_TMP is set) on exit;
#                         INT/TERM exit 130
#   start_sim NAME ARG... start "$sim --serial $serial ARG..." with its output in
#                         $work/NAME.out and $work/NAME.err ($sim_out, $sim_err), PID in
#                         $sim_pid; wait up to 10 s for its "serving J-Link serial" line
#   sim_alive WHEN        fail (with the simulator's log) if rspflash-sim has exited
#   stop_sim              SIGTERM our rspflash-sim (by its PID only), SIGKILL it after
#                         $sim_term_wait seconds (default 5), reap it
#   show_sim_log          print the simulator's stderr and stdout (the last
#                         $sim_log_lines lines of each, if that is set)
#   run_openocd LOG SECONDS CHIP WORK_AREA_ADDR WORK_AREA_SIZE ARG...
#                         run OpenOCD (-d$RSPF_OPENOCD_DEBUG if set) for at most SECONDS
#                         on the J-Link with serial $serial, over SWD, with one Cortex-M
#                         target CHIP.cpu (DAP CHIP.dap) and the given work area, its GDB,
#                         telnet and TCL ports disabled, then ARG... (flash banks, `-c init`,
#                         the checks); output in $work/LOG.log ($openocd_log), exit status
#                         in $openocd_rc
#   start_openocd LOG SECONDS CHIP WORK_AREA_ADDR WORK_AREA_SIZE ARG...
#                         the same, in the background (for OpenOCD acting as a server):
#                         PID in $openocd_pid; stop_openocd stops it (SIGTERM, by PID) and
#                         sets $openocd_rc; cleanup stops it too
#   show_openocd_log [ERE]
#                         print the lines of $openocd_log matching ERE; without ERE all of
#                         it (with RSPF_OPENOCD_DEBUG: "$me:", Error, Warn, then the tail)
#   check_openocd PASS_LINE [ALLOWED_ERRORS_ERE]
#                         fail (with the logs) if OpenOCD timed out, failed, did not print
#                         PASS_LINE, or printed an "Error" line not matching
#                         ALLOWED_ERRORS_ERE (when empty or absent: any "Error" line)
#   sim_stats_count       how many stats lines rspflash-sim has written to $sim_err so far
#   stop_sim_stats        stop_sim, then require the stats line it prints at exit, in
#                         $sim_stats (and printed)
#   stat_of KEY LINE      the decimal value of KEY=... in a stats LINE (empty if absent)

# shellcheck shell=sh disable=SC2154 # me and serial are set by the sourcing test
say() { echo "$me: $*"; }
die() { echo "$me: FAIL: $*" >&2; exit 1; }
hard_error() { echo "$me: ERROR: $*" >&2; exit 99; }
skip() {
	echo "$me: ************************************************************" >&2
	echo "$me: SKIPPED: $*" >&2
	echo "$me: ************************************************************" >&2
	exit 77
}

self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
: "${top_srcdir:=$(cd "$(dirname "$self")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# OPENOCD unset (run by hand): look it up. Set but empty (configure did not find it): skip.
if [ -z "${OPENOCD+set}" ]; then
	OPENOCD=$(command -v openocd || true)
fi
export top_srcdir top_builddir OPENOCD

sim=$top_builddir/rspflash-sim
netns_run=$top_srcdir/scripts/netns-run
tcl_checks=$top_srcdir/tests/integration/$me.tcl

# ---------------------------------------------------------------------------------------
# Outer part.
# ---------------------------------------------------------------------------------------
# shellcheck disable=SC2120 # its arguments are optional
require_openocd_prereqs() {
	if [ -z "$OPENOCD" ] || ! command -v "$OPENOCD" >/dev/null 2>&1; then
		skip "OpenOCD not found (OPENOCD='$OPENOCD'); install the Debian package openocd (0.12)"
	fi
	for _tool in python3 timeout "$@"; do
		command -v "$_tool" >/dev/null 2>&1 || hard_error "'$_tool' not found"
	done
	[ -x "$sim" ] || hard_error "$sim not built"
	[ -f "$tcl_checks" ] || hard_error "$tcl_checks missing"
	say "$("$OPENOCD" --version 2>&1 | head -n 1)"
}

require_netns() {
	if ! "$netns_run" true; then
		skip "cannot create a network namespace (scripts/netns-run); libjaylink's discovery" \
			"broadcast must not run on the host network, so this test cannot run here"
	fi
}

run_in_namespaces() {
	_option=$1 _suffix=$2
	shift 2
	_status=0
	for _item in "$@"; do
		say "=== $_item$_suffix ==="
		_rc=0
		"$netns_run" /bin/bash "$self" "$_option" "$_item" || _rc=$?
		if [ "$_rc" -eq 0 ]; then
			say "=== $_item$_suffix: PASS ==="
		else
			say "=== $_item$_suffix: FAIL (exit $_rc) ==="
			if [ "$_rc" -eq 99 ] && [ "$_status" -ne 1 ]; then _status=99; else _status=1; fi
		fi
	done
	exit "$_status"
}

# ---------------------------------------------------------------------------------------
# Inner part.
# ---------------------------------------------------------------------------------------
require_inside_netns() {
	_others=$(ip -o link show 2>/dev/null |
		awk -F': ' '{ sub(/@.*/, "", $2); if ($2 != "lo") print $2 }')
	if [ -n "$_others" ] || ! ip -o link show lo >/dev/null 2>&1; then
		hard_error "$1 must run inside scripts/netns-run (interfaces here: ${_others:-?})"
	fi
}

sim_pid=
sim_out=
sim_err=
work=

# shellcheck disable=SC2120 # its arguments are optional
make_work_dir() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/$me${1:+-$1}.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
}

cleanup() {
	stop_openocd
	stop_sim
	[ -n "$work" ] || return 0
	if [ -n "${RSPF_KEEP_TMP:-}" ]; then
		say "logs kept in $work"
	else
		rm -rf "$work"
	fi
}

stop_sim() {
	[ -n "$sim_pid" ] || return 0
	if kill -0 "$sim_pid" 2>/dev/null; then
		kill -TERM "$sim_pid" 2>/dev/null || true
		for _ in $(seq $((${sim_term_wait:-5} * 10))); do
			kill -0 "$sim_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$sim_pid" 2>/dev/null; then
			say "rspflash-sim (pid $sim_pid) ignored SIGTERM for ${sim_term_wait:-5} s; killing it"
			kill -KILL "$sim_pid" 2>/dev/null || true
		fi
	fi
	wait "$sim_pid" 2>/dev/null || true
	sim_pid=
}

show_sim_log() {
	for _f in "$sim_err" "$sim_out"; do
		[ -n "$_f" ] || continue
		if [ -n "${sim_log_lines:-}" ]; then
			say "--- rspflash-sim ${_f##*/} (last $sim_log_lines lines) ---"
			tail -n "$sim_log_lines" "$_f" | sed 's/^/    /' || true
		else
			say "--- rspflash-sim ${_f##*/} ---"
			sed 's/^/    /' "$_f" || true
		fi
	done
}

start_sim() {
	_name=$1
	shift
	sim_out=$work/$_name.out
	sim_err=$work/$_name.err
	"$sim" --serial "$serial" "$@" >"$sim_out" 2>"$sim_err" &
	sim_pid=$!
	for _ in $(seq 100); do
		if grep -q 'serving J-Link serial' "$sim_out" "$sim_err"; then
			say "rspflash-sim (pid $sim_pid) is serving ($_name)"
			return 0
		fi
		kill -0 "$sim_pid" 2>/dev/null || break
		sleep 0.1
	done
	show_sim_log
	die "rspflash-sim did not report 'serving J-Link serial' within 10 s ($_name)"
}

sim_alive() {
	if ! kill -0 "$sim_pid" 2>/dev/null; then
		show_sim_log
		die "rspflash-sim exited $1"
	fi
}

start_openocd() {
	openocd_log=$work/$1.log
	openocd_timeout=$2
	_chip=$3
	_work_area="-work-area-phys $4 -work-area-size $5"
	shift 5
	_dbg=
	[ -z "${RSPF_OPENOCD_DEBUG:-}" ] || _dbg=-d$RSPF_OPENOCD_DEBUG
	say "running OpenOCD (log: $openocd_log)"
	openocd_rc=0
	# shellcheck disable=SC2086 # $_dbg is empty or one word
	timeout -k 5 "$openocd_timeout" "$OPENOCD" $_dbg \
		-c 'adapter driver jlink' \
		-c "adapter serial $serial" \
		-c 'transport select swd' \
		-c 'adapter speed 4000' \
		-c "swd newdap $_chip cpu -enable" \
		-c "dap create $_chip.dap -chain-position $_chip.cpu" \
		-c "target create $_chip.cpu cortex_m -dap $_chip.dap $_work_area" \
		-c 'gdb_port disabled' -c 'telnet_port disabled' -c 'tcl_port disabled' \
		"$@" >"$openocd_log" 2>&1 &
	openocd_pid=$!
}

stop_openocd() {
	[ -n "${openocd_pid:-}" ] || return 0
	kill -TERM "$openocd_pid" 2>/dev/null || true
	openocd_rc=0
	wait "$openocd_pid" 2>/dev/null || openocd_rc=$?
	openocd_pid=
}

run_openocd() {
	start_openocd "$@"
	openocd_rc=0
	wait "$openocd_pid" || openocd_rc=$?
	openocd_pid=
}

# shellcheck disable=SC2120 # its arguments are optional
show_openocd_log() {
	say "--- OpenOCD output (exit $openocd_rc) ---"
	openocd_log_shown=
	if [ $# -gt 0 ]; then
		grep -E -- "$1" "$openocd_log" | sed 's/^/    /' || true
	elif [ -n "${RSPF_OPENOCD_DEBUG:-}" ]; then
		# -d3 logs are long: the checks' own lines and the errors, then the tail.
		grep -E "$me:|Error|Warn" "$openocd_log" | sed 's/^/    /' || true
		say "--- last 100 lines ---"
		tail -n 100 "$openocd_log" | sed 's/^/    /'
	else
		sed 's/^/    /' "$openocd_log"
		openocd_log_shown=all
	fi
}

# The end of OpenOCD's log, unless show_openocd_log printed all of it.
openocd_log_tail() {
	[ "${openocd_log_shown:-}" != all ] || return 0
	say "--- last 60 lines of OpenOCD's log ---"
	tail -n 60 "$openocd_log" | sed 's/^/    /'
}

check_openocd() {
	if [ "$openocd_rc" -eq 124 ] || [ "$openocd_rc" -eq 137 ]; then
		openocd_log_tail
		show_sim_log
		die "OpenOCD did not finish within $openocd_timeout s"
	fi
	if [ "$openocd_rc" -ne 0 ] || ! grep -qF -- "$1" "$openocd_log"; then
		openocd_log_tail
		show_sim_log
		die "OpenOCD checks failed (exit $openocd_rc; looked for '$1')"
	fi
	if [ -n "${2:-}" ]; then
		_errors=$(grep '^Error' "$openocd_log" | grep -Ev -- "$2" || true)
	else
		_errors=$(grep '^Error' "$openocd_log" || true)
	fi
	if [ -n "$_errors" ]; then
		printf '%s\n' "$_errors" | sed 's/^/    /'
		show_sim_log
		die "OpenOCD reported unexpected errors (the 'Error' lines above)"
	fi
}

sim_stats_count() { grep -c 'rspflash-sim: stats:' "$sim_err" || true; }

stop_sim_stats() {
	_before=$(sim_stats_count)
	stop_sim
	if [ "$(sim_stats_count)" -le "$_before" ]; then
		show_sim_log
		die "no stats line from rspflash-sim at exit"
	fi
	sim_stats=$(grep 'rspflash-sim: stats:' "$sim_err" | tail -n 1)
	say "stats at exit: $sim_stats"
}

stat_of() { printf '%s\n' "$2" | sed -n 's/.*[[:space:]]'"$1"'=\([0-9][0-9]*\).*/\1/p'; }
