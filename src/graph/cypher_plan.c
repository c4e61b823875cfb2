/* cypher_plan.c: the plan: which index or scan starts a pattern (index
 * seeks for label + property equality), and the plan text EXPLAIN shows. */
#include "graph/cypher_exec_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/schema.h"

static const struct cypher_pos xnopos = {0, 0};

/* ------------------------------------------------------------------ plan */

int xplan_line(struct xc *x, const char *fmt, ...)
{
	va_list ap;
	char line[512];
	size_t len;
	char *p;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	len = strlen(line);
	if (!(p = realloc(x->plan, x->plan_len + len + 2)))
		return xc_fail(x, CYPHER_EXEC_RUNTIME, xnopos, "out of memory");
	memcpy(p + x->plan_len, line, len);
	p[x->plan_len + len] = '\n';
	p[x->plan_len + len + 1] = '\0';
	x->plan = p;
	x->plan_len += len + 1;
	return 0;
}

static const char *xname(const char *var)
{
	return var ? var : "anon";
}

/* "(a)-[r:T]->(b)" for an Expand line. */
static void xplan_expand_text(const struct cypher_path *p, size_t k, char *buf,
			      size_t len)
{
	const struct cypher_rel_pat *rp = &p->rels[k];

	snprintf(buf, len, "(%s)%s[%s%s%s%s]%s(%s)", xname(p->nodes[k].var),
		 rp->dir == CYPHER_DIR_IN ? "<-" : "-", rp->var ? rp->var : "",
		 rp->n_types ? ":" : "", rp->n_types ? rp->types[0] : "",
		 rp->varlen ? "*" : "", rp->dir == CYPHER_DIR_OUT ? "->" : "-",
		 xname(p->nodes[k + 1].var));
}

/* True when var names a node of an earlier path of cl (bound by the time
 * path pi starts). */
static bool xbound_earlier(const struct cypher_clause *cl, size_t pi,
			   const char *var)
{
	for (size_t i = 0; var && i < pi; i++)
		for (size_t j = 0; j < cl->u.match.paths[i].n_nodes; j++) {
			const char *v = cl->u.match.paths[i].nodes[j].var;

			if (v && strcmp(v, var) == 0)
				return true;
		}
	return false;
}

/* How path pi's first node is found: mirrors xstart_nodes
 * (cypher_match.c): a bound variable, an index seek, a label scan, or every
 * node. */
static int xplan_start(struct xc *x, const struct xscope *sc,
		       const struct cypher_clause *cl, size_t pi)
{
	const struct cypher_node_pat *np = &cl->u.match.paths[pi].nodes[0];
	const char *label, *prop;
	const struct cypher_expr *val;
	int k;

	if (np->var &&
	    (xscope_visible(x, sc, np->var) || xbound_earlier(cl, pi, np->var)))
		return xplan_line(x, "Argument(%s)", np->var);
	/* a path not joined to the earlier ones: every pair of rows */
	if (pi > 0 && xplan_line(x, "CartesianProduct") < 0)
		return -1;
	if (np->n_labels == 0)
		return xplan_line(x, "AllNodesScan(%s)", xname(np->var));
	if ((k = xindex_pick(x, np, cl->u.match.where, &label, &prop, &val)) <
	    0)
		return -1;
	if (k)
		return xplan_line(x, "NodeIndexSeek(%s:%s {%s})",
				  xname(np->var), label, prop);
	return xplan_line(x, "NodeByLabelScan(%s:%s)", xname(np->var),
			  np->labels[0]);
}

int xplan_match(struct xc *x, const struct xscope *sc,
		const struct cypher_clause *cl)
{
	char buf[400];

	if (cl->u.match.optional && xplan_line(x, "Optional") < 0)
		return -1;
	for (size_t i = 0; i < cl->u.match.n_paths; i++) {
		const struct cypher_path *p = &cl->u.match.paths[i];

		if (xplan_start(x, sc, cl, i) < 0)
			return -1;
		for (size_t k = 0; k + 1 < p->n_nodes; k++) {
			xplan_expand_text(p, k, buf, sizeof(buf));
			if (xplan_line(x, "%s%s",
				       p->rels[k].varlen ? "VarLengthExpand"
							 : "Expand",
				       buf) < 0)
				return -1;
		}
	}
	return cl->u.match.where ? xplan_line(x, "Filter") : 0;
}

/* ----------------------------------------------------------------- index */

/* The entry that decides key's value in a map literal (keys may repeat:
 * the last one counts). */
static bool xlast_entry(const struct cypher_expr *map, size_t i)
{
	for (size_t j = i + 1; j < map->u.map.n_entries; j++)
		if (strcmp(map->u.map.entries[j].key,
			   map->u.map.entries[i].key) == 0)
			return false;
	return true;
}

/* 1 when (label, prop) has an index or constraint, 0 when not. */
static int xindex_has(struct xc *x, const char *label, const char *prop)
{
	int ret = schema_index_lookup(x->g, x->txn, label, prop, NULL, 0, NULL);

	if (ret == SCHEMA_E_NOINDEX)
		return 0;
	return ret == 0 ? 1 : xc_storage(x, ret, "looking up an index");
}

static int xreads_var(void *ctx, const struct cypher_expr *e)
{
	(void)ctx;
	if (e->kind == CYPHER_EXPR_VAR)
		return 1;
	return xexpr_children(e, xreads_var, NULL);
}

/* A conjunct of where of the form var.prop = value (either side) whose
 * value reads no variable, so that it can be evaluated before var is
 * bound: its label's index decides. */
static int xindex_where(struct xc *x, const struct cypher_node_pat *np,
			const struct cypher_expr *w, const char **label,
			const char **prop, const struct cypher_expr **val)
{
	const struct cypher_expr *side[2];
	int k;

	if (w->kind == CYPHER_EXPR_BINARY && w->u.binary.op == CYPHER_OP_AND) {
		if ((k = xindex_where(x, np, w->u.binary.lhs, label, prop,
				      val)) != 0)
			return k;
		return xindex_where(x, np, w->u.binary.rhs, label, prop, val);
	}
	if (w->kind != CYPHER_EXPR_BINARY || w->u.binary.op != CYPHER_OP_EQ)
		return 0;
	side[0] = w->u.binary.lhs;
	side[1] = w->u.binary.rhs;
	for (int s = 0; s < 2; s++) {
		const struct cypher_expr *p = side[s], *v = side[1 - s];

		if (p->kind != CYPHER_EXPR_PROP ||
		    p->u.prop.obj->kind != CYPHER_EXPR_VAR ||
		    strcmp(p->u.prop.obj->u.name, np->var) != 0 ||
		    xreads_var(NULL, v))
			continue;
		for (size_t l = 0; l < np->n_labels; l++) {
			if ((k = xindex_has(x, np->labels[l], p->u.prop.key)) <
			    0)
				return -1;
			if (k) {
				*label = np->labels[l];
				*prop = p->u.prop.key;
				*val = v;
				return 1;
			}
		}
	}
	return 0;
}

int xindex_pick(struct xc *x, const struct cypher_node_pat *np,
		const struct cypher_expr *where, const char **label,
		const char **prop, const struct cypher_expr **val)
{
	const struct cypher_expr *m = np->props;
	int k;

	for (size_t l = 0; m && m->kind == CYPHER_EXPR_MAP && l < np->n_labels;
	     l++)
		for (size_t i = 0; i < m->u.map.n_entries; i++) {
			if (!xlast_entry(m, i))
				continue;
			if ((k = xindex_has(x, np->labels[l],
					    m->u.map.entries[i].key)) < 0)
				return -1;
			if (!k)
				continue;
			*label = np->labels[l];
			*prop = m->u.map.entries[i].key;
			*val = m->u.map.entries[i].value;
			return 1;
		}
	if (!where || !np->var)
		return 0;
	return xindex_where(x, np, where, label, prop, val);
}

int xindex_start(struct xc *x, const struct cv *row,
		 const struct cypher_node_pat *np,
		 const struct cypher_expr *where,
		 bool (*fn)(void *ctx, uint64_t node), void *ctx)
{
	const char *label, *prop;
	const struct cypher_expr *e;
	Graphd__Value *pv = NULL;
	struct cv_err cerr = {0};
	char why[160];
	struct cv v;
	int k, ret;

	if ((k = xindex_pick(x, np, where, &label, &prop, &e)) <= 0)
		return k;
	if (xeval(x, row, e, &v) < 0)
		return -1;
	/* a value no property can hold (a map, a node) is never in the index:
	 * the label scan and the pattern's own check decide */
	ret = xcv_storable(&v, false, why, sizeof(why))
		  ? cv_to_proto(&v, &pv, &cerr)
		  : -1;
	cv_free(&v);
	if (ret < 0)
		return 0;
	ret = schema_index_seek(x->g, x->txn, label, prop, pv, fn, ctx);
	graphd__value__free_unpacked(pv, NULL);
	if (ret == SCHEMA_E_NOINDEX)
		return 0;
	if (ret != 0)
		return xc_storage(x, ret, "seeking an index");
	return 1;
}
