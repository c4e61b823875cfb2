/* workload.h: what graphd-bench asks: request builders for each workload and
 * the prepared graph the read workloads walk. */
#ifndef GRAPHD_BENCH_WORKLOAD_H
#define GRAPHD_BENCH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"

enum bench_kind {
	BENCH_CREATE,	  /* CREATE (:Bench {k: $k, v: $pad}) */
	BENCH_CREATE_OPS, /* the same node through a WriteTxn create_node */
	BENCH_MIXED,	 /* reads of Bench nodes by k and creates, at a ratio */
	BENCH_READ_NODE, /* MATCH (n:BenchG {i: $i}) RETURN n */
	BENCH_HOP1,	 /* 1-hop neighbours of a BenchG node */
	BENCH_HOP2,	 /* 2-hop */
	BENCH_STATUS,	 /* a Status request: the protocol round trip floor */
};

struct bench_workload {
	enum bench_kind kind;
	double read_ratio;    /* mixed: share of reads, 0..1 */
	size_t prop_size;     /* bytes of the v property of created nodes */
	uint64_t graph_nodes; /* prepared graph: BenchG nodes i = 0..n-1 */
	unsigned graph_degree;
	uint64_t key_base; /* k of this run's first write */
	uint64_t writes_issued;
	uint64_t writes_acked; /* mixed: reads pick among the first keys */
	uint64_t rng;	       /* xorshift64 state, never 0 */
	char *pad;	       /* prop_size bytes of 'x' */
};

/* Everything one Request points to; filled again for every request and
 * packed at once, so one per load generator is enough. */
struct bench_msg {
	Graphd__Request req;
	Graphd__Query query;
	Graphd__Property props[2];
	Graphd__Property *pprops[2];
	Graphd__Value vals[2];
	Graphd__WriteTxn txn;
	Graphd__Op op;
	Graphd__Op *pop[1];
	Graphd__CreateNode cn;
	Graphd__StatusRequest status;
	char *label[1];
};

/* Parses a workload name; -1 if unknown. */
int bench_workload_kind(const char *name, enum bench_kind *kind);
const char *bench_workload_name(enum bench_kind kind);
bool bench_workload_needs_graph(enum bench_kind kind);

int bench_workload_init(struct bench_workload *w, enum bench_kind kind,
			uint64_t seed);
void bench_workload_free(struct bench_workload *w);

/* Builds the next request of the workload into m; returns m's Request.
 * *is_write tells whether it goes through the log. */
Graphd__Request *bench_workload_fill(struct bench_workload *w,
				     struct bench_msg *m, bool *is_write);

/* Makes sure the servers hold what the workload needs, through libgraphd
 * (which follows the master): the index on :Bench(k) for mixed; for the read
 * workloads the BenchG graph (graph_nodes nodes, graph_degree R relationships
 * each, loaded in batches unless already there). *txn is the last transaction
 * id written (0 if none), for the caller to wait until the read targets applied
 * it. Returns 0, or -1 with a reason in err. */
int bench_workload_prepare(const struct bench_workload *w, const char *servers,
			   const char *cluster, uint64_t *txn, char *err,
			   size_t errlen);

#endif
