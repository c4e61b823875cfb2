/* writes.h: write requests waiting for their log entry to be applied. */
#ifndef GRAPHD_NODE_WRITES_H
#define GRAPHD_NODE_WRITES_H

#include "graph/apply.h"
#include "node/node.h"
#include "node/session.h"

/* A Request with a write body from s: proposed to the consensus core now if
 * this instance is master, else queued until it is (bounded by
 * ha.write_timeout). A retry of a pending (session, seq) attaches to it. */
void writes_submit(struct node *n, struct session *s,
		   const Graphd__Request *req);
/* Proposes (master) or forwards (slave) the writes not yet sent, in
 * arrival order. */
void writes_forward_queued(struct node *n);
/* The master changed: writes with a session sent to the old one go to the
 * new one too (the session table keeps them exactly-once). */
void writes_leader_changed(struct node *n);
/* The master's answer to a forwarded write. */
void writes_forward_result(struct node *n, const Graphd__ForwardResult *r);
/* An entry was applied: answer its client if it is waiting here. */
void writes_applied(struct node *n, raft_index index,
		    struct graph_apply_out *out);
/* Answers every pending write with an error (storage failure, shutdown). */
void writes_fail_all(struct node *n, Graphd__ErrorCode code, bool retryable,
		     const char *msg);
/* s is closing: forget its requests (proposed entries still apply). */
void writes_drop_session(struct node *n, struct session *s);

#endif
