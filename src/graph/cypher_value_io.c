/* cypher_value_io.c: Cypher values out of the process: text as
 * cypher-shell prints it, and the client protocol's Value (both ways). */
#include "graph/cypher_value.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cypher_temporal.h"
#include "graph/cypher_value_int.h"

/* ------------------------------------------------------------------- text */

/* The shortest decimal digits that read back as f (as Java's
 * Double.toString picks them): digits without a point, trailing zeros
 * dropped, and the decimal exponent of the first digit. f is finite and
 * not zero. Returns the number of digits. */
static int shortest_digits(double f, char digits[20], int *exp10)
{
	char e[40], *q;
	int prec, nd = 0;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec - 1, fabs(f));
		if (strtod(e, NULL) == fabs(f))
			break;
	}
	for (q = e; *q != 'e'; q++)
		if (*q != '.')
			digits[nd++] = *q;
	*exp10 = atoi(q + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	return nd;
}

/* Plain notation, for 1e-3 <= |f| < 1e7: "0.00123", "1234.5", "100.0". */
static size_t plain_notation(char *o, const char *digits, int nd, int exp10)
{
	size_t n = 0;
	int i;

	if (exp10 < 0) {
		o[n++] = '0';
		o[n++] = '.';
		for (i = -1; i > exp10; i--)
			o[n++] = '0';
		for (i = 0; i < nd; i++)
			o[n++] = digits[i];
		return n;
	}
	for (i = 0; i <= exp10; i++)
		o[n++] = i < nd ? digits[i] : '0';
	o[n++] = '.';
	if (nd <= exp10 + 1)
		o[n++] = '0';
	for (i = exp10 + 1; i < nd; i++)
		o[n++] = digits[i];
	return n;
}

void cv_float_text(double f, char buf[32])
{
	char digits[20];
	int nd, exp10, i;
	size_t o = 0;

	if (isnan(f) || isinf(f)) {
		snprintf(buf, 32, "%s",
			 isnan(f) ? "NaN" : (f > 0 ? "Infinity" : "-Infinity"));
		return;
	}
	if (f == 0) {
		snprintf(buf, 32, "%s", signbit(f) ? "-0.0" : "0.0");
		return;
	}
	nd = shortest_digits(f, digits, &exp10);
	if (f < 0)
		buf[o++] = '-';
	if (fabs(f) >= 1e-3 && fabs(f) < 1e7) {
		o += plain_notation(buf + o, digits, nd, exp10);
		buf[o] = '\0';
		return;
	}
	/* Computerized scientific notation: "1.0E10", "1.25E-5". */
	buf[o++] = digits[0];
	buf[o++] = '.';
	if (nd == 1)
		buf[o++] = '0';
	for (i = 1; i < nd; i++)
		buf[o++] = digits[i];
	snprintf(buf + o, 32 - o, "E%d", exp10);
}

/* A growing output string; on allocation failure it stays failed. */
struct text {
	char *s;
	size_t len, cap;
	bool failed;
};

static void put(struct text *t, const char *s, size_t n)
{
	char *grown;
	size_t cap;

	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		cap = t->cap ? t->cap : 64;
		while (cap < t->len + n + 1)
			cap *= 2;
		if (!(grown = realloc(t->s, cap))) {
			t->failed = true;
			return;
		}
		t->s = grown;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

static void render(struct text *t, const struct cv *v);

static void render_string(struct text *t, const char *s, size_t n)
{
	size_t i, start = 0;

	puts_(t, "\"");
	for (i = 0; i < n; i++) {
		if (s[i] != '"' && s[i] != '\\')
			continue;
		put(t, s + start, i - start);
		puts_(t, "\\");
		start = i;
	}
	put(t, s + start, n - start);
	puts_(t, "\"");
}

static void render_map(struct text *t, const struct cv_map *m)
{
	size_t i;

	puts_(t, "{");
	for (i = 0; i < m->n; i++) {
		if (i)
			puts_(t, ", ");
		puts_(t, m->entries[i].key);
		puts_(t, ": ");
		render(t, &m->entries[i].val);
	}
	puts_(t, "}");
}

static void render_node(struct text *t, const struct cv_node *n)
{
	size_t i;

	puts_(t, "(");
	for (i = 0; i < n->n_labels; i++) {
		puts_(t, ":");
		puts_(t, n->labels[i]);
	}
	if (n->props.n) {
		if (n->n_labels)
			puts_(t, " ");
		render_map(t, &n->props);
	}
	puts_(t, ")");
}

static void render_rel(struct text *t, const struct cv_rel *r)
{
	puts_(t, "[:");
	puts_(t, r->type);
	if (r->props.n) {
		puts_(t, " ");
		render_map(t, &r->props);
	}
	puts_(t, "]");
}

/* (a)-[:R]->(b) when the relationship starts at the node before it,
 * (a)<-[:R]-(b) otherwise. */
static void render_path(struct text *t, const struct cv *v)
{
	const struct cv *it = v->u.list.items;
	size_t i;

	render(t, &it[0]);
	for (i = 1; i + 1 < v->u.list.n; i += 2) {
		bool fwd = it[i].u.rel.start == it[i - 1].u.node.id;

		puts_(t, fwd ? "-" : "<-");
		render(t, &it[i]);
		puts_(t, fwd ? "->" : "-");
		render(t, &it[i + 1]);
	}
}

static void render(struct text *t, const struct cv *v)
{
	char buf[32];
	size_t i;

	switch (v->kind) {
	case CV_NULL:
		puts_(t, "NULL");
		break;
	case CV_BOOL:
		puts_(t, v->u.b ? "TRUE" : "FALSE");
		break;
	case CV_INT:
	case CV_FLOAT:
		cv_number_text(v, buf);
		puts_(t, buf);
		break;
	case CV_STRING:
		render_string(t, v->u.str.s, v->u.str.len);
		break;
	case CV_LIST:
		puts_(t, "[");
		for (i = 0; i < v->u.list.n; i++) {
			if (i)
				puts_(t, ", ");
			render(t, &v->u.list.items[i]);
		}
		puts_(t, "]");
		break;
	case CV_MAP:
		render_map(t, &v->u.map);
		break;
	case CV_NODE:
		render_node(t, &v->u.node);
		break;
	case CV_REL:
		render_rel(t, &v->u.rel);
		break;
	case CV_PATH:
		render_path(t, v);
		break;
	default:
		if (cv_is_temporal(v->kind)) {
			char tb[CV_TEMPORAL_TEXT_MAX];

			cv_temporal_text(v, tb);
			puts_(t, tb);
		}
		break;
	}
}

char *cv_to_text(const struct cv *v)
{
	struct text t = {0};

	put(&t, "", 0);
	render(&t, v);
	if (t.failed) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

/* --------------------------------------------------------------- protocol */

static int to_proto(const struct cv *v, Graphd__Value *pv, struct cv_err *err);

static int list_to_proto(const struct cv *v, Graphd__Value *pv,
			 struct cv_err *err)
{
	Graphd__ValueList *l = malloc(sizeof(*l));
	size_t i;

	if (!l)
		return cv_nomem(err);
	graphd__value_list__init(l);
	pv->kind_case = GRAPHD__VALUE__KIND_LIST_VALUE;
	pv->list_value = l;
	if (!v->u.list.n)
		return 0;
	if (!(l->items = calloc(v->u.list.n, sizeof(*l->items))))
		return cv_nomem(err);
	for (i = 0; i < v->u.list.n; i++) {
		if (!(l->items[i] = malloc(sizeof(**l->items))))
			return cv_nomem(err);
		graphd__value__init(l->items[i]);
		l->n_items++;
		if (to_proto(&v->u.list.items[i], l->items[i], err))
			return -1;
	}
	return 0;
}

/* A map's entries as protocol properties (allocated as protobuf-c frees
 * them: the caller's message owns them even on failure). */
static int props_to_proto(const struct cv_map *m, Graphd__Property ***props,
			  size_t *n, struct cv_err *err)
{
	*n = 0;
	if (!m->n)
		return 0;
	if (!(*props = calloc(m->n, sizeof(**props))))
		return cv_nomem(err);
	for (size_t i = 0; i < m->n; i++) {
		Graphd__Property *p = malloc(sizeof(*p));

		if (!p)
			return cv_nomem(err);
		graphd__property__init(p);
		(*props)[(*n)++] = p;
		if (!(p->key = cv_str_dup(m->entries[i].key)) ||
		    !(p->value = malloc(sizeof(*p->value))))
			return cv_nomem(err);
		graphd__value__init(p->value);
		if (to_proto(&m->entries[i].val, p->value, err))
			return -1;
	}
	return 0;
}

static int node_to_proto(const struct cv_node *nd, Graphd__Node **out,
			 struct cv_err *err)
{
	Graphd__Node *n = malloc(sizeof(*n));

	if (!(*out = n))
		return cv_nomem(err);
	graphd__node__init(n);
	n->id = (uint64_t)nd->id;
	if (nd->n_labels &&
	    !(n->labels = calloc(nd->n_labels, sizeof(*n->labels))))
		return cv_nomem(err);
	for (size_t i = 0; i < nd->n_labels; i++)
		if (!(n->labels[n->n_labels++] = cv_str_dup(nd->labels[i])))
			return cv_nomem(err);
	return props_to_proto(&nd->props, &n->props, &n->n_props, err);
}

static int rel_to_proto(const struct cv_rel *rl, Graphd__Relationship **out,
			struct cv_err *err)
{
	Graphd__Relationship *r = malloc(sizeof(*r));

	if (!(*out = r))
		return cv_nomem(err);
	graphd__relationship__init(r);
	r->id = (uint64_t)rl->id;
	r->start = (uint64_t)rl->start;
	r->end = (uint64_t)rl->end;
	if (!(r->type = cv_str_dup(rl->type)))
		return cv_nomem(err);
	return props_to_proto(&rl->props, &r->props, &r->n_props, err);
}

static int map_to_proto(const struct cv *v, Graphd__Value *pv,
			struct cv_err *err)
{
	Graphd__ValueMap *m = malloc(sizeof(*m));

	if (!m)
		return cv_nomem(err);
	graphd__value_map__init(m);
	pv->kind_case = GRAPHD__VALUE__KIND_MAP_VALUE;
	pv->map_value = m;
	return props_to_proto(&v->u.map, &m->entries, &m->n_entries, err);
}

/* A path's items alternate node, relationship, ..., node. */
static int path_to_proto(const struct cv *v, Graphd__Value *pv,
			 struct cv_err *err)
{
	Graphd__Path *p = malloc(sizeof(*p));
	size_t n = v->u.list.n;

	if (!p)
		return cv_nomem(err);
	graphd__path__init(p);
	pv->kind_case = GRAPHD__VALUE__KIND_PATH_VALUE;
	pv->path_value = p;
	if (!(p->nodes = calloc(n / 2 + 1, sizeof(*p->nodes))) ||
	    (n > 1 && !(p->rels = calloc(n / 2, sizeof(*p->rels)))))
		return cv_nomem(err);
	for (size_t i = 0; i < n; i++) {
		const struct cv *it = &v->u.list.items[i];

		if (i % 2 == 0 && it->kind == CV_NODE) {
			if (node_to_proto(&it->u.node, &p->nodes[p->n_nodes],
					  err))
				return p->n_nodes++, -1;
			p->n_nodes++;
		} else if (i % 2 == 1 && it->kind == CV_REL) {
			if (rel_to_proto(&it->u.rel, &p->rels[p->n_rels], err))
				return p->n_rels++, -1;
			p->n_rels++;
		} else {
			return cv_err_set(err, CV_ERR_ARG, "malformed path");
		}
	}
	return 0;
}

static int temporal_to_proto(const struct cv *v, Graphd__Value *pv,
			     struct cv_err *err)
{
	Graphd__Temporal *t = malloc(sizeof(*t));
	const char *zone = NULL;
	int64_t f[4];

	if (!t)
		return cv_nomem(err);
	graphd__temporal__init(t);
	pv->kind_case = GRAPHD__VALUE__KIND_TEMPORAL_VALUE;
	pv->temporal_value = t;
	cv_temporal_fields(v, f, &zone);
	t->kind = (Graphd__Temporal__Kind)(v->kind - CV_DATE);
	t->a = f[0];
	t->b = f[1];
	t->c = f[2];
	t->d = f[3];
	if (zone && !(t->zone = cv_str_dup(zone)))
		return cv_nomem(err);
	return 0;
}

/* Fills pv (initialised, owned by the caller, freed by it on failure). */
static int to_proto(const struct cv *v, Graphd__Value *pv, struct cv_err *err)
{
	switch (v->kind) {
	case CV_NULL:
		return 0;
	case CV_BOOL:
		pv->kind_case = GRAPHD__VALUE__KIND_BOOL_VALUE;
		pv->bool_value = v->u.b;
		return 0;
	case CV_INT:
		pv->kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
		pv->int_value = v->u.i;
		return 0;
	case CV_FLOAT:
		pv->kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
		pv->float_value = v->u.f;
		return 0;
	case CV_STRING:
		if (memchr(v->u.str.s, '\0', v->u.str.len))
			return cv_err_set(err, CV_ERR_UNSUPPORTED,
					  "a string with a NUL byte has no "
					  "protocol encoding");
		if (!(pv->string_value = cv_str_dup(v->u.str.s)))
			return cv_nomem(err);
		pv->kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
		return 0;
	case CV_LIST:
		return list_to_proto(v, pv, err);
	case CV_MAP:
		return map_to_proto(v, pv, err);
	case CV_NODE:
		pv->kind_case = GRAPHD__VALUE__KIND_NODE_VALUE;
		return node_to_proto(&v->u.node, &pv->node_value, err);
	case CV_REL:
		pv->kind_case = GRAPHD__VALUE__KIND_REL_VALUE;
		return rel_to_proto(&v->u.rel, &pv->rel_value, err);
	case CV_PATH:
		return path_to_proto(v, pv, err);
	default:
		if (cv_is_temporal(v->kind))
			return temporal_to_proto(v, pv, err);
		break;
	}
	return cv_err_set(err, CV_ERR_UNSUPPORTED,
			  "%s has no protocol encoding", cv_kind_name(v->kind));
}

int cv_to_proto(const struct cv *v, Graphd__Value **out, struct cv_err *err)
{
	Graphd__Value *pv = malloc(sizeof(*pv));

	*out = NULL;
	if (!pv)
		return cv_nomem(err);
	graphd__value__init(pv);
	if (to_proto(v, pv, err)) {
		graphd__value__free_unpacked(pv, NULL);
		return -1;
	}
	*out = pv;
	return 0;
}

int cv_from_proto(const Graphd__Value *pv, struct cv *out, struct cv_err *err)
{
	const Graphd__ValueList *l;
	struct cv item;
	size_t i;

	*out = cv_null();
	if (!pv)
		return 0;
	switch (pv->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		*out = cv_bool(pv->bool_value);
		return 0;
	case GRAPHD__VALUE__KIND_INT_VALUE:
		*out = cv_int(pv->int_value);
		return 0;
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		*out = cv_float(pv->float_value);
		return 0;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		return cv_cstring(out, pv->string_value ? pv->string_value : "")
			   ? cv_nomem(err)
			   : 0;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		cv_list_init(out);
		l = pv->list_value;
		for (i = 0; l && i < l->n_items; i++) {
			if (cv_from_proto(l->items[i], &item, err))
				goto err;
			if (cv_list_push(out, &item)) {
				cv_nomem(err);
				goto err;
			}
		}
		return 0;
	case GRAPHD__VALUE__KIND_MAP_VALUE:
		/* parameters may be maps ({name: $p}); results never come
		 * back in */
		cv_map_init(out);
		for (i = 0; pv->map_value && i < pv->map_value->n_entries;
		     i++) {
			const Graphd__Property *e = pv->map_value->entries[i];

			if (cv_from_proto(e->value, &item, err))
				goto err;
			if (cv_map_set(&out->u.map, e->key, &item)) {
				cv_nomem(err);
				goto err;
			}
		}
		return 0;
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE: {
		const Graphd__Temporal *t = pv->temporal_value;
		int64_t f[4] = {t->a, t->b, t->c, t->d};

		if ((unsigned)t->kind > CV_DURATION - CV_DATE)
			return cv_err_set(err, CV_ERR_ARG,
					  "unknown temporal kind %d", t->kind);
		return cv_temporal_from_fields(
		    (enum cv_kind)(CV_DATE + t->kind), f,
		    t->zone && *t->zone ? t->zone : NULL, out, err);
	}
	case GRAPHD__VALUE__KIND__NOT_SET:
		return 0;
	default:
		return cv_err_set(err, CV_ERR_UNSUPPORTED,
				  "nodes, relationships and paths cannot be "
				  "parameters");
	}
err:
	cv_free(out);
	return -1;
}
