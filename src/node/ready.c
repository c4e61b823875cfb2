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
#include "node/cluster.h"
#include "node/identity.h"
#include "node/reads.h"
#include "node/writes.h"
#include "util/log.h"

/* Bound on Readys handled in one loop turn; more wait for the next turn so
 * that clients are served in between. */
#define READY_MAX_PER_TURN 64
/* Log entries deleted per loop turn when compacting. */
#define READY_COMPACT_STEP 1000

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
static void ready_soft_state(struct node *n, const struct raft_ready *rd,
			     bool *became_leader, bool *leader_changed)
{
	const struct raft_soft_state *ss = &rd->soft_state;
	bool newer = rd->has_hard_state && rd->hard_state.term > n->hs.term;

	if (ss->role == RAFT_LEADER && n->ss.role != RAFT_LEADER)
		*became_leader = true;
	else if (ss->role != RAFT_LEADER && n->ss.role == RAFT_LEADER)
		log_warn("Instance %" PRIu32 " (this server) is no longer "
			 "master (now %s): %s; writes wait for a new master",
			 n->cfg.server_id, raft_role_str(ss->role),
			 newer ? "an instance stood for election in a newer "
				 "term (a transfer, or it lost contact with "
				 "this one)"
			       : "it heard from no majority of the voters "
				 "within ha.election_timeout (check-quorum): "
				 "it may be cut off from the cluster");
	if (ss->leader != n->ss.leader) {
		*leader_changed = true;
		if (ss->leader && ss->leader != n->cfg.server_id)
			log_info("Instance %" PRIu32 " was elected as master; "
				 "this server (instance %" PRIu32 ") is %s",
				 ss->leader, n->cfg.server_id,
				 ss->role == RAFT_ARBITER   ? "an arbiter"
				 : ss->role == RAFT_LEARNER ? "a learner"
							    : "a slave");
		else if (!ss->leader && n->ss.leader)
			log_info("Instance %" PRIu32 " is no longer master; "
				 "an election follows",
				 n->ss.leader);
	}
	n->ss = *ss;
}

/* A single instance has no peers: the core addresses nobody. */
static void ready_send(struct node *n, const struct raft_msg *msgs, size_t nm)
{
	if (n->cfg.mode != CONFIG_MODE_SINGLE && nm > 0)
		cluster_send(n, msgs, nm);
}

/* Raft paper, Figure 2: persist currentTerm, votedFor and log[] before
 * answering; here the hard state and every entry of this Ready go to the
 * disk in one Berkeley DB transaction (one fsync). */
static int ready_persist(struct node *n, const struct raft_ready *rd)
{
	char err[512];
	uint64_t t0 = metrics_now_us();
	bool commit_only;
	int rc;

	if (!rd->has_hard_state && rd->n_entries == 0 && !rd->has_snapshot)
		return 0;
	/* Only the commit index moved: no fsync (raftlog.h). */
	commit_only = rd->n_entries == 0 && !rd->has_snapshot &&
		      rd->hard_state.term == n->hs.term &&
		      rd->hard_state.vote == n->hs.vote;
	if (commit_only)
		rc = store_raftlog_save_commit(n->rlog, &rd->hard_state, err,
					       sizeof(err));
	else
		rc = store_raftlog_save(
		    n->rlog, rd->has_hard_state ? &rd->hard_state : NULL,
		    rd->entries, rd->n_entries,
		    rd->has_snapshot ? &rd->snapshot : NULL, err, sizeof(err));
	if (rc < 0 && store_env_disk_full(n->env)) {
		node_disk_full(n, "cannot write the transaction log", err);
		return -2;
	}
	if (rc < 0) {
		node_fail(n,
			  "cannot write the transaction log in %s: %s; this "
			  "instance stops accepting writes",
			  n->cfg.data_dir, err);
		return -1;
	}
	if (!commit_only)
		metrics_fsync(&n->metrics, t0, metrics_now_us());
	if (rd->has_hard_state)
		n->hs = rd->hard_state;
	if (rd->has_snapshot) {
		/* storecopy.c installed the graph before the core was stepped
		 * with this snapshot; the log now starts after it. */
		n->compacted = rd->snapshot.index;
		if (n->applied < rd->snapshot.index) {
			n->applied = rd->snapshot.index;
			n->applied_term = rd->snapshot.term;
		}
	}
	return 0;
}

/* Committed entries are applied in log order, each in one Berkeley DB
 * transaction with applied_index (exactly once across crashes). Returns -2
 * on a full disk (the Ready is then abandoned and handed out again: what
 * was applied before the failure is skipped), -1 on a storage failure. */
static int ready_apply(struct node *n, const struct raft_ready *rd)
{
	char err[512];
	uint64_t t0 = metrics_now_us();

	for (size_t i = 0; i < rd->n_committed; i++) {
		const struct raft_entry *e = &rd->committed[i];
		struct graph_apply_out out = {0};

		if (e->index <= n->applied)
			continue; /* before a full disk stopped this Ready */
		/* Stored before the entry counts as applied, so that a crash
		 * in between finds it again (identity.c). */
		identity_entry_committed(n, e);
		/* An arbiter holds no graph: its entries are stripped. */
		if (n->graph &&
		    graph_apply(n->graph, e, &out, err, sizeof(err)) < 0) {
			if (store_env_disk_full(n->env)) {
				node_disk_full(n, "cannot apply a transaction",
					       err);
				return -2;
			}
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
		if (n->admins)
			cluster_entry_applied(n, e->index, e->term);
		metrics_applied(&n->metrics, e, metrics_now_us());
		writes_applied(n, &out);
	}
	if (rd->n_committed > 0)
		metrics_apply_batch(&n->metrics, t0, metrics_now_us());
	return 0;
}

/* The term of the entry at index, which is still in the core's log. */
static raft_term ready_term_at(struct node *n, raft_index index)
{
	const struct raft_entry *e = raft_log_entry(n->raft, index);

	if (e)
		return e->term;
	return index == n->applied ? n->applied_term : 0;
}

/* The graph store is the snapshot (it holds the state machine up to
 * applied_index), so the log up to applied can go (thesis 5.1). Deleting
 * ha.log_compact_every entries at once holds the loop long enough on a busy
 * disk to delay heartbeats, so it goes READY_COMPACT_STEP entries per loop
 * turn. */
static void ready_compact(struct node *n)
{
	struct raft_status st;
	char err[512];
	raft_index upto;
	raft_term term;
	enum raft_err rc;

	if (!n->raft || n->failed || n->disk_full)
		return;
	if (n->compact_goal <= n->compacted) {
		if (n->applied_term == 0 ||
		    n->applied < n->compacted + n->cfg.log_compact_every)
			return;
		n->compact_goal = n->applied;
		n->compact_started_ms = node_now_ms();
	}
	upto = n->compact_goal;
	if (upto > n->compacted + READY_COMPACT_STEP)
		upto = n->compacted + READY_COMPACT_STEP;
	if ((term = ready_term_at(n, upto)) == 0) {
		n->compact_goal = n->compacted;
		return;
	}
	raft_status(n->raft, &st);
	if (store_raftlog_compact(n->rlog, upto, term, &st.config, err,
				  sizeof(err)) < 0) {
		log_warn("cannot compact the transaction log in %s up to "
			 "transaction %" PRIu64 ": %s; the log keeps growing, "
			 "retrying after %" PRIu64 " more transactions",
			 n->cfg.data_dir, (uint64_t)upto, err,
			 n->cfg.log_compact_every);
		n->compacted = n->compact_goal;
		return;
	}
	rc = raft_compact(n->raft, upto, NULL, 0);
	if (rc != RAFT_OK)
		log_warn("consensus core refused to compact its log up to "
			 "transaction %" PRIu64 ": %s",
			 (uint64_t)upto, raft_err_str(rc));
	n->compacted = upto;
	if (upto < n->compact_goal) {
		ready_schedule(n); /* the next step, after this turn's I/O */
		return;
	}
	log_info("Transaction log compacted up to transaction %" PRIu64
		 " (%" PRIu64 " ms)",
		 (uint64_t)upto, node_now_ms() - n->compact_started_ms);
}

/* One Ready, in the order raft.h prescribes. Returns -1 on a storage
 * failure (the core is then left alone: nothing more is persisted). */
static int ready_one(struct node *n)
{
	struct raft_ready rd;
	bool became_leader = false, leader_changed = false;

	int rc;

	raft_ready(n->raft, &rd);
	metrics_ready(&n->metrics, n->cfg.server_id, &n->hs, &n->ss, &rd);
	if (rd.soft_state_changed)
		ready_soft_state(n, &rd, &became_leader, &leader_changed);
	ready_send(n, rd.msgs, rd.n_msgs);
	if ((rc = ready_persist(n, &rd)) < 0)
		goto abandon;
	ready_send(n, rd.msgs_after_persist, rd.n_msgs_after_persist);
	if (became_leader)
		log_info("Instance %" PRIu32 " (this server) was elected as "
			 "master for term %" PRIu64,
			 n->cfg.server_id, (uint64_t)n->hs.term);
	if ((rc = ready_apply(n, &rd)) < 0)
		goto abandon;
	if (rd.n_entries > 0 || rd.n_committed > 0)
		node_disk_ok(n); /* a write reached the disk */
	for (size_t i = 0; i < rd.n_read_states; i++)
		reads_read_state(n, &rd.read_states[i]);
	raft_advance(n->raft);
	if (became_leader && n->cfg.mode != CONFIG_MODE_ARBITER)
		log_info("Database available for write transactions");
	if (leader_changed)
		writes_leader_changed(n);
	reads_applied(n);
	cluster_observe(n);
	return 0;
abandon:
	/* A full disk: none of this Ready counts; it comes again, whole,
	 * when ready_run retries (raft_ready_abandon). */
	if (rc == -2)
		raft_ready_abandon(n->raft, &rd);
	if (leader_changed)
		writes_leader_changed(n);
	return -1;
}

void ready_run(struct node *n)
{
	int turns = 0;

	n->ready_since_ms = 0;
	/* While the disk is full, one attempt per NODE_DISK_RETRY_MS (the
	 * tick schedules the loop), not one per event. */
	if (n->disk_full && node_now_ms() < n->disk_retry_ms)
		return;
	while (n->raft && !n->failed && raft_has_ready(n->raft)) {
		if (++turns > READY_MAX_PER_TURN) {
			ready_schedule(n);
			break;
		}
		if (ready_one(n) < 0)
			return;
	}
	ready_compact(n);
}
