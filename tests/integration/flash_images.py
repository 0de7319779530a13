#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test images for the flash integration tests and benchmarks, as Intel HEX (GDB loads
it like an ELF: one section per contiguous run), and checks of flash dumps against them.

  flash_images.py make OUT.hex SEED ADDR:LEN [ADDR:LEN ...]
      deterministic pseudo-random bytes (seeded) at each ADDR, LEN bytes long
  flash_images.py check DUMP.bin DUMP_BASE IMAGE.hex [BEFORE.hex]
      every byte of the image is in the dump; with BEFORE, every other byte of the dump
      equals BEFORE's (the bytes outside the image are untouched) or, where BEFORE has
      none, the erased value 0xFF
"""
import random
import sys


def make(path, seed, ranges):
    rnd = random.Random(seed)
    lines = []
    for addr, length in ranges:
        data = bytes(rnd.getrandbits(8) for _ in range(length))
        hi = None
        for off in range(0, length, 32):
            a = addr + off
            if a >> 16 != hi:
                hi = a >> 16
                rec = [2, 0, 0, 4, hi >> 8, hi & 255]
                lines.append(':' + ''.join('%02X' % b for b in rec) + '%02X' % (-sum(rec) & 255))
            chunk = data[off:off + 32]
            rec = [len(chunk), (a >> 8) & 255, a & 255, 0] + list(chunk)
            lines.append(':' + ''.join('%02X' % b for b in rec) + '%02X' % (-sum(rec) & 255))
    lines.append(':00000001FF')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def read_hex(path):
    mem, hi = {}, 0
    for line in open(path):
        line = line.strip()
        if not line.startswith(':'):
            continue
        rec = bytes.fromhex(line[1:])
        n, a, kind = rec[0], (rec[1] << 8) | rec[2], rec[3]
        if kind == 4:
            hi = (rec[4] << 8) | rec[5]
        elif kind == 0:
            for i in range(n):
                mem[(hi << 16) + a + i] = rec[4 + i]
    return mem


def compare(dump, base, image, before=None):
    """The first difference between a dump (bytes at base) and what it must hold (see
    `check`), as a sentence; None when it matches."""
    img = read_hex(image)
    old = read_hex(before) if before else None
    for addr, want in sorted(img.items()):
        if not base <= addr < base + len(dump):
            continue
        got = dump[addr - base]
        if got != want:
            return '0x%08x holds 0x%02x, the image has 0x%02x' % (addr, got, want)
    if old is not None:
        for i, got in enumerate(dump):
            addr = base + i
            if addr in img:
                continue
            want = old.get(addr, 0xFF)
            if got != want:
                return '0x%08x (outside the image) holds 0x%02x, was 0x%02x' % (addr, got, want)
    return None


def check(dump_path, base, image, before):
    dump = open(dump_path, 'rb').read()
    why = compare(dump, base, image, before)
    if why:
        sys.exit(why)
    print('dump of 0x%x bytes at 0x%08x matches %s%s' % (len(dump), base, image,
                                                        ' and, outside it, %s' % before if before else ''))


if __name__ == '__main__':
    if len(sys.argv) >= 5 and sys.argv[1] == 'make':
        make(sys.argv[2], int(sys.argv[3]),
             [tuple(int(x, 0) for x in r.split(':')) for r in sys.argv[4:]])
    elif len(sys.argv) in (5, 6) and sys.argv[1] == 'check':
        check(sys.argv[2], int(sys.argv[3], 0), sys.argv[4], sys.argv[5] if len(sys.argv) == 6 else None)
    else:
        sys.exit(__doc__)
