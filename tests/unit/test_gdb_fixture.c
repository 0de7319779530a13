// SPDX-License-Identifier: GPL-2.0-or-later
/* Fixture of the GDB command-layer tests; see test_gdb_fixture.h. */
#include "test_gdb_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/log/log.h"
#include "src/probe/probe.h"
#include "src/rsp/hex.h"

#if defined(__SANITIZE_ADDRESS__)
#define FX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FX_ASAN 1
#endif
#endif
#ifdef FX_ASAN
void __sanitizer_purge_allocator(void);	/* the ASan runtime's; no header of gcc 12 declares it */
#endif

uint64_t fx_rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f;

#ifdef FX_ASAN
	/*
	 * ASan keeps freed blocks in its quarantine (up to 256 MB), where they count in RSS:
	 * what a test would see grow is how much was freed lately, not what is held. Drain it.
	 */
	__sanitizer_purge_allocator();
#endif
	f = fopen("/proc/self/statm", "r");

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lu %lu", &size, &resident), 2);
	fclose(f);
	return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void fx_console(void *ctx, const char *text)
{
	struct gdb_fixture_s *fx = ctx;
	size_t n = strlen(text);

	if (fx->console_len + n >= sizeof(fx->console))
		n = sizeof(fx->console) - fx->console_len - 1;
	memcpy(fx->console + fx->console_len, text, n);
	fx->console_len += n;
	fx->console[fx->console_len] = '\0';
}

int fx_setup_opts(void **state, const char *spec, const char *const *board_options)
{
	struct gdb_fixture_s *fx = calloc(1, sizeof(*fx));
	char err[256];

	assert_non_null(fx);
	log_set_level(getenv("RSPF_TEST_LOG") ? LOG_DEBUG : LOG_ERROR);
	if (probe_open_with(spec, 0, board_options, &fx->probe, err, sizeof(err)))
		fail_msg("probe %s: %s", spec, err);
	if (cortexm_attach(&fx->t, fx->probe))
		fail_msg("attach: %s", cortexm_error(&fx->t));
	assert_int_equal(cortexm_halt(&fx->t), 0);
	gdb_init(&fx->g, &fx->t, fx->probe);
	fx->g.speed_khz = 4000;
	fx->g.console = fx_console;
	fx->g.console_ctx = fx;
	*state = fx;
	return 0;
}

int fx_setup_l552(void **state)
{
	return fx_setup_opts(state, "sim:stm32l552", NULL);
}

int fx_setup_f401(void **state)
{
	return fx_setup_opts(state, "sim:stm32f401", NULL);
}

int fx_setup_n657(void **state)
{
	return fx_setup_opts(state, "sim:stm32n657", NULL);
}

int fx_teardown(void **state)
{
	struct gdb_fixture_s *fx = *state;

	gdb_cleanup(&fx->g);
	cortexm_detach(&fx->t, false);
	probe_close(fx->probe);
	free(fx);
	return 0;
}

const char *fx_cmd_len(struct gdb_fixture_s *fx, const void *pkt, size_t len)
{
	uint8_t *copy = malloc(len + 1);

	assert_non_null(copy);
	memcpy(copy, pkt, len);
	copy[len] = '\0';
	gdb_dispatch(&fx->g, copy, len);
	free(copy);
	if (fx->g.reply.none) {
		fx->reply[0] = '\0';
	} else {
		memcpy(fx->reply, fx->g.reply.data, fx->g.reply.len);
		fx->reply[fx->g.reply.len] = '\0';
	}
	return fx->reply;
}

const char *fx_cmd(struct gdb_fixture_s *fx, const char *pkt)
{
	return fx_cmd_len(fx, pkt, strlen(pkt));
}

void fx_console_clear(struct gdb_fixture_s *fx)
{
	fx->console_len = 0;
	fx->console[0] = '\0';
}

const char *fx_monitor(struct gdb_fixture_s *fx, const char *line)
{
	char pkt[1100];

	fx_console_clear(fx);
	strcpy(pkt, "qRcmd,");
	rsp_hex_encode((const uint8_t *)line, strlen(line), pkt + 6);
	return fx_cmd(fx, pkt);
}

void fx_load(struct gdb_fixture_s *fx, uint32_t addr, const uint16_t *code, size_t n)
{
	assert_int_equal(cortexm_halt(&fx->t), 0);
	assert_int_equal(cortexm_write_mem(&fx->t, addr, code, n * 2), 0);
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_PC, addr), 0);
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_SP, 0x20008000u), 0);
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_XPSR, 1u << 24), 0);
}

const char *fx_vflash_write(struct gdb_fixture_s *fx, uint32_t addr, const uint8_t *data, size_t len)
{
	static uint8_t pkt[1200];
	const char *r = "OK";

	for (size_t off = 0; off < len && strcmp(r, "OK") == 0; off += 1024) {
		size_t n = len - off < 1024 ? len - off : 1024;
		int h = snprintf((char *)pkt, sizeof(pkt), "vFlashWrite:%x:", addr + (uint32_t)off);

		memcpy(pkt + h, data + off, n);
		r = fx_cmd_len(fx, pkt, (size_t)h + n);
	}
	return r;
}

void fx_expect_mem(struct gdb_fixture_s *fx, uint32_t addr, const uint8_t *want, size_t len)
{
	uint8_t *got = malloc(len ? len : 1);

	assert_non_null(got);
	assert_int_equal(cortexm_read_mem(&fx->t, addr, got, len), 0);
	for (size_t i = 0; i < len; i++)
		if (got[i] != want[i]) {
			uint8_t g = got[i];

			free(got);
			fail_msg("memory at 0x%08zx holds 0x%02x, expected 0x%02x", addr + i, g, want[i]);
		}
	free(got);
}
