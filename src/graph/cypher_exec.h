/* cypher_exec.h: runs a parsed Cypher query against the graph store (the
 * reading clauses: MATCH, OPTIONAL MATCH, WHERE, UNWIND, WITH, RETURN with
 * DISTINCT, aggregates, ORDER BY, SKIP and LIMIT; the updating clauses
 * CREATE, MERGE, SET, REMOVE, DELETE; the schema statements). */
#ifndef GRAPHD_GRAPH_CYPHER_EXEC_H
#define GRAPHD_GRAPH_CYPHER_EXEC_H

#include <db.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph/cypher_ast.h"
#include "graph/cypher_value.h"
#include "store/graph.h"

enum cypher_exec_errc {
	CYPHER_EXEC_OK = 0,
	CYPHER_EXEC_SEMANTIC, /* unknown variable, misplaced aggregate, ... */
	CYPHER_EXEC_RUNTIME,  /* a value error: overflow, / by zero, types */
	CYPHER_EXEC_STORAGE,  /* the store failed (see messages.log) */
	CYPHER_EXEC_UNSUPPORTED, /* a clause this engine does not run yet */
	CYPHER_EXEC_CONSTRAINT,	 /* a unique constraint, or DELETE of a node
				    that still has relationships */
};

struct cypher_exec_err {
	enum cypher_exec_errc code;
	struct cypher_pos pos; /* 0/0 when not about a place in the text */
	char msg[400];
};

struct cypher_exec_opts {
	const struct cv_map *params; /* $name values; NULL: none */
	int64_t timestamp_ms;	     /* timestamp(), fixed per statement */
	size_t max_rows;	     /* refuse larger results; 0: no bound */
	uint64_t max_visits; /* nodes matching may visit; 0: no bound */
	/* Size bounds of an updating statement on apply (graph/limits.h),
	 * 0: none: a string or list it builds or a value it stores, and the
	 * record bytes it writes in all. */
	uint64_t max_value_bytes;
	uint64_t max_txn_bytes;
};

/* What an updating or schema statement changed (Neo4j's query counters). */
struct cypher_counters {
	uint64_t nodes_created, nodes_deleted;
	uint64_t rels_created, rels_deleted;
	uint64_t props_set;
	uint64_t labels_added, labels_removed;
	uint64_t indexes_added, indexes_removed;
	uint64_t constraints_added, constraints_removed;
};

/* Rows of values, row-major: rows[r * n_cols + c]. */
struct cypher_result {
	char **columns;
	size_t n_cols;
	struct cv *rows;
	size_t n_rows;
	struct cypher_counters counters;
	/* The plan, one stage per line ("NodeIndexSeek(n:Person {email})"),
	 * for EXPLAIN and for every executed statement; may be NULL. */
	char *plan;
};

/* Runs stmt in txn (a snapshot transaction for reads; the caller's write
 * transaction for an updating or schema statement, which the caller aborts
 * when this fails: all or nothing). On success fills
 * res (free with cypher_result_free) and returns 0; else -1 with err. */
int cypher_exec(struct store_graph *g, DB_TXN *txn,
		const struct cypher_stmt *stmt,
		const struct cypher_exec_opts *opts, struct cypher_result *res,
		struct cypher_exec_err *err);
void cypher_result_free(struct cypher_result *res);

#endif
