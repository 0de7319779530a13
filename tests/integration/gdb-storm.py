#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
An interrupt storm under GDB/MI (run by gdb-storm.sh): tests/target/exc's STORM scenario
(SysTick with RELOAD 1, pending again before its handler returns) runs; -exec-interrupt
(Ctrl-C) must halt it within a bounded wall time, the stop must say that the core is in
SysTick's handler with SysTick pending again, `monitor fault` must say the same, and the
server must go on serving: a second continue and interrupt, then a `load`.

usage: gdb-storm.py GDB ELF PORT
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mi_session import MiSession, console_text, expect, run_script  # noqa: E402

GDB, ELF, PORT = sys.argv[1], sys.argv[2], sys.argv[3]
STORM = 11			# enum scenario in tests/target/exc/exc.c
LATENCY_BOUND_MS = 2000		# loose: a storm makes the virtual core slower, not deaf
STORM_TEXT = 'the core is in the handler of exception 15 (SysTick, IPSR)'


def interrupt(mi, what):
	"""Ctrl-C on the running storm: the stop and the console text that came with it."""
	time.sleep(0.5)
	first = len(mi.log)
	t0 = time.monotonic()
	mi.cmd('-exec-interrupt')
	stop = mi.wait_stopped(10)
	ms = (time.monotonic() - t0) * 1000.0
	text = console_text(mi.log[first:])
	expect('signal-name="SIGINT"' in stop, what + ': -exec-interrupt: ' + stop)
	expect(ms < LATENCY_BOUND_MS, '%s: interrupt took %.1f ms (bound %d ms)' % (what, ms, LATENCY_BOUND_MS))
	expect(STORM_TEXT in text, what + ': the stop does not explain the storm: ' + repr(text))
	expect('interrupt storm' in text, what + ': no "interrupt storm" in: ' + repr(text))
	print('%s: interrupt latency %.1f ms' % (what, ms))


def session():
	mi = MiSession(GDB, ELF)
	mi.cmd('-gdb-set mi-async on')
	mi.cmd('-gdb-set pagination off')
	mi.cmd('-target-select extended-remote localhost:' + PORT)
	mi.cmd('-target-download', timeout=120)
	mi.cmd('-data-evaluate-expression "$r0 = %d"' % STORM)
	mi.cmd('-data-evaluate-expression "$pc = Reset_Handler"')
	mi.cmd('-exec-continue')
	interrupt(mi, 'first')
	_, text = mi.console('monitor fault')
	expect(STORM_TEXT in text, 'monitor fault does not show the storm: ' + repr(text))
	expect('NVIC ISPR (interrupts pending): none' in text, 'monitor fault: NVIC ISPR: ' + repr(text))
	mi.cmd('-exec-continue')
	interrupt(mi, 'second')
	r, _ = mi.cmd('-target-download', timeout=120)
	expect(r.endswith('^done') or '^done' in r, 'load after the storm: ' + r)
	r, _ = mi.cmd('-data-evaluate-expression "*(unsigned *)0x20000000 == (unsigned)&_stack_top"')
	expect('value="1"' in r, 'memory after the load: ' + r)
	mi.cmd('-target-detach')
	mi.close()


run_script(session)
