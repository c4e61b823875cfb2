/* writes.h: write requests waiting for their log entry to be applied. */
#ifndef GRAPHD_NODE_WRITES_H
#define GRAPHD_NODE_WRITES_H

#include "graph/apply.h"
#include "node/node.h"
#include "node/session.h"

/* A Request with a write body from s: proposed to the consensus core now if
 * this instance is master, else queued until it is (bounded by
 * ha.write_timeout). It is answered from the entry carrying its (session,
 * seq); a request without a session gets a fresh one (seq 1). A retry of a
 * pending (session, seq) attaches to it. */
void writes_submit(struct node *n, struct session *s,
		   const Graphd__Request *req);
/* A fresh random session id (never 0) for a client without one: HTTP
 * requests, and writes sent without a session. */
uint64_t writes_new_session(struct node *n);
/* Proposes (master) or forwards (slave) the writes not yet sent, in
 * arrival order; a write sent to another master or in an older term goes
 * again. */
void writes_forward_queued(struct node *n);
/* The master changed: writes sent to the old one go to the new one too
 * (the session table keeps them at most once). */
void writes_leader_changed(struct node *n);
/* The master's answer to a forwarded write. */
void writes_forward_result(struct node *n, const Graphd__ForwardResult *r);
/* An entry was applied: answer the requests waiting here for the
 * (session, seq) it carries. */
void writes_applied(struct node *n, struct graph_apply_out *out);
/* Answers every pending write with an error (storage failure, shutdown). */
void writes_fail_all(struct node *n, Graphd__ErrorCode code, bool retryable,
		     const char *msg);
/* s is closing: forget its requests (proposed entries still apply). */
void writes_drop_session(struct node *n, struct session *s);

#endif
