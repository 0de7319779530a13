# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs for scripts/bench, each measured by the simulator's own figures (`monitor stats` of
rspflash's in-process board, `rspflash-sim --stats`), never by the wall clock:

  rspflash_session()  one rspflash server on a virtual board, driven by gdb-multiarch in
                      batch mode; the cost of each measured step is the difference of
                      `monitor stats` before and after it;
  openocd_program()   OpenOCD 0.12's `program IMAGE verify` on rspflash-sim, inside a
                      network namespace of its own (bench/openocd_program.py, run through
                      scripts/netns-run: libjaylink's discovery broadcasts).
Each returns the Stats of what it measured, or raises BenchError with the logs that say
what broke.
"""
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass

STAT_KEYS = ('time_ns', 'probe_commands', 'swd_bits', 'instructions', 'flash_busy_ns')
SESSION_SECONDS = 900   # a whole gdb session or OpenOCD run, far above what any takes
MARK = '@@bench'


class BenchError(Exception):
    pass


class NoNamespace(BenchError):
    pass


@dataclass(frozen=True)
class Stats:
    time_ns: int = 0
    probe_commands: int = 0
    swd_bits: int = 0
    instructions: int = 0
    flash_busy_ns: int = 0

    @classmethod
    def parse(cls, line):
        """The figures of one stats line (`key=value ...`, as sim_format_stats prints it)."""
        got = dict(re.findall(r'\b([a-z_]+)=([0-9]+)\b', line))
        missing = [k for k in STAT_KEYS if k not in got]
        if missing:
            raise BenchError('stats line without %s: %r' % (', '.join(missing), line))
        return cls(**{k: int(got[k]) for k in STAT_KEYS})

    def __sub__(self, other):
        return Stats(**{k: getattr(self, k) - getattr(other, k) for k in STAT_KEYS})


@dataclass(frozen=True)
class Tools:
    rspflash: str
    sim: str
    gdb: str
    openocd: str
    netns_run: str
    openocd_program: str


def log(msg):
    """Progress on stderr, beside the tables on stdout."""
    print('bench: ' + msg, file=sys.stderr, flush=True)


def secs(ns):
    """Nanoseconds as seconds, 4 decimals (0.1 ms)."""
    return '%.4f' % (ns / 1e9)


def ratio(v):
    """A ratio in 7 columns: an identical reload is hundreds of times its bound."""
    return '%7.3f' % v if v < 100 else '%7.0f' % v


def _tail(path, n=40):
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return '(no %s)' % path


def _start_server(tools, board, options, log_path):
    cmd = [tools.rspflash, '--board', board, '--port', '0', '--log-level', 'info']
    for opt in options:
        cmd += ['--option', opt]
    server = subprocess.Popen(cmd, stdout=open(log_path, 'w'), stderr=subprocess.STDOUT)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        m = re.search(r'GDB server ready on [0-9.]+:([0-9]+)', open(log_path).read())
        if m:
            return server, int(m.group(1))
        if server.poll() is not None:
            break
        time.sleep(0.05)
    stop_process(server)
    raise BenchError('rspflash did not become ready:\n' + _tail(log_path))


def stop_process(proc):
    """Ends a process we started (SIGTERM, SIGKILL after 10 s) and reaps it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def rspflash_session(tools, board, options, plan, work, tag):
    """PLAN: gdb commands (str) and measured steps (NAME, [commands]). Returns {NAME: Stats}
    and the distinct warnings in rspflash's log (they explain figures: a clock not raised,
    a CRC computed in software)."""
    log = os.path.join(work, tag + '.server.log')
    script, out_path = os.path.join(work, tag + '.gdb'), os.path.join(work, tag + '.out')
    lines = ['set pagination off', 'set confirm off']
    names = []
    for item in plan:
        if isinstance(item, str):
            lines.append(item)
            continue
        name, cmds = item
        names.append(name)
        lines += ['echo %s before %s\\n' % (MARK, name), 'monitor stats'] + cmds + \
                 ['echo %s after %s\\n' % (MARK, name), 'monitor stats']
    server, port = _start_server(tools, board, options, log)
    try:
        with open(script, 'w') as f:
            f.write('\n'.join(['target extended-remote localhost:%d' % port] + lines) + '\n')
        with open(out_path, 'w') as out:
            subprocess.run([tools.gdb, '-q', '-batch', '-nx', '-x', script], stdout=out,
                           stderr=subprocess.STDOUT, timeout=SESSION_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError('%s: gdb did not finish within %d s' % (tag, SESSION_SECONDS))
    finally:
        stop_process(server)
    text = open(out_path, errors='replace').read()
    marks, pending = {}, None
    for line in text.splitlines():
        if line.startswith(MARK + ' '):
            pending = line.split()[1:]
        elif pending and line.startswith('board='):
            marks[tuple(pending)] = Stats.parse(line)
            pending = None
    broken = [n for n in names if ('before', n) not in marks or ('after', n) not in marks]
    if broken or 'MIS-MATCHED' in text:
        what = 'step %s did not finish' % broken[0] if broken else 'compare-sections found a mismatch'
        raise BenchError('%s: %s\n--- gdb (%s) ---\n%s--- rspflash ---\n%s'
                         % (tag, what, out_path, _tail(out_path), _tail(log)))
    warnings = []
    for line in open(log, errors='replace'):
        m = re.match(r'\S+ \S+ warn +(.*)', line)
        if m and m.group(1) not in warnings:
            warnings.append(m.group(1))
    return {n: marks[('after', n)] - marks[('before', n)] for n in names}, warnings


def namespace_available(tools):
    return subprocess.run([tools.netns_run, 'true'], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


@dataclass(frozen=True)
class OcdTarget:
    """What OpenOCD is told of a board beyond its Cortex-M core: its flash bank and work
    area, and, for a bank whose controller must be set up first (external NOR), the TCL
    files that define how and the reset-init handler that does it."""
    flash_bank: str         # `flash bank chip.flash FLASH_BANK`
    work_area: str          # size at 0x20000000
    setup: tuple = ()
    reset_init: str = ''


def openocd_program(tools, board, options, target, image, preload, work, tag, seconds=SESSION_SECONDS):
    """OpenOCD's `program IMAGE verify` on BOARD (OcdTarget TARGET) whose flash holds
    PRELOAD (FILE@ADDR, a raw binary; None: blank), within SECONDS of wall time. Returns the
    Stats of the program command alone."""
    case_dir = os.path.join(work, tag)
    os.makedirs(case_dir, exist_ok=True)
    cmd = [tools.netns_run, 'python3', tools.openocd_program, '--sim', tools.sim,
           '--openocd', tools.openocd, '--board', board, '--image', image,
           '--flash-bank', target.flash_bank, '--work-area', target.work_area, '--work', case_dir,
           '--timeout', str(seconds - 60)]
    for opt in options:
        cmd += ['--option', opt]
    for path in target.setup:
        cmd += ['--setup', path]
    if target.reset_init:
        cmd += ['--reset-init', target.reset_init]
    if preload:
        cmd += ['--preload', preload]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise BenchError('%s: OpenOCD run did not finish within %d s' % (tag, seconds))
    if run.returncode == 3 and not run.stdout:
        raise NoNamespace(run.stderr.strip())
    try:
        res = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise BenchError('%s: no result from openocd_program.py (exit %d): %s'
                         % (tag, run.returncode, (run.stdout + run.stderr)[-800:]))
    if not res['ok']:
        raise BenchError('%s: OpenOCD failed: %s\n--- rspflash-sim ---\n%s'
                         % (tag, res['message'], _tail(os.path.join(case_dir, 'sim.err'))))
    return Stats.parse(res['after']) - Stats.parse(res['before'])
