/* raft.c: public entry points of the consensus core: lifecycle, roles,
 * message dispatch, proposals, and the Ready/advance hand-off. */
#include "raft/raft_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *raft_err_str(enum raft_err err)
{
	static const char *const s[] = {
	    "ok",
	    "not the leader",
	    "leadership transfer in progress",
	    "a configuration change is pending",
	    "leader has not committed an entry of its term yet",
	    "invalid argument",
	    "entry too large",
	    "out of memory",
	};

	return (unsigned)err < sizeof(s) / sizeof(s[0]) ? s[err] : "unknown";
}

const char *raft_role_str(enum raft_role role)
{
	static const char *const s[] = {"follower",  "pre-candidate",
					"candidate", "leader",
					"learner",   "arbiter"};

	return (unsigned)role < 6 ? s[role] : "unknown";
}

const char *raft_msg_type_str(int type)
{
	static const char *const s[] = {
	    "PREVOTE",	       "PREVOTE_RESP",	"VOTE",	       "VOTE_RESP",
	    "APPEND",	       "APPEND_RESP",	"HEARTBEAT",   "HEARTBEAT_RESP",
	    "SNAPSHOT",	       "SNAPSHOT_RESP", "TIMEOUT_NOW", "READ_INDEX",
	    "READ_INDEX_RESP", "REMOVED",
	};

	return type >= 0 && type < RAFT_MSG_TYPE_COUNT ? s[type] : "UNKNOWN";
}

void raft_options_default(struct raft_options *o, raft_id id, uint64_t seed)
{
	memset(o, 0, sizeof(*o));
	o->id = id;
	o->election_ticks = 10;
	o->heartbeat_ticks = 1;
	o->seed = seed;
	o->pre_vote = true;
	o->check_quorum = true;
	o->max_inflight_msgs = 256;
	o->max_inflight_bytes = 32u << 20;
	o->max_msg_bytes = 1u << 20;
	o->max_entry_bytes = 16u << 20;
}

/* splitmix64: small, seedable, and ours per instance (never rand()). */
uint64_t raft_rand(struct raft *r)
{
	uint64_t z = (r->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Randomized election timeout in [election, 2 * election) (paper 5.2). */
void raft_reset_timeout(struct raft *r)
{
	r->election_elapsed = 0;
	r->timeout = r->o.election_ticks +
		     (unsigned)(raft_rand(r) % r->o.election_ticks);
}

void raft_debug_check(const struct raft *r)
{
#ifdef GRAPHD_DEBUG
	char buf[256];

	if (!raft_check_invariants(r, buf, sizeof(buf))) {
		fprintf(stderr, "raft %u: invariant violated: %s\n", r->o.id,
			buf);
		abort();
	}
#else
	(void)r;
#endif
}

static bool boot_valid(const struct raft_boot *b)
{
	raft_term prev = b->snapshot.term;

	for (size_t i = 0; i < b->n_entries; i++) {
		const struct raft_entry *e = &b->entries[i];

		if (e->index != b->snapshot.index + 1 + i || e->term < prev)
			return false;
		prev = e->term;
	}
	if (b->hard_state.term < prev)
		return false;
	return b->hard_state.commit <= b->snapshot.index + b->n_entries &&
	       b->applied <= b->snapshot.index + b->n_entries &&
	       b->snapshot.config.n <= RAFT_MAX_MEMBERS;
}

static int boot_log(struct raft *r, const struct raft_boot *b)
{
	struct raft_log *l = &r->log;

	raft_log_reset(l, b->snapshot.index, b->snapshot.term);
	for (size_t i = 0; i < b->n_entries; i++)
		if (raft_log_append(l, &b->entries[i], r->o.arbiter) != 0)
			return -1;
	l->persisted = raft_log_last(l);
	l->unstable = l->persisted + 1;
	l->commit = b->hard_state.commit;
	if (l->commit < b->snapshot.index)
		l->commit = b->snapshot.index;
	l->applied =
	    b->applied > b->snapshot.index ? b->applied : b->snapshot.index;
	/* Applied implies committed: the commit may lag on disk. */
	if (l->commit < l->applied)
		l->commit = l->applied;
	l->applying = l->applied;
	return 0;
}

struct raft *raft_new(const struct raft_options *opts,
		      const struct raft_boot *boot)
{
	struct raft *r;

	if (!opts || !boot || opts->id == 0 || opts->election_ticks == 0 ||
	    opts->heartbeat_ticks == 0 || !boot_valid(boot))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->o = *opts;
	r->rng = opts->seed;
	if (boot_log(r, boot) != 0)
		goto err;
	r->term = boot->hard_state.term;
	r->vote = boot->hard_state.vote;
	r->snap_conf = boot->snapshot.config;
	r->removed = opts->removed;
	raft_conf_refresh(r);
	r->prev_hs = (struct raft_hard_state){r->term, r->vote, r->log.commit};
	r->prev_ss = (struct raft_soft_state){0, RAFT_FOLLOWER};
	raft_become_follower(r, r->term, 0);
	raft_trace(r, "%u starts at term %llu: log %llu/%llu, commit %llu",
		   r->o.id, (unsigned long long)r->term,
		   (unsigned long long)raft_log_last_term(&r->log),
		   (unsigned long long)raft_log_last(&r->log),
		   (unsigned long long)r->log.commit);
	return r;
err:
	raft_log_free(&r->log);
	free(r);
	return NULL;
}

static void msg_free(struct raft_msg *m)
{
	for (size_t i = 0; i < m->n_entries; i++)
		free(m->entries[i].data);
	free(m->entries);
	/* The core allocated this copy; the const is for the runtime. */
	free((void *)m->snapshot.data);
}

void raft_msgq_clear(struct raft_msgq *q)
{
	for (size_t i = 0; i < q->n; i++)
		msg_free(&q->v[i]);
	q->n = 0;
}

static void msgq_free(struct raft_msgq *q)
{
	raft_msgq_clear(q);
	free(q->v);
	q->v = NULL;
	q->cap = 0;
}

void raft_free(struct raft *r)
{
	if (!r)
		return;
	msgq_free(&r->msgs);
	msgq_free(&r->after);
	msgq_free(&r->out_msgs);
	msgq_free(&r->out_after);
	free(r->rs);
	free(r->rs_out);
	free(r->snap_data);
	raft_log_free(&r->log);
	free(r);
}

/* Deep copy of entries and snapshot data: the log may change before the
 * runtime collects the message. */
static int msg_copy(struct raft_msg *d, const struct raft_msg *m)
{
	*d = *m;
	d->entries = NULL;
	d->snapshot.data = NULL;
	if (m->n_entries) {
		d->entries = calloc(m->n_entries, sizeof(*d->entries));
		if (!d->entries)
			goto err;
		for (size_t i = 0; i < m->n_entries; i++) {
			d->entries[i] = m->entries[i];
			d->entries[i].data = NULL;
			if (!m->entries[i].len || !m->entries[i].data)
				continue;
			d->entries[i].data = malloc(m->entries[i].len);
			if (!d->entries[i].data)
				goto err;
			memcpy(d->entries[i].data, m->entries[i].data,
			       m->entries[i].len);
		}
	}
	if (m->snapshot.data && m->snapshot.len) {
		uint8_t *s = malloc(m->snapshot.len);

		if (!s)
			goto err;
		memcpy(s, m->snapshot.data, m->snapshot.len);
		d->snapshot.data = s;
	}
	return 0;
err:
	msg_free(d);
	return -1;
}

void raft_send(struct raft *r, struct raft_msg *m, bool after_persist)
{
	struct raft_msgq *q = after_persist ? &r->after : &r->msgs;

	m->from = r->o.id;
	if (m->term == 0)
		m->term = r->term;
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		struct raft_msg *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return; /* dropped: Raft tolerates message loss */
		q->v = v;
		q->cap = cap;
	}
	if (msg_copy(&q->v[q->n], m) == 0)
		q->n++;
}

bool raft_is_voter(const struct raft *r, raft_id id)
{
	const struct raft_member *m = raft_config_find(&r->conf, id);

	return m && m->kind != RAFT_MEMBER_LEARNER;
}

static bool may_lead(const struct raft_member *m)
{
	return m && m->kind == RAFT_MEMBER_VOTER && !m->slave_only;
}

/* Only data voters lead: arbiters, learners, slave_only members and
 * instances outside the configuration never start an election. One
 * exception: a leader that removed itself and restarted before the removal
 * committed may campaign (counting only the new configuration's votes) to
 * finish the change; it may be the only data voter holding the log. */
bool raft_can_campaign(const struct raft *r)
{
	const struct raft_member *m = raft_config_find(&r->conf, r->o.id);
	struct raft_config prev;

	if (r->o.arbiter || r->o.slave_only || r->removed)
		return false;
	if (m || r->conf_index <= r->log.commit)
		return may_lead(m);
	raft_config_at(r, r->conf_index - 1, &prev);
	return may_lead(raft_config_find(&prev, r->o.id));
}

void raft_role_from_config(struct raft *r)
{
	const struct raft_member *m = raft_config_find(&r->conf, r->o.id);

	if (r->role == RAFT_LEADER || r->role == RAFT_CANDIDATE ||
	    r->role == RAFT_PRE_CANDIDATE)
		return;
	if (r->o.arbiter || (m && m->kind == RAFT_MEMBER_ARBITER))
		r->role = RAFT_ARBITER;
	else if (m && m->kind == RAFT_MEMBER_LEARNER)
		r->role = RAFT_LEARNER;
	else
		r->role = RAFT_FOLLOWER;
}

bool raft_commit_to(struct raft *r, raft_index i)
{
	if (i > raft_log_last(&r->log))
		i = raft_log_last(&r->log);
	if (i <= r->log.commit)
		return false;
	r->log.commit = i;
	raft_trace(r, "%u commits up to %llu at term %llu", r->o.id,
		   (unsigned long long)i, (unsigned long long)r->term);
	raft_check_removed(r);
	return true;
}

void raft_become_follower(struct raft *r, raft_term term, raft_id leader)
{
	bool was_leader = r->role == RAFT_LEADER;

	if (term > r->term) {
		r->term = term;
		r->vote = 0;
	}
	r->role = RAFT_FOLLOWER;
	raft_role_from_config(r);
	r->leader = leader;
	r->votes_granted = r->votes_rejected = 0;
	r->transferee = 0;
	r->removed_pending = false;
	raft_reads_clear(r);
	raft_reset_timeout(r);
	if (was_leader)
		raft_trace(r, "%u steps down at term %llu; follows %u", r->o.id,
			   (unsigned long long)r->term, leader);
}

void raft_become_leader(struct raft *r)
{
	r->role = RAFT_LEADER;
	r->leader = r->o.id;
	r->n_prs = 0;
	r->transferee = 0;
	r->heartbeat_elapsed = 0;
	raft_reset_timeout(r);
	raft_progress_sync(r);
	raft_trace(r, "%u became leader at term %llu with log %llu/%llu",
		   r->o.id, (unsigned long long)r->term,
		   (unsigned long long)raft_log_last_term(&r->log),
		   (unsigned long long)raft_log_last(&r->log));
	/* A new leader commits an entry of its own term to learn what is
	 * committed (paper 5.4.2, thesis 6.4). */
	raft_append_local(r, RAFT_ENTRY_NOOP,
			  r->o.noop_len ? r->o.noop_data : NULL,
			  r->o.noop_len);
	raft_bcast_append(r);
}

void raft_tick(struct raft *r)
{
	if (r->role == RAFT_LEADER) {
		r->election_elapsed++;
		r->heartbeat_elapsed++;
		raft_transfer_tick(r);
		raft_tick_quiet(r);
		if (r->election_elapsed >= r->o.election_ticks) {
			r->election_elapsed = 0;
			if (r->o.check_quorum)
				raft_check_quorum(r);
		}
		if (r->role == RAFT_LEADER &&
		    r->heartbeat_elapsed >= r->o.heartbeat_ticks) {
			r->heartbeat_elapsed = 0;
			/* Carry the newest read round so pending reads are
			 * confirmed even if its first heartbeat was lost. */
			raft_bcast_heartbeat(r, r->n_reads ? r->read_seq : 0);
			raft_maybe_promote(r);
			raft_conf_applied_check(r);
		}
	} else {
		raft_tick_election(r);
	}
	raft_debug_check(r);
}

/* Messages from an older term: tell a stale leader about the new term so it
 * steps down (with check-quorum or pre-vote it would otherwise never learn,
 * etcd's "leader stuck" case); refuse stale pre-votes explicitly. */
static void step_lower_term(struct raft *r, const struct raft_msg *m)
{
	struct raft_msg resp = {.to = m->from, .reject = true};

	if (m->type == RAFT_MSG_APPEND || m->type == RAFT_MSG_HEARTBEAT) {
		resp.type = RAFT_MSG_APPEND_RESP;
		raft_send(r, &resp, false);
	} else if (m->type == RAFT_MSG_PREVOTE) {
		resp.type = RAFT_MSG_PREVOTE_RESP;
		raft_send(r, &resp, false);
	}
}

/* Returns false when the message is to be ignored. */
static bool step_term(struct raft *r, const struct raft_msg *m)
{
	bool vote = m->type == RAFT_MSG_VOTE || m->type == RAFT_MSG_PREVOTE;

	if (m->term < r->term) {
		step_lower_term(r, m);
		return false;
	}
	if (m->term == r->term)
		return true;
	if (vote && raft_in_lease(r, m))
		return false;
	if (m->type == RAFT_MSG_PREVOTE ||
	    (m->type == RAFT_MSG_PREVOTE_RESP && !m->reject))
		return true;
	if (m->type == RAFT_MSG_APPEND || m->type == RAFT_MSG_HEARTBEAT ||
	    m->type == RAFT_MSG_SNAPSHOT)
		raft_become_follower(r, m->term, m->from);
	else
		raft_become_follower(r, m->term, 0);
	return true;
}

/* APPEND, HEARTBEAT, SNAPSHOT come from the leader of our term. */
static void step_from_leader(struct raft *r, const struct raft_msg *m)
{
	if (r->role == RAFT_LEADER)
		return; /* cannot happen: one leader per term */
	if (r->role == RAFT_CANDIDATE || r->role == RAFT_PRE_CANDIDATE ||
	    r->leader != m->from)
		raft_become_follower(r, m->term, m->from);
	r->election_elapsed = 0;
	if (m->type == RAFT_MSG_APPEND)
		raft_step_append(r, m);
	else if (m->type == RAFT_MSG_HEARTBEAT)
		raft_step_heartbeat(r, m);
	else
		raft_step_snapshot(r, m);
}

static void step_leader_msg(struct raft *r, const struct raft_msg *m)
{
	if (r->role != RAFT_LEADER)
		return;
	switch (m->type) {
	case RAFT_MSG_APPEND_RESP:
		raft_step_append_resp(r, m);
		break;
	case RAFT_MSG_HEARTBEAT_RESP:
		raft_step_heartbeat_resp(r, m);
		break;
	case RAFT_MSG_SNAPSHOT_RESP:
		raft_report_snapshot(r, m->from, !m->reject);
		break;
	default:
		break;
	}
}

enum raft_err raft_step(struct raft *r, const struct raft_msg *m)
{
	if (!m || m->type >= RAFT_MSG_TYPE_COUNT || m->from == 0)
		return RAFT_ERR_INVALID;
	/* Neither touches the term: an outsider's campaign must not move
	 * ours, and a removal notice is about configurations, not terms. */
	if ((m->type == RAFT_MSG_PREVOTE || m->type == RAFT_MSG_VOTE) &&
	    raft_outsider(r, m->from)) {
		raft_tell_removed(r, m);
		goto out;
	}
	if (m->type == RAFT_MSG_REMOVED) {
		raft_step_removed(r, m);
		goto out;
	}
	if (!step_term(r, m))
		goto out;
	switch (m->type) {
	case RAFT_MSG_PREVOTE:
	case RAFT_MSG_VOTE:
		raft_step_vote(r, m);
		break;
	case RAFT_MSG_PREVOTE_RESP:
	case RAFT_MSG_VOTE_RESP:
		raft_step_vote_resp(r, m);
		break;
	case RAFT_MSG_APPEND:
	case RAFT_MSG_HEARTBEAT:
	case RAFT_MSG_SNAPSHOT:
		step_from_leader(r, m);
		break;
	case RAFT_MSG_TIMEOUT_NOW:
		raft_step_timeout_now(r, m);
		break;
	case RAFT_MSG_READ_INDEX:
	case RAFT_MSG_READ_INDEX_RESP:
		raft_step_read_index(r, m);
		break;
	default:
		step_leader_msg(r, m);
		break;
	}
out:
	raft_debug_check(r);
	return RAFT_OK;
}

enum raft_err raft_propose(struct raft *r, const uint8_t *data, size_t len,
			   raft_index *index)
{
	if (r->role != RAFT_LEADER)
		return RAFT_ERR_NOT_LEADER;
	/* Also after removing ourselves: our log must end at the removal so
	 * the voters that stay can hold all of it (thesis 4.2.2). */
	if (r->transferee || !raft_is_voter(r, r->o.id))
		return RAFT_ERR_TRANSFERRING;
	if (r->o.max_entry_bytes && len > r->o.max_entry_bytes)
		return RAFT_ERR_TOO_LARGE;
	if (len && !data)
		return RAFT_ERR_INVALID;
	if (raft_append_local(r, RAFT_ENTRY_NORMAL, data, len) != 0)
		return RAFT_ERR_NOMEM;
	if (index)
		*index = raft_log_last(&r->log);
	raft_bcast_append(r);
	raft_debug_check(r);
	return RAFT_OK;
}

enum raft_err raft_compact(struct raft *r, raft_index index,
			   const uint8_t *data, size_t len)
{
	uint8_t *copy = NULL;

	if (index > r->log.applied || index < r->log.snap_index)
		return RAFT_ERR_INVALID;
	if (index == r->log.snap_index && r->snap_data)
		return RAFT_OK;
	if (data && len) {
		copy = malloc(len);
		if (!copy)
			return RAFT_ERR_NOMEM;
		memcpy(copy, data, len);
	}
	raft_config_at(r, index, &r->snap_conf);
	raft_log_compact(&r->log, index);
	free(r->snap_data);
	r->snap_data = copy;
	r->snap_len = copy ? len : 0;
	raft_trace(r, "%u compacted its log up to %llu", r->o.id,
		   (unsigned long long)index);
	raft_debug_check(r);
	return RAFT_OK;
}

void raft_report_snapshot(struct raft *r, raft_id id, bool ok)
{
	struct raft_progress *p = raft_progress_get(r, id);

	if (r->role != RAFT_LEADER || !p || p->state != RAFT_PROGRESS_SNAPSHOT)
		return;
	if (!ok)
		p->pending_snapshot = 0;
	raft_progress_become_probe(p);
	/* On success wait for the follower's ack before probing further. */
	p->probe_sent = ok;
	raft_trace(r, "%u: snapshot to %u %s; probing from %llu", r->o.id, id,
		   ok ? "delivered" : "failed", (unsigned long long)p->next);
}

void raft_report_unreachable(struct raft *r, raft_id id)
{
	struct raft_progress *p = raft_progress_get(r, id);

	if (r->role != RAFT_LEADER && id == r->leader && id != r->o.id) {
		raft_leader_lost(r);
		return;
	}
	if (r->role != RAFT_LEADER || !p || id == r->o.id)
		return;
	if (p->state == RAFT_PROGRESS_REPLICATE)
		raft_progress_become_probe(p);
	p->recent_active = false;
	p->quiet = r->o.election_ticks;
	/* An arbiter may now be needed for a quorum. */
	raft_bcast_append(r);
	raft_debug_check(r);
}

void raft_status(const struct raft *r, struct raft_status *st)
{
	memset(st, 0, sizeof(*st));
	st->id = r->o.id;
	st->role = r->role;
	st->term = r->term;
	st->vote = r->vote;
	st->leader = r->leader;
	st->commit = r->log.commit;
	st->applied = r->log.applied;
	st->first_index = r->log.snap_index + 1;
	st->last_index = raft_log_last(&r->log);
	st->last_term = raft_log_last_term(&r->log);
	st->transferee = r->transferee;
	st->config = r->conf;
	st->removed = r->removed;
	st->removed_at = r->removed_at;
	if (r->role != RAFT_LEADER)
		return;
	for (uint32_t i = 0; i < r->n_prs; i++) {
		const struct raft_progress *p = &r->prs[i];
		const struct raft_member *m = raft_config_find(&r->conf, p->id);
		struct raft_member_status *s = &st->progress[st->n_progress++];

		s->member = m ? *m : (struct raft_member){.id = p->id};
		s->match = p->match;
		s->next = p->next;
		s->state = p->state;
		s->recent_active = p->id == r->o.id || p->recent_active;
	}
}

const struct raft_entry *raft_log_entry(const struct raft *r, raft_index index)
{
	return raft_log_at(&r->log, index);
}
