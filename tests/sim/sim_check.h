/* sim_check.h: the simulator's safety checkers (Raft paper, Figure 3) and
 * graphd's own properties (arbiters hold no graph data, ReadIndex sees every
 * acknowledged commit). Each records the first violation with sim_failf. */
#ifndef GRAPHD_SIM_CHECK_H
#define GRAPHD_SIM_CHECK_H

#include "sim.h"

void sim_check_free(struct sim_check *ck);

/* Entries a node is about to make durable (Ready step 2): Log Matching via
 * a global (index, term) -> (previous term, content) map, Leader
 * Append-Only against its stored log, arbiters hold no payload. */
void sim_check_persist(struct sim *s, struct sim_node *n,
		       const struct raft_entry *ents, size_t count);
/* A committed entry applied by n: State Machine Safety. Returns the
 * proposal id (0 when not a NORMAL payload). */
uint64_t sim_check_apply(struct sim *s, struct sim_node *n,
			 const struct raft_entry *e);
/* A snapshot n installs must agree with everything committed. */
void sim_check_snapshot(struct sim *s, struct sim_node *n,
			const struct raft_snapshot *snap);
/* Hard state about to be persisted: the term never goes back and a vote,
 * once cast in a term, never changes (Raft paper, Figure 2). */
void sim_check_hard_state(struct sim *s, struct sim_node *n,
			  const struct raft_hard_state *hs);
/* Messages sent to arbiters carry no graph data. */
void sim_check_msg(struct sim *s, const struct raft_msg *m);
/* After every input to n: raft_check_invariants, Election Safety, Leader
 * Completeness for a newly seen leader, Leader Append-Only, roles. */
void sim_check_step(struct sim *s, struct sim_node *n);
/* Pairwise Log Matching over the overlap of every two live logs, and a full
 * scan of arbiters' logs. O(nodes^2 * log): called periodically. */
void sim_check_logs(struct sim *s);

/* ReadIndex: remember what a read must see; check the answer. */
void sim_check_read_start(struct sim *s, raft_id from, uint64_t ctx);
void sim_check_read_done(struct sim *s, struct sim_node *n,
			 const struct raft_read_state *rs);

#endif
