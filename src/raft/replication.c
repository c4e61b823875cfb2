/* replication.c: AppendEntries and heartbeats, both sides: pipelined sends
 * within the flow-control window, lazy replication to arbiters, and the
 * follower's consistency check with fast backtracking. */
#include "raft/raft_int.h"

#include <stdlib.h>

int raft_append_local(struct raft *r, uint8_t type, const uint8_t *data,
		      size_t len)
{
	struct raft_entry e = {
	    .term = r->term,
	    .type = type,
	    .data = (uint8_t *)data,
	    .len = len,
	};

	if (raft_log_append(&r->log, &e, false) != 0)
		return -1;
	/* A configuration takes effect as soon as it is appended (thesis
	 * 4.1), committed or not. */
	if (type == RAFT_ENTRY_CONF)
		raft_conf_refresh(r);
	return 0;
}

static bool member_is(const struct raft *r, raft_id id, uint8_t kind)
{
	const struct raft_member *m = raft_config_find(&r->conf, id);

	return m && m->kind == kind;
}

/* A data voter the leader can count on right now. */
static bool healthy(const struct raft *r, const struct raft_progress *p)
{
	if (p->id == r->o.id)
		return true;
	return p->state == RAFT_PROGRESS_REPLICATE &&
	       p->quiet < r->o.election_ticks;
}

/* Arbiters get entries only as far as a quorum needs them: while healthy
 * data voters alone form a quorum, no further than what the data voters have
 * already made durable; otherwise as far as we hold durably, so commit goes
 * on. */
static raft_index arbiter_limit(struct raft *r)
{
	uint32_t mask = 0;

	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *m = &r->conf.members[i];
		const struct raft_progress *p = raft_progress_get(r, m->id);

		if (m->kind == RAFT_MEMBER_VOTER && p && healthy(r, p))
			mask |= 1u << i;
	}
	if (raft_quorum_has(&r->conf, mask))
		return raft_quorum_commit(r, true);
	/* A leader that removed itself is no data copy of the new
	 * configuration: arbiters must not get ahead of the data voters that
	 * stay, or none of them could win their votes later. */
	if (!raft_is_voter(r, r->o.id))
		return raft_data_voter_max(r);
	/* sim fix (tests/sim seed 1252): never past our own durable index.
	 * An arbiter that acked an entry we then lost in a crash (appends go
	 * out before our write, thesis 10.2.1) is "more up to date" than every
	 * data copy and refuses them its vote forever. */
	return r->log.persisted;
}

static void send_snapshot(struct raft *r, struct raft_progress *p, bool arb)
{
	struct raft_msg m = {
	    .type = RAFT_MSG_SNAPSHOT,
	    .to = p->id,
	    .commit = r->log.commit,
	};

	m.snapshot = (struct raft_snapshot){
	    r->log.snap_index, r->log.snap_term, r->snap_conf,
	    arb ? NULL : r->snap_data, arb ? 0 : r->snap_len};
	raft_progress_become_snapshot(p, r->log.snap_index);
	raft_trace(r,
		   "%u sends snapshot %llu/%llu to %u: it needs %llu, the "
		   "log starts after %llu",
		   r->o.id, (unsigned long long)r->log.snap_term,
		   (unsigned long long)r->log.snap_index, p->id,
		   (unsigned long long)p->next,
		   (unsigned long long)r->log.snap_index);
	raft_send(r, &m, false);
}

/* How many entries from p->next fit in one message. */
static size_t batch(const struct raft *r, raft_index from, raft_index to,
		    bool arb, size_t *bytes)
{
	size_t n = 0;

	*bytes = 0;
	for (raft_index i = from; i <= to; i++) {
		const struct raft_entry *e = raft_log_at(&r->log, i);
		size_t b = (arb && e->type == RAFT_ENTRY_NORMAL) ? 0 : e->len;

		if (n && r->o.max_msg_bytes && *bytes + b > r->o.max_msg_bytes)
			break;
		*bytes += b;
		n++;
	}
	return n;
}

/* Never hand a witness a graph transaction's payload. */
static struct raft_entry *stripped_copy(const struct raft *r, raft_index from,
					size_t n)
{
	struct raft_entry *ents = calloc(n, sizeof(*ents));

	if (!ents)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		ents[i] = *raft_log_at(&r->log, from + i);
		if (ents[i].type == RAFT_ENTRY_NORMAL) {
			ents[i].stripped = true;
			ents[i].data = NULL;
			ents[i].len = 0;
		}
	}
	return ents;
}

/* Returns true when it sent entries (the caller may send more). */
bool raft_send_append(struct raft *r, struct raft_progress *p, bool empty_ok)
{
	bool arb = member_is(r, p->id, RAFT_MEMBER_ARBITER);
	raft_index prev = p->next - 1, to = raft_log_last(&r->log);
	struct raft_msg m = {.type = RAFT_MSG_APPEND, .to = p->id};
	struct raft_entry *ents;
	size_t bytes = 0;

	if (p->id == r->o.id || raft_progress_paused(r, p))
		return false;
	if (prev < r->log.snap_index) {
		send_snapshot(r, p, arb);
		return false;
	}
	if (arb) {
		raft_index lim = arbiter_limit(r);

		to = lim < to ? lim : to;
	}
	/* sim fix (tests/sim seed 1457): a slave_only voter never campaigns;
	 * if it alone held an entry we lost in a crash before our own write
	 * (thesis 10.2.1), it would refuse every data voter its vote forever.
	 * It gets nothing past our durable index (as arbiters, above). */
	if (!arb && r->log.persisted < to) {
		const struct raft_member *mb = raft_config_find(&r->conf, p->id);

		if (mb && mb->slave_only)
			to = r->log.persisted;
	}
	m.n_entries = p->next <= to ? batch(r, p->next, to, arb, &bytes) : 0;
	if (!m.n_entries && !empty_ok)
		return false;
	m.index = prev;
	m.log_term = raft_log_term(&r->log, prev);
	m.commit = r->log.commit;
	ents = m.n_entries ? raft_log_at(&r->log, p->next) : NULL;
	if (arb && m.n_entries &&
	    !(ents = stripped_copy(r, p->next, m.n_entries)))
		return false;
	m.entries = ents;
	raft_send(r, &m, false);
	if (arb)
		free(ents);
	if (p->state == RAFT_PROGRESS_REPLICATE && m.n_entries) {
		p->next = prev + m.n_entries + 1;
		raft_progress_add_inflight(r, p, p->next - 1, bytes);
	} else if (p->state == RAFT_PROGRESS_PROBE) {
		p->probe_sent = true;
	}
	return m.n_entries > 0;
}

void raft_send_more(struct raft *r, struct raft_progress *p)
{
	/* Bounded: each round sends at least one entry or stops. */
	for (size_t i = 0;
	     i < RAFT_MAX_INFLIGHT && raft_send_append(r, p, false); i++)
		;
}

void raft_bcast_append(struct raft *r)
{
	for (uint32_t i = 0; i < r->n_prs; i++)
		raft_send_more(r, &r->prs[i]);
}

/* Commit moved: tell the followers (an empty append carries the commit
 * index), release waiting reads, and apply membership consequences. */
void raft_after_commit(struct raft *r)
{
	for (uint32_t i = 0; i < r->n_prs; i++) {
		struct raft_progress *p = &r->prs[i];

		if (!raft_send_append(r, p, true))
			continue;
		raft_send_more(r, p);
	}
	raft_read_on_commit(r);
	raft_conf_applied_check(r);
}

void raft_bcast_heartbeat(struct raft *r, uint64_t ctx)
{
	for (uint32_t i = 0; i < r->n_prs; i++) {
		const struct raft_progress *p = &r->prs[i];
		struct raft_msg m = {
		    .type = RAFT_MSG_HEARTBEAT,
		    .to = p->id,
		    .context = ctx,
		};

		if (p->id == r->o.id)
			continue;
		/* Never tell a follower to commit past what it matches. */
		m.commit = p->match < r->log.commit ? p->match : r->log.commit;
		raft_send(r, &m, false);
	}
}

void raft_heard_from(struct raft *r, struct raft_progress *p)
{
	(void)r;
	p->recent_active = true;
	p->quiet = 0;
}

void raft_tick_quiet(struct raft *r)
{
	bool changed = false;

	for (uint32_t i = 0; i < r->n_prs; i++) {
		struct raft_progress *p = &r->prs[i];

		if (p->id == r->o.id)
			continue;
		if (p->quiet >= r->o.election_ticks)
			continue;
		if (++p->quiet == r->o.election_ticks &&
		    member_is(r, p->id, RAFT_MEMBER_VOTER))
			changed = true;
	}
	/* A data voter went quiet: an arbiter may be needed for quorum. */
	if (changed)
		raft_bcast_append(r);
}

static void step_reject(struct raft *r, struct raft_progress *p,
			const struct raft_msg *m)
{
	raft_index hint = m->reject_hint;

	/* Fast backtracking: skip a whole term of the follower's log at a
	 * time instead of one entry per round trip (paper 5.3). */
	if (m->hint_term)
		hint =
		    raft_log_find_conflict_by_term(&r->log, hint, m->hint_term);
	if (!raft_progress_maybe_decr(p, m->index, hint))
		return;
	raft_trace(r,
		   "%u: %u rejected append at %llu (its last %llu/%llu); "
		   "retrying from %llu",
		   r->o.id, p->id, (unsigned long long)m->index,
		   (unsigned long long)m->hint_term,
		   (unsigned long long)m->reject_hint,
		   (unsigned long long)p->next);
	if (p->state == RAFT_PROGRESS_REPLICATE)
		raft_progress_become_probe(p);
	raft_send_append(r, p, true);
}

void raft_step_append_resp(struct raft *r, const struct raft_msg *m)
{
	struct raft_progress *p = raft_progress_get(r, m->from);

	if (!p)
		return;
	raft_heard_from(r, p);
	if (m->reject) {
		if (m->term == r->term)
			step_reject(r, p, m);
		return;
	}
	if (!raft_progress_maybe_update(p, m->index)) {
		raft_send_more(r, p);
		return;
	}
	if (p->state == RAFT_PROGRESS_PROBE ||
	    (p->state == RAFT_PROGRESS_SNAPSHOT &&
	     p->match >= p->pending_snapshot))
		raft_progress_become_replicate(p);
	else if (p->state == RAFT_PROGRESS_REPLICATE)
		raft_progress_free_inflight(r, p, p->match);
	if (raft_maybe_commit(r))
		raft_after_commit(r);
	else
		raft_send_more(r, p);
	raft_transfer_check(r, p);
	raft_maybe_promote(r);
}

void raft_step_heartbeat_resp(struct raft *r, const struct raft_msg *m)
{
	struct raft_progress *p = raft_progress_get(r, m->from);

	if (!p)
		return;
	raft_heard_from(r, p);
	p->probe_sent = false;
	/* sim fix (tests/sim seed 2): every append of a full window may have
	 * been lost; free the oldest slot so the append below can go out and
	 * its rejection restart probing (etcd's Inflights.FreeFirstOne).
	 * Without this the follower stalls forever behind a live leader. */
	if (p->state == RAFT_PROGRESS_REPLICATE && p->infl_count &&
	    raft_progress_paused(r, p))
		raft_progress_free_inflight(r, p, p->infl[p->infl_start].last);
	/* A follower behind gets an append even if it carries nothing new:
	 * if our earlier appends were lost, its rejection restarts probing. */
	if (p->match < raft_log_last(&r->log) && raft_send_append(r, p, true))
		raft_send_more(r, p);
	raft_read_ack(r, m->from, m->context);
}
