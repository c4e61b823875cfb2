/* schema.c: property indexes and unique constraints of the graph store. */
#include "store/schema.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store/bytes.h"
#include "store/crc32.h"

#define CAT_VERSION 1

enum value_tag {
	TAG_END = 0x00, /* end of a list */
	TAG_NULL = 0x01,
	TAG_BOOL = 0x10,
	TAG_INT = 0x20,
	TAG_FLOAT = 0x21,
	TAG_STRING = 0x30,
	TAG_LIST = 0x40,
	TAG_TEMPORAL = 0x50, /* kind, four fields, zone name, 0x00 */
};

/* ------------------------------------------------------------ helpers */

static DB *sdb(struct store_graph *g)
{
	return store_graph_db(g, STORE_GRAPH_DB_SCHEMA);
}

static DB *pdb(struct store_graph *g)
{
	return store_graph_db(g, STORE_GRAPH_DB_PIDX);
}

static int db_put(DB *db, DB_TXN *txn, const void *k, size_t klen,
		  const void *v, size_t vlen)
{
	DBT key, val;

	store_dbt_set(&key, k, klen);
	store_dbt_set(&val, v, vlen);
	return db->put(db, txn, &key, &val, 0);
}

static int db_del(DB *db, DB_TXN *txn, const void *k, size_t klen)
{
	DBT key;

	store_dbt_set(&key, k, klen);
	return db->del(db, txn, &key, 0);
}

/* 0 when the key is there, DB_NOTFOUND when not, else a storage failure. */
static int db_has(DB *db, DB_TXN *txn, const void *k, size_t klen)
{
	DBT key, val;

	store_dbt_set(&key, k, klen);
	memset(&val, 0, sizeof(val));
	/* Presence only: read no bytes (DB_THREAD wants a memory flag). */
	val.flags = DB_DBT_PARTIAL | DB_DBT_USERMEM;
	return db->get(db, txn, &key, &val, 0);
}


static bool has_label(const Graphd__Node *n, const char *label)
{
	size_t i;

	for (i = 0; i < n->n_labels; i++)
		if (n->labels[i] && !strcmp(n->labels[i], label))
			return true;
	return false;
}

static bool value_is_null(const Graphd__Value *v)
{
	return !v || v->kind_case == GRAPHD__VALUE__KIND__NOT_SET;
}

/* The non-null value of key on n, or NULL. */
static const Graphd__Value *node_prop(const Graphd__Node *n, const char *key)
{
	size_t i;

	for (i = 0; i < n->n_props; i++)
		if (n->props[i] && n->props[i]->key &&
		    !strcmp(n->props[i]->key, key))
			return value_is_null(n->props[i]->value)
				   ? NULL
				   : n->props[i]->value;
	return NULL;
}

/* ------------------------------------------------------------ value keys */

/* A key under construction; over: it would exceed SCHEMA_KEY_MAX (or a
 * list nests too deep), and the bytes are not to be used. */
struct kbuf {
	uint8_t b[SCHEMA_KEY_MAX];
	size_t len;
	bool over;
};

static void kb_put(struct kbuf *k, const void *p, size_t n)
{
	if (k->over || n > SCHEMA_KEY_MAX - k->len) {
		k->over = true;
		return;
	}
	memcpy(k->b + k->len, p, n);
	k->len += n;
}

static void kb_byte(struct kbuf *k, uint8_t c)
{
	kb_put(k, &c, 1);
}

static void kb_u64(struct kbuf *k, uint64_t v)
{
	uint8_t b[8];

	store_put_be64(b, v);
	kb_put(k, b, 8);
}

/* label NUL prop NUL: the prefix of one index's entries. */
static void kb_prefix(struct kbuf *k, const char *label, const char *prop)
{
	k->len = 0;
	k->over = false;
	kb_put(k, label, strlen(label) + 1);
	kb_put(k, prop, strlen(prop) + 1);
}

/* d as an int64 when it is an integer in [-2^63, 2^63) (NaN is not). */
static bool float_as_int(double d, int64_t *i)
{
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
		return false;
	*i = (int64_t)d; /* truncates; in range, so defined */
	return (double)*i == d;
}

static void enc_int(struct kbuf *k, int64_t i)
{
	kb_byte(k, TAG_INT);
	kb_u64(k, (uint64_t)i ^ 0x8000000000000000ULL);
}

static void enc_float(struct kbuf *k, double d)
{
	uint64_t bits;
	int64_t i;

	if (float_as_int(d, &i)) {
		enc_int(k, i); /* Cypher: 1 = 1.0 */
		return;
	}
	memcpy(&bits, &d, 8);
	if (d != d)
		bits = 0x7ff8000000000000ULL; /* one NaN */
	bits =
	    bits & 0x8000000000000000ULL ? ~bits : bits | 0x8000000000000000ULL;
	kb_byte(k, TAG_FLOAT);
	kb_u64(k, bits);
}

/* C strings hold no NUL byte (protobuf-c packs them with strlen), so the
 * 0x00 that ends one keeps the encoding prefix-free. */
static void enc_string(struct kbuf *k, const char *s)
{
	kb_byte(k, TAG_STRING);
	if (s)
		kb_put(k, s, strlen(s));
	kb_byte(k, 0x00);
}

/* Temporal values are equal when all their fields are (as Cypher's =
 * on them): the fields and the zone name, in a fixed layout. */
static void enc_temporal(struct kbuf *k, const Graphd__Temporal *t)
{
	kb_byte(k, TAG_TEMPORAL);
	kb_byte(k, (uint8_t)t->kind);
	kb_u64(k, (uint64_t)t->a ^ 0x8000000000000000ULL);
	kb_u64(k, (uint64_t)t->b ^ 0x8000000000000000ULL);
	kb_u64(k, (uint64_t)t->c ^ 0x8000000000000000ULL);
	kb_u64(k, (uint64_t)t->d ^ 0x8000000000000000ULL);
	if (t->zone)
		kb_put(k, t->zone, strlen(t->zone));
	kb_byte(k, 0x00);
}

static void enc_value(struct kbuf *k, const Graphd__Value *v, int depth)
{
	size_t i;

	if (value_is_null(v)) {
		kb_byte(k, TAG_NULL);
		return;
	}
	switch (v->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		kb_byte(k, TAG_BOOL);
		kb_byte(k, v->bool_value ? 1 : 0);
		break;
	case GRAPHD__VALUE__KIND_INT_VALUE:
		enc_int(k, v->int_value);
		break;
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		enc_float(k, v->float_value);
		break;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		enc_string(k, v->string_value);
		break;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		if (depth >= SCHEMA_DEPTH_MAX) {
			k->over = true;
			break;
		}
		kb_byte(k, TAG_LIST);
		for (i = 0; v->list_value && i < v->list_value->n_items; i++)
			enc_value(k, v->list_value->items[i], depth + 1);
		kb_byte(k, TAG_END);
		break;
	case GRAPHD__VALUE__KIND_TEMPORAL_VALUE:
		enc_temporal(k, v->temporal_value);
		break;
	default:
		kb_byte(k, TAG_NULL);
		break;
	}
}

/* Cypher: NaN equals nothing, also inside a list. */
static bool has_nan(const Graphd__Value *v, int depth)
{
	size_t i;

	if (value_is_null(v) || depth > SCHEMA_DEPTH_MAX)
		return false;
	if (v->kind_case == GRAPHD__VALUE__KIND_FLOAT_VALUE)
		return v->float_value != v->float_value;
	if (v->kind_case != GRAPHD__VALUE__KIND_LIST_VALUE || !v->list_value)
		return false;
	for (i = 0; i < v->list_value->n_items; i++)
		if (has_nan(v->list_value->items[i], depth + 1))
			return true;
	return false;
}

/* ------------------------------------------------------------ messages */

/* A bounded string being appended to (truncated at cap - 1). */
struct fbuf {
	char *p;
	size_t cap, len;
};

static void fb_printf(struct fbuf *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fb_printf(struct fbuf *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (f->len + 1 >= f->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(f->p + f->len, f->cap - f->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		f->len += (size_t)n < f->cap - f->len ? (size_t)n
						      : f->cap - f->len - 1;
}

/* A string as a Cypher literal, at most 60 bytes of it. */
static void fmt_string(struct fbuf *f, const char *s)
{
	size_t i;

	fb_printf(f, "\"");
	for (i = 0; s && s[i] && i < 60; i++) {
		if ((unsigned char)s[i] < 0x20) /* keep log lines one line */
			fb_printf(f, "\\u%04x", (unsigned)s[i]);
		else
			fb_printf(f,
				  s[i] == '"' || s[i] == '\\' ? "\\%c" : "%c",
				  s[i]);
	}
	fb_printf(f, s && s[i] ? "...\"" : "\"");
}

static void fmt_float(struct fbuf *f, double d)
{
	char num[40];

	snprintf(num, sizeof(num), "%.17g", d);
	fb_printf(f, "%s%s", num, strpbrk(num, ".eEna") ? "" : ".0");
}

/* v as a Cypher literal, for error messages. */
static void fmt_value(struct fbuf *f, const Graphd__Value *v, int depth)
{
	size_t i;

	if (value_is_null(v) || depth > SCHEMA_DEPTH_MAX) {
		fb_printf(f, value_is_null(v) ? "null" : "[...]");
		return;
	}
	switch (v->kind_case) {
	case GRAPHD__VALUE__KIND_BOOL_VALUE:
		fb_printf(f, v->bool_value ? "true" : "false");
		break;
	case GRAPHD__VALUE__KIND_INT_VALUE:
		fb_printf(f, "%lld", (long long)v->int_value);
		break;
	case GRAPHD__VALUE__KIND_FLOAT_VALUE:
		fmt_float(f, v->float_value);
		break;
	case GRAPHD__VALUE__KIND_STRING_VALUE:
		fmt_string(f, v->string_value);
		break;
	case GRAPHD__VALUE__KIND_LIST_VALUE:
		fb_printf(f, "[");
		for (i = 0; v->list_value && i < v->list_value->n_items; i++) {
			fb_printf(f, i ? ", " : "");
			fmt_value(f, v->list_value->items[i], depth + 1);
		}
		fb_printf(f, "]");
		break;
	default:
		fb_printf(f, "null");
		break;
	}
}

/* ------------------------------------------------------------ catalog */

struct cat_entry {
	char *name, *label, *prop;
	bool unique;
};

/* The whole catalog in name order (it is small: a few dozen entries). */
struct catalog {
	struct cat_entry *e;
	size_t n;
};

static void cat_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->e[i].name);
		free(c->e[i].label);
		free(c->e[i].prop);
	}
	free(c->e);
	c->e = NULL;
	c->n = 0;
}

/* Decodes one catalog record into e (malloc'd strings); EBADMSG when it is
 * malformed, ENOMEM. */
static int cat_decode(const DBT *k, const DBT *v, struct cat_entry *e)
{
	const char *p = v->data, *label, *prop;
	size_t llen, plen;

	memset(e, 0, sizeof(*e));
	if (k->size == 0 || k->size > SCHEMA_NAME_MAX ||
	    memchr(k->data, 0, k->size) || v->size < 4 || p[0] != CAT_VERSION ||
	    (p[1] != 0 && p[1] != 1))
		return EBADMSG;
	label = p + 2;
	llen = strnlen(label, v->size - 2);
	prop = label + llen + 1;
	if (llen == 0 || 2 + llen + 1 >= v->size)
		return EBADMSG;
	plen = strnlen(prop, v->size - 2 - llen - 1);
	if (plen == 0 || 2 + llen + 1 + plen + 1 != v->size)
		return EBADMSG;
	e->unique = p[1] == 1;
	e->name = strndup(k->data, k->size);
	e->label = strdup(label);
	e->prop = strdup(prop);
	if (e->name && e->label && e->prop)
		return 0;
	free(e->name);
	free(e->label);
	free(e->prop);
	return ENOMEM;
}

struct cat_load {
	struct catalog *cat;
	int ret;
};

static bool cat_load_one(void *ctx, const DBT *k, const DBT *v)
{
	struct cat_load *l = ctx;
	struct cat_entry *e;

	e = realloc(l->cat->e, (l->cat->n + 1) * sizeof(*e));
	if (!e) {
		l->ret = ENOMEM;
		return false;
	}
	l->cat->e = e;
	if ((l->ret = cat_decode(k, v, &e[l->cat->n])) != 0)
		return false;
	l->cat->n++;
	return true;
}

/* Reads the whole catalog; on failure *cat is empty. */
static int cat_load(struct store_graph *g, DB_TXN *txn, struct catalog *cat)
{
	struct cat_load l = {.cat = cat};
	int ret;

	cat->e = NULL;
	cat->n = 0;
	ret = store_graph_scan(g, STORE_GRAPH_DB_SCHEMA, txn, NULL, 0, cat_load_one, &l);
	if (!ret)
		ret = l.ret;
	if (ret)
		cat_free(cat);
	return ret;
}

static const struct cat_entry *cat_find_name(const struct catalog *c,
					     const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->e[i].name, name))
			return &c->e[i];
	return NULL;
}

static const struct cat_entry *cat_find_def(const struct catalog *c,
					    const char *label, const char *prop)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->e[i].label, label) &&
		    !strcmp(c->e[i].prop, prop))
			return &c->e[i];
	return NULL;
}

static int cat_put(struct store_graph *g, DB_TXN *txn,
		   const struct cat_entry *e)
{
	uint8_t v[2 * SCHEMA_NAME_MAX + 4];
	size_t llen = strlen(e->label), plen = strlen(e->prop);

	v[0] = CAT_VERSION;
	v[1] = e->unique ? 1 : 0;
	memcpy(v + 2, e->label, llen + 1);
	memcpy(v + 2 + llen + 1, e->prop, plen + 1);
	return db_put(sdb(g), txn, e->name, strlen(e->name), v,
		      2 + llen + 1 + plen + 1);
}

static const char *kind_name(bool unique)
{
	return unique ? "constraint" : "index";
}

/* ------------------------------------------------------------ entries */

/* The full pidx key of node n in index e (prefix, value, node id) into k:
 * 1, or 0 when n is NULL or has no entry there (lacks the label, or the
 * property is null), or SCHEMA_E_TOOBIG. */
static int entry_key(struct kbuf *k, const struct cat_entry *e,
		     const Graphd__Node *n)
{
	const Graphd__Value *v;

	if (!n || !has_label(n, e->label) || !(v = node_prop(n, e->prop)))
		return 0;
	kb_prefix(k, e->label, e->prop);
	enc_value(k, v, 0);
	kb_u64(k, n->id);
	return k->over ? SCHEMA_E_TOOBIG : 1;
}

struct other {
	size_t plen;
	uint64_t self, other; /* other: 0 when none */
	int bad;
};

static bool other_one(void *ctx, const DBT *k, const DBT *v)
{
	struct other *o = ctx;
	uint64_t id;

	(void)v;
	if (k->size != o->plen + 8) {
		o->bad = EBADMSG; /* prefix-free values: cannot happen */
		return false;
	}
	id = store_get_be64((const uint8_t *)k->data + o->plen);
	if (id == o->self)
		return true;
	o->other = id;
	return false;
}

/* A node other than self with the entry prefix+value key[0..len - 8), in
 * *other (0 when none): the rule of a unique constraint. */
static int unique_other(struct store_graph *g, DB_TXN *txn,
			const struct kbuf *key, uint64_t self, uint64_t *other)
{
	struct other o = {.plen = key->len - 8, .self = self};
	int ret = store_graph_scan(g, STORE_GRAPH_DB_PIDX, txn, key->b, o.plen, other_one, &o);

	*other = o.other;
	return ret ? ret : o.bad;
}

static void unique_msg(char *err, size_t errlen, const struct cat_entry *e,
		       const Graphd__Node *n, uint64_t other, bool creating)
{
	struct fbuf f = {.p = err, .cap = errlen};

	if (creating)
		fb_printf(&f,
			  "cannot create constraint %s: nodes %llu and %llu "
			  "both have %s.%s = ",
			  e->name, (unsigned long long)other,
			  (unsigned long long)n->id, e->label, e->prop);
	else
		fb_printf(&f, "node %llu would have %s.%s = ",
			  (unsigned long long)n->id, e->label, e->prop);
	fmt_value(&f, node_prop(n, e->prop), 0);
	if (!creating)
		fb_printf(&f,
			  " which node %llu already has (unique "
			  "constraint %s)",
			  (unsigned long long)other, e->name);
}

static void toobig_msg(char *err, size_t errlen, const struct cat_entry *e,
		       const Graphd__Node *n)
{
	snprintf(err, errlen,
		 "node %llu: the value of %s.%s is too large for %s %s "
		 "(index keys hold at most %d bytes, lists nest at most %d "
		 "deep)",
		 (unsigned long long)n->id, e->label, e->prop,
		 kind_name(e->unique), e->name, SCHEMA_KEY_MAX,
		 SCHEMA_DEPTH_MAX);
}

/* Adds node n's entry to index e, checking e's unique rule first; 0 also
 * when n has no entry there. A SCHEMA_E_* code comes with its message in
 * err; the caller words storage failures. */
static int entry_add(struct store_graph *g, DB_TXN *txn,
		     const struct cat_entry *e, const Graphd__Node *n,
		     struct kbuf *k, bool creating, char *err, size_t errlen)
{
	uint64_t other;
	int ret = entry_key(k, e, n);

	if (ret == SCHEMA_E_TOOBIG) {
		toobig_msg(err, errlen, e, n);
		return ret;
	}
	if (ret == 0)
		return 0;
	if (e->unique) {
		if ((ret = unique_other(g, txn, k, n->id, &other)) != 0)
			return ret;
		if (other) {
			unique_msg(err, errlen, e, n, other, creating);
			return SCHEMA_E_UNIQUE;
		}
	}
	return db_put(pdb(g), txn, k->b, k->len, "", 0);
}

/* Our own codes carry a message already; the others are storage failures
 * the caller still has to word. */
static bool is_schema_err(int ret)
{
	return ret <= SCHEMA_E_EXISTS && ret >= SCHEMA_E_INVALID;
}

static const char *a_kind(bool unique)
{
	return unique ? "a constraint" : "an index";
}

/* ------------------------------------------------------------ create */

static bool name_ok(const char *s)
{
	return s && s[0] && strlen(s) <= SCHEMA_NAME_MAX;
}

/* A name derived from the definition alone, so that every replica picks
 * the same one (Neo4j also names unnamed indexes itself). */
static void default_name(char *out, size_t len, const struct schema_index *def)
{
	uint32_t crc = store_crc32(0, def->label, strlen(def->label) + 1);

	crc = store_crc32(crc, def->prop, strlen(def->prop) + 1);
	snprintf(out, len, "%s_%08x", kind_name(def->unique), (unsigned)crc);
}

/* 1: e's name or its (label, prop) is taken and if_not_exists makes that
 * fine; SCHEMA_E_EXISTS with a message; 0: free. */
static int create_taken(const struct catalog *cat, const struct cat_entry *e,
			bool if_not_exists, char *err, size_t errlen)
{
	const struct cat_entry *o = cat_find_name(cat, e->name);

	if (o || (o = cat_find_def(cat, e->label, e->prop))) {
		if (if_not_exists)
			return 1;
		if (!strcmp(o->name, e->name))
			snprintf(err, errlen,
				 "cannot create %s %s: %s called %s already "
				 "exists, on :%s(%s)",
				 kind_name(e->unique), e->name,
				 a_kind(o->unique), o->name, o->label, o->prop);
		else
			snprintf(err, errlen,
				 "cannot create %s %s: an equivalent index "
				 "already exists, %s %s on :%s(%s)",
				 kind_name(e->unique), e->name,
				 kind_name(o->unique), o->name, o->label,
				 o->prop);
		return SCHEMA_E_EXISTS;
	}
	return 0;
}

struct build {
	struct store_graph *g;
	DB_TXN *txn;
	const struct cat_entry *e;
	struct kbuf *k;
	char *err;
	size_t errlen;
	int ret;
};

static bool build_one(void *ctx, uint64_t id)
{
	struct build *b = ctx;
	Graphd__Node *n = NULL;

	if ((b->ret = store_graph_node_get(b->g, b->txn, id, &n)) != 0)
		return false;
	b->ret =
	    entry_add(b->g, b->txn, b->e, n, b->k, true, b->err, b->errlen);
	graphd__node__free_unpacked(n, NULL);
	return b->ret == 0;
}

/* Records e in the catalog and adds an entry for every node labelled
 * e->label that has e->prop (in node id order, so a unique constraint
 * names the lower node id as the one that had the value first). */
static int create_build(struct store_graph *g, DB_TXN *txn,
			const struct cat_entry *e, char *err, size_t errlen)
{
	struct build b = {
	    .g = g, .txn = txn, .e = e, .err = err, .errlen = errlen};
	int ret;

	if ((ret = cat_put(g, txn, e)) != 0)
		return ret;
	if (!(b.k = malloc(sizeof(*b.k))))
		return ENOMEM;
	ret = store_graph_label_scan(g, txn, e->label, build_one, &b);
	free(b.k);
	return ret ? ret : b.ret;
}

int schema_index_create(struct store_graph *g, DB_TXN *txn,
			const struct schema_index *def, bool if_not_exists,
			bool *created, char *err, size_t errlen)
{
	struct catalog cat = {0};
	struct cat_entry e;
	DB_TXN *child = NULL;
	char what[SCHEMA_NAME_MAX + 64], gen[32];
	int ret;

	*created = false;
	if (!name_ok(def->label) || !name_ok(def->prop) ||
	    (def->name && !name_ok(def->name))) {
		snprintf(err, errlen,
			 "cannot create %s: its name, label and property "
			 "must each be 1 to %d bytes long",
			 a_kind(def->unique), SCHEMA_NAME_MAX);
		return SCHEMA_E_INVALID;
	}
	default_name(gen, sizeof(gen), def);
	e.name = (char *)(def->name ? def->name : gen);
	e.label = (char *)def->label;
	e.prop = (char *)def->prop;
	e.unique = def->unique;
	snprintf(what, sizeof(what), "cannot create %s %s", kind_name(e.unique),
		 e.name);
	if ((ret = store_graph_txn_begin(g, txn, false, &child)) != 0 ||
	    (ret = cat_load(g, child, &cat)) != 0)
		goto err;
	if ((ret = create_taken(&cat, &e, if_not_exists, err, errlen)) == 1) {
		ret = 0; /* IF NOT EXISTS: nothing to do */
		goto err;
	}
	if (ret || (ret = create_build(g, child, &e, err, errlen)) != 0)
		goto err;
	ret = child->commit(child, 0);
	child = NULL;
	if (ret)
		goto err;
	cat_free(&cat);
	*created = true;
	return 0;
err:
	if (child)
		child->abort(child);
	cat_free(&cat);
	if (ret && !is_schema_err(ret))
		store_graph_errf(g, ret, err, errlen, what);
	return ret;
}

/* ------------------------------------------------------------ drop */

/* Deletes every pidx entry of e. */
static int drop_entries(struct store_graph *g, DB_TXN *txn,
			const struct cat_entry *e)
{
	struct kbuf *p = malloc(sizeof(*p));
	DB *db = pdb(g);
	DBC *c = NULL;
	DBT k, v;
	int ret, cret;

	if (!p)
		return ENOMEM;
	kb_prefix(p, e->label, e->prop);
	if ((ret = db->cursor(db, txn, &c, 0)) != 0) {
		free(p);
		return ret;
	}
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.flags = v.flags = DB_DBT_REALLOC;
	ret = (k.data = malloc(p->len)) ? 0 : ENOMEM;
	if (!ret) {
		memcpy(k.data, p->b, p->len);
		k.size = (u_int32_t)p->len;
		ret = c->get(c, &k, &v, DB_SET_RANGE);
	}
	while (ret == 0 && k.size >= p->len && !memcmp(k.data, p->b, p->len))
		if ((ret = c->del(c, 0)) == 0)
			ret = c->get(c, &k, &v, DB_NEXT);
	free(k.data);
	free(v.data);
	free(p);
	cret = c->close(c);
	if (ret == DB_NOTFOUND)
		ret = 0;
	return ret ? ret : cret;
}

/* 1: nothing to drop and if_exists makes that fine; SCHEMA_E_* with a
 * message; 0: e is there and of the kind asked for. */
static int drop_check(const struct cat_entry *e, const char *name,
		      bool constraint, bool if_exists, char *err, size_t errlen)
{
	if (!e) {
		if (if_exists)
			return 1;
		snprintf(err, errlen, "cannot drop %s %s: there is none",
			 kind_name(constraint), name);
		return SCHEMA_E_NOINDEX;
	}
	if (e->unique != constraint) {
		snprintf(err, errlen,
			 "cannot drop %s %s: it is %s, drop it with DROP %s",
			 kind_name(constraint), name, a_kind(e->unique),
			 e->unique ? "CONSTRAINT" : "INDEX");
		return SCHEMA_E_INVALID;
	}
	return 0;
}

int schema_index_drop(struct store_graph *g, DB_TXN *txn, const char *name,
		      bool constraint, bool if_exists, bool *dropped, char *err,
		      size_t errlen)
{
	struct catalog cat = {0};
	const struct cat_entry *e;
	DB_TXN *child = NULL;
	char what[SCHEMA_NAME_MAX + 64];
	int ret;

	*dropped = false;
	if (!name_ok(name)) {
		snprintf(err, errlen, "cannot drop %s: no valid name given",
			 a_kind(constraint));
		return SCHEMA_E_INVALID;
	}
	snprintf(what, sizeof(what), "cannot drop %s %s", kind_name(constraint),
		 name);
	if ((ret = store_graph_txn_begin(g, txn, false, &child)) != 0 ||
	    (ret = cat_load(g, child, &cat)) != 0)
		goto err;
	e = cat_find_name(&cat, name);
	if ((ret = drop_check(e, name, constraint, if_exists, err, errlen)) ==
	    1) {
		ret = 0;
		goto err;
	}
	if (ret || (ret = db_del(sdb(g), child, name, strlen(name))) != 0 ||
	    (ret = drop_entries(g, child, e)) != 0)
		goto err;
	ret = child->commit(child, 0);
	child = NULL;
	if (ret)
		goto err;
	cat_free(&cat);
	*dropped = true;
	return 0;
err:
	if (child)
		child->abort(child);
	cat_free(&cat);
	if (ret && !is_schema_err(ret))
		store_graph_errf(g, ret, err, errlen, what);
	return ret;
}

/* ------------------------------------------------------------ list, lookup */

struct list {
	bool (*fn)(void *ctx, const struct schema_index *ix);
	void *ctx;
	int ret;
};

static bool list_one(void *ctx, const DBT *k, const DBT *v)
{
	struct list *l = ctx;
	struct schema_index ix = {.state = "ONLINE"};
	struct cat_entry e;
	bool more;

	if ((l->ret = cat_decode(k, v, &e)) != 0)
		return false;
	ix.name = e.name;
	ix.label = e.label;
	ix.prop = e.prop;
	ix.unique = e.unique;
	more = l->fn(l->ctx, &ix);
	free(e.name);
	free(e.label);
	free(e.prop);
	return more;
}

int schema_index_list(struct store_graph *g, DB_TXN *txn,
		      bool (*fn)(void *ctx, const struct schema_index *ix),
		      void *ctx)
{
	struct list l = {.fn = fn, .ctx = ctx};
	int ret = store_graph_scan(g, STORE_GRAPH_DB_SCHEMA, txn, NULL, 0, list_one, &l);

	return ret ? ret : l.ret;
}

int schema_index_lookup(struct store_graph *g, DB_TXN *txn, const char *label,
			const char *prop, char *name, size_t namelen,
			bool *unique)
{
	struct catalog cat;
	const struct cat_entry *e;
	int ret;

	if ((ret = cat_load(g, txn, &cat)) != 0)
		return ret;
	if (!(e = cat_find_def(&cat, label, prop))) {
		cat_free(&cat);
		return SCHEMA_E_NOINDEX;
	}
	if (name && namelen)
		snprintf(name, namelen, "%s", e->name);
	if (unique)
		*unique = e->unique;
	cat_free(&cat);
	return 0;
}

/* ------------------------------------------------------------ seek */

struct seek {
	bool (*fn)(void *ctx, uint64_t node);
	void *ctx;
	size_t plen;
	int bad;
};

static bool seek_one(void *ctx, const DBT *k, const DBT *v)
{
	struct seek *s = ctx;

	(void)v;
	if (k->size != s->plen + 8) {
		s->bad = EBADMSG;
		return false;
	}
	return s->fn(s->ctx, store_get_be64((const uint8_t *)k->data + s->plen));
}

int schema_index_seek(struct store_graph *g, DB_TXN *txn, const char *label,
		      const char *prop, const Graphd__Value *v,
		      bool (*fn)(void *ctx, uint64_t node), void *ctx)
{
	struct seek s = {.fn = fn, .ctx = ctx};
	struct kbuf *k;
	int ret;

	if ((ret = schema_index_lookup(g, txn, label, prop, NULL, 0, NULL)))
		return ret;
	if (value_is_null(v) || has_nan(v, 0))
		return 0;
	if (!(k = malloc(sizeof(*k))))
		return ENOMEM;
	kb_prefix(k, label, prop);
	enc_value(k, v, 0);
	kb_u64(k, 0); /* room for the node id, as entry_key needs */
	/* A value too large to index was refused on every write: no node
	 * has it. */
	if (!k->over) {
		s.plen = k->len - 8;
		ret = store_graph_scan(g, STORE_GRAPH_DB_PIDX, txn, k->b, s.plen, seek_one, &s);
	}
	free(k);
	return ret ? ret : s.bad;
}

/* ------------------------------------------------------------ maintenance */

/* Moves n's entry in index e from its before value to its after value. */
static int change_one(struct store_graph *g, DB_TXN *txn,
		      const struct cat_entry *e, const Graphd__Node *before,
		      const Graphd__Node *after, struct kbuf k[2], char *err,
		      size_t errlen)
{
	int had = entry_key(&k[0], e, before), has = entry_key(&k[1], e, after);
	int ret;

	if (had == SCHEMA_E_TOOBIG)
		had = 0; /* never written */
	if (had && has == 1 && k[0].len == k[1].len &&
	    !memcmp(k[0].b, k[1].b, k[0].len))
		return 0;
	/* Missing old entry: an index verify reports; the write goes on. */
	if (had && (ret = db_del(pdb(g), txn, k[0].b, k[0].len)) != 0 &&
	    ret != DB_NOTFOUND)
		return ret;
	return entry_add(g, txn, e, after, &k[1], false, err, errlen);
}

int schema_node_changed(struct store_graph *g, DB_TXN *txn,
			const Graphd__Node *before, const Graphd__Node *after,
			char *err, size_t errlen)
{
	uint64_t id = after ? after->id : before ? before->id : 0;
	struct catalog cat = {0};
	struct kbuf *k = NULL;
	DB_TXN *child = NULL;
	char what[96];
	size_t i;
	int ret = 0;

	if (before && after && before->id != after->id) {
		snprintf(err, errlen,
			 "cannot update the property indexes: node %llu "
			 "became node %llu",
			 (unsigned long long)before->id,
			 (unsigned long long)after->id);
		return SCHEMA_E_INVALID;
	}
	snprintf(what, sizeof(what),
		 "cannot update the property indexes for node %llu",
		 (unsigned long long)id);
	if (!id || (ret = cat_load(g, txn, &cat)) != 0 || cat.n == 0)
		goto err;
	if (!(k = malloc(2 * sizeof(*k)))) {
		ret = ENOMEM;
		goto err;
	}
	if ((ret = store_graph_txn_begin(g, txn, false, &child)) != 0)
		goto err;
	for (i = 0; i < cat.n && !ret; i++)
		ret = change_one(g, child, &cat.e[i], before, after, k, err,
				 errlen);
	if (!ret)
		ret = child->commit(child, 0);
	else
		child->abort(child);
err:
	free(k);
	cat_free(&cat);
	if (ret && !is_schema_err(ret))
		store_graph_errf(g, ret, err, errlen, what);
	return ret;
}

/* ------------------------------------------------------------ verify */

struct verify {
	struct store_graph *g;
	DB_TXN *txn;
	FILE *report;
	int *problems;
	struct catalog cat;	   /* the entries that decode */
	const struct cat_entry *e; /* the index whose nodes are walked */
	struct kbuf *k;
	uint8_t *prev; /* the last pidx entry without its node id */
	size_t prev_len;
	uint64_t prev_node;
	int ret; /* storage failure, stops the walk */
};

static void vproblem(struct verify *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void vproblem(struct verify *c, const char *fmt, ...)
{
	va_list ap;

	(*c->problems)++;
	if (!c->report)
		return;
	va_start(ap, fmt);
	vfprintf(c->report, fmt, ap);
	va_end(ap);
	fputc('\n', c->report);
}

static bool verify_cat_one(void *ctx, const DBT *k, const DBT *v)
{
	struct verify *c = ctx;
	const struct cat_entry *o;
	struct cat_entry e, *grown;

	if ((c->ret = cat_decode(k, v, &e)) == EBADMSG) {
		vproblem(c, "schema catalog record %.*s does not decode",
			 (int)strnlen(k->data, k->size), (const char *)k->data);
		return (c->ret = 0) == 0;
	}
	if (c->ret)
		return false;
	if ((o = cat_find_def(&c->cat, e.label, e.prop)))
		vproblem(c, "%s %s and %s %s both cover :%s(%s)",
			 kind_name(o->unique), o->name, kind_name(e.unique),
			 e.name, e.label, e.prop);
	if (!(grown = realloc(c->cat.e, (c->cat.n + 1) * sizeof(e)))) {
		free(e.name);
		free(e.label);
		free(e.prop);
		c->ret = ENOMEM;
		return false;
	}
	c->cat.e = grown;
	c->cat.e[c->cat.n++] = e;
	return true;
}

/* Every node of c->e's label with the property has its entry. */
static bool verify_node_one(void *ctx, uint64_t id)
{
	struct verify *c = ctx;
	Graphd__Node *n = NULL;
	int ret = store_graph_node_get(c->g, c->txn, id, &n), has;

	if (ret == DB_NOTFOUND || ret == EBADMSG)
		return true; /* store_graph_verify reports the label index */
	if (ret) {
		c->ret = ret;
		return false;
	}
	has = entry_key(c->k, c->e, n);
	if (has == SCHEMA_E_TOOBIG)
		vproblem(c,
			 "node %llu has a value of %s.%s too large for %s %s",
			 (unsigned long long)id, c->e->label, c->e->prop,
			 kind_name(c->e->unique), c->e->name);
	else if (has == 1 &&
		 (ret = db_has(pdb(c->g), c->txn, c->k->b, c->k->len)) != 0) {
		if (ret == DB_NOTFOUND)
			vproblem(c, "%s %s lacks the entry of node %llu",
				 kind_name(c->e->unique), c->e->name,
				 (unsigned long long)id);
		else
			c->ret = ret;
	}
	graphd__node__free_unpacked(n, NULL);
	return c->ret == 0;
}

/* A unique index holds each value once: entries of one value are adjacent
 * in key order. */
static void verify_unique(struct verify *c, const struct cat_entry *e,
			  const DBT *k, uint64_t id)
{
	size_t vlen = k->size - 8;
	uint8_t *p;

	if (e->unique && c->prev && c->prev_len == vlen &&
	    !memcmp(c->prev, k->data, vlen))
		vproblem(c,
			 "constraint %s has nodes %llu and %llu with one "
			 "value",
			 e->name, (unsigned long long)c->prev_node,
			 (unsigned long long)id);
	if (!(p = realloc(c->prev, vlen))) {
		c->ret = ENOMEM;
		return;
	}
	memcpy(p, k->data, vlen);
	c->prev = p;
	c->prev_len = vlen;
	c->prev_node = id;
}

/* The index of a pidx key, NULL when it belongs to none (or is malformed:
 * *ok false). */
static const struct cat_entry *entry_index(struct verify *c, const DBT *k,
					   bool *ok)
{
	const char *p = k->data;
	size_t llen = strnlen(p, k->size), plen;

	*ok = false;
	if (llen + 1 >= k->size)
		return NULL;
	plen = strnlen(p + llen + 1, k->size - llen - 1);
	if (llen + 1 + plen + 1 + 1 + 8 > k->size)
		return NULL;
	*ok = true;
	return cat_find_def(&c->cat, p, p + llen + 1);
}

/* Every pidx entry belongs to an index and matches its node. */
static bool verify_entry_one(void *ctx, const DBT *k, const DBT *v)
{
	struct verify *c = ctx;
	const struct cat_entry *e;
	Graphd__Node *n = NULL;
	uint64_t id;
	bool ok;
	int ret;

	(void)v;
	if (!(e = entry_index(c, k, &ok))) {
		vproblem(c, "a property index entry of :%.*s %s",
			 (int)strnlen(k->data, k->size), (const char *)k->data,
			 ok ? "belongs to no index" : "does not decode");
		return true;
	}
	id = store_get_be64((const uint8_t *)k->data + k->size - 8);
	ret = store_graph_node_get(c->g, c->txn, id, &n);
	if (ret && ret != DB_NOTFOUND && ret != EBADMSG) {
		c->ret = ret;
		return false;
	}
	if (entry_key(c->k, e, n) != 1 || c->k->len != k->size ||
	    memcmp(c->k->b, k->data, k->size))
		vproblem(c,
			 "%s %s has an entry for node %llu that does not "
			 "match %s",
			 kind_name(e->unique), e->name, (unsigned long long)id,
			 n ? "the node's value" : "any node");
	if (n)
		graphd__node__free_unpacked(n, NULL);
	verify_unique(c, e, k, id);
	return c->ret == 0;
}

int schema_verify(struct store_graph *g, DB_TXN *txn, FILE *report,
		  int *problems)
{
	struct verify c = {
	    .g = g, .txn = txn, .report = report, .problems = problems};
	size_t i;
	int ret;

	if (!(c.k = malloc(sizeof(*c.k))))
		return ENOMEM;
	ret = store_graph_scan(g, STORE_GRAPH_DB_SCHEMA, txn, NULL, 0, verify_cat_one, &c);
	for (i = 0; !ret && !c.ret && i < c.cat.n; i++) {
		c.e = &c.cat.e[i];
		ret = store_graph_label_scan(g, txn, c.e->label,
					     verify_node_one, &c);
		if (ret == EBADMSG)
			ret = 0; /* a bad label record: reported already */
	}
	if (!ret && !c.ret)
		ret = store_graph_scan(g, STORE_GRAPH_DB_PIDX, txn, NULL, 0, verify_entry_one, &c);
	free(c.k);
	free(c.prev);
	cat_free(&c.cat);
	return ret ? ret : c.ret;
}
