/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe layer: whatever clocks SWD bits to the target. One struct probe_ops per driver:
 *  - jlink: a SEGGER J-Link through libjaylink, on USB or on TCP (found by discovery);
 *  - sim:   the in-process virtual board (sim/sim.h).
 *
 * Both drivers present the J-Link's raw SWD_IO semantics: dir/out/in are bit arrays, LSB
 * first (bit i in byte i/8); dir 1 = the probe drives SWDIO; in[] carries what the probe
 * sampled, with the J-Link sampling shift (a target-driven bit is reported one position
 * earlier than on the ADI timeline; reference/jlink-and-swd.md §2). The ADI layer
 * (src/adi/swd_queue.c) compensates for it, so both paths produce and count the same bits.
 */
#ifndef SRC_PROBE_PROBE_H
#define SRC_PROBE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct probe_s;
struct sim;
struct sim_options_s;

/*
 * Bytes per direction one J-Link SWD_IO carries. The command's bit count is a u16, so 8191
 * whole bytes at most (RM08001, EMU_CMD_HW_JTAG3); the probe holds both directions and a
 * header in its free memory: (free - 16) / 2 (OpenOCD's rule, which also caps it at its own
 * 2048, the size used here for a J-Link that cannot report its free memory). Each command
 * costs a USB round trip, so the largest that fits is the fastest.
 */
#define PROBE_SWD_BUFFER_BYTES_MAX 8191u
#define PROBE_SWD_BUFFER_BYTES_DEFAULT 2048u

static inline unsigned probe_swd_buffer_bytes(uint32_t free_mem)
{
	uint32_t fits = free_mem > 16u ? (free_mem - 16u) / 2u : 0u;

	return fits < PROBE_SWD_BUFFER_BYTES_MAX ? (unsigned)fits : PROBE_SWD_BUFFER_BYTES_MAX;
}

/* Errors returned by probe functions (negative); a message is kept in probe_s.err. */
enum probe_err_e {
	PROBE_OK = 0,
	PROBE_ERR_SPEC = -1,		/* malformed --probe string */
	PROBE_ERR_NOT_FOUND = -2,	/* no probe matches */
	PROBE_ERR_AMBIGUOUS = -3,	/* several probes match: the user must pick one */
	PROBE_ERR_NO_SWD = -4,		/* the probe cannot do SWD */
	PROBE_ERR_NO_POWER = -5,	/* target voltage is 0: the board is off or unconnected */
	PROBE_ERR_IO = -6,		/* USB/TCP transfer failed */
	PROBE_ERR_UNSUPPORTED = -7,	/* the probe lacks this function */
	PROBE_ERR_NOMEM = -8,
};

/* What a probe reports about itself (probe-info). */
struct probe_info_s {
	char driver[16];		/* "jlink", "sim" */
	char host_if[8];		/* "usb", "tcp", "local" */
	char product[64];		/* product name or board */
	char nickname[40];
	char address[48];		/* USB bus/address or IPv4 address */
	uint32_t serial;
	char firmware[128];		/* firmware version string */
	char hw_version[48];		/* "J-Link 11.0.0" */
	uint8_t caps[4];		/* J-Link capability bits (bit k in byte k/8) */
	uint16_t vtarget_mv;
	unsigned speed_khz;		/* the SWD clock now selected */
	unsigned swd_buffer_bits;	/* bits one swd_io may carry per direction */
};

struct probe_ops {
	const char *name;
	/* Clock nbits SWD cycles as one probe command (J-Link SWD_IO). Returns PROBE_OK or < 0. */
	int (*swd_io)(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits);
	/* Select the SWD clock; *actual_khz receives what the probe chose (may be NULL). */
	int (*set_speed)(struct probe_s *p, unsigned khz, unsigned *actual_khz);
	/* Drive the nRESET pin: asserted = low. */
	int (*set_nreset)(struct probe_s *p, bool asserted);
	/* Target reference voltage as the probe measures it. */
	int (*target_voltage)(struct probe_s *p, uint16_t *mv);
	/* Fill the report; the voltage is read afresh. */
	int (*get_info)(struct probe_s *p, struct probe_info_s *info);
	/* Optional: the probe's own statistics as one line (the virtual board's modeled
	 * figures); PROBE_ERR_UNSUPPORTED where it keeps none. */
	int (*stats)(struct probe_s *p, char *buf, size_t len);
	/* Optional: the modeled time in nanoseconds (the virtual board's clock), so reports give
	 * deterministic durations and timeouts count what the target lived through, not host
	 * seconds; PROBE_ERR_UNSUPPORTED on real probes. */
	int (*modeled_ns)(struct probe_s *p, uint64_t *ns);
	/* Optional: after the link to the probe broke (USB unplugged, TCP dropped), open the
	 * same probe again (by its serial number) with the same settings. */
	int (*reopen)(struct probe_s *p);
	void (*close)(struct probe_s *p);
};

struct probe_s {
	const struct probe_ops *ops;
	void *priv;
	unsigned swd_buffer_bits;	/* the ADI queue sizes its batches to this */
	char err[256];			/* the last error, a full sentence */
};

/*
 * The SWD clocks the layer accepts, in kHz: 100 MHz is above what any probe drives, and
 * keeps kHz * 1000 inside the 32 bits the simulator's clock (in Hz) has. A driver may
 * choose less (the J-Link's own maximum) and says so through actual_khz.
 */
#define PROBE_SPEED_MIN_KHZ 1u
#define PROBE_SPEED_MAX_KHZ 100000u

/*
 * Open a probe by spec string:
 *   sim[:BOARD]             the in-process virtual board (default stm32l552)
 *   jlink[:SERIAL|NICK]     a J-Link on USB
 *   jlink-tcp[:SERIAL|NICK] a J-Link reached over TCP, found by libjaylink discovery (a UDP
 *                           broadcast: only ever asked for explicitly, never as a fallback)
 * speed_khz 0 keeps the driver's default (4000 kHz), else it must be within
 * PROBE_SPEED_MIN_KHZ..PROBE_SPEED_MAX_KHZ. On failure returns < 0 (probe_err_e) and
 * writes a sentence into err.
 */
int probe_open(const char *spec, unsigned speed_khz, struct probe_s **out, char *err, size_t errlen);
/* The same; board_options (KEY=VALUE strings, NULL-terminated) go to a virtual board. */
int probe_open_with(const char *spec, unsigned speed_khz, const char *const *board_options, struct probe_s **out,
		    char *err, size_t errlen);
/* The same with a state file for a virtual board (rspflash-sim's --state: flash, OTP and
 * option bytes loaded at open when the file exists, saved at close); NULL: none. */
int probe_open_state(const char *spec, unsigned speed_khz, const char *const *board_options, const char *state_file,
		     struct probe_s **out, char *err, size_t errlen);
void probe_close(struct probe_s *p);

/* Thin wrappers over the ops, so callers never test for NULL members (and speeds are in range). */
int probe_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits);
int probe_set_speed(struct probe_s *p, unsigned khz, unsigned *actual_khz);
int probe_set_nreset(struct probe_s *p, bool asserted);
int probe_target_voltage(struct probe_s *p, uint16_t *mv);
int probe_get_info(struct probe_s *p, struct probe_info_s *info);
const char *probe_last_error(const struct probe_s *p);
/* The probe's statistics as one line; PROBE_ERR_UNSUPPORTED where it keeps none. */
int probe_stats(struct probe_s *p, char *buf, size_t len);
/* The probe's modeled time in ns; PROBE_ERR_UNSUPPORTED where there is none (real probes). */
int probe_modeled_ns(struct probe_s *p, uint64_t *ns);
/* Opens the same probe again after its link broke; PROBE_ERR_UNSUPPORTED where it cannot. */
int probe_reopen(struct probe_s *p);

/* printf into p->err; returns code, so drivers can `return probe_fail(p, CODE, ...)`. */
int probe_fail(struct probe_s *p, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Format a probe_info_s as indented "key: value" lines (probe-info). Returns the length. */
int probe_info_format(const struct probe_info_s *info, char *buf, size_t len);

/* Driver constructors (probe.c picks one from the spec). */
int probe_sim_open(const struct sim_options_s *opt, struct probe_s **out, char *err, size_t errlen);
int probe_jlink_open(const char *selector, bool tcp, unsigned speed_khz, struct probe_s **out, char *err,
		     size_t errlen);

/* The board behind a sim probe (statistics, fault injection, preload); NULL for other probes. */
struct sim *probe_sim_board(struct probe_s *p);

#endif /* SRC_PROBE_PROBE_H */
