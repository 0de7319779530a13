// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control block: configuration, the search, and the checks a block and each of its
 * descriptors must pass before anything is read through them or written into them
 * (rtt.h). A candidate found by the search that fails them is refused and the search goes
 * on (the ID may also sit in a stack buffer or a copy of a string); a block in use that
 * fails them is dropped.
 */
#include <stdio.h>
#include <string.h>

#include "src/log/log.h"
#include "src/rtt/rtt_internal.h"

static const char *const field_names[] = {
	[RTT_F_NAME / 4] = "sName", [RTT_F_BUFFER / 4] = "pBuffer", [RTT_F_SIZE / 4] = "SizeOfBuffer",
	[RTT_F_WROFF / 4] = "WrOff", [RTT_F_RDOFF / 4] = "RdOff", [RTT_F_FLAGS / 4] = "Flags",
};

void rtt_init(struct rtt_s *r, const struct rtt_mem_s *mem)
{
	memset(r, 0, sizeof(*r));
	r->mem = *mem;
	strcpy(r->id, RTT_DEFAULT_ID);
}

void rtt_free(struct rtt_s *r)
{
	for (unsigned i = 0; i < RTT_MAX_CHANNELS; i++) {
		rtt_ring_free(&r->up[i].host);
		rtt_ring_free(&r->down[i].host);
	}
}

int rtt_set_id(struct rtt_s *r, const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > RTT_ID_LEN)
		return -1;
	memcpy(r->id, id, n + 1);
	return 0;
}

void rtt_clear_search(struct rtt_s *r)
{
	r->n_search = 0;
}

static int add_range(struct rtt_range_s *set, unsigned *n, uint32_t base, uint32_t size)
{
	if (*n >= RTT_MAX_RANGES || size == 0 || (uint64_t)base + size > 0x100000000ull)
		return -1;
	set[(*n)++] = (struct rtt_range_s){ base, size };
	return 0;
}

int rtt_add_search(struct rtt_s *r, uint32_t base, uint32_t size)
{
	/* the block is 4-byte aligned: an unaligned start is rounded down to its word */
	return add_range(r->search, &r->n_search, base & ~3u, size + (base & 3u));
}

int rtt_add_ram(struct rtt_s *r, uint32_t base, uint32_t size)
{
	return add_range(r->ram, &r->n_ram, base, size);
}

bool rtt_in_ram(const struct rtt_s *r, uint32_t addr, uint32_t len)
{
	for (unsigned i = 0; i < r->n_ram; i++)
		if (addr >= r->ram[i].base && (uint64_t)addr + len <= (uint64_t)r->ram[i].base + r->ram[i].size)
			return true;
	return false;
}

int rtt_mem_read(struct rtt_s *r, uint32_t addr, void *buf, size_t len, const char *what)
{
	int rc;

	r->st.reads++;
	rc = r->mem.read(r->mem.ctx, addr, buf, len);
	if (rc == 0)
		return 0;
	snprintf(r->error, sizeof(r->error), "cannot read %zu bytes at 0x%08x (%s): %s", len, addr, what,
		 rc == -2 ? "outside the target's memory map" : "the target does not answer");
	return -1;
}

int rtt_mem_write(struct rtt_s *r, uint32_t addr, const void *buf, size_t len, const char *what)
{
	r->st.writes++;
	if (r->mem.write(r->mem.ctx, addr, buf, len) == 0)
		return 0;
	snprintf(r->error, sizeof(r->error), "cannot write %zu bytes at 0x%08x (%s): the target does not answer",
		 len, addr, what);
	return -1;
}

static void forget_channels(struct rtt_s *r)
{
	for (unsigned i = 0; i < RTT_MAX_CHANNELS; i++) {
		/* data still on the host stays for its reader */
		struct rtt_ring_s up = r->up[i].host, down = r->down[i].host;

		memset(&r->up[i], 0, sizeof(r->up[i]));
		memset(&r->down[i], 0, sizeof(r->down[i]));
		r->up[i].host = up;
		r->down[i].host = down;
	}
	r->n_up = r->n_down = 0;
	r->cb = 0;
}

void rtt_search_rewind(struct rtt_s *r)
{
	r->search_range = 0;
	r->search_pos = r->n_search ? r->search[0].base : 0;
}

void rtt_start(struct rtt_s *r)
{
	forget_channels(r);
	r->state = r->n_search ? RTT_SEARCHING : RTT_OFF;
	rtt_search_rewind(r);
	r->rejected = 0;
	r->error[0] = '\0';
}

void rtt_stop(struct rtt_s *r, const char *why)
{
	r->state = RTT_OFF;
	if (why)
		snprintf(r->error, sizeof(r->error), "%s", why);
}

void rtt_drop_block(struct rtt_s *r, const char *why)
{
	log_warn("%s: control block dropped; RTT looks again after a reset or `monitor rtt start`", why);
	snprintf(r->error, sizeof(r->error), "%s", why);
	r->state = RTT_DROPPED;
}

int rtt_check_header(const struct rtt_s *r, uint32_t cb, const uint8_t *raw, char *why, size_t cap)
{
	size_t idn = strlen(r->id);
	uint32_t n_up = rtt_le32(raw + 16), n_down = rtt_le32(raw + 20), bytes;

	if (memcmp(raw, r->id, idn < RTT_ID_LEN ? idn + 1 : RTT_ID_LEN) != 0) {
		snprintf(why, cap, "RTT control block at 0x%08x: its ID no longer reads '%s'", cb, r->id);
		return -2;
	}
	if (n_up > RTT_MAX_CHANNELS || n_down > RTT_MAX_CHANNELS) {
		bool up = n_up > RTT_MAX_CHANNELS;

		snprintf(why, cap, "RTT control block at 0x%08x: %s at 0x%08x is 0x%08x, more than %u", cb,
			 up ? "MaxNumUpBuffers" : "MaxNumDownBuffers", cb + (up ? 16u : 20u), up ? n_up : n_down,
			 RTT_MAX_CHANNELS);
		return -1;
	}
	bytes = RTT_HEADER_SIZE + (n_up + n_down) * RTT_DESC_SIZE;
	if (!rtt_in_ram(r, cb, bytes)) {
		snprintf(why, cap, "RTT control block at 0x%08x: its %u bytes (%u up, %u down channels) are not inside RAM",
			 cb, bytes, n_up, n_down);
		return -1;
	}
	return 0;
}

static int bad_field(char *why, size_t cap, bool up, unsigned ch, uint32_t desc, unsigned off, uint32_t v,
		     const char *what)
{
	snprintf(why, cap, "RTT %s channel %u %s at 0x%08x is 0x%08x, %s", up ? "up" : "down", ch, field_names[off / 4],
		 desc + off, v, what);
	return -1;
}

int rtt_check_desc(const struct rtt_s *r, bool up, unsigned ch, uint32_t desc, const uint8_t *raw, char *why,
		   size_t cap)
{
	uint32_t buf = rtt_le32(raw + RTT_F_BUFFER), size = rtt_le32(raw + RTT_F_SIZE);
	uint32_t wr = rtt_le32(raw + RTT_F_WROFF), rd = rtt_le32(raw + RTT_F_RDOFF);
	char what[96];

	if (size == 0 || size > RTT_BUFFER_MAX) {
		snprintf(what, sizeof(what), "not in 1..%u", RTT_BUFFER_MAX);
		return bad_field(why, cap, up, ch, desc, RTT_F_SIZE, size, what);
	}
	if (!rtt_in_ram(r, buf, size)) {
		snprintf(what, sizeof(what), "its %u bytes are not inside RAM", size);
		return bad_field(why, cap, up, ch, desc, RTT_F_BUFFER, buf, what);
	}
	if (wr >= size || rd >= size) {
		snprintf(what, sizeof(what), "beyond SizeOfBuffer %u", size);
		return bad_field(why, cap, up, ch, desc, wr >= size ? RTT_F_WROFF : RTT_F_RDOFF, wr >= size ? wr : rd,
				 what);
	}
	return 0;
}

void rtt_take_desc(struct rtt_channel_s *ch, const uint8_t *raw)
{
	ch->buffer = rtt_le32(raw + RTT_F_BUFFER);
	ch->size = rtt_le32(raw + RTT_F_SIZE);
	ch->wroff = rtt_le32(raw + RTT_F_WROFF);
	ch->rdoff = rtt_le32(raw + RTT_F_RDOFF);
	ch->flags = rtt_le32(raw + RTT_F_FLAGS);
}

/* The channel's name, when its pointer reads (it often points into flash); "" otherwise. */
static void read_name(struct rtt_s *r, struct rtt_channel_s *ch, uint32_t addr)
{
	char name[RTT_NAME_MAX];

	ch->name[0] = '\0';
	if (!addr)
		return;
	r->st.reads++;
	if (r->mem.read(r->mem.ctx, addr, name, sizeof(name)) != 0)
		return;		/* a name is for display only: its absence stops nothing */
	name[sizeof(name) - 1] = '\0';
	for (char *p = name; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	memcpy(ch->name, name, sizeof(name));
}

/* The descriptors just read (raw) into the channels, each checked; bad ones logged and left out. */
static void take_channels(struct rtt_s *r, const uint8_t *raw)
{
	for (unsigned i = 0; i < r->n_up + r->n_down; i++) {
		bool up = i < r->n_up;
		unsigned ch = up ? i : i - r->n_up;
		struct rtt_channel_s *c = up ? &r->up[ch] : &r->down[ch];
		const uint8_t *d = raw + i * RTT_DESC_SIZE;
		char why[200];

		c->desc = r->cb + RTT_HEADER_SIZE + i * RTT_DESC_SIZE;
		if (rtt_check_desc(r, up, ch, c->desc, d, why, sizeof(why))) {
			log_warn("%s: channel stopped", why);
			continue;
		}
		rtt_take_desc(c, d);
		c->present = true;
		read_name(r, c, rtt_le32(d + RTT_F_NAME));
	}
}

int rtt_attach(struct rtt_s *r, uint32_t addr)
{
	uint8_t raw[RTT_HEADER_SIZE + 2 * RTT_MAX_CHANNELS * RTT_DESC_SIZE];
	char why[200];
	unsigned n;

	/* an ID in the last bytes of RAM: its header would be read past the end, which is no
	 * reason to give up on RTT */
	if (!rtt_in_ram(r, addr, RTT_HEADER_SIZE)) {
		snprintf(why, sizeof(why), "RTT control block ID at 0x%08x: its %u-byte header runs past the end of RAM",
			 addr, RTT_HEADER_SIZE);
	} else if (rtt_mem_read(r, addr, raw, RTT_HEADER_SIZE, "RTT control block")) {
		return -1;
	} else if (rtt_check_header(r, addr, raw, why, sizeof(why)) == 0) {
		n = rtt_le32(raw + 16) + rtt_le32(raw + 20);
		if (n && rtt_mem_read(r, addr + RTT_HEADER_SIZE, raw + RTT_HEADER_SIZE, n * RTT_DESC_SIZE,
				      "RTT descriptors"))
			return -1;
		forget_channels(r);
		r->cb = addr;
		r->n_up = rtt_le32(raw + 16);
		r->n_down = rtt_le32(raw + 20);
		take_channels(r, raw + RTT_HEADER_SIZE);
		r->state = RTT_ACTIVE;
		r->error[0] = '\0';
		log_info("RTT control block '%s' found at 0x%08x: %u up, %u down channels", r->id, addr, r->n_up,
			 r->n_down);
		return 1;
	}
	if (r->rejected != addr + 1)	/* +1: 0 means none */
		log_warn("%s: not taken", why);
	r->rejected = addr + 1;
	snprintf(r->error, sizeof(r->error), "%s", why);
	return 0;
}

/* The next chunk of the search: 0 more to come, 2 the pass is over (starts again). */
static int search_advance(struct rtt_s *r)
{
	const struct rtt_range_s *rg = &r->search[r->search_range];
	uint64_t next = (uint64_t)r->search_pos + RTT_SEARCH_CHUNK;

	if (next < (uint64_t)rg->base + rg->size) {
		r->search_pos = (uint32_t)next;
		return 0;
	}
	r->search_range = (r->search_range + 1) % r->n_search;
	r->search_pos = r->search[r->search_range].base;
	return r->search_range == 0 ? 2 : 0;
}

int rtt_search_step(struct rtt_s *r)
{
	uint8_t buf[RTT_SEARCH_CHUNK + RTT_ID_LEN];
	size_t idn = strlen(r->id), cmp = idn < RTT_ID_LEN ? idn + 1 : RTT_ID_LEN, want;
	const struct rtt_range_s *rg;
	uint64_t end;

	if (r->state != RTT_SEARCHING || !r->n_search)
		return 0;
	rg = &r->search[r->search_range];
	end = (uint64_t)rg->base + rg->size;
	want = end - r->search_pos < sizeof(buf) ? (size_t)(end - r->search_pos) : sizeof(buf);
	r->st.search_steps++;
	r->st.search_bytes += want;
	if (rtt_mem_read(r, r->search_pos, buf, want, "RTT search")) {
		log_warn("RTT stopped: %s", r->error);
		r->state = RTT_OFF;
		return -1;
	}
	for (size_t o = 0; o < RTT_SEARCH_CHUNK && o + cmp <= want; o += 4) {
		int a;

		if (memcmp(buf + o, r->id, cmp) != 0)
			continue;
		a = rtt_attach(r, r->search_pos + (uint32_t)o);
		if (a < 0) {
			log_warn("RTT stopped: %s", r->error);
			r->state = RTT_OFF;
		}
		if (a != 0)
			return a;
	}
	return search_advance(r);
}

const char *rtt_state_name(enum rtt_state_e s)
{
	static const char *const names[] = {
		[RTT_OFF] = "stopped", [RTT_SEARCHING] = "searching", [RTT_ACTIVE] = "active", [RTT_DROPPED] = "dropped",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *rtt_mode_name(uint32_t flags)
{
	static const char *const modes[] = { "skip", "trim", "block", "mode 3" };

	return modes[flags & 3u];
}
