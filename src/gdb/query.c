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
#include "src/log/log.h"

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

/* The objects qSupported offers, each read-only. */
static const char *const xfer_objects[] = { "features", "memory-map", NULL };

/* True when the len bytes at p are one of xfer_objects. */
static bool xfer_object_known(const char *p, size_t len)
{
	for (unsigned i = 0; xfer_objects[i]; i++)
		if (strlen(xfer_objects[i]) == len && memcmp(xfer_objects[i], p, len) == 0)
			return true;
	return false;
}

/*
 * "qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH" for an object xfer_objects has → fields; false
 * on bad syntax. LENGTH is the most the client takes, not a range: offset + length may
 * pass 4 GiB (the reply is cut at the document's end anyway).
 */
static bool parse_qxfer_read(const char *p, const char *end, char *annex, size_t cap, uint32_t *off, uint32_t *n)
{
	const char *c = memchr(p, ':', (size_t)(end - p));

	if (!c || (size_t)(c - p) >= cap)
		return false;
	memcpy(annex, p, (size_t)(c - p));
	annex[c - p] = '\0';
	return gdb_parse_hex32(c + 1, end, off, &p) && p < end && *p == ',' && gdb_parse_hex32(p + 1, end, n, &p) &&
	       p == end;
}

int gdb_q_xfer(struct gdb_s *g, const char *pkt, size_t len)
{
	const char *end = pkt + len, *p = pkt + 6, *c = memchr(p, ':', (size_t)(end - p));
	size_t object_len = (size_t)((c ? c : end) - p);
	char object[24], annex[24];
	uint32_t off, n;
	static uint8_t chunk[GDB_REPLY_MAX];

	/*
	 * The gdb manual: an empty reply means the object is not recognised or cannot be
	 * read. So objects other than ours, and writes to ours, get that; everything else
	 * that does not parse is a malformed request to an object that exists: an error.
	 */
	if (!xfer_object_known(p, object_len)) {
		log_debug("qXfer: object '%.*s' not offered", (int)object_len, p);
		gdb_reply_empty(g);
		return 0;
	}
	memcpy(object, p, object_len);	/* one of xfer_objects: it fits */
	object[object_len] = '\0';
	if (c && (size_t)(end - c) > 6 && memcmp(c + 1, "write:", 6) == 0) {
		log_debug("qXfer:%s: the object is read-only", object);
		gdb_reply_empty(g);
		return 0;
	}
	if (!c || (size_t)(end - c) < 6 || memcmp(c + 1, "read:", 5) != 0 ||
	    !parse_qxfer_read(c + 6, end, annex, sizeof(annex), &off, &n))
		return gdb_error(g, "qXfer:%s: malformed request '%.*s' (expected qXfer:%s:read:ANNEX:OFFSET,LENGTH "
				 "in hex)", object, (int)(len > 80 ? 80 : len), pkt, object);
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
