/* reads.h: reads, served now or once applied far enough (bookmark, ReadIndex).
 */
#ifndef GRAPHD_NODE_READS_H
#define GRAPHD_NODE_READS_H

#include "node/node.h"
#include "node/session.h"

/* Takes ownership of req (a get_node, get_rel, neighbours or nodes_by_label
 * request). */
void reads_submit(struct node *n, struct session *s, Graphd__Request *req);
/* A ReadIndex answer from the Ready: the read waits for applied >= index. */
void reads_read_state(struct node *n, const struct raft_read_state *rs);
/* Serves every waiting read whose index is now applied. */
void reads_applied(struct node *n);
void reads_fail_all(struct node *n, Graphd__ErrorCode code, bool retryable,
		    const char *msg);
void reads_drop_session(struct node *n, struct session *s);

#endif
