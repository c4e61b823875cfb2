/* read.h: read requests served from the local graph store. */
#ifndef GRAPHD_GRAPH_READ_H
#define GRAPHD_GRAPH_READ_H

#include "graphd.pb-c.h"
#include "store/graph.h"

/* Answers a GetNode, GetRel, Neighbours or NodesByLabel request from the
 * local store (a read-only BDB transaction): body set, or error (NOT_FOUND,
 * BAD_REQUEST, INTERNAL). request_id unset. NULL only when out of memory.
 * Free with graph_response_free(). */
Graphd__Response *graph_read(struct store_graph *g, const Graphd__Request *req);

#endif
