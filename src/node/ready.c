/* ready.c: the Ready loop (see raft.h for the order of its steps).
 *
 * Group commit as in Redis' beforeSleep: client writes and ticks only call
 * into the consensus core and schedule one lowest-priority event; that event
 * runs after every I/O callback of the loop turn, so all writes staged in the
 * turn reach the disk in ONE store_raftlog_save, i.e. one fsync. */
#include "node/ready.h"

#include <inttypes.h>
#include <stdio.h>

#include "graph/apply.h"
#include "node/reads.h"
#include "node/writes.h"
#include "util/log.h"

/* Bound on Readys handled in one loop turn; more wait for the next turn so
 * that clients are served in between. */
#define READY_MAX_PER_TURN 64

static void ready_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ready_run(arg);
}

int ready_init(struct node *n)
{
	n->ready_ev = event_new(n->base, -1, 0, ready_cb, n);
	if (!n->ready_ev ||
	    event_priority_set(n->ready_ev, NODE_PRIO_READY) < 0)
		return -1;
	return 0;
}

void ready_schedule(struct node *n)
{
	if (!n->ready_ev)
		return;
	if (n->ready_since_ms == 0)
		n->ready_since_ms = node_now_ms();
	event_active(n->ready_ev, EV_TIMEOUT, 0);
}

/* libevent runs a lower priority only in a loop turn without active I/O, so
 * a steady stream of client I/O could starve the Ready loop. The tick timer
 * calls this: a Ready waiting longer than one heartbeat runs now. */
void ready_unstarve(struct node *n)
{
	if (n->ready_since_ms != 0 &&
	    node_now_ms() - n->ready_since_ms >= n->cfg.heartbeat_interval_ms)
		ready_run(n);
}

/* Role changes, in the words an operator of Neo4j HA knows. */
static void ready_soft_state(struct node *n, const struct raft_soft_state *ss,
			     bool *became_leader)
{
	if (ss->role == RAFT_LEADER && n->ss.role != RAFT_LEADER)
		*became_leader = true;
	else if (ss->role != RAFT_LEADER && n->ss.role == RAFT_LEADER)
		log_warn("Instance %" PRIu32 " (this server) is no longer "
			 "master; writes wait for a new master",
			 n->cfg.server_id);
	n->ss = *ss;
}

/* A single instance has no peers: the core addresses nobody. The cluster
 * issue sends these over the cluster port. */
static void ready_send(struct node *n, const struct raft_msg *msgs, size_t nm)
{
	(void)n;
	for (size_t i = 0; i < nm; i++)
		log_debug("dropping %s to instance %" PRIu32
			  ": no cluster connections in this mode",
			  raft_msg_type_str(msgs[i].type), msgs[i].to);
}

/* Raft paper, Figure 2: persist currentTerm, votedFor and log[] before
 * answering; here the hard state and every entry of this Ready go to the
 * disk in one Berkeley DB transaction (one fsync). */
static int ready_persist(struct node *n, const struct raft_ready *rd)
{
	char err[512];

	if (!rd->has_hard_state && rd->n_entries == 0 && !rd->has_snapshot)
		return 0;
	if (store_raftlog_save(n->rlog,
			       rd->has_hard_state ? &rd->hard_state : NULL,
			       rd->entries, rd->n_entries,
			       rd->has_snapshot ? &rd->snapshot : NULL, err,
			       sizeof(err)) < 0) {
		node_fail(n,
			  "cannot write the transaction log in %s: %s; this "
			  "instance stops accepting writes",
			  n->cfg.data_dir, err);
		return -1;
	}
	if (rd->has_hard_state)
		n->hs = rd->hard_state;
	if (rd->has_snapshot)
		log_warn("Instance %" PRIu32 " received a store copy up to "
			 "transaction %" PRIu64 ", which a single instance "
			 "cannot install; its graph is unchanged",
			 n->cfg.server_id, (uint64_t)rd->snapshot.index);
	return 0;
}

/* Committed entries are applied in log order, each in one Berkeley DB
 * transaction with applied_index (exactly once across crashes). */
static int ready_apply(struct node *n, const struct raft_ready *rd)
{
	char err[512];

	for (size_t i = 0; i < rd->n_committed; i++) {
		const struct raft_entry *e = &rd->committed[i];
		struct graph_apply_out out = {0};

		if (graph_apply(n->graph, e, &out, err, sizeof(err)) < 0) {
			node_fail(n,
				  "cannot apply transaction %" PRIu64
				  " to the graph store in %s: %s; this "
				  "instance stops accepting writes",
				  (uint64_t)e->index, n->cfg.data_dir, err);
			return -1;
		}
		if (e->index > n->applied) {
			n->applied = e->index;
			n->applied_term = e->term;
		}
		writes_applied(n, e->index, &out);
	}
	return 0;
}

/* The graph store is the snapshot (it holds the state machine up to
 * applied_index), so the log up to applied can go (thesis 5.1). */
static void ready_compact(struct node *n)
{
	struct raft_status st;
	char err[512];
	enum raft_err rc;

	if (n->failed || n->applied_term == 0 ||
	    n->applied < n->compacted + NODE_COMPACT_EVERY)
		return;
	raft_status(n->raft, &st);
	if (store_raftlog_compact(n->rlog, n->applied, n->applied_term,
				  &st.config, err, sizeof(err)) < 0) {
		log_warn("cannot compact the transaction log in %s up to "
			 "transaction %" PRIu64 ": %s; the log keeps growing, "
			 "retrying after %d more transactions",
			 n->cfg.data_dir, (uint64_t)n->applied, err,
			 NODE_COMPACT_EVERY);
		n->compacted = n->applied;
		return;
	}
	rc = raft_compact(n->raft, n->applied, NULL, 0);
	if (rc != RAFT_OK)
		log_warn("consensus core refused to compact its log up to "
			 "transaction %" PRIu64 ": %s",
			 (uint64_t)n->applied, raft_err_str(rc));
	log_info("Transaction log compacted up to transaction %" PRIu64,
		 (uint64_t)n->applied);
	n->compacted = n->applied;
}

/* One Ready, in the order raft.h prescribes. Returns -1 on a storage
 * failure (the core is then left alone: nothing more is persisted). */
static int ready_one(struct node *n)
{
	struct raft_ready rd;
	bool became_leader = false;

	raft_ready(n->raft, &rd);
	if (rd.soft_state_changed)
		ready_soft_state(n, &rd.soft_state, &became_leader);
	ready_send(n, rd.msgs, rd.n_msgs);
	if (ready_persist(n, &rd) < 0)
		return -1;
	ready_send(n, rd.msgs_after_persist, rd.n_msgs_after_persist);
	if (became_leader)
		log_info("Instance %" PRIu32 " (this server) was elected as "
			 "master for term %" PRIu64,
			 n->cfg.server_id, (uint64_t)n->hs.term);
	if (ready_apply(n, &rd) < 0)
		return -1;
	for (size_t i = 0; i < rd.n_read_states; i++)
		reads_read_state(n, &rd.read_states[i]);
	raft_advance(n->raft);
	if (became_leader) {
		log_info("Database available for write transactions");
		writes_propose_queued(n);
	}
	reads_applied(n);
	return 0;
}

void ready_run(struct node *n)
{
	int turns = 0;

	n->ready_since_ms = 0;
	while (!n->failed && raft_has_ready(n->raft)) {
		if (++turns > READY_MAX_PER_TURN) {
			ready_schedule(n);
			break;
		}
		if (ready_one(n) < 0)
			return;
	}
	ready_compact(n);
}
