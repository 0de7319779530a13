/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEGGER RTT, the host side: find the control block the program keeps in its RAM, check
 * it, drain its up-buffers (target -> host) and fill its down-buffers (host -> target)
 * while the core runs. This layer knows nothing of GDB, sockets or the probe: target
 * memory comes through struct rtt_mem_s, so tests/unit/test_rtt.c runs it against a fake
 * memory. The GDB server's glue (src/gdb/rtt.c) paces the polls and counts their cost;
 * rtt_tcp.c serves the channels on TCP ports.
 *
 * The control block (SEGGER's public layout; every field a little-endian u32, 4-byte
 * aligned): char acID[16] ("SEGGER RTT" and NULs, written last by the firmware, so a
 * half-built block is never found), i32 MaxNumUpBuffers, i32 MaxNumDownBuffers, then the
 * up descriptors, then the down ones, 24 bytes each: sName, pBuffer, SizeOfBuffer, WrOff,
 * RdOff, Flags. Up: the target writes data and WrOff, the host reads [RdOff, WrOff) and
 * writes RdOff. Down: the host writes data then WrOff, keeping one byte free; the target
 * reads and writes RdOff.
 *
 * Trust nothing read from the target. The block is checked when found and on every poll:
 * counts <= RTT_MAX_CHANNELS, SizeOfBuffer in 1..RTT_BUFFER_MAX, the buffer inside a RAM
 * region (rtt_add_ram), WrOff and RdOff below SizeOfBuffer. A bad field is logged naming
 * the field, the channel, the field's address and its value; the channel is dropped (or
 * the whole block, for a bad header), and nothing is ever written to the target from a
 * field that did not pass. A dropped block stays dropped until rtt_start (monitor rtt
 * start, a reset).
 *
 * The cost of one poll (rtt_poll), which bounds what RTT takes from the probe:
 *  - one block read of the header and every up descriptor (24 + 24 x up bytes), always;
 *  - per up channel with data: one data read (two when the data wraps), at most
 *    RTT_POLL_MAX_BYTES, and one 4-byte RdOff write;
 *  - only when a host client sent data: one read of the down descriptors, then per down
 *    channel written: one data write (two when it wraps) and one 4-byte WrOff write.
 * Idle, a poll is thus a single read. Searching reads RTT_SEARCH_CHUNK bytes per step.
 */
#ifndef SRC_RTT_RTT_H
#define SRC_RTT_RTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTT_ID_LEN 16			/* acID[16] */
#define RTT_DEFAULT_ID "SEGGER RTT"
#define RTT_HEADER_SIZE 24u		/* acID, MaxNumUpBuffers, MaxNumDownBuffers */
#define RTT_DESC_SIZE 24u
#define RTT_MAX_CHANNELS 16u		/* per direction: more is a corrupt block */
#define RTT_BUFFER_MAX (1u << 20)	/* the largest SizeOfBuffer taken */
#define RTT_NAME_MAX 32			/* channel names longer than this are cut */
#define RTT_HOST_BUFFER (64u * 1024u)	/* per channel on the host: up data with no reader yet,
					 * down data not yet written (oldest up data dropped, counted) */
#define RTT_POLL_MAX_BYTES (16u * 1024u)	/* read from one up channel in one poll */
#define RTT_SEARCH_CHUNK 1024u		/* bytes scanned per search step (one MEM-AP 1 KiB page) */
#define RTT_MAX_RANGES 8u

/* Descriptor fields: byte offsets in a descriptor. */
enum rtt_field_e {
	RTT_F_NAME = 0, RTT_F_BUFFER = 4, RTT_F_SIZE = 8, RTT_F_WROFF = 12, RTT_F_RDOFF = 16, RTT_F_FLAGS = 20,
};

struct rtt_mem_s {
	/* 0, -1 when the target memory does not answer, -2 when it is refused unasked (outside
	 * the target's memory map) */
	int (*read)(void *ctx, uint32_t addr, void *buf, size_t len);
	int (*write)(void *ctx, uint32_t addr, const void *buf, size_t len);
	void *ctx;
};

struct rtt_range_s {
	uint32_t base, size;
};

/* A bounded byte queue on the host (the data itself is allocated on first use). */
struct rtt_ring_s {
	uint8_t *data;
	size_t head, len;		/* oldest byte at data[head], len bytes queued */
	uint64_t dropped;		/* up: oldest bytes dropped because nobody read them */
};

struct rtt_channel_s {
	bool present;			/* the block has this channel and it passed the checks */
	uint32_t desc;			/* address of its descriptor */
	char name[RTT_NAME_MAX];
	uint32_t buffer, size, flags, wroff, rdoff;	/* as last read */
	uint64_t bytes;			/* moved over this channel since the block was found */
	struct rtt_ring_s host;		/* up: read, waiting for a reader; down: waiting to be written */
};

enum rtt_state_e {
	RTT_OFF,		/* stopped (never started, rtt_stop, or the target stopped answering) */
	RTT_SEARCHING,		/* looking for the block */
	RTT_ACTIVE,		/* found: polled */
	RTT_DROPPED,		/* the block failed its checks: nothing until rtt_start */
};

struct rtt_stats_s {
	uint64_t polls, idle_polls;	/* idle: nothing moved */
	uint64_t reads, writes;		/* memory accesses (each one probe command or more) */
	uint64_t bytes_up, bytes_down;	/* payload moved */
	uint64_t search_steps, search_bytes;
};

struct rtt_s {
	struct rtt_mem_s mem;
	char id[RTT_ID_LEN + 1];
	struct rtt_range_s search[RTT_MAX_RANGES];	/* scanned in order; one of size 0: none */
	unsigned n_search;
	struct rtt_range_s ram[RTT_MAX_RANGES];	/* where a block and its buffers may lie */
	unsigned n_ram;

	enum rtt_state_e state;
	unsigned search_range;		/* the range and address the next search step reads */
	uint32_t search_pos;
	uint32_t cb;			/* the control block, once found */
	unsigned n_up, n_down;		/* MaxNumUpBuffers, MaxNumDownBuffers */
	struct rtt_channel_s up[RTT_MAX_CHANNELS], down[RTT_MAX_CHANNELS];
	bool down_pending;		/* a down ring holds data */
	uint32_t rejected;		/* the last candidate block refused while searching (log once) */
	struct rtt_stats_s st;
	char error[256];		/* why the block was dropped or RTT stopped, for `monitor rtt` */
};

void rtt_init(struct rtt_s *r, const struct rtt_mem_s *mem);
void rtt_free(struct rtt_s *r);	/* the host buffers */

/* The ID to search for (1..16 characters): 0, or -1 when it does not fit. */
int rtt_set_id(struct rtt_s *r, const char *id);
/* Where to search: ranges scanned in order (an exact address is a range of 24 bytes or more). */
void rtt_clear_search(struct rtt_s *r);
int rtt_add_search(struct rtt_s *r, uint32_t base, uint32_t size);
/* Where a control block and its buffers may lie (the part's RAM, the search ranges). */
int rtt_add_ram(struct rtt_s *r, uint32_t base, uint32_t size);
bool rtt_in_ram(const struct rtt_s *r, uint32_t addr, uint32_t len);

/* Searching from the start of the ranges (a found block is forgotten); rtt_stop: off. */
void rtt_start(struct rtt_s *r);
/* The next search step starts from the first range again; channels and host data are kept. */
void rtt_search_rewind(struct rtt_s *r);
void rtt_stop(struct rtt_s *r, const char *why);

/*
 * One search step: reads RTT_SEARCH_CHUNK bytes (plus the ID's length, for an ID across
 * the chunk's end) and checks every aligned candidate. 1: found and checked (RTT_ACTIVE),
 * 0: not yet, 2: not found in the whole pass (the next step starts over), -1: the target
 * memory does not answer (RTT_OFF, r->error says where).
 */
int rtt_search_step(struct rtt_s *r);
/* Checks the block at addr and takes it (RTT_ACTIVE): 1, or 0 when it is not one (logged). */
int rtt_attach(struct rtt_s *r, uint32_t addr);

/*
 * One poll of an active block (see the cost above): up data into the host rings, pending
 * down data into the target. Returns the payload bytes moved (0: idle), or -1 when the
 * target memory does not answer (RTT_OFF). A bad field drops the channel or the block.
 */
long rtt_poll(struct rtt_s *r);

/* Up data waiting on the host for channel ch: a pointer to the oldest contiguous bytes. */
size_t rtt_up_peek(struct rtt_s *r, unsigned ch, const uint8_t **data);
void rtt_up_consume(struct rtt_s *r, unsigned ch, size_t n);
/* Down data for channel ch, queued for the next poll: the bytes taken (fewer when full). */
size_t rtt_down_queue(struct rtt_s *r, unsigned ch, const void *data, size_t len);
size_t rtt_down_room(const struct rtt_s *r, unsigned ch);

const char *rtt_state_name(enum rtt_state_e s);
/* Flags bits 0-1, for display: "skip", "trim", "block", "mode 3". */
const char *rtt_mode_name(uint32_t flags);

#endif /* SRC_RTT_RTT_H */
