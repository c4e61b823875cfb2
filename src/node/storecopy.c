/* storecopy.c: store copies between master and slave.
 *
 * The graph store is the state machine's snapshot: the master streams every
 * record of a consistent (MVCC) view of it in chunks with a CRC over the
 * whole stream, then the core's snapshot message. The copy reflects the
 * master's applied index A, which is at least the snapshot's index S; the
 * slave installs it, steps the snapshot, and the entries S+1..A that the
 * log then brings are skipped by apply (their index is <= applied_index),
 * so nothing is applied twice.
 *
 * Every chunk carries the master's term, and the slave fences each one
 * (src/raft/fence.h): a copy delayed from an old master (TCP retransmission
 * across a partition) used to be installed over newer state, rolling the
 * graph back while applied_index stayed high (graphd issue 12). */
#include "node/storecopy.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/raftwire.h"
#include "node/backup.h"
#include "node/cluster.h"
#include "node/peers.h"
#include "node/ready.h"
#include "raft/fence.h"
#include "store/bytes.h"
#include "store/copy.h"
#include "store/crc32.h"
#include "util/log.h"

#define STORECOPY_CHUNK (256u * 1024u)
/* Output queued to one slave beyond which the copy waits for the socket:
 * heartbeats share the connection and must not queue behind megabytes. */
#define STORECOPY_INFLIGHT (1024u * 1024u)

struct storecopy_out {
	struct storecopy_out *next;
	raft_id to;
	uint64_t copy_id;
	struct store_copy_reader *r;
	uint64_t applied;
	uint32_t seq;
	uint32_t crc;
	uint64_t total;
	struct raft_msg msg; /* the snapshot offer, sent after the data */
	uint8_t *buf;
};

/* A slave writes the copy aside (the spool) as it arrives and installs it
 * only once it is complete, checksummed and still fenced: a copy that is
 * refused or abandoned half-way never touches the graph, so the graph and
 * applied_index never go back (DESIGN.md contract 8). */
#define STORECOPY_SPOOL "storecopy.partial"
/* A spool that arrived whole is fsync'd and renamed to this before the
 * graph is touched, with a trailer (applied index, CRC, size): a crash
 * while installing finds it at the next start and installs it again
 * (storecopy_recover), so the graph is never left half-installed. */
#define STORECOPY_READY "storecopy.ready"
#define STORECOPY_TRAILER 0xffffffffu
#define STORECOPY_TRAILER_LEN 20 /* applied (8), crc (4), total (8) */

enum storecopy_in_state {
	STORECOPY_SPOOLING,  /* chunks arriving into the spool */
	STORECOPY_INSTALLED, /* in the graph; waiting for the snapshot offer */
	STORECOPY_BROKEN,    /* installing failed: the graph is incomplete */
};

struct storecopy_in {
	raft_id from;
	uint64_t copy_id;
	raft_term term;	  /* the master's term the copy was fenced in */
	uint64_t applied; /* the copy holds the graph up to here */
	uint32_t next_seq;
	uint32_t crc;
	uint64_t total;
	FILE *spool; /* NULL once installed */
	enum storecopy_in_state state;
};

/* -------------------------------------------------------------- master */

static void storecopy_out_free(struct node *n, struct storecopy_out *o)
{
	struct storecopy_out **pp = &n->copies_out;

	while (*pp && *pp != o)
		pp = &(*pp)->next;
	if (*pp)
		*pp = o->next;
	if (o->r)
		store_copy_reader_close(o->r);
	free(o->buf);
	free(o);
}

static void storecopy_out_fail(struct node *n, struct storecopy_out *o,
			       const char *why)
{
	log_warn("Store copy to instance %" PRIu32 " failed: %s; it is "
		 "retried once the instance is reachable",
		 o->to, why);
	if (n->raft)
		raft_report_snapshot(n->raft, o->to, false);
	storecopy_out_free(n, o);
}

static int storecopy_out_frame(struct node *n, struct storecopy_out *o,
			       size_t len, bool last)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__StoreCopy c = GRAPHD__STORE_COPY__INIT;

	c.copy_id = o->copy_id;
	c.applied_index = o->applied;
	c.seq = o->seq++;
	c.data.data = o->buf;
	c.data.len = len;
	o->crc = store_crc32(o->crc, o->buf, len);
	o->total += len;
	c.last = last;
	c.crc = last ? o->crc : 0;
	c.total_bytes = last ? o->total : 0;
	c.term = o->msg.term;
	c.snapshot_index = o->msg.snapshot.index;
	c.snapshot_term = o->msg.snapshot.term;
	f.body_case = GRAPHD__PEER_FRAME__BODY_STORE_COPY;
	f.store_copy = &c;
	return peers_send(n, o->to, &f);
}

/* Sends chunks while the socket keeps up. Returns true when o is done
 * (sent or failed: freed). */
static bool storecopy_pump(struct node *n, struct storecopy_out *o)
{
	struct peer *p = peers_find(n, o->to);
	char err[512];
	size_t len;
	int more;

	while (p && p->out && p->out_ready &&
	       net_conn_pending(p->out) < STORECOPY_INFLIGHT) {
		more = store_copy_reader_next(o->r, o->buf, STORECOPY_CHUNK,
					      &len, err, sizeof(err));
		if (more < 0 || storecopy_out_frame(n, o, len, more == 0) < 0) {
			storecopy_out_fail(n, o,
					   more < 0 ? err : "connection lost");
			return true;
		}
		if (more == 0) {
			log_info("Store copy to instance %" PRIu32 " sent: "
				 "graph up to transaction %" PRIu64 ", %" PRIu64
				 " bytes in %" PRIu32 " chunks",
				 o->to, o->applied, o->total, o->seq);
			cluster_send_one(n, &o->msg);
			/* Delivered as far as we can tell: the core probes from
			 * past the snapshot once the slave is heard from again.
			 * Without this, a slave whose answer to the snapshot
			 * was lost (its own connection to us was down) stayed
			 * behind forever: the core waited for that answer
			 * (found by the fault suite). */
			if (n->raft)
				raft_report_snapshot(n->raft, o->to, true);
			storecopy_out_free(n, o);
			return true;
		}
	}
	if (!p || !p->out_ready) {
		storecopy_out_fail(n, o, "connection lost");
		return true;
	}
	return false;
}

void storecopy_send(struct node *n, const struct raft_msg *m)
{
	struct storecopy_out *o;
	char err[512];

	for (o = n->copies_out; o; o = o->next)
		if (o->to == m->to)
			return; /* one at a time; the core repeats */
	if (!n->graph || !(o = calloc(1, sizeof(*o))) ||
	    !(o->buf = malloc(STORECOPY_CHUNK))) {
		if (o)
			free(o);
		if (n->raft)
			raft_report_snapshot(n->raft, m->to, false);
		return;
	}
	o->to = m->to;
	o->copy_id = ++n->next_forward_token;
	o->msg = *m;
	o->msg.entries = NULL;
	o->msg.n_entries = 0;
	if (store_copy_reader_open(n->graph, &o->r, &o->applied, err,
				   sizeof(err)) < 0) {
		free(o->buf);
		free(o);
		log_warn("cannot read the graph store for a store copy to "
			 "instance %" PRIu32 ": %s",
			 m->to, err);
		if (n->raft)
			raft_report_snapshot(n->raft, m->to, false);
		return;
	}
	o->next = n->copies_out;
	n->copies_out = o;
	log_info("Instance %" PRIu32 " is behind the compacted transaction "
		 "log (snapshot at %" PRIu64 "): sending it a store copy of "
		 "the graph up to transaction %" PRIu64,
		 m->to, (uint64_t)m->snapshot.index, o->applied);
	storecopy_pump(n, o);
}

void storecopy_tick(struct node *n)
{
	struct storecopy_out *o = n->copies_out, *next;

	for (; o; o = next) {
		next = o->next;
		storecopy_pump(n, o);
	}
}

void storecopy_peer_lost(struct node *n, raft_id id)
{
	struct storecopy_out *o = n->copies_out, *next;

	for (; o; o = next) {
		next = o->next;
		if (o->to == id)
			storecopy_out_fail(n, o, "connection lost");
	}
}

/* --------------------------------------------------------------- slave */

/* This instance as the fence sees it: the core's role, term and leader,
 * and what its graph holds. */
static void storecopy_self(const struct node *n, struct raft_fence_self *self)
{
	struct raft_status st;

	raft_status(n->raft, &st);
	self->role = st.role;
	self->term = st.term;
	self->leader = st.leader;
	self->applied = n->applied;
}

static enum raft_fence storecopy_fence(const struct node *n, raft_id from,
				       raft_term term, uint64_t applied,
				       struct raft_fence_self *self)
{
	struct raft_fence_copy copy = {
	    .from = from, .term = term, .applied = applied};

	if (!n->raft) {
		*self = (struct raft_fence_self){0};
		return RAFT_FENCE_NOT_LEADER; /* no core yet: no master */
	}
	storecopy_self(n, self);
	return raft_fence_check(self, &copy);
}

static void storecopy_spool_path(const struct node *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", n->cfg.data_dir, STORECOPY_SPOOL);
}

static void storecopy_ready_path(const struct node *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", n->cfg.data_dir, STORECOPY_READY);
}

static void storecopy_in_free(struct node *n)
{
	struct storecopy_in *in = n->copy_in;
	char path[PATH_MAX + 32];

	if (!in)
		return;
	if (in->spool) {
		fclose(in->spool);
		storecopy_spool_path(n, path, sizeof(path));
		unlink(path);
	}
	free(in);
	n->copy_in = NULL;
}

static void storecopy_in_drop(struct node *n, const char *why)
{
	struct storecopy_in *in = n->copy_in;

	if (!in)
		return;
	if (why && in->state == STORECOPY_SPOOLING)
		log_warn("Store copy from instance %" PRIu32 " (term %" PRIu64
			 ", graph up to transaction %" PRIu64 ") abandoned "
			 "after %" PRIu64 " bytes: %s; nothing of it was "
			 "installed, the graph stays at transaction %" PRIu64
			 " and the master sends a new copy",
			 in->from, (uint64_t)in->term, in->applied, in->total,
			 why, n->applied);
	storecopy_in_free(n);
}

/* The role in the words an operator reads (Neo4j's). */
static const char *storecopy_role_word(enum raft_role role)
{
	switch (role) {
	case RAFT_LEADER:
		return "master";
	case RAFT_FOLLOWER:
	case RAFT_LEARNER:
		return "slave";
	case RAFT_PRE_CANDIDATE:
	case RAFT_CANDIDATE:
		return "candidate for master";
	case RAFT_ARBITER:
		return "arbiter";
	}
	return "unknown role";
}

/* One line per refused copy or offer: who sent what, why it is dropped,
 * what happens next. */
static void storecopy_log_refusal(const struct node *n, const char *what,
				  raft_id from, raft_term term, uint64_t index,
				  enum raft_fence v,
				  const struct raft_fence_self *self)
{
	log_warn("%s from instance %" PRIu32 " (term %" PRIu64
		 ", transaction %" PRIu64 ") refused: %s (this instance: %s, "
		 "term %" PRIu64 ", master %" PRIu32 ", applied %" PRIu64
		 "); the graph here is unchanged and the master of the "
		 "current term sends a new one if this instance needs it",
		 what, from, (uint64_t)term, index, raft_fence_str(v),
		 storecopy_role_word(self->role), (uint64_t)self->term,
		 self->leader, n->applied);
}

static int storecopy_in_begin(struct node *n, raft_id from,
			      const Graphd__StoreCopy *c)
{
	struct raft_fence_self self;
	struct storecopy_in *in;
	char path[PATH_MAX + 32];
	enum raft_fence v;

	v = storecopy_fence(n, from, c->term, c->applied_index, &self);
	if (v != RAFT_FENCE_ACCEPT) {
		storecopy_log_refusal(n, "Store copy", from, c->term,
				      c->applied_index, v, &self);
		return -1;
	}
	storecopy_in_drop(n, "a new copy started");
	if (!(in = calloc(1, sizeof(*in))))
		return -1;
	storecopy_spool_path(n, path, sizeof(path));
	if (!(in->spool = fopen(path, "w+"))) {
		log_warn("cannot create %s to receive a store copy from "
			 "instance %" PRIu32 ": %s; the graph is unchanged "
			 "and the master sends a new copy",
			 path, from, strerror(errno));
		free(in);
		return -1;
	}
	in->from = from;
	in->copy_id = c->copy_id;
	in->term = c->term;
	in->applied = c->applied_index;
	in->state = STORECOPY_SPOOLING;
	n->copy_in = in;
	log_info("Receiving a store copy from instance %" PRIu32 " (master "
		 "in term %" PRIu64 ", graph up to transaction %" PRIu64
		 "; this instance has applied %" PRIu64 ")",
		 from, (uint64_t)c->term, c->applied_index, n->applied);
	return 0;
}

/* One record of a spool into *buf (grown as needed): 1 for a chunk of *len
 * bytes, 0 at the trailer (its bytes in *buf), -1 on a short or bad read. */
static int storecopy_spool_next(FILE *f, uint8_t **buf, size_t *cap,
				size_t *len, char *err, size_t errlen)
{
	uint8_t hdr[4];
	size_t want;

	if (fread(hdr, 1, 4, f) != 4) {
		snprintf(err, errlen, "the spooled store copy is truncated");
		return -1;
	}
	*len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 |
	       (size_t)hdr[2] << 8 | hdr[3];
	want = *len == STORECOPY_TRAILER ? STORECOPY_TRAILER_LEN : *len;
	if (want > *cap) {
		uint8_t *nb = realloc(*buf, want);

		if (!nb) {
			snprintf(err, errlen,
				 "out of memory reading the spooled store copy");
			return -1;
		}
		*buf = nb;
		*cap = want;
	}
	if (want && fread(*buf, 1, want, f) != want) {
		snprintf(err, errlen, "the spooled store copy is truncated");
		return -1;
	}
	return *len == STORECOPY_TRAILER ? 0 : 1;
}

/* Copies a whole spool into the graph store: the store is marked
 * incomplete, emptied, filled chunk by chunk, then applied_index is set and
 * the mark cleared. Nothing reads the graph in between (one loop turn, or
 * start-up). */
static int storecopy_install(struct node *n, FILE *f, uint64_t applied,
			     char *err, size_t errlen)
{
	struct store_copy_writer *w;
	uint8_t *buf = NULL;
	size_t cap = 0, len;
	int rc = -1, more;

	while (n->copies_out)
		storecopy_out_fail(n, n->copies_out,
				   "this instance is installing a store copy "
				   "from the master");
	backup_abort_all(n, "this instance is installing a store copy from "
			    "the master");
	rewind(f);
	if (store_copy_writer_begin(n->graph, &w, err, errlen) < 0)
		return -1;
	while ((more = storecopy_spool_next(f, &buf, &cap, &len, err,
					    errlen)) > 0)
		if (store_copy_writer_put(w, buf, len, err, errlen) < 0)
			goto out;
	if (more < 0)
		goto out;
	rc = store_copy_writer_finish(w, applied, err, errlen);
	w = NULL;
out:
	if (w)
		store_copy_writer_abort(w);
	free(buf);
	return rc;
}

/* Seals a complete, checksummed spool: trailer, fsync, rename to
 * STORECOPY_READY, fsync of the directory. Only then may the graph be
 * emptied for it. */
static int storecopy_seal(struct node *n, struct storecopy_in *in)
{
	uint8_t t[4 + STORECOPY_TRAILER_LEN];
	char from[PATH_MAX + 32], to[PATH_MAX + 32];
	int dfd, rc;

	store_put_be32(t, STORECOPY_TRAILER);
	store_put_be64(t + 4, in->applied);
	store_put_be32(t + 12, in->crc);
	store_put_be64(t + 16, in->total);
	if (fwrite(t, 1, sizeof(t), in->spool) != sizeof(t) ||
	    fflush(in->spool) != 0 || fsync(fileno(in->spool)) != 0)
		return -1;
	storecopy_spool_path(n, from, sizeof(from));
	storecopy_ready_path(n, to, sizeof(to));
	if (rename(from, to) != 0)
		return -1;
	if ((dfd = open(n->cfg.data_dir, O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	rc = fsync(dfd);
	close(dfd);
	return rc;
}

/* Checks a sealed spool end to end (CRC and size against its trailer);
 * *applied gets the transaction the copy holds. */
static int storecopy_check_sealed(FILE *f, uint64_t *applied, char *err,
				  size_t errlen)
{
	uint8_t *buf = NULL;
	size_t cap = 0, len;
	uint64_t total = 0;
	uint32_t crc = 0;
	int more, rc = -1;

	while ((more = storecopy_spool_next(f, &buf, &cap, &len, err,
					    errlen)) > 0) {
		crc = store_crc32(crc, buf, len);
		total += len;
	}
	if (more == 0) {
		if (store_get_be32(buf + 8) != crc ||
		    store_get_be64(buf + 12) != total)
			snprintf(err, errlen,
				 "the sealed store copy does not match its "
				 "checksum");
		else {
			*applied = store_get_be64(buf);
			rc = 0;
		}
	}
	free(buf);
	return rc;
}

int storecopy_recover(struct node *n, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	uint64_t applied = 0;
	FILE *f;
	int rc;

	storecopy_spool_path(n, path, sizeof(path));
	unlink(path); /* a copy still arriving when the process stopped */
	storecopy_ready_path(n, path, sizeof(path));
	if (!(f = fopen(path, "r")))
		return 0;
	rc = storecopy_check_sealed(f, &applied, err, errlen);
	if (rc == 0)
		rc = storecopy_install(n, f, applied, err, errlen);
	fclose(f);
	if (rc < 0)
		return -1;
	unlink(path);
	log_info("The store copy whose installation was interrupted is "
		 "installed again from %s: graph up to transaction %" PRIu64,
		 path, applied);
	return 1;
}

static void storecopy_in_finish(struct node *n, const Graphd__StoreCopy *c)
{
	struct storecopy_in *in = n->copy_in;
	char err[768], path[PATH_MAX + 32];

	if (c->crc != in->crc || c->total_bytes != in->total) {
		storecopy_in_drop(n, "checksum mismatch");
		return;
	}
	if (storecopy_seal(n, in) < 0) {
		snprintf(err, sizeof(err), "cannot write the spool file: %s",
			 strerror(errno));
		storecopy_in_drop(n, err);
		return;
	}
	if (storecopy_install(n, in->spool, in->applied, err, sizeof(err)) <
	    0) {
		in->state = STORECOPY_BROKEN;
		node_fail(n,
			  "cannot install the store copy from instance %" PRIu32
			  " in %s: %s; the graph is incomplete and not served, "
			  "this instance stops accepting writes",
			  in->from, n->cfg.data_dir, err);
		return;
	}
	fclose(in->spool);
	in->spool = NULL;
	storecopy_ready_path(n, path, sizeof(path));
	unlink(path);
	in->state = STORECOPY_INSTALLED;
	/* The fence let only a copy newer than applied this far. */
	n->applied = in->applied;
	n->applied_term = 0;
	log_info("Store copy from instance %" PRIu32 " installed: graph up "
		 "to transaction %" PRIu64 " (%" PRIu64 " bytes)",
		 in->from, in->applied, in->total);
}

/* Appends one chunk to the spool: 4-byte big-endian length, then data. */
static int storecopy_spool_put(struct storecopy_in *in,
			       const Graphd__StoreCopy *c)
{
	uint8_t hdr[4] = {(uint8_t)(c->data.len >> 24),
			  (uint8_t)(c->data.len >> 16),
			  (uint8_t)(c->data.len >> 8), (uint8_t)c->data.len};

	if (fwrite(hdr, 1, 4, in->spool) != 4 ||
	    (c->data.len &&
	     fwrite(c->data.data, 1, c->data.len, in->spool) != c->data.len))
		return -1;
	return 0;
}

void storecopy_recv(struct node *n, raft_id from, const Graphd__StoreCopy *c)
{
	struct raft_fence_self self;
	struct storecopy_in *in;
	char why[256];
	enum raft_fence v;

	if (!n->graph || n->failed)
		return;
	if (c->seq == 0 && storecopy_in_begin(n, from, c) < 0)
		return;
	in = n->copy_in;
	/* Chunks of a refused or abandoned copy: dropped, logged once. */
	if (!in || in->state != STORECOPY_SPOOLING || in->from != from ||
	    in->copy_id != c->copy_id)
		return;
	if (in->next_seq != c->seq || c->term != in->term ||
	    c->applied_index != in->applied) {
		storecopy_in_drop(n, "chunks out of order");
		return;
	}
	/* Fenced at every chunk: the master may have changed meanwhile. */
	v = storecopy_fence(n, from, in->term, in->applied, &self);
	if (v != RAFT_FENCE_ACCEPT) {
		snprintf(why, sizeof(why), "%s (now term %" PRIu64 ", %s)",
			 raft_fence_str(v), (uint64_t)self.term,
			 storecopy_role_word(self.role));
		storecopy_in_drop(n, why);
		return;
	}
	if (storecopy_spool_put(in, c) < 0) {
		snprintf(why, sizeof(why), "cannot write the spool file: %s",
			 strerror(errno));
		storecopy_in_drop(n, why);
		return;
	}
	in->crc = store_crc32(in->crc, c->data.data, c->data.len);
	in->total += c->data.len;
	in->next_seq++;
	if (c->last)
		storecopy_in_finish(n, c);
}

bool storecopy_ready_for(struct node *n, const struct raft_msg *m)
{
	struct storecopy_in *in = n->copy_in;
	struct raft_msg no = {.type = RAFT_MSG_SNAPSHOT_RESP,
			      .from = n->cfg.server_id,
			      .to = m->from,
			      .term = m->term,
			      .reject = true};
	struct raft_fence_self self;
	enum raft_fence v;

	/* The copy must cover the offer: a copy delayed from an earlier
	 * offer of the same master may hold less (found by tests/sim). */
	if (in && in->state == STORECOPY_INSTALLED && in->from == m->from &&
	    in->applied >= m->snapshot.index) {
		storecopy_in_free(n);
		return true;
	}
	/* The graph already holds the snapshot (a copy refused as not newer,
	 * or one installed for an earlier offer): the core may take it. */
	v = storecopy_fence(n, m->from, m->term, m->snapshot.index, &self);
	if (v == RAFT_FENCE_NOT_NEWER)
		return true;
	if (v == RAFT_FENCE_ACCEPT)
		log_warn("Snapshot offer from instance %" PRIu32 " (term "
			 "%" PRIu64 ", transaction %" PRIu64 ") without a "
			 "complete store copy; refusing it, the master sends "
			 "a new copy",
			 m->from, (uint64_t)m->term,
			 (uint64_t)m->snapshot.index);
	else
		storecopy_log_refusal(n, "Snapshot offer", m->from, m->term,
				      m->snapshot.index, v, &self);
	cluster_send_one(n, &no);
	return false;
}

bool storecopy_installing(const struct node *n)
{
	return n->copy_in && n->copy_in->state == STORECOPY_BROKEN;
}

void storecopy_close(struct node *n)
{
	while (n->copies_out)
		storecopy_out_free(n, n->copies_out);
	storecopy_in_drop(n, NULL);
}
