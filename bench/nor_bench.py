# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/bench's part for external octal NOR flash programmed through RAM loaders (issue
10): a 4 MB image at the NOR's base on each virtual board that has one, onto blank flash,
onto flash holding another image and identically again, with the loader's double buffering
(auto) and without it (`monitor loader buffers 1`), beside the physical bound
(nor_bound.py, the NOR times read from the simulator's part rows), and beside OpenOCD
0.12's `program IMAGE verify` of the same image onto blank flash and onto the other image
where OpenOCD has a driver for the board's NOR controller (stmqspi on the STM32L562E-DK's
OCTOSPI1; not in --quick: a 4 MB OpenOCD run takes about 5 minutes of wall time).

The image holds NOR data only: a code part in the board's other memory (MRAM, AXISRAM,
internal flash) would bring a second device into the bound for a few KB of the 4 MB, and
tests/integration/gdb-loader.sh already loads such mixed ELF images on every board.

jobs() gives scripts/bench the runs to schedule beside its own; print_tables() and goals()
report them once they have run.
"""
import dataclasses
import os
import re
import subprocess
import time
from dataclasses import dataclass, field

import flash_images
import flash_runs
import nor_bound
from flash_bound import ERASED
from flash_runs import log, ratio, secs

KB, MB = 1024, 1024 * 1024
IMAGE_SIZE = 4 * MB
QUICK_SIZE = 128 * KB       # --quick: one board, a small image (bench-quick.sh runs it in make check)
SEEDS = (51, 52)            # the image, and "another image" over the same range
OPENOCD_SECONDS = 1500      # one 4 MB run: about 320 s of wall time on the shared 2-core machine
OCD_STARTS = ('blank', 'other')     # OpenOCD's `program` erases and writes alike onto the same image
# the TCL files that define the reset-init steps, under the top of the tree
OCTOSPI_SETUP = tuple(os.path.join('tests', 'integration', f)
                      for f in ('openocd-reset-init.tcl', 'openocd-stmqspi-setup.tcl'))


@dataclass(frozen=True)
class NorBoard:
    board: str              # --board of rspflash
    part: str               # its NOR's row in sim/periph/spi_nor.c (the board file wires it)
    base: int               # where the NOR is mapped
    openocd: str            # what OpenOCD 0.12 offers for it
    ocd: flash_runs.OcdTarget = None    # how OpenOCD programs it, where it can


BOARDS = (
    NorBoard('alif-e7', 'spi_nor_is25wx256', 0xC0000000,
             'no driver for the Alif Ensemble OSPI (DesignWare SSI) in OpenOCD 0.12'),
    NorBoard('stm32n657', 'spi_nor_mx66uw1g45g', 0x70000000,
             'no driver for the STM32N6 XSPI in OpenOCD 0.12'),
    # A board script for the DK as OpenOCD's users write one: target/stm32l5x.cfg's
    # reset-init (its clock set-up, the PLL; its work area), then OCTOSPI1 set up and the
    # NOR switched to DTR OPI, as board/stm32h735g-disco.cfg does for the same part.
    NorBoard('stm32l562e-dk', 'spi_nor_mx25lm51245g', 0x90000000,
             'stmqspi on OCTOSPI1; reset-init: target/stm32l5x.cfg\'s clock set-up, then %s' % OCTOSPI_SETUP[1],
             flash_runs.OcdTarget('stmqspi 0x90000000 0 0 0 chip.cpu 0x44021000', '0x10000', OCTOSPI_SETUP,
                                  'openocd_reset_init_stm32l5x; stm32l562e_dk_octospi_spi 0; '
                                  'stm32l562e_dk_octospi_dtr_opi 0')),
)
STARTS = ('blank', 'other', 'same')
BUF1_STARTS = ('blank', 'other')        # measured again with `monitor loader buffers 1`


@dataclass
class NorCase:
    board: NorBoard
    start: str
    buffers: str            # 'auto' or '1'
    part: nor_bound.NorPart
    bound: object = None    # flash_bound.BoundTerms
    rsp: flash_runs.Stats = None
    ocd: flash_runs.Stats = None    # OpenOCD's `program IMAGE verify`, buffers auto cases only


@dataclass
class NorResults:
    cases: list = field(default_factory=list)
    skipped: list = field(default_factory=list)     # (board, why)
    notes: set = field(default_factory=set)         # rspflash's log warnings
    size: int = IMAGE_SIZE
    openocd: str = ''       # why OpenOCD was not run, or its version


def _window_content(hex_path, base, size):
    """The bytes of [base, base + size) as the image leaves them (0xFF where it has none),
    read from the Intel HEX without a per-byte dictionary (flash_images.read_hex holds one
    entry per byte: about 400 MB for 4 MB)."""
    out, hi = bytearray([ERASED]) * size, 0
    with open(hex_path) as f:
        for line in f:
            rec = bytes.fromhex(line.strip()[1:])
            if rec[3] == 4:
                hi = (rec[4] << 8) | rec[5]
            elif rec[3] == 0:
                at = (hi << 16) + ((rec[1] << 8) | rec[2]) - base
                if 0 <= at and at + rec[0] <= size:
                    out[at:at + rec[0]] = rec[4:4 + rec[0]]
    return bytes(out)


def _available(tools, board, parts, work):
    """None when BOARD can be measured with this build, else why not."""
    if board.part not in parts:
        return 'its NOR part row %s is not in %s' % (board.part, nor_bound.SPI_NOR_C)
    boards = subprocess.run([tools.sim, '--list-boards'], capture_output=True, text=True).stdout
    if not re.search(r'^%s\s' % re.escape(board.board), boards, re.M):
        return 'rspflash-sim has no board %s' % board.board
    tag = 'nor-%s-loaders' % board.board
    flash_runs.rspflash_session(tools, board.board, (), ['monitor loader info'], work, tag)
    if re.search(r'^no loaders on', open(os.path.join(work, tag + '.out')).read(), re.M):
        return 'rspflash has no loader for it in this build'
    return None


def jobs(args, tools, top, work, use_openocd, openocd):
    """(NorResults, [(weight, function, args)]) for scripts/bench's pool. USE_OPENOCD: it
    can run here; OPENOCD: its version, or why it is left out."""
    res = NorResults(size=QUICK_SIZE if args.quick else IMAGE_SIZE, openocd=openocd)
    if use_openocd and args.quick:
        use_openocd = False
        res.openocd = 'left out in --quick (a 4 MB run takes minutes)'
    parts = nor_bound.read_parts(top)
    out = []
    for board in BOARDS[:1] if args.quick else BOARDS:
        why = _available(tools, board, parts, work)
        if why:
            res.skipped.append((board.board, why))
            continue
        part = parts[board.part]
        ranges = ((board.base, res.size),)
        base, size = nor_bound.window(ranges, part.block_size)
        hexes = []
        for seed in SEEDS:
            path = os.path.join(work, 'nor-%s-%d.hex' % (board.board, seed))
            flash_images.make(path, seed, list(ranges))
            hexes.append(path)
        img, other = (_window_content(h, base, size) for h in hexes)
        before = {'blank': bytes([ERASED]) * size, 'other': other, 'same': img}
        for buffers, starts in (('auto', STARTS),) + ((('1', BUF1_STARTS),) if not args.quick else ()):
            cases = {}
            for start in starts:
                c = NorCase(board, start, buffers, part)
                c.bound = nor_bound.physical_bound(part, base, ranges, img, before[start])
                cases[start] = c
                res.cases.append(c)
            out.append((len(starts) * res.size // 2, run_session, (tools, board, buffers, hexes, cases, res, work)))
            if buffers == 'auto' and board.ocd and use_openocd:
                out += _openocd_jobs(tools, board, top, hexes[0], base, other, cases, work)
        del img, other, before
    return res, out


def _openocd_jobs(tools, board, top, img_hex, base, other, cases, work):
    """The OpenOCD runs of BOARD: onto blank flash, and onto OTHER (the window's bytes at
    BASE) preloaded into the simulator's NOR; their figures go to CASES' ocd."""
    target = dataclasses.replace(board.ocd, setup=tuple(os.path.join(top, f) for f in board.ocd.setup))
    other_bin = os.path.join(work, 'nor-%s-other.bin' % board.board)
    with open(other_bin, 'wb') as f:
        f.write(other)
    preload = {'blank': None, 'other': '%s@0x%08x' % (other_bin, base)}
    # about twice a whole rspflash session in wall time (waiting on probe round trips
    # more than computing): the longest jobs, started first
    return [(3 * len(other), run_openocd, (tools, board, target, img_hex, preload[s], cases[s], work))
            for s in OCD_STARTS]


def run_openocd(tools, board, target, img_hex, preload, case, work):
    t0 = time.monotonic()
    case.ocd = flash_runs.openocd_program(tools, board.board, (), target, img_hex, preload, work,
                                          'nor-openocd-%s-%s' % (board.board, case.start), OPENOCD_SECONDS)
    log('%s onto %s: OpenOCD done (%.0f s wall)' % (board.board, case.start, time.monotonic() - t0))


def session_plan(buffers, img_hex, other_hex, starts):
    """Blank, then the same image again, then another image loaded (not measured) and the
    image over it; compare-sections after each measured load that changes the flash."""
    def load(name):
        return (name, ['load'])
    plan = ['monitor loader buffers %s' % ('0' if buffers == 'auto' else buffers), 'file ' + img_hex,
            load('blank'), 'compare-sections']
    if 'same' in starts:
        plan.append(load('same'))
    plan += ['file ' + other_hex, 'load', 'file ' + img_hex, load('other'), 'compare-sections']
    return plan


def run_session(tools, board, buffers, hexes, cases, res, work):
    tag = 'nor-%s-buffers-%s' % (board.board, buffers)
    got, warnings = flash_runs.rspflash_session(tools, board.board, (),
                                                session_plan(buffers, hexes[0], hexes[1], cases), work, tag)
    for start, c in cases.items():
        c.rsp = got[start]
    res.notes.update(warnings)


# ---------------------------------------------------------------------------------------
def print_tables(res):
    print('External NOR through RAM loaders: rspflash `load` of a %d KB image at the NOR base '
          '(L1 in the loader\'s program call, L2 by CRC), buffers auto or 1 (no double buffering)' % (res.size // KB))
    print('%-14s %-6s %-4s %9s %8s %10s %10s %8s %8s %8s %8s %7s'
          % ('board', 'onto', 'bufs', 'time_s', 'commands', 'swd_bits', 'instr', 'busy_s', 'flash_s',
             'wire_s', 'bound_s', 'ratio'))
    for c in res.cases:
        r, b = c.rsp, c.bound
        print('%-14s %-6s %-4s %9s %8d %10d %10d %8s %8s %8s %8s %s'
              % (c.board.board, c.start, c.buffers, secs(r.time_ns), r.probe_commands, r.swd_bits,
                 r.instructions, secs(r.flash_busy_ns), secs(b.flash_ns), secs(b.wire_ns), secs(b.bound_ns),
                 ratio(r.time_ns / b.bound_ns)))
    for board, why in res.skipped:
        print('%-14s not measured: %s' % (board, why))
    print()
    speedups = double_buffering(res)
    if speedups:
        print('Double buffering: modeled time with `monitor loader buffers 1` / with buffers auto')
        for (board, start), v in speedups.items():
            print('%-14s onto %-6s %6.3fx' % (board, start, v))
        print()
    ocd = [c for c in res.cases if c.ocd]
    if ocd:
        print('OpenOCD 0.12 `program IMAGE verify` (reset init, `flash write_image erase`, `verify_image`) of the same '
              '%d KB image onto the same content (%s)' % (res.size // KB, res.openocd))
        print('%-14s %-6s %9s %9s %8s %10s %10s %8s %8s %7s %7s'
              % ('board', 'onto', 'rspflash', 'openocd_s', 'commands', 'swd_bits', 'instr', 'busy_s', 'bound_s',
                 'ratio', 'rsp/ocd'))
        for c in ocd:
            o = c.ocd
            print('%-14s %-6s %9s %9s %8d %10d %10d %8s %8s %s %7.3f'
                  % (c.board.board, c.start, secs(c.rsp.time_ns), secs(o.time_ns), o.probe_commands, o.swd_bits,
                     o.instructions, secs(o.flash_busy_ns), secs(c.bound.bound_ns), ratio(o.time_ns / c.bound.bound_ns),
                     c.rsp.time_ns / o.time_ns))
        print()
    print('OpenOCD 0.12 for these boards:')
    for b in BOARDS:
        measured = any(c.board is b for c in ocd)
        print('  %-14s %s' % (b.board, b.openocd if measured or not b.ocd else '%s: not run, %s' % (b.openocd, res.openocd)))
    print()


def double_buffering(res):
    """{(board, start): time with one buffer / time with auto}."""
    by = {(c.board.board, c.start, c.buffers): c.rsp.time_ns for c in res.cases}
    return {(b, s): by[(b, s, '1')] / by[(b, s, 'auto')] for (b, s, n) in by if n == '1' and (b, s, 'auto') in by}


def goal_items(res):
    """(fresh, reload, flash_checks, speedups): the (where, value) pairs of the NOR goals,
    the (where, busy_ns, bound flash_ns) of every case for the model-constant check, and
    the (where, OpenOCD's time / rspflash's) of every case OpenOCD ran."""
    auto = [c for c in res.cases if c.buffers == 'auto']
    blank = {c.board.board: c.rsp.time_ns for c in auto if c.start == 'blank'}
    fresh = [('%s onto %s' % (c.board.board, c.start), c.rsp.time_ns / c.bound.bound_ns)
             for c in auto if c.start != 'same']
    reload = [(c.board.board, c.rsp.time_ns / blank[c.board.board]) for c in auto
              if c.start == 'same' and c.board.board in blank]
    flash = [('%s onto %s, buffers %s' % (c.board.board, c.start, c.buffers), c.rsp.flash_busy_ns,
              c.bound.flash_ns) for c in res.cases]
    speedups = [('NOR %s onto %s' % (c.board.board, c.start), c.ocd.time_ns / c.rsp.time_ns) for c in auto if c.ocd]
    return fresh, reload, flash, speedups
