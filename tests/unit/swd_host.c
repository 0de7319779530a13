// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "sim/sim.h"
#include "swd_host.h"

#define MAX_BITS 128

struct bitbuf_s {
	uint8_t dir[MAX_BITS / 8], out[MAX_BITS / 8], in[MAX_BITS / 8];
	unsigned n;
};

static void put(struct bitbuf_s *b, bool drive, int bit)
{
	if (drive)
		b->dir[b->n / 8] |= (uint8_t)(1u << (b->n % 8));
	if (bit)
		b->out[b->n / 8] |= (uint8_t)(1u << (b->n % 8));
	b->n++;
}

static int got(const struct bitbuf_s *b, unsigned i)
{
	return (b->in[i / 8] >> (i % 8)) & 1;
}

static void run(struct sim *s, struct bitbuf_s *b)
{
	sim_swd_io_nominal(s, b->dir, b->out, b->in, b->n);
}

void swdh_bits(struct sim *s, uint64_t value, unsigned n)
{
	struct bitbuf_s b;

	memset(&b, 0, sizeof(b));
	for (unsigned i = 0; i < n; i++)
		put(&b, true, (int)((value >> i) & 1));
	run(s, &b);
}

void swdh_line_reset(struct sim *s)
{
	swdh_bits(s, ~0ull, 56);
	swdh_bits(s, 0, 4);
}

void swdh_jtag_to_swd(struct sim *s)
{
	swdh_bits(s, ~0ull, 56);
	swdh_bits(s, 0xE79E, 16);
	swdh_line_reset(s);
}

unsigned swdh_transfer_bad_parity(struct sim *s, bool apndp, bool rnw, unsigned a, uint32_t *data,
				  bool bad_request, bool bad_data)
{
	struct bitbuf_s b;
	int a2 = (a >> 2) & 1, a3 = (a >> 3) & 1;
	int parity = (apndp ^ rnw ^ a2 ^ a3) ^ bad_request;

	memset(&b, 0, sizeof(b));
	put(&b, true, 1);
	put(&b, true, apndp);
	put(&b, true, rnw);
	put(&b, true, a2);
	put(&b, true, a3);
	put(&b, true, parity);
	put(&b, true, 0);
	put(&b, true, 1);
	put(&b, false, 0);	/* turnaround */
	for (int i = 0; i < 3; i++)
		put(&b, false, 0);	/* ACK */
	run(s, &b);
	unsigned ack = (unsigned)(got(&b, 9) | got(&b, 10) << 1 | got(&b, 11) << 2);

	memset(&b, 0, sizeof(b));
	if (ack == 1 && rnw) {
		for (int i = 0; i < 33; i++)
			put(&b, false, 0);
		put(&b, false, 0);	/* turnaround */
		put(&b, true, 0);	/* idle cycles */
		put(&b, true, 0);
		run(s, &b);
		uint32_t v = 0;
		for (int i = 0; i < 32; i++)
			v |= (uint32_t)got(&b, (unsigned)i) << i;
		*data = v;
		return (unsigned)__builtin_parity(v) == (unsigned)got(&b, 32) ? ack : SWDH_PARITY_ERROR;
	}
	if (ack == 1 || ack == SWDH_NO_RESPONSE) {
		/* writes: turnaround, 32 data bits, parity (also sent when nobody answered,
		 * as a host does for TARGETSEL) */
		if (rnw)
			return ack;
		put(&b, false, 0);
		for (int i = 0; i < 32; i++)
			put(&b, true, (int)((*data >> i) & 1));
		put(&b, true, __builtin_parity(*data) ^ bad_data);
		put(&b, true, 0);
		put(&b, true, 0);
		run(s, &b);
		return ack;
	}
	put(&b, false, 0);	/* WAIT/FAULT: turnaround back, then idle */
	put(&b, true, 0);
	put(&b, true, 0);
	run(s, &b);
	return ack;
}

unsigned swdh_transfer(struct sim *s, bool apndp, bool rnw, unsigned a, uint32_t *data)
{
	return swdh_transfer_bad_parity(s, apndp, rnw, a, data, false, false);
}

uint32_t swdh_connect(struct sim *s)
{
	uint32_t v = 0;

	swdh_jtag_to_swd(s);
	if (swdh_transfer(s, false, true, 0x0, &v) != 1)
		return 0;
	uint32_t abort = 0x1E, ctrl = 0x50000000, sel = 0;
	swdh_transfer(s, false, false, 0x0, &abort);
	swdh_transfer(s, false, false, 0x8, &sel);
	swdh_transfer(s, false, false, 0x4, &ctrl);
	return v;
}

static unsigned mem_setup(struct sim *s, uint32_t addr)
{
	uint32_t sel = 0, csw = 0x23000012, tar = addr;	/* 32-bit, single increment */
	unsigned ack = swdh_transfer(s, false, false, 0x8, &sel);

	if (ack == 1)
		ack = swdh_transfer(s, true, false, 0x0, &csw);
	if (ack == 1)
		ack = swdh_transfer(s, true, false, 0x4, &tar);
	return ack;
}

unsigned swdh_mem_write32(struct sim *s, uint32_t addr, uint32_t val)
{
	unsigned ack = mem_setup(s, addr);

	return ack == 1 ? swdh_transfer(s, true, false, 0xC, &val) : ack;
}

unsigned swdh_mem_read32(struct sim *s, uint32_t addr, uint32_t *val)
{
	unsigned ack = mem_setup(s, addr);
	uint32_t dummy;

	if (ack == 1)
		ack = swdh_transfer(s, true, true, 0xC, &dummy);	/* posted: result comes next */
	if (ack == 1)
		ack = swdh_transfer(s, false, true, 0xC, val);		/* RDBUFF */
	return ack;
}
