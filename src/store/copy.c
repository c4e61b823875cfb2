/* copy.c: the graph store as a stream of records: store copy to a slave
 * behind the compacted log, and backup. */
#include "store/copy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/bytes.h"

/* Meta keys (graph.h layout). The mark is ours: present while a copy is
 * being installed, so that a crash half-way leaves a store that says so. */
#define META_DB_NAME "meta"
#define KEY_MARK     "copy_in_progress"
#define KEY_APPLIED  "applied_index"

struct store_copy_reader {
	struct store_graph *g;
	DB_TXN *txn;  /* snapshot transaction: the stream's one view */
	DBC *cur;     /* cursor over database db; NULL before its first get */
	unsigned db;  /* database being streamed */
	DBT key, val; /* last record fetched (DB_DBT_REALLOC buffers) */
	bool pending; /* key/val fetched but did not fit the last chunk */
	bool failed;  /* an error was reported: the stream cannot go on */
};

struct store_copy_writer {
	struct store_graph *g;
	uint64_t chunks;  /* chunks installed, for messages */
	uint64_t records; /* records installed, for messages */
};

/* One decoded record of a chunk; key and val point into the chunk. */
struct copy_rec {
	unsigned db;
	const uint8_t *key, *val;
	uint32_t klen, vlen;
};

/* ------------------------------------------------------------ helpers */

static bool key_is(const void *k, size_t klen, const char *name)
{
	return klen == strlen(name) && !memcmp(k, name, klen);
}

static bool is_meta(unsigned db)
{
	const char *name = store_graph_db_name(db);

	return name && !strcmp(name, META_DB_NAME);
}

/* The meta database's handle (graph.h guarantees one named "meta"). */
static DB *meta_db(struct store_graph *g)
{
	unsigned i;

	for (i = 0; i < store_graph_db_count(); i++)
		if (is_meta(i))
			return store_graph_db(g, i);
	return NULL;
}

static int meta_put(struct store_graph *g, DB_TXN *txn, const char *name,
		    const void *v, size_t vlen)
{
	DB *db = meta_db(g);
	DBT key, val;

	if (!db)
		return EINVAL;
	store_dbt_set(&key, name, strlen(name));
	store_dbt_set(&val, v, vlen);
	return db->put(db, txn, &key, &val, 0);
}

static int meta_del(struct store_graph *g, DB_TXN *txn, const char *name)
{
	DB *db = meta_db(g);
	DBT key;
	int ret;

	if (!db)
		return EINVAL;
	store_dbt_set(&key, name, strlen(name));
	ret = db->del(db, txn, &key, 0);
	return ret == DB_NOTFOUND ? 0 : ret;
}

/* Empties every graph database inside txn. DB->truncate frees the pages
 * instead of deleting record by record: a few locks per page, not per
 * record, and far less log. */
/* Records deleted per transaction when the store is emptied: a store of any
 * size is emptied with a bounded number of locks and log space per
 * transaction (one transaction over a large store exhausted Berkeley DB's
 * lock region: "BDB0061 PANIC: Cannot allocate memory"). */
#define COPY_EMPTY_BATCH 4096

/* Deletes up to COPY_EMPTY_BATCH records of db (never meta's mark) in one
 * transaction; *left is set when records remain. */
static int empty_batch(struct store_graph *g, unsigned i, bool *left)
{
	DB *db = store_graph_db(g, i);
	DB_TXN *txn = NULL;
	DBC *cur = NULL;
	DBT key, val;
	unsigned n = 0;
	int ret;

	memset(&key, 0, sizeof(key));
	memset(&val, 0, sizeof(val));
	/* DB_THREAD environment: returned DBTs need their own memory. */
	key.flags = DB_DBT_REALLOC;
	val.flags = DB_DBT_REALLOC | DB_DBT_PARTIAL; /* values not read */
	*left = false;
	if ((ret = store_graph_txn_begin(g, NULL, false, &txn)) != 0 ||
	    (ret = db->cursor(db, txn, &cur, 0)) != 0)
		goto out;
	while ((ret = cur->get(cur, &key, &val, DB_NEXT)) == 0) {
		if (is_meta(i) && key_is(key.data, key.size, KEY_MARK))
			continue;
		if (n == COPY_EMPTY_BATCH) {
			*left = true;
			break;
		}
		if ((ret = cur->del(cur, 0)) != 0)
			goto out;
		n++;
	}
	if (ret == DB_NOTFOUND)
		ret = 0;
out:
	free(key.data);
	free(val.data);
	if (cur)
		cur->close(cur);
	if (txn && ret == 0)
		ret = txn->commit(txn, 0);
	else if (txn)
		txn->abort(txn);
	return ret;
}

/* Empties every graph database except the mark, in bounded transactions.
 * The caller made the mark durable first: a crash halfway leaves a store
 * that says it is incomplete. Bounded: each batch deletes records of a
 * finite store, and nothing else writes to it meanwhile. */
static int empty_all(struct store_graph *g)
{
	bool left;
	unsigned i;
	int ret;

	for (i = 0; i < store_graph_db_count(); i++) {
		do {
			if ((ret = empty_batch(g, i, &left)) != 0)
				return ret;
		} while (left);
	}
	return 0;
}

/* ------------------------------------------------------------ reader */

int store_copy_reader_open(struct store_graph *g,
			   struct store_copy_reader **out, uint64_t *applied,
			   char *err, size_t errlen)
{
	struct store_copy_reader *r;
	int ret;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r)))) {
		snprintf(err, errlen,
			 "out of memory starting a store copy; no copy is "
			 "sent");
		return -1;
	}
	r->g = g;
	r->key.flags = r->val.flags = DB_DBT_REALLOC;
	if ((ret = store_graph_txn_begin(g, NULL, true, &r->txn)) != 0 ||
	    (ret = store_graph_get_applied(g, r->txn, applied)) != 0) {
		store_graph_errf(g, ret, err, errlen,
				 "cannot open a snapshot of the graph store "
				 "for a store copy; no copy is sent");
		goto err;
	}
	*out = r;
	return 0;
err:
	store_copy_reader_close(r);
	return -1;
}

void store_copy_reader_close(struct store_copy_reader *r)
{
	if (!r)
		return;
	if (r->cur)
		r->cur->close(r->cur);
	/* A snapshot transaction wrote nothing: commit and abort are alike. */
	if (r->txn)
		r->txn->commit(r->txn, 0);
	free(r->key.data);
	free(r->val.data);
	free(r);
}

/* Fetches the next streamed record into r->key/r->val: 1, 0 past the last
 * database, or a Berkeley DB error. DB_NEXT on a fresh cursor is DB_FIRST. */
static int reader_fetch(struct store_copy_reader *r)
{
	DB *db;
	int ret;

	while (r->db < store_graph_db_count()) {
		if (!r->cur) {
			db = store_graph_db(r->g, r->db);
			if ((ret = db->cursor(db, r->txn, &r->cur, 0)) != 0)
				return ret;
		}
		ret = r->cur->get(r->cur, &r->key, &r->val, DB_NEXT);
		if (ret == 0 && is_meta(r->db) &&
		    key_is(r->key.data, r->key.size, KEY_MARK))
			continue; /* the mark describes this store only */
		if (ret == 0)
			return 1;
		if (ret != DB_NOTFOUND)
			return ret;
		ret = r->cur->close(r->cur);
		r->cur = NULL;
		if (ret)
			return ret;
		r->db++;
	}
	return 0;
}

static size_t record_size(const struct store_copy_reader *r)
{
	return STORE_COPY_RECORD_HEADER + (size_t)r->key.size + r->val.size;
}

static void record_emit(const struct store_copy_reader *r, uint8_t *p)
{
	p[0] = (uint8_t)r->db;
	store_put_be32(p + 1, r->key.size);
	memcpy(p + 5, r->key.data, r->key.size);
	p += 5 + r->key.size;
	store_put_be32(p, r->val.size);
	memcpy(p + 4, r->val.data, r->val.size);
}

int store_copy_reader_next(struct store_copy_reader *r, uint8_t *buf,
			   size_t max, size_t *len, char *err, size_t errlen)
{
	size_t size;
	int ret;

	*len = 0;
	if (max < STORE_COPY_CHUNK_MIN) {
		snprintf(err, errlen,
			 "store copy chunk capacity %zu is below the minimum "
			 "%u bytes; no chunk is produced",
			 max, STORE_COPY_CHUNK_MIN);
		return -1;
	}
	if (r->failed) {
		snprintf(err, errlen,
			 "store copy stream already failed; open a new one");
		return -1;
	}
	for (;;) {
		if (!r->pending) {
			if ((ret = reader_fetch(r)) == 0)
				return 0;
			if (ret != 1)
				goto storage_err;
			r->pending = true;
		}
		size = record_size(r);
		if (size > max) {
			snprintf(err, errlen,
				 "store copy: a record of database %s is %zu "
				 "bytes (key %u, value %u), larger than the "
				 "chunk capacity %zu; the copy stops",
				 store_graph_db_name(r->db), size,
				 (unsigned)r->key.size, (unsigned)r->val.size,
				 max);
			r->failed = true;
			return -1;
		}
		if (size > max - *len)
			return 1; /* it opens the next chunk */
		record_emit(r, buf + *len);
		*len += size;
		r->pending = false;
	}
storage_err:
	r->failed = true;
	store_graph_errf(r->g, ret, err, errlen,
			 "cannot read the graph store for a store copy; the "
			 "copy stops");
	return -1;
}

/* ------------------------------------------------------------ writer */

int store_copy_writer_begin(struct store_graph *g,
			    struct store_copy_writer **out, char *err,
			    size_t errlen)
{
	struct store_copy_writer *w;
	DB_TXN *txn = NULL;
	int ret;

	*out = NULL;
	if (!(w = calloc(1, sizeof(*w)))) {
		snprintf(err, errlen,
			 "out of memory starting to install a store copy; "
			 "the store is unchanged");
		return -1;
	}
	w->g = g;
	/* The mark first, durably; then the emptying, in batches. */
	if ((ret = store_graph_txn_begin(g, NULL, false, &txn)) != 0 ||
	    (ret = meta_put(g, txn, KEY_MARK, "", 0)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret || (ret = empty_all(g)) != 0)
		goto err;
	*out = w;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	store_graph_errf(g, ret, err, errlen,
			 "cannot empty the graph store to install a store "
			 "copy; it stays marked incomplete and is not served");
	free(w);
	return -1;
}

/* Decodes the record at *off of a chunk: 1 (and *off moves past it), 0 at
 * the end, -1 with err saying what is malformed. */
static int record_decode(const uint8_t *data, size_t len, size_t *off,
			 struct copy_rec *rec, char *err, size_t errlen)
{
	size_t o = *off, left = len - o;

	if (left == 0)
		return 0;
	if (left < 5)
		goto truncated;
	rec->db = data[o];
	rec->klen = store_get_be32(data + o + 1);
	if (rec->db >= store_graph_db_count()) {
		snprintf(err, errlen,
			 "record at byte %zu names database %u; the graph "
			 "store has databases 0 to %u",
			 o, rec->db, store_graph_db_count() - 1);
		return -1;
	}
	left -= 5;
	if (left < (size_t)rec->klen + 4)
		goto truncated;
	rec->key = data + o + 5;
	rec->vlen = store_get_be32(rec->key + rec->klen);
	left -= (size_t)rec->klen + 4;
	if (left < rec->vlen)
		goto truncated;
	rec->val = rec->key + rec->klen + 4;
	*off = o + STORE_COPY_RECORD_HEADER + rec->klen + rec->vlen;
	return 1;
truncated:
	snprintf(err, errlen,
		 "record at byte %zu is truncated: the chunk ends at byte %zu",
		 o, len);
	return -1;
}

/* Checks a whole chunk before anything of it is written. */
static int chunk_check(const uint8_t *data, size_t len, char *err,
		       size_t errlen)
{
	struct copy_rec rec;
	size_t off = 0;
	int ret;

	while ((ret = record_decode(data, len, &off, &rec, err, errlen)) == 1)
		;
	return ret;
}

/* Writes a checked chunk in txn; *n counts the records written. */
static int chunk_write(struct store_graph *g, DB_TXN *txn, const uint8_t *data,
		       size_t len, uint64_t *n)
{
	struct copy_rec rec;
	char ignored[8];
	size_t off = 0;
	DBT key, val;
	DB *db;
	int ret;

	while (record_decode(data, len, &off, &rec, ignored, sizeof(ignored)) ==
	       1) {
		/* finish sets applied_index; the mark is begin's */
		if (is_meta(rec.db) &&
		    (key_is(rec.key, rec.klen, KEY_APPLIED) ||
		     key_is(rec.key, rec.klen, KEY_MARK)))
			continue;
		db = store_graph_db(g, rec.db);
		store_dbt_set(&key, rec.key, rec.klen);
		store_dbt_set(&val, rec.val, rec.vlen);
		if ((ret = db->put(db, txn, &key, &val, 0)) != 0)
			return ret;
		(*n)++;
	}
	return 0;
}

int store_copy_writer_put(struct store_copy_writer *w, const uint8_t *data,
			  size_t len, char *err, size_t errlen)
{
	char why[256], what[128];
	DB_TXN *txn = NULL;
	uint64_t n = 0;
	int ret;

	if (chunk_check(data, len, why, sizeof(why)) != 0) {
		snprintf(err, errlen,
			 "store copy chunk %llu (%zu bytes) for data directory "
			 "%s is malformed: %s; nothing of it was written, the "
			 "store stays marked incomplete",
			 (unsigned long long)w->chunks + 1, len,
			 store_env_dir(store_graph_env(w->g)), why);
		return -1;
	}
	if ((ret = store_graph_txn_begin(w->g, NULL, false, &txn)) != 0 ||
	    (ret = chunk_write(w->g, txn, data, len, &n)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret)
		goto err;
	w->chunks++;
	w->records += n;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	snprintf(what, sizeof(what),
		 "cannot install store copy chunk %llu; nothing of it was "
		 "written, the store stays marked incomplete",
		 (unsigned long long)w->chunks + 1);
	store_graph_errf(w->g, ret, err, errlen, what);
	return -1;
}

int store_copy_writer_finish(struct store_copy_writer *w, uint64_t applied,
			     char *err, size_t errlen)
{
	struct store_graph *g = w->g;
	DB_TXN *txn = NULL;
	char what[160];
	int ret;

	if ((ret = store_graph_txn_begin(g, NULL, false, &txn)) != 0 ||
	    (ret = store_graph_set_applied(g, txn, applied)) != 0 ||
	    (ret = meta_del(g, txn, KEY_MARK)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret)
		goto err;
	free(w);
	return 0;
err:
	if (txn)
		txn->abort(txn);
	snprintf(what, sizeof(what),
		 "cannot complete the store copy at applied index %llu "
		 "(%llu records installed); the store stays marked incomplete",
		 (unsigned long long)applied, (unsigned long long)w->records);
	store_graph_errf(g, ret, err, errlen, what);
	free(w);
	return -1;
}

void store_copy_writer_abort(struct store_copy_writer *w)
{
	free(w);
}

/* ------------------------------------------------------------ state */

bool store_copy_incomplete(struct store_graph *g)
{
	DB *db = meta_db(g);
	DB_TXN *txn;
	DBT key, val;
	int ret;

	if (!db || store_graph_txn_begin(g, NULL, true, &txn) != 0)
		return true;
	store_dbt_set(&key, KEY_MARK, strlen(KEY_MARK));
	memset(&val, 0, sizeof(val));
	val.flags = DB_DBT_MALLOC;
	ret = db->get(db, txn, &key, &val, 0);
	free(val.data);
	txn->commit(txn, 0);
	return ret != DB_NOTFOUND;
}

int store_copy_reset(struct store_graph *g, char *err, size_t errlen)
{
	DB_TXN *txn = NULL;
	int ret;

	/* The mark goes last: until then the store still says incomplete. */
	if ((ret = empty_all(g)) != 0 ||
	    (ret = store_graph_txn_begin(g, NULL, false, &txn)) != 0 ||
	    (ret = meta_del(g, txn, KEY_MARK)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret)
		goto err;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	store_graph_errf(g, ret, err, errlen,
			 "cannot empty the graph store after an incomplete "
			 "store copy; it stays marked incomplete");
	return -1;
}
