/* test_store_schema.c: property indexes are built at creation and follow
 * every node change; unique constraints refuse duplicates and leave the store
 * unchanged; 1 = 1.0; the same operations give byte-identical stores; verify
 * finds a corrupted index. */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "store/env.h"
#include "store/graph.h"
#include "store/schema.h"

/* Bound on the nodes a seek collects in any test. */
#define SEEK_MAX 64

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

static void sfx_setup(struct sfx *f)
{
	const char *tmp = getenv("TMPDIR");

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/graphd-schema-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
	CU_ASSERT_EQUAL_FATAL(
	    store_env_open(&f->env, f->dir, f->err, sizeof(f->err)), 0);
	CU_ASSERT_EQUAL_FATAL(
	    store_graph_open(f->env, &f->g, f->err, sizeof(f->err)), 0);
}

static void sfx_teardown(struct sfx *f)
{
	store_graph_close(f->g);
	store_env_close(f->env);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* store_graph_dump into a malloc'd string. */
static char *dump(struct sfx *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(store_graph_dump(f->g, out, 0), 0);
	fclose(out);
	return buf;
}

/* ------------------------------------------------------------ values */

static Graphd__Value vint(int64_t i)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;

	v.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	v.int_value = i;
	return v;
}

static Graphd__Value vfloat(double d)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;

	v.kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
	v.float_value = d;
	return v;
}

static Graphd__Value vstr(const char *s)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;

	v.kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	v.string_value = (char *)s;
	return v;
}

/* A list value of n items (items and list live in the caller). */
static Graphd__Value vlist(Graphd__ValueList *list, Graphd__Value **items,
			   size_t n)
{
	Graphd__Value v = GRAPHD__VALUE__INIT;

	graphd__value_list__init(list);
	list->items = items;
	list->n_items = n;
	v.kind_case = GRAPHD__VALUE__KIND_LIST_VALUE;
	v.list_value = list;
	return v;
}

/* ------------------------------------------------------------ nodes */

/* A node under construction: up to 4 labels and 4 properties. */
struct tn {
	Graphd__Node n;
	char *labels[4];
	Graphd__Property p[4];
	Graphd__Property *pp[4];
	Graphd__Value v[4];
};

/* id 0: a new node (put_node gives it the next id). */
static void tn_init(struct tn *t, uint64_t id, const char *label)
{
	memset(t, 0, sizeof(*t));
	graphd__node__init(&t->n);
	t->n.id = id;
	t->n.labels = t->labels;
	t->n.props = t->pp;
	if (label)
		t->labels[t->n.n_labels++] = (char *)label;
}

static void tn_prop(struct tn *t, const char *key, Graphd__Value v)
{
	size_t i = t->n.n_props++;

	graphd__property__init(&t->p[i]);
	t->v[i] = v;
	t->p[i].key = (char *)key;
	t->p[i].value = &t->v[i];
	t->pp[i] = &t->p[i];
}

/* Label index of node id: drop before's labels, add after's. */
static void relabel(struct sfx *f, DB_TXN *txn, const Graphd__Node *before,
		    const Graphd__Node *after)
{
	size_t i;

	for (i = 0; before && i < before->n_labels; i++)
		CU_ASSERT_EQUAL(store_graph_label_del(
				    f->g, txn, before->labels[i], before->id),
				0);
	for (i = 0; after && i < after->n_labels; i++)
		CU_ASSERT_EQUAL(store_graph_label_put(
				    f->g, txn, after->labels[i], after->id),
				0);
}

/* Writes node t (or deletes node del_id when t is NULL) as the executor
 * does: record, label index, then schema_node_changed in one transaction,
 * committed on success and aborted otherwise. Returns schema_node_changed's
 * code; f->err has its message. */
static int write_node(struct sfx *f, struct tn *t, uint64_t del_id)
{
	Graphd__Node *before = NULL;
	uint64_t id = t ? t->n.id : del_id;
	DB_TXN *txn;
	int ret;

	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, false, &txn),
			      0);
	if (t && !id) {
		CU_ASSERT_EQUAL_FATAL(
		    store_graph_next_id(f->g, txn, STORE_ID_NODE, &id), 0);
	}
	ret = store_graph_node_get(f->g, txn, id, &before);
	CU_ASSERT_TRUE_FATAL(ret == 0 || ret == DB_NOTFOUND);
	if (t) {
		t->n.id = id;
		CU_ASSERT_EQUAL(store_graph_node_put(f->g, txn, &t->n), 0);
	} else {
		CU_ASSERT_EQUAL(store_graph_node_del(f->g, txn, id), 0);
	}
	relabel(f, txn, before, t ? &t->n : NULL);
	f->err[0] = '\0';
	ret = schema_node_changed(f->g, txn, before, t ? &t->n : NULL, f->err,
				  sizeof(f->err));
	if (ret == 0) {
		CU_ASSERT_EQUAL(txn->commit(txn, 0), 0);
	} else {
		txn->abort(txn);
	}
	if (before)
		graphd__node__free_unpacked(before, NULL);
	return ret;
}

/* A new node label {key: v}; returns its id. */
static uint64_t add(struct sfx *f, const char *label, const char *key,
		    Graphd__Value v)
{
	struct tn t;

	tn_init(&t, 0, label);
	if (key)
		tn_prop(&t, key, v);
	CU_ASSERT_EQUAL_FATAL(write_node(f, &t, 0), 0);
	return t.n.id;
}

/* ------------------------------------------------------------ schema ops */

/* Runs create in its own transaction, committed when it returns 0. */
static int create(struct sfx *f, const char *name, const char *label,
		  const char *prop, bool unique, bool if_not_exists,
		  bool *created)
{
	struct schema_index def = {
	    .name = name, .label = label, .prop = prop, .unique = unique};
	bool dummy;
	DB_TXN *txn;
	int ret;

	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, false, &txn),
			      0);
	f->err[0] = '\0';
	ret = schema_index_create(f->g, txn, &def, if_not_exists,
				  created ? created : &dummy, f->err,
				  sizeof(f->err));
	if (ret == 0) {
		CU_ASSERT_EQUAL(txn->commit(txn, 0), 0);
	} else {
		txn->abort(txn);
	}
	return ret;
}

static int drop(struct sfx *f, const char *name, bool constraint,
		bool if_exists, bool *dropped)
{
	bool dummy;
	DB_TXN *txn;
	int ret;

	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, false, &txn),
			      0);
	f->err[0] = '\0';
	ret = schema_index_drop(f->g, txn, name, constraint, if_exists,
				dropped ? dropped : &dummy, f->err,
				sizeof(f->err));
	if (ret == 0) {
		CU_ASSERT_EQUAL(txn->commit(txn, 0), 0);
	} else {
		txn->abort(txn);
	}
	return ret;
}

struct found {
	uint64_t id[SEEK_MAX];
	size_t n;
};

static bool found_one(void *ctx, uint64_t node)
{
	struct found *s = ctx;

	if (s->n < SEEK_MAX)
		s->id[s->n] = node;
	s->n++;
	return true;
}

/* Seeks label.prop = v in a snapshot; *out gets the nodes. */
static int seek(struct sfx *f, const char *label, const char *prop,
		const Graphd__Value *v, struct found *out)
{
	DB_TXN *txn;
	int ret;

	memset(out, 0, sizeof(*out));
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, true, &txn), 0);
	ret = schema_index_seek(f->g, txn, label, prop, v, found_one, out);
	txn->commit(txn, 0);
	return ret;
}

/* The nodes with label.prop = v, as "1 3 7". */
static const char *seek_str(struct sfx *f, const char *label, const char *prop,
			    Graphd__Value v)
{
	static char buf[SEEK_MAX * 21];
	struct found s;
	size_t i, len = 0;

	buf[0] = '\0';
	CU_ASSERT_EQUAL(seek(f, label, prop, &v, &s), 0);
	for (i = 0; i < s.n && i < SEEK_MAX; i++)
		len +=
		    (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%llu",
				     i ? " " : "", (unsigned long long)s.id[i]);
	return buf;
}

static int verify(struct sfx *f)
{
	return store_graph_verify(f->g, stderr);
}

/* ------------------------------------------------------------ tests */

static void test_create_index_builds_from_existing_nodes(void)
{
	struct sfx f;
	uint64_t a, b, c;

	sfx_setup(&f);
	a = add(&f, "Person", "name", vstr("ann"));
	b = add(&f, "Person", "name", vstr("bob"));
	c = add(&f, "Person", "name", vstr("ann"));
	add(&f, "Person", NULL, vint(0));	 /* no property: no entry */
	add(&f, "Company", "name", vstr("ann")); /* other label */
	CU_ASSERT_EQUAL(
	    create(&f, "pname", "Person", "name", false, false, NULL), 0);
	{
		char want[64];

		snprintf(want, sizeof(want), "%llu %llu", (unsigned long long)a,
			 (unsigned long long)c);
		CU_ASSERT_STRING_EQUAL(
		    seek_str(&f, "Person", "name", vstr("ann")), want);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)b);
		CU_ASSERT_STRING_EQUAL(
		    seek_str(&f, "Person", "name", vstr("bob")), want);
	}
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("cy")), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	sfx_teardown(&f);
}

static void test_seek_without_index_says_no_index(void)
{
	struct sfx f;
	struct found s;
	Graphd__Value v = vstr("x");

	sfx_setup(&f);
	add(&f, "Person", "name", vstr("x"));
	CU_ASSERT_EQUAL(seek(&f, "Person", "name", &v, &s), SCHEMA_E_NOINDEX);
	CU_ASSERT_EQUAL(
	    create(&f, "pname", "Person", "name", false, false, NULL), 0);
	CU_ASSERT_EQUAL(seek(&f, "Person", "email", &v, &s), SCHEMA_E_NOINDEX);
	CU_ASSERT_EQUAL(seek(&f, "Company", "name", &v, &s), SCHEMA_E_NOINDEX);
	CU_ASSERT_EQUAL(seek(&f, "Person", "name", &v, &s), 0);
	CU_ASSERT_EQUAL(s.n, 1);
	sfx_teardown(&f);
}

static void test_null_and_nan_match_nothing(void)
{
	struct sfx f;
	struct found s;
	Graphd__Value nan = vfloat(0.0 / 0.0);

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, false, NULL), 0);
	add(&f, "P", "v", nan);
	add(&f, "P", NULL, vint(0));
	CU_ASSERT_EQUAL(seek(&f, "P", "v", NULL, &s), 0);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT_EQUAL(seek(&f, "P", "v", &nan, &s), 0);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT_EQUAL(verify(&f), 0);
	sfx_teardown(&f);
}

static void test_index_follows_node_changes(void)
{
	struct sfx f;
	struct tn t;
	uint64_t id;
	char want[32];

	sfx_setup(&f);
	CU_ASSERT_EQUAL(
	    create(&f, "pname", "Person", "name", false, false, NULL), 0);
	/* created */
	id = add(&f, "Person", "name", vstr("ann"));
	snprintf(want, sizeof(want), "%llu", (unsigned long long)id);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("ann")),
			       want);
	/* property changed: old value gone, new one there */
	tn_init(&t, id, "Person");
	tn_prop(&t, "name", vstr("bea"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("ann")), "");
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("bea")),
			       want);
	CU_ASSERT_EQUAL(verify(&f), 0);
	/* label removed: entry gone */
	tn_init(&t, id, "Other");
	tn_prop(&t, "name", vstr("bea"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("bea")), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	/* label added back: entry back */
	t.labels[t.n.n_labels++] = "Person";
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("bea")),
			       want);
	/* property removed: entry gone */
	t.n.n_props = 0;
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("bea")), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	/* deleted: entry gone */
	tn_prop(&t, "name", vstr("cy"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("cy")),
			       want);
	CU_ASSERT_EQUAL(write_node(&f, NULL, id), 0);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "Person", "name", vstr("cy")), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	sfx_teardown(&f);
}

static void test_if_not_exists_leaves_the_existing_index(void)
{
	struct sfx f;
	bool created = true;
	char *before, *after;

	sfx_setup(&f);
	add(&f, "P", "v", vint(1));
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, true, &created), 0);
	CU_ASSERT_TRUE(created);
	before = dump(&f);
	/* same name, and equivalent under another name */
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, true, &created), 0);
	CU_ASSERT_FALSE(created);
	CU_ASSERT_EQUAL(create(&f, "other", "P", "v", false, true, &created),
			0);
	CU_ASSERT_FALSE(created);
	after = dump(&f);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	sfx_teardown(&f);
}

static void test_taken_name_and_equivalent_index_are_refused(void)
{
	struct sfx f;

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, false, NULL),
			SCHEMA_E_EXISTS);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "ix"));
	/* the name is taken also for another definition and kind */
	CU_ASSERT_EQUAL(create(&f, "ix", "Q", "w", true, false, NULL),
			SCHEMA_E_EXISTS);
	CU_ASSERT_EQUAL(create(&f, "ix2", "P", "v", false, false, NULL),
			SCHEMA_E_EXISTS);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "equivalent index"));
	CU_ASSERT_EQUAL(create(&f, "uq", "P", "v", true, false, NULL),
			SCHEMA_E_EXISTS);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "equivalent index"));
	/* another property of the label is fine */
	CU_ASSERT_EQUAL(create(&f, "ix3", "P", "w", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f, "", "P", "x", false, false, NULL),
			SCHEMA_E_INVALID);
	CU_ASSERT_EQUAL(create(&f, "x", "", "x", false, false, NULL),
			SCHEMA_E_INVALID);
	sfx_teardown(&f);
}

static void test_unnamed_index_gets_a_name_from_its_definition(void)
{
	struct sfx f1, f2;
	char n1[SCHEMA_NAME_MAX + 1], n2[SCHEMA_NAME_MAX + 1];
	bool unique = false;
	DB_TXN *txn;

	sfx_setup(&f1);
	sfx_setup(&f2);
	CU_ASSERT_EQUAL(create(&f1, NULL, "P", "v", true, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f2, NULL, "P", "v", true, false, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f1.g, NULL, true, &txn), 0);
	CU_ASSERT_EQUAL(
	    schema_index_lookup(f1.g, txn, "P", "v", n1, sizeof(n1), &unique),
	    0);
	txn->commit(txn, 0);
	CU_ASSERT_TRUE(unique);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f2.g, NULL, true, &txn), 0);
	CU_ASSERT_EQUAL(
	    schema_index_lookup(f2.g, txn, "P", "v", n2, sizeof(n2), NULL), 0);
	txn->commit(txn, 0);
	CU_ASSERT_STRING_EQUAL(n1, n2);
	CU_ASSERT_EQUAL(strncmp(n1, "constraint_", 11), 0);
	sfx_teardown(&f1);
	sfx_teardown(&f2);
}

struct listed {
	char text[512];
	size_t len;
};

static bool list_one(void *ctx, const struct schema_index *ix)
{
	struct listed *l = ctx;

	l->len +=
	    (size_t)snprintf(l->text + l->len, sizeof(l->text) - l->len,
			     "%s:%s.%s:%s:%s;", ix->name, ix->label, ix->prop,
			     ix->unique ? "unique" : "index", ix->state);
	return true;
}

static void test_list_shows_every_index_in_name_order(void)
{
	struct sfx f;
	struct listed l = {.len = 0};
	DB_TXN *txn;

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "b_ix", "P", "v", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f, "a_uq", "Q", "w", true, false, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f.g, NULL, true, &txn), 0);
	CU_ASSERT_EQUAL(schema_index_list(f.g, txn, list_one, &l), 0);
	txn->commit(txn, 0);
	CU_ASSERT_STRING_EQUAL(l.text,
			       "a_uq:Q.w:unique:ONLINE;b_ix:P.v:index:ONLINE;");
	sfx_teardown(&f);
}

static void test_drop_removes_the_index_and_its_entries(void)
{
	struct sfx f;
	struct found s;
	Graphd__Value v = vint(1);
	bool dropped = false;
	char *before, *after;

	sfx_setup(&f);
	add(&f, "P", "v", vint(1));
	add(&f, "P", "v", vint(2));
	before = dump(&f);
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f, "uq", "P", "w", true, false, NULL), 0);
	CU_ASSERT_EQUAL(drop(&f, "ix", true, false, NULL), SCHEMA_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "DROP INDEX"));
	CU_ASSERT_EQUAL(drop(&f, "uq", false, false, NULL), SCHEMA_E_INVALID);
	CU_ASSERT_EQUAL(drop(&f, "ix", false, false, &dropped), 0);
	CU_ASSERT_TRUE(dropped);
	CU_ASSERT_EQUAL(drop(&f, "uq", true, false, &dropped), 0);
	CU_ASSERT_TRUE(dropped);
	CU_ASSERT_EQUAL(seek(&f, "P", "v", &v, &s), SCHEMA_E_NOINDEX);
	after = dump(&f);
	CU_ASSERT_STRING_EQUAL(before, after); /* no entry left behind */
	CU_ASSERT_EQUAL(drop(&f, "ix", false, false, NULL), SCHEMA_E_NOINDEX);
	CU_ASSERT_EQUAL(drop(&f, "ix", false, true, &dropped), 0);
	CU_ASSERT_FALSE(dropped);
	CU_ASSERT_EQUAL(verify(&f), 0);
	free(before);
	free(after);
	sfx_teardown(&f);
}

static void test_unique_constraint_over_duplicates_is_refused_whole(void)
{
	struct sfx f;
	uint64_t a, b;
	char *before, *after, want[128];
	struct found s;
	Graphd__Value v = vstr("a@x");

	sfx_setup(&f);
	add(&f, "Person", "email", vstr("c@x"));
	a = add(&f, "Person", "email", vstr("a@x"));
	add(&f, "Person", "email", vstr("b@x"));
	b = add(&f, "Person", "email", vstr("a@x"));
	before = dump(&f);
	CU_ASSERT_EQUAL(create(&f, "uq", "Person", "email", true, false, NULL),
			SCHEMA_E_UNIQUE);
	snprintf(want, sizeof(want),
		 "nodes %llu and %llu both have "
		 "Person.email = \"a@x\"",
		 (unsigned long long)a, (unsigned long long)b);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, want));
	after = dump(&f);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(seek(&f, "Person", "email", &v, &s), SCHEMA_E_NOINDEX);
	free(before);
	free(after);
	sfx_teardown(&f);
}

static void test_unique_constraint_refuses_a_second_node(void)
{
	struct sfx f;
	struct tn t;
	uint64_t a, b;
	char *before, *after, want[128];

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "uq", "Person", "email", true, false, NULL),
			0);
	a = add(&f, "Person", "email", vstr("a@x"));
	b = add(&f, "Person", "email", vstr("b@x"));
	before = dump(&f);
	/* a new node with a's value */
	tn_init(&t, 0, "Person");
	tn_prop(&t, "email", vstr("a@x"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), SCHEMA_E_UNIQUE);
	snprintf(want, sizeof(want),
		 "would have Person.email = \"a@x\" which node %llu already "
		 "has",
		 (unsigned long long)a);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, want));
	/* b changed to a's value; b gaining the label with a's value */
	tn_init(&t, b, "Person");
	tn_prop(&t, "email", vstr("a@x"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), SCHEMA_E_UNIQUE);
	snprintf(want, sizeof(want), "node %llu would have",
		 (unsigned long long)b);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, want));
	after = dump(&f);
	CU_ASSERT_STRING_EQUAL(before, after); /* the writer aborted */
	free(after);
	/* a keeping its own value is no conflict */
	tn_init(&t, a, "Person");
	tn_prop(&t, "email", vstr("a@x"));
	tn_prop(&t, "age", vint(3));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	/* once a is gone, its value is free */
	CU_ASSERT_EQUAL(write_node(&f, NULL, a), 0);
	tn_init(&t, b, "Person");
	tn_prop(&t, "email", vstr("a@x"));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), 0);
	/* a node without the label may share the value */
	add(&f, "Robot", "email", vstr("a@x"));
	CU_ASSERT_EQUAL(verify(&f), 0);
	free(before);
	sfx_teardown(&f);
}

/* Index a_ix is updated before b_uq (name order) fails: the failure must
 * take a_ix's change back too, even if the caller went on to commit. */
static void test_failed_change_leaves_every_index_as_it_was(void)
{
	struct sfx f;
	struct tn t;
	uint64_t a;
	char *before, *after;
	DB_TXN *txn;
	Graphd__Node *old = NULL;

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "a_ix", "P", "a", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(&f, "b_uq", "P", "b", true, false, NULL), 0);
	a = add(&f, "P", "b", vint(1));
	tn_init(&t, 0, "P");
	tn_prop(&t, "a", vint(7));
	tn_prop(&t, "b", vint(2));
	CU_ASSERT_EQUAL_FATAL(write_node(&f, &t, 0), 0);
	before = dump(&f);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f.g, NULL, false, &txn), 0);
	CU_ASSERT_EQUAL_FATAL(store_graph_node_get(f.g, txn, t.n.id, &old), 0);
	t.v[0] = vint(8);
	t.v[1] = vint(1); /* node a's value */
	CU_ASSERT_EQUAL(
	    schema_node_changed(f.g, txn, old, &t.n, f.err, sizeof(f.err)),
	    SCHEMA_E_UNIQUE);
	CU_ASSERT_EQUAL(txn->commit(txn, 0), 0);
	after = dump(&f);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(verify(&f), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "b_uq"));
	(void)a;
	graphd__node__free_unpacked(old, NULL);
	free(before);
	free(after);
	sfx_teardown(&f);
}

static void test_integral_float_is_the_same_value_as_the_int(void)
{
	struct sfx f;
	struct tn t;
	uint64_t i1, f15, l1;
	char want[32];
	Graphd__Value one = vint(1), two = vint(2), onef = vfloat(1.0),
		      twof = vfloat(2.0);
	Graphd__Value *ints[] = {&one, &two}, *floats[] = {&onef, &twof};
	Graphd__ValueList li, lf;

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "uq", "P", "v", true, false, NULL), 0);
	i1 = add(&f, "P", "v", vint(1));
	f15 = add(&f, "P", "v", vfloat(1.5));
	l1 = add(&f, "P", "v", vlist(&li, ints, 2));
	snprintf(want, sizeof(want), "%llu", (unsigned long long)i1);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vfloat(1.0)), want);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vfloat(-0.0)), "");
	snprintf(want, sizeof(want), "%llu", (unsigned long long)f15);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vfloat(1.5)), want);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vstr("1")), "");
	snprintf(want, sizeof(want), "%llu", (unsigned long long)l1);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vlist(&lf, floats, 2)),
			       want);
	/* the constraint sees 1.0 as 1, and [1.0, 2.0] as [1, 2] */
	tn_init(&t, 0, "P");
	tn_prop(&t, "v", vfloat(1.0));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), SCHEMA_E_UNIQUE);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "P.v = 1.0 which node"));
	tn_init(&t, 0, "P");
	tn_prop(&t, "v", vlist(&lf, floats, 2));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), SCHEMA_E_UNIQUE);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "P.v = [1.0, 2.0] which"));
	/* a value that extends another is a different value */
	add(&f, "P", "v", vstr("ab"));
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vstr("a")), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	sfx_teardown(&f);
}

static void test_too_large_value_is_refused(void)
{
	struct sfx f;
	struct tn t;
	char *big = malloc(SCHEMA_KEY_MAX + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'x', SCHEMA_KEY_MAX);
	big[SCHEMA_KEY_MAX] = '\0';
	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "ix", "P", "v", false, false, NULL), 0);
	tn_init(&t, 0, "P");
	tn_prop(&t, "v", vstr(big));
	CU_ASSERT_EQUAL(write_node(&f, &t, 0), SCHEMA_E_TOOBIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "too large"));
	/* unindexed, the node is fine; creating the index then fails */
	add(&f, "Q", "v", vstr(big));
	CU_ASSERT_EQUAL(create(&f, "iq", "Q", "v", false, false, NULL),
			SCHEMA_E_TOOBIG);
	CU_ASSERT_STRING_EQUAL(seek_str(&f, "P", "v", vstr(big)), "");
	CU_ASSERT_EQUAL(verify(&f), 0);
	free(big);
	sfx_teardown(&f);
}

/* The same schema and node operations, with a refused one in between. */
static void same_ops(struct sfx *f)
{
	struct tn t;
	uint64_t a;
	int i;

	for (i = 0; i < 20; i++)
		add(f, i % 3 ? "Person" : "Robot", "email",
		    vint(i % 7 + (i % 3 ? 0 : 100)));
	CU_ASSERT_EQUAL(create(f, "ix", "Robot", "email", false, false, NULL),
			0);
	CU_ASSERT_EQUAL(create(f, NULL, "Person", "name", true, false, NULL),
			0);
	a = add(f, "Person", "name", vstr("ann"));
	add(f, "Person", "name", vfloat(2.5));
	tn_init(&t, 0, "Person");
	tn_prop(&t, "name", vstr("ann"));
	CU_ASSERT_EQUAL(write_node(f, &t, 0), SCHEMA_E_UNIQUE);
	tn_init(&t, a, "Robot");
	tn_prop(&t, "email", vint(5));
	CU_ASSERT_EQUAL(write_node(f, &t, 0), 0);
	CU_ASSERT_EQUAL(drop(f, "ix", false, false, NULL), 0);
	CU_ASSERT_EQUAL(create(f, "ix2", "Robot", "email", false, false, NULL),
			0);
}

static void test_same_operations_give_byte_identical_stores(void)
{
	struct sfx f1, f2;
	char *d1, *d2;

	sfx_setup(&f1);
	sfx_setup(&f2);
	same_ops(&f1);
	same_ops(&f2);
	d1 = dump(&f1);
	d2 = dump(&f2);
	CU_ASSERT_STRING_EQUAL(d1, d2);
	CU_ASSERT_PTR_NOT_NULL(strstr(d1, "\npidx "));
	CU_ASSERT_PTR_NOT_NULL(strstr(d1, "\nschema "));
	CU_ASSERT_EQUAL(verify(&f1), 0);
	free(d1);
	free(d2);
	sfx_teardown(&f1);
	sfx_teardown(&f2);
}

/* Puts (del false) or deletes the raw pidx record key. */
static void pidx_raw(struct sfx *f, const void *key, size_t len, bool del)
{
	DB *db = store_graph_db(f->g, STORE_GRAPH_DB_PIDX);
	DBT k, v;

	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = (void *)key;
	k.size = (u_int32_t)len;
	if (del) {
		CU_ASSERT_EQUAL(db->del(db, NULL, &k, 0), 0);
	} else {
		CU_ASSERT_EQUAL(db->put(db, NULL, &k, &v, 0), 0);
	}
}

/* The pidx key of node id with int value i in index P.v. */
static size_t int_key(uint8_t *k, int64_t i, uint64_t id)
{
	uint64_t u = (uint64_t)i ^ 0x8000000000000000ULL;
	size_t len = 0;
	int b;

	memcpy(k, "P\0v\0", 4);
	len = 4;
	k[len++] = 0x20;
	for (b = 7; b >= 0; b--)
		k[len++] = (uint8_t)(u >> (8 * b));
	for (b = 7; b >= 0; b--)
		k[len++] = (uint8_t)(id >> (8 * b));
	return len;
}

static void test_verify_reports_corrupted_index_entries(void)
{
	struct sfx f;
	uint8_t k[32];
	uint64_t a, b;
	size_t len;
	char *report = NULL;
	size_t rlen = 0;
	FILE *out;

	sfx_setup(&f);
	CU_ASSERT_EQUAL(create(&f, "uq", "P", "v", true, false, NULL), 0);
	a = add(&f, "P", "v", vint(1));
	b = add(&f, "P", "v", vint(2));
	CU_ASSERT_EQUAL(verify(&f), 0);
	/* the key layout is the documented one: a's entry is there */
	len = int_key(k, 1, a);
	pidx_raw(&f, k, len, true);
	CU_ASSERT_EQUAL(verify(&f), 1); /* a lacks its entry */
	/* a wrong value for a, which b also has */
	len = int_key(k, 2, a);
	pidx_raw(&f, k, len, false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out = open_memstream(&report, &rlen));
	CU_ASSERT_EQUAL(store_graph_verify(f.g, out), 3);
	fclose(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(report, "lacks the entry of node"));
	CU_ASSERT_PTR_NOT_NULL(strstr(report, "does not match"));
	CU_ASSERT_PTR_NOT_NULL(strstr(report, "with one value"));
	free(report);
	pidx_raw(&f, k, len, true);
	len = int_key(k, 1, a);
	pidx_raw(&f, k, len, false);
	CU_ASSERT_EQUAL(verify(&f), 0);
	/* an entry of a missing node, and one of no index */
	len = int_key(k, 9, b + 100);
	pidx_raw(&f, k, len, false);
	CU_ASSERT_EQUAL(verify(&f), 1);
	k[0] = 'Q';
	pidx_raw(&f, k, len, false);
	CU_ASSERT_EQUAL(verify(&f), 2);
	sfx_teardown(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("store_schema", NULL, NULL);
	CU_add_test(s, "create index builds from existing nodes",
		    test_create_index_builds_from_existing_nodes);
	CU_add_test(s, "seek without index says no index",
		    test_seek_without_index_says_no_index);
	CU_add_test(s, "null and NaN match nothing",
		    test_null_and_nan_match_nothing);
	CU_add_test(s, "index follows node changes",
		    test_index_follows_node_changes);
	CU_add_test(s, "IF NOT EXISTS leaves the existing index",
		    test_if_not_exists_leaves_the_existing_index);
	CU_add_test(s, "taken name and equivalent index are refused",
		    test_taken_name_and_equivalent_index_are_refused);
	CU_add_test(s, "unnamed index gets a name from its definition",
		    test_unnamed_index_gets_a_name_from_its_definition);
	CU_add_test(s, "list shows every index in name order",
		    test_list_shows_every_index_in_name_order);
	CU_add_test(s, "drop removes the index and its entries",
		    test_drop_removes_the_index_and_its_entries);
	CU_add_test(s, "unique constraint over duplicates is refused whole",
		    test_unique_constraint_over_duplicates_is_refused_whole);
	CU_add_test(s, "unique constraint refuses a second node",
		    test_unique_constraint_refuses_a_second_node);
	CU_add_test(s, "failed change leaves every index as it was",
		    test_failed_change_leaves_every_index_as_it_was);
	CU_add_test(s, "integral float is the same value as the int",
		    test_integral_float_is_the_same_value_as_the_int);
	CU_add_test(s, "too large value is refused",
		    test_too_large_value_is_refused);
	CU_add_test(s, "same operations give byte-identical stores",
		    test_same_operations_give_byte_identical_stores);
	CU_add_test(s, "verify reports corrupted index entries",
		    test_verify_reports_corrupted_index_entries);
	return cu_run();
}
