// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A user's ST external loader (.stldr) for the MX66UW1G45G on XSPI2 of the STM32N6570-DK,
 * written and built the way a user writes one for STM32CubeProgrammer, to test rspflash
 * against a loader it did not write: a second loader for the board, independent of the
 * built-in one (flash/loaders/n6_xspi2.c), which drives the NOR in octal DTR. This one
 * stays in plain SPI, 1S-1S-1S, with the 4-byte-address opcodes (12h page program, 21h
 * 4 KB erase, DCh 64 KB erase, 0Ch fast read with 8 dummy cycles), writes in 256-byte
 * NOR pages and keeps time the way ST's ExtMemLoader does: SysTick without its interrupt,
 * HAL_GetTick advancing when COUNTFLAG reads 1.
 *
 * ST's loader interface (hardware.md §3; ST's stm32-external-loader Loader_Src.c
 * template): Init, Write, SectorErase, MassErase and CheckSum return 1 on success and 0 on
 * failure (the opposite of CMSIS); Verify returns a uint64_t whose low word (R0) is 0 when
 * the memory matches, else the first address that differs, and whose high word (R1) is the
 * CheckSum of the range (in the template: return checksum << 32, or (checksum << 32) +
 * failing address); its Size is in words and missalignement carries the leading offset in
 * bits 3:0 and the trailing shortfall in bits 19:16. CheckSum is an additive byte sum.
 * StorageInfo in segment "SgInfo", code in segment "Loader" (n6_user_loader.ld).
 *
 * Assumes the reset clock (HSI 64 MHz) and does not change it, so 1 ms is 64000 cycles.
 */
#include <stdint.h>

#define LOADER_OK 1
#define LOADER_FAIL 0

#define FLASH_BASE 0x70000000u
#define FLASH_SIZE 0x08000000u
#define SECTOR_SIZE 0x1000u
#define BLOCK_SIZE 0x10000u
#define NOR_PAGE 256u
#define CORE_HZ 64000000u

/* ---- StorageInfo (ST's Dev_Inf.h layout) ---- */

#define NOR_FLASH 3
struct DeviceSectors {
	unsigned long SectorNum;
	unsigned long SectorSize;
};
struct StorageInfo {
	char DeviceName[100];
	unsigned short DeviceType;
	unsigned long DeviceStartAddress;
	unsigned long DeviceSize;
	unsigned long PageSize;
	unsigned char EraseValue;
	struct DeviceSectors sectors[10];
};

__attribute__((section(".dev_info"), used)) const struct StorageInfo StorageInfo = {
	"MX66UW1G45G_STM32N6570-DK_SPI", NOR_FLASH, FLASH_BASE, FLASH_SIZE, NOR_PAGE, 0xFF,
	{ { FLASH_SIZE / SECTOR_SIZE, SECTOR_SIZE }, { 0, 0 } },
};

/* ---- registers (stm32n657xx.h), secure aliases ---- */

typedef struct {
	volatile uint32_t CR, RES0, DCR1, DCR2, DCR3, DCR4, RES1[2], SR, FCR, RES2[6], DLR, RES3, AR, RES4, DR;
	volatile uint32_t RES5[11], PSMKR, RES6, PSMAR, RES7, PIR, RES8[27], CCR, RES9, TCR, RES10, IR;
} XSPI_Regs;
#define XSPI2 ((XSPI_Regs *)0x5802A000u)

typedef struct {
	volatile uint32_t MODER, OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR, LCKR, AFR[2];
} GPIO_Regs;
#define GPION ((GPIO_Regs *)0x56023400u)

#define RCC_BASE 0x56028000u
#define RCC_CCIPR6 (*(volatile uint32_t *)(RCC_BASE + 0x158u))
#define RCC_AHB4ENSR (*(volatile uint32_t *)(RCC_BASE + 0xA5Cu))
#define RCC_AHB5ENSR (*(volatile uint32_t *)(RCC_BASE + 0xA60u))
#define PWR_SVMCR3 (*(volatile uint32_t *)0x5602483Cu)
#define XSPIM_CR (*(volatile uint32_t *)0x5802B400u)

typedef struct {
	volatile uint32_t CTRL, LOAD, VAL, CALIB;
} SysTick_Regs;
#define SYSTICK ((SysTick_Regs *)0xE000E010u)

#define XSPI_CR_EN 0x1u
#define XSPI_CR_ABORT 0x2u
#define XSPI_CR_APMS (1u << 22)
#define XSPI_CR_FMODE (3u << 28)
#define XSPI_SR_TEF 0x01u
#define XSPI_SR_TCF 0x02u
#define XSPI_SR_FTF 0x04u
#define XSPI_SR_SMF 0x08u
#define XSPI_SR_BUSY 0x20u
#define FMODE_INDIRECT_WRITE 0u
#define FMODE_INDIRECT_READ (1u << 28)
#define FMODE_AUTOPOLL (2u << 28)
#define FMODE_MMAP (3u << 28)
/* CCR: instruction 1 line (1) or 8 lines (4), 16-bit instruction, DTR; address 1 line 32-bit; data 1 line */
#define CCR_INST_1 0x00000001u
#define CCR_INST_8 0x00000004u
#define CCR_INST_DTR 0x00000008u
#define CCR_INST_16 0x00000010u
#define CCR_ADDR_1_32 0x00003100u
#define CCR_DATA_1 0x01000000u

/* MX66UW1G45G SPI commands */
#define CMD_WREN 0x06u
#define CMD_RDSR 0x05u
#define CMD_PP4B 0x12u
#define CMD_SE4B 0x21u
#define CMD_BE4B 0xDCu
#define CMD_CE 0xC7u
#define CMD_FAST_READ4B 0x0Cu
#define CMD_RSTEN 0x66u
#define CMD_RST 0x99u
#define SR_WIP 0x01u

/* Maximum times, ms (BSP MX66UW1G45G_*_MAX_TIME) */
#define TIMEOUT_CMD 5u
#define TIMEOUT_PAGE 5u
#define TIMEOUT_SECTOR 400u
#define TIMEOUT_BLOCK 1000u
#define TIMEOUT_CHIP 460000u

/* ---- time, as ST's systick_management.c keeps it ---- */

static uint32_t uwTick;

static void tick_init(void)
{
	SYSTICK->LOAD = CORE_HZ / 1000u - 1u;
	SYSTICK->VAL = 0;
	SYSTICK->CTRL = 0x5u;	/* CLKSOURCE = processor clock, ENABLE, no TICKINT */
}

static uint32_t HAL_GetTick(void)
{
	if (SYSTICK->CTRL & (1u << 16))	/* COUNTFLAG: a millisecond has passed */
		uwTick++;
	return uwTick;
}

static void HAL_Delay(uint32_t ms)
{
	uint32_t start = HAL_GetTick();
	while (HAL_GetTick() - start < ms + 1u)
		;
}

/* Wait for an SR flag to be set; 0 on timeout. */
static int xspi_wait(uint32_t flag, uint32_t ms)
{
	uint32_t start = HAL_GetTick();

	while (!(XSPI2->SR & flag))
		if (HAL_GetTick() - start > ms)
			return 0;
	return 1;
}

/* ---- XSPI2 in indirect mode ---- */

static int xspi_abort(void)
{
	XSPI2->CR |= XSPI_CR_ABORT;
	uint32_t start = HAL_GetTick();
	while (XSPI2->SR & XSPI_SR_BUSY)
		if (HAL_GetTick() - start > TIMEOUT_CMD)
			return 0;
	XSPI2->CR &= ~(XSPI_CR_FMODE | XSPI_CR_APMS);
	XSPI2->FCR = 0x1Bu;
	return 1;
}

/* A command with no data phase: starts on the IR (no address) or AR write. */
static int spi_cmd(uint32_t ccr, uint32_t inst, int has_addr, uint32_t addr)
{
	XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_INDIRECT_WRITE;
	XSPI2->CCR = ccr;
	XSPI2->TCR = 0;
	XSPI2->IR = inst;
	if (has_addr)
		XSPI2->AR = addr;
	if (!xspi_wait(XSPI_SR_TCF, TIMEOUT_CMD))
		return 0;
	XSPI2->FCR = XSPI_SR_TCF;
	return 1;
}

/* Poll RDSR until WIP = 0, by the controller (automatic polling, match on mask). */
static int wait_ready(uint32_t ms)
{
	XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_INDIRECT_WRITE;
	XSPI2->CCR = CCR_INST_1 | CCR_DATA_1;
	XSPI2->TCR = 0;
	XSPI2->DLR = 0;
	XSPI2->PSMKR = SR_WIP;
	XSPI2->PSMAR = 0;
	XSPI2->PIR = 0x20;
	XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_AUTOPOLL | XSPI_CR_APMS;
	XSPI2->IR = CMD_RDSR;
	if (!xspi_wait(XSPI_SR_SMF, ms)) {
		xspi_abort();
		return 0;
	}
	XSPI2->FCR = XSPI_SR_SMF;
	XSPI2->CR &= ~XSPI_CR_APMS;
	return 1;
}

static int write_enable(void)
{
	return spi_cmd(CCR_INST_1, CMD_WREN, 0, 0);
}

/* Reads through the window: 0Ch, 4-byte address, 8 dummy cycles, one line each. */
static void memory_mapped(void)
{
	XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_INDIRECT_WRITE;
	XSPI2->CCR = CCR_INST_1 | CCR_ADDR_1_32 | CCR_DATA_1;
	XSPI2->TCR = 8;
	XSPI2->IR = CMD_FAST_READ4B;
	XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_MMAP;
}

/* ---- ST loader entry points ---- */

int Init(void)
{
	tick_init();
	RCC_AHB4ENSR = (1u << 13) | (1u << 18);		/* GPION, PWR */
	RCC_AHB5ENSR = (1u << 12) | (1u << 13);		/* XSPI2, XSPIM */
	RCC_CCIPR6 &= ~(3u << 4);			/* XSPI2 kernel clock: HCLK */
	PWR_SVMCR3 |= (1u << 1) | (1u << 26);		/* VDDIO3 monitor, 1.8 V range */
	uint32_t start = HAL_GetTick();
	while (!(PWR_SVMCR3 & (1u << 17)))		/* VDDIO3RDY */
		if (HAL_GetTick() - start > TIMEOUT_CMD)
			return LOADER_FAIL;
	PWR_SVMCR3 |= 1u << 9;				/* VDDIO3SV */
	for (unsigned pin = 0; pin < 12; pin++) {	/* PN0..PN6, PN8..PN11: AF9, very high speed */
		if (pin == 7)
			continue;
		GPION->MODER = (GPION->MODER & ~(3u << (2 * pin))) | (2u << (2 * pin));
		GPION->OSPEEDR |= 3u << (2 * pin);
		GPION->AFR[pin / 8] = (GPION->AFR[pin / 8] & ~(15u << (4 * (pin % 8)))) | (9u << (4 * (pin % 8)));
	}
	XSPIM_CR = 0;
	if ((XSPI2->SR & XSPI_SR_BUSY) && !xspi_abort())	/* Init again: leave memory-mapped mode */
		return LOADER_FAIL;
	XSPI2->CR = 0;
	XSPI2->DCR1 = (26u << 16) | (1u << 8);	/* 128 MB, CS high 2 cycles, standard memory type */
	XSPI2->DCR2 = 3;			/* kernel clock / 4 */
	XSPI2->CR = XSPI_CR_EN;			/* FIFO threshold 1 byte */
	/* whatever protocol the NOR is in (another loader may have left it octal): reset it */
	spi_cmd(CCR_INST_8 | CCR_INST_DTR | CCR_INST_16, CMD_RSTEN << 8 | (uint8_t)~CMD_RSTEN, 0, 0);
	spi_cmd(CCR_INST_8 | CCR_INST_DTR | CCR_INST_16, CMD_RST << 8 | (uint8_t)~CMD_RST, 0, 0);
	spi_cmd(CCR_INST_8 | CCR_INST_16, CMD_RSTEN << 8 | (uint8_t)~CMD_RSTEN, 0, 0);
	spi_cmd(CCR_INST_8 | CCR_INST_16, CMD_RST << 8 | (uint8_t)~CMD_RST, 0, 0);
	spi_cmd(CCR_INST_1, CMD_RSTEN, 0, 0);
	spi_cmd(CCR_INST_1, CMD_RST, 0, 0);
	HAL_Delay(1);
	if (!wait_ready(TIMEOUT_CMD))
		return LOADER_FAIL;
	memory_mapped();
	return LOADER_OK;
}

static int in_device(uint32_t addr, uint32_t size)
{
	return addr >= FLASH_BASE && size <= FLASH_SIZE && addr - FLASH_BASE <= FLASH_SIZE - size;
}

int Write(uint32_t Address, uint32_t Size, uint8_t *buffer)
{
	int ok = in_device(Address, Size) && xspi_abort();

	while (ok && Size) {
		uint32_t chunk = NOR_PAGE - (Address % NOR_PAGE);
		if (chunk > Size)
			chunk = Size;
		ok = write_enable();
		if (!ok)
			break;
		XSPI2->CR = (XSPI2->CR & ~XSPI_CR_FMODE) | FMODE_INDIRECT_WRITE;
		XSPI2->CCR = CCR_INST_1 | CCR_ADDR_1_32 | CCR_DATA_1;
		XSPI2->TCR = 0;
		XSPI2->DLR = chunk - 1;
		XSPI2->IR = CMD_PP4B;
		XSPI2->AR = Address - FLASH_BASE;
		for (uint32_t i = 0; ok && i < chunk; i++) {	/* HAL_XSPI_Transmit: FTF before each byte */
			ok = xspi_wait(XSPI_SR_FTF, TIMEOUT_CMD);
			*(volatile uint8_t *)&XSPI2->DR = buffer[i];
		}
		ok = ok && xspi_wait(XSPI_SR_TCF, TIMEOUT_CMD) && !(XSPI2->SR & XSPI_SR_TEF);
		XSPI2->FCR = XSPI_SR_TCF;
		ok = ok && wait_ready(TIMEOUT_PAGE);
		Address += chunk;
		buffer += chunk;
		Size -= chunk;
	}
	memory_mapped();
	return ok ? LOADER_OK : LOADER_FAIL;
}

/* Erases every sector holding a byte of [EraseStartAddress, EraseEndAddress]: whole 64 KB
 * blocks with DCh, the rest with 21h. */
int SectorErase(uint32_t EraseStartAddress, uint32_t EraseEndAddress)
{
	uint32_t a = EraseStartAddress & ~(SECTOR_SIZE - 1u);
	uint32_t end = (EraseEndAddress | (SECTOR_SIZE - 1u)) + 1u;	/* exclusive */
	int ok = EraseEndAddress >= EraseStartAddress && in_device(a, end - a) && xspi_abort();

	while (ok && a < end) {
		int block = !(a % BLOCK_SIZE) && end - a >= BLOCK_SIZE;
		ok = write_enable() &&
		     spi_cmd(CCR_INST_1 | CCR_ADDR_1_32, block ? CMD_BE4B : CMD_SE4B, 1, a - FLASH_BASE) &&
		     wait_ready(block ? TIMEOUT_BLOCK : TIMEOUT_SECTOR);
		a += block ? BLOCK_SIZE : SECTOR_SIZE;
	}
	memory_mapped();
	return ok ? LOADER_OK : LOADER_FAIL;
}

int MassErase(uint32_t Parallelism)
{
	(void)Parallelism;
	int ok = xspi_abort() && write_enable() && spi_cmd(CCR_INST_1, CMD_CE, 0, 0) && wait_ready(TIMEOUT_CHIP);
	memory_mapped();
	return ok ? LOADER_OK : LOADER_FAIL;
}

/* Additive byte sum of [StartAddress, StartAddress + Size), read through the window. */
uint32_t CheckSum(uint32_t StartAddress, uint32_t Size, uint32_t InitVal)
{
	const volatile uint8_t *p = (const volatile uint8_t *)StartAddress;

	for (uint32_t i = 0; i < Size; i++)
		InitVal += p[i];
	return InitVal;
}

uint64_t Verify(uint32_t MemoryAddr, uint32_t RAMBufferAddr, uint32_t Size, uint32_t missalignement)
{
	const volatile uint8_t *mem = (const volatile uint8_t *)MemoryAddr;
	const uint8_t *ram = (const uint8_t *)RAMBufferAddr;
	uint32_t bytes = Size * 4u;
	uint64_t checksum = CheckSum(MemoryAddr + (missalignement & 0xFu), bytes - ((missalignement >> 16) & 0xFu), 0);

	for (uint32_t i = 0; i < bytes; i++)
		if (mem[i] != ram[i])
			return checksum << 32 | (MemoryAddr + i);
	return checksum << 32;
}
