/* value.c: property values of libgraphd (see value.h and graphd.h). */
#include "client/value.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "graph/cypher_temporal_text.h"

#define VALUE_MAX_DEPTH 16

void client_set_error(struct graphd_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->code = code;
	err->line = err->column = 0;
	err->retryable = code == GRAPHD_E_NO_MASTER ||
			 code == GRAPHD_E_TIMEOUT ||
			 code == GRAPHD_E_UNAVAILABLE || code == GRAPHD_E_IO ||
			 code == GRAPHD_E_NOT_MASTER;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ arena */

struct client_arena_block {
	struct client_arena_block *next;
	max_align_t data[];
};

void *client_arena_alloc(struct client_arena *a, size_t n)
{
	struct client_arena_block *b;

	if (n > SIZE_MAX - sizeof(*b))
		return NULL;
	b = calloc(1, sizeof(*b) + n);
	if (!b)
		return NULL;
	b->next = a->blocks;
	a->blocks = b;
	return b->data;
}

char *client_arena_strdup(struct client_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = client_arena_alloc(a, n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void client_arena_free(struct client_arena *a)
{
	while (a->blocks) {
		struct client_arena_block *next = a->blocks->next;
		free(a->blocks);
		a->blocks = next;
	}
}

/* ------------------------------------------------------------------ parse */

struct vparser {
	const char *p;
	struct graphd_error *err;
};

static int parse_any(struct vparser *vp, struct graphd_value *out, int depth);

static void skip_ws(struct vparser *vp)
{
	while (isspace((unsigned char)*vp->p))
		vp->p++;
}

static int parse_quoted(struct vparser *vp, struct graphd_value *out)
{
	const char *s = vp->p + 1;
	size_t n = 0;
	char *buf = malloc(strlen(s) + 1);

	if (!buf)
		goto nomem;
	for (; *s && *s != '"'; s++) {
		if (*s == '\\') {
			s++;
			switch (*s) {
			case 'n':
				buf[n++] = '\n';
				continue;
			case 't':
				buf[n++] = '\t';
				continue;
			case '"':
			case '\\':
				buf[n++] = *s;
				continue;
			default:
				client_set_error(vp->err, GRAPHD_E_USAGE,
						 "bad escape '\\%c' in string: "
						 "use \\\", \\\\, \\n or \\t",
						 *s ? *s : ' ');
				goto err;
			}
		}
		buf[n++] = *s;
	}
	if (*s != '"') {
		client_set_error(vp->err, GRAPHD_E_USAGE,
				 "string without closing '\"'");
		goto err;
	}
	buf[n] = '\0';
	vp->p = s + 1;
	out->type = GRAPHD_STRING;
	out->u.s = buf;
	return 0;
nomem:
	client_set_error(vp->err, GRAPHD_E_NOMEM, "out of memory");
err:
	free(buf);
	return -1;
}

static int parse_list(struct vparser *vp, struct graphd_value *out, int depth)
{
	out->type = GRAPHD_LIST;
	out->u.list.n = 0;
	out->u.list.items = NULL;
	vp->p++; /* '[' */
	skip_ws(vp);
	if (*vp->p == ']') {
		vp->p++;
		return 0;
	}
	for (;;) {
		struct graphd_value *items =
		    realloc(out->u.list.items,
			    (out->u.list.n + 1) * sizeof(*out->u.list.items));
		if (!items) {
			client_set_error(vp->err, GRAPHD_E_NOMEM,
					 "out of memory");
			goto err;
		}
		out->u.list.items = items;
		if (parse_any(vp, &items[out->u.list.n], depth + 1) < 0)
			goto err;
		out->u.list.n++;
		skip_ws(vp);
		if (*vp->p == ']') {
			vp->p++;
			return 0;
		}
		if (*vp->p == '\0') {
			client_set_error(vp->err, GRAPHD_E_USAGE,
					 "list without closing ']'");
			goto err;
		}
		if (*vp->p != ',') {
			client_set_error(vp->err, GRAPHD_E_USAGE,
					 "expected ',' or ']' in list");
			goto err;
		}
		vp->p++;
	}
err:
	graphd_value_free(out);
	return -1;
}

static bool looks_numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '.')
		s++;
	return isdigit((unsigned char)*s);
}

/* A bare word as a number: 1 if it is one (set in out), 0 if it is not,
 * -1 for an integer out of range. */
static int parse_number(struct vparser *vp, const char *s,
			struct graphd_value *out)
{
	char *end;
	long long i;
	double f;

	if (!looks_numeric(s))
		return 0;
	errno = 0;
	i = strtoll(s, &end, 10);
	if (*end == '\0') {
		if (errno == ERANGE) {
			client_set_error(vp->err, GRAPHD_E_USAGE,
					 "integer %s out of the 64-bit range",
					 s);
			return -1;
		}
		out->type = GRAPHD_INT;
		out->u.i = i;
		return 1;
	}
	/* Decimal only: strtod would also take "0x10" or "0x1p3". */
	if (s[strspn(s, "0123456789+-.eE")] != '\0')
		return 0;
	f = strtod(s, &end);
	if (*end != '\0')
		return 0;
	out->type = GRAPHD_FLOAT;
	out->u.f = f;
	return 1;
}

/* Classifies a bare word: null, true, false, an integer, a float, or else a
 * string (so that --prop name=Ada needs no quotes). */
static int classify_word(struct vparser *vp, const char *w, size_t len,
			 struct graphd_value *out)
{
	char *s = strndup(w, len);
	int rc = 0;

	if (!s) {
		client_set_error(vp->err, GRAPHD_E_NOMEM, "out of memory");
		return -1;
	}
	if (strcmp(s, "null") == 0) {
		out->type = GRAPHD_NULL;
	} else if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		out->type = GRAPHD_BOOL;
		out->u.b = s[0] == 't';
	} else if ((rc = parse_number(vp, s, out)) == 0) {
		out->type = GRAPHD_STRING;
		out->u.s = s;
		return 0;
	}
	free(s);
	return rc < 0 ? -1 : 0;
}

static int parse_word(struct vparser *vp, struct graphd_value *out, int depth)
{
	const char *start = vp->p, *end;

	/* At top level a bare word is the rest of the text ("Ada Lovelace");
	 * inside a list it ends at ',' or ']'. */
	if (depth == 0)
		end = start + strlen(start);
	else
		end = start + strcspn(start, ",]");
	vp->p = end;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	if (end == start && depth > 0) {
		client_set_error(vp->err, GRAPHD_E_USAGE, "empty list item");
		return -1;
	}
	return classify_word(vp, start, (size_t)(end - start), out);
}

static int parse_any(struct vparser *vp, struct graphd_value *out, int depth)
{
	if (depth > VALUE_MAX_DEPTH) {
		client_set_error(vp->err, GRAPHD_E_USAGE,
				 "lists nested deeper than %d",
				 VALUE_MAX_DEPTH);
		return -1;
	}
	skip_ws(vp);
	if (*vp->p == '"')
		return parse_quoted(vp, out);
	if (*vp->p == '[')
		return parse_list(vp, out, depth);
	if (depth > 0 && *vp->p == '\0') {
		client_set_error(vp->err, GRAPHD_E_USAGE,
				 "list without closing ']'");
		return -1;
	}
	return parse_word(vp, out, depth);
}

int graphd_value_parse(const char *text, struct graphd_value *out,
		       struct graphd_error *err)
{
	struct vparser vp = {text, err};

	memset(out, 0, sizeof(*out));
	if (!text) {
		client_set_error(err, GRAPHD_E_USAGE, "no value");
		return -1;
	}
	if (parse_any(&vp, out, 0) < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	skip_ws(&vp);
	if (*vp.p) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "unexpected text after the value: '%.40s' "
				 "(quote strings that contain '\"' or '[')",
				 vp.p);
		graphd_value_free(out);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------------- format */

/* An snprintf that keeps counting past the end of buf. */
struct fmtbuf {
	char *buf;
	size_t len, used;
};

static void fmt_put(struct fmtbuf *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fmt_put(struct fmtbuf *f, const char *fmt, ...)
{
	va_list ap;
	size_t room = f->used < f->len ? f->len - f->used : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? f->buf + f->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		f->used += (size_t)n;
}

static void fmt_float(struct fmtbuf *f, double d)
{
	char tmp[40];

	if (isnan(d)) {
		fmt_put(f, "NaN");
		return;
	}
	if (isinf(d)) {
		fmt_put(f, d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	/* Shortest form that reads back as the same double. */
	snprintf(tmp, sizeof(tmp), "%.15g", d);
	if (strtod(tmp, NULL) != d)
		snprintf(tmp, sizeof(tmp), "%.17g", d);
	/* Keep floats distinguishable from integers: 3.0, not 3. */
	if (!strpbrk(tmp, ".e"))
		strcat(tmp, ".0");
	fmt_put(f, "%s", tmp);
}

static void fmt_string(struct fmtbuf *f, const char *s)
{
	fmt_put(f, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fmt_put(f, "\\%c", *s);
		else if (*s == '\n')
			fmt_put(f, "\\n");
		else if (*s == '\t')
			fmt_put(f, "\\t");
		else
			fmt_put(f, "%c", *s);
	}
	fmt_put(f, "\"");
}

static void fmt_value(struct fmtbuf *f, const struct graphd_value *v);

static void fmt_props(struct fmtbuf *f, const struct graphd_prop *p, size_t n)
{
	if (n == 0)
		return;
	fmt_put(f, " {");
	for (size_t i = 0; i < n; i++) {
		fmt_put(f, "%s%s: ", i ? ", " : "", p[i].key);
		fmt_value(f, &p[i].value);
	}
	fmt_put(f, "}");
}

static void fmt_node(struct fmtbuf *f, const struct graphd_node *n)
{
	fmt_put(f, "(%" PRIu64, n->id);
	for (size_t i = 0; i < n->n_labels; i++)
		fmt_put(f, ":%s", n->labels[i]);
	fmt_props(f, n->props, n->n_props);
	fmt_put(f, ")");
}

static void fmt_rel(struct fmtbuf *f, const struct graphd_rel *r)
{
	fmt_put(f, "[%" PRIu64 ":%s", r->id, r->type);
	fmt_props(f, r->props, r->n_props);
	fmt_put(f, "]");
}

/* (a)-[r]->(b)<-[s]-(c): each arrow points the way its relationship does. */
static void fmt_path(struct fmtbuf *f, const struct graphd_path *p)
{
	for (size_t i = 0; i < p->n_nodes; i++) {
		if (i > 0 && i - 1 < p->n_rels) {
			const struct graphd_rel *r = &p->rels[i - 1];
			bool back = r->start == p->nodes[i].id &&
				    r->end != p->nodes[i].id;
			fmt_put(f, back ? "<-" : "-");
			fmt_rel(f, r);
			fmt_put(f, back ? "-" : "->");
		}
		fmt_node(f, &p->nodes[i]);
	}
}

static void fmt_value(struct fmtbuf *f, const struct graphd_value *v)
{
	switch (v->type) {
	case GRAPHD_MAP:
		fmt_put(f, "{");
		for (size_t i = 0; i < v->u.map.n; i++) {
			fmt_put(f, "%s%s: ", i ? ", " : "",
				v->u.map.entries[i].key);
			fmt_value(f, &v->u.map.entries[i].value);
		}
		fmt_put(f, "}");
		break;
	case GRAPHD_NODE:
		fmt_node(f, v->u.node);
		break;
	case GRAPHD_REL:
		fmt_rel(f, v->u.rel);
		break;
	case GRAPHD_PATH:
		fmt_path(f, v->u.path);
		break;
	case GRAPHD_NULL:
		fmt_put(f, "null");
		break;
	case GRAPHD_BOOL:
		fmt_put(f, v->u.b ? "true" : "false");
		break;
	case GRAPHD_INT:
		fmt_put(f, "%" PRId64, v->u.i);
		break;
	case GRAPHD_FLOAT:
		fmt_float(f, v->u.f);
		break;
	case GRAPHD_STRING:
		fmt_string(f, v->u.s ? v->u.s : "");
		break;
	case GRAPHD_LIST:
		fmt_put(f, "[");
		for (size_t i = 0; i < v->u.list.n; i++) {
			if (i)
				fmt_put(f, ", ");
			fmt_value(f, &v->u.list.items[i]);
		}
		fmt_put(f, "]");
		break;
	}
}

size_t graphd_value_format(const struct graphd_value *v, char *buf, size_t len)
{
	struct fmtbuf f = {buf, len, 0};

	if (len)
		buf[0] = '\0';
	fmt_value(&f, v);
	return f.used;
}

/* ------------------------------------------------------------------- free */

static void props_free(struct graphd_prop *props, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(props[i].key);
		graphd_value_free(&props[i].value);
	}
	free(props);
}

static void path_free(struct graphd_path *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_nodes; i++)
		graphd_node_free(&p->nodes[i]);
	for (size_t i = 0; i < p->n_rels; i++)
		graphd_rel_free(&p->rels[i]);
	free(p->nodes);
	free(p->rels);
	free(p);
}

void graphd_value_free(struct graphd_value *v)
{
	if (!v)
		return;
	switch (v->type) {
	case GRAPHD_STRING:
		free(v->u.s);
		break;
	case GRAPHD_LIST:
		for (size_t i = 0; i < v->u.list.n; i++)
			graphd_value_free(&v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case GRAPHD_MAP:
		props_free(v->u.map.entries, v->u.map.n);
		break;
	case GRAPHD_NODE:
		graphd_node_free(v->u.node);
		free(v->u.node);
		break;
	case GRAPHD_REL:
		graphd_rel_free(v->u.rel);
		free(v->u.rel);
		break;
	case GRAPHD_PATH:
		path_free(v->u.path);
		break;
	default:
		break;
	}
	v->type = GRAPHD_NULL;
}

void graphd_node_free(struct graphd_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_labels; i++)
		free(n->labels[i]);
	free(n->labels);
	props_free(n->props, n->n_props);
	memset(n, 0, sizeof(*n));
}

void graphd_rel_free(struct graphd_rel *r)
{
	if (!r)
		return;
	free(r->type);
	props_free(r->props, r->n_props);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------ to the wire */

Graphd__Value *client_value_to_pb(struct client_arena *a,
				  const struct graphd_value *v)
{
	Graphd__Value *pb = client_arena_alloc(a, sizeof(*pb));

	if (!pb)
		return NULL;
	graphd__value__init(pb);
	switch (v->type) {
	case GRAPHD_NULL:
		break;
	case GRAPHD_BOOL:
		pb->kind_case = GRAPHD__VALUE__KIND_BOOL_VALUE;
		pb->bool_value = v->u.b;
		break;
	case GRAPHD_INT:
		pb->kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
		pb->int_value = v->u.i;
		break;
	case GRAPHD_FLOAT:
		pb->kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
		pb->float_value = v->u.f;
		break;
	case GRAPHD_STRING:
		pb->kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
		pb->string_value = client_arena_strdup(a, v->u.s ? v->u.s : "");
		if (!pb->string_value)
			return NULL;
		break;
	case GRAPHD_LIST: {
		Graphd__ValueList *l = client_arena_alloc(a, sizeof(*l));
		if (!l)
			return NULL;
		graphd__value_list__init(l);
		l->n_items = v->u.list.n;
		l->items = client_arena_alloc(a, (v->u.list.n + 1) *
						     sizeof(*l->items));
		if (!l->items)
			return NULL;
		for (size_t i = 0; i < v->u.list.n; i++)
			if (!(l->items[i] =
				  client_value_to_pb(a, &v->u.list.items[i])))
				return NULL;
		pb->kind_case = GRAPHD__VALUE__KIND_LIST_VALUE;
		pb->list_value = l;
		break;
	}
	case GRAPHD_MAP: {
		Graphd__ValueMap *m = client_arena_alloc(a, sizeof(*m));
		if (!m)
			return NULL;
		graphd__value_map__init(m);
		m->n_entries = v->u.map.n;
		m->entries =
		    client_props_to_pb(a, v->u.map.entries, v->u.map.n);
		if (!m->entries)
			return NULL;
		pb->kind_case = GRAPHD__VALUE__KIND_MAP_VALUE;
		pb->map_value = m;
		break;
	}
	default:
		/* Nodes, relationships and paths come out of queries; they
		 * are never sent (graphd_query refuses them as parameters). */
		return NULL;
	}
	return pb;
}

Graphd__Property **client_props_to_pb(struct client_arena *a,
				      const struct graphd_prop *props, size_t n)
{
	Graphd__Property **out = client_arena_alloc(a, (n + 1) * sizeof(*out));

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		Graphd__Property *p = client_arena_alloc(a, sizeof(*p));
		if (!p)
			return NULL;
		graphd__property__init(p);
		p->key = client_arena_strdup(a, props[i].key);
		p->value = client_value_to_pb(a, &props[i].value);
		if (!p->key || !p->value)
			return NULL;
		out[i] = p;
	}
	return out;
}

/* ---------------------------------------------------------- from the wire */

static int props_from_pb(Graphd__Property *const *pb, size_t n,
			 struct graphd_prop **out, size_t *n_out);

static int list_from_pb(const Graphd__ValueList *l, struct graphd_value *out)
{
	size_t n = l ? l->n_items : 0;

	out->type = GRAPHD_LIST;
	out->u.list.n = 0;
	out->u.list.items = calloc(n ? n : 1, sizeof(*out->u.list.items));
	if (!out->u.list.items)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (client_value_from_pb(l->items[i], &out->u.list.items[i])) {
			graphd_value_free(out);
			return -1;
		}
		out->u.list.n++;
	}
	return 0;
}

static int map_from_pb(const Graphd__ValueMap *m, struct graphd_value *out)
{
	out->type = GRAPHD_MAP;
	if (props_from_pb(m ? m->entries : NULL, m ? m->n_entries : 0,
			  &out->u.map.entries, &out->u.map.n) < 0) {
		graphd_value_free(out);
		return -1;
	}
	return 0;
}

static int path_from_pb(const Graphd__Path *pb, struct graphd_path *p)
{
	size_t nn = pb ? pb->n_nodes : 0, nr = pb ? pb->n_rels : 0;

	p->nodes = calloc(nn ? nn : 1, sizeof(*p->nodes));
	p->rels = calloc(nr ? nr : 1, sizeof(*p->rels));
	if (!p->nodes || !p->rels)
		return -1;
	for (; p->n_nodes < nn; p->n_nodes++)
		if (client_node_from_pb(pb->nodes[p->n_nodes],
					&p->nodes[p->n_nodes]) < 0)
			return -1;
	for (; p->n_rels < nr; p->n_rels++)
		if (client_rel_from_pb(pb->rels[p->n_rels],
				       &p->rels[p->n_rels]) < 0)
			return -1;
	return 0;
}

/* A node, relationship or path: each lives in its own allocation so that
 * struct graphd_value keeps its size. */
static int entity_from_pb(const Graphd__Value *pb, struct graphd_value *out)
{
	static const Graphd__Node no_node = GRAPHD__NODE__INIT;
	static const Graphd__Relationship no_rel = GRAPHD__RELATIONSHIP__INIT;
	int rc = -1;

	if (pb->kind_case == GRAPHD__VALUE__KIND_NODE_VALUE) {
		out->type = GRAPHD_NODE;
		if ((out->u.node = malloc(sizeof(*out->u.node))))
			rc = client_node_from_pb(pb->node_value ? pb->node_value
								: &no_node,
						 out->u.node);
	} else if (pb->kind_case == GRAPHD__VALUE__KIND_REL_VALUE) {
		out->type = GRAPHD_REL;
		if ((out->u.rel = malloc(sizeof(*out->u.rel))))
			rc = client_rel_from_pb(pb->rel_value ? pb->rel_value
							      : &no_rel,
						out->u.rel);
	} else {
		out->type = GRAPHD_PATH;
		if ((out->u.path = calloc(1, sizeof(*out->u.path))))
			rc = path_from_pb(pb->path_value, out->u.path);
	}
	if (rc < 0) {
		/* A failed node/rel conversion has freed its parts already
		 * and left them zeroed, so the value frees cleanly. */
		if ((out->type == GRAPHD_NODE && !out->u.node) ||
		    (out->type == GRAPHD_REL && !out->u.rel) ||
		    (out->type == GRAPHD_PATH && !out->u.path))
			out->type = GRAPHD_NULL;
		graphd_value_free(out);
	}
	return rc;
}

/* A temporal result reaches the application as its ISO 8601 text. */
static int temporal_from_pb(const Graphd__Temporal *t, struct graphd_value *out)
{
	char text[CVT_TEXT_MAX];
	int64_t f[4];

	if (!t)
		return 0;
	f[0] = t->a;
	f[1] = t->b;
	f[2] = t->c;
	f[3] = t->d;
	cvt_text((int)t->kind, f, t->zone, text);
	out->type = GRAPHD_STRING;
	if (!(out->u.s = strdup(text)))
		return out->type = GRAPHD_NULL, -1;
	return 0;
}

int client_value_from_pb(const Graphd__Value *pb, struct graphd_value *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return 0;
	switch (pb->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		out->type = GRAPHD_BOOL;
		out->u.b = pb->bool_value;
		break;
	case GRAPHD__VALUE__KIND_INT_VALUE:
		out->type = GRAPHD_INT;
		out->u.i = pb->int_value;
		break;
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		out->type = GRAPHD_FLOAT;
		out->u.f = pb->float_value;
		break;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		out->type = GRAPHD_STRING;
		out->u.s = strdup(pb->string_value ? pb->string_value : "");
		if (!out->u.s)
			return out->type = GRAPHD_NULL, -1;
		break;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		return list_from_pb(pb->list_value, out);
	case GRAPHD__VALUE__KIND_MAP_VALUE:
		return map_from_pb(pb->map_value, out);
	case GRAPHD__VALUE__KIND_NODE_VALUE:
	case GRAPHD__VALUE__KIND_REL_VALUE:
	case GRAPHD__VALUE__KIND_PATH_VALUE:
		return entity_from_pb(pb, out);
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE:
		return temporal_from_pb(pb->temporal_value, out);
	default:
		break;
	}
	return 0;
}

static int props_from_pb(Graphd__Property *const *pb, size_t n,
			 struct graphd_prop **out, size_t *n_out)
{
	struct graphd_prop *props = calloc(n ? n : 1, sizeof(*props));

	*out = props;
	*n_out = 0;
	if (!props)
		return -1;
	for (size_t i = 0; i < n; i++) {
		props[i].key = strdup(pb[i]->key ? pb[i]->key : "");
		if (!props[i].key)
			return -1;
		(*n_out)++;
		if (client_value_from_pb(pb[i]->value, &props[i].value))
			return -1;
	}
	return 0;
}

int client_node_from_pb(const Graphd__Node *pb, struct graphd_node *out)
{
	memset(out, 0, sizeof(*out));
	out->id = pb->id;
	out->labels =
	    calloc(pb->n_labels ? pb->n_labels : 1, sizeof(*out->labels));
	if (!out->labels)
		goto err;
	for (size_t i = 0; i < pb->n_labels; i++) {
		out->labels[i] = strdup(pb->labels[i]);
		if (!out->labels[i])
			goto err;
		out->n_labels++;
	}
	if (props_from_pb(pb->props, pb->n_props, &out->props, &out->n_props))
		goto err;
	return 0;
err:
	graphd_node_free(out);
	return -1;
}

int client_rel_from_pb(const Graphd__Relationship *pb, struct graphd_rel *out)
{
	memset(out, 0, sizeof(*out));
	out->id = pb->id;
	out->start = pb->start;
	out->end = pb->end;
	out->type = strdup(pb->type ? pb->type : "");
	if (!out->type)
		goto err;
	if (props_from_pb(pb->props, pb->n_props, &out->props, &out->n_props))
		goto err;
	return 0;
err:
	graphd_rel_free(out);
	return -1;
}
