# SPDX-License-Identifier: GPL-2.0-or-later
# Integration tests of the GDB server with real gdb-multiarch (CLI batch mode and GDB/MI),
# against `rspflash --board B --port P` on the virtual boards stm32f401 and stm32l552.
# They need rspflash (a bin program, built by `make all`) and tests/target/gdb/gdbprog-*.elf
# (check_DATA, from tests/target/gdb/local.mk).
TESTS += tests/integration/gdb-cli.sh tests/integration/gdb-mi.sh tests/integration/gdb-crc.sh \
	tests/integration/gdb-flash.sh tests/integration/gdb-probe-drop.sh tests/integration/gdb-loader.sh \
	tests/integration/gdb-exc.sh tests/integration/soak-smoke.sh tests/integration/gdb-faults.sh \
	tests/integration/gdb-semihosting.sh tests/integration/ide-recipes.sh tests/integration/gdb-storm.sh \
	tests/integration/gdb-rtt.sh
EXTRA_DIST += tests/integration/gdb-cli.sh tests/integration/gdb-mi.sh tests/integration/gdb-crc.sh \
	tests/integration/gdb-mi.py tests/integration/mi_session.py tests/integration/gdb-lib.sh tests/integration/gdb-flash.sh \
	tests/integration/flash_images.py tests/integration/gdb-probe-drop.sh tests/integration/gdb-loader.sh \
	tests/integration/gdb-exc.sh tests/integration/soak-smoke.sh tests/integration/gdb-faults.sh \
	tests/integration/fault_matrix.py scripts/faults tests/integration/gdb-semihosting.sh \
	tests/integration/ide-recipes.sh tests/integration/ide-recipes.py tests/integration/rspflash_server.py \
	tests/integration/gdb-storm.sh tests/integration/gdb-storm.py tests/integration/gdb-rtt.sh
# rspflash's command line: values refused, never cut or read loosely (needs only rspflash).
TESTS += tests/integration/rspflash-args.sh tests/integration/cli-config.sh tests/integration/bash-completion.sh
EXTRA_DIST += tests/integration/rspflash-args.sh tests/integration/cli-config.sh tests/integration/bash-completion.sh \
	tests/integration/cli-lib.sh
