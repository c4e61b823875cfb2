/* follower.c: the receiving side of replication: the AppendEntries
 * consistency check, heartbeats, and installing a leader's snapshot. */
#include "raft/raft_int.h"

#include <stdlib.h>
#include <string.h>

static void reply(struct raft *r, const struct raft_msg *m, raft_index index)
{
	struct raft_msg resp = {
	    .type = RAFT_MSG_APPEND_RESP,
	    .to = m->from,
	    .index = index,
	};

	/* An ack promises that the entries are durable: after persist. */
	raft_send(r, &resp, true);
}

static void reject(struct raft *r, const struct raft_msg *m)
{
	raft_index last = raft_log_last(&r->log);
	raft_index hint = m->index < last ? m->index : last;
	struct raft_msg resp = {
	    .type = RAFT_MSG_APPEND_RESP,
	    .to = m->from,
	    .index = m->index,
	    .reject = true,
	};

	hint = raft_log_find_conflict_by_term(&r->log, hint, m->log_term);
	resp.reject_hint = hint;
	resp.hint_term = raft_log_term(&r->log, hint);
	raft_trace(r,
		   "%u rejects append from %u at %llu/%llu: our term there is "
		   "%llu; hint %llu/%llu",
		   r->o.id, m->from, (unsigned long long)m->log_term,
		   (unsigned long long)m->index,
		   (unsigned long long)raft_log_term(&r->log, m->index),
		   (unsigned long long)resp.hint_term,
		   (unsigned long long)hint);
	raft_send(r, &resp, true);
}

/* Paper Figure 2, AppendEntries 3-4: delete a conflicting suffix, append
 * what is new. Returns -1 when asked to rewrite a committed entry. */
static int merge(struct raft *r, const struct raft_msg *m)
{
	struct raft_log *l = &r->log;
	bool conf = false;
	size_t i = 0;

	for (; i < m->n_entries; i++) {
		const struct raft_entry *e = &m->entries[i];

		if (e->index > raft_log_last(l))
			break;
		if (e->index <= l->snap_index ||
		    raft_log_term(l, e->index) == e->term)
			continue;
		if (e->index <= l->commit)
			return -1;
		raft_trace(r,
			   "%u truncates its log from %llu: term %llu "
			   "conflicts with the leader's %llu",
			   r->o.id, (unsigned long long)e->index,
			   (unsigned long long)raft_log_term(l, e->index),
			   (unsigned long long)e->term);
		raft_log_truncate(l, e->index);
		conf = true;
		break;
	}
	for (; i < m->n_entries; i++) {
		if (raft_log_append(l, &m->entries[i], r->o.arbiter) != 0)
			return -1;
		conf |= m->entries[i].type == RAFT_ENTRY_CONF;
	}
	if (conf)
		raft_conf_refresh(r);
	return 0;
}

void raft_step_append(struct raft *r, const struct raft_msg *m)
{
	raft_index last_new = m->index + m->n_entries;

	if (m->index < r->log.commit) {
		reply(r, m, r->log.commit);
		return;
	}
	if (m->index > raft_log_last(&r->log) ||
	    raft_log_term(&r->log, m->index) != m->log_term) {
		reject(r, m);
		return;
	}
	if (merge(r, m) != 0) {
		raft_trace(r,
			   "%u drops append from %u: it would rewrite "
			   "committed entries or memory ran out",
			   r->o.id, m->from);
		return;
	}
	raft_commit_to(r, m->commit < last_new ? m->commit : last_new);
	reply(r, m, last_new);
}

void raft_step_heartbeat(struct raft *r, const struct raft_msg *m)
{
	struct raft_msg resp = {
	    .type = RAFT_MSG_HEARTBEAT_RESP,
	    .to = m->from,
	    .context = m->context,
	};

	/* The leader caps commit at our match, so these entries agree. */
	raft_commit_to(r, m->commit);
	raft_send(r, &resp, false);
}

static void restore(struct raft *r, const struct raft_snapshot *s)
{
	uint8_t *copy = NULL;

	if (s->data && s->len) {
		copy = malloc(s->len);
		if (copy)
			memcpy(copy, s->data, s->len);
	}
	free(r->snap_data);
	r->snap_data = copy;
	r->snap_len = copy ? s->len : 0;
	raft_log_reset(&r->log, s->index, s->term);
	r->log.applying = s->index;
	r->snap_conf = s->config;
	r->snap_pending = true;
	raft_conf_refresh(r);
}

void raft_step_snapshot(struct raft *r, const struct raft_msg *m)
{
	const struct raft_snapshot *s = &m->snapshot;

	if (s->index <= r->log.commit) {
		reply(r, m, r->log.commit);
		return;
	}
	if (raft_log_term(&r->log, s->index) == s->term) {
		/* We already hold the snapshot's last entry: just commit. */
		raft_commit_to(r, s->index);
		reply(r, m, s->index);
		return;
	}
	raft_trace(r,
		   "%u installs snapshot %llu/%llu from %u, replacing its "
		   "log %llu/%llu",
		   r->o.id, (unsigned long long)s->term,
		   (unsigned long long)s->index, m->from,
		   (unsigned long long)raft_log_last_term(&r->log),
		   (unsigned long long)raft_log_last(&r->log));
	restore(r, s);
	reply(r, m, s->index);
}
