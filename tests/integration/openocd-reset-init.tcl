# SPDX-License-Identifier: GPL-2.0-or-later
#
# OpenOCD 0.12's own clock set-up, as `reset init` runs it with its target scripts, for
# tests that create their target by hand (sourced by openocd-stm32l4x.tcl and
# openocd-stm32f2x.tcl). The code is taken from the installed scripts at run time, not
# copied: target/stm32l5x.cfg (proc stm32l5x_clock_config, with stm32x5x_is_secure from
# target/stm32x5x_common.cfg) and target/stm32f4x.cfg (its reset-init event handler).
# rspflash-sim's RCC/PWR/FLASH_ACR models (sim/periph/stm32l5_rcc.c, stm32f4_rcc.c) must
# follow them as silicon does; the calling shell script checks the clock the simulator
# reports (--stats: cpu_hz) and that nothing went out of specification (clock_errors).

source [find mem_helper.tcl]

# The text of an installed script.
proc reset_init_read {name} {
	set path [find $name]
	set f [open $path]
	set text [read $f]
	close $f
	return $text
}

# Define proc NAME from its definition in an installed script.
proc reset_init_import_proc {script name} {
	if {![regexp "\nproc $name \\{\\} \\{\n(.*?)\n\\}\n" [reset_init_read $script] -> body]} {
		error "no proc $name in $script"
	}
	proc $name {} $body
}

# STM32L5: the reset-init event calls stm32l5x_clock_config (then `adapter speed 4000`).
proc openocd_reset_init_stm32l5x {} {
	reset_init_import_proc target/stm32x5x_common.cfg stm32x5x_is_secure
	reset_init_import_proc target/stm32l5x.cfg stm32l5x_clock_config
	stm32l5x_clock_config
	adapter speed 4000
}

# STM32F4: the body of the reset-init event handler, run as it is.
proc openocd_reset_init_stm32f4x {} {
	set text [reset_init_read target/stm32f4x.cfg]
	if {![regexp {\-event reset-init \{\n(.*?)\n\}} $text -> body]} {
		error "no reset-init handler in target/stm32f4x.cfg"
	}
	eval $body
}
