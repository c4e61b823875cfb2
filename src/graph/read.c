/* read.c: read requests served from the local graph store. */
#include "graph/read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "graph/apply.h"
#include "graph/query.h"
#include "graph/value.h"

/* One read being answered. */
struct read_ctx {
	struct store_graph *g;
	DB_TXN *txn; /* snapshot: never waits for apply */
	Graphd__Response *r;
	int dberr;
	Graphd__ErrorCode code; /* set when the request fails */
	char msg[256];
};

static void read_fail(struct read_ctx *c, Graphd__ErrorCode code,
		      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void read_fail(struct read_ctx *c, Graphd__ErrorCode code,
		      const char *fmt, ...)
{
	va_list ap;

	c->code = code;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* Appends p to a protobuf-c pointer array, growing it in powers of two. */
static bool push(void ***arr, size_t *n, void *p)
{
	void **grown;

	if ((*n & (*n - 1)) == 0) {
		grown = realloc(*arr, (*n ? *n * 2 : 1) * sizeof(*grown));
		if (!grown)
			return false;
		*arr = grown;
	}
	(*arr)[(*n)++] = p;
	return true;
}

/* ------------------------------------------------------------ by id */

static void get_node(struct read_ctx *c, uint64_t id)
{
	Graphd__Node *n = NULL;
	int ret = store_graph_node_get(c->g, c->txn, id, &n);

	if (ret == DB_NOTFOUND) {
		read_fail(c, GRAPHD__ERROR_CODE__NOT_FOUND,
			  "node %llu not found", (unsigned long long)id);
		return;
	}
	c->dberr = ret;
	c->r->body_case = GRAPHD__RESPONSE__BODY_NODE;
	c->r->node = n;
}

static void get_rel(struct read_ctx *c, uint64_t id)
{
	Graphd__Relationship *r = NULL;
	int ret = store_graph_rel_get(c->g, c->txn, id, &r);

	if (ret == DB_NOTFOUND) {
		read_fail(c, GRAPHD__ERROR_CODE__NOT_FOUND,
			  "relationship %llu not found",
			  (unsigned long long)id);
		return;
	}
	c->dberr = ret;
	c->r->body_case = GRAPHD__RESPONSE__BODY_REL;
	c->r->rel = r;
}

/* ------------------------------------------------------------ neighbours */

struct nb_scan {
	struct read_ctx *c;
	Graphd__NeighbourList *list;
	bool both;
	uint32_t limit; /* 0: none */
};

/* Adds one relationship and the node at its other end. */
static bool nb_one(void *ctx, const struct store_adj *a)
{
	struct nb_scan *s = ctx;
	Graphd__Relationship *rel = NULL;
	Graphd__Node *node = NULL;
	int ret;

	if (s->limit && s->list->n_rels >= s->limit)
		return false;
	if (s->both && a->dir == STORE_DIR_IN && a->other == a->node)
		return true; /* a self-loop is listed once, from its out side */
	if ((ret = store_graph_rel_get(s->c->g, s->c->txn, a->rel, &rel)) ||
	    (ret = store_graph_node_get(s->c->g, s->c->txn, a->other, &node)))
		goto err;
	if (!push((void ***)&s->list->rels, &s->list->n_rels, rel)) {
		ret = ENOMEM;
		goto err;
	}
	rel = NULL;
	if (!push((void ***)&s->list->nodes, &s->list->n_nodes, node)) {
		ret = ENOMEM;
		goto err;
	}
	return true;
err:
	if (rel)
		graphd__relationship__free_unpacked(rel, NULL);
	if (node)
		graphd__node__free_unpacked(node, NULL);
	s->c->dberr = ret;
	return false;
}

/* Scans one direction, for every requested type (each once). */
static int nb_dir(struct nb_scan *s, const Graphd__Neighbours *q,
		  enum store_dir dir)
{
	size_t i, j;
	int ret = 0;

	if (q->n_types == 0)
		return store_graph_adj_scan(s->c->g, s->c->txn, q->node, dir,
					    NULL, nb_one, s);
	for (i = 0; i < q->n_types && !ret && !s->c->dberr; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(q->types[i], q->types[j]))
				break;
		if (j == i)
			ret = store_graph_adj_scan(s->c->g, s->c->txn, q->node,
						   dir, q->types[i], nb_one, s);
	}
	return ret;
}

static void neighbours(struct read_ctx *c, const Graphd__Neighbours *q)
{
	struct nb_scan s = {.c = c, .limit = q->limit};
	Graphd__Node *n = NULL;
	int ret;

	if (q->dir != GRAPHD__DIRECTION__DIR_OUT &&
	    q->dir != GRAPHD__DIRECTION__DIR_IN &&
	    q->dir != GRAPHD__DIRECTION__DIR_BOTH) {
		read_fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			  "unknown direction %d (OUT, IN or BOTH)", q->dir);
		return;
	}
	get_node(c, q->node); /* NOT_FOUND for a missing start node */
	if (c->code || c->dberr)
		return;
	n = c->r->node;
	c->r->node = NULL;
	graphd__node__free_unpacked(n, NULL);
	if (!(s.list = malloc(sizeof(*s.list)))) {
		c->dberr = ENOMEM;
		return;
	}
	graphd__neighbour_list__init(s.list);
	c->r->body_case = GRAPHD__RESPONSE__BODY_NEIGHBOURS;
	c->r->neighbours = s.list;
	s.both = q->dir == GRAPHD__DIRECTION__DIR_BOTH;
	ret = 0;
	if (q->dir != GRAPHD__DIRECTION__DIR_IN)
		ret = nb_dir(&s, q, STORE_DIR_OUT);
	if (!ret && q->dir != GRAPHD__DIRECTION__DIR_OUT)
		ret = nb_dir(&s, q, STORE_DIR_IN);
	if (ret && !c->dberr)
		c->dberr = ret;
}

/* ------------------------------------------------------------ by label */

struct label_scan {
	struct read_ctx *c;
	Graphd__NodeList *list;
	const Graphd__Property *where;
	uint32_t limit;
};

/* A where with a null value matches nodes without the property: setting a
 * property to null removes it, so "is null" and "is absent" are one. */
static bool where_matches(const Graphd__Property *w, const Graphd__Node *n)
{
	const Graphd__Value *v = graph_props_find(n->props, n->n_props, w->key);

	if (graph_value_is_null(w->value))
		return v == NULL;
	return v && graph_value_equal(v, w->value);
}

static bool label_one(void *ctx, uint64_t id)
{
	struct label_scan *s = ctx;
	Graphd__Node *n = NULL;
	int ret;

	if (s->limit && s->list->n_nodes >= s->limit)
		return false;
	if ((ret = store_graph_node_get(s->c->g, s->c->txn, id, &n)) != 0) {
		s->c->dberr = ret;
		return false;
	}
	if (s->where && !where_matches(s->where, n)) {
		graphd__node__free_unpacked(n, NULL);
		return true;
	}
	if (!push((void ***)&s->list->nodes, &s->list->n_nodes, n)) {
		graphd__node__free_unpacked(n, NULL);
		s->c->dberr = ENOMEM;
		return false;
	}
	return true;
}

static void nodes_by_label(struct read_ctx *c, const Graphd__NodesByLabel *q)
{
	struct label_scan s = {.c = c, .where = q->where, .limit = q->limit};
	int ret;

	if (!q->label || !q->label[0]) {
		read_fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			  "nodes by label: the label is empty");
		return;
	}
	if (q->where && (!q->where->key || !q->where->key[0])) {
		read_fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			  "nodes by label %s: the property key of the filter "
			  "is empty",
			  q->label);
		return;
	}
	if (!(s.list = malloc(sizeof(*s.list)))) {
		c->dberr = ENOMEM;
		return;
	}
	graphd__node_list__init(s.list);
	c->r->body_case = GRAPHD__RESPONSE__BODY_NODES;
	c->r->nodes = s.list;
	ret = store_graph_label_scan(c->g, c->txn, q->label, label_one, &s);
	if (ret && !c->dberr)
		c->dberr = ret;
}

/* ------------------------------------------------------------ entry */

static void dispatch(struct read_ctx *c, const Graphd__Request *req)
{
	switch (req->body_case) {
	case GRAPHD__REQUEST__BODY_GET_NODE:
		get_node(c, req->get_node->id);
		break;
	case GRAPHD__REQUEST__BODY_GET_REL:
		get_rel(c, req->get_rel->id);
		break;
	case GRAPHD__REQUEST__BODY_NEIGHBOURS:
		neighbours(c, req->neighbours);
		break;
	case GRAPHD__REQUEST__BODY_NODES_BY_LABEL:
		nodes_by_label(c, req->nodes_by_label);
		break;
	default:
		read_fail(c, GRAPHD__ERROR_CODE__BAD_REQUEST,
			  "not a read request (body %d)", req->body_case);
	}
}

/* Replaces whatever body was built with an error. */
static Graphd__Response *to_error(struct read_ctx *c)
{
	Graphd__ErrorCode code = c->code;

	graph_response_free(c->r);
	c->r = NULL;
	if (c->dberr) {
		code = GRAPHD__ERROR_CODE__INTERNAL;
		store_graph_errf(c->g, c->dberr, c->msg, sizeof(c->msg),
				 "read failed");
	}
	return graph_response_error(code, c->msg);
}

/* A read-only Cypher statement, in its own snapshot transaction. */
static Graphd__Response *read_query(struct store_graph *g,
				    const Graphd__Request *req)
{
	struct timespec ts;
	Graphd__Response *r;
	DB_TXN *txn;
	int ret, serr = 0;

	if ((ret = store_graph_txn_begin(g, NULL, true, &txn)) != 0) {
		struct read_ctx c = {.g = g, .dberr = ret};

		if (!(c.r = malloc(sizeof(*c.r))))
			return NULL;
		graphd__response__init(c.r);
		return to_error(&c);
	}
	/* timestamp() of a read: this instance's clock (it is not logged) */
	clock_gettime(CLOCK_REALTIME, &ts);
	r = graph_query(g, txn, req->query,
			(int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
			&serr);
	txn->commit(txn, 0);
	return r;
}

Graphd__Response *graph_read(struct store_graph *g, const Graphd__Request *req)
{
	struct read_ctx c = {.g = g};
	int ret;

	if (req->body_case == GRAPHD__REQUEST__BODY_QUERY)
		return read_query(g, req);
	if (!(c.r = malloc(sizeof(*c.r))))
		return NULL;
	graphd__response__init(c.r);
	if ((ret = store_graph_txn_begin(g, NULL, true, &c.txn)) != 0) {
		c.dberr = ret;
		return to_error(&c);
	}
	dispatch(&c, req);
	/* A snapshot transaction changed nothing: commit just releases it. */
	c.txn->commit(c.txn, 0);
	if (c.dberr || c.code)
		return to_error(&c);
	return c.r;
}
