/* raft_fixture.c: the in-memory cluster behind the consensus unit tests. */
#include "raft_fixture.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void trace_stderr(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "  trace: %s\n", line);
}

void fx_config(struct raft_config *c, unsigned voters, unsigned arbiters)
{
	memset(c, 0, sizeof(*c));
	for (unsigned i = 0; i < voters + arbiters; i++) {
		c->members[i].id = i + 1;
		c->members[i].kind =
		    i < voters ? RAFT_MEMBER_VOTER : RAFT_MEMBER_ARBITER;
	}
	c->n = voters + arbiters;
}

static void entry_copy(struct raft_entry *d, const struct raft_entry *s)
{
	*d = *s;
	d->data = NULL;
	if (s->len && s->data) {
		d->data = malloc(s->len);
		CU_ASSERT_FATAL(d->data != NULL);
		memcpy(d->data, s->data, s->len);
	}
}

static void store_truncate(struct fx_store *st, raft_index from)
{
	while (st->n && st->snap.index + st->n >= from) {
		free(st->ents[st->n - 1].data);
		st->n--;
	}
}

static void store_free(struct fx_store *st)
{
	store_truncate(st, 0);
	free(st->ents);
	st->ents = NULL;
}

static struct raft *node_new(struct fx *f, struct fx_node *nd)
{
	struct raft_options o = f->base;
	struct raft_boot b = {
	    .hard_state = nd->st.hs,
	    .snapshot = nd->st.snap,
	    .n_entries = nd->st.n,
	    .entries = nd->st.ents,
	    .applied = nd->st.applied,
	};

	o.id = nd->id;
	o.seed = f->base.seed * 31 + nd->id;
	o.arbiter = nd->arbiter;
	return raft_new(&o, &b);
}

void fx_start(struct fx *f, raft_id id, bool arbiter,
	      const struct raft_config *boot_conf)
{
	struct fx_node *nd = &f->nodes[id];

	memset(nd, 0, sizeof(*nd));
	nd->id = id;
	nd->exists = true;
	nd->arbiter = arbiter;
	nd->st.snap.config = *boot_conf;
	nd->r = node_new(f, nd);
	CU_ASSERT_FATAL(nd->r != NULL);
}

void fx_boot_log(struct fx *f, raft_id id, raft_term term,
		 const raft_term *terms, size_t n)
{
	struct fx_store *st = &f->nodes[id].st;

	store_truncate(st, 0);
	st->ents = realloc(st->ents, (n ? n : 1) * sizeof(*st->ents));
	CU_ASSERT_FATAL(st->ents != NULL);
	for (size_t i = 0; i < n; i++)
		st->ents[i] =
		    (struct raft_entry){.term = terms[i], .index = i + 1};
	st->n = n;
	st->hs = (struct raft_hard_state){.term = term};
	fx_restart(f, id);
}

void fx_init(struct fx *f, const struct raft_config *c)
{
	memset(f, 0, sizeof(*f));
	raft_options_default(&f->base, 0, 42);
	if (getenv("RAFT_TRACE"))
		f->base.trace = trace_stderr;
	f->auto_snapshot_ok = true;
	for (uint32_t i = 0; i < c->n; i++)
		fx_start(f, c->members[i].id,
			 c->members[i].kind == RAFT_MEMBER_ARBITER, c);
}

void fx_drop_pending(struct fx *f)
{
	while (f->head) {
		struct fx_msg_node *n = f->head;

		f->head = n->next;
		for (size_t i = 0; i < n->m.n_entries; i++)
			free(n->m.entries[i].data);
		free(n->m.entries);
		free((void *)n->m.snapshot.data);
		free(n);
	}
	f->tail = NULL;
}

void fx_free(struct fx *f)
{
	fx_drop_pending(f);
	for (int i = 1; i <= FX_MAX; i++) {
		raft_free(f->nodes[i].r);
		store_free(&f->nodes[i].st);
	}
}

static void enqueue(struct fx *f, const struct raft_msg *m)
{
	struct fx_msg_node *n = calloc(1, sizeof(*n));

	CU_ASSERT_FATAL(n != NULL);
	n->m = *m;
	n->m.entries = NULL;
	n->m.snapshot.data = NULL;
	if (m->snapshot.data && m->snapshot.len) {
		uint8_t *d = malloc(m->snapshot.len);

		CU_ASSERT_FATAL(d != NULL);
		memcpy(d, m->snapshot.data, m->snapshot.len);
		n->m.snapshot.data = d;
	}
	if (m->n_entries) {
		n->m.entries = calloc(m->n_entries, sizeof(*m->entries));
		CU_ASSERT_FATAL(n->m.entries != NULL);
		for (size_t i = 0; i < m->n_entries; i++)
			entry_copy(&n->m.entries[i], &m->entries[i]);
	}
	if (f->tail)
		f->tail->next = n;
	else
		f->head = n;
	f->tail = n;
}

static void persist(struct fx_node *nd, const struct raft_ready *rd)
{
	struct fx_store *st = &nd->st;

	if (rd->has_snapshot) {
		store_truncate(st, 0);
		st->snap = rd->snapshot;
		st->snap.data = NULL;
		memset(nd->snap_data, 0, sizeof(nd->snap_data));
		if (rd->snapshot.data)
			memcpy(nd->snap_data, rd->snapshot.data,
			       rd->snapshot.len < sizeof(nd->snap_data) - 1
				   ? rd->snapshot.len
				   : sizeof(nd->snap_data) - 1);
		st->applied = rd->snapshot.index;
		nd->last_applied = rd->snapshot.index;
	}
	if (rd->has_hard_state)
		st->hs = rd->hard_state;
	if (rd->n_entries) {
		store_truncate(st, rd->entries[0].index);
		CU_ASSERT_FATAL(rd->entries[0].index ==
				st->snap.index + st->n + 1);
		st->ents = realloc(st->ents,
				   (st->n + rd->n_entries) * sizeof(*st->ents));
		CU_ASSERT_FATAL(st->ents != NULL);
		for (size_t i = 0; i < rd->n_entries; i++)
			entry_copy(&st->ents[st->n++], &rd->entries[i]);
	}
}

static void apply(struct fx_node *nd, const struct raft_ready *rd)
{
	for (size_t i = 0; i < rd->n_committed; i++) {
		const struct raft_entry *e = &rd->committed[i];

		CU_ASSERT_FATAL(e->index == nd->last_applied + 1);
		nd->last_applied = e->index;
		if (e->index < FX_APPLY_MAX) {
			nd->applied_term[e->index] = e->term;
			nd->applied_type[e->index] = e->type;
			nd->applied_payload[e->index] = e->data != NULL;
		}
	}
	nd->st.applied = nd->last_applied;
	for (size_t i = 0; i < rd->n_read_states && nd->n_reads < 64; i++) {
		nd->reads[nd->n_reads] = rd->read_states[i].context;
		nd->read_index[nd->n_reads++] = rd->read_states[i].index;
	}
}

void fx_process(struct fx *f, raft_id id)
{
	struct fx_node *nd = &f->nodes[id];

	for (int guard = 0; nd->r && raft_has_ready(nd->r) && guard < 100;
	     guard++) {
		struct raft_ready rd;

		raft_ready(nd->r, &rd);
		for (size_t i = 0; i < rd.n_msgs; i++)
			enqueue(f, &rd.msgs[i]);
		persist(nd, &rd);
		for (size_t i = 0; i < rd.n_msgs_after_persist; i++)
			enqueue(f, &rd.msgs_after_persist[i]);
		apply(nd, &rd);
		raft_advance(nd->r);
	}
	if (nd->r) {
		char why[256];
		bool ok = raft_check_invariants(nd->r, why, sizeof(why));

		if (!ok)
			fprintf(stderr, "instance %u: %s\n", id, why);
		CU_ASSERT_FATAL(ok);
	}
}

static void deliver(struct fx *f, struct raft_msg *m)
{
	struct fx_node *to = &f->nodes[m->to];

	if (m->to == 0 || m->to > FX_MAX || !to->r || f->cut[m->from][m->to])
		return;
	if (m->type == RAFT_MSG_SNAPSHOT && f->fail_snapshots) {
		struct raft_msg nack = {.type = RAFT_MSG_SNAPSHOT_RESP,
					.from = m->to,
					.to = m->from,
					.term = m->term,
					.reject = true};

		if (f->nodes[m->from].r)
			raft_step(f->nodes[m->from].r, &nack);
		return;
	}
	if (m->type == RAFT_MSG_APPEND)
		for (size_t i = 0; i < m->n_entries; i++)
			if (m->entries[i].type == RAFT_ENTRY_NORMAL &&
			    m->entries[i].data)
				to->normal_payloads_received++;
	raft_step(to->r, m);
	if (m->type == RAFT_MSG_SNAPSHOT && f->nodes[m->from].r &&
	    f->auto_snapshot_ok)
		raft_report_snapshot(f->nodes[m->from].r, m->to, true);
}

size_t fx_deliver_round(struct fx *f)
{
	struct fx_msg_node *n = f->head;
	size_t k = 0;

	f->head = f->tail = NULL;
	while (n) {
		struct fx_msg_node *next = n->next;

		deliver(f, &n->m);
		for (size_t i = 0; i < n->m.n_entries; i++)
			free(n->m.entries[i].data);
		free(n->m.entries);
		free((void *)n->m.snapshot.data);
		free(n);
		n = next;
		k++;
	}
	return k;
}

void fx_settle(struct fx *f)
{
	for (int round = 0; round < 1000; round++) {
		for (raft_id id = 1; id <= FX_MAX; id++)
			fx_process(f, id);
		if (!f->head)
			return;
		fx_deliver_round(f);
	}
	CU_FAIL("fx_settle: cluster still busy after 1000 rounds");
}

void fx_tick(struct fx *f, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		for (raft_id id = 1; id <= FX_MAX; id++)
			if (f->nodes[id].r)
				raft_tick(f->nodes[id].r);
		fx_settle(f);
	}
}

void fx_tick_one(struct fx *f, raft_id id, unsigned n)
{
	for (unsigned k = 0; k < n && f->nodes[id].r; k++) {
		raft_tick(f->nodes[id].r);
		fx_settle(f);
	}
}

raft_id fx_leader(struct fx *f)
{
	raft_id best = 0;
	raft_term term = 0;

	for (raft_id id = 1; id <= FX_MAX; id++) {
		struct fx_node *nd = &f->nodes[id];
		struct raft_status st;

		if (!nd->r)
			continue;
		raft_status(nd->r, &st);
		if (st.role == RAFT_LEADER && st.term >= term) {
			best = id;
			term = st.term;
		}
	}
	return best;
}

raft_id fx_wait_leader(struct fx *f, unsigned max)
{
	for (unsigned k = 0; k < max; k++) {
		raft_id l = fx_leader(f);

		if (l)
			return l;
		fx_tick(f, 1);
	}
	return fx_leader(f);
}

bool fx_elect(struct fx *f, raft_id id)
{
	for (unsigned k = 0; k < 4 * f->base.election_ticks; k++) {
		if (fx_leader(f) == id)
			return true;
		fx_tick_one(f, id, 1);
	}
	return fx_leader(f) == id;
}

void fx_crash(struct fx *f, raft_id id)
{
	raft_free(f->nodes[id].r);
	f->nodes[id].r = NULL;
	/* The runtime notices the lost connection. */
	for (raft_id o = 1; o <= FX_MAX; o++)
		if (f->nodes[o].r)
			raft_report_unreachable(f->nodes[o].r, id);
	fx_settle(f);
}

void fx_restart(struct fx *f, raft_id id)
{
	struct fx_node *nd = &f->nodes[id];

	raft_free(nd->r);
	nd->last_applied = nd->st.applied;
	nd->r = node_new(f, nd);
	CU_ASSERT_FATAL(nd->r != NULL);
}

void fx_isolate(struct fx *f, raft_id id)
{
	for (raft_id o = 1; o <= FX_MAX; o++)
		if (o != id)
			fx_cut(f, id, o);
}

void fx_cut(struct fx *f, raft_id a, raft_id b)
{
	f->cut[a][b] = f->cut[b][a] = true;
}

void fx_heal(struct fx *f)
{
	memset(f->cut, 0, sizeof(f->cut));
}

raft_index fx_propose(struct fx *f, raft_id id, const char *data)
{
	raft_index idx = 0;

	if (!f->nodes[id].r ||
	    raft_propose(f->nodes[id].r, (const uint8_t *)data, strlen(data),
			 &idx) != RAFT_OK)
		return 0;
	fx_settle(f);
	return idx;
}

struct raft_status fx_status(struct fx *f, raft_id id)
{
	struct raft_status st;

	raft_status(f->nodes[id].r, &st);
	return st;
}
