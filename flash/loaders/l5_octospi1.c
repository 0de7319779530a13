// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Built-in loader (CMSIS FLM, ABI: flm_abi.h) for the STM32L562E-DK's octal flash: a Macronix
 * MX25LM51245G (64 MB) on OCTOSPI1, window 0x90000000, driven in octal DTR (8D-8D-8D).
 *
 * For another STM32L5 board: change l5dk_pins (the board's wiring), NOR_SIZE_LOG2 and the
 * FlashDevice name; the rest is the L5 OCTOSPI and the Macronix OPI command set.
 *
 * Sources: RM0438 (STM32L552/562) OCTOSPI, RCC and GPIO chapters; stm32l562xx.h (addresses,
 * RCC_AHB2ENR.GPIOxEN bits 0..7, RCC_AHB3ENR.OSPI1EN bit 8); ST's BSP
 * stm32l562e_discovery_ospi.h (pins) and mx25lm51245g.c/_conf.h (what ST sends: WRCR2 72h,
 * CR2 0x300 = 7 for 6 dummy cycles, CR2 0 = 2 for DTR OPI; in OPI DTR a two-byte
 * instruction (op, ~op), 4-byte addresses, DQS, 5 dummy cycles and 2 data bytes for
 * register reads, 6 for 8DTRD EEh). The L5 has no OCTOSPI I/O manager: the GPIO alternate
 * function alone routes the pins.
 *
 * Every call starts by leaving memory-mapped mode and ends by entering it again (RspFlags
 * = RSP_FLAG_MAPPED), so the host and GDB read the flash through the window between calls.
 * Every wait is bounded by an iteration count that covers the datasheet maximum at the
 * L5's highest clock (110 MHz), so a dead part gives 1, never a hang.
 */
#include <stdint.h>

#include "arch/stm32_xspi.h"
#include "flash/loaders/flm_abi.h"

typedef volatile uint32_t vu32;

#define WINDOW		0x90000000u
#define NOR_SIZE_LOG2	26u			/* 64 MB */
#define NOR_PAGE	256u
#define NOR_SECTOR	4096u
#define NOR_BLOCK	65536u
#define PROG_CHUNK	0x4000u			/* FlashDevice.szPage: 16 KB per ProgramPage */
#define FIFO_BURST	16u			/* bytes written per FTF: half the L5's 32-byte FIFO */

/* RCC and GPIO (stm32l562xx.h, non-secure aliases) */
#define RCC_AHB2ENR	0x4002104Cu
#define RCC_AHB3ENR	0x40021050u
#define RCC_AHB3ENR_OSPI1EN (1u << 8)
#define GPIO_BASE(port)	(0x42020000u + 0x400u * (port))
#define GPIO_MODER	0x00u
#define GPIO_OTYPER	0x04u
#define GPIO_OSPEEDR	0x08u
#define GPIO_PUPDR	0x0Cu
#define GPIO_AFR	0x20u			/* AFRL; AFRH at +4 */
#define GPIO_MODE_AF	2u
#define GPIO_SPEED_VHIGH 3u

#define OSPI		0x44021000u		/* OCTOSPI1 registers, non-secure */
#define STM32_OCTOSPI_SR_FLEVEL_MASK (0x3Fu << STM32_XSPI_SR_FLEVEL_SHIFT)	/* RM0438: SR[13:8] */

/* The board's wiring: one row per OCTOSPI1 signal (stm32l562e_discovery_ospi.h). */
enum gpio_port_e { PA, PB, PC, PD, PE, PF, PG, PH };

struct ospi_pin_s {
	uint8_t port;	/* enum gpio_port_e */
	uint8_t pin;
	uint8_t af;	/* alternate function number */
};

static const struct ospi_pin_s l5dk_pins[] = {
	{ PA, 3, 10 },	/* CLK */
	{ PA, 2, 10 },	/* NCS */
	{ PB, 2, 10 },	/* DQS */
	{ PB, 1, 10 },	/* IO0 */
	{ PB, 0, 10 },	/* IO1 */
	{ PA, 7, 10 },	/* IO2 */
	{ PA, 6, 10 },	/* IO3 */
	{ PC, 1, 10 },	/* IO4 */
	{ PC, 2, 10 },	/* IO5 */
	{ PC, 3, 10 },	/* IO6 */
	{ PC, 0, 3 },	/* IO7: AF3 on PC0 */
};

/* MX25LM51245G (ST's mx25lm51245g.h, the MX66UW1G45G datasheet's OPI command table) */
#define MX_WREN		0x06u
#define MX_RDSR		0x05u
#define MX_RDID		0x9Fu
#define MX_WRCR2	0x72u
#define MX_PP4B		0x12u
#define MX_SE4B		0x21u			/* 4 KB */
#define MX_BE4B		0xDCu			/* 64 KB */
#define MX_CE		0x60u
#define MX_8DTRD	0xEEu
#define MX_SR_WIP	0x01u
#define MX_CR2_MODE	0x00000000u		/* CR2 address 0: SOPI bit 0, DOPI bit 1 */
#define MX_CR2_DOPI	0x02u
#define MX_CR2_DC	0x00000300u		/* CR2 address 0x300: dummy cycles */
#define MX_CR2_DC_6	0x07u			/* 6 dummy cycles (up to 104 MHz) */
#define MX_DUMMY_READ	6u
#define MX_DUMMY_REG	5u			/* register reads in DTR OPI (mx25lm51245g_conf.h) */
static const uint8_t mx_id[3] = { 0xC2, 0x85, 0x3A };

/*
 * Timeouts in wait-loop iterations: datasheet maximum (ST's mx25lm51245g.h: 4 KB erase
 * 400 ms, 64 KB 1 s, chip 460 s, register write 40 ms; page program 1 ms ?) x 110 MHz /
 * 4 cycles, the fewest a polling iteration takes (a load, a test, a branch, a count).
 */
#define LOOPS_PER_MS	(110000u / 4u)
#define T_PP_MS		1u
#define T_SE_MS		400u
#define T_BE_MS		1000u
#define T_CE_MS		460000u
#define T_REG_MS	40u

/* CCR framings (RM0438 OCTOSPI_CCR) */
#define CCR_SPI_I	(1u << STM32_XSPI_CCR_IMODE_SHIFT)
#define CCR_SPI_A32	(1u << STM32_XSPI_CCR_ADMODE_SHIFT | 3u << STM32_XSPI_CCR_ADSIZE_SHIFT)
#define CCR_SPI_D	(1u << STM32_XSPI_CCR_DMODE_SHIFT)
#define CCR_8D_I	(4u << STM32_XSPI_CCR_IMODE_SHIFT | STM32_XSPI_CCR_IDTR | 1u << STM32_XSPI_CCR_ISIZE_SHIFT)
#define CCR_8D_A32	(4u << STM32_XSPI_CCR_ADMODE_SHIFT | STM32_XSPI_CCR_ADDTR | 3u << STM32_XSPI_CCR_ADSIZE_SHIFT)
#define CCR_8D_D	(4u << STM32_XSPI_CCR_DMODE_SHIFT | STM32_XSPI_CCR_DDTR | STM32_XSPI_CCR_DQSE)

static inline uint32_t rd(uint32_t addr)
{
	return *(vu32 *)addr;
}

static inline void wr(uint32_t addr, uint32_t v)
{
	*(vu32 *)addr = v;
}

/* Waits until (reg & mask) == want; 0 when it did, 1 after ms x LOOPS_PER_MS polls. */
static int wait_reg(uint32_t reg, uint32_t mask, uint32_t want, uint32_t ms)
{
	for (uint64_t n = (uint64_t)ms * LOOPS_PER_MS; n; n--)
		if ((rd(reg) & mask) == want)
			return 0;
	return 1;
}

static void set_fmode(uint32_t fmode)
{
	wr(OSPI + STM32_XSPI_CR, (rd(OSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_FMODE_MASK) |
				      fmode << STM32_XSPI_CR_FMODE_SHIFT);
}

/* Leave memory-mapped (or any) mode: abort, wait for BUSY = 0, indirect write (RM0438). */
static int ospi_idle(void)
{
	wr(OSPI + STM32_XSPI_CR, rd(OSPI + STM32_XSPI_CR) | STM32_XSPI_CR_ABORT);
	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_BUSY, 0, 1))
		return 1;
	set_fmode(STM32_XSPI_FMODE_IND_WRITE);
	wr(OSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTEF | STM32_XSPI_FCR_CTCF | STM32_XSPI_FCR_CSMF);
	return 0;
}

/* The instruction register for op in the protocol: SPI one byte, OPI (op, ~op). */
static uint32_t inst(uint32_t ccr, uint8_t op)
{
	return ccr & STM32_XSPI_CCR_IDTR ? (uint32_t)op << 8 | (uint8_t)~op : op;
}

/*
 * One indirect command (RM0438 "Indirect mode"): CCR, TCR, DLR, IR, AR. Without data it
 * runs on the IR write (no address) or AR write; with data, on the first DR write (write
 * mode) or the IR/AR write (read mode). Returns after TCF when there is no data.
 */
static int command(uint32_t ccr, uint32_t dummy, uint8_t op, uint32_t addr, uint32_t len, uint32_t fmode)
{
	int has_addr = (ccr >> STM32_XSPI_CCR_ADMODE_SHIFT & 7u) != 0;

	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_BUSY, 0, 1))
		return 1;
	set_fmode(fmode);
	wr(OSPI + STM32_XSPI_CCR, ccr);
	wr(OSPI + STM32_XSPI_TCR, dummy | (ccr & STM32_XSPI_CCR_DDTR ? STM32_XSPI_TCR_DHQC : 0));
	if (len)
		wr(OSPI + STM32_XSPI_DLR, len - 1);
	wr(OSPI + STM32_XSPI_IR, inst(ccr, op));
	if (has_addr)
		wr(OSPI + STM32_XSPI_AR, addr);
	if (len)
		return 0;
	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_TCF | STM32_XSPI_SR_TEF, STM32_XSPI_SR_TCF, 1))
		return 1;
	wr(OSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
	return 0;
}

/* Ends an indirect transfer with data: TCF, no TEF. */
static int transfer_done(void)
{
	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_TCF | STM32_XSPI_SR_TEF, STM32_XSPI_SR_TCF, 1))
		return 1;
	wr(OSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
	return 0;
}

/* Waits until the FIFO holds a byte (SR.FLEVEL > 0); 1 on a transfer error or a timeout. */
static int wait_fifo_data(void)
{
	for (uint32_t n = LOOPS_PER_MS; n; n--) {
		uint32_t sr = rd(OSPI + STM32_XSPI_SR);
		if (sr & STM32_XSPI_SR_TEF)
			return 1;
		if (sr & STM32_OCTOSPI_SR_FLEVEL_MASK)
			return 0;
	}
	return 1;
}

/* A short read (ID, status, configuration) into b[0..len). */
static int read_reg(uint32_t ccr, uint32_t dummy, uint8_t op, uint32_t addr, uint8_t *b, uint32_t len)
{
	if (command(ccr, dummy, op, addr, len, STM32_XSPI_FMODE_IND_READ))
		return 1;
	for (uint32_t i = 0; i < len; i++) {
		if (wait_fifo_data())
			return 1;
		b[i] = *(volatile uint8_t *)(OSPI + STM32_XSPI_DR);
	}
	return transfer_done();
}

/* Automatic polling (RM0438): RDSR until WIP = 0, the controller stopping on the match. */
static int wait_ready(uint32_t ccr, uint32_t ms)
{
	int dtr = (ccr & STM32_XSPI_CCR_IDTR) != 0;
	uint32_t cr;

	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_BUSY, 0, 1))
		return 1;
	wr(OSPI + STM32_XSPI_PSMAR, 0);
	wr(OSPI + STM32_XSPI_PSMKR, MX_SR_WIP);
	wr(OSPI + STM32_XSPI_PIR, 0x10);
	cr = rd(OSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_FMODE_MASK;
	wr(OSPI + STM32_XSPI_CR, cr | STM32_XSPI_CR_APMS | STM32_XSPI_FMODE_AUTOPOLL << STM32_XSPI_CR_FMODE_SHIFT);
	wr(OSPI + STM32_XSPI_CCR, ccr | (dtr ? CCR_8D_A32 | CCR_8D_D : CCR_SPI_D));
	wr(OSPI + STM32_XSPI_TCR, dtr ? MX_DUMMY_REG | STM32_XSPI_TCR_DHQC : 0);
	wr(OSPI + STM32_XSPI_DLR, dtr ? 1 : 0);	/* DTR: the status byte comes twice */
	wr(OSPI + STM32_XSPI_IR, inst(ccr, MX_RDSR));
	if (dtr)
		wr(OSPI + STM32_XSPI_AR, 0);
	if (wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_SMF, STM32_XSPI_SR_SMF, ms))
		return 1;
	wr(OSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CSMF);
	wr(OSPI + STM32_XSPI_CR, rd(OSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_APMS);
	return 0;
}

static int write_enable_8d(void)
{
	return command(CCR_8D_I, 0, MX_WREN, 0, 0, STM32_XSPI_FMODE_IND_WRITE);
}

/*
 * Memory-mapped reads with 8DTRD (EEh/11h), 6 dummy cycles: the state every call ends in.
 * The framing goes in while the controller is idle (configuration registers ignore writes
 * while BUSY, and memory-mapped mode is BUSY from the FMODE write on), then FMODE = 3.
 */
static int ospi_map(void)
{
	if (command(CCR_8D_I | CCR_8D_A32 | CCR_8D_D, MX_DUMMY_READ, MX_8DTRD, 0, 2, STM32_XSPI_FMODE_IND_WRITE))
		return 1;
	set_fmode(STM32_XSPI_FMODE_MMAP);
	return 0;
}

/*
 * Whether the NOR answers RDID with the expected ID in the framing ccr (SPI or 8D). In DTR
 * OPI the ID comes either as three bytes or with every byte twice (register reads in DTR
 * repeat the byte: ST reads status as 2 bytes there) ?: both are taken.
 */
static int id_matches(uint32_t ccr)
{
	int dtr = (ccr & STM32_XSPI_CCR_IDTR) != 0;
	uint8_t b[6] = { 0 };
	int plain = 1, doubled = dtr;

	if (read_reg(ccr | (dtr ? CCR_8D_A32 | CCR_8D_D : CCR_SPI_D), dtr ? MX_DUMMY_REG : 0, MX_RDID, 0, b,
		     dtr ? 6 : 3))
		return 0;
	for (unsigned i = 0; i < 3; i++) {
		plain &= b[i] == mx_id[i];
		doubled &= b[2 * i] == mx_id[i] && b[2 * i + 1] == mx_id[i];
	}
	return plain || doubled;
}

/* A Macronix configuration register 2 write in SPI mode: WREN, WRCR2 addr (4 bytes), value. */
static int write_cr2_spi(uint32_t addr, uint8_t v)
{
	if (command(CCR_SPI_I, 0, MX_WREN, 0, 0, STM32_XSPI_FMODE_IND_WRITE) ||
	    command(CCR_SPI_I | CCR_SPI_A32 | CCR_SPI_D, 0, MX_WRCR2, addr, 1, STM32_XSPI_FMODE_IND_WRITE))
		return 1;
	*(volatile uint8_t *)(OSPI + STM32_XSPI_DR) = v;
	return transfer_done();
}

static void pins_setup(void)
{
	uint32_t ports = 0;

	for (unsigned i = 0; i < sizeof(l5dk_pins) / sizeof(l5dk_pins[0]); i++)
		ports |= 1u << l5dk_pins[i].port;
	wr(RCC_AHB2ENR, rd(RCC_AHB2ENR) | ports);
	(void)rd(RCC_AHB2ENR);	/* RM0438: a read after the enable, before the first access */
	for (unsigned i = 0; i < sizeof(l5dk_pins) / sizeof(l5dk_pins[0]); i++) {
		const struct ospi_pin_s *p = &l5dk_pins[i];
		uint32_t g = GPIO_BASE(p->port), two = 2u * p->pin, afr = g + GPIO_AFR + 4u * (p->pin / 8u);
		uint32_t four = 4u * (p->pin % 8u);

		wr(afr, (rd(afr) & ~(0xFu << four)) | (uint32_t)p->af << four);
		wr(g + GPIO_OSPEEDR, (rd(g + GPIO_OSPEEDR) & ~(3u << two)) | GPIO_SPEED_VHIGH << two);
		wr(g + GPIO_OTYPER, rd(g + GPIO_OTYPER) & ~(1u << p->pin));
		wr(g + GPIO_PUPDR, rd(g + GPIO_PUPDR) & ~(3u << two));
		wr(g + GPIO_MODER, (rd(g + GPIO_MODER) & ~(3u << two)) | GPIO_MODE_AF << two);
	}
}

/* OCTOSPI1 as ST's BSP sets it for DTR: Macronix memory type, 64 MB, CS high 2 cycles, clock / 2, delay block bypassed. */
static void ospi_setup(void)
{
	wr(RCC_AHB3ENR, rd(RCC_AHB3ENR) | RCC_AHB3ENR_OSPI1EN);
	(void)rd(RCC_AHB3ENR);
	ospi_idle();
	wr(OSPI + STM32_XSPI_CR, rd(OSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_EN);
	wr(OSPI + STM32_XSPI_DCR1, STM32_XSPI_MTYP_MACRONIX << STM32_XSPI_DCR1_MTYP_SHIFT |
				       (NOR_SIZE_LOG2 - 1u) << STM32_XSPI_DCR1_DEVSIZE_SHIFT |
				       1u << STM32_XSPI_DCR1_CSHT_SHIFT | STM32_XSPI_DCR1_DLYBYP);
	wr(OSPI + STM32_XSPI_DCR2, 1);	/* PRESCALER 1: kernel clock / 2 */
	wr(OSPI + STM32_XSPI_CR, (FIFO_BURST - 1u) << STM32_XSPI_CR_FTHRES_SHIFT | STM32_XSPI_CR_EN);
}

int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	(void)adr;
	(void)clk;
	(void)fnc;
	pins_setup();
	ospi_setup();
	/* After a reset of the MCU the NOR may still be in DTR OPI from an earlier session. */
	if (!id_matches(CCR_8D_I)) {
		if (!id_matches(CCR_SPI_I) || wait_ready(CCR_SPI_I, T_REG_MS) ||
		    write_cr2_spi(MX_CR2_DC, MX_CR2_DC_6) || wait_ready(CCR_SPI_I, T_REG_MS) ||
		    write_cr2_spi(MX_CR2_MODE, MX_CR2_DOPI))
			return 1;
		if (wait_ready(CCR_8D_I, T_REG_MS) || !id_matches(CCR_8D_I))
			return 1;
	}
	return wait_ready(CCR_8D_I, T_CE_MS) || ospi_map();
}

int UnInit(unsigned long fnc)
{
	(void)fnc;
	return 0;	/* stays memory-mapped (RSP_FLAG_MAPPED) */
}

/* A command with a 4-byte address and no data (erase), then the wait for WIP = 0. */
static int erase_cmd(uint8_t op, uint32_t off, int has_addr, uint32_t ms)
{
	uint32_t ccr = CCR_8D_I | (has_addr ? CCR_8D_A32 : 0);

	if (ospi_idle() || wait_ready(CCR_8D_I, T_CE_MS) || write_enable_8d() ||
	    command(ccr, 0, op, off, 0, STM32_XSPI_FMODE_IND_WRITE) || wait_ready(CCR_8D_I, ms))
		return 1;
	return ospi_map();
}

int RspErase(unsigned long adr, unsigned long size)
{
	uint32_t off = adr - WINDOW;

	if (off >= 1u << NOR_SIZE_LOG2 || off & (size - 1u))
		return 1;
	if (size == NOR_BLOCK)
		return erase_cmd(MX_BE4B, off, 1, T_BE_MS);
	if (size == NOR_SECTOR)
		return erase_cmd(MX_SE4B, off, 1, T_SE_MS);
	return 1;
}

int EraseSector(unsigned long adr)
{
	return RspErase(adr, NOR_SECTOR);
}

int EraseChip(void)
{
	return erase_cmd(MX_CE, 0, 0, T_CE_MS);
}

static int all_ff(const uint8_t *p, uint32_t n)
{
	uint32_t i = 0;

	if (((uintptr_t)p & 3u) == 0)
		for (; i + 4 <= n; i += 4)
			if (*(const uint32_t *)(const void *)(p + i) != 0xFFFFFFFFu)
				return 0;
	for (; i < n; i++)
		if (p[i] != 0xFF)
			return 0;
	return 1;
}

/* Copies n bytes (a multiple of 4) to DR as words; b need not be word aligned. */
static void dr_put_words(const uint8_t *b, uint32_t n)
{
	if (((uintptr_t)b & 3u) == 0) {
		for (uint32_t i = 0; i < n; i += 4)
			wr(OSPI + STM32_XSPI_DR, *(const uint32_t *)(const void *)(b + i));
		return;
	}
	for (uint32_t i = 0; i < n; i += 4)
		wr(OSPI + STM32_XSPI_DR, (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 | (uint32_t)b[i + 2] << 16 |
						 (uint32_t)b[i + 3] << 24);
}

/*
 * One NOR page (or its first n bytes, n even: DTR moves bytes in pairs), once the previous
 * one is done; returns while this one programs, so the caller looks at the next page's data
 * in the meantime. The first DR write starts the transfer; with FTHRES = FIFO_BURST - 1, FTF
 * means at least FIFO_BURST free bytes (RM0438 indirect write mode), so the data goes in
 * bursts with one status read each.
 */
static int program_nor_page(uint32_t off, const uint8_t *buf, uint32_t n)
{
	uint32_t i = 0;

	if (wait_ready(CCR_8D_I, T_PP_MS) || write_enable_8d() ||
	    command(CCR_8D_I | CCR_8D_A32 | CCR_8D_D, 0, MX_PP4B, off, n, STM32_XSPI_FMODE_IND_WRITE))
		return 1;
	for (; i + FIFO_BURST <= n; i += FIFO_BURST) {
		if (i && wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_FTF, STM32_XSPI_SR_FTF, 1))
			return 1;
		dr_put_words(buf + i, FIFO_BURST);
	}
	if (i < n && i && wait_reg(OSPI + STM32_XSPI_SR, STM32_XSPI_SR_FTF, STM32_XSPI_SR_FTF, 1))
		return 1;
	for (; i < n; i++)	/* fewer than FIFO_BURST bytes left: they fit */
		*(volatile uint8_t *)(OSPI + STM32_XSPI_DR) = buf[i];
	return transfer_done();
}

int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	uint32_t off = adr - WINDOW;

	if (off >= 1u << NOR_SIZE_LOG2 || sz > PROG_CHUNK || off + sz > 1u << NOR_SIZE_LOG2 || off % NOR_PAGE)
		return 1;
	if (ospi_idle() || wait_ready(CCR_8D_I, T_CE_MS))
		return 1;
	for (uint32_t done = 0; done < sz; done += NOR_PAGE) {
		uint32_t n = sz - done < NOR_PAGE ? sz - done : NOR_PAGE;
		uint8_t tail[NOR_PAGE];

		if (all_ff(buf + done, n))
			continue;	/* programming FFh changes nothing */
		if (n & 1u) {	/* odd tail: pad with FFh, which leaves the byte after it erased */
			for (uint32_t i = 0; i < n; i++)
				tail[i] = buf[done + i];
			tail[n++] = 0xFF;
			if (program_nor_page(off + done, tail, n))
				return 1;
		} else if (program_nor_page(off + done, buf + done, n)) {
			return 1;
		}
	}
	return wait_ready(CCR_8D_I, T_PP_MS) || ospi_map();
}

/* Verify and BlankCheck read through the window (memory-mapped since the last call). */
unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;

	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != buf[i])
			return adr + i;
	return adr + sz;
}

int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;

	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != pat)
			return 1;
	return 0;
}

const uint32_t RspEraseSizes[] = { NOR_BLOCK, NOR_SECTOR, 0 };
/* typical times (MX25LM51245G, ?): 64 KB block 220 ms, 4 KB sector 25 ms */
const uint32_t RspEraseTimesUs[] = { 220000u, 25000u, 0 };
const uint32_t RspFlags = RSP_FLAG_MAPPED;

__attribute__((section("DevDscr"), used)) const struct flm_device_s FlashDevice = {
	.Vers = FLM_VERS,
	.DevName = "STM32L562E-DK OCTOSPI1 MX25LM51245G",
	.DevType = FLM_EXTSPI,
	.DevAdr = WINDOW,
	.szDev = 1u << NOR_SIZE_LOG2,
	.szPage = PROG_CHUNK,
	.valEmpty = 0xFF,
	.toProg = 100,		/* ms for 16 KB: 64 pages x 1 ms max ?, rounded up */
	.toErase = T_SE_MS,
	.sectors = { { NOR_SECTOR, 0 }, FLM_SECTOR_END },
};
