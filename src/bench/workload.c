/* workload.c: request builders and graph preparation for graphd-bench.
 *
 * The read workloads walk a prepared graph: BenchG nodes with i = 0..n-1,
 * an index on :BenchG(i) (so a start node is found by an index seek, not a
 * scan), and from every node `degree` R relationships to pseudo-random
 * others. The graph is loaded once; a later run finds it and reuses it. */
#include "bench/workload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/graphd.h"

#define BENCH_LOAD_BATCH 500 /* nodes per loading transaction */

static const char *const bench_names[] = {
    [BENCH_CREATE] = "create", [BENCH_CREATE_OPS] = "create-ops",
    [BENCH_MIXED] = "mixed",   [BENCH_READ_NODE] = "read-node",
    [BENCH_HOP1] = "hop1",     [BENCH_HOP2] = "hop2",
    [BENCH_STATUS] = "status",
};

int bench_workload_kind(const char *name, enum bench_kind *kind)
{
	for (size_t i = 0; i < sizeof(bench_names) / sizeof(*bench_names);
	     i++) {
		if (strcmp(name, bench_names[i]) == 0) {
			*kind = (enum bench_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *bench_workload_name(enum bench_kind kind)
{
	return bench_names[kind];
}

bool bench_workload_needs_graph(enum bench_kind kind)
{
	return kind == BENCH_READ_NODE || kind == BENCH_HOP1 ||
	       kind == BENCH_HOP2;
}

int bench_workload_init(struct bench_workload *w, enum bench_kind kind,
			uint64_t seed)
{
	w->kind = kind;
	w->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	w->writes_acked = w->writes_issued = 0;
	if (!(w->pad = malloc(w->prop_size + 1)))
		return -1;
	memset(w->pad, 'x', w->prop_size);
	w->pad[w->prop_size] = '\0';
	return 0;
}

void bench_workload_free(struct bench_workload *w)
{
	free(w->pad);
	w->pad = NULL;
}

/* xorshift64 (Marsaglia): fast and good enough to pick keys. */
static uint64_t bench_rand(struct bench_workload *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static void bench_int_param(struct bench_msg *m, size_t i, const char *key,
			    int64_t v)
{
	graphd__property__init(&m->props[i]);
	graphd__value__init(&m->vals[i]);
	m->props[i].key = (char *)key;
	m->props[i].value = &m->vals[i];
	m->vals[i].kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	m->vals[i].int_value = v;
	m->pprops[i] = &m->props[i];
}

static void bench_query(struct bench_msg *m, const char *statement,
			size_t n_params)
{
	graphd__query__init(&m->query);
	m->query.statement = (char *)statement;
	m->query.n_params = n_params;
	m->query.params = m->pprops;
	m->req.body_case = GRAPHD__REQUEST__BODY_QUERY;
	m->req.query = &m->query;
}

/* The k property and the pad; the Cypher and ops forms share them. */
static void bench_create_props(struct bench_workload *w, struct bench_msg *m)
{
	bench_int_param(m, 0, "k", (int64_t)(w->key_base + w->writes_issued++));
	bench_int_param(m, 1, "v", 0);
	m->vals[1].kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	m->vals[1].string_value = w->pad;
}

static void bench_create_ops(struct bench_workload *w, struct bench_msg *m)
{
	bench_create_props(w, m);
	graphd__create_node__init(&m->cn);
	m->label[0] = "Bench";
	m->cn.n_labels = 1;
	m->cn.labels = m->label;
	m->cn.n_props = 2;
	m->cn.props = m->pprops;
	graphd__op__init(&m->op);
	m->op.op_case = GRAPHD__OP__OP_CREATE_NODE;
	m->op.create_node = &m->cn;
	m->pop[0] = &m->op;
	graphd__write_txn__init(&m->txn);
	m->txn.n_ops = 1;
	m->txn.ops = m->pop;
	m->req.body_case = GRAPHD__REQUEST__BODY_WRITE;
	m->req.write = &m->txn;
}

static void bench_create_cypher(struct bench_workload *w, struct bench_msg *m)
{
	bench_create_props(w, m);
	/* The parameter is called pad in the statement, v in the node. */
	m->props[1].key = "pad";
	bench_query(m, "CREATE (:Bench {k: $k, v: $pad})", 2);
}

static void bench_graph_read(struct bench_workload *w, struct bench_msg *m)
{
	static const char *const q[] = {
	    [BENCH_READ_NODE] = "MATCH (n:BenchG {i: $i}) RETURN n",
	    [BENCH_HOP1] = "MATCH (a:BenchG {i: $i})-[:R]->(b) RETURN b",
	    [BENCH_HOP2] =
		"MATCH (a:BenchG {i: $i})-[:R]->()-[:R]->(c) RETURN c",
	};
	uint64_t n = w->graph_nodes ? w->graph_nodes : 1;

	bench_int_param(m, 0, "i", (int64_t)(bench_rand(w) % n));
	bench_query(m, q[w->kind], 1);
}

Graphd__Request *bench_workload_fill(struct bench_workload *w,
				     struct bench_msg *m, bool *is_write)
{
	double r;

	graphd__request__init(&m->req);
	*is_write = false;
	switch (w->kind) {
	case BENCH_CREATE:
		bench_create_cypher(w, m);
		*is_write = true;
		break;
	case BENCH_CREATE_OPS:
		bench_create_ops(w, m);
		*is_write = true;
		break;
	case BENCH_MIXED:
		r = (double)(bench_rand(w) >> 11) / (double)(1ull << 53);
		if (r >= w->read_ratio) {
			bench_create_cypher(w, m);
			*is_write = true;
			break;
		}
		/* A key written earlier in this run (or the first one). */
		bench_int_param(
		    m, 0, "k",
		    (int64_t)(w->key_base +
			      (w->writes_acked ? bench_rand(w) % w->writes_acked
					       : 0)));
		bench_query(m, "MATCH (n:Bench {k: $k}) RETURN n", 1);
		break;
	case BENCH_STATUS:
		graphd__status_request__init(&m->status);
		m->req.body_case = GRAPHD__REQUEST__BODY_STATUS;
		m->req.status = &m->status;
		break;
	default:
		bench_graph_read(w, m);
		break;
	}
	return &m->req;
}

/* Runs statement with integer parameters; *txn takes its transaction id
 * when it wrote, *count the first column of its first row when asked. */
static int bench_exec(graphd_t *g, const char *statement,
		      const struct graphd_param *params, size_t n,
		      uint64_t *txn, int64_t *count, char *err, size_t errlen)
{
	struct graphd_result r;
	struct graphd_error e = {0};

	if (graphd_query(g, statement, params, n, NULL, &r, &e) < 0) {
		snprintf(err, errlen, "preparing the workload: %s: %s",
			 statement, e.message);
		return -1;
	}
	if (r.txn_id)
		*txn = r.txn_id;
	if (count) {
		*count = 0;
		if (r.n_rows && r.n_columns && r.rows[0][0].type == GRAPHD_INT)
			*count = r.rows[0][0].u.i;
	}
	graphd_result_free(&r);
	return 0;
}

#define BENCH_P(name, v)                                                       \
	{                                                                      \
		name,                                                          \
		{                                                              \
			.type = GRAPHD_INT, .u.i = (int64_t)(v)                \
		}                                                              \
	}

/* Nodes in batches, then each batch's relationships (the targets exist by
 * then): a few hundred small transactions rather than one huge one. */
static int bench_load_graph(graphd_t *g, const struct bench_workload *w,
			    uint64_t *txn, char *err, size_t errlen)
{
	uint64_t n = w->graph_nodes;

	for (uint64_t lo = 0; lo < n; lo += BENCH_LOAD_BATCH) {
		uint64_t hi =
		    lo + BENCH_LOAD_BATCH < n ? lo + BENCH_LOAD_BATCH : n;
		struct graphd_param p[] = {BENCH_P("lo", lo),
					   BENCH_P("hi", hi - 1)};

		if (bench_exec(g,
			       "UNWIND range($lo, $hi) AS i "
			       "CREATE (:BenchG {i: i})",
			       p, 2, txn, NULL, err, errlen) < 0)
			return -1;
	}
	for (uint64_t lo = 0; lo < n; lo += BENCH_LOAD_BATCH) {
		struct graphd_param p[] = {
		    BENCH_P("lo", lo), BENCH_P("hi", lo + BENCH_LOAD_BATCH),
		    BENCH_P("deg", w->graph_degree), BENCH_P("n", n)};

		/* Pseudo-random but fixed targets: i*31 + j*7919 mod n. */
		if (bench_exec(
			g,
			"MATCH (a:BenchG) WHERE a.i >= $lo AND a.i < $hi "
			"UNWIND range(1, $deg) AS j "
			"MATCH (b:BenchG {i: (a.i * 31 + j * 7919) % $n}) "
			"CREATE (a)-[:R]->(b)",
			p, 4, txn, NULL, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int bench_prepare_graph(graphd_t *g, const struct bench_workload *w,
			       uint64_t *txn, char *err, size_t errlen)
{
	int64_t have = 0;

	if (bench_exec(g, "CREATE INDEX IF NOT EXISTS FOR (n:BenchG) ON (n.i)",
		       NULL, 0, txn, NULL, err, errlen) < 0 ||
	    bench_exec(g, "MATCH (n:BenchG) RETURN count(n)", NULL, 0, txn,
		       &have, err, errlen) < 0)
		return -1;
	if ((uint64_t)have == w->graph_nodes)
		return 0;
	if (have != 0) {
		snprintf(err, errlen,
			 "the cluster holds %" PRId64 " BenchG nodes, not the "
			 "%" PRIu64
			 " asked for: run with --graph-nodes %" PRId64
			 " or on a fresh cluster",
			 have, w->graph_nodes, have);
		return -1;
	}
	fprintf(stderr,
		"graphd-bench: loading %" PRIu64 " BenchG nodes with %u "
		"relationships each\n",
		w->graph_nodes, w->graph_degree);
	return bench_load_graph(g, w, txn, err, errlen);
}

int bench_workload_prepare(const struct bench_workload *w, const char *servers,
			   const char *cluster, uint64_t *txn, char *err,
			   size_t errlen)
{
	struct graphd_options o = {.cluster_name = cluster,
				   .client_name = "graphd-bench"};
	struct graphd_error e = {0};
	graphd_t *g;
	int rc;

	*txn = 0;
	if (w->kind == BENCH_CREATE || w->kind == BENCH_CREATE_OPS ||
	    w->kind == BENCH_STATUS)
		return 0; /* nothing to prepare, not even an index */
	if (!(g = graphd_connect(servers, &o, &e))) {
		snprintf(err, errlen, "cannot connect to %s: %s", servers,
			 e.message);
		return -1;
	}
	if (bench_workload_needs_graph(w->kind))
		rc = bench_prepare_graph(g, w, txn, err, errlen);
	else /* mixed: reads find a key by index seek */
		rc = bench_exec(g,
				"CREATE INDEX IF NOT EXISTS FOR (n:Bench) "
				"ON (n.k)",
				NULL, 0, txn, NULL, err, errlen);
	graphd_close(g);
	return rc;
}
