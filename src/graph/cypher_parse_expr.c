/* cypher_parse_expr.c: the expression and pattern part of the Cypher
 * parser (precedence levels, literals, maps, lists, comprehensions,
 * quantifiers, subqueries, CASE, function calls; node and relationship
 * patterns). Same error handling as cypher_parse.c. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph/cypher_parse_int.h"

/* ----------------------------------------------------------- expressions */


/* Comma-separated expressions up to (not including) the closing token. */
int cp_parse_expr_list(struct parser *p, enum cypher_tok_kind close,
			   struct cypher_expr ***items, size_t *n, int *height)
{
	size_t cap = 0;

	*items = NULL;
	*n = 0;
	*height = 0;
	if (cp_is_tok(p, close))
		return 0;
	do {
		struct cypher_expr **slot, *e = cp_parse_expr(p);

		if (!e)
			return -1;
		slot = cp_grow(p, items, n, &cap, sizeof(*slot));
		if (!slot)
			return -1;
		*slot = e;
		*height = cp_max_int(*height, e->height);
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static struct cypher_expr *parse_literal(struct parser *p)
{
	const struct cypher_token *t = cp_next(p);
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_LITERAL, t->pos);

	if (!e)
		return NULL;
	switch (t->kind) {
	case CYPHER_TOK_INT:
		if (t->v.u >= INT_LIMIT) {
			cp_fail_at(p, t->pos,
				"integer literal is too large (the largest is "
				"9223372036854775807)");
			return NULL;
		}
		e->u.lit.kind = CYPHER_LIT_INT;
		e->u.lit.v.i = (int64_t)t->v.u;
		break;
	case CYPHER_TOK_FLOAT:
		e->u.lit.kind = CYPHER_LIT_FLOAT;
		e->u.lit.v.f = t->v.f;
		break;
	case CYPHER_TOK_STRING:
		e->u.lit.kind = CYPHER_LIT_STRING;
		e->u.lit.v.s = t->v.s;
		break;
	default:
		if (cp_tok_is_kw(p, t, "NULL")) {
			e->u.lit.kind = CYPHER_LIT_NULL;
		} else {
			e->u.lit.kind = CYPHER_LIT_BOOL;
			e->u.lit.v.b = cp_tok_is_kw(p, t, "TRUE");
		}
	}
	return e;
}

static struct cypher_expr *parse_map(struct parser *p)
{
	const struct cypher_token *open = cp_next(p);
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_MAP, open->pos);
	size_t cap = 0;
	int h = 0;

	if (!e)
		return NULL;
	if (cp_accept(p, CYPHER_TOK_RBRACE))
		return e;
	do {
		struct cypher_map_entry *me;
		char *key = cp_parse_symbol(p, "a map key");

		if (!key ||
		    !cp_expect(p, CYPHER_TOK_COLON, "':' after the map key"))
			return NULL;
		me = cp_grow(p, &e->u.map.entries, &e->u.map.n_entries, &cap,
			  sizeof(*me));
		if (!me)
			return NULL;
		me->key = key;
		me->value = cp_parse_expr(p);
		if (!me->value)
			return NULL;
		h = cp_max_int(h, me->value->height);
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	if (!cp_expect(p, CYPHER_TOK_RBRACE, "',' or '}' to close the map"))
		return NULL;
	return cp_finish(p, e, h);
}

/* A variable that names a comprehension variable in scope becomes a
 * CYPHER_EXPR_LOCAL: the comprehension's own binding, which shadows any
 * outer variable of the same name. */
static struct cypher_expr *resolve_local(struct parser *p,
					 struct cypher_expr *e)
{
	int up = 0;

	for (const struct binder *b = p->scope; b; b = b->up, up++) {
		if (strcmp(b->name, e->u.name) == 0) {
			char *name = e->u.name;

			e->kind = CYPHER_EXPR_LOCAL;
			e->u.local.name = name;
			e->u.local.up = up;
			break;
		}
	}
	return e;
}

/* WHERE p and (for a list comprehension) | e, with var in scope. */
static int parse_comp_body(struct parser *p, struct cypher_expr *e,
			   bool proj)
{
	struct binder b = {e->u.comp.var, p->scope};
	int rc = -1;

	p->scope = &b;
	if (cp_accept_kw(p, "WHERE") && !(e->u.comp.where = cp_parse_expr(p)))
		goto out;
	if (proj && cp_accept(p, CYPHER_TOK_PIPE) &&
	    !(e->u.comp.proj = cp_parse_expr(p)))
		goto out;
	rc = 0;
out:
	p->scope = b.up;
	return rc;
}

/* var IN list [WHERE p] [| e]: the inside of [...] or of all(...). */
static struct cypher_expr *parse_comp(struct parser *p,
				      enum cypher_comp_kind kind,
				      struct cypher_pos pos)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_COMP, pos);
	int h;

	if (!e || !(e->u.comp.var = cp_parse_var(p, "a variable")))
		return NULL;
	e->u.comp.kind = kind;
	cp_next(p); /* IN, checked by the caller */
	if (!(e->u.comp.list = cp_parse_expr(p)) ||
	    parse_comp_body(p, e, kind == CYPHER_COMP_LIST) < 0)
		return NULL;
	h = e->u.comp.list->height;
	if (e->u.comp.where)
		h = cp_max_int(h, e->u.comp.where->height);
	if (e->u.comp.proj)
		h = cp_max_int(h, e->u.comp.proj->height);
	return cp_finish(p, e, h);
}

/* At a variable followed by IN: the start of a comprehension. */
static bool at_comp_start(const struct parser *p, size_t k)
{
	return cp_is_var_tok(p, cp_tok_at(p, k)) &&
	       cp_tok_is_kw(p, cp_tok_at(p, k + 1), "IN");
}

static const char *const quantifiers[] = {"all", "any", "none", "single"};

/* all/any/none/single( var IN ...: a quantifier, not a function call. */
static bool is_quantifier(const struct parser *p)
{
	const struct cypher_token *t = cp_tok(p);

	if (t->kind != CYPHER_TOK_IDENT || !at_comp_start(p, 2))
		return false;
	for (size_t i = 0; i < 4; i++)
		if (cp_tok_is_kw(p, t, quantifiers[i]))
			return true;
	return false;
}

static struct cypher_expr *parse_quantifier(struct parser *p)
{
	const struct cypher_token *t = cp_next(p);
	enum cypher_comp_kind kind = CYPHER_COMP_ALL;
	struct cypher_expr *e;

	for (size_t i = 0; i < 4; i++)
		if (cp_tok_is_kw(p, t, quantifiers[i]))
			kind = (enum cypher_comp_kind)(CYPHER_COMP_ALL + i);
	cp_next(p); /* ( */
	if (!(e = parse_comp(p, kind, t->pos)))
		return NULL;
	if (!e->u.comp.where) {
		cp_fail_expected(p, "WHERE and a predicate in the quantifier");
		return NULL;
	}
	if (!cp_expect(p, CYPHER_TOK_RPAREN, "')' to close the quantifier"))
		return NULL;
	return e;
}


/* At token k a '(' that starts a relationship pattern, not a
 * parenthesised expression: a node pattern ( [var] [:Label...] [{...} |
 * $param] ) followed by -[, --, <-[ or <--. */
static bool at_pattern(const struct parser *p, size_t k)
{
	const struct cypher_token *t;
	int depth = 0;

	if (cp_tok_at(p, k++)->kind != CYPHER_TOK_LPAREN)
		return false;
	if (cp_is_var_tok(p, cp_tok_at(p, k)))
		k++;
	while (cp_tok_at(p, k)->kind == CYPHER_TOK_COLON &&
	       (cp_tok_at(p, k + 1)->kind == CYPHER_TOK_IDENT ||
		cp_tok_at(p, k + 1)->kind == CYPHER_TOK_QIDENT))
		k += 2;
	if (cp_tok_at(p, k)->kind == CYPHER_TOK_PARAM)
		k++;
	else if (cp_tok_at(p, k)->kind == CYPHER_TOK_LBRACE) {
		do {
			t = cp_tok_at(p, k++);
			if (t->kind == CYPHER_TOK_EOF ||
			    t->kind == CYPHER_TOK_ERROR)
				return false;
			depth += t->kind == CYPHER_TOK_LBRACE;
			depth -= t->kind == CYPHER_TOK_RBRACE;
		} while (depth > 0);
	}
	if (cp_tok_at(p, k++)->kind != CYPHER_TOK_RPAREN)
		return false;
	if (cp_tok_at(p, k)->kind == CYPHER_TOK_LT)
		k++;
	else if (cp_tok_at(p, k)->kind != CYPHER_TOK_MINUS)
		return false;
	if (cp_tok_at(p, k)->kind != CYPHER_TOK_MINUS)
		return false;
	t = cp_tok_at(p, k + 1);
	return t->kind == CYPHER_TOK_LBRACK || t->kind == CYPHER_TOK_MINUS;
}

/* A pattern inside a list comprehension or quantifier cannot use that
 * comprehension's variable (the matcher binds statement variables only):
 * refused rather than read as a new variable. */
static int check_pattern_locals(struct parser *p, const struct cypher_path *path)
{
	for (const struct binder *b = p->scope; b; b = b->up)
		for (size_t i = 0; i < path->n_nodes; i++) {
			const char *v[3] = {path->nodes[i].var,
					    i + 1 < path->n_nodes
						? path->rels[i].var
						: NULL,
					    path->var};

			for (size_t j = 0; j < 3; j++)
				if (v[j] && strcmp(v[j], b->name) == 0) {
					cp_fail_at(p, path->pos,
						"a pattern cannot use the "
						"list comprehension's variable "
						"`%s` yet",
						b->name);
					return -1;
				}
		}
	return 0;
}

static int path_height(const struct cypher_path *path)
{
	int h = 0;

	for (size_t i = 0; i < path->n_nodes; i++) {
		if (path->nodes[i].props)
			h = cp_max_int(h, path->nodes[i].props->height);
		if (i + 1 < path->n_nodes && path->rels[i].props)
			h = cp_max_int(h, path->rels[i].props->height);
	}
	return h;
}

/* EXISTS { ... } / COUNT { ... } may end with RETURN of plain values
 * (they do not change whether a match exists); anything else there could,
 * so it is refused. */
static int parse_subquery_return(struct parser *p)
{
	if (!cp_accept_kw(p, "RETURN"))
		return 0;
	do {
		struct cypher_expr *e = cp_parse_expr(p);

		if (!e)
			return -1;
		if (e->kind != CYPHER_EXPR_LITERAL && e->kind != CYPHER_EXPR_VAR &&
		    e->kind != CYPHER_EXPR_PROP) {
			cp_fail_at(p, e->pos,
				"only plain values may be returned in a "
				"subquery expression yet");
			return -1;
		}
		if (cp_accept_kw(p, "AS") && !cp_parse_var(p, "a name after AS"))
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

/* EXISTS { [MATCH] pattern [WHERE p] [RETURN values] }, or COUNT { ... };
 * at the keyword. One pattern, no other clause. */
static struct cypher_expr *parse_subquery(struct parser *p)
{
	const struct cypher_token *kw = cp_next(p);
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_PATTERN, kw->pos);
	int h;

	if (!e)
		return NULL;
	e->u.pattern.subquery = true;
	e->u.pattern.count = cp_tok_is_kw(p, kw, "COUNT");
	cp_next(p); /* { */
	cp_accept_kw(p, "MATCH");
	if (!(e->u.pattern.path = cp_alloc(p, sizeof(*e->u.pattern.path))) ||
	    cp_parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	h = path_height(e->u.pattern.path);
	if (cp_accept_kw(p, "WHERE")) {
		if (!(e->u.pattern.where = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, e->u.pattern.where->height);
	}
	if (parse_subquery_return(p) < 0)
		return NULL;
	if (cp_is_tok(p, CYPHER_TOK_COMMA)) {
		cp_fail_at(p, cp_tok(p)->pos,
			"a subquery expression with more than one pattern is "
			"not supported yet");
		return NULL;
	}
	if (cp_is_kw(p, "SET") || cp_is_kw(p, "CREATE") || cp_is_kw(p, "DELETE") ||
	    cp_is_kw(p, "DETACH") || cp_is_kw(p, "MERGE") || cp_is_kw(p, "REMOVE")) {
		cp_fail_at(p, cp_tok(p)->pos,
			"a subquery expression cannot change the graph "
			"(InvalidClauseComposition)");
		return NULL;
	}
	if (!cp_expect(p, CYPHER_TOK_RBRACE,
		    "'}' to close the subquery (only [MATCH] pattern [WHERE "
		    "predicate] [RETURN values] is supported in it yet)"))
		return NULL;
	return cp_finish(p, e, h);
}

/* (a)-->(b) in an expression: a pattern predicate. */
static struct cypher_expr *parse_pattern_pred(struct parser *p)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_PATTERN, cp_tok(p)->pos);

	if (!e || !(e->u.pattern.path = cp_alloc(p, sizeof(*e->u.pattern.path))) ||
	    cp_parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	return cp_finish(p, e, path_height(e->u.pattern.path));
}

/* [p = (a)-->(b) WHERE w | proj], the '[' read. */
static struct cypher_expr *parse_pattern_comp(struct parser *p,
					      struct cypher_pos pos)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_PATTERN, pos);
	int h;

	if (!e || !(e->u.pattern.path = cp_alloc(p, sizeof(*e->u.pattern.path))) ||
	    cp_parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	h = path_height(e->u.pattern.path);
	if (cp_accept_kw(p, "WHERE")) {
		if (!(e->u.pattern.where = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, e->u.pattern.where->height);
	}
	if (!cp_expect(p, CYPHER_TOK_PIPE,
		    "WHERE or '|' and a projection in the pattern "
		    "comprehension") ||
	    !(e->u.pattern.proj = cp_parse_expr(p)) ||
	    !cp_expect(p, CYPHER_TOK_RBRACK,
		    "']' to close the pattern comprehension"))
		return NULL;
	return cp_finish(p, e, cp_max_int(h, e->u.pattern.proj->height));
}

static struct cypher_expr *parse_list(struct parser *p)
{
	struct cypher_pos pos = cp_next(p)->pos;
	struct cypher_expr *e;
	int h;

	if (at_pattern(p, 0) ||
	    (cp_is_var_tok(p, cp_tok(p)) && cp_tok_at(p, 1)->kind == CYPHER_TOK_EQ &&
	     at_pattern(p, 2)))
		return parse_pattern_comp(p, pos);

	if (at_comp_start(p, 0)) {
		if (!(e = parse_comp(p, CYPHER_COMP_LIST, pos)) ||
		    !cp_expect(p, CYPHER_TOK_RBRACK,
			    "WHERE, '|' or ']' to close the list "
			    "comprehension"))
			return NULL;
		return e;
	}
	e = cp_new_expr(p, CYPHER_EXPR_LIST, pos);
	if (!e || cp_parse_expr_list(p, CYPHER_TOK_RBRACK, &e->u.list.items,
				  &e->u.list.n_items, &h) < 0)
		return NULL;
	if (!cp_expect(p, CYPHER_TOK_RBRACK, "',' or ']' to close the list"))
		return NULL;
	return cp_finish(p, e, h);
}

/* "ns.name" of a namespaced call (the parser is at the '.'). */
static char *dotted_name(struct parser *p, struct cypher_expr *e)
{
	char *last, *full, buf[256];
	int n;

	cp_next(p);
	if (!(last = cp_tok_name(p, cp_next(p))))
		return NULL;
	n = snprintf(buf, sizeof(buf), "%s.%s", e->u.call.name, last);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1; /* no such function: lookup fails */
	if (!(full = cypher_ast_strndup(p->stmt, buf, (size_t)n)))
		cp_fail_oom(p);
	return full;
}

static struct cypher_expr *parse_call(struct parser *p)
{
	const struct cypher_token *name = cp_next(p);
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_CALL, name->pos);
	int h = 0;

	if (!e || !(e->u.call.name = cp_tok_name(p, name)))
		return NULL;
	if (cp_is_tok(p, CYPHER_TOK_DOT) && !(e->u.call.name = dotted_name(p, e)))
		return NULL;
	cp_next(p); /* ( */
	if (cp_is_tok(p, CYPHER_TOK_STAR)) {
		if (strcasecmp(e->u.call.name, "count") != 0) {
			cp_fail_at(p, cp_tok(p)->pos,
				"only count(*) takes '*' as its argument");
			return NULL;
		}
		cp_next(p);
		e->u.call.star = true;
	} else {
		e->u.call.distinct = cp_accept_kw(p, "DISTINCT");
		if (cp_parse_expr_list(p, CYPHER_TOK_RPAREN, &e->u.call.args,
				    &e->u.call.n_args, &h) < 0)
			return NULL;
		if (e->u.call.distinct && e->u.call.n_args == 0) {
			cp_fail_expected(p, "an argument after DISTINCT");
			return NULL;
		}
	}
	if (!cp_expect(p, CYPHER_TOK_RPAREN,
		    "',' or ')' to close the function's arguments"))
		return NULL;
	return cp_finish(p, e, h);
}

static struct cypher_expr *parse_case(struct parser *p)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_CASE, cp_next(p)->pos);
	size_t cap = 0;
	int h = 0;

	if (!e)
		return NULL;
	if (!cp_is_kw(p, "WHEN") && !cp_is_kw(p, "ELSE") && !cp_is_kw(p, "END")) {
		if (!(e->u.case_.subject = cp_parse_expr(p)))
			return NULL;
		h = e->u.case_.subject->height;
	}
	while (cp_accept_kw(p, "WHEN")) {
		struct cypher_case_alt *a = cp_grow(
		    p, &e->u.case_.alts, &e->u.case_.n_alts, &cap, sizeof(*a));

		if (!a || !(a->when = cp_parse_expr(p)) ||
		    !cp_expect_kw(p, "THEN", "THEN after the WHEN condition") ||
		    !(a->then = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, cp_max_int(a->when->height, a->then->height));
	}
	if (e->u.case_.n_alts == 0) {
		cp_fail_expected(p, "WHEN in CASE");
		return NULL;
	}
	if (cp_accept_kw(p, "ELSE")) {
		if (!(e->u.case_.otherwise = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, e->u.case_.otherwise->height);
	}
	if (!cp_expect_kw(p, "END", "WHEN, ELSE or END to close the CASE"))
		return NULL;
	return cp_finish(p, e, h);
}

static struct cypher_expr *parse_paren(struct parser *p)
{
	struct cypher_expr *e;

	cp_next(p);
	e = cp_parse_expr(p);
	if (!e || !cp_expect(p, CYPHER_TOK_RPAREN,
			  "')' to close the parenthesised expression"))
		return NULL;
	return e;
}

static struct cypher_expr *parse_word_atom(struct parser *p)
{
	const struct cypher_token *t = cp_tok(p);
	struct cypher_expr *e;

	if (cp_tok_is_kw(p, t, "TRUE") || cp_tok_is_kw(p, t, "FALSE") ||
	    cp_tok_is_kw(p, t, "NULL"))
		return parse_literal(p);
	if (cp_tok_is_kw(p, t, "CASE"))
		return parse_case(p);
	if (t->kind == CYPHER_TOK_IDENT && cp_is_reserved(p, t)) {
		cp_fail_expected(p, "an expression");
		return NULL;
	}
	if (cp_tok_at(p, 1)->kind == CYPHER_TOK_LBRACE &&
	    (cp_tok_is_kw(p, t, "EXISTS") || cp_tok_is_kw(p, t, "COUNT")))
		return parse_subquery(p);
	if (cp_tok_at(p, 1)->kind == CYPHER_TOK_LPAREN)
		return is_quantifier(p) ? parse_quantifier(p) : parse_call(p);
	if (cp_tok_at(p, 1)->kind == CYPHER_TOK_DOT &&
	    cp_tok_at(p, 2)->kind == CYPHER_TOK_IDENT &&
	    cp_tok_at(p, 3)->kind == CYPHER_TOK_LPAREN)
		return parse_call(p); /* a namespaced function: date.truncate */
	e = cp_new_expr(p, CYPHER_EXPR_VAR, t->pos);
	if (!e || !(e->u.name = cp_tok_name(p, cp_next(p))))
		return NULL;
	return resolve_local(p, e);
}

static struct cypher_expr *parse_atom(struct parser *p)
{
	const struct cypher_token *t = cp_tok(p);
	struct cypher_expr *e;

	switch (t->kind) {
	case CYPHER_TOK_INT:
	case CYPHER_TOK_FLOAT:
	case CYPHER_TOK_STRING:
		return parse_literal(p);
	case CYPHER_TOK_PARAM:
		e = cp_new_expr(p, CYPHER_EXPR_PARAM, t->pos);
		if (!e)
			return NULL;
		e->u.name = cypher_ast_strndup(p->stmt, p->src + t->off + 1,
					       t->len - 1);
		if (!e->u.name)
			cp_fail_oom(p);
		cp_next(p);
		return e->u.name ? e : NULL;
	case CYPHER_TOK_IDENT:
	case CYPHER_TOK_QIDENT:
		return parse_word_atom(p);
	case CYPHER_TOK_LPAREN:
		return at_pattern(p, 0) ? parse_pattern_pred(p)
					: parse_paren(p);
	case CYPHER_TOK_LBRACK:
		return parse_list(p);
	case CYPHER_TOK_LBRACE:
		return parse_map(p);
	default:
		cp_fail_expected(p, "an expression");
		return NULL;
	}
}

/* obj[i], obj[a..b], obj[..b], obj[a..] */
static struct cypher_expr *parse_subscript(struct parser *p,
					   struct cypher_expr *obj)
{
	struct cypher_pos pos = cp_next(p)->pos;
	struct cypher_expr *e, *from = NULL, *to = NULL;
	int h = obj->height;

	if (!cp_is_tok(p, CYPHER_TOK_DOTDOT)) {
		if (!(from = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, from->height);
	}
	if (!cp_accept(p, CYPHER_TOK_DOTDOT)) {
		if (!cp_expect(p, CYPHER_TOK_RBRACK,
			    "'..' or ']' after the index"))
			return NULL;
		e = cp_new_expr(p, CYPHER_EXPR_INDEX, pos);
		if (!e)
			return NULL;
		e->u.index.obj = obj;
		e->u.index.index = from;
		return cp_finish(p, e, h);
	}
	if (!cp_is_tok(p, CYPHER_TOK_RBRACK)) {
		if (!(to = cp_parse_expr(p)))
			return NULL;
		h = cp_max_int(h, to->height);
	}
	if (!cp_expect(p, CYPHER_TOK_RBRACK, "']' to close the slice"))
		return NULL;
	e = cp_new_expr(p, CYPHER_EXPR_SLICE, pos);
	if (!e)
		return NULL;
	e->u.slice.obj = obj;
	e->u.slice.from = from;
	e->u.slice.to = to;
	return cp_finish(p, e, h);
}

/* :Label:Other after a name; the arrays grow in the arena. */
int cp_parse_label_list(struct parser *p, char ***labels, size_t *n,
			    const char *what)
{
	size_t cap = 0;

	*labels = NULL;
	*n = 0;
	while (cp_accept(p, CYPHER_TOK_COLON)) {
		char **slot = cp_grow(p, labels, n, &cap, sizeof(*slot));

		if (!slot || !(*slot = cp_parse_symbol(p, what)))
			return -1;
	}
	return 0;
}

static struct cypher_expr *parse_label_test(struct parser *p,
					    struct cypher_expr *obj)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_LABELS, cp_tok(p)->pos);

	if (!e ||
	    cp_parse_label_list(p, &e->u.labels.labels, &e->u.labels.n_labels,
			     "a label name after ':'") < 0)
		return NULL;
	e->u.labels.obj = obj;
	return cp_finish(p, e, obj->height);
}

static struct cypher_expr *parse_postfix(struct parser *p)
{
	struct cypher_expr *e = parse_atom(p), *pe;

	while (e) {
		if (cp_is_tok(p, CYPHER_TOK_DOT)) {
			pe = cp_new_expr(p, CYPHER_EXPR_PROP, cp_next(p)->pos);
			if (!pe || !(pe->u.prop.key = cp_parse_symbol(
					 p, "a property name after '.'")))
				return NULL;
			pe->u.prop.obj = e;
			e = cp_finish(p, pe, e->height);
		} else if (cp_is_tok(p, CYPHER_TOK_LBRACK)) {
			e = parse_subscript(p, e);
		} else if (cp_is_tok(p, CYPHER_TOK_COLON)) {
			e = parse_label_test(p, e);
		} else {
			break;
		}
	}
	return e;
}

/* "-5" and "-1.5" become negative literals; "-9223372036854775808" is only
 * representable this way. */
static bool is_negative_literal(const struct parser *p)
{
	enum cypher_tok_kind k = cp_tok_at(p, 1)->kind, after = cp_tok_at(p, 2)->kind;

	return cp_is_tok(p, CYPHER_TOK_MINUS) &&
	       (k == CYPHER_TOK_INT || k == CYPHER_TOK_FLOAT) &&
	       after != CYPHER_TOK_DOT && after != CYPHER_TOK_LBRACK &&
	       after != CYPHER_TOK_COLON;
}

static struct cypher_expr *parse_negative_literal(struct parser *p)
{
	struct cypher_pos pos = cp_next(p)->pos;
	const struct cypher_token *t = cp_next(p);
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_LITERAL, pos);

	if (!e)
		return NULL;
	if (t->kind == CYPHER_TOK_FLOAT) {
		e->u.lit.kind = CYPHER_LIT_FLOAT;
		e->u.lit.v.f = -t->v.f;
	} else {
		e->u.lit.kind = CYPHER_LIT_INT;
		e->u.lit.v.i =
		    t->v.u == INT_LIMIT ? INT64_MIN : -(int64_t)t->v.u;
	}
	return e;
}

static struct cypher_expr *parse_unary(struct parser *p)
{
	struct cypher_expr *e, *arg;
	const struct cypher_token *t = cp_tok(p);

	if (is_negative_literal(p))
		return parse_negative_literal(p);
	if (t->kind != CYPHER_TOK_MINUS && t->kind != CYPHER_TOK_PLUS)
		return parse_postfix(p);
	cp_next(p);
	if (!cp_enter(p))
		return NULL;
	arg = parse_unary(p);
	p->depth--;
	if (!arg || !(e = cp_new_expr(p, CYPHER_EXPR_UNARY, t->pos)))
		return NULL;
	e->u.unary.op =
	    t->kind == CYPHER_TOK_MINUS ? CYPHER_OP_NEG : CYPHER_OP_POS;
	e->u.unary.arg = arg;
	return cp_finish(p, e, arg->height);
}

/* The binary operator at the current token among ops[], or -1. */
struct binop {
	enum cypher_tok_kind tok;
	enum cypher_op op;
};

static int find_binop(const struct parser *p, const struct binop *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (cp_is_tok(p, ops[i].tok))
			return (int)i;
	}
	return -1;
}

/* Left-associative levels of symbolic operators: ^, then * / %, then + -. */
static struct cypher_expr *parse_level(struct parser *p, int level)
{
	static const struct binop pow_ops[] = {
	    {CYPHER_TOK_CARET, CYPHER_OP_POW}};
	static const struct binop mul_ops[] = {
	    {CYPHER_TOK_STAR, CYPHER_OP_MUL},
	    {CYPHER_TOK_SLASH, CYPHER_OP_DIV},
	    {CYPHER_TOK_PERCENT, CYPHER_OP_MOD}};
	static const struct binop add_ops[] = {
	    {CYPHER_TOK_PLUS, CYPHER_OP_ADD},
	    {CYPHER_TOK_MINUS, CYPHER_OP_SUB}};
	static const struct binop *const levels[] = {pow_ops, mul_ops, add_ops};
	static const size_t counts[] = {1, 3, 2};
	struct cypher_expr *lhs, *rhs;
	int k;

	lhs = level == 0 ? parse_unary(p) : parse_level(p, level - 1);
	while (lhs && (k = find_binop(p, levels[level], counts[level])) >= 0) {
		struct cypher_pos pos = cp_next(p)->pos;

		rhs = level == 0 ? parse_unary(p) : parse_level(p, level - 1);
		if (!rhs)
			return NULL;
		lhs = cp_mk_binary(p, levels[level][k].op, lhs, rhs, pos);
	}
	return lhs;
}

static struct cypher_expr *parse_add(struct parser *p)
{
	return parse_level(p, 2);
}

static struct cypher_expr *mk_is_null(struct parser *p, struct cypher_expr *arg,
				      bool negated, struct cypher_pos pos)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_IS_NULL, pos);

	if (!e)
		return NULL;
	e->u.is_null.arg = arg;
	e->u.is_null.negated = negated;
	return cp_finish(p, e, arg->height);
}

/* The predicate operator at the current token (consumed), or -1 when
 * there is none. IS [NOT] NULL is handled by the caller. */
static int accept_predicate_op(struct parser *p, enum cypher_op *op)
{
	if (cp_accept_kw(p, "IN")) {
		*op = CYPHER_OP_IN;
	} else if (cp_accept_kw(p, "CONTAINS")) {
		*op = CYPHER_OP_CONTAINS;
	} else if (cp_is_kw(p, "STARTS") || cp_is_kw(p, "ENDS")) {
		*op = cp_is_kw(p, "STARTS") ? CYPHER_OP_STARTS_WITH
					 : CYPHER_OP_ENDS_WITH;
		cp_next(p);
		if (!cp_expect_kw(p, "WITH", "WITH after STARTS or ENDS"))
			return -2;
	} else {
		return -1;
	}
	return 0;
}

/* x IN list, x STARTS WITH s, x ENDS WITH s, x CONTAINS s, x IS [NOT] NULL */
static struct cypher_expr *parse_predicate(struct parser *p)
{
	struct cypher_expr *e = parse_add(p), *rhs;

	while (e) {
		struct cypher_pos pos = cp_tok(p)->pos;
		enum cypher_op op;
		int r;

		if (cp_accept_kw(p, "IS")) {
			bool neg = cp_accept_kw(p, "NOT");

			if (!cp_expect_kw(p, "NULL", "NULL after IS or IS NOT"))
				return NULL;
			e = mk_is_null(p, e, neg, pos);
			continue;
		}
		r = accept_predicate_op(p, &op);
		if (r == -1)
			break;
		if (r < 0 || !(rhs = parse_add(p)))
			return NULL;
		e = cp_mk_binary(p, op, e, rhs, pos);
	}
	return e;
}

static int find_cmp(const struct parser *p)
{
	static const struct binop cmp_ops[] = {
	    {CYPHER_TOK_EQ, CYPHER_OP_EQ}, {CYPHER_TOK_NE, CYPHER_OP_NE},
	    {CYPHER_TOK_LT, CYPHER_OP_LT}, {CYPHER_TOK_LE, CYPHER_OP_LE},
	    {CYPHER_TOK_GT, CYPHER_OP_GT}, {CYPHER_TOK_GE, CYPHER_OP_GE}};
	int k = find_binop(p, cmp_ops, 6);

	return k < 0 ? -1 : (int)cmp_ops[k].op;
}

/* a op b, and chains: a < b <= c means a < b AND b <= c (openCypher),
 * with b one shared subtree (evaluated once per comparison). */
static struct cypher_expr *parse_comparison(struct parser *p)
{
	struct cypher_expr *lhs = parse_predicate(p), *rhs, *cmp, *chain = NULL;
	struct cypher_pos pos;
	int op;

	while (lhs && (op = find_cmp(p)) >= 0) {
		pos = cp_next(p)->pos;
		if (!(rhs = parse_predicate(p)) ||
		    !(cmp = cp_mk_binary(p, (enum cypher_op)op, lhs, rhs, pos)))
			return NULL;
		chain = chain ? cp_mk_binary(p, CYPHER_OP_AND, chain, cmp, pos)
			      : cmp;
		if (!chain)
			return NULL;
		lhs = rhs;
	}
	return chain ? chain : lhs;
}

static struct cypher_expr *parse_not(struct parser *p)
{
	struct cypher_expr *e, *arg;
	struct cypher_pos pos = cp_tok(p)->pos;

	if (!cp_accept_kw(p, "NOT"))
		return parse_comparison(p);
	if (!cp_enter(p))
		return NULL;
	arg = parse_not(p);
	p->depth--;
	if (!arg || !(e = cp_new_expr(p, CYPHER_EXPR_UNARY, pos)))
		return NULL;
	e->u.unary.op = CYPHER_OP_NOT;
	e->u.unary.arg = arg;
	return cp_finish(p, e, arg->height);
}

/* Left-associative keyword operators: AND, then XOR, then OR. */
static struct cypher_expr *parse_logic(struct parser *p, int level)
{
	static const char *const kws[] = {"AND", "XOR", "OR"};
	static const enum cypher_op ops[] = {CYPHER_OP_AND, CYPHER_OP_XOR,
					     CYPHER_OP_OR};
	struct cypher_expr *lhs, *rhs;

	lhs = level == 0 ? parse_not(p) : parse_logic(p, level - 1);
	while (lhs && cp_is_kw(p, kws[level])) {
		struct cypher_pos pos = cp_next(p)->pos;

		rhs = level == 0 ? parse_not(p) : parse_logic(p, level - 1);
		if (!rhs)
			return NULL;
		lhs = cp_mk_binary(p, ops[level], lhs, rhs, pos);
	}
	return lhs;
}

struct cypher_expr *cp_parse_expr(struct parser *p)
{
	struct cypher_expr *e;

	if (!cp_enter(p))
		return NULL;
	e = parse_logic(p, 2);
	p->depth--;
	return e;
}

/* -------------------------------------------------------------- patterns */

/* {k: v} or $param after a node or relationship pattern's labels. */
static int parse_pattern_props(struct parser *p, struct cypher_expr **props)
{
	if (cp_is_tok(p, CYPHER_TOK_LBRACE)) {
		if (!cp_enter(p))
			return -1;
		*props = parse_map(p);
		p->depth--;
		return *props ? 0 : -1;
	}
	if (cp_is_tok(p, CYPHER_TOK_PARAM)) {
		*props = parse_atom(p);
		return *props ? 0 : -1;
	}
	return 0;
}

static int parse_node(struct parser *p, struct cypher_node_pat *n)
{
	n->pos = cp_tok(p)->pos;
	if (!cp_expect(p, CYPHER_TOK_LPAREN, "'(' to start a node pattern"))
		return -1;
	if (cp_tok(p)->kind == CYPHER_TOK_IDENT ||
	    cp_tok(p)->kind == CYPHER_TOK_QIDENT)
		if (!(n->var = cp_parse_var(p, "a variable, ':', '{' or ')' in "
					    "the node pattern")))
			return -1;
	if (cp_parse_label_list(p, &n->labels, &n->n_labels,
			     "a label name after ':'") < 0 ||
	    parse_pattern_props(p, &n->props) < 0)
		return -1;
	if (!cp_expect(p, CYPHER_TOK_RPAREN, "')' to close the node pattern"))
		return -1;
	return 0;
}

/* *, *2, *1..3, *..3, *2.. */
static int parse_hops(struct parser *p, struct cypher_rel_pat *r)
{
	const struct cypher_token *t;

	r->varlen = true;
	r->min_hops = r->max_hops = -1;
	t = cp_tok(p);
	if (cp_accept(p, CYPHER_TOK_INT))
		r->min_hops =
		    (int64_t)(t->v.u >= INT_LIMIT ? INT64_MAX : t->v.u);
	if (cp_accept(p, CYPHER_TOK_DOTDOT)) {
		t = cp_tok(p);
		if (cp_accept(p, CYPHER_TOK_INT))
			r->max_hops =
			    (int64_t)(t->v.u >= INT_LIMIT ? INT64_MAX : t->v.u);
	} else {
		r->max_hops = r->min_hops;
	}
	/* min > max is an empty interval: it matches nothing (openCypher),
	 * which the matcher's depth bounds give */
	return 0;
}

/* The part between '[' and ']': var, :TYPE|OTHER, *hops, {props}. */
static int parse_rel_detail(struct parser *p, struct cypher_rel_pat *r)
{
	size_t cap = 0;

	if (cp_tok(p)->kind == CYPHER_TOK_IDENT ||
	    cp_tok(p)->kind == CYPHER_TOK_QIDENT)
		if (!(r->var = cp_parse_var(p, "a variable, ':', '*', '{' or ']' "
					    "in the relationship pattern")))
			return -1;
	if (cp_accept(p, CYPHER_TOK_COLON)) {
		do {
			char **slot;

			cp_accept(p,
			       CYPHER_TOK_COLON); /* -[:A|:B]- is old syntax */
			slot = cp_grow(p, &r->types, &r->n_types, &cap,
				    sizeof(*slot));
			if (!slot || !(*slot = cp_parse_symbol(
					   p, "a relationship type name")))
				return -1;
		} while (cp_accept(p, CYPHER_TOK_PIPE));
	}
	if (cp_accept(p, CYPHER_TOK_STAR) && parse_hops(p, r) < 0)
		return -1;
	if (parse_pattern_props(p, &r->props) < 0)
		return -1;
	return cp_expect(p, CYPHER_TOK_RBRACK,
		      "']' to close the relationship pattern")
		   ? 0
		   : -1;
}

/* -[...]->, <-[...]-, -[...]-, -->, <--, -- */
static int parse_rel(struct parser *p, struct cypher_rel_pat *r)
{
	bool left, right;

	r->pos = cp_tok(p)->pos;
	left = cp_accept(p, CYPHER_TOK_LT);
	if (!cp_expect(p, CYPHER_TOK_MINUS, "'-' after '<' in the relationship"))
		return -1;
	if (cp_accept(p, CYPHER_TOK_LBRACK) && parse_rel_detail(p, r) < 0)
		return -1;
	if (!cp_expect(p, CYPHER_TOK_MINUS, "'-' in the relationship pattern"))
		return -1;
	right = cp_accept(p, CYPHER_TOK_GT);
	r->dir = left == right ? CYPHER_DIR_BOTH
		 : left	       ? CYPHER_DIR_IN
			       : CYPHER_DIR_OUT;
	return 0;
}

int cp_parse_path(struct parser *p, struct cypher_path *path)
{
	size_t ncap = 0, rcap = 0, nrels = 0;
	struct cypher_node_pat *n;

	path->pos = cp_tok(p)->pos;
	if (cp_is_var_tok(p, cp_tok(p)) && cp_tok_at(p, 1)->kind == CYPHER_TOK_EQ) {
		if (!(path->var = cp_tok_name(p, cp_next(p))))
			return -1;
		cp_next(p); /* = */
	}
	n = cp_grow(p, &path->nodes, &path->n_nodes, &ncap, sizeof(*n));
	if (!n || parse_node(p, n) < 0)
		return -1;
	while (cp_is_tok(p, CYPHER_TOK_MINUS) || cp_is_tok(p, CYPHER_TOK_LT)) {
		struct cypher_rel_pat *r =
		    cp_grow(p, &path->rels, &nrels, &rcap, sizeof(*r));

		if (!r || parse_rel(p, r) < 0)
			return -1;
		n = cp_grow(p, &path->nodes, &path->n_nodes, &ncap, sizeof(*n));
		if (!n || parse_node(p, n) < 0)
			return -1;
	}
	return 0;
}

int cp_parse_paths(struct parser *p, struct cypher_path **paths, size_t *n)
{
	size_t cap = 0;

	do {
		struct cypher_path *path =
		    cp_grow(p, paths, n, &cap, sizeof(*path));

		if (!path || cp_parse_path(p, path) < 0)
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}
