#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The IDE recipes of doc/ide.md, replayed (run by ide-recipes.sh): each recipe is read from
the document (the block after its `<!-- ide-recipe: NAME -->` marker) and the commands that
IDE sends for those settings go through GDB/MI to rspflash on the virtual STM32L552, with a
flash-resident example program. What each IDE sends is taken from its sources:

- Cortex-Debug, servertype external (src/external.ts, common.ts genDownloadCommands):
  target-select extended-remote GDBTARGET; launch: monitor reset halt, target-download,
  monitor reset halt, then runToEntryPoint's temporary breakpoint and continue; attach:
  monitor halt; reset and restart: monitor reset halt.
- Eclipse CDT GDB Hardware Debugging, Generic TCP/IP (DefaultGDBJtagDeviceImpl):
  -target-select remote HOST:PORT; reset: monitor reset run, delay: monitor delay MS;
  halt: monitor halt; init commands; load IMAGE; breakpoint -break-insert -t -f main;
  run commands; -exec-continue.
- CLion Embedded GDB Server: rspflash started with the recipe's server args; target remote
  ARGS; the reset command, load, the reset command, break main, continue.

A recipe that no longer parses, names a monitor command rspflash refuses, or does not end
stopped at main fails the test.

usage: ide-recipes.py GDB RSPFLASH ELF DOC
"""
import json
import os
import re
import shlex
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mi_session import MiError, MiSession  # noqa: E402
from rspflash_server import RspflashServer, ServerError  # noqa: E402

GDB, RSPFLASH, ELF, DOC = sys.argv[1:5]


class Fail(Exception):
	pass


def expect(cond, what):
	if not cond:
		raise Fail(what)


def recipe_block(doc, name):
	"""The text of the block after `<!-- ide-recipe: NAME -->`: a fenced block or a table."""
	m = re.search(r'<!-- ide-recipe: %s -->\n(.*?)(?:\n\n|\Z)' % re.escape(name), doc + '\n\n', re.S)
	expect(m, 'doc/ide.md has no recipe %s' % name)
	text = m.group(1)
	if text.startswith('```'):
		m = re.search(r'```\w*\n(.*?)```', doc[doc.index('<!-- ide-recipe: %s -->' % name):], re.S)
		return m.group(1)
	return text


def table(text):
	"""Markdown table rows -> {(col0, col1): col2} or {col0: col1}; backticks dropped."""
	rows = {}
	for line in text.splitlines():
		cells = [c.strip().strip('`') for c in line.strip().strip('|').split('|')]
		if len(cells) < 2 or set(line.replace('|', '').strip()) <= set('-: '):
			continue
		if len(cells) == 3:
			rows[(cells[0], cells[1])] = cells[2]
		else:
			rows[cells[0]] = cells[1]
	return rows


class Server(RspflashServer):
	def __init__(self, args):
		self.tmp = tempfile.NamedTemporaryFile(prefix='ide-recipe-', suffix='.log', delete=False)
		self.tmp.close()
		try:
			super().__init__(RSPFLASH, args, self.tmp.name)
		except ServerError as e:
			os.unlink(self.tmp.name)
			raise Fail(str(e)) from e
		self.port = str(self.port)

	def stop(self):
		super().stop()
		if os.path.exists(self.tmp.name):
			os.unlink(self.tmp.name)


def mon(mi, cmd):
	"""A console command as IDEs send it; an ^error (e.g. an unknown monitor command) fails."""
	r, out = mi.console(cmd, timeout=120, ok=('done',))
	return out


def at_main(mi):
	stop = mi.wait_stopped(60)
	expect('func="main"' in stop, 'not stopped at main: ' + stop)


def cortex_debug(doc):
	cfgs = json.loads(recipe_block(doc, 'cortex-debug'))['configurations']
	launch = next(c for c in cfgs if c['request'] == 'launch')
	attach = next(c for c in cfgs if c['request'] == 'attach')
	for c in (launch, attach):
		expect(c['type'] == 'cortex-debug' and c['servertype'] == 'external', 'not an external-server config: %s' % c)
		expect(c['executable'].endswith('.elf'), 'executable: ' + c['executable'])
	srv = Server(['--board', 'stm32l552', '--port', '0'])
	try:
		host, _ = launch['gdbTarget'].rsplit(':', 1)
		target = '%s:%s' % (host, srv.port)
		mi = MiSession(GDB, ELF)
		try:
			mi.cmd('-gdb-set mi-async on')
			mi.cmd('-target-select extended-remote ' + target)
			mon(mi, 'monitor reset halt')
			mi.cmd('-target-download', timeout=180)
			mon(mi, 'monitor reset halt')
			fn = launch.get('runToEntryPoint')
			expect(fn == 'main', 'runToEntryPoint: %s' % fn)
			mi.cmd('-break-insert -t --function ' + fn)
			mi.cmd('-exec-continue')
			at_main(mi)
			out = mon(mi, 'monitor reset halt')	# its reset / restart buttons
			expect('halted' in out, 'reset button: ' + out)
			mi.cmd('-target-detach')
		finally:
			mi.close()
		mi = MiSession(GDB, ELF)
		try:
			mi.cmd('-target-select extended-remote ' + target)
			out = mon(mi, 'monitor halt')
			expect('halted' in out, 'attach: monitor halt said ' + out)
			mi.cmd('-target-detach')
		finally:
			mi.close()
	finally:
		srv.stop()


def eclipse_cdt(doc):
	t = table(recipe_block(doc, 'eclipse-cdt'))
	expect(t[('Debugger', 'JTAG Device')] == 'Generic TCP/IP', 'JTAG device: ' + t[('Debugger', 'JTAG Device')])
	expect(t[('Debugger', 'Use remote target')] == 'checked', 'remote target not used')
	srv = Server(['--board', 'stm32l552', '--port', '0'])
	try:
		mi = MiSession(GDB)
		try:
			mi.cmd('-gdb-set mi-async on')
			mi.cmd('-target-select remote %s:%s' % (t[('Debugger', 'Host name or IP address')], srv.port))
			reset = t[('Startup', 'Reset and Delay (seconds)')]
			if reset.startswith('checked'):
				mon(mi, 'monitor reset run')
				secs = int(reset.split(',')[1].strip().strip('`'))
				mon(mi, 'monitor delay %d' % (secs * 1000))
			if t[('Startup', 'Halt')] == 'checked':
				mon(mi, 'monitor halt')
			init = t[('Startup', 'Initialization Commands')]
			if init != '(empty)':
				mon(mi, init)
			expect(t[('Startup', 'Load image')].startswith('checked'), 'load image not checked')
			_, out = mi.console('load %s ' % ELF, timeout=180)
			mi.console('symbol-file ' + ELF)
			bp = t[('Startup', 'Set breakpoint at')]
			expect(bp.startswith('checked'), 'no breakpoint set')
			mi.cmd('-break-insert -t -f ' + bp.split(',')[1].strip().strip('`'))
			run = t[('Startup', 'Run Commands')]
			if run != '(empty)':
				mon(mi, run)
			mi.cmd('-exec-continue')
			at_main(mi)
		finally:
			mi.close()
	finally:
		srv.stop()


def clion(doc):
	t = table(recipe_block(doc, 'clion'))
	args = shlex.split(t['GDB Server args'].split(' (')[0].strip('`'))
	i = args.index('--port')
	args[i + 1] = '0'	# the recipe's fixed port, made free for a test
	srv = Server(args)
	try:
		remote = t["'target remote' args"]
		expect(remote.startswith('tcp:'), "'target remote' args: " + remote)
		host = remote.split(':')[1]
		reset = t['Reset command (advanced options)']
		mi = MiSession(GDB, ELF)
		try:
			mi.cmd('-gdb-set mi-async on')
			mi.console('target remote tcp:%s:%s' % (host, srv.port))
			mon(mi, reset)
			mi.console('load', timeout=180)
			mon(mi, reset)
			mi.cmd('-break-insert -t main')
			mi.cmd('-exec-continue')
			at_main(mi)
		finally:
			mi.close()
		srv.p.wait(20)		# --once: the server leaves with the session
		expect(srv.p.returncode == 0, 'rspflash --once exited with %s' % srv.p.returncode)
	finally:
		srv.stop()


def main():
	with open(DOC) as f:
		doc = f.read()
	failed = 0
	for name, fn in (('cortex-debug', cortex_debug), ('eclipse-cdt', eclipse_cdt), ('clion', clion)):
		try:
			fn(doc)
			print('%s: PASS' % name)
		except (Fail, MiError, KeyError, ValueError, StopIteration) as e:
			failed += 1
			print('%s: FAIL: %s: %s' % (name, type(e).__name__, e))
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
