/* cypher_update.c: Cypher's updating clauses (CREATE, MERGE, SET, REMOVE,
 * DELETE) as pipeline stages, and the schema statements.
 *
 * Every change goes through graph/mutate.h inside the caller's write
 * transaction, so the label index, adjacency and property indexes move
 * with the records, and ids come from the store's counters: every replica
 * that runs the same statement on the same store writes the same bytes.
 * Any failure returns -1 and the caller aborts the whole transaction. */
#include "graph/cypher_exec_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph/limits.h"
#include "graph/mutate.h"
#include "graph/value.h"
#include "store/schema.h"

static const struct cypher_pos xnopos = {0, 0};

/* ---------------------------------------------------------- store errors */

/* A mutate.h / schema.h return code (msg: the schema module's message) as
 * the statement's error. */
static int xmut_fail(struct xc *x, int ret, const char *msg,
		     struct cypher_pos pos, const char *what)
{
	switch (ret) {
	case SCHEMA_E_UNIQUE:
		return xc_fail(x, CYPHER_EXEC_CONSTRAINT, pos,
			       "%s; the statement is rolled back", msg);
	case SCHEMA_E_EXISTS:
	case SCHEMA_E_NOINDEX:
	case SCHEMA_E_INVALID:
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, pos, "%s", msg);
	case SCHEMA_E_TOOBIG:
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos, "%s", msg);
	default:
		return xc_storage(x, ret, what);
	}
}

static int xoom(struct xc *x, struct cypher_pos pos)
{
	return xc_fail(x, CYPHER_EXEC_RUNTIME, pos, "out of memory");
}

static int xcheck_name(struct xc *x, struct cypher_pos pos, const char *s,
		       const char *what)
{
	if (strlen(s) > STORE_GRAPH_NAME_MAX)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, pos,
			       "the %s '%.40s...' is longer than %d bytes",
			       what, s, STORE_GRAPH_NAME_MAX);
	return 0;
}

/* ---------------------------------------------------------------- values */

/* ------------------------------------------------------------ size bounds */

/* Bytes v holds, counting stops once over max (lists can be long). */
static uint64_t xcv_bytes(const struct cv *v, uint64_t max)
{
	uint64_t n = 0;

	if (v->kind == CV_STRING)
		return v->u.str.len;
	if (v->kind != CV_LIST)
		return 8;
	for (size_t i = 0; i < v->u.list.n && n <= max; i++)
		n += xcv_bytes(&v->u.list.items[i], max) + 1;
	return n;
}

/* Only what an expression builds is measured: strings and lists made by an
 * operator, a function or a list literal. A value read from the store was
 * bounded when it was written. */
int xbound_value(struct xc *x, const struct cypher_expr *e, const struct cv *v)
{
	uint64_t max = x->opts->max_value_bytes, n;
	char what[64], msg[256];

	if (!max || (v->kind != CV_STRING && v->kind != CV_LIST))
		return 0;
	if (e->kind != CYPHER_EXPR_BINARY && e->kind != CYPHER_EXPR_CALL &&
	    e->kind != CYPHER_EXPR_LIST)
		return 0;
	if ((n = xcv_bytes(v, max)) <= max)
		return 0;
	snprintf(what, sizeof(what), "%s built by the statement",
		 v->kind == CV_STRING ? "a string" : "a list");
	graph_limits_value_msg(msg, sizeof(msg), what, n, max);
	return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "%s", msg);
}

int xbound_written(struct xc *x, struct cypher_pos pos, size_t bytes)
{
	char msg[256];

	x->written += bytes;
	if (!x->opts->max_txn_bytes || x->written <= x->opts->max_txn_bytes)
		return 0;
	graph_limits_txn_msg(msg, sizeof(msg), x->written,
			     x->opts->max_txn_bytes);
	return xc_fail(x, CYPHER_EXEC_RUNTIME, pos, "%s", msg);
}

/* What a property may hold: a scalar, or a list of scalars (and nulls).
 * Checked on the Cypher value, as the protocol's Value can also carry maps
 * and entities, which graph_value_valid lets through. */
bool xcv_storable(const struct cv *v, bool in_list, char *why, size_t len)
{
	switch (v->kind) {
	case CV_NULL:
	case CV_BOOL:
	case CV_INT:
	case CV_FLOAT:
	case CV_DATE: /* temporal values are stored too */
	case CV_LOCALTIME:
	case CV_TIME:
	case CV_LOCALDATETIME:
	case CV_DATETIME:
	case CV_DURATION:
		return true;
	case CV_STRING:
		if (memchr(v->u.str.s, 0, v->u.str.len)) {
			snprintf(why, len,
				 "a string property cannot "
				 "contain a NUL character");
			return false;
		}
		return true;
	case CV_LIST:
		if (in_list) {
			snprintf(why, len,
				 "a list property cannot contain "
				 "a list");
			return false;
		}
		for (size_t i = 0; i < v->u.list.n; i++)
			if (!xcv_storable(&v->u.list.items[i], true, why, len))
				return false;
		return true;
	default:
		snprintf(why, len,
			 "%s%s cannot be stored; a property holds "
			 "null, a boolean, a number, a string or a list of "
			 "those",
			 in_list ? "a list holding " : "",
			 cv_kind_name(v->kind));
		return false;
	}
}

/* v as a stored property value: *out NULL for null (which removes the
 * key). Maps, entities and lists of lists are refused. */
static int xstorable(struct xc *x, struct cypher_pos pos, const char *key,
		     const struct cv *v, Graphd__Value **out)
{
	struct cv_err cerr = {0};
	char why[160];

	*out = NULL;
	if (xcheck_name(x, pos, key, "property key") < 0)
		return -1;
	if (v->kind == CV_NULL)
		return 0;
	if (!xcv_storable(v, false, why, sizeof(why)))
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos,
			       "cannot store property `%s`: %s", key, why);
	if (cv_to_proto(v, out, &cerr) < 0) {
		*out = NULL;
		if (cerr.code == CV_ERR_NOMEM)
			return xoom(x, pos);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos,
			       "cannot store %s as property `%s`: a property "
			       "holds null, a boolean, a number, a string or "
			       "a list of those (%s)",
			       cv_kind_name(v->kind), key, cerr.msg);
	}
	if (!graph_value_valid(*out, why, sizeof(why))) {
		graphd__value__free_unpacked(*out, NULL);
		*out = NULL;
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos,
			       "cannot store property `%s`: %s", key, why);
	}
	if (x->opts->max_value_bytes &&
	    graph_value_bytes(*out) > x->opts->max_value_bytes) {
		char msg[256];

		snprintf(why, sizeof(why), "property `%.64s`", key);
		graph_limits_value_msg(msg, sizeof(msg), why,
				       graph_value_bytes(*out),
				       x->opts->max_value_bytes);
		graphd__value__free_unpacked(*out, NULL);
		*out = NULL;
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos, "%s", msg);
	}
	return 0;
}

/* Sets key on a record's properties (null removes it). *counted: the
 * property was set, or removed where it existed (Neo4j's propertiesSet). */
static int xprops_put(struct xc *x, struct cypher_pos pos,
		      Graphd__Property ***props, size_t *n, const char *key,
		      const struct cv *v, bool *counted)
{
	bool had = graph_props_find(*props, *n, key) != NULL;
	Graphd__Value *pv;
	int rc = 0;

	if (xstorable(x, pos, key, v, &pv) < 0)
		return -1;
	if (graph_props_set(props, n, key, pv) < 0)
		rc = xoom(x, pos);
	*counted = pv != NULL || had;
	if (pv)
		graphd__value__free_unpacked(pv, NULL);
	return rc;
}

/* A map of properties: a map, or the properties of a node or relationship
 * (SET n = m); NULL e is the empty map. */
static int xeval_map(struct xc *x, const struct cv *row,
		     const struct cypher_expr *e, struct cv *out)
{
	enum cv_kind kind;
	struct cv_map *pm;
	struct cv v;

	cv_map_init(out);
	if (!e)
		return 0;
	if (xeval(x, row, e, &v) < 0)
		return -1;
	if (v.kind == CV_MAP) {
		*out = v;
		return 0;
	}
	if (v.kind == CV_NODE || v.kind == CV_REL) {
		pm = v.kind == CV_NODE ? &v.u.node.props : &v.u.rel.props;
		out->u.map = *pm;
		pm->entries = NULL;
		pm->n = 0;
		cv_free(&v);
		return 0;
	}
	kind = v.kind;
	cv_free(&v);
	return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
		       "expected a map of properties, got %s",
		       cv_kind_name(kind));
}

/* --------------------------------------------------------------- rows */

/* Every slot of row holding a node (kind CV_NODE) or relationship with id
 * (any id when id < 0) gets the entity's current state, so that a later
 * clause sees what an earlier one changed. Deleted ones stay as they
 * were. */
static int xrow_refresh(struct xc *x, struct cv *row, enum cv_kind kind,
			int64_t id)
{
	for (size_t i = 0; i < x->n_vars; i++) {
		struct cv fresh;
		int64_t have;
		int ret;

		if (row[i].kind != kind)
			continue;
		have = kind == CV_NODE ? row[i].u.node.id : row[i].u.rel.id;
		if (id >= 0 && have != id)
			continue;
		ret = kind == CV_NODE ? xload_node(x, (uint64_t)have, &fresh)
				      : xload_rel(x, (uint64_t)have, &fresh);
		if (ret == DB_NOTFOUND)
			continue;
		if (ret != 0)
			return -1;
		cv_free(&row[i]);
		row[i] = fresh;
	}
	return 0;
}

static int xbind_copy(struct xc *x, struct cv *row, const char *var,
		      const struct cv *v, struct cypher_pos pos)
{
	int slot = var ? xc_slot(x, var) : -1;

	if (slot < 0)
		return 0;
	cv_free(&row[slot]);
	return cv_copy(&row[slot], v) < 0 ? xoom(x, pos) : 0;
}

/* -------------------------------------------------------------- entities */

/* A node or relationship loaded for a change: node is changed in place
 * and written over before. */
struct xent {
	Graphd__Node *before, *node;
	Graphd__Relationship *rel;
	Graphd__Property ***props;
	size_t *n_props;
};

static void xent_free(struct xent *e)
{
	if (e->before)
		graphd__node__free_unpacked(e->before, NULL);
	if (e->node)
		graphd__node__free_unpacked(e->node, NULL);
	if (e->rel)
		graphd__relationship__free_unpacked(e->rel, NULL);
	memset(e, 0, sizeof(*e));
}

/* v is a node or a relationship. */
static int xent_load(struct xc *x, const struct cv *v, struct cypher_pos pos,
		     struct xent *e)
{
	bool node = v->kind == CV_NODE;
	int64_t id = node ? v->u.node.id : v->u.rel.id;
	int ret;

	memset(e, 0, sizeof(*e));
	if (node) {
		ret = store_graph_node_get(x->g, x->txn, (uint64_t)id,
					   &e->before);
		if (ret == 0)
			ret = store_graph_node_get(x->g, x->txn, (uint64_t)id,
						   &e->node);
		if (ret == 0) {
			e->props = &e->node->props;
			e->n_props = &e->node->n_props;
		}
	} else {
		ret = store_graph_rel_get(x->g, x->txn, (uint64_t)id, &e->rel);
		if (ret == 0) {
			e->props = &e->rel->props;
			e->n_props = &e->rel->n_props;
		}
	}
	if (ret == 0)
		return 0;
	xent_free(e);
	if (ret == DB_NOTFOUND)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, pos,
			       "%s %lld was deleted earlier in this statement "
			       "and cannot be changed",
			       node ? "node" : "relationship", (long long)id);
	return xc_storage(x, ret, "reading an entity to change");
}

/* Writes the change and shows it to every slot of row holding it. */
static int xent_store(struct xc *x, struct xent *e, struct cypher_pos pos,
		      struct cv *row)
{
	char msg[400] = "";
	int ret;

	if (xbound_written(x, pos,
			   e->node ? graphd__node__get_packed_size(e->node)
				   : graphd__relationship__get_packed_size(
					 e->rel)) < 0)
		return -1;
	if (e->node) {
		ret = graph_mut_node_update(x->g, x->txn, e->before, e->node,
					    msg, sizeof(msg));
		if (ret != 0)
			return xmut_fail(x, ret, msg, pos, "changing a node");
		return xrow_refresh(x, row, CV_NODE, (int64_t)e->node->id);
	}
	if ((ret = store_graph_rel_put(x->g, x->txn, e->rel)) != 0)
		return xc_storage(x, ret, "changing a relationship");
	return xrow_refresh(x, row, CV_REL, (int64_t)e->rel->id);
}

/* ------------------------------------------------------------ SET/REMOVE */

/* The node or relationship an item changes: *skip for null (SET and
 * REMOVE on null do nothing, as after an OPTIONAL MATCH). */
static int xtarget(struct xc *x, const struct cv *row,
		   const struct cypher_expr *obj, const char *var, bool labels,
		   struct cypher_pos pos, struct cv *out, bool *skip)
{
	*skip = false;
	if (obj) {
		if (xeval(x, row, obj, out) < 0)
			return -1;
	} else if (cv_copy(out, &row[xc_slot(x, var)]) < 0) {
		return xoom(x, pos);
	}
	if (out->kind == CV_NULL) {
		*skip = true;
		return 0;
	}
	if (out->kind == CV_NODE || (!labels && out->kind == CV_REL))
		return 0;
	cv_free(out);
	return xc_fail(x, CYPHER_EXEC_RUNTIME, pos, "%s needs a node%s, not %s",
		       labels ? "a label change" : "a property change",
		       labels ? "" : " or a relationship",
		       cv_kind_name(out->kind));
}

/* SET n = map: the keys not in map (or null there) go, the others are
 * set. */
static int xset_replace(struct xc *x, const struct cypher_set_item *it,
			struct xent *e, const struct cv *map)
{
	bool counted;
	size_t i = 0;

	while (i < *e->n_props) {
		const struct cv *nv =
		    cv_map_get(&map->u.map, (*e->props)[i]->key);
		char *key;

		if (nv && nv->kind != CV_NULL) {
			i++;
			continue;
		}
		if (!(key = strdup((*e->props)[i]->key)))
			return xoom(x, it->pos);
		graph_props_remove(e->props, e->n_props, key);
		free(key);
		x->ctr->props_set++;
	}
	for (size_t k = 0; k < map->u.map.n; k++) {
		if (xprops_put(x, it->pos, e->props, e->n_props,
			       map->u.map.entries[k].key,
			       &map->u.map.entries[k].val, &counted) < 0)
			return -1;
		x->ctr->props_set += counted;
	}
	return 0;
}

static int xset_change(struct xc *x, const struct cypher_set_item *it,
		       struct xent *e, const struct cv *val)
{
	bool counted, added;

	switch (it->kind) {
	case CYPHER_SET_PROP:
		if (xprops_put(x, it->pos, e->props, e->n_props,
			       it->target->u.prop.key, val, &counted) < 0)
			return -1;
		x->ctr->props_set += counted;
		return 0;
	case CYPHER_SET_REPLACE:
		return xset_replace(x, it, e, val);
	case CYPHER_SET_MERGE:
		for (size_t k = 0; k < val->u.map.n; k++) {
			if (xprops_put(x, it->pos, e->props, e->n_props,
				       val->u.map.entries[k].key,
				       &val->u.map.entries[k].val,
				       &counted) < 0)
				return -1;
			x->ctr->props_set += counted;
		}
		return 0;
	case CYPHER_SET_LABELS:
	default:
		for (size_t k = 0; k < it->n_labels; k++) {
			if (xcheck_name(x, it->pos, it->labels[k], "label") < 0)
				return -1;
			if (graph_labels_add(&e->node->labels,
					     &e->node->n_labels, it->labels[k],
					     &added) < 0)
				return xoom(x, it->pos);
			x->ctr->labels_added += added;
		}
		return 0;
	}
}

/* One SET item; the value is evaluated before the entity is loaded (it may
 * read the entity), and the row sees the result. */
static int xset_item(struct xc *x, const struct cypher_set_item *it,
		     struct cv *row)
{
	struct cv target = cv_null(), val = cv_null();
	struct xent e = {0};
	bool skip;
	int rc = -1;

	if (xtarget(x, row,
		    it->kind == CYPHER_SET_PROP ? it->target->u.prop.obj : NULL,
		    it->var, it->kind == CYPHER_SET_LABELS, it->pos, &target,
		    &skip) < 0)
		return -1;
	if (skip)
		return 0;
	if (it->kind == CYPHER_SET_PROP) {
		if (xeval(x, row, it->value, &val) < 0)
			goto out;
	} else if (it->kind != CYPHER_SET_LABELS &&
		   xeval_map(x, row, it->value, &val) < 0) {
		goto out;
	}
	if (xent_load(x, &target, it->pos, &e) < 0 ||
	    xset_change(x, it, &e, &val) < 0 || xent_store(x, &e, it->pos, row))
		goto out;
	rc = 0;
out:
	xent_free(&e);
	cv_free(&target);
	cv_free(&val);
	return rc;
}

static int xremove_item(struct xc *x, const struct cypher_remove_item *it,
			struct cv *row)
{
	bool labels = it->kind == CYPHER_REMOVE_LABELS, skip;
	struct cv target = cv_null();
	struct xent e = {0};
	int rc = -1;

	if (xtarget(x, row, labels ? NULL : it->target->u.prop.obj, it->var,
		    labels, it->pos, &target, &skip) < 0)
		return -1;
	if (skip)
		return 0;
	if (xent_load(x, &target, it->pos, &e) < 0)
		goto out;
	if (labels) {
		for (size_t k = 0; k < it->n_labels; k++)
			x->ctr->labels_removed += graph_labels_remove(
			    &e.node->labels, &e.node->n_labels, it->labels[k]);
	} else {
		x->ctr->props_set += graph_props_remove(e.props, e.n_props,
							it->target->u.prop.key);
	}
	if (xent_store(x, &e, it->pos, row) < 0)
		goto out;
	rc = 0;
out:
	xent_free(&e);
	cv_free(&target);
	return rc;
}

/* ---------------------------------------------------------------- CREATE */

/* The properties of a pattern onto a new record: null values are left out
 * (CREATE), or refused (MERGE: Neo4j cannot match on null). */
static int xpattern_props(struct xc *x, const struct cv *row,
			  const struct cypher_expr *e, bool merge,
			  const char *what, struct cypher_pos pos,
			  Graphd__Property ***props, size_t *n)
{
	struct cv map;
	bool counted;
	int rc = 0;

	if (xeval_map(x, row, e, &map) < 0)
		return -1;
	for (size_t k = 0; rc == 0 && k < map.u.map.n; k++) {
		const struct cv_map_entry *en = &map.u.map.entries[k];

		if (en->val.kind == CV_NULL && merge)
			rc = xc_fail(x, CYPHER_EXEC_RUNTIME, pos,
				     "cannot MERGE %s with a null value for "
				     "property `%s`",
				     what, en->key);
		else if (en->val.kind != CV_NULL)
			rc = xprops_put(x, pos, props, n, en->key, &en->val,
					&counted);
	}
	cv_free(&map);
	return rc;
}

static int xcreate_node(struct xc *x, const struct cypher_node_pat *np,
			const struct cv *row, bool merge, struct cv *out)
{
	Graphd__Node *n = malloc(sizeof(*n));
	char msg[400] = "";
	bool added;
	int rc = -1, ret;

	if (!n)
		return xoom(x, np->pos);
	graphd__node__init(n);
	for (size_t i = 0; i < np->n_labels; i++) {
		if (xcheck_name(x, np->pos, np->labels[i], "label") < 0)
			goto out;
		if (graph_labels_add(&n->labels, &n->n_labels, np->labels[i],
				     &added) < 0) {
			xoom(x, np->pos);
			goto out;
		}
	}
	if (xpattern_props(x, row, np->props, merge, "a node", np->pos,
			   &n->props, &n->n_props) < 0)
		goto out;
	if (xbound_written(x, np->pos, graphd__node__get_packed_size(n)) < 0)
		goto out;
	ret = graph_mut_node_create(x->g, x->txn, n, msg, sizeof(msg));
	if (ret != 0) {
		xmut_fail(x, ret, msg, np->pos, "creating a node");
		goto out;
	}
	x->ctr->nodes_created++;
	x->ctr->labels_added += n->n_labels;
	x->ctr->props_set += n->n_props;
	rc = xload_node(x, n->id, out) == 0 ? 0 : -1;
out:
	graphd__node__free_unpacked(n, NULL);
	return rc;
}

/* A relationship of pattern rp between nodes a and b (in the pattern's
 * order; <- swaps them, and an undirected MERGE creates a -> b). */
static int xcreate_rel(struct xc *x, const struct cypher_rel_pat *rp,
		       const struct cv *a, const struct cv *b,
		       const struct cv *row, bool merge, struct cv *out)
{
	Graphd__Relationship *r = malloc(sizeof(*r));
	Graphd__Node *n = NULL;
	int rc = -1, ret = 0;

	if (!r)
		return xoom(x, rp->pos);
	graphd__relationship__init(r);
	r->start = (uint64_t)(rp->dir == CYPHER_DIR_IN ? b : a)->u.node.id;
	r->end = (uint64_t)(rp->dir == CYPHER_DIR_IN ? a : b)->u.node.id;
	for (int i = 0; ret == 0 && i < 2; i++) {
		uint64_t id = i ? r->end : r->start;

		ret = store_graph_node_get(x->g, x->txn, id, &n);
		if (ret == DB_NOTFOUND) {
			xc_fail(x, CYPHER_EXEC_RUNTIME, rp->pos,
				"cannot create a relationship to node %llu: it "
				"was deleted earlier in this statement",
				(unsigned long long)id);
			goto out;
		}
		if (ret == 0)
			graphd__node__free_unpacked(n, NULL);
	}
	if (ret != 0) {
		xc_storage(x, ret, "reading a relationship's end node");
		goto out;
	}
	if (xcheck_name(x, rp->pos, rp->types[0], "relationship type") < 0)
		goto out;
	if (!(r->type = strdup(rp->types[0]))) {
		xoom(x, rp->pos);
		goto out;
	}
	if (xpattern_props(x, row, rp->props, merge, "a relationship", rp->pos,
			   &r->props, &r->n_props) < 0)
		goto out;
	if (xbound_written(x, rp->pos,
			   graphd__relationship__get_packed_size(r)) < 0)
		goto out;
	if ((ret = graph_mut_rel_create(x->g, x->txn, r)) != 0) {
		xc_storage(x, ret, "creating a relationship");
		goto out;
	}
	x->ctr->rels_created++;
	x->ctr->props_set += r->n_props;
	rc = xload_rel(x, r->id, out) == 0 ? 0 : -1;
out:
	graphd__relationship__free_unpacked(r, NULL);
	return rc;
}

/* The node a pattern reuses: its variable was bound before. */
static int xreuse_node(struct xc *x, const struct cypher_node_pat *np,
		       const struct cv *row, struct cv *out)
{
	const struct cv *v = &row[xc_slot(x, np->var)];

	if (v->kind != CV_NODE)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, np->pos,
			       "cannot create a relationship with `%s`: it "
			       "is %s, not a node%s",
			       np->var, cv_kind_name(v->kind),
			       v->kind == CV_NULL
				   ? " (an OPTIONAL MATCH found nothing?)"
				   : "");
	return cv_copy(out, v) < 0 ? xoom(x, np->pos) : 0;
}

/* Binds p = (...) to the entities created or reused. */
static int xbind_path(struct xc *x, const struct cypher_path *p,
		      struct cv *nodes, struct cv *rels, struct cv *row)
{
	struct cv path = cv_null(), n, r;
	struct cv_err cerr = {0};
	int rc = 0;

	if (cv_copy(&n, &nodes[0]) < 0 || cv_path_init(&path, &n) < 0)
		rc = -1;
	for (size_t k = 0; rc == 0 && k + 1 < p->n_nodes; k++)
		if (cv_copy(&r, &rels[k]) < 0 ||
		    cv_copy(&n, &nodes[k + 1]) < 0 ||
		    cv_path_append(&path, &r, &n, &cerr) < 0)
			rc = -1;
	if (rc == 0)
		rc = xbind_copy(x, row, p->var, &path, p->pos);
	else
		xc_fail(x, CYPHER_EXEC_RUNTIME, p->pos,
			"cannot build path `%s`", p->var);
	cv_free(&path);
	return rc;
}

/* Creates path p for row: nodes whose variable was bound before (reuse)
 * are used, the others created; then the relationships; all variables are
 * bound in row. */
static int xcreate_path(struct xc *x, const struct cypher_path *p,
			const bool *reuse, struct cv *row, bool merge)
{
	struct cv *nodes = calloc(2 * p->n_nodes, sizeof(*nodes));
	struct cv *rels = nodes ? nodes + p->n_nodes : NULL;
	int rc = 0;

	if (!nodes)
		return xoom(x, p->pos);
	for (size_t j = 0; rc == 0 && j < p->n_nodes; j++) {
		const struct cypher_node_pat *np = &p->nodes[j];

		if (reuse[j])
			rc = xreuse_node(x, np, row, &nodes[j]);
		else if ((rc = xcreate_node(x, np, row, merge, &nodes[j])) == 0)
			rc = xbind_copy(x, row, np->var, &nodes[j], np->pos);
	}
	for (size_t k = 0; rc == 0 && k + 1 < p->n_nodes; k++)
		if ((rc = xcreate_rel(x, &p->rels[k], &nodes[k], &nodes[k + 1],
				      row, merge, &rels[k])) == 0)
			rc = xbind_copy(x, row, p->rels[k].var, &rels[k],
					p->rels[k].pos);
	if (rc == 0 && p->var)
		rc = xbind_path(x, p, nodes, rels, row);
	for (size_t j = 0; j < 2 * p->n_nodes; j++)
		cv_free(&nodes[j]);
	free(nodes);
	return rc;
}

/* ---------------------------------------------------------------- DELETE */

/* A value keeps the properties it was loaded with, so reading them after a
 * DELETE of the same statement would answer from a ghost: look the entity
 * up again, but only once this statement deleted something. */
int xdeleted_check(struct xc *x, const struct cypher_expr *e, const char *fn,
		   const struct cv *obj)
{
	Graphd__Node *n = NULL;
	Graphd__Relationship *r = NULL;
	bool node = obj->kind == CV_NODE;
	int ret;

	if (!x->ctr || (obj->kind != CV_NODE && obj->kind != CV_REL) ||
	    (node ? !x->ctr->nodes_deleted : !x->ctr->rels_deleted))
		return 0;
	if (fn && strcasecmp(fn, "labels") && strcasecmp(fn, "keys") &&
	    strcasecmp(fn, "properties"))
		return 0;
	ret = node ? store_graph_node_get(x->g, x->txn,
					  (uint64_t)obj->u.node.id, &n)
		   : store_graph_rel_get(x->g, x->txn, (uint64_t)obj->u.rel.id,
					 &r);
	if (n)
		graphd__node__free_unpacked(n, NULL);
	if (r)
		graphd__relationship__free_unpacked(r, NULL);
	if (ret == DB_NOTFOUND)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
			       "%s %lld was deleted earlier in this statement; "
			       "its %s cannot be read",
			       node ? "node" : "relationship",
			       (long long)(node ? obj->u.node.id
						: obj->u.rel.id),
			       fn ? (strcasecmp(fn, "labels") ? "properties"
							      : "labels")
				  : "properties");
	return ret ? xc_storage(x, ret, "reading an entity") : 0;
}

/* Deleting what is gone already (an earlier row deleted it) is fine. */
static int xdelete_rel(struct xc *x, uint64_t id)
{
	Graphd__Relationship *r = NULL;
	int ret = store_graph_rel_get(x->g, x->txn, id, &r);

	if (ret == DB_NOTFOUND)
		return 0;
	if (ret == 0)
		ret = graph_mut_rel_delete(x->g, x->txn, r);
	if (r)
		graphd__relationship__free_unpacked(r, NULL);
	if (ret != 0)
		return xc_storage(x, ret, "deleting a relationship");
	x->ctr->rels_deleted++;
	return 0;
}

static int xdelete_node(struct xc *x, uint64_t id, bool detach,
			struct cypher_pos pos)
{
	Graphd__Node *n = NULL;
	uint64_t *rels = NULL;
	size_t nr = 0;
	char msg[400] = "";
	int ret, rc = -1;

	if ((ret = store_graph_node_get(x->g, x->txn, id, &n)) == DB_NOTFOUND)
		return 0;
	if (ret == 0)
		ret = graph_mut_node_rels(x->g, x->txn, id, &rels, &nr);
	if (ret != 0) {
		xc_storage(x, ret, "reading a node to delete");
		goto out;
	}
	if (nr && !detach) {
		xc_fail(x, CYPHER_EXEC_CONSTRAINT, pos,
			"cannot delete node %llu%s%s%s: it still has %zu "
			"relationship%s; delete them first or use DETACH "
			"DELETE (the statement is rolled back)",
			(unsigned long long)id, n->n_labels ? " (:" : "",
			n->n_labels ? n->labels[0] : "", n->n_labels ? ")" : "",
			nr, nr == 1 ? "" : "s");
		goto out;
	}
	for (size_t i = 0; i < nr; i++)
		if (xdelete_rel(x, rels[i]) < 0)
			goto out;
	if ((ret = graph_mut_node_delete(x->g, x->txn, n, msg, sizeof(msg))) !=
	    0) {
		xmut_fail(x, ret, msg, pos, "deleting a node");
		goto out;
	}
	x->ctr->nodes_deleted++;
	rc = 0;
out:
	free(rels);
	if (n)
		graphd__node__free_unpacked(n, NULL);
	return rc;
}

/* Collects what v names: a node, a relationship, or a path's parts. */
static int xdelete_collect(struct xc *x, const struct cypher_expr *e,
			   const struct cv *v, struct xids *nodes,
			   struct xids *rels)
{
	int rc = 0;

	switch (v->kind) {
	case CV_NULL:
		return 0;
	case CV_NODE:
		rc = xids_push(nodes, (uint64_t)v->u.node.id);
		break;
	case CV_REL:
		rc = xids_push(rels, (uint64_t)v->u.rel.id);
		break;
	case CV_PATH:
		for (size_t i = 0; rc == 0 && i < v->u.list.n; i++)
			rc = xdelete_collect(x, e, &v->u.list.items[i], nodes,
					     rels);
		return rc;
	default:
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
			       "DELETE needs a node, a relationship or a "
			       "path, not %s",
			       cv_kind_name(v->kind));
	}
	return rc < 0 ? xoom(x, e->pos) : 0;
}

/* The relationships named go first, so that DELETE n, r works whatever the
 * order of the items. */
static int xdelete(struct xc *x, const struct cypher_clause *cl,
		   const struct cv *row)
{
	struct xids nodes = {0}, rels = {0};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < cl->u.del.n_exprs; i++) {
		struct cv v;

		if ((rc = xeval(x, row, cl->u.del.exprs[i], &v)) < 0)
			break;
		rc = xdelete_collect(x, cl->u.del.exprs[i], &v, &nodes, &rels);
		cv_free(&v);
	}
	for (size_t i = 0; rc == 0 && i < rels.n; i++)
		rc = xdelete_rel(x, rels.v[i]);
	for (size_t i = 0; rc == 0 && i < nodes.n; i++)
		rc = xdelete_node(x, nodes.v[i], cl->u.del.detach, cl->pos);
	free(nodes.v);
	free(rels.v);
	return rc;
}

/* --------------------------------------------------------------- compile */

struct xupd {
	const struct cypher_clause *cl;
	bool **reuse; /* per path: per node pattern, its variable was bound */
	size_t n_paths;
	struct cypher_clause match; /* MERGE: its pattern as a MATCH */
	bool done;		    /* the stages after said "enough" */
};

void xupd_free(struct xupd *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n_paths; i++)
		free(u->reuse[i]);
	free(u->reuse);
	free(u);
}

/* CREATE and MERGE patterns: a bound node is reused (and may not get
 * labels or properties here); relationships are new, of one type, not of
 * variable length, with a direction (MERGE may leave it out). */
static int xcompile_path(struct xc *x, struct xscope *sc,
			 const struct cypher_path *p, bool merge, bool *reuse)
{
	const char *verb = merge ? "MERGE" : "CREATE";

	for (size_t j = 0; j < p->n_nodes; j++) {
		const struct cypher_node_pat *np = &p->nodes[j];
		const struct cypher_rel_pat *rp;

		if (np->var && xscope_visible(x, sc, np->var)) {
			if (np->n_labels || np->props)
				return xc_fail(
				    x, CYPHER_EXEC_SEMANTIC, np->pos,
				    "variable `%s` is already bound, so %s "
				    "cannot give it labels or properties here; "
				    "write (%s)",
				    np->var, verb, np->var);
			reuse[j] = true;
		} else if (xscope_check(x, sc, np->props) < 0 ||
			   (np->var && xscope_declare(x, sc, np->var) < 0)) {
			return -1;
		}
		if (j + 1 == p->n_nodes)
			break;
		rp = &p->rels[j];
		if (rp->var && xscope_visible(x, sc, rp->var))
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, rp->pos,
				       "variable `%s` is already bound; %s "
				       "needs a new relationship variable",
				       rp->var, verb);
		if (rp->n_types != 1 || rp->varlen)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, rp->pos,
				       "%s needs exactly one relationship type "
				       "and one hop, like -[:KNOWS]->",
				       verb);
		if (rp->dir == CYPHER_DIR_BOTH && !merge)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, rp->pos,
				       "CREATE needs a direction: -[:%s]-> or "
				       "<-[:%s]-",
				       rp->types[0], rp->types[0]);
		if (xscope_check(x, sc, rp->props) < 0 ||
		    (rp->var && xscope_declare(x, sc, rp->var) < 0))
			return -1;
	}
	if (p->n_nodes == 1 && reuse[0])
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, p->pos,
			       "variable `%s` is already bound, so %s (%s) "
			       "would create nothing",
			       p->nodes[0].var, verb, p->nodes[0].var);
	if (p->var && xscope_visible(x, sc, p->var))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, p->pos,
			       "variable `%s` is already bound", p->var);
	return p->var && xscope_declare(x, sc, p->var) < 0 ? -1 : 0;
}

static int xcompile_var(struct xc *x, const struct xscope *sc, const char *var,
			struct cypher_pos pos)
{
	if (!xscope_visible(x, sc, var))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, pos,
			       "variable `%s` not defined", var);
	return 0;
}

static int xcompile_set(struct xc *x, const struct xscope *sc,
			const struct cypher_set_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (it[i].kind == CYPHER_SET_PROP
			? xscope_check(x, sc, it[i].target) < 0
			: xcompile_var(x, sc, it[i].var, it[i].pos) < 0)
			return -1;
		if (xscope_check(x, sc, it[i].value) < 0)
			return -1;
	}
	return 0;
}

static int xcompile_remove(struct xc *x, const struct xscope *sc,
			   const struct cypher_clause *cl)
{
	for (size_t i = 0; i < cl->u.remove.n_items; i++) {
		const struct cypher_remove_item *it = &cl->u.remove.items[i];

		if (it->kind == CYPHER_REMOVE_PROP
			? xscope_check(x, sc, it->target) < 0
			: xcompile_var(x, sc, it->var, it->pos) < 0)
			return -1;
	}
	return xplan_line(x, "Remove");
}

static int xcompile_paths(struct xc *x, struct xscope *sc, struct xupd *u,
			  const struct cypher_path *paths, size_t n, bool merge)
{
	if (!(u->reuse = calloc(n, sizeof(*u->reuse))))
		return xoom(x, u->cl->pos);
	for (size_t i = 0; i < n; i++) {
		if (!(u->reuse[i] = calloc(paths[i].n_nodes, sizeof(bool))))
			return xoom(x, u->cl->pos);
		u->n_paths = i + 1;
		if (xcompile_path(x, sc, &paths[i], merge, u->reuse[i]) < 0)
			return -1;
	}
	return 0;
}

static int xcompile_clause(struct xc *x, struct xscope *sc, struct xupd *u)
{
	const struct cypher_clause *cl = u->cl;

	switch (cl->kind) {
	case CYPHER_CLAUSE_CREATE:
		if (xcompile_paths(x, sc, u, cl->u.create.paths,
				   cl->u.create.n_paths, false) < 0)
			return -1;
		return xplan_line(x, "Create");
	case CYPHER_CLAUSE_MERGE:
		u->match.kind = CYPHER_CLAUSE_MATCH;
		u->match.pos = cl->pos;
		u->match.u.match.paths =
		    (struct cypher_path *)&cl->u.merge.path;
		u->match.u.match.n_paths = 1;
		if (xplan_line(x, "Merge") < 0 ||
		    xplan_match(x, sc, &u->match) < 0 ||
		    xcompile_paths(x, sc, u, &cl->u.merge.path, 1, true) < 0)
			return -1;
		return xcompile_set(x, sc, cl->u.merge.on_create,
				    cl->u.merge.n_on_create) < 0
			   ? -1
			   : xcompile_set(x, sc, cl->u.merge.on_match,
					  cl->u.merge.n_on_match);
	case CYPHER_CLAUSE_SET:
		if (xcompile_set(x, sc, cl->u.set.items, cl->u.set.n_items) < 0)
			return -1;
		return xplan_line(x, "Set");
	case CYPHER_CLAUSE_REMOVE:
		return xcompile_remove(x, sc, cl);
	case CYPHER_CLAUSE_DELETE:
		for (size_t i = 0; i < cl->u.del.n_exprs; i++)
			if (xscope_check(x, sc, cl->u.del.exprs[i]) < 0)
				return -1;
		return xplan_line(x,
				  cl->u.del.detach ? "DetachDelete" : "Delete");
	default:
		return xc_fail(x, CYPHER_EXEC_UNSUPPORTED, cl->pos,
			       "this clause is not executed by this engine");
	}
}

int xupd_compile(struct xc *x, struct xscope *sc,
		 const struct cypher_clause *cl, struct xupd **out)
{
	struct xupd *u = calloc(1, sizeof(*u));

	*out = u;
	if (!u)
		return xoom(x, cl->pos);
	u->cl = cl;
	return xcompile_clause(x, sc, u);
}

/* ------------------------------------------------------------------- run */

struct xrows {
	struct xc *x;
	struct cv **v;
	size_t n, cap;
};

static int xrows_collect(void *ctx, struct cv *row)
{
	struct xrows *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 4;
		struct cv **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return xoom(l->x, xnopos);
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = xrow_dup(l->x, row)))
		return xoom(l->x, xnopos);
	l->n++;
	return 0;
}

static int xset_items(struct xc *x, const struct cypher_set_item *it, size_t n,
		      struct cv *row)
{
	for (size_t i = 0; i < n; i++)
		if (xset_item(x, &it[i], row) < 0)
			return -1;
	return 0;
}

static int xemit_row(struct xupd *u, struct cv *row,
		     int (*emit)(void *ctx, struct cv *row), void *ctx)
{
	int rc;

	if (u->done)
		return 0;
	if ((rc = emit(ctx, row)) == 1) {
		u->done = true;
		rc = 0;
	}
	return rc;
}

/* MERGE: every match (all found before any is changed) gets ON MATCH SET;
 * no match: the pattern is created and gets ON CREATE SET. */
static int xmerge(struct xc *x, struct xupd *u, struct cv *row,
		  int (*emit)(void *ctx, struct cv *row), void *ctx)
{
	const struct cypher_clause *cl = u->cl;
	struct xrows found = {.x = x};
	size_t n = 0;
	int rc;

	rc = xmatch(x, &u->match, NULL, row, xrows_collect, &found, &n);
	if (rc == 0 && found.n == 0) {
		rc = xcreate_path(x, &cl->u.merge.path, u->reuse[0], row, true);
		if (rc == 0)
			rc = xset_items(x, cl->u.merge.on_create,
					cl->u.merge.n_on_create, row);
		if (rc == 0)
			rc = xemit_row(u, row, emit, ctx);
	}
	for (size_t i = 0; rc == 0 && i < found.n; i++) {
		rc = xrow_refresh(x, found.v[i], CV_NODE, -1);
		if (rc == 0)
			rc = xrow_refresh(x, found.v[i], CV_REL, -1);
		if (rc == 0)
			rc = xset_items(x, cl->u.merge.on_match,
					cl->u.merge.n_on_match, found.v[i]);
		if (rc == 0)
			rc = xemit_row(u, found.v[i], emit, ctx);
	}
	for (size_t i = 0; i < found.n; i++)
		xrow_drop(x, found.v[i]);
	free(found.v);
	return rc < 0 ? -1 : 0;
}

int xupd_run(struct xc *x, struct xupd *u, struct cv *row,
	     int (*emit)(void *ctx, struct cv *row), void *ctx)
{
	const struct cypher_clause *cl = u->cl;
	int rc = 0;

	/* an earlier row may have changed what this row holds */
	if (xrow_refresh(x, row, CV_NODE, -1) < 0 ||
	    xrow_refresh(x, row, CV_REL, -1) < 0)
		return -1;
	switch (cl->kind) {
	case CYPHER_CLAUSE_CREATE:
		for (size_t i = 0; rc == 0 && i < cl->u.create.n_paths; i++)
			rc = xcreate_path(x, &cl->u.create.paths[i],
					  u->reuse[i], row, false);
		break;
	case CYPHER_CLAUSE_MERGE:
		return xmerge(x, u, row, emit, ctx);
	case CYPHER_CLAUSE_SET:
		rc = xset_items(x, cl->u.set.items, cl->u.set.n_items, row);
		break;
	case CYPHER_CLAUSE_REMOVE:
		for (size_t i = 0; rc == 0 && i < cl->u.remove.n_items; i++)
			rc = xremove_item(x, &cl->u.remove.items[i], row);
		break;
	case CYPHER_CLAUSE_DELETE:
	default:
		rc = xdelete(x, cl, row);
		break;
	}
	return rc < 0 ? -1 : xemit_row(u, row, emit, ctx);
}

/* ---------------------------------------------------------------- schema */

static const char *const xshow_cols[] = {"name", "type", "label", "property",
					 "state"};
#define XSHOW_NCOLS 5

struct xshow {
	struct xc *x;
	struct cypher_result *res;
	bool constraints; /* SHOW CONSTRAINTS: only unique constraints */
	size_t cap;
	bool nomem;
};

static bool xshow_one(void *ctx, const struct schema_index *ix)
{
	struct xshow *s = ctx;
	struct cypher_result *res = s->res;
	const char *vals[XSHOW_NCOLS] = {
	    ix->name, s->constraints ? "UNIQUENESS" : "RANGE", ix->label,
	    ix->prop, ix->state};
	struct cv *row;

	if (s->constraints && !ix->unique)
		return true;
	if (res->n_rows == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		struct cv *v =
		    realloc(res->rows, cap * XSHOW_NCOLS * sizeof(*v));

		if (!v)
			return !(s->nomem = true);
		res->rows = v;
		s->cap = cap;
	}
	row = &res->rows[res->n_rows * XSHOW_NCOLS];
	for (size_t c = 0; c < XSHOW_NCOLS; c++)
		if (cv_cstring(&row[c], vals[c] ? vals[c] : "") < 0) {
			for (size_t k = 0; k < c; k++)
				cv_free(&row[k]);
			return !(s->nomem = true);
		}
	res->n_rows++;
	return true;
}

static int xschema_show(struct xc *x, const struct cypher_stmt *stmt,
			struct cypher_result *res)
{
	struct xshow s = {.x = x, .res = res};
	int ret;

	s.constraints = stmt->kind == CYPHER_STMT_SHOW_CONSTRAINTS;
	if (xplan_line(x, s.constraints ? "ShowConstraints" : "ShowIndexes") <
	    0)
		return -1;
	if (!(res->columns = calloc(XSHOW_NCOLS, sizeof(char *))))
		return xoom(x, stmt->pos);
	for (size_t c = 0; c < XSHOW_NCOLS; c++)
		if (!(res->columns[res->n_cols++] = strdup(xshow_cols[c])))
			return xoom(x, stmt->pos);
	if (stmt->explain)
		return 0;
	ret = schema_index_list(x->g, x->txn, xshow_one, &s);
	if (s.nomem)
		return xoom(x, stmt->pos);
	return ret == 0 ? 0 : xc_storage(x, ret, "listing the indexes");
}

int xschema_run(struct xc *x, const struct cypher_stmt *stmt,
		struct cypher_result *res)
{
	const struct cypher_schema *sc = &stmt->schema;
	bool constraint = stmt->kind == CYPHER_STMT_CREATE_CONSTRAINT ||
			  stmt->kind == CYPHER_STMT_DROP_CONSTRAINT;
	struct schema_index def = {sc->name, sc->label, sc->prop, constraint,
				   NULL};
	char msg[400] = "";
	bool done = false;
	int ret;

	switch (stmt->kind) {
	case CYPHER_STMT_CREATE_INDEX:
	case CYPHER_STMT_CREATE_CONSTRAINT:
		if (xplan_line(x, constraint ? "CreateConstraint"
					     : "CreateIndex") < 0)
			return -1;
		if (stmt->explain)
			return 0;
		ret = schema_index_create(x->g, x->txn, &def, sc->if_not_exists,
					  &done, msg, sizeof(msg));
		if (ret != 0)
			return xmut_fail(x, ret, msg, stmt->pos,
					 "creating an index");
		*(constraint ? &x->ctr->constraints_added
			     : &x->ctr->indexes_added) += done;
		return 0;
	case CYPHER_STMT_DROP_INDEX:
	case CYPHER_STMT_DROP_CONSTRAINT:
		if (xplan_line(x, constraint ? "DropConstraint" : "DropIndex") <
		    0)
			return -1;
		if (stmt->explain)
			return 0;
		ret = schema_index_drop(x->g, x->txn, sc->name, constraint,
					sc->if_exists, &done, msg, sizeof(msg));
		if (ret != 0)
			return xmut_fail(x, ret, msg, stmt->pos,
					 "dropping an index");
		*(constraint ? &x->ctr->constraints_removed
			     : &x->ctr->indexes_removed) += done;
		return 0;
	case CYPHER_STMT_SHOW_INDEXES:
	case CYPHER_STMT_SHOW_CONSTRAINTS:
		return xschema_show(x, stmt, res);
	default:
		return xc_fail(x, CYPHER_EXEC_UNSUPPORTED, stmt->pos,
			       "unknown kind of statement");
	}
}
