/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A serial NOR flash device, independent of the controller in front of it. A controller
 * drives it one transaction (chip select low .. high) at a time: spi_nor_begin() with the
 * instruction, address and dummy phases as they go on the wire, then data bytes out
 * (spi_nor_write) or in (spi_nor_read), then spi_nor_end(), which is where a program or
 * erase starts, as on silicon when CS# rises.
 *
 * Standard SPI controllers that do not frame instruction and address (a DesignWare SSI in
 * standard frame format) use spi_nor_raw_*(): the device decodes the byte stream itself.
 *
 * The array is a host buffer the board also maps as the controller's memory-mapped window.
 */
#ifndef SIM_PERIPH_SPI_NOR_H
#define SIM_PERIPH_SPI_NOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flash_faults.h"

struct sim;

/* How a part leaves SPI mode for octal (and what it accepts there). */
enum spi_nor_octal_e {
	SPI_NOR_OCTAL_MACRONIX,	/* WRCR2 (72h) CR2[0]: SOPI/DOPI, two-byte opcodes (op, ~op) */
	SPI_NOR_OCTAL_XCCELA,	/* WRVCR (81h) VCR[0]: octal DDR, one-byte opcodes (ISSI, Micron) */
};

/* The protocol the device answers in. */
enum spi_nor_proto_e {
	SPI_NOR_PROTO_1S,	/* 1S-1S-1S (and 1-1-8 reads/programs) */
	SPI_NOR_PROTO_8S,	/* 8S-8S-8S */
	SPI_NOR_PROTO_8D,	/* 8D-8D-8D */
};

struct spi_nor_part_s {
	const char *name;
	uint8_t jedec_id[3];
	uint32_t size;			/* bytes */
	uint32_t block_size;		/* D8h/DCh erase size */
	enum spi_nor_octal_e octal;
	/* typical times, ns (datasheet "typ" columns) */
	uint64_t t_pp_ns;		/* page program */
	uint64_t t_se_ns;		/* 4 KB sector erase */
	uint64_t t_be_ns;		/* block erase */
	uint64_t t_ce_ns;		/* chip erase */
};

extern const struct spi_nor_part_s spi_nor_is25wx256;
extern const struct spi_nor_part_s spi_nor_mx66uw1g45g;
extern const struct spi_nor_part_s spi_nor_mx25lm51245g;

/* One transaction's framing, as the controller puts it on the wire. */
struct spi_nor_xfer_s {
	uint16_t opcode;	/* one byte, or two (first byte in bits 15:8) */
	uint8_t opcode_len;	/* 1 or 2 bytes */
	uint8_t inst_lines;	/* 1 or 8 (2 and 4 are taken as "not this device's protocol") */
	bool inst_dtr;
	uint8_t addr_len;	/* 0, 3 or 4 bytes */
	uint32_t addr;
	uint8_t addr_lines;
	bool addr_dtr;
	uint8_t data_lines;	/* lines the controller samples or drives in the data phase */
	bool data_dtr;
	uint8_t dummy_cycles;
};

struct spi_nor_cmd_s;

#define SPI_NOR_RAW_HDR 8

struct spi_nor_s {
	const struct spi_nor_part_s *part;
	struct sim *s;
	uint8_t *mem;			/* part->size bytes */
	/* registers */
	uint8_t sr;			/* bit 0 WIP (computed), bit 1 WEL */
	bool addr4;			/* 4-byte address mode (B7h/E9h) */
	enum spi_nor_proto_e proto;
	uint8_t cr2_mode;		/* Macronix CR2 address 0: SOPI bit 0, DOPI bit 1 */
	uint8_t cr2_dc;			/* Macronix CR2 address 0x300: dummy cycle code */
	uint8_t vcr[8];			/* Xccela volatile configuration register, addresses 0..7 */
	bool reset_enabled;		/* 66h seen, 99h resets */
	bool wel_clear_pending;		/* WEL drops when the operation in progress ends */
	uint8_t sfdp[128];		/* SFDP header, parameter header and basic flash parameter table */
	uint64_t busy_until_ns;
	/* the transaction in progress */
	const struct spi_nor_cmd_s *cmd;
	struct spi_nor_xfer_s x;
	bool active;
	bool garbage;			/* framing did not match: data phase reads undriven lines */
	int64_t pos;			/* data-phase byte index (negative: still in the flash's dummy) */
	uint8_t addr_pending;		/* address bytes still to come in the data phase (see spi_nor_begin) */
	uint8_t bitbuf;			/* 1-line output sampled on 8 lines: current byte and bit */
	unsigned bitpos;
	uint8_t page[256];		/* page program buffer */
	uint32_t page_fill;		/* bytes received */
	/* raw (standard SPI frame) decoding */
	uint8_t raw_hdr[SPI_NOR_RAW_HDR];
	unsigned raw_len;
	bool raw_active;
	/* counters for tests and logs */
	unsigned ignored_busy;		/* commands dropped because WIP was set */
	unsigned ignored_wel;		/* program/erase/write-register without WEL */
	unsigned unknown;		/* opcodes not recognised in the current protocol */
	struct flash_faults_s faults;	/* injected by board options (spi_nor_set_option) */
};

/* The array mem is mapped at window_base (where fault options name their addresses). */
void spi_nor_init(struct spi_nor_s *n, struct sim *s, const struct spi_nor_part_s *part, uint8_t *mem,
		  uint32_t window_base);
/* Hardware reset (RESET#): SPI mode, 3-byte addressing, WEL clear; array kept. */
void spi_nor_reset(struct spi_nor_s *n);
/* Power-on: as a reset, and an operation in progress when the power went is cut off. */
void spi_nor_power_on(struct spi_nor_s *n);
/*
 * Board options NOR_FAULTS_OPTIONS (flash_faults.h): power loss in the middle of the Nth
 * erase or page program, weak or stuck bits. 1 taken, 0 not one of them, -1 a bad value.
 */
int spi_nor_set_option(struct spi_nor_s *n, const char *key, const char *value, char *err, size_t errlen);

/* CS# low and the instruction/address/dummy phases. Returns 0 if the device took the command. */
int spi_nor_begin(struct spi_nor_s *n, const struct spi_nor_xfer_s *x);
void spi_nor_write(struct spi_nor_s *n, const uint8_t *buf, size_t len);
void spi_nor_read(struct spi_nor_s *n, uint8_t *buf, size_t len);
/* CS# high: a program, erase or register write takes effect here. */
void spi_nor_end(struct spi_nor_s *n);

/* Standard SPI byte stream (1-1-1, instruction and address in the data bytes). */
void spi_nor_raw_begin(struct spi_nor_s *n);
uint8_t spi_nor_raw_xfer(struct spi_nor_s *n, uint8_t out);
void spi_nor_raw_end(struct spi_nor_s *n);

bool spi_nor_busy(const struct spi_nor_s *n);
uint8_t spi_nor_status(const struct spi_nor_s *n);

/*
 * Whether a read with this framing would return array data (used when a controller
 * enters memory-mapped/XIP mode, whose reads bypass the transaction interface). Writes
 * the reason into why when it would not.
 */
bool spi_nor_read_ok(const struct spi_nor_s *n, const struct spi_nor_xfer_s *x, char *why, size_t len);

/* Build n->sfdp from the part (spi_nor_sfdp.c). */
void spi_nor_sfdp_build(struct spi_nor_s *n);

/* Persist the array sparsely (4 KB sectors that are not erased). */
int spi_nor_save(const struct spi_nor_s *n, FILE *f);
int spi_nor_load(struct spi_nor_s *n, FILE *f, size_t len, char *err, size_t errlen);

#endif
