/* writes.c: write requests waiting for their log entry to be applied.
 *
 * A write is a TxnEntry proposed to the consensus core; its client is
 * answered from this instance's own apply result (DESIGN.md 3.3), found by
 * the identity the entry carries: (client session, sequence number). Never
 * by log index: after a master change an uncommitted entry's index may hold
 * another write, whose result is not this request's (DESIGN.md 2.7; in
 * Raft an entry is (index, term), thesis 3.5). A request without a session
 * gets a fresh random one here, so every write has an identity, and the
 * session table makes a second copy of it (sent again to a new master)
 * answered instead of run again (at most once, thesis 6.3). Every pending write has a deadline
 * (ha.write_timeout): a write is answered or fails retryably, never dropped
 * silently (DESIGN.md 2.3). */
#include "node/writes.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "graph/limits.h"
#include "node/cluster.h"
#include "node/ready.h"
#include "util/log.h"

struct pending_write {
	struct node *node;
	struct session *conn;
	struct pending_write *prev, *next;
	uint64_t request_id;
	uint64_t session, seq; /* the identity its TxnEntry carries */
	uint8_t *data;	  /* packed TxnEntry (NULL: a retry follows another) */
	size_t len;
	bool sent;	    /* proposed here, or forwarded to the master */
	raft_id sent_to;    /* the master it went to */
	raft_term sent_term; /* this instance's term when it went */
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

/* The entry a request waits for is the one carrying its identity. Every
 * pending write has a session (writes_submit), so an entry without one
 * (NOOP, CONF, or a TxnEntry from before sessions were given to every
 * write) answers nobody. */
static bool writes_match(const struct pending_write *p, uint64_t session,
			 uint64_t seq)
{
	return session != 0 && p->session == session && p->seq == seq;
}

static struct pending_write *writes_find(struct node *n, uint64_t session,
					 uint64_t seq)
{
	for (struct pending_write *p = n->writes; p; p = p->next)
		if (writes_match(p, session, seq))
			return p;
	return NULL;
}

uint64_t writes_new_session(struct node *n)
{
	static uint64_t counter;
	struct timespec ts;
	uint64_t id = 0;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id)) {
		/* No entropy yet (early boot): unique enough within this
		 * cluster, as server ids differ and the clock moves. */
		clock_gettime(CLOCK_REALTIME, &ts);
		id = ((uint64_t)n->cfg.server_id << 48) ^
		     ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^
		     (++counter << 56);
	}
	return id ? id : 1;
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

	raft_index index = 0;

	rc = raft_propose(n->raft, p->data, p->len, &index);
	metrics_proposal(n, rc, index);
	if (rc == RAFT_OK) {
		p->sent = true;
		p->sent_to = n->cfg.server_id;
		p->sent_term = n->hs.term;
		ready_schedule(n);
		return 0;
	}
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

/* The entry as every replica will apply it: the proposer fixes the clock
 * and the session retention; p's identity goes with it. */
static int writes_pack(struct node *n, const Graphd__Request *req,
		       struct pending_write *p)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	struct graph_limits lim = {n->cfg.max_value_size, n->cfg.txn_max};

	graph_limits_stamp(&te, &lim); /* every replica applies under these */
	te.origin_server = n->cfg.server_id;
	te.session = p->session;
	te.seq = p->seq;
	te.timestamp_ms = node_wall_ms();
	te.session_retention_ms = n->cfg.session_retention_ms;
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
		p->sent_term = n->hs.term;
	}
}

/* pack: this request proposes the entry (else it follows an earlier one). */
static struct pending_write *writes_new(struct node *n,
					const Graphd__Request *req,
					uint64_t session, uint64_t seq,
					bool pack)
{
	struct pending_write *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->node = n;
	p->session = session;
	p->seq = seq;
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
	uint64_t session = req->session, seq = req->seq;
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
	/* A write without a session is one of its own: it needs an identity
	 * all the same, to be matched to its entry and kept at most once. */
	if (session == 0) {
		session = writes_new_session(n);
		seq = 1;
	}
	/* A retry of a write still in flight (same session and sequence
	 * number) waits for the same entry instead of proposing another. */
	orig = writes_find(n, session, seq);
	if (!(p = writes_new(n, req, session, seq, !orig))) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "out of memory");
		return;
	}
	p->conn = s;
	p->request_id = req->request_id;
	writes_append(n, p);
	if (!orig)
		writes_send(n, p);
}

void writes_forward_queued(struct node *n)
{
	struct pending_write *p = n->writes, *next;

	/* A write sent to another master, or in an older term, may have been
	 * overwritten in the log (a new master's entries replace the
	 * uncommitted ones of the old, thesis 3.5), so it goes to the current
	 * master again. Its identity makes that safe: if the first copy was
	 * committed after all, the session table answers the second instead
	 * of running it (DESIGN.md 3.3). Bounded by the list; writes_send may
	 * free p. */
	for (; p; p = next) {
		next = p->next;
		if (p->data && p->sent &&
		    (p->sent_to != n->ss.leader || p->sent_term != n->hs.term))
			p->sent = false;
		if (p->data && !p->sent)
			writes_send(n, p);
	}
}

void writes_leader_changed(struct node *n)
{
	writes_forward_queued(n);
}

void writes_forward_result(struct node *n, const Graphd__ForwardResult *r)
{
	struct pending_write *p;

	for (p = n->writes; p && p->token != r->token; p = p->next)
		;
	if (!p || r->token == 0)
		return;
	/* Where the master put it says nothing about whose entry will be
	 * applied there: the answer waits for the entry carrying p's
	 * identity, wherever it lands. */
	if (!r->error || r->error->code == GRAPHD__ERROR_CODE__OK)
		return;
	if (r->error->retryable) {
		/* Not master (any more): the next master gets it. */
		p->sent = false;
		return;
	}
	session_send_error(p->conn, p->request_id, r->error->code, false,
			   "%s", r->error->message);
	writes_unlink(n, p);
}

void writes_applied(struct node *n, struct graph_apply_out *out)
{
	struct pending_write *p, *next;

	/* Every request waiting for this entry: the original and its retries
	 * (bounded by the list). */
	for (p = n->writes;
	     out->response && out->origin_server == n->cfg.server_id && p;
	     p = next) {
		next = p->next;
		if (!writes_match(p, out->session, out->seq))
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
