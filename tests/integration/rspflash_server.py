# SPDX-License-Identifier: GPL-2.0-or-later
"""
One `rspflash` GDB server started for a test or script: any free port (the command line
must say `--port 0`), the port read from its "GDB server ready on" line, its log in a
file. Used by ide-recipes.py and scripts/soak.
"""
import re
import signal
import subprocess
import time


class ServerError(Exception):
	pass


class RspflashServer:
	def __init__(self, rspflash, args, log_path, timeout=30):
		self.log_path = log_path
		self.log = open(log_path, 'w')
		self.p = subprocess.Popen([rspflash] + args, stdout=self.log, stderr=subprocess.STDOUT)
		deadline = time.monotonic() + timeout
		self.port = None
		while self.port is None:
			with open(log_path) as f:
				m = re.search(r'GDB server ready on [0-9.]+:(\d+)', f.read())
			if m:
				self.port = int(m.group(1))
			elif self.p.poll() is not None or time.monotonic() > deadline:
				with open(log_path) as f:
					tail = f.read()[-2000:]
				self.stop()
				raise ServerError('rspflash %s did not start (log %s):\n%s' % (' '.join(args), log_path, tail))
			else:
				time.sleep(0.05)

	def alive(self):
		return self.p.poll() is None

	def stop(self):
		if self.p.poll() is None:
			self.p.send_signal(signal.SIGTERM)
			try:
				self.p.wait(10)
			except subprocess.TimeoutExpired:
				self.p.kill()
				self.p.wait()
		self.log.close()
