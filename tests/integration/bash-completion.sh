#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bash-completion.sh: contrib/bash-completion/rspflash completes the subcommands and each
# subcommand's options from its --help (against the rspflash just built).
#
# Environment (make check sets it): top_builddir, top_srcdir. Exit: 0 pass, 1 fail, 99 error.
set -u
me=bash-completion
rspflash=$(cd "${top_builddir:-.}" && pwd)/rspflash
[ -x "$rspflash" ] || { echo "$me: ERROR: $rspflash not built" >&2; exit 99; }
# shellcheck source=contrib/bash-completion/rspflash
. "${top_srcdir:-.}/contrib/bash-completion/rspflash" || { echo "$me: FAIL: does not load" >&2; exit 1; }

fails=0
# complete WORDS... : COMPREPLY for the last word, as bash would ask
complete_words() {
	COMP_WORDS=("$rspflash" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_rspflash
	echo "${COMPREPLY[*]}"
}
want() {	# WANT WORDS...: WANT is among the completions
	local got
	got=" $(complete_words "${@:2}") "
	if [[ $got == *" $1 "* ]]; then
		echo "$me: ok: '${*:2}' -> $1"
	else
		echo "$me: FAIL: '${*:2}' gave [$got], not $1" >&2
		fails=$((fails + 1))
	fi
}
want flash fl
want probe-info pro
want --verify flash --ver
want --erase flash --er
want --method verify --me
want --config erase --co
want --halt reset --ha
[ $fails -eq 0 ] || exit 1
echo "$me: PASS"
