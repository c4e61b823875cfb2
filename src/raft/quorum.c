/* quorum.c: majorities over the voters (data voters and arbiters; learners
 * never count) and the leader's commit rule. */
#include "raft/raft_int.h"

int raft_conf_slot(const struct raft_config *c, raft_id id)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (c->members[i].id == id)
			return (int)i;
	return -1;
}

uint32_t raft_voter_mask(const struct raft_config *c)
{
	uint32_t mask = 0;

	for (uint32_t i = 0; i < c->n; i++)
		if (c->members[i].kind != RAFT_MEMBER_LEARNER)
			mask |= 1u << i;
	return mask;
}

bool raft_quorum_has(const struct raft_config *c, uint32_t mask)
{
	uint32_t voters = raft_voter_mask(c);
	int n = __builtin_popcount(voters);

	return n > 0 && __builtin_popcount(mask & voters) > n / 2;
}

/* The highest index a majority of voters has durably stored. With data_only
 * the arbiters count as having nothing: what the data voters alone reach. */
raft_index raft_quorum_commit(struct raft *r, bool data_only)
{
	raft_index v[RAFT_MAX_MEMBERS];
	int n = 0;

	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *m = &r->conf.members[i];
		const struct raft_progress *p = raft_progress_get(r, m->id);

		if (m->kind == RAFT_MEMBER_LEARNER)
			continue;
		if (!p || (data_only && m->kind == RAFT_MEMBER_ARBITER))
			v[n++] = 0;
		else
			v[n++] = p->match;
	}
	if (n == 0)
		return 0;
	/* Insertion sort, descending: at most RAFT_MAX_MEMBERS values. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j] > v[j - 1]; j--) {
			raft_index t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* The highest match of a data voter of the configuration that may lead
 * (ourselves included when we are one). */
raft_index raft_data_voter_max(struct raft *r)
{
	raft_index max = 0;

	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *m = &r->conf.members[i];
		const struct raft_progress *p = raft_progress_get(r, m->id);

		if (m->kind == RAFT_MEMBER_VOTER && !m->slave_only && p &&
		    p->match > max)
			max = p->match;
	}
	return max;
}

/* Leaders: "If there exists an N such that N > commitIndex, a majority of
 * matchIndex[i] >= N, and log[N].term == currentTerm: set commitIndex = N"
 * (Raft paper, Figure 2). The term condition is the Figure 8 fix: an entry
 * of an earlier term is never committed by counting replicas. */
bool raft_maybe_commit(struct raft *r)
{
	raft_index n = raft_quorum_commit(r, false);
	raft_index d = raft_data_voter_max(r);

	/* Witnesses hold no data: a quorum made of arbiters plus a leader
	 * that removed itself would commit what no member can serve. Every
	 * committed entry is on at least one data voter of the configuration
	 * that may lead (Paris & Long: witnesses alone never make a write
	 * durable), so some electable member always holds the whole committed
	 * log. Our own match counts when we are such a voter. */
	if (d < n)
		n = d;

	if (n <= r->log.commit)
		return false;
	if (raft_log_term(&r->log, n) != r->term) {
		raft_trace(r,
			   "%u does not commit %llu by counting: its term %llu "
			   "is not the current term %llu (Figure 8)",
			   r->o.id, (unsigned long long)n,
			   (unsigned long long)raft_log_term(&r->log, n),
			   (unsigned long long)r->term);
		return false;
	}
	return raft_commit_to(r, n);
}
