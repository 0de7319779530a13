#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-stmqspi.sh: OpenOCD 0.12's own stmqspi flash driver (an implementation we did not
# write) against rspflash-sim's STM32L562E-DK: OCTOSPI1 (sim/periph/stm32_xspi.c, the L5
# configuration) and its MX25LM51245G (sim/periph/spi_nor.c).
#
# Inside a network namespace of its own (scripts/netns-run: libjaylink's TCP discovery
# broadcasts and must never reach a real network): OCTOSPI1 set up with mww as OpenOCD's
# board scripts do, `flash probe` identifies the part by its JEDEC ID in SPI mode and again
# after `stmqspi cmd` has switched it to DTR OPI; two 64 KB sectors erased, a 128 KB random
# image written and verified by OpenOCD's on-target routines, words read back through the
# memory-mapped window, the image read back with read_bank and compared here. The modeled
# time the flash spent busy (flash_busy_ns) must be the NOR's typical times times the
# operations OpenOCD asked for: 2 block erases and one page program per 256 bytes.
# Bounded in time: OpenOCD gets 600 s.
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (no OpenOCD, no network namespace),
# 99 hard error. RSPF_KEEP_TMP=1 keeps the logs; RSPF_OPENOCD_DEBUG=3 runs OpenOCD -d3.

set -eu

me=openocd-stmqspi

# shellcheck source=tests/integration/openocd-lib.sh
. "$(dirname "$0")/openocd-lib.sh"

# ---- outer part: prerequisites, then the inner part in a namespace ----
if [ "${1:-}" != "--mode" ]; then
	require_openocd_prereqs cmp
	require_netns
	run_in_namespaces --mode "" dtr-opi
fi

# ---- inner part, inside its own namespace ----
require_inside_netns --mode
serial=562005
sim_log_lines=40
image_size=$((128 * 1024))
base=$((64 * 1024))

make_work_dir

# ---- the image and what to expect, from the host ----
image=$work/image.bin
readback=$work/readback.bin
python3 - "$image" "$image_size" "$base" "$readback" >"$work/params.tcl" <<'PY'
import random, struct, sys
path, size, base, readback = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(0x562)
data = bytes(rng.getrandbits(8) for _ in range(size))
open(path, "wb").write(data)
word = lambda off: struct.unpack_from("<I", data, off)[0]
offs = sorted({0, 4, 0xFC, 0x100, 0xFFFC, 0x10000, size // 2 + 0x1234 & ~3, size - 4})
print("set image {%s}" % path)
print("set readback {%s}" % readback)
print("set image_size %d" % size)
print("set base %d" % base)
print("set erase_first %d" % (base // 65536))
print("set erase_last %d" % ((base + size - 1) // 65536))
print("set probe_words {%s}" % " ".join("{%d 0x%08x}" % (o, word(o)) for o in offs))
PY
say "parameters: $(grep -v probe_words "$work/params.tcl" | tr '\n' ' ')"

# ---- the simulator ----
start_sim sim --board stm32l562e-dk --stats

# ---- OpenOCD: a Cortex-M33 target, the stmqspi driver on OCTOSPI1 ----
start=$(date +%s)
run_openocd openocd 600 chip 0x20000000 0x10000 \
	-c 'flash bank chip.octospi1 stmqspi 0x90000000 0 0 0 chip.cpu 0x44021000' \
	-c 'init' -f "$work/params.tcl" -f "$tcl_checks"
wall=$(($(date +%s) - start))
show_openocd_log "$me|Error|Warn|flash1|spi:"
# Errors allowed, each for a known reason:
# - "clearing lockup after double fault": the internal flash is erased at power-on, so the
#   core fetches its reset vector 0xFFFFFFFF and locks up, until OpenOCD halts it.
check_openocd "$me: ALL CHECKS PASSED" 'clearing lockup after double fault'
cmp "$image" "$readback" || die "read_bank gave other bytes than the image"
say "ok: read_bank gave the image back"

# ---- modeled time ----
stop_sim_stats
say "OpenOCD took ${wall} s wall clock"
busy=$(stat_of flash_busy_ns "$sim_stats")
# sim/periph/spi_nor.c's MX25LM51245G typical times: 64 KB block erase 220 ms, page program
# 150 us (256 bytes; OpenOCD programs every page of the image, none is all 0xFF).
blocks=$(((base + image_size - 1) / 65536 - base / 65536 + 1))
pages=$((image_size / 256))
want=$((blocks * 220000000 + pages * 150000))
[ "$busy" = "$want" ] || die "flash_busy_ns=$busy, expected $want ($blocks block erases, $pages page programs)"
say "ok: flash_busy_ns=$busy = $blocks block erases x 220 ms + $pages page programs x 150 us"
say "all checks passed"
