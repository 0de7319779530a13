#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gdb-exc.sh: gdb-multiarch unwinds through an exception frame on the virtual boards
# (issue 12): tests/target/exc's HARDFAULT scenario (a load from an address nothing answers)
# runs into its HardFault handler; at a breakpoint there, `bt` must show the handler, the
# exception frame ("<signal handler called>"), the faulting function bad_load and its
# caller run; `monitor fault` must name the precise bus fault, BFAR and the faulting load.
# Then scenario 8 (LAZY_USED): stopped in an interrupt handler whose frame has the FP area
# reserved by lazy stacking (FPCCR.LSPACT set, nothing written there yet), `bt` must still
# unwind through the extended frame into the interrupted function, and FPCCR/FPCAR must
# read through the debugger.
# On the M4F (stm32f401), the M33 (stm32l552) and the M55 (alif-e7, stm32n657).
#
# Environment (make check sets it): top_builddir, top_srcdir, GDB_MULTIARCH.
# Exit: 0 pass, 1 fail, 77 skip (no gdb-multiarch), 99 hard error.
set -eu
me=gdb-exc
. "$(dirname "$0")/gdb-lib.sh"

# exc's build per board (tests/target/local.mk): the M55 boards have their RAM apart
exc_elf() {
	case $1 in
	alif-e7) echo "$top_builddir/tests/target/exc-m55.elf" ;;
	stm32n657) echo "$top_builddir/tests/target/exc-m55-n6.elf" ;;
	*) echo "$top_builddir/tests/target/exc-$(core_of "$1").elf" ;;
	esac
}

for b in stm32f401 stm32l552 alif-e7 stm32n657; do
	elf=$(exc_elf "$b")
	[ -f "$elf" ] || hard_error "$elf not built"
	start_server "$b"
	# scenario 2 (HARDFAULT) in R0, started at Reset_Handler as tests/unit/test_exc.c does
	gdb_run "$b" "file $elf" "load" 'set $r0 = 2' 'set $pc = Reset_Handler' \
		"break hardfault_report" "continue" "bt" "monitor fault"
	stop_server
	start_server "$b"	# a fresh core: the first session left it in HardFault's handler
	gdb_run "$b-lazy" "file $elf" "load" 'set $r0 = 8' 'set $pc = Reset_Handler' \
		"break lazy_report" "continue" "bt" 'printf "FPCCR=0x%08x FPCAR=0x%08x\n", *(unsigned *)0xE000EF34, *(unsigned *)0xE000EF38' \
		'printf "expect=0x%08x\n", $r0 + 0x20'
	stop_server
	out=$tmp/$b-lazy.out
	expect "$out" "^#0 +lazy_report" "$b: lazy frame: bt starts in the handler's C part"
	expect "$out" "^#1 +<signal handler called>" "$b: lazy frame: bt shows the exception frame"
	expect "$out" "^#2 .*fpu_kept" "$b: lazy frame: bt unwinds through the extended frame"
	expect "$out" "FPCCR=0xc00000[0-9a-f][9bdf] " "$b: FPCCR reads ASPEN, LSPEN, LSPACT, THREAD"
	fpcar=$(sed -n 's/.*FPCAR=\(0x[0-9a-f]*\).*/\1/p' "$out")
	expect "$out" "expect=$fpcar" "$b: FPCAR is the S0 slot of the frame"
	out=$tmp/$b.out
	expect "$out" "^#0 +hardfault_report" "$b: bt starts in the handler's C part"
	expect "$out" "^#1 +<signal handler called>" "$b: bt shows the exception frame"
	expect "$out" "^#2 +bad_load" "$b: bt unwinds through the frame into the faulting function"
	expect "$out" "^#3 .* in run " "$b: and on to its caller"
	expect "$out" "PRECISERR" "$b: monitor fault names the precise bus fault"
	expect "$out" "BFAR += 0xd0000000" "$b: monitor fault gives the bus address"
	expect "$out" "=> 0x[0-9a-f]+: .*ldr +r0, \[r0\]" "$b: monitor fault shows the faulting load"
	say "$b: pass"
done
say "pass"
