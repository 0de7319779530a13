# cmocka unit tests of the simulator core (SWD wire, DP, MEM-AP, bus).
noinst_LIBRARIES += tests/unit/libsimtest.a
tests_unit_libsimtest_a_SOURCES = \
	tests/unit/swd_host.c tests/unit/swd_host.h \
	tests/unit/sim_fixture.c tests/unit/sim_fixture.h
tests_unit_libsimtest_a_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
SIM_TEST_LIBS = tests/unit/libsimtest.a $(SIM_LIBS) $(CMOCKA_LIBS)

SIM_UNIT_TESTS = tests/unit/test_swd_wire tests/unit/test_dp tests/unit/test_memap
check_PROGRAMS += $(SIM_UNIT_TESTS)
TESTS += $(SIM_UNIT_TESTS)

tests_unit_test_swd_wire_SOURCES = tests/unit/test_swd_wire.c
tests_unit_test_swd_wire_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_swd_wire_LDADD = $(SIM_TEST_LIBS)
tests_unit_test_dp_SOURCES = tests/unit/test_dp.c
tests_unit_test_dp_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_dp_LDADD = $(SIM_TEST_LIBS)
tests_unit_test_memap_SOURCES = tests/unit/test_memap.c
tests_unit_test_memap_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_memap_LDADD = $(SIM_TEST_LIBS)

# The core clock: RCC/PWR/FLASH_ACR of the STM32L552 and STM32F401 (sim/clock.c, sim/periph/*_rcc.c).
check_PROGRAMS += tests/unit/test_clock
TESTS += tests/unit/test_clock
tests_unit_test_clock_SOURCES = tests/unit/test_clock.c tests/unit/test_clock_util.h tests/unit/test_core_util.c \
	tests/unit/test_core_util.h
tests_unit_test_clock_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_clock_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)

# The CRC unit of the STM32L552 and STM32F401 (sim/periph/stm32_crc.c).
check_PROGRAMS += tests/unit/test_stm32_crc
TESTS += tests/unit/test_stm32_crc
tests_unit_test_stm32_crc_SOURCES = tests/unit/test_stm32_crc.c tests/unit/test_clock_util.h \
	tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_stm32_crc_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_stm32_crc_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)

# Flash fault injection on the STM32L552 and STM32F401 (sim/periph/flash_faults.c).
check_PROGRAMS += tests/unit/test_flash_faults
TESTS += tests/unit/test_flash_faults
tests_unit_test_flash_faults_SOURCES = tests/unit/test_flash_faults.c tests/unit/test_stm32l5_flash_util.h \
	tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_flash_faults_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_flash_faults_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)
