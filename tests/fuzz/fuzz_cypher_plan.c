/* fuzz_cypher_plan.c: libFuzzer target: any bytes through the Cypher parser
 * and, when they parse, through the planner (the statement is run as
 * EXPLAIN: variables resolved, clauses compiled, nothing executed) against
 * a graph store in a temporary directory (built by `make fuzz`). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "graph/cypher_exec.h"
#include "graph/cypher_parse.h"
#include "store/env.h"
#include "store/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store_graph *fuzz_store(void)
{
	static struct store_env *env;
	static struct store_graph *g;
	static char dir[] = "/tmp/graphd-fuzz.XXXXXX";
	char err[256];

	if (g)
		return g;
	if (!mkdtemp(dir) || store_env_open(&env, dir, err, sizeof(err)) < 0 ||
	    store_graph_open(env, &g, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_cypher_plan: no store: %s\n", err);
		abort();
	}
	return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cypher_limits lim = {.max_bytes = 64 * 1024};
	struct cypher_exec_opts o = {.timestamp_ms = 1, .max_rows = 10};
	struct store_graph *g = fuzz_store();
	struct cypher_exec_err xerr;
	struct cypher_result res;
	struct cypher_error err;
	struct cypher_stmt *stmt;
	DB_TXN *txn;

	stmt = cypher_parse((const char *)data, size, &lim, &err);
	if (!stmt)
		return 0;
	stmt->explain = true;
	if (store_graph_txn_begin(g, NULL, true, &txn) == 0) {
		if (cypher_exec(g, txn, stmt, &o, &res, &xerr) == 0)
			cypher_result_free(&res);
		txn->commit(txn, 0);
	}
	cypher_stmt_free(stmt);
	return 0;
}
