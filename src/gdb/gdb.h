/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The GDB command layer: what each RSP packet means for one Cortex-M target. The packet
 * codec and the connection live in src/rsp/; this layer sees decoded packets and builds
 * replies, so every command can be tested without a socket (tests/unit/test_gdb_*.c).
 *
 * One packet in, at most one reply out (struct gdb_reply_s). The exceptions:
 *  - run commands (c, s, vCont, and `vRun`'s reset) may leave the target running with no
 *    reply yet: the session (session.c) polls the target and the connection until it stops,
 *    then sends the stop reply that gdb_stop_reply() builds;
 *  - `k` and `R` get no reply (GDB sends none and waits for none);
 *  - console text (`O` packets) produced while a monitor command runs goes through the
 *    console callback before the final reply.
 *
 * Files: dispatch.c (prefix tables), query.c, tdesc.c, memmap.c, regs.c, mem.c, run.c,
 * break.c, flash.c, crc.c, monitor*.c, session.c, semihosting.c (the glue to src/semihosting/).
 */
#ifndef SRC_GDB_GDB_H
#define SRC_GDB_GDB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/gdb/flash.h"
#include "src/rsp/packet.h"
#include "src/semihosting/semihosting.h"
#include "src/target/cortexm.h"
#include "targets/targets.h"

struct probe_s;
struct gdb_rtt_s;

/* Room for the largest reply: a full `m` (2 hex digits per byte) or qXfer chunk. */
#define GDB_REPLY_MAX (RSP_PACKET_SIZE + 16)

struct gdb_reply_s {
	bool none;		/* send nothing (k, R, a run command still running) */
	enum rsp_payload_e kind;
	size_t len;
	uint8_t data[GDB_REPLY_MAX];
};

/* What to do with the target when a client disconnects without `D` (see session.c). */
enum gdb_disconnect_e {
	GDB_DISCONNECT_KEEP,	/* leave it halted or running as it is (OpenOCD's behaviour) */
	GDB_DISCONNECT_HALT,
	GDB_DISCONNECT_RESUME,
};

/* How the target was last resumed, to build the stop reply. */
enum gdb_run_e {
	GDB_RUN_NONE,		/* halted, stop already reported */
	GDB_RUN_CONTINUE,
	GDB_RUN_STEP,
};

/* Where qCRC was computed last time (for logs and tests). */
enum gdb_crc_where_e {
	GDB_CRC_NONE,
	GDB_CRC_TARGET,		/* the flash layer's routine in target RAM (flash_crc) */
	GDB_CRC_HOST,		/* read back and computed here */
};

typedef void gdb_console_fn(void *ctx, const char *text);

struct gdb_s {
	struct cortexm_s *t;
	struct probe_s *probe;		/* for `monitor speed`, `stats` */
	unsigned speed_khz;

	struct gdb_reply_s reply;

	/* Console output (`O` packets) while a monitor command runs; NULL drops it. */
	gdb_console_fn *console;
	void *console_ctx;

	/* session state */
	bool extended;			/* `!` received: extended-remote */
	bool no_ack;			/* for logs only; src/rsp handles it */
	enum gdb_run_e running;		/* target resumed by c/s/vCont, no stop sent yet */
	bool interrupted;		/* 0x03 or vCont;t asked for the halt now being awaited */
	bool end_session;		/* D, or k in plain remote mode */
	enum gdb_disconnect_e on_disconnect;

	struct flash_s *flash;		/* the flash layer (NULL: none) */
	char flash_error[320];		/* last flash error, for `monitor flash info` */
	enum gdb_crc_where_e crc_where;
	bool crc_no_target;		/* force the host fallback (tests, `monitor crc host`) */

	/* qXfer documents built on demand, kept for the chunked reads */
	char *xfer_doc;
	size_t xfer_len;
	char xfer_name[32];

	char last_error[256];		/* last error sent as E.text, for `monitor` and logs */

	/* semihosting (semihosting.c): sh.enabled by --semihosting or `monitor semihosting` */
	struct semihosting_s sh;

	/* RTT (rtt.c, src/gdb/rtt.h): NULL until --rtt or `monitor rtt` sets it up */
	struct gdb_rtt_s *rtt;
};

/* Sets up the command layer for an attached target. */
void gdb_init(struct gdb_s *g, struct cortexm_s *t, struct probe_s *probe);
void gdb_cleanup(struct gdb_s *g);

/*
 * Runs one decoded packet; the reply is in g->reply (g->reply.none: send nothing).
 * Returns 0, or -1 when the session must end after the reply (D, k in remote mode).
 */
int gdb_dispatch(struct gdb_s *g, const uint8_t *pkt, size_t len);

/* Reply helpers (reply.c side of dispatch.c) */
void gdb_reply_str(struct gdb_s *g, const char *s);
void gdb_reply_printf(struct gdb_s *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gdb_reply_hex(struct gdb_s *g, const void *data, size_t len);
void gdb_reply_binary(struct gdb_s *g, const void *data, size_t len);
void gdb_reply_empty(struct gdb_s *g);		/* "not supported" */
void gdb_reply_ok(struct gdb_s *g);
/*
 * An error: logged, kept in last_error and sent as "E.<text>". Returns -1 so handlers can
 * `return gdb_error(...)`. gdb_error_target uses the target's last error sentence.
 */
int gdb_error(struct gdb_s *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gdb_error_target(struct gdb_s *g, const char *what);
/*
 * The same, as "Enn": for the packets whose replies GDB 13 parses as hex before looking
 * for "E." (m, qRcmd), where E.text would read as a malformed reply. The text is logged.
 */
int gdb_error_nn(struct gdb_s *g, unsigned nn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * Only sets last_error (no reply, no log). Safe when an argument is g->last_error itself:
 * every error formatter here formats apart first, then copies.
 */
void gdb_error_vset(struct gdb_s *g, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Console output through the callback (a no-op when none is set). */
void gdb_console_printf(struct gdb_s *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Packet parsers shared by several handlers (dispatch.c); each returns false on bad syntax. */
/* "ADDR,LEN": also false when the range runs past the end of the 4 GiB address space. */
bool gdb_parse_addr_len(const char *s, const char *end, uint32_t *addr, uint32_t *len, const char **rest);
bool gdb_parse_hex32(const char *s, const char *end, uint32_t *val, const char **rest);

/* True when len bytes from addr stay inside the 32-bit address space (no wrap to 0). */
static inline bool gdb_range_fits(uint32_t addr, uint64_t len)
{
	return (uint64_t)addr + len <= 0x100000000ull;
}

/* Handlers, one per packet family: (g, packet, length) */
typedef int gdb_handler_fn(struct gdb_s *g, const char *pkt, size_t len);

/* query.c */
gdb_handler_fn gdb_q_supported, gdb_q_attached, gdb_q_c, gdb_q_fthreadinfo, gdb_q_sthreadinfo,
	gdb_q_xfer, gdb_q_offsets, gdb_v_must_reply_empty, gdb_q_thread_extra;
/* regs.c */
gdb_handler_fn gdb_read_regs, gdb_write_regs, gdb_read_reg, gdb_write_reg;
/* mem.c */
gdb_handler_fn gdb_read_mem, gdb_write_mem_hex, gdb_write_mem_bin;
/*
 * Plain bus writes into flash or ROM are refused (flash is programmed through vFlash* or
 * the monitor flash commands). Returns true and writes the sentence, naming the address
 * and the region, into why when n bytes at addr touch such a region.
 */
bool gdb_mem_write_refused(const struct gdb_s *g, uint32_t addr, uint32_t n, char *why, size_t cap);
/*
 * Target memory for the layers that serve the running program (semihosting, RTT): 0, or -1
 * with the reason at debug level, after who. A write into flash or ROM is refused as
 * GDB's own (a plain bus write there).
 */
int gdb_bus_read(struct gdb_s *g, const char *who, uint32_t addr, void *buf, size_t len);
int gdb_bus_write(struct gdb_s *g, const char *who, uint32_t addr, const void *buf, size_t len);
/* run.c */
gdb_handler_fn gdb_stop_reason, gdb_continue, gdb_step, gdb_vcont, gdb_vcont_query, gdb_detach, gdb_kill,
	gdb_restart, gdb_vrun, gdb_extended, gdb_set_thread, gdb_thread_alive, gdb_vkill;
/* break.c */
gdb_handler_fn gdb_insert_point, gdb_remove_point;
/* flash.c */
gdb_handler_fn gdb_vflash_erase, gdb_vflash_write, gdb_vflash_done;
/* crc.c */
gdb_handler_fn gdb_q_crc;
/* monitor.c */
gdb_handler_fn gdb_q_rcmd;

/* run.c: while running, for the session loop */
int gdb_poll_running(struct gdb_s *g);		/* 1: stopped (reply built), 0: running, -1: error (reply built) */
int gdb_interrupt(struct gdb_s *g);		/* halt on 0x03 */
void gdb_stop_reply(struct gdb_s *g);		/* T.. for the current halt reason */
/* Polls until the target stops or timeout_ms passes (unit tests, monitor). 1, 0 or -1. */
int gdb_wait_stopped(struct gdb_s *g, unsigned timeout_ms);
/*
 * A target that stopped answering (power loss, a reset, a probe whose link broke) is
 * connected again, the probe opened again if need be: at each new client and before a
 * flash download. 0, or -1 with the reply built.
 */
int gdb_target_reachable(struct gdb_s *g);
/* What a disconnect does (session.c). */
void gdb_disconnected(struct gdb_s *g);

/* semihosting.c: the layer set up with this target's memory and console (gdb_init). */
void gdb_semihosting_init(struct gdb_s *g);
/*
 * The core halted while running: when it is a semihosting call, serve it. 0: not one (report
 * the stop), 2: served and the core resumed, 1: the program exited or an error (reply
 * built), -1 on an error too (reply built).
 */
int gdb_semihosting_halted(struct gdb_s *g);
/* A step on a semihosting BKPT serves the call instead: 1 done (reply built), 0 not one. */
int gdb_semihosting_step(struct gdb_s *g);

/* tdesc.c: target XML and register numbering in GDB's view */
struct gdb_reg_s {
	const char *name;
	unsigned bits;		/* 32 or 64 */
	int reg;		/* enum cortexm_reg_e of the (low) word */
	int reg_hi;		/* 64-bit: the high word (S2k+1), else -1 */
	const char *feature;
};
/* The registers GDB sees for this target, in its remote numbering; returns the count. */
unsigned gdb_tdesc_regs(const struct cortexm_s *t, const struct gdb_reg_s **regs);
/* The target description; malloc'd, caller frees. */
char *gdb_tdesc_xml(const struct cortexm_s *t);
/* The GDB register with this name (any case), or -1. */
int gdb_tdesc_find(const struct cortexm_s *t, const char *name);

/* memmap.c */
char *gdb_memmap_xml(const struct gdb_s *g);	/* malloc'd */

/* crc.c */
int gdb_crc_compute(struct gdb_s *g, uint32_t addr, uint32_t len, uint32_t *crc);

/* regs.c: value of one GDB register as target bytes (4 or 8); -1 with reply built on error */
int gdb_reg_get(struct gdb_s *g, unsigned n, uint8_t *out, unsigned *size);
int gdb_reg_set(struct gdb_s *g, unsigned n, const uint8_t *in);

/* break.c: hardware or software for a Z0 at addr (the rule documented there) */
bool gdb_break_use_hw(const struct cortexm_s *t, uint32_t addr);
struct gdb_point_s {
	unsigned type;		/* 0..4 */
	uint32_t addr;
	uint32_t kind;
};
bool gdb_parse_point(const char *pkt, size_t len, struct gdb_point_s *pt);

/* run.c: the vCont action for thread 1 ('c', 'C', 's', 'S', 't'), 0 on bad syntax */
char gdb_parse_vcont(const char *pkt, size_t len);

#endif /* SRC_GDB_GDB_H */
