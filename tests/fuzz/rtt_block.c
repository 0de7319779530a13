// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the RTT layer (src/rtt/) reading a control block from target memory it
 * must not trust: the program may be buggy, half-initialised or overwrite its own block
 * while the host polls it.
 *
 * Input: the first RAM_SIZE bytes are the target's RAM at RAM (the rest zeros); then
 * steps of STEP_SIZE bytes, each a change the "program" makes between two polls: a 16-bit
 * RAM offset and a 32-bit value written there, and a byte of host data queued on a down
 * channel. The search runs over the RAM, then each step is applied and polled, and the
 * up data drained as a TCP client would.
 *
 * Properties: RTT writes only to what the host owns in a checked block (an up channel's
 * RdOff, a down channel's WrOff, a down channel's buffer), never outside RAM; what it
 * hands the host per channel never exceeds its host buffer; an active channel's offsets
 * are inside its buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "src/rtt/rtt.h"

#define RAM 0x20000000u
#define RAM_SIZE 2048u
#define STEP_SIZE 7u
#define MAX_STEPS 64u
#define SEARCH_STEPS_MAX 16

struct fake_s {
	uint8_t ram[RAM_SIZE];
	const struct rtt_s *r;
};

static bool in_ram(uint32_t addr, size_t len)
{
	return addr >= RAM && addr - RAM <= RAM_SIZE && len <= RAM_SIZE - (addr - RAM);
}

static int fake_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
	struct fake_s *f = ctx;

	if (!in_ram(addr, len))
		return -1;
	memcpy(buf, f->ram + (addr - RAM), len);
	return 0;
}

/* Whether [addr, addr+len) is a field or buffer the host may write in the block it took. */
static bool host_owned(const struct rtt_s *r, uint32_t addr, size_t len)
{
	for (unsigned i = 0; i < r->n_up; i++)
		if (r->up[i].present && addr == r->up[i].desc + RTT_F_RDOFF && len == 4)
			return true;
	for (unsigned i = 0; i < r->n_down; i++) {
		const struct rtt_channel_s *c = &r->down[i];

		if (!c->present)
			continue;
		if (addr == c->desc + RTT_F_WROFF && len == 4)
			return true;
		if (addr >= c->buffer && addr - c->buffer < c->size && len <= c->size - (addr - c->buffer))
			return true;
	}
	return false;
}

static int fake_write(void *ctx, uint32_t addr, const void *buf, size_t len)
{
	struct fake_s *f = ctx;

	FUZZ_CHECK(in_ram(addr, len));
	FUZZ_CHECK(f->r->state == RTT_ACTIVE && host_owned(f->r, addr, len));
	memcpy(f->ram + (addr - RAM), buf, len);
	return 0;
}

static void check_channels(const struct rtt_s *r)
{
	if (r->state != RTT_ACTIVE)
		return;
	FUZZ_CHECK(r->n_up <= RTT_MAX_CHANNELS && r->n_down <= RTT_MAX_CHANNELS);
	for (unsigned i = 0; i < r->n_up + r->n_down; i++) {
		const struct rtt_channel_s *c = i < r->n_up ? &r->up[i] : &r->down[i - r->n_up];

		if (!c->present)
			continue;
		FUZZ_CHECK(c->size > 0 && c->size <= RTT_BUFFER_MAX);
		FUZZ_CHECK(c->wroff < c->size && c->rdoff < c->size);
		FUZZ_CHECK(c->host.len <= RTT_HOST_BUFFER);
	}
}

/* Up data to a reader, as rtt_tcp.c would: everything waiting. */
static void drain_up(struct rtt_s *r)
{
	for (unsigned ch = 0; ch < r->n_up && ch < RTT_MAX_CHANNELS; ch++) {
		const uint8_t *data;
		size_t n, total = 0;

		while ((n = rtt_up_peek(r, ch, &data)) > 0) {
			FUZZ_CHECK(data != NULL && n <= RTT_HOST_BUFFER);
			total += n;
			FUZZ_CHECK(total <= RTT_HOST_BUFFER);
			rtt_up_consume(r, ch, n);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake_s f;
	struct rtt_s r;
	struct rtt_mem_s mem = { fake_read, fake_write, &f };
	size_t pos = size < RAM_SIZE ? size : RAM_SIZE;
	int found = 0;

	fuzz_quiet_log();
	memset(f.ram, 0, sizeof(f.ram));
	memcpy(f.ram, data, pos);
	f.r = &r;
	rtt_init(&r, &mem);
	FUZZ_CHECK(rtt_add_ram(&r, RAM, RAM_SIZE) == 0);
	FUZZ_CHECK(rtt_add_search(&r, RAM, RAM_SIZE) == 0);
	rtt_start(&r);
	for (int i = 0; i < SEARCH_STEPS_MAX && found == 0; i++)
		found = rtt_search_step(&r);
	FUZZ_CHECK(found != -1);	/* all of RAM answers */
	check_channels(&r);
	for (unsigned step = 0; found == 1 && step < MAX_STEPS && pos + STEP_SIZE <= size; step++, pos += STEP_SIZE) {
		const uint8_t *s = data + pos;
		uint32_t off = ((uint32_t)s[0] | (uint32_t)s[1] << 8) % (RAM_SIZE - 3u);
		uint8_t host = s[6];

		memcpy(f.ram + off, s + 2, 4);	/* the program's write between two polls */
		if (r.n_down)
			rtt_down_queue(&r, host % r.n_down, &host, 1);
		FUZZ_CHECK(rtt_poll(&r) >= 0 || r.state == RTT_OFF);
		check_channels(&r);
		drain_up(&r);
		if (r.state != RTT_ACTIVE)
			break;
	}
	rtt_free(&r);
	return 0;
}
