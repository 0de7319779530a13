# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the rspflash command-line tests in shell (cli-config.sh, cli-gang.sh), after
# they set $me and $rspflash: a failure counter and one check of a command's exit code
# and output.

fails=0
fail() { echo "$me: FAIL: $*" >&2; fails=$((fails + 1)); }
# run EXPECTED_RC PATTERN ARGS...: rspflash ARGS exits EXPECTED_RC and prints (stdout or
# stderr) a line matching the extended regular expression PATTERN; bounded to 60 s
run() {
	local want=$1 pat=$2 out rc
	shift 2
	out=$(timeout 60 "$rspflash" "$@" 2>&1)
	rc=$?
	if [ $rc -ne "$want" ] || ! grep -Eq -- "$pat" <<<"$out"; then
		fail "rspflash $* -> exit $rc (want $want), output lacks /$pat/:"
		tail -8 <<<"$out" >&2
	else
		echo "$me: ok: rspflash $* -> $rc, /$pat/"
	fi
}
