/* cypher_eval.c: evaluating Cypher expressions over a row of values.
 *
 * The operators, functions and aggregates themselves live in
 * cypher_value.c and cypher_func.c; this file walks the tree: variables
 * come from the row, parameters from the statement's options, and an
 * aggregate call from the group being emitted (struct xc.aggs). */
#include "graph/cypher_exec_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int xc_fail(struct xc *x, enum cypher_exec_errc code, struct cypher_pos pos,
	    const char *fmt, ...)
{
	va_list ap;

	if (x->err->code != CYPHER_EXEC_OK)
		return -1;
	x->err->code = code;
	x->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(x->err->msg, sizeof(x->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int xc_slot(const struct xc *x, const char *name)
{
	for (size_t i = 0; i < x->n_vars; i++)
		if (strcmp(x->vars[i], name) == 0)
			return (int)i;
	return -1;
}

static int xeval_cv(struct xc *x, const struct cypher_expr *e,
		    const struct cv_err *cerr)
{
	return xc_fail(x,
		       cerr->code == CV_ERR_UNKNOWN ||
			       cerr->code == CV_ERR_ARITY
			   ? CYPHER_EXEC_SEMANTIC
			   : CYPHER_EXEC_RUNTIME,
		       e->pos, "%s", cerr->msg);
}

static int xeval_literal(struct xc *x, const struct cypher_expr *e,
			 struct cv *out)
{
	const struct cypher_literal *l = &e->u.lit;

	switch (l->kind) {
	case CYPHER_LIT_BOOL:
		*out = cv_bool(l->v.b);
		return 0;
	case CYPHER_LIT_INT:
		*out = cv_int(l->v.i);
		return 0;
	case CYPHER_LIT_FLOAT:
		*out = cv_float(l->v.f);
		return 0;
	case CYPHER_LIT_STRING:
		if (cv_cstring(out, l->v.s) < 0)
			return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
				       "out of memory");
		return 0;
	case CYPHER_LIT_NULL:
	default:
		*out = cv_null();
		return 0;
	}
}

static int xeval_var(struct xc *x, const struct cv *row,
		     const struct cypher_expr *e, struct cv *out)
{
	int slot = xc_slot(x, e->u.name);

	if (slot < 0)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "variable `%s` not defined", e->u.name);
	/* No row: a constant expression (SKIP, LIMIT) named a variable. */
	if (!row)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "SKIP and LIMIT take a constant or a "
			       "parameter, not the variable `%s`",
			       e->u.name);
	if (cv_copy(out, &row[slot]) < 0)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	return 0;
}

static int xeval_param(struct xc *x, const struct cypher_expr *e,
		       struct cv *out)
{
	const struct cv *v =
	    x->opts->params ? cv_map_get(x->opts->params, e->u.name) : NULL;

	if (!v)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "expected parameter $%s (pass it with --param "
			       "%s=VALUE)",
			       e->u.name, e->u.name);
	if (cv_copy(out, v) < 0)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	return 0;
}

static int xeval_call(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, struct cv *out)
{
	const struct cv_func *f;
	enum cv_agg_kind kind;
	struct cv args[8];
	struct cv_err cerr = {0};
	size_t n = e->u.call.n_args;
	int rc = 0;

	if (cv_agg_lookup(e->u.call.name, e->u.call.star, &kind)) {
		for (size_t i = 0; i < x->n_aggs; i++)
			if (x->aggs[i].call == e)
				return cv_copy(out, &x->aggs[i].value) < 0
					   ? xc_fail(x, CYPHER_EXEC_RUNTIME,
						     e->pos, "out of memory")
					   : 0;
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "aggregate %s() is not allowed here (only in "
			       "WITH and RETURN items)",
			       e->u.call.name);
	}
	if (!(f = cv_func_lookup(e->u.call.name)))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "unknown function '%s'", e->u.call.name);
	if (!x->fctx.rng) {
		/* splitmix64 of the statement's clock: never 0 */
		uint64_t z = (uint64_t)x->fctx.timestamp_ms + 0x9e3779b97f4a7c15u;

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		x->rng = (z ^ (z >> 31)) | 1;
		x->fctx.rng = &x->rng;
	}
	if (n > sizeof(args) / sizeof(args[0]))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "too many arguments to %s()", e->u.call.name);
	for (size_t i = 0; i < n; i++)
		args[i] = cv_null();
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = xeval(x, row, e->u.call.args[i], &args[i]);
	if (rc == 0 && n == 1)
		rc = xdeleted_check(x, e, e->u.call.name, &args[0]);
	if (rc == 0 && cv_func_call(f, &x->fctx, args, n, out, &cerr) < 0)
		rc = xeval_cv(x, e, &cerr);
	for (size_t i = 0; i < n; i++)
		cv_free(&args[i]);
	return rc;
}

/* Simple CASE compares the subject with each WHEN by equality; generic
 * CASE takes the first WHEN that is true. */
static int xeval_case(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, struct cv *out)
{
	struct cv subj = cv_null(), w = cv_null();
	int rc = 0;
	bool hit = false;

	if (e->u.case_.subject)
		rc = xeval(x, row, e->u.case_.subject, &subj);
	for (size_t i = 0; rc == 0 && !hit && i < e->u.case_.n_alts; i++) {
		const struct cypher_case_alt *a = &e->u.case_.alts[i];

		if ((rc = xeval(x, row, a->when, &w)) < 0)
			break;
		hit = e->u.case_.subject ? cv_equals(&subj, &w) == CV_TRUE
					 : cv_is_true(&w);
		cv_free(&w);
		if (hit)
			rc = xeval(x, row, a->then, out);
	}
	if (rc == 0 && !hit)
		rc = e->u.case_.otherwise
			 ? xeval(x, row, e->u.case_.otherwise, out)
			 : (*out = cv_null(), 0);
	cv_free(&subj);
	return rc;
}

static int xeval_list(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, struct cv *out)
{
	struct cv item;

	cv_list_init(out);
	for (size_t i = 0; i < e->u.list.n_items; i++) {
		if (xeval(x, row, e->u.list.items[i], &item) < 0)
			goto err;
		if (cv_list_push(out, &item) < 0) {
			xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
				"out of memory");
			goto err;
		}
	}
	return 0;
err:
	cv_free(out);
	return -1;
}

static int xeval_map(struct xc *x, const struct cv *row,
		     const struct cypher_expr *e, struct cv *out)
{
	struct cv val;

	cv_map_init(out);
	for (size_t i = 0; i < e->u.map.n_entries; i++) {
		const struct cypher_map_entry *m = &e->u.map.entries[i];

		if (xeval(x, row, m->value, &val) < 0)
			goto err;
		if (cv_map_set(&out->u.map, m->key, &val) < 0) {
			xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
				"out of memory");
			goto err;
		}
	}
	return 0;
err:
	cv_free(out);
	return -1;
}

/* n:Label:Other: true when the node has every label; r:TYPE: true when
 * it is the relationship's type; null for null. */
static int xeval_labels(struct xc *x, const struct cv *row,
			const struct cypher_expr *e, struct cv *out)
{
	struct cv obj;
	bool all = true;

	if (xeval(x, row, e->u.labels.obj, &obj) < 0)
		return -1;
	if (obj.kind == CV_NULL) {
		*out = cv_null();
		return 0;
	}
	if (obj.kind != CV_NODE && obj.kind != CV_REL) {
		enum cv_kind k = obj.kind;

		cv_free(&obj);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
			       "a label test needs a node or a relationship, "
			       "not %s",
			       cv_kind_name(k));
	}
	for (size_t i = 0; all && i < e->u.labels.n_labels; i++) {
		const char *want = e->u.labels.labels[i];
		bool has = obj.kind == CV_REL &&
			   strcmp(obj.u.rel.type, want) == 0;

		for (size_t j = 0; obj.kind == CV_NODE && j < obj.u.node.n_labels;
		     j++)
			has |= strcmp(obj.u.node.labels[j], want) == 0;
		all = has;
	}
	cv_free(&obj);
	*out = cv_bool(all);
	return 0;
}

static int xeval_local(struct xc *x, const struct cypher_expr *e,
		       struct cv *out)
{
	const struct xlocal *l = x->locals;

	for (int up = e->u.local.up; l && up > 0; up--)
		l = l->up;
	/* The parser nests LOCALs inside their comprehension only. */
	if (!l)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, e->pos,
			       "variable `%s` is used outside its "
			       "comprehension",
			       e->u.local.name);
	if (cv_copy(out, l->val) < 0)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	return 0;
}

/* A comprehension's WHERE for one element: CV_TRUE, CV_FALSE or
 * CV_UNKNOWN (null) in *t. */
static int xeval_tri(struct xc *x, const struct cv *row,
		     const struct cypher_expr *e, enum cv_tri *t)
{
	struct cv v;

	if (!e) {
		*t = CV_TRUE;
		return 0;
	}
	if (xeval(x, row, e, &v) < 0)
		return -1;
	if (v.kind != CV_BOOL && v.kind != CV_NULL) {
		enum cv_kind k = v.kind;

		cv_free(&v);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
			       "WHERE needs a boolean, not %s",
			       cv_kind_name(k));
	}
	*t = v.kind == CV_NULL ? CV_UNKNOWN : v.u.b ? CV_TRUE : CV_FALSE;
	return 0;
}

/* What the WHERE answers counted so far. */
struct xtally {
	size_t t, f, unknown;
};

/* A quantifier's answer from the tally (three-valued, as openCypher):
 * a decisive element wins over nulls, else a null makes the answer
 * null. */
static struct cv xquantify(enum cypher_comp_kind kind, const struct xtally *n)
{
	switch (kind) {
	case CYPHER_COMP_ALL:
		return n->f ? cv_bool(false) : n->unknown ? cv_null()
							  : cv_bool(true);
	case CYPHER_COMP_ANY:
		return n->t ? cv_bool(true) : n->unknown ? cv_null()
							 : cv_bool(false);
	case CYPHER_COMP_NONE:
		return n->t ? cv_bool(false) : n->unknown ? cv_null()
							  : cv_bool(true);
	default: /* SINGLE */
		return n->t > 1	     ? cv_bool(false)
		       : n->unknown ? cv_null()
				    : cv_bool(n->t == 1);
	}
}

/* True once more elements cannot change the quantifier's answer. */
static bool xquantify_done(enum cypher_comp_kind kind, const struct xtally *n)
{
	switch (kind) {
	case CYPHER_COMP_ALL:
		return n->f > 0;
	case CYPHER_COMP_ANY:
	case CYPHER_COMP_NONE:
		return n->t > 0;
	case CYPHER_COMP_SINGLE:
		return n->t > 1;
	default:
		return false;
	}
}

/* One element of a list comprehension whose WHERE held: its projection
 * (or the element itself) appended to out. */
static int xcomp_take(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, const struct cv *item,
		      struct cv *out)
{
	struct cv v;

	if (e->u.comp.proj) {
		if (xeval(x, row, e->u.comp.proj, &v) < 0)
			return -1;
	} else if (cv_copy(&v, item) < 0) {
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	}
	if (cv_list_push(out, &v) < 0)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos, "out of memory");
	return 0;
}

/* [x IN l WHERE p | e] and all/any/none/single(x IN l WHERE p): null
 * when l is null. The element is bound by a frame on this stack for as
 * long as WHERE and the projection run. */
static int xeval_comp(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, struct cv *out)
{
	enum cypher_comp_kind kind = e->u.comp.kind;
	struct xlocal fr = {NULL, x->locals};
	struct xtally n = {0, 0, 0};
	struct cv list;
	enum cv_tri t = CV_TRUE;
	int rc = 0;

	if (xeval(x, row, e->u.comp.list, &list) < 0)
		return -1;
	if (list.kind == CV_NULL)
		return 0;
	if (list.kind != CV_LIST) {
		enum cv_kind k = list.kind;

		cv_free(&list);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->u.comp.list->pos,
			       "a comprehension needs a list after IN, not %s",
			       cv_kind_name(k));
	}
	if (kind == CYPHER_COMP_LIST)
		cv_list_init(out);
	x->locals = &fr;
	for (size_t i = 0; rc == 0 && i < list.u.list.n; i++) {
		fr.val = &list.u.list.items[i];
		if ((rc = xeval_tri(x, row, e->u.comp.where, &t)) < 0)
			break;
		if (kind == CYPHER_COMP_LIST) {
			if (t == CV_TRUE)
				rc = xcomp_take(x, row, e, fr.val, out);
			continue;
		}
		n.t += t == CV_TRUE;
		n.f += t == CV_FALSE;
		n.unknown += t == CV_UNKNOWN;
		if (xquantify_done(kind, &n))
			break;
	}
	x->locals = fr.up;
	cv_free(&list);
	if (rc < 0) {
		cv_free(out);
		return -1;
	}
	if (kind != CYPHER_COMP_LIST)
		*out = xquantify(kind, &n);
	return 0;
}

/* Evaluates a, b and applies op (unary when b is NULL). */
static int xeval_op(struct xc *x, const struct cv *row,
		    const struct cypher_expr *e, enum cypher_op op,
		    const struct cypher_expr *ea, const struct cypher_expr *eb,
		    struct cv *out)
{
	struct cv a = cv_null(), b = cv_null();
	struct cv_err cerr = {0};
	int rc;

	if ((rc = xeval(x, row, ea, &a)) == 0 && eb)
		rc = xeval(x, row, eb, &b);
	if (rc == 0 && (eb ? cv_binary(op, &a, &b, out, &cerr)
			   : cv_unary(op, &a, out, &cerr)) < 0)
		rc = xeval_cv(x, e, &cerr);
	cv_free(&a);
	cv_free(&b);
	return rc;
}

static int xeval_access(struct xc *x, const struct cv *row,
			const struct cypher_expr *e, struct cv *out)
{
	struct cv obj = cv_null(), i = cv_null(), j = cv_null();
	struct cv_err cerr = {0};
	int rc = 0;

	switch (e->kind) {
	case CYPHER_EXPR_PROP:
		if ((rc = xeval(x, row, e->u.prop.obj, &obj)) == 0 &&
		    (rc = xdeleted_check(x, e, NULL, &obj)) == 0 &&
		    cv_property(&obj, e->u.prop.key, out, &cerr) < 0)
			rc = xeval_cv(x, e, &cerr);
		break;
	case CYPHER_EXPR_INDEX:
		if ((rc = xeval(x, row, e->u.index.obj, &obj)) == 0 &&
		    (rc = xeval(x, row, e->u.index.index, &i)) == 0 &&
		    cv_index(&obj, &i, out, &cerr) < 0)
			rc = xeval_cv(x, e, &cerr);
		break;
	default: /* SLICE */
		if ((rc = xeval(x, row, e->u.slice.obj, &obj)) == 0 &&
		    (!e->u.slice.from ||
		     (rc = xeval(x, row, e->u.slice.from, &i)) == 0) &&
		    (!e->u.slice.to ||
		     (rc = xeval(x, row, e->u.slice.to, &j)) == 0) &&
		    cv_slice(&obj, e->u.slice.from ? &i : NULL,
			     e->u.slice.to ? &j : NULL, out, &cerr) < 0)
			rc = xeval_cv(x, e, &cerr);
		break;
	}
	cv_free(&obj);
	cv_free(&i);
	cv_free(&j);
	return rc;
}

static int xeval_kind(struct xc *x, const struct cv *row,
		      const struct cypher_expr *e, struct cv *out)
{
	*out = cv_null();
	switch (e->kind) {
	case CYPHER_EXPR_LITERAL:
		return xeval_literal(x, e, out);
	case CYPHER_EXPR_PARAM:
		return xeval_param(x, e, out);
	case CYPHER_EXPR_VAR:
		return xeval_var(x, row, e, out);
	case CYPHER_EXPR_PROP:
	case CYPHER_EXPR_INDEX:
	case CYPHER_EXPR_SLICE:
		return xeval_access(x, row, e, out);
	case CYPHER_EXPR_CALL:
		return xeval_call(x, row, e, out);
	case CYPHER_EXPR_UNARY:
		return xeval_op(x, row, e, e->u.unary.op, e->u.unary.arg, NULL,
				out);
	case CYPHER_EXPR_BINARY:
		return xeval_op(x, row, e, e->u.binary.op, e->u.binary.lhs,
				e->u.binary.rhs, out);
	case CYPHER_EXPR_IS_NULL: {
		struct cv v;

		if (xeval(x, row, e->u.is_null.arg, &v) < 0)
			return -1;
		*out = cv_bool((v.kind == CV_NULL) != e->u.is_null.negated);
		cv_free(&v);
		return 0;
	}
	case CYPHER_EXPR_CASE:
		return xeval_case(x, row, e, out);
	case CYPHER_EXPR_LIST:
		return xeval_list(x, row, e, out);
	case CYPHER_EXPR_MAP:
		return xeval_map(x, row, e, out);
	case CYPHER_EXPR_LABELS:
		return xeval_labels(x, row, e, out);
	case CYPHER_EXPR_COMP:
		return xeval_comp(x, row, e, out);
	case CYPHER_EXPR_LOCAL:
		return xeval_local(x, e, out);
	case CYPHER_EXPR_PATTERN:
		return xeval_pattern(x, row, e, out);
	}
	return xc_fail(x, CYPHER_EXEC_UNSUPPORTED, e->pos,
		       "expression kind %d is not supported", (int)e->kind);
}

int xeval(struct xc *x, const struct cv *row, const struct cypher_expr *e,
	  struct cv *out)
{
	if (xeval_kind(x, row, e, out) < 0)
		return -1;
	if (xbound_value(x, e, out) < 0) {
		cv_free(out);
		return -1;
	}
	return 0;
}

int xeval_pred(struct xc *x, const struct cv *row, const struct cypher_expr *e,
	       bool *keep)
{
	struct cv v;

	if (xeval(x, row, e, &v) < 0)
		return -1;
	if (v.kind != CV_BOOL && v.kind != CV_NULL) {
		enum cv_kind k = v.kind;

		cv_free(&v);
		return xc_fail(x, CYPHER_EXEC_RUNTIME, e->pos,
			       "WHERE needs a boolean, not %s",
			       cv_kind_name(k));
	}
	*keep = cv_is_true(&v);
	cv_free(&v);
	return 0;
}

/* ------------------------------------------------------------ aggregates */

/* Calls fn on each direct subexpression of e (NULL ones skipped), until
 * fn returns -1; returns what the last call returned. */
int xexpr_children(const struct cypher_expr *e,
		   int (*fn)(void *ctx, const struct cypher_expr *child),
		   void *ctx)
{
	const struct cypher_expr *c[4] = {NULL, NULL, NULL, NULL};
	struct cypher_expr *const *v = NULL;
	size_t nv = 0;
	int rc = 0;

	switch (e->kind) {
	case CYPHER_EXPR_CALL:
		v = e->u.call.args, nv = e->u.call.n_args;
		break;
	case CYPHER_EXPR_PROP:
		c[0] = e->u.prop.obj;
		break;
	case CYPHER_EXPR_INDEX:
		c[0] = e->u.index.obj, c[1] = e->u.index.index;
		break;
	case CYPHER_EXPR_SLICE:
		c[0] = e->u.slice.obj, c[1] = e->u.slice.from;
		c[2] = e->u.slice.to;
		break;
	case CYPHER_EXPR_UNARY:
		c[0] = e->u.unary.arg;
		break;
	case CYPHER_EXPR_BINARY:
		c[0] = e->u.binary.lhs, c[1] = e->u.binary.rhs;
		break;
	case CYPHER_EXPR_IS_NULL:
		c[0] = e->u.is_null.arg;
		break;
	case CYPHER_EXPR_CASE:
		c[0] = e->u.case_.subject, c[1] = e->u.case_.otherwise;
		for (size_t i = 0; rc == 0 && i < e->u.case_.n_alts; i++)
			if ((rc = fn(ctx, e->u.case_.alts[i].when)) == 0)
				rc = fn(ctx, e->u.case_.alts[i].then);
		break;
	case CYPHER_EXPR_LIST:
		v = e->u.list.items, nv = e->u.list.n_items;
		break;
	case CYPHER_EXPR_MAP:
		for (size_t i = 0; rc == 0 && i < e->u.map.n_entries; i++)
			rc = fn(ctx, e->u.map.entries[i].value);
		break;
	case CYPHER_EXPR_LABELS:
		c[0] = e->u.labels.obj;
		break;
	case CYPHER_EXPR_COMP:
		c[0] = e->u.comp.list, c[1] = e->u.comp.where;
		c[2] = e->u.comp.proj;
		break;
	default:
		break;
	}
	for (size_t i = 0; rc == 0 && i < 4; i++)
		if (c[i])
			rc = fn(ctx, c[i]);
	for (size_t i = 0; rc == 0 && i < nv; i++)
		rc = fn(ctx, v[i]);
	return rc;
}

struct xwalk {
	void (*fn)(void *ctx, const struct cypher_expr *call);
	void *ctx;
};

/* Visits aggregate calls (not looking inside them: an aggregate of an
 * aggregate is refused by the checker). */
static int xexpr_walk(void *ctx, const struct cypher_expr *e)
{
	struct xwalk *w = ctx;
	enum cv_agg_kind k;

	if (e->kind == CYPHER_EXPR_CALL &&
	    cv_agg_lookup(e->u.call.name, e->u.call.star, &k)) {
		w->fn(w->ctx, e);
		return 0;
	}
	return xexpr_children(e, xexpr_walk, w);
}

void xexpr_each_agg(const struct cypher_expr *e,
		    void (*fn)(void *ctx, const struct cypher_expr *call),
		    void *ctx)
{
	struct xwalk w = {fn, ctx};

	if (e)
		xexpr_walk(&w, e);
}

static void xexpr_found(void *ctx, const struct cypher_expr *call)
{
	(void)call;
	*(bool *)ctx = true;
}

bool xexpr_has_agg(const struct cypher_expr *e)
{
	bool found = false;

	xexpr_each_agg(e, xexpr_found, &found);
	return found;
}
