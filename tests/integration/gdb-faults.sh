#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-faults.sh: the CI-sized part of the fault matrix (tests/integration/fault_matrix.py
# --ci; the whole of it is scripts/faults, doc/robustness.md): gdb-multiarch's `load`
# interrupted by a power loss, a killed GDB, a FAULT, a WAIT storm or a dropped probe link
# on the virtual boards, then the server must still serve, name what happened and where,
# and the next `load` must leave the flash exactly equal to the image.
#
# The probe-link cases use libjaylink over TCP, whose discovery broadcasts: the whole run
# is inside a network namespace of its own with only loopback (scripts/netns-run). Where
# no namespace can be made, the other cases run and those are skipped.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-faults
. "$(dirname "$0")/gdb-lib.sh"

export top_builddir top_srcdir GDB_MULTIARCH
matrix=$top_srcdir/tests/integration/fault_matrix.py
rc=0
sh "$top_srcdir/scripts/netns-run" python3 "$matrix" --ci || rc=$?
if [ "$rc" = 3 ]; then
	say "no network namespace here: the probe-link cases are skipped"
	rc=0
	python3 "$matrix" --ci || rc=$?
fi
exit "$rc"
