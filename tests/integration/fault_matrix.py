#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The fault matrix (doc/robustness.md): gdb-multiarch's `load` on the virtual boards,
interrupted (or stormed) by one fault at one point of the download; then the server must
still serve, its log must name what happened and where, and the next `load` of the same
image must leave the flash exactly equal to it (compare-sections, and a dump compared byte
by byte on the host, the bytes outside the image included): no sector left half done may
be trusted as unchanged.

  fault_matrix.py [--ci] [--only REGEX] [--list] [--keep]

--ci      the subset `make check` runs (tests/integration/gdb-faults.sh)
--only    cases whose name (board/fault@point/from) matches REGEX
--list    print the case names and exit
--keep    keep every case's logs (also: RSPF_KEEP_TMP=1); a failed case's are always kept

Faults: power loss in the middle of the Nth erase or program (board option
fault_power_loss, nor_fault_power_loss on the NOR), GDB killed (SIGKILL) after it sent a
given packet, a FAULT or a WAIT storm from the debug port at a point counted in AP
accesses (board options ap_fault, ap_wait; rspflash-sim(1)), the probe's TCP link dropped
after N J-Link commands (rspflash-sim --drop-after; the whole run is then inside
scripts/netns-run), a user loader that hangs. Points are fractions of the download, turned into counts from the image and
from a clean calibration download per board.

Environment: top_builddir, top_srcdir, GDB_MULTIARCH (make check sets them).
Exit: 0 every case passed, 1 a case failed, 77 nothing could run, 99 hard error.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flash_images  # noqa: E402

TOP_SRC = os.environ.get('top_srcdir') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TOP_BUILD = os.environ.get('top_builddir') or TOP_SRC
GDB = os.environ.get('GDB_MULTIARCH') or shutil.which('gdb-multiarch') or ''
RSPFLASH = os.path.join(TOP_BUILD, 'rspflash')
SIM = os.path.join(TOP_BUILD, 'rspflash-sim')
LOADERS = os.path.join(TOP_BUILD, 'tests', 'loaders')
SERIAL = '747474'


class Board:
    """A board, its image A (loaded under the fault) and previous image B (in flash before,
    different and wider: its bytes beyond A's erase blocks must survive), the dump window,
    the bytes per program operation and the erases A needs over B, and the board option that
    cuts the power in the middle of a flash operation (fault_power_loss, nor_... for a NOR)."""

    def __init__(self, name, image, prev, dump, unit, erases, args=(), power_key='fault_power_loss'):
        self.name, self.image, self.prev, self.dump = name, image, prev, dump
        self.unit, self.erases, self.args, self.power_key = unit, erases, list(args), power_key


BOARDS = {
    # 2 KB pages (DBANK = 1): 12 pages erased and programmed, 2 GDB writes
    'stm32l552': Board('stm32l552', (0x08000000, 0x6000), (0x08000000, 0x7000), (0x08000000, 0x8000), 8, 12),
    # sectors of 16 KB: 3 erased, programmed by 32-bit words
    'stm32f401': Board('stm32f401', (0x08000000, 0xC000), (0x08000000, 0x10000), (0x08000000, 0x14000), 4, 3),
    # IS25WX256 through the built-in loader: 4 KB sectors across the 128 KB block at 0x20000
    # (over J-Link the part is named: nothing in its IDs tells an E7)
    'alif-e7': Board('alif-e7', (0xC001E000, 0x4000), (0xC001D000, 0x6000), (0xC001D000, 0x7000), 256, 4,
                     ['--target', 'alif-e7'], power_key='nor_fault_power_loss'),
    # MX66UW1G45G behind XSPI2 through the built-in loader: 4 KB sectors across the 64 KB
    # block at 0x70010000 (power cases only: the other faults hit the same layers as alif-e7's)
    'stm32n657': Board('stm32n657', (0x7000E000, 0x4000), (0x7000D000, 0x6000), (0x7000D000, 0x7000), 256, 4,
                       power_key='nor_fault_power_loss'),
    # MX25LM51245G behind the STM32L5's OCTOSPI1, its own built-in loader (power cases only)
    'stm32l562e-dk': Board('stm32l562e-dk', (0x9000E000, 0x4000), (0x9000D000, 0x6000), (0x9000D000, 0x7000), 256, 4,
                           power_key='nor_fault_power_loss'),
}
# The user loader is plain 1-1-1 SPI (slow in host time): a smaller image, still across 0x20000.
HANG_BOARD = Board('alif-e7', (0xC001F000, 0x2000), (0xC001E000, 0x4000), (0xC001E000, 0x5000), 256, 2,
                   ['--target', 'alif-e7'])


class Case:
    def __init__(self, board, fault, point, prev=True, ci=False, frac=None):
        self.board, self.fault, self.point, self.prev, self.ci, self.frac = board, fault, point, prev, ci, frac
        self.name = '%s/%s@%s/%s' % (board.name, fault, point, 'over-B' if prev else 'blank')
        self.result, self.seconds, self.note = 'skip', 0.0, ''


def cases():
    out = []
    for b in ('stm32l552', 'stm32f401', 'alif-e7', 'stm32n657', 'stm32l562e-dk'):
        bd = BOARDS[b]
        for point, n in (('first', 1), ('mid', (bd.erases + 1) // 2), ('last', bd.erases)):
            out.append(Case(bd, 'power-erase', point,
                            ci=(b, point) in (('stm32l552', 'mid'), ('stm32f401', 'first'), ('alif-e7', 'mid'),
                                              ('stm32l562e-dk', 'mid')), frac=n))
        for point, f in (('10%', 0.1), ('50%', 0.5), ('95%', 0.95)):
            out.append(Case(bd, 'power-program', point, ci=False,
                            frac=f))
        out.append(Case(bd, 'power-program', '50%', prev=False, ci=b == 'stm32l552', frac=0.5))
    for b in ('stm32l552', 'stm32f401', 'alif-e7'):
        bd = BOARDS[b]
        for point in ('write1', 'write2'):
            out.append(Case(bd, 'gdb-kill', point, ci=(b, point) in (('stm32l552', 'write1'), ('stm32f401', 'write2'),
                                                                      ('alif-e7', 'write1'))))
        out.append(Case(bd, 'gdb-kill', 'write1', prev=False))
        for point, f in (('20%', 0.2), ('50%', 0.5), ('90%', 0.9)):
            out.append(Case(bd, 'ap-fault', point, ci=(b, point) == ('stm32l552', '50%'), frac=f))
        out.append(Case(bd, 'wait-storm', 'all', ci=b == 'stm32l552'))
        out.append(Case(bd, 'wait-overlong', '50%', frac=0.5))
        for point, f in (('20%', 0.2), ('60%', 0.6), ('90%', 0.9)):
            out.append(Case(bd, 'probe-drop', point, ci=(b, point) in (('stm32l552', '60%'), ('alif-e7', '60%')), frac=f))
    out.append(Case(HANG_BOARD, 'loader-hang', 'init', ci=False))
    out.append(Case(HANG_BOARD, 'loader-hang', 'program', ci=False))
    return out


# What the server's log must say for each fault kind (one line: what and where).
LOG_NAMES = {
    'power-erase': r'the target stopped answering during the \w+ of 0x[0-9a-f]{8}',
    'power-program': r'the target stopped answering during the \w+ of 0x[0-9a-f]{8}',
    'gdb-kill': r'GDB went away during a flash download \((filling the sector at 0x[0-9a-f]{8}|before any data)',
    # cut short naming the access, or, landing in the restore of the RAM a routine borrowed,
    # survived: the restore tried again
    'ap-fault': r'(error .*0x[0-9a-f]{8}.*answered FAULT|warn  restoring RAM at 0x[0-9a-f]{8} .*answered FAULT.*'
                r'trying again)',
    'wait-storm': r'fault injection: WAIT to the next',
    'wait-overlong': r'error .*0x[0-9a-f]{8}.*answered WAIT 129 times in a row',
    'probe-drop': r'the link to the probe broke (during the \w+ of 0x[0-9a-f]{8}|while \w+ .*at 0x[0-9a-f]{8}|'
                  r'while ending the loader\'s stream)',
    'loader-hang': r'error loader alif_broken_hang\w*\.flm: \w+\(.*\) did not return in time',
}
# A WAIT storm: bursts of STORM WAITs in a row (below the host's budget of 128, so survived
# transparently) at STORM_BURSTS points spread over the download. Each WAIT makes the host
# send the rest of its batch again, bit by bit through the simulated wire: few bursts.
STORM, STORM_BURSTS = 60, 3


class Failed(Exception):
    pass


class Run:
    """One case: its directory, processes (only ours, stopped by PID), helpers."""

    def __init__(self, case, work):
        self.case, self.dir = case, os.path.join(work, re.sub(r'[^\w.-]+', '_', case.name))
        os.makedirs(self.dir, exist_ok=True)
        self.procs = []

    def path(self, name):
        return os.path.join(self.dir, name)

    def spawn(self, argv, log):
        p = subprocess.Popen(argv, stdout=open(self.path(log), 'w'), stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def stop_all(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    def wait_for(self, log, pattern, proc, seconds=20):
        end = time.time() + seconds
        while time.time() < end:
            m = re.search(pattern, open(self.path(log)).read())
            if m:
                return m
            if proc.poll() is not None:
                raise Failed('%s exited at start (%s)' % (os.path.basename(proc.args[0]), self.path(log)))
            time.sleep(0.02)
        raise Failed('no /%s/ in %s after %d s' % (pattern, log, seconds))

    def start_sim(self, extra):
        sim = self.spawn([SIM, '--board', self.case.board.name, '--serial', SERIAL, '--log-level', 'warn',
                          '--state', self.path('board.state')] + extra, 'sim.log')
        self.wait_for('sim.log', 'serving J-Link', sim)
        return sim

    def start_server(self, extra, link, level='info'):
        argv = [RSPFLASH, '--port', '0', '--log-level', level] + self.case.board.args + extra
        if link:
            argv += ['--probe', 'jlink-tcp:' + SERIAL]
        else:
            argv += ['--board', self.case.board.name, '--state', self.path('board.state')]
        srv = self.spawn(['timeout', '600'] + argv, 'server.log')
        port = self.wait_for('server.log', r'GDB server ready on [0-9.]+:(\d+)', srv).group(1)
        return srv, int(port)

    def gdb_script(self, name, port, cmds):
        with open(self.path(name + '.gdb'), 'w') as f:
            f.write('set pagination off\nset confirm off\ntarget extended-remote localhost:%d\n' % port)
            f.write('\n'.join(cmds) + '\n')
        return [GDB, '-q', '-batch', '-nx', '-x', self.path(name + '.gdb')]

    def gdb(self, name, port, cmds, timeout=300):
        with open(self.path(name + '.out'), 'w') as out:
            try:
                subprocess.run(self.gdb_script(name, port, cmds), stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise Failed('gdb session %s took over %d s' % (name, timeout))
        return open(self.path(name + '.out')).read()


def make_images(work, board):
    """Intel HEX images A and B of a board (seeded, deterministic), and a board state
    holding B, made once per board by the command line's own `flash`."""
    tag = '%s-%x' % (board.name, board.image[0] + board.image[1])
    a, b = os.path.join(work, tag + '-a.hex'), os.path.join(work, tag + '-b.hex')
    state = os.path.join(work, tag + '-b.state')
    if not os.path.exists(state):
        flash_images.make(a, 21, [board.image])
        flash_images.make(b, 22, [board.prev])
        r = subprocess.run([RSPFLASH, 'flash', '--board', board.name, '--state', state, b],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        if r.returncode:
            raise Failed('rspflash flash of image B on %s failed:\n%s' % (board.name, r.stdout[-2000:]))
    return a, b, state


def stat_of(text, key):
    vals = re.findall(r'\b%s=(\d+)' % key, text)
    if not vals:
        raise Failed('no %s= in the stats' % key)
    return [int(v) for v in vals]


CALIBRATED = {}


def calibrate(work, board, link):
    """Counts of a clean download of A over B: AP accesses (in-process board, monitor stats)
    or J-Link commands (rspflash-sim, SIGUSR1): the span the fault points fall in."""
    key = (board.name, link)
    if key in CALIBRATED:
        return CALIBRATED[key]
    a, b, state = make_images(work, board)
    run = Run(Case(board, 'calibrate', 'none'), work)
    shutil.copy(state, run.path('board.state'))
    try:
        if link:
            sim = run.start_sim([])
            _, port = run.start_server([], True)
            sim.send_signal(signal.SIGUSR1)
            time.sleep(0.3)
            run.gdb('load', port, ['file ' + a, 'load'])
            sim.send_signal(signal.SIGUSR1)
            time.sleep(0.3)
            counts = stat_of(open(run.path('sim.log')).read(), 'probe_commands')[-2:]
        else:
            _, port = run.start_server([], False)
            out = run.gdb('load', port, ['monitor stats', 'file ' + a, 'load', 'monitor stats'])
            counts = stat_of(out, 'ap_transfers')[-2:]
    finally:
        run.stop_all()
    if 'Transfer rate' not in open(run.path('load.out')).read():
        raise Failed('the calibration load failed (%s)' % run.path('load.out'))
    CALIBRATED[key] = counts
    return counts


def point_in(span, frac):
    return str(int(span[0] + (span[1] - span[0]) * frac))


def fault_setup(case, work):
    """The server's (and simulator's) options for the case's fault."""
    bd, f = case.board, case.fault
    if f == 'power-erase':
        return ['--option', '%s=erase:%d' % (bd.power_key, case.frac)], [], False
    if f == 'power-program':
        ops = bd.image[1] // bd.unit
        return ['--option', '%s=program:%d' % (bd.power_key, max(1, int(ops * case.frac)))], [], False
    if f == 'ap-fault':
        return ['--option', 'ap_fault=' + point_in(calibrate(work, bd, False), case.frac)], [], False
    if f == 'wait-storm':
        span = calibrate(work, bd, False)
        return ['--option', 'ap_wait=%d@%d+%d' % (STORM, span[0], max(1, (span[1] - span[0]) // STORM_BURSTS))], [], False
    if f == 'wait-overlong':
        return ['--option', 'ap_wait=200@' + point_in(calibrate(work, bd, False), case.frac)], [], False
    if f == 'probe-drop':
        return [], ['--drop-after', point_in(calibrate(work, bd, True), case.frac)], True
    if f == 'loader-hang':
        flm = 'alif_broken_hang.flm' if case.point == 'init' else 'alif_broken_hang_late.flm'
        return ['--loader', os.path.join(LOADERS, flm)], [], False
    return [], [], False	# gdb-kill: nothing on the board


def killed_load(run, port, a):
    """gdb's load, SIGKILLed once the server has received its Nth vFlashWrite (point writeN;
    gdb may have sent the next one already: the server still reads what is in its socket)."""
    nth = int(run.case.point[len('write'):])
    with open(run.path('first.out'), 'w') as out:
        g = subprocess.Popen(run.gdb_script('first', port, ['file ' + a, 'load']), stdout=out, stderr=subprocess.STDOUT)
    end = time.time() + 120
    try:
        while time.time() < end and g.poll() is None:
            if open(run.path('server.log')).read().count('<- vFlashWrite:') >= nth:
                g.kill()
                break
            time.sleep(0.005)
        else:
            raise Failed('gdb ended (or 120 s passed) before the server saw vFlashWrite %d' % nth)
    finally:
        if g.poll() is None:
            g.kill()
        g.wait()


def run_case(case, work, keep):
    bd = case.board
    a, b, state = make_images(work, bd)
    srv_opts, sim_opts, link = fault_setup(case, work)
    run = Run(case, work)
    t0 = time.time()
    try:
        if case.prev:
            shutil.copy(state, run.path('board.state'))
        if link:
            run.start_sim(sim_opts)
        srv, port = run.start_server(srv_opts, link, 'debug' if case.fault == 'gdb-kill' else 'info')
        # 1. the load the fault meets
        if case.fault == 'gdb-kill':
            killed_load(run, port, a)
        else:
            first = run.gdb('first', port, ['file ' + a, 'load'])
            survived = 'Transfer rate' in first and 'Error' not in first
            if case.fault == 'wait-storm' and not survived:
                raise Failed('the WAIT storm (bursts of %d) was not survived: %s' % (STORM, first.strip()[-300:]))
            if case.fault not in ('wait-storm', 'ap-fault') and survived:
                raise Failed('the fault did not interrupt the load (%s)' % run.path('first.out'))
        # 2. the server still serves and named what happened and where
        if srv.poll() is not None:
            raise Failed('rspflash exited (status %s) after the fault' % srv.returncode)
        try:	# the server may still be at work
            m = run.wait_for('server.log', '.*' + LOG_NAMES[case.fault] + '.*', srv, 30)
        except Failed as e:
            raise Failed('the log does not name the fault: %s' % e)
        case.note = m.group(0)[24:150]
        # 3. the next load: compare-sections and a full read-back agree with the image
        pre = ['monitor loader add ' + os.path.join(LOADERS, 'alif_user.flm')] if case.fault == 'loader-hang' else []
        lo, hi = bd.dump[0], bd.dump[0] + bd.dump[1]
        second = run.gdb('second', port, pre + ['file ' + a, 'load', 'compare-sections',
                                                'dump binary memory %s 0x%x 0x%x' % (run.path('back.bin'), lo, hi)])
        if 'Transfer rate' not in second or re.search(r'MIS-MATCHED|Load failed|Error|Cannot access', second):
            raise Failed('the next load: %s' % second.strip()[-400:])
        if not os.path.exists(run.path('back.bin')):
            raise Failed('no dump after the next load')
        why = flash_images.compare(open(run.path('back.bin'), 'rb').read(), lo, a, b if case.prev else None)
        if why:
            raise Failed('flash after the next load: ' + why)
        case.result = 'pass'
    except Failed as e:
        case.result, case.note = 'FAIL', str(e)
    finally:
        run.stop_all()
        case.seconds = time.time() - t0
    if case.result == 'pass' and not keep:
        shutil.rmtree(run.dir, ignore_errors=True)
    elif case.result != 'pass':
        case.note += ' [logs: %s]' % run.dir


def namespace_ok():
    """Inside scripts/netns-run: only lo, so the probe's TCP link may be used."""
    try:
        out = subprocess.run(['ip', '-o', 'link', 'show'], stdout=subprocess.PIPE, text=True).stdout
    except OSError:
        return False
    return [ln.split(': ')[1] for ln in out.splitlines() if ': ' in ln] == ['lo']


def main(argv):
    ci = '--ci' in argv
    keep = '--keep' in argv or bool(os.environ.get('RSPF_KEEP_TMP'))
    only = argv[argv.index('--only') + 1] if '--only' in argv else None
    todo = [c for c in cases() if (c.ci or not ci) and (not only or re.search(only, c.name))]
    if '--list' in argv:
        print('\n'.join(c.name for c in todo))
        return 0
    if not GDB or not shutil.which(GDB):
        print('fault_matrix: SKIPPED: gdb-multiarch not found', file=sys.stderr)
        return 77
    for prog in (RSPFLASH, SIM):
        if not os.access(prog, os.X_OK):
            print('fault_matrix: ERROR: %s not built' % prog, file=sys.stderr)
            return 99
    link_ok = namespace_ok()
    work = tempfile.mkdtemp(prefix='rspflash-faults.')
    t0 = time.time()
    print('%-10s %-14s %-10s %-7s %-6s %7s  %s' % ('board', 'fault', 'point', 'flash', 'result', 'seconds', 'log / why'))
    for c in todo:
        if c.fault == 'probe-drop' and not link_ok:
            c.note = 'not inside a network namespace (scripts/netns-run)'
        else:
            try:
                run_case(c, work, keep)
            except Failed as e:	# calibration or images
                c.result, c.note = 'FAIL', str(e)
        print('%-10s %-14s %-10s %-7s %-6s %7.1f  %s' % (c.board.name, c.fault, c.point,
                                                         'over-B' if c.prev else 'blank', c.result, c.seconds,
                                                         ' | '.join(ln.strip() for ln in c.note.splitlines() if ln.strip())),
              flush=True)
    failed = [c for c in todo if c.result == 'FAIL']
    passed = [c for c in todo if c.result == 'pass']
    print('fault matrix: %d passed, %d failed, %d skipped in %.0f s' % (len(passed), len(failed),
                                                                      len(todo) - len(passed) - len(failed),
                                                                      time.time() - t0))
    if failed or keep:
        print('fault matrix: work directory kept: %s' % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0 if passed else 77


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
