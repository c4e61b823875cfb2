/* cypher_exec.c: runs a Cypher query's reading clauses as a pipeline.
 *
 * Each clause is a stage; a row (one value per variable of the statement)
 * is pushed from stage to stage, so that a LIMIT with nothing to sort stops
 * the scan early (a stage answers 1: "enough"). ORDER BY and aggregation
 * hold their rows until the stage before them has finished. Variables are
 * resolved, and misuse (an unknown variable, an aggregate in WHERE) refused,
 * before anything runs. */
#include "graph/cypher_exec_int.h"

#include "graph/cypher_check.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum xstage_kind {
	XS_MATCH,
	XS_UNWIND,
	XS_PROJECT, /* WITH, RETURN */
	XS_UPDATE,  /* CREATE, MERGE, SET, REMOVE, DELETE (cypher_update.c) */
	XS_CALL,    /* CALL proc (cypher_call.c) */
};

struct xrow {
	struct cv *slots; /* n_vars */
	struct cv *keys;  /* ORDER BY keys */
};

struct xgroup {
	struct cv *key; /* values of the grouping items */
	struct cv_agg **accs;
	struct cv *slots; /* a row of the group (for grouping items) */
};

/* Rows held by an eager stage. */
struct xrows {
	struct cv **v;
	size_t n, cap;
};

struct xstage {
	enum xstage_kind kind;
	const struct cypher_clause *cl;
	bool is_return;
	/* projection */
	size_t n_items;
	const struct cypher_expr **item_expr;
	int *item_slot;
	bool *item_agg;
	bool aggregating;
	const struct cypher_expr **calls; /* aggregate calls of the items */
	size_t n_calls;
	struct xgroup *groups;
	size_t n_groups, cap_groups;
	struct xrow *rows; /* buffered for ORDER BY */
	size_t n_rows, cap_rows;
	int *order_item; /* per sort item: the item it names, or -1 */
	struct cv_set distinct;
	int64_t skip, limit;
	int64_t skipped, emitted;
	bool *keep;			/* WITH: the slots visible after it */
	size_t n_keep; /* slots keep covers: those declared before the WITH */
	struct cypher_expr *star_exprs; /* RETURN *: one VAR per variable */
	struct xupd *upd;		/* XS_UPDATE */
	struct xcall *call;		/* XS_CALL */
	struct xscope bound; /* XS_MATCH: the variables in scope before it */
	struct xrows eager;  /* XS_UPDATE: its input, read whole first */
	bool where_early;    /* WITH DISTINCT: WHERE before the duplicates go */
};

struct xrun {
	struct xc x;
	struct xstage *st;
	size_t n_st;
	struct cypher_result *res;
	size_t res_cap;
};

/* ------------------------------------------------------------ variables */

static int xc_add_var(struct xc *x, const char *name)
{
	char **v;
	int s = xc_slot(x, name);

	if (s >= 0)
		return s;
	if (!(v = realloc(x->vars, (x->n_vars + 1) * sizeof(*v))))
		return -1;
	x->vars = v;
	if (!(v[x->n_vars] = strdup(name)))
		return -1;
	return (int)x->n_vars++;
}

static int xscope_set(struct xrun *r, struct xscope *sc, const char *name)
{
	int s = xc_add_var(&r->x, name);
	bool *v;

	if (s < 0)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME,
			       (struct cypher_pos){0, 0}, "out of memory");
	if ((size_t)s >= sc->cap) {
		size_t cap = (size_t)s + 16;

		if (!(v = realloc(sc->vis, cap * sizeof(*v))))
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME,
				       (struct cypher_pos){0, 0},
				       "out of memory");
		memset(v + sc->cap, 0, (cap - sc->cap) * sizeof(*v));
		sc->vis = v;
		sc->cap = cap;
	}
	sc->vis[s] = true;
	return s;
}

static bool xscope_has(const struct xrun *r, const struct xscope *sc,
		       const char *name)
{
	int s = xc_slot(&r->x, name);

	return s >= 0 && (size_t)s < sc->cap && sc->vis[s];
}

/* Every variable e reads is visible; no aggregate unless allowed (and none
 * inside an aggregate); known functions with a valid number of
 * arguments. */
struct xcheck {
	struct xrun *r;
	const struct xscope *sc;
	bool allow_agg;
	bool preds; /* a WHERE: pattern predicates allowed */
};

static int xcheck_one(void *ctx, const struct cypher_expr *e);
static int xscope_union(struct xrun *r, struct xscope *dst,
			const struct xscope *a, const struct xscope *b);

/* A variable of a pattern in an expression: bound outside, or (in a
 * comprehension only) the pattern's own. A name the statement uses
 * elsewhere but that is not visible here is refused rather than taken as
 * new: it most likely means the outer one. */
static int xcheck_pattern_var(struct xcheck *c, struct xscope *local,
			      const struct cypher_expr *e, const char *name)
{
	struct xc *x = &c->r->x;

	if (!name || xscope_has(c->r, local, name))
		return 0;
	if (!e->u.pattern.proj && !e->u.pattern.subquery)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "variable `%s` not defined: a pattern "
			       "predicate cannot bind new variables",
			       name);
	if (xc_slot(x, name) >= 0)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "variable `%s` of the pattern expression is "
			       "not visible here but used elsewhere in the "
			       "statement; give the new one another name",
			       name);
	return xscope_set(c->r, local, name) < 0 ? -1 : 0;
}

/* Records the variables bound where the pattern stands, declares its own
 * and checks its expressions with them. */
static int xcheck_pattern(struct xcheck *c, const struct cypher_expr *e)
{
	struct xc *x = &c->r->x;
	const struct cypher_path *p = e->u.pattern.path;
	struct xscope local = {0};
	struct xcheck inner = {c->r, &local, false, false};
	struct xpat *v;
	int rc = 0;

	if (!e->u.pattern.proj && !e->u.pattern.subquery && !c->preds)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "a pattern predicate is only allowed in WHERE: "
			       "use a pattern comprehension [(a)-->(b) | b] "
			       "for its matches (UnexpectedSyntax)");
	if (xscope_union(c->r, &local, c->sc, c->sc) < 0)
		return -1;
	if (!(v = realloc(x->pats, (x->n_pats + 1) * sizeof(*v)))) {
		free(local.vis);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	}
	x->pats = v;
	v[x->n_pats].e = e;
	v[x->n_pats].bound = (struct xscope){0};
	if (xscope_union(c->r, &v[x->n_pats++].bound, c->sc, c->sc) < 0) {
		free(local.vis);
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < p->n_nodes; i++) {
		rc = xcheck_pattern_var(c, &local, e, p->nodes[i].var);
		if (rc == 0 && i + 1 < p->n_nodes)
			rc = xcheck_pattern_var(c, &local, e, p->rels[i].var);
	}
	if (rc == 0)
		rc = xcheck_pattern_var(c, &local, e, p->var);
	for (size_t i = 0; rc == 0 && i < p->n_nodes; i++) {
		if (p->nodes[i].props)
			rc = xcheck_one(&inner, p->nodes[i].props);
		if (rc == 0 && i + 1 < p->n_nodes && p->rels[i].props)
			rc = xcheck_one(&inner, p->rels[i].props);
	}
	inner.preds = true;
	if (rc == 0 && e->u.pattern.where)
		rc = xcheck_one(&inner, e->u.pattern.where);
	inner.preds = false;
	if (rc == 0 && e->u.pattern.proj)
		rc = xcheck_one(&inner, e->u.pattern.proj);
	free(local.vis);
	return rc;
}

static int xcheck_one(void *ctx, const struct cypher_expr *e)
{
	struct xcheck *c = ctx, inner = *c;
	struct xc *x = &c->r->x;
	const struct cv_func *f;
	struct cv_err cerr = {0};
	enum cv_agg_kind k;

	if (e->kind == CYPHER_EXPR_VAR) {
		if (!xscope_has(c->r, c->sc, e->u.name))
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
				       "variable `%s` not defined", e->u.name);
		return 0;
	}
	if (e->kind == CYPHER_EXPR_PATTERN)
		return xcheck_pattern(c, e);
	if (e->kind != CYPHER_EXPR_CALL)
		return xexpr_children(e, xcheck_one, c);
	if (cv_agg_lookup(e->u.call.name, e->u.call.star, &k)) {
		if (!c->allow_agg)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
				       "aggregate %s() is not allowed here "
				       "(only in WITH and RETURN items, and "
				       "not inside another aggregate)",
				       e->u.call.name);
		if (!e->u.call.star && e->u.call.n_args != cv_agg_arity(k))
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
				       cv_agg_arity(k) == 1
					   ? "%s() takes one argument"
					   : "%s() takes two arguments",
				       e->u.call.name);
		inner.allow_agg = false;
		return xexpr_children(e, xcheck_one, &inner);
	}
	if (!(f = cv_func_lookup(e->u.call.name)))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "unknown function '%s'", e->u.call.name);
	if (cv_func_check_arity(f, e->u.call.n_args, &cerr) < 0)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos, "%s", cerr.msg);
	return xexpr_children(e, xcheck_one, c);
}

static int xcheck_expr(struct xrun *r, const struct xscope *sc,
		       const struct cypher_expr *e, bool allow_agg)
{
	struct xcheck c = {r, sc, allow_agg, false};

	return e ? xcheck_one(&c, e) : 0;
}

/* A WHERE predicate: pattern predicates are allowed in it. */
static int xcheck_where(struct xrun *r, const struct xscope *sc,
			const struct cypher_expr *e)
{
	struct xcheck c = {r, sc, false, true};

	return e ? xcheck_one(&c, e) : 0;
}

/* The compile helpers for cypher_update.c: every struct xc of a compile
 * pass is the x of a struct xrun. */
static struct xrun *xrun_of(struct xc *x)
{
	return (struct xrun *)((char *)x - offsetof(struct xrun, x));
}

int xscope_declare(struct xc *x, struct xscope *sc, const char *name)
{
	return xscope_set(xrun_of(x), sc, name);
}

bool xscope_visible(const struct xc *x, const struct xscope *sc,
		    const char *name)
{
	int s = xc_slot(x, name);

	return s >= 0 && (size_t)s < sc->cap && sc->vis[s];
}

int xscope_check(struct xc *x, const struct xscope *sc,
		 const struct cypher_expr *e)
{
	return xcheck_expr(xrun_of(x), sc, e, false);
}

int xscope_check_where(struct xc *x, const struct xscope *sc,
		       const struct cypher_expr *e)
{
	return xcheck_where(xrun_of(x), sc, e);
}

/* --------------------------------------------------------------- compile */

static int xcompile_match(struct xrun *r, struct xscope *sc,
			  const struct cypher_clause *cl)
{
	for (size_t i = 0; i < cl->u.match.n_paths; i++) {
		const struct cypher_path *p = &cl->u.match.paths[i];

		for (size_t j = 0; j < p->n_nodes; j++) {
			if (xcheck_expr(r, sc, p->nodes[j].props, false) < 0)
				return -1;
			if (p->nodes[j].var &&
			    xscope_set(r, sc, p->nodes[j].var) < 0)
				return -1;
			if (j + 1 == p->n_nodes)
				break;
			if (xcheck_expr(r, sc, p->rels[j].props, false) < 0)
				return -1;
			if (p->rels[j].var &&
			    xscope_set(r, sc, p->rels[j].var) < 0)
				return -1;
		}
		if (p->var && xscope_set(r, sc, p->var) < 0)
			return -1;
	}
	return xcheck_where(r, sc, cl->u.match.where);
}

struct xcalls {
	const struct cypher_expr **v;
	size_t n;
	bool nomem;
};

static void xcalls_add(void *ctx, const struct cypher_expr *call)
{
	struct xcalls *c = ctx;
	const struct cypher_expr **v =
	    realloc(c->v, (c->n + 1) * sizeof(*c->v));

	if (!v) {
		c->nomem = true;
		return;
	}
	c->v = v;
	c->v[c->n++] = call;
}

/* RETURN *: one item per visible variable, in name order. */
static int xcompile_star(struct xrun *r, struct xscope *sc, struct xstage *s)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < r->x.n_vars && i < sc->cap; i++)
		n += sc->vis[i];
	if (n == 0)
		return xc_fail(&r->x, CYPHER_EXEC_SEMANTIC, s->cl->pos,
			       "RETURN * with no variables in scope");
	if (!(s->star_exprs = calloc(n, sizeof(*s->star_exprs))))
		return -1;
	for (size_t i = 0; i < r->x.n_vars && i < sc->cap; i++)
		if (sc->vis[i]) {
			s->star_exprs[k].kind = CYPHER_EXPR_VAR;
			s->star_exprs[k].pos = s->cl->pos;
			s->star_exprs[k].height = 1;
			s->star_exprs[k++].u.name = r->x.vars[i];
		}
	/* name order: a simple insertion sort over few variables */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(s->star_exprs[j - 1].u.name,
						   s->star_exprs[j].u.name) > 0;
		     j--) {
			struct cypher_expr t = s->star_exprs[j];

			s->star_exprs[j] = s->star_exprs[j - 1];
			s->star_exprs[j - 1] = t;
		}
	return (int)n;
}

static const char *xitem_name(const struct xstage *s, size_t i)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	size_t star = pj->star ? s->n_items - pj->n_items : 0;

	if (i < star)
		return s->star_exprs[i].u.name;
	return cypher_proj_item_column(&pj->items[i - star]);
}

/* Which item an ORDER BY expression names: an alias, or the same text. */
static int xorder_item(struct xstage *s, const struct cypher_expr *e)
{
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	int found = -1;
	FILE *f;

	for (size_t i = 0; i < s->n_items && found < 0; i++) {
		if (e->kind == CYPHER_EXPR_VAR &&
		    strcmp(e->u.name, xitem_name(s, i)) == 0)
			return (int)i;
		if (!(f = open_memstream(&a, &la)))
			return -1;
		cypher_expr_print(f, e);
		fclose(f);
		if (!(f = open_memstream(&b, &lb))) {
			free(a);
			return -1;
		}
		cypher_expr_print(f, s->item_expr[i]);
		fclose(f);
		if (strcmp(a, b) == 0)
			found = (int)i;
		free(a);
		free(b);
		a = b = NULL;
	}
	return found;
}

static int xcompile_items(struct xrun *r, struct xscope *sc, struct xstage *s)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	size_t star = 0;
	int n;

	if (pj->star) {
		if ((n = xcompile_star(r, sc, s)) < 0)
			return -1;
		star = (size_t)n;
	}
	s->n_items = star + pj->n_items;
	s->item_expr = calloc(s->n_items + 1, sizeof(*s->item_expr));
	s->item_slot = calloc(s->n_items + 1, sizeof(*s->item_slot));
	s->item_agg = calloc(s->n_items + 1, sizeof(*s->item_agg));
	if (!s->item_expr || !s->item_slot || !s->item_agg)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	for (size_t i = 0; i < s->n_items; i++) {
		s->item_expr[i] =
		    i < star ? &s->star_exprs[i] : pj->items[i - star].expr;
		if (xcheck_expr(r, sc, s->item_expr[i], true) < 0)
			return -1;
		s->item_agg[i] = xexpr_has_agg(s->item_expr[i]);
		s->aggregating |= s->item_agg[i];
	}
	return 0;
}

/* dst = a ∪ b: ORDER BY and WITH's WHERE see the items and the variables
 * before the projection. */
static int xscope_union(struct xrun *r, struct xscope *dst,
			const struct xscope *a, const struct xscope *b)
{
	for (size_t i = 0; i < r->x.n_vars; i++)
		if (((i < a->cap && a->vis[i]) || (i < b->cap && b->vis[i])) &&
		    xscope_set(r, dst, r->x.vars[i]) < 0)
			return -1;
	return 0;
}

struct xreads {
	struct xrun *r;
	const struct xscope *sc;
};

static int xreads_outside_one(void *ctx, const struct cypher_expr *e)
{
	struct xreads *c = ctx;

	if (e->kind == CYPHER_EXPR_VAR)
		return !xscope_has(c->r, c->sc, e->u.name);
	if (e->kind == CYPHER_EXPR_PATTERN)
		return 1; /* its variables may be outer ones: check widely */
	return xexpr_children(e, xreads_outside_one, c);
}

/* True when e reads a variable that sc does not hold. */
static bool xreads_outside(struct xrun *r, const struct cypher_expr *e,
			   const struct xscope *sc)
{
	struct xreads c = {r, sc};

	return e && xreads_outside_one(&c, e) != 0;
}

static int64_t xconst_int(struct xrun *r, const struct cypher_expr *e,
			  const char *what)
{
	struct cv v;
	int64_t out;

	if (!e)
		return -1;
	if (xeval(&r->x, NULL, e, &v) < 0)
		return -2;
	if (v.kind != CV_INT || v.u.i < 0) {
		cv_free(&v);
		/* a literal is wrong as written; a parameter's value is only
		 * known when the query runs (Neo4j's phases) */
		xc_fail(&r->x,
			e->kind == CYPHER_EXPR_PARAM ? CYPHER_EXEC_RUNTIME
						     : CYPHER_EXEC_SEMANTIC,
			e->pos, "%s needs a non-negative integer", what);
		return -2;
	}
	out = v.u.i;
	cv_free(&v);
	return out;
}

/* WITH's WHERE sees the items and the variables before the projection.
 * A projected row still holds the latter, except after aggregation (a
 * group's row is only its first one): refused there. After DISTINCT such a
 * WHERE filters before the duplicates go (where_early), which only keeps
 * its meaning when no SKIP or LIMIT comes between. */
static int xcompile_where(struct xrun *r, struct xstage *s,
			  const struct xscope *after, const struct xscope *both)
{
	const struct cypher_projection *pj = &s->cl->u.proj;

	if (!xreads_outside(r, pj->where, after))
		return xcheck_where(r, after, pj->where);
	if (s->aggregating || (pj->distinct && (pj->skip || pj->limit)))
		return xcheck_where(r, after, pj->where);
	s->where_early = pj->distinct;
	return xcheck_where(r, both, pj->where);
}

static int xcompile_project(struct xrun *r, struct xscope *sc, struct xstage *s)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	struct xcalls calls = {0};
	struct xscope after = {0}, both = {0};
	int rc = -1;

	if (xcompile_items(r, sc, s) < 0)
		return -1;
	for (size_t i = 0; i < s->n_items; i++)
		xexpr_each_agg(s->item_expr[i], xcalls_add, &calls);
	s->calls = calls.v;
	s->n_calls = calls.n;
	if (calls.nomem)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	/* The items' values get slots of their own names. */
	for (size_t i = 0; i < s->n_items; i++) {
		int slot = xscope_set(r, &after, xitem_name(s, i));

		if (slot < 0)
			goto out;
		s->item_slot[i] = slot;
	}
	if (xscope_union(r, &both, sc, &after) < 0)
		goto out;
	/* ORDER BY sees the items, and (without aggregation or DISTINCT)
	 * the variables before the projection too. */
	if (pj->n_order &&
	    !(s->order_item = calloc(pj->n_order, sizeof(*s->order_item))))
		goto out;
	for (size_t i = 0; i < pj->n_order; i++) {
		const struct cypher_expr *e = pj->order[i].expr;

		s->order_item[i] = xorder_item(s, e);
		if (s->order_item[i] >= 0)
			continue;
		/* after aggregation or DISTINCT a projected row holds the
		 * items only: an expression over them alone is fine */
		if ((s->aggregating || pj->distinct) &&
		    !xreads_outside(r, e, &after) && !xexpr_has_agg(e)) {
			if (xcheck_expr(r, &after, e, false) < 0)
				goto out;
			continue;
		}
		if (s->aggregating || pj->distinct) {
			xc_fail(&r->x, CYPHER_EXEC_SEMANTIC, e->pos,
				"ORDER BY after %s can only use the "
				"projected columns",
				s->aggregating ? "an aggregation" : "DISTINCT");
			goto out;
		}
		if (xcheck_expr(r, &both, e, false) < 0)
			goto out;
	}
	if ((s->skip = xconst_int(r, pj->skip, "SKIP")) < -1 ||
	    (s->limit = xconst_int(r, pj->limit, "LIMIT")) < -1)
		goto out;
	if (xcompile_where(r, s, &after, &both) < 0)
		goto out;
	/* After WITH only its items are visible. */
	free(sc->vis);
	*sc = after;
	after.vis = NULL;
	s->keep = calloc(r->x.n_vars + 1, sizeof(*s->keep));
	if (!s->keep)
		goto out;
	s->n_keep = r->x.n_vars;
	for (size_t i = 0; i < s->n_items; i++)
		s->keep[s->item_slot[i]] = true;
	rc = 0;
out:
	free(after.vis);
	free(both.vis);
	return rc;
}

/* The plan lines of WITH / RETURN, in the order the stage applies them. */
static int xplan_project(struct xrun *r, const struct xstage *s)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	struct xc *x = &r->x;

	if (xplan_line(x, s->aggregating ? "Aggregation" : "Projection") < 0 ||
	    (pj->distinct && xplan_line(x, "Distinct") < 0) ||
	    (pj->n_order && xplan_line(x, "Sort") < 0) ||
	    (pj->skip && xplan_line(x, "Skip") < 0) ||
	    (pj->limit && xplan_line(x, "Limit") < 0) ||
	    (pj->where && xplan_line(x, "Filter") < 0))
		return -1;
	return s->is_return ? xplan_line(x, "ProduceResults") : 0;
}

static int xscope_copy(struct xrun *r, struct xscope *dst,
		       const struct xscope *src)
{
	dst->cap = src->cap;
	if (!src->cap)
		return 0;
	if (!(dst->vis = malloc(src->cap * sizeof(*dst->vis))))
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME,
			       (struct cypher_pos){0, 0}, "out of memory");
	memcpy(dst->vis, src->vis, src->cap * sizeof(*dst->vis));
	return 0;
}

static int xcompile(struct xrun *r, const struct cypher_stmt *stmt)
{
	struct xscope sc = {0};
	struct cypher_error cerr;
	int rc = 0;

	if (cypher_check(stmt, &cerr) < 0)
		return xc_fail(&r->x, CYPHER_EXEC_SEMANTIC,
			       (struct cypher_pos){cerr.line, cerr.col}, "%s",
			       cerr.msg);
	if (!(r->st = calloc(stmt->n_clauses, sizeof(*r->st))))
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, stmt->pos,
			       "out of memory");
	r->n_st = stmt->n_clauses;
	for (size_t i = 0; rc == 0 && i < stmt->n_clauses; i++) {
		const struct cypher_clause *cl = &stmt->clauses[i];
		struct xstage *s = &r->st[i];

		s->cl = cl;
		switch (cl->kind) {
		case CYPHER_CLAUSE_MATCH:
			s->kind = XS_MATCH;
			rc = xscope_copy(r, &s->bound, &sc);
			if (rc == 0)
				rc = xplan_match(&r->x, &sc, cl);
			if (rc == 0)
				rc = xcompile_match(r, &sc, cl);
			break;
		case CYPHER_CLAUSE_UNWIND:
			s->kind = XS_UNWIND;
			rc = xcheck_expr(r, &sc, cl->u.unwind.expr, false);
			if (rc == 0 && xscope_set(r, &sc, cl->u.unwind.var) < 0)
				rc = -1;
			if (rc == 0)
				rc = xplan_line(&r->x, "Unwind(%s)",
						cl->u.unwind.var);
			break;
		case CYPHER_CLAUSE_WITH:
		case CYPHER_CLAUSE_RETURN:
			s->kind = XS_PROJECT;
			s->is_return = cl->kind == CYPHER_CLAUSE_RETURN;
			rc = xcompile_project(r, &sc, s);
			if (rc == 0)
				rc = xplan_project(r, s);
			break;
		case CYPHER_CLAUSE_CALL:
			s->kind = XS_CALL;
			rc = xcall_compile(&r->x, &sc, cl, stmt->n_clauses == 1,
					   &s->call);
			break;
		default:
			s->kind = XS_UPDATE;
			rc = xupd_compile(&r->x, &sc, cl, &s->upd);
			break;
		}
	}
	free(sc.vis);
	return rc;
}

/* ------------------------------------------------------------- running */

static int xpush(struct xrun *r, size_t si, struct cv *row);
static int xfinish(struct xrun *r, size_t si);

struct cv *xrow_dup(struct xc *x, const struct cv *row)
{
	struct cv *c = calloc(x->n_vars + 1, sizeof(*c));

	if (!c)
		return NULL;
	for (size_t i = 0; i < x->n_vars; i++)
		if (cv_copy(&c[i], &row[i]) < 0) {
			for (size_t j = 0; j < i; j++)
				cv_free(&c[j]);
			free(c);
			return NULL;
		}
	return c;
}

void xrow_drop(struct xc *x, struct cv *row)
{
	if (!row)
		return;
	for (size_t i = 0; i < x->n_vars; i++)
		cv_free(&row[i]);
	free(row);
}

static struct cv *xrow_copy(struct xrun *r, const struct cv *row)
{
	return xrow_dup(&r->x, row);
}

static void xrow_free(struct xrun *r, struct cv *row)
{
	xrow_drop(&r->x, row);
}

struct xemit_ctx {
	struct xrun *r;
	size_t next;
};

static int xmatch_emit(void *ctx, struct cv *row)
{
	struct xemit_ctx *e = ctx;

	return xpush(e->r, e->next, row);
}

static int xpush_match(struct xrun *r, size_t si, struct cv *row)
{
	struct xstage *s = &r->st[si];
	struct xemit_ctx ctx = {r, si + 1};
	struct cv *work = xrow_copy(r, row);
	size_t found = 0;
	int rc;

	if (!work)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	rc = xmatch(&r->x, s->cl, &s->bound, work, xmatch_emit, &ctx, &found);
	if (rc == 0 && found == 0 && s->cl->u.match.optional)
		rc = xpush(r, si + 1, work);
	xrow_free(r, work);
	return rc;
}

/* Rows an updating clause may hold back (read before write) before the
 * statement is refused. A constant, not a setting: every replica must
 * refuse alike. */
#define XEAGER_MAX_ROWS 1000000

/* A copy of row into l. 0 or -1 (error set). */
static int xrows_add(struct xrun *r, struct xrows *l, const struct cv *row,
		     struct cypher_pos pos)
{
	if (l->n >= XEAGER_MAX_ROWS)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, pos,
			       "the statement holds more than %d rows before "
			       "an updating clause and was stopped; split it "
			       "into smaller statements",
			       XEAGER_MAX_ROWS);
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct cv **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, pos,
				       "out of memory");
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = xrow_copy(r, row)))
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, pos, "out of memory");
	l->n++;
	return 0;
}

static void xrows_free(struct xrun *r, struct xrows *l)
{
	for (size_t i = 0; i < l->n; i++)
		xrow_free(r, l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* An updating clause is eager: it takes every row of the clauses before
 * it, then runs (xfinish_update), so no earlier clause reads what it
 * changes (Delete4 [1]: MATCH (a)-[r]-(b) DELETE r, a, b matches both
 * directions of r; Merge1 [14]: MERGE does not find what DELETE removed).
 * The copy is its own: new bindings must not leak into the stage that
 * pushed it. */
static int xpush_update(struct xrun *r, size_t si, struct cv *row)
{
	struct xstage *s = &r->st[si];

	return xrows_add(r, &s->eager, row, s->cl->pos);
}

struct xcollect {
	struct xrun *r;
	struct xrows *out;
	struct cypher_pos pos;
};

static int xcollect_row(void *ctx, struct cv *row)
{
	struct xcollect *c = ctx;

	return xrows_add(c->r, c->out, row, c->pos);
}

/* Runs the clause on every held row, holding what it gives, then passes
 * that on: the clauses after it read the graph as it left it. */
static int xfinish_update(struct xrun *r, size_t si)
{
	struct xstage *s = &r->st[si];
	struct xrows out = {0};
	struct xcollect c = {r, &out, s->cl->pos};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->eager.n; i++)
		rc = xupd_run(&r->x, s->upd, s->eager.v[i], xcollect_row, &c);
	xrows_free(r, &s->eager);
	for (size_t i = 0; rc == 0 && i < out.n; i++)
		rc = xpush(r, si + 1, out.v[i]);
	xrows_free(r, &out);
	return rc < 0 ? -1 : 0;
}

static int xpush_unwind(struct xrun *r, size_t si, struct cv *row)
{
	struct xstage *s = &r->st[si];
	int slot = xc_slot(&r->x, s->cl->u.unwind.var);
	struct cv list;
	struct cv *work;
	int rc = 0;

	if (xeval(&r->x, row, s->cl->u.unwind.expr, &list) < 0)
		return -1;
	if (list.kind == CV_NULL)
		return 0;
	if (!(work = xrow_copy(r, row))) {
		cv_free(&list);
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	}
	if (list.kind != CV_LIST) {
		/* UNWIND of a single value gives one row */
		cv_free(&work[slot]);
		work[slot] = list;
		rc = xpush(r, si + 1, work);
	} else {
		for (size_t i = 0; rc == 0 && i < list.u.list.n; i++) {
			cv_free(&work[slot]);
			work[slot] = list.u.list.items[i];
			list.u.list.items[i] = cv_null();
			rc = xpush(r, si + 1, work);
		}
		cv_free(&list);
	}
	xrow_free(r, work);
	return rc;
}

/* A standalone CALL's record: the yielded fields are the result's row. */
static int xcall_sink(void *ctx, struct cv *row)
{
	struct xrun *r = ctx;
	const char *const *names;
	const int *slots;
	size_t n = xcall_columns(r->st[0].call, &names, &slots);
	struct cypher_result *res = r->res;
	struct cv *v;

	if (r->x.opts->max_rows && res->n_rows >= r->x.opts->max_rows)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, r->st[0].cl->pos,
			       "the result has more than %zu rows",
			       r->x.opts->max_rows);
	if (!n)
		return 0; /* a void procedure's call has no rows */
	if (!(v = realloc(res->rows, (res->n_rows + 1) * n * sizeof(*v))))
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, r->st[0].cl->pos,
			       "out of memory");
	res->rows = v;
	for (size_t i = 0; i < n; i++)
		if (cv_copy(&v[res->n_rows * n + i], &row[slots[i]]) < 0) {
			for (size_t j = 0; j < i; j++)
				cv_free(&v[res->n_rows * n + j]);
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME,
				       r->st[0].cl->pos, "out of memory");
		}
	res->n_rows++;
	return 0;
}

static int xpush_call(struct xrun *r, size_t si, struct cv *row)
{
	struct xemit_ctx e = {r, si + 1};

	if (si + 1 == r->n_st && r->n_st == 1)
		return xcall_run(&r->x, r->st[si].call, row, xcall_sink, r);
	return xcall_run(&r->x, r->st[si].call, row, xmatch_emit, &e);
}

/* The result's next row: the items' values. */
static int xsink(struct xrun *r, struct xstage *s, const struct cv *prow)
{
	struct cypher_result *res = r->res;
	size_t need = (res->n_rows + 1) * s->n_items;

	if (r->x.opts->max_rows && res->n_rows >= r->x.opts->max_rows)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "the result has more than %zu rows; add a "
			       "LIMIT",
			       r->x.opts->max_rows);
	if (need > r->res_cap) {
		size_t cap = need * 2 + 16;
		struct cv *v = realloc(res->rows, cap * sizeof(*v));

		if (!v)
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				       "out of memory");
		res->rows = v;
		r->res_cap = cap;
	}
	for (size_t i = 0; i < s->n_items; i++)
		if (cv_copy(&res->rows[res->n_rows * s->n_items + i],
			    &prow[s->item_slot[i]]) < 0) {
			for (size_t j = 0; j < i; j++)
				cv_free(
				    &res->rows[res->n_rows * s->n_items + j]);
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				       "out of memory");
		}
	res->n_rows++;
	return 0;
}

/* A projected row leaves the projection: SKIP, LIMIT, WITH's WHERE, then
 * the result (RETURN) or the next stage with only WITH's items kept. */
static int xemit(struct xrun *r, size_t si, struct cv *prow)
{
	struct xstage *s = &r->st[si];
	bool keep = true;
	int rc;

	if (s->limit >= 0 && s->emitted >= s->limit)
		return 1;
	if (s->skip > 0 && s->skipped < s->skip) {
		s->skipped++;
		return 0;
	}
	s->emitted++;
	if (s->cl->u.proj.where && !s->where_early &&
	    xeval_pred(&r->x, prow, s->cl->u.proj.where, &keep) < 0)
		return -1;
	if (keep && s->is_return)
		rc = xsink(r, s, prow);
	else if (keep) {
		/* a slot declared by a later clause is not kept (it is
		 * null here anyway), nor is it in keep */
		for (size_t i = 0; i < r->x.n_vars; i++)
			if (i >= s->n_keep || !s->keep[i])
				cv_free(&prow[i]);
		rc = xpush(r, si + 1, prow);
	} else
		rc = 0;
	if (rc == 0 && s->limit >= 0 && s->emitted >= s->limit)
		return 1;
	return rc;
}

/* DISTINCT over the items' values: true when prow is new. */
static int xdistinct_new(struct xrun *r, struct xstage *s,
			 const struct cv *prow, bool *is_new)
{
	struct cv key;
	int rc = 0;

	*is_new = true;
	if (!s->cl->u.proj.distinct)
		return 0;
	cv_list_init(&key);
	for (size_t i = 0; rc == 0 && i < s->n_items; i++) {
		struct cv v;

		if (cv_copy(&v, &prow[s->item_slot[i]]) < 0 ||
		    cv_list_push(&key, &v) < 0)
			rc = -1;
	}
	if (rc == 0 && cv_set_add(&s->distinct, &key, is_new) < 0)
		rc = -1;
	cv_free(&key);
	return rc < 0 ? xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				"out of memory")
		      : 0;
}

/* Buffers prow with its ORDER BY keys. Takes prow. */
static int xbuffer(struct xrun *r, struct xstage *s, struct cv *prow)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	struct xrow *x;

	if (s->n_rows == s->cap_rows) {
		size_t cap = s->cap_rows ? 2 * s->cap_rows : 64;
		struct xrow *v = realloc(s->rows, cap * sizeof(*v));

		if (!v) {
			xrow_free(r, prow);
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				       "out of memory");
		}
		s->rows = v;
		s->cap_rows = cap;
	}
	x = &s->rows[s->n_rows++];
	x->slots = prow;
	if (!(x->keys = calloc(pj->n_order + 1, sizeof(*x->keys))))
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	for (size_t i = 0; i < pj->n_order; i++) {
		int it = s->order_item[i];

		if (it >= 0 ? cv_copy(&x->keys[i], &prow[s->item_slot[it]]) < 0
			    : xeval(&r->x, prow, pj->order[i].expr,
				    &x->keys[i]) < 0)
			return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				       "out of memory");
	}
	return 0;
}

/* A projected row: DISTINCT, then buffered for ORDER BY or emitted. Takes
 * prow. */
static int xprojected(struct xrun *r, size_t si, struct cv *prow)
{
	struct xstage *s = &r->st[si];
	bool is_new, keep = true;
	int rc;

	if (s->where_early &&
	    xeval_pred(&r->x, prow, s->cl->u.proj.where, &keep) < 0) {
		xrow_free(r, prow);
		return -1;
	}
	if (!keep) {
		xrow_free(r, prow);
		return 0;
	}
	if (xdistinct_new(r, s, prow, &is_new) < 0 || !is_new) {
		xrow_free(r, prow);
		return r->x.err->code ? -1 : 0;
	}
	if (s->cl->u.proj.n_order)
		return xbuffer(r, s, prow);
	rc = xemit(r, si, prow);
	xrow_free(r, prow);
	return rc;
}

/* Evaluates the items over row into a new projected row. */
static struct cv *xproject_row(struct xrun *r, struct xstage *s,
			       const struct cv *row)
{
	struct cv *prow = xrow_copy(r, row);
	struct cv *vals = calloc(s->n_items + 1, sizeof(*vals));
	bool ok = prow && vals;

	for (size_t i = 0; ok && i < s->n_items; i++)
		ok = xeval(&r->x, row, s->item_expr[i], &vals[i]) == 0;
	for (size_t i = 0; i < s->n_items; i++) {
		if (ok) {
			cv_free(&prow[s->item_slot[i]]);
			prow[s->item_slot[i]] = vals[i];
		} else {
			cv_free(&vals[i]);
		}
	}
	free(vals);
	if (!ok) {
		xrow_free(r, prow);
		if (!r->x.err->code)
			xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				"out of memory");
		return NULL;
	}
	return prow;
}

/* ---------------------------------------------------------- aggregation */

static struct xgroup *xgroup_find(struct xrun *r, struct xstage *s,
				  struct cv *key, const struct cv *row)
{
	struct xgroup *g;

	for (size_t i = 0; i < s->n_groups; i++)
		if (cv_equivalent(s->groups[i].key, key))
			return &s->groups[i];
	if (s->n_groups == s->cap_groups) {
		size_t cap = s->cap_groups ? 2 * s->cap_groups : 16;

		if (!(g = realloc(s->groups, cap * sizeof(*g))))
			return NULL;
		s->groups = g;
		s->cap_groups = cap;
	}
	g = &s->groups[s->n_groups];
	memset(g, 0, sizeof(*g));
	if (!(g->key = malloc(sizeof(*g->key))) ||
	    !(g->accs = calloc(s->n_calls + 1, sizeof(*g->accs))) ||
	    !(g->slots = xrow_copy(r, row)))
		return NULL;
	*g->key = *key;
	*key = cv_null();
	for (size_t i = 0; i < s->n_calls; i++) {
		enum cv_agg_kind k;

		cv_agg_lookup(s->calls[i]->u.call.name,
			      s->calls[i]->u.call.star, &k);
		if (!(g->accs[i] = cv_agg_new(k, s->calls[i]->u.call.distinct)))
			return NULL;
	}
	s->n_groups++;
	return g;
}

/* A percentile's second argument for this row. */
static int xagg_param(struct xrun *r, struct cv_agg *acc,
		      const struct cypher_expr *c, const struct cv *row)
{
	struct cv p;
	struct cv_err cerr = {0};
	int rc;

	if (xeval(&r->x, row, c->u.call.args[1], &p) < 0)
		return -1;
	rc = cv_agg_param(acc, &p, &cerr);
	cv_free(&p);
	return rc < 0 ? xc_fail(&r->x, CYPHER_EXEC_RUNTIME, c->pos, "%s",
				cerr.msg)
		      : 0;
}

static int xaggregate(struct xrun *r, size_t si, struct cv *row)
{
	struct xstage *s = &r->st[si];
	struct cv key, v;
	struct cv_err cerr = {0};
	struct xgroup *g;
	int rc = 0;

	cv_list_init(&key);
	for (size_t i = 0; rc == 0 && i < s->n_items; i++) {
		if (s->item_agg[i])
			continue;
		if ((rc = xeval(&r->x, row, s->item_expr[i], &v)) == 0 &&
		    cv_list_push(&key, &v) < 0)
			rc = xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				     "out of memory");
	}
	if (rc < 0 || !(g = xgroup_find(r, s, &key, row))) {
		cv_free(&key);
		return rc < 0 ? -1
			      : xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
					"out of memory");
	}
	cv_free(&key);
	for (size_t i = 0; rc == 0 && i < s->n_calls; i++) {
		const struct cypher_expr *c = s->calls[i];

		v = cv_null();
		if (!c->u.call.star &&
		    (rc = xeval(&r->x, row, c->u.call.args[0], &v)) < 0)
			break;
		if (c->u.call.n_args == 2 &&
		    (rc = xagg_param(r, g->accs[i], c, row)) < 0) {
			cv_free(&v);
			break;
		}
		if (cv_agg_add(g->accs[i], c->u.call.star ? NULL : &v, &cerr) <
		    0)
			rc = xc_fail(&r->x, CYPHER_EXEC_RUNTIME, c->pos, "%s",
				     cerr.msg);
		cv_free(&v);
	}
	return rc;
}

/* Emits one row per group: grouping items from the group's first row,
 * aggregate items evaluated with the group's results. */
static int xaggregate_finish(struct xrun *r, size_t si)
{
	struct xstage *s = &r->st[si];
	struct xagg_value *vals = calloc(s->n_calls + 1, sizeof(*vals));
	struct cv_err cerr = {0};
	int rc = 0;

	if (!vals)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory");
	/* No row at all and no grouping key: one group (count(*) = 0). */
	if (s->n_groups == 0) {
		bool keys = false;
		struct cv key, *empty = calloc(r->x.n_vars + 1, sizeof(*empty));

		for (size_t i = 0; i < s->n_items; i++)
			keys |= !s->item_agg[i];
		cv_list_init(&key);
		if (!keys && empty && !xgroup_find(r, s, &key, empty))
			rc = xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
				     "out of memory");
		cv_free(&key);
		xrow_free(r, empty);
	}
	for (size_t gi = 0; rc == 0 && gi < s->n_groups; gi++) {
		struct xgroup *g = &s->groups[gi];
		struct cv *prow;

		for (size_t i = 0; rc == 0 && i < s->n_calls; i++) {
			vals[i].call = s->calls[i];
			if (cv_agg_result(g->accs[i], &vals[i].value, &cerr) <
			    0)
				rc = xc_fail(&r->x, CYPHER_EXEC_RUNTIME,
					     s->calls[i]->pos, "%s", cerr.msg);
		}
		r->x.aggs = vals;
		r->x.n_aggs = s->n_calls;
		prow = rc == 0 ? xproject_row(r, s, g->slots) : NULL;
		r->x.aggs = NULL;
		r->x.n_aggs = 0;
		for (size_t i = 0; i < s->n_calls; i++)
			cv_free(&vals[i].value);
		if (!prow)
			rc = -1;
		else if ((rc = xprojected(r, si, prow)) == 1)
			rc = s->cl->u.proj.n_order ? 0 : 1;
	}
	free(vals);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------- ordering */

static int xsort_cmp(const struct cypher_projection *pj, const struct xrow *x,
		     const struct xrow *y)
{
	for (size_t i = 0; i < pj->n_order; i++) {
		int c = cv_order(&x->keys[i], &y->keys[i]);

		if (c != 0)
			return pj->order[i].desc ? -c : c;
	}
	return 0;
}

/* Stable (equal keys keep their arrival order): a bottom-up merge sort. */
static int xsort(struct xrun *r, struct xstage *s)
{
	const struct cypher_projection *pj = &s->cl->u.proj;
	struct xrow *tmp = malloc((s->n_rows + 1) * sizeof(*tmp));

	if (!tmp)
		return xc_fail(&r->x, CYPHER_EXEC_RUNTIME, s->cl->pos,
			       "out of memory sorting %zu rows", s->n_rows);
	for (size_t w = 1; w < s->n_rows; w *= 2) {
		for (size_t lo = 0; lo < s->n_rows; lo += 2 * w) {
			size_t mid = lo + w < s->n_rows ? lo + w : s->n_rows;
			size_t hi =
			    lo + 2 * w < s->n_rows ? lo + 2 * w : s->n_rows;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] =
				    xsort_cmp(pj, &s->rows[j], &s->rows[i]) < 0
					? s->rows[j++]
					: s->rows[i++];
			while (i < mid)
				tmp[k++] = s->rows[i++];
			while (j < hi)
				tmp[k++] = s->rows[j++];
		}
		memcpy(s->rows, tmp, s->n_rows * sizeof(*tmp));
	}
	free(tmp);
	return 0;
}

static int xorder_finish(struct xrun *r, size_t si)
{
	struct xstage *s = &r->st[si];
	int rc = 0;

	if (xsort(r, s) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < s->n_rows; i++)
		rc = xemit(r, si, s->rows[i].slots);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ dispatch */

static int xpush(struct xrun *r, size_t si, struct cv *row)
{
	struct xstage *s;
	struct cv *prow;

	if (si >= r->n_st)
		return 0;
	s = &r->st[si];
	switch (s->kind) {
	case XS_MATCH:
		return xpush_match(r, si, row);
	case XS_UNWIND:
		return xpush_unwind(r, si, row);
	case XS_UPDATE:
		return xpush_update(r, si, row);
	case XS_CALL:
		return xpush_call(r, si, row);
	case XS_PROJECT:
	default:
		if (s->aggregating)
			return xaggregate(r, si, row);
		if (!(prow = xproject_row(r, s, row)))
			return -1;
		return xprojected(r, si, prow);
	}
}

static int xfinish(struct xrun *r, size_t si)
{
	struct xstage *s;

	if (si >= r->n_st)
		return 0;
	s = &r->st[si];
	if (s->kind == XS_PROJECT && s->aggregating &&
	    xaggregate_finish(r, si) < 0)
		return -1;
	if (s->kind == XS_PROJECT && s->cl->u.proj.n_order &&
	    xorder_finish(r, si) < 0)
		return -1;
	if (s->kind == XS_UPDATE && xfinish_update(r, si) < 0)
		return -1;
	return xfinish(r, si + 1);
}

static void xstage_free(struct xrun *r, struct xstage *s)
{
	for (size_t i = 0; i < s->n_groups; i++) {
		cv_free(s->groups[i].key);
		free(s->groups[i].key);
		for (size_t j = 0; j < s->n_calls; j++)
			cv_agg_free(s->groups[i].accs[j]);
		free(s->groups[i].accs);
		xrow_free(r, s->groups[i].slots);
	}
	for (size_t i = 0; i < s->n_rows; i++) {
		xrow_free(r, s->rows[i].slots);
		for (size_t j = 0; j < s->cl->u.proj.n_order; j++)
			cv_free(&s->rows[i].keys[j]);
		free(s->rows[i].keys);
	}
	free(s->groups);
	free(s->rows);
	free(s->calls);
	free(s->item_expr);
	free(s->item_slot);
	free(s->item_agg);
	free(s->order_item);
	free(s->keep);
	free(s->star_exprs);
	free(s->bound.vis);
	xrows_free(r, &s->eager);
	xupd_free(s->upd);
	xcall_free(s->call);
	cv_set_free(&s->distinct);
}

static int xget_node(void *arg, int64_t id, struct cv *out, struct cv_err *err)
{
	struct xc *x = arg;

	if (xload_node(x, (uint64_t)id, out) != 0)
		return cv_err_set(err, CV_ERR_ARG, "node %lld not found",
				  (long long)id);
	return 0;
}

static int xresult_columns(struct xrun *r)
{
	struct xstage *s = &r->st[r->n_st - 1];

	if (s->kind == XS_CALL && r->n_st == 1) {
		const char *const *names;
		const int *slots;
		size_t n = xcall_columns(s->call, &names, &slots);

		if (!(r->res->columns = calloc(n + 1, sizeof(char *))))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!(r->res->columns[r->res->n_cols++] =
				  strdup(names[i])))
				return -1;
		return 0;
	}
	if (!s->is_return)
		return 0;
	if (!(r->res->columns = calloc(s->n_items + 1, sizeof(char *))))
		return -1;
	for (size_t i = 0; i < s->n_items; i++)
		if (!(r->res->columns[r->res->n_cols++] =
			  strdup(xitem_name(s, i))))
			return -1;
	return 0;
}

static int xexec_one(struct store_graph *g, DB_TXN *txn,
		     const struct cypher_stmt *stmt,
		     const struct cypher_exec_opts *opts,
		     struct cypher_result *res, struct cypher_exec_err *err)
{
	struct xrun r = {0};
	struct cv *row = NULL;
	int rc = -1;

	memset(err, 0, sizeof(*err));
	memset(res, 0, sizeof(*res));
	r.x.g = g;
	r.x.txn = txn;
	r.x.opts = opts;
	r.x.err = err;
	r.x.fctx.timestamp_ms = opts->timestamp_ms;
	r.x.fctx.get_node = xget_node;
	r.x.fctx.arg = &r.x;
	r.x.ctr = &res->counters;
	r.res = res;
	if (stmt->kind != CYPHER_STMT_QUERY) {
		rc = xschema_run(&r.x, stmt, res);
		goto out;
	}
	if (xcompile(&r, stmt) < 0)
		goto out;
	if (xresult_columns(&r) < 0 ||
	    !(row = calloc(r.x.n_vars + 1, sizeof(*row)))) {
		xc_fail(&r.x, CYPHER_EXEC_RUNTIME, stmt->pos, "out of memory");
		goto out;
	}
	if (stmt->explain) {
		rc = 0;
		goto out;
	}
	if (xpush(&r, 0, row) < 0 || xfinish(&r, 0) < 0)
		goto out;
	rc = 0;
out:
	free(row);
	for (size_t i = 0; i < r.n_st; i++)
		xstage_free(&r, &r.st[i]);
	free(r.st);
	for (size_t i = 0; i < r.x.n_vars; i++)
		free(r.x.vars[i]);
	free(r.x.vars);
	for (size_t i = 0; i < r.x.n_pats; i++)
		free(r.x.pats[i].bound.vis);
	free(r.x.pats);
	res->plan = r.x.plan;
	if (rc < 0)
		cypher_result_free(res);
	return rc;
}

/* ------------------------------------------------------------- UNION */

/* The query of stmt from clause *at up to the next UNION (a view of the
 * same tree); *at moves past that UNION. */
static struct cypher_stmt xunion_part(const struct cypher_stmt *stmt,
				      size_t *at)
{
	struct cypher_stmt part = *stmt;
	size_t end = *at;

	while (end < stmt->n_clauses &&
	       stmt->clauses[end].kind != CYPHER_CLAUSE_UNION)
		end++;
	part.clauses = stmt->clauses + *at;
	part.n_clauses = end - *at;
	*at = end + 1;
	return part;
}

static int xunion_fail(struct cypher_exec_err *err, struct cypher_pos pos,
		       const char *msg)
{
	err->code = CYPHER_EXEC_SEMANTIC;
	err->pos = pos;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	return -1;
}

/* Every query of a UNION names the same columns, in the same order. */
static bool xunion_same_columns(const struct cypher_result *a,
				const struct cypher_result *b)
{
	if (a->n_cols != b->n_cols)
		return false;
	for (size_t i = 0; i < a->n_cols; i++)
		if (strcmp(a->columns[i], b->columns[i]) != 0)
			return false;
	return true;
}

/* Appends part's rows to res (each new one only, without ALL). */
static int xunion_add(struct cypher_result *res, struct cypher_result *part,
		      bool all, struct cv_set *seen)
{
	size_t w = res->n_cols;
	struct cv *v = realloc(res->rows,
			       ((res->n_rows + part->n_rows) * w + 1) * sizeof(*v));

	if (!v)
		return -1;
	res->rows = v;
	for (size_t r = 0; r < part->n_rows; r++) {
		struct cv key;
		bool added = true;

		cv_list_init(&key);
		for (size_t c = 0; !all && c < w; c++) {
			struct cv cell;

			if (cv_copy(&cell, &part->rows[r * w + c]) < 0 ||
			    cv_list_push(&key, &cell) < 0) {
				cv_free(&key);
				return -1;
			}
		}
		if (!all && cv_set_add(seen, &key, &added) < 0) {
			cv_free(&key);
			return -1;
		}
		cv_free(&key);
		if (!added)
			continue;
		for (size_t c = 0; c < w; c++) {
			v[res->n_rows * w + c] = part->rows[r * w + c];
			part->rows[r * w + c] = cv_null();
		}
		res->n_rows++;
	}
	return 0;
}

static void xcounters_add(struct cypher_counters *a,
			  const struct cypher_counters *b)
{
	a->nodes_created += b->nodes_created;
	a->nodes_deleted += b->nodes_deleted;
	a->rels_created += b->rels_created;
	a->rels_deleted += b->rels_deleted;
	a->props_set += b->props_set;
	a->labels_added += b->labels_added;
	a->labels_removed += b->labels_removed;
}

/* Compiles every query (EXPLAIN) first, so that different columns are
 * refused before anything runs, then runs them in order. */
static int xexec_union(struct store_graph *g, DB_TXN *txn,
		       const struct cypher_stmt *stmt,
		       const struct cypher_exec_opts *opts,
		       struct cypher_result *res, struct cypher_exec_err *err)
{
	struct cv_set seen = {0};
	bool all = false;
	int rc = 0;

	for (size_t i = 0; i < stmt->n_clauses; i++)
		if (stmt->clauses[i].kind == CYPHER_CLAUSE_UNION)
			all = stmt->clauses[i].u.union_.all;
	for (int pass = 0; rc == 0 && pass < 2; pass++) {
		size_t at = 0;

		for (size_t k = 0; rc == 0 && at < stmt->n_clauses + 1; k++) {
			struct cypher_stmt part = xunion_part(stmt, &at);
			struct cypher_result pres;

			part.explain = pass == 0 || stmt->explain;
			if ((rc = xexec_one(g, txn, &part, opts, &pres, err)) < 0)
				break;
			if (k == 0 && pass == 0) {
				*res = pres;
				res->n_rows = 0;
				res->rows = NULL;
				continue;
			}
			if (!xunion_same_columns(res, &pres))
				rc = xunion_fail(err, part.clauses[0].pos,
						 "every query of a UNION must "
						 "return the same columns "
						 "(DifferentColumnsInUnion)");
			else if (pass == 1 && xunion_add(res, &pres, all, &seen) < 0)
				rc = xunion_fail(err, stmt->pos, "out of memory");
			if (pass == 1)
				xcounters_add(&res->counters, &pres.counters);
			cypher_result_free(&pres);
		}
		if (rc == 0 && stmt->explain)
			break;
	}
	cv_set_free(&seen);
	if (rc == 0 && opts->max_rows && res->n_rows > opts->max_rows)
		rc = xunion_fail(err, stmt->pos,
				 "the result has too many rows; add a LIMIT");
	if (rc < 0)
		cypher_result_free(res);
	return rc;
}

int cypher_exec(struct store_graph *g, DB_TXN *txn,
		const struct cypher_stmt *stmt,
		const struct cypher_exec_opts *opts, struct cypher_result *res,
		struct cypher_exec_err *err)
{
	for (size_t i = 0; stmt->kind == CYPHER_STMT_QUERY && i < stmt->n_clauses;
	     i++)
		if (stmt->clauses[i].kind == CYPHER_CLAUSE_UNION)
			return xexec_union(g, txn, stmt, opts, res, err);
	return xexec_one(g, txn, stmt, opts, res, err);
}

void cypher_result_free(struct cypher_result *res)
{
	for (size_t i = 0; i < res->n_rows * res->n_cols; i++)
		cv_free(&res->rows[i]);
	for (size_t i = 0; i < res->n_cols; i++)
		free(res->columns[i]);
	free(res->columns);
	free(res->rows);
	free(res->plan);
	memset(res, 0, sizeof(*res));
}
