/* mutate.c: record-level graph changes that keep adjacency, label index and
 * property indexes consistent. */
#include "graph/mutate.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "graph/value.h"
#include "store/schema.h"

int graph_mut_node_create(struct store_graph *g, DB_TXN *txn, Graphd__Node *n,
			  char *err, size_t errlen)
{
	int ret;

	if ((ret = store_graph_next_id(g, txn, STORE_ID_NODE, &n->id)) != 0 ||
	    (ret = store_graph_node_put(g, txn, n)) != 0)
		return ret;
	for (size_t i = 0; i < n->n_labels; i++)
		if ((ret = store_graph_label_put(g, txn, n->labels[i],
						 n->id)) != 0)
			return ret;
	return schema_node_changed(g, txn, NULL, n, err, errlen);
}

int graph_mut_node_update(struct store_graph *g, DB_TXN *txn,
			  const Graphd__Node *before, const Graphd__Node *after,
			  char *err, size_t errlen)
{
	int ret;

	if ((ret = store_graph_node_put(g, txn, after)) != 0)
		return ret;
	for (size_t i = 0; i < before->n_labels; i++)
		if (!graph_labels_has(after->labels, after->n_labels,
				      before->labels[i]) &&
		    (ret = store_graph_label_del(g, txn, before->labels[i],
						 before->id)) != 0)
			return ret;
	for (size_t i = 0; i < after->n_labels; i++)
		if (!graph_labels_has(before->labels, before->n_labels,
				      after->labels[i]) &&
		    (ret = store_graph_label_put(g, txn, after->labels[i],
						 after->id)) != 0)
			return ret;
	return schema_node_changed(g, txn, before, after, err, errlen);
}

int graph_mut_node_delete(struct store_graph *g, DB_TXN *txn,
			  const Graphd__Node *n, char *err, size_t errlen)
{
	int ret;

	for (size_t i = 0; i < n->n_labels; i++)
		if ((ret = store_graph_label_del(g, txn, n->labels[i],
						 n->id)) != 0)
			return ret;
	if ((ret = store_graph_node_del(g, txn, n->id)) != 0)
		return ret;
	return schema_node_changed(g, txn, n, NULL, err, errlen);
}

/* Both adjacency entries of r: (start, OUT) and (end, IN). */
static int mut_adjacency(struct store_graph *g, DB_TXN *txn,
			 const Graphd__Relationship *r, bool del)
{
	struct store_adj out = {r->start, STORE_DIR_OUT, r->type, r->id,
				r->end};
	struct store_adj in = {r->end, STORE_DIR_IN, r->type, r->id, r->start};
	int ret;

	if (del) {
		if ((ret = store_graph_adj_del(g, txn, &out)) != 0)
			return ret;
		return store_graph_adj_del(g, txn, &in);
	}
	if ((ret = store_graph_adj_put(g, txn, &out)) != 0)
		return ret;
	return store_graph_adj_put(g, txn, &in);
}

int graph_mut_rel_create(struct store_graph *g, DB_TXN *txn,
			 Graphd__Relationship *r)
{
	int ret;

	if ((ret = store_graph_next_id(g, txn, STORE_ID_REL, &r->id)) != 0 ||
	    (ret = store_graph_rel_put(g, txn, r)) != 0)
		return ret;
	return mut_adjacency(g, txn, r, false);
}

int graph_mut_rel_delete(struct store_graph *g, DB_TXN *txn,
			 const Graphd__Relationship *r)
{
	int ret;

	if ((ret = mut_adjacency(g, txn, r, true)) != 0)
		return ret;
	return store_graph_rel_del(g, txn, r->id);
}

struct mut_ids {
	uint64_t *v;
	size_t n, cap;
	bool nomem;
};

static bool mut_collect(void *ctx, const struct store_adj *a)
{
	struct mut_ids *s = ctx;
	uint64_t *grown;

	if (a->dir == STORE_DIR_IN && a->other == a->node)
		return true; /* self-loop: taken from its out entry */
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		if (!(grown = realloc(s->v, cap * sizeof(*grown)))) {
			s->nomem = true;
			return false;
		}
		s->v = grown;
		s->cap = cap;
	}
	s->v[s->n++] = a->rel;
	return true;
}

int graph_mut_node_rels(struct store_graph *g, DB_TXN *txn, uint64_t node,
			uint64_t **ids, size_t *n)
{
	struct mut_ids s = {0};
	int ret = store_graph_adj_scan(g, txn, node, STORE_DIR_OUT, NULL,
				       mut_collect, &s);

	if (ret == 0 && !s.nomem)
		ret = store_graph_adj_scan(g, txn, node, STORE_DIR_IN, NULL,
					   mut_collect, &s);
	if (ret == 0 && s.nomem)
		ret = ENOMEM;
	if (ret != 0) {
		free(s.v);
		s.v = NULL;
		s.n = 0;
	}
	*ids = s.v;
	*n = s.n;
	return ret;
}
