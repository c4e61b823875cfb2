/* reads.c: reads served from the local graph store (DESIGN.md 2.4): at once
 * by default, after this instance has applied a bookmark, or after a
 * ReadIndex round (thesis 6.4) for a linearizable read. Reads never enter the
 * log. */
#include "node/reads.h"

#include <inttypes.h>
#include <stdlib.h>

#include "graph/apply.h"
#include "graph/read.h"
#include "node/storecopy.h"
#include "node/ready.h"
#include "util/log.h"

struct pending_read {
	struct node *node;
	struct session *conn;
	struct pending_read *prev, *next;
	Graphd__Request *req;
	raft_index wait; /* serve once applied >= wait */
	uint64_t ctx;	 /* ReadIndex context still unanswered, else 0 */
	struct event *timer;
};

static void reads_serve(struct node *n, struct session *s, Graphd__Request *req)
{
	Graphd__Response *r;

	/* Half a store copy is no state the graph ever was in. */
	if (storecopy_installing(n)) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "instance %" PRIu32 " is installing a store "
				   "copy from the master; read from another "
				   "instance or retry",
				   n->cfg.server_id);
		graphd__request__free_unpacked(req, NULL);
		return;
	}
	r = graph_read(n->graph, req);
	if (!r) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__INTERNAL, false,
				   "out of memory serving a read");
	} else {
		r->request_id = req->request_id;
		session_send(s, r);
		graph_response_free(r);
	}
	graphd__request__free_unpacked(req, NULL);
}

static void reads_unlink(struct node *n, struct pending_read *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		n->reads = p->next;
	if (p->next)
		p->next->prev = p->prev;
	if (p->timer)
		event_free(p->timer);
	if (p->req)
		graphd__request__free_unpacked(p->req, NULL);
	free(p);
}

static void reads_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pending_read *p = arg;
	struct node *n = p->node;

	(void)fd;
	(void)what;
	if (p->ctx)
		session_send_error(p->conn, p->req->request_id,
				   GRAPHD__ERROR_CODE__NO_MASTER, true,
				   "no master confirmed this linearizable "
				   "read within ha.write_timeout (%u ms)",
				   n->cfg.write_timeout_ms);
	else
		session_send_error(
		    p->conn, p->req->request_id, GRAPHD__ERROR_CODE__TIMEOUT,
		    true,
		    "transaction %" PRIu64 " not applied on "
		    "instance %" PRIu32 " within "
		    "ha.write_timeout (%u ms); applied: %" PRIu64,
		    (uint64_t)p->wait, n->cfg.server_id,
		    n->cfg.write_timeout_ms, (uint64_t)n->applied);
	reads_unlink(n, p);
}

/* Queues req until applied >= wait (and the ReadIndex ctx, if any, came
 * back), at most ha.write_timeout. Takes ownership of req. */
static void reads_wait(struct node *n, struct session *s, Graphd__Request *req,
		       raft_index wait, uint64_t ctx)
{
	struct timeval tv = {.tv_sec = n->cfg.write_timeout_ms / 1000,
			     .tv_usec =
				 (n->cfg.write_timeout_ms % 1000) * 1000};
	struct pending_read *p = calloc(1, sizeof(*p));

	if (!p || !(p->timer = evtimer_new(n->base, reads_timeout_cb, p)) ||
	    evtimer_add(p->timer, &tv) < 0) {
		if (p && p->timer)
			event_free(p->timer);
		free(p);
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "out of memory");
		graphd__request__free_unpacked(req, NULL);
		return;
	}
	p->node = n;
	p->conn = s;
	p->req = req;
	p->wait = wait;
	p->ctx = ctx;
	p->next = n->reads;
	if (n->reads)
		n->reads->prev = p;
	n->reads = p;
}

void reads_submit(struct node *n, struct session *s, Graphd__Request *req)
{
	enum raft_err rc;
	uint64_t ctx;

	if (req->linearizable) {
		ctx = ++n->next_read_ctx;
		rc = raft_read_index(n->raft, ctx);
		if (rc != RAFT_OK) {
			session_send_error(s, req->request_id,
					   GRAPHD__ERROR_CODE__NO_MASTER, true,
					   "no master: cannot confirm a "
					   "linearizable read (%s)",
					   raft_err_str(rc));
			graphd__request__free_unpacked(req, NULL);
			return;
		}
		reads_wait(n, s, req, req->bookmark, ctx);
		ready_schedule(n);
		return;
	}
	if (req->bookmark > n->applied) {
		reads_wait(n, s, req, req->bookmark, 0);
		return;
	}
	reads_serve(n, s, req);
}

void reads_read_state(struct node *n, const struct raft_read_state *rs)
{
	for (struct pending_read *p = n->reads; p; p = p->next) {
		if (p->ctx != rs->context)
			continue;
		p->ctx = 0;
		if (rs->index > p->wait)
			p->wait = rs->index;
		return;
	}
}

void reads_applied(struct node *n)
{
	struct pending_read *p = n->reads, *next;

	for (; p; p = next) {
		next = p->next;
		if (p->ctx != 0 || p->wait > n->applied)
			continue;
		reads_serve(n, p->conn, p->req);
		p->req = NULL;
		reads_unlink(n, p);
	}
}

void reads_fail_all(struct node *n, Graphd__ErrorCode code, bool retryable,
		    const char *msg)
{
	/* Bounded: each turn frees the head. */
	while (n->reads) {
		session_send_error(n->reads->conn, n->reads->req->request_id,
				   code, retryable, "%s", msg);
		reads_unlink(n, n->reads);
	}
}

void reads_drop_session(struct node *n, struct session *s)
{
	struct pending_read *p = n->reads, *next;

	for (; p; p = next) {
		next = p->next;
		if (p->conn == s)
			reads_unlink(n, p);
	}
}
