// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Built-in loader "n6-xspi2-mx66uw1g45g": the MX66UW1G45G octal NOR on XSPI2 of the
 * STM32N6570-DK, memory-mapped at 0x70000000, 128 MB, driven in 8D-8D-8D (octal DTR).
 * A CMSIS FLM with the rspflash extensions (flash/loaders/flm_abi.h).
 *
 * Sources: RM0486 (STM32N6 reference manual: RCC, PWR, GPIO, XSPI, XSPIM); stm32n657xx.h
 * of cmsis-device-n6 (register offsets and bits quoted below); ST's stm32-mx66uw1g45g BSP
 * driver and the STM32N6570-DK BSP (the sequence: reset the NOR in every protocol, write
 * CR2 DOPI from SPI, then octal DTR commands as two bytes, opcode and its complement,
 * with 4-byte addresses); hardware.md §3 and §6.
 *
 * Choices:
 * - The core runs secure (development boot), so the secure register aliases are used.
 * - XSPI2's kernel clock is HCLK (CCIPR6.XSPI2SEL = 0), divided by 2: at most 200 MHz for
 *   any HCLK the part allows, and it needs no PLL, so Init disturbs no clock the
 *   application set up. 20 dummy cycles (CR2 DC = 0, the NOR's default) cover 200 MHz.
 * - Every function leaves XSPI2 in memory-mapped 8D mode (RspFlags = RSP_FLAG_MAPPED):
 *   Verify and BlankCheck read the window.
 * - Waits are bounded by SysTick wraps (2^24 core cycles each, at most 800 MHz assumed)
 *   rather than a software counter: a counter makes every poll iteration different, which
 *   the simulator cannot fast-forward (a 300 s chip erase would take hours), while a poll
 *   of SR and COUNTFLAG is idle until the NOR or SysTick changes. SysTick is restored.
 */
#include <stdint.h>

#include "flash/loaders/flm_abi.h"

#define REG(a) (*(volatile uint32_t *)(a))

/* RCC (secure alias), stm32n657xx.h RCC_TypeDef: CCIPR6 0x158, AHB4ENSR 0xA5C, AHB5ENSR 0xA60 */
#define RCC 0x56028000u
#define RCC_CCIPR6 (RCC + 0x158u)
#define RCC_CCIPR6_XSPI2SEL (3u << 4)
#define RCC_AHB4ENSR (RCC + 0xA5Cu)
#define RCC_AHB4_GPIONEN (1u << 13)
#define RCC_AHB4_PWREN (1u << 18)
#define RCC_AHB5ENSR (RCC + 0xA60u)
#define RCC_AHB5_XSPI2EN (1u << 12)
#define RCC_AHB5_XSPIMEN (1u << 13)

/* PWR SVMCR3 0x03C: VDDIO3 monitor enable, supply valid, ready, 1.8 V range select */
#define PWR_SVMCR3 (0x56024800u + 0x03Cu)
#define PWR_SVMCR3_VDDIO3VMEN (1u << 1)
#define PWR_SVMCR3_VDDIO3SV (1u << 9)
#define PWR_SVMCR3_VDDIO3RDY (1u << 17)
#define PWR_SVMCR3_VDDIO3VRSEL (1u << 26)

/* GPION: PN0 DQS, PN1 NCS, PN2..PN5 IO0..IO3, PN6 CLK, PN8..PN11 IO4..IO7, AF9 (DK BSP ?) */
#define GPION 0x56023400u
#define GPIO_MODER 0x00u
#define GPIO_OSPEEDR 0x08u
#define GPIO_PUPDR 0x0Cu
#define GPIO_AFRL 0x20u
#define GPIO_AFRH 0x24u
#define XSPI2_PINS 0x0F7Fu
#define XSPI2_AF 9u

/* XSPIM CR: MUXEN 0, MODE 1 (0: direct, XSPI2 on port 2) */
#define XSPIM_CR 0x5802B400u

/* XSPI2 (secure alias), stm32n657xx.h XSPI_TypeDef */
#define XSPI 0x5802A000u
#define XSPI_CR (XSPI + 0x000u)
#define XSPI_DCR1 (XSPI + 0x008u)
#define XSPI_DCR2 (XSPI + 0x00Cu)
#define XSPI_DCR3 (XSPI + 0x010u)
#define XSPI_DCR4 (XSPI + 0x014u)
#define XSPI_SR (XSPI + 0x020u)
#define XSPI_FCR (XSPI + 0x024u)
#define XSPI_DLR (XSPI + 0x040u)
#define XSPI_AR (XSPI + 0x048u)
#define XSPI_DR (XSPI + 0x050u)
#define XSPI_PSMKR (XSPI + 0x080u)
#define XSPI_PSMAR (XSPI + 0x088u)
#define XSPI_PIR (XSPI + 0x090u)
#define XSPI_CCR (XSPI + 0x100u)
#define XSPI_TCR (XSPI + 0x108u)
#define XSPI_IR (XSPI + 0x110u)
#define CR_EN (1u << 0)
#define CR_ABORT (1u << 1)
#define FIFO_BURST 32u
#define CR_FTHRES_BURST ((FIFO_BURST - 1u) << 8)	/* FTF: FIFO_BURST bytes free (write) or held (read) */
#define CR_APMS (1u << 22)
#define CR_FMODE_MASK (3u << 28)
#define CR_FMODE_WRITE (0u << 28)
#define CR_FMODE_READ (1u << 28)
#define CR_FMODE_POLL (2u << 28)
#define CR_FMODE_MMAP (3u << 28)
#define DCR1_MTYP_MACRONIX (1u << 24)
#define DCR1_DEVSIZE_128M (26u << 16)	/* 2^(26+1) bytes */
#define DCR1_CSHT_2 (1u << 8)
#define DCR2_PRESCALER_2 1u
#define SR_TEF (1u << 0)
#define SR_TCF (1u << 1)
#define SR_FTF (1u << 2)
#define SR_SMF (1u << 3)
#define SR_BUSY (1u << 5)
#define FCR_ALL 0x1Bu	/* CTEF, CTCF, CSMF, CTOF */
#define TCR_DHQC (1u << 28)
/* CCR: instruction, address and data phases */
#define CCR_I1 (1u << 0)
#define CCR_I8 (4u << 0)
#define CCR_IDTR (1u << 3)
#define CCR_IS16 (1u << 4)
#define CCR_A1 (1u << 8)
#define CCR_A8 (4u << 8)
#define CCR_ADTR (1u << 11)
#define CCR_AS32 (3u << 12)
#define CCR_D1 (1u << 24)
#define CCR_D8 (4u << 24)
#define CCR_DDTR (1u << 27)
#define CCR_DQSE (1u << 29)
#define CCR_DMASK (7u << 24)
#define CCR_AMASK (7u << 8)
#define OPI_CMD (CCR_I8 | CCR_IDTR | CCR_IS16)
#define OPI_ADDR (OPI_CMD | CCR_A8 | CCR_ADTR | CCR_AS32)
#define OPI_DATA (OPI_ADDR | CCR_D8 | CCR_DDTR)

/* MX66UW1G45G: SPI and octal DTR opcodes (octal: opcode << 8 | ~opcode) */
#define OPI(op) ((uint32_t)(op) << 8 | (uint8_t)~(op))
#define NOR_RSTEN 0x66u
#define NOR_RST 0x99u
#define NOR_WREN 0x06u
#define NOR_RDSR 0x05u
#define NOR_WRCR2 0x72u
#define NOR_RDCR2 0x71u
#define NOR_PP4B 0x12u
#define NOR_SE4B 0x21u		/* 4 KB */
#define NOR_BE4B 0xDCu		/* 64 KB */
#define NOR_CE 0x60u
#define NOR_8DTRD 0xEEu
#define NOR_SR_WIP 0x01u
#define NOR_CR2_DOPI 0x02u
#define NOR_DUMMY_READ 20u	/* CR2 DC = 000 */
#define NOR_DUMMY_REG 5u	/* RDSR/RDCR2 in 8D ? */
#define NOR_PAGE 256u

#define PAGE_MAX 0x4000u	/* FlashDevice.szPage (DevDscr is the host's, not loaded) */
#define FLASH_BASE 0x70000000u
#define FLASH_SIZE (128u << 20)
#define SECTOR 0x1000u
#define BLOCK 0x10000u

/* Datasheet maximum times (BSP MX66UW1G45G_*_MAX_TIME), ms */
#define T_PP_MS 10u		/* page program: a margin over the datasheet maximum ? */
#define T_SE_MS 400u
#define T_BE_MS 1000u
#define T_CE_MS 460000u
#define T_REG_MS 40u

/* SysTick */
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define SYST_CSR_ON 5u		/* CLKSOURCE (core clock) | ENABLE */
#define SYST_COUNTFLAG (1u << 16)
#define CORE_MAX_KHZ 800000u	/* the fastest core clock assumed for timeouts */

__attribute__((section("DevDscr"), used)) const struct flm_device_s FlashDevice = {
	.Vers = FLM_VERS,
	.DevName = "STM32N6 XSPI2 MX66UW1G45G octal DTR",
	.DevType = FLM_EXTSPI,
	.DevAdr = FLASH_BASE,
	.szDev = FLASH_SIZE,
	.szPage = PAGE_MAX,
	.valEmpty = 0xFF,
	.toProg = 64 * T_PP_MS,
	.toErase = T_SE_MS,
	.sectors = { { SECTOR, 0 }, FLM_SECTOR_END },
};

const uint32_t RspEraseSizes[] = { BLOCK, SECTOR, 0 };
/* typical times (hardware.md §6, ?): 64 KB block 220 ms, 4 KB sector 25 ms */
const uint32_t RspEraseTimesUs[] = { 220000u, 25000u, 0 };
const uint32_t RspFlags = RSP_FLAG_MAPPED;

/* ---- time ---- */

struct deadline_s {
	uint32_t wraps;		/* SysTick wraps left */
	uint32_t csr, rvr;	/* what to restore */
};

static void deadline_start(struct deadline_s *d, uint32_t ms)
{
	/* wraps of 2^24 cycles in ms at CORE_MAX_KHZ, rounded up, plus the partial first one */
	d->wraps = ms / 20u + 2u;	/* 800000 cycles/ms / 2^24 < 1/20 */
	d->csr = REG(SYST_CSR);
	d->rvr = REG(SYST_RVR);
	REG(SYST_RVR) = 0xFFFFFFu;
	REG(SYST_CVR) = 0;
	REG(SYST_CSR) = SYST_CSR_ON;
}

static void deadline_end(const struct deadline_s *d)
{
	REG(SYST_CSR) = d->csr & 7u;
	REG(SYST_RVR) = d->rvr;
}

static int deadline_passed(struct deadline_s *d)
{
	return (REG(SYST_CSR) & SYST_COUNTFLAG) && !--d->wraps;
}

/* Wait until (XSPI SR & mask) == want or the deadline passes; 0 or 1. */
static int wait_sr(uint32_t mask, uint32_t want, uint32_t ms)
{
	struct deadline_s d;
	int rc = 0;

	if ((REG(XSPI_SR) & mask) == want)
		return 0;	/* most commands are done by the first look: no SysTick set-up */
	deadline_start(&d, ms);
	while ((REG(XSPI_SR) & mask) != want)
		if (deadline_passed(&d)) {
			rc = 1;
			break;
		}
	deadline_end(&d);
	return rc;
}

/* A short delay in core cycles at the fastest clock (longer at slower ones). */
static void delay_cycles(uint32_t n)
{
	for (uint32_t i = n / 4u; i; i--)
		__asm__ volatile("");
}

/* ---- XSPI2 ---- */

static void set_fmode(uint32_t fmode)
{
	REG(XSPI_CR) = (REG(XSPI_CR) & ~CR_FMODE_MASK) | fmode;
}

/* Leave memory-mapped (or any) mode: abort, wait for BUSY = 0, indirect write (RM0486). */
static int xspi_idle(void)
{
	if (REG(XSPI_SR) & SR_BUSY) {
		REG(XSPI_CR) |= CR_ABORT;
		if (wait_sr(SR_BUSY, 0, 1))
			return 1;
	}
	set_fmode(CR_FMODE_WRITE);
	REG(XSPI_CR) &= ~CR_APMS;
	REG(XSPI_FCR) = FCR_ALL;
	return 0;
}

/*
 * Program the command registers (HAL_XSPI_Command order: CCR, TCR, DLR, IR, AR). A command
 * without data starts on the IR write (no address) or the AR write; one with data starts
 * on the first DR access (write) or the AR/IR write in read mode.
 */
static void xspi_command(uint32_t fmode, uint32_t ccr, uint32_t dummy, uint32_t ir, uint32_t ar, uint32_t len)
{
	set_fmode(fmode);
	REG(XSPI_CCR) = ccr;
	REG(XSPI_TCR) = dummy | ((ccr & CCR_DDTR) ? TCR_DHQC : 0);
	if (len)
		REG(XSPI_DLR) = len - 1;
	REG(XSPI_IR) = ir;
	if (ccr & CCR_AMASK)
		REG(XSPI_AR) = ar;
}

/* End of a command: TCF, no transfer error. */
static int xspi_done(void)
{
	int rc = wait_sr(SR_TCF, SR_TCF, 1);

	if (REG(XSPI_SR) & SR_TEF)
		rc = 1;
	REG(XSPI_FCR) = FCR_ALL;
	return rc;
}

static int cmd_noarg(uint32_t ccr, uint32_t ir, uint32_t ar)
{
	xspi_command(CR_FMODE_WRITE, ccr, 0, ir, ar, 0);
	return xspi_done();
}

/* Octal DTR: WREN, then the NOR polled until WIP = 0 by the controller (APMS). */
static int opi_wren(void)
{
	return cmd_noarg(OPI_CMD, OPI(NOR_WREN), 0);
}

static int opi_wait_ready(uint32_t ms)
{
	int rc;

	REG(XSPI_PSMKR) = NOR_SR_WIP;
	REG(XSPI_PSMAR) = 0;
	REG(XSPI_PIR) = 0x10;
	REG(XSPI_CR) |= CR_APMS;
	xspi_command(CR_FMODE_POLL, OPI_DATA | CCR_DQSE, NOR_DUMMY_REG, OPI(NOR_RDSR), 0, 2);
	rc = wait_sr(SR_SMF, SR_SMF, ms);
	if (rc)
		xspi_idle();	/* abort the polling */
	REG(XSPI_CR) &= ~CR_APMS;
	REG(XSPI_FCR) = FCR_ALL;
	return rc;
}

/* Memory-mapped 8D read (8DTRD EEh), as every function leaves it. */
static void xspi_map(void)
{
	REG(XSPI_FCR) = FCR_ALL;
	xspi_command(CR_FMODE_WRITE, OPI_DATA | CCR_DQSE, NOR_DUMMY_READ, OPI(NOR_8DTRD), 0, 0);
	set_fmode(CR_FMODE_MMAP);
}

/* Leave the window for an indirect operation. */
static int xspi_unmap(void)
{
	return xspi_idle();
}

/* ---- set-up ---- */

static void gpio_setup(void)
{
	uint32_t moder = REG(GPION + GPIO_MODER), speed = REG(GPION + GPIO_OSPEEDR), pupd = REG(GPION + GPIO_PUPDR);
	uint32_t afrl = REG(GPION + GPIO_AFRL), afrh = REG(GPION + GPIO_AFRH);

	for (uint32_t p = 0; p < 16; p++) {
		if (!(XSPI2_PINS & (1u << p)))
			continue;
		moder = (moder & ~(3u << 2 * p)) | 2u << 2 * p;	/* alternate function */
		speed |= 3u << 2 * p;				/* very high speed */
		pupd &= ~(3u << 2 * p);
		if (p < 8)
			afrl = (afrl & ~(15u << 4 * p)) | XSPI2_AF << 4 * p;
		else
			afrh = (afrh & ~(15u << 4 * (p - 8))) | XSPI2_AF << 4 * (p - 8);
	}
	REG(GPION + GPIO_AFRL) = afrl;
	REG(GPION + GPIO_AFRH) = afrh;
	REG(GPION + GPIO_OSPEEDR) = speed;
	REG(GPION + GPIO_PUPDR) = pupd;
	REG(GPION + GPIO_MODER) = moder;
}

/* Clocks, the VDDIO3 supply (1.8 V on the DK), pins, XSPIM direct mode, then XSPI2. */
static int soc_setup(void)
{
	struct deadline_s d;
	int rc = 0;

	REG(RCC_AHB4ENSR) = RCC_AHB4_GPIONEN | RCC_AHB4_PWREN;
	REG(RCC_AHB5ENSR) = RCC_AHB5_XSPI2EN | RCC_AHB5_XSPIMEN;
	REG(RCC_CCIPR6) &= ~RCC_CCIPR6_XSPI2SEL;	/* HCLK */
	REG(PWR_SVMCR3) |= PWR_SVMCR3_VDDIO3VMEN | PWR_SVMCR3_VDDIO3VRSEL;
	deadline_start(&d, T_REG_MS);
	while (!(REG(PWR_SVMCR3) & PWR_SVMCR3_VDDIO3RDY))
		if (deadline_passed(&d)) {
			rc = 1;
			break;
		}
	deadline_end(&d);
	if (rc)
		return 1;
	REG(PWR_SVMCR3) |= PWR_SVMCR3_VDDIO3SV;
	gpio_setup();
	if (xspi_idle())	/* Init again: out of memory-mapped mode first */
		return 1;
	REG(XSPIM_CR) = 0;
	REG(XSPI_CR) = 0;
	REG(XSPI_DCR1) = DCR1_MTYP_MACRONIX | DCR1_DEVSIZE_128M | DCR1_CSHT_2;
	REG(XSPI_DCR2) = DCR2_PRESCALER_2;
	REG(XSPI_DCR3) = 0;
	REG(XSPI_DCR4) = 0;
	REG(XSPI_CR) = CR_FTHRES_BURST | CR_EN;
	REG(XSPI_FCR) = FCR_ALL;
	return 0;
}

/* The NOR back to 1S-1S-1S from whatever protocol it is in: reset in 8D, 8S, then 1S. */
static void nor_reset(void)
{
	static const uint32_t ccr[3] = { OPI_CMD, CCR_I8 | CCR_IS16, CCR_I1 };

	for (unsigned i = 0; i < 3; i++) {
		uint32_t one = i == 2;
		cmd_noarg(ccr[i], one ? NOR_RSTEN : OPI(NOR_RSTEN), 0);
		cmd_noarg(ccr[i], one ? NOR_RST : OPI(NOR_RST), 0);
	}
	delay_cycles(CORE_MAX_KHZ / 10u);	/* tREADY after a reset: 100 us ? */
}

/* 1S: WREN, WRCR2 address 0 = DOPI; then CR2 read back in 8D. */
static int nor_enter_dopi(void)
{
	uint32_t v;

	if (cmd_noarg(CCR_I1, NOR_WREN, 0))
		return 1;
	xspi_command(CR_FMODE_WRITE, CCR_I1 | CCR_A1 | CCR_AS32 | CCR_D1, 0, NOR_WRCR2, 0, 1);
	*(volatile uint8_t *)XSPI_DR = NOR_CR2_DOPI;
	if (xspi_done())
		return 1;
	xspi_command(CR_FMODE_READ, OPI_DATA | CCR_DQSE, NOR_DUMMY_REG, OPI(NOR_RDCR2), 0, 2);
	if (xspi_done())
		return 1;
	v = *(volatile uint16_t *)XSPI_DR;
	return (v & 0xFFu) != NOR_CR2_DOPI;
}

int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	(void)adr;
	(void)clk;
	(void)fnc;
	if (soc_setup())
		return 1;
	nor_reset();
	if (nor_enter_dopi())
		return 1;
	xspi_map();
	return 0;
}

int UnInit(unsigned long fnc)
{
	(void)fnc;
	return 0;	/* stays memory-mapped for the host and GDB */
}

/* ---- erase and program ---- */

static int in_flash(unsigned long adr, unsigned long len)
{
	return adr >= FLASH_BASE && len <= FLASH_SIZE && adr - FLASH_BASE <= FLASH_SIZE - len;
}

/* One erase command (with address, or none for the chip), the wait, the window back. */
static int erase(uint32_t op, int addressed, uint32_t off, uint32_t ms)
{
	int rc = xspi_unmap() || opi_wren();

	if (!rc) {
		xspi_command(CR_FMODE_WRITE, addressed ? OPI_ADDR : OPI_CMD, 0, OPI(op), off, 0);
		rc = xspi_done() || opi_wait_ready(ms);
	}
	xspi_map();
	return rc;
}

int RspErase(unsigned long adr, unsigned long size)
{
	if (!in_flash(adr, size) || (size != BLOCK && size != SECTOR) || (adr & (size - 1)))
		return 1;
	if (size == BLOCK)
		return erase(NOR_BE4B, 1, adr - FLASH_BASE, T_BE_MS);
	return erase(NOR_SE4B, 1, adr - FLASH_BASE, T_SE_MS);
}

int EraseSector(unsigned long adr)
{
	return RspErase(adr, SECTOR);
}

int EraseChip(void)
{
	return erase(NOR_CE, 0, 0, T_CE_MS);
}

/* Whether n bytes at p are all 0xFF (word by word where aligned: this runs for every page). */
static int all_ff(const unsigned char *p, uint32_t n)
{
	uint32_t i = 0;

	if (!((uintptr_t)p & 3u))
		for (; i + 4 <= n; i += 4)
			if (*(const uint32_t *)(p + i) != 0xFFFFFFFFu)
				return 0;
	for (; i < n; i++)
		if (p[i] != 0xFF)
			return 0;
	return 1;
}

/* Little-endian word from buf (any alignment), 0xFF past n. */
static uint32_t word_at(const unsigned char *p, uint32_t n)
{
	uint32_t w = 0;

	for (uint32_t i = 0; i < 4; i++)
		w |= (uint32_t)(i < n ? p[i] : 0xFFu) << 8 * i;
	return w;
}

/* FIFO_BURST bytes from an aligned buffer: loads first (LDM), then the stores. */
static void burst(const unsigned char *p)
{
	const uint32_t *w = (const uint32_t *)p;
	uint32_t a = w[0], b = w[1], c = w[2], d = w[3], e = w[4], f = w[5], g = w[6], h = w[7];

	REG(XSPI_DR) = a;
	REG(XSPI_DR) = b;
	REG(XSPI_DR) = c;
	REG(XSPI_DR) = d;
	REG(XSPI_DR) = e;
	REG(XSPI_DR) = f;
	REG(XSPI_DR) = g;
	REG(XSPI_DR) = h;
}

/*
 * One NOR page (n <= 256 bytes, not crossing a page): WREN, PP4B, data, WIP. FTF says
 * FIFO_BURST bytes are free (CR.FTHRES), so the data goes in bursts of 8 words with one
 * status read each: the CPU time per page stays a few percent of the NOR's.
 */
static int program_page(uint32_t off, const unsigned char *buf, uint32_t n)
{
	uint32_t len = (n + 3u) & ~3u;	/* whole words; the padding is 0xFF and programs nothing */
	int words = !((uintptr_t)buf & 3u) && !(n & 3u);

	if (opi_wren())
		return 1;
	xspi_command(CR_FMODE_WRITE, OPI_DATA, 0, OPI(NOR_PP4B), off, len);
	for (uint32_t i = 0; i < len; i += FIFO_BURST) {
		uint32_t sr, end = i + FIFO_BURST < len ? i + FIFO_BURST : len;
		while (!((sr = REG(XSPI_SR)) & (SR_FTF | SR_TEF)))
			;	/* the FIFO drains onto the wire while the command runs */
		if (sr & SR_TEF)
			break;
		if (words && end - i == FIFO_BURST)
			burst(buf + i);
		else if (words)
			for (uint32_t j = i; j < end; j += 4)
				REG(XSPI_DR) = *(const uint32_t *)(buf + j);
		else
			for (uint32_t j = i; j < end; j += 4)
				REG(XSPI_DR) = word_at(buf + j, n - j);
	}
	return xspi_done() || opi_wait_ready(T_PP_MS);
}

int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	int rc;

	if (!in_flash(adr, sz) || (adr & (NOR_PAGE - 1)) || sz > PAGE_MAX)
		return 1;
	rc = xspi_unmap();
	for (uint32_t done = 0; !rc && done < sz; done += NOR_PAGE) {
		uint32_t n = sz - done < NOR_PAGE ? sz - done : NOR_PAGE;
		if (!all_ff(buf + done, n))
			rc = program_page(adr - FLASH_BASE + done, buf + done, n);
	}
	xspi_map();
	return rc;
}

/* ---- checks through the window ---- */

int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	const volatile unsigned char *p = (const volatile unsigned char *)adr;

	if (!in_flash(adr, sz))
		return 1;
	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != pat)
			return 1;
	return 0;
}

unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	const volatile unsigned char *p = (const volatile unsigned char *)adr;

	if (!in_flash(adr, sz))
		return adr;
	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != buf[i])
			return adr + i;
	return adr + sz;
}
