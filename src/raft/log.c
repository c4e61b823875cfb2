/* log.c: the in-memory Raft log from the snapshot point on, with the
 * bookkeeping of what is unstable (not yet handed out to persist). */
#include "raft/raft_int.h"

#include <stdlib.h>
#include <string.h>

raft_index raft_log_last(const struct raft_log *l)
{
	return l->snap_index + l->n;
}

raft_term raft_log_last_term(const struct raft_log *l)
{
	return l->n ? l->ents[l->n - 1].term : l->snap_term;
}

struct raft_entry *raft_log_at(const struct raft_log *l, raft_index i)
{
	if (i <= l->snap_index || i > raft_log_last(l))
		return NULL;
	return &l->ents[i - l->snap_index - 1];
}

raft_term raft_log_term(const struct raft_log *l, raft_index i)
{
	const struct raft_entry *e;

	if (i == l->snap_index)
		return l->snap_term;
	e = raft_log_at(l, i);
	return e ? e->term : 0;
}

int raft_log_append(struct raft_log *l, const struct raft_entry *e, bool strip)
{
	struct raft_entry *d;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct raft_entry *v = realloc(l->ents, cap * sizeof(*v));

		if (!v)
			return -1;
		l->ents = v;
		l->cap = cap;
	}
	d = &l->ents[l->n];
	*d = *e;
	d->index = raft_log_last(l) + 1;
	d->data = NULL;
	if (e->stripped || (strip && e->type == RAFT_ENTRY_NORMAL)) {
		/* Witnesses keep only (index, term) of graph transactions. */
		d->stripped = true;
		d->len = 0;
	} else if (e->len) {
		d->data = malloc(e->len);
		if (!d->data)
			return -1;
		memcpy(d->data, e->data, e->len);
	}
	l->n++;
	return 0;
}

void raft_log_truncate(struct raft_log *l, raft_index i)
{
	while (l->n && raft_log_last(l) >= i) {
		free(l->ents[l->n - 1].data);
		l->n--;
	}
	/* Whatever was stored from i on is replaced: it must be written
	 * again, and the copy in flight no longer counts as durable. */
	if (l->unstable > i)
		l->unstable = i;
	if (l->persisted >= i)
		l->persisted = i - 1;
	if (l->inflight >= i)
		l->inflight = i - 1;
}

void raft_log_compact(struct raft_log *l, raft_index i)
{
	size_t k;

	if (i <= l->snap_index)
		return;
	if (i > raft_log_last(l))
		i = raft_log_last(l);
	k = (size_t)(i - l->snap_index);
	l->snap_term = raft_log_term(l, i);
	for (size_t j = 0; j < k; j++)
		free(l->ents[j].data);
	memmove(l->ents, l->ents + k, (l->n - k) * sizeof(*l->ents));
	l->n -= k;
	l->snap_index = i;
}

void raft_log_reset(struct raft_log *l, raft_index idx, raft_term term)
{
	for (size_t j = 0; j < l->n; j++)
		free(l->ents[j].data);
	l->n = 0;
	l->snap_index = idx;
	l->snap_term = term;
	l->commit = idx;
	l->unstable = idx + 1;
	l->persisted = idx;
	l->inflight = 0;
}

void raft_log_free(struct raft_log *l)
{
	for (size_t j = 0; j < l->n; j++)
		free(l->ents[j].data);
	free(l->ents);
	l->ents = NULL;
	l->n = l->cap = 0;
}

/* Raft paper 5.4.1: the log with the later last term is more up to date;
 * with equal last terms, the longer log is. */
bool raft_log_up_to_date(const struct raft_log *l, raft_term term,
			 raft_index index)
{
	raft_term lt = raft_log_last_term(l);

	return term > lt || (term == lt && index >= raft_log_last(l));
}

raft_index raft_log_find_conflict_by_term(const struct raft_log *l,
					  raft_index i, raft_term term)
{
	if (i > raft_log_last(l))
		i = raft_log_last(l);
	while (i > l->snap_index && raft_log_term(l, i) > term)
		i--;
	return i;
}
