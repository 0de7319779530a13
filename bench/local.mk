# Benchmarks (run by scripts/bench-*; built with `make` but not run by `make check`).
noinst_PROGRAMS = bench/bench_adi
bench_bench_adi_SOURCES = bench/bench_adi.c
bench_bench_adi_LDADD = $(ADI_LIBS)

# The flash benchmark (scripts/bench, python3) and its parts. `make check` runs only its
# smoke test: --quick, one board and one image, a few seconds.
# openocd-stmqspi-setup.tcl is also tests/integration/openocd-stmqspi.tcl's (sim/periph/xspi.mk).
EXTRA_DIST += scripts/bench bench/flash_bound.py bench/flash_runs.py bench/openocd_program.py \
	bench/nor_bench.py bench/nor_bound.py tests/integration/openocd-stmqspi-setup.tcl \
	tests/integration/bench-quick.sh
TESTS += tests/integration/bench-quick.sh
