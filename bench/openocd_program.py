#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""OpenOCD 0.12's `program IMAGE verify` on rspflash-sim, measured by the simulator: the
inner part of one OpenOCD case of scripts/bench, run by it through scripts/netns-run.

libjaylink finds rspflash-sim only by a UDP broadcast, which must never reach a real
network: this refuses to run unless lo is the only interface here (scripts/netns-run makes
such a namespace). In it: start rspflash-sim (--stats, the board options, the starting
flash content preloaded), then OpenOCD with its TCL server on, one flash bank (--flash-bank),
a reset-init handler where the bank needs one (--setup, --reset-init: the external NOR's
controller set up as OpenOCD's board scripts do), `init` and `poll off` (so that nothing but
our commands reaches the probe); take the simulator's figures (SIGUSR1), send `program`
(reset init, `flash write_image erase`, `verify_image`), take them again, shut both down.
Prints one JSON line:
  {"ok": true|false, "message": ..., "before": "<stats line>", "after": "<stats line>"}
Exit status: 0 when OpenOCD programmed and verified the image, 1 otherwise.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time

from flash_runs import stop_process  # this file's own directory is first on sys.path

TCL_PORT = 6666         # the namespace is ours alone: no other listener can hold it
SIM_SERIAL = '552401'
OPENOCD_ATTEMPTS = 3
STATS_TAG = 'rspflash-sim: stats:'


def only_loopback():
    out = subprocess.run(['ip', '-o', 'link', 'show'], capture_output=True, text=True).stdout
    names = {line.split(': ')[1].split('@')[0] for line in out.splitlines() if ': ' in line}
    return names == {'lo'}


class Failure(Exception):
    pass


class NotServing(Failure):
    pass


def wait_for(what, predicate, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise Failure('%s: not within %d s' % (what, seconds))


def stats_lines(path):
    with open(path) as f:
        return [line.strip() for line in f if STATS_TAG in line]


def snapshot(sim, err_path):
    """The simulator's figures now (it prints a stats line on SIGUSR1)."""
    n = len(stats_lines(err_path))
    sim.send_signal(signal.SIGUSR1)
    wait_for('rspflash-sim stats line', lambda: len(stats_lines(err_path)) > n, 10)
    return stats_lines(err_path)[-1]


class Tcl:
    """OpenOCD's TCL server: a command, then 0x1a; the answer, then 0x1a."""

    def __init__(self, ocd, seconds):
        end = time.monotonic() + seconds
        while True:
            try:
                self.sock = socket.create_connection(('127.0.0.1', TCL_PORT), timeout=5)
                break
            except OSError:
                if ocd.poll() is not None:
                    raise NotServing('OpenOCD exited (status %d) before serving TCL' % ocd.returncode)
                if time.monotonic() > end:
                    raise Failure('OpenOCD TCL server: no connection within %d s' % seconds)
                time.sleep(0.1)

    def run(self, cmd, seconds):
        self.sock.settimeout(seconds)
        self.sock.sendall(cmd.encode() + b'\x1a')
        buf = b''
        while not buf.endswith(b'\x1a'):
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                raise Failure('OpenOCD: no answer to "%s" within %d s' % (cmd, seconds))
            if not data:
                raise Failure('OpenOCD closed its TCL connection during "%s"' % cmd)
            buf += data
        return buf[:-1].decode(errors='replace')


def openocd_args(a):
    return [a.openocd,
            '-c', 'adapter driver jlink', '-c', 'adapter serial ' + SIM_SERIAL,
            '-c', 'transport select swd', '-c', 'adapter speed %d' % a.speed_khz,
            '-c', 'swd newdap chip cpu -enable', '-c', 'dap create chip.dap -chain-position chip.cpu',
            '-c', 'target create chip.cpu cortex_m -dap chip.dap -work-area-phys 0x20000000 '
                  '-work-area-size %s' % a.work_area,
            '-c', 'flash bank chip.flash ' + a.flash_bank] + \
        [arg for path in a.setup for arg in ('-f', path)] + \
        (['-c', 'chip.cpu configure -event reset-init {%s}' % a.reset_init] if a.reset_init else []) + \
        ['-c', 'gdb_port disabled', '-c', 'telnet_port disabled', '-c', 'tcl_port %d' % TCL_PORT,
         '-c', 'init', '-c', 'poll off']


def measure(a, work, procs):
    sim_out, sim_err = os.path.join(work, 'sim.out'), os.path.join(work, 'sim.err')
    cmd = [a.sim, '--serial', SIM_SERIAL, '--board', a.board, '--stats']
    for opt in a.option:
        cmd += ['--option', opt]
    if a.preload:
        cmd += ['--load', a.preload]
    sim = subprocess.Popen(cmd, stdout=open(sim_out, 'w'), stderr=open(sim_err, 'w'))
    procs.append(sim)

    def serving():
        if sim.poll() is not None:
            raise Failure('rspflash-sim exited (%s)' % open(sim_err).read().strip()[-300:])
        return 'serving J-Link serial' in open(sim_out).read() + open(sim_err).read()
    wait_for('rspflash-sim serving', serving, 10)

    # libjaylink waits 20 ms for the discovery answer (the simulator beacons every 5 ms):
    # on a loaded machine it can miss it. Nothing has reached the probe then: try again.
    for attempt in range(1, OPENOCD_ATTEMPTS + 1):
        log = os.path.join(work, 'openocd.log')
        ocd = subprocess.Popen(openocd_args(a), stdout=open(log, 'w'), stderr=subprocess.STDOUT)
        procs.append(ocd)
        try:
            tcl = Tcl(ocd, 30)
            break
        except NotServing as e:
            found = 'No J-Link device found' not in open(log).read()
            if found or attempt == OPENOCD_ATTEMPTS:
                raise Failure('%s (attempt %d); OpenOCD log: %s' % (e, attempt, open(log).read()[-600:]))
    before = snapshot(sim, sim_err)
    answer = tcl.run('if {[catch {program {%s} verify} msg]} {set r "FAILED: $msg"} else {set r OK}'
                     % a.image, a.timeout)
    after = snapshot(sim, sim_err)
    try:
        tcl.run('shutdown', 10)
    except Failure:
        pass                            # it may close before answering
    ok = answer.strip() == 'OK' and 'Verified OK' in open(log).read()
    message = answer.strip() if ok else '%s; OpenOCD log: %s' % (answer.strip(), open(log).read()[-600:])
    return ok, message, before, after


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--sim', required=True)
    p.add_argument('--openocd', default='openocd')
    p.add_argument('--board', required=True)
    p.add_argument('--option', action='append', default=[])
    p.add_argument('--preload', metavar='FILE@ADDR', help="the flash's starting content: a raw binary at ADDR")
    p.add_argument('--image', required=True)
    p.add_argument('--flash-bank', required=True, metavar='SPEC',
                   help='`flash bank chip.flash SPEC`: driver, base, size, widths, chip.cpu, driver arguments')
    p.add_argument('--setup', metavar='FILE', action='append', default=[],
                   help='a TCL file OpenOCD reads before init (procs for --reset-init; repeatable)')
    p.add_argument('--reset-init', metavar='TCL', help="the target's reset-init handler, run by `program`")
    p.add_argument('--work-area', required=True)
    p.add_argument('--speed-khz', type=int, default=4000)
    p.add_argument('--timeout', type=int, default=600)
    p.add_argument('--work', required=True, help='directory for the logs')
    a = p.parse_args()
    if not only_loopback():
        sys.exit('openocd_program.py: refusing to run outside a namespace with only lo '
                 '(run it through scripts/netns-run)')
    procs = []
    try:
        ok, message, before, after = measure(a, a.work, procs)
    except Failure as e:
        ok, message, before, after = False, str(e), '', ''
    finally:
        for proc in reversed(procs):    # OpenOCD first, then the simulator; ours only
            stop_process(proc)
    print(json.dumps({'ok': ok, 'message': message, 'before': before, 'after': after}))
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
