// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32N6 XSPI with a serial NOR flash (see stm32_xspi.h). Sources: RM0486 (STM32N6 reference
 * manual) "XSPI" chapter; stm32n657xx.h (XSPI_TypeDef, bit positions); ST's HAL driver
 * stm32n6xx_hal_xspi.c, whose sequences this model follows:
 * - HAL_XSPI_Command writes CCR, TCR, DLR, IR then AR with FMODE = indirect write; with no
 *   data phase the command starts on the IR write (no address) or the AR write, and the HAL
 *   waits for BUSY = 0 and clears TCF.
 * - HAL_XSPI_Transmit sets FMODE = indirect write and writes DR byte by byte, waiting for FTF,
 *   then waits for TCF: the first DR write starts the command.
 * - HAL_XSPI_Receive sets FMODE = indirect read and writes AR (or IR) again to start, reads
 *   DR when FTF or TCF is set, then waits for TCF.
 * - HAL_XSPI_AutoPolling: FMODE = automatic polling, PSMKR/PSMAR/PIR, APMS; waits for SMF.
 * - HAL_XSPI_MemoryMapped: FMODE = memory-mapped; HAL_XSPI_Abort sets ABORT, waits for TCF,
 *   then BUSY = 0, then clears FMODE.
 * The STM32L5 OCTOSPI (RM0438) is the same model with a 32-byte FIFO (stm32_xspi.h).
 * Modeled as RM0486 describes: configuration registers ignore writes while BUSY; TCF set
 * when the programmed data has moved, or on an abort; TEF on an indirect access beyond
 * DCR1.DEVSIZE; FTF by FIFO threshold (CR.FTHRES + 1) or, in read mode, when the transfer is
 * complete and the FIFO holds data; FLEVEL; BUSY in memory-mapped mode from the first access
 * to the window on. The window (0x70000000 on the N6) answers only in memory-mapped mode
 * with EN set; elsewhere it gives bus errors, as on silicon. Offsets that hold no register
 * read 0 and ignore writes.
 * Not modeled: timing of the bus transfer itself (transfers are instantaneous, only the
 * NOR's own busy time costs), alternate bytes, dual-memory mode, DMA, interrupts,
 * the low-power timeout, HyperBus, memory-mapped writes, prefetch, the Macronix DTR
 * byte order (DCR1.MTYP), and wrap reads.
 */
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "stm32_rcc.h"
#include "stm32_xspi.h"

#define REG(x, off) ((x)->regs[(off) / 4])

static uint32_t fmode(const struct stm32_xspi_s *x)
{
	return (REG(x, STM32_XSPI_CR) & STM32_XSPI_CR_FMODE_MASK) >> STM32_XSPI_CR_FMODE_SHIFT;
}

static uint32_t field(uint32_t v, unsigned shift, uint32_t mask)
{
	return (v >> shift) & mask;
}

static bool busy(const struct stm32_xspi_s *x)
{
	return x->xfer || x->polling || x->fifo_n || x->mmap_busy;
}

static uint32_t dev_size(const struct stm32_xspi_s *x)
{
	uint32_t n = field(REG(x, STM32_XSPI_DCR1), STM32_XSPI_DCR1_DEVSIZE_SHIFT, 0x1F);
	return n >= 31 ? 0xFFFFFFFFu : 2u << n;	/* 2^(DEVSIZE+1) bytes */
}

/* Lines for a CCR mode field: 0 none, 1, 2, 4, 8, 16. */
static uint8_t mode_lines(uint32_t m)
{
	static const uint8_t lines[8] = { 0, 1, 2, 4, 8, 16, 0, 0 };
	return lines[m & 7];
}

/* The NOR framing from a CCR/TCR/IR set (regular, or write for memory-mapped writes). */
static void build_xfer(const struct stm32_xspi_s *x, uint32_t ccr, uint32_t tcr, uint32_t ir, uint32_t ar,
		       struct spi_nor_xfer_s *nx)
{
	memset(nx, 0, sizeof(*nx));
	nx->inst_lines = mode_lines(field(ccr, STM32_XSPI_CCR_IMODE_SHIFT, 7));
	nx->opcode_len = nx->inst_lines ? (uint8_t)(field(ccr, STM32_XSPI_CCR_ISIZE_SHIFT, 3) + 1) : 0;
	nx->opcode = (uint16_t)ir;
	nx->inst_dtr = ccr & STM32_XSPI_CCR_IDTR;
	nx->addr_lines = mode_lines(field(ccr, STM32_XSPI_CCR_ADMODE_SHIFT, 7));
	nx->addr_len = nx->addr_lines ? (uint8_t)(field(ccr, STM32_XSPI_CCR_ADSIZE_SHIFT, 3) + 1) : 0;
	nx->addr = nx->addr_len == 4 ? ar : ar & ((1u << (8 * nx->addr_len)) - 1);
	nx->addr_dtr = ccr & STM32_XSPI_CCR_ADDTR;
	nx->data_lines = mode_lines(field(ccr, STM32_XSPI_CCR_DMODE_SHIFT, 7));
	nx->data_dtr = ccr & STM32_XSPI_CCR_DDTR;
	nx->dummy_cycles = (uint8_t)(tcr & STM32_XSPI_TCR_DCYC_MASK);
	if (nx->opcode_len > 2)
		nx->opcode_len = 0;	/* 3- and 4-byte instructions: no NOR here takes them */
}

static void end_xfer(struct stm32_xspi_s *x)
{
	if (x->xfer)
		spi_nor_end(&x->nor);
	x->xfer = false;
	x->sr_flags |= STM32_XSPI_SR_TCF;
}

/* Pull device data into the FIFO (indirect read); the transfer ends when all has arrived. */
static void fifo_fill(struct stm32_xspi_s *x)
{
	while (x->xfer && x->remaining && x->fifo_n < x->fifo_size) {
		unsigned tail = (x->fifo_head + x->fifo_n) % x->fifo_size;
		spi_nor_read(&x->nor, &x->fifo[tail], 1);
		x->fifo_n++;
		x->remaining--;
	}
	if (x->xfer && !x->remaining)
		end_xfer(x);
}

static void start_command(struct stm32_xspi_s *x)
{
	struct spi_nor_xfer_s nx;
	uint32_t ccr = REG(x, STM32_XSPI_CCR);

	build_xfer(x, ccr, REG(x, STM32_XSPI_TCR), REG(x, STM32_XSPI_IR), REG(x, STM32_XSPI_AR), &nx);
	if (nx.addr_len && REG(x, STM32_XSPI_AR) >= dev_size(x)) {
		x->sr_flags |= STM32_XSPI_SR_TEF;	/* RM0486: indirect access beyond DEVSIZE */
		return;
	}
	x->fifo_n = 0;
	x->fifo_head = 0;
	x->xfer = true;
	spi_nor_begin(&x->nor, &nx);
	if (!nx.data_lines) {
		x->remaining = 0;
		end_xfer(x);
		return;
	}
	x->remaining = (uint64_t)REG(x, STM32_XSPI_DLR) + 1;
	if (fmode(x) == STM32_XSPI_FMODE_IND_READ)
		fifo_fill(x);
}

/* One automatic-polling read: up to 4 status bytes against PSMKR/PSMAR (RM0486 "Automatic status-polling mode"). */
static void poll_once(struct stm32_xspi_s *x)
{
	struct spi_nor_xfer_s nx;
	uint8_t b[4] = { 0 };
	uint32_t n = (REG(x, STM32_XSPI_DLR) & 3) + 1, v = 0, mask = REG(x, STM32_XSPI_PSMKR);
	uint32_t match = REG(x, STM32_XSPI_PSMAR), cr = REG(x, STM32_XSPI_CR);
	bool hit;

	build_xfer(x, REG(x, STM32_XSPI_CCR), REG(x, STM32_XSPI_TCR), REG(x, STM32_XSPI_IR), REG(x, STM32_XSPI_AR),
		   &nx);
	spi_nor_begin(&x->nor, &nx);
	spi_nor_read(&x->nor, b, n);
	spi_nor_end(&x->nor);
	v = sim_le_get(b, n);
	if (cr & STM32_XSPI_CR_PMM)
		hit = ((v ^ ~match) & mask) != 0;	/* OR: any masked bit matches */
	else
		hit = ((v ^ match) & mask) == 0;	/* AND: all masked bits match */
	if (!hit)
		return;	/* a status read (RDSR) leaves the NOR as it was: the CPU may poll idly */
	sim_note_side_effect(x->s);
	x->sr_flags |= STM32_XSPI_SR_SMF;
	if (cr & STM32_XSPI_CR_APMS)
		x->polling = false;
}

/* An IR or AR write: does it start the command (RM0486 "Indirect mode" start conditions)? */
static void maybe_start(struct stm32_xspi_s *x, bool ar_write)
{
	uint32_t ccr = REG(x, STM32_XSPI_CCR), fm = fmode(x);
	bool has_addr = field(ccr, STM32_XSPI_CCR_ADMODE_SHIFT, 7) != 0;
	bool has_data = field(ccr, STM32_XSPI_CCR_DMODE_SHIFT, 7) != 0;

	if (!(REG(x, STM32_XSPI_CR) & STM32_XSPI_CR_EN) || fm == STM32_XSPI_FMODE_MMAP)
		return;
	if (has_addr != ar_write)
		return;
	if (fm == STM32_XSPI_FMODE_IND_WRITE && has_data)
		return;	/* starts on the first DR write */
	if (fm == STM32_XSPI_FMODE_AUTOPOLL) {
		x->polling = true;
		poll_once(x);
		return;
	}
	start_command(x);
}

/* RM0438 §9 ?: a peripheral whose RCC enable bit is clear is not clocked: writes are lost, reads give 0. */
static bool clocked(struct stm32_xspi_s *x)
{
	const struct stm32_xspi_config_s *c = x->cfg;

	if (!c->gate_enr || stm32_rcc_gate_on(x->s, c->gate_enr, c->gate_bit))
		return true;
	if (!x->gate_logged)
		sim_log(x->s, "xspi: register access at 0x%08x while its clock is off (RCC enable register 0x%08x bit %d): "
			      "writes are lost, reads give 0", c->regs_base, c->gate_enr, __builtin_ctz(c->gate_bit));
	x->gate_logged = true;
	return false;
}

/*
 * Memory-mapped mode on or off (EN and FMODE = 3). RM0438/RM0486: "BUSY goes high as soon
 * as the first memory-mapped access occurs" and then stays high (prefetch) until an abort
 * or EN = 0; so until that first access the configuration registers still take writes
 * (OpenOCD's stmqspi sets FMODE = 3 first, then CCR, TCR and IR). The window stays a
 * disabled region whose gate (window_gate) sees the accesses.
 */
static void set_mmap(struct stm32_xspi_s *x)
{
	uint32_t cr = REG(x, STM32_XSPI_CR);
	bool on = (cr & STM32_XSPI_CR_EN) && fmode(x) == STM32_XSPI_FMODE_MMAP;

	if (on == x->mmap)
		return;
	x->mmap = on;
	x->mmap_busy = false;
	sim_bus_set_enabled(x->s, x->cfg->window_base, false);	/* the gate answers; the CPU forgets the old mode */
}

/* An access to the window: it answers in memory-mapped mode; the first one makes the controller BUSY. */
static bool window_gate(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr)
{
	struct stm32_xspi_s *x = ctx;
	struct spi_nor_xfer_s nx;
	char why[160];

	if (!x->mmap || !clocked(x))
		return false;
	if (x->mmap_busy)
		return true;
	x->mmap_busy = true;
	sim_note_side_effect(s);
	build_xfer(x, REG(x, STM32_XSPI_CCR), REG(x, STM32_XSPI_TCR), REG(x, STM32_XSPI_IR), 0, &nx);
	if (!spi_nor_read_ok(&x->nor, &nx, why, sizeof(why)))
		sim_log(s, "xspi: memory-mapped read at 0x%08x would not return array data: %s", addr, why);
	return true;
}

static void do_abort(struct stm32_xspi_s *x)
{
	if (x->xfer)
		spi_nor_end(&x->nor);	/* CS# rises: what the device received takes effect */
	x->xfer = false;
	x->polling = false;
	x->fifo_n = 0;
	x->remaining = 0;
	x->sr_flags |= STM32_XSPI_SR_TCF;	/* RM0486: TCF also set when a transfer is aborted */
	/*
	 * RM0486/RM0438: in memory-mapped mode BUSY, once up, stays set (prefetch) until an abort
	 * or EN = 0. After an abort the HAL waits for BUSY = 0 with FMODE still memory-mapped,
	 * then clears FMODE, which closes the window.
	 */
	x->mmap_busy = false;
}

static void cr_write(struct stm32_xspi_s *x, uint32_t v)
{
	REG(x, STM32_XSPI_CR) = v & ~STM32_XSPI_CR_ABORT;
	if (v & STM32_XSPI_CR_ABORT)
		do_abort(x);
	set_mmap(x);
}

static unsigned fthres(const struct stm32_xspi_s *x)
{
	/* FTHRES is as wide as the FIFO needs (RM0486: 6 bits, RM0438: 5); higher bits reserved */
	return field(REG(x, STM32_XSPI_CR), STM32_XSPI_CR_FTHRES_SHIFT, x->fifo_size - 1) + 1;
}

static uint32_t sr_read(struct stm32_xspi_s *x)
{
	uint32_t sr = x->sr_flags;
	bool ftf;

	if (x->polling)
		poll_once(x);	/* the controller polls every PIR cycles; time has passed since the last read */
	sr = x->sr_flags;
	if (fmode(x) == STM32_XSPI_FMODE_IND_READ)
		ftf = x->fifo_n >= fthres(x) || (!x->xfer && x->fifo_n);
	else	/* the FIFO drains at once, so it always has room, before the first DR write too
		 * (HAL_XSPI_Transmit waits for FTF before every byte) */
		ftf = fmode(x) == STM32_XSPI_FMODE_IND_WRITE && (REG(x, STM32_XSPI_CR) & STM32_XSPI_CR_EN);
	if (ftf)
		sr |= STM32_XSPI_SR_FTF;
	if (busy(x))
		sr |= STM32_XSPI_SR_BUSY;
	return sr | (uint32_t)x->fifo_n << STM32_XSPI_SR_FLEVEL_SHIFT;
}

static uint32_t dr_read(struct stm32_xspi_s *x, unsigned size)
{
	uint8_t b[4] = { 0 };

	sim_note_side_effect(x->s);	/* pops the FIFO, refills it from the NOR */
	for (unsigned i = 0; i < size && x->fifo_n; i++) {
		b[i] = x->fifo[x->fifo_head];
		x->fifo_head = (x->fifo_head + 1) % x->fifo_size;
		x->fifo_n--;
	}
	fifo_fill(x);
	return sim_le_get(b, size);
}

static void dr_write(struct stm32_xspi_s *x, unsigned size, uint32_t v)
{
	uint8_t b[4];

	if (fmode(x) != STM32_XSPI_FMODE_IND_WRITE || !(REG(x, STM32_XSPI_CR) & STM32_XSPI_CR_EN))
		return;
	if (!x->xfer) {
		if (field(REG(x, STM32_XSPI_CCR), STM32_XSPI_CCR_DMODE_SHIFT, 7) == 0)
			return;
		start_command(x);
		if (!x->xfer)
			return;
	}
	sim_le_put(b, size, v);
	for (unsigned i = 0; i < size && x->remaining; i++, x->remaining--)
		spi_nor_write(&x->nor, &b[i], 1);
	if (!x->remaining)
		end_xfer(x);
}

/* Offsets that hold a register (RM0486/RM0438 register maps); the rest read 0 and ignore writes. */
static bool reg_exists(uint32_t off)
{
	static const uint16_t regs[] = {
		STM32_XSPI_CR, STM32_XSPI_DCR1, STM32_XSPI_DCR2, STM32_XSPI_DCR3, STM32_XSPI_DCR4, STM32_XSPI_SR,
		STM32_XSPI_FCR, STM32_XSPI_DLR, STM32_XSPI_AR, STM32_XSPI_DR, STM32_XSPI_PSMKR, STM32_XSPI_PSMAR,
		STM32_XSPI_PIR, STM32_XSPI_CCR, STM32_XSPI_TCR, STM32_XSPI_IR, STM32_XSPI_ABR, STM32_XSPI_LPTR,
		STM32_XSPI_WPCCR, STM32_XSPI_WPTCR, STM32_XSPI_WPIR, STM32_XSPI_WPABR, STM32_XSPI_WCCR,
		STM32_XSPI_WTCR, STM32_XSPI_WIR, STM32_XSPI_WABR, STM32_XSPI_HLCR, STM32_XSPI_CALFCR,
		STM32_XSPI_CALMR, STM32_XSPI_CALSOR, STM32_XSPI_CALSIR,
	};
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (regs[i] == off)
			return true;
	return false;
}

/* Registers that RM0486 lets software change only while BUSY = 0. */
static bool locked_while_busy(uint32_t off)
{
	return off != STM32_XSPI_CR && off != STM32_XSPI_FCR && off != STM32_XSPI_DR && off != STM32_XSPI_SR;
}

static int xspi_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t *val)
{
	struct stm32_xspi_s *x = ctx;
	uint32_t reg = off & ~3u;

	if (!clocked(x)) {
		*val = 0;
		return SIM_BUS_OK;
	}
	if (reg == STM32_XSPI_DR) {
		*val = dr_read(x, size);
		return SIM_BUS_OK;
	}
	if (reg == STM32_XSPI_MAGIC)
		*val = x->cfg->magic_id;
	else if (!reg_exists(reg))
		*val = 0;	/* reserved (OpenOCD's stmqspi tells QUADSPI from OCTOSPI by offset 0x1C) */
	else
		*val = reg == STM32_XSPI_SR ? sr_read(x) : REG(x, reg);
	*val >>= 8 * (off & 3);
	if (size < 4)
		*val &= (1u << (8 * size)) - 1;
	return SIM_BUS_OK;
}

static int xspi_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t val)
{
	struct stm32_xspi_s *x = ctx;
	uint32_t reg = off & ~3u;
	uint32_t mask = size == 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1) << (8 * (off & 3));
	uint32_t v = (REG(x, reg) & ~mask) | ((val << (8 * (off & 3))) & mask);

	if (!clocked(x))
		return SIM_BUS_OK;
	if (reg == STM32_XSPI_DR) {
		dr_write(x, size, val);
		return SIM_BUS_OK;
	}
	if (reg == STM32_XSPI_FCR) {
		x->sr_flags &= ~(v & (STM32_XSPI_FCR_CTEF | STM32_XSPI_FCR_CTCF | STM32_XSPI_FCR_CSMF |
				      STM32_XSPI_FCR_CTOF));
		return SIM_BUS_OK;
	}
	if (reg == STM32_XSPI_CR) {
		cr_write(x, v);
		return SIM_BUS_OK;
	}
	if (reg == STM32_XSPI_SR || !reg_exists(reg) || (locked_while_busy(reg) && busy(x)))
		return SIM_BUS_OK;	/* read-only, reserved, or ignored while BUSY */
	REG(x, reg) = v;
	if (reg == STM32_XSPI_IR || reg == STM32_XSPI_AR)
		maybe_start(x, reg == STM32_XSPI_AR);
	return SIM_BUS_OK;
}

/* Reset values (RM0486 XSPI register map): all zero except DCR1.DEVSIZE ? and TCR. */
static void xspi_reset_regs(struct stm32_xspi_s *x)
{
	memset(x->regs, 0, sizeof(x->regs));
	x->sr_flags = 0;
	x->xfer = false;
	x->polling = false;
	x->fifo_n = 0;
	x->remaining = 0;
	if (x->mmap)
		sim_bus_set_enabled(x->s, x->cfg->window_base, false);	/* the CPU forgets the old mode */
	x->mmap = false;
	x->mmap_busy = false;
	x->gate_logged = false;
}

static int xspi_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct stm32_xspi_config_s *cfg = config;
	struct stm32_xspi_s *x = calloc(1, sizeof(*x));
	struct sim_mem_s *win = sim_bus_mem_at(s, cfg->window_base);
	struct sim_periph_s p = { .name = "xspi", .size = STM32_XSPI_REGS_SIZE, .read = xspi_read,
				  .write = xspi_write };

	*ctx = x;
	if (cfg->fifo_size & (cfg->fifo_size - 1) || cfg->fifo_size > STM32_XSPI_FIFO_MAX) {
		snprintf(err, errlen, "xspi: FIFO of %u bytes: not a power of two up to %u", cfg->fifo_size,
			 STM32_XSPI_FIFO_MAX);
		free(x);
		*ctx = NULL;
		return -1;
	}
	if (!x || !win || win->region->size != cfg->part->size) {
		snprintf(err, errlen, "xspi: no %u-byte window region at 0x%08x", cfg->part->size, cfg->window_base);
		free(x);
		*ctx = NULL;
		return -1;
	}
	x->s = s;
	x->cfg = cfg;
	x->fifo_size = cfg->fifo_size ? cfg->fifo_size : STM32_XSPI_FIFO_MAX;
	spi_nor_init(&x->nor, s, cfg->part, win->data, cfg->window_base);
	p.ctx = x;
	p.base = cfg->regs_base;
	if (sim_bus_add_periph(s, &p)) {
		snprintf(err, errlen, "xspi: registers at 0x%08x overlap another block", cfg->regs_base);
		free(x);
		*ctx = NULL;
		return -1;
	}
	p.base = cfg->regs_base_secure;
	if (cfg->regs_base_secure && sim_bus_add_periph(s, &p)) {
		snprintf(err, errlen, "xspi: registers at 0x%08x overlap another block", cfg->regs_base_secure);
		free(x);
		*ctx = NULL;
		return -1;
	}
	xspi_reset_regs(x);
	sim_bus_set_enabled(s, cfg->window_base, false);
	sim_bus_set_gate(s, cfg->window_base, window_gate, x);
	return 0;
}

static void xspi_destroy(struct sim *s, void *ctx)
{
	free(ctx);
}

/* A system reset resets the controller; the NOR keeps its mode (no reset line to it ?). */
static void xspi_system_reset(struct sim *s, void *ctx)
{
	xspi_reset_regs(ctx);
}

/* Power lost and back: the NOR starts afresh (in SPI mode), whatever it was doing. */
static void xspi_power_on(struct sim *s, void *ctx)
{
	spi_nor_power_on(&((struct stm32_xspi_s *)ctx)->nor);
}

static int xspi_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen)
{
	return spi_nor_set_option(&((struct stm32_xspi_s *)ctx)->nor, key, value, err, errlen);
}

static int xspi_save(struct sim *s, void *ctx, FILE *f)
{
	struct stm32_xspi_s *x = ctx;
	return spi_nor_save(&x->nor, f);
}

static int xspi_load(struct sim *s, void *ctx, FILE *f, size_t len, char *err, size_t errlen)
{
	struct stm32_xspi_s *x = ctx;
	return spi_nor_load(&x->nor, f, len, err, errlen);
}

static void xspi_describe(struct sim *s, void *ctx, char *buf, size_t len)
{
	struct stm32_xspi_s *x = ctx;
	snprintf(buf, len, "xspi fmode=%u busy=%d mmap=%d nor=%s sr=%02x proto=%d", fmode(x), busy(x), x->mmap,
		 x->nor.part->name, spi_nor_status(&x->nor), x->nor.proto);
}

const struct sim_model_s stm32_xspi_model = {
	.name = "xspi",
	.create = xspi_create,
	.destroy = xspi_destroy,
	.system_reset = xspi_system_reset,
	.power_on = xspi_power_on,
	.options = NOR_FAULTS_OPTIONS,
	.set_option = xspi_set_option,
	.save = xspi_save,
	.load = xspi_load,
	.describe = xspi_describe,
};
