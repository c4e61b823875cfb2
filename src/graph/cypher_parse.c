/* cypher_parse.c: recursive-descent parser for graphd's Cypher subset
 * (see cypher_parse.h for the grammar choices): tokens, errors, tree
 * building, clauses and statements; expressions and patterns are in
 * cypher_parse_expr.c.
 *
 * Error handling: every parse_* function returns NULL (or -1) after
 * recording the first error in the parser; the tree lives in the
 * statement's arena, so nothing half-built has to be freed on the way out.
 */
#include "graph/cypher_parse.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph/cypher_lex.h"
#include "graph/cypher_parse_int.h"

/* Words that cannot name a variable (they start or continue clauses and
 * expressions); a backquoted `name` is always allowed. */
static const char *const reserved[] = {
    "MATCH",	"OPTIONAL", "WHERE", "WITH",	  "RETURN",	"ORDER",
    "BY",	"SKIP",	    "LIMIT", "UNWIND",	  "AS",		"CREATE",
    "MERGE",	"ON",	    "SET",   "REMOVE",	  "DELETE",	"DETACH",
    "DISTINCT", "ASC",	    "DESC",  "ASCENDING", "DESCENDING", "AND",
    "OR",	"XOR",	    "NOT",   "IN",	  "IS",		"STARTS",
    "ENDS",	"CONTAINS", "CASE",  "WHEN",	  "THEN",	"ELSE",
    "END",	"TRUE",	    "FALSE", "NULL",	  "EXPLAIN",	"UNION",
    "CALL",	"YIELD",
};

/* ---------------------------------------------------------------- tokens */

const struct cypher_token *cp_tok_at(const struct parser *p, size_t k)
{
	size_t i = p->cur + k;

	/* the list ends with EOF or ERROR: never read past it */
	return &p->toks.tok[i < p->toks.n ? i : p->toks.n - 1];
}

const struct cypher_token *cp_tok(const struct parser *p)
{
	return cp_tok_at(p, 0);
}

const struct cypher_token *cp_next(struct parser *p)
{
	const struct cypher_token *t = cp_tok(p);

	if (p->cur + 1 < p->toks.n)
		p->cur++;
	return t;
}

bool cp_tok_is_kw(const struct parser *p, const struct cypher_token *t,
		      const char *kw)
{
	size_t n = strlen(kw);

	return t->kind == CYPHER_TOK_IDENT && t->len == n &&
	       strncasecmp(p->src + t->off, kw, n) == 0;
}

bool cp_is_kw(const struct parser *p, const char *kw)
{
	return cp_tok_is_kw(p, cp_tok(p), kw);
}

bool cp_accept_kw(struct parser *p, const char *kw)
{
	if (!cp_is_kw(p, kw))
		return false;
	cp_next(p);
	return true;
}

bool cp_is_tok(const struct parser *p, enum cypher_tok_kind kind)
{
	return cp_tok(p)->kind == kind;
}

bool cp_accept(struct parser *p, enum cypher_tok_kind kind)
{
	if (!cp_is_tok(p, kind))
		return false;
	cp_next(p);
	return true;
}

bool cp_is_reserved(const struct parser *p, const struct cypher_token *t)
{
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (cp_tok_is_kw(p, t, reserved[i]))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------- errors */

__attribute__((format(printf, 3, 4))) void
cp_fail_at(struct parser *p, struct cypher_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->line = pos.line;
	p->err->col = pos.col;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

void cp_fail_oom(struct parser *p)
{
	cp_fail_at(p, (struct cypher_pos){0, 0},
		"out of memory while parsing the statement");
}

/* "'RETURN'", "end of input": what the parser found instead. */
static void describe(const struct parser *p, const struct cypher_token *t,
		     char *buf, size_t size)
{
	if (t->kind == CYPHER_TOK_EOF)
		snprintf(buf, size, "end of input");
	else if (t->len > 40)
		snprintf(buf, size, "'%.37s...'", p->src + t->off);
	else
		snprintf(buf, size, "'%.*s'", (int)t->len, p->src + t->off);
}

/* "expected WHAT, found 'X'" at the current token; a lexer error there
 * takes precedence, since it explains the token. */
void cp_fail_expected(struct parser *p, const char *what)
{
	const struct cypher_token *t = cp_tok(p);
	char found[64];

	if (t->kind == CYPHER_TOK_ERROR) {
		cp_fail_at(p, p->toks.err.pos, "%s", p->toks.err.msg);
		return;
	}
	describe(p, t, found, sizeof(found));
	cp_fail_at(p, t->pos, "expected %s, found %s", what, found);
}

bool cp_expect(struct parser *p, enum cypher_tok_kind kind,
		   const char *what)
{
	if (cp_accept(p, kind))
		return true;
	cp_fail_expected(p, what);
	return false;
}

bool cp_expect_kw(struct parser *p, const char *kw, const char *what)
{
	if (cp_accept_kw(p, kw))
		return true;
	cp_fail_expected(p, what);
	return false;
}

/* -------------------------------------------------------------- building */

void *cp_alloc(struct parser *p, size_t size)
{
	void *m = cypher_ast_alloc(p->stmt, size);

	if (!m)
		cp_fail_oom(p);
	return m;
}

/* Appends a zeroed element to a growing array in the arena; returns it,
 * or NULL when out of memory. Growth doubles, so the copies cost O(n). */
void *cp_grow(struct parser *p, void *items_ptr, size_t *n, size_t *cap,
		  size_t elem)
{
	char *items;

	/* items_ptr points at a "T *" of some T: read and write it bytewise */
	memcpy(&items, items_ptr, sizeof(items));
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		char *na = cp_alloc(p, ncap * elem);

		if (!na)
			return NULL;
		if (*n)
			memcpy(na, items, *n * elem);
		items = na;
		memcpy(items_ptr, &items, sizeof(items));
		*cap = ncap;
	}
	return items + (*n)++ * elem;
}

char *cp_tok_name(struct parser *p, const struct cypher_token *t)
{
	char *s;

	if (t->kind == CYPHER_TOK_QIDENT)
		return t->v.s;
	s = cypher_ast_strndup(p->stmt, p->src + t->off, t->len);
	if (!s)
		cp_fail_oom(p);
	return s;
}

/* A label, type, key or function name: any word, keywords included. */
char *cp_parse_symbol(struct parser *p, const char *what)
{
	const struct cypher_token *t = cp_tok(p);

	if (t->kind != CYPHER_TOK_IDENT && t->kind != CYPHER_TOK_QIDENT) {
		cp_fail_expected(p, what);
		return NULL;
	}
	cp_next(p);
	return cp_tok_name(p, t);
}

bool cp_is_var_tok(const struct parser *p, const struct cypher_token *t)
{
	return t->kind == CYPHER_TOK_QIDENT ||
	       (t->kind == CYPHER_TOK_IDENT && !cp_is_reserved(p, t));
}

/* A variable name: a word that is not a keyword, or a `backquoted` one. */
char *cp_parse_var(struct parser *p, const char *what)
{
	if (!cp_is_var_tok(p, cp_tok(p))) {
		cp_fail_expected(p, what);
		return NULL;
	}
	return cp_tok_name(p, cp_next(p));
}

struct cypher_expr *
cp_new_expr(struct parser *p, enum cypher_expr_kind kind, struct cypher_pos pos)
{
	struct cypher_expr *e = cp_alloc(p, sizeof(*e));

	if (!e)
		return NULL;
	e->kind = kind;
	e->pos = pos;
	e->height = 1;
	return e;
}

/* Sets e's height above its highest child and enforces max_expr_height,
 * which keeps recursive walks of the tree (printing, planning) bounded. */
struct cypher_expr *cp_finish(struct parser *p, struct cypher_expr *e,
				  int child_height)
{
	e->height = child_height + 1;
	if (e->height > p->max_height) {
		cp_fail_at(p, e->pos,
			"expression nested too deeply (more than %d levels)",
			p->max_height);
		return NULL;
	}
	return e;
}

int cp_max_int(int a, int b)
{
	return a > b ? a : b;
}

struct cypher_expr *cp_mk_binary(struct parser *p, enum cypher_op op,
				     struct cypher_expr *lhs,
				     struct cypher_expr *rhs,
				     struct cypher_pos pos)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_BINARY, pos);

	if (!e)
		return NULL;
	e->u.binary.op = op;
	e->u.binary.lhs = lhs;
	e->u.binary.rhs = rhs;
	return cp_finish(p, e, cp_max_int(lhs->height, rhs->height));
}

/* Guards the parser's own recursion (nesting of (), [], {}, CASE, NOT,
 * signs): every recursive path passes through here. */
bool cp_enter(struct parser *p)
{
	if (++p->depth <= p->max_depth)
		return true;
	cp_fail_at(p, cp_tok(p)->pos,
		"expression nested too deeply (more than %d levels)",
		p->max_depth);
	return false;
}

/* --------------------------------------------------------------- clauses */

static int parse_match(struct parser *p, struct cypher_clause *c)
{
	if (cp_parse_paths(p, &c->u.match.paths, &c->u.match.n_paths) < 0)
		return -1;
	if (cp_accept_kw(p, "WHERE") && !(c->u.match.where = cp_parse_expr(p)))
		return -1;
	return 0;
}

static int parse_unwind(struct parser *p, struct cypher_clause *c)
{
	if (!(c->u.unwind.expr = cp_parse_expr(p)) ||
	    !cp_expect_kw(p, "AS", "AS after the UNWIND expression") ||
	    !(c->u.unwind.var = cp_parse_var(p, "a variable name after AS")))
		return -1;
	return 0;
}

static int parse_proj_item(struct parser *p, struct cypher_proj_item *it,
			   bool with)
{
	const struct cypher_token *first = cp_tok(p), *last;

	it->pos = first->pos;
	if (!(it->expr = cp_parse_expr(p)))
		return -1;
	last = &p->toks.tok[p->cur - 1];
	it->text = cypher_ast_strndup(p->stmt, p->src + first->off,
				      last->off + last->len - first->off);
	if (!it->text) {
		cp_fail_oom(p);
		return -1;
	}
	if (cp_accept_kw(p, "AS") &&
	    !(it->alias = cp_parse_var(p, "a column name after AS")))
		return -1;
	if (with && !it->alias && it->expr->kind != CYPHER_EXPR_VAR) {
		cp_fail_at(p, it->pos,
			"an expression in WITH must be aliased: write "
			"'%.40s AS name'",
			it->text);
		return -1;
	}
	return 0;
}

static int parse_order(struct parser *p, struct cypher_projection *pr)
{
	size_t cap = 0;

	if (!cp_expect_kw(p, "BY", "BY after ORDER"))
		return -1;
	do {
		struct cypher_sort_item *s =
		    cp_grow(p, &pr->order, &pr->n_order, &cap, sizeof(*s));

		if (!s || !(s->expr = cp_parse_expr(p)))
			return -1;
		if (cp_accept_kw(p, "DESC") || cp_accept_kw(p, "DESCENDING"))
			s->desc = true;
		else if (!cp_accept_kw(p, "ASC"))
			cp_accept_kw(p, "ASCENDING");
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static int parse_proj_items(struct parser *p, struct cypher_projection *pr,
			    bool with)
{
	size_t cap = 0;

	if (cp_accept(p, CYPHER_TOK_STAR)) {
		pr->star = true;
		if (!cp_accept(p, CYPHER_TOK_COMMA))
			return 0;
	}
	do {
		struct cypher_proj_item *it =
		    cp_grow(p, &pr->items, &pr->n_items, &cap, sizeof(*it));

		if (!it || parse_proj_item(p, it, with) < 0)
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Cypher refuses two result columns with the same name. Sorting keeps
 * this O(n log n) for statements with very many items. */
static int check_unique_columns(struct parser *p,
				const struct cypher_projection *pr)
{
	const char **names, *dup = NULL;
	size_t i;

	if (pr->n_items < 2)
		return 0;
	names = cp_alloc(p, pr->n_items * sizeof(*names));
	if (!names)
		return -1;
	for (i = 0; i < pr->n_items; i++)
		names[i] = cypher_proj_item_column(&pr->items[i]);
	qsort(names, pr->n_items, sizeof(*names), cmp_names);
	for (i = 1; i < pr->n_items && !dup; i++) {
		if (strcmp(names[i - 1], names[i]) == 0)
			dup = names[i];
	}
	if (!dup)
		return 0;
	for (i = 0; strcmp(cypher_proj_item_column(&pr->items[i]), dup); i++)
		;
	for (i++; strcmp(cypher_proj_item_column(&pr->items[i]), dup); i++)
		;
	cp_fail_at(p, pr->items[i].pos,
		"the column name '%.40s' is used twice; rename one with AS",
		dup);
	return -1;
}

/* WITH and RETURN: [DISTINCT] items [ORDER BY] [SKIP] [LIMIT] [WHERE] */
static int parse_projection(struct parser *p, struct cypher_clause *c)
{
	struct cypher_projection *pr = &c->u.proj;
	bool with = c->kind == CYPHER_CLAUSE_WITH;

	pr->distinct = cp_accept_kw(p, "DISTINCT");
	if (parse_proj_items(p, pr, with) < 0 ||
	    check_unique_columns(p, pr) < 0)
		return -1;
	if (cp_accept_kw(p, "ORDER") && parse_order(p, pr) < 0)
		return -1;
	if (cp_accept_kw(p, "SKIP") && !(pr->skip = cp_parse_expr(p)))
		return -1;
	if (cp_accept_kw(p, "LIMIT") && !(pr->limit = cp_parse_expr(p)))
		return -1;
	if (with && cp_accept_kw(p, "WHERE") && !(pr->where = cp_parse_expr(p)))
		return -1;
	return 0;
}

/* n.a.b as a CYPHER_EXPR_PROP chain on the variable n (already read). */
static struct cypher_expr *parse_prop_target(struct parser *p,
					     const struct cypher_token *vt)
{
	struct cypher_expr *e = cp_new_expr(p, CYPHER_EXPR_VAR, vt->pos), *pe;

	if (!e || !(e->u.name = cp_tok_name(p, vt)))
		return NULL;
	while (cp_is_tok(p, CYPHER_TOK_DOT)) {
		pe = cp_new_expr(p, CYPHER_EXPR_PROP, cp_next(p)->pos);
		if (!pe || !(pe->u.prop.key =
				 cp_parse_symbol(p, "a property name after '.'")))
			return NULL;
		pe->u.prop.obj = e;
		if (!(e = cp_finish(p, pe, e->height)))
			return NULL;
	}
	return e;
}

/* n.p = e | n = map | n += map | n:Label:Other */
static int parse_set_item(struct parser *p, struct cypher_set_item *it)
{
	const struct cypher_token *vt = cp_tok(p);

	it->pos = vt->pos;
	if (!(it->var = cp_parse_var(p, "a variable to SET")))
		return -1;
	if (cp_is_tok(p, CYPHER_TOK_COLON)) {
		it->kind = CYPHER_SET_LABELS;
		return cp_parse_label_list(p, &it->labels, &it->n_labels,
					"a label name after ':'");
	}
	if (cp_accept(p, CYPHER_TOK_EQ) || cp_accept(p, CYPHER_TOK_PLUSEQ)) {
		it->kind = p->toks.tok[p->cur - 1].kind == CYPHER_TOK_EQ
			       ? CYPHER_SET_REPLACE
			       : CYPHER_SET_MERGE;
		return (it->value = cp_parse_expr(p)) ? 0 : -1;
	}
	if (!cp_is_tok(p, CYPHER_TOK_DOT)) {
		cp_fail_expected(p, "'.', ':', '=' or '+=' after the variable in "
				 "SET");
		return -1;
	}
	it->kind = CYPHER_SET_PROP;
	it->var = NULL;
	if (!(it->target = parse_prop_target(p, vt)) ||
	    !cp_expect(p, CYPHER_TOK_EQ, "'=' after the property in SET") ||
	    !(it->value = cp_parse_expr(p)))
		return -1;
	return 0;
}

static int parse_set_items(struct parser *p, struct cypher_set_item **items,
			   size_t *n, size_t *cap)
{
	do {
		struct cypher_set_item *it =
		    cp_grow(p, items, n, cap, sizeof(*it));

		if (!it || parse_set_item(p, it) < 0)
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static int parse_remove_item(struct parser *p, struct cypher_remove_item *it)
{
	const struct cypher_token *vt = cp_tok(p);

	it->pos = vt->pos;
	if (!(it->var = cp_parse_var(p, "a variable to REMOVE from")))
		return -1;
	if (cp_is_tok(p, CYPHER_TOK_COLON)) {
		it->kind = CYPHER_REMOVE_LABELS;
		return cp_parse_label_list(p, &it->labels, &it->n_labels,
					"a label name after ':'");
	}
	if (!cp_is_tok(p, CYPHER_TOK_DOT)) {
		cp_fail_expected(p, "'.' or ':' after the variable in REMOVE");
		return -1;
	}
	it->kind = CYPHER_REMOVE_PROP;
	it->var = NULL;
	return (it->target = parse_prop_target(p, vt)) ? 0 : -1;
}

static int parse_remove(struct parser *p, struct cypher_clause *c)
{
	size_t cap = 0;

	do {
		struct cypher_remove_item *it =
		    cp_grow(p, &c->u.remove.items, &c->u.remove.n_items, &cap,
			 sizeof(*it));

		if (!it || parse_remove_item(p, it) < 0)
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	return 0;
}

/* What CREATE and MERGE need to make a relationship: exactly one type, a
 * fixed length, and for CREATE a direction (MERGE may match either way). */
static int check_writable_rels(struct parser *p, const struct cypher_path *path,
			       const char *clause)
{
	size_t i;

	for (i = 0; i + 1 < path->n_nodes; i++) {
		const struct cypher_rel_pat *r = &path->rels[i];

		if (r->varlen) {
			cp_fail_at(p, r->pos,
				"%s cannot use a variable-length relationship",
				clause);
			return -1;
		}
		if (r->n_types != 1) {
			cp_fail_at(p, r->pos,
				"a relationship in %s needs exactly one type, "
				"e.g. -[:KNOWS]->",
				clause);
			return -1;
		}
		if (r->dir == CYPHER_DIR_BOTH && clause[0] == 'C') {
			cp_fail_at(p, r->pos,
				"a relationship in CREATE needs a direction: "
				"use -> or <-");
			return -1;
		}
	}
	return 0;
}

/* MERGE path [ON CREATE SET ...] [ON MATCH SET ...], in any number. */
static int parse_merge(struct parser *p, struct cypher_clause *c)
{
	size_t ccap = 0, mcap = 0;

	if (cp_parse_path(p, &c->u.merge.path) < 0 ||
	    check_writable_rels(p, &c->u.merge.path, "MERGE") < 0)
		return -1;
	while (cp_accept_kw(p, "ON")) {
		bool create = cp_is_kw(p, "CREATE");

		if (!create && !cp_is_kw(p, "MATCH")) {
			cp_fail_expected(p, "CREATE or MATCH after ON");
			return -1;
		}
		cp_next(p);
		if (!cp_expect_kw(p, "SET",
			       create ? "SET after ON CREATE"
				      : "SET after ON MATCH"))
			return -1;
		if (create ? parse_set_items(p, &c->u.merge.on_create,
					     &c->u.merge.n_on_create, &ccap)
			   : parse_set_items(p, &c->u.merge.on_match,
					     &c->u.merge.n_on_match, &mcap))
			return -1;
	}
	return 0;
}

static int parse_delete(struct parser *p, struct cypher_clause *c)
{
	int h;

	if (cp_parse_expr_list(p, CYPHER_TOK_EOF, &c->u.del.exprs,
			    &c->u.del.n_exprs, &h) < 0)
		return -1;
	if (c->u.del.n_exprs == 0) {
		cp_fail_expected(p, "an expression to DELETE");
		return -1;
	}
	return 0;
}

static int parse_set_clause(struct parser *p, struct cypher_clause *c)
{
	size_t cap = 0;

	return parse_set_items(p, &c->u.set.items, &c->u.set.n_items, &cap);
}

static int parse_create(struct parser *p, struct cypher_clause *c)
{
	size_t i;

	if (cp_parse_paths(p, &c->u.create.paths, &c->u.create.n_paths) < 0)
		return -1;
	for (i = 0; i < c->u.create.n_paths; i++) {
		if (check_writable_rels(p, &c->u.create.paths[i], "CREATE") < 0)
			return -1;
	}
	return 0;
}

/* proc.name.parts: words joined by '.'. */
static char *parse_proc_name(struct parser *p)
{
	char *name = cp_parse_symbol(p, "a procedure name after CALL"), *part;

	while (name && cp_accept(p, CYPHER_TOK_DOT)) {
		size_t a, b;
		char *joined;

		if (!(part = cp_parse_symbol(p, "a name after '.'")))
			return NULL;
		a = strlen(name), b = strlen(part);
		if (!(joined = malloc(a + b + 2))) {
			cp_fail_oom(p);
			return NULL;
		}
		memcpy(joined, name, a);
		joined[a] = '.';
		memcpy(joined + a + 1, part, b + 1);
		name = cypher_ast_strndup(p->stmt, joined, a + b + 1);
		free(joined);
		if (!name)
			cp_fail_oom(p);
	}
	return name;
}

/* YIELD *, or YIELD field [AS var], ... [WHERE predicate] */
static int parse_yield(struct parser *p, struct cypher_clause *c)
{
	size_t cap = 0;

	c->u.call.has_yield = true;
	if (cp_accept(p, CYPHER_TOK_STAR)) {
		c->u.call.yield_star = true;
		return 0;
	}
	do {
		struct cypher_yield_item *it =
		    cp_grow(p, &c->u.call.yields, &c->u.call.n_yields, &cap,
			 sizeof(*it));

		if (!it)
			return -1;
		it->pos = cp_tok(p)->pos;
		if (!(it->field = cp_parse_symbol(p, "a field name after YIELD")))
			return -1;
		it->var = it->field;
		if (cp_accept_kw(p, "AS") &&
		    !(it->var = cp_parse_var(p, "a variable name after AS")))
			return -1;
	} while (cp_accept(p, CYPHER_TOK_COMMA));
	if (cp_accept_kw(p, "WHERE") && !(c->u.call.where = cp_parse_expr(p)))
		return -1;
	return 0;
}

static int parse_call_clause(struct parser *p, struct cypher_clause *c)
{
	int h = 0;

	if (cp_is_tok(p, CYPHER_TOK_LBRACE)) {
		cp_fail_at(p, cp_tok(p)->pos,
			"CALL { } subqueries are not supported yet");
		return -1;
	}
	if (!(c->u.call.name = parse_proc_name(p)))
		return -1;
	if (cp_accept(p, CYPHER_TOK_LPAREN)) {
		if (cp_parse_expr_list(p, CYPHER_TOK_RPAREN, &c->u.call.args,
				    &c->u.call.n_args, &h) < 0 ||
		    !cp_expect(p, CYPHER_TOK_RPAREN,
			    "',' or ')' to close the procedure's arguments"))
			return -1;
	} else {
		c->u.call.implicit = true;
	}
	if (cp_accept_kw(p, "YIELD") && parse_yield(p, c) < 0)
		return -1;
	return 0;
}

static const char *clause_name(enum cypher_clause_kind kind)
{
	static const char *const names[] = {[CYPHER_CLAUSE_MATCH] = "MATCH",
					    [CYPHER_CLAUSE_UNWIND] = "UNWIND",
					    [CYPHER_CLAUSE_WITH] = "WITH",
					    [CYPHER_CLAUSE_RETURN] = "RETURN",
					    [CYPHER_CLAUSE_CREATE] = "CREATE",
					    [CYPHER_CLAUSE_MERGE] = "MERGE",
					    [CYPHER_CLAUSE_SET] = "SET",
					    [CYPHER_CLAUSE_REMOVE] = "REMOVE",
					    [CYPHER_CLAUSE_DELETE] = "DELETE",
					    [CYPHER_CLAUSE_CALL] = "CALL",
					    [CYPHER_CLAUSE_UNION] = "UNION"};

	return names[kind];
}

/* Reads the clause keyword(s) at the current token into c->kind; false
 * when the current token starts no clause. */
static bool clause_start(struct parser *p, struct cypher_clause *c)
{
	static const struct {
		const char *kw;
		enum cypher_clause_kind kind;
	} kws[] = {
	    {"MATCH", CYPHER_CLAUSE_MATCH},   {"UNWIND", CYPHER_CLAUSE_UNWIND},
	    {"WITH", CYPHER_CLAUSE_WITH},     {"RETURN", CYPHER_CLAUSE_RETURN},
	    {"CREATE", CYPHER_CLAUSE_CREATE}, {"MERGE", CYPHER_CLAUSE_MERGE},
	    {"SET", CYPHER_CLAUSE_SET},	      {"REMOVE", CYPHER_CLAUSE_REMOVE},
	    {"DELETE", CYPHER_CLAUSE_DELETE}, {"CALL", CYPHER_CLAUSE_CALL}};
	size_t i;

	c->pos = cp_tok(p)->pos;
	if (cp_is_kw(p, "OPTIONAL") && cp_tok_is_kw(p, cp_tok_at(p, 1), "MATCH")) {
		cp_next(p);
		c->u.match.optional = true;
	} else if (cp_is_kw(p, "DETACH") && cp_tok_is_kw(p, cp_tok_at(p, 1), "DELETE")) {
		cp_next(p);
		c->u.del.detach = true;
	}
	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		if (cp_accept_kw(p, kws[i].kw)) {
			c->kind = kws[i].kind;
			return true;
		}
	}
	return false;
}

static int parse_clause_body(struct parser *p, struct cypher_clause *c)
{
	switch (c->kind) {
	case CYPHER_CLAUSE_MATCH:
		return parse_match(p, c);
	case CYPHER_CLAUSE_UNWIND:
		return parse_unwind(p, c);
	case CYPHER_CLAUSE_WITH:
	case CYPHER_CLAUSE_RETURN:
		return parse_projection(p, c);
	case CYPHER_CLAUSE_CREATE:
		return parse_create(p, c);
	case CYPHER_CLAUSE_MERGE:
		return parse_merge(p, c);
	case CYPHER_CLAUSE_SET:
		return parse_set_clause(p, c);
	case CYPHER_CLAUSE_REMOVE:
		return parse_remove(p, c);
	case CYPHER_CLAUSE_DELETE:
		return parse_delete(p, c);
	case CYPHER_CLAUSE_CALL:
		return parse_call_clause(p, c);
	case CYPHER_CLAUSE_UNION:
		break; /* parse_union */
	}
	return -1;
}

/* Cypher's clause order: RETURN ends a query, and a query that reads
 * (MATCH, UNWIND, WITH) must end with RETURN or an update. */
static int check_clause_order(struct parser *p, size_t from)
{
	const struct cypher_stmt *s = p->stmt;
	const struct cypher_clause *last = &s->clauses[s->n_clauses - 1];
	size_t i;

	for (i = from; i + 1 < s->n_clauses; i++) {
		if (s->clauses[i].kind == CYPHER_CLAUSE_RETURN) {
			cp_fail_at(p, s->clauses[i + 1].pos,
				"RETURN must be the last clause, but %s "
				"follows it",
				clause_name(s->clauses[i + 1].kind));
			return -1;
		}
	}
	/* a CALL alone is a standalone call: its fields are the result */
	if (last->kind == CYPHER_CLAUSE_MATCH ||
	    last->kind == CYPHER_CLAUSE_UNWIND ||
	    last->kind == CYPHER_CLAUSE_WITH ||
	    (last->kind == CYPHER_CLAUSE_CALL && s->n_clauses > from + 1)) {
		cp_fail_at(p, last->pos,
			"a query cannot end with %s: add a RETURN clause (or "
			"an updating clause such as CREATE or SET)",
			clause_name(last->kind));
		return -1;
	}
	return 0;
}

/* UNION [ALL] after a query: adds the clause that separates it from the
 * next one. 1 when there is one, 0 when not, -1 on error. */
static int parse_union(struct parser *p, size_t *cap)
{
	struct cypher_stmt *s = p->stmt;
	struct cypher_clause *slot;
	struct cypher_pos pos = cp_tok(p)->pos;
	bool all;

	if (!cp_accept_kw(p, "UNION"))
		return 0;
	all = cp_accept_kw(p, "ALL");
	if (s->clauses[s->n_clauses - 1].kind != CYPHER_CLAUSE_RETURN) {
		cp_fail_at(p, pos, "each query joined by UNION must end with "
				"RETURN");
		return -1;
	}
	for (size_t i = 0; i < s->n_clauses; i++)
		if (s->clauses[i].kind == CYPHER_CLAUSE_UNION &&
		    s->clauses[i].u.union_.all != all) {
			cp_fail_at(p, pos,
				"a statement cannot mix UNION and UNION ALL "
				"(InvalidClauseComposition)");
			return -1;
		}
	if (!(slot = cp_grow(p, &s->clauses, &s->n_clauses, cap, sizeof(*slot))))
		return -1;
	slot->kind = CYPHER_CLAUSE_UNION;
	slot->pos = pos;
	slot->u.union_.all = all;
	return 1;
}

static int parse_query(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;
	size_t cap = 0, from = 0;

	s->kind = CYPHER_STMT_QUERY;
again:
	for (;;) {
		struct cypher_clause c;
		struct cypher_clause *slot;

		memset(&c, 0, sizeof(c));
		if (!clause_start(p, &c))
			break;
		slot = cp_grow(p, &s->clauses, &s->n_clauses, &cap, sizeof(*slot));
		if (!slot)
			return -1;
		*slot = c;
		if (parse_clause_body(p, slot) < 0)
			return -1;
	}
	if (s->n_clauses == from) {
		cp_fail_expected(p, "a statement (MATCH, CREATE, MERGE, UNWIND, "
				 "RETURN, ...)");
		return -1;
	}
	if (cp_is_kw(p, "UNION")) {
		if (check_clause_order(p, from) < 0 ||
		    parse_union(p, &cap) < 0)
			return -1;
		from = s->n_clauses;
		goto again;
	}
	if (!cp_is_tok(p, CYPHER_TOK_SEMI) && !cp_is_tok(p, CYPHER_TOK_EOF)) {
		cp_fail_expected(p, "a clause (MATCH, WHERE, WITH, RETURN, "
				 "CREATE, SET, ...) or the end of the "
				 "statement");
		return -1;
	}
	return check_clause_order(p, from);
}

/* ---------------------------------------------------------------- schema */

static int parse_if_not_exists(struct parser *p, bool *flag)
{
	if (!cp_accept_kw(p, "IF"))
		return 0;
	*flag = true;
	return cp_expect_kw(p, "NOT", "NOT after IF") &&
		       cp_expect_kw(p, "EXISTS", "EXISTS after IF NOT")
		   ? 0
		   : -1;
}

/* FOR (n:Label) */
static int parse_schema_for(struct parser *p, struct cypher_schema *sc)
{
	if (!cp_expect_kw(p, "FOR", "FOR (n:Label)") ||
	    !cp_expect(p, CYPHER_TOK_LPAREN, "'(' after FOR") ||
	    !(sc->var = cp_parse_var(p, "a variable in FOR (n:Label)")) ||
	    !cp_expect(p, CYPHER_TOK_COLON, "':' and a label in FOR (n:Label)") ||
	    !(sc->label = cp_parse_symbol(p, "a label name")) ||
	    !cp_expect(p, CYPHER_TOK_RPAREN, "')' after the label"))
		return -1;
	return 0;
}

/* n.prop, where n must be the FOR variable. */
static int parse_schema_prop(struct parser *p, struct cypher_schema *sc)
{
	const struct cypher_token *vt = cp_tok(p);
	char *var = cp_parse_var(p, "the property as n.prop");

	if (!var || !cp_expect(p, CYPHER_TOK_DOT, "'.' in n.prop") ||
	    !(sc->prop = cp_parse_symbol(p, "a property name")))
		return -1;
	if (strcmp(var, sc->var) != 0) {
		cp_fail_at(p, vt->pos,
			"the property must belong to '%.40s' (the FOR "
			"variable), not '%.40s'",
			sc->var, var);
		return -1;
	}
	return 0;
}

/* CREATE INDEX|CONSTRAINT [name] [IF NOT EXISTS] FOR (n:L) ... */
static int parse_create_schema(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;
	bool index = cp_tok_is_kw(p, cp_tok_at(p, 1), "INDEX"), paren;

	cp_next(p);
	cp_next(p);
	s->kind =
	    index ? CYPHER_STMT_CREATE_INDEX : CYPHER_STMT_CREATE_CONSTRAINT;
	if (!cp_is_kw(p, "IF") && !cp_is_kw(p, "FOR") &&
	    !(s->schema.name = cp_parse_symbol(p, "a name or FOR")))
		return -1;
	if (parse_if_not_exists(p, &s->schema.if_not_exists) < 0 ||
	    parse_schema_for(p, &s->schema) < 0)
		return -1;
	if (index) {
		return cp_expect_kw(p, "ON", "ON (n.prop)") &&
			       cp_expect(p, CYPHER_TOK_LPAREN, "'(' after ON") &&
			       parse_schema_prop(p, &s->schema) == 0 &&
			       cp_expect(p, CYPHER_TOK_RPAREN,
				      "')' after the property (one property "
				      "per index)")
			   ? 0
			   : -1;
	}
	if (!cp_expect_kw(p, "REQUIRE", "REQUIRE n.prop IS UNIQUE"))
		return -1;
	paren = cp_accept(p, CYPHER_TOK_LPAREN);
	if (parse_schema_prop(p, &s->schema) < 0 ||
	    (paren && !cp_expect(p, CYPHER_TOK_RPAREN, "')' after the property")))
		return -1;
	return cp_expect_kw(p, "IS", "IS UNIQUE") &&
		       cp_expect_kw(p, "UNIQUE",
				 "UNIQUE (the only constraint supported)")
		   ? 0
		   : -1;
}

static int parse_drop_schema(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;

	cp_next(p);
	if (cp_accept_kw(p, "INDEX"))
		s->kind = CYPHER_STMT_DROP_INDEX;
	else if (cp_accept_kw(p, "CONSTRAINT"))
		s->kind = CYPHER_STMT_DROP_CONSTRAINT;
	else {
		cp_fail_expected(p, "INDEX or CONSTRAINT after DROP");
		return -1;
	}
	if (!(s->schema.name = cp_parse_symbol(p, "the name to drop")))
		return -1;
	if (cp_accept_kw(p, "IF")) {
		s->schema.if_exists = true;
		if (!cp_expect_kw(p, "EXISTS", "EXISTS after IF"))
			return -1;
	}
	return 0;
}

static int parse_show(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;

	cp_next(p);
	if (cp_accept_kw(p, "INDEXES") || cp_accept_kw(p, "INDEX")) {
		s->kind = CYPHER_STMT_SHOW_INDEXES;
	} else if (cp_accept_kw(p, "CONSTRAINTS") || cp_accept_kw(p, "CONSTRAINT")) {
		s->kind = CYPHER_STMT_SHOW_CONSTRAINTS;
	} else {
		cp_fail_expected(p, "INDEXES or CONSTRAINTS after SHOW");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- statement */

static int parse_statement(struct parser *p)
{
	int r;

	p->stmt->pos = cp_tok(p)->pos;
	p->stmt->explain = cp_accept_kw(p, "EXPLAIN");
	if (cp_is_kw(p, "CREATE") && (cp_tok_is_kw(p, cp_tok_at(p, 1), "INDEX") ||
				   cp_tok_is_kw(p, cp_tok_at(p, 1), "CONSTRAINT")))
		r = parse_create_schema(p);
	else if (cp_is_kw(p, "DROP"))
		r = parse_drop_schema(p);
	else if (cp_is_kw(p, "SHOW"))
		r = parse_show(p);
	else
		r = parse_query(p);
	if (r < 0)
		return -1;
	cp_accept(p, CYPHER_TOK_SEMI);
	if (!cp_is_tok(p, CYPHER_TOK_EOF)) {
		cp_fail_expected(p, "the end of the statement");
		return -1;
	}
	return 0;
}

static void set_limits(struct parser *p, const struct cypher_limits *lim,
		       size_t *max_bytes)
{
	*max_bytes =
	    lim && lim->max_bytes ? lim->max_bytes : CYPHER_DEFAULT_MAX_BYTES;
	if (*max_bytes > INT32_MAX)
		*max_bytes = INT32_MAX; /* lines and columns are ints */
	p->max_depth = lim && lim->max_depth > 0 ? lim->max_depth
						 : CYPHER_DEFAULT_MAX_DEPTH;
	p->max_height = lim && lim->max_expr_height > 0
			    ? lim->max_expr_height
			    : CYPHER_DEFAULT_MAX_EXPR_HEIGHT;
	/* the limits exist to protect the stack: never trust them beyond */
	if (p->max_depth > CYPHER_MAX_DEPTH_CAP)
		p->max_depth = CYPHER_MAX_DEPTH_CAP;
	if (p->max_height > CYPHER_MAX_EXPR_HEIGHT_CAP)
		p->max_height = CYPHER_MAX_EXPR_HEIGHT_CAP;
}

struct cypher_stmt *cypher_parse(const char *src, size_t len,
				 const struct cypher_limits *lim,
				 struct cypher_error *err)
{
	struct parser p = {.src = src, .len = len, .err = err};
	size_t max_bytes;

	memset(err, 0, sizeof(*err));
	set_limits(&p, lim, &max_bytes);
	if (len > max_bytes) {
		snprintf(err->msg, sizeof(err->msg),
			 "statement is too long: %zu bytes, the limit is %zu; "
			 "the statement was not run",
			 len, max_bytes);
		return NULL;
	}
	p.stmt = cypher_stmt_new();
	if (!p.stmt || cypher_lex(src, len, p.stmt, &p.toks) < 0) {
		snprintf(err->msg, sizeof(err->msg),
			 "out of memory while parsing the statement");
		cypher_stmt_free(p.stmt);
		return NULL;
	}
	if (parse_statement(&p) < 0)
		goto err;
	cypher_lex_free(&p.toks);
	return p.stmt;
err:
	cypher_lex_free(&p.toks);
	cypher_stmt_free(p.stmt);
	return NULL;
}

/* --------------------------------------------------------- error display */

/* Bytes of the character starting at s[i] (UTF-8 lead byte), at most
 * the rest of the line. */
static size_t char_len(const char *s, size_t i, size_t end)
{
	size_t k = i + 1;

	while (k < end && ((unsigned char)s[k] & 0xC0) == 0x80)
		k++;
	return k - i;
}

/* The [start, end) byte range of line `line` (1-based) in src. */
static void find_line(const char *src, size_t len, int line, size_t *start,
		      size_t *end)
{
	size_t i = 0;
	int l = 1;

	while (l < line && i < len) {
		if (src[i++] == '\n')
			l++;
	}
	*start = i;
	while (i < len && src[i] != '\n' && src[i] != '\r')
		i++;
	*end = i;
}

/* Appends to buf like snprintf would, keeping the full length in *n. */
__attribute__((format(printf, 4, 5))) static void
append(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(*n < size ? buf + *n : NULL, *n < size ? size - *n : 0,
		      fmt, ap);
	va_end(ap);
	if (k > 0)
		*n += (size_t)k;
}

#define WINDOW 60 /* characters shown left of the caret on long lines */

size_t cypher_error_format(const struct cypher_error *err, const char *src,
			   size_t len, char *buf, size_t size)
{
	size_t n = 0, start, end, i, from, caret_at;
	int col = 1;

	if (size)
		buf[0] = '\0';
	if (err->line <= 0) {
		append(buf, size, &n, "%s", err->msg);
		return n;
	}
	append(buf, size, &n, "line %d, column %d: %s\n", err->line, err->col,
	       err->msg);
	find_line(src, len, err->line, &start, &end);
	/* walk to the caret's byte, remembering where the shown part starts */
	from = start;
	for (i = start; i < end && col < err->col; i += char_len(src, i, end)) {
		col++;
		if (col - WINDOW > 1)
			from += char_len(src, from, end);
	}
	caret_at = i;
	if (from > start)
		append(buf, size, &n, "...");
	if (end - from > 2 * WINDOW + (caret_at - from))
		end = caret_at + 2 * WINDOW;
	append(buf, size, &n, "%.*s\n%s", (int)(end - from), src + from,
	       from > start ? "   " : "");
	for (i = from; i < caret_at; i += char_len(src, i, caret_at))
		append(buf, size, &n, "%c", src[i] == '\t' ? '\t' : ' ');
	append(buf, size, &n, "^");
	return n;
}
