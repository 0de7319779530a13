// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Built-in loader "alif-ospi1-is25wx256": the ISSI IS25WX256 (32 MB octal NOR) on OSPI1 of
 * the Alif Ensemble E7 DevKit, read through the XIP window at 0xC0000000. A CMSIS FLM with
 * the rspflash extensions (flm_abi.h): 16 KB ProgramPage, 4 KB sectors, 128 KB blocks,
 * every call leaves the controller in XIP mode (RSP_FLAG_MAPPED).
 *
 * Controller: a DesignWare SSI with Alif's AES/XIP front end (arch/dw_ospi_regs.h). The
 * flash runs 8D-8D-8D: Init resets it, writes the volatile configuration register (81h)
 * in 1-1-1 (address 1: 16 dummy cycles, address 0: E7h = octal DDR with DQS), then every
 * command goes on 8 lines, DDR. Sequences as Alif's ospi_xip/source/ospi/ospi_drv.c and
 * issi_flash.c send them: configuration written with SSIENR = 0, the TX FIFO filled with
 * instruction, address and data frames, then SER, then SR polled for TFE and not BUSY.
 *
 * Facts (? = not confirmed against the datasheet/reference manual):
 * - opcodes (IS25WX256 / Xccela): 06h WREN, 05h RDSR (8 dummy cycles in octal DDR),
 *   9Eh read ID (manufacturer 9Dh), 66h/99h reset, 81h write VCR, 12h page program and
 *   21h 4 KB erase with a 4-byte address, DCh 128 KB block erase ?, C7h chip erase,
 *   FDh octal DDR fast read (what Alif's XIP set-up uses);
 * - maximum times used for the timeouts ?: page program 5 ms, 4 KB erase 1 s, 128 KB erase
 *   4 s, chip erase 400 s (generous against the typical 0.2 ms / 35 ms / 300 ms / 75 s);
 * - 32-bit data frames go on the wire lowest byte first (as the simulator's model takes
 *   them ?), so the flash receives the bytes in memory order.
 */
#include <stdint.h>

#include "arch/dw_ospi_regs.h"
#include "flash/loaders/flm_abi.h"

#define FLASH_SIZE	(32u << 20)
#define NOR_PAGE	256u
#define NOR_SECTOR	4096u
#define NOR_BLOCK	(128u << 10)
#define PROGRAM_UNIT	(16u << 10)	/* FlashDevice.szPage: 64 NOR pages per call */

#define NOR_WREN	0x06u
#define NOR_RDSR	0x05u
#define NOR_RDID	0x9Eu
#define NOR_RSTEN	0x66u
#define NOR_RST		0x99u
#define NOR_WRVCR	0x81u
#define NOR_PP4		0x12u
#define NOR_SE4		0x21u
#define NOR_BE4		0xDCu
#define NOR_CE		0xC7u
#define NOR_READ_8D	0xFDu
#define NOR_SR_WIP	0x01u
#define NOR_SR_WEL	0x02u
#define NOR_ID_ISSI	0x9Du
#define NOR_VCR_MODE	0x00u	/* VCR address 0: I/O mode */
#define NOR_VCR_DUMMY	0x01u	/* VCR address 1: dummy cycles of fast reads */
#define NOR_MODE_8D	0xE7u	/* octal DDR with DQS */
#define NOR_DUMMY	16u
#define NOR_RDSR_DUMMY	8u

/* Core clock the timeouts are counted against: the M55-HP at its maximum, 400 MHz ?. */
#define CORE_MHZ	400u
#define POLL_FAST	64u	/* delay iterations between status reads: page program */
#define POLL_SLOW	4096u	/* erases: fewer reads, the overshoot stays < 0.1 % */
#define T_PP_MAX_US	5000u
#define T_SE_MAX_US	1000000u
#define T_BE_MAX_US	4000000u
#define T_CE_MAX_US	400000000u
#define T_XFER_POLLS	100000u	/* SR reads before a transfer counts as stuck */
#define T_RESET_US	100u	/* tRST after 99h ? */

#define OSPI_BAUDR	4u	/* sclk = bus clock / 4, as Alif's ospi_init in the model test ? */
#define OSPI_RX_SAMPLE_DLY 4u
#define AES_RXDS_DELAY	11u

/* OSPI1 pads of the E7 DevKit (ospi_xip_user.h): PINMUX register at 0x1A603000 + port * 32
 * + pin * 4 = alternate function | pad control << 16 (read enable = 1) ?. */
#define PINMUX_BASE	0x1A603000u
#define PAD_REN		(1u << 16)
/* OSPI1 kernel clock enable: CLKCTL_PER_SLV (0x4902F000) offset 0, bit 1 ?. */
#define OSPI1_CLK_EN_ADDR 0x4902F000u
#define OSPI1_CLK_EN	(1u << 1)

typedef volatile uint32_t vu32;

static inline uint32_t rd(uint32_t a)
{
	return *(vu32 *)a;
}

static inline void wr(uint32_t a, uint32_t v)
{
	*(vu32 *)a = v;
}

#define SSI(off) (ALIF_OSPI1_BASE + (off))
#define AES(off) (ALIF_AES1_BASE + (off))

/* CTRLR0 for an octal transfer, SPI_CTRLR0 for 8D-8D-8D with an 8-bit instruction */
#define CTRLR0_8D(tmod, dfs) (DW_OSPI_CTRLR0_IS_MST | DW_OSPI_SPI_FRF_OCTAL << DW_OSPI_CTRLR0_SPI_FRF_SHIFT | \
			      (uint32_t)(tmod) << DW_OSPI_CTRLR0_TMOD_SHIFT | ((dfs) - 1u))
#define SPI_CTRLR0_8D(addr_bits, wait) (2u | ((addr_bits) / 4u) << DW_OSPI_SPI_CTRLR0_ADDR_L_SHIFT | \
					2u << DW_OSPI_SPI_CTRLR0_INST_L_SHIFT | \
					(uint32_t)(wait) << DW_OSPI_SPI_CTRLR0_WAIT_CYCLES_SHIFT | \
					DW_OSPI_SPI_CTRLR0_SPI_DDR_EN | DW_OSPI_SPI_CTRLR0_INST_DDR_EN | \
					DW_OSPI_SPI_CTRLR0_RXDS_EN)
/* Standard SPI frame format (1-1-1): every frame one byte on the wire */
#define CTRLR0_STD_TX (DW_OSPI_CTRLR0_IS_MST | DW_OSPI_TMOD_TO << DW_OSPI_CTRLR0_TMOD_SHIFT | 7u)

static void delay(uint32_t n)
{
	while (n--)
		__asm volatile("");
}

/* Configure one transfer; the DW SSI takes these registers only while disabled. */
static void ssi_setup(uint32_t ctrlr0, uint32_t ctrlr1, uint32_t spi_ctrlr0)
{
	wr(SSI(DW_OSPI_SER), 0);
	wr(SSI(DW_OSPI_SSIENR), 0);
	wr(SSI(DW_OSPI_CTRLR0), ctrlr0);
	wr(SSI(DW_OSPI_CTRLR1), ctrlr1);
	wr(SSI(DW_OSPI_SPI_CTRLR0), spi_ctrlr0);
	wr(SSI(DW_OSPI_SSIENR), 1);
}

/* Select the flash (the frames already in the FIFO go out) and wait until they have. */
static int ssi_send(void)
{
	wr(SSI(DW_OSPI_SER), 1);
	for (uint32_t n = T_XFER_POLLS; n; n--)
		if ((rd(SSI(DW_OSPI_SR)) & (DW_OSPI_SR_TFE | DW_OSPI_SR_BUSY)) == DW_OSPI_SR_TFE)
			return 0;
	return 1;
}

static int cmd_8d(uint32_t op)
{
	ssi_setup(CTRLR0_8D(DW_OSPI_TMOD_TO, 8u), 0, SPI_CTRLR0_8D(0u, 0u));
	wr(SSI(DW_OSPI_DR), op);
	return ssi_send();
}

static int cmd_8d_addr(uint32_t op, uint32_t off)
{
	ssi_setup(CTRLR0_8D(DW_OSPI_TMOD_TO, 8u), 0, SPI_CTRLR0_8D(32u, 0u));
	wr(SSI(DW_OSPI_DR), op);
	wr(SSI(DW_OSPI_DR), off);
	return ssi_send();
}

/* A register read in 8D-8D-8D: n bytes into out; 1 when nothing arrives. */
static int read_8d(uint32_t op, uint32_t wait, uint8_t *out, uint32_t n)
{
	uint32_t got = 0;

	ssi_setup(CTRLR0_8D(DW_OSPI_TMOD_RO, 8u), n - 1u, SPI_CTRLR0_8D(0u, wait));
	wr(SSI(DW_OSPI_DR), op);
	wr(SSI(DW_OSPI_SER), 1);
	for (uint32_t polls = T_XFER_POLLS; got < n; polls--) {
		if (!polls)
			return 1;
		if (rd(SSI(DW_OSPI_RXFLR)))
			out[got++] = (uint8_t)rd(SSI(DW_OSPI_DR));
	}
	return 0;
}

/* Bytes in 1-1-1 (standard frame format): used before the flash is in octal mode. */
static int send_std(const uint8_t *b, uint32_t n)
{
	ssi_setup(CTRLR0_STD_TX, 0, 0);
	for (uint32_t i = 0; i < n; i++)
		wr(SSI(DW_OSPI_DR), b[i]);
	return ssi_send();
}

/* Status register in 8D; 0xFF (WIP set) when the read fails, so callers time out. */
static uint32_t status(void)
{
	uint8_t sr = 0xFF;

	return read_8d(NOR_RDSR, NOR_RDSR_DUMMY, &sr, 1) ? 0xFFu : sr;
}

/* Poll WIP every `gap` delay iterations, at most max_us at CORE_MHZ (each iteration takes at
 * least one cycle, so the bound covers the maximum). */
static int wait_ready(uint32_t max_us, uint32_t gap)
{
	uint32_t polls = max_us / gap * CORE_MHZ + 1u;

	while (polls--) {
		if (!(status() & NOR_SR_WIP))
			return 0;
		delay(gap);
	}
	return 1;
}

static int write_enable(void)
{
	if (cmd_8d(NOR_WREN))
		return 1;
	return (status() & (NOR_SR_WEL | NOR_SR_WIP)) == NOR_SR_WEL ? 0 : 1;
}

static void xip_exit(void)
{
	wr(AES(DW_OSPI_AES_CONTROL), rd(AES(DW_OSPI_AES_CONTROL)) & ~DW_OSPI_AES_CONTROL_XIP_EN);
}

/* XIP reads: FDh, 4-byte address, 16 dummy cycles, all 8D (Alif's ospi_xip_enter). */
static void xip_enter(void)
{
	wr(SSI(DW_OSPI_SER), 0);
	wr(SSI(DW_OSPI_SSIENR), 0);
	wr(SSI(DW_OSPI_CTRLR0), CTRLR0_8D(DW_OSPI_TMOD_RO, 16u));
	wr(SSI(DW_OSPI_XIP_CTRL), DW_OSPI_SPI_FRF_OCTAL | 2u << DW_OSPI_XIP_CTRL_TRANS_TYPE_SHIFT |
				      8u << DW_OSPI_XIP_CTRL_ADDR_L_SHIFT | 2u << DW_OSPI_XIP_CTRL_INST_L_SHIFT |
				      NOR_DUMMY << DW_OSPI_XIP_CTRL_WAIT_CYCLES_SHIFT | DW_OSPI_XIP_CTRL_DFS_HC |
				      DW_OSPI_XIP_CTRL_DDR_EN | DW_OSPI_XIP_CTRL_INST_DDR_EN |
				      DW_OSPI_XIP_CTRL_RXDS_EN | DW_OSPI_XIP_CTRL_INST_EN);
	wr(SSI(DW_OSPI_RX_SAMPLE_DLY), 0);
	wr(SSI(DW_OSPI_XIP_MODE_BITS), 0);
	wr(SSI(DW_OSPI_XIP_INCR_INST), NOR_READ_8D);
	wr(SSI(DW_OSPI_XIP_WRAP_INST), NOR_READ_8D);
	wr(SSI(DW_OSPI_XIP_SER), 1);
	wr(SSI(DW_OSPI_XIP_CNT_TIME_OUT), 255);
	wr(SSI(DW_OSPI_SSIENR), 1);
	wr(AES(DW_OSPI_AES_CONTROL), rd(AES(DW_OSPI_AES_CONTROL)) | DW_OSPI_AES_CONTROL_XIP_EN);
}

/* Every call that touches the flash ends here: XIP back on, whatever happened. */
static int done(int rc)
{
	xip_enter();
	return rc;
}

static uint32_t offset(unsigned long adr)
{
	return (uint32_t)(adr - ALIF_OSPI1_XIP_BASE);
}

static void pads_and_clock(void)
{
	/* port 2: D0..D7 pins 8..15, RXDS 16, CS 17, SCLKN 18, SCLK 19; alternate function */
	static const uint8_t pin_af[12] = { 4, 4, 4, 4, 4, 4, 3, 4, 4, 3, 4, 4 };

	for (uint32_t i = 0; i < sizeof(pin_af); i++)
		wr(PINMUX_BASE + 2u * 32u + (8u + i) * 4u, pin_af[i] | PAD_REN);
	wr(OSPI1_CLK_EN_ADDR, rd(OSPI1_CLK_EN_ADDR) | OSPI1_CLK_EN);
}

/* The flash may be in SPI or already in octal DDR (an earlier session, a warm reset):
 * reset it in both protocols, so it answers 1-1-1 with its power-on configuration. */
static int nor_reset(void)
{
	static const uint8_t rsten = NOR_RSTEN, rst = NOR_RST;

	if (cmd_8d(NOR_RSTEN) || cmd_8d(NOR_RST) || send_std(&rsten, 1) || send_std(&rst, 1))
		return 1;
	delay(T_RESET_US * CORE_MHZ);
	return 0;
}

static int write_vcr_std(uint8_t reg, uint8_t value)
{
	const uint8_t wren = NOR_WREN;
	const uint8_t wrvcr[5] = { NOR_WRVCR, 0, 0, reg, value };	/* 3-byte address */

	return send_std(&wren, 1) || send_std(wrvcr, sizeof(wrvcr));
}

int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	uint8_t id[3];

	(void)adr, (void)clk, (void)fnc;
	pads_and_clock();
	xip_exit();
	wr(SSI(DW_OSPI_SER), 0);
	wr(SSI(DW_OSPI_SSIENR), 0);
	wr(SSI(DW_OSPI_RX_SAMPLE_DLY), OSPI_RX_SAMPLE_DLY);
	wr(SSI(DW_OSPI_TXD_DRIVE_EDGE), 1);
	wr(AES(DW_OSPI_AES_RXDS_DELAY), AES_RXDS_DELAY);
	wr(SSI(DW_OSPI_BAUDR), OSPI_BAUDR);
	if (nor_reset() || write_vcr_std(NOR_VCR_DUMMY, NOR_DUMMY) || write_vcr_std(NOR_VCR_MODE, NOR_MODE_8D))
		return done(1);
	/* the flash must now answer in 8D: its manufacturer ID proves the switch */
	if (read_8d(NOR_RDID, NOR_RDSR_DUMMY, id, sizeof(id)) || id[0] != NOR_ID_ISSI)
		return done(1);
	return done(0);
}

int UnInit(unsigned long fnc)
{
	(void)fnc;
	return done(0);
}

static int erase(uint32_t op, uint32_t off, uint32_t max_us)
{
	if (write_enable() || cmd_8d_addr(op, off))
		return 1;
	return wait_ready(max_us, POLL_SLOW);
}

int RspErase(unsigned long adr, unsigned long size)
{
	uint32_t off = offset(adr);

	xip_exit();
	if (off >= FLASH_SIZE || (off & (size - 1u)))
		return done(1);
	if (size == NOR_BLOCK)
		return done(erase(NOR_BE4, off, T_BE_MAX_US));
	if (size == NOR_SECTOR)
		return done(erase(NOR_SE4, off, T_SE_MAX_US));
	return done(1);
}

int EraseSector(unsigned long adr)
{
	return RspErase(adr, NOR_SECTOR);
}

int EraseChip(void)
{
	xip_exit();
	if (write_enable() || cmd_8d(NOR_CE))
		return done(1);
	return done(wait_ready(T_CE_MAX_US, POLL_SLOW));
}

/* Four bytes of buf as a little-endian word (word loads when buf is aligned, as the host's
 * buffers are; byte loads otherwise); bytes past n read as erased. */
static uint32_t buf_word(const uint8_t *p, uint32_t i, uint32_t n)
{
	uint32_t w = 0xFFFFFFFFu;

	if (i + 4u <= n && !(((uintptr_t)p + i) & 3u))
		return *(const uint32_t *)(p + i);
	for (uint32_t b = 0; b < 4u && i + b < n; b++)
		w = (w & ~(0xFFu << (8 * b))) | (uint32_t)p[i + b] << (8 * b);
	return w;
}

static int all_ff(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i += 4)
		if (buf_word(p, i, n) != 0xFFFFFFFFu)
			return 0;
	return 1;
}

/* One NOR page (n <= 256 bytes, not crossing a page): the whole command fits the TX FIFO
 * (instruction, address, 64 data frames of 32 bits), so the FIFO never runs dry mid-page,
 * which would end the transaction. */
static int program_nor_page(uint32_t off, const uint8_t *p, uint32_t n)
{
	if (write_enable())
		return 1;
	ssi_setup(CTRLR0_8D(DW_OSPI_TMOD_TO, 32u), 0, SPI_CTRLR0_8D(32u, 0u));
	wr(SSI(DW_OSPI_DR), NOR_PP4);
	wr(SSI(DW_OSPI_DR), off);
	for (uint32_t i = 0; i < n; i += 4)
		wr(SSI(DW_OSPI_DR), buf_word(p, i, n));
	if (ssi_send())
		return 1;
	return wait_ready(T_PP_MAX_US, POLL_FAST);
}

int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	uint32_t off = offset(adr);

	xip_exit();
	if (off >= FLASH_SIZE || sz > FLASH_SIZE - off || (off & (NOR_PAGE - 1u)))
		return done(1);
	for (uint32_t i = 0; i < sz; i += NOR_PAGE) {
		uint32_t n = sz - i < NOR_PAGE ? sz - i : NOR_PAGE;
		if (!all_ff(buf + i, n) && program_nor_page(off + i, buf + i, n))
			return done(1);
	}
	return done(0);
}

/* Verify and BlankCheck: flm_mapped.c (through the window), inside the device only */
int flm_in_device(unsigned long adr, unsigned long sz)
{
	return adr >= ALIF_OSPI1_XIP_BASE && sz <= FLASH_SIZE && adr - ALIF_OSPI1_XIP_BASE <= FLASH_SIZE - sz;
}

const uint32_t RspEraseSizes[] = { NOR_BLOCK, NOR_SECTOR, 0 };
/* typical times (hardware.md §6, ?): 128 KB block 300 ms, 4 KB sector 35 ms */
const uint32_t RspEraseTimesUs[] = { 300000u, 35000u, 0 };
const uint32_t RspFlags = RSP_FLAG_MAPPED;

__attribute__((section("DevDscr"), used)) const struct flm_device_s FlashDevice = {
	.Vers = FLM_VERS,
	.DevName = "Alif E7 OSPI1 IS25WX256 octal DDR",
	.DevType = FLM_EXTSPI,
	.DevAdr = ALIF_OSPI1_XIP_BASE,
	.szDev = FLASH_SIZE,
	.szPage = PROGRAM_UNIT,
	.valEmpty = 0xFF,
	.toProg = 500,		/* ms for 64 pages at the 5 ms maximum, plus margin */
	.toErase = 1000,	/* ms, 4 KB sector maximum */
	.sectors = { { NOR_SECTOR, 0 }, FLM_SECTOR_END },
};
