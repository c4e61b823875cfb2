/* backup.c: graphctl backup on the client port.
 *
 * A full backup is the store copy stream (store/copy.h) of an MVCC snapshot
 * of the graph at the applied index T: writes go on while it is sent, and
 * the copy is the graph exactly as it was at T. An incremental backup is the
 * committed log entries after the client's T0, up to the applied index, when
 * the in-memory log still holds T0 with the client's term (same history);
 * otherwise the backup is full. Either way the answer is many Response
 * frames with the request's id, sent only while the client's connection has
 * less than BACKUP_INFLIGHT unsent: a 1 GB store is never buffered. */
#include "node/backup.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/manifest.h"
#include "node/session.h"
#include "node/storecopy.h"
#include "store/copy.h"
#include "store/crc32.h"
#include "util/log.h"

#define BACKUP_CHUNK (256u * 1024u)
/* Unsent bytes to the client beyond which the backup waits. */
#define BACKUP_INFLIGHT (1024u * 1024u)
/* Entries per BackupEntries frame (and their data bytes, roughly). */
#define BACKUP_ENTRIES_MAX 512u
/* How soon the backup looks at the connection again when it is full. */
#define BACKUP_RETRY_US 2000

struct backup_out {
	struct backup_out *next;
	struct node *n;
	struct session *s;
	uint64_t request_id;
	struct store_copy_reader *r; /* full; NULL when incremental */
	bool incremental;
	uint64_t next_index; /* incremental: next entry to send */
	uint64_t txn_id;     /* the backup reaches this txn */
	uint64_t term;	     /* term of entry txn_id, 0: unknown */
	uint64_t estimate;
	uint64_t bytes, records;
	uint32_t crc;
	uint64_t started_ms;
	struct event *ev;
	uint8_t *buf;
	size_t chunk; /* capacity of buf */
};

static void backup_free(struct backup_out *b)
{
	struct backup_out **pp = &b->n->backups;

	while (*pp && *pp != b)
		pp = &(*pp)->next;
	if (*pp)
		*pp = b->next;
	if (b->r)
		store_copy_reader_close(b->r);
	if (b->ev)
		event_free(b->ev);
	free(b->buf);
	free(b);
}

static void backup_fail(struct backup_out *b, const char *why)
{
	log_warn("Backup to client %s failed: %s; the client may run it "
		 "again",
		 session_peer(b->s), why);
	session_send_error(b->s, b->request_id, GRAPHD__ERROR_CODE__UNAVAILABLE,
			   true, "backup from instance %" PRIu32 " failed: %s",
			   b->n->cfg.server_id, why);
	backup_free(b);
}

/* Term of entry index as this instance knows it (0: unknown). */
static uint64_t backup_term_of(struct node *n, uint64_t index)
{
	const struct raft_entry *e =
	    n->raft ? raft_log_entry(n->raft, index) : NULL;

	if (e)
		return e->term;
	return index == n->applied ? n->applied_term : 0;
}

static void backup_send_done(struct backup_out *b)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__BackupDone d = GRAPHD__BACKUP_DONE__INIT;
	uint64_t ms = node_now_ms() - b->started_ms;

	d.txn_id = b->txn_id;
	d.term = b->term;
	d.bytes = b->bytes;
	d.crc32 = b->crc;
	d.incremental = b->incremental;
	d.records = b->records;
	d.server_id = b->n->cfg.server_id;
	r.request_id = b->request_id;
	r.body_case = GRAPHD__RESPONSE__BODY_BACKUP_DONE;
	r.backup_done = &d;
	session_send(b->s, &r);
	log_info("Backup to client %s finished: %" PRIu64 " bytes in %" PRIu64
		 ".%03" PRIu64 " s (%s, txn %" PRIu64 ")",
		 session_peer(b->s), b->bytes, ms / 1000, ms % 1000,
		 b->incremental ? "incremental" : "full", b->txn_id);
	backup_free(b);
}

/* One BackupChunk. Returns 1 when more follow, 0 at the end, -1 failed
 * (b freed). */
static int backup_chunk(struct backup_out *b)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__BackupChunk c = GRAPHD__BACKUP_CHUNK__INIT;
	char err[512];
	size_t len = 0;
	int more;

	more = store_copy_reader_next(b->r, b->buf, b->chunk, &len, err,
				      sizeof(err));
	if (more < 0) {
		backup_fail(b, err);
		return -1;
	}
	if (len == 0)
		return more;
	c.data.data = b->buf;
	c.data.len = len;
	c.records = backup_count_records(b->buf, len);
	c.txn_id = b->txn_id;
	c.estimate_bytes = b->estimate;
	b->crc = store_crc32(b->crc, b->buf, len);
	b->bytes += len;
	b->records += c.records;
	r.request_id = b->request_id;
	r.body_case = GRAPHD__RESPONSE__BODY_BACKUP_CHUNK;
	r.backup_chunk = &c;
	session_send(b->s, &r);
	return more;
}

/* One BackupEntries frame of committed entries. Same returns as
 * backup_chunk. */
static int backup_entries(struct backup_out *b)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__BackupEntries m = GRAPHD__BACKUP_ENTRIES__INIT;
	Graphd__BackupEntry ents[BACKUP_ENTRIES_MAX];
	Graphd__BackupEntry *ptrs[BACKUP_ENTRIES_MAX];
	const struct raft_entry *e;
	size_t n = 0, data = 0;
	char why[256];

	while (n < BACKUP_ENTRIES_MAX && data < BACKUP_CHUNK &&
	       b->next_index <= b->txn_id) {
		e = raft_log_entry(b->n->raft, b->next_index);
		if (!e || e->stripped) {
			snprintf(why, sizeof(why),
				 "the transaction log no longer holds "
				 "transaction %" PRIu64 " (compacted while the "
				 "backup ran); run the backup again: it will "
				 "be full",
				 b->next_index);
			backup_fail(b, why);
			return -1;
		}
		graphd__backup_entry__init(&ents[n]);
		ents[n].index = e->index;
		ents[n].term = e->term;
		ents[n].type = e->type;
		ents[n].data.data = e->data;
		ents[n].data.len = e->len;
		b->crc = store_crc32(b->crc, e->data, e->len);
		b->bytes += e->len;
		b->records++;
		data += e->len;
		ptrs[n] = &ents[n];
		n++;
		b->next_index++;
	}
	if (n > 0) {
		m.n_entries = n;
		m.entries = ptrs;
		m.txn_id = b->txn_id;
		r.request_id = b->request_id;
		r.body_case = GRAPHD__RESPONSE__BODY_BACKUP_ENTRIES;
		r.backup_entries = &m;
		session_send(b->s, &r);
	}
	return b->next_index <= b->txn_id ? 1 : 0;
}

/* Sends frames while the client keeps up, then waits for the connection
 * to drain (a short timer: the session owns the write callback). */
static void backup_pump_cb(evutil_socket_t fd, short what, void *arg)
{
	struct backup_out *b = arg;
	struct timeval again = {.tv_sec = 0, .tv_usec = BACKUP_RETRY_US};
	int more = 1;

	(void)fd;
	(void)what;
	/* Bounded: each turn sends one frame of a finite stream. */
	while (session_output_pending(b->s) < BACKUP_INFLIGHT) {
		more = b->incremental ? backup_entries(b) : backup_chunk(b);
		if (more < 0)
			return;
		if (more == 0) {
			backup_send_done(b);
			return;
		}
	}
	event_add(b->ev, &again);
}

/* Size of graph.db in pages, for the client's progress bar only. Berkeley
 * DB keeps the page count in the metadata (DB_FAST_STAT does not walk the
 * tree); the file's size on disk would lag, pages reach it at checkpoints.
 * Every database of the file reports the file's count, hence the largest.
 * Pages are not full, so the stream is somewhat smaller (about 90%). */
static uint64_t backup_estimate(struct node *n)
{
	DB_BTREE_STAT *sp;
	uint64_t size, max = 0;
	DB *db;

	for (unsigned i = 0; i < store_graph_db_count(); i++) {
		db = store_graph_db(n->graph, i);
		if (!db || db->stat(db, NULL, &sp, DB_FAST_STAT) != 0)
			continue;
		size = (uint64_t)sp->bt_pagecnt * sp->bt_pagesize;
		max = size > max ? size : max;
		free(sp);
	}
	return max;
}

/* Incremental when the log still holds since_txn with the client's term
 * (the same history) and everything after it up to the applied index. */
static bool backup_can_increment(struct node *n, const Graphd__BackupRequest *q)
{
	const struct raft_entry *e;

	if (!q || q->since_txn == 0 || q->since_txn > n->applied)
		return false;
	e = raft_log_entry(n->raft, q->since_txn);
	return e && e->term == q->since_term;
}

static int backup_open(struct node *n, struct backup_out *b,
		       const Graphd__BackupRequest *q, char *err, size_t errlen)
{
	if (!(b->ev = event_new(n->base, -1, 0, backup_pump_cb, b)))
		return snprintf(err, errlen, "out of memory"), -1;
	if (backup_can_increment(n, q)) {
		b->incremental = true;
		b->next_index = q->since_txn + 1;
		b->txn_id = n->applied;
		b->term = backup_term_of(n, b->txn_id);
		return 0;
	}
	/* A chunk and its framing fit in ha.max_frame_size (the reader
	 * needs at least STORE_COPY_CHUNK_MIN). */
	b->chunk = n->cfg.max_frame_size > BACKUP_CHUNK + 4096
		       ? BACKUP_CHUNK
		       : n->cfg.max_frame_size - 4096;
	if (n->cfg.max_frame_size < STORE_COPY_CHUNK_MIN + 4096)
		b->chunk = STORE_COPY_CHUNK_MIN;
	if (!(b->buf = malloc(b->chunk)))
		return snprintf(err, errlen, "out of memory"), -1;
	if (store_copy_reader_open(n->graph, &b->r, &b->txn_id, err, errlen) <
	    0)
		return -1;
	b->term = backup_term_of(n, b->txn_id);
	b->estimate = backup_estimate(n);
	return 0;
}

void backup_submit(struct node *n, struct session *s,
		   const Graphd__Request *req)
{
	struct backup_out *b;
	char err[512];

	if (!n->graph || storecopy_installing(n)) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "instance %" PRIu32 " is installing a store "
				   "copy from the master; back up another "
				   "instance or retry when it is done",
				   n->cfg.server_id);
		return;
	}
	if (!(b = calloc(1, sizeof(*b)))) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__INTERNAL, true,
				   "out of memory starting a backup");
		return;
	}
	b->n = n;
	b->s = s;
	b->request_id = req->request_id;
	b->started_ms = node_now_ms();
	b->next = n->backups;
	n->backups = b;
	if (backup_open(n, b, req->backup, err, sizeof(err)) < 0) {
		backup_fail(b, err);
		return;
	}
	if (b->incremental)
		log_info("Backup to client %s started at txn %" PRIu64
			 " (incremental: transactions %" PRIu64 "..%" PRIu64
			 " from the log)",
			 session_peer(s), b->txn_id, b->next_index, b->txn_id);
	else
		log_info("Backup to client %s started at txn %" PRIu64
			 " (full)",
			 session_peer(s), b->txn_id);
	event_active(b->ev, 0, 0);
}

void backup_drop_session(struct node *n, struct session *s)
{
	struct backup_out *b = n->backups, *next;

	for (; b; b = next) {
		next = b->next;
		if (b->s == s) {
			log_info("Backup to client %s stopped: the client "
				 "went away",
				 session_peer(s));
			backup_free(b);
		}
	}
}

void backup_abort_all(struct node *n, const char *why)
{
	/* Bounded: each turn frees the head of the list. */
	while (n->backups)
		backup_fail(n->backups, why);
}
