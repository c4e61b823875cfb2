/* cypher_exec_int.h: what the executor's files share (cypher_exec.c runs
 * the clauses, cypher_eval.c evaluates expressions, cypher_match.c matches
 * patterns against the store). Not for use outside src/graph/cypher_*. */
#ifndef GRAPHD_GRAPH_CYPHER_EXEC_INT_H
#define GRAPHD_GRAPH_CYPHER_EXEC_INT_H

#include "graph/cypher_exec.h"
#include "graph/cypher_func.h"

/* An aggregate call's value in the group being emitted. */
struct xagg_value {
	const struct cypher_expr *call;
	struct cv value;
};

/* The execution of one statement. Rows are arrays of n_vars values, one
 * slot per variable name of the statement (a variable keeps its slot
 * through WITH; what WITH drops is cleared). */
struct xc {
	struct store_graph *g;
	DB_TXN *txn;
	const struct cypher_exec_opts *opts;
	struct cypher_exec_err *err;
	struct cv_func_ctx fctx;
	char **vars;
	size_t n_vars;
	/* set while a group's projection is evaluated */
	const struct xagg_value *aggs;
	size_t n_aggs;
};

/* Records an error (the first one wins) and returns -1. */
int xc_fail(struct xc *x, enum cypher_exec_errc code, struct cypher_pos pos,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A storage error code from the store primitives. */
int xc_storage(struct xc *x, int ret, const char *what);
/* The slot of name, or -1. */
int xc_slot(const struct xc *x, const char *name);

/* Evaluates e over row into *out (a new value). 0 or -1 (error set). */
int xeval(struct xc *x, const struct cv *row, const struct cypher_expr *e,
	  struct cv *out);
/* WHERE: true only for a boolean true. *keep tells. 0 or -1. */
int xeval_pred(struct xc *x, const struct cv *row, const struct cypher_expr *e,
	       bool *keep);
/* Calls fn on each direct subexpression of e until fn returns non-zero;
 * returns that value (0 when every call returned 0). */
int xexpr_children(const struct cypher_expr *e,
		   int (*fn)(void *ctx, const struct cypher_expr *child),
		   void *ctx);
/* True when e contains an aggregate call (not looking into nothing). */
bool xexpr_has_agg(const struct cypher_expr *e);
/* Calls fn for every aggregate call in e. */
void xexpr_each_agg(const struct cypher_expr *e,
		    void (*fn)(void *ctx, const struct cypher_expr *call),
		    void *ctx);

/* Loads node id (labels, properties) into *out. 0, DB_NOTFOUND, or -1. */
int xload_node(struct xc *x, uint64_t id, struct cv *out);
int xload_rel(struct xc *x, uint64_t id, struct cv *out);

/* MATCH: calls emit(ctx, row) for every way the clause's patterns match
 * with row's bound variables (the row is extended in place and restored
 * afterwards). emit returns 0 to go on, 1 to stop early, -1 on error.
 * Returns 0 (or 1 when emit stopped) or -1. *found counts the matches. */
int xmatch(struct xc *x, const struct cypher_clause *cl, struct cv *row,
	   int (*emit)(void *ctx, struct cv *row), void *ctx, size_t *found);

#endif
