/* graph.c: the graph store in Berkeley DB: nodes, relationships, adjacency,
 * label index, id counters, applied_index and the session table. */
#include "store/graph.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store/bytes.h"
#include "store/schema.h"

#define KEY_APPLIED   "applied_index"
#define KEY_NEXT_NODE "next_node_id"
#define KEY_NEXT_REL  "next_rel_id"
#define KEY_LOG_CLOCK "log_clock_ms"
#define KEY_SESSIONS  "session_count"
/* A session record: seq | SESSION_V2 | last use (log ms) | response. The
 * first records had no last use: seq | response, and a packed Response
 * never starts with a zero byte (there is no protobuf field 0). */
#define SESSION_V2	  0x00
#define SESSION_HDR	  17
/* node 8 + dir 1 + type + NUL + rel 8, with room to spare */
#define ADJ_KEY_MAX (STORE_GRAPH_NAME_MAX + 64)

enum graph_db {
	GDB_NODES = 0,
	GDB_RELS,
	GDB_ADJ,
	GDB_LABELS,
	GDB_META,
	GDB_SESSIONS,
	GDB_SCHEMA,
	GDB_PIDX,
	GDB_SESSION_AGE,
	GDB_COUNT
};

_Static_assert(GDB_SCHEMA == STORE_GRAPH_DB_SCHEMA &&
		   GDB_PIDX == STORE_GRAPH_DB_PIDX,
	       "graph.h names the schema databases by number");

static const char *const gdb_names[GDB_COUNT] = {
    "nodes", "rels", "adj", "labels", "meta", "sessions", "schema", "pidx",
    "session_age",
};

struct store_graph {
	struct store_env *env;
	DB *db[GDB_COUNT];
};

/* ------------------------------------------------------------ helpers */

/* An output DBT that BDB fills with malloc'd memory (DB_THREAD needs it). */
static void dbt_out(DBT *d)
{
	memset(d, 0, sizeof(*d));
	d->flags = DB_DBT_MALLOC;
}

static int db_put(struct store_graph *g, enum graph_db which, DB_TXN *txn,
		  const void *k, size_t klen, const void *v, size_t vlen)
{
	DBT key, val;

	store_dbt_set(&key, k, klen);
	store_dbt_set(&val, v, vlen);
	return g->db[which]->put(g->db[which], txn, &key, &val, 0);
}

static int db_del(struct store_graph *g, enum graph_db which, DB_TXN *txn,
		  const void *k, size_t klen)
{
	DBT key;

	store_dbt_set(&key, k, klen);
	return g->db[which]->del(g->db[which], txn, &key, 0);
}

/* *val is malloc'd; DB_NOTFOUND when absent. */
static int db_get(struct store_graph *g, enum graph_db which, DB_TXN *txn,
		  const void *k, size_t klen, DBT *val)
{
	DBT key;

	store_dbt_set(&key, k, klen);
	dbt_out(val);
	return g->db[which]->get(g->db[which], txn, &key, val, 0);
}

static int put_msg(struct store_graph *g, enum graph_db which, DB_TXN *txn,
		   uint64_t id, const ProtobufCMessage *m)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t key[8], *buf;
	int ret;

	if (!(buf = malloc(len ? len : 1)))
		return ENOMEM;
	protobuf_c_message_pack(m, buf);
	store_put_be64(key, id);
	ret = db_put(g, which, txn, key, 8, buf, len);
	free(buf);
	return ret;
}

static int get_msg(struct store_graph *g, enum graph_db which, DB_TXN *txn,
		   uint64_t id, const ProtobufCMessageDescriptor *desc,
		   ProtobufCMessage **out)
{
	uint8_t key[8];
	DBT val;
	int ret;

	*out = NULL;
	store_put_be64(key, id);
	if ((ret = db_get(g, which, txn, key, 8, &val)) != 0)
		return ret;
	*out = protobuf_c_message_unpack(desc, NULL, val.size, val.data);
	free(val.data);
	return *out ? 0 : EBADMSG;
}

/* ------------------------------------------------------------ open/close */

int store_graph_open(struct store_env *env, struct store_graph **out, char *err,
		     size_t errlen)
{
	/* DB_MULTIVERSION: readers use snapshot transactions and never wait
	 * for (or deadlock with) the apply transaction. */
	const u_int32_t flags =
	    DB_CREATE | DB_AUTO_COMMIT | DB_THREAD | DB_MULTIVERSION;
	struct store_graph *g;
	char what[128];
	int i, ret;

	*out = NULL;
	if (!(g = calloc(1, sizeof(*g)))) {
		snprintf(err, errlen, "out of memory opening the graph store");
		return -1;
	}
	g->env = env;
	for (i = 0; i < GDB_COUNT; i++) {
		if ((ret = db_create(&g->db[i], store_env_db(env), 0)) != 0 ||
		    (ret = g->db[i]->open(g->db[i], NULL, STORE_GRAPH_FILE,
					  gdb_names[i], DB_BTREE, flags,
					  0640)) != 0) {
			snprintf(what, sizeof(what),
				 "cannot open the graph store %s/%s",
				 STORE_GRAPH_FILE, gdb_names[i]);
			store_env_errf(env, ret, err, errlen, what);
			goto err;
		}
	}
	*out = g;
	return 0;
err:
	store_graph_close(g);
	return -1;
}

void store_graph_close(struct store_graph *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; i < GDB_COUNT; i++)
		if (g->db[i])
			g->db[i]->close(g->db[i], 0);
	free(g);
}

struct store_env *store_graph_env(struct store_graph *g)
{
	return g->env;
}

void store_graph_errf(struct store_graph *g, int ret, char *err, size_t errlen,
		      const char *what)
{
	store_env_errf(g->env, ret, err, errlen, what);
}

unsigned store_graph_db_count(void)
{
	return GDB_COUNT;
}

DB *store_graph_db(struct store_graph *g, unsigned i)
{
	return i < GDB_COUNT ? g->db[i] : NULL;
}

const char *store_graph_db_name(unsigned i)
{
	return i < GDB_COUNT ? gdb_names[i] : NULL;
}

int store_graph_txn_begin(struct store_graph *g, DB_TXN *parent, bool read_only,
			  DB_TXN **txn)
{
	DB_ENV *env = store_env_db(g->env);

	return env->txn_begin(env, parent, txn,
			      read_only ? DB_TXN_SNAPSHOT : 0);
}

/* ------------------------------------------------------------ meta */

static int meta_get_u64(struct store_graph *g, DB_TXN *txn, const char *name,
			uint64_t *v, uint64_t dflt)
{
	DBT val;
	int ret;

	ret = db_get(g, GDB_META, txn, name, strlen(name), &val);
	if (ret == DB_NOTFOUND) {
		*v = dflt;
		return 0;
	}
	if (ret)
		return ret;
	ret = val.size == 8 ? 0 : EBADMSG;
	if (!ret)
		*v = store_get_be64(val.data);
	free(val.data);
	return ret;
}

static int meta_put_u64(struct store_graph *g, DB_TXN *txn, const char *name,
			uint64_t v)
{
	uint8_t buf[8];

	store_put_be64(buf, v);
	return db_put(g, GDB_META, txn, name, strlen(name), buf, 8);
}

uint64_t store_graph_applied_index(struct store_graph *g)
{
	DB_TXN *txn;
	uint64_t v = 0;

	if (store_graph_txn_begin(g, NULL, true, &txn) != 0)
		return 0;
	if (meta_get_u64(g, txn, KEY_APPLIED, &v, 0) != 0)
		v = 0;
	txn->commit(txn, 0);
	return v;
}

int store_graph_get_applied(struct store_graph *g, DB_TXN *txn, uint64_t *index)
{
	return meta_get_u64(g, txn, KEY_APPLIED, index, 0);
}

int store_graph_set_applied(struct store_graph *g, DB_TXN *txn, uint64_t index)
{
	return meta_put_u64(g, txn, KEY_APPLIED, index);
}

int store_graph_next_id(struct store_graph *g, DB_TXN *txn,
			enum store_id_kind kind, uint64_t *id)
{
	const char *name = kind == STORE_ID_NODE ? KEY_NEXT_NODE : KEY_NEXT_REL;
	int ret;

	if ((ret = meta_get_u64(g, txn, name, id, 1)) != 0)
		return ret;
	return meta_put_u64(g, txn, name, *id + 1);
}

/* ------------------------------------------------------------ records */

int store_graph_node_get(struct store_graph *g, DB_TXN *txn, uint64_t id,
			 Graphd__Node **out)
{
	return get_msg(g, GDB_NODES, txn, id, &graphd__node__descriptor,
		       (ProtobufCMessage **)out);
}

int store_graph_node_put(struct store_graph *g, DB_TXN *txn,
			 const Graphd__Node *n)
{
	return put_msg(g, GDB_NODES, txn, n->id, &n->base);
}

int store_graph_node_del(struct store_graph *g, DB_TXN *txn, uint64_t id)
{
	uint8_t key[8];

	store_put_be64(key, id);
	return db_del(g, GDB_NODES, txn, key, 8);
}

int store_graph_rel_get(struct store_graph *g, DB_TXN *txn, uint64_t id,
			Graphd__Relationship **out)
{
	return get_msg(g, GDB_RELS, txn, id, &graphd__relationship__descriptor,
		       (ProtobufCMessage **)out);
}

int store_graph_rel_put(struct store_graph *g, DB_TXN *txn,
			const Graphd__Relationship *r)
{
	return put_msg(g, GDB_RELS, txn, r->id, &r->base);
}

int store_graph_rel_del(struct store_graph *g, DB_TXN *txn, uint64_t id)
{
	uint8_t key[8];

	store_put_be64(key, id);
	return db_del(g, GDB_RELS, txn, key, 8);
}

/* ------------------------------------------------------------ adjacency */

/* Key prefix node | dir [| type NUL [| rel]]; returns its length or 0 when
 * the type is too long for a key. */
static size_t adj_key(uint8_t *k, uint64_t node, enum store_dir dir,
		      const char *type, const uint64_t *rel)
{
	size_t tlen, len = 9;

	store_put_be64(k, node);
	k[8] = (uint8_t)dir;
	if (!type)
		return len;
	tlen = strlen(type);
	if (tlen > STORE_GRAPH_NAME_MAX)
		return 0;
	memcpy(k + len, type, tlen + 1);
	len += tlen + 1;
	if (rel) {
		store_put_be64(k + len, *rel);
		len += 8;
	}
	return len;
}

int store_graph_adj_put(struct store_graph *g, DB_TXN *txn,
			const struct store_adj *a)
{
	uint8_t k[ADJ_KEY_MAX], v[8];
	size_t len = adj_key(k, a->node, a->dir, a->type, &a->rel);

	if (!len)
		return EINVAL;
	store_put_be64(v, a->other);
	return db_put(g, GDB_ADJ, txn, k, len, v, 8);
}

int store_graph_adj_del(struct store_graph *g, DB_TXN *txn,
			const struct store_adj *a)
{
	uint8_t k[ADJ_KEY_MAX];
	size_t len = adj_key(k, a->node, a->dir, a->type, &a->rel);

	if (!len)
		return EINVAL;
	return db_del(g, GDB_ADJ, txn, k, len);
}

/* Decodes an adjacency record; false when malformed. */
static bool adj_decode(const DBT *k, const DBT *v, struct store_adj *a)
{
	const uint8_t *p = k->data;
	const uint8_t *nul;

	if (k->size < 9 + 1 + 8 || v->size != 8)
		return false;
	nul = memchr(p + 9, 0, k->size - 9);
	if (!nul || (size_t)(nul - p) + 1 + 8 != k->size)
		return false;
	a->node = store_get_be64(p);
	a->dir = p[8] ? STORE_DIR_IN : STORE_DIR_OUT;
	a->type = (const char *)p + 9;
	a->rel = store_get_be64(nul + 1);
	a->other = store_get_be64(v->data);
	return true;
}

int store_graph_scan(struct store_graph *g, unsigned which, DB_TXN *txn,
		     const void *prefix, size_t plen,
		     bool (*fn)(void *ctx, const DBT *k, const DBT *v), void *ctx)
{
	DB *db = g->db[which];
	DBC *c = NULL;
	DBT k, v;
	int ret, cret;

	if ((ret = db->cursor(db, txn, &c, 0)) != 0)
		return ret;
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.flags = v.flags = DB_DBT_REALLOC;
	if (plen) {
		if (!(k.data = malloc(plen))) {
			c->close(c);
			return ENOMEM;
		}
		memcpy(k.data, prefix, plen);
		k.size = (u_int32_t)plen;
	}
	ret = c->get(c, &k, &v, plen ? DB_SET_RANGE : DB_FIRST);
	while (ret == 0) {
		if (plen && (k.size < plen || memcmp(k.data, prefix, plen)))
			break;
		if (!fn(ctx, &k, &v))
			break;
		ret = c->get(c, &k, &v, DB_NEXT);
	}
	free(k.data);
	free(v.data);
	cret = c->close(c);
	if (ret == DB_NOTFOUND)
		ret = 0;
	return ret ? ret : cret;
}

struct adj_scan {
	bool (*fn)(void *ctx, const struct store_adj *a);
	void *ctx;
	int bad; /* EBADMSG when a record did not decode */
};

static bool adj_scan_one(void *ctx, const DBT *k, const DBT *v)
{
	struct adj_scan *s = ctx;
	struct store_adj a;

	if (!adj_decode(k, v, &a)) {
		s->bad = EBADMSG;
		return false;
	}
	return s->fn(s->ctx, &a);
}

int store_graph_adj_scan(struct store_graph *g, DB_TXN *txn, uint64_t node,
			 enum store_dir dir, const char *type,
			 bool (*fn)(void *ctx, const struct store_adj *a),
			 void *ctx)
{
	struct adj_scan s = {.fn = fn, .ctx = ctx};
	uint8_t k[ADJ_KEY_MAX];
	size_t len = adj_key(k, node, dir, type, NULL);
	int ret;

	if (!len)
		return 0; /* no type that long can exist */
	ret = store_graph_scan(g, GDB_ADJ, txn, k, len, adj_scan_one, &s);
	return ret ? ret : s.bad;
}

/* ------------------------------------------------------------ labels */

static size_t label_key(uint8_t *k, const char *label, const uint64_t *node)
{
	size_t len = strlen(label);

	if (len > STORE_GRAPH_NAME_MAX)
		return 0;
	memcpy(k, label, len + 1);
	len++;
	if (node) {
		store_put_be64(k + len, *node);
		len += 8;
	}
	return len;
}

int store_graph_label_put(struct store_graph *g, DB_TXN *txn, const char *label,
			  uint64_t node)
{
	uint8_t k[ADJ_KEY_MAX];
	size_t len = label_key(k, label, &node);

	return len ? db_put(g, GDB_LABELS, txn, k, len, "", 0) : EINVAL;
}

int store_graph_label_del(struct store_graph *g, DB_TXN *txn, const char *label,
			  uint64_t node)
{
	uint8_t k[ADJ_KEY_MAX];
	size_t len = label_key(k, label, &node);

	return len ? db_del(g, GDB_LABELS, txn, k, len) : EINVAL;
}

struct label_scan {
	bool (*fn)(void *ctx, uint64_t node);
	void *ctx;
	size_t plen;
	int bad;
};

static bool label_scan_one(void *ctx, const DBT *k, const DBT *v)
{
	struct label_scan *s = ctx;

	(void)v;
	if (k->size != s->plen + 8) {
		s->bad = EBADMSG;
		return false;
	}
	return s->fn(s->ctx, store_get_be64((const uint8_t *)k->data + s->plen));
}

int store_graph_label_scan(struct store_graph *g, DB_TXN *txn,
			   const char *label,
			   bool (*fn)(void *ctx, uint64_t node), void *ctx)
{
	struct label_scan s = {.fn = fn, .ctx = ctx};
	uint8_t k[ADJ_KEY_MAX];
	int ret;

	if (!(s.plen = label_key(k, label, NULL)))
		return 0;
	ret = store_graph_scan(g, GDB_LABELS, txn, k, s.plen, label_scan_one, &s);
	return ret ? ret : s.bad;
}

/* ------------------------------------------------------------ sessions */

/* A session record's header; *off is where its packed Response starts.
 * *last_use is 0 for a record of the first layout (it has none). */
static int session_decode(const DBT *val, uint64_t *seq, uint64_t *last_use,
			  size_t *off)
{
	const uint8_t *p = val->data;

	if (val->size < 8)
		return EBADMSG;
	*seq = store_get_be64(p);
	*last_use = 0;
	*off = 8;
	if (val->size > 8 && p[8] == SESSION_V2) {
		if (val->size < SESSION_HDR)
			return EBADMSG;
		*last_use = store_get_be64(p + 9);
		*off = SESSION_HDR;
	}
	return 0;
}

int store_graph_session_get(struct store_graph *g, DB_TXN *txn,
			    uint64_t session, uint64_t *seq,
			    Graphd__Response **resp)
{
	uint8_t key[8];
	uint64_t last_use;
	size_t off;
	DBT val;
	int ret;

	*resp = NULL;
	store_put_be64(key, session);
	if ((ret = db_get(g, GDB_SESSIONS, txn, key, 8, &val)) != 0)
		return ret;
	ret = session_decode(&val, seq, &last_use, &off);
	if (!ret) {
		*resp = graphd__response__unpack(NULL, val.size - off,
						 (uint8_t *)val.data + off);
		if (!*resp)
			ret = EBADMSG;
	}
	free(val.data);
	return ret;
}

/* session_age key: last use (big-endian, so oldest first) | session. */
static void session_age_key(uint8_t *k, uint64_t last_use, uint64_t session)
{
	store_put_be64(k, last_use);
	store_put_be64(k + 8, session);
}

static int session_count_add(struct store_graph *g, DB_TXN *txn, int delta)
{
	uint64_t n;
	int ret;

	if ((ret = meta_get_u64(g, txn, KEY_SESSIONS, &n, 0)) != 0)
		return ret;
	if (delta < 0 && n == 0)
		return 0; /* a store that counted nothing yet */
	return meta_put_u64(g, txn, KEY_SESSIONS, n + (uint64_t)(int64_t)delta);
}

/* Forgets the age entry of the session's current record; *found says
 * whether there was a record in the current layout (counted). */
static int session_unindex(struct store_graph *g, DB_TXN *txn,
			   uint64_t session, bool *found)
{
	uint8_t key[8], age[16];
	uint64_t seq, last_use;
	size_t off;
	DBT val;
	int ret;

	*found = false;
	store_put_be64(key, session);
	ret = db_get(g, GDB_SESSIONS, txn, key, 8, &val);
	if (ret == DB_NOTFOUND)
		return 0;
	if (ret)
		return ret;
	ret = session_decode(&val, &seq, &last_use, &off);
	*found = !ret && off == SESSION_HDR;
	free(val.data);
	if (ret || !*found)
		return ret;
	session_age_key(age, last_use, session);
	ret = db_del(g, GDB_SESSION_AGE, txn, age, sizeof(age));
	return ret == DB_NOTFOUND ? 0 : ret;
}

int store_graph_session_put(struct store_graph *g, DB_TXN *txn,
			    uint64_t session, uint64_t seq, uint64_t last_use,
			    const Graphd__Response *resp)
{
	size_t len = graphd__response__get_packed_size(resp);
	uint8_t key[8], age[16], *buf;
	bool found;
	int ret;

	if ((ret = session_unindex(g, txn, session, &found)) != 0)
		return ret;
	if (!(buf = malloc(SESSION_HDR + len)))
		return ENOMEM;
	store_put_be64(buf, seq);
	buf[8] = SESSION_V2;
	store_put_be64(buf + 9, last_use);
	graphd__response__pack(resp, buf + SESSION_HDR);
	store_put_be64(key, session);
	session_age_key(age, last_use, session);
	ret = db_put(g, GDB_SESSIONS, txn, key, 8, buf, SESSION_HDR + len);
	if (!ret)
		ret = db_put(g, GDB_SESSION_AGE, txn, age, sizeof(age), "", 0);
	if (!ret && !found)
		ret = session_count_add(g, txn, 1);
	free(buf);
	return ret;
}

struct expire_scan {
	uint64_t before;
	size_t n, max;
	uint8_t (*keys)[16];
};

static bool expire_one(void *ctx, const DBT *k, const DBT *v)
{
	struct expire_scan *x = ctx;

	(void)v;
	if (k->size != 16 || store_get_be64(k->data) >= x->before)
		return false;
	memcpy(x->keys[x->n++], k->data, 16);
	return x->n < x->max;
}

int store_graph_session_expire(struct store_graph *g, DB_TXN *txn,
			       uint64_t before, size_t max, size_t *expired)
{
	struct expire_scan x = {.before = before, .max = max};
	uint8_t key[8];
	int ret;

	*expired = 0;
	if (max == 0 || !(x.keys = calloc(max, sizeof(*x.keys))))
		return max == 0 ? 0 : ENOMEM;
	ret = store_graph_scan(g, GDB_SESSION_AGE, txn, NULL, 0, expire_one,
			       &x);
	/* Deleted after the walk: the cursor is closed by then. */
	for (size_t i = 0; ret == 0 && i < x.n; i++) {
		memcpy(key, x.keys[i] + 8, 8);
		if ((ret = db_del(g, GDB_SESSION_AGE, txn, x.keys[i], 16)) ||
		    (ret = db_del(g, GDB_SESSIONS, txn, key, 8)) ||
		    (ret = session_count_add(g, txn, -1)))
			break;
		(*expired)++;
	}
	free(x.keys);
	return ret == DB_NOTFOUND ? EBADMSG : ret;
}

int store_graph_log_clock(struct store_graph *g, DB_TXN *txn, int64_t ts,
			  uint64_t *clock)
{
	int ret;

	if ((ret = meta_get_u64(g, txn, KEY_LOG_CLOCK, clock, 0)) != 0)
		return ret;
	if (ts <= 0 || (uint64_t)ts <= *clock)
		return 0;
	*clock = (uint64_t)ts;
	return meta_put_u64(g, txn, KEY_LOG_CLOCK, *clock);
}

uint64_t store_graph_session_count(struct store_graph *g)
{
	DB_TXN *txn;
	uint64_t v = 0;

	if (store_graph_txn_begin(g, NULL, true, &txn) != 0)
		return 0;
	if (meta_get_u64(g, txn, KEY_SESSIONS, &v, 0) != 0)
		v = 0;
	txn->commit(txn, 0);
	return v;
}

/* ------------------------------------------------------------ dump */

struct dump_ctx {
	FILE *out;
	const char *db;
	unsigned flags;
};

static void hex(FILE *out, const DBT *d)
{
	const uint8_t *p = d->data;
	u_int32_t i;

	for (i = 0; i < d->size; i++)
		fprintf(out, "%02x", p[i]);
}

static bool dbt_is(const DBT *k, const char *name)
{
	return k->size == strlen(name) && !memcmp(k->data, name, k->size);
}

static bool dump_one(void *ctx, const DBT *k, const DBT *v)
{
	struct dump_ctx *d = ctx;

	if ((d->flags & STORE_DUMP_NO_APPLIED) && !strcmp(d->db, "meta") &&
	    dbt_is(k, KEY_APPLIED))
		return true;
	/* The session table's bookkeeping goes with it. */
	if ((d->flags & STORE_DUMP_NO_SESSIONS) && !strcmp(d->db, "meta") &&
	    (dbt_is(k, KEY_LOG_CLOCK) || dbt_is(k, KEY_SESSIONS)))
		return true;
	fprintf(d->out, "%s ", d->db);
	hex(d->out, k);
	fputc(' ', d->out);
	hex(d->out, v);
	fputc('\n', d->out);
	return true;
}

int store_graph_dump(struct store_graph *g, FILE *out, unsigned flags)
{
	struct dump_ctx d = {.out = out, .flags = flags};
	DB_TXN *txn;
	int i, ret = 0;

	if ((ret = store_graph_txn_begin(g, NULL, true, &txn)) != 0)
		return ret;
	for (i = 0; i < GDB_COUNT && !ret; i++) {
		if ((i == GDB_SESSIONS || i == GDB_SESSION_AGE) &&
		    (flags & STORE_DUMP_NO_SESSIONS))
			continue;
		d.db = gdb_names[i];
		ret = store_graph_scan(g, i, txn, NULL, 0, dump_one, &d);
	}
	txn->commit(txn, 0);
	return ret;
}

/* ------------------------------------------------------------ verify */

struct verify_ctx {
	struct store_graph *g;
	DB_TXN *txn;
	FILE *report;
	int problems;
	int ret; /* storage failure, stops the walk */
	uint64_t max_node, max_rel;
};

static void problem(struct verify_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct verify_ctx *c, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	if (!c->report)
		return;
	va_start(ap, fmt);
	vfprintf(c->report, fmt, ap);
	va_end(ap);
	fputc('\n', c->report);
}

/* 1 if present, 0 if absent; -1 (and c->ret) on a storage failure. */
static int verify_exists(struct verify_ctx *c, enum graph_db which,
			 const void *k, size_t klen, uint64_t *val)
{
	DBT v;
	int ret = db_get(c->g, which, c->txn, k, klen, &v);

	if (ret == DB_NOTFOUND)
		return 0;
	if (ret) {
		c->ret = ret;
		return -1;
	}
	if (val)
		*val = v.size == 8 ? store_get_be64(v.data) : 0;
	free(v.data);
	return 1;
}

static bool verify_node(void *ctx, const DBT *k, const DBT *v)
{
	struct verify_ctx *c = ctx;
	uint8_t key[ADJ_KEY_MAX];
	Graphd__Node *n;
	size_t i, j, len;

	n = graphd__node__unpack(NULL, v->size, v->data);
	if (!n || k->size != 8 || store_get_be64(k->data) != n->id) {
		problem(c,
			"node record %llu does not decode or has the "
			"wrong id",
			k->size == 8 ? (unsigned long long)store_get_be64(k->data)
				     : 0ULL);
		if (n)
			graphd__node__free_unpacked(n, NULL);
		return true;
	}
	if (n->id > c->max_node)
		c->max_node = n->id;
	for (i = 0; i < n->n_labels && c->ret == 0; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(n->labels[i], n->labels[j]))
				problem(c, "node %llu has label %s twice",
					(unsigned long long)n->id,
					n->labels[i]);
		len = label_key(key, n->labels[i], &n->id);
		if (verify_exists(c, GDB_LABELS, key, len, NULL) == 0)
			problem(c,
				"node %llu has label %s but the label "
				"index lacks it",
				(unsigned long long)n->id, n->labels[i]);
	}
	graphd__node__free_unpacked(n, NULL);
	return c->ret == 0;
}

static void verify_rel_adj(struct verify_ctx *c, const Graphd__Relationship *r,
			   uint64_t node, enum store_dir dir, uint64_t other)
{
	uint8_t key[ADJ_KEY_MAX];
	size_t len = adj_key(key, node, dir, r->type, &r->id);
	uint64_t got = 0;
	int e = verify_exists(c, GDB_ADJ, key, len, &got);

	if (e == 0 || (e > 0 && got != other))
		problem(c,
			"relationship %llu: adjacency %s of node %llu is "
			"%s",
			(unsigned long long)r->id, dir ? "in" : "out",
			(unsigned long long)node, e ? "wrong" : "missing");
}

static bool verify_rel(void *ctx, const DBT *k, const DBT *v)
{
	struct verify_ctx *c = ctx;
	Graphd__Relationship *r;
	uint8_t key[8];

	r = graphd__relationship__unpack(NULL, v->size, v->data);
	if (!r || k->size != 8 || store_get_be64(k->data) != r->id) {
		problem(c, "a relationship record does not decode or has "
			   "the wrong id");
		if (r)
			graphd__relationship__free_unpacked(r, NULL);
		return true;
	}
	if (r->id > c->max_rel)
		c->max_rel = r->id;
	store_put_be64(key, r->start);
	if (verify_exists(c, GDB_NODES, key, 8, NULL) == 0)
		problem(c, "relationship %llu starts at missing node %llu",
			(unsigned long long)r->id,
			(unsigned long long)r->start);
	store_put_be64(key, r->end);
	if (verify_exists(c, GDB_NODES, key, 8, NULL) == 0)
		problem(c, "relationship %llu ends at missing node %llu",
			(unsigned long long)r->id, (unsigned long long)r->end);
	verify_rel_adj(c, r, r->start, STORE_DIR_OUT, r->end);
	verify_rel_adj(c, r, r->end, STORE_DIR_IN, r->start);
	graphd__relationship__free_unpacked(r, NULL);
	return c->ret == 0;
}

static bool verify_adj(void *ctx, const DBT *k, const DBT *v)
{
	struct verify_ctx *c = ctx;
	Graphd__Relationship *r = NULL;
	struct store_adj a;
	uint64_t from, to;
	int ret;

	if (!adj_decode(k, v, &a)) {
		problem(c, "an adjacency record does not decode");
		return true;
	}
	ret = store_graph_rel_get(c->g, c->txn, a.rel, &r);
	if (ret == DB_NOTFOUND || ret == EBADMSG) {
		problem(c,
			"adjacency of node %llu names missing "
			"relationship %llu",
			(unsigned long long)a.node, (unsigned long long)a.rel);
		return true;
	}
	if (ret) {
		c->ret = ret;
		return false;
	}
	from = a.dir == STORE_DIR_OUT ? a.node : a.other;
	to = a.dir == STORE_DIR_OUT ? a.other : a.node;
	if (r->start != from || r->end != to || strcmp(r->type, a.type))
		problem(c,
			"adjacency of node %llu does not match "
			"relationship %llu",
			(unsigned long long)a.node, (unsigned long long)a.rel);
	graphd__relationship__free_unpacked(r, NULL);
	return true;
}

static bool verify_label(void *ctx, const DBT *k, const DBT *v)
{
	struct verify_ctx *c = ctx;
	const char *label = k->data;
	Graphd__Node *n = NULL;
	size_t i, llen;
	uint64_t id;
	bool has = false;
	int ret;

	(void)v;
	llen = strnlen(label, k->size);
	if (llen + 1 + 8 != k->size) {
		problem(c, "a label index record does not decode");
		return true;
	}
	id = store_get_be64((const uint8_t *)k->data + llen + 1);
	ret = store_graph_node_get(c->g, c->txn, id, &n);
	if (ret && ret != DB_NOTFOUND && ret != EBADMSG) {
		c->ret = ret;
		return false;
	}
	for (i = 0; n && i < n->n_labels; i++)
		has = has || !strcmp(n->labels[i], label);
	if (!has)
		problem(c, "label index has %s for node %llu, which %s", label,
			(unsigned long long)id,
			n ? "lacks that label" : "does not exist");
	if (n)
		graphd__node__free_unpacked(n, NULL);
	return true;
}

static void verify_counters(struct verify_ctx *c)
{
	uint64_t next_node = 1, next_rel = 1;

	if ((c->ret = meta_get_u64(c->g, c->txn, KEY_NEXT_NODE, &next_node,
				   1)) != 0 ||
	    (c->ret = meta_get_u64(c->g, c->txn, KEY_NEXT_REL, &next_rel, 1)))
		return;
	if (next_node <= c->max_node)
		problem(c, "next node id %llu is not past node %llu",
			(unsigned long long)next_node,
			(unsigned long long)c->max_node);
	if (next_rel <= c->max_rel)
		problem(c,
			"next relationship id %llu is not past "
			"relationship %llu",
			(unsigned long long)next_rel,
			(unsigned long long)c->max_rel);
}

int store_graph_verify(struct store_graph *g, FILE *report)
{
	bool (*const walk[])(void *, const DBT *, const DBT *) = {
	    verify_node, verify_rel, verify_adj, verify_label};
	const enum graph_db dbs[] = {GDB_NODES, GDB_RELS, GDB_ADJ, GDB_LABELS};
	struct verify_ctx c = {.g = g, .report = report};
	size_t i;
	int ret;

	if (store_graph_txn_begin(g, NULL, true, &c.txn) != 0)
		return -1;
	for (i = 0; i < 4 && !c.ret; i++) {
		ret = store_graph_scan(g, dbs[i], c.txn, NULL, 0, walk[i], &c);
		if (ret && !c.ret)
			c.ret = ret;
	}
	if (!c.ret)
		verify_counters(&c);
	if (!c.ret)
		c.ret = schema_verify(g, c.txn, report, &c.problems);
	c.txn->commit(c.txn, 0);
	return c.ret ? -1 : c.problems;
}
