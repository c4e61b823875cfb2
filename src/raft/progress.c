/* progress.c: the leader's view of each member: match/next, the probe,
 * replicate and snapshot states, and the in-flight window (messages, bytes). */
#include "raft/raft_int.h"

#include <string.h>

static size_t infl_cap(const struct raft *r)
{
	size_t c = r->o.max_inflight_msgs;

	if (c == 0)
		c = 1;
	return c > RAFT_MAX_INFLIGHT ? RAFT_MAX_INFLIGHT : c;
}

void raft_progress_reset(struct raft_progress *p, raft_id id, raft_index last)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->next = last + 1;
	p->state = RAFT_PROGRESS_PROBE;
}

static void clear_inflight(struct raft_progress *p)
{
	p->infl_start = p->infl_count = p->infl_bytes = 0;
}

void raft_progress_become_probe(struct raft_progress *p)
{
	/* After a snapshot, probe from just past it; otherwise from match. */
	if (p->state == RAFT_PROGRESS_SNAPSHOT) {
		raft_index s = p->pending_snapshot;

		p->next = (p->match > s ? p->match : s) + 1;
	} else {
		p->next = p->match + 1;
	}
	p->state = RAFT_PROGRESS_PROBE;
	p->probe_sent = false;
	p->pending_snapshot = 0;
	clear_inflight(p);
}

void raft_progress_become_replicate(struct raft_progress *p)
{
	p->state = RAFT_PROGRESS_REPLICATE;
	p->next = p->match + 1;
	p->probe_sent = false;
	p->pending_snapshot = 0;
	clear_inflight(p);
}

void raft_progress_become_snapshot(struct raft_progress *p, raft_index snap)
{
	p->state = RAFT_PROGRESS_SNAPSHOT;
	p->pending_snapshot = snap;
	p->probe_sent = false;
	clear_inflight(p);
}

/* Flow control: a probing follower gets one append per round trip; a
 * replicating one gets a window bounded by messages and bytes. */
bool raft_progress_paused(const struct raft *r, const struct raft_progress *p)
{
	switch (p->state) {
	case RAFT_PROGRESS_PROBE:
		return p->probe_sent;
	case RAFT_PROGRESS_REPLICATE:
		if (p->infl_count >= infl_cap(r))
			return true;
		return r->o.max_inflight_bytes && p->infl_count &&
		       p->infl_bytes >= r->o.max_inflight_bytes;
	default:
		return true;
	}
}

void raft_progress_add_inflight(struct raft *r, struct raft_progress *p,
				raft_index last, size_t bytes)
{
	size_t cap = infl_cap(r);

	if (p->infl_count >= cap)
		return;
	p->infl[(p->infl_start + p->infl_count) % cap] =
	    (struct raft_inflight){.last = last, .bytes = bytes};
	p->infl_count++;
	p->infl_bytes += bytes;
}

void raft_progress_free_inflight(const struct raft *r, struct raft_progress *p,
				 raft_index upto)
{
	size_t cap = infl_cap(r);

	while (p->infl_count && p->infl[p->infl_start].last <= upto) {
		p->infl_bytes -= p->infl[p->infl_start].bytes;
		p->infl_start = (p->infl_start + 1) % cap;
		p->infl_count--;
	}
}

bool raft_progress_maybe_update(struct raft_progress *p, raft_index n)
{
	bool updated = false;

	if (p->match < n) {
		p->match = n;
		updated = true;
		p->probe_sent = false;
	}
	if (p->next < n + 1)
		p->next = n + 1;
	return updated;
}

/* A rejection of index `rejected`; hint is the leader's guess of the last
 * index the follower may match (fast backtracking, Raft paper 5.3). Returns
 * false for a stale rejection. */
bool raft_progress_maybe_decr(struct raft_progress *p, raft_index rejected,
			      raft_index hint)
{
	if (p->state == RAFT_PROGRESS_REPLICATE) {
		if (rejected <= p->match)
			return false;
		p->next = p->match + 1;
		return true;
	}
	if (p->next == 0 || p->next - 1 != rejected)
		return false;
	p->next = (rejected < hint + 1 ? rejected : hint + 1);
	if (p->next < p->match + 1)
		p->next = p->match + 1;
	if (p->next == 0)
		p->next = 1;
	p->probe_sent = false;
	return true;
}

struct raft_progress *raft_progress_get(struct raft *r, raft_id id)
{
	for (uint32_t i = 0; i < r->n_prs; i++)
		if (r->prs[i].id == id)
			return &r->prs[i];
	return NULL;
}

/* Rebuild the progress table after a configuration change, keeping what is
 * known about members that stay. */
void raft_progress_sync(struct raft *r)
{
	struct raft_progress old[RAFT_MAX_MEMBERS];
	uint32_t n_old = r->n_prs;
	raft_index last = raft_log_last(&r->log);

	memcpy(old, r->prs, sizeof(old[0]) * n_old);
	r->n_prs = 0;
	for (uint32_t i = 0; i < r->conf.n; i++) {
		raft_id id = r->conf.members[i].id;
		struct raft_progress *p = &r->prs[r->n_prs++];
		uint32_t j;

		for (j = 0; j < n_old && old[j].id != id; j++)
			;
		if (j < n_old) {
			*p = old[j];
			continue;
		}
		raft_progress_reset(p, id, last);
		if (id == r->o.id)
			p->match = r->log.persisted;
		/* A newcomer counts as active until a full check-quorum
		 * round has passed without hearing from it. */
		p->recent_active = true;
	}
}
