# SPDX-License-Identifier: GPL-2.0-or-later
# The documents that no build rule names (the man pages and doc/cli-json.md are listed with
# their programs), so that the source release carries them.
EXTRA_DIST += doc/benchmarks.md doc/fuzzing.md doc/loaders.md doc/simulator.md doc/rtt.md
