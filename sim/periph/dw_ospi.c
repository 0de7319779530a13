// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif OSPI (DesignWare SSI + AES/XIP front end) with a serial NOR flash (see dw_ospi.h).
 * Sources: Alif alif_ensemble-cmsis-dfp: ospi_xip/source/ospi/ospi_drv.c and ospi_private.h
 * (the polled driver Alif's XIP setup uses), issi_flash.c, drivers/include/ospi.h,
 * components/Source/IS25WX256.c. The sequences modeled are theirs:
 * - configuration (CTRLR0, CTRLR1, BAUDR, SPI_CTRLR0, XIP_*) is written with SSIENR = 0;
 *   the DW SSI ignores writes to them while enabled, and so does this model;
 * - a transfer runs once SSIENR = 1, SER selects the flash and the TX FIFO holds frames:
 *   the driver fills the FIFO, writes SER, then polls SR for TFE and not BUSY;
 * - enhanced SPI (CTRLR0.SPI_FRF dual/quad/octal): first FIFO frame the instruction
 *   (INST_L), second the address (ADDR_L) if any, then data frames (TMOD transmit-only) or
 *   CTRLR1 + 1 frames received (TMOD receive-only) after WAIT_CYCLES;
 *   SPI_CTRLR0.TRANS_TYPE 0: instruction and address on one line, 1: address on the
 *   FRF lines, 2: both on the FRF lines; SPI_DDR_EN/INST_DDR_EN for DTR;
 * - standard SPI frame format (SPI_FRF = 0): every frame is a byte on the wire (the driver
 *   sends opcode, three address bytes and data as separate frames);
 * - XIP: ospi_xip_enter programs XIP_CTRL and XIP_INCR_INST, enables the SSI and sets
 *   AES_CONTROL.XIP_EN; the window at 0xC0000000 then reads the flash.
 * Modeling choices (?): the transfer runs when the CPU next looks at the controller (SR,
 * TXFLR, RXFLR, ISR, RISR or DR read) or the TX FIFO fills, i.e. the CPU is taken to fill
 * the FIFO faster than the wire drains it; data frames wider than 8 bits go on the wire
 * least significant byte first, so the flash holds bytes in memory order; the window gives
 * bus errors while XIP_EN is clear; AES decryption is not modeled (logged if enabled);
 * DMA and the receive FIFO overflow are not modeled.
 * Interrupts (as ospi_drv.c's ospi_irq_handler uses them): RISR has TXEI (TX FIFO at or
 * below TXFTLR.TFT while enabled), RXFI (RX FIFO above RXFTLR), TXOI (a frame written to
 * a full TX FIFO) and RXUI (DR read from an empty RX FIFO); ISR = RISR & IMR, and the
 * combined line (config irq) is ISR != 0. While IMR unmasks anything (an interrupt-driven
 * driver), a transfer also starts without the CPU looking: once SSIENR, SER and more TX
 * frames than TXFTLR.TXFTHR (the transfer start level the driver sets to the frame
 * count) are there, at the next instruction boundary (a model timer). IMR resets to 0
 * here (all masked) ?.
 */
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "dw_ospi.h"

#define REG(o, off) ((o)->regs[(off) / 4])

static uint32_t bits(uint32_t v, unsigned shift, uint32_t mask)
{
	return (v >> shift) & mask;
}

static unsigned frame_bytes(const struct dw_ospi_s *o)
{
	return (unsigned)((REG(o, DW_OSPI_CTRLR0) & DW_OSPI_CTRLR0_DFS_MASK) + 1) / 8;
}

static uint32_t tmod(const struct dw_ospi_s *o)
{
	return bits(REG(o, DW_OSPI_CTRLR0), DW_OSPI_CTRLR0_TMOD_SHIFT, 3);
}

static uint8_t frf_lines(uint32_t frf)
{
	static const uint8_t lines[4] = { 1, 2, 4, 8 };
	return lines[frf & 3];
}

static void rx_push(struct dw_ospi_s *o, uint32_t v)
{
	if (o->rx_n < DW_OSPI_FIFO_DEPTH) {
		o->rx[(o->rx_head + o->rx_n) % DW_OSPI_FIFO_DEPTH] = v;
		o->rx_n++;
	}
}

/* Standard SPI: frames are bytes on the wire, the flash decodes them. */
static void run_standard(struct dw_ospi_s *o)
{
	unsigned fb = frame_bytes(o) ? frame_bytes(o) : 1;

	spi_nor_raw_begin(&o->nor);
	for (unsigned i = 0; i < o->tx_n; i++) {
		uint32_t in = 0;
		for (unsigned b = 0; b < fb; b++)	/* MSB first within a frame */
			in = in << 8 | spi_nor_raw_xfer(&o->nor, (uint8_t)(o->tx[i] >> (8 * (fb - 1 - b))));
		if (tmod(o) == DW_OSPI_TMOD_TR)
			rx_push(o, in);
	}
	if (tmod(o) == DW_OSPI_TMOD_EEPROM)
		for (uint32_t i = 0; i <= REG(o, DW_OSPI_CTRLR1); i++)
			rx_push(o, spi_nor_raw_xfer(&o->nor, 0xFF));
	spi_nor_raw_end(&o->nor);
	o->tx_n = 0;
}

/* The framing of an enhanced-SPI transfer from CTRLR0/SPI_CTRLR0 (or XIP_CTRL). */
static void build_xfer(uint32_t frf, uint32_t trans, uint32_t addr_l, uint32_t inst_l, uint32_t wait, bool ddr,
		       bool inst_ddr, struct spi_nor_xfer_s *x)
{
	static const uint8_t inst_bytes[4] = { 0, 0, 1, 2 };	/* 0, 4 (unsupported), 8, 16 bits */
	uint8_t lines = frf_lines(frf);

	memset(x, 0, sizeof(*x));
	x->opcode_len = inst_bytes[inst_l & 3];
	x->inst_lines = trans == 2 ? lines : 1;
	x->inst_dtr = inst_ddr;
	x->addr_len = (uint8_t)(addr_l * 4 / 8);
	x->addr_lines = trans == 0 ? 1 : lines;
	x->addr_dtr = ddr;
	x->data_lines = lines;
	x->data_dtr = ddr;
	x->dummy_cycles = (uint8_t)wait;
}

static void run_enhanced(struct dw_ospi_s *o)
{
	uint32_t sc = REG(o, DW_OSPI_SPI_CTRLR0);
	uint32_t addr_l = bits(sc, DW_OSPI_SPI_CTRLR0_ADDR_L_SHIFT, 0xF);
	unsigned need = addr_l ? 2 : 1, fb = frame_bytes(o);
	struct spi_nor_xfer_s x;

	if (o->tx_n < need)
		return;	/* instruction/address frames not all written yet */
	build_xfer(bits(REG(o, DW_OSPI_CTRLR0), DW_OSPI_CTRLR0_SPI_FRF_SHIFT, 3),
		   sc & DW_OSPI_SPI_CTRLR0_TRANS_TYPE_MASK, addr_l, bits(sc, DW_OSPI_SPI_CTRLR0_INST_L_SHIFT, 3),
		   bits(sc, DW_OSPI_SPI_CTRLR0_WAIT_CYCLES_SHIFT, 0x1F), sc & DW_OSPI_SPI_CTRLR0_SPI_DDR_EN,
		   sc & DW_OSPI_SPI_CTRLR0_INST_DDR_EN, &x);
	x.opcode = (uint16_t)o->tx[0];
	x.addr = addr_l ? o->tx[1] : 0;
	spi_nor_begin(&o->nor, &x);
	if (tmod(o) == DW_OSPI_TMOD_RO) {
		o->tx_n = 0;
		o->rx_xfer = true;
		o->rx_remaining = REG(o, DW_OSPI_CTRLR1) + 1;
		return;
	}
	for (unsigned i = need; i < o->tx_n; i++) {
		uint8_t b[4];
		sim_le_put(b, fb, o->tx[i]);
		spi_nor_write(&o->nor, b, fb);
	}
	spi_nor_end(&o->nor);
	o->tx_n = 0;
}

/* Receive frames into the RX FIFO as it has room; the transaction ends with the last frame. */
static void rx_fill(struct dw_ospi_s *o)
{
	unsigned fb = frame_bytes(o);

	while (o->rx_xfer && o->rx_remaining && o->rx_n < DW_OSPI_FIFO_DEPTH) {
		uint8_t b[4] = { 0 };
		spi_nor_read(&o->nor, b, fb);
		rx_push(o, sim_le_get(b, fb));
		o->rx_remaining--;
	}
	if (o->rx_xfer && !o->rx_remaining) {
		spi_nor_end(&o->nor);
		o->rx_xfer = false;
	}
}

/* Run what the FIFO holds if the controller may (enabled, a slave selected). */
static void kick(struct dw_ospi_s *o)
{
	rx_fill(o);
	if (!REG(o, DW_OSPI_SSIENR) || !REG(o, DW_OSPI_SER) || !o->tx_n || o->rx_xfer || o->xip)
		return;
	if (bits(REG(o, DW_OSPI_CTRLR0), DW_OSPI_CTRLR0_SPI_FRF_SHIFT, 3) == 0)
		run_standard(o);
	else
		run_enhanced(o);
	rx_fill(o);
}

/* ---- interrupts (file header) ---- */

static uint32_t risr(struct dw_ospi_s *o)
{
	uint32_t v = o->int_sticky;

	if (REG(o, DW_OSPI_SSIENR) && !o->xip && o->tx_n <= (REG(o, DW_OSPI_TXFTLR) & DW_OSPI_TXFTLR_TFT_MASK))
		v |= DW_OSPI_INT_TXEI;
	if (o->rx_n > (REG(o, DW_OSPI_RXFTLR) & DW_OSPI_TXFTLR_TFT_MASK))
		v |= DW_OSPI_INT_RXFI;
	return v;
}

static void irq_update(struct dw_ospi_s *o)
{
	if (o->cfg->irq >= 0)
		sim_irq_set(o->s, (unsigned)o->cfg->irq, (risr(o) & REG(o, DW_OSPI_IMR)) != 0);
}

static void kick(struct dw_ospi_s *o);

static void irq_timer(struct sim *s, void *ctx)
{
	struct dw_ospi_s *o = ctx;

	(void)s;
	kick(o);
	irq_update(o);
}

/* An interrupt-driven driver waits for the transfer without reading the controller: start
 * it once the FIFO holds more than the start level. */
static void irq_schedule_kick(struct dw_ospi_s *o)
{
	uint32_t start_level = (REG(o, DW_OSPI_TXFTLR) >> DW_OSPI_TXFTLR_TXFTHR_SHIFT) & 0xFFu;

	if (REG(o, DW_OSPI_IMR) && REG(o, DW_OSPI_SSIENR) && REG(o, DW_OSPI_SER) && o->tx_n > start_level)
		sim_call_at(o->s, sim_now_ns(o->s), irq_timer, o);
}

/* Reading an interrupt clear register clears its sticky source(s) and returns them. */
static uint32_t int_clear(struct dw_ospi_s *o, uint32_t bits)
{
	uint32_t was = o->int_sticky & bits;

	o->int_sticky &= ~bits;
	return was != 0;
}

/* kick() from a register read: when it may move data, the read changes the model's state. */
static void kick_read(struct dw_ospi_s *o)
{
	if (o->tx_n || o->rx_xfer)
		sim_note_side_effect(o->s);
	kick(o);
}

static void disable(struct dw_ospi_s *o)
{
	if (o->rx_xfer)
		spi_nor_end(&o->nor);
	o->rx_xfer = false;
	o->tx_n = 0;
	o->rx_n = 0;
	o->rx_head = 0;
}

static uint32_t sr_value(struct dw_ospi_s *o)
{
	uint32_t sr = 0;

	kick_read(o);
	if (o->rx_xfer || (o->tx_n && REG(o, DW_OSPI_SER) && REG(o, DW_OSPI_SSIENR)))
		sr |= DW_OSPI_SR_BUSY;
	if (o->tx_n < DW_OSPI_FIFO_DEPTH)
		sr |= DW_OSPI_SR_TFNF;
	if (!o->tx_n)
		sr |= DW_OSPI_SR_TFE;
	if (o->rx_n)
		sr |= DW_OSPI_SR_RFNE;
	if (o->rx_n == DW_OSPI_FIFO_DEPTH)
		sr |= DW_OSPI_SR_RFF;
	return sr;
}

static uint32_t dr_read(struct dw_ospi_s *o)
{
	uint32_t v = 0;

	sim_note_side_effect(o->s);	/* pops the RX FIFO */
	kick(o);
	if (o->rx_n) {
		v = o->rx[o->rx_head];
		o->rx_head = (o->rx_head + 1) % DW_OSPI_FIFO_DEPTH;
		o->rx_n--;
	} else {
		o->int_sticky |= DW_OSPI_INT_RXUI;
	}
	rx_fill(o);
	return v;
}

static void dr_write(struct dw_ospi_s *o, uint32_t v)
{
	if (!REG(o, DW_OSPI_SSIENR))
		return;	/* disabled: the FIFO is held clear */
	if (o->tx_n == DW_OSPI_FIFO_DEPTH) {
		o->int_sticky |= DW_OSPI_INT_TXOI;	/* overflow: the frame is lost */
		return;
	}
	o->tx[o->tx_n++] = v;
	if (o->tx_n == DW_OSPI_FIFO_DEPTH)
		kick(o);
}

static int ospi_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		     uint32_t *val)
{
	struct dw_ospi_s *o = ctx;

	if (size != 4 || off >= sizeof(o->regs))
		return off < DW_OSPI_REGS_SIZE && size == 4 ? (*val = 0, SIM_BUS_OK) : SIM_BUS_ERROR;
	if (off >= DW_OSPI_DR && off < DW_OSPI_DR_END)
		*val = dr_read(o);
	else if (off == DW_OSPI_SR)
		*val = sr_value(o);
	else if (off == DW_OSPI_TXFLR)
		*val = (kick_read(o), o->tx_n);
	else if (off == DW_OSPI_RXFLR)
		*val = (kick_read(o), o->rx_n);
	else if (off == DW_OSPI_ISR)
		*val = (kick_read(o), risr(o) & REG(o, DW_OSPI_IMR));
	else if (off == DW_OSPI_RISR)
		*val = (kick_read(o), risr(o));
	else if (off == DW_OSPI_TXOICR)
		*val = int_clear(o, DW_OSPI_INT_TXOI);
	else if (off == DW_OSPI_RXOICR)
		*val = int_clear(o, DW_OSPI_INT_RXOI);
	else if (off == DW_OSPI_RXUICR)
		*val = int_clear(o, DW_OSPI_INT_RXUI);
	else if (off == DW_OSPI_MSTICR)
		*val = int_clear(o, DW_OSPI_INT_MSTI);
	else if (off == DW_OSPI_ICR)
		*val = int_clear(o, DW_OSPI_INT_TXOI | DW_OSPI_INT_RXOI | DW_OSPI_INT_RXUI | DW_OSPI_INT_MSTI);
	else if (off == DW_OSPI_VERSION)
		*val = 0x3130322A;	/* "102*" ? */
	else
		*val = REG(o, off);
	irq_update(o);	/* a read may have moved data or cleared a source */
	return SIM_BUS_OK;
}

/* Registers the DW SSI takes only while SSIENR = 0. */
static bool config_reg(uint32_t off)
{
	return off == DW_OSPI_CTRLR0 || off == DW_OSPI_CTRLR1 || off == DW_OSPI_BAUDR || off == DW_OSPI_TXFTLR ||
	       off == DW_OSPI_RXFTLR || off == DW_OSPI_RX_SAMPLE_DLY || off == DW_OSPI_SPI_CTRLR0 ||
	       off == DW_OSPI_TXD_DRIVE_EDGE || (off >= DW_OSPI_XIP_MODE_BITS && off <= DW_OSPI_XIP_CNT_TIME_OUT);
}

static void update_xip(struct dw_ospi_s *o);

static int ospi_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		      uint32_t val)
{
	struct dw_ospi_s *o = ctx;

	if (size != 4)
		return SIM_BUS_ERROR;
	if (off >= sizeof(o->regs))
		return SIM_BUS_OK;
	if (off >= DW_OSPI_DR && off < DW_OSPI_DR_END) {
		dr_write(o, val);
		irq_schedule_kick(o);
		irq_update(o);
		return SIM_BUS_OK;
	}
	if (config_reg(off) && REG(o, DW_OSPI_SSIENR))
		return SIM_BUS_OK;
	if (off == DW_OSPI_SR || off == DW_OSPI_TXFLR || off == DW_OSPI_RXFLR || off == DW_OSPI_IDR ||
	    off == DW_OSPI_VERSION || off == DW_OSPI_ISR || off == DW_OSPI_RISR)
		return SIM_BUS_OK;
	REG(o, off) = val;
	if (off == DW_OSPI_SSIENR) {
		REG(o, off) = val & 1;
		if (!(val & 1))
			disable(o);
		update_xip(o);
	}
	irq_schedule_kick(o);	/* SER, SSIENR, IMR or a start level may let a transfer start */
	irq_update(o);
	return SIM_BUS_OK;
}

/* XIP reads go through XIP_CTRL's framing with XIP_INCR_INST. */
static void update_xip(struct dw_ospi_s *o)
{
	uint32_t xc = REG(o, DW_OSPI_XIP_CTRL);
	bool on = (o->aes[DW_OSPI_AES_CONTROL / 4] & DW_OSPI_AES_CONTROL_XIP_EN) && REG(o, DW_OSPI_SSIENR);
	struct spi_nor_xfer_s x;
	char why[160];

	if (on == o->xip)
		return;
	o->xip = on;
	if (on) {
		build_xfer(xc & DW_OSPI_XIP_CTRL_FRF_MASK, bits(xc, DW_OSPI_XIP_CTRL_TRANS_TYPE_SHIFT, 3),
			   bits(xc, DW_OSPI_XIP_CTRL_ADDR_L_SHIFT, 0xF), bits(xc, DW_OSPI_XIP_CTRL_INST_L_SHIFT, 3),
			   bits(xc, DW_OSPI_XIP_CTRL_WAIT_CYCLES_SHIFT, 0x1F), xc & DW_OSPI_XIP_CTRL_DDR_EN,
			   xc & DW_OSPI_XIP_CTRL_INST_DDR_EN, &x);
		x.opcode = (uint16_t)REG(o, DW_OSPI_XIP_INCR_INST);
		if (!spi_nor_read_ok(&o->nor, &x, why, sizeof(why)))
			sim_log(o->s, "ospi: XIP reads would not return array data: %s", why);
		if (o->aes[DW_OSPI_AES_CONTROL / 4] & DW_OSPI_AES_CONTROL_DECRYPT_EN)
			sim_log(o->s, "ospi: AES decryption of XIP reads is not modeled: plain data returned");
	}
	sim_bus_set_enabled(o->s, o->cfg->window_base, on);
}

static int aes_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		    uint32_t *val)
{
	struct dw_ospi_s *o = ctx;

	if (size != 4)
		return SIM_BUS_ERROR;
	*val = off < sizeof(o->aes) ? o->aes[off / 4] : 0;
	return SIM_BUS_OK;
}

static int aes_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		     uint32_t val)
{
	struct dw_ospi_s *o = ctx;

	if (size != 4)
		return SIM_BUS_ERROR;
	if (off < sizeof(o->aes))
		o->aes[off / 4] = off == DW_OSPI_AES_CONTROL ? val & ~DW_OSPI_AES_CONTROL_LD_KEY : val;
	if (off == DW_OSPI_AES_CONTROL)
		update_xip(o);
	return SIM_BUS_OK;
}

static void ospi_reset_regs(struct dw_ospi_s *o)
{
	disable(o);
	o->int_sticky = 0;
	memset(o->regs, 0, sizeof(o->regs));
	memset(o->aes, 0, sizeof(o->aes));
	REG(o, DW_OSPI_CTRLR0) = 0x7;	/* DFS 8 bits ? */
	REG(o, DW_OSPI_IDR) = 0xFFFFFFFF;	/* SSI_ID_REG: configuration-defined ? */
	update_xip(o);
	irq_update(o);
}

static int ospi_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct dw_ospi_config_s *cfg = config;
	struct dw_ospi_s *o = calloc(1, sizeof(*o));
	struct sim_mem_s *win = sim_bus_mem_at(s, cfg->window_base);
	struct sim_periph_s regs = { .name = "ospi", .base = cfg->regs_base, .size = DW_OSPI_REGS_SIZE,
				     .read = ospi_read, .write = ospi_write, .ctx = o };
	struct sim_periph_s aes = { .name = "ospi-aes", .base = cfg->aes_base, .size = DW_OSPI_AES_SIZE,
				    .read = aes_read, .write = aes_write, .ctx = o };

	*ctx = NULL;
	if (!o || !win || win->region->size != cfg->part->size) {
		snprintf(err, errlen, "ospi: no %u-byte XIP region at 0x%08x", cfg->part->size, cfg->window_base);
		free(o);
		return -1;
	}
	if (sim_bus_add_periph(s, &regs) || sim_bus_add_periph(s, &aes)) {
		snprintf(err, errlen, "ospi: registers at 0x%08x overlap another block", cfg->regs_base);
		free(o);
		return -1;
	}
	*ctx = o;
	o->s = s;
	o->cfg = cfg;
	spi_nor_init(&o->nor, s, cfg->part, win->data, cfg->window_base);
	o->xip = true;	/* so that the reset below disables the window */
	ospi_reset_regs(o);
	return 0;
}

static void ospi_destroy(struct sim *s, void *ctx)
{
	free(ctx);
}

/* A system reset resets the controller; the NOR keeps its mode (no reset line to it ?). */
static void ospi_system_reset(struct sim *s, void *ctx)
{
	ospi_reset_regs(ctx);
}

/* Power lost and back: the NOR starts afresh (in SPI mode), whatever it was doing. */
static void ospi_power_on(struct sim *s, void *ctx)
{
	spi_nor_power_on(&((struct dw_ospi_s *)ctx)->nor);
}

static int ospi_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen)
{
	return spi_nor_set_option(&((struct dw_ospi_s *)ctx)->nor, key, value, err, errlen);
}

static int ospi_save(struct sim *s, void *ctx, FILE *f)
{
	return spi_nor_save(&((struct dw_ospi_s *)ctx)->nor, f);
}

static int ospi_load(struct sim *s, void *ctx, FILE *f, size_t len, char *err, size_t errlen)
{
	return spi_nor_load(&((struct dw_ospi_s *)ctx)->nor, f, len, err, errlen);
}

const struct sim_model_s dw_ospi_model = {
	.name = "ospi",
	.create = ospi_create,
	.destroy = ospi_destroy,
	.system_reset = ospi_system_reset,
	.power_on = ospi_power_on,
	.options = NOR_FAULTS_OPTIONS,
	.set_option = ospi_set_option,
	.save = ospi_save,
	.load = ospi_load,
};
