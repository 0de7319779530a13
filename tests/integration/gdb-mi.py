#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
An IDE-style GDB/MI session against rspflash (run by gdb-mi.sh): what Cortex-Debug and
Eclipse CDT send for an external server. target select, monitor reset halt,
-target-download, -break-insert, -exec-continue, -data-list-register-values,
-data-read-memory-bytes, -exec-interrupt (its latency measured in wall time), -gdb-exit.

usage: gdb-mi.py GDB ELF PORT   (prints one "interrupt latency: N ms" line)
"""
import re
import subprocess
import sys
import time

GDB, ELF, PORT = sys.argv[1], sys.argv[2], sys.argv[3]
LATENCY_BOUND_MS = 500	# loose: the target is 100 ms, on the virtual board it takes a few ms


class Mi:
	def __init__(self):
		self.p = subprocess.Popen([GDB, '-q', '-nx', '--interpreter=mi2', ELF], stdin=subprocess.PIPE,
					  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
		self.token = 100
		self.log = []
		self.wait_prompt(30)

	def line(self, deadline):
		if time.monotonic() > deadline:
			raise SystemExit('FAIL: timeout waiting for GDB; transcript:\n' + '\n'.join(self.log[-40:]))
		s = self.p.stdout.readline()
		if not s:
			raise SystemExit('FAIL: GDB exited; transcript:\n' + '\n'.join(self.log[-40:]))
		s = s.rstrip('\n')
		self.log.append(s)
		return s

	def wait_prompt(self, timeout):
		deadline = time.monotonic() + timeout
		while self.line(deadline) != '(gdb) ':
			pass

	def cmd(self, text, timeout=60, ok=('done', 'running', 'connected')):
		"""Sends one command; returns its result record (^...) and the lines before it."""
		self.token += 1
		tok = str(self.token)
		self.log.append('>>> ' + tok + text)
		self.p.stdin.write(tok + text + '\n')
		self.p.stdin.flush()
		deadline = time.monotonic() + timeout
		lines = []
		while True:
			s = self.line(deadline)
			lines.append(s)
			if s.startswith(tok + '^'):
				cls = s[len(tok) + 1:].split(',', 1)[0]
				if cls not in ok:
					raise SystemExit('FAIL: %s -> %s\n%s' % (text, s, '\n'.join(self.log[-40:])))
				return s, lines

	def wait_stopped(self, timeout=60):
		deadline = time.monotonic() + timeout
		while True:
			s = self.line(deadline)
			if s.startswith('*stopped'):
				return s


def expect(cond, what):
	if not cond:
		raise SystemExit('FAIL: ' + what)


mi = Mi()
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
mi.p.stdin.write('-gdb-exit\n')
mi.p.stdin.flush()
mi.p.wait(30)
