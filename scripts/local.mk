# SPDX-License-Identifier: GPL-2.0-or-later
# The helper scripts of the README (scripts/netns-run and scripts/bench are listed with the
# tests and the benchmark that use them), so that the source release carries them.
EXTRA_DIST += scripts/setup scripts/run scripts/test scripts/fuzz scripts/bench-adi scripts/bench-rtt scripts/package-check
