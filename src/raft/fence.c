/* fence.c: the store copy fence (see fence.h). */
#include "raft/fence.h"

enum raft_fence raft_fence_check(const struct raft_fence_self *self,
				 const struct raft_fence_copy *copy)
{
	if (self->role == RAFT_LEADER)
		return RAFT_FENCE_LEADER;
	if (self->role == RAFT_CANDIDATE || self->role == RAFT_PRE_CANDIDATE)
		return RAFT_FENCE_CANDIDATE;
	if (self->role == RAFT_ARBITER)
		return RAFT_FENCE_ARBITER;
	if (copy->term < self->term)
		return RAFT_FENCE_STALE_TERM;
	if (copy->term > self->term)
		return RAFT_FENCE_NEWER_TERM;
	/* One leader per term (Raft paper, 5.2): the same term and the
	 * leader's id name one history. */
	if (self->leader == 0 || copy->from != self->leader)
		return RAFT_FENCE_NOT_LEADER;
	if (copy->applied <= self->applied)
		return RAFT_FENCE_NOT_NEWER;
	return RAFT_FENCE_ACCEPT;
}

const char *raft_fence_str(enum raft_fence verdict)
{
	switch (verdict) {
	case RAFT_FENCE_ACCEPT:
		return "accepted";
	case RAFT_FENCE_LEADER:
		return "this instance is master and never installs a store "
		       "copy";
	case RAFT_FENCE_CANDIDATE:
		return "this instance is campaigning for master and follows "
		       "no master";
	case RAFT_FENCE_ARBITER:
		return "this instance is an arbiter and holds no graph";
	case RAFT_FENCE_STALE_TERM:
		return "it is from an older term than this instance's";
	case RAFT_FENCE_NEWER_TERM:
		return "it is from a newer term whose master this instance "
		       "has not heard yet";
	case RAFT_FENCE_NOT_LEADER:
		return "its sender is not the master this instance follows "
		       "in this term";
	case RAFT_FENCE_NOT_NEWER:
		return "it is not newer than what this instance has applied";
	}
	return "unknown reason";
}
