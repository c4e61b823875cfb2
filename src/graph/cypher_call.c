/* cypher_call.c: the CALL clause: looks the procedure up (cypher_proc.h),
 * checks its arguments and YIELD against the declaration before anything
 * runs, and binds each record's fields to the yielded variables. */
#include "graph/cypher_exec_int.h"
#include "graph/cypher_proc.h"

#include <stdlib.h>
#include <string.h>

struct xcall {
	const struct cypher_clause *cl;
	const struct cypher_proc *p;
	bool standalone;
	size_t n_yield;
	size_t *field; /* per yielded variable: its output field */
	int *slot;     /* per yielded variable: its row slot */
	const char **names;
};

void xcall_free(struct xcall *c)
{
	if (!c)
		return;
	free(c->field);
	free(c->slot);
	free(c->names);
	free(c);
}

/* The arguments: as many as declared, literals of the declared types, and
 * an implicit call only where the parameters can stand for them. */
static int xcall_check_args(struct xc *x, const struct xscope *sc,
			    struct xcall *c)
{
	const struct cypher_clause *cl = c->cl;
	const struct cypher_proc *p = c->p;

	if (cl->u.call.implicit) {
		if (p->n_in && !c->standalone)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, cl->pos,
				       "procedure %s takes arguments: pass "
				       "them in parentheses inside a query "
				       "(InvalidArgumentPassingMode)",
				       p->name);
		for (size_t i = 0; i < p->n_in; i++)
			if (!x->opts->params ||
			    !cv_map_get(x->opts->params, p->in[i].name))
				return xc_fail(x, CYPHER_EXEC_SEMANTIC,
					       cl->pos,
					       "expected parameter $%s for "
					       "procedure %s",
					       p->in[i].name, p->name);
		return 0;
	}
	if (cl->u.call.n_args != p->n_in)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, cl->pos,
			       "procedure %s takes %zu argument%s, not %zu "
			       "(InvalidNumberOfArguments)",
			       p->name, p->n_in, p->n_in == 1 ? "" : "s",
			       cl->u.call.n_args);
	for (size_t i = 0; i < p->n_in; i++) {
		const struct cypher_expr *a = cl->u.call.args[i];
		struct cv v;
		bool ok;

		if (xscope_check(x, sc, a) < 0)
			return -1;
		if (a->kind != CYPHER_EXPR_LITERAL)
			continue;
		if (xeval(x, NULL, a, &v) < 0)
			return -1;
		ok = cypher_proc_coerce(p->in[i].type, &v);
		cv_free(&v);
		if (!ok)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, a->pos,
				       "argument `%s` of procedure %s is %s, "
				       "not the wrong literal "
				       "(InvalidArgumentType)",
				       p->in[i].name, p->name,
				       cypher_proc_type_name(p->in[i].type));
	}
	return 0;
}

static int xcall_field(const struct cypher_proc *p, const char *name)
{
	for (size_t i = 0; i < p->n_out; i++)
		if (strcmp(p->out[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Which fields bind which new variables. */
static int xcall_yields(struct xc *x, struct xscope *sc, struct xcall *c)
{
	const struct cypher_clause *cl = c->cl;
	bool all = !cl->u.call.has_yield || cl->u.call.yield_star;

	if (all && !c->standalone && c->p->n_out)
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, cl->pos,
			       "a CALL inside a query names the fields it "
			       "uses with YIELD field, ... %s",
			       cl->u.call.yield_star ? "(UnexpectedSyntax)"
						     : "(UndefinedVariable)");
	c->n_yield = all ? c->p->n_out : cl->u.call.n_yields;
	c->field = calloc(c->n_yield + 1, sizeof(*c->field));
	c->slot = calloc(c->n_yield + 1, sizeof(*c->slot));
	c->names = calloc(c->n_yield + 1, sizeof(*c->names));
	if (!c->field || !c->slot || !c->names)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, cl->pos, "out of memory");
	for (size_t i = 0; i < c->n_yield; i++) {
		const struct cypher_yield_item *y =
		    all ? NULL : &cl->u.call.yields[i];
		int f = all ? (int)i : xcall_field(c->p, y->field);

		if (f < 0)
			return xc_fail(x, CYPHER_EXEC_SEMANTIC, y->pos,
				       "procedure %s has no field `%s` "
				       "(variable `%s` not defined)",
				       c->p->name, y->field, y->field);
		c->names[i] = all ? c->p->out[f].name : y->var;
		if (xscope_visible(x, sc, c->names[i]))
			return xc_fail(x, CYPHER_EXEC_SEMANTIC,
				       all ? cl->pos : y->pos,
				       "variable `%s` is already bound "
				       "(VariableAlreadyBound)",
				       c->names[i]);
		c->field[i] = (size_t)f;
		if ((c->slot[i] = xscope_declare(x, sc, c->names[i])) < 0)
			return -1;
	}
	return 0;
}

int xcall_compile(struct xc *x, struct xscope *sc,
		  const struct cypher_clause *cl, bool standalone,
		  struct xcall **out)
{
	struct xcall *c = calloc(1, sizeof(*c));

	*out = c;
	if (!c)
		return xc_fail(x, CYPHER_EXEC_RUNTIME, cl->pos, "out of memory");
	c->cl = cl;
	c->standalone = standalone;
	if (!(c->p = cypher_proc_find(cl->u.call.name)))
		return xc_fail(x, CYPHER_EXEC_SEMANTIC, cl->pos,
			       "there is no procedure %s (ProcedureNotFound)",
			       cl->u.call.name);
	if (xcall_check_args(x, sc, c) < 0 || xcall_yields(x, sc, c) < 0 ||
	    xscope_check_where(x, sc, cl->u.call.where) < 0)
		return -1;
	return xplan_line(x, "ProcedureCall(%s)", c->p->name);
}

size_t xcall_columns(const struct xcall *c, const char *const **names,
		     const int **slots)
{
	*names = c->names;
	*slots = c->slot;
	return c->n_yield;
}

struct xcall_run {
	struct xc *x;
	struct xcall *c;
	struct cv *row;
	int (*emit)(void *ctx, struct cv *row);
	void *ctx;
	int said; /* what emit answered last (1: enough) */
};

/* One record: its fields into the row, YIELD's WHERE, then on. */
static int xcall_record(void *ctx, const struct cv *outs)
{
	struct xcall_run *r = ctx;
	struct xcall *c = r->c;
	bool keep = true;

	for (size_t i = 0; i < c->n_yield; i++) {
		cv_free(&r->row[c->slot[i]]);
		if (cv_copy(&r->row[c->slot[i]], &outs[c->field[i]]) < 0)
			return xc_fail(r->x, CYPHER_EXEC_RUNTIME, c->cl->pos,
				       "out of memory");
	}
	if (c->cl->u.call.where &&
	    xeval_pred(r->x, r->row, c->cl->u.call.where, &keep) < 0)
		return -1;
	if (!keep)
		return 0;
	return r->said = r->emit(r->ctx, r->row);
}

/* The argument values, coerced to the declared types. */
static int xcall_args(struct xc *x, struct xcall *c, const struct cv *row,
		      struct cv *args)
{
	const struct cypher_proc *p = c->p;

	for (size_t i = 0; i < p->n_in; i++) {
		const struct cypher_expr *a =
		    c->cl->u.call.implicit ? NULL : c->cl->u.call.args[i];

		if (a ? xeval(x, row, a, &args[i]) < 0
		      : cv_copy(&args[i], cv_map_get(x->opts->params,
						     p->in[i].name)) < 0)
			return a ? -1
				 : xc_fail(x, CYPHER_EXEC_RUNTIME,
					   c->cl->pos, "out of memory");
		if (!cypher_proc_coerce(p->in[i].type, &args[i]))
			return xc_fail(x, CYPHER_EXEC_RUNTIME,
				       a ? a->pos : c->cl->pos,
				       "argument `%s` of procedure %s must "
				       "be %s, not %s",
				       p->in[i].name, p->name,
				       cypher_proc_type_name(p->in[i].type),
				       cv_kind_name(args[i].kind));
	}
	return 0;
}

int xcall_run(struct xc *x, struct xcall *c, struct cv *row,
	      int (*emit)(void *ctx, struct cv *row), void *ctx)
{
	struct cypher_proc_env env = {x->g, x->txn};
	struct cv *args = calloc(c->p->n_in + 1, sizeof(*args));
	struct cv *work = xrow_dup(x, row);
	struct xcall_run r = {x, c, work, emit, ctx, 0};
	struct cv_err cerr = {0};
	int rc = -1;

	if (!args || !work) {
		xc_fail(x, CYPHER_EXEC_RUNTIME, c->cl->pos, "out of memory");
		goto out;
	}
	if (xcall_args(x, c, row, args) < 0)
		goto out;
	if (c->p->fn(c->p, &env, args, xcall_record, &r, &cerr) < 0) {
		if (!x->err->code)
			xc_fail(x, CYPHER_EXEC_RUNTIME, c->cl->pos,
				"procedure %s failed: %s", c->p->name,
				cerr.msg);
		goto out;
	}
	if (x->err->code)
		goto out;
	/* a void procedure passes its input row on once */
	rc = c->p->n_out ? r.said : emit(ctx, work);
out:
	for (size_t i = 0; args && i < c->p->n_in; i++)
		cv_free(&args[i]);
	free(args);
	xrow_drop(x, work);
	return rc;
}
