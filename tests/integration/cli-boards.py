#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""cli-boards: every rspflash subcommand on every virtual board with flash (stm32l552,
stm32f401, stm32n657 and alif-e7 external NOR through their built-in loaders,
stm32l562e-dk internal flash and NOR in one image), each run a process of its own on the
in-process board with --state, so what one command programs the next one finds:
targets, probe-info, erase, flash (twice: the second skips every sector), verify (CRC,
and read-back), read, reset, monitor; --json parsed and
checked. Images are a few KB crossing a sector boundary.

Exit: 0 pass, 1 fail, 99 hard error."""
import os

import flash_images
from cli_lib import (BOARDS, FAILED, OK, VERIFY, check, dump, make_hex, path, rspflash, rspflash_json, say)


def test_targets():
    j = rspflash_json(['targets'], OK, 'targets')
    parts = {p['name']: p for p in j['parts']}
    for board in BOARDS:
        check(board in parts, 'targets: %s missing' % board)
    nor = [m for m in parts['stm32n657']['memory'] if m['kind'] == 'flash']
    check(nor and nor[0]['base'] == 0x70000000 and nor[0]['block_size'] == 4096, 'targets: N657 NOR %r' % nor)
    check(parts['stm32n657']['loaders'] == ['n6-xspi2-mx66uw1g45g'], 'targets: N657 loaders')
    check(parts['stm32l552']['flash_driver'], 'targets: L552 has no flash driver')
    text = rspflash(['targets'], OK).stdout
    check('stm32f401:' in text and 'flash driver:' in text, 'targets: text output')


def test_board(board):
    info = BOARDS[board]
    state = path('state-' + board)
    image = make_hex('%s.hex' % board, 7, info['image'])
    common = ['--board', board, '--state', state]

    j = rspflash_json(['probe-info'] + common, OK, 'probe-info')
    check(j['part'] == board and j['target']['part'] == board, '%s: probe-info part %r' % (board, j['part']))
    check(j['dpidr'] and j['core']['name'].startswith('Cortex-M'), '%s: probe-info core %r' % (board, j['core']))
    check(j['probe']['driver'] == 'sim' and j['probe']['target_voltage_mv'] > 0, '%s: probe %r' % (board, j['probe']))

    # erase the sectors the image will use: a range erase, in JSON
    start, size = info['erase']
    j = rspflash_json(['erase'] + common + ['0x%x' % start, '0x%x' % size], OK, 'erase')
    check(j['mode'] == 'range' and j['address'] == start and j['time']['kind'] == 'modeled', '%s: erase %r' % (board, j))

    j = rspflash_json(['flash'] + common + [image], OK, 'flash')
    total = sum(n for _, n in info['image'])
    check(j['bytes'] == total and len(j['segments']) == len(info['image']), '%s: flash image %r' % (board, j))
    check(j['sectors']['programmed'] >= 2 * len(info['image']), '%s: sectors %r' % (board, j['sectors']))
    check(j['verify'] == {'l1': True, 'l2': 'crc', 'l2_bytes': j['verify']['l2_bytes'], 'result': 'passed'}
          and j['verify']['l2_bytes'] >= total, '%s: verify %r' % (board, j['verify']))
    check(j['reset'] == 'run' and j['time']['kind'] == 'modeled' and j['time']['seconds'] > 0,
          '%s: reset/time %r %r' % (board, j['reset'], j['time']))
    say('%s: flash of %d bytes in %.3f modeled s' % (board, total, j['time']['seconds']))

    # the same image again: nothing changes, every sector is skipped (text report)
    out = rspflash(['flash', '--no-reset'] + common + [image], OK).stdout
    check('0 erased' in out and '0 programmed' in out and 'passed' in out and 'stays halted' in out,
          '%s: second flash:\n%s' % (board, out))

    j = rspflash_json(['verify'] + common + [image], OK, 'verify')
    check(j['result'] == 'match' and all(r['result'] == 'match' and r['method'] == 'crc-target'
                                         for r in j['results']), '%s: verify %r' % (board, j))
    # read-back (external NOR: by CRC through its loader, the bus does not see it after reset)
    out = rspflash(['verify', '--method', 'readback'] + common + [image], OK).stdout
    check('the target holds the image' in out, '%s: verify --method readback:\n%s' % (board, out))
    # `read` gives the image's bytes back: internal flash through the bus, external NOR after
    # the reset that `flash` ended with through the window its loader maps for the read
    for addr, n in info['image']:
        dump_file = path('%s-back-%08x.bin' % (board, addr))
        rspflash(['read'] + common + ['0x%x' % addr, str(n), dump_file], OK)
        flash_images.check(dump_file, addr, image, None)
    ram = dump(board, state, info['ram'], 256, '%s-ram.bin' % board)
    check(len(ram) == 256, '%s: read of RAM' % board)

    out = rspflash(['reset', '--halt'] + common, OK).stdout
    check('halted at the reset vector' in out, '%s: reset --halt: %s' % (board, out))
    out = rspflash(['reset'] + common, OK).stdout
    check('the core runs' in out, '%s: reset: %s' % (board, out))
    out = rspflash(['monitor'] + common + ['flash', 'info'], OK).stdout
    check('bank 0' in out and 'last download' in out, '%s: monitor flash info:\n%s' % (board, out))
    out = rspflash(['monitor'] + common + ['flsh', 'info'], FAILED).stdout
    check("unknown command 'flsh'" in out, '%s: monitor of an unknown command:\n%s' % (board, out))

    # erase what was programmed: verify now fails (exit 5), naming the range
    j = rspflash_json(['erase'] + common + ['0x%x' % start, '0x%x' % size], OK, 'erase')
    j = rspflash_json(['verify'] + common + [image], VERIFY, 'verify')
    check(j['result'] == 'mismatch' and j['results'][0]['result'] == 'mismatch', '%s: verify after erase' % board)


def test_erase_all():
    """--erase all: every bank first, then the image (the L5's 512 KB in two banks)."""
    state = path('state-erase-all')
    image = make_hex('erase-all.hex', 11, [(0x0807F800, 1024)])
    j = rspflash_json(['flash', '--erase', 'all', '--board', 'stm32l552', '--state', state, image], OK, 'flash')
    check(j['erase'] == 'all' and j['sectors']['programmed'] == 1 and j['sectors']['erased'] == 0,
          'flash --erase all: %r' % j)
    j = rspflash_json(['erase', '--all', '--board', 'stm32l552', '--state', state], OK, 'erase')
    check(j['mode'] == 'all', 'erase --all: %r' % j)
    rspflash_json(['verify', '--board', 'stm32l552', '--state', state, image], VERIFY, 'verify')
    say('--erase all, erase --all: PASS')


def main():
    if not os.access(os.path.join(os.environ.get('top_builddir', '.'), 'rspflash'), os.X_OK):
        print('cli-boards: ERROR: rspflash not built')
        return 99
    test_targets()
    test_erase_all()
    for board in BOARDS:
        test_board(board)
        say('%s: PASS' % board)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
