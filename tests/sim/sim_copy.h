/* sim_copy.h: graphd's store copy in the simulator: the state machine
 * streamed as its own message, fenced on arrival by the runtime's rule
 * (src/raft/fence.h), and the invariant that no instance's state ever
 * moves backwards. */
#ifndef GRAPHD_SIM_COPY_H
#define GRAPHD_SIM_COPY_H

#include "sim.h"

/* Sender's runtime: the core wants m (a SNAPSHOT without data) delivered
 * to a data instance: send the state machine up to its applied index as a
 * store copy, then m, as storecopy_send() does. */
void sim_copy_send(struct sim *s, const struct raft_msg *m);
/* Receiver's runtime: may the snapshot offer m be stepped into n's core
 * (storecopy_ready_for())? Else it is refused back to its sender. */
bool sim_copy_offer(struct sim *s, struct sim_node *n,
		    const struct raft_msg *m);
/* After every input to n: its state machine never moves backwards. */
void sim_check_forward(struct sim *s, struct sim_node *n);

#endif
