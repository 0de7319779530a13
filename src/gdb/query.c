// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * General queries (gdb manual, "General Query Packets"): qSupported, qAttached, threads
 * (one: the core, thread id 1), qXfer:features:read and qXfer:memory-map:read, qOffsets,
 * vMustReplyEmpty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/gdb/log.h"

/*
 * Only what is really implemented. No qXfer:threads (one thread; qfThreadInfo covers
 * it), no multiprocess, no QNonStop, no qXfer:libraries.
 */
int gdb_q_supported(struct gdb_s *g, const char *pkt, size_t len)
{
	if (len > 11)
		log_debug("GDB features: %s", pkt + 11);
	gdb_reply_printf(g,
			 "PacketSize=%x;qXfer:features:read+;qXfer:memory-map:read+;QStartNoAckMode+;"
			 "vContSupported+;swbreak+;hwbreak+",
			 RSP_PACKET_SIZE);
	return 0;
}

/* "1": GDB attached to an existing process (the running core); quit detaches, not kills. */
int gdb_q_attached(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_str(g, "1");
	return 0;
}

int gdb_q_c(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_str(g, "QC1");
	return 0;
}

int gdb_q_fthreadinfo(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_str(g, "m1");
	return 0;
}

int gdb_q_sthreadinfo(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_str(g, "l");
	return 0;
}

int gdb_q_thread_extra(struct gdb_s *g, const char *pkt, size_t len)
{
	const char *name = g->t && g->t->core_name ? g->t->core_name : "Cortex-M";

	gdb_reply_hex(g, name, strlen(name));
	return 0;
}

/*
 * qOffsets: the image runs where it was linked (no relocation on a bare-metal Cortex-M),
 * so the honest answer is "not supported": GDB then uses the ELF's addresses as they are.
 */
int gdb_q_offsets(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_empty(g);
	return 0;
}

int gdb_v_must_reply_empty(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_empty(g);
	return 0;
}

/* Builds (or reuses, for the next chunks of one read) the document an object/annex names. */
static int xfer_document(struct gdb_s *g, const char *object, const char *annex, bool fresh)
{
	char key[sizeof(g->xfer_name)];
	char *doc = NULL;

	if (strlen(object) + strlen(annex) + 2 > sizeof(key))
		return gdb_error(g, "qXfer: no document %s:%s here", object, annex);
	strcpy(key, object);
	strcat(key, ":");
	strcat(key, annex);
	if (g->xfer_doc && strcmp(g->xfer_name, key) == 0 && !fresh)
		return 0;
	if (strcmp(object, "features") == 0 && strcmp(annex, "target.xml") == 0)
		doc = gdb_tdesc_xml(g->t);
	else if (strcmp(object, "memory-map") == 0 && annex[0] == '\0')
		doc = gdb_memmap_xml(g);
	else
		return gdb_error(g, "qXfer: no document %s:%s here", object, annex);
	if (!doc)
		return gdb_error(g, "qXfer: cannot build %s (out of memory)", object);
	free(g->xfer_doc);
	g->xfer_doc = doc;
	g->xfer_len = strlen(doc);
	memcpy(g->xfer_name, key, sizeof(key));
	return 0;
}

/* "qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH" → fields; false on bad syntax. */
static bool parse_qxfer_read(const char *pkt, size_t len, char *object, char *annex, size_t cap,
			     uint32_t *off, uint32_t *n)
{
	const char *end = pkt + len, *p = pkt + 6, *c;

	c = memchr(p, ':', (size_t)(end - p));
	if (!c || (size_t)(c - p) >= cap)
		return false;
	memcpy(object, p, (size_t)(c - p));
	object[c - p] = '\0';
	p = c + 1;
	if ((size_t)(end - p) < 5 || memcmp(p, "read:", 5) != 0)
		return false;
	p += 5;
	c = memchr(p, ':', (size_t)(end - p));
	if (!c || (size_t)(c - p) >= cap)
		return false;
	memcpy(annex, p, (size_t)(c - p));
	annex[c - p] = '\0';
	return gdb_parse_addr_len(c + 1, end, off, n, &p) && p == end;
}

int gdb_q_xfer(struct gdb_s *g, const char *pkt, size_t len)
{
	char object[24], annex[24];
	uint32_t off, n;
	static uint8_t chunk[GDB_REPLY_MAX];

	if (!parse_qxfer_read(pkt, len, object, annex, sizeof(object), &off, &n)) {
		gdb_reply_empty(g);	/* writes and unknown objects: not supported */
		return 0;
	}
	/* offset 0 starts a new read: rebuild, the live flash geometry may have changed */
	if (xfer_document(g, object, annex, off == 0))
		return -1;
	if (off > g->xfer_len)
		return gdb_error(g, "qXfer %s: offset 0x%x beyond the document (%zu bytes)", object, off,
				 g->xfer_len);
	if (n > GDB_REPLY_MAX - 1)
		n = GDB_REPLY_MAX - 1;
	if (n > g->xfer_len - off)
		n = (uint32_t)(g->xfer_len - off);
	chunk[0] = off + n < g->xfer_len ? 'm' : 'l';
	memcpy(chunk + 1, g->xfer_doc + off, n);
	gdb_reply_binary(g, chunk, n + 1u);
	return 0;
}
