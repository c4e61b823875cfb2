/* fence.h: the store copy fence: may this instance install a snapshot
 * (Neo4j's store copy) that a peer streams to it? One pure rule, shared
 * by the runtime (src/node/storecopy.c) and the simulator (tests/sim). */
#ifndef GRAPHD_RAFT_FENCE_H
#define GRAPHD_RAFT_FENCE_H

#include "raft/raft.h"

/* This instance as its consensus core and state machine see it now. */
struct raft_fence_self {
	enum raft_role role;
	raft_term term;
	raft_id leader;	    /* the leader it follows in term, 0 none */
	raft_index applied; /* what its state machine holds */
};

/* What the copy claims: who streams it, in which term, up to where. */
struct raft_fence_copy {
	raft_id from;
	raft_term term;	    /* the sender's term when it began the copy */
	raft_index applied; /* the copy holds the state machine up to here */
};

enum raft_fence {
	RAFT_FENCE_ACCEPT = 0,
	RAFT_FENCE_LEADER,     /* this instance leads: it never goes back */
	RAFT_FENCE_CANDIDATE,  /* campaigning: it follows nobody */
	RAFT_FENCE_ARBITER,    /* an arbiter holds no state machine */
	RAFT_FENCE_STALE_TERM, /* from a term older than this instance's */
	RAFT_FENCE_NEWER_TERM, /* this instance does not follow it yet */
	RAFT_FENCE_NOT_LEADER, /* same term, but not from the leader */
	RAFT_FENCE_NOT_NEWER,  /* not newer than what is applied */
};

/* A copy is installed only from the leader this instance follows in its
 * current term, on a follower or learner, and only when it is newer than
 * what the state machine holds: a delayed copy from an old leader, or one
 * older than what was applied since, would move the state backwards
 * (DESIGN.md contract 8). A copy of a newer term is refused too, not
 * installed blind: the core first has to accept the sender as leader of
 * that term (its heartbeats do that), then the leader's retry passes. */
enum raft_fence raft_fence_check(const struct raft_fence_self *self,
				 const struct raft_fence_copy *copy);
/* Why, in words for a log line ("this instance is master"). */
const char *raft_fence_str(enum raft_fence verdict);

#endif
