/* sim_copy.c: graphd's store copy in the simulator (see sim_copy.h).
 *
 * A store copy is a message of its own: it can be lost, delayed for many
 * ticks, reordered and duplicated, and so reach its receiver after that
 * instance applied more, installed a newer copy, moved to a newer term or
 * became leader itself (graphd issue 12). The receiver applies graphd's
 * fence, raft_fence_check(), the very function src/node/storecopy.c uses;
 * --selftest-unfenced-copies installs every copy instead, and the checker
 * must then catch a state that moved backwards. */
#include "sim_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raft/fence.h"
#include "sim_net.h"
#include "sim_store.h"

void sim_copy_send(struct sim *s, const struct raft_msg *m)
{
	const struct sim_node *from = &s->nodes[m->from];
	struct raft_msg copy = *m;
	uint8_t *data;

	if (from->st.applied_index < m->snapshot.index) {
		sim_failf(s, "snapshot integrity",
			  "node %u offers snapshot %llu but its state machine "
			  "holds only %llu",
			  m->from, (unsigned long long)m->snapshot.index,
			  (unsigned long long)from->st.applied_index);
		return;
	}
	/* The copy reflects the sender's applied index, >= the snapshot's;
	 * its term is the sender's term (StoreCopy.term). */
	copy.snapshot.index = from->st.applied_index;
	copy.snapshot.term = 0;
	data =
	    sim_sm_encode(&from->st, copy.snapshot.index, &copy.snapshot.len);
	copy.snapshot.data = data;
	copy.n_entries = 0;
	copy.entries = NULL;
	if (sim_tracing(s))
		sim_tracef(s,
			   "sim: node %u streams a store copy (term %llu, "
			   "applied %llu) to %u",
			   m->from, (unsigned long long)m->term,
			   (unsigned long long)copy.snapshot.index, m->to);
	sim_net_send_copy(s, &copy);
	free(data);
	sim_net_send(s, m);
}

static void fence_self(const struct sim_node *n, struct raft_fence_self *self)
{
	struct raft_status st;

	raft_status(n->r, &st);
	self->role = st.role;
	self->term = st.term;
	self->leader = st.leader;
	self->applied = n->st.applied_index;
}

/* What installing the copy would do to n, checked before it is done: a
 * leader never installs one, the applied index never goes back, and what
 * was applied stays as it was. */
static void check_install(struct sim *s, const struct sim_node *n,
			  const struct raft_fence_self *self,
			  const struct raft_msg *m)
{
	raft_index a = m->snapshot.index, upto;

	if (self->role == RAFT_LEADER)
		sim_failf(s, "state never moves backwards",
			  "leader %u (term %llu) installs a store copy from "
			  "%u (term %llu, applied %llu)",
			  n->id, (unsigned long long)self->term, m->from,
			  (unsigned long long)m->term, (unsigned long long)a);
	if (a < n->st.applied_index)
		sim_failf(s, "state never moves backwards",
			  "node %u (%s, term %llu) installs a store copy from "
			  "%u (term %llu) at %llu over applied %llu",
			  n->id, raft_role_str(self->role),
			  (unsigned long long)self->term, m->from,
			  (unsigned long long)m->term, (unsigned long long)a,
			  (unsigned long long)n->st.applied_index);
	upto = a < n->st.applied_index ? a : n->st.applied_index;
	for (raft_index i = 1; i <= upto && !s->failed; i++) {
		uint64_t pid;

		memcpy(&pid, m->snapshot.data + (i - 1) * 8, 8);
		if (i < n->st.applied_cap && n->st.applied[i] != pid)
			sim_failf(s, "state never moves backwards",
				  "node %u: a store copy from %u replaces "
				  "proposal %llu at %llu with %llu",
				  n->id, m->from,
				  (unsigned long long)n->st.applied[i],
				  (unsigned long long)i,
				  (unsigned long long)pid);
	}
}

static void install(struct sim *s, struct sim_node *n, const struct raft_msg *m)
{
	for (raft_index i = 1; i <= m->snapshot.index; i++) {
		uint64_t pid;

		memcpy(&pid, m->snapshot.data + (i - 1) * 8, 8);
		sim_sm_set(&n->st, i, pid);
	}
	n->st.applied_index = m->snapshot.index;
	n->copy_ready = true;
	n->copy_from = m->from;
	n->copy_applied = m->snapshot.index;
	s->n_copies++;
}

void sim_copy_deliver(struct sim *s, const struct raft_msg *m)
{
	struct sim_node *n = &s->nodes[m->to];
	struct raft_fence_copy c = {
	    .from = m->from, .term = m->term, .applied = m->snapshot.index};
	struct raft_fence_self self;
	enum raft_fence v;

	if (n->kind == SIM_ARBITER)
		return;
	if (m->snapshot.len != m->snapshot.index * 8) {
		sim_failf(s, "snapshot integrity",
			  "node %u gets a store copy at %llu with %zu bytes",
			  n->id, (unsigned long long)m->snapshot.index,
			  m->snapshot.len);
		return;
	}
	fence_self(n, &self);
	v = s->p.unfenced ? RAFT_FENCE_ACCEPT : raft_fence_check(&self, &c);
	if (sim_tracing(s))
		sim_tracef(s,
			   "sim: node %u (%s, term %llu, leader %u, "
			   "applied %llu) %s a store copy from %u (term "
			   "%llu, applied %llu): %s",
			   n->id, raft_role_str(self.role),
			   (unsigned long long)self.term, self.leader,
			   (unsigned long long)self.applied,
			   v == RAFT_FENCE_ACCEPT ? "installs" : "refuses",
			   m->from, (unsigned long long)m->term,
			   (unsigned long long)m->snapshot.index,
			   raft_fence_str(v));
	if (v != RAFT_FENCE_ACCEPT) {
		s->n_copies_refused++;
		return;
	}
	check_install(s, n, &self, m);
	if (s->failed)
		return;
	install(s, n, m);
	sim_check_forward(s, n);
}

bool sim_copy_offer(struct sim *s, struct sim_node *n, const struct raft_msg *m)
{
	struct raft_fence_copy c = {
	    .from = m->from, .term = m->term, .applied = m->snapshot.index};
	struct raft_fence_self self;
	struct raft_msg no = {.type = RAFT_MSG_SNAPSHOT_RESP,
			      .from = n->id,
			      .to = m->from,
			      .term = m->term,
			      .reject = true};

	if (n->copy_ready && n->copy_from == m->from &&
	    n->copy_applied >= m->snapshot.index) {
		n->copy_ready = false;
		return true;
	}
	/* The state machine already holds the snapshot. */
	fence_self(n, &self);
	if (raft_fence_check(&self, &c) == RAFT_FENCE_NOT_NEWER)
		return true;
	if (sim_tracing(s))
		sim_tracef(s,
			   "sim: node %u refuses snapshot offer %llu from %u "
			   "without a store copy",
			   n->id, (unsigned long long)m->snapshot.index,
			   m->from);
	sim_net_send(s, &no);
	return false;
}

void sim_check_forward(struct sim *s, struct sim_node *n)
{
	if (n->st.applied_index < n->sm_high)
		sim_failf(s, "state never moves backwards",
			  "node %u's state machine went from applied %llu "
			  "back to %llu",
			  n->id, (unsigned long long)n->sm_high,
			  (unsigned long long)n->st.applied_index);
	else
		n->sm_high = n->st.applied_index;
}
