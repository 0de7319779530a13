# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD 0.12's own stm32l4x flash driver against rspflash-sim's STM32L552 flash model.
# Driven by openocd-stm32l4x.sh, which defines (params file, read first): mode ("dual" or
# "single"), image, image_size, probe_words (a list of {offset value} pairs computed on the
# host from the image).
#
# The geometry RM0438 §6.3.1 gives, which `flash info 0` must show:
#   DBANK = 1: two banks of 128 pages of 2 KB. OpenOCD shows ONE flash bank of 256
#     sectors of 2 KB (sectors 128-255 are bank 2, erased with BKER) and "dual-bank".
#   DBANK = 0: one bank of 128 pages of 4 KB: 128 sectors of 4 KB, "single-bank".
# OpenOCD's one-bank presentation of the two banks is not a disagreement with the manual:
# sector 128 + N is page N of bank 2 at 0x08040000 + N * 2 KB, as the manual maps it with
# SWAP_BANK = 0 (OpenOCD does not handle SWAP_BANK; hardware.md §1).

source [file join [file dirname [info script]] openocd-reset-init.tcl]

proc fail {msg} {
	echo "openocd-stm32l4x: FAIL: \[$::mode\] $msg"
	shutdown error
	error "openocd-stm32l4x: $msg"
}

proc ok {msg} {
	echo "openocd-stm32l4x: ok: $msg"
}

proc hex {v} {
	return [format 0x%08x [expr {$v & 0xffffffff}]]
}

proc rd32 {addr} {
	if {[catch {read_memory $addr 32 1} words]} {
		fail "read_memory [hex $addr] failed: $words"
	}
	return [lindex $words 0]
}

proc check_eq {what got want} {
	if {($got & 0xffffffff) != ($want & 0xffffffff)} {
		fail "$what: got [hex $got], expected [hex $want]"
	}
	ok "$what = [hex $got]"
}

echo "openocd-stm32l4x: \[$mode\] starting checks"
if {[catch {reset halt} out]} {
	fail "reset halt failed: $out"
}
if {[catch {flash probe 0} out]} {
	fail "flash probe 0 failed: $out"
}

# --- geometry: flash info 0 ---
if {[catch {capture "flash info 0"} info]} {
	fail "flash info 0 failed: $info"
}
echo $info
if {$mode eq "dual"} {
	set want_sectors 256
	set want_size 0x800
	set want_kind "dual-bank"
} else {
	set want_sectors 128
	set want_size 0x1000
	set want_kind "single-bank"
}
set nsec 0
foreach line [split $info "\n"] {
	# "#  0: 0x00000000 (0x800 2kB) not protected"
	if {[regexp {^\s*#\s*(\d+): (0x[0-9a-f]+) \((0x[0-9a-f]+) } $line -> idx off size]} {
		if {$idx != $nsec} {
			fail "flash info: sector $nsec listed as $idx"
		}
		if {$off != $nsec * $want_size || $size != $want_size} {
			fail "flash info: sector $idx at $off size $size, expected [hex [expr {$nsec * $want_size}]] size $want_size"
		}
		incr nsec
	}
}
if {$nsec != $want_sectors} {
	fail "flash info: $nsec sectors, expected $want_sectors of $want_size bytes"
}
ok "flash info 0: $nsec sectors of $want_size bytes (RM0438 for $mode bank)"
if {![regexp {size 0x00080000} $info]} {
	fail "flash info: bank size is not 512 KB"
}
if {[string first $want_kind $info] < 0} {
	fail "flash info does not say '$want_kind'"
}
ok "flash info 0 says $want_kind, size 0x00080000"

# --- single: `program` runs `reset init`, with target/stm32l5x.cfg's clock set-up as its
# reset-init handler, as a user's configuration has it (55 MHz: its PLLM divides by 2) ---
if {$mode eq "single"} {
	chip.cpu configure -event reset-init {
		if {[catch {openocd_reset_init_stm32l5x} out]} {
			fail "stm32l5x_clock_config of target/stm32l5x.cfg failed: $out"
		}
		ok "OpenOCD's reset-init clock set-up (target/stm32l5x.cfg) ran"
	}
}

# --- erase, write and verify an image (program = erase + write + verify) ---
set t0 [clock milliseconds]
if {[catch {program $image 0x08000000 verify} out]} {
	fail "program $image 0x08000000 verify failed: $out"
}
set t1 [clock milliseconds]
ok "program $image ($image_size bytes) 0x08000000 verify, [expr {$t1 - $t0}] ms wall clock"
foreach pw $probe_words {
	lassign $pw off want
	check_eq "word at [hex [expr {0x08000000 + $off}]]" [rd32 [expr {0x08000000 + $off}]] $want
}

# --- one sector erased: exactly that page (dual: sector 128 = bank 2 page 0) ---
set len [expr {$mode eq "dual" ? 0x800 : 0x1000}]
set base [expr {0x08000000 + $erase_sector * $len}]
if {[catch {flash erase_sector 0 $erase_sector $erase_sector} out]} {
	fail "flash erase_sector 0 $erase_sector $erase_sector failed: $out"
}
check_eq "first word of sector $erase_sector after its erase" [rd32 $base] 0xffffffff
check_eq "last word of sector $erase_sector after its erase" [rd32 [expr {$base + $len - 4}]] 0xffffffff
foreach pw $probe_words {
	lassign $pw off want
	set a [expr {0x08000000 + $off}]
	if {$a >= $base && $a < $base + $len} {
		continue
	}
	check_eq "word at [hex $a] after erasing sector $erase_sector" [rd32 $a] $want
}
# the word just before and just after the erased page keep their programmed values
check_eq "word before sector $erase_sector" [rd32 [expr {$base - 4}]] $before_word
check_eq "word after sector $erase_sector" [rd32 [expr {$base + $len}]] $after_word

echo "openocd-stm32l4x: ALL CHECKS PASSED \[$mode\]"
shutdown
