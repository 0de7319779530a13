# SPDX-License-Identifier: GPL-2.0-or-later
# rspflash's production subcommands on the in-process virtual boards (python3, --json parsed):
# every subcommand on every board with flash, and every documented exit code with bad images.
TESTS += tests/integration/cli-boards.py tests/integration/cli-errors.py tests/integration/cli-gang.sh tests/integration/cli-run.sh
EXTRA_DIST += tests/integration/cli-boards.py tests/integration/cli-errors.py tests/integration/cli_lib.py \
	tests/integration/cli-gang.sh tests/integration/cli-run.sh
