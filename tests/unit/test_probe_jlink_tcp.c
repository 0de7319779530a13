// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * End to end through libjaylink: find rspflash-sim by TCP discovery, bring the J-Link up,
 * connect the DP, read DPIDR, walk the ROM table, move RAM, and measure 64 KB each way.
 *
 *   test_probe_jlink_tcp BOARD [SERIAL]
 *   test_probe_jlink_tcp --select SPEC EXPECTED_RC EXPECTED_SERIAL
 *
 * Discovery broadcasts to 255.255.255.255:19020, so this program refuses to run unless the
 * network namespace holds nothing but lo (test_probe_jlink_tcp.sh runs it through
 * scripts/netns-run, with the simulator in the same namespace). Exit 77 when refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/adi/dp.h"
#include "src/adi/memap.h"
#include "src/adi/romtable.h"
#include "src/probe/probe.h"

#define RAM 0x20000000u

/*
 * Only lo in this network namespace: a broadcast stays here. /proc/self/net/dev follows
 * the caller's namespace (sysfs would show the namespace it was mounted in).
 */
static int only_loopback(void)
{
	FILE *f = fopen("/proc/self/net/dev", "r");
	char line[512];
	int lineno = 0, others = 0, lo = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		if (++lineno <= 2 || sscanf(line, " %63[^:]:", name) != 1)
			continue;	/* two header lines */
		if (!strcmp(name, "lo"))
			lo = 1;
		else
			others++;
	}
	fclose(f);
	return lo && others == 0;
}

static int fail(const char *what, const struct error_s *e)
{
	char buf[400];

	error_format(e, buf, sizeof(buf));
	fprintf(stderr, "test_probe_jlink_tcp: FAIL: %s: %s\n", what, buf);
	return 1;
}

static struct probe_s *open_with_retries(const char *spec)
{
	struct probe_s *p = NULL;
	char err[256] = "";
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	for (int i = 0; i < 30; i++) {	/* the simulator may still be starting */
		int rc = probe_open(spec, 4000, &p, err, sizeof(err));
		if (rc == PROBE_OK)
			return p;
		if (rc != PROBE_ERR_NOT_FOUND)
			break;
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "test_probe_jlink_tcp: FAIL: %s: %s\n", spec, err);
	return NULL;
}

static void pattern(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* Write then read back len bytes at addr; print commands and SWD bits per byte each way. */
static int measure(struct adi_memap_s *m, uint32_t addr, size_t len, struct error_s *e)
{
	uint8_t *data = malloc(len), *got = malloc(len);
	struct swd_queue_stats_s a, b, c;
	int rc = 1;

	pattern(data, len, (uint32_t)len);
	swd_queue_get_stats(adi_dp_queue(m->dp), &a);
	if (adi_memap_write(m, addr, data, len, e))
		goto out;
	swd_queue_get_stats(adi_dp_queue(m->dp), &b);
	if (adi_memap_read(m, addr, got, len, e))
		goto out;
	swd_queue_get_stats(adi_dp_queue(m->dp), &c);
	if (memcmp(got, data, len)) {
		fprintf(stderr, "test_probe_jlink_tcp: FAIL: %zu bytes at 0x%08x read back differently\n", len, addr);
		goto out;
	}
	printf("  %zu bytes at 0x%08x: write %llu SWD_IO commands %.3f bits/byte, read %llu commands %.3f bits/byte\n",
	       len, addr, (unsigned long long)(b.batches - a.batches), (double)(b.bits - a.bits) / len,
	       (unsigned long long)(c.batches - b.batches), (double)(c.bits - b.bits) / len);
	rc = (len == 65536 && (b.batches - a.batches > 70 || c.batches - b.batches > 70));
out:
	free(data);
	free(got);
	return rc;
}

static int run(struct probe_s *p, uint32_t want_dpidr)
{
	struct adi_dp_s dp;
	struct adi_memap_s mem;
	struct error_s e;
	struct adi_component_s comp[16];
	unsigned n = 0;
	int rc = 1;

	if (adi_dp_init(&dp, p, &e))
		return fail("dp init", &e);
	if (adi_dp_connect(&dp, &e)) {
		fail("connect", &e);
		goto out;
	}
	printf("  DPIDR 0x%08x (DPv%u)%s\n", dp.dpidr, dp.version, dp.dpidr == want_dpidr ? "" : " UNEXPECTED");
	if (dp.dpidr != want_dpidr)
		goto out;
	if (adi_memap_init(&mem, &dp, 0, &e) || adi_romtable_walk(&mem, comp, 16, &n, &e)) {
		fail("MEM-AP / ROM table", &e);
		goto out;
	}
	const struct adi_component_s *scs = adi_component_find(comp, n, "SCS");
	printf("  ROM table: %u components, %s at 0x%08x\n", n, scs ? scs->name : "no SCS", scs ? scs->base : 0);
	if (!scs || scs->base != 0xE000E000u)
		goto out;
	if (measure(&mem, RAM + 0x3FD, 4099, &e) || measure(&mem, RAM, 65536, &e)) {
		if (e.code)
			fail("memory", &e);
		goto out;
	}
	rc = 0;
out:
	adi_dp_cleanup(&dp);
	return rc;
}

/*
 * One selection case among two simulators, 424242 and 515151 "bench" (each case runs in a
 * process of its own: libjaylink releases a TCP connection only when the process exits).
 */
static int selection_case(const char *spec, int want_rc, uint32_t want_serial)
{
	struct probe_s *p = NULL;
	struct probe_info_s info;
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	char err[256] = "";
	int rc;

	for (int i = 0; i < 30; i++) {	/* until discovery sees both simulators */
		if (probe_open("jlink-tcp:0", 0, &p, err, sizeof(err)) == PROBE_OK)
			probe_close(p);
		if (strstr(err, "424242") && strstr(err, "515151"))
			break;
		nanosleep(&ts, NULL);
	}
	rc = probe_open(spec, 0, &p, err, sizeof(err));
	if (rc == PROBE_OK) {
		probe_get_info(p, &info);
		probe_close(p);
		snprintf(err, sizeof(err), "serial %u", (unsigned)info.serial);
	}
	printf("  %-18s -> %d %s\n", spec, rc, err);
	return rc != want_rc || (rc == PROBE_OK && info.serial != want_serial);
}

int main(int argc, char **argv)
{
	char spec[64], text[1024];
	struct probe_info_s info;
	const char *board = argc > 1 ? argv[1] : "stm32l552";
	uint32_t want = strcmp(board, "stm32f401") ? 0x0BE12477u : 0x2BA01477u;

	if (!only_loopback()) {
		fprintf(stderr, "test_probe_jlink_tcp: refusing: this network namespace has interfaces other "
				"than lo, and J-Link TCP discovery broadcasts (run me through scripts/netns-run)\n");
		return 77;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(board, "--select") && argc == 5)
		return selection_case(argv[2], atoi(argv[3]), (uint32_t)strtoul(argv[4], NULL, 10));
	snprintf(spec, sizeof(spec), "jlink-tcp%s%s", argc > 2 ? ":" : "", argc > 2 ? argv[2] : "");
	struct probe_s *p = open_with_retries(spec);
	if (!p)
		return 1;
	probe_get_info(p, &info);
	probe_info_format(&info, text, sizeof(text));
	printf("%s: %s\n%s", board, spec, text);
	int rc = run(p, want);
	probe_close(p);
	printf("%s: %s\n", board, rc ? "FAIL" : "PASS");
	return rc;
}
