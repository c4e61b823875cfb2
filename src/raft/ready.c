/* ready.c: the Ready batch handed to the runtime and raft_advance(), which
 * makes what the batch carried count as durable. */
#include "raft/raft_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static struct raft_hard_state hard_state(const struct raft *r)
{
	return (struct raft_hard_state){r->term, r->vote, r->log.commit};
}

static bool hs_equal(struct raft_hard_state a, struct raft_hard_state b)
{
	return a.term == b.term && a.vote == b.vote && a.commit == b.commit;
}

bool raft_has_ready(const struct raft *r)
{
	const struct raft_log *l = &r->log;

	return r->prev_ss.leader != r->leader || r->prev_ss.role != r->role ||
	       !hs_equal(r->prev_hs, hard_state(r)) || r->snap_pending ||
	       l->unstable <= raft_log_last(l) || r->msgs.n || r->after.n ||
	       l->commit > l->applying || r->n_rs;
}

static void swap_queue(struct raft_msgq *a, struct raft_msgq *b)
{
	struct raft_msgq t = *a;

	*a = *b;
	*b = t;
}

static void ready_log(struct raft *r, struct raft_ready *rd)
{
	struct raft_log *l = &r->log;
	raft_index last = raft_log_last(l);

	if (l->unstable <= l->snap_index)
		l->unstable = l->snap_index + 1;
	if (l->unstable <= last) {
		rd->entries = raft_log_at(l, l->unstable);
		rd->n_entries = (size_t)(last - l->unstable + 1);
	}
	l->unstable = last + 1;
	l->inflight = last;
	if (l->applying < l->snap_index)
		l->applying = l->snap_index;
	if (l->commit > l->applying) {
		rd->committed = raft_log_at(l, l->applying + 1);
		rd->n_committed = (size_t)(l->commit - l->applying);
		l->applying = l->commit;
	}
}

void raft_ready(struct raft *r, struct raft_ready *rd)
{
	struct raft_soft_state ss = {r->leader, r->role};
	struct raft_hard_state hs = hard_state(r);

	/* One Ready at a time: the runtime must advance the previous one. */
	assert(!r->ready_out);
	memset(rd, 0, sizeof(*rd));
	if (ss.leader != r->prev_ss.leader || ss.role != r->prev_ss.role) {
		rd->soft_state_changed = true;
		r->prev_ss = ss;
	}
	rd->soft_state = ss;
	if (!hs_equal(hs, r->prev_hs)) {
		rd->has_hard_state = true;
		r->prev_hs = hs;
	}
	rd->hard_state = hs;
	if (r->snap_pending) {
		rd->has_snapshot = true;
		rd->snapshot = (struct raft_snapshot){
		    r->log.snap_index, r->log.snap_term, r->snap_conf,
		    r->snap_data, r->snap_len};
		r->snap_pending = false;
	}
	ready_log(r, rd);
	swap_queue(&r->msgs, &r->out_msgs);
	swap_queue(&r->after, &r->out_after);
	rd->msgs = r->out_msgs.v;
	rd->n_msgs = r->out_msgs.n;
	rd->msgs_after_persist = r->out_after.v;
	rd->n_msgs_after_persist = r->out_after.n;
	free(r->rs_out);
	r->rs_out = r->rs;
	r->n_rs_out = r->n_rs;
	r->rs = NULL;
	r->n_rs = r->cap_rs = 0;
	rd->read_states = r->rs_out;
	rd->n_read_states = r->n_rs_out;
	r->ready_out = true;
}

void raft_ready_abandon(struct raft *r, const struct raft_ready *rd)
{
	struct raft_log *l = &r->log;

	assert(r->ready_out);
	r->ready_out = false;
	raft_msgq_clear(&r->out_msgs);
	raft_msgq_clear(&r->out_after);
	free(r->rs_out);
	r->rs_out = NULL;
	r->n_rs_out = 0;
	if (l->unstable > l->persisted + 1)
		l->unstable = l->persisted + 1;
	l->inflight = 0;
	l->applying = l->applied;
	/* The hard state is reported again: no value equals this one. */
	memset(&r->prev_hs, 0, sizeof(r->prev_hs));
	r->prev_hs.term = (raft_term)-1;
	if (rd->has_snapshot)
		r->snap_pending = true;
	raft_debug_check(r);
}

void raft_advance(struct raft *r)
{
	struct raft_log *l = &r->log;
	struct raft_progress *self;

	assert(r->ready_out);
	r->ready_out = false;
	raft_msgq_clear(&r->out_msgs);
	raft_msgq_clear(&r->out_after);
	free(r->rs_out);
	r->rs_out = NULL;
	r->n_rs_out = 0;
	if (l->inflight > l->persisted)
		l->persisted = l->inflight;
	l->inflight = 0;
	l->applied = l->applying;
	if (r->role != RAFT_LEADER)
		goto out;
	/* The leader counts itself only once its own write is durable
	 * (thesis 10.2.1). */
	self = raft_progress_get(r, r->o.id);
	if (self && raft_progress_maybe_update(self, l->persisted)) {
		if (raft_maybe_commit(r))
			raft_after_commit(r);
		/* Newly durable entries may now go to arbiters. */
		raft_bcast_append(r);
	}
	raft_conf_applied_check(r);
	raft_maybe_promote(r);
out:
	raft_debug_check(r);
}
