# SPDX-License-Identifier: GPL-2.0-or-later
# OpenOCD 0.12's stm32l4x driver against the STM32L552 flash model (owned by the stm32l5
# model work). Runs inside scripts/netns-run; needs rspflash-sim (built by `make`).
TESTS += tests/integration/openocd-stm32l4x.sh
EXTRA_DIST += \
	tests/integration/openocd-stm32l4x.sh \
	tests/integration/openocd-stm32l4x.tcl
