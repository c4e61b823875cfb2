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

/* The value of a comprehension's variable while its WHERE and projection
 * are evaluated; frames live on the C stack of cypher_eval.c. */
struct xlocal {
	const struct cv *val;
	const struct xlocal *up;
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
	struct cypher_counters *ctr; /* the result's counters */
	char *plan;		     /* plan lines so far (malloc'd) */
	uint64_t visits;	     /* nodes visited by matching so far */
	uint64_t written;	     /* record bytes written (max_txn_bytes) */
	size_t plan_len;
	const struct xlocal *locals; /* innermost comprehension variable */
	uint64_t rng;		     /* rand()'s state (cypher_eval.c) */
	struct xpat *pats;	     /* patterns in expressions */
	size_t n_pats;
};

/* The compile pass's visible variables: vis[slot]. */
struct xscope {
	bool *vis;
	size_t cap;
};

/* A pattern in an expression and the variables bound where it stands
 * (recorded by the compile pass, read when it is evaluated). */
struct xpat {
	const struct cypher_expr *e;
	struct xscope bound;
};

/* Records an error (the first one wins) and returns -1. */
int xc_fail(struct xc *x, enum cypher_exec_errc code, struct cypher_pos pos,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A storage error code from the store primitives. */
int xc_storage(struct xc *x, int ret, const char *what);
/* The slot of name, or -1. */
int xc_slot(const struct xc *x, const char *name);

/* Size bounds of an updating statement (cypher_exec_opts, graph/limits.h),
 * in cypher_update.c: a string or list that e built over max_value_bytes,
 * or record bytes written beyond max_txn_bytes, fail the statement. */
int xbound_value(struct xc *x, const struct cypher_expr *e, const struct cv *v);
int xbound_written(struct xc *x, struct cypher_pos pos, size_t bytes);

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

/* A growable list of ids. */
struct xids {
	uint64_t *v;
	size_t n, cap;
};
/* 0, or -1 when out of memory. */
int xids_push(struct xids *s, uint64_t id);

/* A deep copy of a row (NULL when out of memory), and its release. */
struct cv *xrow_dup(struct xc *x, const struct cv *row);
void xrow_drop(struct xc *x, struct cv *row);

/* A value a property may hold (no map, entity or nested list); why says
 * what is wrong otherwise. in_list: v is an element of a list. */
bool xcv_storable(const struct cv *v, bool in_list, char *why, size_t len);

/* Loads node id (labels, properties) into *out. 0, DB_NOTFOUND, or -1. */
int xload_node(struct xc *x, uint64_t id, struct cv *out);
int xload_rel(struct xc *x, uint64_t id, struct cv *out);

/* MATCH: calls emit(ctx, row) for every way the clause's patterns match
 * with row's bound variables (the row is extended in place and restored
 * afterwards). bound: the variables in scope before the clause (one bound
 * to null there matches nothing); NULL: those of row that are not null.
 * emit returns 0 to go on, 1 to stop early, -1 on error. Returns 0 (or 1
 * when emit stopped) or -1. *found counts the matches. */
int xmatch(struct xc *x, const struct cypher_clause *cl,
	   const struct xscope *bound, struct cv *row,
	   int (*emit)(void *ctx, struct cv *row), void *ctx, size_t *found);

/* A pattern predicate's or comprehension's value over row (cypher_match.c).
 * 0 or -1. */
int xeval_pattern(struct xc *x, const struct cv *row,
		  const struct cypher_expr *e, struct cv *out);

/* ------------------------------------------- compile helpers (cypher_exec.c)
 * for the updating clauses: declare a variable (its slot, or -1), ask
 * whether one is visible, check an expression's variables and calls (no
 * aggregates). */
int xscope_declare(struct xc *x, struct xscope *sc, const char *name);
bool xscope_visible(const struct xc *x, const struct xscope *sc,
		    const char *name);
int xscope_check(struct xc *x, const struct xscope *sc,
		 const struct cypher_expr *e);
/* The same for a WHERE, where pattern predicates are allowed. */
int xscope_check_where(struct xc *x, const struct xscope *sc,
		       const struct cypher_expr *e);

/* ------------------------------------------------ cypher_update.c */

/* Appends one line to the plan. 0 or -1 (error set). */
int xplan_line(struct xc *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The plan lines of a MATCH clause with the variables of sc bound before
 * it (start operator of each path, expansions, filter). */
int xplan_match(struct xc *x, const struct xscope *sc,
		const struct cypher_clause *cl);

/* The index a path starting at np can seek: label and property equality in
 * the pattern's map, else a conjunct n.p = value of where (the MATCH's
 * WHERE, may be NULL) whose value reads no variable. 1 with *label, *prop
 * and *val set, 0 when none, -1 on a storage error. */
int xindex_pick(struct xc *x, const struct cypher_node_pat *np,
		const struct cypher_expr *where, const char **label,
		const char **prop, const struct cypher_expr **val);
/* Start candidates of np through its index, in node id order: fn(ctx, id)
 * per node. 1 when an index was used, 0 when none applies (the caller
 * scans), -1 on error. The pattern and WHERE still check every node. */
int xindex_start(struct xc *x, const struct cv *row,
		 const struct cypher_node_pat *np,
		 const struct cypher_expr *where,
		 bool (*fn)(void *ctx, uint64_t node), void *ctx);

/* An updating clause (CREATE, MERGE, SET, REMOVE, DELETE), compiled. */
struct xupd;
/* Checks cl against the visible variables sc, declares what it binds, adds
 * its plan lines. 0 with *out, or -1 (error set). */
int xupd_compile(struct xc *x, struct xscope *sc,
		 const struct cypher_clause *cl, struct xupd **out);
/* Runs the clause for one row (changed in place: new bindings, entities
 * reloaded) and passes each resulting row to emit (0 go on, 1 enough, -1
 * error). Once emit said enough the clause still runs for later rows (an
 * update is never skipped) but emits nothing. 0 or -1. */
int xupd_run(struct xc *x, struct xupd *u, struct cv *row,
	     int (*emit)(void *ctx, struct cv *row), void *ctx);
void xupd_free(struct xupd *u);

/* Property access (fn NULL) or labels()/keys()/properties() (fn, by name;
 * other functions pass) on obj: an entity that this statement deleted
 * fails (its message says "deleted"). 0 or -1. */
int xdeleted_check(struct xc *x, const struct cypher_expr *e, const char *fn,
		   const struct cv *obj);

/* ------------------------------------------------ cypher_call.c */

/* A CALL clause, compiled: the procedure, its checked arguments, the
 * yielded fields' variables (declared in sc). standalone: the statement's
 * only clause (every field is yielded without YIELD). 0 with *out (free it
 * with xcall_free even on error), or -1 (error set). */
struct xcall;
int xcall_compile(struct xc *x, struct xscope *sc,
		  const struct cypher_clause *cl, bool standalone,
		  struct xcall **out);
/* The yielded variables: names and row slots; returns how many. */
size_t xcall_columns(const struct xcall *c, const char *const **names,
		     const int **slots);
/* Calls the procedure for row and passes row with each record's fields
 * bound (and YIELD's WHERE true) to emit (0 go on, 1 enough, -1 error);
 * a void procedure passes row once. 0, 1 (emit said enough) or -1. */
int xcall_run(struct xc *x, struct xcall *c, struct cv *row,
	      int (*emit)(void *ctx, struct cv *row), void *ctx);
void xcall_free(struct xcall *c);

/* CREATE/DROP INDEX/CONSTRAINT, SHOW INDEXES/CONSTRAINTS into res. */
int xschema_run(struct xc *x, const struct cypher_stmt *stmt,
		struct cypher_result *res);

#endif
