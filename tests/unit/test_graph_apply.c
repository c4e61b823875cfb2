/* test_graph_apply.c: graph_apply runs every operation, keeps the indexes
 * consistent, rolls back failing transactions and applies exactly once. */
#include <CUnit/CUnit.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/cu_run.h"
#include "graph/limits.h"
#include "test_graph_fixture.h"

#define OK	    GRAPHD__ERROR_CODE__OK
#define NOT_FOUND   GRAPHD__ERROR_CODE__NOT_FOUND
#define BAD_REQUEST GRAPHD__ERROR_CODE__BAD_REQUEST
#define CONSTRAINT  GRAPHD__ERROR_CODE__CONSTRAINT

static Graphd__WriteResult *wr(Graphd__Response *r)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL_FATAL(gfx_code(r), OK);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_WRITE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->write->counters);
	return r->write;
}

static void expect_error(Graphd__Response *r, int code, const char *needle)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(gfx_code(r), code);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->error);
	if (needle && !strstr(r->error->message, needle)) {
		fprintf(stderr, "message \"%s\" lacks \"%s\"\n",
			r->error->message, needle);
		CU_FAIL("error message");
	}
	graph_response_free(r);
}

static Graphd__Node *node_of(Graphd__Response *r)
{
	CU_ASSERT_EQUAL_FATAL(gfx_code(r), OK);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NODE);
	return r->node;
}

static void test_create_node_ids_start_at_one_with_labels_and_props(void)
{
	struct gfx f;
	Graphd__WriteResult *w;
	Graphd__Response *r, *n;
	const Graphd__Value *v;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	r = gfx_txn(
	    &f, 0, 0, 2,
	    op_node("Person", 2, "name", gv_str("Ada"), "born", gv_int(1815)),
	    op_node(NULL, 1, "skip", gv_null()));
	w = wr(r);
	CU_ASSERT_EQUAL(w->txn_id, 1);
	CU_ASSERT_EQUAL_FATAL(w->n_created_ids, 2);
	CU_ASSERT_EQUAL(w->created_ids[0], 1);
	CU_ASSERT_EQUAL(w->created_ids[1], 2);
	CU_ASSERT_EQUAL(w->counters->nodes_created, 2);
	CU_ASSERT_EQUAL(w->counters->labels_added, 1);
	CU_ASSERT_EQUAL(w->counters->props_set, 2);
	graph_response_free(r);

	n = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL(node_of(n)->id, 1);
	CU_ASSERT_EQUAL_FATAL(n->node->n_labels, 1);
	CU_ASSERT_STRING_EQUAL(n->node->labels[0], "Person");
	CU_ASSERT_EQUAL(n->node->n_props, 2);
	v = NULL;
	for (size_t i = 0; i < n->node->n_props; i++)
		if (!strcmp(n->node->props[i]->key, "born"))
			v = n->node->props[i]->value;
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->int_value, 1815);
	graph_response_free(n);

	/* A null property on create is left out. */
	n = gfx_get_node(&f, 2);
	CU_ASSERT_EQUAL(node_of(n)->n_props, 0);
	graph_response_free(n);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 1);
	gfx_teardown(&f);
}

static void test_create_rel_refers_to_nodes_created_earlier(void)
{
	struct gfx f;
	Graphd__WriteResult *w;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	r = gfx_txn(&f, 0, 0, 4, op_node("A", 0), op_node("B", 0),
		    op_set(false, ref_op(1), "x", gv_int(1)),
		    op_rel("KNOWS", ref_op(0), ref_op(1)));
	w = wr(r);
	CU_ASSERT_EQUAL_FATAL(w->n_created_ids, 4);
	CU_ASSERT_EQUAL(w->created_ids[0], 1);
	CU_ASSERT_EQUAL(w->created_ids[1], 2);
	CU_ASSERT_EQUAL(w->created_ids[2], 0); /* not a create */
	CU_ASSERT_EQUAL(w->created_ids[3], 1); /* first relationship id */
	CU_ASSERT_EQUAL(w->counters->rels_created, 1);
	graph_response_free(r);

	r = gfx_get_rel(&f, 1);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_REL);
	CU_ASSERT_STRING_EQUAL(r->rel->type, "KNOWS");
	CU_ASSERT_EQUAL(r->rel->start, 1);
	CU_ASSERT_EQUAL(r->rel->end, 2);
	graph_response_free(r);

	/* Existing ids work as references too. */
	r = gfx_txn(&f, 0, 0, 1, op_rel("LIKES", ref_id(2), ref_id(1)));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 2);
	graph_response_free(r);
	gfx_teardown(&f);
}

static void test_ref_must_name_an_earlier_create_of_the_right_kind(void)
{
	struct gfx f;
	char *before, *after;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED | STORE_DUMP_NO_SESSIONS);
	/* to itself / a later op */
	expect_error(gfx_txn(&f, 0, 0, 2, op_node("A", 0),
			     op_rel("R", ref_op(0), ref_op(1))),
		     BAD_REQUEST, "op 1 refers to op 1");
	expect_error(gfx_txn(&f, 0, 0, 2,
			     op_set(false, ref_op(1), "k", gv_int(1)),
			     op_node("A", 0)),
		     BAD_REQUEST, "op 0 refers to op 1");
	/* a relationship where a node is expected, and the reverse */
	expect_error(gfx_txn(&f, 0, 0, 4, op_node("A", 0), op_node("A", 0),
			     op_rel("R", ref_op(0), ref_op(1)),
			     op_label(true, ref_op(2), "X")),
		     BAD_REQUEST, "not an earlier create_node");
	expect_error(
	    gfx_txn(&f, 0, 0, 2, op_node("A", 0), op_del_rel(ref_op(0))),
	    BAD_REQUEST, "not an earlier create_rel");
	/* past the end of the transaction */
	expect_error(gfx_txn(&f, 0, 0, 1, op_del_node(ref_op(9), false)),
		     BAD_REQUEST, "op 0 refers to op 9");
	after = gfx_dump(&f, STORE_DUMP_NO_APPLIED | STORE_DUMP_NO_SESSIONS);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	gfx_teardown(&f);
}

static void test_set_prop_replaces_and_null_removes(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 3, op_node("A", 0),
				    op_node("A", 0),
				    op_rel("R", ref_op(0), ref_op(1))));
	r = gfx_txn(&f, 0, 0, 3, op_set(false, ref_id(1), "k", gv_str("v1")),
		    op_set(false, ref_id(1), "k", gv_str("v2")),
		    op_set(true, ref_id(1), "w", gv_float(2.5)));
	CU_ASSERT_EQUAL(wr(r)->counters->props_set, 3);
	graph_response_free(r);
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL_FATAL(node_of(r)->n_props, 1);
	CU_ASSERT_STRING_EQUAL(r->node->props[0]->value->string_value, "v2");
	graph_response_free(r);
	r = gfx_get_rel(&f, 1);
	CU_ASSERT_EQUAL_FATAL(r->rel->n_props, 1);
	CU_ASSERT_DOUBLE_EQUAL(r->rel->props[0]->value->float_value, 2.5, 0);
	graph_response_free(r);

	graph_response_free(
	    gfx_txn(&f, 0, 0, 1, op_set(false, ref_id(1), "k", gv_null())));
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL(node_of(r)->n_props, 0);
	graph_response_free(r);
	expect_error(
	    gfx_txn(&f, 0, 0, 1, op_set(true, ref_id(7), "k", gv_int(1))),
	    NOT_FOUND, "relationship 7 not found");
	expect_error(
	    gfx_txn(&f, 0, 0, 1, op_set(false, ref_id(1), "", gv_int(1))),
	    BAD_REQUEST, "property key");
	gfx_teardown(&f);
}

static void test_remove_prop_counts_only_what_was_there(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(
	    &f, 0, 0, 1, op_node("A", 2, "a", gv_int(1), "b", gv_bool(true))));
	r = gfx_txn(&f, 0, 0, 2, op_unset(false, ref_id(1), "a"),
		    op_unset(false, ref_id(1), "missing"));
	CU_ASSERT_EQUAL(wr(r)->counters->props_set, 1);
	graph_response_free(r);
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL_FATAL(node_of(r)->n_props, 1);
	CU_ASSERT_STRING_EQUAL(r->node->props[0]->key, "b");
	graph_response_free(r);
	expect_error(gfx_txn(&f, 0, 0, 1, op_unset(false, ref_id(5), "a")),
		     NOT_FOUND, "node 5 not found");
	gfx_teardown(&f);
}

static void test_list_properties_flat_ok_nested_bad_request(void)
{
	struct gfx f;
	Graphd__Response *r;
	Graphd__Value *v;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	r = gfx_txn(&f, 0, 0, 1,
		    op_node("A", 1, "l",
			    gv_list(3, gv_int(1), gv_str("two"), gv_null())));
	wr(r);
	graph_response_free(r);
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL_FATAL(node_of(r)->n_props, 1);
	v = r->node->props[0]->value;
	CU_ASSERT_EQUAL_FATAL(v->kind_case, GRAPHD__VALUE__KIND_LIST_VALUE);
	CU_ASSERT_EQUAL_FATAL(v->list_value->n_items, 3);
	CU_ASSERT_STRING_EQUAL(v->list_value->items[1]->string_value, "two");
	graph_response_free(r);
	expect_error(gfx_txn(&f, 0, 0, 1,
			     op_set(false, ref_id(1), "n",
				    gv_list(1, gv_list(1, gv_int(1))))),
		     BAD_REQUEST, "cannot contain a list");
	expect_error(
	    gfx_txn(&f, 0, 0, 1,
		    op_node("A", 1, "n", gv_list(2, gv_int(1), gv_list(0)))),
	    BAD_REQUEST, "cannot contain a list");
	gfx_teardown(&f);
}

static void test_labels_maintain_the_label_index(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(
	    gfx_txn(&f, 0, 0, 2, op_node("A", 0), op_node(NULL, 0)));
	r = gfx_txn(&f, 0, 0, 3, op_label(true, ref_id(2), "A"),
		    op_label(true, ref_id(2), "B"),
		    op_label(true, ref_id(2), "A"));
	CU_ASSERT_EQUAL(wr(r)->counters->labels_added, 2);
	graph_response_free(r);
	r = gfx_by_label(&f, "A", NULL, NULL, 0);
	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NODES);
	CU_ASSERT_EQUAL(r->nodes->n_nodes, 2);
	graph_response_free(r);

	r = gfx_txn(&f, 0, 0, 2, op_label(false, ref_id(1), "A"),
		    op_label(false, ref_id(1), "Nope"));
	CU_ASSERT_EQUAL(wr(r)->counters->labels_removed, 1);
	graph_response_free(r);
	r = gfx_by_label(&f, "A", NULL, NULL, 0);
	CU_ASSERT_EQUAL_FATAL(r->nodes->n_nodes, 1);
	CU_ASSERT_EQUAL(r->nodes->nodes[0]->id, 2);
	graph_response_free(r);
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL(node_of(r)->n_labels, 0);
	graph_response_free(r);
	expect_error(gfx_txn(&f, 0, 0, 1, op_label(true, ref_id(1), "")),
		     BAD_REQUEST, "label is empty");
	gfx_teardown(&f);
}

static void test_delete_node_with_relationships_needs_detach(void)
{
	struct gfx f;
	char *before, *after;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 4, op_node("A", 0),
				    op_node("B", 0),
				    op_rel("R", ref_op(0), ref_op(1)),
				    op_rel("S", ref_op(1), ref_op(0))));
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	expect_error(gfx_txn(&f, 0, 0, 1, op_del_node(ref_id(1), false)),
		     CONSTRAINT,
		     "node 1 still has 2 relationships; use detach delete");
	after = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	gfx_teardown(&f);
}

static void test_detach_delete_removes_relationships_both_ways(void)
{
	struct gfx f;
	Graphd__WriteResult *w;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 6, op_node("A", 0),
				    op_node("B", 0), op_node("C", 0),
				    op_rel("R", ref_op(0), ref_op(1)),
				    op_rel("S", ref_op(2), ref_op(0)),
				    op_rel("SELF", ref_op(0), ref_op(0))));
	r = gfx_txn(&f, 0, 0, 1, op_del_node(ref_id(1), true));
	w = wr(r);
	CU_ASSERT_EQUAL(w->counters->nodes_deleted, 1);
	CU_ASSERT_EQUAL(w->counters->rels_deleted, 3);
	graph_response_free(r);
	for (uint64_t id = 1; id <= 3; id++)
		expect_error(gfx_get_rel(&f, id), NOT_FOUND, "not found");
	expect_error(gfx_get_node(&f, 1), NOT_FOUND, "node 1 not found");
	r = gfx_neighbours(&f, 2, GRAPHD__DIRECTION__DIR_BOTH, 0, 0);
	CU_ASSERT_EQUAL(r->neighbours->n_rels, 0);
	graph_response_free(r);
	r = gfx_neighbours(&f, 3, GRAPHD__DIRECTION__DIR_BOTH, 0, 0);
	CU_ASSERT_EQUAL(r->neighbours->n_rels, 0);
	graph_response_free(r);
	r = gfx_by_label(&f, "A", NULL, NULL, 0);
	CU_ASSERT_EQUAL(r->nodes->n_nodes, 0);
	graph_response_free(r);
	/* Without relationships, a plain delete works. */
	r = gfx_txn(&f, 0, 0, 1, op_del_node(ref_id(2), false));
	CU_ASSERT_EQUAL(wr(r)->counters->nodes_deleted, 1);
	graph_response_free(r);
	expect_error(gfx_txn(&f, 0, 0, 1, op_del_node(ref_id(2), true)),
		     NOT_FOUND, "node 2 not found");
	gfx_teardown(&f);
}

static void test_delete_rel_removes_its_adjacency(void)
{
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 4, op_node("A", 0),
				    op_node("B", 0),
				    op_rel("R", ref_op(0), ref_op(1)),
				    op_rel("R", ref_op(0), ref_op(1))));
	r = gfx_txn(&f, 0, 0, 1, op_del_rel(ref_id(1)));
	CU_ASSERT_EQUAL(wr(r)->counters->rels_deleted, 1);
	graph_response_free(r);
	r = gfx_neighbours(&f, 1, GRAPHD__DIRECTION__DIR_OUT, 0, 0);
	CU_ASSERT_EQUAL_FATAL(r->neighbours->n_rels, 1);
	CU_ASSERT_EQUAL(r->neighbours->rels[0]->id, 2);
	graph_response_free(r);
	r = gfx_neighbours(&f, 2, GRAPHD__DIRECTION__DIR_IN, 0, 0);
	CU_ASSERT_EQUAL(r->neighbours->n_rels, 1);
	graph_response_free(r);
	expect_error(gfx_txn(&f, 0, 0, 1, op_del_rel(ref_id(1))), NOT_FOUND,
		     "relationship 1 not found");
	/* Deleting a node created and deleted in one transaction is fine. */
	r = gfx_txn(&f, 0, 0, 2, op_node(NULL, 0),
		    op_del_node(ref_op(0), false));
	CU_ASSERT_EQUAL(wr(r)->counters->nodes_deleted, 1);
	graph_response_free(r);
	gfx_teardown(&f);
}

static void test_failing_txn_leaves_no_trace_but_counts_as_applied(void)
{
	struct gfx f;
	char *before, *after;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 1, op_node("A", 0)));
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED | STORE_DUMP_NO_SESSIONS);
	expect_error(gfx_txn(&f, 9, 1, 5, op_node("A", 1, "x", gv_int(1)),
			     op_node("B", 0), op_rel("R", ref_op(0), ref_op(1)),
			     op_label(true, ref_id(1), "New"),
			     op_set(false, ref_id(999), "k", gv_int(1))),
		     NOT_FOUND, "node 999 not found");
	after = gfx_dump(&f, STORE_DUMP_NO_APPLIED | STORE_DUMP_NO_SESSIONS);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 2);
	/* The ids of the rolled-back creates are handed out again. */
	r = gfx_txn(&f, 0, 0, 1, op_node(NULL, 0));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 2);
	graph_response_free(r);
	free(before);
	free(after);
	gfx_teardown(&f);
}

static char *big_string(size_t n)
{
	char *s = malloc(n + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memset(s, 'v', n);
	s[n] = '\0';
	return s;
}

/* DESIGN.md 3.3: a value over the bound fails the entry alike on every
 * replica (the built-in bound when the entry carries none); it counts as
 * applied and leaves nothing behind. */
static void test_value_over_the_bound_fails_the_entry_not_the_store(void)
{
	char *s = big_string(GRAPH_LIMITS_VALUE_DEFAULT + 1);
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	expect_error(gfx_txn(&f, 0, 0, 1, op_node("A", 1, "s", gv_str(s))),
		     BAD_REQUEST,
		     "exceeds the maximum value size of 4194304 bytes "
		     "(ha.max_value_size)");
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 1);
	s[GRAPH_LIMITS_VALUE_DEFAULT] = '\0'; /* exactly the bound: fine */
	r = gfx_txn(&f, 0, 0, 1, op_node("A", 1, "s", gv_str(s)));
	CU_ASSERT_EQUAL(gfx_code(r), OK);
	graph_response_free(r);
	free(s);
	gfx_teardown(&f);
}

/* Rewriting a 3 MB record six times writes 18 MB: over the 16 MB
 * transaction bound, rolled back whole. */
static void test_transaction_over_the_bound_is_rolled_back(void)
{
	char *s = big_string(3u << 20);
	struct gfx f;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 1, op_node("A", 0)));
	r = gfx_txn(&f, 0, 0, 6, op_set(false, ref_id(1), "a", gv_str(s)),
		    op_set(false, ref_id(1), "b", gv_str("x")),
		    op_set(false, ref_id(1), "c", gv_str("x")),
		    op_set(false, ref_id(1), "d", gv_str("x")),
		    op_set(false, ref_id(1), "e", gv_str("x")),
		    op_set(false, ref_id(1), "f", gv_str("x")));
	expect_error(r, BAD_REQUEST,
		     "the maximum transaction size "
		     "(dbms.memory.transaction.max); it was rolled back");
	r = gfx_get_node(&f, 1);
	CU_ASSERT_EQUAL(r->node->n_props, 0);
	graph_response_free(r);
	free(s);
	gfx_teardown(&f);
}

/* Before proposing: what the request carries is checked. */
static void test_entry_check_names_the_bound_and_its_key(void)
{
	struct graph_limits l = {16, 64};
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Query q = GRAPHD__QUERY__INIT;
	Graphd__Property p = GRAPHD__PROPERTY__INIT, *pp = &p;
	char err[512];

	req.body_case = GRAPHD__REQUEST__BODY_QUERY;
	req.query = &q;
	q.statement = "CREATE (:A {s: $v})";
	q.params = &pp;
	q.n_params = 1;
	p.key = "v";
	p.value = gv_str("0123456789abcdef");
	CU_ASSERT_EQUAL(graph_entry_check_size(&req, &l, err, sizeof(err)), 0);
	graphd__value__free_unpacked(p.value, NULL);
	p.value = gv_str("0123456789abcdefg");
	CU_ASSERT_EQUAL(graph_entry_check_size(&req, &l, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "parameter v of 17 bytes exceeds the "
				    "maximum value size of 16 bytes "
				    "(ha.max_value_size); not written");
	graphd__value__free_unpacked(p.value, NULL);
	q.n_params = 0;
	q.statement = "CREATE (:A {s: 'a statement longer than 64 bytes, "
		      "as it holds a long literal'})";
	CU_ASSERT_EQUAL(graph_entry_check_size(&req, &l, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "exceeds the maximum transaction "
					   "size of 64 bytes "
					   "(dbms.memory.transaction.max)"));
}

/* Two replicas apply the same entries, failures included: the same bytes. */
static void apply_script(struct gfx *f)
{
	graph_response_free(gfx_txn(f, 1, 1, 3, op_node("P", 0),
				    op_node("P", 0),
				    op_rel("R", ref_op(0), ref_op(1))));
	graph_response_free(gfx_txn(f, 1, 2, 2, op_node("Q", 0),
				    op_del_node(ref_id(77), false)));
	graph_response_free(gfx_txn(f, 2, 1, 2, op_node("Q", 0),
				    op_rel("T", ref_op(0), ref_id(1))));
	graph_response_free(gfx_txn(f, 0, 0, 1, op_del_node(ref_id(2), true)));
}

static void test_ids_are_deterministic_across_replicas(void)
{
	struct gfx a, b;
	char *da, *db;

	CU_ASSERT_FATAL(gfx_setup(&a) == 0);
	CU_ASSERT_FATAL(gfx_setup(&b) == 0);
	apply_script(&a);
	apply_script(&b);
	da = gfx_dump(&a, 0);
	db = gfx_dump(&b, 0);
	CU_ASSERT_STRING_EQUAL(da, db);
	CU_ASSERT(strlen(da) > 0);
	free(da);
	free(db);
	gfx_teardown(&a);
	gfx_teardown(&b);
}

static void test_same_entry_applied_twice_is_skipped(void)
{
	struct graph_apply_out out;
	struct raft_entry e;
	struct gfx f;
	char err[256], *before, *after;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	gfx_entry(&e, 5, 0, 0, 1, op_node("A", 0));
	r = gfx_apply(&f, &e);
	CU_ASSERT_EQUAL(wr(r)->txn_id, 5);
	graph_response_free(r);
	before = gfx_dump(&f, 0);
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(out.response);
	e.index = 4; /* older entries are skipped too */
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(out.response);
	after = gfx_dump(&f, 0);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 5);
	free(before);
	free(after);
	free(e.data);
	gfx_teardown(&f);
}

static void test_session_retry_is_answered_not_run_again(void)
{
	struct graph_apply_out out;
	struct raft_entry e;
	struct gfx f;
	char err[256], *before, *after;
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	r = gfx_txn(&f, 42, 7, 1, op_node("A", 0));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 1);
	graph_response_free(r);
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED);

	/* The client retried: the same (session, seq) is committed again. */
	gfx_entry(&e, 2, 42, 7, 1, op_node("A", 0));
	CU_ASSERT_EQUAL_FATAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	free(e.data);
	CU_ASSERT_EQUAL(out.session, 42);
	CU_ASSERT_EQUAL(out.seq, 7);
	CU_ASSERT_EQUAL(out.origin_server, 1);
	CU_ASSERT_EQUAL(wr(out.response)->txn_id, 1); /* the original */
	CU_ASSERT_EQUAL(out.response->write->created_ids[0], 1);
	graph_response_free(out.response);
	after = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 2);
	free(before);
	free(after);
	f.next_index = 3;

	/* An older seq is refused, a newer one runs. */
	expect_error(gfx_txn(&f, 42, 6, 1, op_node("A", 0)), BAD_REQUEST,
		     "superseded");
	r = gfx_txn(&f, 42, 8, 1, op_node("A", 0));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 2);
	graph_response_free(r);
	/* A failed request's answer is remembered the same way. */
	expect_error(gfx_txn(&f, 42, 9, 1, op_del_node(ref_id(50), false)),
		     NOT_FOUND, "node 50 not found");
	expect_error(gfx_txn(&f, 42, 9, 1, op_node("A", 0)), NOT_FOUND,
		     "node 50 not found");
	/* Another session is independent. */
	r = gfx_txn(&f, 43, 7, 1, op_node("A", 0));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 3);
	graph_response_free(r);
	gfx_teardown(&f);
}

static void test_applied_index_survives_reopen(void)
{
	struct graph_apply_out out;
	struct raft_entry e;
	struct gfx f;
	char err[256];
	Graphd__Response *r;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 1, op_node("A", 0)));
	graph_response_free(gfx_txn(&f, 0, 0, 1, op_node("A", 0)));
	CU_ASSERT_FATAL(gfx_reopen(&f) == 0);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 2);
	gfx_entry(&e, 2, 0, 0, 1, op_node("A", 0));
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(out.response);
	free(e.data);
	r = gfx_txn(&f, 0, 0, 1, op_node("A", 0));
	CU_ASSERT_EQUAL(wr(r)->created_ids[0], 3); /* counters persisted */
	graph_response_free(r);
	gfx_teardown(&f);
}

static void test_noop_and_conf_entries_only_move_applied_index(void)
{
	struct graph_apply_out out;
	struct raft_entry e = {.term = 1, .index = 1, .type = RAFT_ENTRY_NOOP};
	struct gfx f;
	char err[256], *before, *after;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(out.response);
	e.index = 2;
	e.type = RAFT_ENTRY_CONF;
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(out.response);
	after = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 2);
	free(before);
	free(after);
	gfx_teardown(&f);
}

static void test_undecodable_entry_fails_deterministically(void)
{
	uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
	struct raft_entry e = {
	    .term = 1, .index = 1, .data = junk, .len = sizeof(junk)};
	struct graph_apply_out out;
	struct gfx f;
	char err[256];

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), 0);
	expect_error(out.response, BAD_REQUEST, "does not decode");
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 1);

	/* A stripped copy cannot be applied: an error, nothing moves. */
	e.index = 2;
	e.stripped = true;
	e.data = NULL;
	e.len = 0;
	CU_ASSERT_EQUAL(graph_apply(f.g, &e, &out, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "entry 2"));
	CU_ASSERT_EQUAL(store_graph_applied_index(f.g), 1);
	gfx_teardown(&f);
}

static void test_empty_op_or_ref_is_bad_request(void)
{
	Graphd__Op *empty = calloc(1, sizeof(*empty));
	Graphd__Ref *none = calloc(1, sizeof(*none));
	struct gfx f;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graphd__op__init(empty);
	graphd__ref__init(none);
	expect_error(gfx_txn(&f, 0, 0, 1, empty), BAD_REQUEST, "op 0 is empty");
	expect_error(gfx_txn(&f, 0, 0, 1, op_del_node(none, false)),
		     BAD_REQUEST, "reference is empty");
	expect_error(gfx_txn(&f, 0, 0, 2, op_node(NULL, 0),
			     op_rel("", ref_op(0), ref_op(0))),
		     BAD_REQUEST, "relationship type is empty");
	gfx_teardown(&f);
}

/* Names are parts of index keys: one too long is the client's error, not a
 * storage failure that would stop apply. */
static void test_oversized_label_or_type_is_bad_request(void)
{
	char *name = malloc(STORE_GRAPH_NAME_MAX + 2);
	Graphd__Response *r;
	struct gfx f;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	memset(name, 'x', STORE_GRAPH_NAME_MAX + 1);
	name[STORE_GRAPH_NAME_MAX + 1] = '\0';
	expect_error(gfx_txn(&f, 0, 0, 1, op_node(name, 0)), BAD_REQUEST,
		     "label is longer than");
	expect_error(gfx_txn(&f, 0, 0, 2, op_node(NULL, 0),
			     op_rel(name, ref_op(0), ref_op(0))),
		     BAD_REQUEST, "type is longer than");
	name[STORE_GRAPH_NAME_MAX] = '\0'; /* the longest allowed */
	graph_response_free(gfx_txn(&f, 0, 0, 2, op_node(name, 0),
				    op_rel(name, ref_op(0), ref_op(0))));
	r = gfx_neighbours(&f, 1, GRAPHD__DIRECTION__DIR_OUT, 0, 1, name);
	CU_ASSERT_EQUAL(r->neighbours->n_rels, 1);
	graph_response_free(r);
	r = gfx_by_label(&f, name, NULL, NULL, 0);
	CU_ASSERT_EQUAL(r->nodes->n_nodes, 1);
	graph_response_free(r);
	free(name);
	gfx_teardown(&f);
}

/* In a child (the file size limit stays there): applies entries with large
 * properties until a write fails as on a full disk. Exit 0 when graph_apply
 * reported it, applied nothing of that entry, and applied it once retried. */
static int apply_until_full(struct gfx *f)
{
	struct rlimit rl = {.rlim_cur = 2 << 20, .rlim_max = RLIM_INFINITY};
	char *big = malloc(200001), err[512] = "";
	struct graph_apply_out out;
	struct raft_entry e;
	uint64_t i, failed = 0;
	int rc = 0;

	memset(big, 'x', 200000);
	big[200000] = '\0';
	signal(SIGXFSZ, SIG_IGN);
	if (gfx_open(f) < 0 || setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return 10;
	for (i = 1; i < 100 && !failed; i++) {
		gfx_entry(&e, i, 0, 0, 1, op_node("A", 1, "p", gv_str(big)));
		if (graph_apply(f->g, &e, &out, err, sizeof(err)) < 0)
			failed = i;
		else
			graph_response_free(out.response);
		if (!failed)
			free(e.data);
	}
	fprintf(stderr, "apply %llu failed: %s\n", (unsigned long long)failed,
		err);
	rl.rlim_cur = RLIM_INFINITY;
	if (!failed || !strstr(err, f->dir) || out.response)
		rc = 11;
	else if (store_graph_applied_index(f->g) != failed - 1)
		rc = 12;
	else if (setrlimit(RLIMIT_FSIZE, &rl) < 0 ||
		 graph_apply(f->g, &e, &out, err, sizeof(err)) < 0)
		rc = 13;
	else if (gfx_code(out.response) != GRAPHD__ERROR_CODE__OK ||
		 out.response->write->created_ids[0] != failed)
		rc = 14;
	else if (store_graph_verify(f->g, stderr) != 0)
		rc = 15;
	return rc;
}

static void test_storage_failure_applies_nothing_and_retry_works(void)
{
	struct gfx f;
	int status;
	pid_t pid;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	gfx_close(&f);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		_exit(apply_until_full(&f));
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	CU_ASSERT_EQUAL_FATAL(gfx_open(&f), 0);
	gfx_teardown(&f);
}

/* The checker the other tests rely on must see what it claims to check. */
static void test_verify_reports_broken_indexes(void)
{
	struct store_adj out = {1, STORE_DIR_OUT, "R", 1, 2};
	struct gfx f;
	DB_TXN *txn;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	graph_response_free(gfx_txn(&f, 0, 0, 3, op_node("A", 0),
				    op_node("B", 0),
				    op_rel("R", ref_op(0), ref_op(1))));
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f.g, NULL, false, &txn), 0);
	CU_ASSERT_EQUAL(store_graph_adj_del(f.g, txn, &out), 0);
	CU_ASSERT_EQUAL(store_graph_label_del(f.g, txn, "A", 1), 0);
	CU_ASSERT_EQUAL(store_graph_label_put(f.g, txn, "Ghost", 2), 0);
	CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	CU_ASSERT_EQUAL(store_graph_verify(f.g, NULL), 3);
	gfx_teardown(&f);
}

/* A Cypher statement as a log entry, applied like any other. */
static Graphd__Response *cypher_txn(struct gfx *f, const char *stmt)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	Graphd__Query q = GRAPHD__QUERY__INIT;
	struct raft_entry e = {.term = 1, .type = RAFT_ENTRY_NORMAL};
	Graphd__Response *r;

	q.statement = (char *)stmt;
	te.origin_server = 1;
	te.timestamp_ms = 1700000000000;
	te.query = &q;
	e.index = f->next_index++;
	e.len = graphd__txn_entry__get_packed_size(&te);
	e.data = malloc(e.len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e.data);
	graphd__txn_entry__pack(&te, e.data);
	r = gfx_apply(f, &e);
	free(e.data);
	return r;
}

/* Operations keep Cypher's indexes and unique constraints: the store
 * verifies after every entry (gfx_apply), and a duplicate is refused with
 * nothing written. */
static void test_operations_keep_indexes_and_constraints(void)
{
	struct gfx f;
	Graphd__Response *r;
	char *before;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	f.next_index = 1;
	r = cypher_txn(&f,
		       "CREATE CONSTRAINT uk FOR (p:P) REQUIRE p.k IS UNIQUE");
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	r = cypher_txn(&f, "CREATE INDEX ix FOR (p:P) ON (p.v)");
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	r = gfx_txn(&f, 0, 0, 2,
		    op_node("P", 2, "k", gv_int(1), "v", gv_str("a")),
		    op_node("P", 1, "k", gv_int(2)));
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	r = gfx_txn(&f, 0, 0, 1, op_set(false, ref_id(2), "v", gv_str("b")));
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	before = gfx_dump(&f, STORE_DUMP_NO_APPLIED);
	r = gfx_txn(&f, 0, 0, 1, op_set(false, ref_id(2), "k", gv_int(1)));
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__CONSTRAINT);
	graph_response_free(r);
	r = gfx_txn(&f, 0, 0, 1, op_label(false, ref_id(1), "P"));
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	r = gfx_txn(&f, 0, 0, 1, op_del_node(ref_id(2), false));
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	graph_response_free(r);
	/* the refused change wrote nothing: node 2 still had k = 2 then */
	CU_ASSERT_PTR_NOT_NULL(strstr(before, "pidx"));
	free(before);
	r = cypher_txn(&f, "MATCH (p:P {v: 'b'}) RETURN p");
	CU_ASSERT_EQUAL(gfx_code(r), GRAPHD__ERROR_CODE__OK);
	CU_ASSERT_EQUAL(r->query->n_rows, 0);
	graph_response_free(r);
	gfx_teardown(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("graph_apply", NULL, NULL);
	CU_add_test(s, "create_node_ids_start_at_one_with_labels_and_props",
		    test_create_node_ids_start_at_one_with_labels_and_props);
	CU_add_test(s, "create_rel_refers_to_nodes_created_earlier",
		    test_create_rel_refers_to_nodes_created_earlier);
	CU_add_test(s, "ref_must_name_an_earlier_create_of_the_right_kind",
		    test_ref_must_name_an_earlier_create_of_the_right_kind);
	CU_add_test(s, "set_prop_replaces_and_null_removes",
		    test_set_prop_replaces_and_null_removes);
	CU_add_test(s, "remove_prop_counts_only_what_was_there",
		    test_remove_prop_counts_only_what_was_there);
	CU_add_test(s, "list_properties_flat_ok_nested_bad_request",
		    test_list_properties_flat_ok_nested_bad_request);
	CU_add_test(s, "labels_maintain_the_label_index",
		    test_labels_maintain_the_label_index);
	CU_add_test(s, "delete_node_with_relationships_needs_detach",
		    test_delete_node_with_relationships_needs_detach);
	CU_add_test(s, "detach_delete_removes_relationships_both_ways",
		    test_detach_delete_removes_relationships_both_ways);
	CU_add_test(s, "delete_rel_removes_its_adjacency",
		    test_delete_rel_removes_its_adjacency);
	CU_add_test(s, "failing_txn_leaves_no_trace_but_counts_as_applied",
		    test_failing_txn_leaves_no_trace_but_counts_as_applied);
	CU_add_test(s, "value_over_the_bound_fails_the_entry_not_the_store",
		    test_value_over_the_bound_fails_the_entry_not_the_store);
	CU_add_test(s, "transaction_over_the_bound_is_rolled_back",
		    test_transaction_over_the_bound_is_rolled_back);
	CU_add_test(s, "entry_check_names_the_bound_and_its_key",
		    test_entry_check_names_the_bound_and_its_key);
	CU_add_test(s, "ids_are_deterministic_across_replicas",
		    test_ids_are_deterministic_across_replicas);
	CU_add_test(s, "same_entry_applied_twice_is_skipped",
		    test_same_entry_applied_twice_is_skipped);
	CU_add_test(s, "session_retry_is_answered_not_run_again",
		    test_session_retry_is_answered_not_run_again);
	CU_add_test(s, "applied_index_survives_reopen",
		    test_applied_index_survives_reopen);
	CU_add_test(s, "noop_and_conf_entries_only_move_applied_index",
		    test_noop_and_conf_entries_only_move_applied_index);
	CU_add_test(s, "undecodable_entry_fails_deterministically",
		    test_undecodable_entry_fails_deterministically);
	CU_add_test(s, "empty_op_or_ref_is_bad_request",
		    test_empty_op_or_ref_is_bad_request);
	CU_add_test(s, "oversized_label_or_type_is_bad_request",
		    test_oversized_label_or_type_is_bad_request);
	CU_add_test(s, "storage_failure_applies_nothing_and_retry_works",
		    test_storage_failure_applies_nothing_and_retry_works);
	CU_add_test(s, "operations_keep_indexes_and_constraints",
		    test_operations_keep_indexes_and_constraints);
	CU_add_test(s, "verify_reports_broken_indexes",
		    test_verify_reports_broken_indexes);
	return cu_run();
}
