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
#include <strings.h>

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

/* What an expression is known to evaluate to (or null). */
enum ck_type {
	CT_ANY,
	CT_NULL,
	CT_BOOL,
	CT_INT,
	CT_FLOAT,
	CT_STRING,
	CT_LIST,
	CT_MAP,
	CT_NODE,
	CT_REL,
	CT_PATH,
};

static const char *const ct_names[] = {
    "anything",	 "null",  "a boolean", "an integer", "a float", "a string",
    "a list",	 "a map", "a node",    "a relationship", "a path"};

#define CT_BIT(t) (1u << (t))
#define CT_ENTITY (CT_BIT(CT_NODE) | CT_BIT(CT_REL) | CT_BIT(CT_PATH))
#define CT_NUMBER (CT_BIT(CT_INT) | CT_BIT(CT_FLOAT))

struct ck_var {
	const char *name;
	enum ck_kind kind;
	enum ck_type type;
};

/* A comprehension variable's element type while its body is checked. */
struct ck_local {
	enum ck_type type;
	const struct ck_local *up;
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

static int ck_add_typed(struct ck *c, const char *name, enum ck_kind kind,
			enum ck_type type)
{
	struct ck_var *v = ck_find(c, name);

	if (v) {
		v->kind = kind;
		v->type = type;
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
	c->v[c->n].type = type;
	c->v[c->n++].kind = kind;
	return 0;
}

static int ck_add(struct ck *c, const char *name, enum ck_kind kind)
{
	static const enum ck_type types[] = {CT_ANY,  CT_NODE, CT_REL,
					     CT_LIST, CT_PATH, CT_ANY};

	return ck_add_typed(c, name, kind, types[kind]);
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
	/* a list value may be a list of relationships */
	if (v->kind == kind || v->kind == CK_ANY ||
	    (kind == CK_RELS && v->type == CT_LIST))
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

/* ------------------------------------------------------ expression types */

static enum ck_type ck_type_of(struct ck *c, const struct ck_local *l,
			       const struct cypher_expr *e);

static enum ck_type ck_lit_type(const struct cypher_literal *lit)
{
	static const enum ck_type t[] = {CT_NULL, CT_BOOL, CT_INT, CT_FLOAT,
					 CT_STRING};

	return t[lit->kind];
}

/* The element type of a list literal whose elements share one type. */
static enum ck_type ck_elem_type(struct ck *c, const struct ck_local *l,
				 const struct cypher_expr *list)
{
	enum ck_type t = CT_ANY;

	if (list->kind != CYPHER_EXPR_LIST || !list->u.list.n_items)
		return CT_ANY;
	for (size_t i = 0; i < list->u.list.n_items; i++) {
		enum ck_type u = ck_type_of(c, l, list->u.list.items[i]);

		if (u == CT_ANY || u == CT_NULL || (i && u != t))
			return CT_ANY;
		t = u;
	}
	return t;
}

static enum ck_type ck_binary_type(enum cypher_op op)
{
	switch (op) {
	case CYPHER_OP_ADD:
	case CYPHER_OP_SUB:
	case CYPHER_OP_MUL:
	case CYPHER_OP_DIV:
	case CYPHER_OP_MOD:
	case CYPHER_OP_POW:
		return CT_ANY;
	default:
		return CT_BOOL; /* logic, comparisons, predicates */
	}
}

/* The type e is known to evaluate to (null aside), or CT_ANY. Reads no
 * more than the expression tree's height of stack. */
static enum ck_type ck_type_of(struct ck *c, const struct ck_local *l,
			       const struct cypher_expr *e)
{
	const struct ck_var *v;

	switch (e->kind) {
	case CYPHER_EXPR_LITERAL:
		return ck_lit_type(&e->u.lit);
	case CYPHER_EXPR_VAR:
		v = ck_find(c, e->u.name);
		return v ? v->type : CT_ANY;
	case CYPHER_EXPR_LOCAL:
		for (int up = e->u.local.up; l && up > 0; up--)
			l = l->up;
		return l ? l->type : CT_ANY;
	case CYPHER_EXPR_LIST:
		return CT_LIST;
	case CYPHER_EXPR_MAP:
		return CT_MAP;
	case CYPHER_EXPR_COMP:
		return e->u.comp.kind == CYPHER_COMP_LIST ? CT_LIST : CT_BOOL;
	case CYPHER_EXPR_BINARY:
		return ck_binary_type(e->u.binary.op);
	case CYPHER_EXPR_UNARY:
		return e->u.unary.op == CYPHER_OP_NOT ? CT_BOOL : CT_ANY;
	case CYPHER_EXPR_IS_NULL:
	case CYPHER_EXPR_LABELS:
		return CT_BOOL;
	default:
		return CT_ANY;
	}
}

/* Refuses operand e when its type is one of the bad ones (a bit set). */
static int ck_operand(struct ck *c, const struct ck_local *l,
		      const struct cypher_expr *e, unsigned bad,
		      const char *what, struct cypher_pos pos)
{
	enum ck_type t = ck_type_of(c, l, e);

	if (!(CT_BIT(t) & bad))
		return 0;
	return ck_fail(c, pos, "type mismatch: %s cannot take %s "
			       "(InvalidArgumentType)",
		       what, ct_names[t]);
}

static const char *ck_op_text(enum cypher_op op)
{
	static const char *const t[] = {
	    "NOT", "-",	 "+",  "OR", "XOR", "AND",	   "=",
	    "<>",  "<",	 "<=", ">",  ">=",  "IN",	   "STARTS WITH",
	    "ENDS WITH", "CONTAINS", "+", "-",  "*",   "/", "%", "^"};

	return t[op];
}

static int ck_ops(struct ck *c, const struct ck_local *l,
		  const struct cypher_expr *e)
{
	const unsigned not_bool = ~(CT_BIT(CT_ANY) | CT_BIT(CT_NULL) |
				    CT_BIT(CT_BOOL));
	const unsigned not_num = CT_BIT(CT_BOOL) | CT_BIT(CT_STRING) |
				 CT_BIT(CT_LIST) | CT_BIT(CT_MAP) | CT_ENTITY;
	enum cypher_op op = e->kind == CYPHER_EXPR_UNARY ? e->u.unary.op
							 : e->u.binary.op;
	char what[40];

	snprintf(what, sizeof(what), "'%s'", ck_op_text(op));
	if (e->kind == CYPHER_EXPR_UNARY)
		return op == CYPHER_OP_NOT
			   ? ck_operand(c, l, e->u.unary.arg, not_bool, what,
					e->pos)
			   : ck_operand(c, l, e->u.unary.arg, not_num, what,
					e->pos);
	switch (op) {
	case CYPHER_OP_AND:
	case CYPHER_OP_OR:
	case CYPHER_OP_XOR:
		return ck_operand(c, l, e->u.binary.lhs, not_bool, what,
				  e->pos) < 0 ||
			       ck_operand(c, l, e->u.binary.rhs, not_bool,
					  what, e->pos) < 0
			   ? -1
			   : 0;
	case CYPHER_OP_SUB:
	case CYPHER_OP_MUL:
	case CYPHER_OP_DIV:
	case CYPHER_OP_MOD:
	case CYPHER_OP_POW:
		return ck_operand(c, l, e->u.binary.lhs, not_num, what,
				  e->pos) < 0 ||
			       ck_operand(c, l, e->u.binary.rhs, not_num, what,
					  e->pos) < 0
			   ? -1
			   : 0;
	case CYPHER_OP_IN:
		return ck_operand(c, l, e->u.binary.rhs,
				  not_bool & ~CT_BIT(CT_LIST), what, e->pos);
	default:
		return 0;
	}
}

/* Functions whose argument kinds Neo4j checks at compile time. */
static int ck_call(struct ck *c, const struct ck_local *l,
		   const struct cypher_expr *e)
{
	static const struct {
		const char *name;
		unsigned bad;
	} rules[] = {
	    {"type", CT_BIT(CT_NODE) | CT_BIT(CT_PATH)},
	    {"length", CT_BIT(CT_NODE) | CT_BIT(CT_REL)},
	    {"size", CT_ENTITY},
	    {"labels", CT_BIT(CT_REL) | CT_BIT(CT_PATH)},
	};
	char what[64];

	if (e->u.call.n_args != 1)
		return 0;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strcasecmp(rules[i].name, e->u.call.name) != 0)
			continue;
		snprintf(what, sizeof(what), "%s()", rules[i].name);
		return ck_operand(c, l, e->u.call.args[0], rules[i].bad, what,
				  e->pos);
	}
	return 0;
}

struct ck_walk {
	struct ck *c;
	const struct ck_local *l;
};

/* Checks every operator, property access and checked call in e. */
static int ck_expr_walk(void *ctx, const struct cypher_expr *e)
{
	struct ck_walk *w = ctx, inner;
	struct ck_local fr;
	const unsigned not_map = CT_BIT(CT_BOOL) | CT_NUMBER |
				 CT_BIT(CT_STRING) | CT_BIT(CT_LIST) |
				 CT_BIT(CT_PATH);

	switch (e->kind) {
	case CYPHER_EXPR_UNARY:
	case CYPHER_EXPR_BINARY:
		if (ck_ops(w->c, w->l, e) < 0)
			return -1;
		break;
	case CYPHER_EXPR_PROP:
		if (ck_operand(w->c, w->l, e->u.prop.obj, not_map,
			       "property access", e->pos) < 0)
			return -1;
		break;
	case CYPHER_EXPR_CALL:
		if (ck_call(w->c, w->l, e) < 0)
			return -1;
		break;
	case CYPHER_EXPR_COMP:
		if (ck_expr_walk(w, e->u.comp.list) < 0)
			return -1;
		fr.type = ck_elem_type(w->c, w->l, e->u.comp.list);
		fr.up = w->l;
		inner.c = w->c;
		inner.l = &fr;
		if (e->u.comp.where && ck_expr_walk(&inner, e->u.comp.where))
			return -1;
		return e->u.comp.proj ? ck_expr_walk(&inner, e->u.comp.proj)
				      : 0;
	default:
		break;
	}
	return xexpr_children(e, ck_expr_walk, w);
}

static int ck_expr(struct ck *c, const struct cypher_expr *e)
{
	struct ck_walk w = {c, NULL};

	return e ? ck_expr_walk(&w, e) : 0;
}

/* WHERE takes a boolean: a node, a number, ... is refused. */
static int ck_where(struct ck *c, const struct cypher_expr *e)
{
	const unsigned not_bool = ~(CT_BIT(CT_ANY) | CT_BIT(CT_NULL) |
				    CT_BIT(CT_BOOL));

	if (!e)
		return 0;
	return ck_expr(c, e) < 0 ? -1
				 : ck_operand(c, NULL, e, not_bool, "WHERE",
					      e->pos);
}

/* ------------------------------------------- aggregates in comprehensions */

struct ck_agg {
	struct ck *c;
	int in_comp; /* inside a comprehension's WHERE or projection */
	int in_agg;  /* inside an aggregate's argument */
};

static int ck_agg_one(void *ctx, const struct cypher_expr *e)
{
	struct ck_agg *a = ctx, inner = *a;
	enum cv_agg_kind k;
	bool agg = e->kind == CYPHER_EXPR_CALL &&
		   cv_agg_lookup(e->u.call.name, e->u.call.star, &k);

	if (agg && a->in_comp)
		return ck_fail(a->c, e->pos,
			       "aggregate %s() is not allowed inside a list "
			       "comprehension or quantifier "
			       "(InvalidAggregation)",
			       e->u.call.name);
	/* every group would aggregate different random values */
	if (e->kind == CYPHER_EXPR_CALL && a->in_agg &&
	    strcasecmp(e->u.call.name, "rand") == 0)
		return ck_fail(a->c, e->pos,
			       "rand() is not allowed inside an aggregate "
			       "(NonConstantExpression)");
	inner.in_agg |= agg;
	if (agg)
		return xexpr_children(e, ck_agg_one, &inner);
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
	struct ck_agg a = {c, 0, 0};

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
	for (size_t i = 0; rc == 0 && i < pj->n_items; i++)
		rc = ck_expr(c, pj->items[i].expr);
	for (size_t i = 0; rc == 0 && i < pj->n_order; i++)
		rc = ck_expr(c, pj->order[i].expr);
	for (size_t i = 0; pj->star && rc == 0 && i < c->n; i++)
		rc = ck_add_typed(&next, c->v[i].name, c->v[i].kind,
				  c->v[i].type);
	for (size_t i = 0; rc == 0 && i < pj->n_items; i++) {
		const struct cypher_expr *e = pj->items[i].expr;

		rc = ck_add_typed(&next, cypher_proj_item_column(&pj->items[i]),
				  ck_expr_kind(c, e), ck_type_of(c, NULL, e));
	}
	free(c->v);
	*c = next;
	/* WITH ... WHERE sees the new scope */
	return rc < 0 ? -1 : ck_where(c, pj->where);
}

static int ck_clause(struct ck *c, const struct cypher_clause *cl)
{
	switch (cl->kind) {
	case CYPHER_CLAUSE_MATCH:
		if (ck_paths(c, cl->u.match.paths, cl->u.match.n_paths) < 0)
			return -1;
		return ck_where(c, cl->u.match.where);
	case CYPHER_CLAUSE_CREATE:
		return ck_paths(c, cl->u.create.paths, cl->u.create.n_paths);
	case CYPHER_CLAUSE_MERGE:
		return ck_path(c, &cl->u.merge.path);
	case CYPHER_CLAUSE_UNWIND:
		if (ck_expr(c, cl->u.unwind.expr) < 0)
			return -1;
		return ck_add(c, cl->u.unwind.var, CK_ANY);
	case CYPHER_CLAUSE_WITH:
	case CYPHER_CLAUSE_RETURN:
		return ck_projection(c, &cl->u.proj);
	case CYPHER_CLAUSE_UNION:
		c->n = 0; /* the next query starts with nothing in scope */
		return 0;
	case CYPHER_CLAUSE_CALL:
		for (size_t i = 0; i < cl->u.call.n_args; i++)
			if (ck_expr(c, cl->u.call.args[i]) < 0)
				return -1;
		for (size_t i = 0; i < cl->u.call.n_yields; i++)
			if (ck_add(c, cl->u.call.yields[i].var, CK_ANY) < 0)
				return -1;
		return ck_where(c, cl->u.call.where);
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
