/* ready.h: the Ready loop: persist, apply and answer once per loop turn. */
#ifndef GRAPHD_NODE_READY_H
#define GRAPHD_NODE_READY_H

#include "node/node.h"

/* Creates the lowest-priority event that runs the Ready loop. */
int ready_init(struct node *n);
/* Every input to the consensus core calls this afterwards: the Ready loop
 * then runs once, after this loop turn's I/O callbacks (group commit). */
void ready_schedule(struct node *n);
/* Runs the Ready loop now if it has waited longer than a heartbeat (called
 * by the tick timer: see ready.c on starvation). */
void ready_unstarve(struct node *n);
/* Runs the Ready loop now (shutdown: finish the current batch). */
void ready_run(struct node *n);

#endif
