# Integration tests (shell scripts). Owned by the integration-test work.
#
# openocd-sim.sh: OpenOCD 0.12 as an independent J-Link client of rspflash-sim, run
# inside a private network namespace (scripts/netns-run). It needs rspflash-sim and the
# on-target programs of tests/target/ (check_DATA), which `make check` builds first.
TESTS += tests/integration/openocd-sim.sh
EXTRA_DIST += \
	tests/integration/openocd-sim.sh \
	tests/integration/openocd-sim.tcl \
	tests/integration/openocd-lib.sh \
	tests/integration/openocd-reset-init.tcl \
	scripts/netns-run
