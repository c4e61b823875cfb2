/* storecopy.h: store copies (Neo4j's name for a snapshot install): the
 * master streams its graph store to a member behind the compacted log. */
#ifndef GRAPHD_NODE_STORECOPY_H
#define GRAPHD_NODE_STORECOPY_H

#include <stdbool.h>

#include "graphd.pb-c.h"
#include "node/node.h"

/* Master: the core wants member m->to to get the snapshot m: stream the
 * graph store to it, then send m. One copy per member at a time. */
void storecopy_send(struct node *n, const struct raft_msg *m);
/* Master: keeps the copies flowing (bounded per call by the socket). */
void storecopy_tick(struct node *n);
void storecopy_peer_lost(struct node *n, raft_id id);

/* Slave: one StoreCopy frame. A copy is taken only from the master this
 * instance follows in its current term, never on a master or candidate,
 * and only when newer than what it applied (src/raft/fence.h); it is
 * written aside and installed whole once complete. Anything else is
 * dropped with a log line and the graph is untouched. */
void storecopy_recv(struct node *n, raft_id from, const Graphd__StoreCopy *c);
/* Slave: the snapshot message m arrived. True when a complete copy from
 * its sender is installed, or the graph already holds m's snapshot and m
 * is from the master of this term (step m into the core); else the
 * snapshot is refused back to the master, which tries again. */
bool storecopy_ready_for(struct node *n, const struct raft_msg *m);

/* Slave: installing a store copy failed half-way: the graph is incomplete
 * and must not be read. (A copy being received is written aside: the
 * graph stays whole and readable meanwhile.) */
bool storecopy_installing(const struct node *n);

/* Start-up: a store copy that arrived whole but whose installation was
 * interrupted (a crash) is installed again from its sealed spool. 1 when it
 * was, 0 when there was none, -1 with err set when it cannot be. */
int storecopy_recover(struct node *n, char *err, size_t errlen);
void storecopy_close(struct node *n);

#endif
