/* trace.c: one line per decision for operators and the simulator, and the
 * invariant check run after every step in debug builds. */
#include "raft/raft_int.h"

#include <stdarg.h>
#include <stdio.h>

void raft_trace(const struct raft *r, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!r->o.trace)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	r->o.trace(r->o.trace_ctx, line);
}

static bool fail(char *buf, size_t len, const char *what, unsigned long long a,
		 unsigned long long b)
{
	if (buf && len)
		snprintf(buf, len, "%s (%llu vs %llu)", what, a, b);
	return false;
}

static bool check_log(const struct raft *r, char *buf, size_t len)
{
	const struct raft_log *l = &r->log;
	raft_term prev = l->snap_term;

	if (l->commit > raft_log_last(l))
		return fail(buf, len, "commit index beyond last log index",
			    l->commit, raft_log_last(l));
	if (l->applied > l->commit || l->applying > l->commit)
		return fail(buf, len, "applied beyond commit", l->applying,
			    l->commit);
	for (size_t i = 0; i < l->n; i++) {
		const struct raft_entry *e = &l->ents[i];

		if (e->index != l->snap_index + 1 + i)
			return fail(buf, len, "log indexes not contiguous",
				    e->index, l->snap_index + 1 + i);
		if (e->term < prev)
			return fail(buf, len, "log terms decreasing", e->term,
				    prev);
		prev = e->term;
		if (r->o.arbiter && e->type == RAFT_ENTRY_NORMAL &&
		    (e->data || !e->stripped))
			return fail(buf, len, "arbiter holds a NORMAL payload",
				    e->index, e->len);
	}
	if (r->term < prev)
		return fail(buf, len, "log term above current term", prev,
			    r->term);
	return true;
}

bool raft_check_invariants(const struct raft *r, char *buf, size_t len)
{
	if (!check_log(r, buf, len))
		return false;
	if (r->role == RAFT_LEADER) {
		const struct raft_progress *p = NULL;

		for (uint32_t i = 0; i < r->n_prs; i++)
			if (r->prs[i].id == r->o.id)
				p = &r->prs[i];
		if (p && p->match != r->log.persisted)
			return fail(buf, len,
				    "leader self-match differs from persisted "
				    "last index",
				    p->match, r->log.persisted);
		if (r->leader != r->o.id)
			return fail(buf, len, "leader does not know itself",
				    r->leader, r->o.id);
		if (r->o.arbiter)
			return fail(buf, len, "an arbiter leads", r->o.id, 0);
	}
	if (r->role != RAFT_LEADER && r->leader == r->o.id)
		return fail(buf, len, "non-leader names itself leader", r->role,
			    r->leader);
	if (r->vote && r->term == 0)
		return fail(buf, len, "vote recorded at term 0", r->vote, 0);
	if (r->log.persisted > raft_log_last(&r->log))
		return fail(buf, len, "persisted beyond last index",
			    r->log.persisted, raft_log_last(&r->log));
	return true;
}
