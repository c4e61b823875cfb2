/* apply.c: applies committed log entries to the graph store, exactly once. */
#include "graph/apply.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/limits.h"
#include "graph/query.h"
#include "graph/value.h"
#include "store/schema.h"

/* Apply is the only writer, and readers use snapshot transactions, so a
 * deadlock can only come from an outside tool (db_* utilities): retry. */
#define APPLY_DEADLOCK_RETRIES 5
/* Sessions forgotten per applied entry at most: an entry adds at most one,
 * so the table shrinks back below its window without a long apply. */
#define APPLY_SESSION_EXPIRE_MAX 32

/* One write transaction being run: the state its operations share. */
struct apply_ctx {
	struct store_graph *g;
	DB_TXN *txn; /* the child transaction of the operations */
	const Graphd__WriteTxn *wt;
	size_t op;	   /* the operation being run */
	uint64_t *created; /* per operation: the id it created, or 0 */
	Graphd__Counters *ctr;
	Graphd__ErrorCode code; /* set on a deterministic failure */
	char msg[256];
	int dberr; /* set on a storage failure */
	struct graph_limits lim; /* the entry's size bounds */
	uint64_t written;	 /* record bytes written so far */
};

/* ------------------------------------------------------------ responses */

Graphd__Response *graph_response_error(Graphd__ErrorCode code, const char *msg)
{
	Graphd__Response *r = malloc(sizeof(*r));
	Graphd__Error *e = malloc(sizeof(*e));

	if (!r || !e) {
		free(r);
		free(e);
		return NULL;
	}
	graphd__response__init(r);
	graphd__error__init(e);
	e->code = code;
	r->error = e;
	if (!(e->message = strdup(msg))) {
		e->message = NULL;
		graph_response_free(r);
		return NULL;
	}
	return r;
}

void graph_response_free(Graphd__Response *r)
{
	if (r)
		protobuf_c_message_free_unpacked(&r->base, NULL);
}

/* Takes ownership of created and ctr. */
static Graphd__Response *response_write(uint64_t txn_id, uint64_t *created,
					size_t n, Graphd__Counters *ctr)
{
	Graphd__Response *r = malloc(sizeof(*r));
	Graphd__WriteResult *w = malloc(sizeof(*w));

	if (!r || !w) {
		free(r);
		free(w);
		free(created);
		free(ctr);
		return NULL;
	}
	graphd__response__init(r);
	graphd__write_result__init(w);
	w->txn_id = txn_id;
	w->created_ids = created;
	w->n_created_ids = created ? n : 0;
	w->counters = ctr;
	r->body_case = GRAPHD__RESPONSE__BODY_WRITE;
	r->write = w;
	return r;
}

/* ------------------------------------------------------------ failures */

static int fail(struct apply_ctx *c, Graphd__ErrorCode code, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));

static int fail(struct apply_ctx *c, Graphd__ErrorCode code, const char *fmt,
		...)
{
	va_list ap;

	c->code = code;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A storage return code: 0 passes, anything else stops the transaction. */
static int dbfail(struct apply_ctx *c, int ret)
{
	if (ret == 0)
		return 0;
	c->dberr = ret;
	return -1;
}

/* Every record write counts toward the entry's transaction bound: what a
 * committed entry writes must fit in the Berkeley DB cache on every
 * replica (DESIGN.md 3.3), and going over fails it alike everywhere. */
static int count_written(struct apply_ctx *c, size_t bytes)
{
	c->written += bytes;
	if (c->written <= c->lim.max_txn)
		return 0;
	graph_limits_txn_msg(c->msg, sizeof(c->msg), c->written,
			     c->lim.max_txn);
	c->code = GRAPHD__ERROR_CODE__BAD_REQUEST;
	return -1;
}

/* Property indexes and unique constraints follow every node change
 * (store/schema.h): a violated constraint fails the transaction. */
static int schema_follow(struct apply_ctx *c, const Graphd__Node *before,
			 const Graphd__Node *after)
{
	char msg[300] = "";
	int ret =
	    schema_node_changed(c->g, c->txn, before, after, msg, sizeof(msg));

	if (ret == 0)
		return 0;
	if (ret == SCHEMA_E_UNIQUE)
		return fail(c, GRAPHD__ERROR_CODE__CONSTRAINT, "%s", msg);
	if (ret == SCHEMA_E_TOOBIG || ret == SCHEMA_E_INVALID)
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST, "%s", msg);
	return dbfail(c, ret);
}

/* Writes n over its stored version (if any), keeping the indexes. */
static int node_put_followed(struct apply_ctx *c, const Graphd__Node *n)
{
	Graphd__Node *before = NULL;
	int ret = store_graph_node_get(c->g, c->txn, n->id, &before);

	if (ret != 0 && ret != DB_NOTFOUND)
		return dbfail(c, ret);
	ret = count_written(c, graphd__node__get_packed_size(n)) < 0 ||
		      dbfail(c, store_graph_node_put(c->g, c->txn, n)) < 0 ||
		      schema_follow(c, before, n) < 0
		  ? -1
		  : 0;
	if (before)
		graphd__node__free_unpacked(before, NULL);
	return ret;
}

/* ------------------------------------------------------------ lookups */

static const char *op_name(const Graphd__Op *op)
{
	switch (op->op_case) {
	case GRAPHD__OP__OP_CREATE_NODE:
		return "create_node";
	case GRAPHD__OP__OP_CREATE_REL:
		return "create_rel";
	default:
		return "an operation that creates nothing";
	}
}

/* A Ref names an existing id, or an earlier create of the right kind in
 * this transaction (its id is only known on apply). */
static int resolve(struct apply_ctx *c, const Graphd__Ref *ref, bool rel,
		   uint64_t *id)
{
	Graphd__Op__OpCase want =
	    rel ? GRAPHD__OP__OP_CREATE_REL : GRAPHD__OP__OP_CREATE_NODE;
	const char *what = rel ? "relationship" : "node";
	uint32_t i;

	if (!ref || ref->target_case == GRAPHD__REF__TARGET__NOT_SET)
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu: the %s reference is empty", c->op, what);
	if (ref->target_case == GRAPHD__REF__TARGET_ID) {
		*id = ref->id;
		return 0;
	}
	i = ref->op_index;
	if (i >= c->op || c->wt->ops[i]->op_case != want)
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu refers to op %u, which is not an earlier "
			    "%s (it is %s)",
			    c->op, i, rel ? "create_rel" : "create_node",
			    i >= c->wt->n_ops ? "past the end"
			    : i >= c->op      ? "not earlier"
					      : op_name(c->wt->ops[i]));
	*id = c->created[i];
	return 0;
}

static int load_node(struct apply_ctx *c, uint64_t id, Graphd__Node **n)
{
	int ret = store_graph_node_get(c->g, c->txn, id, n);

	if (ret == DB_NOTFOUND)
		return fail(c, GRAPHD__ERROR_CODE__NOT_FOUND,
			    "node %llu not found", (unsigned long long)id);
	return dbfail(c, ret);
}

static int load_rel(struct apply_ctx *c, uint64_t id, Graphd__Relationship **r)
{
	int ret = store_graph_rel_get(c->g, c->txn, id, r);

	if (ret == DB_NOTFOUND)
		return fail(c, GRAPHD__ERROR_CODE__NOT_FOUND,
			    "relationship %llu not found",
			    (unsigned long long)id);
	return dbfail(c, ret);
}

static int check_name(struct apply_ctx *c, const char *s, const char *what)
{
	if (!s || !s[0])
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu: the %s is empty", c->op, what);
	if (strlen(s) > STORE_GRAPH_NAME_MAX)
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu: the %s is longer than %d bytes", c->op,
			    what, STORE_GRAPH_NAME_MAX);
	return 0;
}

static int check_value(struct apply_ctx *c, const char *key,
		       const Graphd__Value *v)
{
	char why[128];

	if (check_name(c, key, "property key") < 0)
		return -1;
	if (!graph_value_valid(v, why, sizeof(why)))
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu: property %s: %s", c->op, key, why);
	if (graph_value_bytes(v) > c->lim.max_value) {
		snprintf(why, sizeof(why), "op %zu: property %.64s", c->op,
			 key);
		graph_limits_value_msg(c->msg, sizeof(c->msg), why,
				       graph_value_bytes(v), c->lim.max_value);
		c->code = GRAPHD__ERROR_CODE__BAD_REQUEST;
		return -1;
	}
	return 0;
}

static int oom(struct apply_ctx *c)
{
	return dbfail(c, ENOMEM);
}

/* ------------------------------------------------------------ creates */

/* Copies the request's properties onto a record: null values are left out,
 * a repeated key keeps its last value. */
static int set_props(struct apply_ctx *c, Graphd__Property ***props, size_t *n,
		     Graphd__Property *const *src, size_t nsrc)
{
	size_t i;

	for (i = 0; i < nsrc; i++) {
		if (check_value(c, src[i]->key, src[i]->value) < 0)
			return -1;
		if (graph_props_set(props, n, src[i]->key, src[i]->value) < 0)
			return oom(c);
	}
	return 0;
}

static int do_create_node(struct apply_ctx *c, const Graphd__CreateNode *op)
{
	Graphd__Node *n = malloc(sizeof(*n));
	bool added;
	size_t i;
	int ret = -1;

	if (!n)
		return oom(c);
	graphd__node__init(n);
	for (i = 0; i < op->n_labels; i++) {
		if (check_name(c, op->labels[i], "label") < 0)
			goto out;
		if (graph_labels_add(&n->labels, &n->n_labels, op->labels[i],
				     &added) < 0) {
			oom(c);
			goto out;
		}
	}
	if (set_props(c, &n->props, &n->n_props, op->props, op->n_props) < 0 ||
	    dbfail(c, store_graph_next_id(c->g, c->txn, STORE_ID_NODE,
					  &n->id)) < 0 ||
	    node_put_followed(c, n) < 0)
		goto out;
	for (i = 0; i < n->n_labels; i++)
		if (dbfail(c, store_graph_label_put(c->g, c->txn, n->labels[i],
						    n->id)) < 0)
			goto out;
	c->created[c->op] = n->id;
	c->ctr->nodes_created++;
	c->ctr->labels_added += n->n_labels;
	c->ctr->props_set += n->n_props;
	ret = 0;
out:
	graphd__node__free_unpacked(n, NULL);
	return ret;
}

static int put_adjacency(struct apply_ctx *c, const Graphd__Relationship *r,
			 bool del)
{
	struct store_adj out = {r->start, STORE_DIR_OUT, r->type, r->id,
				r->end};
	struct store_adj in = {r->end, STORE_DIR_IN, r->type, r->id, r->start};

	if (del)
		return dbfail(c, store_graph_adj_del(c->g, c->txn, &out)) ||
		       dbfail(c, store_graph_adj_del(c->g, c->txn, &in));
	return dbfail(c, store_graph_adj_put(c->g, c->txn, &out)) ||
	       dbfail(c, store_graph_adj_put(c->g, c->txn, &in));
}

static int check_nodes_exist(struct apply_ctx *c, uint64_t a, uint64_t b)
{
	Graphd__Node *n = NULL;

	if (load_node(c, a, &n) < 0)
		return -1;
	graphd__node__free_unpacked(n, NULL);
	if (load_node(c, b, &n) < 0)
		return -1;
	graphd__node__free_unpacked(n, NULL);
	return 0;
}

static int do_create_rel(struct apply_ctx *c, const Graphd__CreateRel *op)
{
	Graphd__Relationship *r = malloc(sizeof(*r));
	int ret = -1;

	if (!r)
		return oom(c);
	graphd__relationship__init(r);
	if (check_name(c, op->type, "relationship type") < 0 ||
	    resolve(c, op->start, false, &r->start) < 0 ||
	    resolve(c, op->end, false, &r->end) < 0 ||
	    check_nodes_exist(c, r->start, r->end) < 0 ||
	    set_props(c, &r->props, &r->n_props, op->props, op->n_props) < 0)
		goto out;
	if (!(r->type = strdup(op->type))) {
		oom(c);
		goto out;
	}
	if (dbfail(c, store_graph_next_id(c->g, c->txn, STORE_ID_REL, &r->id)) <
		0 ||
	    count_written(c, graphd__relationship__get_packed_size(r)) < 0 ||
	    dbfail(c, store_graph_rel_put(c->g, c->txn, r)) < 0 ||
	    put_adjacency(c, r, false) != 0)
		goto out;
	c->created[c->op] = r->id;
	c->ctr->rels_created++;
	c->ctr->props_set += r->n_props;
	ret = 0;
out:
	graphd__relationship__free_unpacked(r, NULL);
	return ret;
}

/* ------------------------------------------------------------ properties */

/* Loads the record a Set/RemoveProp targets; *props and *n point into it. */
struct prop_target {
	Graphd__Node *node;
	Graphd__Relationship *rel;
	Graphd__Property ***props;
	size_t *n;
};

static int target_load(struct apply_ctx *c, Graphd__EntityKind kind,
		       const Graphd__Ref *ref, struct prop_target *t)
{
	bool rel = kind == GRAPHD__ENTITY_KIND__ENTITY_REL;
	uint64_t id;

	memset(t, 0, sizeof(*t));
	if (resolve(c, ref, rel, &id) < 0)
		return -1;
	if (rel) {
		if (load_rel(c, id, &t->rel) < 0)
			return -1;
		t->props = &t->rel->props;
		t->n = &t->rel->n_props;
	} else {
		if (load_node(c, id, &t->node) < 0)
			return -1;
		t->props = &t->node->props;
		t->n = &t->node->n_props;
	}
	return 0;
}

static int target_store(struct apply_ctx *c, struct prop_target *t)
{
	if (t->rel)
		return count_written(
			   c, graphd__relationship__get_packed_size(t->rel)) < 0
			   ? -1
			   : dbfail(c, store_graph_rel_put(c->g, c->txn,
							   t->rel));
	return node_put_followed(c, t->node);
}

static void target_free(struct prop_target *t)
{
	if (t->rel)
		graphd__relationship__free_unpacked(t->rel, NULL);
	if (t->node)
		graphd__node__free_unpacked(t->node, NULL);
}

/* Setting a property to null removes it (as in Cypher SET n.k = null). */
static int do_set_prop(struct apply_ctx *c, const Graphd__SetProp *op)
{
	struct prop_target t;
	int ret = -1;

	if (check_value(c, op->key, op->value) < 0 ||
	    target_load(c, op->entity, op->target, &t) < 0)
		return -1;
	if (graph_props_set(t.props, t.n, op->key, op->value) < 0)
		oom(c);
	else if (target_store(c, &t) == 0)
		ret = 0;
	if (ret == 0)
		c->ctr->props_set++;
	target_free(&t);
	return ret;
}

/* Removing a property that is not there is not an error (Cypher REMOVE). */
static int do_remove_prop(struct apply_ctx *c, const Graphd__RemoveProp *op)
{
	struct prop_target t;
	int ret = 0;

	if (check_name(c, op->key, "property key") < 0 ||
	    target_load(c, op->entity, op->target, &t) < 0)
		return -1;
	if (graph_props_remove(t.props, t.n, op->key)) {
		ret = target_store(c, &t);
		if (ret == 0)
			c->ctr->props_set++;
	}
	target_free(&t);
	return ret;
}

/* ------------------------------------------------------------ labels */

static int do_label(struct apply_ctx *c, const Graphd__LabelOp *op, bool add)
{
	Graphd__Node *n = NULL;
	bool changed = false;
	uint64_t id;
	int ret = -1;

	if (check_name(c, op->label, "label") < 0 ||
	    resolve(c, op->node, false, &id) < 0 || load_node(c, id, &n) < 0)
		return -1;
	if (add && graph_labels_add(&n->labels, &n->n_labels, op->label,
				    &changed) < 0) {
		oom(c);
		goto out;
	}
	if (!add)
		changed =
		    graph_labels_remove(&n->labels, &n->n_labels, op->label);
	ret = 0;
	if (!changed)
		goto out; /* already so: nothing to write, nothing counted */
	if (node_put_followed(c, n) < 0 ||
	    dbfail(c, add ? store_graph_label_put(c->g, c->txn, op->label, id)
			  : store_graph_label_del(c->g, c->txn, op->label,
						  id)) < 0) {
		ret = -1;
		goto out;
	}
	if (add)
		c->ctr->labels_added++;
	else
		c->ctr->labels_removed++;
out:
	graphd__node__free_unpacked(n, NULL);
	return ret;
}

/* ------------------------------------------------------------ deletes */

static int delete_rel_record(struct apply_ctx *c, uint64_t id)
{
	Graphd__Relationship *r = NULL;
	int ret = -1;

	if (load_rel(c, id, &r) < 0)
		return -1;
	if (put_adjacency(c, r, true) == 0 &&
	    dbfail(c, store_graph_rel_del(c->g, c->txn, id)) == 0) {
		c->ctr->rels_deleted++;
		ret = 0;
	}
	graphd__relationship__free_unpacked(r, NULL);
	return ret;
}

static int do_delete_rel(struct apply_ctx *c, const Graphd__DeleteRel *op)
{
	uint64_t id;

	if (resolve(c, op->rel, true, &id) < 0)
		return -1;
	return delete_rel_record(c, id);
}

/* The relationship ids of one node, each once (a self-loop has both an out
 * and an in entry at the same node). */
struct rel_ids {
	uint64_t *ids;
	size_t n, cap;
	bool oom;
};

static bool collect_rel(void *ctx, const struct store_adj *a)
{
	struct rel_ids *s = ctx;
	uint64_t *grown;

	if (a->dir == STORE_DIR_IN && a->other == a->node)
		return true; /* self-loop: counted from its out entry */
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		if (!(grown = realloc(s->ids, s->cap * sizeof(*grown)))) {
			s->oom = true;
			return false;
		}
		s->ids = grown;
	}
	s->ids[s->n++] = a->rel;
	return true;
}

static int node_rels(struct apply_ctx *c, uint64_t id, struct rel_ids *s)
{
	if (dbfail(c, store_graph_adj_scan(c->g, c->txn, id, STORE_DIR_OUT,
					   NULL, collect_rel, s)) < 0 ||
	    dbfail(c, store_graph_adj_scan(c->g, c->txn, id, STORE_DIR_IN, NULL,
					   collect_rel, s)) < 0)
		return -1;
	return s->oom ? oom(c) : 0;
}

static int delete_node_record(struct apply_ctx *c, Graphd__Node *n)
{
	size_t i;

	for (i = 0; i < n->n_labels; i++)
		if (dbfail(c, store_graph_label_del(c->g, c->txn, n->labels[i],
						    n->id)) < 0)
			return -1;
	if (schema_follow(c, n, NULL) < 0 ||
	    dbfail(c, store_graph_node_del(c->g, c->txn, n->id)) < 0)
		return -1;
	c->ctr->nodes_deleted++;
	return 0;
}

/* A node with relationships is deleted only with detach, which deletes the
 * relationships first (Neo4j's DETACH DELETE). */
static int do_delete_node(struct apply_ctx *c, const Graphd__DeleteNode *op)
{
	struct rel_ids s = {0};
	Graphd__Node *n = NULL;
	uint64_t id;
	size_t i;
	int ret = -1;

	if (resolve(c, op->node, false, &id) < 0 || load_node(c, id, &n) < 0)
		return -1;
	if (node_rels(c, id, &s) < 0)
		goto out;
	if (s.n && !op->detach) {
		fail(
		    c, GRAPHD__ERROR_CODE__CONSTRAINT,
		    "node %llu still has %zu relationship%s; use detach delete",
		    (unsigned long long)id, s.n, s.n == 1 ? "" : "s");
		goto out;
	}
	for (i = 0; i < s.n; i++)
		if (delete_rel_record(c, s.ids[i]) < 0)
			goto out;
	ret = delete_node_record(c, n);
out:
	free(s.ids);
	graphd__node__free_unpacked(n, NULL);
	return ret;
}

/* ------------------------------------------------------------ transaction */

static int run_op(struct apply_ctx *c, const Graphd__Op *op)
{
	switch (op->op_case) {
	case GRAPHD__OP__OP_CREATE_NODE:
		return do_create_node(c, op->create_node);
	case GRAPHD__OP__OP_CREATE_REL:
		return do_create_rel(c, op->create_rel);
	case GRAPHD__OP__OP_SET_PROP:
		return do_set_prop(c, op->set_prop);
	case GRAPHD__OP__OP_REMOVE_PROP:
		return do_remove_prop(c, op->remove_prop);
	case GRAPHD__OP__OP_ADD_LABEL:
		return do_label(c, op->add_label, true);
	case GRAPHD__OP__OP_REMOVE_LABEL:
		return do_label(c, op->remove_label, false);
	case GRAPHD__OP__OP_DELETE_NODE:
		return do_delete_node(c, op->delete_node);
	case GRAPHD__OP__OP_DELETE_REL:
		return do_delete_rel(c, op->delete_rel);
	default:
		return fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			    "op %zu is empty or of an unknown kind", c->op);
	}
}

/* Runs the operations in a child of parent. A deterministic failure aborts
 * the child only: every replica rolls back the same way and the entry still
 * counts as applied. Returns 0 with *resp set, or a storage error code. */
static int run_txn(struct store_graph *g, DB_TXN *parent,
		   const Graphd__WriteTxn *wt, const struct graph_limits *lim,
		   uint64_t index, Graphd__Response **resp)
{
	static const Graphd__WriteTxn empty = GRAPHD__WRITE_TXN__INIT;
	struct apply_ctx c = {.g = g, .wt = wt ? wt : &empty, .lim = *lim};
	int ret;

	*resp = NULL;
	c.created = calloc(c.wt->n_ops ? c.wt->n_ops : 1, sizeof(uint64_t));
	c.ctr = malloc(sizeof(*c.ctr));
	if (!c.created || !c.ctr) {
		ret = ENOMEM;
		goto err;
	}
	graphd__counters__init(c.ctr);
	if ((ret = store_graph_txn_begin(g, parent, false, &c.txn)) != 0)
		goto err;
	for (c.op = 0; c.op < c.wt->n_ops; c.op++)
		if (run_op(&c, c.wt->ops[c.op]) < 0)
			break;
	if (c.dberr || c.code) {
		c.txn->abort(c.txn);
		if ((ret = c.dberr) != 0)
			goto err;
		*resp = graph_response_error(c.code, c.msg);
		free(c.created);
		free(c.ctr);
	} else {
		if ((ret = c.txn->commit(c.txn, 0)) != 0)
			goto err;
		*resp = response_write(index, c.created, c.wt->n_ops, c.ctr);
	}
	return *resp ? 0 : ENOMEM;
err:
	free(c.created);
	free(c.ctr);
	return ret;
}

/* An updating Cypher statement, in a child of parent: an error (a
 * constraint, a type error) rolls it back whole, the same way on every
 * replica; timestamp() is the proposer's clock from the entry. Returns 0
 * with *resp set, or a storage error code. */
static int run_query(struct store_graph *g, DB_TXN *parent,
		     const Graphd__TxnEntry *te, const struct graph_limits *lim,
		     uint64_t index, Graphd__Response **resp)
{
	DB_TXN *child;
	int ret, serr = 0;

	*resp = NULL;
	if ((ret = store_graph_txn_begin(g, parent, false, &child)) != 0)
		return ret;
	*resp = graph_query_bounded(g, child, te->query, te->timestamp_ms,
				    lim, &serr);
	if (serr || !*resp) {
		child->abort(child);
		graph_response_free(*resp);
		*resp = NULL;
		return serr ? serr : ENOMEM;
	}
	if ((*resp)->error) {
		child->abort(child);
		return 0;
	}
	if ((ret = child->commit(child, 0)) != 0)
		return ret;
	if ((*resp)->query)
		(*resp)->query->txn_id = index;
	return 0;
}

/* A (session, seq) already applied is answered, not run again (DESIGN 3.3):
 * the same seq gets the stored answer, an older one an error; *resp stays
 * NULL when the entry must run. Returns 0 or a store error code. */
static int session_answer(struct store_graph *g, DB_TXN *txn,
			  const Graphd__TxnEntry *te, Graphd__Response **resp)
{
	Graphd__Response *stored = NULL;
	char msg[160];
	uint64_t seq;
	int ret;

	*resp = NULL;
	if (te->session == 0)
		return 0;
	ret = store_graph_session_get(g, txn, te->session, &seq, &stored);
	if (ret == DB_NOTFOUND)
		return 0;
	if (ret)
		return ret;
	if (te->seq > seq) {
		graph_response_free(stored);
		return 0;
	}
	if (te->seq == seq) {
		*resp = stored;
		return 0;
	}
	graph_response_free(stored);
	snprintf(msg, sizeof(msg),
		 "session %llu: request %llu was superseded by request %llu; "
		 "not run again",
		 (unsigned long long)te->session, (unsigned long long)te->seq,
		 (unsigned long long)seq);
	*resp = graph_response_error(GRAPHD__ERROR_CODE__BAD_REQUEST, msg);
	return *resp ? 0 : ENOMEM;
}

/* Advances the log clock to te's timestamp and forgets the sessions last
 * used more than te's session_retention_ms before it. Both come from the
 * entry, so every replica forgets the same sessions at the same entry; no
 * local clock or setting is involved. *clock is the log clock after te. */
static int session_expire(struct store_graph *g, DB_TXN *txn,
			  const Graphd__TxnEntry *te, uint64_t *clock)
{
	size_t expired;
	int ret;

	if ((ret = store_graph_log_clock(g, txn, te->timestamp_ms, clock)) != 0)
		return ret;
	if (te->session_retention_ms == 0 ||
	    *clock <= te->session_retention_ms)
		return 0;
	return store_graph_session_expire(g, txn,
					  *clock - te->session_retention_ms,
					  APPLY_SESSION_EXPIRE_MAX, &expired);
}

static int apply_normal(struct store_graph *g, DB_TXN *txn,
			const struct raft_entry *e, struct graph_apply_out *out)
{
	struct graph_limits lim;
	Graphd__TxnEntry *te;
	uint64_t clock;
	char msg[128];
	int ret;

	te = graphd__txn_entry__unpack(NULL, e->len, e->data);
	if (!te) {
		/* Every replica fails to decode the same bytes the same way. */
		snprintf(msg, sizeof(msg),
			 "log entry %llu does not decode as a transaction",
			 (unsigned long long)e->index);
		out->response =
		    graph_response_error(GRAPHD__ERROR_CODE__BAD_REQUEST, msg);
		return out->response ? 0 : ENOMEM;
	}
	out->origin_server = te->origin_server;
	out->session = te->session;
	out->seq = te->seq;
	graph_limits_of_entry(&lim, te);
	ret = session_expire(g, txn, te, &clock);
	if (ret == 0)
		ret = session_answer(g, txn, te, &out->response);
	if (ret == 0 && !out->response) {
		ret = te->query ? run_query(g, txn, te, &lim, e->index,
					    &out->response)
				: run_txn(g, txn, te->txn, &lim, e->index,
					  &out->response);
		if (ret == 0 && te->session)
			ret = store_graph_session_put(g, txn, te->session,
						      te->seq, clock,
						      out->response);
	}
	graphd__txn_entry__free_unpacked(te, NULL);
	return ret;
}

static int apply_once(struct store_graph *g, const struct raft_entry *e,
		      struct graph_apply_out *out)
{
	uint64_t applied;
	DB_TXN *txn;
	int ret;

	if ((ret = store_graph_txn_begin(g, NULL, false, &txn)) != 0)
		return ret;
	if ((ret = store_graph_get_applied(g, txn, &applied)) != 0)
		goto err;
	if (e->index <= applied) {
		txn->abort(txn); /* already applied: exactly once */
		return 0;
	}
	if (e->type == RAFT_ENTRY_NORMAL &&
	    (ret = apply_normal(g, txn, e, out)) != 0)
		goto err;
	if ((ret = store_graph_set_applied(g, txn, e->index)) != 0)
		goto err;
	/* No flush of its own: the entry is durable in the Raft log, and the
	 * graph store and the Raft log share one Berkeley DB log, so the next
	 * Raft log write (or the compaction that would delete this entry)
	 * flushes this commit too, before anything depends on it. A crash
	 * before that replays the entry: applied_index went back with it.
	 * One fsync per write instead of two. */
	ret = txn->commit(txn, DB_TXN_NOSYNC);
	txn = NULL; /* gone, committed or not */
	if (ret == 0)
		return 0;
err:
	if (txn)
		txn->abort(txn);
	graph_response_free(out->response);
	memset(out, 0, sizeof(*out));
	return ret;
}

int graph_apply(struct store_graph *g, const struct raft_entry *e,
		struct graph_apply_out *out, char *err, size_t errlen)
{
	char what[160];
	int i, ret = 0;

	memset(out, 0, sizeof(*out));
	if (e->type == RAFT_ENTRY_NORMAL && e->stripped) {
		snprintf(err, errlen,
			 "log entry %llu reached apply without its payload (an "
			 "arbiter's stripped copy); not applied",
			 (unsigned long long)e->index);
		return -1;
	}
	for (i = 0; i < APPLY_DEADLOCK_RETRIES; i++)
		if ((ret = apply_once(g, e, out)) != DB_LOCK_DEADLOCK)
			break;
	if (ret == 0)
		return 0;
	snprintf(what, sizeof(what),
		 "cannot apply log entry %llu to the graph store (nothing of "
		 "it was applied)",
		 (unsigned long long)e->index);
	store_graph_errf(g, ret, err, errlen, what);
	return -1;
}
