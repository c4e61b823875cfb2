/* cypher_parse.c: recursive-descent parser for graphd's Cypher subset
 * (see cypher_parse.h for the grammar choices).
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

#define INT_LIMIT ((uint64_t)1 << 63)

/* A comprehension variable in scope while its WHERE and projection are
 * parsed; the chain lives on the parser's own stack. */
struct binder {
	const char *name;
	const struct binder *up;
};

struct parser {
	const struct binder *scope; /* innermost comprehension variable */
	const char *src;
	size_t len;
	struct cypher_tokens toks;
	size_t cur;
	struct cypher_stmt *stmt;
	struct cypher_error *err;
	bool failed;
	int depth;
	int max_depth;
	int max_height;
};

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

static const struct cypher_token *tok_at(const struct parser *p, size_t k)
{
	size_t i = p->cur + k;

	/* the list ends with EOF or ERROR: never read past it */
	return &p->toks.tok[i < p->toks.n ? i : p->toks.n - 1];
}

static const struct cypher_token *tok(const struct parser *p)
{
	return tok_at(p, 0);
}

static const struct cypher_token *next(struct parser *p)
{
	const struct cypher_token *t = tok(p);

	if (p->cur + 1 < p->toks.n)
		p->cur++;
	return t;
}

static bool tok_is_kw(const struct parser *p, const struct cypher_token *t,
		      const char *kw)
{
	size_t n = strlen(kw);

	return t->kind == CYPHER_TOK_IDENT && t->len == n &&
	       strncasecmp(p->src + t->off, kw, n) == 0;
}

static bool is_kw(const struct parser *p, const char *kw)
{
	return tok_is_kw(p, tok(p), kw);
}

static bool accept_kw(struct parser *p, const char *kw)
{
	if (!is_kw(p, kw))
		return false;
	next(p);
	return true;
}

static bool is_tok(const struct parser *p, enum cypher_tok_kind kind)
{
	return tok(p)->kind == kind;
}

static bool accept(struct parser *p, enum cypher_tok_kind kind)
{
	if (!is_tok(p, kind))
		return false;
	next(p);
	return true;
}

static bool is_reserved(const struct parser *p, const struct cypher_token *t)
{
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (tok_is_kw(p, t, reserved[i]))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------- errors */

__attribute__((format(printf, 3, 4))) static void
fail_at(struct parser *p, struct cypher_pos pos, const char *fmt, ...)
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

static void fail_oom(struct parser *p)
{
	fail_at(p, (struct cypher_pos){0, 0},
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
static void fail_expected(struct parser *p, const char *what)
{
	const struct cypher_token *t = tok(p);
	char found[64];

	if (t->kind == CYPHER_TOK_ERROR) {
		fail_at(p, p->toks.err.pos, "%s", p->toks.err.msg);
		return;
	}
	describe(p, t, found, sizeof(found));
	fail_at(p, t->pos, "expected %s, found %s", what, found);
}

static bool expect(struct parser *p, enum cypher_tok_kind kind,
		   const char *what)
{
	if (accept(p, kind))
		return true;
	fail_expected(p, what);
	return false;
}

static bool expect_kw(struct parser *p, const char *kw, const char *what)
{
	if (accept_kw(p, kw))
		return true;
	fail_expected(p, what);
	return false;
}

/* -------------------------------------------------------------- building */

static void *alloc(struct parser *p, size_t size)
{
	void *m = cypher_ast_alloc(p->stmt, size);

	if (!m)
		fail_oom(p);
	return m;
}

/* Appends a zeroed element to a growing array in the arena; returns it,
 * or NULL when out of memory. Growth doubles, so the copies cost O(n). */
static void *grow(struct parser *p, void *items_ptr, size_t *n, size_t *cap,
		  size_t elem)
{
	char *items;

	/* items_ptr points at a "T *" of some T: read and write it bytewise */
	memcpy(&items, items_ptr, sizeof(items));
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		char *na = alloc(p, ncap * elem);

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

static char *tok_name(struct parser *p, const struct cypher_token *t)
{
	char *s;

	if (t->kind == CYPHER_TOK_QIDENT)
		return t->v.s;
	s = cypher_ast_strndup(p->stmt, p->src + t->off, t->len);
	if (!s)
		fail_oom(p);
	return s;
}

/* A label, type, key or function name: any word, keywords included. */
static char *parse_symbol(struct parser *p, const char *what)
{
	const struct cypher_token *t = tok(p);

	if (t->kind != CYPHER_TOK_IDENT && t->kind != CYPHER_TOK_QIDENT) {
		fail_expected(p, what);
		return NULL;
	}
	next(p);
	return tok_name(p, t);
}

static bool is_var_tok(const struct parser *p, const struct cypher_token *t)
{
	return t->kind == CYPHER_TOK_QIDENT ||
	       (t->kind == CYPHER_TOK_IDENT && !is_reserved(p, t));
}

/* A variable name: a word that is not a keyword, or a `backquoted` one. */
static char *parse_var(struct parser *p, const char *what)
{
	if (!is_var_tok(p, tok(p))) {
		fail_expected(p, what);
		return NULL;
	}
	return tok_name(p, next(p));
}

static struct cypher_expr *
new_expr(struct parser *p, enum cypher_expr_kind kind, struct cypher_pos pos)
{
	struct cypher_expr *e = alloc(p, sizeof(*e));

	if (!e)
		return NULL;
	e->kind = kind;
	e->pos = pos;
	e->height = 1;
	return e;
}

/* Sets e's height above its highest child and enforces max_expr_height,
 * which keeps recursive walks of the tree (printing, planning) bounded. */
static struct cypher_expr *finish(struct parser *p, struct cypher_expr *e,
				  int child_height)
{
	e->height = child_height + 1;
	if (e->height > p->max_height) {
		fail_at(p, e->pos,
			"expression nested too deeply (more than %d levels)",
			p->max_height);
		return NULL;
	}
	return e;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static struct cypher_expr *mk_binary(struct parser *p, enum cypher_op op,
				     struct cypher_expr *lhs,
				     struct cypher_expr *rhs,
				     struct cypher_pos pos)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_BINARY, pos);

	if (!e)
		return NULL;
	e->u.binary.op = op;
	e->u.binary.lhs = lhs;
	e->u.binary.rhs = rhs;
	return finish(p, e, max_int(lhs->height, rhs->height));
}

/* Guards the parser's own recursion (nesting of (), [], {}, CASE, NOT,
 * signs): every recursive path passes through here. */
static bool enter(struct parser *p)
{
	if (++p->depth <= p->max_depth)
		return true;
	fail_at(p, tok(p)->pos,
		"expression nested too deeply (more than %d levels)",
		p->max_depth);
	return false;
}

/* ----------------------------------------------------------- expressions */

static struct cypher_expr *parse_expr(struct parser *p);

/* Comma-separated expressions up to (not including) the closing token. */
static int parse_expr_list(struct parser *p, enum cypher_tok_kind close,
			   struct cypher_expr ***items, size_t *n, int *height)
{
	size_t cap = 0;

	*items = NULL;
	*n = 0;
	*height = 0;
	if (is_tok(p, close))
		return 0;
	do {
		struct cypher_expr **slot, *e = parse_expr(p);

		if (!e)
			return -1;
		slot = grow(p, items, n, &cap, sizeof(*slot));
		if (!slot)
			return -1;
		*slot = e;
		*height = max_int(*height, e->height);
	} while (accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static struct cypher_expr *parse_literal(struct parser *p)
{
	const struct cypher_token *t = next(p);
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_LITERAL, t->pos);

	if (!e)
		return NULL;
	switch (t->kind) {
	case CYPHER_TOK_INT:
		if (t->v.u >= INT_LIMIT) {
			fail_at(p, t->pos,
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
		if (tok_is_kw(p, t, "NULL")) {
			e->u.lit.kind = CYPHER_LIT_NULL;
		} else {
			e->u.lit.kind = CYPHER_LIT_BOOL;
			e->u.lit.v.b = tok_is_kw(p, t, "TRUE");
		}
	}
	return e;
}

static struct cypher_expr *parse_map(struct parser *p)
{
	const struct cypher_token *open = next(p);
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_MAP, open->pos);
	size_t cap = 0;
	int h = 0;

	if (!e)
		return NULL;
	if (accept(p, CYPHER_TOK_RBRACE))
		return e;
	do {
		struct cypher_map_entry *me;
		char *key = parse_symbol(p, "a map key");

		if (!key ||
		    !expect(p, CYPHER_TOK_COLON, "':' after the map key"))
			return NULL;
		me = grow(p, &e->u.map.entries, &e->u.map.n_entries, &cap,
			  sizeof(*me));
		if (!me)
			return NULL;
		me->key = key;
		me->value = parse_expr(p);
		if (!me->value)
			return NULL;
		h = max_int(h, me->value->height);
	} while (accept(p, CYPHER_TOK_COMMA));
	if (!expect(p, CYPHER_TOK_RBRACE, "',' or '}' to close the map"))
		return NULL;
	return finish(p, e, h);
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
	if (accept_kw(p, "WHERE") && !(e->u.comp.where = parse_expr(p)))
		goto out;
	if (proj && accept(p, CYPHER_TOK_PIPE) &&
	    !(e->u.comp.proj = parse_expr(p)))
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
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_COMP, pos);
	int h;

	if (!e || !(e->u.comp.var = parse_var(p, "a variable")))
		return NULL;
	e->u.comp.kind = kind;
	next(p); /* IN, checked by the caller */
	if (!(e->u.comp.list = parse_expr(p)) ||
	    parse_comp_body(p, e, kind == CYPHER_COMP_LIST) < 0)
		return NULL;
	h = e->u.comp.list->height;
	if (e->u.comp.where)
		h = max_int(h, e->u.comp.where->height);
	if (e->u.comp.proj)
		h = max_int(h, e->u.comp.proj->height);
	return finish(p, e, h);
}

/* At a variable followed by IN: the start of a comprehension. */
static bool at_comp_start(const struct parser *p, size_t k)
{
	return is_var_tok(p, tok_at(p, k)) &&
	       tok_is_kw(p, tok_at(p, k + 1), "IN");
}

static const char *const quantifiers[] = {"all", "any", "none", "single"};

/* all/any/none/single( var IN ...: a quantifier, not a function call. */
static bool is_quantifier(const struct parser *p)
{
	const struct cypher_token *t = tok(p);

	if (t->kind != CYPHER_TOK_IDENT || !at_comp_start(p, 2))
		return false;
	for (size_t i = 0; i < 4; i++)
		if (tok_is_kw(p, t, quantifiers[i]))
			return true;
	return false;
}

static struct cypher_expr *parse_quantifier(struct parser *p)
{
	const struct cypher_token *t = next(p);
	enum cypher_comp_kind kind = CYPHER_COMP_ALL;
	struct cypher_expr *e;

	for (size_t i = 0; i < 4; i++)
		if (tok_is_kw(p, t, quantifiers[i]))
			kind = (enum cypher_comp_kind)(CYPHER_COMP_ALL + i);
	next(p); /* ( */
	if (!(e = parse_comp(p, kind, t->pos)))
		return NULL;
	if (!e->u.comp.where) {
		fail_expected(p, "WHERE and a predicate in the quantifier");
		return NULL;
	}
	if (!expect(p, CYPHER_TOK_RPAREN, "')' to close the quantifier"))
		return NULL;
	return e;
}

static int parse_path(struct parser *p, struct cypher_path *path);

/* At token k a '(' that starts a relationship pattern, not a
 * parenthesised expression: a node pattern ( [var] [:Label...] [{...} |
 * $param] ) followed by -[, --, <-[ or <--. */
static bool at_pattern(const struct parser *p, size_t k)
{
	const struct cypher_token *t;
	int depth = 0;

	if (tok_at(p, k++)->kind != CYPHER_TOK_LPAREN)
		return false;
	if (is_var_tok(p, tok_at(p, k)))
		k++;
	while (tok_at(p, k)->kind == CYPHER_TOK_COLON &&
	       (tok_at(p, k + 1)->kind == CYPHER_TOK_IDENT ||
		tok_at(p, k + 1)->kind == CYPHER_TOK_QIDENT))
		k += 2;
	if (tok_at(p, k)->kind == CYPHER_TOK_PARAM)
		k++;
	else if (tok_at(p, k)->kind == CYPHER_TOK_LBRACE) {
		do {
			t = tok_at(p, k++);
			if (t->kind == CYPHER_TOK_EOF ||
			    t->kind == CYPHER_TOK_ERROR)
				return false;
			depth += t->kind == CYPHER_TOK_LBRACE;
			depth -= t->kind == CYPHER_TOK_RBRACE;
		} while (depth > 0);
	}
	if (tok_at(p, k++)->kind != CYPHER_TOK_RPAREN)
		return false;
	if (tok_at(p, k)->kind == CYPHER_TOK_LT)
		k++;
	else if (tok_at(p, k)->kind != CYPHER_TOK_MINUS)
		return false;
	if (tok_at(p, k)->kind != CYPHER_TOK_MINUS)
		return false;
	t = tok_at(p, k + 1);
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
					fail_at(p, path->pos,
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
			h = max_int(h, path->nodes[i].props->height);
		if (i + 1 < path->n_nodes && path->rels[i].props)
			h = max_int(h, path->rels[i].props->height);
	}
	return h;
}

/* EXISTS { ... } / COUNT { ... } may end with RETURN of plain values
 * (they do not change whether a match exists); anything else there could,
 * so it is refused. */
static int parse_subquery_return(struct parser *p)
{
	if (!accept_kw(p, "RETURN"))
		return 0;
	do {
		struct cypher_expr *e = parse_expr(p);

		if (!e)
			return -1;
		if (e->kind != CYPHER_EXPR_LITERAL && e->kind != CYPHER_EXPR_VAR &&
		    e->kind != CYPHER_EXPR_PROP) {
			fail_at(p, e->pos,
				"only plain values may be returned in a "
				"subquery expression yet");
			return -1;
		}
		if (accept_kw(p, "AS") && !parse_var(p, "a name after AS"))
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
	return 0;
}

/* EXISTS { [MATCH] pattern [WHERE p] [RETURN values] }, or COUNT { ... };
 * at the keyword. One pattern, no other clause. */
static struct cypher_expr *parse_subquery(struct parser *p)
{
	const struct cypher_token *kw = next(p);
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_PATTERN, kw->pos);
	int h;

	if (!e)
		return NULL;
	e->u.pattern.subquery = true;
	e->u.pattern.count = tok_is_kw(p, kw, "COUNT");
	next(p); /* { */
	accept_kw(p, "MATCH");
	if (!(e->u.pattern.path = alloc(p, sizeof(*e->u.pattern.path))) ||
	    parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	h = path_height(e->u.pattern.path);
	if (accept_kw(p, "WHERE")) {
		if (!(e->u.pattern.where = parse_expr(p)))
			return NULL;
		h = max_int(h, e->u.pattern.where->height);
	}
	if (parse_subquery_return(p) < 0)
		return NULL;
	if (is_tok(p, CYPHER_TOK_COMMA)) {
		fail_at(p, tok(p)->pos,
			"a subquery expression with more than one pattern is "
			"not supported yet");
		return NULL;
	}
	if (is_kw(p, "SET") || is_kw(p, "CREATE") || is_kw(p, "DELETE") ||
	    is_kw(p, "DETACH") || is_kw(p, "MERGE") || is_kw(p, "REMOVE")) {
		fail_at(p, tok(p)->pos,
			"a subquery expression cannot change the graph "
			"(InvalidClauseComposition)");
		return NULL;
	}
	if (!expect(p, CYPHER_TOK_RBRACE,
		    "'}' to close the subquery (only [MATCH] pattern [WHERE "
		    "predicate] [RETURN values] is supported in it yet)"))
		return NULL;
	return finish(p, e, h);
}

/* (a)-->(b) in an expression: a pattern predicate. */
static struct cypher_expr *parse_pattern_pred(struct parser *p)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_PATTERN, tok(p)->pos);

	if (!e || !(e->u.pattern.path = alloc(p, sizeof(*e->u.pattern.path))) ||
	    parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	return finish(p, e, path_height(e->u.pattern.path));
}

/* [p = (a)-->(b) WHERE w | proj], the '[' read. */
static struct cypher_expr *parse_pattern_comp(struct parser *p,
					      struct cypher_pos pos)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_PATTERN, pos);
	int h;

	if (!e || !(e->u.pattern.path = alloc(p, sizeof(*e->u.pattern.path))) ||
	    parse_path(p, e->u.pattern.path) < 0 ||
	    check_pattern_locals(p, e->u.pattern.path) < 0)
		return NULL;
	h = path_height(e->u.pattern.path);
	if (accept_kw(p, "WHERE")) {
		if (!(e->u.pattern.where = parse_expr(p)))
			return NULL;
		h = max_int(h, e->u.pattern.where->height);
	}
	if (!expect(p, CYPHER_TOK_PIPE,
		    "WHERE or '|' and a projection in the pattern "
		    "comprehension") ||
	    !(e->u.pattern.proj = parse_expr(p)) ||
	    !expect(p, CYPHER_TOK_RBRACK,
		    "']' to close the pattern comprehension"))
		return NULL;
	return finish(p, e, max_int(h, e->u.pattern.proj->height));
}

static struct cypher_expr *parse_list(struct parser *p)
{
	struct cypher_pos pos = next(p)->pos;
	struct cypher_expr *e;
	int h;

	if (at_pattern(p, 0) ||
	    (is_var_tok(p, tok(p)) && tok_at(p, 1)->kind == CYPHER_TOK_EQ &&
	     at_pattern(p, 2)))
		return parse_pattern_comp(p, pos);

	if (at_comp_start(p, 0)) {
		if (!(e = parse_comp(p, CYPHER_COMP_LIST, pos)) ||
		    !expect(p, CYPHER_TOK_RBRACK,
			    "WHERE, '|' or ']' to close the list "
			    "comprehension"))
			return NULL;
		return e;
	}
	e = new_expr(p, CYPHER_EXPR_LIST, pos);
	if (!e || parse_expr_list(p, CYPHER_TOK_RBRACK, &e->u.list.items,
				  &e->u.list.n_items, &h) < 0)
		return NULL;
	if (!expect(p, CYPHER_TOK_RBRACK, "',' or ']' to close the list"))
		return NULL;
	return finish(p, e, h);
}

/* "ns.name" of a namespaced call (the parser is at the '.'). */
static char *dotted_name(struct parser *p, struct cypher_expr *e)
{
	char *last, *full, buf[256];
	int n;

	next(p);
	if (!(last = tok_name(p, next(p))))
		return NULL;
	n = snprintf(buf, sizeof(buf), "%s.%s", e->u.call.name, last);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1; /* no such function: lookup fails */
	if (!(full = cypher_ast_strndup(p->stmt, buf, (size_t)n)))
		fail_oom(p);
	return full;
}

static struct cypher_expr *parse_call(struct parser *p)
{
	const struct cypher_token *name = next(p);
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_CALL, name->pos);
	int h = 0;

	if (!e || !(e->u.call.name = tok_name(p, name)))
		return NULL;
	if (is_tok(p, CYPHER_TOK_DOT) && !(e->u.call.name = dotted_name(p, e)))
		return NULL;
	next(p); /* ( */
	if (is_tok(p, CYPHER_TOK_STAR)) {
		if (strcasecmp(e->u.call.name, "count") != 0) {
			fail_at(p, tok(p)->pos,
				"only count(*) takes '*' as its argument");
			return NULL;
		}
		next(p);
		e->u.call.star = true;
	} else {
		e->u.call.distinct = accept_kw(p, "DISTINCT");
		if (parse_expr_list(p, CYPHER_TOK_RPAREN, &e->u.call.args,
				    &e->u.call.n_args, &h) < 0)
			return NULL;
		if (e->u.call.distinct && e->u.call.n_args == 0) {
			fail_expected(p, "an argument after DISTINCT");
			return NULL;
		}
	}
	if (!expect(p, CYPHER_TOK_RPAREN,
		    "',' or ')' to close the function's arguments"))
		return NULL;
	return finish(p, e, h);
}

static struct cypher_expr *parse_case(struct parser *p)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_CASE, next(p)->pos);
	size_t cap = 0;
	int h = 0;

	if (!e)
		return NULL;
	if (!is_kw(p, "WHEN") && !is_kw(p, "ELSE") && !is_kw(p, "END")) {
		if (!(e->u.case_.subject = parse_expr(p)))
			return NULL;
		h = e->u.case_.subject->height;
	}
	while (accept_kw(p, "WHEN")) {
		struct cypher_case_alt *a = grow(
		    p, &e->u.case_.alts, &e->u.case_.n_alts, &cap, sizeof(*a));

		if (!a || !(a->when = parse_expr(p)) ||
		    !expect_kw(p, "THEN", "THEN after the WHEN condition") ||
		    !(a->then = parse_expr(p)))
			return NULL;
		h = max_int(h, max_int(a->when->height, a->then->height));
	}
	if (e->u.case_.n_alts == 0) {
		fail_expected(p, "WHEN in CASE");
		return NULL;
	}
	if (accept_kw(p, "ELSE")) {
		if (!(e->u.case_.otherwise = parse_expr(p)))
			return NULL;
		h = max_int(h, e->u.case_.otherwise->height);
	}
	if (!expect_kw(p, "END", "WHEN, ELSE or END to close the CASE"))
		return NULL;
	return finish(p, e, h);
}

static struct cypher_expr *parse_paren(struct parser *p)
{
	struct cypher_expr *e;

	next(p);
	e = parse_expr(p);
	if (!e || !expect(p, CYPHER_TOK_RPAREN,
			  "')' to close the parenthesised expression"))
		return NULL;
	return e;
}

static struct cypher_expr *parse_word_atom(struct parser *p)
{
	const struct cypher_token *t = tok(p);
	struct cypher_expr *e;

	if (tok_is_kw(p, t, "TRUE") || tok_is_kw(p, t, "FALSE") ||
	    tok_is_kw(p, t, "NULL"))
		return parse_literal(p);
	if (tok_is_kw(p, t, "CASE"))
		return parse_case(p);
	if (t->kind == CYPHER_TOK_IDENT && is_reserved(p, t)) {
		fail_expected(p, "an expression");
		return NULL;
	}
	if (tok_at(p, 1)->kind == CYPHER_TOK_LBRACE &&
	    (tok_is_kw(p, t, "EXISTS") || tok_is_kw(p, t, "COUNT")))
		return parse_subquery(p);
	if (tok_at(p, 1)->kind == CYPHER_TOK_LPAREN)
		return is_quantifier(p) ? parse_quantifier(p) : parse_call(p);
	if (tok_at(p, 1)->kind == CYPHER_TOK_DOT &&
	    tok_at(p, 2)->kind == CYPHER_TOK_IDENT &&
	    tok_at(p, 3)->kind == CYPHER_TOK_LPAREN)
		return parse_call(p); /* a namespaced function: date.truncate */
	e = new_expr(p, CYPHER_EXPR_VAR, t->pos);
	if (!e || !(e->u.name = tok_name(p, next(p))))
		return NULL;
	return resolve_local(p, e);
}

static struct cypher_expr *parse_atom(struct parser *p)
{
	const struct cypher_token *t = tok(p);
	struct cypher_expr *e;

	switch (t->kind) {
	case CYPHER_TOK_INT:
	case CYPHER_TOK_FLOAT:
	case CYPHER_TOK_STRING:
		return parse_literal(p);
	case CYPHER_TOK_PARAM:
		e = new_expr(p, CYPHER_EXPR_PARAM, t->pos);
		if (!e)
			return NULL;
		e->u.name = cypher_ast_strndup(p->stmt, p->src + t->off + 1,
					       t->len - 1);
		if (!e->u.name)
			fail_oom(p);
		next(p);
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
		fail_expected(p, "an expression");
		return NULL;
	}
}

/* obj[i], obj[a..b], obj[..b], obj[a..] */
static struct cypher_expr *parse_subscript(struct parser *p,
					   struct cypher_expr *obj)
{
	struct cypher_pos pos = next(p)->pos;
	struct cypher_expr *e, *from = NULL, *to = NULL;
	int h = obj->height;

	if (!is_tok(p, CYPHER_TOK_DOTDOT)) {
		if (!(from = parse_expr(p)))
			return NULL;
		h = max_int(h, from->height);
	}
	if (!accept(p, CYPHER_TOK_DOTDOT)) {
		if (!expect(p, CYPHER_TOK_RBRACK,
			    "'..' or ']' after the index"))
			return NULL;
		e = new_expr(p, CYPHER_EXPR_INDEX, pos);
		if (!e)
			return NULL;
		e->u.index.obj = obj;
		e->u.index.index = from;
		return finish(p, e, h);
	}
	if (!is_tok(p, CYPHER_TOK_RBRACK)) {
		if (!(to = parse_expr(p)))
			return NULL;
		h = max_int(h, to->height);
	}
	if (!expect(p, CYPHER_TOK_RBRACK, "']' to close the slice"))
		return NULL;
	e = new_expr(p, CYPHER_EXPR_SLICE, pos);
	if (!e)
		return NULL;
	e->u.slice.obj = obj;
	e->u.slice.from = from;
	e->u.slice.to = to;
	return finish(p, e, h);
}

/* :Label:Other after a name; the arrays grow in the arena. */
static int parse_label_list(struct parser *p, char ***labels, size_t *n,
			    const char *what)
{
	size_t cap = 0;

	*labels = NULL;
	*n = 0;
	while (accept(p, CYPHER_TOK_COLON)) {
		char **slot = grow(p, labels, n, &cap, sizeof(*slot));

		if (!slot || !(*slot = parse_symbol(p, what)))
			return -1;
	}
	return 0;
}

static struct cypher_expr *parse_label_test(struct parser *p,
					    struct cypher_expr *obj)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_LABELS, tok(p)->pos);

	if (!e ||
	    parse_label_list(p, &e->u.labels.labels, &e->u.labels.n_labels,
			     "a label name after ':'") < 0)
		return NULL;
	e->u.labels.obj = obj;
	return finish(p, e, obj->height);
}

static struct cypher_expr *parse_postfix(struct parser *p)
{
	struct cypher_expr *e = parse_atom(p), *pe;

	while (e) {
		if (is_tok(p, CYPHER_TOK_DOT)) {
			pe = new_expr(p, CYPHER_EXPR_PROP, next(p)->pos);
			if (!pe || !(pe->u.prop.key = parse_symbol(
					 p, "a property name after '.'")))
				return NULL;
			pe->u.prop.obj = e;
			e = finish(p, pe, e->height);
		} else if (is_tok(p, CYPHER_TOK_LBRACK)) {
			e = parse_subscript(p, e);
		} else if (is_tok(p, CYPHER_TOK_COLON)) {
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
	enum cypher_tok_kind k = tok_at(p, 1)->kind, after = tok_at(p, 2)->kind;

	return is_tok(p, CYPHER_TOK_MINUS) &&
	       (k == CYPHER_TOK_INT || k == CYPHER_TOK_FLOAT) &&
	       after != CYPHER_TOK_DOT && after != CYPHER_TOK_LBRACK &&
	       after != CYPHER_TOK_COLON;
}

static struct cypher_expr *parse_negative_literal(struct parser *p)
{
	struct cypher_pos pos = next(p)->pos;
	const struct cypher_token *t = next(p);
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_LITERAL, pos);

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
	const struct cypher_token *t = tok(p);

	if (is_negative_literal(p))
		return parse_negative_literal(p);
	if (t->kind != CYPHER_TOK_MINUS && t->kind != CYPHER_TOK_PLUS)
		return parse_postfix(p);
	next(p);
	if (!enter(p))
		return NULL;
	arg = parse_unary(p);
	p->depth--;
	if (!arg || !(e = new_expr(p, CYPHER_EXPR_UNARY, t->pos)))
		return NULL;
	e->u.unary.op =
	    t->kind == CYPHER_TOK_MINUS ? CYPHER_OP_NEG : CYPHER_OP_POS;
	e->u.unary.arg = arg;
	return finish(p, e, arg->height);
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
		if (is_tok(p, ops[i].tok))
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
		struct cypher_pos pos = next(p)->pos;

		rhs = level == 0 ? parse_unary(p) : parse_level(p, level - 1);
		if (!rhs)
			return NULL;
		lhs = mk_binary(p, levels[level][k].op, lhs, rhs, pos);
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
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_IS_NULL, pos);

	if (!e)
		return NULL;
	e->u.is_null.arg = arg;
	e->u.is_null.negated = negated;
	return finish(p, e, arg->height);
}

/* The predicate operator at the current token (consumed), or -1 when
 * there is none. IS [NOT] NULL is handled by the caller. */
static int accept_predicate_op(struct parser *p, enum cypher_op *op)
{
	if (accept_kw(p, "IN")) {
		*op = CYPHER_OP_IN;
	} else if (accept_kw(p, "CONTAINS")) {
		*op = CYPHER_OP_CONTAINS;
	} else if (is_kw(p, "STARTS") || is_kw(p, "ENDS")) {
		*op = is_kw(p, "STARTS") ? CYPHER_OP_STARTS_WITH
					 : CYPHER_OP_ENDS_WITH;
		next(p);
		if (!expect_kw(p, "WITH", "WITH after STARTS or ENDS"))
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
		struct cypher_pos pos = tok(p)->pos;
		enum cypher_op op;
		int r;

		if (accept_kw(p, "IS")) {
			bool neg = accept_kw(p, "NOT");

			if (!expect_kw(p, "NULL", "NULL after IS or IS NOT"))
				return NULL;
			e = mk_is_null(p, e, neg, pos);
			continue;
		}
		r = accept_predicate_op(p, &op);
		if (r == -1)
			break;
		if (r < 0 || !(rhs = parse_add(p)))
			return NULL;
		e = mk_binary(p, op, e, rhs, pos);
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
		pos = next(p)->pos;
		if (!(rhs = parse_predicate(p)) ||
		    !(cmp = mk_binary(p, (enum cypher_op)op, lhs, rhs, pos)))
			return NULL;
		chain = chain ? mk_binary(p, CYPHER_OP_AND, chain, cmp, pos)
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
	struct cypher_pos pos = tok(p)->pos;

	if (!accept_kw(p, "NOT"))
		return parse_comparison(p);
	if (!enter(p))
		return NULL;
	arg = parse_not(p);
	p->depth--;
	if (!arg || !(e = new_expr(p, CYPHER_EXPR_UNARY, pos)))
		return NULL;
	e->u.unary.op = CYPHER_OP_NOT;
	e->u.unary.arg = arg;
	return finish(p, e, arg->height);
}

/* Left-associative keyword operators: AND, then XOR, then OR. */
static struct cypher_expr *parse_logic(struct parser *p, int level)
{
	static const char *const kws[] = {"AND", "XOR", "OR"};
	static const enum cypher_op ops[] = {CYPHER_OP_AND, CYPHER_OP_XOR,
					     CYPHER_OP_OR};
	struct cypher_expr *lhs, *rhs;

	lhs = level == 0 ? parse_not(p) : parse_logic(p, level - 1);
	while (lhs && is_kw(p, kws[level])) {
		struct cypher_pos pos = next(p)->pos;

		rhs = level == 0 ? parse_not(p) : parse_logic(p, level - 1);
		if (!rhs)
			return NULL;
		lhs = mk_binary(p, ops[level], lhs, rhs, pos);
	}
	return lhs;
}

static struct cypher_expr *parse_expr(struct parser *p)
{
	struct cypher_expr *e;

	if (!enter(p))
		return NULL;
	e = parse_logic(p, 2);
	p->depth--;
	return e;
}

/* -------------------------------------------------------------- patterns */

/* {k: v} or $param after a node or relationship pattern's labels. */
static int parse_pattern_props(struct parser *p, struct cypher_expr **props)
{
	if (is_tok(p, CYPHER_TOK_LBRACE)) {
		if (!enter(p))
			return -1;
		*props = parse_map(p);
		p->depth--;
		return *props ? 0 : -1;
	}
	if (is_tok(p, CYPHER_TOK_PARAM)) {
		*props = parse_atom(p);
		return *props ? 0 : -1;
	}
	return 0;
}

static int parse_node(struct parser *p, struct cypher_node_pat *n)
{
	n->pos = tok(p)->pos;
	if (!expect(p, CYPHER_TOK_LPAREN, "'(' to start a node pattern"))
		return -1;
	if (tok(p)->kind == CYPHER_TOK_IDENT ||
	    tok(p)->kind == CYPHER_TOK_QIDENT)
		if (!(n->var = parse_var(p, "a variable, ':', '{' or ')' in "
					    "the node pattern")))
			return -1;
	if (parse_label_list(p, &n->labels, &n->n_labels,
			     "a label name after ':'") < 0 ||
	    parse_pattern_props(p, &n->props) < 0)
		return -1;
	if (!expect(p, CYPHER_TOK_RPAREN, "')' to close the node pattern"))
		return -1;
	return 0;
}

/* *, *2, *1..3, *..3, *2.. */
static int parse_hops(struct parser *p, struct cypher_rel_pat *r)
{
	const struct cypher_token *t;

	r->varlen = true;
	r->min_hops = r->max_hops = -1;
	t = tok(p);
	if (accept(p, CYPHER_TOK_INT))
		r->min_hops =
		    (int64_t)(t->v.u >= INT_LIMIT ? INT64_MAX : t->v.u);
	if (accept(p, CYPHER_TOK_DOTDOT)) {
		t = tok(p);
		if (accept(p, CYPHER_TOK_INT))
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

	if (tok(p)->kind == CYPHER_TOK_IDENT ||
	    tok(p)->kind == CYPHER_TOK_QIDENT)
		if (!(r->var = parse_var(p, "a variable, ':', '*', '{' or ']' "
					    "in the relationship pattern")))
			return -1;
	if (accept(p, CYPHER_TOK_COLON)) {
		do {
			char **slot;

			accept(p,
			       CYPHER_TOK_COLON); /* -[:A|:B]- is old syntax */
			slot = grow(p, &r->types, &r->n_types, &cap,
				    sizeof(*slot));
			if (!slot || !(*slot = parse_symbol(
					   p, "a relationship type name")))
				return -1;
		} while (accept(p, CYPHER_TOK_PIPE));
	}
	if (accept(p, CYPHER_TOK_STAR) && parse_hops(p, r) < 0)
		return -1;
	if (parse_pattern_props(p, &r->props) < 0)
		return -1;
	return expect(p, CYPHER_TOK_RBRACK,
		      "']' to close the relationship pattern")
		   ? 0
		   : -1;
}

/* -[...]->, <-[...]-, -[...]-, -->, <--, -- */
static int parse_rel(struct parser *p, struct cypher_rel_pat *r)
{
	bool left, right;

	r->pos = tok(p)->pos;
	left = accept(p, CYPHER_TOK_LT);
	if (!expect(p, CYPHER_TOK_MINUS, "'-' after '<' in the relationship"))
		return -1;
	if (accept(p, CYPHER_TOK_LBRACK) && parse_rel_detail(p, r) < 0)
		return -1;
	if (!expect(p, CYPHER_TOK_MINUS, "'-' in the relationship pattern"))
		return -1;
	right = accept(p, CYPHER_TOK_GT);
	r->dir = left == right ? CYPHER_DIR_BOTH
		 : left	       ? CYPHER_DIR_IN
			       : CYPHER_DIR_OUT;
	return 0;
}

static int parse_path(struct parser *p, struct cypher_path *path)
{
	size_t ncap = 0, rcap = 0, nrels = 0;
	struct cypher_node_pat *n;

	path->pos = tok(p)->pos;
	if (is_var_tok(p, tok(p)) && tok_at(p, 1)->kind == CYPHER_TOK_EQ) {
		if (!(path->var = tok_name(p, next(p))))
			return -1;
		next(p); /* = */
	}
	n = grow(p, &path->nodes, &path->n_nodes, &ncap, sizeof(*n));
	if (!n || parse_node(p, n) < 0)
		return -1;
	while (is_tok(p, CYPHER_TOK_MINUS) || is_tok(p, CYPHER_TOK_LT)) {
		struct cypher_rel_pat *r =
		    grow(p, &path->rels, &nrels, &rcap, sizeof(*r));

		if (!r || parse_rel(p, r) < 0)
			return -1;
		n = grow(p, &path->nodes, &path->n_nodes, &ncap, sizeof(*n));
		if (!n || parse_node(p, n) < 0)
			return -1;
	}
	return 0;
}

static int parse_paths(struct parser *p, struct cypher_path **paths, size_t *n)
{
	size_t cap = 0;

	do {
		struct cypher_path *path =
		    grow(p, paths, n, &cap, sizeof(*path));

		if (!path || parse_path(p, path) < 0)
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
	return 0;
}

/* --------------------------------------------------------------- clauses */

static int parse_match(struct parser *p, struct cypher_clause *c)
{
	if (parse_paths(p, &c->u.match.paths, &c->u.match.n_paths) < 0)
		return -1;
	if (accept_kw(p, "WHERE") && !(c->u.match.where = parse_expr(p)))
		return -1;
	return 0;
}

static int parse_unwind(struct parser *p, struct cypher_clause *c)
{
	if (!(c->u.unwind.expr = parse_expr(p)) ||
	    !expect_kw(p, "AS", "AS after the UNWIND expression") ||
	    !(c->u.unwind.var = parse_var(p, "a variable name after AS")))
		return -1;
	return 0;
}

static int parse_proj_item(struct parser *p, struct cypher_proj_item *it,
			   bool with)
{
	const struct cypher_token *first = tok(p), *last;

	it->pos = first->pos;
	if (!(it->expr = parse_expr(p)))
		return -1;
	last = &p->toks.tok[p->cur - 1];
	it->text = cypher_ast_strndup(p->stmt, p->src + first->off,
				      last->off + last->len - first->off);
	if (!it->text) {
		fail_oom(p);
		return -1;
	}
	if (accept_kw(p, "AS") &&
	    !(it->alias = parse_var(p, "a column name after AS")))
		return -1;
	if (with && !it->alias && it->expr->kind != CYPHER_EXPR_VAR) {
		fail_at(p, it->pos,
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

	if (!expect_kw(p, "BY", "BY after ORDER"))
		return -1;
	do {
		struct cypher_sort_item *s =
		    grow(p, &pr->order, &pr->n_order, &cap, sizeof(*s));

		if (!s || !(s->expr = parse_expr(p)))
			return -1;
		if (accept_kw(p, "DESC") || accept_kw(p, "DESCENDING"))
			s->desc = true;
		else if (!accept_kw(p, "ASC"))
			accept_kw(p, "ASCENDING");
	} while (accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static int parse_proj_items(struct parser *p, struct cypher_projection *pr,
			    bool with)
{
	size_t cap = 0;

	if (accept(p, CYPHER_TOK_STAR)) {
		pr->star = true;
		if (!accept(p, CYPHER_TOK_COMMA))
			return 0;
	}
	do {
		struct cypher_proj_item *it =
		    grow(p, &pr->items, &pr->n_items, &cap, sizeof(*it));

		if (!it || parse_proj_item(p, it, with) < 0)
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
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
	names = alloc(p, pr->n_items * sizeof(*names));
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
	fail_at(p, pr->items[i].pos,
		"the column name '%.40s' is used twice; rename one with AS",
		dup);
	return -1;
}

/* WITH and RETURN: [DISTINCT] items [ORDER BY] [SKIP] [LIMIT] [WHERE] */
static int parse_projection(struct parser *p, struct cypher_clause *c)
{
	struct cypher_projection *pr = &c->u.proj;
	bool with = c->kind == CYPHER_CLAUSE_WITH;

	pr->distinct = accept_kw(p, "DISTINCT");
	if (parse_proj_items(p, pr, with) < 0 ||
	    check_unique_columns(p, pr) < 0)
		return -1;
	if (accept_kw(p, "ORDER") && parse_order(p, pr) < 0)
		return -1;
	if (accept_kw(p, "SKIP") && !(pr->skip = parse_expr(p)))
		return -1;
	if (accept_kw(p, "LIMIT") && !(pr->limit = parse_expr(p)))
		return -1;
	if (with && accept_kw(p, "WHERE") && !(pr->where = parse_expr(p)))
		return -1;
	return 0;
}

/* n.a.b as a CYPHER_EXPR_PROP chain on the variable n (already read). */
static struct cypher_expr *parse_prop_target(struct parser *p,
					     const struct cypher_token *vt)
{
	struct cypher_expr *e = new_expr(p, CYPHER_EXPR_VAR, vt->pos), *pe;

	if (!e || !(e->u.name = tok_name(p, vt)))
		return NULL;
	while (is_tok(p, CYPHER_TOK_DOT)) {
		pe = new_expr(p, CYPHER_EXPR_PROP, next(p)->pos);
		if (!pe || !(pe->u.prop.key =
				 parse_symbol(p, "a property name after '.'")))
			return NULL;
		pe->u.prop.obj = e;
		if (!(e = finish(p, pe, e->height)))
			return NULL;
	}
	return e;
}

/* n.p = e | n = map | n += map | n:Label:Other */
static int parse_set_item(struct parser *p, struct cypher_set_item *it)
{
	const struct cypher_token *vt = tok(p);

	it->pos = vt->pos;
	if (!(it->var = parse_var(p, "a variable to SET")))
		return -1;
	if (is_tok(p, CYPHER_TOK_COLON)) {
		it->kind = CYPHER_SET_LABELS;
		return parse_label_list(p, &it->labels, &it->n_labels,
					"a label name after ':'");
	}
	if (accept(p, CYPHER_TOK_EQ) || accept(p, CYPHER_TOK_PLUSEQ)) {
		it->kind = p->toks.tok[p->cur - 1].kind == CYPHER_TOK_EQ
			       ? CYPHER_SET_REPLACE
			       : CYPHER_SET_MERGE;
		return (it->value = parse_expr(p)) ? 0 : -1;
	}
	if (!is_tok(p, CYPHER_TOK_DOT)) {
		fail_expected(p, "'.', ':', '=' or '+=' after the variable in "
				 "SET");
		return -1;
	}
	it->kind = CYPHER_SET_PROP;
	it->var = NULL;
	if (!(it->target = parse_prop_target(p, vt)) ||
	    !expect(p, CYPHER_TOK_EQ, "'=' after the property in SET") ||
	    !(it->value = parse_expr(p)))
		return -1;
	return 0;
}

static int parse_set_items(struct parser *p, struct cypher_set_item **items,
			   size_t *n, size_t *cap)
{
	do {
		struct cypher_set_item *it =
		    grow(p, items, n, cap, sizeof(*it));

		if (!it || parse_set_item(p, it) < 0)
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
	return 0;
}

static int parse_remove_item(struct parser *p, struct cypher_remove_item *it)
{
	const struct cypher_token *vt = tok(p);

	it->pos = vt->pos;
	if (!(it->var = parse_var(p, "a variable to REMOVE from")))
		return -1;
	if (is_tok(p, CYPHER_TOK_COLON)) {
		it->kind = CYPHER_REMOVE_LABELS;
		return parse_label_list(p, &it->labels, &it->n_labels,
					"a label name after ':'");
	}
	if (!is_tok(p, CYPHER_TOK_DOT)) {
		fail_expected(p, "'.' or ':' after the variable in REMOVE");
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
		    grow(p, &c->u.remove.items, &c->u.remove.n_items, &cap,
			 sizeof(*it));

		if (!it || parse_remove_item(p, it) < 0)
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
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
			fail_at(p, r->pos,
				"%s cannot use a variable-length relationship",
				clause);
			return -1;
		}
		if (r->n_types != 1) {
			fail_at(p, r->pos,
				"a relationship in %s needs exactly one type, "
				"e.g. -[:KNOWS]->",
				clause);
			return -1;
		}
		if (r->dir == CYPHER_DIR_BOTH && clause[0] == 'C') {
			fail_at(p, r->pos,
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

	if (parse_path(p, &c->u.merge.path) < 0 ||
	    check_writable_rels(p, &c->u.merge.path, "MERGE") < 0)
		return -1;
	while (accept_kw(p, "ON")) {
		bool create = is_kw(p, "CREATE");

		if (!create && !is_kw(p, "MATCH")) {
			fail_expected(p, "CREATE or MATCH after ON");
			return -1;
		}
		next(p);
		if (!expect_kw(p, "SET",
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

	if (parse_expr_list(p, CYPHER_TOK_EOF, &c->u.del.exprs,
			    &c->u.del.n_exprs, &h) < 0)
		return -1;
	if (c->u.del.n_exprs == 0) {
		fail_expected(p, "an expression to DELETE");
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

	if (parse_paths(p, &c->u.create.paths, &c->u.create.n_paths) < 0)
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
	char *name = parse_symbol(p, "a procedure name after CALL"), *part;

	while (name && accept(p, CYPHER_TOK_DOT)) {
		size_t a, b;
		char *joined;

		if (!(part = parse_symbol(p, "a name after '.'")))
			return NULL;
		a = strlen(name), b = strlen(part);
		if (!(joined = malloc(a + b + 2))) {
			fail_oom(p);
			return NULL;
		}
		memcpy(joined, name, a);
		joined[a] = '.';
		memcpy(joined + a + 1, part, b + 1);
		name = cypher_ast_strndup(p->stmt, joined, a + b + 1);
		free(joined);
		if (!name)
			fail_oom(p);
	}
	return name;
}

/* YIELD *, or YIELD field [AS var], ... [WHERE predicate] */
static int parse_yield(struct parser *p, struct cypher_clause *c)
{
	size_t cap = 0;

	c->u.call.has_yield = true;
	if (accept(p, CYPHER_TOK_STAR)) {
		c->u.call.yield_star = true;
		return 0;
	}
	do {
		struct cypher_yield_item *it =
		    grow(p, &c->u.call.yields, &c->u.call.n_yields, &cap,
			 sizeof(*it));

		if (!it)
			return -1;
		it->pos = tok(p)->pos;
		if (!(it->field = parse_symbol(p, "a field name after YIELD")))
			return -1;
		it->var = it->field;
		if (accept_kw(p, "AS") &&
		    !(it->var = parse_var(p, "a variable name after AS")))
			return -1;
	} while (accept(p, CYPHER_TOK_COMMA));
	if (accept_kw(p, "WHERE") && !(c->u.call.where = parse_expr(p)))
		return -1;
	return 0;
}

static int parse_call_clause(struct parser *p, struct cypher_clause *c)
{
	int h = 0;

	if (is_tok(p, CYPHER_TOK_LBRACE)) {
		fail_at(p, tok(p)->pos,
			"CALL { } subqueries are not supported yet");
		return -1;
	}
	if (!(c->u.call.name = parse_proc_name(p)))
		return -1;
	if (accept(p, CYPHER_TOK_LPAREN)) {
		if (parse_expr_list(p, CYPHER_TOK_RPAREN, &c->u.call.args,
				    &c->u.call.n_args, &h) < 0 ||
		    !expect(p, CYPHER_TOK_RPAREN,
			    "',' or ')' to close the procedure's arguments"))
			return -1;
	} else {
		c->u.call.implicit = true;
	}
	if (accept_kw(p, "YIELD") && parse_yield(p, c) < 0)
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

	c->pos = tok(p)->pos;
	if (is_kw(p, "OPTIONAL") && tok_is_kw(p, tok_at(p, 1), "MATCH")) {
		next(p);
		c->u.match.optional = true;
	} else if (is_kw(p, "DETACH") && tok_is_kw(p, tok_at(p, 1), "DELETE")) {
		next(p);
		c->u.del.detach = true;
	}
	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		if (accept_kw(p, kws[i].kw)) {
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
			fail_at(p, s->clauses[i + 1].pos,
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
		fail_at(p, last->pos,
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
	struct cypher_pos pos = tok(p)->pos;
	bool all;

	if (!accept_kw(p, "UNION"))
		return 0;
	all = accept_kw(p, "ALL");
	if (s->clauses[s->n_clauses - 1].kind != CYPHER_CLAUSE_RETURN) {
		fail_at(p, pos, "each query joined by UNION must end with "
				"RETURN");
		return -1;
	}
	for (size_t i = 0; i < s->n_clauses; i++)
		if (s->clauses[i].kind == CYPHER_CLAUSE_UNION &&
		    s->clauses[i].u.union_.all != all) {
			fail_at(p, pos,
				"a statement cannot mix UNION and UNION ALL "
				"(InvalidClauseComposition)");
			return -1;
		}
	if (!(slot = grow(p, &s->clauses, &s->n_clauses, cap, sizeof(*slot))))
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
		slot = grow(p, &s->clauses, &s->n_clauses, &cap, sizeof(*slot));
		if (!slot)
			return -1;
		*slot = c;
		if (parse_clause_body(p, slot) < 0)
			return -1;
	}
	if (s->n_clauses == from) {
		fail_expected(p, "a statement (MATCH, CREATE, MERGE, UNWIND, "
				 "RETURN, ...)");
		return -1;
	}
	if (is_kw(p, "UNION")) {
		if (check_clause_order(p, from) < 0 ||
		    parse_union(p, &cap) < 0)
			return -1;
		from = s->n_clauses;
		goto again;
	}
	if (!is_tok(p, CYPHER_TOK_SEMI) && !is_tok(p, CYPHER_TOK_EOF)) {
		fail_expected(p, "a clause (MATCH, WHERE, WITH, RETURN, "
				 "CREATE, SET, ...) or the end of the "
				 "statement");
		return -1;
	}
	return check_clause_order(p, from);
}

/* ---------------------------------------------------------------- schema */

static int parse_if_not_exists(struct parser *p, bool *flag)
{
	if (!accept_kw(p, "IF"))
		return 0;
	*flag = true;
	return expect_kw(p, "NOT", "NOT after IF") &&
		       expect_kw(p, "EXISTS", "EXISTS after IF NOT")
		   ? 0
		   : -1;
}

/* FOR (n:Label) */
static int parse_schema_for(struct parser *p, struct cypher_schema *sc)
{
	if (!expect_kw(p, "FOR", "FOR (n:Label)") ||
	    !expect(p, CYPHER_TOK_LPAREN, "'(' after FOR") ||
	    !(sc->var = parse_var(p, "a variable in FOR (n:Label)")) ||
	    !expect(p, CYPHER_TOK_COLON, "':' and a label in FOR (n:Label)") ||
	    !(sc->label = parse_symbol(p, "a label name")) ||
	    !expect(p, CYPHER_TOK_RPAREN, "')' after the label"))
		return -1;
	return 0;
}

/* n.prop, where n must be the FOR variable. */
static int parse_schema_prop(struct parser *p, struct cypher_schema *sc)
{
	const struct cypher_token *vt = tok(p);
	char *var = parse_var(p, "the property as n.prop");

	if (!var || !expect(p, CYPHER_TOK_DOT, "'.' in n.prop") ||
	    !(sc->prop = parse_symbol(p, "a property name")))
		return -1;
	if (strcmp(var, sc->var) != 0) {
		fail_at(p, vt->pos,
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
	bool index = tok_is_kw(p, tok_at(p, 1), "INDEX"), paren;

	next(p);
	next(p);
	s->kind =
	    index ? CYPHER_STMT_CREATE_INDEX : CYPHER_STMT_CREATE_CONSTRAINT;
	if (!is_kw(p, "IF") && !is_kw(p, "FOR") &&
	    !(s->schema.name = parse_symbol(p, "a name or FOR")))
		return -1;
	if (parse_if_not_exists(p, &s->schema.if_not_exists) < 0 ||
	    parse_schema_for(p, &s->schema) < 0)
		return -1;
	if (index) {
		return expect_kw(p, "ON", "ON (n.prop)") &&
			       expect(p, CYPHER_TOK_LPAREN, "'(' after ON") &&
			       parse_schema_prop(p, &s->schema) == 0 &&
			       expect(p, CYPHER_TOK_RPAREN,
				      "')' after the property (one property "
				      "per index)")
			   ? 0
			   : -1;
	}
	if (!expect_kw(p, "REQUIRE", "REQUIRE n.prop IS UNIQUE"))
		return -1;
	paren = accept(p, CYPHER_TOK_LPAREN);
	if (parse_schema_prop(p, &s->schema) < 0 ||
	    (paren && !expect(p, CYPHER_TOK_RPAREN, "')' after the property")))
		return -1;
	return expect_kw(p, "IS", "IS UNIQUE") &&
		       expect_kw(p, "UNIQUE",
				 "UNIQUE (the only constraint supported)")
		   ? 0
		   : -1;
}

static int parse_drop_schema(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;

	next(p);
	if (accept_kw(p, "INDEX"))
		s->kind = CYPHER_STMT_DROP_INDEX;
	else if (accept_kw(p, "CONSTRAINT"))
		s->kind = CYPHER_STMT_DROP_CONSTRAINT;
	else {
		fail_expected(p, "INDEX or CONSTRAINT after DROP");
		return -1;
	}
	if (!(s->schema.name = parse_symbol(p, "the name to drop")))
		return -1;
	if (accept_kw(p, "IF")) {
		s->schema.if_exists = true;
		if (!expect_kw(p, "EXISTS", "EXISTS after IF"))
			return -1;
	}
	return 0;
}

static int parse_show(struct parser *p)
{
	struct cypher_stmt *s = p->stmt;

	next(p);
	if (accept_kw(p, "INDEXES") || accept_kw(p, "INDEX")) {
		s->kind = CYPHER_STMT_SHOW_INDEXES;
	} else if (accept_kw(p, "CONSTRAINTS") || accept_kw(p, "CONSTRAINT")) {
		s->kind = CYPHER_STMT_SHOW_CONSTRAINTS;
	} else {
		fail_expected(p, "INDEXES or CONSTRAINTS after SHOW");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- statement */

static int parse_statement(struct parser *p)
{
	int r;

	p->stmt->pos = tok(p)->pos;
	p->stmt->explain = accept_kw(p, "EXPLAIN");
	if (is_kw(p, "CREATE") && (tok_is_kw(p, tok_at(p, 1), "INDEX") ||
				   tok_is_kw(p, tok_at(p, 1), "CONSTRAINT")))
		r = parse_create_schema(p);
	else if (is_kw(p, "DROP"))
		r = parse_drop_schema(p);
	else if (is_kw(p, "SHOW"))
		r = parse_show(p);
	else
		r = parse_query(p);
	if (r < 0)
		return -1;
	accept(p, CYPHER_TOK_SEMI);
	if (!is_tok(p, CYPHER_TOK_EOF)) {
		fail_expected(p, "the end of the statement");
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
