/* cypher_check.c: variable kinds and comprehension aggregates, checked over
 * the syntax tree before the executor compiles it (see cypher_check.h).
 *
 * The pass follows the clauses in order with the variables in scope and
 * what each is known to hold; WITH and RETURN replace the scope by their
 * items (WITH * keeps it). */
#include "graph/cypher_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cypher_exec_int.h"

enum ck_kind {
	CK_ANY,	  /* unknown: may be anything */
	CK_NODE,  /* a node */
	CK_REL,	  /* a relationship */
	CK_RELS,  /* a variable-length relationship's list */
	CK_PATH,  /* a path */
	CK_VALUE, /* a value that is no node, relationship or path */
};

static const char *const ck_names[] = {"a value", "a node", "a relationship",
				       "a relationship list", "a path",
				       "a value"};

struct ck_var {
	const char *name;
	enum ck_kind kind;
};

struct ck {
	struct ck_var *v;
	size_t n, cap;
	struct cypher_error *err;
};

__attribute__((format(printf, 3, 4))) static int
ck_fail(struct ck *c, struct cypher_pos pos, const char *fmt, ...)
{
	va_list ap;

	c->err->line = pos.line;
	c->err->col = pos.col;
	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static struct ck_var *ck_find(struct ck *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].name, name) == 0)
			return &c->v[i];
	return NULL;
}

static int ck_add(struct ck *c, const char *name, enum ck_kind kind)
{
	struct ck_var *v = ck_find(c, name);

	if (v) {
		v->kind = kind;
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;

		if (!(v = realloc(c->v, cap * sizeof(*v))))
			return ck_fail(c, (struct cypher_pos){0, 0},
				       "out of memory while checking the "
				       "query");
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n].name = name;
	c->v[c->n++].kind = kind;
	return 0;
}

/* A pattern element binds name as kind: refused when name holds another
 * kind for certain. An unknown value takes the pattern's kind. */
static int ck_bind(struct ck *c, const char *name, enum ck_kind kind,
		   struct cypher_pos pos)
{
	struct ck_var *v = name ? ck_find(c, name) : NULL;

	if (!name)
		return 0;
	if (!v)
		return ck_add(c, name, kind);
	if (v->kind == kind || v->kind == CK_ANY)
		return 0;
	return ck_fail(c, pos,
		       "type mismatch: variable `%s` is %s here but was "
		       "bound as %s (VariableTypeConflict)",
		       name, ck_names[kind], ck_names[v->kind]);
}

static int ck_path(struct ck *c, const struct cypher_path *p)
{
	for (size_t j = 0; j < p->n_nodes; j++) {
		const struct cypher_node_pat *np = &p->nodes[j];

		if (ck_bind(c, np->var, CK_NODE, np->pos) < 0)
			return -1;
		if (j + 1 < p->n_nodes &&
		    ck_bind(c, p->rels[j].var,
			    p->rels[j].varlen ? CK_RELS : CK_REL,
			    p->rels[j].pos) < 0)
			return -1;
	}
	if (!p->var)
		return 0;
	if (ck_find(c, p->var))
		return ck_fail(c, p->pos,
			       "variable `%s` is already bound: a path "
			       "needs a new variable (VariableAlreadyBound)",
			       p->var);
	return ck_add(c, p->var, CK_PATH);
}

static int ck_paths(struct ck *c, const struct cypher_path *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ck_path(c, &p[i]) < 0)
			return -1;
	return 0;
}

/* What e is known to hold: the kind of a variable, a value for anything
 * an operator or a literal computes, unknown otherwise. */
static enum ck_kind ck_expr_kind(struct ck *c, const struct cypher_expr *e)
{
	const struct ck_var *v;

	switch (e->kind) {
	case CYPHER_EXPR_LITERAL:
		return e->u.lit.kind == CYPHER_LIT_NULL ? CK_ANY : CK_VALUE;
	case CYPHER_EXPR_VAR:
		v = ck_find(c, e->u.name);
		return v ? v->kind : CK_ANY;
	case CYPHER_EXPR_UNARY:
	case CYPHER_EXPR_BINARY:
	case CYPHER_EXPR_IS_NULL:
	case CYPHER_EXPR_LIST:
	case CYPHER_EXPR_MAP:
	case CYPHER_EXPR_LABELS:
	case CYPHER_EXPR_COMP:
		return CK_VALUE;
	default:
		return CK_ANY;
	}
}

/* ------------------------------------------- aggregates in comprehensions */

struct ck_agg {
	struct ck *c;
	int in_comp; /* inside a comprehension's WHERE or projection */
};

static int ck_agg_one(void *ctx, const struct cypher_expr *e)
{
	struct ck_agg *a = ctx, inner = *a;
	enum cv_agg_kind k;

	if (e->kind == CYPHER_EXPR_CALL && a->in_comp &&
	    cv_agg_lookup(e->u.call.name, e->u.call.star, &k))
		return ck_fail(a->c, e->pos,
			       "aggregate %s() is not allowed inside a list "
			       "comprehension or quantifier "
			       "(InvalidAggregation)",
			       e->u.call.name);
	if (e->kind != CYPHER_EXPR_COMP)
		return xexpr_children(e, ck_agg_one, a);
	if (ck_agg_one(a, e->u.comp.list) < 0)
		return -1;
	inner.in_comp = 1;
	if (e->u.comp.where && ck_agg_one(&inner, e->u.comp.where) < 0)
		return -1;
	return e->u.comp.proj ? ck_agg_one(&inner, e->u.comp.proj) : 0;
}

/* Aggregates are allowed in WITH and RETURN items and ORDER BY only (the
 * executor refuses them elsewhere); there, not inside a comprehension. */
static int ck_proj_aggs(struct ck *c, const struct cypher_projection *pj)
{
	struct ck_agg a = {c, 0};

	for (size_t i = 0; i < pj->n_items; i++)
		if (ck_agg_one(&a, pj->items[i].expr) < 0)
			return -1;
	for (size_t i = 0; i < pj->n_order; i++)
		if (ck_agg_one(&a, pj->order[i].expr) < 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------- clauses */

/* WITH and RETURN: the items' kinds, computed in the old scope, become
 * the new scope (WITH * keeps the old variables too). */
static int ck_projection(struct ck *c, const struct cypher_projection *pj)
{
	struct ck next = {NULL, 0, 0, c->err};
	int rc = 0;

	if (ck_proj_aggs(c, pj) < 0)
		return -1;
	for (size_t i = 0; pj->star && rc == 0 && i < c->n; i++)
		rc = ck_add(&next, c->v[i].name, c->v[i].kind);
	for (size_t i = 0; rc == 0 && i < pj->n_items; i++)
		rc = ck_add(&next, cypher_proj_item_column(&pj->items[i]),
			    ck_expr_kind(c, pj->items[i].expr));
	free(c->v);
	*c = next;
	return rc;
}

static int ck_clause(struct ck *c, const struct cypher_clause *cl)
{
	switch (cl->kind) {
	case CYPHER_CLAUSE_MATCH:
		return ck_paths(c, cl->u.match.paths, cl->u.match.n_paths);
	case CYPHER_CLAUSE_CREATE:
		return ck_paths(c, cl->u.create.paths, cl->u.create.n_paths);
	case CYPHER_CLAUSE_MERGE:
		return ck_path(c, &cl->u.merge.path);
	case CYPHER_CLAUSE_UNWIND:
		return ck_add(c, cl->u.unwind.var, CK_ANY);
	case CYPHER_CLAUSE_WITH:
	case CYPHER_CLAUSE_RETURN:
		return ck_projection(c, &cl->u.proj);
	default:
		return 0;
	}
}

int cypher_check(const struct cypher_stmt *stmt, struct cypher_error *err)
{
	struct ck c = {NULL, 0, 0, err};
	int rc = 0;

	memset(err, 0, sizeof(*err));
	if (stmt->kind != CYPHER_STMT_QUERY)
		return 0;
	for (size_t i = 0; rc == 0 && i < stmt->n_clauses; i++)
		rc = ck_clause(&c, &stmt->clauses[i]);
	free(c.v);
	return rc;
}
