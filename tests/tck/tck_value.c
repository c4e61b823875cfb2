/* tck_value.c: the TCK's value notation (results and parameters) parsed
 * into protobuf values, and one canonical text for a value from either
 * side, so that expected and actual values compare as strings. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tck.h"
#include "graph/cypher_temporal.h"

/* Nesting a TCK value may have; deeper is not a TCK value. */
#define TCK_VALUE_DEPTH 64

struct vp {
	const char *s, *p;
	char *err;
	size_t errlen;
	int depth;
	uint64_t next_id; /* ids of a path's nodes, to give rels a direction */
};

static int vp_fail(struct vp *v, const char *what)
{
	if (!v->err[0])
		snprintf(v->err, v->errlen, "%s at offset %d of \"%s\"", what,
			 (int)(v->p - v->s), v->s);
	return -1;
}

static void ws(struct vp *v)
{
	while (isspace((unsigned char)*v->p))
		v->p++;
}

static bool eat(struct vp *v, const char *tok)
{
	size_t n = strlen(tok);

	ws(v);
	if (strncmp(v->p, tok, n))
		return false;
	v->p += n;
	return true;
}

static Graphd__Value *val_new(Graphd__Value__KindCase k)
{
	Graphd__Value *x = tck_xcalloc(1, sizeof(*x));

	graphd__value__init(x);
	x->kind_case = k;
	return x;
}

static int parse_value(struct vp *v, Graphd__Value **out);

/* 'text' with \' and \\ (and the other usual escapes) undone. */
static int parse_string(struct vp *v, char **out)
{
	size_t len = 0;
	char *o = tck_xcalloc(strlen(v->p) + 1, 1);

	v->p++;
	while (*v->p && *v->p != '\'') {
		char c = *v->p++;

		if (c == '\\' && *v->p) {
			c = *v->p++;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
		}
		o[len++] = c;
	}
	if (*v->p != '\'') {
		free(o);
		return vp_fail(v, "unterminated string");
	}
	v->p++;
	*out = o;
	return 0;
}

/* A label, type or key: letters, digits, _ or a `quoted` name. */
static int parse_name(struct vp *v, char **out)
{
	const char *b;

	ws(v);
	if (*v->p == '`') {
		b = ++v->p;
		while (*v->p && *v->p != '`')
			v->p++;
		if (!*v->p)
			return vp_fail(v, "unterminated `name`");
		*out = strndup(b, (size_t)(v->p++ - b));
		return *out ? 0 : -1;
	}
	b = v->p;
	while (isalnum((unsigned char)*v->p) || *v->p == '_')
		v->p++;
	if (v->p == b)
		return vp_fail(v, "expected a name");
	*out = strndup(b, (size_t)(v->p - b));
	return *out ? 0 : -1;
}

static int parse_number(struct vp *v, Graphd__Value **out)
{
	const char *b = v->p;
	bool fl = false;
	char *end;

	if (eat(v, "NaN") || eat(v, "Inf") || eat(v, "-Inf")) {
		*out = val_new(GRAPHD__VALUE__KIND_FLOAT_VALUE);
		(*out)->float_value =
		    b[0] == 'N' ? NAN : b[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	if (*v->p == '-' || *v->p == '+')
		v->p++;
	while (isalnum((unsigned char)*v->p) || *v->p == '.' ||
	       ((*v->p == '-' || *v->p == '+') && tolower(v->p[-1]) == 'e')) {
		fl |= *v->p == '.' || tolower((unsigned char)*v->p) == 'e';
		v->p++;
	}
	errno = 0;
	if (fl) {
		*out = val_new(GRAPHD__VALUE__KIND_FLOAT_VALUE);
		(*out)->float_value = strtod(b, &end);
	} else {
		*out = val_new(GRAPHD__VALUE__KIND_INT_VALUE);
		(*out)->int_value = strtoll(b, &end, 10);
	}
	if (end != v->p || errno || v->p == b) {
		graphd__value__free_unpacked(*out, NULL);
		*out = NULL;
		return vp_fail(v, "bad number");
	}
	return 0;
}

/* {k: v, ...} into props (the closing brace eaten). */
static int parse_props(struct vp *v, Graphd__Property ***props, size_t *n)
{
	if (eat(v, "}"))
		return 0;
	do {
		Graphd__Property *p = tck_xcalloc(1, sizeof(*p));

		graphd__property__init(p);
		*props = tck_xrealloc(*props, (*n + 1) * sizeof(**props));
		(*props)[(*n)++] = p;
		if (parse_name(v, &p->key) < 0)
			return -1;
		if (!eat(v, ":"))
			return vp_fail(v, "expected ':' after a key");
		if (parse_value(v, &p->value) < 0)
			return -1;
	} while (eat(v, ","));
	return eat(v, "}") ? 0 : vp_fail(v, "expected '}'");
}

static int parse_list(struct vp *v, Graphd__Value *x)
{
	Graphd__ValueList *l = tck_xcalloc(1, sizeof(*l));

	graphd__value_list__init(l);
	x->list_value = l;
	if (eat(v, "]"))
		return 0;
	do {
		l->items = tck_xrealloc(l->items, (l->n_items + 1) * sizeof(void *));
		l->items[l->n_items] = NULL;
		if (parse_value(v, &l->items[l->n_items++]) < 0)
			return -1;
	} while (eat(v, ","));
	return eat(v, "]") ? 0 : vp_fail(v, "expected ']'");
}

/* (:A:B {p: 1}); the '(' eaten. */
static int parse_node(struct vp *v, Graphd__Node **out)
{
	Graphd__Node *n = tck_xcalloc(1, sizeof(*n));

	graphd__node__init(n);
	*out = n;
	n->id = ++v->next_id;
	while (eat(v, ":")) {
		n->labels = tck_xrealloc(n->labels, (n->n_labels + 1) * sizeof(char *));
		n->labels[n->n_labels] = NULL;
		if (parse_name(v, &n->labels[n->n_labels++]) < 0)
			return -1;
	}
	if (eat(v, "{") && parse_props(v, &n->props, &n->n_props) < 0)
		return -1;
	return eat(v, ")") ? 0 : vp_fail(v, "expected ')'");
}

/* [:T {p: 1}]; the "[:" eaten. */
static int parse_rel(struct vp *v, Graphd__Relationship **out)
{
	Graphd__Relationship *r = tck_xcalloc(1, sizeof(*r));

	graphd__relationship__init(r);
	*out = r;
	if (parse_name(v, &r->type) < 0)
		return -1;
	if (eat(v, "{") && parse_props(v, &r->props, &r->n_props) < 0)
		return -1;
	return eat(v, "]") ? 0 : vp_fail(v, "expected ']'");
}

/* <(a)-[r]->(b)<-[s]-(c)>; the '<' eaten. */
static int parse_path(struct vp *v, Graphd__Path *p)
{
	v->next_id = 0;
	do {
		Graphd__Relationship *r;
		bool back;

		p->nodes = tck_xrealloc(p->nodes, (p->n_nodes + 1) * sizeof(void *));
		p->nodes[p->n_nodes] = NULL;
		if (!eat(v, "(") || parse_node(v, &p->nodes[p->n_nodes++]) < 0)
			return vp_fail(v, "expected a node");
		if (eat(v, ">"))
			return 0;
		back = eat(v, "<-");
		if (!back && !eat(v, "-"))
			return vp_fail(v, "expected '-' or '<-'");
		p->rels = tck_xrealloc(p->rels, (p->n_rels + 1) * sizeof(void *));
		p->rels[p->n_rels] = NULL;
		if (!eat(v, "[:") || parse_rel(v, &p->rels[p->n_rels++]) < 0)
			return vp_fail(v, "expected a relationship");
		r = p->rels[p->n_rels - 1];
		if (!eat(v, back ? "-" : "->"))
			return vp_fail(v, "expected the relationship's end");
		r->start = back ? v->next_id + 1 : v->next_id;
		r->end = back ? v->next_id : v->next_id + 1;
	} while (1);
}

static int parse_compound(struct vp *v, Graphd__Value **out)
{
	Graphd__Value *x;

	if (eat(v, "[:")) {
		x = *out = val_new(GRAPHD__VALUE__KIND_REL_VALUE);
		return parse_rel(v, &x->rel_value);
	}
	if (eat(v, "[")) {
		x = *out = val_new(GRAPHD__VALUE__KIND_LIST_VALUE);
		return parse_list(v, x);
	}
	if (eat(v, "{")) {
		x = *out = val_new(GRAPHD__VALUE__KIND_MAP_VALUE);
		x->map_value = tck_xcalloc(1, sizeof(*x->map_value));
		graphd__value_map__init(x->map_value);
		return parse_props(v, &x->map_value->entries,
				   &x->map_value->n_entries);
	}
	if (eat(v, "(")) {
		x = *out = val_new(GRAPHD__VALUE__KIND_NODE_VALUE);
		return parse_node(v, &x->node_value);
	}
	x = *out = val_new(GRAPHD__VALUE__KIND_PATH_VALUE);
	x->path_value = tck_xcalloc(1, sizeof(*x->path_value));
	graphd__path__init(x->path_value);
	v->p++;
	return parse_path(v, x->path_value);
}

static int parse_value(struct vp *v, Graphd__Value **out)
{
	int rc;

	*out = NULL;
	ws(v);
	if (++v->depth > TCK_VALUE_DEPTH)
		return vp_fail(v, "nested too deep");
	if (eat(v, "null")) {
		*out = val_new(GRAPHD__VALUE__KIND__NOT_SET);
		rc = 0;
	} else if (eat(v, "true") || eat(v, "false")) {
		*out = val_new(GRAPHD__VALUE__KIND_BOOL_VALUE);
		(*out)->bool_value = v->p[-1] == 'e' && v->p[-2] == 'u';
		rc = 0;
	} else if (*v->p == '\'') {
		*out = val_new(GRAPHD__VALUE__KIND_STRING_VALUE);
		rc = parse_string(v, &(*out)->string_value);
	} else if (strchr("[{(<", *v->p) && *v->p) {
		rc = parse_compound(v, out);
	} else {
		rc = parse_number(v, out);
	}
	v->depth--;
	return rc;
}

Graphd__Value *tck_value_parse(const char *s, char *err, size_t errlen)
{
	struct vp v = {.s = s, .p = s, .err = err, .errlen = errlen};
	Graphd__Value *x = NULL;

	err[0] = '\0';
	if (parse_value(&v, &x) == 0) {
		ws(&v);
		if (!*v.p)
			return x;
		vp_fail(&v, "trailing text");
	}
	if (x)
		graphd__value__free_unpacked(x, NULL);
	return NULL;
}

/* ------------------------------------------------------------ canonical */

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = tck_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	puts_(b, tmp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, joined by ", ": frees the parts. */
static void put_joined(struct buf *b, char **parts, size_t n, bool sort)
{
	if (sort)
		qsort(parts, n, sizeof(*parts), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i)
			puts_(b, ", ");
		puts_(b, parts[i]);
		free(parts[i]);
	}
	free(parts);
}

static void put_string(struct buf *b, const char *s)
{
	puts_(b, "'");
	for (; s && *s; s++) {
		if (*s == '\'' || *s == '\\')
			puts_(b, "\\");
		put(b, s, 1);
	}
	puts_(b, "'");
}

static void put_props(struct buf *b, Graphd__Property *const *p, size_t n,
		      bool sort_lists)
{
	char **parts = tck_xcalloc(n, sizeof(char *));

	for (size_t i = 0; i < n; i++) {
		struct buf e = {0};
		char *v = tck_canon(p[i]->value, sort_lists);

		puts_(&e, p[i]->key ? p[i]->key : "");
		puts_(&e, ": ");
		puts_(&e, v);
		free(v);
		parts[i] = e.s;
	}
	puts_(b, "{");
	put_joined(b, parts, n, true);
	puts_(b, "}");
}

static void put_node(struct buf *b, const Graphd__Node *n, bool sort_lists)
{
	char **labels = tck_xcalloc(n->n_labels, sizeof(char *));

	puts_(b, "(");
	for (size_t i = 0; i < n->n_labels; i++)
		labels[i] = n->labels[i];
	qsort(labels, n->n_labels, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n->n_labels; i++) {
		puts_(b, ":");
		puts_(b, labels[i]);
	}
	free(labels);
	put_props(b, n->props, n->n_props, sort_lists);
	puts_(b, ")");
}

static void put_rel(struct buf *b, const Graphd__Relationship *r,
		    bool sort_lists)
{
	puts_(b, "[:");
	puts_(b, r->type ? r->type : "");
	put_props(b, r->props, r->n_props, sort_lists);
	puts_(b, "]");
}

static void put_path(struct buf *b, const Graphd__Path *p, bool sort_lists)
{
	puts_(b, "<");
	for (size_t i = 0; i < p->n_nodes; i++) {
		if (i && i - 1 < p->n_rels) {
			const Graphd__Relationship *r = p->rels[i - 1];
			bool fwd = r->start == p->nodes[i - 1]->id;

			puts_(b, fwd ? "-" : "<-");
			put_rel(b, r, sort_lists);
			puts_(b, fwd ? "->" : "-");
		}
		put_node(b, p->nodes[i], sort_lists);
	}
	puts_(b, ">");
}

static void put_float(struct buf *b, double d)
{
	if (isnan(d))
		puts_(b, "NaN");
	else if (isinf(d))
		puts_(b, d < 0 ? "-Inf" : "Inf");
	else if (d == 0)
		puts_(b, "0f"); /* -0.0 = 0.0, as IEEE 754 compares them */
	else
		putf(b, "%.17gf", d); /* the 'f' keeps 1.0 apart from 1 */
}

/* The TCK writes temporal values as their ISO 8601 text in a string
 * ('1984-10-11'): the value's own rendering, compared as that string. */
static void put_temporal(struct buf *b, const Graphd__Value *v)
{
	char text[CV_TEMPORAL_TEXT_MAX];
	struct cv_err err = {0};
	struct cv t;

	if (cv_from_proto(v, &t, &err) < 0) {
		putf(b, "<bad temporal: %s>", err.msg);
		return;
	}
	cv_temporal_text(&t, text);
	put_string(b, text);
}

char *tck_canon(const Graphd__Value *v, bool sort_lists)
{
	struct buf b = {0};

	puts_(&b, "");
	switch (v ? v->kind_case : GRAPHD__VALUE__KIND__NOT_SET) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		puts_(&b, v->bool_value ? "true" : "false");
		break;
	case GRAPHD__VALUE__KIND_INT_VALUE:
		putf(&b, "%lld", (long long)v->int_value);
		break;
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		put_float(&b, v->float_value);
		break;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		put_string(&b, v->string_value);
		break;
	case GRAPHD__VALUE__KIND_LIST_VALUE: {
		size_t n = v->list_value ? v->list_value->n_items : 0;
		char **parts = tck_xcalloc(n, sizeof(char *));

		for (size_t i = 0; i < n; i++)
			parts[i] = tck_canon(v->list_value->items[i], sort_lists);
		puts_(&b, "[");
		put_joined(&b, parts, n, sort_lists);
		puts_(&b, "]");
		break;
	}
	case GRAPHD__VALUE__KIND_MAP_VALUE:
		put_props(&b, v->map_value ? v->map_value->entries : NULL,
			  v->map_value ? v->map_value->n_entries : 0, sort_lists);
		break;
	case GRAPHD__VALUE__KIND_NODE_VALUE:
		put_node(&b, v->node_value, sort_lists);
		break;
	case GRAPHD__VALUE__KIND_REL_VALUE:
		put_rel(&b, v->rel_value, sort_lists);
		break;
	case GRAPHD__VALUE__KIND_PATH_VALUE:
		put_path(&b, v->path_value, sort_lists);
		break;
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE:
		put_temporal(&b, v);
		break;
	default:
		puts_(&b, "null");
	}
	return b.s;
}
