/* writes.c: write requests waiting for their log entry to be applied.
 *
 * A write is a TxnEntry proposed to the consensus core; its client is
 * answered from this instance's own apply result (DESIGN.md 3.3), found by
 * (client session, sequence number). Every pending write has a deadline
 * (ha.write_timeout): a write is answered or fails retryably, never dropped
 * silently (DESIGN.md 2.3). */
#include "node/writes.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "graph/limits.h"
#include "node/cluster.h"
#include "node/ready.h"
#include "util/log.h"

struct pending_write {
	struct node *node;
	struct session *conn;
	struct pending_write *prev, *next;
	uint64_t request_id;
	uint64_t session, seq;
	raft_index index; /* where the master put it (0: not yet known) */
	uint8_t *data;	  /* packed TxnEntry (NULL: a retry follows another) */
	size_t len;
	bool sent;	    /* proposed here, or forwarded to the master */
	raft_id sent_to;    /* the master it went to */
	uint64_t token;	    /* forwarded: identifies the master's answer */
	struct event *timer;
};

static void writes_unlink(struct node *n, struct pending_write *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		n->writes = p->next;
	if (p->next)
		p->next->prev = p->prev;
	if (p->timer)
		event_free(p->timer);
	free(p->data);
	free(p);
}

/* Oldest first: the list is kept in arrival order (append at the tail). */
static void writes_append(struct node *n, struct pending_write *p)
{
	struct pending_write **pp = &n->writes, *prev = NULL;

	while (*pp) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	p->prev = prev;
	*pp = p;
}

/* The entry a request waits for: its (session, seq), or for a request
 * without a session, the log index it was proposed at. */
static bool writes_match(const struct pending_write *p, uint64_t session,
			 uint64_t seq, raft_index index)
{
	if (session != 0)
		return p->session == session && p->seq == seq;
	return p->session == 0 && index != 0 && p->index == index;
}

static struct pending_write *writes_find(struct node *n, uint64_t session,
					 uint64_t seq, raft_index index)
{
	for (struct pending_write *p = n->writes; p; p = p->next)
		if (writes_match(p, session, seq, index))
			return p;
	return NULL;
}

static void writes_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pending_write *p = arg;
	struct node *n = p->node;

	(void)fd;
	(void)what;
	if (n->ss.leader == 0)
		session_send_error(p->conn, p->request_id,
				   GRAPHD__ERROR_CODE__NO_MASTER, true,
				   "no master: election in progress "
				   "(waited ha.write_timeout = %u ms)",
				   n->cfg.write_timeout_ms);
	else
		session_send_error(p->conn, p->request_id,
				   GRAPHD__ERROR_CODE__TIMEOUT, true,
				   "transaction not committed within "
				   "ha.write_timeout (%u ms); retry it, it is "
				   "applied at most once",
				   n->cfg.write_timeout_ms);
	writes_unlink(n, p);
}

static int writes_arm(struct node *n, struct pending_write *p)
{
	struct timeval tv = {.tv_sec = n->cfg.write_timeout_ms / 1000,
			     .tv_usec =
				 (n->cfg.write_timeout_ms % 1000) * 1000};

	if (!p->timer &&
	    !(p->timer = evtimer_new(n->base, writes_timeout_cb, p)))
		return -1;
	return evtimer_add(p->timer, &tv);
}

/* Proposes p; keeps it queued when this instance is not master. Returns -1
 * when p was answered with an error and freed. */
static int writes_propose(struct node *n, struct pending_write *p)
{
	enum raft_err rc;

	rc = raft_propose(n->raft, p->data, p->len, &p->index);
	metrics_proposal(n, rc, p->index);
	if (rc == RAFT_OK) {
		p->sent = true;
		p->sent_to = n->cfg.server_id;
		ready_schedule(n);
		return 0;
	}
	p->index = 0;
	if (rc == RAFT_ERR_NOT_LEADER || rc == RAFT_ERR_TRANSFERRING)
		return 0;
	if (rc == RAFT_ERR_TOO_LARGE)
		session_send_error(p->conn, p->request_id,
				   GRAPHD__ERROR_CODE__BAD_REQUEST, false,
				   "transaction of %zu bytes is too large for "
				   "the transaction log",
				   p->len);
	else
		session_send_error(p->conn, p->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "cannot propose the transaction: %s",
				   raft_err_str(rc));
	writes_unlink(n, p);
	return -1;
}

/* The entry as every replica will apply it: the proposer fixes the clock. */
static int writes_pack(struct node *n, const Graphd__Request *req,
		       struct pending_write *p)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	struct graph_limits lim = {n->cfg.max_value_size, n->cfg.txn_max};

	graph_limits_stamp(&te, &lim); /* every replica applies under these */
	te.origin_server = n->cfg.server_id;
	te.session = req->session;
	te.seq = req->seq;
	te.timestamp_ms = node_wall_ms();
	if (req->body_case == GRAPHD__REQUEST__BODY_QUERY)
		te.query = req->query;
	else
		te.txn = req->write;
	p->len = graphd__txn_entry__get_packed_size(&te);
	if (!(p->data = malloc(p->len ? p->len : 1)))
		return -1;
	graphd__txn_entry__pack(&te, p->data);
	return 0;
}

/* Proposes p here when this instance is master, else forwards it to the
 * master; without a reachable master it stays queued (writes_forward_queued
 * tries again every tick). */
static void writes_send(struct node *n, struct pending_write *p)
{
	if (node_is_leader(n)) {
		writes_propose(n, p);
		return;
	}
	if (n->ss.leader == 0)
		return;
	p->token = ++n->next_forward_token;
	if (cluster_forward(n, p->token, p->data, p->len) == 0) {
		p->sent = true;
		p->sent_to = n->ss.leader;
	}
}

/* pack: this request proposes the entry (else it follows an earlier one). */
static struct pending_write *writes_new(struct node *n,
					const Graphd__Request *req, bool pack)
{
	struct pending_write *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->node = n;
	if ((pack && writes_pack(n, req, p) < 0) || writes_arm(n, p) < 0) {
		if (p->timer)
			event_free(p->timer);
		free(p->data);
		free(p);
		return NULL;
	}
	return p;
}

void writes_submit(struct node *n, struct session *s,
		   const Graphd__Request *req)
{
	struct pending_write *p, *orig;
	struct graph_limits lim = {n->cfg.max_value_size, n->cfg.txn_max};
	char why[512];

	/* DESIGN.md 3.3: what is over the size bounds never enters the log. */
	if (graph_entry_check_size(req, &lim, why, sizeof(why)) < 0) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__BAD_REQUEST, false, "%s",
				   why);
		return;
	}
	if (n->disk_full) { /* node_disk_full: retried, resumes alone */
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true, "%s",
				   n->disk_full_reason);
		return;
	}
	if (n->failed || n->stopping) {
		session_send_error(s, req->request_id,
				   n->failed ? GRAPHD__ERROR_CODE__INTERNAL
					     : GRAPHD__ERROR_CODE__UNAVAILABLE,
				   !n->failed, "%s",
				   n->failed ? n->fail_reason
					     : "instance shutting down");
		return;
	}
	/* A retry of a write still in flight (same session and sequence
	 * number) waits for the same entry instead of proposing another. */
	orig = req->session != 0 ? writes_find(n, req->session, req->seq, 0)
				 : NULL;
	if (!(p = writes_new(n, req, !orig))) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "out of memory");
		return;
	}
	p->conn = s;
	p->request_id = req->request_id;
	p->session = req->session;
	p->seq = req->seq;
	writes_append(n, p);
	if (!orig)
		writes_send(n, p);
}

void writes_forward_queued(struct node *n)
{
	struct pending_write *p = n->writes, *next;

	/* Bounded by the list; writes_send may free p. */
	for (; p; p = next) {
		next = p->next;
		if (p->data && !p->sent)
			writes_send(n, p);
	}
}

void writes_leader_changed(struct node *n)
{
	/* A write with a session may go to the new master again: if the old
	 * one committed it after all, the session table answers the second
	 * copy instead of running it (DESIGN.md 3.3). Without a session it
	 * waits for its entry or ha.write_timeout. */
	for (struct pending_write *p = n->writes; p; p = p->next)
		if (p->data && p->sent && p->session != 0 &&
		    p->sent_to != n->ss.leader) {
			p->sent = false;
			p->index = 0;
		}
	writes_forward_queued(n);
}

void writes_forward_result(struct node *n, const Graphd__ForwardResult *r)
{
	struct pending_write *p;

	for (p = n->writes; p && p->token != r->token; p = p->next)
		;
	if (!p || r->token == 0)
		return;
	if (!r->error || r->error->code == GRAPHD__ERROR_CODE__OK) {
		p->index = r->index;
		return;
	}
	if (r->error->retryable) {
		/* Not master (any more): the next master gets it. */
		p->sent = false;
		return;
	}
	session_send_error(p->conn, p->request_id, r->error->code, false,
			   "%s", r->error->message);
	writes_unlink(n, p);
}

void writes_applied(struct node *n, raft_index index,
		    struct graph_apply_out *out)
{
	struct pending_write *p, *next;

	/* Every request waiting for this entry: the original and its retries
	 * (bounded by the list). */
	for (p = n->writes;
	     out->response && out->origin_server == n->cfg.server_id && p;
	     p = next) {
		next = p->next;
		if (!writes_match(p, out->session, out->seq, index))
			continue;
		out->response->request_id = p->request_id;
		session_send(p->conn, out->response);
		writes_unlink(n, p);
	}
	if (out->response)
		graph_response_free(out->response);
	out->response = NULL;
}

void writes_fail_all(struct node *n, Graphd__ErrorCode code, bool retryable,
		     const char *msg)
{
	/* Bounded: each turn frees the head. */
	while (n->writes) {
		session_send_error(n->writes->conn, n->writes->request_id, code,
				   retryable, "%s", msg);
		writes_unlink(n, n->writes);
	}
}

void writes_drop_session(struct node *n, struct session *s)
{
	struct pending_write *p = n->writes, *next;

	for (; p; p = next) {
		next = p->next;
		if (p->conn == s)
			writes_unlink(n, p);
	}
}
