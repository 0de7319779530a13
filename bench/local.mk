# Benchmarks (run by scripts/bench-*; built with `make` but not run by `make check`).
noinst_PROGRAMS = bench/bench_adi
bench_bench_adi_SOURCES = bench/bench_adi.c
bench_bench_adi_LDADD = $(ADI_LIBS)
