# Peripheral models: stm32f4 (see sim/model.h). Owned by the stm32f4 model work.
sim_libsim_a_SOURCES += \
	sim/periph/stm32f4_flash.c sim/periph/stm32f4_flash.h \
	sim/periph/stm32f4_flash_private.h \
	sim/periph/stm32f4_otp.c \
	sim/periph/stm32f4_rcc.c

# Unit tests of the STM32F4 flash, OTP and option-byte model.
check_PROGRAMS += tests/unit/test_stm32f4_flash
TESTS += tests/unit/test_stm32f4_flash
tests_unit_test_stm32f4_flash_SOURCES = tests/unit/test_stm32f4_flash.c
tests_unit_test_stm32f4_flash_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_stm32f4_flash_LDADD = $(SIM_TEST_LIBS)
