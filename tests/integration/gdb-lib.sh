# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the gdb-*.sh integration tests (sourced, not run): prerequisites,
# starting rspflash on a virtual board and stopping exactly that process.
# Expects: me (test name) set by the caller.

say() { echo "$me: $*"; }
die() { echo "$me: FAIL: $*" >&2; exit 1; }
hard_error() { echo "$me: ERROR: $*" >&2; exit 99; }
skip() { echo "$me: SKIPPED: $*" >&2; exit 77; }

self_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$self_dir/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
if [ -z "${GDB_MULTIARCH+set}" ]; then
	GDB_MULTIARCH=$(command -v gdb-multiarch || true)
fi
[ -n "$GDB_MULTIARCH" ] && command -v "$GDB_MULTIARCH" >/dev/null 2>&1 ||
	skip "gdb-multiarch not found; install the Debian package gdb-multiarch"
command -v python3 >/dev/null 2>&1 || hard_error "python3 not found"
rspflash=$top_builddir/rspflash
[ -x "$rspflash" ] || hard_error "$rspflash not built"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rspflash-$me.XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [ -n "${RSPF_KEEP_TMP:-}" ]; then say "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# start_server BOARD [ARG...]: rspflash on the virtual board (more options in ARG...), port
# in $port, log in $tmp/server-BOARD.log.
# The server binds port 0 (the system picks a free one) and says which in its ready line,
# so parallel tests cannot race for a port.
start_server() {
	server_log=$tmp/server-$1.log
	board=$1
	shift
	timeout 600 "$rspflash" --board "$board" --port 0 --log-level info "$@" >"$server_log" 2>&1 &
	server_pid=$!
	for _ in $(seq 1 200); do
		port=$(sed -n 's/.*GDB server ready on [0-9.]*:\([0-9][0-9]*\).*/\1/p' "$server_log" 2>/dev/null | head -n 1)
		[ -n "$port" ] && return 0
		kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; die "rspflash exited at start"; }
		sleep 0.05
	done
	cat "$server_log" >&2
	die "rspflash did not become ready in 10 s"
}

stop_server() {
	kill "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=
}

core_of() {
	case $1 in
	stm32f401) echo m4 ;;
	stm32l552) echo m33 ;;
	alif-e7) echo m33 ;;	# Cortex-M55 on the M33 model: the M33 build runs from its DTCM at 0x20000000
	*) hard_error "no core known for board $1" ;;
	esac
}

# gdb_run NAME COMMANDS...: one batch session on $port (at most 15 minutes); output in
# $tmp/NAME.out. A failed command ends a batch session: put what must run after it in a
# session of its own.
gdb_run() {
	local name=$1
	shift
	{
		echo "set pagination off"
		echo "set confirm off"
		echo "target extended-remote localhost:$port"
		printf '%s\n' "$@"
	} >"$tmp/$name.gdb"
	timeout 900 "$GDB_MULTIARCH" -q -batch -nx -x "$tmp/$name.gdb" >"$tmp/$name.out" 2>&1 || true
}

# run_mi_script SCRIPT ELF NAME: python3 SCRIPT GDB ELF PORT (a GDB/MI session, see
# mi_session.py) against the server on $port, at most 3 minutes; its output in $out
# ($tmp/NAME.out). On failure: that output and the end of the server log, then die.
run_mi_script() {
	out=$tmp/$3.out
	if ! timeout 180 python3 "$self_dir/$1" "$GDB_MULTIARCH" "$2" "$port" >"$out" 2>&1; then
		cat "$out" >&2
		echo "---- server log" >&2
		tail -n 30 "$server_log" >&2
		die "$3: $1 failed"
	fi
}

# expect FILE PATTERN WHAT: the output must contain the (grep -E) pattern
expect() {
	grep -Eq -- "$2" "$1" || { echo "---- $1" >&2; cat "$1" >&2; die "$3 (no match for /$2/)"; }
}
