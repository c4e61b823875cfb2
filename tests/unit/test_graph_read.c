/* test_graph_read.c: graph_read answers GetNode, GetRel, Neighbours (every
 * direction, type filter, limit) and NodesByLabel (with a property filter)
 * from the local store. */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "test_graph_fixture.h"

#define OUT  GRAPHD__DIRECTION__DIR_OUT
#define IN   GRAPHD__DIRECTION__DIR_IN
#define BOTH GRAPHD__DIRECTION__DIR_BOTH

/* The graph every test reads:
 *   1 (Person name=Ada born=1815)  -[KNOWS r1]-> 2 (Person name=Charles)
 *   1 -[LIKES r2]-> 3 (Machine)    3 -[KNOWS r3]-> 1     1 -[SELF r4]-> 1
 *   2 -[KNOWS r5]-> 3              4 (Person born=1815.0) */
static int build(struct gfx *f)
{
	Graphd__Response *r;
	int ok;

	if (gfx_setup(f) < 0)
		return -1;
	r = gfx_txn(
	    f, 0, 0, 9,
	    op_node("Person", 2, "name", gv_str("Ada"), "born", gv_int(1815)),
	    op_node("Person", 1, "name", gv_str("Charles")),
	    op_node("Machine", 0), op_rel("KNOWS", ref_op(0), ref_op(1)),
	    op_rel("LIKES", ref_op(0), ref_op(2)),
	    op_rel("KNOWS", ref_op(2), ref_op(0)),
	    op_rel("SELF", ref_op(0), ref_op(0)),
	    op_rel("KNOWS", ref_op(1), ref_op(2)),
	    op_node("Person", 1, "born", gv_float(1815.0)));
	ok = gfx_code(r) == GRAPHD__ERROR_CODE__OK;
	graph_response_free(r);
	return ok ? 0 : -1;
}

/* "r1:2 r4:1" style picture of a neighbour list, in order. */
static char *picture(const Graphd__Response *r)
{
	const Graphd__NeighbourList *l = r->neighbours;
	char *buf = calloc(1, 256);
	size_t i, len = 0;

	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NEIGHBOURS);
	CU_ASSERT_EQUAL_FATAL(l->n_rels, l->n_nodes);
	for (i = 0; i < l->n_rels && len < 200; i++)
		len +=
		    snprintf(buf + len, 256 - len, "%sr%llu:%llu", i ? " " : "",
			     (unsigned long long)l->rels[i]->id,
			     (unsigned long long)l->nodes[i]->id);
	return buf;
}

static void expect_neighbours(Graphd__Response *r, const char *want)
{
	char *got = picture(r);

	if (strcmp(got, want))
		fprintf(stderr, "neighbours \"%s\", want \"%s\"\n", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
	graph_response_free(r);
}

static void expect_error(Graphd__Response *r, int code, const char *needle)
{
	CU_ASSERT_EQUAL(gfx_code(r), code);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->error);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->error->message, needle));
	graph_response_free(r);
}

static void test_get_node_and_rel_found_and_not_found(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(build(&f) == 0);
	r = gfx_get_node(&f, 2);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NODE);
	CU_ASSERT_PTR_NULL(r->error);
	CU_ASSERT_EQUAL(r->node->id, 2);
	CU_ASSERT_STRING_EQUAL(r->node->props[0]->value->string_value,
			       "Charles");
	graph_response_free(r);
	r = gfx_get_rel(&f, 3);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_REL);
	CU_ASSERT_EQUAL(r->rel->start, 3);
	CU_ASSERT_EQUAL(r->rel->end, 1);
	graph_response_free(r);
	expect_error(gfx_get_node(&f, 99), GRAPHD__ERROR_CODE__NOT_FOUND,
		     "node 99 not found");
	expect_error(gfx_get_rel(&f, 42), GRAPHD__ERROR_CODE__NOT_FOUND,
		     "relationship 42 not found");
	gfx_teardown(&f);
}

static void test_neighbours_by_direction(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(build(&f) == 0);
	/* Each direction by (type, rel id); the other end is in nodes[i]. */
	expect_neighbours(gfx_neighbours(&f, 1, OUT, 0, 0), "r1:2 r2:3 r4:1");
	expect_neighbours(gfx_neighbours(&f, 1, IN, 0, 0), "r3:3 r4:1");
	/* Both: the self-loop r4 appears once. */
	expect_neighbours(gfx_neighbours(&f, 1, BOTH, 0, 0),
			  "r1:2 r2:3 r4:1 r3:3");
	expect_neighbours(gfx_neighbours(&f, 3, BOTH, 0, 0), "r3:1 r5:2 r2:1");
	expect_neighbours(gfx_neighbours(&f, 4, BOTH, 0, 0), "");
	gfx_teardown(&f);
}

static void test_neighbours_type_filter_and_limit(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(build(&f) == 0);
	expect_neighbours(gfx_neighbours(&f, 1, OUT, 0, 1, "KNOWS"), "r1:2");
	expect_neighbours(gfx_neighbours(&f, 1, BOTH, 0, 1, "KNOWS"),
			  "r1:2 r3:3");
	/* Types in the order asked, a repeated type once. */
	expect_neighbours(
	    gfx_neighbours(&f, 1, OUT, 0, 3, "SELF", "LIKES", "SELF"),
	    "r4:1 r2:3");
	/* A type that is a prefix of another matches only itself. */
	expect_neighbours(gfx_neighbours(&f, 1, OUT, 0, 1, "KNOW"), "");
	expect_neighbours(gfx_neighbours(&f, 1, BOTH, 2, 0), "r1:2 r2:3");
	expect_neighbours(gfx_neighbours(&f, 1, BOTH, 3, 1, "KNOWS"),
			  "r1:2 r3:3");
	expect_neighbours(gfx_neighbours(&f, 1, IN, 1, 0), "r3:3");
	gfx_teardown(&f);
}

static void test_neighbours_of_missing_node_or_bad_direction(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(build(&f) == 0);
	expect_error(gfx_neighbours(&f, 77, BOTH, 0, 0),
		     GRAPHD__ERROR_CODE__NOT_FOUND, "node 77 not found");
	expect_error(gfx_neighbours(&f, 1, 9, 0, 0),
		     GRAPHD__ERROR_CODE__BAD_REQUEST, "direction");
	gfx_teardown(&f);
}

static uint64_t ids_of(const Graphd__Response *r)
{
	uint64_t mask = 0;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NODES);
	for (i = 0; i < r->nodes->n_nodes; i++)
		mask = mask * 10 + r->nodes->nodes[i]->id;
	return mask;
}

static void expect_nodes(Graphd__Response *r, uint64_t digits)
{
	CU_ASSERT_PTR_NULL(r->error);
	CU_ASSERT_EQUAL(ids_of(r), digits);
	graph_response_free(r);
}

static void test_nodes_by_label_with_property_filter_and_limit(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(build(&f) == 0);
	expect_nodes(gfx_by_label(&f, "Person", NULL, NULL, 0), 124);
	expect_nodes(gfx_by_label(&f, "Machine", NULL, NULL, 0), 3);
	expect_nodes(gfx_by_label(&f, "Nobody", NULL, NULL, 0), 0);
	expect_nodes(gfx_by_label(&f, "Person", NULL, NULL, 2), 12);
	expect_nodes(gfx_by_label(&f, "Person", "name", gv_str("Charles"), 0),
		     2);
	/* 1815 equals 1815.0, as in Cypher. */
	expect_nodes(gfx_by_label(&f, "Person", "born", gv_int(1815), 0), 14);
	expect_nodes(gfx_by_label(&f, "Person", "born", gv_int(1815), 1), 1);
	expect_nodes(gfx_by_label(&f, "Person", "born", gv_str("1815"), 0), 0);
	/* A null filter value means "has no such property". */
	expect_nodes(gfx_by_label(&f, "Person", "born", gv_null(), 0), 2);
	expect_error(gfx_by_label(&f, "", NULL, NULL, 0),
		     GRAPHD__ERROR_CODE__BAD_REQUEST, "label is empty");
	expect_error(gfx_by_label(&f, "Person", "", gv_int(1), 0),
		     GRAPHD__ERROR_CODE__BAD_REQUEST, "property key");
	gfx_teardown(&f);
}

static void test_non_read_request_is_bad_request(void)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__StatusRequest st = GRAPHD__STATUS_REQUEST__INIT;
	struct gfx f;

	CU_ASSERT_FATAL(build(&f) == 0);
	req.body_case = GRAPHD__REQUEST__BODY_STATUS;
	req.status = &st;
	expect_error(graph_read(f.g, &req), GRAPHD__ERROR_CODE__BAD_REQUEST,
		     "not a read request");
	gfx_teardown(&f);
}

static Graphd__Response *query(struct gfx *f, const char *stmt)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Query q = GRAPHD__QUERY__INIT;

	q.statement = (char *)stmt;
	req.body_case = GRAPHD__REQUEST__BODY_QUERY;
	req.query = &q;
	return graph_read(f->g, &req);
}

/* A Cypher read answers columns and rows of protocol values: nodes whole,
 * scalars as scalars. */
static void test_cypher_read_returns_columns_and_typed_rows(void)
{
	struct gfx f;
	Graphd__Response *r;
	Graphd__Value *v;

	CU_ASSERT_FATAL(build(&f) == 0);
	r = query(&f, "MATCH (p:Person)-[:KNOWS]->(q) "
		      "RETURN p, q.name AS friend ORDER BY friend");
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_QUERY);
	CU_ASSERT_EQUAL_FATAL(r->query->n_columns, 2);
	CU_ASSERT_STRING_EQUAL(r->query->columns[0], "p");
	CU_ASSERT_STRING_EQUAL(r->query->columns[1], "friend");
	/* Ada->Charles, Charles->machine (no name: null sorts last) */
	CU_ASSERT_EQUAL_FATAL(r->query->n_rows, 2);
	v = r->query->rows[0]->values[0];
	CU_ASSERT_EQUAL_FATAL(v->kind_case, GRAPHD__VALUE__KIND_NODE_VALUE);
	CU_ASSERT_EQUAL(v->node_value->id, 1);
	CU_ASSERT_STRING_EQUAL(v->node_value->labels[0], "Person");
	v = r->query->rows[0]->values[1];
	CU_ASSERT_EQUAL_FATAL(v->kind_case, GRAPHD__VALUE__KIND_STRING_VALUE);
	CU_ASSERT_STRING_EQUAL(v->string_value, "Charles");
	CU_ASSERT_EQUAL(r->query->rows[1]->values[1]->kind_case,
			GRAPHD__VALUE__KIND__NOT_SET);
	graph_response_free(r);
	gfx_teardown(&f);
}

/* A syntax error says where, with the line and a caret; a semantic error
 * names the variable. */
static void test_cypher_errors_have_positions(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(build(&f) == 0);
	r = query(&f, "MATCH (n RETURN n");
	CU_ASSERT_EQUAL_FATAL(gfx_code(r), GRAPHD__ERROR_CODE__SYNTAX);
	CU_ASSERT_EQUAL(r->error->line, 1);
	CU_ASSERT_EQUAL(r->error->column, 10);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->error->message, "MATCH (n RETURN n\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r->error->message, "         ^"));
	graph_response_free(r);
	r = query(&f, "MATCH (n)\nRETURN m");
	CU_ASSERT_EQUAL_FATAL(gfx_code(r), GRAPHD__ERROR_CODE__SEMANTIC);
	CU_ASSERT_EQUAL(r->error->line, 2);
	CU_ASSERT_EQUAL(r->error->column, 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->error->message, "`m` not defined"));
	graph_response_free(r);
	gfx_teardown(&f);
}

/* A response survives a pack/unpack round trip: what the runtime sends. */
static void test_responses_pack_and_free_cleanly(void)
{
	struct gfx f;
	Graphd__Response *r, *back;
	uint8_t *buf;
	size_t len;

	CU_ASSERT_FATAL(build(&f) == 0);
	r = gfx_neighbours(&f, 1, BOTH, 0, 0);
	len = graphd__response__get_packed_size(r);
	buf = malloc(len);
	graphd__response__pack(r, buf);
	back = graphd__response__unpack(NULL, len, buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	CU_ASSERT_EQUAL(back->neighbours->n_rels, 4);
	graph_response_free(back);
	graph_response_free(r);
	free(buf);
	gfx_teardown(&f);
}

/* Reads on one thread while another applies: snapshot reads never fail,
 * never block, and never go back in time. */
static void expect_rel_count(Graphd__Response *r, size_t n)
{
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	CU_ASSERT_EQUAL(r->neighbours->n_rels, n);
	graph_response_free(r);
}

static void expect_node_count(Graphd__Response *r, size_t n)
{
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	CU_ASSERT_EQUAL(r->nodes->n_nodes, n);
	graph_response_free(r);
}

struct writer {
	struct gfx *f;
	int n;
	int failures;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct graph_apply_out out;
	struct raft_entry e;
	char err[256];

	for (int i = 0; i < w->n; i++) {
		gfx_entry(&e, w->f->next_index + i, 0, 0, 2,
			  op_node("Person", 0),
			  op_rel("KNOWS", ref_id(1), ref_op(0)));
		if (graph_apply(w->f->g, &e, &out, err, sizeof(err)) < 0 ||
		    gfx_code(out.response) != GRAPHD__ERROR_CODE__OK)
			w->failures++;
		graph_response_free(out.response);
		free(e.data);
	}
	return NULL;
}

static void test_reads_concurrent_with_apply_never_fail_or_go_back(void)
{
	struct gfx f;
	struct writer w = {.f = &f, .n = 60};
	size_t last_rels = 0, last_nodes = 0;
	pthread_t t;
	int bad = 0;

	CU_ASSERT_FATAL(build(&f) == 0);
	f.next_index = 2;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, write_loop, &w), 0);
	for (int i = 0; i < 300; i++) {
		Graphd__Response *n = gfx_neighbours(&f, 1, OUT, 0, 1, "KNOWS");
		Graphd__Response *p = gfx_by_label(&f, "Person", NULL, NULL, 0);

		if (gfx_code(n) || gfx_code(p) ||
		    n->neighbours->n_rels != n->neighbours->n_nodes ||
		    n->neighbours->n_rels < last_rels ||
		    p->nodes->n_nodes < last_nodes)
			bad++;
		else {
			last_rels = n->neighbours->n_rels;
			last_nodes = p->nodes->n_nodes;
		}
		graph_response_free(n);
		graph_response_free(p);
	}
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(w.failures, 0);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 61);
	/* build() made 1 KNOWS from node 1 and 3 Persons; 60 more of each. */
	expect_rel_count(gfx_neighbours(&f, 1, OUT, 0, 1, "KNOWS"), 61);
	expect_node_count(gfx_by_label(&f, "Person", NULL, NULL, 0), 63);
	CU_ASSERT_EQUAL(store_graph_verify(f.g, stderr), 0);
	gfx_teardown(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("graph_read", NULL, NULL);
	CU_add_test(s, "get_node_and_rel_found_and_not_found",
		    test_get_node_and_rel_found_and_not_found);
	CU_add_test(s, "neighbours_by_direction", test_neighbours_by_direction);
	CU_add_test(s, "neighbours_type_filter_and_limit",
		    test_neighbours_type_filter_and_limit);
	CU_add_test(s, "neighbours_of_missing_node_or_bad_direction",
		    test_neighbours_of_missing_node_or_bad_direction);
	CU_add_test(s, "nodes_by_label_with_property_filter_and_limit",
		    test_nodes_by_label_with_property_filter_and_limit);
	CU_add_test(s, "cypher_read_returns_columns_and_typed_rows",
		    test_cypher_read_returns_columns_and_typed_rows);
	CU_add_test(s, "cypher_errors_have_positions",
		    test_cypher_errors_have_positions);
	CU_add_test(s, "non_read_request_is_bad_request",
		    test_non_read_request_is_bad_request);
	CU_add_test(s, "responses_pack_and_free_cleanly",
		    test_responses_pack_and_free_cleanly);
	CU_add_test(s, "reads_concurrent_with_apply_never_fail_or_go_back",
		    test_reads_concurrent_with_apply_never_fail_or_go_back);
	return cu_run();
}
