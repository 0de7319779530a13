# SPDX-License-Identifier: GPL-2.0-or-later
# RTT through an independent host: OpenOCD 0.12's RTT server on rspflash-sim, running
# tests/target/rtt's program (tests/target/rtt/local.mk builds it).
TESTS += tests/integration/openocd-rtt.sh
EXTRA_DIST += \
	tests/integration/openocd-rtt.sh \
	tests/integration/openocd-rtt.tcl \
	tests/integration/rtt_client.py
