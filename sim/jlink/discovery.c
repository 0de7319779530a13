// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UDP discovery advertising for rspflash-sim; see discovery.h for why there are two
 * ways (beacon on loopback, responder on purpose only) and the safety rule behind them.
 */
#include "sim/jlink/discovery.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sim/jlink/jlink_tcp.h"

struct jlink_discovery {
	struct jlink_discovery_config_s cfg;
	uint8_t advert[JLINK_ADVERT_SIZE];
	int beacon_fd;
	int responder_fd;
	uint64_t next_beacon_ms;
	uint64_t answered;
};

static void put_u32le(uint8_t *d, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		d[i] = (uint8_t)(v >> (8 * i));
}

static void put_name(uint8_t *d, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > JLINK_ADVERT_NAME_SIZE - 1)
		n = JLINK_ADVERT_NAME_SIZE - 1;
	if (n)
		memcpy(d, s, n);
}

void jlink_discovery_build_advert(uint8_t adv[JLINK_ADVERT_SIZE], const struct jlink_discovery_config_s *cfg)
{
	uint8_t *mac = adv + JLINK_ADVERT_MAC;

	memset(adv, 0, JLINK_ADVERT_SIZE);
	memcpy(adv, "Found", 5);
	memcpy(adv + JLINK_ADVERT_IPV4, &cfg->ipv4_be, 4);
	/* A locally administered MAC derived from the serial: stable, and no vendor's OUI. */
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(cfg->serial >> 24);
	mac[3] = (uint8_t)(cfg->serial >> 16);
	mac[4] = (uint8_t)(cfg->serial >> 8);
	mac[5] = (uint8_t)cfg->serial;
	put_u32le(adv + JLINK_ADVERT_SERIAL, cfg->serial);
	put_u32le(adv + JLINK_ADVERT_HW_VERSION, cfg->hw_version);
	put_name(adv + JLINK_ADVERT_PRODUCT, cfg->product);
	put_name(adv + JLINK_ADVERT_NICKNAME, cfg->nickname);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * UDP 19020 on all addresses, as libjaylink's own socket, so that broadcasts to
 * 255.255.255.255 arrive (a socket bound to one unicast address does not get them).
 * No SO_REUSEADDR: if a local client holds the port we must not share it.
 */
static int open_responder(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(JLINK_DISCOVERY_PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		jlink_log(JLINK_LOG_WARN, "discovery responder: cannot bind UDP port %d: %s",
			  JLINK_DISCOVERY_PORT, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

struct jlink_discovery *jlink_discovery_open(const struct jlink_discovery_config_s *cfg)
{
	struct jlink_discovery *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->beacon_fd = d->responder_fd = -1;
	jlink_discovery_build_advert(d->advert, cfg);
	if (cfg->beacon) {
		d->beacon_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (d->beacon_fd < 0) {
			jlink_log(JLINK_LOG_ERROR, "discovery beacon: socket: %s", strerror(errno));
			free(d);
			return NULL;
		}
	}
	if (cfg->responder)
		d->responder_fd = open_responder();
	if (d->cfg.beacon_interval_ms == 0)
		d->cfg.beacon_interval_ms = 5;
	d->next_beacon_ms = now_ms();
	return d;
}

void jlink_discovery_close(struct jlink_discovery *d)
{
	if (!d)
		return;
	if (d->beacon_fd >= 0)
		close(d->beacon_fd);
	if (d->responder_fd >= 0)
		close(d->responder_fd);
	free(d);
}

int jlink_discovery_fd(const struct jlink_discovery *d)
{
	return d ? d->responder_fd : -1;
}

void jlink_discovery_on_readable(struct jlink_discovery *d)
{
	uint8_t msg[JLINK_ADVERT_SIZE];
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	ssize_t n = recvfrom(d->responder_fd, msg, sizeof(msg), MSG_DONTWAIT, (struct sockaddr *)&from,
			     &fromlen);

	/* Our own adverts and other probes' arrive here too; answer only requests. */
	if (n != JLINK_DISCOVER_SIZE || memcmp(msg, "Discover", 8) != 0)
		return;
	/* Never waits: an answer that does not fit now is dropped, the client asks again. */
	if (sendto(d->responder_fd, d->advert, sizeof(d->advert), MSG_DONTWAIT, (struct sockaddr *)&from,
		   sizeof(from)) < 0) {
		jlink_log(JLINK_LOG_WARN, "discovery: answering %s failed: %s", inet_ntoa(from.sin_addr),
			  strerror(errno));
		return;
	}
	d->answered++;
	jlink_log(JLINK_LOG_DEBUG, "discovery: answered %s:%u", inet_ntoa(from.sin_addr),
		  ntohs(from.sin_port));
}

int jlink_discovery_tick(struct jlink_discovery *d)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(JLINK_DISCOVERY_PORT) };
	uint64_t now;

	if (!d || d->beacon_fd < 0)
		return -1;
	now = now_ms();
	if (now >= d->next_beacon_ms) {
		to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		/*
		 * Errors are expected and harmless: nobody listens most of the time, and
		 * Linux may then report the ICMP port-unreachable on a later send.
		 */
		(void)sendto(d->beacon_fd, d->advert, sizeof(d->advert), MSG_DONTWAIT,
			     (struct sockaddr *)&to, sizeof(to));
		d->next_beacon_ms = now + d->cfg.beacon_interval_ms;
	}
	return (int)(d->next_beacon_ms - now);
}
