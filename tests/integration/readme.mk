# SPDX-License-Identifier: GPL-2.0-or-later
# The README's tour, run verbatim from a fresh clone (it builds the clone with scripts/setup).
TESTS += tests/integration/readme-tour.sh
EXTRA_DIST += tests/integration/readme-tour.sh
