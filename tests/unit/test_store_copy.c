/* test_store_copy.c: a store copy streams the whole graph store from one
 * snapshot in whole-record chunks and installs it byte for byte; malformed
 * chunks are refused whole; an unfinished install stays marked across a
 * restart until reset. */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "store/copy.h"
#include "store/env.h"
#include "store/graph.h"

#define CHUNK	STORE_COPY_CHUNK_MIN
#define NNODES	5000
#define APPLIED 4242
/* Bound on chunks in any test: far above what NNODES needs. */
#define MAX_CHUNKS 10000

struct sfx {
	char dir[256];
	struct store_env *env;
	struct store_graph *g;
	char err[1024];
};

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void sfx_open(struct sfx *f)
{
	CU_ASSERT_EQUAL_FATAL(
	    store_env_open(&f->env, f->dir, f->err, sizeof(f->err)), 0);
	CU_ASSERT_EQUAL_FATAL(
	    store_graph_open(f->env, &f->g, f->err, sizeof(f->err)), 0);
}

static void sfx_close(struct sfx *f)
{
	store_graph_close(f->g);
	store_env_close(f->env);
	f->g = NULL;
	f->env = NULL;
}

static void sfx_reopen(struct sfx *f)
{
	sfx_close(f);
	sfx_open(f);
}

static void sfx_setup(struct sfx *f)
{
	const char *tmp = getenv("TMPDIR");

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/graphd-copy-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
	sfx_open(f);
}

static void sfx_teardown(struct sfx *f)
{
	sfx_close(f);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* store_graph_dump into a malloc'd string. */
static char *dump(struct sfx *f, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(store_graph_dump(f->g, out, flags), 0);
	fclose(out);
	return buf;
}

/* ------------------------------------------------------------ building */

/* Node id with labels Person (and Even for even ids) and two properties;
 * name_len sets the size of the name property. */
static void add_node(struct sfx *f, DB_TXN *txn, size_t name_len)
{
	Graphd__Value name = GRAPHD__VALUE__INIT, age = GRAPHD__VALUE__INIT;
	Graphd__Property p0 = GRAPHD__PROPERTY__INIT;
	Graphd__Property p1 = GRAPHD__PROPERTY__INIT;
	Graphd__Property *props[] = {&p0, &p1};
	char *labels[] = {"Person", "Even"};
	Graphd__Node n = GRAPHD__NODE__INIT;
	char *s;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(
	    store_graph_next_id(f->g, txn, STORE_ID_NODE, &n.id), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s = malloc(name_len + 1));
	for (i = 0; i < name_len; i++)
		s[i] = (char)('a' + (n.id + i) % 26);
	s[name_len] = '\0';
	name.kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	name.string_value = s;
	age.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	age.int_value = (int64_t)(n.id % 90);
	p0.key = "name";
	p0.value = &name;
	p1.key = "age";
	p1.value = &age;
	n.labels = labels;
	n.n_labels = n.id % 2 ? 1 : 2;
	n.props = props;
	n.n_props = 2;
	CU_ASSERT_EQUAL_FATAL(store_graph_node_put(f->g, txn, &n), 0);
	for (i = 0; i < n.n_labels; i++)
		CU_ASSERT_EQUAL_FATAL(
		    store_graph_label_put(f->g, txn, labels[i], n.id), 0);
	free(s);
}

/* Sets node id's age property (its second) to age. */
static void set_age(struct sfx *f, DB_TXN *txn, uint64_t id, int64_t age)
{
	Graphd__Node *n = NULL;

	CU_ASSERT_EQUAL_FATAL(store_graph_node_get(f->g, txn, id, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n->n_props, 2);
	n->props[1]->value->int_value = age;
	CU_ASSERT_EQUAL(store_graph_node_put(f->g, txn, n), 0);
	graphd__node__free_unpacked(n, NULL);
}

/* A KNOWS relationship start -> end with both adjacency entries. */
static void add_rel(struct sfx *f, DB_TXN *txn, uint64_t start, uint64_t end)
{
	Graphd__Relationship r = GRAPHD__RELATIONSHIP__INIT;
	struct store_adj a = {.type = "KNOWS"};

	CU_ASSERT_EQUAL_FATAL(
	    store_graph_next_id(f->g, txn, STORE_ID_REL, &r.id), 0);
	r.type = "KNOWS";
	r.start = start;
	r.end = end;
	CU_ASSERT_EQUAL_FATAL(store_graph_rel_put(f->g, txn, &r), 0);
	a.rel = r.id;
	a.node = start;
	a.dir = STORE_DIR_OUT;
	a.other = end;
	CU_ASSERT_EQUAL_FATAL(store_graph_adj_put(f->g, txn, &a), 0);
	a.node = end;
	a.dir = STORE_DIR_IN;
	a.other = start;
	CU_ASSERT_EQUAL_FATAL(store_graph_adj_put(f->g, txn, &a), 0);
}

static void add_session(struct sfx *f, DB_TXN *txn, uint64_t session)
{
	Graphd__Response resp = GRAPHD__RESPONSE__INIT;

	resp.request_id = session * 10;
	CU_ASSERT_EQUAL_FATAL(
	    store_graph_session_put(f->g, txn, session, session + 3,
				    session * 1000, &resp), 0);
}

/* nnodes nodes in a chain of relationships, 3 sessions, applied index;
 * the store checks clean. 500 nodes per transaction. */
static void build(struct sfx *f, int nnodes, uint64_t applied)
{
	DB_TXN *txn;
	int i;

	for (i = 0; i < nnodes; i++) {
		if (i % 500 == 0)
			CU_ASSERT_EQUAL_FATAL(
			    store_graph_txn_begin(f->g, NULL, false, &txn), 0);
		add_node(f, txn, 40);
		if (i > 0)
			add_rel(f, txn, (uint64_t)i, (uint64_t)i + 1);
		if (i % 500 == 499 || i == nnodes - 1)
			CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	}
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, false, &txn),
			      0);
	for (i = 1; i <= 3; i++)
		add_session(f, txn, (uint64_t)i);
	CU_ASSERT_EQUAL_FATAL(store_graph_set_applied(f->g, txn, applied), 0);
	CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	CU_ASSERT_EQUAL_FATAL(store_graph_verify(f->g, stderr), 0);
}

/* ------------------------------------------------------------ streaming */

/* Streams the rest of r into w (chunks of max bytes) and finishes at
 * applied; returns the number of chunks, each checked to fit max. */
static int stream_rest(struct store_copy_reader *r, struct store_copy_writer *w,
		       size_t max, uint64_t applied)
{
	char err[1024];
	uint8_t *buf = malloc(max);
	size_t len;
	int more = 1, chunks = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	while (more == 1 && chunks < MAX_CHUNKS) {
		more =
		    store_copy_reader_next(r, buf, max, &len, err, sizeof(err));
		CU_ASSERT_NOT_EQUAL_FATAL(more, -1);
		CU_ASSERT(len <= max);
		CU_ASSERT(more == 0 || len > 0);
		CU_ASSERT_EQUAL_FATAL(
		    store_copy_writer_put(w, buf, len, err, sizeof(err)), 0);
		chunks++;
	}
	CU_ASSERT_EQUAL(more, 0);
	CU_ASSERT_EQUAL(store_copy_writer_finish(w, applied, err, sizeof(err)),
			0);
	free(buf);
	return chunks;
}

/* The whole copy src -> dst; returns the number of chunks. */
static int copy_store(struct sfx *src, struct sfx *dst, size_t max)
{
	struct store_copy_reader *r;
	struct store_copy_writer *w;
	uint64_t applied = 0;
	int chunks;

	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src->g, &r, &applied,
						     src->err,
						     sizeof(src->err)),
			      0);
	CU_ASSERT_EQUAL(applied, store_graph_applied_index(src->g));
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst->g, &w, dst->err, sizeof(dst->err)), 0);
	CU_ASSERT(store_copy_incomplete(dst->g));
	chunks = stream_rest(r, w, max, applied);
	store_copy_reader_close(r);
	return chunks;
}

/* The first chunk of src's stream into buf (capacity CHUNK): its length. */
static size_t first_chunk(struct sfx *src, uint8_t *buf)
{
	struct store_copy_reader *r;
	uint64_t applied;
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src->g, &r, &applied,
						     src->err,
						     sizeof(src->err)),
			      0);
	CU_ASSERT_EQUAL(store_copy_reader_next(r, buf, CHUNK, &len, src->err,
					       sizeof(src->err)),
			1);
	store_copy_reader_close(r);
	return len;
}

/* ------------------------------------------------------------ tests */

/* A store that needs many chunks arrives byte for byte, checks clean and
 * carries the master's applied index, also after a restart. */
static void test_copy_reproduces_store_byte_for_byte(void)
{
	struct sfx src, dst;
	char *want, *got;
	int chunks;

	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, NNODES, APPLIED);
	chunks = copy_store(&src, &dst, CHUNK);
	CU_ASSERT(chunks > 5);
	sfx_reopen(&dst);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), APPLIED);
	CU_ASSERT_EQUAL(store_graph_verify(dst.g, stderr), 0);
	want = dump(&src, STORE_DUMP_NO_APPLIED);
	got = dump(&dst, STORE_DUMP_NO_APPLIED);
	CU_ASSERT(strlen(want) > (size_t)NNODES * 50);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(want);
	free(got);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* Installing over a store larger than one emptying batch (4096 records
 * per transaction) replaces all of it: nothing of the old graph remains. */
static void test_copy_over_large_store_replaces_all_of_it(void)
{
	struct sfx src, dst;
	char *want, *got;

	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, 30, 11);
	build(&dst, 9000, 22);
	copy_store(&src, &dst, CHUNK);
	sfx_reopen(&dst);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), 11);
	CU_ASSERT_EQUAL(store_graph_verify(dst.g, stderr), 0);
	want = dump(&src, STORE_DUMP_NO_APPLIED);
	got = dump(&dst, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(want);
	free(got);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* An empty store streams as one empty last chunk, and installing it
 * empties a store that had a graph. */
static void test_copy_of_empty_store_empties_target(void)
{
	struct store_copy_reader *r;
	struct store_copy_writer *w;
	struct sfx src, dst;
	uint8_t *buf = malloc(CHUNK);
	uint64_t applied = 99;
	size_t len = 1;
	char *got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	sfx_setup(&src);
	sfx_setup(&dst);
	build(&dst, 50, 77);
	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src.g, &r, &applied,
						     src.err, sizeof(src.err)),
			      0);
	CU_ASSERT_EQUAL(applied, 0);
	CU_ASSERT_EQUAL(store_copy_reader_next(r, buf, CHUNK, &len, src.err,
					       sizeof(src.err)),
			0);
	CU_ASSERT_EQUAL(len, 0);
	store_copy_reader_close(r);
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst.g, &w, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_EQUAL(
	    store_copy_writer_put(w, buf, 0, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_EQUAL(
	    store_copy_writer_finish(w, applied, dst.err, sizeof(dst.err)), 0);
	got = dump(&dst, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(got, "");
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), 0);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	free(got);
	free(buf);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* put(chunk) must fail with a message containing want and leave dst as it
 * was. */
static void assert_refused(struct sfx *dst, struct store_copy_writer *w,
			   const uint8_t *chunk, size_t len, const char *want)
{
	char *before = dump(dst, 0), *after;

	dst->err[0] = '\0';
	CU_ASSERT_EQUAL(
	    store_copy_writer_put(w, chunk, len, dst->err, sizeof(dst->err)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(dst->err, want));
	after = dump(dst, 0);
	CU_ASSERT_STRING_EQUAL(after, before);
	free(before);
	free(after);
}

/* Malformed chunks (cut short, unknown database, good records followed by
 * garbage) are refused whole; the good chunk then installs. */
static void test_malformed_chunk_refused_and_nothing_written(void)
{
	struct store_copy_writer *w;
	struct sfx src, dst;
	uint8_t *buf = malloc(CHUNK + 3), *bad = malloc(CHUNK + 3);
	char *before, *after;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, 2000, 12);
	len = first_chunk(&src, buf);
	CU_ASSERT_FATAL(len > 1000);
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst.g, &w, dst.err, sizeof(dst.err)), 0);
	assert_refused(&dst, w, buf, len - 1, "truncated");
	assert_refused(&dst, w, buf, 3, "truncated");
	memcpy(bad, buf, len);
	bad[0] = (uint8_t)store_graph_db_count();
	assert_refused(&dst, w, bad, len, "names database");
	memcpy(bad, buf, len);
	memcpy(bad + len, "\x01\xff\xff", 3);
	assert_refused(&dst, w, bad, len + 3, "truncated");
	before = dump(&dst, 0);
	CU_ASSERT_EQUAL(
	    store_copy_writer_put(w, buf, len, dst.err, sizeof(dst.err)), 0);
	after = dump(&dst, 0);
	CU_ASSERT(strlen(after) > strlen(before) + len);
	store_copy_writer_abort(w);
	free(before);
	free(after);
	free(buf);
	free(bad);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* Begin without finish (a crash, or abort) leaves the store marked across
 * a restart, with applied index 0; reset empties it and clears the mark. */
static void test_incomplete_mark_survives_restart_until_reset(void)
{
	struct store_copy_writer *w;
	uint8_t *buf = malloc(CHUNK);
	struct sfx src, dst;
	size_t len;
	char *got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, 2000, 12);
	build(&dst, 10, 5);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	len = first_chunk(&src, buf);
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst.g, &w, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_EQUAL(
	    store_copy_writer_put(w, buf, len, dst.err, sizeof(dst.err)), 0);
	store_copy_writer_abort(w);
	sfx_reopen(&dst);
	CU_ASSERT_TRUE(store_copy_incomplete(dst.g));
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), 0);
	CU_ASSERT_EQUAL(store_copy_reset(dst.g, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	sfx_reopen(&dst);
	CU_ASSERT_FALSE(store_copy_incomplete(dst.g));
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), 0);
	got = dump(&dst, 0);
	CU_ASSERT_STRING_EQUAL(got, "");
	free(got);
	free(buf);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* Writes committed between next() calls are not in the stream: it is the
 * snapshot of reader_open, at its applied index. */
static void test_reader_sees_snapshot_while_writer_writes(void)
{
	struct store_copy_reader *r;
	struct store_copy_writer *w;
	struct sfx src, dst;
	uint8_t *buf = malloc(CHUNK);
	char *want, *got, *now;
	DB_ENV *env;
	uint64_t applied;
	DB_TXN *txn;
	size_t len;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, NNODES, APPLIED);
	want = dump(&src, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src.g, &r, &applied,
						     src.err, sizeof(src.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst.g, &w, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_EQUAL_FATAL(store_copy_reader_next(r, buf, CHUNK, &len,
						     src.err, sizeof(src.err)),
			      1);
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_put(w, buf, len, dst.err, sizeof(dst.err)), 0);
	/* New nodes, relationships, sessions, applied index; node 1 (already
	 * streamed) and node NNODES - 1 (not yet) change. DB_TXN_NOWAIT: a
	 * reader that held read locks would fail this, not hang it. */
	for (i = 0; i < 3; i++) {
		env = store_env_db(src.env);
		CU_ASSERT_EQUAL_FATAL(
		    env->txn_begin(env, NULL, &txn, DB_TXN_NOWAIT), 0);
		add_node(&src, txn, 40 + (size_t)i);
		set_age(&src, txn, 1, 1000 + i);
		set_age(&src, txn, NNODES - 1, 1000 + i);
		add_rel(&src, txn, 1, NNODES + 1 + (uint64_t)i);
		add_session(&src, txn, 100 + (uint64_t)i);
		CU_ASSERT_EQUAL(
		    store_graph_set_applied(src.g, txn, APPLIED + 1 + i), 0);
		CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	}
	now = dump(&src, STORE_DUMP_NO_APPLIED);
	CU_ASSERT(strcmp(now, want) != 0);
	stream_rest(r, w, CHUNK, applied);
	store_copy_reader_close(r);
	CU_ASSERT_EQUAL(applied, APPLIED);
	CU_ASSERT_EQUAL(store_graph_applied_index(dst.g), APPLIED);
	got = dump(&dst, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(got, want);
	CU_ASSERT_EQUAL(store_graph_verify(dst.g, stderr), 0);
	free(want);
	free(got);
	free(now);
	free(buf);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* A record that cannot fit any chunk of the given capacity is an error
 * naming its database and size; a larger capacity streams it. */
static void test_record_larger_than_chunk_names_database_and_size(void)
{
	struct store_copy_reader *r;
	struct sfx src, dst;
	uint8_t *buf = malloc(2 * CHUNK);
	Graphd__Node *n = NULL;
	char want[64];
	uint64_t applied;
	DB_TXN *txn;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	sfx_setup(&src);
	sfx_setup(&dst);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(src.g, NULL, false, &txn),
			      0);
	add_node(&src, txn, CHUNK + 100);
	CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	CU_ASSERT_EQUAL_FATAL(store_graph_node_get(src.g, NULL, 1, &n), 0);
	snprintf(want, sizeof(want), "%zu bytes",
		 STORE_COPY_RECORD_HEADER + 8 +
		     graphd__node__get_packed_size(n));
	graphd__node__free_unpacked(n, NULL);

	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src.g, &r, &applied,
						     src.err, sizeof(src.err)),
			      0);
	CU_ASSERT_EQUAL(store_copy_reader_next(r, buf, CHUNK, &len, src.err,
					       sizeof(src.err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(src.err, "database nodes"));
	CU_ASSERT_PTR_NOT_NULL(strstr(src.err, want));
	store_copy_reader_close(r);

	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src.g, &r, &applied,
						     src.err, sizeof(src.err)),
			      0);
	CU_ASSERT_EQUAL(store_copy_reader_next(r, buf, CHUNK - 1, &len, src.err,
					       sizeof(src.err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(src.err, "minimum"));
	store_copy_reader_close(r);

	CU_ASSERT_EQUAL_FATAL(store_copy_reader_open(src.g, &r, &applied,
						     src.err, sizeof(src.err)),
			      0);
	CU_ASSERT_EQUAL(store_copy_reader_next(r, buf, 2 * CHUNK, &len, src.err,
					       sizeof(src.err)),
			0);
	CU_ASSERT(len > CHUNK);
	store_copy_reader_close(r);
	free(buf);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

/* Walks the records of a chunk: true when one is meta's key. */
static bool chunk_has_meta_key(const uint8_t *p, size_t len, const char *key)
{
	const char *meta = "meta";
	uint32_t klen, vlen;
	size_t off = 0;
	unsigned db;

	while (off + STORE_COPY_RECORD_HEADER <= len) {
		db = p[off];
		klen = (uint32_t)p[off + 1] << 24 | (uint32_t)p[off + 2] << 16 |
		       (uint32_t)p[off + 3] << 8 | p[off + 4];
		if (!strcmp(store_graph_db_name(db), meta) &&
		    klen == strlen(key) && !memcmp(p + off + 5, key, klen))
			return true;
		off += 5 + klen;
		vlen = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
		       (uint32_t)p[off + 2] << 8 | p[off + 3];
		off += 4 + vlen;
	}
	return false;
}

/* Streams all of f into buf (capacity CHUNK, the store must fit one chunk):
 * its length. */
static size_t whole_stream(struct sfx *f, uint8_t *buf)
{
	struct store_copy_reader *r;
	uint64_t applied;
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(
	    store_copy_reader_open(f->g, &r, &applied, f->err, sizeof(f->err)),
	    0);
	CU_ASSERT_EQUAL(
	    store_copy_reader_next(r, buf, CHUNK, &len, f->err, sizeof(f->err)),
	    0);
	store_copy_reader_close(r);
	return len;
}

/* The mark describes the store it is in: a stream read from a marked store
 * does not carry it, though it carries the other meta records. */
static void test_mark_is_not_streamed(void)
{
	struct store_copy_writer *w;
	uint8_t *buf = malloc(CHUNK);
	struct sfx src, dst;
	size_t len;
	char *got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	sfx_setup(&src);
	sfx_setup(&dst);
	build(&src, 20, 3);
	len = whole_stream(&src, buf);
	CU_ASSERT_TRUE(chunk_has_meta_key(buf, len, "next_node_id"));
	CU_ASSERT_TRUE(chunk_has_meta_key(buf, len, "applied_index"));
	CU_ASSERT_EQUAL_FATAL(
	    store_copy_writer_begin(dst.g, &w, dst.err, sizeof(dst.err)), 0);
	CU_ASSERT_EQUAL(
	    store_copy_writer_put(w, buf, len, dst.err, sizeof(dst.err)), 0);
	got = dump(&dst, 0);
	/* "copy_in_progress" in hex: the mark is in dst */
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "636f70795f696e5f70726f6772657373"));
	free(got);
	len = whole_stream(&dst, buf);
	CU_ASSERT_TRUE(chunk_has_meta_key(buf, len, "next_node_id"));
	CU_ASSERT_FALSE(chunk_has_meta_key(buf, len, "copy_in_progress"));
	/* the writer skipped the incoming applied index: finish sets it */
	CU_ASSERT_FALSE(chunk_has_meta_key(buf, len, "applied_index"));
	store_copy_writer_abort(w);
	free(buf);
	sfx_teardown(&src);
	sfx_teardown(&dst);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("store_copy", NULL, NULL);
	CU_add_test(s, "copy_reproduces_store_byte_for_byte",
		    test_copy_reproduces_store_byte_for_byte);
	CU_add_test(s, "copy_over_large_store_replaces_all_of_it",
		    test_copy_over_large_store_replaces_all_of_it);
	CU_add_test(s, "copy_of_empty_store_empties_target",
		    test_copy_of_empty_store_empties_target);
	CU_add_test(s, "malformed_chunk_refused_and_nothing_written",
		    test_malformed_chunk_refused_and_nothing_written);
	CU_add_test(s, "incomplete_mark_survives_restart_until_reset",
		    test_incomplete_mark_survives_restart_until_reset);
	CU_add_test(s, "reader_sees_snapshot_while_writer_writes",
		    test_reader_sees_snapshot_while_writer_writes);
	CU_add_test(s, "record_larger_than_chunk_names_database_and_size",
		    test_record_larger_than_chunk_names_database_and_size);
	CU_add_test(s, "mark_is_not_streamed", test_mark_is_not_streamed);
	return cu_run();
}
