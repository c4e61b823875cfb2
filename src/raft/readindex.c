/* readindex.c: linearizable reads without log writes (thesis 6.4): the
 * leader records its commit index, confirms it still leads with a heartbeat
 * round to a quorum, then releases the read at that index. */
#include "raft/raft_int.h"

#include <stdlib.h>
#include <string.h>

void raft_read_push(struct raft *r, uint64_t ctx, raft_index index)
{
	if (r->n_rs == r->cap_rs) {
		size_t cap = r->cap_rs ? r->cap_rs * 2 : 8;
		struct raft_read_state *v = realloc(r->rs, cap * sizeof(*v));

		if (!v)
			return; /* the caller times out and retries */
		r->rs = v;
		r->cap_rs = cap;
	}
	r->rs[r->n_rs++] = (struct raft_read_state){ctx, index};
}

void raft_reads_clear(struct raft *r)
{
	r->n_reads = 0;
}

static bool committed_in_term(const struct raft *r)
{
	return raft_log_term(&r->log, r->log.commit) == r->term;
}

static void release(struct raft *r, const struct raft_read *rd)
{
	struct raft_msg m = {
	    .type = RAFT_MSG_READ_INDEX_RESP,
	    .to = rd->from,
	    .index = rd->index,
	    .context = rd->context,
	};

	if (rd->from == r->o.id)
		raft_read_push(r, rd->context, rd->index);
	else
		raft_send(r, &m, false);
}

/* Releases every read up to the newest one a quorum confirmed. */
static void release_confirmed(struct raft *r)
{
	uint32_t upto = 0;

	for (uint32_t i = 0; i < r->n_reads; i++)
		if (r->reads[i].ready &&
		    raft_quorum_has(&r->conf, r->reads[i].acks))
			upto = i + 1;
	for (uint32_t i = 0; i < upto; i++)
		release(r, &r->reads[i]);
	memmove(r->reads, r->reads + upto,
		(r->n_reads - upto) * sizeof(r->reads[0]));
	r->n_reads -= upto;
}

/* Starts the confirmation round for every read still waiting. */
static void confirm(struct raft *r)
{
	int slot = raft_conf_slot(&r->conf, r->o.id);
	uint64_t seq = ++r->read_seq;
	bool any = false;

	for (uint32_t i = 0; i < r->n_reads; i++) {
		struct raft_read *rd = &r->reads[i];

		if (rd->ready)
			continue;
		rd->ready = true;
		rd->index = r->log.commit;
		rd->seq = seq;
		rd->acks = slot >= 0 ? 1u << slot : 0;
		any = true;
	}
	release_confirmed(r);
	if (any && r->n_reads)
		raft_bcast_heartbeat(r, seq);
}

static enum raft_err leader_read(struct raft *r, raft_id from, uint64_t ctx)
{
	if (r->n_reads == RAFT_MAX_READS)
		return RAFT_ERR_NOMEM;
	r->reads[r->n_reads++] =
	    (struct raft_read){.context = ctx, .from = from};
	/* Until an entry of this term commits, the leader does not know the
	 * latest commit index (thesis 6.4 step 1): the read waits. */
	if (committed_in_term(r))
		confirm(r);
	return RAFT_OK;
}

void raft_read_on_commit(struct raft *r)
{
	if (r->role == RAFT_LEADER && r->n_reads && committed_in_term(r))
		confirm(r);
}

void raft_read_ack(struct raft *r, raft_id from, uint64_t ctx)
{
	int slot = raft_conf_slot(&r->conf, from);

	if (ctx == 0 || slot < 0)
		return;
	for (uint32_t i = 0; i < r->n_reads; i++)
		if (r->reads[i].ready && r->reads[i].seq <= ctx)
			r->reads[i].acks |= 1u << slot;
	release_confirmed(r);
}

void raft_step_read_index(struct raft *r, const struct raft_msg *m)
{
	if (m->type == RAFT_MSG_READ_INDEX_RESP) {
		raft_read_push(r, m->context, m->index);
		return;
	}
	if (r->role == RAFT_LEADER)
		leader_read(r, m->from, m->context);
}

enum raft_err raft_read_index(struct raft *r, uint64_t context)
{
	struct raft_msg m = {.type = RAFT_MSG_READ_INDEX};

	if (r->role == RAFT_LEADER)
		return leader_read(r, r->o.id, context);
	if (r->leader == 0)
		return RAFT_ERR_NOT_LEADER;
	m.to = r->leader;
	m.context = context;
	raft_send(r, &m, false);
	return RAFT_OK;
}
