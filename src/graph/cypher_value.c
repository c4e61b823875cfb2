/* cypher_value.c: Cypher runtime values: construction, copy, free, equality,
 * ordering, hashing, sets, operators, text rendering and protocol
 * conversion. */
#include "graph/cypher_value.h"

#include "graph/cypher_temporal.h"
#include "graph/cypher_value_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cv_err_set(struct cv_err *err, enum cv_errc code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

const char *cv_kind_name(enum cv_kind kind)
{
	static const char *const names[] = {
	    [CV_NULL] = "null",		 [CV_BOOL] = "a boolean",
	    [CV_INT] = "an integer",	 [CV_FLOAT] = "a float",
	    [CV_STRING] = "a string",	 [CV_LIST] = "a list",
	    [CV_MAP] = "a map",		 [CV_NODE] = "a node",
	    [CV_REL] = "a relationship", [CV_PATH] = "a path",
	    [CV_DATE] = "a date",	 [CV_LOCALTIME] = "a local time",
	    [CV_TIME] = "a time",	 [CV_LOCALDATETIME] = "a local datetime",
	    [CV_DATETIME] = "a datetime", [CV_DURATION] = "a duration",
	};

	return (unsigned)kind <= CV_DURATION ? names[kind] : "an unknown value";
}

/* ------------------------------------------------------------ construction */

/* strdup through malloc, so that tests which fail chosen allocations see
 * it (libc's strdup calls its own malloc). */
char *cv_str_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p ? memcpy(p, s, n) : NULL;
}

int cv_string(struct cv *out, const char *s, size_t len)
{
	char *p = malloc(len + 1);

	*out = cv_null();
	if (!p)
		return -1;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	out->kind = CV_STRING;
	out->u.str.s = p;
	out->u.str.len = len;
	return 0;
}

int cv_cstring(struct cv *out, const char *s)
{
	return cv_string(out, s, strlen(s));
}

void cv_list_init(struct cv *out)
{
	*out = cv_null();
	out->kind = CV_LIST;
}

void cv_map_init(struct cv *out)
{
	*out = cv_null();
	out->kind = CV_MAP;
}

/* Grows items by one; the new slot is items[n]. */
static int items_grow(struct cv **items, size_t n)
{
	struct cv *grown;

	/* Doubling at powers of two keeps pushes amortised O(1) without a
	 * capacity field: n is a power of two exactly when the array is
	 * full. */
	if (n && (n & (n - 1)))
		return 0;
	grown = realloc(*items, (n ? 2 * n : 1) * sizeof(**items));
	if (!grown)
		return -1;
	*items = grown;
	return 0;
}

int cv_list_push(struct cv *list, struct cv *item)
{
	if (items_grow(&list->u.list.items, list->u.list.n)) {
		cv_free(item);
		return -1;
	}
	list->u.list.items[list->u.list.n++] = *item;
	*item = cv_null();
	return 0;
}

/* Index of key in map, or where it would go (*found false). */
static size_t map_find(const struct cv_map *map, const char *key, bool *found)
{
	size_t lo = 0, hi = map->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(map->entries[mid].key, key);

		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

int cv_map_set(struct cv_map *map, const char *key, struct cv *val)
{
	bool found;
	size_t i = map_find(map, key, &found);
	struct cv_map_entry *grown;
	char *k;

	if (found) {
		cv_free(&map->entries[i].val);
		map->entries[i].val = *val;
		*val = cv_null();
		return 0;
	}
	k = cv_str_dup(key);
	grown = k ? realloc(map->entries, (map->n + 1) * sizeof(*grown)) : NULL;
	if (!grown) {
		free(k);
		cv_free(val);
		return -1;
	}
	map->entries = grown;
	memmove(&grown[i + 1], &grown[i], (map->n - i) * sizeof(*grown));
	grown[i].key = k;
	grown[i].val = *val;
	map->n++;
	*val = cv_null();
	return 0;
}

const struct cv *cv_map_get(const struct cv_map *map, const char *key)
{
	bool found;
	size_t i = map_find(map, key, &found);

	return found ? &map->entries[i].val : NULL;
}

void cv_node_init(struct cv *out, int64_t id)
{
	*out = cv_null();
	out->kind = CV_NODE;
	out->u.node.id = id;
}

int cv_node_add_label(struct cv *node, const char *label)
{
	struct cv_node *n = &node->u.node;
	char **grown, *l = cv_str_dup(label);

	grown =
	    l ? realloc(n->labels, (n->n_labels + 1) * sizeof(*grown)) : NULL;
	if (!grown) {
		free(l);
		return -1;
	}
	n->labels = grown;
	n->labels[n->n_labels++] = l;
	return 0;
}

int cv_rel_init(struct cv *out, int64_t id, const char *type, int64_t start,
		int64_t end)
{
	*out = cv_null();
	if (!(out->u.rel.type = cv_str_dup(type)))
		return -1;
	out->kind = CV_REL;
	out->u.rel.id = id;
	out->u.rel.start = start;
	out->u.rel.end = end;
	return 0;
}

int cv_path_init(struct cv *out, struct cv *node)
{
	cv_list_init(out);
	if (cv_list_push(out, node))
		return -1;
	out->kind = CV_PATH;
	return 0;
}

int cv_path_append(struct cv *path, struct cv *rel, struct cv *node,
		   struct cv_err *err)
{
	int64_t last = path->u.list.items[path->u.list.n - 1].u.node.id;
	int64_t next = node->u.node.id;
	const struct cv_rel *r = &rel->u.rel;

	if (rel->kind != CV_REL || node->kind != CV_NODE ||
	    !((r->start == last && r->end == next) ||
	      (r->end == last && r->start == next))) {
		cv_free(rel);
		cv_free(node);
		return cv_err_set(err, CV_ERR_ARG,
				  "path: relationship does not link node %lld "
				  "to the next node",
				  (long long)last);
	}
	path->kind = CV_LIST;
	if (cv_list_push(path, rel)) {
		path->kind = CV_PATH;
		cv_free(node);
		return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	}
	if (cv_list_push(path, node)) {
		cv_free(&path->u.list.items[--path->u.list.n]);
		path->kind = CV_PATH;
		return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	}
	path->kind = CV_PATH;
	return 0;
}

/* ------------------------------------------------------------ copy / free */

static void map_free(struct cv_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->entries[i].key);
		cv_free(&m->entries[i].val);
	}
	free(m->entries);
	m->entries = NULL;
	m->n = 0;
}

void cv_free(struct cv *v)
{
	size_t i;

	switch (v->kind) {
	case CV_STRING:
		free(v->u.str.s);
		break;
	case CV_LIST:
	case CV_PATH:
		for (i = 0; i < v->u.list.n; i++)
			cv_free(&v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case CV_MAP:
		map_free(&v->u.map);
		break;
	case CV_NODE:
		for (i = 0; i < v->u.node.n_labels; i++)
			free(v->u.node.labels[i]);
		free(v->u.node.labels);
		map_free(&v->u.node.props);
		break;
	case CV_REL:
		free(v->u.rel.type);
		map_free(&v->u.rel.props);
		break;
	default:
		break;
	}
	*v = cv_null();
}

static int map_copy(struct cv_map *out, const struct cv_map *m)
{
	size_t i;

	out->n = 0;
	out->entries = m->n ? calloc(m->n, sizeof(*out->entries)) : NULL;
	if (m->n && !out->entries)
		return -1;
	for (i = 0; i < m->n; i++) {
		out->entries[i].key = cv_str_dup(m->entries[i].key);
		out->n++;
		if (!out->entries[i].key ||
		    cv_copy(&out->entries[i].val, &m->entries[i].val))
			return -1; /* the caller frees the partial copy */
	}
	return 0;
}

static int node_copy(struct cv *out, const struct cv_node *n)
{
	size_t i;

	cv_node_init(out, n->id);
	for (i = 0; i < n->n_labels; i++)
		if (cv_node_add_label(out, n->labels[i]))
			return -1;
	return map_copy(&out->u.node.props, &n->props);
}

static int copy_deep(struct cv *out, const struct cv *v)
{
	size_t i;

	switch (v->kind) {
	case CV_STRING:
		return cv_string(out, v->u.str.s, v->u.str.len);
	case CV_LIST:
	case CV_PATH:
		cv_list_init(out);
		out->kind = v->kind;
		if (!v->u.list.n)
			return 0;
		out->u.list.items = calloc(v->u.list.n, sizeof(struct cv));
		if (!out->u.list.items)
			return -1;
		for (i = 0; i < v->u.list.n; i++, out->u.list.n++)
			if (cv_copy(&out->u.list.items[i], &v->u.list.items[i]))
				return -1;
		return 0;
	case CV_MAP:
		cv_map_init(out);
		return map_copy(&out->u.map, &v->u.map);
	case CV_NODE:
		return node_copy(out, &v->u.node);
	case CV_REL:
		if (cv_rel_init(out, v->u.rel.id, v->u.rel.type, v->u.rel.start,
				v->u.rel.end))
			return -1;
		return map_copy(&out->u.rel.props, &v->u.rel.props);
	default:
		*out = *v;
		return 0;
	}
}

int cv_copy(struct cv *out, const struct cv *v)
{
	if (copy_deep(out, v)) {
		cv_free(out);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------ equality, order */

static bool is_number(const struct cv *v)
{
	return v->kind == CV_INT || v->kind == CV_FLOAT;
}

/* Exact comparison of an integer and a non-NaN double: converting the
 * integer to double would make 2^53 + 1 equal to 2^53. */
static int cmp_int_float(int64_t i, double f)
{
	double t;
	int64_t ti;

	if (f >= 9223372036854775808.0)
		return -1;
	if (f < -9223372036854775808.0)
		return 1;
	t = trunc(f);
	ti = (int64_t)t;
	if (i != ti)
		return i < ti ? -1 : 1;
	return f > t ? -1 : (f < t ? 1 : 0);
}

/* Numeric order with NaN after everything and equal to itself. */
static int cmp_numbers(const struct cv *a, const struct cv *b)
{
	bool na = a->kind == CV_FLOAT && isnan(a->u.f);
	bool nb = b->kind == CV_FLOAT && isnan(b->u.f);

	if (na || nb)
		return na - nb;
	if (a->kind == CV_INT && b->kind == CV_INT)
		return (a->u.i > b->u.i) - (a->u.i < b->u.i);
	if (a->kind == CV_INT)
		return cmp_int_float(a->u.i, b->u.f);
	if (b->kind == CV_INT)
		return -cmp_int_float(b->u.i, a->u.f);
	return (a->u.f > b->u.f) - (a->u.f < b->u.f);
}

static int cmp_strings(const struct cv *a, const struct cv *b)
{
	size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
	int c = n ? memcmp(a->u.str.s, b->u.str.s, n) : 0;

	/* Byte order of UTF-8 is code point order. */
	if (c)
		return c < 0 ? -1 : 1;
	return (a->u.str.len > b->u.str.len) - (a->u.str.len < b->u.str.len);
}

static int cmp_ids(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* The ascending rank of each kind in ORDER BY (openCypher orderability). */
static int order_rank(enum cv_kind k)
{
	switch (k) {
	case CV_MAP:
		return 0;
	case CV_NODE:
		return 1;
	case CV_REL:
		return 2;
	case CV_LIST:
		return 3;
	case CV_PATH:
		return 4;
	/* Neo4j: zoned datetime < local datetime < date < zoned time <
	 * local time < duration < string */
	case CV_DATETIME:
		return 5;
	case CV_LOCALDATETIME:
		return 6;
	case CV_DATE:
		return 7;
	case CV_TIME:
		return 8;
	case CV_LOCALTIME:
		return 9;
	case CV_DURATION:
		return 10;
	case CV_STRING:
		return 11;
	case CV_BOOL:
		return 12;
	case CV_INT:
	case CV_FLOAT:
		return 13;
	default:
		return 14;
	}
}

static int order_items(const struct cv *a, size_t na, const struct cv *b,
		       size_t nb)
{
	size_t i;
	int c;

	for (i = 0; i < na && i < nb; i++)
		if ((c = cv_order(&a[i], &b[i])))
			return c;
	return (na > nb) - (na < nb);
}

static int order_maps(const struct cv_map *a, const struct cv_map *b)
{
	size_t i;
	int c;

	for (i = 0; i < a->n && i < b->n; i++) {
		if ((c = strcmp(a->entries[i].key, b->entries[i].key)))
			return c < 0 ? -1 : 1;
		if ((c = cv_order(&a->entries[i].val, &b->entries[i].val)))
			return c;
	}
	return (a->n > b->n) - (a->n < b->n);
}

int cv_order(const struct cv *a, const struct cv *b)
{
	int ra = order_rank(a->kind), rb = order_rank(b->kind);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	switch (a->kind) {
	case CV_MAP:
		return order_maps(&a->u.map, &b->u.map);
	case CV_NODE:
		return cmp_ids(a->u.node.id, b->u.node.id);
	case CV_REL:
		return cmp_ids(a->u.rel.id, b->u.rel.id);
	case CV_LIST:
	case CV_PATH:
		return order_items(a->u.list.items, a->u.list.n,
				   b->u.list.items, b->u.list.n);
	case CV_STRING:
		return cmp_strings(a, b);
	case CV_BOOL:
		return (int)a->u.b - (int)b->u.b;
	case CV_INT:
	case CV_FLOAT:
		return cmp_numbers(a, b);
	default:
		return cv_is_temporal(a->kind) ? cv_temporal_order(a, b) : 0;
	}
}

bool cv_equivalent(const struct cv *a, const struct cv *b)
{
	return cv_order(a, b) == 0;
}

/* Combines a list of results under "all must be true": false wins, then
 * null. */
static enum cv_tri tri_and(enum cv_tri acc, enum cv_tri t)
{
	if (acc == CV_FALSE || t == CV_FALSE)
		return CV_FALSE;
	if (acc == CV_UNKNOWN || t == CV_UNKNOWN)
		return CV_UNKNOWN;
	return CV_TRUE;
}

static enum cv_tri equals_items(const struct cv *a, size_t na,
				const struct cv *b, size_t nb)
{
	enum cv_tri acc = CV_TRUE;
	size_t i;

	if (na != nb)
		return CV_FALSE;
	for (i = 0; i < na && acc != CV_FALSE; i++)
		acc = tri_and(acc, cv_equals(&a[i], &b[i]));
	return acc;
}

static enum cv_tri equals_maps(const struct cv_map *a, const struct cv_map *b)
{
	enum cv_tri acc = CV_TRUE;
	size_t i;

	if (a->n != b->n)
		return CV_FALSE;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->entries[i].key, b->entries[i].key))
			return CV_FALSE;
	for (i = 0; i < a->n && acc != CV_FALSE; i++)
		acc = tri_and(
		    acc, cv_equals(&a->entries[i].val, &b->entries[i].val));
	return acc;
}

enum cv_tri cv_equals(const struct cv *a, const struct cv *b)
{
	if (a->kind == CV_NULL || b->kind == CV_NULL)
		return CV_UNKNOWN;
	if (is_number(a) && is_number(b)) {
		if ((a->kind == CV_FLOAT && isnan(a->u.f)) ||
		    (b->kind == CV_FLOAT && isnan(b->u.f)))
			return CV_FALSE;
		return cmp_numbers(a, b) == 0 ? CV_TRUE : CV_FALSE;
	}
	/* A path equals the list of its nodes and relationships. */
	if ((a->kind == CV_PATH && b->kind == CV_LIST) ||
	    (a->kind == CV_LIST && b->kind == CV_PATH))
		return equals_items(a->u.list.items, a->u.list.n,
				    b->u.list.items, b->u.list.n);
	if (a->kind != b->kind)
		return CV_FALSE;
	switch (a->kind) {
	case CV_BOOL:
		return a->u.b == b->u.b ? CV_TRUE : CV_FALSE;
	case CV_STRING:
		return cmp_strings(a, b) == 0 ? CV_TRUE : CV_FALSE;
	case CV_LIST:
	case CV_PATH:
		return equals_items(a->u.list.items, a->u.list.n,
				    b->u.list.items, b->u.list.n);
	case CV_MAP:
		return equals_maps(&a->u.map, &b->u.map);
	case CV_NODE:
		return a->u.node.id == b->u.node.id ? CV_TRUE : CV_FALSE;
	case CV_REL:
		return a->u.rel.id == b->u.rel.id ? CV_TRUE : CV_FALSE;
	default:
		return cv_is_temporal(a->kind) && cv_temporal_equal(a, b)
			   ? CV_TRUE
			   : CV_FALSE;
	}
}

bool cv_is_true(const struct cv *v)
{
	return v->kind == CV_BOOL && v->u.b;
}

/* ---------------------------------------------------------------- hashing */

static uint64_t mix(uint64_t h, uint64_t x)
{
	/* splitmix64 finaliser over the running hash. */
	h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return mix(h, n);
}

/* Equivalent numbers hash alike: an integral float in int64 range hashes
 * as that integer (so 1.0 and -0.0 hash like 1 and 0). */
static uint64_t hash_number(const struct cv *v)
{
	double f = v->u.f;
	uint64_t bits;

	if (v->kind == CV_INT)
		return mix(7, (uint64_t)v->u.i);
	if (isnan(f))
		return mix(7, 0x7ff8000000000000ULL);
	if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 &&
	    trunc(f) == f)
		return mix(7, (uint64_t)(int64_t)f);
	memcpy(&bits, &f, sizeof(bits));
	return mix(7, bits);
}

uint64_t cv_hash(const struct cv *v)
{
	uint64_t h = (uint64_t)order_rank(v->kind) + 1;
	size_t i;

	switch (v->kind) {
	case CV_BOOL:
		return mix(h, v->u.b);
	case CV_INT:
	case CV_FLOAT:
		return hash_number(v);
	case CV_STRING:
		return hash_bytes(h, v->u.str.s, v->u.str.len);
	case CV_LIST:
	case CV_PATH:
		for (i = 0; i < v->u.list.n; i++)
			h = mix(h, cv_hash(&v->u.list.items[i]));
		return mix(h, v->u.list.n);
	case CV_MAP:
		for (i = 0; i < v->u.map.n; i++) {
			const char *k = v->u.map.entries[i].key;

			h = hash_bytes(h, k, strlen(k));
			h = mix(h, cv_hash(&v->u.map.entries[i].val));
		}
		return h;
	case CV_NODE:
		return mix(h, (uint64_t)v->u.node.id);
	case CV_REL:
		return mix(h, (uint64_t)v->u.rel.id);
	default:
		return mix(h, cv_is_temporal(v->kind) ? cv_temporal_hash(v) : 0);
	}
}

/* ------------------------------------------------------------------- sets */

/* Open addressing with linear probing; grows at 1/2 load. */
static int set_grow(struct cv_set *set)
{
	size_t cap = set->cap ? 2 * set->cap : 16, i, j;
	struct cv *slots = calloc(cap, sizeof(*slots));
	bool *used = calloc(cap, sizeof(*used));

	if (!slots || !used) {
		free(slots);
		free(used);
		return -1;
	}
	for (i = 0; i < set->cap; i++) {
		if (!set->used[i])
			continue;
		j = cv_hash(&set->slots[i]) & (cap - 1);
		while (used[j])
			j = (j + 1) & (cap - 1);
		slots[j] = set->slots[i];
		used[j] = true;
	}
	free(set->slots);
	free(set->used);
	set->slots = slots;
	set->used = used;
	set->cap = cap;
	return 0;
}

int cv_set_add(struct cv_set *set, const struct cv *v, bool *added)
{
	size_t j;

	*added = false;
	if (2 * (set->n + 1) > set->cap && set_grow(set))
		return -1;
	j = cv_hash(v) & (set->cap - 1);
	while (set->used[j]) {
		if (cv_equivalent(&set->slots[j], v))
			return 0;
		j = (j + 1) & (set->cap - 1);
	}
	if (cv_copy(&set->slots[j], v))
		return -1;
	set->used[j] = true;
	set->n++;
	*added = true;
	return 0;
}

void cv_set_free(struct cv_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		if (set->used[i])
			cv_free(&set->slots[i]);
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}

/* -------------------------------------------------------------- operators */

static const char *op_name(enum cypher_op op)
{
	static const char *const names[] = {
	    [CYPHER_OP_NOT] = "NOT",
	    [CYPHER_OP_NEG] = "-",
	    [CYPHER_OP_POS] = "+",
	    [CYPHER_OP_OR] = "OR",
	    [CYPHER_OP_XOR] = "XOR",
	    [CYPHER_OP_AND] = "AND",
	    [CYPHER_OP_EQ] = "=",
	    [CYPHER_OP_NE] = "<>",
	    [CYPHER_OP_LT] = "<",
	    [CYPHER_OP_LE] = "<=",
	    [CYPHER_OP_GT] = ">",
	    [CYPHER_OP_GE] = ">=",
	    [CYPHER_OP_IN] = "IN",
	    [CYPHER_OP_STARTS_WITH] = "STARTS WITH",
	    [CYPHER_OP_ENDS_WITH] = "ENDS WITH",
	    [CYPHER_OP_CONTAINS] = "CONTAINS",
	    [CYPHER_OP_ADD] = "+",
	    [CYPHER_OP_SUB] = "-",
	    [CYPHER_OP_MUL] = "*",
	    [CYPHER_OP_DIV] = "/",
	    [CYPHER_OP_MOD] = "%",
	    [CYPHER_OP_POW] = "^",
	};

	return (unsigned)op <= CYPHER_OP_POW ? names[op] : "?";
}

static int type_error2(struct cv_err *err, enum cypher_op op,
		       const struct cv *a, const struct cv *b)
{
	return cv_err_set(err, CV_ERR_TYPE, "cannot apply '%s' to %s and %s",
			  op_name(op), cv_kind_name(a->kind),
			  cv_kind_name(b->kind));
}

int cv_nomem(struct cv_err *err)
{
	return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
}

static int overflow(struct cv_err *err, enum cypher_op op)
{
	return cv_err_set(err, CV_ERR_OVERFLOW, "integer overflow in '%s'",
			  op_name(op));
}

static double as_double(const struct cv *v)
{
	return v->kind == CV_INT ? (double)v->u.i : v->u.f;
}

static struct cv tri_value(enum cv_tri t)
{
	return t == CV_UNKNOWN ? cv_null() : cv_bool(t == CV_TRUE);
}

int cv_unary(enum cypher_op op, const struct cv *a, struct cv *out,
	     struct cv_err *err)
{
	*out = cv_null();
	if (a->kind == CV_NULL)
		return 0;
	if (op == CYPHER_OP_NOT && a->kind == CV_BOOL) {
		*out = cv_bool(!a->u.b);
		return 0;
	}
	if (op == CYPHER_OP_POS && is_number(a)) {
		*out = *a;
		return 0;
	}
	if (op == CYPHER_OP_NEG && a->kind == CV_FLOAT) {
		*out = cv_float(-a->u.f);
		return 0;
	}
	if (op == CYPHER_OP_NEG && a->kind == CV_DURATION)
		return cv_duration_negate(a, out, err);
	if (op == CYPHER_OP_NEG && a->kind == CV_INT) {
		if (a->u.i == INT64_MIN)
			return overflow(err, op);
		*out = cv_int(-a->u.i);
		return 0;
	}
	return cv_err_set(err, CV_ERR_TYPE, "cannot apply '%s' to %s",
			  op_name(op), cv_kind_name(a->kind));
}

/* AND, OR, XOR: Cypher's three-valued logic (false AND null is false,
 * true OR null is true, anything XOR null is null). */
static int logic(enum cypher_op op, const struct cv *a, const struct cv *b,
		 struct cv *out, struct cv_err *err)
{
	bool na = a->kind == CV_NULL, nb = b->kind == CV_NULL;

	if ((!na && a->kind != CV_BOOL) || (!nb && b->kind != CV_BOOL))
		return type_error2(err, op, a, b);
	if (op == CYPHER_OP_AND) {
		if ((!na && !a->u.b) || (!nb && !b->u.b))
			*out = cv_bool(false);
		else
			*out = na || nb ? cv_null() : cv_bool(true);
	} else if (op == CYPHER_OP_OR) {
		if ((!na && a->u.b) || (!nb && b->u.b))
			*out = cv_bool(true);
		else
			*out = na || nb ? cv_null() : cv_bool(false);
	} else {
		*out = na || nb ? cv_null() : cv_bool(a->u.b != b->u.b);
	}
	return 0;
}

/* The comparison of two values for < <= > >=: 0 and *c, or 1 when the
 * answer is null (different kinds, or a null inside lists), or 2 when it
 * is false whatever the operator (NaN). */
static int compare(const struct cv *a, const struct cv *b, int *c)
{
	size_t i;
	int r;

	if (is_number(a) && is_number(b)) {
		if ((a->kind == CV_FLOAT && isnan(a->u.f)) ||
		    (b->kind == CV_FLOAT && isnan(b->u.f)))
			return 2;
		*c = cmp_numbers(a, b);
		return 0;
	}
	if (a->kind != b->kind)
		return 1;
	switch (a->kind) {
	case CV_STRING:
		*c = cmp_strings(a, b);
		return 0;
	case CV_BOOL:
		*c = (int)a->u.b - (int)b->u.b;
		return 0;
	case CV_DATE:
	case CV_LOCALTIME:
	case CV_TIME:
	case CV_LOCALDATETIME:
	case CV_DATETIME:
	case CV_DURATION:
		return cv_temporal_compare(a, b, c) < 0 ? 1 : 0;
	case CV_LIST:
		for (i = 0; i < a->u.list.n && i < b->u.list.n; i++) {
			r = compare(&a->u.list.items[i], &b->u.list.items[i],
				    c);
			if (r || *c)
				return r;
		}
		*c = (a->u.list.n > b->u.list.n) - (a->u.list.n < b->u.list.n);
		return 0;
	default:
		return 1;
	}
}

static int relational(enum cypher_op op, const struct cv *a, const struct cv *b,
		      struct cv *out)
{
	int c = 0, r = compare(a, b, &c);

	if (r == 1) {
		*out = cv_null();
		return 0;
	}
	if (r == 2) {
		*out = cv_bool(false);
		return 0;
	}
	switch (op) {
	case CYPHER_OP_LT:
		*out = cv_bool(c < 0);
		break;
	case CYPHER_OP_LE:
		*out = cv_bool(c <= 0);
		break;
	case CYPHER_OP_GT:
		*out = cv_bool(c > 0);
		break;
	default:
		*out = cv_bool(c >= 0);
		break;
	}
	return 0;
}

/* x IN list: true if some element equals x; otherwise null if some
 * comparison was null; otherwise false. */
static int in_list(const struct cv *a, const struct cv *b, struct cv *out,
		   struct cv_err *err)
{
	bool unknown = false;
	size_t i;

	if (b->kind == CV_NULL)
		return 0;
	if (b->kind != CV_LIST)
		return type_error2(err, CYPHER_OP_IN, a, b);
	for (i = 0; i < b->u.list.n; i++) {
		enum cv_tri t = cv_equals(a, &b->u.list.items[i]);

		if (t == CV_TRUE) {
			*out = cv_bool(true);
			return 0;
		}
		unknown |= t == CV_UNKNOWN;
	}
	*out = unknown ? cv_null() : cv_bool(false);
	return 0;
}

static bool str_has(const struct cv *a, const struct cv *b, enum cypher_op op)
{
	size_t n = a->u.str.len, m = b->u.str.len, i;

	if (m > n)
		return false;
	if (op == CYPHER_OP_STARTS_WITH)
		return !memcmp(a->u.str.s, b->u.str.s, m);
	if (op == CYPHER_OP_ENDS_WITH)
		return !memcmp(a->u.str.s + n - m, b->u.str.s, m);
	for (i = 0; i + m <= n; i++)
		if (!memcmp(a->u.str.s + i, b->u.str.s, m))
			return true;
	return false;
}

static int concat_strings(const char *a, size_t na, const char *b, size_t nb,
			  struct cv *out, struct cv_err *err)
{
	char *s = malloc(na + nb + 1);

	if (!s)
		return cv_nomem(err);
	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	s[na + nb] = '\0';
	out->kind = CV_STRING;
	out->u.str.s = s;
	out->u.str.len = na + nb;
	return 0;
}

/* A number as toString() writes it, for string + number. */
void cv_number_text(const struct cv *v, char buf[32])
{
	if (v->kind == CV_INT)
		snprintf(buf, 32, "%lld", (long long)v->u.i);
	else
		cv_float_text(v->u.f, buf);
}

/* Pushes copies of items onto list. */
static int push_copies(struct cv *list, const struct cv *items, size_t n)
{
	struct cv c;
	size_t i;

	for (i = 0; i < n; i++)
		if (cv_copy(&c, &items[i]) || cv_list_push(list, &c))
			return -1;
	return 0;
}

/* list + list concatenates; list + x appends; x + list prepends. */
static int add_lists(const struct cv *a, const struct cv *b, struct cv *out,
		     struct cv_err *err)
{
	cv_list_init(out);
	if (a->kind == CV_LIST ? push_copies(out, a->u.list.items, a->u.list.n)
			       : push_copies(out, a, 1))
		goto err;
	if (b->kind == CV_LIST ? push_copies(out, b->u.list.items, b->u.list.n)
			       : push_copies(out, b, 1))
		goto err;
	return 0;
err:
	cv_free(out);
	return cv_nomem(err);
}

static int add(const struct cv *a, const struct cv *b, struct cv *out,
	       struct cv_err *err)
{
	char buf[32];

	if (a->kind == CV_LIST || b->kind == CV_LIST)
		return add_lists(a, b, out, err);
	if (a->kind == CV_STRING && b->kind == CV_STRING)
		return concat_strings(a->u.str.s, a->u.str.len, b->u.str.s,
				      b->u.str.len, out, err);
	/* Neo4j concatenates a string and a number with the number's
	 * toString(). */
	if (a->kind == CV_STRING && is_number(b)) {
		cv_number_text(b, buf);
		return concat_strings(a->u.str.s, a->u.str.len, buf,
				      strlen(buf), out, err);
	}
	if (is_number(a) && b->kind == CV_STRING) {
		cv_number_text(a, buf);
		return concat_strings(buf, strlen(buf), b->u.str.s,
				      b->u.str.len, out, err);
	}
	return type_error2(err, CYPHER_OP_ADD, a, b);
}

static int int_arith(enum cypher_op op, int64_t x, int64_t y, struct cv *out,
		     struct cv_err *err)
{
	int64_t r = 0;
	bool ovf = false;

	switch (op) {
	case CYPHER_OP_ADD:
		ovf = __builtin_add_overflow(x, y, &r);
		break;
	case CYPHER_OP_SUB:
		ovf = __builtin_sub_overflow(x, y, &r);
		break;
	case CYPHER_OP_MUL:
		ovf = __builtin_mul_overflow(x, y, &r);
		break;
	case CYPHER_OP_DIV:
	case CYPHER_OP_MOD:
		if (y == 0)
			return cv_err_set(err, CV_ERR_DIV_ZERO, "/ by zero");
		/* INT64_MIN / -1 does not fit; INT64_MIN % -1 is 0 but
		 * traps on x86, so neither reaches the hardware. */
		if (y == -1) {
			ovf = op == CYPHER_OP_DIV && x == INT64_MIN;
			r = op == CYPHER_OP_DIV && !ovf ? -x : 0;
		} else {
			r = op == CYPHER_OP_DIV ? x / y : x % y;
		}
		break;
	default:
		break;
	}
	if (ovf)
		return overflow(err, op);
	*out = cv_int(r);
	return 0;
}

/* - * / % ^ and numeric +: integers stay integers (^ always gives a
 * float); any float makes the result a float with IEEE semantics, so
 * 1 / 0.0 is Infinity and 0.0 / 0.0 is NaN. */
static int arith(enum cypher_op op, const struct cv *a, const struct cv *b,
		 struct cv *out, struct cv_err *err)
{
	double x, y;
	int rc;

	if ((cv_is_temporal(a->kind) || cv_is_temporal(b->kind)) &&
	    cv_temporal_binary(op, a, b, out, err, &rc))
		return rc;
	if (!is_number(a) || !is_number(b)) {
		if (op == CYPHER_OP_ADD)
			return add(a, b, out, err);
		return type_error2(err, op, a, b);
	}
	if (op != CYPHER_OP_POW && a->kind == CV_INT && b->kind == CV_INT)
		return int_arith(op, a->u.i, b->u.i, out, err);
	x = as_double(a);
	y = as_double(b);
	switch (op) {
	case CYPHER_OP_ADD:
		*out = cv_float(x + y);
		break;
	case CYPHER_OP_SUB:
		*out = cv_float(x - y);
		break;
	case CYPHER_OP_MUL:
		*out = cv_float(x * y);
		break;
	case CYPHER_OP_DIV:
		*out = cv_float(x / y);
		break;
	case CYPHER_OP_MOD:
		*out = cv_float(fmod(x, y));
		break;
	default:
		*out = cv_float(pow(x, y));
		break;
	}
	return 0;
}

int cv_binary(enum cypher_op op, const struct cv *a, const struct cv *b,
	      struct cv *out, struct cv_err *err)
{
	*out = cv_null();
	switch (op) {
	case CYPHER_OP_AND:
	case CYPHER_OP_OR:
	case CYPHER_OP_XOR:
		return logic(op, a, b, out, err);
	case CYPHER_OP_EQ:
		*out = tri_value(cv_equals(a, b));
		return 0;
	case CYPHER_OP_NE: {
		enum cv_tri t = cv_equals(a, b);

		*out = t == CV_UNKNOWN ? cv_null() : cv_bool(t == CV_FALSE);
		return 0;
	}
	case CYPHER_OP_IN:
		return in_list(a, b, out, err);
	default:
		break;
	}
	if (a->kind == CV_NULL || b->kind == CV_NULL)
		return 0;
	switch (op) {
	case CYPHER_OP_LT:
	case CYPHER_OP_LE:
	case CYPHER_OP_GT:
	case CYPHER_OP_GE:
		return relational(op, a, b, out);
	case CYPHER_OP_STARTS_WITH:
	case CYPHER_OP_ENDS_WITH:
	case CYPHER_OP_CONTAINS:
		if (a->kind == CV_STRING && b->kind == CV_STRING)
			*out = cv_bool(str_has(a, b, op));
		return 0;
	case CYPHER_OP_ADD:
	case CYPHER_OP_SUB:
	case CYPHER_OP_MUL:
	case CYPHER_OP_DIV:
	case CYPHER_OP_MOD:
	case CYPHER_OP_POW:
		return arith(op, a, b, out, err);
	default:
		return cv_err_set(err, CV_ERR_TYPE,
				  "'%s' is not a binary operator", op_name(op));
	}
}

/* ------------------------------------------------------- index and slice */

static const struct cv_map *props_of(const struct cv *obj)
{
	switch (obj->kind) {
	case CV_MAP:
		return &obj->u.map;
	case CV_NODE:
		return &obj->u.node.props;
	case CV_REL:
		return &obj->u.rel.props;
	default:
		return NULL;
	}
}

int cv_property(const struct cv *obj, const char *key, struct cv *out,
		struct cv_err *err)
{
	const struct cv_map *m = props_of(obj);
	const struct cv *v;

	*out = cv_null();
	if (obj->kind == CV_NULL)
		return 0;
	if (cv_is_temporal(obj->kind))
		return cv_temporal_property(obj, key, out, err);
	if (!m)
		return cv_err_set(err, CV_ERR_TYPE,
				  "cannot read property '%s' of %s", key,
				  cv_kind_name(obj->kind));
	if (!(v = cv_map_get(m, key)))
		return 0;
	return cv_copy(out, v) ? cv_nomem(err) : 0;
}

int cv_index(const struct cv *obj, const struct cv *idx, struct cv *out,
	     struct cv_err *err)
{
	int64_t i, n;

	*out = cv_null();
	if (obj->kind == CV_NULL || idx->kind == CV_NULL)
		return 0;
	if (obj->kind == CV_LIST && idx->kind == CV_INT) {
		n = (int64_t)obj->u.list.n;
		i = idx->u.i < 0 ? idx->u.i + n : idx->u.i;
		if (idx->u.i < -n || i >= n)
			return 0;
		return cv_copy(out, &obj->u.list.items[i]) ? cv_nomem(err) : 0;
	}
	if (props_of(obj) && idx->kind == CV_STRING)
		return cv_property(obj, idx->u.str.s, out, err);
	return cv_err_set(err, CV_ERR_TYPE, "cannot index %s with %s",
			  cv_kind_name(obj->kind), cv_kind_name(idx->kind));
}

/* A slice bound: negative counts from the end; clamped to [0, n]. */
static int64_t slice_bound(int64_t b, int64_t n)
{
	if (b < 0)
		b = b < -n ? 0 : b + n;
	return b > n ? n : b;
}

int cv_slice(const struct cv *obj, const struct cv *from, const struct cv *to,
	     struct cv *out, struct cv_err *err)
{
	int64_t n, lo, hi;

	*out = cv_null();
	if (obj->kind == CV_NULL || (from && from->kind == CV_NULL) ||
	    (to && to->kind == CV_NULL))
		return 0;
	if (obj->kind != CV_LIST)
		return cv_err_set(err, CV_ERR_TYPE, "cannot slice %s",
				  cv_kind_name(obj->kind));
	if ((from && from->kind != CV_INT) || (to && to->kind != CV_INT))
		return cv_err_set(err, CV_ERR_TYPE,
				  "list slice bounds must be integers, not %s",
				  cv_kind_name(from && from->kind != CV_INT
						   ? from->kind
						   : to->kind));
	n = (int64_t)obj->u.list.n;
	lo = from ? slice_bound(from->u.i, n) : 0;
	hi = to ? slice_bound(to->u.i, n) : n;
	cv_list_init(out);
	if (lo < hi &&
	    push_copies(out, obj->u.list.items + lo, (size_t)(hi - lo))) {
		cv_free(out);
		return cv_nomem(err);
	}
	return 0;
}
