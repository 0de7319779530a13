#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-rtt.sh: SEGGER RTT in rspflash (issue 12, part 3 and RTT of part 4), with
# tests/target/rtt's program (its own control block, block-if-full channels that wrap, a
# down-channel echo, "exit N" through semihosting) on the virtual boards:
#
#  1. per board (stm32f401, stm32l552): `rspflash --rtt --rtt-port 0 --semihosting`,
#     gdb-multiarch loads the program and continues; tests/integration/rtt_client.py, on
#     the port rspflash logs for channel 0, must get the program's exact transcript (every
#     line in order, the echo of a line sent down, "bye 7": the bytes openocd-rtt.sh checks
#     OpenOCD 0.12's RTT server against); GDB reports "exited with code 07"; a second GDB
#     session's `monitor rtt read 1` shows channel 1 (nobody read it: kept on the host),
#     and `monitor rtt foo` is refused with the list of subcommands;
#  2. corrupt blocks (stm32f401): GDB writes a bad MaxNumUpBuffers into the found block and
#     detaches (the server polls RTT with no client connected): the log names the field,
#     its address and value, and the block is dropped; the next GDB session still works,
#     fixes it and `monitor rtt start` finds it again; then a bad RdOff on up channel 1 and
#     a pBuffer outside RAM on down channel 0 are each logged and stop that channel only,
#     channel 0 still streams, and after the fix and `monitor rtt start` the line sent
#     meanwhile is echoed (queued on the host, nothing lost);
#  3. `rspflash run --rtt` with "exit 5" on stdin: the lines on stdout, exit status 5.
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-rtt
. "$(dirname "$0")/gdb-lib.sh"
client=$top_srcdir/tests/integration/rtt_client.py

# rtt_port CHANNEL: the port rspflash logged for the channel (waits for the line)
rtt_port() {
	local p
	for _ in $(seq 1 400); do
		p=$(sed -n "s/.*RTT channel $1 \(.*\)\?on 127\.0\.0\.1:\([0-9][0-9]*\)$/\2/p" "$server_log" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
	done
	cat "$server_log" >&2
	die "no port logged for RTT channel $1"
}

# wait_log PATTERN WHAT: the server's log gets a line matching PATTERN within 30 s
wait_log() {
	for _ in $(seq 1 600); do
		grep -Eq -- "$1" "$server_log" && return 0
		sleep 0.05
	done
	cat "$server_log" >&2
	die "$2 (no log line /$1/)"
}

for b in stm32f401 stm32l552; do
	elf=$top_builddir/tests/target/rtt/rtt-$(core_of "$b").elf
	[ -f "$elf" ] || hard_error "$elf not built"
	start_server "$b" --rtt --rtt-port 0 --semihosting
	p0=$(rtt_port 0)
	gdb_run "$b-run" "file $elf" "load" "monitor reset halt" "continue" &
	gdb_pid=$!
	python3 "$client" --port "$p0" --exit 7 --timeout 120 --out "$tmp/$b-rtt.txt" >"$tmp/$b-client.out" 2>&1 ||
		{ cat "$tmp/$b-client.out" "$server_log" >&2; die "$b: channel 0 over TCP is not the program's transcript"; }
	wait "$gdb_pid"
	expect "$tmp/$b-run.out" "exited with code 07" "$b: GDB reports the program's exit"
	expect "$server_log" "RTT channel 1 'Data' on 127\.0\.0\.1:[0-9]+" "$b: channel 1's port is logged with its name"
	gdb_run "$b-read" "monitor rtt read 1" "monitor rtt channels" "monitor rtt" "monitor rtt foo"
	expect "$tmp/$b-read.out" "^data 1$" "$b: monitor rtt read 1 shows channel 1"
	expect "$tmp/$b-read.out" "^data 3$" "$b: ... all of it"
	expect "$tmp/$b-read.out" "^Channels: up=2, down=1$" "$b: monitor rtt channels"
	expect "$tmp/$b-read.out" "^0: Terminal 64 2 \(block\)" "$b: ... with names, sizes and modes"
	expect "$tmp/$b-read.out" "RTT: [0-9]+ polls: [0-9]+ idle \([0-9.]+ probe commands" "$b: monitor rtt shows the cost"
	expect "$tmp/$b-read.out" "rtt: unknown subcommand 'foo' \(the subcommands: status, setup, start, stop, channels" \
		"$b: an unknown subcommand lists them"
	stop_server
	say "$b: pass (transcript, echo, exit status, channel 1 kept for monitor rtt read)"
done

b=stm32f401
elf=$top_builddir/tests/target/rtt/rtt-m4.elf
cb=0x$(arm-none-eabi-nm "$elf" 2>/dev/null | awk '$3 == "_SEGGER_RTT" { print $1 }' || true)
[ "$cb" != 0x ] || cb=0x20000000
hex() { printf '0x%08x' $(($1)); }
start_server "$b" --rtt --rtt-port 0 --semihosting
p0=$(rtt_port 0)
# a bad MaxNumUpBuffers in the block RTT is using; the core runs on with no GDB client
gdb_run "$b-count" "file $elf" "load" "monitor reset halt" "tbreak up_puts" "continue" "monitor rtt start" \
	"set var _SEGGER_RTT.max_up = 0x1000" "detach"
expect "$tmp/$b-count.out" "RTT: control block found at $cb" "monitor rtt start finds the block at once"
wait_log "RTT control block at $cb: MaxNumUpBuffers at $(hex "$cb + 16") is 0x00001000, more than 16: control block dropped" \
	"a bad MaxNumUpBuffers is logged with its address and value"
# the server still serves GDB; fixed, `monitor rtt start` finds the block again
gdb_run "$b-fix" "file $elf" "monitor rtt" "set var _SEGGER_RTT.max_up = 2" "monitor rtt start" \
	"set var _SEGGER_RTT.up[1].rd = 0x1234" "set var _SEGGER_RTT.down[0].buf = (char *)0x20030000" "detach"
expect "$tmp/$b-fix.out" "^RTT: dropped" "monitor rtt says the block was dropped"
expect "$tmp/$b-fix.out" "last problem: RTT control block at $cb: MaxNumUpBuffers" "... and why"
expect "$tmp/$b-fix.out" "RTT: control block found at $cb: 2 up, 1 down channels" "monitor rtt start recovers"
wait_log "RTT up channel 1 RdOff at $(hex "$cb + 24 + 24 + 16") is 0x00001234, beyond SizeOfBuffer 32: channel stopped" \
	"a bad RdOff is logged with its channel, address and value"
# channel 0 streams on; the line sent meets a down channel whose buffer lies outside RAM
python3 - "$p0" "$tmp/$b-partial.txt" <<'EOF' &
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=120)
data = b""
def until(want):
    global data
    while want not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit(f"closed after {data!r}")
        data += chunk
try:
    until(b"ready for input\n")
    s.sendall(b"hello rtt\n")
    until(b"echo: hello rtt\n")
    s.sendall(b"exit 7\n")
    until(b"bye 7\n")
finally:
    open(sys.argv[2], "wb").write(data)
EOF
py_pid=$!
wait_log "RTT down channel 0 pBuffer at $(hex "$cb + 24 + 48 + 4") is 0x20030000, its 16 bytes are not inside RAM: channel stopped" \
	"a down pBuffer outside RAM is logged, nothing written there"
gdb_run "$b-fix2" "file $elf" "monitor rtt" "set var _SEGGER_RTT.up[1].rd = _SEGGER_RTT.up[1].wr" \
	"set var _SEGGER_RTT.down[0].buf = down0" "monitor rtt start" "detach"
expect "$tmp/$b-fix2.out" "last problem: RTT down channel 0 pBuffer" "monitor rtt names the last problem"
wait "$py_pid" || true
grep -q "^rtt line 40 of 40: the quick brown fox$" "$tmp/$b-partial.txt" ||
	{ cat "$tmp/$b-partial.txt" >&2; die "channel 0 did not stream on while the others were stopped"; }
grep -q "^echo: hello rtt$" "$tmp/$b-partial.txt" ||
	{ cat "$tmp/$b-partial.txt" "$server_log" >&2; die "the line sent while down channel 0 was stopped was lost"; }
grep -q "^bye 7$" "$tmp/$b-partial.txt" || die "no 'bye 7' after the recovery"
stop_server
say "$b: pass (corrupt MaxNumUpBuffers, RdOff, pBuffer: logged, dropped, the server serves on, recovered)"

for pair in stm32f401:m4 stm32l552:m33; do
	b=${pair%%:*}
	rc=0
	echo "exit 5" | timeout 120 "$rspflash" run --board "$b" --rtt "$top_builddir/tests/target/rtt/rtt-${pair##*:}.elf" \
		>"$tmp/$b-run.txt" 2>"$tmp/$b-run.err" || rc=$?
	[ "$rc" = 5 ] || { cat "$tmp/$b-run.err" >&2; die "$b: rspflash run --rtt exited $rc, not the program's 5"; }
	expect "$tmp/$b-run.txt" "^rtt line 1 of 40: the quick brown fox$" "$b: run: the first line on stdout"
	expect "$tmp/$b-run.txt" "^rtt line 40 of 40: the quick brown fox$" "$b: run: the last line"
	expect "$tmp/$b-run.txt" "^\[rtt:1\] data 3$" "$b: run: channel 1's lines, marked"
	expect "$tmp/$b-run.txt" "^bye 5$" "$b: run: the line written just before the exit"
	[ "$(grep -c "^rtt line" "$tmp/$b-run.txt")" = 40 ] || die "$b: run: not 40 lines"
	say "$b: pass (rspflash run --rtt: output on stdout, exit status 5)"
done
say "pass"
