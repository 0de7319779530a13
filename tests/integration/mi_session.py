# SPDX-License-Identifier: GPL-2.0-or-later
"""
One gdb-multiarch process driven through GDB/MI, as an IDE drives it: a command gets a
token and its result record (^done, ^running, ^error...) is matched by that token, so
asynchronous records (*stopped, =library-loaded, console output) never confuse replies.
Used by gdb-mi.py (the IDE session test) and scripts/soak (randomized long sessions).

Every wait has a deadline; a missing reply, an unexpected result class or a GDB that exits
raises MiError carrying the last lines of the transcript.
"""
import subprocess
import time


class MiError(Exception):
	pass


class MiSession:
	def __init__(self, gdb, elf=None, prompt_timeout=30):
		argv = [gdb, '-q', '-nx', '--interpreter=mi2'] + ([elf] if elf else [])
		self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
					  stderr=subprocess.STDOUT, text=True, bufsize=1)
		self.token = 100
		self.log = []
		self.wait_prompt(prompt_timeout)

	def transcript(self, n=40):
		return '\n'.join(self.log[-n:])

	def fail(self, what):
		raise MiError(what + '; transcript:\n' + self.transcript())

	def line(self, deadline):
		if time.monotonic() > deadline:
			self.fail('timeout waiting for GDB')
		s = self.p.stdout.readline()
		if not s:
			self.fail('GDB exited')
		s = s.rstrip('\n')
		self.log.append(s)
		if len(self.log) > 2000:
			del self.log[:1000]
		return s

	def wait_prompt(self, timeout):
		deadline = time.monotonic() + timeout
		while self.line(deadline) != '(gdb) ':
			pass

	def send(self, text):
		"""Sends one command; returns its token (for result())."""
		self.token += 1
		tok = str(self.token)
		self.log.append('>>> ' + tok + text)
		try:
			self.p.stdin.write(tok + text + '\n')
			self.p.stdin.flush()
		except (BrokenPipeError, OSError):
			self.fail('GDB closed its input')
		return tok

	def result(self, tok, text, timeout, ok):
		deadline = time.monotonic() + timeout
		lines = []
		while True:
			s = self.line(deadline)
			lines.append(s)
			if s.startswith(tok + '^'):
				cls = s[len(tok) + 1:].split(',', 1)[0]
				if ok is not None and cls not in ok:
					self.fail('%s -> %s' % (text, s))
				return s, lines

	def cmd(self, text, timeout=60, ok=('done', 'running', 'connected')):
		"""Sends one command; returns its result record (^...) and the lines up to it.
		ok=None accepts any result class (the caller checks ^error itself)."""
		return self.result(self.send(text), text, timeout, ok)

	def console(self, text, timeout=60, ok=('done',)):
		"""A CLI command through -interpreter-exec; returns (result, console text)."""
		r, lines = self.cmd('-interpreter-exec console "%s"' % text.replace('\\', '\\\\').replace('"', '\\"'),
				    timeout, ok)
		return r, console_text(lines)

	def wait_stopped(self, timeout=60):
		deadline = time.monotonic() + timeout
		while True:
			s = self.line(deadline)
			if s.startswith('*stopped'):
				return s

	def close(self, timeout=30):
		"""-gdb-exit, then kill if GDB does not go."""
		if self.p.poll() is None:
			try:
				self.p.stdin.write('-gdb-exit\n')
				self.p.stdin.flush()
			except (BrokenPipeError, OSError):
				pass
			try:
				self.p.wait(timeout)
			except subprocess.TimeoutExpired:
				self.p.kill()
				self.p.wait()
		self.p.stdout.close()
		if self.p.stdin:
			try:
				self.p.stdin.close()
			except (BrokenPipeError, OSError):
				pass

	def kill(self):
		"""Gone without a word, as an IDE that crashes."""
		if self.p.poll() is None:
			self.p.kill()
		self.p.wait()
		self.p.stdout.close()
		try:
			self.p.stdin.close()
		except (BrokenPipeError, OSError):
			pass


def console_text(lines):
	"""The console and target stream records (~"...", @"...": monitor output comes as
	either, by GDB version) of an MI reply, unescaped and joined."""
	out = []
	for s in lines:
		if s[:2] in ('~"', '@"') and s.endswith('"'):
			out.append(s[2:-1].encode('latin-1', 'replace').decode('unicode_escape', 'replace'))
	return ''.join(out)


def expect(cond, what):
	"""A check of an MI test script (gdb-mi.py, gdb-storm.py): FAIL: what, exit status 1."""
	if not cond:
		raise SystemExit('FAIL: ' + what)


def run_script(session):
	"""Runs an MI test script's session(); an MiError ends it as a FAIL with its transcript."""
	try:
		session()
	except MiError as e:
		raise SystemExit('FAIL: ' + str(e))
