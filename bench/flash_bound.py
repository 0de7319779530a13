# SPDX-License-Identifier: GPL-2.0-or-later
"""The physical bound of a flash download, as ../shared/design.md defines it ("The physical
bound"), for the flash layouts of the virtual boards:

  flash time = erase time of the sectors that must change and are not blank (a bank erase
               instead where every sector of a bank changes and that is quicker: MER1/MER2
               on the STM32L5, MER on the STM32F4) + program time of the write units that
               are not all erased value;
  wire time  = the bytes that must cross x 11.5 SWD bits / byte at the SWD clock + one
               probe round trip;
  bound      = max(flash time, wire time).

The per-operation times are the simulator's (the bound must match the model it is compared
with), all in MODEL_TIMES_NS below; scripts/bench warns when a modeled download kept the
flash busy for less than this bound's flash time, which these constants make impossible
unless the simulator's figures have changed under them.
"""

from dataclasses import dataclass

ERASED = 0xFF

# ---------------------------------------------------------------------------------------
# The simulator's figures, in ns. Keep in step with their sources:
#  - STM32L552: sim/periph/stm32l5_flash_priv.h, L5_T_PROG_DW_NS (one 64-bit double-word),
#    L5_T_ERASE_PAGE_NS (one page; the model charges it for 2 KB and 4 KB pages alike),
#    L5_T_MASS_ERASE_NS (MER1 and/or MER2, either bank mode);
#  - STM32F401: sim/boards/stm32f401.c, f401_sectors[] erase times, .prog_us and
#    .mass_erase_us, each at PSIZE x32: the widest the board's 3.3 V target voltage allows
#    (x64 needs VPP; flash/drivers/stm32f4.c psize_for() picks x32 from 2.7 V);
#  - the wire: sim defaults (--usb-latency-us 250 round trip per probe command) and the
#    4 MHz SWD clock both servers are given; 11.5 bits per byte is the measured floor of
#    auto-increment MEM-AP writes (doc/benchmarks.md, "Block memory access").
# ---------------------------------------------------------------------------------------
MODEL_TIMES_NS = {
    'l5_prog_dword': 81_700,
    'l5_erase_page': 22_020_000,
    'l5_mass_erase': 22_130_000,
    'f4_prog_x32': 16_000,
    'f4_erase_x32_16k': 250_000_000,
    'f4_erase_x32_64k': 550_000_000,
    'f4_erase_x32_128k': 1_000_000_000,
    'f4_mass_erase_x32': 4_000_000_000,
    'probe_round_trip': 250_000,
}
SWD_HZ = 4_000_000
SWD_BITS_PER_BYTE = 11.5


@dataclass(frozen=True)
class Bank:
    base: int
    sectors: tuple          # (size, erase_ns) per sector, in address order
    bank_erase_ns: int      # erase of the whole bank at once


@dataclass(frozen=True)
class Layout:
    name: str
    base: int
    size: int
    banks: tuple
    write_unit: int         # bytes per program operation
    program_ns: int         # per write unit


def _l5_bank(base, page, size):
    t = MODEL_TIMES_NS
    return Bank(base, ((page, t['l5_erase_page']),) * (size // page), t['l5_mass_erase'])


def _f401_sectors():
    t = MODEL_TIMES_NS
    k16, k64, k128 = t['f4_erase_x32_16k'], t['f4_erase_x32_64k'], t['f4_erase_x32_128k']
    # RM0368 §3.3: sectors 0-3 16 KB, 4 64 KB, 5-7 128 KB
    return ((16384, k16),) * 4 + ((65536, k64),) + ((131072, k128),) * 3


LAYOUTS = {
    # RM0438 §6.3.1: DBANK = 1, two banks of 128 pages of 2 KB; DBANK = 0, one of 128 x 4 KB
    'stm32l552-dbank1': Layout('stm32l552-dbank1', 0x08000000, 0x80000,
                               (_l5_bank(0x08000000, 2048, 0x40000), _l5_bank(0x08040000, 2048, 0x40000)),
                               8, MODEL_TIMES_NS['l5_prog_dword']),
    'stm32l552-dbank0': Layout('stm32l552-dbank0', 0x08000000, 0x80000,
                               (_l5_bank(0x08000000, 4096, 0x80000),),
                               8, MODEL_TIMES_NS['l5_prog_dword']),
    'stm32f401': Layout('stm32f401', 0x08000000, 0x80000,
                        (Bank(0x08000000, _f401_sectors(), MODEL_TIMES_NS['f4_mass_erase_x32']),),
                        4, MODEL_TIMES_NS['f4_prog_x32']),
}


@dataclass
class BoundTerms:
    erase_ns: int = 0
    program_ns: int = 0
    wire_bytes: int = 0
    sectors_changed: int = 0
    sectors_erased: int = 0     # one by one (a bank erase counts in bank_erases)
    bank_erases: int = 0

    @property
    def flash_ns(self):
        return self.erase_ns + self.program_ns

    @property
    def wire_ns(self):
        return round(self.wire_bytes * SWD_BITS_PER_BYTE * 1e9 / SWD_HZ) + MODEL_TIMES_NS['probe_round_trip']

    @property
    def bound_ns(self):
        return max(self.flash_ns, self.wire_ns)


def physical_bound(layout, ranges, image, before):
    """The bound for writing IMAGE (the whole flash as the image leaves it: its bytes, and
    the erased value elsewhere in the sectors it touches) over BEFORE (the flash's content
    before the download), both bytes-like of layout.size. RANGES, (address, length) pairs,
    are where the image has data: GDB erases every sector they touch, and only those."""
    terms = BoundTerms()
    blank_unit = bytes([ERASED]) * layout.write_unit
    for bank in layout.banks:
        page_erase_ns, pages_erased, every_sector_changes = 0, 0, True
        addr = bank.base
        for size, erase_ns in bank.sectors:
            off = addr - layout.base
            touched = any(a < addr + size and addr < a + n for a, n in ranges)
            want, have = image[off:off + size], before[off:off + size]
            addr += size
            if not touched or want == have:
                every_sector_changes = False
                continue
            terms.sectors_changed += 1
            if have.count(ERASED) != size:
                page_erase_ns += erase_ns
                pages_erased += 1
            units = sum(1 for u in range(0, size, layout.write_unit)
                        if want[u:u + layout.write_unit] != blank_unit)
            terms.program_ns += units * layout.program_ns
            terms.wire_bytes += units * layout.write_unit
        if every_sector_changes and bank.bank_erase_ns < page_erase_ns:
            terms.erase_ns += bank.bank_erase_ns
            terms.bank_erases += 1
        else:
            terms.erase_ns += page_erase_ns
            terms.sectors_erased += pages_erased
    return terms
