// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RTT layer (src/rtt/) against a fake target memory: the search (a block across a
 * search chunk's end, a decoy ID refused and passed over, a block that appears later),
 * draining up buffers (wrapped: two reads, one RdOff write; idle: one read), filling down
 * buffers (wrapping, one byte kept free, the rest waiting on the host), the host buffer's
 * bound, and every corrupt field: a log line naming the field, channel, address and value,
 * the channel or block dropped, nothing written to the target; a target that stops
 * answering stops RTT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/log/log.h"
#include "src/rtt/rtt_internal.h"

#define RAM 0x20000000u
#define RAM_SIZE 0x4000u
#define CB (RAM + 0x3f8u)	/* across the first search chunk's end (0x400) */
#define UP0_BUF (RAM + 0x1000u)
#define UP1_BUF (RAM + 0x1100u)
#define DOWN0_BUF (RAM + 0x1200u)
#define NAME0 (RAM + 0x1300u)
#define UP0_SIZE 64u
#define UP1_SIZE 32u
#define DOWN0_SIZE 16u

struct fx_s {
	struct rtt_s r;
	uint8_t ram[RAM_SIZE];
	unsigned reads, writes;
	bool dead;		/* the target stopped answering */
	FILE *log;
};

static bool in_ram(uint32_t addr, size_t len)
{
	return addr >= RAM && addr - RAM <= RAM_SIZE && len <= RAM_SIZE - (addr - RAM);
}

static int fake_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
	struct fx_s *fx = ctx;

	fx->reads++;
	if (fx->dead || !in_ram(addr, len))
		return -1;
	memcpy(buf, fx->ram + (addr - RAM), len);
	return 0;
}

static int fake_write(void *ctx, uint32_t addr, const void *buf, size_t len)
{
	struct fx_s *fx = ctx;

	fx->writes++;
	if (fx->dead || !in_ram(addr, len))
		return -1;
	memcpy(fx->ram + (addr - RAM), buf, len);
	return 0;
}

static uint32_t get32(struct fx_s *fx, uint32_t addr)
{
	return rtt_le32(fx->ram + (addr - RAM));
}

static void put32(struct fx_s *fx, uint32_t addr, uint32_t v)
{
	rtt_put_le32(fx->ram + (addr - RAM), v);
}

static uint32_t desc(bool up, unsigned ch)
{
	return CB + RTT_HEADER_SIZE + ((up ? 0u : 2u) + ch) * RTT_DESC_SIZE;
}

static void put_desc(struct fx_s *fx, uint32_t d, uint32_t name, uint32_t buf, uint32_t size, uint32_t flags)
{
	put32(fx, d + RTT_F_NAME, name);
	put32(fx, d + RTT_F_BUFFER, buf);
	put32(fx, d + RTT_F_SIZE, size);
	put32(fx, d + RTT_F_WROFF, 0);
	put32(fx, d + RTT_F_RDOFF, 0);
	put32(fx, d + RTT_F_FLAGS, flags);
}

/* The firmware's side: 2 up (Terminal, unnamed), 1 down, the ID written last. */
static void firmware_init(struct fx_s *fx)
{
	memcpy(fx->ram + (NAME0 - RAM), "Terminal", 9);
	put32(fx, CB + 16, 2);
	put32(fx, CB + 20, 1);
	put_desc(fx, desc(true, 0), NAME0, UP0_BUF, UP0_SIZE, 2);
	put_desc(fx, desc(true, 1), 0, UP1_BUF, UP1_SIZE, 0);
	put_desc(fx, desc(false, 0), NAME0, DOWN0_BUF, DOWN0_SIZE, 0);
	memcpy(fx->ram + (CB - RAM), "SEGGER RTT\0\0\0\0\0", 16);
}

/* The firmware prints into up channel ch (no check for room: the tests keep within it). */
static void firmware_print(struct fx_s *fx, unsigned ch, const char *s)
{
	uint32_t d = desc(true, ch), buf = get32(fx, d + RTT_F_BUFFER), size = get32(fx, d + RTT_F_SIZE);
	uint32_t wr = get32(fx, d + RTT_F_WROFF);

	for (; *s; s++) {
		fx->ram[buf - RAM + wr] = (uint8_t)*s;
		wr = (wr + 1) % size;
	}
	put32(fx, d + RTT_F_WROFF, wr);
}

static int setup(void **state)
{
	struct fx_s *fx = calloc(1, sizeof(*fx));
	struct rtt_mem_s mem = { fake_read, fake_write, fx };

	assert_non_null(fx);
	fx->log = tmpfile();
	log_set_file(fx->log);
	rtt_init(&fx->r, &mem);
	assert_int_equal(rtt_add_ram(&fx->r, RAM, RAM_SIZE), 0);
	assert_int_equal(rtt_add_search(&fx->r, RAM, RAM_SIZE), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx_s *fx = *state;

	log_set_file(NULL);
	fclose(fx->log);
	rtt_free(&fx->r);
	free(fx);
	return 0;
}

static bool log_has(struct fx_s *fx, const char *text)
{
	char line[1024];
	bool found = false;

	fflush(fx->log);
	rewind(fx->log);
	while (!found && fgets(line, sizeof(line), fx->log))
		found = strstr(line, text) != NULL;
	fseek(fx->log, 0, SEEK_END);
	return found;
}

/* Searches until found (or a pass ends): the step's result. */
static int search(struct fx_s *fx)
{
	int r;

	rtt_start(&fx->r);
	while ((r = rtt_search_step(&fx->r)) == 0)
		;
	return r;
}

static void found(struct fx_s *fx)
{
	firmware_init(fx);
	assert_int_equal(search(fx), 1);
	assert_int_equal(fx->r.state, RTT_ACTIVE);
}

/* Takes what up channel ch holds on the host into out (NUL-terminated). */
static size_t take_up(struct fx_s *fx, unsigned ch, char *out, size_t cap)
{
	size_t got = 0;
	const uint8_t *p;
	size_t n;

	while ((n = rtt_up_peek(&fx->r, ch, &p)) && got + 1 < cap) {
		if (n > cap - 1 - got)
			n = cap - 1 - got;
		memcpy(out + got, p, n);
		rtt_up_consume(&fx->r, ch, n);
		got += n;
	}
	out[got] = '\0';
	return got;
}

static void test_search_finds_block_across_chunk(void **state)
{
	struct fx_s *fx = *state;

	found(fx);
	assert_int_equal(fx->r.cb, CB);
	assert_int_equal(fx->r.n_up, 2);
	assert_int_equal(fx->r.n_down, 1);
	assert_string_equal(fx->r.up[0].name, "Terminal");
	assert_string_equal(fx->r.up[1].name, "");
	assert_int_equal(fx->r.up[0].size, UP0_SIZE);
	assert_string_equal(rtt_mode_name(fx->r.up[0].flags), "block");
	assert_true(log_has(fx, "RTT control block 'SEGGER RTT' found at 0x200003f8: 2 up, 1 down channels"));
}

static void test_search_whole_pass_then_found_later(void **state)
{
	struct fx_s *fx = *state;

	assert_int_equal(search(fx), 2);	/* nothing there yet */
	assert_int_equal(fx->r.state, RTT_SEARCHING);
	assert_int_equal(fx->writes, 0);
	firmware_init(fx);
	while (rtt_search_step(&fx->r) == 0)
		;
	assert_int_equal(fx->r.state, RTT_ACTIVE);
}

static void test_search_decoy_refused_then_block_found(void **state)
{
	struct fx_s *fx = *state;

	/* the ID in a stack buffer, with garbage where the counts would be */
	memcpy(fx->ram + 0x40, "SEGGER RTT", 11);
	put32(fx, RAM + 0x40 + 16, 0x41414141);
	found(fx);
	assert_int_equal(fx->r.cb, CB);
	assert_true(log_has(fx, "RTT control block at 0x20000040: MaxNumUpBuffers at 0x20000050 is 0x41414141, more "
			    "than 16: not taken"));
}

static void test_search_own_id(void **state)
{
	struct fx_s *fx = *state;

	firmware_init(fx);
	assert_int_equal(rtt_set_id(&fx->r, "MY RTT"), 0);
	assert_int_equal(search(fx), 2);
	memcpy(fx->ram + (CB - RAM), "MY RTT\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(search(fx), 1);
	assert_int_equal(rtt_set_id(&fx->r, "an ID longer than 16"), -1);
}

static void test_idle_poll_is_one_read(void **state)
{
	struct fx_s *fx = *state;

	found(fx);
	fx->reads = fx->writes = 0;
	assert_int_equal(rtt_poll(&fx->r), 0);
	assert_int_equal(fx->reads, 1);
	assert_int_equal(fx->writes, 0);
	assert_int_equal(fx->r.st.idle_polls, 1);
}

static void test_up_data_drained_and_rdoff_written(void **state)
{
	struct fx_s *fx = *state;
	char out[256];

	found(fx);
	firmware_print(fx, 0, "hello\n");
	firmware_print(fx, 1, "data");
	fx->reads = fx->writes = 0;
	assert_int_equal(rtt_poll(&fx->r), 10);
	assert_int_equal(fx->reads, 3);		/* descriptors, two channels' data */
	assert_int_equal(fx->writes, 2);	/* two RdOff */
	assert_int_equal(get32(fx, desc(true, 0) + RTT_F_RDOFF), 6);
	assert_int_equal(take_up(fx, 0, out, sizeof(out)), 6);
	assert_string_equal(out, "hello\n");
	take_up(fx, 1, out, sizeof(out));
	assert_string_equal(out, "data");
}

static void test_up_wrapped_two_reads(void **state)
{
	struct fx_s *fx = *state;
	char line[UP0_SIZE], out[256];

	found(fx);
	memset(line, 'a', 50);
	line[50] = '\0';
	firmware_print(fx, 0, line);
	rtt_poll(&fx->r);
	take_up(fx, 0, out, sizeof(out));
	firmware_print(fx, 0, "0123456789abcdefghij");	/* 50..63 then 0..5 */
	fx->reads = fx->writes = 0;
	assert_int_equal(rtt_poll(&fx->r), 20);
	assert_int_equal(fx->reads, 3);		/* descriptors, the piece to the end, the piece from 0 */
	assert_int_equal(fx->writes, 1);
	take_up(fx, 0, out, sizeof(out));
	assert_string_equal(out, "0123456789abcdefghij");
	assert_int_equal(get32(fx, desc(true, 0) + RTT_F_RDOFF), 6);
}

static void test_down_written_wrapping_one_byte_free(void **state)
{
	struct fx_s *fx = *state;
	uint32_t d = desc(false, 0);

	found(fx);
	/* the target has read up to 10: the host writes from 10 */
	put32(fx, d + RTT_F_WROFF, 10);
	put32(fx, d + RTT_F_RDOFF, 10);
	rtt_poll(&fx->r);
	assert_int_equal(rtt_down_queue(&fx->r, 0, "exit 3\nmore text\n", 17), 17);
	fx->writes = 0;
	assert_int_equal(rtt_poll(&fx->r), 15);	/* 16 - 1 kept free */
	assert_int_equal(get32(fx, d + RTT_F_WROFF), 9);
	assert_memory_equal(fx->ram + (DOWN0_BUF - RAM) + 10, "exit 3", 6);
	assert_memory_equal(fx->ram + (DOWN0_BUF - RAM), "\nmore tex", 9);
	assert_int_equal(fx->writes, 3);	/* two pieces, WrOff */
	assert_int_equal(fx->r.down[0].host.len, 2);	/* "t\n" waits for room */
	put32(fx, d + RTT_F_RDOFF, 9);		/* the target read everything */
	assert_int_equal(rtt_poll(&fx->r), 2);
	assert_memory_equal(fx->ram + (DOWN0_BUF - RAM) + 9, "t\n", 2);
	assert_false(fx->r.down_pending);
}

static void test_host_buffer_bounded_oldest_dropped(void **state)
{
	struct fx_s *fx = *state;
	char chunk[UP0_SIZE / 2 + 1];
	uint8_t first = 0;
	const uint8_t *p;

	found(fx);
	memset(chunk, 'x', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	for (unsigned i = 0; i < RTT_HOST_BUFFER / (UP0_SIZE / 2) + 4; i++) {
		chunk[0] = (char)('A' + i % 26);
		firmware_print(fx, 0, chunk);
		rtt_poll(&fx->r);
	}
	assert_int_equal(fx->r.up[0].host.len, RTT_HOST_BUFFER);
	assert_int_equal(fx->r.up[0].host.dropped, 4 * (UP0_SIZE / 2));
	assert_true(log_has(fx, "RTT up channel 0: nobody reads it and its 64 KiB host buffer is full: 32 oldest "
			    "bytes dropped so far"));
	rtt_up_peek(&fx->r, 0, &p);
	first = p[0];
	assert_int_equal(first, 'A' + 4);
}

/* Each corrupt descriptor field: the log line, the channel dropped, nothing written. */
static void corrupt_channel(struct fx_s *fx, unsigned off, uint32_t value, const char *expect)
{
	uint32_t rdoff;

	found(fx);
	firmware_print(fx, 0, "lost?");

	put32(fx, desc(true, 0) + off, value);
	rdoff = get32(fx, desc(true, 0) + RTT_F_RDOFF);
	fx->writes = 0;
	rtt_poll(&fx->r);
	assert_true(log_has(fx, expect));
	assert_false(fx->r.up[0].present);
	assert_true(fx->r.up[1].present);
	assert_int_equal(fx->r.state, RTT_ACTIVE);
	assert_int_equal(fx->writes, 0);
	assert_int_equal(get32(fx, desc(true, 0) + RTT_F_RDOFF), rdoff);
	firmware_print(fx, 1, "still");
	assert_int_equal(rtt_poll(&fx->r), 5);	/* the other channel goes on */
}

static void test_bad_wroff(void **state)
{
	corrupt_channel(*state, RTT_F_WROFF, 0x1234,
			"RTT up channel 0 WrOff at 0x2000041c is 0x00001234, beyond SizeOfBuffer 64: channel stopped");
}

static void test_bad_rdoff(void **state)
{
	corrupt_channel(*state, RTT_F_RDOFF, 64,
			"RTT up channel 0 RdOff at 0x20000420 is 0x00000040, beyond SizeOfBuffer 64: channel stopped");
}

static void test_bad_pbuffer(void **state)
{
	corrupt_channel(*state, RTT_F_BUFFER, 0x08000000,
			"RTT up channel 0 pBuffer at 0x20000414 is 0x08000000, its 64 bytes are not inside RAM: channel "
			"stopped");
}

static void test_buffer_running_out_of_ram(void **state)
{
	corrupt_channel(*state, RTT_F_BUFFER, RAM + RAM_SIZE - 8,
			"RTT up channel 0 pBuffer at 0x20000414 is 0x20003ff8, its 64 bytes are not inside RAM");
}

static void test_bad_size(void **state)
{
	corrupt_channel(*state, RTT_F_SIZE, 0,
			"RTT up channel 0 SizeOfBuffer at 0x20000418 is 0x00000000, not in 1..1048576: channel stopped");
}

static void test_bad_down_wroff_nothing_written(void **state)
{
	struct fx_s *fx = *state;
	uint8_t before[DOWN0_SIZE];

	found(fx);
	put32(fx, desc(false, 0) + RTT_F_WROFF, 0xffff);
	memcpy(before, fx->ram + (DOWN0_BUF - RAM), sizeof(before));
	rtt_down_queue(&fx->r, 0, "x\n", 2);
	fx->writes = 0;
	rtt_poll(&fx->r);
	assert_true(log_has(fx, "RTT down channel 0 WrOff at 0x2000044c is 0x0000ffff, beyond SizeOfBuffer 16: "
			    "channel stopped"));
	assert_int_equal(fx->writes, 0);
	assert_memory_equal(fx->ram + (DOWN0_BUF - RAM), before, sizeof(before));
	assert_false(fx->r.down[0].present);
}

/* What a client sent while its down channel was stopped is written once the block is back. */
static void test_down_data_kept_while_channel_stopped(void **state)
{
	struct fx_s *fx = *state;
	uint32_t d = desc(false, 0);

	found(fx);
	put32(fx, d + RTT_F_BUFFER, 0x30000000);
	rtt_down_queue(&fx->r, 0, "hello\n", 6);
	rtt_poll(&fx->r);
	assert_false(fx->r.down[0].present);
	put32(fx, d + RTT_F_BUFFER, DOWN0_BUF);	/* fixed: `monitor rtt start` */
	assert_int_equal(search(fx), 1);
	assert_int_equal(rtt_poll(&fx->r), 6);
	assert_memory_equal(fx->ram + (DOWN0_BUF - RAM), "hello\n", 6);
	assert_int_equal(get32(fx, d + RTT_F_WROFF), 6);
}

static void test_bad_count_drops_block_until_start(void **state)
{
	struct fx_s *fx = *state;

	found(fx);
	put32(fx, CB + 16, 0x1000);
	fx->writes = 0;
	assert_int_equal(rtt_poll(&fx->r), 0);
	assert_true(log_has(fx, "RTT control block at 0x200003f8: MaxNumUpBuffers at 0x20000408 is 0x00001000, more "
			    "than 16: control block dropped"));
	assert_int_equal(fx->r.state, RTT_DROPPED);
	fx->reads = 0;
	assert_int_equal(rtt_poll(&fx->r), 0);
	assert_int_equal(rtt_search_step(&fx->r), 0);
	assert_int_equal(fx->reads, 0);		/* dropped: nothing more read */
	assert_int_equal(fx->writes, 0);
	put32(fx, CB + 16, 2);			/* fixed: `monitor rtt start` */
	assert_int_equal(search(fx), 1);
	firmware_print(fx, 0, "back");
	assert_int_equal(rtt_poll(&fx->r), 4);
}

static void test_block_outside_ram_refused(void **state)
{
	struct fx_s *fx = *state;

	firmware_init(fx);
	rtt_clear_search(&fx->r);
	assert_int_equal(rtt_add_search(&fx->r, RAM + RAM_SIZE - 32, 32), 0);
	memcpy(fx->ram + RAM_SIZE - 32, "SEGGER RTT\0\0\0\0\0", 16);
	put32(fx, RAM + RAM_SIZE - 16, 1);
	put32(fx, RAM + RAM_SIZE - 12, 1);
	assert_int_equal(search(fx), 2);
	assert_true(log_has(fx, "RTT control block at 0x20003fe0: its 72 bytes (1 up, 1 down channels) are not inside "
			    "RAM: not taken"));
}

static void test_id_gone_searches_again(void **state)
{
	struct fx_s *fx = *state;

	found(fx);
	memset(fx->ram + (CB - RAM), 0, 16);	/* a reset: the startup code clears .bss */
	assert_int_equal(rtt_poll(&fx->r), 0);
	assert_int_equal(fx->r.state, RTT_SEARCHING);
	assert_true(log_has(fx, "its ID no longer reads 'SEGGER RTT'"));
	firmware_init(fx);
	while (rtt_search_step(&fx->r) == 0)
		;
	assert_int_equal(fx->r.state, RTT_ACTIVE);
}

static void test_target_gone_stops_rtt(void **state)
{
	struct fx_s *fx = *state;

	found(fx);
	fx->dead = true;
	assert_int_equal(rtt_poll(&fx->r), -1);
	assert_int_equal(fx->r.state, RTT_OFF);
	assert_non_null(strstr(fx->r.error, "cannot read 72 bytes at 0x200003f8 (RTT control block)"));
	assert_int_equal(rtt_poll(&fx->r), 0);	/* off: nothing more */
}

static void test_up_data_kept_across_restart(void **state)
{
	struct fx_s *fx = *state;
	char out[64];

	found(fx);
	firmware_print(fx, 0, "kept");
	rtt_poll(&fx->r);
	rtt_start(&fx->r);
	take_up(fx, 0, out, sizeof(out));
	assert_string_equal(out, "kept");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_finds_block_across_chunk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_whole_pass_then_found_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_decoy_refused_then_block_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_own_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_poll_is_one_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_up_data_drained_and_rdoff_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_up_wrapped_two_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_down_written_wrapping_one_byte_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_buffer_bounded_oldest_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_wroff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rdoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pbuffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_running_out_of_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_down_wroff_nothing_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_down_data_kept_while_channel_stopped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_count_drops_block_until_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_outside_ram_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_gone_searches_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_gone_stops_rtt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_up_data_kept_across_restart, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
