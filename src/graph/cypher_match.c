/* cypher_match.c: matching a MATCH clause's patterns against the store.
 *
 * Depth first: each path starts at its first node (one candidate when its
 * variable is bound already, else the nodes of its first label, else every
 * node) and follows the adjacency index one relationship pattern at a time.
 * A relationship is used at most once per clause (Cypher's relationship
 * isomorphism). Candidate lists are read whole before recursing, so no
 * store cursor stays open across a recursion. */
#include "graph/cypher_exec_int.h"

#include <stdlib.h>
#include <string.h>

#include "graph/value.h"
#include "store/bytes.h"

/* Hops of a variable-length pattern without an upper bound stop here. */
#define XMATCH_MAX_HOPS 64

int xids_push(struct xids *s, uint64_t id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		uint64_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = id;
	return 0;
}

struct xm {
	struct xc *x;
	const struct cypher_clause *cl;
	const struct xscope *bound; /* in scope before the clause, or NULL */
	struct cv *row;
	int (*emit)(void *ctx, struct cv *row);
	void *ctx;
	size_t found;
	struct xids used_rels; /* relationships bound in this clause */
	struct xids path_nodes, path_rels; /* the current path, for p = ... */
};

/* ---------------------------------------------------------------- loading */

static int xprops_from_proto(struct xc *x, Graphd__Property **p, size_t n,
			     struct cv_map *out)
{
	struct cv_err cerr = {0};
	struct cv v;

	for (size_t i = 0; i < n; i++) {
		if (cv_from_proto(p[i]->value, &v, &cerr) < 0 ||
		    cv_map_set(out, p[i]->key, &v) < 0)
			return xc_fail(
			    x, CYPHER_EXEC_RUNTIME, (struct cypher_pos){0, 0},
			    "cannot read property '%s': %s", p[i]->key,
			    cerr.msg[0] ? cerr.msg : "out of memory");
	}
	return 0;
}

int xc_storage(struct xc *x, int ret, const char *what)
{
	char msg[300];

	store_graph_errf(x->g, ret, msg, sizeof(msg), what);
	return xc_fail(x, CYPHER_EXEC_STORAGE, (struct cypher_pos){0, 0}, "%s",
		       msg);
}

int xload_node(struct xc *x, uint64_t id, struct cv *out)
{
	Graphd__Node *gn = NULL;
	int ret = store_graph_node_get(x->g, x->txn, id, &gn);

	*out = cv_null();
	if (ret == DB_NOTFOUND)
		return DB_NOTFOUND;
	if (ret != 0)
		return xc_storage(x, ret, "reading a node");
	cv_node_init(out, (int64_t)id);
	for (size_t i = 0; i < gn->n_labels; i++)
		if (cv_node_add_label(out, gn->labels[i]) < 0)
			ret = -1;
	if (ret == 0 && xprops_from_proto(x, gn->props, gn->n_props,
					  &out->u.node.props) < 0)
		ret = -1;
	graphd__node__free_unpacked(gn, NULL);
	if (ret != 0) {
		cv_free(out);
		return xc_fail(x, CYPHER_EXEC_RUNTIME,
			       (struct cypher_pos){0, 0}, "out of memory");
	}
	return 0;
}

int xload_rel(struct xc *x, uint64_t id, struct cv *out)
{
	Graphd__Relationship *gr = NULL;
	int ret = store_graph_rel_get(x->g, x->txn, id, &gr);

	*out = cv_null();
	if (ret == DB_NOTFOUND)
		return DB_NOTFOUND;
	if (ret != 0)
		return xc_storage(x, ret, "reading a relationship");
	if (cv_rel_init(out, (int64_t)id, gr->type, (int64_t)gr->start,
			(int64_t)gr->end) < 0 ||
	    xprops_from_proto(x, gr->props, gr->n_props, &out->u.rel.props) <
		0) {
		cv_free(out);
		graphd__relationship__free_unpacked(gr, NULL);
		return xc_fail(x, CYPHER_EXEC_RUNTIME,
			       (struct cypher_pos){0, 0}, "out of memory");
	}
	graphd__relationship__free_unpacked(gr, NULL);
	return 0;
}

/* A variable in scope before the clause but null there (WITH null AS x,
 * an OPTIONAL MATCH that found nothing) is no entity: nothing matches it.
 * It is not a new variable for the pattern to bind. */
static bool xbound_null(const struct xm *m, int slot)
{
	if (slot < 0 || m->row[slot].kind != CV_NULL || !m->bound)
		return false;
	return (size_t)slot < m->bound->cap && m->bound->vis[slot];
}

/* ------------------------------------------------------------- candidates */

static bool xcand_push(void *ctx, uint64_t node)
{
	return xids_push(ctx, node) == 0;
}

static bool xall_one(void *ctx, const DBT *k, const DBT *v)
{
	(void)v;
	if (k->size != 8)
		return true; /* not a node key */
	return xids_push(ctx, store_get_be64(k->data)) == 0;
}

/* Every node id, in id order (keys are big-endian ids). */
static int xall_nodes(struct xc *x, struct xids *out)
{
	int ret = store_graph_scan(x->g, 0, x->txn, NULL, 0, xall_one, out);

	return ret == 0 ? 0 : xc_storage(x, ret, "scanning the nodes");
}

static int xstart_nodes(struct xm *m, const struct cypher_node_pat *np,
			struct xids *out)
{
	struct xc *x = m->x;
	int slot = np->var ? xc_slot(x, np->var) : -1;
	int ret;

	if (slot >= 0 && m->row[slot].kind == CV_NODE)
		return xids_push(out, (uint64_t)m->row[slot].u.node.id);
	if (xbound_null(m, slot))
		return 0;
	if (slot >= 0 && m->row[slot].kind != CV_NULL)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, np->pos,
			       "`%s` is %s, not a node", np->var,
			       cv_kind_name(m->row[slot].kind));
	if (np->n_labels == 0)
		return xall_nodes(x, out);
	/* label + property equality with an index: seek (cypher_update.c) */
	if ((ret = xindex_start(x, m->row, np, m->cl->u.match.where, xcand_push,
				out)) != 0)
		return ret < 0 ? -1 : 0;
	ret = store_graph_label_scan(x->g, x->txn, np->labels[0], xcand_push,
				     out);
	return ret == 0 ? 0 : xc_storage(x, ret, "scanning a label");
}

/* ------------------------------------------------------------ predicates */

/* The pattern's {k: v} properties all equal the entity's. */
static int xprops_ok(struct xm *m, const struct cypher_expr *props,
		     const struct cv_map *have, bool *ok)
{
	struct cv want;

	*ok = true;
	if (!props)
		return 0;
	if (xeval(m->x, m->row, props, &want) < 0)
		return -1;
	if (want.kind != CV_MAP) {
		cv_free(&want);
		return xc_fail(m->x, CYPHER_EXEC_RUNTIME, props->pos,
			       "pattern properties must be a map");
	}
	for (size_t i = 0; *ok && i < want.u.map.n; i++) {
		const struct cv *h =
		    cv_map_get(have, want.u.map.entries[i].key);

		*ok = h && cv_equals(h, &want.u.map.entries[i].val) == CV_TRUE;
	}
	cv_free(&want);
	return 0;
}

static bool xnode_has_labels(const struct cv *n, char **labels, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		bool has = false;

		for (size_t j = 0; j < n->u.node.n_labels; j++)
			has |= strcmp(n->u.node.labels[j], labels[i]) == 0;
		if (!has)
			return false;
	}
	return true;
}

/* Loads node id and checks it against np (labels, properties, a bound
 * variable). *out is the node when *ok. */
static int xnode_ok(struct xm *m, const struct cypher_node_pat *np, uint64_t id,
		    struct cv *out, bool *ok)
{
	int slot = np->var ? xc_slot(m->x, np->var) : -1;
	uint64_t max = m->x->opts->max_visits;
	int ret;

	*ok = false;
	if (xbound_null(m, slot))
		return 0;
	if (max && ++m->x->visits > max)
		return xc_fail(m->x, CYPHER_EXEC_RUNTIME, np->pos,
			       "the statement visited more than %llu nodes "
			       "while matching and was stopped (it would hold "
			       "this instance too long); narrow it with labels, "
			       "an indexed property, WHERE or LIMIT",
			       (unsigned long long)max);
	if (slot >= 0 && m->row[slot].kind == CV_NODE &&
	    (uint64_t)m->row[slot].u.node.id != id)
		return 0;
	if ((ret = xload_node(m->x, id, out)) == DB_NOTFOUND)
		return 0;
	if (ret < 0)
		return -1;
	if (!xnode_has_labels(out, np->labels, np->n_labels) ||
	    xprops_ok(m, np->props, &out->u.node.props, ok) < 0 || !*ok) {
		cv_free(out);
		*ok = false;
		return m->x->err->code ? -1 : 0;
	}
	return 0;
}

static bool xrel_used(const struct xm *m, uint64_t rel)
{
	for (size_t i = 0; i < m->used_rels.n; i++)
		if (m->used_rels.v[i] == rel)
			return true;
	return false;
}

/* ---------------------------------------------------------- enumeration */

static int xmatch_path(struct xm *m, size_t pi);

/* Binds var (if any) to *v for the duration of f; restores the old value.
 * A variable that was bound already keeps its value (the caller checked it
 * is the same entity). */
static int xbind(struct xm *m, const char *var, struct cv *v, size_t *slot,
		 bool *bound)
{
	int s = var ? xc_slot(m->x, var) : -1;

	*bound = false;
	if (s < 0 || m->row[s].kind != CV_NULL) {
		cv_free(v);
		return 0;
	}
	m->row[s] = *v;
	*v = cv_null();
	*slot = (size_t)s;
	*bound = true;
	return 0;
}

static void xunbind(struct xm *m, size_t slot, bool bound)
{
	if (bound)
		cv_free(&m->row[slot]);
}

struct xadj {
	uint64_t rel, other;
};

struct xadj_list {
	struct xadj *v;
	size_t n, cap;
	bool nomem;
};

static bool xadj_push(void *ctx, const struct store_adj *a)
{
	struct xadj_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct xadj *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return !(l->nomem = true);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct xadj){a->rel, a->other};
	return true;
}

/* True when types[t] occurs before t: [:T|:T] names T once. */
static bool xtype_repeated(const struct cypher_rel_pat *rp, size_t t)
{
	for (size_t i = 0; i < t; i++)
		if (!strcmp(rp->types[i], rp->types[t]))
			return true;
	return false;
}

/* An undirected pattern meets a self-loop in both directions of the
 * adjacency index; it is one relationship, matched once: drop the loops
 * of the incoming scan (from index first on). */
static void xdrop_loops(struct xadj_list *l, size_t first, uint64_t node)
{
	size_t k = first;

	for (size_t i = first; i < l->n; i++)
		if (l->v[i].other != node)
			l->v[k++] = l->v[i];
	l->n = k;
}

/* The relationships of node matching rp's direction and types, each once. */
static int xadjacent(struct xm *m, const struct cypher_rel_pat *rp,
		     uint64_t node, struct xadj_list *out)
{
	enum store_dir dirs[2];
	size_t nd = 0;
	int ret;

	if (rp->dir != CYPHER_DIR_IN)
		dirs[nd++] = STORE_DIR_OUT;
	if (rp->dir != CYPHER_DIR_OUT)
		dirs[nd++] = STORE_DIR_IN;
	for (size_t d = 0; d < nd; d++) {
		size_t nt = rp->n_types ? rp->n_types : 1, first = out->n;

		for (size_t t = 0; t < nt; t++) {
			if (rp->n_types && xtype_repeated(rp, t))
				continue;
			ret = store_graph_adj_scan(
			    m->x->g, m->x->txn, node, dirs[d],
			    rp->n_types ? rp->types[t] : NULL, xadj_push, out);
			if (out->nomem)
				return xc_fail(m->x, CYPHER_EXEC_RUNTIME,
					       rp->pos, "out of memory");
			if (ret != 0)
				return xc_storage(m->x, ret,
						  "following relationships");
		}
		if (nd == 2 && d == 1)
			xdrop_loops(out, first, node);
	}
	return 0;
}

static int xexpand(struct xm *m, size_t pi, size_t k, uint64_t cur);

/* The path variable p = (...): built from the ids walked. */
static int xbind_path_and_go(struct xm *m, size_t pi)
{
	const struct cypher_path *p = &m->cl->u.match.paths[pi];
	struct cv path = cv_null(), node, rel;
	struct cv_err cerr = {0};
	size_t slot = 0;
	bool bound = false;
	int rc;

	if (!p->var)
		return xmatch_path(m, pi + 1);
	if (xload_node(m->x, m->path_nodes.v[0], &node) != 0 ||
	    cv_path_init(&path, &node) < 0)
		return xc_fail(m->x, CYPHER_EXEC_RUNTIME, p->pos,
			       "cannot build path `%s`", p->var);
	for (size_t i = 0; i < m->path_rels.n; i++) {
		if (xload_rel(m->x, m->path_rels.v[i], &rel) != 0 ||
		    xload_node(m->x, m->path_nodes.v[i + 1], &node) != 0 ||
		    cv_path_append(&path, &rel, &node, &cerr) < 0) {
			cv_free(&path);
			return xc_fail(m->x, CYPHER_EXEC_RUNTIME, p->pos,
				       "cannot build path `%s`", p->var);
		}
	}
	xbind(m, p->var, &path, &slot, &bound);
	rc = xmatch_path(m, pi + 1);
	xunbind(m, slot, bound);
	return rc;
}

/* One hop of a fixed-length relationship pattern from cur. */
static int xhop(struct xm *m, size_t pi, size_t k, uint64_t cur)
{
	const struct cypher_path *p = &m->cl->u.match.paths[pi];
	const struct cypher_rel_pat *rp = &p->rels[k];
	struct xadj_list adj = {0};
	int rc = 0;

	if (xbound_null(m, rp->var ? xc_slot(m->x, rp->var) : -1))
		return 0;
	if (xadjacent(m, rp, cur, &adj) < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < adj.n; i++) {
		struct cv rel = cv_null(), node = cv_null();
		size_t rs = 0, ns = 0;
		bool rb = false, nb = false, ok = false;
		int rslot = rp->var ? xc_slot(m->x, rp->var) : -1;

		if (xrel_used(m, adj.v[i].rel))
			continue;
		if (rslot >= 0 && m->row[rslot].kind == CV_REL &&
		    (uint64_t)m->row[rslot].u.rel.id != adj.v[i].rel)
			continue;
		if ((rc = xload_rel(m->x, adj.v[i].rel, &rel)) == DB_NOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc < 0 ||
		    (rc = xprops_ok(m, rp->props, &rel.u.rel.props, &ok)) < 0 ||
		    !ok) {
			cv_free(&rel);
			continue;
		}
		if ((rc = xnode_ok(m, &p->nodes[k + 1], adj.v[i].other, &node,
				   &ok)) < 0 ||
		    !ok) {
			cv_free(&rel);
			continue;
		}
		if (xids_push(&m->used_rels, adj.v[i].rel) < 0 ||
		    xids_push(&m->path_rels, adj.v[i].rel) < 0 ||
		    xids_push(&m->path_nodes, adj.v[i].other) < 0) {
			cv_free(&rel);
			cv_free(&node);
			rc = xc_fail(m->x, CYPHER_EXEC_RUNTIME, rp->pos,
				     "out of memory");
			break;
		}
		xbind(m, rp->var, &rel, &rs, &rb);
		xbind(m, p->nodes[k + 1].var, &node, &ns, &nb);
		rc = xexpand(m, pi, k + 1, adj.v[i].other);
		xunbind(m, ns, nb);
		xunbind(m, rs, rb);
		m->used_rels.n--;
		m->path_rels.n--;
		m->path_nodes.n--;
	}
	free(adj.v);
	return rc;
}

/* The relationship list a variable-length pattern's variable holds from
 * before the clause ([r1, r2] AS rs ... -[rs*]->): the walk must be that
 * list. NULL when the variable is new. */
static const struct cv *xvar_fixed(const struct xm *m,
				   const struct cypher_rel_pat *rp)
{
	int slot = rp->var ? xc_slot(m->x, rp->var) : -1;

	return slot >= 0 && m->row[slot].kind == CV_LIST ? &m->row[slot] : NULL;
}

/* Relationship rel may be hop depth of the walk. */
static bool xvar_step_ok(const struct cv *fixed, int64_t depth, uint64_t rel)
{
	const struct cv *want;

	if (!fixed)
		return true;
	if (depth >= (int64_t)fixed->u.list.n)
		return false;
	want = &fixed->u.list.items[depth];
	return want->kind == CV_REL && (uint64_t)want->u.rel.id == rel;
}

/* Variable length: a depth-first walk; at every depth in [min, max] the
 * walk's end is tried as the next node, with the relationships as a list
 * bound to the relationship variable. */
static int xvarlen(struct xm *m, size_t pi, size_t k, uint64_t cur,
		   int64_t depth, size_t first_rel)
{
	const struct cypher_path *p = &m->cl->u.match.paths[pi];
	const struct cypher_rel_pat *rp = &p->rels[k];
	int64_t min = rp->min_hops < 0 ? 1 : rp->min_hops;
	int64_t max = rp->max_hops < 0 ? XMATCH_MAX_HOPS : rp->max_hops;
	const struct cv *fixed = xvar_fixed(m, rp);
	struct xadj_list adj = {0};
	int rc = 0;

	if (xbound_null(m, rp->var ? xc_slot(m->x, rp->var) : -1))
		return 0;
	if (depth >= min &&
	    (!fixed || depth == (int64_t)fixed->u.list.n)) {
		struct cv node = cv_null(), list;
		size_t ns = 0, ls = 0;
		bool nb = false, lb = false, ok = false;

		if (xnode_ok(m, &p->nodes[k + 1], cur, &node, &ok) < 0)
			return -1;
		if (ok) {
			cv_list_init(&list);
			for (size_t i = first_rel;
			     rc == 0 && i < m->path_rels.n; i++) {
				struct cv rel;

				if ((rc = xload_rel(m->x, m->path_rels.v[i],
						    &rel)) == 0 &&
				    cv_list_push(&list, &rel) < 0)
					rc = -1;
			}
			if (rc != 0) {
				cv_free(&list);
				cv_free(&node);
				return xc_fail(m->x, CYPHER_EXEC_RUNTIME,
					       rp->pos,
					       "cannot read a relationship");
			}
			xbind(m, rp->var, &list, &ls, &lb);
			xbind(m, p->nodes[k + 1].var, &node, &ns, &nb);
			rc = xexpand(m, pi, k + 1, cur);
			xunbind(m, ns, nb);
			xunbind(m, ls, lb);
			if (rc != 0)
				return rc;
		}
	}
	if (depth >= max)
		return 0;
	if (xadjacent(m, rp, cur, &adj) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < adj.n; i++) {
		bool ok = true;

		if (xrel_used(m, adj.v[i].rel) ||
		    !xvar_step_ok(fixed, depth, adj.v[i].rel))
			continue;
		if (rp->props) {
			struct cv rel;

			if (xload_rel(m->x, adj.v[i].rel, &rel) != 0)
				continue;
			rc = xprops_ok(m, rp->props, &rel.u.rel.props, &ok);
			cv_free(&rel);
			if (rc < 0 || !ok)
				continue;
		}
		if (xids_push(&m->used_rels, adj.v[i].rel) < 0 ||
		    xids_push(&m->path_rels, adj.v[i].rel) < 0 ||
		    xids_push(&m->path_nodes, adj.v[i].other) < 0) {
			rc = xc_fail(m->x, CYPHER_EXEC_RUNTIME, rp->pos,
				     "out of memory");
			break;
		}
		rc = xvarlen(m, pi, k, adj.v[i].other, depth + 1, first_rel);
		m->used_rels.n--;
		m->path_rels.n--;
		m->path_nodes.n--;
	}
	free(adj.v);
	return rc;
}

static int xexpand(struct xm *m, size_t pi, size_t k, uint64_t cur)
{
	const struct cypher_path *p = &m->cl->u.match.paths[pi];

	if (k == p->n_nodes - 1)
		return xbind_path_and_go(m, pi);
	if (p->rels[k].varlen) {
		/* The walk's nodes are pushed hop by hop; the end node
		 * is the last one pushed. */
		return xvarlen(m, pi, k, cur, 0, m->path_rels.n);
	}
	return xhop(m, pi, k, cur);
}

static int xmatch_done(struct xm *m)
{
	bool keep = true;
	int rc;

	if (m->cl->u.match.where &&
	    xeval_pred(m->x, m->row, m->cl->u.match.where, &keep) < 0)
		return -1;
	if (!keep)
		return 0;
	m->found++;
	rc = m->emit(m->ctx, m->row);
	return rc;
}

static int xmatch_path(struct xm *m, size_t pi)
{
	const struct cypher_path *p;
	struct xids cand = {0};
	int rc = 0;

	if (pi == m->cl->u.match.n_paths)
		return xmatch_done(m);
	p = &m->cl->u.match.paths[pi];
	if (xstart_nodes(m, &p->nodes[0], &cand) < 0) {
		free(cand.v);
		return m->x->err->code ? -1
				       : xc_fail(m->x, CYPHER_EXEC_RUNTIME,
						 p->pos, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < cand.n; i++) {
		struct cv node = cv_null();
		size_t ns = 0;
		bool nb = false, ok = false;
		size_t mark = m->path_nodes.n, rmark = m->path_rels.n;

		if ((rc = xnode_ok(m, &p->nodes[0], cand.v[i], &node, &ok)) <
			0 ||
		    !ok)
			continue;
		m->path_nodes.n = 0;
		m->path_rels.n = 0;
		if (xids_push(&m->path_nodes, cand.v[i]) < 0) {
			cv_free(&node);
			rc = xc_fail(m->x, CYPHER_EXEC_RUNTIME, p->pos,
				     "out of memory");
			break;
		}
		xbind(m, p->nodes[0].var, &node, &ns, &nb);
		rc = xexpand(m, pi, 0, cand.v[i]);
		xunbind(m, ns, nb);
		m->path_nodes.n = mark;
		m->path_rels.n = rmark;
	}
	free(cand.v);
	return rc;
}

/* ------------------------------------------------ patterns in expressions */

struct xpat_run {
	struct xc *x;
	const struct cypher_expr *e;
	struct cv list; /* a comprehension's values */
};

static int xpat_emit(void *ctx, struct cv *row)
{
	struct xpat_run *r = ctx;
	struct cv v;

	if (r->e->u.pattern.count)
		return 0; /* COUNT { }: xmatch counts */
	if (!r->e->u.pattern.proj)
		return 1; /* a predicate: one match answers */
	if (xeval(r->x, row, r->e->u.pattern.proj, &v) < 0)
		return -1;
	if (cv_list_push(&r->list, &v) < 0) {
		cv_free(&v);
		return xc_fail(r->x, CYPHER_EXEC_RUNTIME, r->e->pos,
			       "out of memory");
	}
	return 0;
}

/* True when a variable of the pattern bound outside is null there: the
 * pattern then has no value (null), as a function of null has none. */
static bool xpat_null_bound(struct xc *x, const struct xscope *sc,
			    const struct cypher_path *p, const struct cv *row)
{
	for (size_t i = 0; i < p->n_nodes; i++) {
		const char *v[2] = {p->nodes[i].var,
				    i + 1 < p->n_nodes ? p->rels[i].var : NULL};

		for (size_t j = 0; j < 2; j++) {
			int s = v[j] ? xc_slot(x, v[j]) : -1;

			if (s >= 0 && (size_t)s < sc->cap && sc->vis[s] &&
			    row[s].kind == CV_NULL)
				return true;
		}
	}
	return false;
}

int xeval_pattern(struct xc *x, const struct cv *row,
		  const struct cypher_expr *e, struct cv *out)
{
	struct cypher_clause cl = {.kind = CYPHER_CLAUSE_MATCH, .pos = e->pos};
	struct xpat_run r = {.x = x, .e = e};
	const struct xscope *sc = NULL;
	struct cv *work;
	size_t found = 0;
	int rc;

	for (size_t i = 0; i < x->n_pats; i++)
		if (x->pats[i].e == e)
			sc = &x->pats[i].bound;
	if (!sc || !row)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "a pattern cannot be used here");
	*out = cv_null();
	if (xpat_null_bound(x, sc, e->u.pattern.path, row))
		return 0;
	cl.u.match.paths = e->u.pattern.path;
	cl.u.match.n_paths = 1;
	cl.u.match.where = e->u.pattern.where;
	if (!(work = xrow_dup(x, row)))
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	cv_list_init(&r.list);
	rc = xmatch(x, &cl, sc, work, xpat_emit, &r, &found);
	xrow_drop(x, work);
	if (rc < 0) {
		cv_free(&r.list);
		return -1;
	}
	if (e->u.pattern.proj)
		*out = r.list;
	else if (e->u.pattern.count) {
		cv_free(&r.list);
		*out = cv_int((int64_t)found);
	} else {
		cv_free(&r.list);
		*out = cv_bool(found > 0);
	}
	return 0;
}

int xmatch(struct xc *x, const struct cypher_clause *cl,
	   const struct xscope *bound, struct cv *row,
	   int (*emit)(void *ctx, struct cv *row), void *ctx, size_t *found)
{
	struct xm m = {.x = x, .cl = cl, .bound = bound, .row = row,
		       .emit = emit, .ctx = ctx};
	int rc = xmatch_path(&m, 0);

	*found = m.found;
	free(m.used_rels.v);
	free(m.path_nodes.v);
	free(m.path_rels.v);
	return rc;
}
