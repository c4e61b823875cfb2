/* cypher_func.h: Cypher's scalar functions (looked up by name) and aggregate
 * accumulators (count, sum, avg, min, max, collect). */
#ifndef GRAPHD_GRAPH_CYPHER_FUNC_H
#define GRAPHD_GRAPH_CYPHER_FUNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph/cypher_value.h"

/* What a function may need from the transaction that runs it. */
struct cv_func_ctx {
	/* timestamp(): the transaction's clock, fixed for the whole
	 * statement (milliseconds since the epoch), never the real clock, so
	 * every row and every replica sees the same value. */
	int64_t timestamp_ms;
	/* startNode()/endNode(): sets *out to the node with this id and
	 * returns 0, or returns -1 with err set. NULL: those functions fail
	 * with CV_ERR_UNSUPPORTED. */
	int (*get_node)(void *arg, int64_t id, struct cv *out,
			struct cv_err *err);
	void *arg;
	/* rand(): the state of its generator (xorshift64*, never 0), seeded
	 * once per statement. NULL: rand() fails with CV_ERR_UNSUPPORTED. */
	uint64_t *rng;
};

struct cv_func; /* a built-in scalar function (static, never freed) */

/* The scalar function called name (case-insensitive), or NULL when there
 * is none (aggregates are not scalar functions: see cv_agg_lookup). */
const struct cv_func *cv_func_lookup(const char *name);
/* The function's canonical name ("toString"). */
const char *cv_func_name(const struct cv_func *f);
/* 0 when n arguments are allowed, else -1 with CV_ERR_ARITY: lets the
 * planner reject range(1) before running anything. */
int cv_func_check_arity(const struct cv_func *f, size_t n, struct cv_err *err);
/* Calls f (from cv_func_lookup, never NULL) on args[0..n); ctx may be
 * NULL where no function needs it; *out is a new value owned by the caller. 0,
 * or -1 with err set (CV_ERR_ARITY, CV_ERR_TYPE naming the function and the
 * argument, CV_ERR_ARG, CV_ERR_NOMEM, or whatever get_node returned). */
int cv_func_call(const struct cv_func *f, const struct cv_func_ctx *ctx,
		 const struct cv *args, size_t n, struct cv *out,
		 struct cv_err *err);

/* ------------------------------------------------------------- aggregates */

enum cv_agg_kind {
	CV_AGG_COUNT_STAR, /* count(*): counts rows, nulls included */
	CV_AGG_COUNT,
	CV_AGG_SUM,
	CV_AGG_AVG,
	CV_AGG_MIN,
	CV_AGG_MAX,
	CV_AGG_COLLECT,
	CV_AGG_PERCENTILE_DISC, /* percentileDisc(value, percentile) */
	CV_AGG_PERCENTILE_CONT, /* percentileCont(value, percentile) */
};

/* True when name (case-insensitive) is an aggregate; star is count(*). */
bool cv_agg_lookup(const char *name, bool star, enum cv_agg_kind *kind);

struct cv_agg; /* one accumulator: one aggregate of one group */

/* NULL when out of memory. With distinct, each value counts once (by
 * cv_equivalent). */
struct cv_agg *cv_agg_new(enum cv_agg_kind kind, bool distinct);
/* Feeds one row's value (v is ignored, and may be NULL, for count(*)).
 * Null values are skipped, except by count(*). 0, or -1 with err set:
 * CV_ERR_TYPE (sum/avg of a non-number), CV_ERR_OVERFLOW (integer sum),
 * CV_ERR_NOMEM. */
int cv_agg_add(struct cv_agg *agg, const struct cv *v, struct cv_err *err);
/* The aggregate so far into *out (a new value): count 0, sum 0, avg, min
 * and max null, collect [] when no value was added. */
int cv_agg_result(const struct cv_agg *agg, struct cv *out, struct cv_err *err);
void cv_agg_free(struct cv_agg *agg);

/* The arguments an aggregate takes: 2 for the percentiles, else 1. */
size_t cv_agg_arity(enum cv_agg_kind kind);
/* A percentile's second argument, for each row before cv_agg_add: a
 * number in [0, 1], the same on every row. 0, or -1 with err (CV_ERR_ARG,
 * "NumberOutOfRange"; CV_ERR_TYPE). */
int cv_agg_param(struct cv_agg *agg, const struct cv *p, struct cv_err *err);

#endif
