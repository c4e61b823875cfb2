/* sim_store.c: one simulated instance's durable state. */
#include "sim_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL) {
		fprintf(stderr, "sim: out of memory (%zu bytes); stopping\n",
			n);
		abort();
	}
	return q;
}

void sim_entry_copy(struct raft_entry *dst, const struct raft_entry *src)
{
	*dst = *src;
	dst->data = NULL;
	if (src->len > 0 && src->data != NULL) {
		dst->data = xrealloc(NULL, src->len);
		memcpy(dst->data, src->data, src->len);
	}
}

void sim_entry_free(struct raft_entry *e)
{
	free(e->data);
	e->data = NULL;
}

void sim_store_init(struct sim_store *st, const struct raft_config *founding)
{
	memset(st, 0, sizeof(*st));
	st->snap.config = *founding;
}

void sim_store_free(struct sim_store *st)
{
	for (size_t i = 0; i < st->n; i++)
		sim_entry_free(&st->ents[i]);
	free(st->ents);
	free(st->snap_data);
	free(st->applied);
	memset(st, 0, sizeof(*st));
}

raft_index sim_store_last(const struct sim_store *st)
{
	return st->snap.index + st->n;
}

const struct raft_entry *sim_store_entry(const struct sim_store *st,
					 raft_index i)
{
	if (i <= st->snap.index || i > sim_store_last(st))
		return NULL;
	return &st->ents[i - st->snap.index - 1];
}

raft_term sim_store_term(const struct sim_store *st, raft_index i)
{
	const struct raft_entry *e;

	if (i == st->snap.index)
		return st->snap.term;
	e = sim_store_entry(st, i);
	return e ? e->term : 0;
}

/* Drops stored entries from index i on. */
static void store_truncate(struct sim_store *st, raft_index i)
{
	while (st->n > 0 && sim_store_last(st) >= i)
		sim_entry_free(&st->ents[--st->n]);
}

void sim_store_append(struct sim_store *st, const struct raft_entry *ents,
		      size_t n)
{
	if (n == 0)
		return;
	store_truncate(st, ents[0].index);
	if (st->n + n > st->cap) {
		st->cap = (st->n + n) * 2;
		st->ents = xrealloc(st->ents, st->cap * sizeof(*st->ents));
	}
	for (size_t k = 0; k < n; k++)
		sim_entry_copy(&st->ents[st->n++], &ents[k]);
}

/* Drops the stored log up to and including index (index >= snap.index). */
static void store_drop_prefix(struct sim_store *st, raft_index index)
{
	size_t k = index - st->snap.index;

	if (k > st->n)
		k = st->n;
	for (size_t j = 0; j < k; j++)
		sim_entry_free(&st->ents[j]);
	memmove(st->ents, st->ents + k, (st->n - k) * sizeof(*st->ents));
	st->n -= k;
}

static void store_set_snap_data(struct sim_store *st, const uint8_t *data,
				size_t len)
{
	free(st->snap_data);
	st->snap_data = NULL;
	if (len > 0 && data != NULL) {
		st->snap_data = xrealloc(NULL, len);
		memcpy(st->snap_data, data, len);
	}
	st->snap.data = st->snap_data;
	st->snap.len = st->snap_data ? len : 0;
}

/* The state machine becomes the snapshot's: applied list from its data. */
static void store_sm_from_snapshot(struct sim_store *st,
				   const struct raft_snapshot *snap)
{
	for (raft_index i = 1; i <= snap->index; i++) {
		uint64_t pid = 0;

		if (snap->data != NULL && snap->len >= i * 8)
			memcpy(&pid, snap->data + (i - 1) * 8, 8);
		sim_sm_set(st, i, pid);
	}
	st->applied_index = snap->index;
}

void sim_store_install(struct sim_store *st, const struct raft_snapshot *snap,
		       bool keep_sm)
{
	if (sim_store_term(st, snap->index) == snap->term &&
	    snap->index >= st->snap.index) {
		store_drop_prefix(st, snap->index);
	} else {
		store_truncate(st, 0);
	}
	st->snap.index = snap->index;
	st->snap.term = snap->term;
	st->snap.config = snap->config;
	store_set_snap_data(st, snap->data, snap->len);
	if (!keep_sm)
		store_sm_from_snapshot(st, snap);
	if (st->hs.commit < snap->index)
		st->hs.commit = snap->index;
}

/* Configuration as of index: the last CONF entry at or before it, else the
 * snapshot's. */
static void store_config_at(const struct sim_store *st, raft_index index,
			    struct raft_config *c)
{
	*c = st->snap.config;
	for (raft_index i = st->snap.index + 1; i <= index; i++) {
		const struct raft_entry *e = sim_store_entry(st, i);
		struct raft_config tmp;

		if (e != NULL && e->type == RAFT_ENTRY_CONF &&
		    raft_config_decode(&tmp, e->data, e->len))
			*c = tmp;
	}
}

void sim_store_compact(struct sim_store *st, raft_index index,
		       const uint8_t *data, size_t len)
{
	struct raft_config c;
	raft_term term = sim_store_term(st, index);

	if (index <= st->snap.index || term == 0)
		return;
	store_config_at(st, index, &c);
	store_drop_prefix(st, index);
	st->snap.index = index;
	st->snap.term = term;
	st->snap.config = c;
	store_set_snap_data(st, data, len);
}

void sim_store_boot(const struct sim_store *st, struct raft_boot *boot)
{
	memset(boot, 0, sizeof(*boot));
	boot->hard_state = st->hs;
	boot->snapshot = st->snap;
	boot->n_entries = st->n;
	boot->entries = st->ents;
	/* A store copy may have put the state machine ahead of the log (a
	 * crash before its snapshot offer was stepped): the entries up to it
	 * are skipped when applied again, as node_boot_raft() does. */
	boot->applied = st->applied_index < sim_store_last(st)
			    ? st->applied_index
			    : sim_store_last(st);
}

void sim_sm_set(struct sim_store *st, raft_index i, uint64_t pid)
{
	if (i >= st->applied_cap) {
		size_t cap = st->applied_cap ? st->applied_cap : 64;

		while (cap <= i)
			cap *= 2;
		st->applied = xrealloc(st->applied, cap * sizeof(uint64_t));
		memset(st->applied + st->applied_cap, 0,
		       (cap - st->applied_cap) * sizeof(uint64_t));
		st->applied_cap = cap;
	}
	st->applied[i] = pid;
}

uint8_t *sim_sm_encode(const struct sim_store *st, raft_index upto, size_t *len)
{
	uint8_t *buf = xrealloc(NULL, upto * 8);

	for (raft_index i = 1; i <= upto; i++) {
		uint64_t pid = i < st->applied_cap ? st->applied[i] : 0;

		memcpy(buf + (i - 1) * 8, &pid, 8);
	}
	*len = upto * 8;
	return buf;
}

size_t sim_payload_make(uint64_t pid, uint8_t *buf, size_t cap)
{
	size_t len = 8 + pid % 23;

	if (cap < len)
		return 0;
	memcpy(buf, &pid, 8);
	for (size_t k = 8; k < len; k++)
		buf[k] = (uint8_t)(pid * 31 + k);
	return len;
}

bool sim_payload_parse(const uint8_t *data, size_t len, uint64_t *pid)
{
	uint64_t p;

	if (data == NULL || len < 8)
		return false;
	memcpy(&p, data, 8);
	if (p == 0 || len != 8 + p % 23)
		return false;
	for (size_t k = 8; k < len; k++)
		if (data[k] != (uint8_t)(p * 31 + k))
			return false;
	*pid = p;
	return true;
}
