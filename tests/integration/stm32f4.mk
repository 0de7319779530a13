# Integration test of the STM32F401 flash model against OpenOCD 0.12's stm32f2x driver.
# Owned by the stm32f4 model work. Needs rspflash-sim (built by `make check` as a program).
TESTS += tests/integration/openocd-stm32f2x.sh
EXTRA_DIST += \
	tests/integration/openocd-stm32f2x.sh \
	tests/integration/openocd-stm32f2x.tcl
