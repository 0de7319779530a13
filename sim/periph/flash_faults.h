/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection in a flash model (the STM32L5 and STM32F4 controllers, the SPI NOR
 * devices with the key prefix "nor_"), set by board options before power-on (--option
 * KEY=VALUE, or sim_options_s.board_options):
 *
 *   fault_flip=ADDR:BIT          every program operation that writes the byte at ADDR
 *                                leaves bit BIT (0-7) of it inverted (a weak cell)
 *   fault_stuck=ADDR:BIT:0|1     bit BIT of the byte at ADDR always reads 0 (no erase sets
 *                                it) or always 1 (no program clears it)
 *   fault_error=FLAG:OP:N        the Nth erase or program operation (OP = erase | program)
 *                                is refused with status flag FLAG (by name: PGSERR, PROGERR,
 *                                WRPERR, ... as the controller's SR names them)
 *   fault_power_loss=OP:N        the board loses power in the middle of the Nth erase or
 *                                program operation, and comes back (a power cycle)
 *
 * ADDR is a main-flash address as the part maps it with SWAP_BANK = 0 (on the STM32L5 the
 * cell stays with its physical bank when SWAP_BANK moves it), or for a NOR an address in
 * its controller's memory-mapped window. Operations are counted from
 * the board's creation, separately for erase and program, each one the controller starts
 * (one the controller refuses by itself, for WRP say, is not counted): a page, sector,
 * bank or mass erase is one erase; a program operation is one write unit (STM32L5: a
 * double-word; STM32F4: one PSIZE write, x64 a double-word, OTP included; SPI NOR: one
 * page program, of the bytes it was given, and a sector, block or chip erase). Each of
 * fault_error and fault_power_loss fires once. Up to 8 bit faults and 4 error faults.
 *
 * What a power loss leaves (decided here, deterministic; silicon leaves cells in between):
 *  - the operation had half its time: half its typical busy time is charged;
 *  - an erase: the lower half (by address) of what it erases reads erased (0xFF), the
 *    upper half keeps its old content; for an erase of whole banks (STM32L5 MER1/MER2)
 *    that is the lower half of each bank erased, for an STM32F4 mass erase the lower
 *    half of the flash;
 *  - a program operation: the lower half of the write unit's bytes is programmed, the
 *    upper half keeps its old content (a byte write: its low nibble);
 *  - then the power cycle (sim_request_power_cycle): RAM loses its content, the debug
 *    port, the core and every model start from power-on; flash, OTP and option bytes keep
 *    what they hold (the STM32L5 reloads its option bytes, as at any power-on).
 */
#ifndef SIM_PERIPH_FLASH_FAULTS_H
#define SIM_PERIPH_FLASH_FAULTS_H

/* For the controllers' option lists (sim_model_s.options). */
#define FLASH_FAULTS_OPTIONS                                                                           \
	"fault_flip=ADDR:BIT fault_stuck=ADDR:BIT:0|1 fault_error=FLAG:erase|program:N "                \
	"fault_power_loss=erase|program:N"
/* The SPI NOR's (no error flags: no fault_error). */
#define NOR_FAULTS_OPTIONS "nor_fault_flip=ADDR:BIT nor_fault_stuck=ADDR:BIT:0|1 nor_fault_power_loss=erase|program:N"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;

enum flash_op_e {
	FLASH_OP_ERASE,
	FLASH_OP_PROGRAM,
	FLASH_OP_KINDS,
};

/* A controller's status flags by name; a list ends with name NULL. */
struct flash_flag_s {
	const char *name;
	uint32_t bit;
};

#define FLASH_FAULTS_MAX_BITS 8
#define FLASH_FAULTS_MAX_ERRORS 4

struct flash_bit_fault_s {
	uint32_t off;		/* flash offset (SWAP_BANK = 0 addressing) */
	uint8_t mask;
	int8_t stuck;		/* -1: flips after programming; 0 or 1: stuck at that value */
};

struct flash_op_fault_s {
	enum flash_op_e op;
	uint64_t nth;
	uint32_t flag;		/* fault_error: the SR bit */
	const char *flag_name;
};

struct flash_faults_s {
	uint32_t base, size;	/* the main flash the addresses must fall in */
	struct flash_bit_fault_s bits[FLASH_FAULTS_MAX_BITS];
	unsigned n_bits;
	struct flash_op_fault_s errors[FLASH_FAULTS_MAX_ERRORS];
	unsigned n_errors;
	bool power_loss;
	struct flash_op_fault_s power;
	uint64_t count[FLASH_OP_KINDS];	/* operations started since the board was created */
};

enum flash_fault_e {
	FLASH_FAULT_NONE,
	FLASH_FAULT_ERROR,	/* refuse the operation with *flag */
	FLASH_FAULT_POWER_LOSS,	/* do half of it, then flash_faults_power_loss() */
};

/*
 * Board option KEY=VALUE, KEY being prefix followed by one of the fault options above (a
 * board with two flashes tells them apart by the prefix: "nor_fault_power_loss"): 1 taken,
 * 0 not a fault option, -1 a bad value (err says why). flags: the controller's status
 * flags for fault_error; a flash with none (an empty list) refuses fault_error.
 */
int flash_faults_set_option(struct flash_faults_s *ff, const struct flash_flag_s *flags, const char *prefix,
			    const char *key, const char *value, char *err, size_t errlen);

/* An operation of kind op is about to start: count it and say what to inject (and log it). */
enum flash_fault_e flash_faults_begin(struct sim *s, struct flash_faults_s *ff, enum flash_op_e op, uint32_t *flag);

/*
 * Bytes p[0..len) of the flash, at offset off (SWAP_BANK = 0 addressing; one bank at
 * most), were just erased or programmed (op), or hold what the board powered on with
 * (FLASH_OP_KINDS): flip and pin the faulty bits among them.
 */
void flash_faults_apply(const struct flash_faults_s *ff, enum flash_op_e op, uint8_t *p, uint32_t off, uint32_t len);

/* What an interrupted operation leaves (see above). */
void flash_faults_half_erase(uint8_t *p, uint32_t len);
void flash_faults_half_program(uint8_t *p, const uint8_t *data, uint32_t len);

/* The power loss itself: half of duration_ns charged as flash busy time, then a power cycle. */
void flash_faults_power_loss(struct sim *s, uint64_t duration_ns);

#endif
