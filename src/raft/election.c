/* election.c: randomized election timeouts, pre-vote, vote granting, the
 * leader lease that protects a live leader, and check-quorum. */
#include "raft/raft_int.h"

/* True when the only voter is this instance. */
static bool sole_voter(const struct raft *r)
{
	uint32_t v = raft_voter_mask(&r->conf);
	int slot = raft_conf_slot(&r->conf, r->o.id);

	return slot >= 0 && v == (1u << slot);
}

void raft_tick_election(struct raft *r)
{
	if (!raft_can_campaign(r)) {
		/* Arbiters, learners and slave_only voters only wait. */
		r->election_elapsed++;
		return;
	}
	r->election_elapsed++;
	if (sole_voter(r) || r->election_elapsed >= r->timeout) {
		raft_trace(r,
			   "%u heard no leader for %u ticks at term %llu; "
			   "starts an election",
			   r->o.id, r->election_elapsed,
			   (unsigned long long)r->term);
		raft_campaign(r, r->o.pre_vote, false);
	}
}

static void request_votes(struct raft *r, bool pre, bool forced)
{
	for (uint32_t i = 0; i < r->conf.n; i++) {
		const struct raft_member *mb = &r->conf.members[i];
		struct raft_msg m = {
		    .type = pre ? RAFT_MSG_PREVOTE : RAFT_MSG_VOTE,
		    .to = mb->id,
		    .term = pre ? r->term + 1 : r->term,
		    .log_term = raft_log_last_term(&r->log),
		    .index = raft_log_last(&r->log),
		    .context = forced ? 1 : 0,
		};

		if (mb->id == r->o.id || mb->kind == RAFT_MEMBER_LEARNER)
			continue;
		/* A real vote request goes out only once our own vote for
		 * ourselves is durable; a pre-vote changes nothing. */
		raft_send(r, &m, !pre);
	}
}

/* Pre-vote (thesis 9.6) asks "would you vote for me?" without raising the
 * term, so a rejoining partitioned instance cannot depose a live leader. */
void raft_campaign(struct raft *r, bool pre, bool forced)
{
	int slot = raft_conf_slot(&r->conf, r->o.id);

	if (!raft_can_campaign(r))
		return;
	raft_reads_clear(r);
	r->leader = 0;
	r->transferee = 0;
	/* Outside the configuration (a pending self-removal) our own vote
	 * does not count. */
	r->votes_granted = slot >= 0 ? 1u << slot : 0;
	r->votes_rejected = 0;
	if (pre) {
		r->role = RAFT_PRE_CANDIDATE;
	} else {
		r->role = RAFT_CANDIDATE;
		r->term++;
		r->vote = r->o.id;
	}
	raft_reset_timeout(r);
	raft_trace(r, "%u becomes %s for term %llu with log %llu/%llu", r->o.id,
		   pre ? "pre-candidate" : "candidate",
		   (unsigned long long)(pre ? r->term + 1 : r->term),
		   (unsigned long long)raft_log_last_term(&r->log),
		   (unsigned long long)raft_log_last(&r->log));
	if (raft_quorum_has(&r->conf, r->votes_granted)) {
		if (pre)
			raft_campaign(r, false, forced);
		else
			raft_become_leader(r);
		return;
	}
	request_votes(r, pre, forced);
}

/* The runtime saw the connection to the leader break (its process died:
 * the kernel closed the socket). Waiting out the election timeout would only
 * add latency to the failover: forget the leader, which also ends its lease
 * here so that this instance grants votes, and campaign now. Safety does not
 * depend on when elections start; a leader that is in fact alive keeps the
 * other followers in its lease, so the pre-vote fails and it stays leader. */
void raft_leader_lost(struct raft *r)
{
	raft_trace(r,
		   "%u lost its connection to leader %u at term %llu; "
		   "%s",
		   r->o.id, r->leader, (unsigned long long)r->term,
		   raft_can_campaign(r) ? "starts an election now"
					: "no longer follows it");
	r->leader = 0;
	if (raft_can_campaign(r))
		raft_campaign(r, r->o.pre_vote, false);
	raft_debug_check(r);
}

/* With check-quorum, a follower that heard from a leader within the
 * election timeout ignores (pre)votes (thesis 4.2.3), unless the candidate
 * was told to campaign by a leadership transfer. */
bool raft_in_lease(const struct raft *r, const struct raft_msg *m)
{
	if (!r->o.check_quorum || r->leader == 0 || m->context == 1 ||
	    r->election_elapsed >= r->o.election_ticks)
		return false;
	raft_trace(r,
		   "%u ignores %s from %u for term %llu: leader %u heard "
		   "within the election timeout",
		   r->o.id, raft_msg_type_str(m->type), m->from,
		   (unsigned long long)m->term, r->leader);
	return true;
}

void raft_step_vote(struct raft *r, const struct raft_msg *m)
{
	bool pre = m->type == RAFT_MSG_PREVOTE;
	bool can = r->vote == m->from || (r->vote == 0 && r->leader == 0) ||
		   (pre && m->term > r->term);
	bool fresh = raft_log_up_to_date(&r->log, m->log_term, m->index);
	struct raft_msg resp = {
	    .type = pre ? RAFT_MSG_PREVOTE_RESP : RAFT_MSG_VOTE_RESP,
	    .to = m->from,
	};

	/* A removed member no longer votes (it is no member). */
	resp.reject = !(can && fresh) || r->removed;
	/* A granted pre-vote answers in the candidate's future term. */
	resp.term = resp.reject ? r->term : m->term;
	raft_trace(r,
		   "%u %s %svote to %u at term %llu: candidate log %llu/%llu "
		   "%s ours %llu/%llu%s",
		   r->o.id, resp.reject ? "refuses" : "grants",
		   pre ? "pre-" : "", m->from, (unsigned long long)m->term,
		   (unsigned long long)m->log_term,
		   (unsigned long long)m->index, fresh ? ">=" : "<",
		   (unsigned long long)raft_log_last_term(&r->log),
		   (unsigned long long)raft_log_last(&r->log),
		   can ? "" : " (already voted or following a leader)");
	if (!resp.reject && !pre) {
		r->vote = m->from;
		r->election_elapsed = 0;
	}
	/* A granted vote promises durability of the vote: after persist. */
	raft_send(r, &resp, !pre);
}

void raft_step_vote_resp(struct raft *r, const struct raft_msg *m)
{
	bool pre = m->type == RAFT_MSG_PREVOTE_RESP;
	int slot = raft_conf_slot(&r->conf, m->from);

	if (slot < 0 || (pre && r->role != RAFT_PRE_CANDIDATE) ||
	    (!pre && r->role != RAFT_CANDIDATE))
		return;
	if (m->reject)
		r->votes_rejected |= 1u << slot;
	else
		r->votes_granted |= 1u << slot;
	if (raft_quorum_has(&r->conf, r->votes_granted)) {
		if (pre)
			raft_campaign(r, false, false);
		else
			raft_become_leader(r);
	} else if (raft_quorum_has(&r->conf, r->votes_rejected)) {
		raft_trace(r, "%u lost the %selection at term %llu", r->o.id,
			   pre ? "pre-" : "", (unsigned long long)r->term);
		raft_become_follower(r, r->term, 0);
	}
}

/* Check-quorum (thesis 6.2): a leader that has not heard from a majority
 * within an election timeout steps down, so a minority side of a partition
 * never keeps a writable leader. */
void raft_check_quorum(struct raft *r)
{
	uint32_t active = 0;
	int n = 0;

	for (uint32_t i = 0; i < r->n_prs; i++) {
		struct raft_progress *p = &r->prs[i];
		int slot = raft_conf_slot(&r->conf, p->id);

		if (slot < 0)
			continue;
		if (p->id == r->o.id || p->recent_active) {
			active |= 1u << slot;
			n++;
		}
		if (p->id != r->o.id)
			p->recent_active = false;
	}
	if (raft_quorum_has(&r->conf, active))
		return;
	raft_trace(r,
		   "%u steps down at term %llu: heard from only %d members "
		   "within an election timeout, not a quorum of voters",
		   r->o.id, (unsigned long long)r->term, n);
	raft_become_follower(r, r->term, 0);
}
