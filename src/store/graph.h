/* graph.h: the graph store in Berkeley DB: nodes, relationships, adjacency,
 * label index, id counters, applied_index and the session table. */
#ifndef GRAPHD_STORE_GRAPH_H
#define GRAPHD_STORE_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "store/env.h"

struct store_graph;

int store_graph_open(struct store_env *env, struct store_graph **out,
		     char *err, size_t errlen);
void store_graph_close(struct store_graph *g);
/* Index of the last log entry applied (0 for a new store). */
uint64_t store_graph_applied_index(struct store_graph *g);

/* The record-level primitives used by graph/apply.c and graph/read.c are
 * declared below this line by the store module. */

#endif
