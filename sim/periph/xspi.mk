# Peripheral models: xspi (see sim/model.h). Owned by the xspi model work.
# SPI NOR flash, STM32N6 XSPI, Alif (DesignWare SSI) OSPI, register files, and their boards.
sim_libsim_a_SOURCES += \
	sim/periph/spi_nor.c sim/periph/spi_nor.h sim/periph/spi_nor_sfdp.c \
	sim/periph/stm32_xspi.c sim/periph/stm32_xspi.h arch/stm32_xspi.h \
	sim/periph/dw_ospi.c sim/periph/dw_ospi.h arch/dw_ospi_regs.h \
	sim/periph/regfile.c sim/periph/regfile.h \
	sim/boards/stm32n657.c \
	sim/boards/stm32l562e_dk.c \
	sim/periph/alif_mram.c sim/periph/alif_mram.h \
	sim/boards/alif_e7.c

XSPI_UNIT_TESTS = tests/unit/test_spi_nor tests/unit/test_stm32_xspi tests/unit/test_dw_ospi
check_PROGRAMS += $(XSPI_UNIT_TESTS)
TESTS += $(XSPI_UNIT_TESTS)

tests_unit_test_spi_nor_SOURCES = tests/unit/test_spi_nor.c
tests_unit_test_spi_nor_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_spi_nor_LDADD = $(SIM_TEST_LIBS)
tests_unit_test_stm32_xspi_SOURCES = tests/unit/test_stm32_xspi.c
tests_unit_test_stm32_xspi_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_stm32_xspi_LDADD = $(SIM_TEST_LIBS)
tests_unit_test_dw_ospi_SOURCES = tests/unit/test_dw_ospi.c
tests_unit_test_dw_ospi_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_dw_ospi_LDADD = $(SIM_TEST_LIBS)

# The Alif E7 MRAM model (sim/periph/alif_mram.c).
check_PROGRAMS += tests/unit/test_mram
TESTS += tests/unit/test_mram
tests_unit_test_mram_SOURCES = tests/unit/test_mram.c tests/unit/test_core_util.c tests/unit/test_core_util.h
tests_unit_test_mram_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mram_LDADD = $(SIM_TEST_LIBS)

# The streaming routine writing MRAM in 16-byte words without registers (the alif-mram driver's setup).
check_PROGRAMS += tests/unit/test_mram_stream
TESTS += tests/unit/test_mram_stream
tests_unit_test_mram_stream_SOURCES = tests/unit/test_mram_stream.c tests/unit/test_core_util.c \
	tests/unit/test_core_util.h
nodist_tests_unit_test_mram_stream_SOURCES = flash/loaders/stm32_stream_blob.c
tests_unit_test_mram_stream_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mram_stream_LDADD = $(SIM_TEST_LIBS)
# OpenOCD 0.12's stmqspi driver against the STM32L562E-DK's OCTOSPI1 and MX25LM51245G.
# Runs inside scripts/netns-run; needs rspflash-sim (built by `make`).
TESTS += tests/integration/openocd-stmqspi.sh
EXTRA_DIST += tests/integration/openocd-stmqspi.sh tests/integration/openocd-stmqspi.tcl
