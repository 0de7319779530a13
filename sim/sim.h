/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rspflash-sim: a virtual board behind a virtual J-Link.
 *
 * This is the simulator library's public interface, used by its two front ends: the
 * J-Link TCP server (sim/jlink/) and the in-process probe of rspflash (src/probe/sim).
 * Everything a front end does goes through the SWD wire, bit by bit, exactly as a probe
 * would drive it; there is no back door into the target.
 *
 * The simulator is single-threaded and deterministic: modeled time advances only by what
 * real hardware would spend (probe round trips, SWD bits, instructions, flash busy time),
 * and the CPU runs only while modeled time advances. See ../shared/design.md.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;

/*
 * The virtual J-Link's free memory (GET_FREE_MEMORY). A J-Link takes an SWD_IO of up to
 * (free - 16) / 2 bytes per direction (OpenOCD's rule; libjaylink names status 0x06, no
 * memory, for a longer one). What real models report is not documented here (?): 32 KB lets
 * the protocol's own limit (8191 bytes: a u16 bit count) apply, as on a probe with room.
 */
#define SIM_JLINK_FREE_MEMORY 32768u

/* Fault injection, driven by command-line options of rspflash-sim (and by tests). */
struct sim_faults_s {
	unsigned wait_next_ap;		/* answer WAIT to the next N AP accesses */
	bool fault_once;		/* answer FAULT to the next AP access, once */
	unsigned drop_after_cmds;	/* front end drops the probe connection after N commands (0: never) */
	/* Armed for a point of a run by the board options ap_wait and ap_fault (sim/faults.c): */
	bool wait_armed;		/* when ap_transfers reaches wait_at: wait_count more WAITs */
	unsigned wait_count;
	uint64_t wait_at;
	uint64_t wait_every;		/* then again every wait_every accesses (0: once) */
	bool fault_armed;		/* when ap_transfers reaches fault_at: fault_once */
	uint64_t fault_at;
};

struct sim_options_s {
	const char *board;		/* board name, see sim_board_list(); NULL: "stm32l552" */
	uint32_t swd_hz;		/* SWD clock; 0: 4 MHz */
	uint32_t probe_latency_us;	/* modeled round trip of one probe command; 0: 250 us */
	struct sim_faults_s faults;
	const char *state_file;		/* --state: loaded at create if it exists, saved at destroy */
	const char *const *board_options;	/* --option key=value strings, NULL-terminated; may be NULL */
};

/* Counters and modeled time; all deterministic. */
struct sim_stats_s {
	uint64_t time_ns;		/* modeled nanoseconds since the board was created */
	uint64_t probe_commands;	/* probe commands (J-Link commands, in-process batches) */
	uint64_t swd_bits;		/* SWD clock cycles driven on the wire */
	uint64_t ap_transfers;		/* AP accesses answered OK */
	uint64_t instructions;		/* instructions the CPU executed */
	uint64_t flash_busy_ns;		/* time the flash controllers spent busy */
	uint32_t cpu_hz;		/* the core clock now (the reset clock until RCC raises it) */
	uint64_t clock_errors;		/* times the clock left its specification (sim/clock.h) */
	uint64_t power_cycles;		/* power losses injected (flash fault options) */
};

struct sim_board_info_s {
	const char *name;
	const char *description;	/* one line */
	const char *options;		/* the board options (--option KEY=VALUE) it takes, "" if none */
};

/* Boards this simulator knows, ended by an entry whose name is NULL. */
const struct sim_board_info_s *sim_board_list(void);

/* Create a board in its power-on state. On failure returns NULL and writes why into err. */
struct sim *sim_create(const struct sim_options_s *opt, char *err, size_t errlen);

/*
 * Where the boards' event lines go (a lockup, a power cycle, a debug port switched to
 * SWD): by default stderr, "sim: BOARD: message", as rspflash-sim prints them; rspflash
 * routes them into its own log (a user of `rspflash flash` on a virtual board does not see
 * a blank board's lockup unless asking for --log-level info). Process-wide; NULL restores
 * stderr.
 */
typedef void (*sim_log_sink_fn)(const char *board, const char *msg);
void sim_set_log_sink(sim_log_sink_fn fn);
void sim_destroy(struct sim *s);

const char *sim_board_name(const struct sim *s);

/*
 * Clock nbits SWD cycles, as a J-Link's SWD_IO command does (one probe command: modeled
 * round trip, bits at the SWD clock). dir/out/in are bit arrays, LSB first (bit i in byte
 * i/8): dir 1 = probe drives SWDIO with out's bit; in receives what the probe samples,
 * with the J-Link sampling shift (a target-driven bit appears one position earlier than
 * on the ADI timeline), and 1 where nobody drives (pull-up).
 */
void sim_jlink_swd_io(struct sim *s, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits);

/* The same bits on the nominal ADI timeline, without counting a probe command. */
void sim_swd_io_nominal(struct sim *s, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits);

/* A probe command that does not clock SWD (e.g. GET_HW_STATUS): counts it and its round trip. */
void sim_probe_command(struct sim *s);

/* nRESET pin: asserted holds the whole board in reset; release lets it run from reset. */
void sim_set_nreset(struct sim *s, bool asserted);

/* Target supply as a J-Link would measure it, in millivolts. */
uint16_t sim_target_voltage_mv(const struct sim *s);

void sim_set_swd_hz(struct sim *s, uint32_t hz);
uint32_t sim_swd_hz(const struct sim *s);

void sim_get_stats(const struct sim *s, struct sim_stats_s *st);

/* One line of key=value pairs (no newline), as printed by --stats. Returns its length. */
int sim_format_stats(const struct sim *s, char *buf, size_t len);

/*
 * Factory contents: put bytes into the board's memory (RAM, flash or ROM regions) without
 * going through the debug port or a flash controller, as a board arrives pre-programmed
 * (rspflash-sim --load). Returns 0, or -1 with the reason in err (address not in a region).
 */
int sim_preload(struct sim *s, uint32_t addr, const void *data, size_t len, char *err, size_t errlen);

/* A board option (e.g. "dbank", "0"), as --option gives them; 0, or -1 with the reason. */
int sim_set_option(struct sim *s, const char *key, const char *value, char *err, size_t errlen);

/* Persistent state: flash arrays, option bytes, OTP (see sim/state.c for the format). */
int sim_state_save(struct sim *s, const char *path, char *err, size_t errlen);
int sim_state_load(struct sim *s, const char *path, char *err, size_t errlen);

/* Fault injection, also settable while running. */
struct sim_faults_s *sim_faults(struct sim *s);

#endif /* SIM_SIM_H */
