/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDP discovery advertising for rspflash-sim, so that libjaylink's
 * jaylink_discovery_scan(JAYLINK_HIF_TCP) finds the virtual J-Link.
 *
 * libjaylink (discovery_tcp.c) binds UDP INADDR_ANY:19020 without SO_REUSEADDR,
 * broadcasts a 64-byte "Discover" to 255.255.255.255:19020, and for 20 ms accepts any
 * 128-byte datagram starting with "Found", whatever its source. Two ways to be found:
 *
 *  - beacon: send the advert, unsolicited, to 127.0.0.1:19020 every few milliseconds
 *    from an ephemeral port. A client on this host that is discovering receives it.
 *    This is the only way for a same-host client, because a server holding UDP 19020
 *    would make the client's own bind fail and its scan abort.
 *  - responder: hold UDP 19020 and answer each "Discover" with a unicast advert to its
 *    sender. Only for clients on other hosts, so only when the TCP server was bound to
 *    a non-loopback address on purpose.
 *
 * Nothing is ever broadcast; the beacon never leaves loopback.
 */
#ifndef SIM_JLINK_DISCOVERY_H
#define SIM_JLINK_DISCOVERY_H

#include <stdbool.h>
#include <stdint.h>

#define JLINK_DISCOVERY_PORT		19020
#define JLINK_ADVERT_SIZE		128
#define JLINK_DISCOVER_SIZE		64

/* Offsets in the 128-byte advert (libjaylink discovery_tcp.c, parse_adv_message). */
#define JLINK_ADVERT_IPV4		16	/* network byte order */
#define JLINK_ADVERT_MAC		32	/* 6 bytes */
#define JLINK_ADVERT_SERIAL		48	/* u32 LE */
#define JLINK_ADVERT_HW_VERSION		52	/* u32 LE, type*10^6 + major*10^4 + ... */
#define JLINK_ADVERT_PRODUCT		64	/* 32 bytes, NUL-terminated */
#define JLINK_ADVERT_NICKNAME		96	/* 32 bytes, NUL-terminated */
#define JLINK_ADVERT_NAME_SIZE		32

struct jlink_discovery_config_s {
	uint32_t ipv4_be;		/* address the client should connect to, network order */
	uint32_t serial;
	uint32_t hw_version;
	const char *product;
	const char *nickname;		/* "" for none */
	bool beacon;			/* unsolicited adverts to 127.0.0.1:19020 */
	bool responder;			/* hold UDP 19020 and answer "Discover" */
	unsigned beacon_interval_ms;
};

struct jlink_discovery;

/* Fill a 128-byte advert. Pure; used by the tests as well. */
void jlink_discovery_build_advert(uint8_t adv[JLINK_ADVERT_SIZE], const struct jlink_discovery_config_s *cfg);

/* Open the sockets the configuration asks for; NULL (after logging) on failure. */
struct jlink_discovery *jlink_discovery_open(const struct jlink_discovery_config_s *cfg);
void jlink_discovery_close(struct jlink_discovery *d);

/* Responder socket to poll for input, or -1 if there is none. */
int jlink_discovery_fd(const struct jlink_discovery *d);
/* The responder socket is readable: answer what arrived. */
void jlink_discovery_on_readable(struct jlink_discovery *d);
/* Send the beacon if it is due; returns milliseconds until the next one (-1: never). */
int jlink_discovery_tick(struct jlink_discovery *d);

#endif /* SIM_JLINK_DISCOVERY_H */
