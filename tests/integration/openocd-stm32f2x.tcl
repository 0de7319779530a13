# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks OpenOCD 0.12's stm32f2x driver makes on rspflash-sim's virtual STM32F401, after
# `init`, with banks 0 (main flash) and 1 (OTP) declared as tcl/target/stm32f4x.cfg does.
# openocd-stm32f2x.sh sets `phase` (program or persist) and `work` (its temporary
# directory with image.bin, otp.bin and otp2.bin). Every check prints
# "openocd-stm32f2x: ok: ..." or "openocd-stm32f2x: FAIL: ..."; the last line on success
# is "openocd-stm32f2x: PHASE <phase> PASSED".

source [file join [file dirname [info script]] openocd-reset-init.tcl]

proc fail {msg} {
	echo "openocd-stm32f2x: FAIL: \[$::phase\] $msg"
	shutdown error
	error "openocd-stm32f2x: $msg"
}

proc ok {msg} {
	echo "openocd-stm32f2x: ok: $msg"
}

proc hex {v} {
	return [format 0x%08x [expr {$v & 0xffffffff}]]
}

# RM0368 §3.3 Table 5: sectors 0-3 16 KB, sector 4 64 KB, sectors 5-7 128 KB.
proc check_geometry {} {
	if {[catch {flash probe 0} out]} {
		fail "flash probe 0: $out"
	}
	set info [capture "flash info 0"]
	set sizes {}
	foreach line [split $info "\n"] {
		if {[regexp {#\s*(\d+): (0x[0-9a-f]+) \((0x[0-9a-f]+)} $line -> n off size]} {
			lappend sizes [format %d $size]
		}
	}
	set want {16384 16384 16384 16384 65536 131072 131072 131072}
	if {$sizes ne $want} {
		fail "main bank sectors: got {$sizes}, expected {$want} (flash info 0: $info)"
	}
	ok "main bank: 8 sectors of 16/16/16/16/64/128/128/128 KB"
	if {[catch {flash probe 1} out]} {
		fail "flash probe 1: $out"
	}
	set info [capture "flash info 1"]
	set n 0
	foreach line [split $info "\n"] {
		if {[regexp {#\s*(\d+): (0x[0-9a-f]+) \((0x[0-9a-f]+)} $line -> i off size]} {
			if {[format %d $size] != 32} {
				fail "OTP sector $i is $size bytes, expected 32"
			}
			incr n
		}
	}
	if {$n != 16} {
		fail "OTP bank: $n sectors, expected 16 (flash info 1: $info)"
	}
	ok "OTP bank: 16 blocks of 32 bytes"
}

# otp.bin: block 0 holds 0x30 + i, block 1 holds 0xc0 | i (i = 0..31).
proc check_otp {why} {
	set got [read_memory 0x1fff7800 8 64]
	for {set i 0} {$i < 64} {incr i} {
		set want [expr {$i < 32 ? 0x30 + $i : 0xc0 | ($i - 32)}]
		if {[lindex $got $i] != $want} {
			fail "$why: OTP byte $i is [lindex $got $i], expected $want"
		}
	}
	set rest [read_memory 0x1fff7840 32 112]
	foreach w $rest {
		if {$w != 0xffffffff} {
			fail "$why: OTP outside blocks 0-1 is not blank: [hex $w]"
		}
	}
	set locks [read_memory 0x1fff7a00 32 4]
	foreach w $locks {
		if {$w != 0xffffffff} {
			fail "$why: a lock byte is set: [hex $w]"
		}
	}
	ok "$why: the 64 OTP bytes read back, the other 448 blank, no lock byte set"
}

proc verify_flash {why} {
	if {[catch {verify_image $::work/image.bin 0x08000000 bin} out]} {
		fail "$why: verify_image of the 512 KB image failed: $out"
	}
	ok "$why: verify_image of the 512 KB image at 0x08000000"
}

echo "openocd-stm32f2x: \[$phase\] starting checks"
if {[catch {reset halt} out]} {
	fail "reset halt: $out"
}
check_geometry

if {$phase eq "program"} {
	# `program` runs reset init, erases what the image covers, writes and verifies.
	if {[catch {program $work/image.bin 0x08000000 verify} out]} {
		fail "program image.bin 0x08000000 verify: $out"
	}
	ok "program image.bin (512 KB) 0x08000000 verify"
	if {[catch {reset halt} out]} {
		fail "reset halt after programming: $out"
	}
	verify_flash "after reset"

	# OTP: OpenOCD refuses to write it unless enabled.
	if {![catch {flash write_bank 1 $work/otp.bin 0} out]} {
		fail "flash write_bank 1 succeeded before `stm32f2x otp 1 enable`"
	}
	ok "OpenOCD refuses the OTP bank until enabled"
	stm32f2x otp 1 enable
	if {[catch {flash write_bank 1 $work/otp.bin 0} out]} {
		fail "flash write_bank 1 otp.bin: $out"
	}
	ok "flash write_bank 1 otp.bin (64 bytes into blocks 0 and 1)"
	check_otp "right after writing"
	if {[catch {reset halt} out]} {
		fail "reset halt after the OTP write: $out"
	}
	check_otp "after reset halt"

	# Writing block 0 again with bits that would go from 0 back to 1: the model refuses
	# (WRPERR, content kept), OpenOCD's loader sees the flag and reports the failure.
	if {![catch {flash write_bank 1 $work/otp2.bin 0} out]} {
		fail "rewriting OTP block 0 with 0 -> 1 bits succeeded"
	}
	ok "rewriting OTP block 0 with 0 -> 1 bits is refused"
	check_otp "after the refused rewrite"
	stm32f2x otp 1 disable
} else {
	# OpenOCD's own reset-init handler of target/stm32f4x.cfg: HSI / 8 * 128 / 4 = 64 MHz
	if {[catch {openocd_reset_init_stm32f4x} out]} {
		fail "the reset-init handler of target/stm32f4x.cfg failed: $out"
	}
	ok "OpenOCD's reset-init clock set-up (target/stm32f4x.cfg) ran"
	check_otp "after restarting rspflash-sim with the same --state"
	verify_flash "after restarting rspflash-sim with the same --state"
}

echo "openocd-stm32f2x: PHASE $phase PASSED"
shutdown
