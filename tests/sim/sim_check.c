/* sim_check.c: the simulator's safety checkers. */
#include "sim_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_store.h"

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t old = *cap, n = old ? old : 64;

	if (need < old)
		return p;
	while (n <= need)
		n *= 2;
	p = realloc(p, n * elem);
	if (p == NULL) {
		fprintf(stderr, "sim: out of memory; stopping\n");
		abort();
	}
	memset((char *)p + old * elem, 0, (n - old) * elem);
	*cap = n;
	return p;
}

void sim_check_free(struct sim_check *ck)
{
	free(ck->com);
	free(ck->leader_of);
	free(ck->et);
	free(ck->reads);
	memset(ck, 0, sizeof(*ck));
}

static uint64_t fnv(const uint8_t *d, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ d[i]) * 1099511628211ULL;
	return h;
}

/* What an entry holds, comparable across instances. False when its payload
 * is stripped (an arbiter's copy) and so not comparable. */
static bool entry_content(struct sim *s, const struct raft_entry *e,
			  uint64_t *out)
{
	*out = 0;
	if (e->stripped)
		return false;
	if (e->type == RAFT_ENTRY_NORMAL) {
		if (!sim_payload_parse(e->data, e->len, out))
			sim_failf(s, "payload integrity",
				  "entry %llu/%llu holds %zu bytes that no "
				  "client proposed",
				  (unsigned long long)e->index,
				  (unsigned long long)e->term, e->len);
	} else if (e->type == RAFT_ENTRY_CONF) {
		*out = fnv(e->data, e->len);
	}
	return true;
}

/* ------------------------------------------------ (index, term) map */

static size_t et_slot(const struct sim_check *ck, raft_index i, raft_term t)
{
	uint64_t h = (i * 0x9E3779B97F4A7C15ULL) ^ (t * 0xC2B2AE3D27D4EB4FULL);

	return (size_t)(h ^ (h >> 29)) & (ck->et_cap - 1);
}

static struct sim_et *et_find(struct sim_check *ck, raft_index i, raft_term t,
			      bool *found)
{
	size_t k = et_slot(ck, i, t);

	while (ck->et[k].index != 0) {
		if (ck->et[k].index == i && ck->et[k].term == t) {
			*found = true;
			return &ck->et[k];
		}
		k = (k + 1) & (ck->et_cap - 1);
	}
	*found = false;
	return &ck->et[k];
}

static void et_rehash(struct sim_check *ck)
{
	struct sim_et *old = ck->et;
	size_t old_cap = ck->et_cap;

	ck->et_cap = old_cap ? old_cap * 2 : 1024;
	ck->et = calloc(ck->et_cap, sizeof(*ck->et));
	if (ck->et == NULL)
		abort();
	for (size_t k = 0; k < old_cap; k++) {
		bool found;

		if (old[k].index != 0)
			*et_find(ck, old[k].index, old[k].term, &found) =
			    old[k];
	}
	free(old);
}

/* Log Matching by induction: if every (index, term) names one entry with
 * one previous term everywhere, two logs that agree at an index agree on
 * everything before it (Raft paper, 5.3). */
static void check_et(struct sim *s, struct sim_node *n,
		     const struct raft_entry *e, raft_term prev)
{
	struct sim_check *ck = &s->ck;
	struct sim_et *x;
	uint64_t content;
	bool has = entry_content(s, e, &content), found;

	if (2 * (ck->et_n + 1) > ck->et_cap)
		et_rehash(ck);
	x = et_find(ck, e->index, e->term, &found);
	if (!found) {
		*x = (struct sim_et){e->index, e->term, prev,
				     e->type,  has,	content};
		ck->et_n++;
		return;
	}
	if (prev != 0 && x->prev_term != 0 && prev != x->prev_term)
		sim_failf(s, "Log Matching",
			  "node %u stores %llu/%llu after term %llu, another "
			  "instance stored it after term %llu",
			  n->id, (unsigned long long)e->index,
			  (unsigned long long)e->term, (unsigned long long)prev,
			  (unsigned long long)x->prev_term);
	else if (x->type != e->type ||
		 (has && x->has_content && content != x->content))
		sim_failf(s, "Log Matching",
			  "node %u stores entry %llu/%llu (type %u) that "
			  "differs from another instance's (type %u)",
			  n->id, (unsigned long long)e->index,
			  (unsigned long long)e->term, e->type, x->type);
	if (prev != 0 && x->prev_term == 0)
		x->prev_term = prev;
	if (has && !x->has_content) {
		x->has_content = true;
		x->content = content;
	}
}

/* ---------------------------------------------------------- persist */

static void check_payload_kind(struct sim *s, struct sim_node *n,
			       const struct raft_entry *e, const char *what)
{
	if (e->type != RAFT_ENTRY_NORMAL)
		return;
	if (n->kind == SIM_ARBITER && !e->stripped && e->len > 0)
		sim_failf(s, "arbiter holds no graph data",
			  "arbiter %u %s entry %llu/%llu with %zu payload "
			  "bytes",
			  n->id, what, (unsigned long long)e->index,
			  (unsigned long long)e->term, e->len);
	if (n->kind == SIM_DATA && e->stripped)
		sim_failf(s, "data instances hold the data",
			  "data instance %u %s entry %llu/%llu stripped of "
			  "its payload",
			  n->id, what, (unsigned long long)e->index,
			  (unsigned long long)e->term);
}

static void check_leader_overwrite(struct sim *s, struct sim_node *n,
				   const struct raft_entry *first)
{
	struct raft_status st;

	raft_status(n->r, &st);
	if (st.role == RAFT_LEADER && first->index <= sim_store_last(&n->st))
		sim_failf(s, "Leader Append-Only",
			  "leader %u of term %llu overwrites its stored log "
			  "from index %llu (stored last %llu)",
			  n->id, (unsigned long long)st.term,
			  (unsigned long long)first->index,
			  (unsigned long long)sim_store_last(&n->st));
}

void sim_check_persist(struct sim *s, struct sim_node *n,
		       const struct raft_entry *ents, size_t count)
{
	const struct sim_store *st = &n->st;
	raft_term prev;

	if (count == 0)
		return;
	check_leader_overwrite(s, n, &ents[0]);
	if (ents[0].index <= st->snap.index ||
	    ents[0].index > sim_store_last(st) + 1) {
		sim_failf(s, "log contiguity",
			  "node %u asked to store entries from %llu; its "
			  "snapshot ends at %llu and its log at %llu",
			  n->id, (unsigned long long)ents[0].index,
			  (unsigned long long)st->snap.index,
			  (unsigned long long)sim_store_last(st));
		return;
	}
	prev = sim_store_term(st, ents[0].index - 1);
	for (size_t k = 0; k < count && !s->failed; k++) {
		const struct raft_entry *e = &ents[k];

		if (k > 0 && e->index != ents[k - 1].index + 1)
			sim_failf(s, "log contiguity",
				  "node %u stores %llu right after %llu", n->id,
				  (unsigned long long)e->index,
				  (unsigned long long)ents[k - 1].index);
		if (e->term < prev || e->term == 0)
			sim_failf(s, "log terms non-decreasing",
				  "node %u stores %llu/%llu after term %llu",
				  n->id, (unsigned long long)e->index,
				  (unsigned long long)e->term,
				  (unsigned long long)prev);
		check_payload_kind(s, n, e, "stores");
		check_et(s, n, e, prev);
		prev = e->term;
	}
}

void sim_check_hard_state(struct sim *s, struct sim_node *n,
			  const struct raft_hard_state *hs)
{
	const struct raft_hard_state *old = &n->st.hs;

	if (hs->term < old->term)
		sim_failf(s, "durable term never decreases",
			  "node %u persists term %llu over %llu", n->id,
			  (unsigned long long)hs->term,
			  (unsigned long long)old->term);
	else if (hs->term == old->term && old->vote != 0 &&
		 hs->vote != old->vote)
		sim_failf(s, "one vote per term",
			  "node %u changes its vote in term %llu from %u to "
			  "%u",
			  n->id, (unsigned long long)hs->term, old->vote,
			  hs->vote);
	if (hs->term > s->ck.max_term)
		s->ck.max_term = hs->term;
}

/* ------------------------------------------------------------ apply */

static void record_commit(struct sim *s, const struct raft_entry *e,
			  uint64_t pid, bool has)
{
	struct sim_check *ck = &s->ck;
	struct sim_commit_rec *c;

	ck->com = grow(ck->com, &ck->com_cap, e->index, sizeof(*ck->com));
	c = &ck->com[e->index];
	c->known = true;
	c->term = e->term;
	c->type = e->type;
	c->pid = has ? pid : 0;
	c->max_term = ck->max_term;
	if (e->index > ck->com_max)
		ck->com_max = e->index;
	s->n_commits++;
}

static void compare_commit(struct sim *s, struct sim_node *n,
			   const struct raft_entry *e, uint64_t pid, bool has)
{
	struct sim_commit_rec *c = &s->ck.com[e->index];

	if (c->term != e->term || c->type != e->type)
		sim_failf(s, "State Machine Safety",
			  "node %u applies %llu/%llu type %u, another "
			  "instance applied %llu/%llu type %u",
			  n->id, (unsigned long long)e->index,
			  (unsigned long long)e->term, e->type,
			  (unsigned long long)e->index,
			  (unsigned long long)c->term, c->type);
	else if (has && e->type == RAFT_ENTRY_NORMAL && c->pid != 0 &&
		 c->pid != pid)
		sim_failf(s, "State Machine Safety",
			  "node %u applies proposal %llu at index %llu, "
			  "another instance applied proposal %llu there",
			  n->id, (unsigned long long)pid,
			  (unsigned long long)e->index,
			  (unsigned long long)c->pid);
	else if (has && c->pid == 0)
		c->pid = pid;
}

uint64_t sim_check_apply(struct sim *s, struct sim_node *n,
			 const struct raft_entry *e)
{
	uint64_t pid = 0;
	bool has;

	if (e->index != n->st.applied_index + 1)
		sim_failf(s, "apply in order",
			  "node %u applies index %llu after %llu", n->id,
			  (unsigned long long)e->index,
			  (unsigned long long)n->st.applied_index);
	check_payload_kind(s, n, e, "applies");
	has = entry_content(s, e, &pid) && e->type == RAFT_ENTRY_NORMAL;
	if (e->index < s->ck.com_cap && s->ck.com[e->index].known) {
		/* Self-test: a wrong payload at one instance must be caught. */
		if (s->p.break_safety && !s->broke && has) {
			s->broke = true;
			pid += 1000000007ULL;
		}
		compare_commit(s, n, e, pid, has);
	} else {
		record_commit(s, e, pid, has);
	}
	return e->type == RAFT_ENTRY_NORMAL ? pid : 0;
}

void sim_check_snapshot(struct sim *s, struct sim_node *n,
			const struct raft_snapshot *snap)
{
	struct sim_check *ck = &s->ck;

	if (snap->index < n->st.applied_index)
		sim_failf(s, "state machine never goes back",
			  "node %u installs a snapshot at %llu over applied "
			  "%llu",
			  n->id, (unsigned long long)snap->index,
			  (unsigned long long)n->st.applied_index);
	if (n->kind == SIM_ARBITER && snap->len > 0)
		sim_failf(s, "arbiter holds no graph data",
			  "arbiter %u installs a snapshot with %zu data bytes",
			  n->id, snap->len);
	if (n->kind == SIM_ARBITER)
		return;
	if (snap->len != snap->index * 8 || snap->data == NULL) {
		sim_failf(s, "snapshot integrity",
			  "node %u gets a snapshot at %llu with %zu bytes",
			  n->id, (unsigned long long)snap->index, snap->len);
		return;
	}
	for (raft_index i = 1; i <= snap->index && !s->failed; i++) {
		uint64_t pid;

		memcpy(&pid, snap->data + (i - 1) * 8, 8);
		if (i < ck->com_cap && ck->com[i].known && pid != 0 &&
		    ck->com[i].pid != 0 && ck->com[i].pid != pid)
			sim_failf(s, "State Machine Safety",
				  "node %u installs a snapshot with proposal "
				  "%llu at %llu; %llu was applied there",
				  n->id, (unsigned long long)pid,
				  (unsigned long long)i,
				  (unsigned long long)ck->com[i].pid);
	}
}

void sim_check_msg(struct sim *s, const struct raft_msg *m)
{
	const struct sim_node *to;

	if (m->to == 0 || m->to > s->n_nodes) {
		sim_failf(s, "addressing", "node %u sends %s to unknown %u",
			  m->from, raft_msg_type_str(m->type), m->to);
		return;
	}
	to = &s->nodes[m->to];
	if (to->kind != SIM_ARBITER)
		return;
	for (size_t k = 0; k < m->n_entries; k++)
		if (m->entries[k].type == RAFT_ENTRY_NORMAL &&
		    !m->entries[k].stripped && m->entries[k].len > 0)
			sim_failf(s, "arbiter holds no graph data",
				  "node %u sends %s with payload of %llu to "
				  "arbiter %u",
				  m->from, raft_msg_type_str(m->type),
				  (unsigned long long)m->entries[k].index,
				  m->to);
	if (m->type == RAFT_MSG_SNAPSHOT && m->snapshot.len > 0)
		sim_failf(s, "arbiter holds no graph data",
			  "node %u sends a snapshot with %zu data bytes to "
			  "arbiter %u",
			  m->from, m->snapshot.len, m->to);
}

/* ------------------------------------------------------------- step */

/* Leader Completeness: a leader of term T holds every entry committed in
 * a term below T (Raft paper, 5.4). An entry's commit term is bounded by
 * the highest term that existed when we first saw it applied. */
static void check_completeness(struct sim *s, struct sim_node *n,
			       const struct raft_status *st)
{
	for (raft_index i = 1; i <= s->ck.com_max && !s->failed; i++) {
		const struct sim_commit_rec *c = &s->ck.com[i];
		const struct raft_entry *e;

		if (!c->known || c->max_term >= st->term || i < st->first_index)
			continue;
		e = raft_log_entry(n->r, i);
		if (e == NULL || e->term != c->term)
			sim_failf(s, "Leader Completeness",
				  "leader %u of term %llu lacks committed "
				  "entry %llu/%llu (has term %llu; log "
				  "%llu..%llu)",
				  n->id, (unsigned long long)st->term,
				  (unsigned long long)i,
				  (unsigned long long)c->term,
				  (unsigned long long)(e ? e->term : 0),
				  (unsigned long long)st->first_index,
				  (unsigned long long)st->last_index);
	}
}

static void check_election(struct sim *s, struct sim_node *n,
			   const struct raft_status *st)
{
	struct sim_check *ck = &s->ck;

	if (n->kind == SIM_ARBITER)
		sim_failf(s, "arbiters never lead",
			  "arbiter %u is leader of term %llu", n->id,
			  (unsigned long long)st->term);
	ck->leader_of = grow(ck->leader_of, &ck->leader_cap, st->term,
			     sizeof(*ck->leader_of));
	if (ck->leader_of[st->term] == 0) {
		ck->leader_of[st->term] = n->id;
		s->n_elections++;
		if (sim_tracing(s))
			sim_tracef(s,
				   "sim: node %u leads term %llu (log "
				   "%llu/%llu)",
				   n->id, (unsigned long long)st->term,
				   (unsigned long long)st->last_index,
				   (unsigned long long)st->last_term);
		check_completeness(s, n, st);
	} else if (ck->leader_of[st->term] != n->id) {
		sim_failf(s, "Election Safety",
			  "nodes %u and %u both lead term %llu",
			  ck->leader_of[st->term], n->id,
			  (unsigned long long)st->term);
	}
}

static void check_append_only(struct sim *s, struct sim_node *n,
			      const struct raft_status *st)
{
	const struct raft_entry *e;

	if (n->lead_term == st->term) {
		e = n->lead_last >= st->first_index
			? raft_log_entry(n->r, n->lead_last)
			: NULL;
		if (st->last_index < n->lead_last ||
		    (n->lead_last >= st->first_index &&
		     (e == NULL || e->term != n->lead_last_term)))
			sim_failf(s, "Leader Append-Only",
				  "leader %u of term %llu had %llu/%llu, now "
				  "its log ends at %llu with %llu/%llu there",
				  n->id, (unsigned long long)st->term,
				  (unsigned long long)n->lead_last,
				  (unsigned long long)n->lead_last_term,
				  (unsigned long long)st->last_index,
				  (unsigned long long)n->lead_last,
				  (unsigned long long)(e ? e->term : 0));
	}
	n->lead_term = st->term;
	n->lead_last = st->last_index;
	n->lead_last_term = st->last_term;
}

void sim_check_step(struct sim *s, struct sim_node *n)
{
	struct raft_status st;
	char buf[256];

	if (n->r == NULL)
		return;
	if (!raft_check_invariants(n->r, buf, sizeof(buf)))
		sim_failf(s, "raft_check_invariants", "node %u: %s", n->id,
			  buf);
	raft_status(n->r, &st);
	if (st.term > s->ck.max_term)
		s->ck.max_term = st.term;
	if (n->kind == SIM_ARBITER &&
	    (st.role == RAFT_CANDIDATE || st.role == RAFT_PRE_CANDIDATE))
		sim_failf(s, "arbiters never campaign",
			  "arbiter %u is %s in term %llu", n->id,
			  raft_role_str(st.role), (unsigned long long)st.term);
	if (st.role == RAFT_LEADER) {
		check_election(s, n, &st);
		check_append_only(s, n, &st);
	} else {
		n->lead_term = 0;
	}
	n->role = st.role;
	n->term = st.term;
}

/* ------------------------------------------------------------- logs */

static void check_pair(struct sim *s, struct sim_node *a,
		       const struct raft_status *sa, struct sim_node *b,
		       const struct raft_status *sb)
{
	raft_index lo = sa->first_index > sb->first_index ? sa->first_index
							  : sb->first_index;
	raft_index hi =
	    sa->last_index < sb->last_index ? sa->last_index : sb->last_index;
	raft_index top = 0;

	for (raft_index i = hi; i >= lo && i > 0 && top == 0; i--) {
		const struct raft_entry *x = raft_log_entry(a->r, i);
		const struct raft_entry *y = raft_log_entry(b->r, i);

		if (x && y && x->term == y->term)
			top = i;
	}
	for (raft_index i = lo; i <= top && i > 0 && !s->failed; i++) {
		const struct raft_entry *x = raft_log_entry(a->r, i);
		const struct raft_entry *y = raft_log_entry(b->r, i);
		uint64_t cx, cy;

		if (x == NULL || y == NULL || x->term != y->term ||
		    x->type != y->type ||
		    (entry_content(s, x, &cx) && entry_content(s, y, &cy) &&
		     cx != cy))
			sim_failf(s, "Log Matching",
				  "nodes %u and %u agree at %llu but differ "
				  "at %llu (terms %llu and %llu)",
				  a->id, b->id, (unsigned long long)top,
				  (unsigned long long)i,
				  (unsigned long long)(x ? x->term : 0),
				  (unsigned long long)(y ? y->term : 0));
	}
}

static void check_arbiter_log(struct sim *s, struct sim_node *n,
			      const struct raft_status *st)
{
	for (raft_index i = st->first_index; i <= st->last_index; i++) {
		const struct raft_entry *e = raft_log_entry(n->r, i);

		if (e == NULL) {
			sim_failf(s, "raft_log_entry",
				  "node %u has no entry %llu within %llu..%llu",
				  n->id, (unsigned long long)i,
				  (unsigned long long)st->first_index,
				  (unsigned long long)st->last_index);
			return;
		}
		check_payload_kind(s, n, e, "holds");
	}
}

void sim_check_logs(struct sim *s)
{
	struct raft_status st[SIM_MAX_NODES + 1];

	for (raft_id a = 1; a <= s->n_nodes; a++)
		if (s->nodes[a].r != NULL)
			raft_status(s->nodes[a].r, &st[a]);
	for (raft_id a = 1; a <= s->n_nodes && !s->failed; a++) {
		if (s->nodes[a].r == NULL)
			continue;
		check_arbiter_log(s, &s->nodes[a], &st[a]);
		for (raft_id b = a + 1; b <= s->n_nodes; b++)
			if (s->nodes[b].r != NULL)
				check_pair(s, &s->nodes[a], &st[a],
					   &s->nodes[b], &st[b]);
	}
}

/* ------------------------------------------------------------ reads */

void sim_check_read_start(struct sim *s, raft_id from, uint64_t ctx)
{
	struct sim_check *ck = &s->ck;

	if (ck->n_reads >= 1024) {
		/* Forget the oldest half: their nodes crashed or lost them. */
		memmove(ck->reads, ck->reads + 512,
			(ck->n_reads - 512) * sizeof(*ck->reads));
		ck->n_reads -= 512;
	}
	ck->reads =
	    grow(ck->reads, &ck->reads_cap, ck->n_reads, sizeof(*ck->reads));
	ck->reads[ck->n_reads++] = (struct sim_read){ctx, from, ck->com_max};
}

void sim_check_read_done(struct sim *s, struct sim_node *n,
			 const struct raft_read_state *rs)
{
	struct sim_check *ck = &s->ck;

	for (size_t k = 0; k < ck->n_reads; k++) {
		struct sim_read *r = &ck->reads[k];

		if (r->ctx != rs->context)
			continue;
		if (r->from != n->id)
			sim_failf(s, "ReadIndex",
				  "read %llu asked at node %u answered at %u",
				  (unsigned long long)r->ctx, r->from, n->id);
		if (rs->index < r->must_see)
			sim_failf(s, "ReadIndex linearizable",
				  "node %u: read %llu gets index %llu but "
				  "%llu was committed before it was asked",
				  n->id, (unsigned long long)r->ctx,
				  (unsigned long long)rs->index,
				  (unsigned long long)r->must_see);
		ck->reads[k] = ck->reads[--ck->n_reads];
		return;
	}
}
