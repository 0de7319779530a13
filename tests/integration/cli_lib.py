# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared by the cli-*.py integration tests: running `rspflash COMMAND` on the in-process
virtual board (with --state FILE, so flash persists from one command to the next), its
exit code and --json output, test images, and flash dumps to compare.

Environment (make check sets it): top_builddir, top_srcdir. Each command runs under a
timeout; the temporary directory is removed at exit (RSPF_KEEP_TMP=1 keeps it)."""
import atexit
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import flash_images  # noqa: E402  (the flash tests' image maker, shared)

TOP_BUILDDIR = os.environ.get('top_builddir', os.path.join(HERE, '..', '..'))
RSPFLASH = os.path.join(TOP_BUILDDIR, 'rspflash')
ME = os.path.basename(sys.argv[0]).rsplit('.', 1)[0]
TMP = tempfile.mkdtemp(prefix='rspflash-%s.' % ME)

# Exit codes (src/cli/exit.h, doc/rspflash.1)
OK, FAILED, USAGE, NO_PROBE, TARGET, VERIFY, PROTECTED, IMAGE, INTERRUPTED = 0, 1, 2, 3, 4, 5, 6, 7, 130

# Each virtual board with flash: where a small image goes (crossing a sector boundary),
# the whole sectors under its first segment (to erase), and RAM `read` can dump.
BOARDS = {
    'stm32l552': {'image': [(0x08000700, 3000)], 'erase': (0x08000000, 0x1000), 'ram': 0x20000000},
    'stm32f401': {'image': [(0x08003C00, 2048)], 'erase': (0x08000000, 0x8000), 'ram': 0x20000000},
    'stm32n657': {'image': [(0x70000C00, 3000)], 'erase': (0x70000000, 0x2000), 'ram': 0x34000000},
    'alif-e7': {'image': [(0xC0000C00, 3000)], 'erase': (0xC0000000, 0x2000), 'ram': 0x02000000},
    # the board's internal flash and its octal NOR in one image
    'stm32l562e-dk': {'image': [(0x08000700, 3000), (0x90000C00, 3000)], 'erase': (0x08000000, 0x1000),
                      'ram': 0x20000000},
}


def cleanup():
    if os.environ.get('RSPF_KEEP_TMP'):
        say('logs kept in %s' % TMP)
    else:
        shutil.rmtree(TMP, ignore_errors=True)


atexit.register(cleanup)


def say(msg):
    print('%s: %s' % (ME, msg), flush=True)


def fail(msg):
    print('%s: FAIL: %s' % (ME, msg), file=sys.stderr, flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def path(name):
    return os.path.join(TMP, name)


def rspflash(args, want_rc, timeout=120):
    """Runs rspflash with args; fails the test unless it exits with want_rc."""
    p = subprocess.run([RSPFLASH] + args, capture_output=True, text=True, timeout=timeout)
    if p.returncode != want_rc:
        fail('rspflash %s -> exit %d, expected %d\n--- stdout\n%s--- stderr\n%s' %
             (' '.join(args), p.returncode, want_rc, p.stdout, p.stderr[-3000:]))
    return p


def rspflash_json(args, want_rc, command):
    """The same with --json: the output must parse and say the command and the exit code."""
    p = rspflash(args + ['--json'], want_rc)
    try:
        j = json.loads(p.stdout)
    except ValueError as e:
        fail('rspflash %s --json: not JSON (%s):\n%s' % (' '.join(args), e, p.stdout))
    check(j.get('command') == command, '%s: "command" is %r' % (command, j.get('command')))
    check(j.get('exit_code') == want_rc and j.get('ok') == (want_rc == OK),
          '%s: exit_code/ok %r/%r, expected %d' % (command, j.get('exit_code'), j.get('ok'), want_rc))
    check(want_rc == OK or 'message' in j.get('error', {}), '%s: failed without an error message' % command)
    return j


def make_hex(name, seed, ranges):
    f = path(name)
    flash_images.make(f, seed, ranges)
    return f


def hex_records(ranges, seed):
    """The lines of an Intel HEX image, to damage on purpose."""
    f = make_hex('tmp-%d.hex' % seed, seed, ranges)
    with open(f) as fh:
        return fh.read().splitlines()


def ihex_line(kind, addr, data):
    rec = [len(data), (addr >> 8) & 255, addr & 255, kind] + list(data)
    return ':' + ''.join('%02X' % b for b in rec) + '%02X' % (-sum(rec) & 255)


def srec_line(kind, addr, data):
    na = {0: 2, 1: 2, 2: 3, 3: 4, 5: 2, 7: 4, 8: 3, 9: 2}[kind]
    rec = [len(data) + na + 1] + list(addr.to_bytes(na, 'big')) + list(data)
    return 'S%d' % kind + ''.join('%02X' % b for b in rec) + '%02X' % (~sum(rec) & 255)


def elf32(segments, entry=0x08000001):
    """A 32-bit ARM executable: segments = [(p_type, paddr, data, memsz)]."""
    ehsize, phsize = 52, 32
    off = ehsize + phsize * len(segments)
    phdrs, blobs = b'', b''
    for p_type, paddr, data, memsz in segments:
        phdrs += struct.pack('<8I', p_type, off + len(blobs), paddr, paddr, len(data), memsz, 5, 4)
        blobs += data
    ident = b'\x7fELF' + bytes([1, 1, 1]) + bytes(9)
    eh = ident + struct.pack('<HHIIIIIHHHHHH', 2, 40, 1, entry, ehsize, 0, 0x05000000, ehsize, phsize,
                             len(segments), 40, 0, 0)
    return eh + phdrs + blobs


def write(name, data):
    f = path(name)
    with open(f, 'wb' if isinstance(data, bytes) else 'w') as fh:
        fh.write(data)
    return f


def dump(board, state, addr, length, name):
    """`rspflash read` of [addr, addr+length) into a file; returns its bytes."""
    f = path(name)
    rspflash(['read', '--board', board, '--state', state, '0x%x' % addr, str(length), f], OK)
    with open(f, 'rb') as fh:
        return fh.read()
