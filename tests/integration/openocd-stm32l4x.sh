#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-stm32l4x.sh: OpenOCD 0.12's own stm32l4x flash driver (an implementation we did
# not write) against rspflash-sim's STM32L552 flash model (sim/periph/stm32l5_flash*.c).
#
# For each mode, inside a network namespace of its own (scripts/netns-run: libjaylink's
# TCP discovery broadcasts and must never reach a real network):
#   dual   (factory option bytes, DBANK = 1): `flash info 0` shows 256 sectors of 2 KB,
#          "dual-bank"; `program` erases, writes and verifies a 512 KB random image;
#          words read back; erasing sector 128 (bank 2 page 0) erases 0x08040000-0x080407FF
#          and nothing else.
#   single (--option dbank=0): 128 sectors of 4 KB, "single-bank"; a 64 KB image
#          programmed and verified; sector 8 (0x08008000, 4 KB) erased alone.
# Bounded in time: OpenOCD gets 600 s per mode (the 512 KB dual-bank run takes about 36 s
# wall clock in an ASan/UBSan build: the CPU, at MSI 4 MHz from reset, emulates OpenOCD's
# loader polling BSY, 5.7e7 instructions for 20.2 s of modeled time). In single mode,
# `program`'s `reset init` runs the clock set-up of OpenOCD's own target/stm32l5x.cfg
# (openocd-reset-init.tcl), and the simulator must end at its 55 MHz (--stats: cpu_hz)
# without leaving the specification (clock_errors=0); dual mode stays at 4 MHz. The modeled
# time the flash spent busy (flash_busy_ns) is printed and must equal the datasheet's
# typical times times the operations OpenOCD asked for (program: one page erase per 2 KB
# sector touched plus one double-word program per 8 bytes, plus the single-sector erase).
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (no OpenOCD, no network namespace),
# 99 hard error. RSPF_KEEP_TMP=1 keeps the logs; RSPF_OPENOCD_DEBUG=3 runs OpenOCD -d3.

set -eu

me=openocd-stm32l4x
MODES="dual single"

# shellcheck source=tests/integration/openocd-lib.sh
. "$(dirname "$0")/openocd-lib.sh"

# ---- outer part: prerequisites, then one namespace per mode ----
if [ "${1:-}" != "--mode" ]; then
	require_openocd_prereqs
	require_netns
	# shellcheck disable=SC2086 # $MODES is a list of words
	run_in_namespaces --mode " bank" $MODES
fi

# ---- inner part: one mode, inside its own namespace ----
mode=$2
require_inside_netns --mode

case $mode in
dual) sim_opts=() image_size=$((512 * 1024)) page=2048 erase_sector=128 ;;
single) sim_opts=(--option dbank=0) image_size=$((64 * 1024)) page=4096 erase_sector=8 ;;
*) hard_error "unknown mode '$mode'" ;;
esac
serial=552004
sim_log_lines=40

make_work_dir "$mode"

# ---- the image and what to expect, from the host ----
image=$work/image.bin
python3 - "$image" "$image_size" "$page" "$erase_sector" >"$work/params.tcl" <<'EOF'
import random, struct, sys
path, size, page, sector = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(0x552)
data = bytes(rng.getrandbits(8) for _ in range(size))
open(path, "wb").write(data)
word = lambda off: struct.unpack_from("<I", data, off)[0]
offs = sorted({0, 4, 0x7FC, 0x800, size // 2 - 4, size // 2, size // 2 + 4, size - 8, size - 4,
               0x1234 & ~3, (size * 3 // 4) & ~3})
print("set mode %s" % ("dual" if page == 2048 else "single"))
print("set image {%s}" % path)
print("set image_size %d" % size)
print("set probe_words {%s}" % " ".join("{%d 0x%08x}" % (o, word(o)) for o in offs))
base = sector * page
print("set erase_sector %d" % sector)
print("set before_word 0x%08x" % word(base - 4))
print("set after_word 0x%08x" % word(base + page))
print("list")
EOF
say "parameters: $(grep -v probe_words "$work/params.tcl" | tr '\n' ' ')"

# ---- the simulator ----
start_sim sim --board stm32l552 --stats "${sim_opts[@]}"

# ---- OpenOCD: a Cortex-M33 target with the stm32l4x driver on 0x08000000 ----
start=$(date +%s)
run_openocd openocd 600 chip 0x20000000 0x10000 \
	-c 'flash bank chip.flash stm32l4x 0x08000000 0 0 0 chip.cpu' \
	-c 'init' -f "$work/params.tcl" -f "$tcl_checks"
wall=$(($(date +%s) - start))
show_openocd_log "$me|Error|Warn|Info : (device idcode|flash mode|RDP|TZEN)|wrote|verified"
# Errors allowed, each for a known reason:
# - "clearing lockup after double fault": the flash is erased at power-on, so the core
#   fetches its reset vector 0xFFFFFFFF and locks up, until OpenOCD halts it;
# - "Failed to read memory at 0xe0042000 / 0x40015800": OpenOCD 0.12 looks for the
#   DBGMCU_IDCODE of STM32L4 (0xE0042000) and G0 (0x40015800) before the L5's 0xE0044000;
#   the virtual L552 has nothing there and answers with a bus error.
check_openocd "$me: ALL CHECKS PASSED" \
	'clearing lockup after double fault|Failed to read memory at 0x(e0042000|40015800)'

# ---- modeled time ----
stop_sim_stats
say "$mode: OpenOCD took ${wall} s wall clock"
busy=$(stat_of flash_busy_ns "$sim_stats")
sectors=$((image_size / page))
# DS12736 typical times as the model charges them: 22.02 ms per page erase, 81.7 us per
# double-word; plus the one erase_sector. (OpenOCD's `program` erases every sector the
# image covers and writes every double-word, including all-0xFF ones.)
want=$(((sectors + 1) * 22020000 + (image_size / 8) * 81700))
[ "$busy" = "$want" ] || die "flash_busy_ns=$busy, expected $want ($sectors page erases + 1, $((image_size / 8)) double-words)"
say "ok: flash_busy_ns=$busy = $((sectors + 1)) page erases x 22.02 ms + $((image_size / 8)) double-words x 81.7 us"
# The core clock: MSI 4 MHz from reset (dual); OpenOCD's stm32l5x.cfg clock set-up (single)
# gives 4 MHz / 2 * 55 / 2 = 55 MHz, within voltage range 0 and its 5 wait states.
hz=$(stat_of cpu_hz "$sim_stats") errors=$(stat_of clock_errors "$sim_stats")
want_hz=4000000
[ "$mode" = single ] && want_hz=55000000
[ "$hz" = "$want_hz" ] || die "cpu_hz=$hz, expected $want_hz"
[ "$errors" = 0 ] || die "clock_errors=$errors: the clock left its specification (see the simulator's log)"
say "ok: cpu_hz=$hz, clock_errors=0"
say "$mode: all checks passed"
