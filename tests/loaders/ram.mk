# SPDX-License-Identifier: GPL-2.0-or-later
# The RAM-as-flash test loader (tests/loaders/ram/ram_flm.c) and its broken variants, built
# as a user builds a CMSIS FLM with GCC: the project's FLM link script, -fPIE, Cortex-M33.
RAM_FLM_VARIANTS = ram ram_plain ram_broken_fault ram_broken_hang ram_broken_fail ram_broken_stack \
	ram_broken_entry ram_broken_verify
RAM_FLMS = $(RAM_FLM_VARIANTS:%=tests/loaders/%.flm)
RAM_FLM_SRC = $(srcdir)/tests/loaders/ram/ram_flm.c
RAM_FLM_DEPS = $(RAM_FLM_SRC) $(FLM_DEPS) $(srcdir)/tests/loaders/ram.mk

# One rule per variant: the variant's name, upper-cased, is its -D switch (ram_broken_fault:
# -DBROKEN_FAULT); "ram" is the default build.
$(RAM_FLMS): $(RAM_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && v=$$(basename $@ .flm | sed 's/^ram_\{0,1\}//' | tr a-z A-Z) && \
	$(ARM_CC) $(FLM_CC_FLAGS) -mcpu=cortex-m33 $${v:+-D$$v} -o $@ $(RAM_FLM_SRC)

# The streaming variants link flash/loaders/flm_mapped.c, as the built-ins do (RspStream).
RAM_STREAM_FLMS = tests/loaders/ram_stream.flm tests/loaders/ram_stream_broken_verify.flm \
	tests/loaders/ram_stream_broken_fault.flm
$(RAM_STREAM_FLMS): $(RAM_FLM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/loaders && v=$$(basename $@ .flm | sed 's/^ram_stream_\{0,1\}//' | tr a-z A-Z) && \
	$(ARM_CC) $(FLM_CC_FLAGS) -mcpu=cortex-m33 -DSTREAM $${v:+-D$$v} -o $@ $(RAM_FLM_SRC) \
		$(srcdir)/flash/loaders/flm_mapped.c

check_DATA += $(RAM_FLMS) $(RAM_STREAM_FLMS)
CLEANFILES += $(RAM_FLMS) $(RAM_STREAM_FLMS)
EXTRA_DIST += tests/loaders/ram/ram_flm.c tests/loaders/ram.mk
