#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ide-recipes.sh: doc/ide.md's IDE recipes (Cortex-Debug, Eclipse CDT, CLion) replayed
# against rspflash on the virtual STM32L552 with the example firmware (ide-recipes.py).
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=ide-recipes
. "$(dirname "$0")/gdb-lib.sh"

elf=$top_builddir/examples/counter-stm32l552.elf
[ -f "$elf" ] || hard_error "$elf not built"
if ! timeout 300 python3 "$self_dir/ide-recipes.py" "$GDB_MULTIARCH" "$rspflash" "$elf" \
	"$top_srcdir/doc/ide.md" >"$tmp/out" 2>&1; then
	cat "$tmp/out" >&2
	die "a recipe failed"
fi
cat "$tmp/out"
say PASS
