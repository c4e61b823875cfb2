/* sim_net.h: the simulated network: loss, delay, reordering, duplication and
 * partitions, all drawn from the simulation's seeded generator. */
#ifndef GRAPHD_SIM_NET_H
#define GRAPHD_SIM_NET_H

#include "sim.h"

void sim_net_free(struct sim_net *net);
/* Queues a deep copy of m, subject to the current loss/dup/delay rates. */
void sim_net_send(struct sim *s, const struct raft_msg *m);
/* The same for a store copy (m.snapshot carries the state machine): lost,
 * delayed, reordered and duplicated like any message. */
void sim_net_send_copy(struct sim *s, const struct raft_msg *m);
/* Delivers every packet due at the current step, in random order. */
void sim_net_deliver_due(struct sim *s);
/* Partitions: lists of ids on each side. */
void sim_net_heal(struct sim *s);
void sim_net_partition_random(struct sim *s);

/* Implemented by sim.c: hand m to its receiver (which is up). */
void sim_deliver(struct sim *s, const struct raft_msg *m);
/* Implemented by sim_copy.c: a store copy reaches its receiver (up). */
void sim_copy_deliver(struct sim *s, const struct raft_msg *m);
bool sim_node_up(const struct sim *s, raft_id id);
/* Implemented by sim.c: m was lost; refused is true when its receiver was
 * down (a runtime sees the connection refused). */
void sim_dropped(struct sim *s, const struct raft_msg *m, bool refused);

#endif
