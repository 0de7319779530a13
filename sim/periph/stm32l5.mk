# Peripheral models: stm32l5 (see sim/model.h). Owned by the stm32l5 model work.
# STM32L5 flash controller (RM0438 §6): registers, array operations, life cycle.
sim_libsim_a_SOURCES += \
	sim/periph/stm32l5_flash.c sim/periph/stm32l5_flash.h \
	sim/periph/stm32l5_flash_priv.h \
	sim/periph/stm32l5_flash_regs.c \
	sim/periph/stm32l5_flash_ops.c \
	sim/periph/stm32l5_rcc.c

STM32L5_UNIT_TESTS = tests/unit/test_stm32l5_flash tests/unit/test_stm32l5_flash_map
check_PROGRAMS += $(STM32L5_UNIT_TESTS)
TESTS += $(STM32L5_UNIT_TESTS)

tests_unit_test_stm32l5_flash_SOURCES = tests/unit/test_stm32l5_flash.c tests/unit/test_stm32l5_flash_util.h
tests_unit_test_stm32l5_flash_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_stm32l5_flash_LDADD = $(SIM_TEST_LIBS)
tests_unit_test_stm32l5_flash_map_SOURCES = tests/unit/test_stm32l5_flash_map.c tests/unit/test_stm32l5_flash_util.h
tests_unit_test_stm32l5_flash_map_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_stm32l5_flash_map_LDADD = $(SIM_TEST_LIBS)
