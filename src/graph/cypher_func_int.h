/* cypher_func_int.h: the built-in function record, shared by the function
 * tables (cypher_func.c, cypher_temporal_func.c); not for use elsewhere. */
#ifndef GRAPHD_GRAPH_CYPHER_FUNC_INT_H
#define GRAPHD_GRAPH_CYPHER_FUNC_INT_H

#include "graph/cypher_func.h"

struct cv_func {
	const char *name;
	size_t min_args;
	size_t max_args; /* SIZE_MAX: variadic */
	int (*fn)(const struct cv_func *f, const struct cv_func_ctx *ctx,
		  const struct cv *args, size_t n, struct cv *out,
		  struct cv_err *err);
};

#endif
