/* storecopy.c: store copies between master and slave.
 *
 * The graph store is the state machine's snapshot: the master streams every
 * record of a consistent (MVCC) view of it in chunks with a CRC over the
 * whole stream, then the core's snapshot message. The copy reflects the
 * master's applied index A, which is at least the snapshot's index S; the
 * slave installs it, steps the snapshot, and the entries S+1..A that the
 * log then brings are skipped by apply (their index is <= applied_index),
 * so nothing is applied twice. */
#include "node/storecopy.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "net/raftwire.h"
#include "node/backup.h"
#include "node/cluster.h"
#include "node/peers.h"
#include "node/ready.h"
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

struct storecopy_in {
	raft_id from;
	uint64_t copy_id;
	uint32_t next_seq;
	uint32_t crc;
	uint64_t total;
	struct store_copy_writer *w; /* NULL once finished */
	bool complete;
	uint64_t applied;
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
			 * Without this, a slave whose answer to the snapshot was
			 * lost (its own connection to us was down) stayed
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

static void storecopy_in_drop(struct node *n, const char *why)
{
	struct storecopy_in *in = n->copy_in;

	if (!in)
		return;
	if (why)
		log_warn("Store copy from instance %" PRIu32 " abandoned: %s; "
			 "the master sends a new one",
			 in->from, why);
	if (in->w)
		store_copy_writer_abort(in->w);
	free(in);
	n->copy_in = NULL;
}

static int storecopy_in_begin(struct node *n, raft_id from,
			      const Graphd__StoreCopy *c)
{
	struct storecopy_in *in;
	char err[512];

	storecopy_in_drop(n, n->copy_in ? "a new copy started" : NULL);
	/* Emptying the store needs no open cursor: a copy this instance was
	 * sending while it was master stops. */
	while (n->copies_out)
		storecopy_out_fail(n, n->copies_out,
				   "this instance is no "
				   "longer master");
	backup_abort_all(n, "this instance is installing a store copy from "
			    "the master");
	if (!(in = calloc(1, sizeof(*in))))
		return -1;
	if (store_copy_writer_begin(n->graph, &in->w, err, sizeof(err)) < 0) {
		free(in);
		node_fail(n,
			  "cannot start installing a store copy in %s: %s; "
			  "this instance stops accepting writes",
			  n->cfg.data_dir, err);
		return -1;
	}
	in->from = from;
	in->copy_id = c->copy_id;
	n->copy_in = in;
	log_info("Receiving a store copy from instance %" PRIu32
		 " (graph up to transaction %" PRIu64 ")",
		 from, c->applied_index);
	return 0;
}

static void storecopy_in_finish(struct node *n, const Graphd__StoreCopy *c)
{
	struct storecopy_in *in = n->copy_in;
	char err[512];

	if (c->crc != in->crc || c->total_bytes != in->total) {
		storecopy_in_drop(n, "checksum mismatch");
		return;
	}
	if (store_copy_writer_finish(in->w, c->applied_index, err,
				     sizeof(err)) < 0) {
		in->w = NULL;
		storecopy_in_drop(n, err);
		return;
	}
	in->w = NULL;
	in->complete = true;
	in->applied = c->applied_index;
	if (c->applied_index > n->applied) {
		n->applied = c->applied_index;
		n->applied_term = 0;
	}
	log_info("Store copy from instance %" PRIu32 " installed: graph up "
		 "to transaction %" PRIu64 " (%" PRIu64 " bytes)",
		 in->from, in->applied, in->total);
}

void storecopy_recv(struct node *n, raft_id from, const Graphd__StoreCopy *c)
{
	struct storecopy_in *in;
	char err[512];

	if (!n->graph || n->failed)
		return;
	if (c->seq == 0 && storecopy_in_begin(n, from, c) < 0)
		return;
	in = n->copy_in;
	if (!in || in->complete || in->from != from ||
	    in->copy_id != c->copy_id || in->next_seq != c->seq) {
		if (in && !in->complete)
			storecopy_in_drop(n, "chunks out of order");
		return;
	}
	if (store_copy_writer_put(in->w, c->data.data, c->data.len, err,
				  sizeof(err)) < 0) {
		storecopy_in_drop(n, err);
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

	if (in && in->complete && in->from == m->from) {
		free(in);
		n->copy_in = NULL;
		return true;
	}
	log_warn("Snapshot offer from instance %" PRIu32 " at transaction "
		 "%" PRIu64 " without a complete store copy; refusing it",
		 m->from, (uint64_t)m->snapshot.index);
	cluster_send_one(n, &no);
	return false;
}

bool storecopy_installing(const struct node *n)
{
	return n->copy_in && !n->copy_in->complete;
}

void storecopy_close(struct node *n)
{
	while (n->copies_out)
		storecopy_out_free(n, n->copies_out);
	storecopy_in_drop(n, NULL);
}
