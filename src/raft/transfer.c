/* transfer.c: leadership transfer to a chosen, caught-up data voter
 * (thesis 3.10). */
#include "raft/raft_int.h"

static void send_timeout_now(struct raft *r, raft_id to)
{
	struct raft_msg m = {.type = RAFT_MSG_TIMEOUT_NOW, .to = to};

	raft_trace(r, "%u: %u is caught up at %llu; tells it to campaign now",
		   r->o.id, to, (unsigned long long)raft_log_last(&r->log));
	raft_send(r, &m, false);
}

/* Thesis 3.10: stop accepting proposals, bring the target up to date, then
 * send TIMEOUT_NOW; give up after an election timeout. */
enum raft_err raft_transfer_leader(struct raft *r, raft_id target)
{
	const struct raft_member *m = raft_config_find(&r->conf, target);
	struct raft_progress *p = raft_progress_get(r, target);

	if (r->role != RAFT_LEADER)
		return RAFT_ERR_NOT_LEADER;
	if (target == r->o.id)
		return RAFT_OK;
	if (!m || !p || m->kind != RAFT_MEMBER_VOTER || m->slave_only)
		return RAFT_ERR_INVALID;
	if (r->transferee == target)
		return RAFT_OK;
	r->transferee = target;
	r->transfer_elapsed = 0;
	raft_trace(r, "%u transfers leadership to %u (match %llu of %llu)",
		   r->o.id, target, (unsigned long long)p->match,
		   (unsigned long long)raft_log_last(&r->log));
	if (p->match == raft_log_last(&r->log))
		send_timeout_now(r, target);
	else
		raft_send_append(r, p, true);
	return RAFT_OK;
}

void raft_transfer_abort(struct raft *r, const char *why)
{
	raft_trace(r,
		   "%u aborts leadership transfer to %u: %s; accepts "
		   "proposals again",
		   r->o.id, r->transferee, why);
	r->transferee = 0;
}

void raft_transfer_tick(struct raft *r)
{
	if (!r->transferee)
		return;
	if (++r->transfer_elapsed >= r->o.election_ticks)
		raft_transfer_abort(r, "no new leader within an election "
				       "timeout");
}

void raft_transfer_check(struct raft *r, struct raft_progress *p)
{
	if (r->transferee == p->id && p->match == raft_log_last(&r->log))
		send_timeout_now(r, p->id);
}

void raft_step_timeout_now(struct raft *r, const struct raft_msg *m)
{
	if (!raft_can_campaign(r) || r->role == RAFT_LEADER) {
		raft_trace(r, "%u ignores TIMEOUT_NOW from %u: it may not lead",
			   r->o.id, m->from);
		return;
	}
	raft_trace(r, "%u campaigns at once: leadership transfer from %u",
		   r->o.id, m->from);
	/* Forced: skips pre-vote, and voters ignore their leader lease. */
	raft_campaign(r, false, true);
}
