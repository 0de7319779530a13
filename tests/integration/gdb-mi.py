#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
An IDE-style GDB/MI session against rspflash (run by gdb-mi.sh): what Cortex-Debug and
Eclipse CDT send for an external server. target select, monitor reset halt,
-target-download, -break-insert, -exec-continue, -data-list-register-values,
-data-read-memory-bytes, -exec-interrupt (its latency measured in wall time), -gdb-exit.

usage: gdb-mi.py GDB ELF PORT   (prints one "interrupt latency: N ms" line)
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mi_session import MiSession, expect, run_script  # noqa: E402

GDB, ELF, PORT = sys.argv[1], sys.argv[2], sys.argv[3]
LATENCY_BOUND_MS = 500	# loose: the target is 100 ms, on the virtual board it takes a few ms


def session():
	mi = MiSession(GDB, ELF)
	mi.cmd('-gdb-set mi-async on')	# what Cortex-Debug sets: -exec-interrupt while running
	mi.cmd('-gdb-set pagination off')
	mi.cmd('-target-select extended-remote localhost:' + PORT)
	_, out = mi.cmd('-interpreter-exec console "monitor reset halt"')
	expect(any('halted at the reset vector' in s for s in out), 'monitor reset halt printed nothing')
	_, out = mi.cmd('-target-download', timeout=120)
	expect(any('section-sent' in s or 'total-size' in s for s in out), '-target-download reported no progress')
	r, _ = mi.cmd('-break-insert -f main')
	expect('func="main"' in r, '-break-insert main: ' + r)
	mi.cmd('-data-evaluate-expression "$pc = _start"')
	mi.cmd('-exec-continue')
	stop = mi.wait_stopped()
	expect('reason="breakpoint-hit"' in stop and 'func="main"' in stop, 'not stopped at main: ' + stop)
	r, _ = mi.cmd('-data-list-register-names')
	expect('"pc"' in r and '"fpscr"' in r, 'register names: ' + r[:200])
	r, _ = mi.cmd('-data-list-register-values x')
	expect(re.search(r'\{number="15",value="0x2000[0-9a-f]+"\}', r), 'pc in -data-list-register-values: ' + r[:300])
	r, _ = mi.cmd('-data-read-memory-bytes &counter 16')
	expect(re.search(r'contents="[0-9a-f]{32}"', r), '-data-read-memory-bytes: ' + r)
	r, _ = mi.cmd('-data-read-memory-bytes 0x20000000 64')
	expect(re.search(r'contents="[0-9a-f]{128}"', r), '-data-read-memory-bytes 64: ' + r)
	mi.cmd('-break-delete')
	mi.cmd('-exec-continue')
	time.sleep(0.5)	# let it run
	t0 = time.monotonic()
	mi.cmd('-exec-interrupt')
	stop = mi.wait_stopped(10)
	ms = (time.monotonic() - t0) * 1000.0
	expect('signal-name="SIGINT"' in stop, '-exec-interrupt: ' + stop)
	r, _ = mi.cmd('-data-evaluate-expression counter')
	m = re.search(r'value="(\d+)"', r)
	expect(m and int(m.group(1)) > 1, 'the program did not run between continue and interrupt: ' + r)
	print('interrupt latency: %.1f ms (counter reached %s)' % (ms, m.group(1)))
	expect(ms < LATENCY_BOUND_MS, 'interrupt took %.1f ms (bound %d ms)' % (ms, LATENCY_BOUND_MS))
	mi.cmd('-target-detach')
	mi.close()


run_script(session)
