/* cypher_ast.c: memory of a parsed statement, the write test and the
 * canonical dump (see cypher_ast.h).
 *
 * Dump grammar (one line, tokens separated by one space):
 *   stmt     (query CLAUSE...) | (explain STMT) | (create-index NAME
 *            [if-not-exists] (for VAR :LABEL) (on VAR PROP)) |
 *            (create-constraint NAME [if-not-exists] (for VAR :LABEL)
 *            (unique VAR PROP)) | (drop-index NAME [if-exists]) |
 *            (drop-constraint NAME [if-exists]) | (show-indexes) |
 *            (show-constraints); a missing NAME prints as _
 *   clauses  (match PATH... [(where E)]) (optional-match ...)
 *            (unwind E VAR) (create PATH...) (merge PATH [(on-create SET...)]
 *            [(on-match SET...)]) (set SET...) (remove REM...)
 *            (delete E...) (detach-delete E...)
 *            (with|return [distinct] [*] ITEM... [(order (asc|desc E)...)]
 *            [(skip E)] [(limit E)] [(where E)])
 *   ITEM     (item E [ALIAS])
 *   SET      (set-prop (. E key) E) (set-replace VAR E) (set-merge VAR E)
 *            (set-labels VAR :L...)
 *   REM      (remove-prop (. E key)) (remove-labels VAR :L...)
 *   PATH     (path [VAR] NODE [REL NODE]...)
 *   NODE     (node [VAR] [:L...] [PROPS])
 *   REL      (rel -> | <- | -- [VAR] [:T[|T...]] [*] [*MIN..MAX] [PROPS])
 *   E        null true false 42 -1 1.5 'text' $param var
 *            (. E key) ([] E E) ([..] E E|_ E|_) (call name [distinct] E...)
 *            (call count *) (not E) (- E) (+ E) (OP E E) where OP is one of
 *            or xor and = <> < <= > >= in starts-with ends-with contains
 *            + - * / % ^, (is-null E) (is-not-null E)
 *            (case [E] (when E E)... [(else E)]) (list E...)
 *            (map (key E)...) (labels E :L...)
 *            (list-comp VAR E [(where E)] [(| E)]), (all|any|none|single
 *            VAR E [(where E)]); a comprehension's variable prints as var
 *   Names that are not plain words (or that read as a literal) are
 *   `backquoted`; strings are single-quoted with \' \\ \n \t \r and \uXXXX
 *   for other control characters.
 */
#include "graph/cypher_ast.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ arena */

#define CHUNK_MIN 8192

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t cap;
	max_align_t data[];
};

struct cypher_arena {
	struct arena_chunk *head;
};

static struct arena_chunk *chunk_new(size_t cap)
{
	struct arena_chunk *c = malloc(sizeof(*c) + cap);

	if (!c)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->cap = cap;
	return c;
}

struct cypher_stmt *cypher_stmt_new(void)
{
	struct cypher_stmt *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->arena = calloc(1, sizeof(*s->arena));
	if (!s->arena) {
		free(s);
		return NULL;
	}
	return s;
}

/* Bump allocation: the statement is built once and freed as a whole, so
 * the parser's error paths never have to free half-built trees. */
void *cypher_ast_alloc(struct cypher_stmt *stmt, size_t size)
{
	struct cypher_arena *a = stmt->arena;
	struct arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t);
	void *p;

	if (size > SIZE_MAX / 2)
		return NULL;
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	if (!c || c->cap - c->used < size) {
		c = chunk_new(size > CHUNK_MIN ? size : CHUNK_MIN);
		if (!c)
			return NULL;
		if (a->head && size > CHUNK_MIN) {
			/* keep filling the current chunk after a big one */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *cypher_ast_strndup(struct cypher_stmt *stmt, const char *s, size_t len)
{
	char *d = cypher_ast_alloc(stmt, len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void cypher_stmt_free(struct cypher_stmt *stmt)
{
	struct arena_chunk *c, *next;

	if (!stmt)
		return;
	for (c = stmt->arena->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(stmt->arena);
	free(stmt);
}

bool cypher_stmt_is_write(const struct cypher_stmt *stmt)
{
	size_t i;

	if (stmt->explain)
		return false;
	switch (stmt->kind) {
	case CYPHER_STMT_CREATE_INDEX:
	case CYPHER_STMT_DROP_INDEX:
	case CYPHER_STMT_CREATE_CONSTRAINT:
	case CYPHER_STMT_DROP_CONSTRAINT:
		return true;
	case CYPHER_STMT_SHOW_INDEXES:
	case CYPHER_STMT_SHOW_CONSTRAINTS:
		return false;
	case CYPHER_STMT_QUERY:
		break;
	}
	for (i = 0; i < stmt->n_clauses; i++) {
		switch (stmt->clauses[i].kind) {
		case CYPHER_CLAUSE_CREATE:
		case CYPHER_CLAUSE_MERGE:
		case CYPHER_CLAUSE_SET:
		case CYPHER_CLAUSE_REMOVE:
		case CYPHER_CLAUSE_DELETE:
			return true;
		default:
			break;
		}
	}
	return false;
}

const char *cypher_proj_item_column(const struct cypher_proj_item *item)
{
	if (item->alias)
		return item->alias;
	if (item->expr->kind == CYPHER_EXPR_VAR)
		return item->expr->u.name;
	return item->text;
}

/* ------------------------------------------------------------------- dump */

static bool plain_word(const char *s)
{
	const char *p;

	if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') ||
		       (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (p = s; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	}
	return strcasecmp(s, "null") != 0 && strcasecmp(s, "true") != 0 &&
	       strcasecmp(s, "false") != 0;
}

static void print_name(FILE *out, const char *s)
{
	const char *p;

	if (plain_word(s)) {
		fputs(s, out);
		return;
	}
	fputc('`', out);
	for (p = s; *p; p++) {
		if (*p == '`')
			fputc('`', out);
		fputc(*p, out);
	}
	fputc('`', out);
}

static void print_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('\'', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\'':
			fputs("\\'", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('\'', out);
}

/* The shortest %g form that reads back as the same double, always with a
 * '.' or an exponent so that it cannot be mistaken for an integer. */
static void print_float(FILE *out, double f)
{
	char buf[40];
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	fputs(buf, out);
	if (!strpbrk(buf, ".eEni"))
		fputs(".0", out);
}

static void print_literal(FILE *out, const struct cypher_literal *l)
{
	switch (l->kind) {
	case CYPHER_LIT_NULL:
		fputs("null", out);
		break;
	case CYPHER_LIT_BOOL:
		fputs(l->v.b ? "true" : "false", out);
		break;
	case CYPHER_LIT_INT:
		fprintf(out, "%" PRId64, l->v.i);
		break;
	case CYPHER_LIT_FLOAT:
		print_float(out, l->v.f);
		break;
	case CYPHER_LIT_STRING:
		print_string(out, l->v.s);
		break;
	}
}

static const char *op_name(enum cypher_op op)
{
	static const char *const names[] = {
	    [CYPHER_OP_NOT] = "not",
	    [CYPHER_OP_NEG] = "-",
	    [CYPHER_OP_POS] = "+",
	    [CYPHER_OP_OR] = "or",
	    [CYPHER_OP_XOR] = "xor",
	    [CYPHER_OP_AND] = "and",
	    [CYPHER_OP_EQ] = "=",
	    [CYPHER_OP_NE] = "<>",
	    [CYPHER_OP_LT] = "<",
	    [CYPHER_OP_LE] = "<=",
	    [CYPHER_OP_GT] = ">",
	    [CYPHER_OP_GE] = ">=",
	    [CYPHER_OP_IN] = "in",
	    [CYPHER_OP_STARTS_WITH] = "starts-with",
	    [CYPHER_OP_ENDS_WITH] = "ends-with",
	    [CYPHER_OP_CONTAINS] = "contains",
	    [CYPHER_OP_ADD] = "+",
	    [CYPHER_OP_SUB] = "-",
	    [CYPHER_OP_MUL] = "*",
	    [CYPHER_OP_DIV] = "/",
	    [CYPHER_OP_MOD] = "%",
	    [CYPHER_OP_POW] = "^",
	};

	return names[op];
}

static void print_labels(FILE *out, char *const *labels, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(" :", out);
		print_name(out, labels[i]);
	}
}

static void print_opt_expr(FILE *out, const struct cypher_expr *e)
{
	if (e)
		cypher_expr_print(out, e);
	else
		fputc('_', out);
}

static void print_exprs(FILE *out, struct cypher_expr *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputc(' ', out);
		cypher_expr_print(out, v[i]);
	}
}

static void print_call(FILE *out, const struct cypher_expr *e)
{
	fputs("(call ", out);
	print_name(out, e->u.call.name);
	if (e->u.call.distinct)
		fputs(" distinct", out);
	if (e->u.call.star)
		fputs(" *", out);
	print_exprs(out, e->u.call.args, e->u.call.n_args);
	fputc(')', out);
}

static void print_case(FILE *out, const struct cypher_expr *e)
{
	size_t i;

	fputs("(case", out);
	if (e->u.case_.subject) {
		fputc(' ', out);
		cypher_expr_print(out, e->u.case_.subject);
	}
	for (i = 0; i < e->u.case_.n_alts; i++) {
		fputs(" (when ", out);
		cypher_expr_print(out, e->u.case_.alts[i].when);
		fputc(' ', out);
		cypher_expr_print(out, e->u.case_.alts[i].then);
		fputc(')', out);
	}
	if (e->u.case_.otherwise) {
		fputs(" (else ", out);
		cypher_expr_print(out, e->u.case_.otherwise);
		fputc(')', out);
	}
	fputc(')', out);
}

static void print_map(FILE *out, const struct cypher_expr *e)
{
	size_t i;

	fputs("(map", out);
	for (i = 0; i < e->u.map.n_entries; i++) {
		fputs(" (", out);
		print_name(out, e->u.map.entries[i].key);
		fputc(' ', out);
		cypher_expr_print(out, e->u.map.entries[i].value);
		fputc(')', out);
	}
	fputc(')', out);
}

static void print_pair(FILE *out, const char *tag, const struct cypher_expr *a,
		       const struct cypher_expr *b)
{
	fprintf(out, "(%s ", tag);
	cypher_expr_print(out, a);
	fputc(' ', out);
	cypher_expr_print(out, b);
	fputc(')', out);
}

static void print_comp(FILE *out, const struct cypher_expr *e)
{
	static const char *const tags[] = {"list-comp", "all", "any", "none",
					   "single"};

	fprintf(out, "(%s ", tags[e->u.comp.kind]);
	print_name(out, e->u.comp.var);
	fputc(' ', out);
	cypher_expr_print(out, e->u.comp.list);
	if (e->u.comp.where) {
		fputs(" (where ", out);
		cypher_expr_print(out, e->u.comp.where);
		fputc(')', out);
	}
	if (e->u.comp.proj) {
		fputs(" (| ", out);
		cypher_expr_print(out, e->u.comp.proj);
		fputc(')', out);
	}
	fputc(')', out);
}

static void print_path(FILE *out, const struct cypher_path *p);
static void print_tagged(FILE *out, const char *tag,
			 const struct cypher_expr *e);

void cypher_expr_print(FILE *out, const struct cypher_expr *e)
{
	switch (e->kind) {
	case CYPHER_EXPR_LITERAL:
		print_literal(out, &e->u.lit);
		break;
	case CYPHER_EXPR_PARAM:
		fputc('$', out);
		print_name(out, e->u.name);
		break;
	case CYPHER_EXPR_VAR:
		print_name(out, e->u.name);
		break;
	case CYPHER_EXPR_PROP:
		fputs("(. ", out);
		cypher_expr_print(out, e->u.prop.obj);
		fputc(' ', out);
		print_name(out, e->u.prop.key);
		fputc(')', out);
		break;
	case CYPHER_EXPR_INDEX:
		print_pair(out, "[]", e->u.index.obj, e->u.index.index);
		break;
	case CYPHER_EXPR_SLICE:
		fputs("([..] ", out);
		cypher_expr_print(out, e->u.slice.obj);
		fputc(' ', out);
		print_opt_expr(out, e->u.slice.from);
		fputc(' ', out);
		print_opt_expr(out, e->u.slice.to);
		fputc(')', out);
		break;
	case CYPHER_EXPR_CALL:
		print_call(out, e);
		break;
	case CYPHER_EXPR_UNARY:
		fprintf(out, "(%s ", op_name(e->u.unary.op));
		cypher_expr_print(out, e->u.unary.arg);
		fputc(')', out);
		break;
	case CYPHER_EXPR_BINARY:
		print_pair(out, op_name(e->u.binary.op), e->u.binary.lhs,
			   e->u.binary.rhs);
		break;
	case CYPHER_EXPR_IS_NULL:
		fputs(e->u.is_null.negated ? "(is-not-null " : "(is-null ",
		      out);
		cypher_expr_print(out, e->u.is_null.arg);
		fputc(')', out);
		break;
	case CYPHER_EXPR_CASE:
		print_case(out, e);
		break;
	case CYPHER_EXPR_LIST:
		fputs("(list", out);
		print_exprs(out, e->u.list.items, e->u.list.n_items);
		fputc(')', out);
		break;
	case CYPHER_EXPR_MAP:
		print_map(out, e);
		break;
	case CYPHER_EXPR_LABELS:
		fputs("(labels ", out);
		cypher_expr_print(out, e->u.labels.obj);
		print_labels(out, e->u.labels.labels, e->u.labels.n_labels);
		fputc(')', out);
		break;
	case CYPHER_EXPR_COMP:
		print_comp(out, e);
		break;
	case CYPHER_EXPR_LOCAL:
		print_name(out, e->u.local.name);
		break;
	case CYPHER_EXPR_PATTERN:
		fputs(e->u.pattern.proj	   ? "(pattern-comp"
		      : e->u.pattern.count ? "(count-subquery"
		      : e->u.pattern.subquery ? "(exists-subquery"
					      : "(pattern",
		      out);
		print_path(out, e->u.pattern.path);
		print_tagged(out, "where", e->u.pattern.where);
		if (e->u.pattern.proj) {
			fputc(' ', out);
			cypher_expr_print(out, e->u.pattern.proj);
		}
		fputc(')', out);
		break;
	}
}

static void print_node(FILE *out, const struct cypher_node_pat *n)
{
	fputs(" (node", out);
	if (n->var) {
		fputc(' ', out);
		print_name(out, n->var);
	}
	print_labels(out, n->labels, n->n_labels);
	if (n->props) {
		fputc(' ', out);
		cypher_expr_print(out, n->props);
	}
	fputc(')', out);
}

static void print_rel(FILE *out, const struct cypher_rel_pat *r)
{
	static const char *const dirs[] = {"->", "<-", "--"};
	size_t i;

	fprintf(out, " (rel %s", dirs[r->dir]);
	if (r->var) {
		fputc(' ', out);
		print_name(out, r->var);
	}
	for (i = 0; i < r->n_types; i++) {
		fputs(i ? "|" : " :", out);
		print_name(out, r->types[i]);
	}
	if (r->varlen) {
		fputs(" *", out);
		if (r->min_hops >= 0 || r->max_hops >= 0) {
			if (r->min_hops >= 0)
				fprintf(out, "%" PRId64, r->min_hops);
			fputs("..", out);
			if (r->max_hops >= 0)
				fprintf(out, "%" PRId64, r->max_hops);
		}
	}
	if (r->props) {
		fputc(' ', out);
		cypher_expr_print(out, r->props);
	}
	fputc(')', out);
}

static void print_path(FILE *out, const struct cypher_path *p)
{
	size_t i;

	fputs(" (path", out);
	if (p->var) {
		fputc(' ', out);
		print_name(out, p->var);
	}
	for (i = 0; i < p->n_nodes; i++) {
		if (i > 0)
			print_rel(out, &p->rels[i - 1]);
		print_node(out, &p->nodes[i]);
	}
	fputc(')', out);
}

static void print_tagged(FILE *out, const char *tag,
			 const struct cypher_expr *e)
{
	if (!e)
		return;
	fprintf(out, " (%s ", tag);
	cypher_expr_print(out, e);
	fputc(')', out);
}

static void print_projection(FILE *out, const char *tag,
			     const struct cypher_projection *p)
{
	size_t i;

	fprintf(out, " (%s", tag);
	if (p->distinct)
		fputs(" distinct", out);
	if (p->star)
		fputs(" *", out);
	for (i = 0; i < p->n_items; i++) {
		fputs(" (item ", out);
		cypher_expr_print(out, p->items[i].expr);
		if (p->items[i].alias) {
			fputc(' ', out);
			print_name(out, p->items[i].alias);
		}
		fputc(')', out);
	}
	if (p->n_order) {
		fputs(" (order", out);
		for (i = 0; i < p->n_order; i++)
			print_tagged(out, p->order[i].desc ? "desc" : "asc",
				     p->order[i].expr);
		fputc(')', out);
	}
	print_tagged(out, "skip", p->skip);
	print_tagged(out, "limit", p->limit);
	print_tagged(out, "where", p->where);
	fputc(')', out);
}

static void print_set_items(FILE *out, const struct cypher_set_item *v,
			    size_t n)
{
	static const char *const tags[] = {[CYPHER_SET_PROP] = "set-prop",
					   [CYPHER_SET_REPLACE] = "set-replace",
					   [CYPHER_SET_MERGE] = "set-merge",
					   [CYPHER_SET_LABELS] = "set-labels"};
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(out, " (%s ", tags[v[i].kind]);
		if (v[i].kind == CYPHER_SET_PROP)
			cypher_expr_print(out, v[i].target);
		else
			print_name(out, v[i].var);
		if (v[i].kind == CYPHER_SET_LABELS) {
			print_labels(out, v[i].labels, v[i].n_labels);
		} else {
			fputc(' ', out);
			cypher_expr_print(out, v[i].value);
		}
		fputc(')', out);
	}
}

static void print_remove_items(FILE *out, const struct cypher_remove_item *v,
			       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].kind == CYPHER_REMOVE_PROP) {
			fputs(" (remove-prop ", out);
			cypher_expr_print(out, v[i].target);
		} else {
			fputs(" (remove-labels ", out);
			print_name(out, v[i].var);
			print_labels(out, v[i].labels, v[i].n_labels);
		}
		fputc(')', out);
	}
}

static void print_paths(FILE *out, const struct cypher_path *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		print_path(out, &p[i]);
}

static void print_merge(FILE *out, const struct cypher_clause *c)
{
	fputs(" (merge", out);
	print_path(out, &c->u.merge.path);
	if (c->u.merge.n_on_create) {
		fputs(" (on-create", out);
		print_set_items(out, c->u.merge.on_create,
				c->u.merge.n_on_create);
		fputc(')', out);
	}
	if (c->u.merge.n_on_match) {
		fputs(" (on-match", out);
		print_set_items(out, c->u.merge.on_match,
				c->u.merge.n_on_match);
		fputc(')', out);
	}
	fputc(')', out);
}

static void print_call_clause(FILE *out, const struct cypher_clause *c)
{
	fputs(" (call ", out);
	fputs(c->u.call.name, out); /* dotted words: print_name quotes it */
	if (!c->u.call.implicit) {
		fputs(" (args", out);
		print_exprs(out, c->u.call.args, c->u.call.n_args);
		fputc(')', out);
	}
	if (c->u.call.yield_star)
		fputs(" (yield *)", out);
	else if (c->u.call.has_yield) {
		fputs(" (yield", out);
		for (size_t i = 0; i < c->u.call.n_yields; i++) {
			fputc(' ', out);
			print_name(out, c->u.call.yields[i].field);
			fputc(' ', out);
			print_name(out, c->u.call.yields[i].var);
		}
		fputc(')', out);
	}
	print_tagged(out, "where", c->u.call.where);
	fputc(')', out);
}

static void print_clause(FILE *out, const struct cypher_clause *c)
{
	switch (c->kind) {
	case CYPHER_CLAUSE_MATCH:
		fputs(c->u.match.optional ? " (optional-match" : " (match",
		      out);
		print_paths(out, c->u.match.paths, c->u.match.n_paths);
		print_tagged(out, "where", c->u.match.where);
		break;
	case CYPHER_CLAUSE_UNWIND:
		fputs(" (unwind ", out);
		cypher_expr_print(out, c->u.unwind.expr);
		fputc(' ', out);
		print_name(out, c->u.unwind.var);
		break;
	case CYPHER_CLAUSE_WITH:
		print_projection(out, "with", &c->u.proj);
		return;
	case CYPHER_CLAUSE_RETURN:
		print_projection(out, "return", &c->u.proj);
		return;
	case CYPHER_CLAUSE_CREATE:
		fputs(" (create", out);
		print_paths(out, c->u.create.paths, c->u.create.n_paths);
		break;
	case CYPHER_CLAUSE_MERGE:
		print_merge(out, c);
		return;
	case CYPHER_CLAUSE_SET:
		fputs(" (set", out);
		print_set_items(out, c->u.set.items, c->u.set.n_items);
		break;
	case CYPHER_CLAUSE_REMOVE:
		fputs(" (remove", out);
		print_remove_items(out, c->u.remove.items, c->u.remove.n_items);
		break;
	case CYPHER_CLAUSE_DELETE:
		fputs(c->u.del.detach ? " (detach-delete" : " (delete", out);
		print_exprs(out, c->u.del.exprs, c->u.del.n_exprs);
		break;
	case CYPHER_CLAUSE_CALL:
		print_call_clause(out, c);
		return;
	case CYPHER_CLAUSE_UNION:
		fputs(c->u.union_.all ? " (union-all" : " (union", out);
		break;
	}
	fputc(')', out);
}

static void print_opt_name(FILE *out, const char *name)
{
	fputc(' ', out);
	if (name)
		print_name(out, name);
	else
		fputc('_', out);
}

static void print_schema(FILE *out, const struct cypher_stmt *s)
{
	const struct cypher_schema *sc = &s->schema;
	bool index = s->kind == CYPHER_STMT_CREATE_INDEX;

	fputs(index ? "(create-index" : "(create-constraint", out);
	print_opt_name(out, sc->name);
	if (sc->if_not_exists)
		fputs(" if-not-exists", out);
	fputs(" (for ", out);
	print_name(out, sc->var);
	fputs(" :", out);
	print_name(out, sc->label);
	fputs(index ? ") (on " : ") (unique ", out);
	print_name(out, sc->var);
	fputc(' ', out);
	print_name(out, sc->prop);
	fputs("))", out);
}

static void print_stmt_body(FILE *out, const struct cypher_stmt *s)
{
	size_t i;

	switch (s->kind) {
	case CYPHER_STMT_QUERY:
		fputs("(query", out);
		for (i = 0; i < s->n_clauses; i++)
			print_clause(out, &s->clauses[i]);
		fputc(')', out);
		break;
	case CYPHER_STMT_CREATE_INDEX:
	case CYPHER_STMT_CREATE_CONSTRAINT:
		print_schema(out, s);
		break;
	case CYPHER_STMT_DROP_INDEX:
	case CYPHER_STMT_DROP_CONSTRAINT:
		fputs(s->kind == CYPHER_STMT_DROP_INDEX ? "(drop-index"
							: "(drop-constraint",
		      out);
		print_opt_name(out, s->schema.name);
		if (s->schema.if_exists)
			fputs(" if-exists", out);
		fputc(')', out);
		break;
	case CYPHER_STMT_SHOW_INDEXES:
		fputs("(show-indexes)", out);
		break;
	case CYPHER_STMT_SHOW_CONSTRAINTS:
		fputs("(show-constraints)", out);
		break;
	}
}

void cypher_ast_print(FILE *out, const struct cypher_stmt *stmt)
{
	if (stmt->explain)
		fputs("(explain ", out);
	print_stmt_body(out, stmt);
	if (stmt->explain)
		fputc(')', out);
}
