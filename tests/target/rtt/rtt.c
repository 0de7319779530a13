// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An RTT test program (issue 12): a SEGGER RTT control block of its own making (the
 * layout is SEGGER's, public: ID, counts, then 24-byte buffer descriptors; the code is
 * ours) and a fixed, deterministic conversation over it, so that two independent hosts
 * (OpenOCD 0.12's RTT server and rspflash's) must read exactly the same bytes:
 *
 *  1. up channel 0 "Terminal" (64-byte buffer, block-if-full, so it wraps many times and
 *     nothing is lost however slowly the host polls): RTT_LINES numbered lines;
 *  2. up channel 1 "Data" (block-if-full as well): a few lines;
 *  3. then each line read from down channel 0 "Terminal" (16-byte buffer) comes back on up
 *     channel 0 as "echo: LINE"; the line "exit N" (N decimal) ends the program through
 *     semihosting SYS_EXIT_EXTENDED with status N, after "bye N" on up channel 0.
 *
 * The block is set up with the ID written last, as SEGGER's own code does, so a host that
 * scans RAM never finds a half-made block. Its address is the symbol _SEGGER_RTT.
 * Runs from flash on the Cortex-M4F (stm32f401) and the Cortex-M33 (stm32l552), started
 * by tests/target/semihost/flash_start.c (-DSTART_MAIN).
 */
#include <stdint.h>

#ifndef RTT_LINES
#define RTT_LINES 40
#endif
#define DATA_LINES 3
#define UP_SIZE 64u
#define DATA_SIZE 32u
#define DOWN_SIZE 16u
#define MODE_BLOCK_IF_FULL 2u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

struct rtt_buffer {
	const char *name;
	char *buf;
	uint32_t size;
	volatile uint32_t wr;
	volatile uint32_t rd;
	uint32_t flags;
};

struct rtt_cb {
	char id[16];
	int32_t max_up;
	int32_t max_down;
	struct rtt_buffer up[2];
	struct rtt_buffer down[1];
};

struct rtt_cb _SEGGER_RTT __attribute__((aligned(4)));
static char up0[UP_SIZE], up1[DATA_SIZE], down0[DOWN_SIZE];

static void rtt_init(void)
{
	static const char id[] = "SEGGER RTT";
	struct rtt_cb *cb = &_SEGGER_RTT;

	cb->max_up = 2;
	cb->max_down = 1;
	cb->up[0] = (struct rtt_buffer){ "Terminal", up0, UP_SIZE, 0, 0, MODE_BLOCK_IF_FULL };
	cb->up[1] = (struct rtt_buffer){ "Data", up1, DATA_SIZE, 0, 0, MODE_BLOCK_IF_FULL };
	cb->down[0] = (struct rtt_buffer){ "Terminal", down0, DOWN_SIZE, 0, 0, MODE_BLOCK_IF_FULL };
	/* the ID last, and only after everything else is in memory */
	__asm__ volatile("dmb" ::: "memory");
	for (unsigned i = 0; i < sizeof(cb->id); i++)
		((volatile char *)cb->id)[i] = i < sizeof(id) ? id[i] : 0;
	__asm__ volatile("dmb" ::: "memory");
}

/* Block-if-full write of one byte: waits while the host has not made room. */
static void up_putc(struct rtt_buffer *b, char c)
{
	uint32_t next = b->wr + 1 == b->size ? 0 : b->wr + 1;

	while (next == b->rd)
		;
	b->buf[b->wr] = c;
	__asm__ volatile("dmb" ::: "memory");
	b->wr = next;
}

static void up_puts(struct rtt_buffer *b, const char *s)
{
	while (*s)
		up_putc(b, *s++);
}

static void up_putu(struct rtt_buffer *b, unsigned v)
{
	char digits[10];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (n)
		up_putc(b, digits[--n]);
}

/* One byte from a down buffer, or -1 when it is empty. */
static int down_getc(struct rtt_buffer *b)
{
	uint32_t rd = b->rd;
	char c;

	if (rd == b->wr)
		return -1;
	c = b->buf[rd];
	__asm__ volatile("dmb" ::: "memory");
	b->rd = rd + 1 == b->size ? 0 : rd + 1;
	return (unsigned char)c;
}

static __attribute__((noreturn)) void semihosting_exit(unsigned status)
{
	static uint32_t block[2];
	register uint32_t r0 __asm__("r0") = SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm__("r1") = block;

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = status;
	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	for (;;)
		;
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static __attribute__((noreturn)) void serve_down(void)
{
	char line[48];
	unsigned n = 0;

	for (;;) {
		int c = down_getc(&_SEGGER_RTT.down[0]);

		if (c < 0)
			continue;
		if (c != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = (char)c;
			continue;
		}
		line[n] = 0;
		n = 0;
		if (starts_with(line, "exit ")) {
			unsigned status = 0;

			for (const char *p = line + 5; *p >= '0' && *p <= '9'; p++)
				status = status * 10u + (unsigned)(*p - '0');
			up_puts(&_SEGGER_RTT.up[0], "bye ");
			up_putu(&_SEGGER_RTT.up[0], status);
			up_putc(&_SEGGER_RTT.up[0], '\n');
			/* the host reads the last line before the exit: block-if-full waits for it */
			while (_SEGGER_RTT.up[0].rd != _SEGGER_RTT.up[0].wr)
				;
			semihosting_exit(status);
		}
		up_puts(&_SEGGER_RTT.up[0], "echo: ");
		up_puts(&_SEGGER_RTT.up[0], line);
		up_putc(&_SEGGER_RTT.up[0], '\n');
	}
}

int main(void)
{
	rtt_init();
	for (unsigned i = 1; i <= RTT_LINES; i++) {
		up_puts(&_SEGGER_RTT.up[0], "rtt line ");
		up_putu(&_SEGGER_RTT.up[0], i);
		up_puts(&_SEGGER_RTT.up[0], " of " );
		up_putu(&_SEGGER_RTT.up[0], RTT_LINES);
		up_puts(&_SEGGER_RTT.up[0], ": the quick brown fox\n");
		if (i <= DATA_LINES) {
			up_puts(&_SEGGER_RTT.up[1], "data ");
			up_putu(&_SEGGER_RTT.up[1], i);
			up_putc(&_SEGGER_RTT.up[1], '\n');
		}
	}
	up_puts(&_SEGGER_RTT.up[0], "ready for input\n");
	serve_down();
}
