/* membership.c: single-server configuration changes (thesis 4.1-4.3),
 * learner auto-promotion and a leader removing itself. */
#include "raft/raft_int.h"

/* The configuration in force at index (<= last): the newest CONF entry at
 * or before it, else the snapshot's. */
void raft_config_at(const struct raft *r, raft_index index,
		    struct raft_config *c)
{
	for (raft_index i = index; i > r->log.snap_index; i--) {
		const struct raft_entry *e = raft_log_at(&r->log, i);

		if (e && e->type == RAFT_ENTRY_CONF &&
		    raft_config_decode(c, e->data, e->len))
			return;
	}
	*c = r->snap_conf;
}

/* The configuration in force is the newest one in the log, committed or not
 * (thesis 4.1); without one, the snapshot's. */
void raft_conf_refresh(struct raft *r)
{
	struct raft_log *l = &r->log;
	raft_index i;

	for (i = raft_log_last(l); i > l->snap_index; i--) {
		const struct raft_entry *e = raft_log_at(l, i);

		if (e->type == RAFT_ENTRY_CONF &&
		    raft_config_decode(&r->conf, e->data, e->len))
			break;
	}
	if (i == l->snap_index) {
		r->conf = r->snap_conf;
		i = 0;
	}
	r->conf_index = i;
	if (r->role == RAFT_LEADER) {
		raft_progress_sync(r);
		if (r->transferee && !raft_is_voter(r, r->transferee))
			raft_transfer_abort(r, "target left the configuration");
	} else {
		raft_role_from_config(r);
	}
	raft_check_removed(r);
}

/* The configuration in force at the commit index and the index of the
 * entry that set it (the snapshot's index when it came with the
 * snapshot: an upper bound, which only makes the notice below more
 * cautious). */
static raft_index committed_conf(const struct raft *r, struct raft_config *c)
{
	if (r->conf_index <= r->log.commit) {
		*c = r->conf;
		return r->conf_index ? r->conf_index : r->log.snap_index;
	}
	for (raft_index i = r->log.commit; i > r->log.snap_index; i--) {
		const struct raft_entry *e = raft_log_at(&r->log, i);

		if (e && e->type == RAFT_ENTRY_CONF &&
		    raft_config_decode(c, e->data, e->len))
			return i;
	}
	*c = r->snap_conf;
	return r->log.snap_index;
}

static void mark_removed(struct raft *r, raft_index at, const char *how)
{
	r->removed = true;
	r->removed_at = at;
	raft_trace(r,
		   "%u is no longer a member (configuration at %llu, %s); "
		   "it stops campaigning and voting",
		   r->o.id, (unsigned long long)at, how);
	/* A leader that removed itself hands over first
	 * (raft_conf_applied_check); anyone else stops at once. */
	if (r->role != RAFT_LEADER && r->role != RAFT_FOLLOWER)
		raft_become_follower(r, r->term, 0);
}

/* A member that applied a configuration without itself has been
 * removed. "Was a member" matters: a joiner replaying the log from the
 * start commits configurations without itself before the one adding it. */
void raft_check_removed(struct raft *r)
{
	if (r->removed || r->conf.n == 0 || r->conf_index > r->log.commit)
		return;
	if (raft_config_find(&r->conf, r->o.id)) {
		r->was_member = true;
		return;
	}
	if (r->was_member)
		mark_removed(r,
			     r->conf_index ? r->conf_index : r->log.snap_index,
			     "applied");
}

/* A (pre)vote request from an instance in neither our newest nor our
 * committed configuration, while we are a member: the leader stopped
 * replicating to it when it was removed, so it may never learn it from
 * the log. */
bool raft_outsider(const struct raft *r, raft_id id)
{
	struct raft_config c;

	if (r->removed || raft_config_find(&r->conf, id))
		return false;
	committed_conf(r, &c);
	return c.n > 0 && raft_config_find(&c, r->o.id) &&
	       !raft_config_find(&c, id);
}

void raft_tell_removed(struct raft *r, const struct raft_msg *m)
{
	struct raft_config c;
	struct raft_msg resp = {.type = RAFT_MSG_REMOVED, .to = m->from};

	resp.index = committed_conf(r, &c);
	resp.term = r->term;
	raft_trace(r,
		   "%u ignores %s from %u: not a member of the configuration "
		   "committed at %llu; tells it so",
		   r->o.id, raft_msg_type_str(m->type), m->from,
		   (unsigned long long)resp.index);
	raft_send(r, &resp, false);
}

/* Believed only when the sender's committed configuration is at least as
 * new as ours: a member that is behind must not tell an instance that was
 * added again that it is removed. */
void raft_step_removed(struct raft *r, const struct raft_msg *m)
{
	raft_index ours = r->conf_index ? r->conf_index : r->log.snap_index;

	if (r->removed || r->role == RAFT_LEADER || m->index < ours) {
		raft_trace(r,
			   "%u ignores a removal notice from %u: its "
			   "configuration at %llu is older than ours at %llu",
			   r->o.id, m->from, (unsigned long long)m->index,
			   (unsigned long long)ours);
		return;
	}
	mark_removed(r, m->index, "told by a member");
}

/* The data voter that may lead and is furthest along: the successor of a
 * leader that removed itself. */
static const struct raft_progress *successor(struct raft *r)
{
	const struct raft_progress *best = NULL;

	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *m = &r->conf.members[i];
		const struct raft_progress *p = raft_progress_get(r, m->id);

		if (m->kind != RAFT_MEMBER_VOTER || m->slave_only || !p)
			continue;
		if (!best || p->match > best->match)
			best = p;
	}
	return best;
}

/* Thesis 4.2.2: a leader that removed itself keeps managing the cluster
 * until the change commits, then steps down. It hands off first: only a
 * leadable data voter holding our whole log can win the votes of arbiters
 * and slave_only voters that hold it, so bring one up to date (refusing
 * proposals meanwhile, as in a transfer) and tell it to campaign. */
void raft_conf_applied_check(struct raft *r)
{
	raft_index last = raft_log_last(&r->log);
	const struct raft_progress *p;
	struct raft_msg tn = {.type = RAFT_MSG_TIMEOUT_NOW};

	if (r->role != RAFT_LEADER || raft_is_voter(r, r->o.id) ||
	    r->log.commit < r->conf_index)
		return;
	p = successor(r);
	if (p && p->match < last) {
		if (r->transferee != p->id) {
			r->transferee = p->id;
			r->transfer_elapsed = 0;
			raft_trace(r,
				   "%u was removed; catches up %u (match %llu "
				   "of %llu) to hand over leadership",
				   r->o.id, p->id, (unsigned long long)p->match,
				   (unsigned long long)last);
			raft_send_more(r, raft_progress_get(r, p->id));
		}
		return;
	}
	if (p) {
		tn.to = p->id;
		raft_send(r, &tn, false);
	}
	raft_trace(r,
		   "%u was removed from the configuration at %llu, now "
		   "committed; steps down and hands over to %u",
		   r->o.id, (unsigned long long)r->conf_index, p ? p->id : 0);
	raft_become_follower(r, r->term, 0);
}

static enum raft_err conf_check(struct raft *r)
{
	if (r->role != RAFT_LEADER)
		return RAFT_ERR_NOT_LEADER;
	if (r->transferee)
		return RAFT_ERR_TRANSFERRING;
	/* Ongaro, raft-dev 2015: commit an entry of our term first. */
	if (raft_log_term(&r->log, r->log.commit) != r->term)
		return RAFT_ERR_NOT_READY;
	if (r->conf_index > r->log.applied)
		return RAFT_ERR_CONF_PENDING;
	return RAFT_OK;
}

static enum raft_err conf_apply(struct raft_config *c, enum raft_cc_type type,
				raft_id id, bool auto_promote)
{
	int slot = raft_conf_slot(c, id);
	static const uint8_t kinds[] = {
	    [RAFT_CC_ADD_LEARNER] = RAFT_MEMBER_LEARNER,
	    [RAFT_CC_ADD_ARBITER] = RAFT_MEMBER_ARBITER,
	    [RAFT_CC_ADD_VOTER] = RAFT_MEMBER_VOTER,
	};

	switch (type) {
	case RAFT_CC_ADD_LEARNER:
	case RAFT_CC_ADD_ARBITER:
	case RAFT_CC_ADD_VOTER:
		if (slot >= 0 || c->n >= RAFT_MAX_MEMBERS)
			return RAFT_ERR_INVALID;
		c->members[c->n++] = (struct raft_member){
		    .id = id,
		    .kind = kinds[type],
		    .auto_promote = type == RAFT_CC_ADD_LEARNER && auto_promote,
		};
		return RAFT_OK;
	case RAFT_CC_PROMOTE:
		if (slot < 0 || c->members[slot].kind != RAFT_MEMBER_LEARNER)
			return RAFT_ERR_INVALID;
		c->members[slot].kind = RAFT_MEMBER_VOTER;
		c->members[slot].auto_promote = false;
		return RAFT_OK;
	case RAFT_CC_REMOVE:
		if (slot < 0)
			return RAFT_ERR_INVALID;
		c->members[slot] = c->members[--c->n];
		c->members[c->n] = (struct raft_member){0};
		/* Never leave a configuration without a data voter that
		 * may lead. */
		for (uint32_t i = 0; i < c->n; i++)
			if (c->members[i].kind == RAFT_MEMBER_VOTER &&
			    !c->members[i].slave_only)
				return RAFT_OK;
		return RAFT_ERR_INVALID;
	}
	return RAFT_ERR_INVALID;
}

enum raft_err raft_propose_conf_change(struct raft *r, enum raft_cc_type type,
				       raft_id id, bool auto_promote,
				       raft_index *index)
{
	struct raft_config c = r->conf;
	uint8_t buf[RAFT_CONFIG_ENCODED_MAX];
	enum raft_err err = conf_check(r);
	size_t len;

	if (err != RAFT_OK)
		return err;
	if (id == 0 ||
	    (err = conf_apply(&c, type, id, auto_promote)) != RAFT_OK)
		return RAFT_ERR_INVALID;
	len = raft_config_encode(&c, buf, sizeof(buf));
	if (raft_append_local(r, RAFT_ENTRY_CONF, buf, len) != 0)
		return RAFT_ERR_NOMEM;
	if (index)
		*index = raft_log_last(&r->log);
	raft_trace(r, "%u proposes configuration change %d for %u at %llu",
		   r->o.id, (int)type, id,
		   (unsigned long long)raft_log_last(&r->log));
	raft_bcast_append(r);
	return RAFT_OK;
}

/* Thesis 4.2.1: a new server joins as a learner and gets a vote only once it
 * has caught up, so it cannot stall commits while it copies the log. */
void raft_maybe_promote(struct raft *r)
{
	raft_index last = raft_log_last(&r->log);

	if (r->role != RAFT_LEADER || conf_check(r) != RAFT_OK)
		return;
	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *m = &r->conf.members[i];
		const struct raft_progress *p = raft_progress_get(r, m->id);

		if (m->kind != RAFT_MEMBER_LEARNER || !m->auto_promote || !p ||
		    p->match + RAFT_PROMOTE_LAG < last)
			continue;
		raft_trace(r,
			   "%u promotes learner %u: match %llu is within %d "
			   "of last %llu",
			   r->o.id, m->id, (unsigned long long)p->match,
			   RAFT_PROMOTE_LAG, (unsigned long long)last);
		raft_propose_conf_change(r, RAFT_CC_PROMOTE, m->id, false,
					 NULL);
		return;
	}
}
