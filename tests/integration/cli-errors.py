#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""cli-errors: every documented exit code of rspflash provoked (doc/rspflash.1, EXIT
STATUS), with --json where the command has it: 2 bad command line, 3 no probe, 4 target
not as expected, 5 verify failed (a flipped bit injected into the virtual flash), 6 write
protection and OTP refused, 7 bad images, 130 SIGINT, 1 a failed monitor command. Bad
images (HEX checksum error, HEX cut short, S-records out of order, ELF with no loadable
segment, overlapping segments, an unreadable file) each name the file and the line or
offset, and erase nothing: the flash reads the same before and after.

Exit: 0 pass, 1 fail, 99 hard error."""
import os
import signal
import subprocess

from cli_lib import (FAILED, IMAGE, INTERRUPTED, NO_PROBE, OK, PROTECTED, RSPFLASH, TARGET, USAGE, VERIFY,
                     check, dump, elf32, hex_records, ihex_line, make_hex, path, rspflash, rspflash_json, say,
                     srec_line, write)

L5 = ['--board', 'stm32l552']
F4 = ['--board', 'stm32f401']


def test_usage_and_probe():
    p = rspflash(['flash', '--erase', 'some'] + L5 + ['x.hex'], USAGE)
    check('bad value' in p.stderr, 'usage: %s' % p.stderr)
    rspflash(['frobnicate'], USAGE)
    rspflash(['erase'] + L5, USAGE)
    rspflash(['erase'] + L5 + ['0x08000000'], USAGE)  # ADDR without LEN
    rspflash(['read'] + L5 + ['0x20000000', '-1', 'x'], USAGE)
    out = rspflash(['flash', '--help'], OK).stdout
    check('exit codes:' in out and '130' in out, 'flash --help lists the exit codes')
    # a J-Link on USB that is not there
    j = rspflash_json(['flash', '--probe', 'jlink:987654321', make_hex('ok.hex', 1, [(0x08000000, 256)])],
                      NO_PROBE, 'flash')
    check('987654321' in j['error']['message'], 'no probe: %r' % j['error'])
    rspflash(['probe-info', '--probe', 'jlink:987654321'], NO_PROBE)
    p = rspflash(['probe-info', '--probe', 'nosuchdriver'], USAGE)
    check("unknown probe driver 'nosuchdriver'" in p.stderr, 'bad --probe: %s' % p.stderr)
    say('exit 2 (usage) and 3 (no probe): PASS')


def test_target():
    image = make_hex('l5.hex', 2, [(0x08000000, 1024)])
    j = rspflash_json(['flash', '--target', 'stm32f401'] + L5 + [image], TARGET, 'flash')
    check('identifies as stm32l552' in j['error']['message'], 'target: %r' % j['error'])
    # an image outside the part's flash (the L5's RAM)
    ram = make_hex('ram.hex', 3, [(0x20000000, 64)])
    p = rspflash(['flash'] + L5 + [ram], TARGET)
    check('0x20000000 is not in a flash bank of stm32l552' in p.stderr and 'ram.hex line' in p.stderr,
          'outside flash: %s' % p.stderr)
    rspflash(['probe-info', '--target', 'nosuchpart'] + L5, TARGET)
    say('exit 4 (target): PASS')


def test_verify_failed():
    image = make_hex('f4.hex', 4, [(0x08003C00, 2048)])
    # every program of 0x08004010 leaves bit 3 inverted: level 1 sees it at once
    j = rspflash_json(['flash', '--option', 'fault_flip=0x08004010:3'] + F4 + [image], VERIFY, 'flash')
    check(j['verify']['result'] == 'failed' and j['error']['address'] == 0x08004010, 'verify: %r' % j)
    # level 1 off: level 2 (CRC) catches it
    j = rspflash_json(['flash', '--verify', 'l1=off', '--option', 'fault_flip=0x08004010:3'] + F4 + [image],
                      VERIFY, 'flash')
    check('level 2' in j['error']['message'], 'verify level 2: %r' % j['error'])
    say('exit 5 (verify failed): PASS')


def test_protected():
    state = path('state-f4-prot')
    good = make_hex('f4-good.hex', 5, [(0x08000000, 4096)])
    rspflash(['flash'] + F4 + ['--state', state, good], OK)
    before = dump('stm32f401', state, 0x08000000, 0x8000, 'prot-before.bin')
    # OTP without --otp-write
    otp = make_hex('otp.hex', 6, [(0x08000000, 1024), (0x1FFF7800, 32)])
    j = rspflash_json(['flash'] + F4 + ['--state', state, otp], PROTECTED, 'flash')
    check('OTP' in j['error']['message'] and 'nothing was erased' in j['error']['message'], 'otp: %r' % j['error'])
    # sector 0 write-protected (nWRP0 = 0)
    other = make_hex('f4-other.hex', 7, [(0x08000000, 4096)])
    j = rspflash_json(['flash', '--option', 'wrp=0x01'] + F4 + ['--state', state, other], PROTECTED, 'flash')
    check('write-protected' in j['error']['message'], 'wrp: %r' % j['error'])
    after = dump('stm32f401', state, 0x08000000, 0x8000, 'prot-after.bin')
    check(before == after, 'a refused download changed the flash')
    # allowed: the OTP image programs its 32 bytes (a fresh board: the one above keeps its WRP)
    j = rspflash_json(['flash', '--otp-write'] + F4 + ['--state', path('state-f4-otp'), otp], OK, 'flash')
    check(j['otp_bytes_written'] == 32, 'otp: %r' % j)
    say('exit 6 (protection, OTP): PASS, nothing erased')


def bad_images():
    """(name, content, fragments the error must hold)"""
    good = hex_records([(0x08000000, 256)], 8)
    csum = list(good)
    csum[3] = csum[3][:-2] + '%02X' % ((int(csum[3][-2:], 16) + 1) & 255)
    cut = good[:5] + [good[5][:21]]
    overlap = good[:-1] + [ihex_line(0, 0x0010, b'\x01\x02\x03\x04'), good[-1]]
    srec = [srec_line(0, 0, b'hdr'), srec_line(3, 0x08000100, bytes(16)), srec_line(3, 0x08000000, bytes(16)),
            srec_line(7, 0x08000000, b'')]
    noload = elf32([(4, 0x08000000, b'\x01\x02\x03\x04', 4), (1, 0x20000000, b'', 256)])
    ovl_elf = elf32([(1, 0x08000000, bytes(64), 64), (1, 0x08000020, bytes(64), 64)])
    return [
        ('csum.hex', '\n'.join(csum) + '\n', ['csum.hex: line 4:', 'checksum']),
        ('cut.hex', '\n'.join(cut) + '\n', ['cut.hex: line 6:', 'cut short']),
        ('overlap.hex', '\n'.join(overlap) + '\n', ['overlap.hex line ', 'overlaps', '0x08000010']),
        ('order.srec', '\n'.join(srec) + '\n', ['order.srec: line 3:', 'out of order']),
        ('noload.elf', noload, ['noload.elf: offset 0x34:', 'no loadable segment']),
        ('overlap.elf', ovl_elf, ['overlap.elf offset 0x', 'overlaps']),
        ('empty.bin', b'', ['empty.bin: offset 0x0:', 'empty']),
    ]


def test_bad_images():
    state = path('state-l5-bad')
    good = make_hex('l5-good.hex', 9, [(0x08000000, 4096)])
    rspflash(['flash'] + L5 + ['--state', state, good], OK)
    before = dump('stm32l552', state, 0x08000000, 0x2000, 'bad-before.bin')
    for name, content, frags in bad_images():
        f = write(name, content)
        extra = ['--base', '0x08000000'] if name.endswith('.bin') else []
        p = rspflash(['flash'] + L5 + ['--state', state] + extra + [f], IMAGE)
        for frag in frags:
            check(frag in p.stderr, '%s: the error lacks %r:\n%s' % (name, frag, p.stderr))
        j = rspflash_json(['verify'] + L5 + ['--state', state] + extra + [f], IMAGE, 'verify')
        check(frags[0] in j['error']['message'], '%s: JSON error %r' % (name, j['error']))
        say('%s: %s' % (name, p.stderr.strip().splitlines()[-1]))
    p = rspflash(['flash'] + L5 + ['--state', state, path('missing.hex')], IMAGE)
    check('missing.hex: cannot open' in p.stderr, 'unreadable: %s' % p.stderr)
    after = dump('stm32l552', state, 0x08000000, 0x2000, 'bad-after.bin')
    check(before == after, 'a bad image changed the flash')
    say('exit 7 (bad images): PASS, nothing erased')


def test_interrupted():
    big = make_hex('big.hex', 10, [(0x08000000, 131072)])
    p = subprocess.Popen([RSPFLASH, 'flash'] + F4 + [big], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    # the first progress line: the download has started
    for line in p.stderr:
        if line.startswith('flash: '):
            break
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    check(p.returncode == INTERRUPTED, 'SIGINT: exit %d, expected 130:\n%s%s' % (p.returncode, out, err))
    check('interrupted at 0x' in err and 'dropped' in err, 'SIGINT: %s' % err)
    say('exit 130 (interrupted): PASS')


def test_monitor_failed():
    p = rspflash(['monitor'] + L5 + ['mdw', '0xnothex'], FAILED)
    check('not a number' in p.stdout, 'monitor: %s' % p.stdout)
    say('exit 1 (a failed monitor command): PASS')


def main():
    if not os.access(RSPFLASH, os.X_OK):
        print('cli-errors: ERROR: %s not built' % RSPFLASH)
        return 99
    test_usage_and_probe()
    test_target()
    test_verify_failed()
    test_protected()
    test_bad_images()
    test_interrupted()
    test_monitor_failed()
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
