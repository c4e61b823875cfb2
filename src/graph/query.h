/* query.h: a Cypher statement from the client protocol: parsed, executed
 * against the graph store, answered as a Response (result or error). */
#ifndef GRAPHD_GRAPH_QUERY_H
#define GRAPHD_GRAPH_QUERY_H

#include <db.h>
#include <stdbool.h>
#include <stdint.h>

#include "graphd.pb-c.h"
#include "store/graph.h"

/* Rows a result may hold; a larger one fails and asks for a LIMIT. */
#define GRAPH_QUERY_MAX_ROWS 100000
/* Nodes a statement may visit while matching before it is refused. A
 * constant, not a setting: an updating statement runs on every replica and
 * all of them must refuse it alike. It bounds how long one statement can
 * hold the event loop (a visit costs about a microsecond): an unbounded
 * cartesian product would stall the instance and, on the master, the
 * cluster. */
#define GRAPH_QUERY_MAX_VISITS 1000000

/* True when the statement changes the store (it goes through the log). A
 * statement that does not parse is not a write: it is answered at once,
 * with its syntax error, by the instance that received it. */
bool graph_query_is_write(const Graphd__Query *q);

/* Runs q in txn (a snapshot transaction for a read; for a write, a child
 * transaction of the apply, which the caller aborts when the response is an
 * error: all or nothing). timestamp_ms is timestamp()'s value. Returns the
 * response (NULL when out of memory); *storage_err is set (non-zero) when
 * the store failed, which is not the statement's fault. */
Graphd__Response *graph_query(struct store_graph *g, DB_TXN *txn,
			      const Graphd__Query *q, int64_t timestamp_ms,
			      int *storage_err);
/* The same for an updating statement on apply, under the entry's size
 * bounds (graph/limits.h): a value it builds or stores over lim->max_value,
 * or more than lim->max_txn bytes of records written, fail it. */
struct graph_limits;
Graphd__Response *graph_query_bounded(struct store_graph *g, DB_TXN *txn,
				      const Graphd__Query *q,
				      int64_t timestamp_ms,
				      const struct graph_limits *lim,
				      int *storage_err);

#endif
