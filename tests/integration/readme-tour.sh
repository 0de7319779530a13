#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# readme-tour.sh: the README's tour, run verbatim as a newcomer would paste it, from the
# top of a fresh clone: the block after the line `<!-- readme-tour: ... -->` of README.md,
# run by `sh -e -x` (the first failing command fails the test), then the results the
# README tells the reader to look for are checked in what it printed.
#
# The clone: `git clone` of the source tree's repository with the working tree's changes
# to tracked files applied (git diff HEAD), so a file the README needs that was never
# added to git fails here as it would for a newcomer. Outside git (the tree `make
# distcheck` unpacks) a copy of the source tree stands in. The tour's first command,
# scripts/setup, builds the clone from scratch (a plain build, 1-3 minutes on 2 cores):
# that is what a newcomer runs, and a faster path through the test's own build tree
# would not catch a build step that only works there.
#
# The tour serves GDB on the fixed port 2331, as the README says; it runs inside its own
# network namespace (scripts/netns-run) so that it cannot meet another server there.
#
# Environment (make check sets it): top_srcdir, top_builddir, GDB_MULTIARCH;
# RSPFLASH_README_TOUR=skip skips it (debian/rules: a package build).
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch, no network namespace), 99 hard error.
set -eu
me=readme-tour
. "$(dirname "$0")/gdb-lib.sh"
[ "${RSPFLASH_README_TOUR:-}" != skip ] || skip "RSPFLASH_README_TOUR=skip"

# A make above us (make check) must not hand its jobserver or variables to the tour's make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

clone=$tmp/clone
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git clone -q "$top_srcdir" "$clone" || hard_error "git clone $top_srcdir failed"
	git -C "$top_srcdir" diff --binary HEAD >"$tmp/worktree.diff"
	if [ -s "$tmp/worktree.diff" ]; then
		git -C "$clone" apply --whitespace=nowarn "$tmp/worktree.diff" ||
			hard_error "the working tree's changes do not apply to a clone of HEAD"
		say "testing HEAD $(git -C "$clone" rev-parse --short HEAD) with the working tree's changes to tracked files"
	fi
	untracked=$(git -C "$top_srcdir" ls-files --others --exclude-standard)
	[ -z "$untracked" ] || say "not in the clone (never added to git): $(echo $untracked)"
else
	cp -pR "$top_srcdir" "$clone" && chmod -R u+w "$clone" || hard_error "cannot copy $top_srcdir"
	say "$top_srcdir is not a git work tree: testing a copy of it"
fi

# The block: from the fence after the marker line to the closing fence.
awk '/^<!-- readme-tour:/ { marked = 1; next }
	marked && /^```/ { if (inside) exit; inside = 1; next }
	inside { print }' "$clone/README.md" >"$tmp/tour.sh"
[ -s "$tmp/tour.sh" ] || die "README.md has no tour block after a line <!-- readme-tour: ... -->"
say "the tour, $(grep -c . "$tmp/tour.sh") lines:"
sed 's/^/    /' "$tmp/tour.sh"

status=0
(cd "$clone" && timeout 900 "$top_srcdir/scripts/netns-run" sh -e -x "$tmp/tour.sh") >"$tmp/tour.out" 2>&1 ||
	status=$?
[ $status -ne 3 ] || skip "no network namespace for the tour's fixed port (scripts/netns-run)"
if [ $status -ne 0 ]; then
	tail -n 80 "$tmp/tour.out" >&2
	die "the tour stopped with status $status (the failing command is the last '+' line above)"
fi

# What the README says to look for.
expect "$tmp/tour.out" 'Loading section \.text, size 0x[0-9a-f]+ lma 0x8000000' "gdb loads the example into flash"
expect "$tmp/tour.out" '^\$1 = 1000$' "the example runs from flash to its first blink"
expect "$tmp/tour.out" 'verify passed: level 1 on, level 2 by CRC over [1-9][0-9]* bytes' "the server's log shows the verify"
expect "$tmp/tour.out" 'sectors: 0 erased, 0 bank erase\(s\), 1 unchanged \(skipped\), 0 programmed' \
	"rspflash flash finds the image in place"
expect "$tmp/tour.out" 'verify: l1 on, l2 crc .*: passed' "rspflash flash verifies"
say "pass"
