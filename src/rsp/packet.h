/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GDB remote serial protocol framing, without sockets: a byte-fed receive state machine
 * and the reply encoder. Commands live in src/gdb/; this file knows no packet's meaning.
 *
 * On the wire (gdb manual, "Remote Protocol": Overview, Binary data, Interrupts, Packet
 * Acknowledgment): `$` data `#` two hex digits, the checksum being the sum modulo 256 of
 * the data bytes exactly as sent. Within the data:
 *  - `}` escapes the next byte, which is the original XOR 0x20. Senders escape `#`, `$`,
 *    `}` and `*` (GDB does so in `X`, `vFlashWrite` and every other binary packet).
 *  - `X*N` is run-length encoding: X repeated N - 29 more times. Only replies use it in
 *    practice, but the receiver decodes it wherever it appears, as GDB's read_frame does:
 *    the byte after `*` is always the count, even `#` or `$`, and the repeated byte is the
 *    previous byte as sent (run-length decoding comes before unescaping).
 * Outside a packet: `+` ack, `-` nak (resend), 0x03 interrupt; anything else is garbage.
 *
 * The machine decodes escapes and runs itself, so every packet arrives as bytes plus an
 * explicit length: binary payloads (`X`, `vFlashWrite`) may contain NUL and any byte.
 * GDB never sends a raw `}` or `*` in a text packet (it would break its own stubs'
 * framing), so decoding them in every packet is safe.
 */
#ifndef SRC_RSP_PACKET_H
#define SRC_RSP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The PacketSize advertised in qSupported: the most data bytes (between `$` and `#`, as
 * sent) GDB will put in one packet. GDB sizes `X`/`vFlashWrite` chunks to it, so it sets
 * the speed of `load`: 16 KiB means a 16 KiB vFlashWrite carries up to 16 KiB of image
 * (fewer when bytes need escaping), four times the J-Link GDB Server's 0x4000/4 chunks
 * of hex. Decoding only shrinks data (escapes), so this is also the decoded capacity;
 * a packet longer than that after decoding (only possible through run-length encoding,
 * which GDB does not send) is reported as oversize.
 */
#define RSP_PACKET_SIZE		0x4000u

/* The interrupt request GDB sends while the target runs (Ctrl-C). */
#define RSP_INTERRUPT_BYTE	0x03

/* What a byte fed to the receive machine completed. */
enum rsp_rx_event_e {
	RSP_RX_NONE,		/* consumed; nothing to report yet */
	RSP_RX_PACKET,		/* a packet with a good checksum: rsp_rx_data() */
	RSP_RX_BAD_CHECKSUM,	/* checksum mismatch or a checksum digit that is not hex: nak it */
	RSP_RX_MALFORMED,	/* checksum right, contents undecodable (see rsp_rx_error): nak it */
	RSP_RX_OVERSIZE,	/* checksum right, longer than RSP_PACKET_SIZE decoded: dropped */
	RSP_RX_INTERRUPT,	/* 0x03 between packets */
	RSP_RX_ACK,		/* `+` between packets */
	RSP_RX_NAK,		/* `-` between packets */
	RSP_RX_GARBAGE,		/* a meaningless byte between packets, or a partial packet
				 * abandoned because a new `$` started (counted, ignored) */
};

enum rsp_rx_state_e {
	RSP_RX_IDLE,		/* between packets */
	RSP_RX_DATA,		/* after `$` */
	RSP_RX_ESCAPE,		/* after `}` */
	RSP_RX_RUN_COUNT,	/* after `*` */
	RSP_RX_CSUM_HI,		/* after `#` */
	RSP_RX_CSUM_LO,		/* after the first checksum digit */
};

struct rsp_rx_stats_s {
	uint64_t packets;	/* RSP_RX_PACKET events */
	uint64_t bad_checksums;
	uint64_t malformed;
	uint64_t oversize;
	uint64_t interrupts;
	uint64_t garbage_bytes;	/* includes the bytes of abandoned partial packets */
};

/*
 * The receive machine. Embed it or allocate it; its fields are private to packet.c
 * (declared here only so that it needs no allocation).
 */
struct rsp_rx_s {
	enum rsp_rx_state_e state;
	uint8_t sum;		/* running checksum of the bytes as sent */
	uint8_t sum_received;	/* the high checksum digit, once seen */
	int prev_raw;		/* previous data byte as sent, for `*`; -1 if none */
	size_t len;		/* decoded bytes kept (up to RSP_PACKET_SIZE) */
	size_t raw_len;		/* bytes as sent since `$` */
	bool oversize;
	const char *error;	/* why the current packet is malformed, or NULL */
	char last_error[96];	/* reason of the last failed or abandoned packet, for logs */
	struct rsp_rx_stats_s stats;
	uint8_t data[RSP_PACKET_SIZE + 1];	/* +1: a NUL after the data, for text packets */
};

void rsp_rx_init(struct rsp_rx_s *rx);

/* Feeds one byte received from GDB. */
enum rsp_rx_event_e rsp_rx_feed(struct rsp_rx_s *rx, uint8_t byte);

/*
 * The decoded data of the packet just reported by RSP_RX_PACKET, and its length. A NUL
 * follows the data (not counted), so text packets can be read as C strings. Valid until
 * the next `$` is fed.
 */
const uint8_t *rsp_rx_data(const struct rsp_rx_s *rx, size_t *len);

/* True between a `$` and the end of its checksum: a disconnect now cuts a packet. */
bool rsp_rx_in_packet(const struct rsp_rx_s *rx);

/* Why the last BAD_CHECKSUM, MALFORMED, OVERSIZE or abandoned-packet report happened. */
const char *rsp_rx_error(const struct rsp_rx_s *rx);

const struct rsp_rx_stats_s *rsp_rx_stats(const struct rsp_rx_s *rx);

/* Name of an event, for logs and test messages. */
const char *rsp_rx_event_name(enum rsp_rx_event_e ev);

/* Sum modulo 256, as the checksum is defined. */
uint8_t rsp_checksum(const uint8_t *data, size_t len);

/* How a reply's data is put on the wire. */
enum rsp_payload_e {
	/*
	 * Text replies ("OK", "T05...", hex, "E.message"): sent as is. GDB does not unescape
	 * them but its reader treats `$`, `#` and `*` as framing, so those three (possible
	 * only in human-readable messages) are replaced by `?`.
	 */
	RSP_PAYLOAD_TEXT,
	/* Binary replies (qXfer `l`/`m` data, `x`): `#`, `$`, `}`, `*` escaped with `}`. */
	RSP_PAYLOAD_BINARY,
};

/*
 * Frames data as `$` payload `#` checksum into out when the whole frame fits in cap.
 * Returns the frame's length either way (like snprintf), so a caller can size out.
 */
size_t rsp_frame(enum rsp_payload_e kind, const uint8_t *data, size_t len,
		 uint8_t *out, size_t cap);

/* True if the byte must be escaped in binary data. */
bool rsp_needs_escape(uint8_t byte);

/* Length of data once escaped. */
size_t rsp_escaped_len(const uint8_t *data, size_t len);

/*
 * How many leading bytes of data fit in max_out bytes once escaped: a binary reply that
 * must not exceed a size GDB asked for (qXfer length) is cut here.
 */
size_t rsp_escape_fit(const uint8_t *data, size_t len, size_t max_out);

/* Escapes data into out (rsp_escaped_len(data, len) bytes); returns that length. */
size_t rsp_escape(const uint8_t *data, size_t len, uint8_t *out);

/*
 * Undoes rsp_escape in place (for binary data escaped by a caller, e.g. in tests).
 * Returns the new length, or (size_t)-1 if the data ends in a lone `}`.
 */
size_t rsp_unescape(uint8_t *data, size_t len);

/*
 * Builds the data of an `O` console-output packet ("O" + hex of text) into out, which
 * needs 2 * len + 2 bytes (a NUL ends it). Returns the data length, 2 * len + 1.
 * GDB shows it on its console; it is valid only while the target runs or during qRcmd.
 */
size_t rsp_console_data(const char *text, size_t len, char *out);

#endif /* SRC_RSP_PACKET_H */
