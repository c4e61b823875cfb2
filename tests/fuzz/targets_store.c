/* targets_store.c: the fuzz targets that write a graph store (store copy
 * chunks, log entries); see targets.h. */
#include "targets.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/apply.h"
#include "graph/query.h"
#include "graph/read.h"
#include "store/copy.h"
#include "store/env.h"
#include "store/graph.h"

/* The store is emptied after this many inputs, or once this many nodes or
 * relationships were created in it: small, so that each input costs about
 * the same and the verify after each entry stays cheap. (A query's work has
 * no bound: MATCH (a), (b), (c) over a few hundred nodes runs for minutes,
 * and MATCH (a) CREATE () MATCH (b) CREATE () ... doubles the store per row
 * of a, since each row's later MATCH sees the nodes earlier rows created.) */
#define FUZZ_STORE_INPUTS 64
#define FUZZ_STORE_IDS	  16

struct fuzz_store {
	char dir[256];
	struct store_env *env;
	struct store_graph *g;
	struct store_copy_writer *w; /* fuzz_storecopy: the copy in progress */
	uint64_t index;		     /* fuzz_txn: last entry applied */
	unsigned inputs;	     /* since the store was last emptied */
};

static int fuzz_rm_one(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Packs into buf (1 KiB) the small graph every store starts with
 * (targets.h): reads, updates and deletes of low ids find something. */
static size_t fuzz_seed_pack(uint8_t *buf)
{
	Graphd__Value name = GRAPHD__VALUE__INIT;
	Graphd__Property prop = GRAPHD__PROPERTY__INIT, *props[] = {&prop};
	char *person[] = {"Person"}, *city[] = {"City"};
	Graphd__CreateNode p = GRAPHD__CREATE_NODE__INIT;
	Graphd__CreateNode c = GRAPHD__CREATE_NODE__INIT;
	Graphd__Ref r0 = GRAPHD__REF__INIT, r1 = GRAPHD__REF__INIT,
		    r2 = GRAPHD__REF__INIT;
	Graphd__CreateRel knows = GRAPHD__CREATE_REL__INIT;
	Graphd__CreateRel lives = GRAPHD__CREATE_REL__INIT;
	Graphd__Op ops[5], *opp[5];
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;

	name.kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	name.string_value = "Ada";
	prop.key = "name";
	prop.value = &name;
	p.n_labels = 1;
	p.labels = person;
	p.n_props = 1;
	p.props = props;
	c.n_labels = 1;
	c.labels = city;
	r0.target_case = r1.target_case = r2.target_case =
	    GRAPHD__REF__TARGET_OP_INDEX;
	r1.op_index = 1;
	r2.op_index = 2;
	knows.type = "KNOWS";
	knows.start = &r0;
	knows.end = &r1;
	lives.type = "LIVES_IN";
	lives.start = &r0;
	lives.end = &r2;
	for (int i = 0; i < 5; i++) {
		graphd__op__init(&ops[i]);
		opp[i] = &ops[i];
	}
	ops[0].op_case = ops[1].op_case = ops[2].op_case =
	    GRAPHD__OP__OP_CREATE_NODE;
	ops[0].create_node = ops[1].create_node = &p;
	ops[2].create_node = &c;
	ops[3].op_case = ops[4].op_case = GRAPHD__OP__OP_CREATE_REL;
	ops[3].create_rel = &knows;
	ops[4].create_rel = &lives;
	wt.n_ops = 5;
	wt.ops = opp;
	te.origin_server = 1;
	te.txn = &wt;
	return graphd__txn_entry__pack(&te, buf);
}

static int fuzz_store_seed(struct fuzz_store *s)
{
	uint8_t buf[1024];
	struct raft_entry e = {.term = 1, .type = RAFT_ENTRY_NORMAL};
	struct graph_apply_out out;
	char err[512] = "";

	e.index = ++s->index;
	e.len = fuzz_seed_pack(buf);
	e.data = buf;
	if (graph_apply(s->g, &e, &out, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: cannot seed the store: %s\n", err);
		return -1;
	}
	graph_response_free(out.response);
	return 0;
}

struct fuzz_store *fuzz_store_open(void)
{
	const char *tmp = getenv("TMPDIR");
	struct fuzz_store *s = calloc(1, sizeof(*s));
	char err[512] = "";

	if (!s)
		return NULL;
	snprintf(s->dir, sizeof(s->dir), "%s/graphd-fuzz-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(s->dir)) {
		fprintf(stderr, "fuzz: cannot make a directory from %s: %m\n",
			s->dir);
		free(s);
		return NULL;
	}
	if (store_env_open(&s->env, s->dir, err, sizeof(err)) < 0 ||
	    store_graph_open(s->env, &s->g, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: no graph store in %s: %s\n", s->dir,
			err);
		fuzz_store_close(s);
		return NULL;
	}
	if (fuzz_store_seed(s) < 0) {
		fuzz_store_close(s);
		return NULL;
	}
	return s;
}

void fuzz_store_close(struct fuzz_store *s)
{
	if (!s)
		return;
	if (s->w)
		store_copy_writer_abort(s->w);
	if (s->g)
		store_graph_close(s->g);
	if (s->env)
		store_env_close(s->env);
	nftw(s->dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
}

int fuzz_storecopy(struct fuzz_store *s, const uint8_t *data, size_t size)
{
	char err[512] = "";

	/* begin empties the store: a fresh copy every FUZZ_STORE_INPUTS */
	if (!s->w &&
	    store_copy_writer_begin(s->g, &s->w, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: cannot begin a store copy: %s\n", err);
		return -1;
	}
	if (store_copy_writer_put(s->w, data, size, err, sizeof(err)) < 0 &&
	    !err[0]) {
		fprintf(stderr,
			"fuzz check failed: a chunk of %zu bytes was "
			"refused without a reason\n",
			size);
		return -1;
	}
	if (++s->inputs < FUZZ_STORE_INPUTS)
		return 0;
	s->inputs = 0;
	if (store_copy_writer_finish(s->w, 1, err, sizeof(err)) < 0) {
		s->w = NULL; /* finish frees it, failed or not */
		fprintf(stderr, "fuzz: cannot finish a store copy: %s\n", err);
		return -1;
	}
	s->w = NULL;
	return 0;
}

/* True once FUZZ_STORE_IDS nodes or relationships were created since the
 * store was emptied (the id counters; the transaction that reads them is
 * aborted, which gives the ids back). */
static bool fuzz_store_big(struct fuzz_store *s)
{
	uint64_t nodes = 0, rels = 0;
	DB_TXN *txn;

	if (store_graph_txn_begin(s->g, NULL, false, &txn) != 0)
		return true;
	if (store_graph_next_id(s->g, txn, STORE_ID_NODE, &nodes) != 0 ||
	    store_graph_next_id(s->g, txn, STORE_ID_REL, &rels) != 0)
		nodes = FUZZ_STORE_IDS;
	txn->abort(txn);
	return nodes >= FUZZ_STORE_IDS || rels >= FUZZ_STORE_IDS;
}

int fuzz_txn(struct fuzz_store *s, const uint8_t *data, size_t size)
{
	struct raft_entry e = {.term = 1,
			       .index = ++s->index,
			       .type = RAFT_ENTRY_NORMAL,
			       .data = size ? (uint8_t *)data : NULL,
			       .len = size};
	struct graph_apply_out out;
	char err[512] = "";
	int problems;

	/* A committed entry that cannot be applied stops every follower at
	 * that index for good: any bytes must apply (a bad transaction is a
	 * deterministic error answer). */
	if (graph_apply(s->g, &e, &out, err, sizeof(err)) < 0) {
		fprintf(stderr,
			"fuzz check failed: an entry of %zu bytes was not "
			"applied: %s\n",
			size, err);
		return -1;
	}
	if (out.response && fuzz_roundtrip(&out.response->base) < 0) {
		graph_response_free(out.response);
		return -1;
	}
	graph_response_free(out.response);
	if ((problems = store_graph_verify(s->g, stderr)) != 0) {
		fprintf(stderr,
			"fuzz check failed: the store is inconsistent (%d) "
			"after applying an entry of %zu bytes\n",
			problems, size);
		return -1;
	}
	if (++s->inputs < FUZZ_STORE_INPUTS && !fuzz_store_big(s))
		return 0;
	s->inputs = 0;
	s->index = 0;
	if (store_copy_reset(s->g, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: cannot empty the store: %s\n", err);
		return -1;
	}
	return fuzz_store_seed(s);
}

/* A client's write as the node proposes it (src/node/writes.c): the
 * request's operations or statement in a TxnEntry. */
static int fuzz_request_write(struct fuzz_store *s, const Graphd__Request *r)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	uint8_t *buf;
	size_t n;
	int ret;

	te.origin_server = 1;
	te.session = r->session;
	te.seq = r->seq;
	te.timestamp_ms = 1;
	if (r->body_case == GRAPHD__REQUEST__BODY_QUERY)
		te.query = r->query;
	else
		te.txn = r->write;
	n = graphd__txn_entry__get_packed_size(&te);
	if (!(buf = malloc(n + 1))) {
		fprintf(stderr, "fuzz: out of memory packing a write\n");
		return -1;
	}
	graphd__txn_entry__pack(&te, buf);
	ret = fuzz_txn(s, buf, n);
	free(buf);
	return ret;
}

static int fuzz_request_read(struct fuzz_store *s, const Graphd__Request *r)
{
	Graphd__Response *resp = graph_read(s->g, r);
	int ret;

	if (!resp) {
		fprintf(stderr,
			"fuzz check failed: a read of %zu bytes got "
			"no response\n",
			graphd__request__get_packed_size(r));
		return -1;
	}
	ret = fuzz_roundtrip(&resp->base);
	graph_response_free(resp);
	return ret;
}

int fuzz_request(struct fuzz_store *s, const uint8_t *data, size_t size)
{
	Graphd__Request *r = graphd__request__unpack(NULL, size, data);
	int ret = 0;

	if (!r)
		return 0;
	switch (r->body_case) {
	case GRAPHD__REQUEST__BODY_QUERY:
		ret = graph_query_is_write(r->query) ? fuzz_request_write(s, r)
						     : fuzz_request_read(s, r);
		break;
	case GRAPHD__REQUEST__BODY_WRITE:
		ret = fuzz_request_write(s, r);
		break;
	case GRAPHD__REQUEST__BODY_GET_NODE:
	case GRAPHD__REQUEST__BODY_GET_REL:
	case GRAPHD__REQUEST__BODY_NEIGHBOURS:
	case GRAPHD__REQUEST__BODY_NODES_BY_LABEL:
		ret = fuzz_request_read(s, r);
		break;
	default:
		/* status and membership changes: the node's own state */
		break;
	}
	graphd__request__free_unpacked(r, NULL);
	return ret;
}

static struct fuzz_store *fuzz_run_store;

static void fuzz_run_cleanup(void)
{
	fuzz_store_close(fuzz_run_store);
}

int fuzz_store_run(int (*fn)(struct fuzz_store *, const uint8_t *, size_t),
		   const uint8_t *data, size_t size)
{
	if (!fuzz_run_store) {
		if (!(fuzz_run_store = fuzz_store_open()))
			abort();
		atexit(fuzz_run_cleanup);
	}
	if (fn(fuzz_run_store, data, size) < 0)
		abort();
	return 0;
}
