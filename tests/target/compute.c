// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compute: a small, deterministic amount of real work for a simulated core, so a test can
 * check that instructions, loads/stores and multiply/divide really execute.
 *
 *   result  = CRC-32 (IEEE 802.3, reflected, as zlib.crc32) of 512 bytes
 *             buf[i] = (uint8_t)(i * 37 + 11) ^ (i >> 3), i = 0..511
 *   result2 = sum over i = 0..999 of i*i*i + 0xFFFFFFFF / (i + 1), modulo 2^32
 *
 * The integration test computes both independently on the host (python3); see
 * tests/integration/openocd-sim.sh. Nothing here relies on a C runtime: no .data/.bss
 * initialisation, no library calls.
 */
#include <stdint.h>

volatile uint32_t result;
volatile uint32_t result2;
volatile uint32_t counter;

static uint8_t buf[512];

void compute(void);

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
	uint32_t crc = 0xFFFFFFFFu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
	}
	return ~crc;
}

void compute(void)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)((i * 37u + 11u) ^ (i >> 3));
	result = crc32(buf, sizeof(buf));

	for (uint32_t i = 0; i < 1000; i++)
		sum += i * i * i + 0xFFFFFFFFu / (i + 1u);
	result2 = sum;
}
