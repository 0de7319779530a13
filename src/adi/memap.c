// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MEM-AP memory access (ADIv5.2 C2.6); see memap.h.
 *
 * A transfer is planned as chunks, each one run of DRW accesses with a single CSW setting
 * and a contiguous TAR range that stays inside one 1 KB block (C2.6.3). All chunks of one
 * call are queued together, so the queue packs them into as few probe commands as fit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/adi/adi_regs.h"
#include "src/adi/dp.h"
#include "src/adi/memap.h"

/* Reads are queued in slices of at most this much payload: it bounds the result buffer. */
#define MEMAP_READ_SLICE (64u * 1024u)
/* CSW fields a host keeps: DbgSwEnable, Prot (31:24) and Type (15:12); the rest are per access. */
#define MEMAP_CSW_KEEP 0xFF00F000u

struct chunk_s {
	uint32_t addr;
	uint32_t len;
	unsigned size;		/* bytes per bus access */
	bool packed;		/* several accesses per DRW transfer */
};

static unsigned chunk_drw_count(const struct chunk_s *c)
{
	return c->packed ? c->len / 4 : c->len / c->size;
}

static unsigned csw_size_code(unsigned size)
{
	return size == 4 ? ADI_MEMAP_CSW_SIZE_32 : size == 2 ? ADI_MEMAP_CSW_SIZE_16 : ADI_MEMAP_CSW_SIZE_8;
}

/*
 * The next chunk at addr. size 0: widest accesses (words in the aligned middle, a byte or
 * a halfword at unaligned ends); else every access is `size` bytes, packed from a word
 * boundary when the AP can.
 */
static void plan_chunk(const struct adi_memap_s *m, uint32_t addr, size_t len, unsigned size, struct chunk_s *c)
{
	uint32_t room = ADI_MEMAP_TAR_WRAP - (addr % ADI_MEMAP_TAR_WRAP);
	uint32_t max = len < room ? (uint32_t)len : room;

	c->addr = addr;
	c->packed = false;
	if (size == 0) {
		if (addr % 4 == 0 && max >= 4) {
			c->size = 4;
			c->len = max & ~3u;
		} else {
			c->size = (addr % 2 == 0 && max >= 2) ? 2 : 1;
			c->len = c->size;
		}
		return;
	}
	c->size = size;
	if (size < 4 && m->packed && addr % 4 == 0 && max >= 4) {
		c->packed = true;
		c->len = max & ~3u;
	} else if (size < 4 && m->packed && addr % 4 != 0 && 4 - addr % 4 < max) {
		c->len = 4 - addr % 4;	/* single accesses up to the word boundary, then packed */
	} else {
		c->len = max - max % size;
	}
}

/*
 * A transfer that would run past 0xFFFFFFFF is refused: TAR would wrap to 0 (or stop,
 * implementation defined) and the bytes would come from, or go to, the bottom of memory.
 */
static int check_range(uint32_t addr, size_t len, struct error_s *err)
{
	if ((uint64_t)len > 0x100000000ull - addr)
		return error_set(err, ADI_ERR_ARG,
				     "%zu bytes at 0x%08x run past the end of the 4 GiB address space", len, addr);
	return 0;
}

/* Check a sized request; returns 0 or -1 with err set. */
static int check_sized(const struct adi_memap_s *m, uint32_t addr, size_t len, unsigned size, struct error_s *err)
{
	if (size != 1 && size != 2 && size != 4)
		return error_set(err, ADI_ERR_ARG, "access size %u: MEM-AP accesses are 1, 2 or 4 bytes", size);
	if (addr % size || len % size)
		return error_set(err, ADI_ERR_ARG, "%zu bytes at 0x%08x are not whole %u-byte accesses", len, addr,
				     size);
	if (size < 4 && !m->narrow)
		return error_set(err, ADI_ERR_NO_MEMAP, "AP%u supports only 32-bit accesses", m->apsel);
	return 0;
}

/* Queue CSW and TAR for a chunk, skipping what the AP already holds. */
static void queue_setup(struct adi_memap_s *m, const struct chunk_s *c)
{
	struct swd_queue_s *q = adi_dp_queue(m->dp);
	uint32_t csw = m->csw_base | csw_size_code(c->size) |
		       (c->packed ? ADI_MEMAP_CSW_ADDRINC_PACKED : ADI_MEMAP_CSW_ADDRINC_SINGLE);
	uint32_t end = c->addr + c->len;

	if (!m->csw_valid || m->csw != csw) {
		swd_queue_ap_write(q, m->apsel, ADI_MEMAP_CSW, csw);
		m->csw = csw;
		m->csw_valid = true;
		m->csw_writes++;
	}
	if (!m->tar_valid || m->tar != c->addr) {
		swd_queue_ap_write(q, m->apsel, ADI_MEMAP_TAR, c->addr);
		m->tar_writes++;
	}
	/* at a 1 KB boundary TAR has wrapped (or not, implementation defined): write it next time */
	m->tar = end;
	m->tar_valid = end % ADI_MEMAP_TAR_WRAP != 0;
	m->drw_accesses += chunk_drw_count(c);
}

/* n bytes for address addr onto the byte lanes they travel on (lane = address bits 1:0, C2.6.5) */
static uint32_t to_lanes(const uint8_t *p, uint32_t addr, unsigned n)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * ((addr + i) & 3));
	return v;
}

static void from_lanes(uint32_t v, uint32_t addr, unsigned n, uint8_t *p)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * ((addr + i) & 3)));
}

void adi_memap_invalidate(struct adi_memap_s *m)
{
	m->csw_valid = false;
	m->tar_valid = false;
}

/*
 * Flush, and on failure add the context: the operation, and for a FAULT the address the
 * MEM-AP stopped at (TAR does not advance past a failed transfer).
 */
static int finish(struct adi_memap_s *m, const char *what, uint32_t addr, size_t len, struct error_s *err)
{
	struct error_s e, e2;
	uint32_t tar = 0;
	char msg[sizeof(e.msg) + 64];

	error_clear(&e);
	if (!adi_dp_flush(m->dp, &e))
		return 0;
	adi_memap_invalidate(m);
	if (e.code == ADI_ERR_FAULT) {
		swd_queue_ap_read(adi_dp_queue(m->dp), m->apsel, ADI_MEMAP_TAR, &tar);
		if (!adi_dp_flush(m->dp, &e2)) {
			e.addr = tar;
			e.has_addr = true;
		}
	}
	if (len)
		snprintf(msg, sizeof(msg), "%s %zu byte%s at 0x%08x: %s", what, len, len == 1 ? "" : "s", addr, e.msg);
	else if (e.has_addr)	/* a queue of word accesses: where the AP stood when it failed */
		snprintf(msg, sizeof(msg), "%s, the AP at 0x%08x (TAR): %s", what, e.addr, e.msg);
	else
		snprintf(msg, sizeof(msg), "%s: %s", what, e.msg);
	size_t n = strlen(msg) < sizeof(e.msg) - 1 ? strlen(msg) : sizeof(e.msg) - 1;
	memcpy(e.msg, msg, n);
	e.msg[n] = '\0';
	if (err)
		*err = e;
	return -1;
}

static void queue_write_chunk(struct adi_memap_s *m, const struct chunk_s *c, const uint8_t *p)
{
	struct swd_queue_s *q = adi_dp_queue(m->dp);
	unsigned step = c->packed ? 4 : c->size;

	queue_setup(m, c);
	for (uint32_t off = 0; off < c->len; off += step)
		swd_queue_ap_write(q, m->apsel, ADI_MEMAP_DRW, to_lanes(p + off, c->addr + off, step));
}

/* Every chunk of a block write into the queue (range and sizes checked by the caller). */
static void queue_write_block(struct adi_memap_s *m, uint32_t addr, const uint8_t *p, size_t len, unsigned size)
{
	while (len) {
		struct chunk_s c;
		plan_chunk(m, addr, len, size, &c);
		queue_write_chunk(m, &c, p);
		p += c.len;
		addr += c.len;
		len -= c.len;
	}
}

int adi_memap_write_sized(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, unsigned size,
			  struct error_s *err)
{
	if (check_range(addr, len, err) || (size && check_sized(m, addr, len, size, err)))
		return -1;
	queue_write_block(m, addr, buf, len, size);
	return finish(m, "writing", addr, len, err);
}

int adi_memap_queue_write(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, struct error_s *err)
{
	if (check_range(addr, len, err))
		return -1;
	queue_write_block(m, addr, buf, len, 0);
	return 0;
}

/* Queue one slice of a read; results land in words[] in DRW order. */
static unsigned queue_read_slice(struct adi_memap_s *m, uint32_t addr, size_t len, unsigned size, uint32_t *words)
{
	struct swd_queue_s *q = adi_dp_queue(m->dp);
	unsigned k = 0;

	while (len) {
		struct chunk_s c;
		plan_chunk(m, addr, len, size, &c);
		queue_setup(m, &c);
		for (unsigned i = 0; i < chunk_drw_count(&c); i++)
			swd_queue_ap_read(q, m->apsel, ADI_MEMAP_DRW, &words[k++]);
		addr += c.len;
		len -= c.len;
	}
	return k;
}

/* Take the bytes out of the DRW words, walking the same plan. */
static void unpack_read_slice(const struct adi_memap_s *m, uint32_t addr, size_t len, unsigned size,
			      const uint32_t *words, uint8_t *p)
{
	unsigned k = 0;

	while (len) {
		struct chunk_s c;
		unsigned step;
		plan_chunk(m, addr, len, size, &c);
		step = c.packed ? 4 : c.size;
		for (uint32_t off = 0; off < c.len; off += step)
			from_lanes(words[k++], c.addr + off, step, p + off);
		p += c.len;
		addr += c.len;
		len -= c.len;
	}
}

int adi_memap_read_sized(struct adi_memap_s *m, uint32_t addr, void *buf, size_t len, unsigned size,
			 struct error_s *err)
{
	uint8_t *p = buf;
	uint32_t *words;
	size_t done = 0;

	if (check_range(addr, len, err) || (size && check_sized(m, addr, len, size, err)))
		return -1;
	/* at most one DRW access per byte, plus one for each unaligned piece */
	words = malloc(sizeof(*words) * (len < MEMAP_READ_SLICE ? len + 4 : MEMAP_READ_SLICE + 4));
	if (!words)
		return error_set(err, ADI_ERR_ARG, "out of memory reading %zu bytes", len);
	while (done < len) {
		size_t n = len - done < MEMAP_READ_SLICE ? len - done : MEMAP_READ_SLICE;
		uint32_t a = addr + (uint32_t)done;
		queue_read_slice(m, a, n, size, words);
		if (finish(m, "reading", addr, len, err)) {
			free(words);
			return -1;
		}
		unpack_read_slice(m, a, n, size, words, p + done);
		done += n;
	}
	free(words);
	return 0;
}

int adi_memap_read(struct adi_memap_s *m, uint32_t addr, void *buf, size_t len, struct error_s *err)
{
	return adi_memap_read_sized(m, addr, buf, len, 0, err);
}

int adi_memap_write(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, struct error_s *err)
{
	return adi_memap_write_sized(m, addr, buf, len, 0, err);
}

/* ---- single values ---- */

int adi_memap_read_u8(struct adi_memap_s *m, uint32_t addr, uint8_t *val, struct error_s *err)
{
	return adi_memap_read_sized(m, addr, val, 1, 1, err);
}

int adi_memap_read_u16(struct adi_memap_s *m, uint32_t addr, uint16_t *val, struct error_s *err)
{
	uint8_t b[2];

	if (adi_memap_read_sized(m, addr, b, 2, 2, err))
		return -1;
	*val = (uint16_t)(b[0] | b[1] << 8);
	return 0;
}

int adi_memap_read_u32(struct adi_memap_s *m, uint32_t addr, uint32_t *val, struct error_s *err)
{
	uint8_t b[4];

	if (adi_memap_read_sized(m, addr, b, 4, 4, err))
		return -1;
	*val = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

int adi_memap_write_u8(struct adi_memap_s *m, uint32_t addr, uint8_t val, struct error_s *err)
{
	return adi_memap_write_sized(m, addr, &val, 1, 1, err);
}

int adi_memap_write_u16(struct adi_memap_s *m, uint32_t addr, uint16_t val, struct error_s *err)
{
	uint8_t b[2] = { (uint8_t)val, (uint8_t)(val >> 8) };

	return adi_memap_write_sized(m, addr, b, 2, 2, err);
}

int adi_memap_write_u32(struct adi_memap_s *m, uint32_t addr, uint32_t val, struct error_s *err)
{
	uint8_t b[4] = { (uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16), (uint8_t)(val >> 24) };

	return adi_memap_write_sized(m, addr, b, 4, 4, err);
}

/* ---- queued word accesses ---- */

void adi_memap_queue_read_u32(struct adi_memap_s *m, uint32_t addr, uint32_t *dst)
{
	struct chunk_s c = { .addr = addr, .len = 4, .size = 4 };

	queue_setup(m, &c);
	swd_queue_ap_read(adi_dp_queue(m->dp), m->apsel, ADI_MEMAP_DRW, dst);
}

void adi_memap_queue_write_u32(struct adi_memap_s *m, uint32_t addr, uint32_t val)
{
	struct chunk_s c = { .addr = addr, .len = 4, .size = 4 };

	queue_setup(m, &c);
	swd_queue_ap_write(adi_dp_queue(m->dp), m->apsel, ADI_MEMAP_DRW, val);
}

int adi_memap_flush(struct adi_memap_s *m, struct error_s *err)
{
	return finish(m, "queued accesses", 0, 0, err);
}

/* ---- set-up ---- */

int adi_memap_init(struct adi_memap_s *m, struct adi_dp_s *dp, uint8_t apsel, struct error_s *err)
{
	struct swd_queue_s *q = adi_dp_queue(dp);
	uint32_t csw = 0, probe_csw = 0;

	memset(m, 0, sizeof(*m));
	m->dp = dp;
	m->apsel = apsel;
	swd_queue_ap_read(q, apsel, ADI_AP_IDR, &m->idr);
	swd_queue_ap_read(q, apsel, ADI_MEMAP_CFG, &m->cfg);
	swd_queue_ap_read(q, apsel, ADI_MEMAP_BASE, &m->base);
	swd_queue_ap_read(q, apsel, ADI_MEMAP_CSW, &csw);
	if (adi_dp_flush(dp, err))
		return -1;
	if (((m->idr & ADI_AP_IDR_CLASS_MASK) >> ADI_AP_IDR_CLASS_SHIFT) != ADI_AP_IDR_CLASS_MEMAP)
		return error_set(err, ADI_ERR_NO_MEMAP, "AP%u (IDR 0x%08x) is not a MEM-AP", apsel, m->idr);
	if (m->cfg & 1)
		return error_set(err, ADI_ERR_NO_MEMAP, "AP%u is a big-endian MEM-AP (CFG.BE), not supported", apsel);
	m->csw_base = csw & MEMAP_CSW_KEEP;
	/* An AP that lacks a size or packed mode reads the field back differently (C2.6.4). */
	swd_queue_ap_write(q, apsel, ADI_MEMAP_CSW, m->csw_base | ADI_MEMAP_CSW_SIZE_8 | ADI_MEMAP_CSW_ADDRINC_PACKED);
	swd_queue_ap_read(q, apsel, ADI_MEMAP_CSW, &probe_csw);
	if (adi_dp_flush(dp, err))
		return -1;
	m->narrow = (probe_csw & ADI_MEMAP_CSW_SIZE_MASK) == ADI_MEMAP_CSW_SIZE_8;
	m->packed = (probe_csw & ADI_MEMAP_CSW_ADDRINC_MASK) == ADI_MEMAP_CSW_ADDRINC_PACKED;
	m->csw = m->csw_base | ADI_MEMAP_CSW_SIZE_8 | ADI_MEMAP_CSW_ADDRINC_PACKED;
	m->csw_valid = (probe_csw & ~(ADI_MEMAP_CSW_DEVICEEN | ADI_MEMAP_CSW_TRINPROG | 0x00FF0000u)) == m->csw;
	return 0;
}
