# SPDX-License-Identifier: GPL-2.0-or-later
"""The physical bound of a download into external SPI NOR flash behind a RAM loader
(../shared/design.md, "The physical bound"), with the NOR's times read from the simulator's
own part rows in sim/periph/spi_nor.c, so the bound cannot drift from the model it is
compared with:

  flash time = erase time of the units that must change and are not blank: each erase
               block (block_size, t_be_ns) wholly inside the erase set is erased at once
               where that is quicker than erasing its non-blank changed 4 KB sectors
               (t_se_ns) one by one; sectors at the edges one by one;
               + page-program time (t_pp_ns) of the 256-byte pages that are not all 0xFF
               in the sectors that change (all of a block erased at once);
  wire time  = those pages' bytes x 11.5 SWD bits / byte at the SWD clock + one round trip
               (flash_bound.BoundTerms.wire_ns);
  bound      = max(flash time, wire time).

Content is only ever held for the window an image covers, rounded out to erase blocks
(window()): a 128 MB NOR never becomes a 128 MB bytes object.
"""
import os
import re
from dataclasses import dataclass

from flash_bound import ERASED, BoundTerms

SPI_NOR_C = os.path.join('sim', 'periph', 'spi_nor.c')


@dataclass(frozen=True)
class NorPart:
    symbol: str             # the C name of the part row, e.g. spi_nor_is25wx256
    name: str
    size: int
    block_size: int         # the large erase unit (D8h/DCh)
    sector_size: int        # NOR_SECTOR: the 4 KB erase unit
    page_size: int          # NOR_PAGE: one page program
    t_pp_ns: int
    t_se_ns: int
    t_be_ns: int


def _c_int(expr):
    """An integer constant expression of the part rows: decimal or hex literals with u/ull
    suffixes, joined by << or *."""
    expr = re.sub(r'\b(0x[0-9a-fA-F]+|[0-9]+)[uUlL]*\b', r'\1', expr.strip())
    if not re.fullmatch(r'[0-9a-fA-Fx\s<*()]+', expr):
        raise ValueError('not a constant: %r' % expr)
    return int(eval(expr, {'__builtins__': {}}))  # digits and << * only, checked above


def read_parts(top):
    """{symbol: NorPart} of every `const struct spi_nor_part_s NAME = { ... };` row of
    sim/periph/spi_nor.c under TOP."""
    path = os.path.join(top, SPI_NOR_C)
    text = open(path).read()
    defines = dict(re.findall(r'#define\s+(NOR_PAGE|NOR_SECTOR)\s+(\S+)', text))
    if set(defines) != {'NOR_PAGE', 'NOR_SECTOR'}:
        raise ValueError('%s: NOR_PAGE or NOR_SECTOR not found' % path)
    parts = {}
    for sym, body in re.findall(r'const struct spi_nor_part_s\s+(\w+)\s*=\s*\{(.*?)\};', text, re.S):
        fields = dict(re.findall(r'\.(\w+)\s*=\s*("[^"]*"|\{[^}]*\}|[^,]+)', body))
        try:
            parts[sym] = NorPart(sym, fields['name'].strip('"'), _c_int(fields['size']),
                                 _c_int(fields['block_size']), _c_int(defines['NOR_SECTOR']),
                                 _c_int(defines['NOR_PAGE']), _c_int(fields['t_pp_ns']),
                                 _c_int(fields['t_se_ns']), _c_int(fields['t_be_ns']))
        except (KeyError, ValueError) as e:
            raise ValueError('%s: part row %s: %s' % (path, sym, e))
    return parts


def window(ranges, block):
    """(base, size): the span of RANGES ((address, length) pairs) rounded out to BLOCK."""
    lo = min(a for a, _ in ranges) // block * block
    hi = -(-max(a + n for a, n in ranges) // block) * block
    return lo, hi - lo


def physical_bound(part, base, ranges, image, before):
    """The bound for writing IMAGE over BEFORE, both the bytes of the window at BASE (see
    window()): IMAGE as the download leaves it (its bytes, 0xFF elsewhere in the sectors
    it touches), BEFORE the flash's content before it. GDB erases every sector RANGES
    touch: that is the erase set. BoundTerms.bank_erases counts the block erases."""
    terms = BoundTerms()
    sec, blank_page = part.sector_size, bytes([ERASED]) * part.page_size

    def in_set(addr):
        return any(a < addr + sec and addr < a + n for a, n in ranges)

    def pages(off, size):
        return sum(1 for p in range(off, off + size, part.page_size)
                   if image[p:p + part.page_size] != blank_page)

    def changed(off):
        return image[off:off + sec] != before[off:off + sec]

    def blank(off):
        return before[off:off + sec].count(ERASED) == sec

    for blk in range(0, len(image), part.block_size):
        offs = range(blk, blk + part.block_size, sec)
        todo = [o for o in offs if in_set(base + o) and changed(o)]
        erase = [o for o in todo if not blank(o)]
        whole = all(in_set(base + o) for o in offs)
        # a block erased at once must have all its pages programmed again, changed or not
        one_by_one = len(erase) * part.t_se_ns + sum(pages(o, sec) for o in todo) * part.t_pp_ns
        at_once = part.t_be_ns + pages(blk, part.block_size) * part.t_pp_ns
        terms.sectors_changed += len(todo)
        if whole and erase and at_once < one_by_one:
            terms.erase_ns += part.t_be_ns
            terms.bank_erases += 1
            n = pages(blk, part.block_size)
        else:
            terms.erase_ns += len(erase) * part.t_se_ns
            terms.sectors_erased += len(erase)
            n = sum(pages(o, sec) for o in todo)
        terms.program_ns += n * part.t_pp_ns
        terms.wire_bytes += n * part.page_size
    return terms

