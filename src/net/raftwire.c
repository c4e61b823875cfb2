/* raftwire.c: struct raft_msg <-> RaftMessage, field for field.
 *
 * The consensus core trusts what it is stepped with, so the decoder checks
 * what the core cannot: the type is known, every entry's type is known, a
 * snapshot's configuration decodes. The runtime checks that `from` is the
 * instance that said hello on the connection. */
#include "net/raftwire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int raftwire_encode(const struct raft_msg *m, struct raftwire_out *st)
{
	Graphd__RaftMessage *out = &st->msg;
	size_t n = m->n_entries;

	memset(st, 0, sizeof(*st));
	graphd__raft_message__init(out);
	if (n && (!(st->entries = calloc(n, sizeof(*st->entries))) ||
		  !(st->ptrs = calloc(n, sizeof(*st->ptrs))))) {
		raftwire_out_free(st);
		return -1;
	}
	out->type = m->type;
	out->from = m->from;
	out->to = m->to;
	out->term = m->term;
	out->log_term = m->log_term;
	out->index = m->index;
	out->commit = m->commit;
	out->reject = m->reject;
	out->reject_hint = m->reject_hint;
	out->hint_term = m->hint_term;
	out->context = m->context;
	for (size_t i = 0; i < n; i++) {
		const struct raft_entry *e = &m->entries[i];
		Graphd__RaftEntry *w = &st->entries[i];

		graphd__raft_entry__init(w);
		w->term = e->term;
		w->index = e->index;
		w->type = e->type;
		w->stripped = e->stripped;
		w->data.data = e->data;
		w->data.len = e->stripped ? 0 : e->len;
		st->ptrs[i] = w;
	}
	out->n_entries = n;
	out->entries = st->ptrs;
	if (m->type == RAFT_MSG_SNAPSHOT) {
		graphd__raft_snapshot_meta__init(&st->snap);
		st->snap.index = m->snapshot.index;
		st->snap.term = m->snapshot.term;
		st->snap.config.len = raft_config_encode(
		    &m->snapshot.config, st->config, sizeof(st->config));
		st->snap.config.data = st->config;
		out->snapshot = &st->snap;
	}
	return 0;
}

void raftwire_out_free(struct raftwire_out *st)
{
	free(st->entries);
	free(st->ptrs);
	st->entries = NULL;
	st->ptrs = NULL;
	st->msg.n_entries = 0;
	st->msg.entries = NULL;
}

int raftwire_decode(const Graphd__RaftMessage *in, struct raft_msg *m,
		    char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	if (in->type >= RAFT_MSG_TYPE_COUNT) {
		snprintf(err, errlen, "unknown consensus message type %u",
			 in->type);
		return -1;
	}
	m->type = (uint8_t)in->type;
	m->from = in->from;
	m->to = in->to;
	m->term = in->term;
	m->log_term = in->log_term;
	m->index = in->index;
	m->commit = in->commit;
	m->reject = in->reject;
	m->reject_hint = in->reject_hint;
	m->hint_term = in->hint_term;
	m->context = in->context;
	if (in->n_entries &&
	    !(m->entries = calloc(in->n_entries, sizeof(*m->entries)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->n_entries = in->n_entries;
	for (size_t i = 0; i < in->n_entries; i++) {
		const Graphd__RaftEntry *w = in->entries[i];
		struct raft_entry *e = &m->entries[i];

		if (w->type > RAFT_ENTRY_NOOP) {
			snprintf(err, errlen, "entry %llu has unknown type %u",
				 (unsigned long long)w->index, w->type);
			raftwire_decoded_free(m);
			return -1;
		}
		e->term = w->term;
		e->index = w->index;
		e->type = (uint8_t)w->type;
		e->stripped = w->stripped;
		e->data = w->data.len ? w->data.data : NULL;
		e->len = w->data.len;
	}
	if (m->type == RAFT_MSG_SNAPSHOT) {
		if (!in->snapshot ||
		    !raft_config_decode(&m->snapshot.config,
					in->snapshot->config.data,
					in->snapshot->config.len)) {
			snprintf(err, errlen,
				 "snapshot offer without a valid membership");
			raftwire_decoded_free(m);
			return -1;
		}
		m->snapshot.index = in->snapshot->index;
		m->snapshot.term = in->snapshot->term;
	}
	return 0;
}

void raftwire_decoded_free(struct raft_msg *m)
{
	free(m->entries);
	m->entries = NULL;
	m->n_entries = 0;
}
