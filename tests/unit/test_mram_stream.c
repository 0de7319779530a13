// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streaming routine (flash/loaders/stm32_stream.c) programming the Alif E7's MRAM the
 * way the alif-mram driver sets it up: PROGRAM with 16-byte units and no control or status
 * register (cr_addr = sr_addr = 0). Every word is written, the ones the image holds as 0xFF
 * too (MRAM has no erase: the old data would stay), in four word stores in order, each
 * word costing the MRAM's write time.
 */
#include <stddef.h>
#include <string.h>

#include "sim_fixture.h"
#include "test_core_util.h"
#include "flash/loaders/stm32_stream.h"
#include "flash/loaders/stream_abi.h"

#define MRAM 0x80000000u
#define T_WRITE_NS 16000u	/* the alif-e7 board's constant */
#define BKPT_ADDR 0x00000000u
#define CODE 0x00001000u	/* ITCM */
#define STACK_TOP 0x20001000u	/* DTCM */
#define CTL 0x20002000u
#define BUF 0x20004000u
#define LEN 1024u

static void put(struct sim *s, uint32_t addr, const void *p, size_t n)
{
	char err[200];
	assert_int_equal(sim_preload(s, addr, p, n, err, sizeof(err)), 0);
}

static uint64_t now_ns(struct sim *s)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	return st.time_ns;
}

/* Publishes slot k's request (seq last, as the host does) and runs until the routine is done. */
static void request(struct sim *s, unsigned k, const struct stream_slot_s *req)
{
	uint32_t slot = CTL + offsetof(struct stream_ctl_s, slot) + k * sizeof(struct stream_slot_s);

	put(s, slot, req, sizeof(*req));
	for (int i = 0; i < 1000 && tc_rd(s, slot + offsetof(struct stream_slot_s, done)) != req->seq; i++)
		tc_us(s, 100);
	assert_int_equal(tc_rd(s, slot + offsetof(struct stream_slot_s, done)), req->seq);
	assert_int_equal(tc_rd(s, slot + offsetof(struct stream_slot_s, status)), STREAM_OK);
}

static void test_program_words(void **state)
{
	struct sim *s = fixture_board("alif-e7");
	static const uint8_t bkpt[2] = { 0x00, 0xBE };
	struct stream_ctl_s ctl = { 0 };
	struct stream_slot_s req = { 0 };
	static uint8_t old[LEN], img[LEN];
	uint64_t t0, t;

	(void)state;
	assert_int_not_equal(swdh_connect(s), 0);
	tc_halt(s);
	/* MRAM holds an old image */
	for (uint32_t i = 0; i < LEN; i++)
		old[i] = (uint8_t)(i * 13u + 1u);
	put(s, MRAM, old, sizeof(old));
	/* the new one: data, and a 256-byte hole GDB fills with the erased value */
	for (uint32_t i = 0; i < LEN; i++)
		img[i] = (uint8_t)(i * 7u + 3u);
	memset(img + 0x100, 0xFF, 0x100);

	put(s, BKPT_ADDR, bkpt, sizeof(bkpt));
	put(s, CODE, loader_stm32_stream, loader_stm32_stream_size);
	put(s, BUF, img, sizeof(img));
	ctl.cr_addr = 0;
	ctl.sr_addr = 0;
	ctl.unit = 16;
	ctl.erased = 0xFFFFFFFFu;
	put(s, CTL, &ctl, sizeof(ctl));
	tc_halt_at(s, CODE + loader_stm32_stream_entry);
	tc_set_reg(s, R_R0, CTL);
	tc_set_reg(s, R_SP, STACK_TOP);
	tc_set_reg(s, 0x0E, BKPT_ADDR | 1u);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_run(s);

	req.op = STREAM_OP_PROGRAM;
	req.flags = STREAM_F_VERIFY;
	req.addr = MRAM;
	req.len = LEN;
	req.buf = BUF;
	req.seq = 1;
	t0 = now_ns(s);
	request(s, 0, &req);
	t = now_ns(s) - t0;
	for (uint32_t a = 0; a < LEN; a += 4)
		assert_int_equal(tc_rd(s, MRAM + a), sim_le_get(img + a, 4));
	/* 64 words, each the write time (the next store waits for the previous word) */
	print_message("PROGRAM 1 KB of MRAM: %.1f us modeled (64 x %.1f us)\n", t / 1e3, T_WRITE_NS / 1e3);
	assert_true(t >= 63u * T_WRITE_NS);
	assert_true(t < 64u * T_WRITE_NS + 100000u);	/* + the 100 us steps of request() */
	req.op = STREAM_OP_EXIT;
	request(s, 1, &req);
	while (!(tc_rd(s, T_DHCSR) & T_S_HALT))
		tc_us(s, 10);
	assert_int_equal(tc_reg(s, R_PC), BKPT_ADDR);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_program_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
