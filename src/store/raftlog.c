/* raftlog.c: the durable Raft log and hard state in Berkeley DB. */
#include "store/raftlog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/bytes.h"
#include "store/crc32.h"

#define ENT_HDR		  18 /* crc 4, term 8, type 1, flags 1, len 4 */
#define ENT_FLAG_STRIPPED 0x01
#define HS_LEN		  24 /* crc 4, term 8, vote 4, commit 8 */
#define SNAP_HDR	  24 /* crc 4, index 8, term 8, n 4 */
#define SNAP_MEMBER	  8  /* id 4, kind, slave_only, promote, 0 */
#define KEY_HARD_STATE	  "hard_state"
#define KEY_SNAPSHOT	  "snapshot"
#define KEY_IDENTITY	  "identity"
#define ID_LEN		  (4 + 1 + STORE_RAFTLOG_ID_LEN + 8)
#define ID_FLAG_HAS_ID	  0x01
#define ID_FLAG_REMOVED	  0x02

struct store_raftlog {
	struct store_env *env;
	DB *log;
	DB *meta;
};

/* ------------------------------------------------------------ encoding */

/* The crc of an entry covers its key too, so that a record that ends up
 * under the wrong index is caught like a damaged one. */
static uint32_t ent_crc(const uint8_t key[8], const uint8_t *val, size_t len)
{
	return store_crc32(store_crc32(0, key, 8), val + 4, len - 4);
}

static uint8_t *ent_encode(const struct raft_entry *e, size_t *len)
{
	size_t dlen = e->stripped ? 0 : e->len;
	uint8_t key[8], *v;

	*len = ENT_HDR + dlen;
	v = malloc(*len);
	if (!v)
		return NULL;
	store_put_be64(key, e->index);
	store_put_be64(v + 4, e->term);
	v[12] = e->type;
	v[13] = e->stripped ? ENT_FLAG_STRIPPED : 0;
	store_put_be32(v + 14, (uint32_t)dlen);
	if (dlen)
		memcpy(v + ENT_HDR, e->data, dlen);
	store_put_be32(v, ent_crc(key, v, *len));
	return v;
}

/* Returns 0 and fills e (data malloc'd), or -1 with the reason in why. */
static int ent_decode(const DBT *k, const DBT *v, struct raft_entry *e,
		      const char **why)
{
	const uint8_t *p = v->data;
	size_t dlen;

	if (k->size != 8 || v->size < ENT_HDR) {
		*why = "record too short (torn write)";
		return -1;
	}
	dlen = store_get_be32(p + 14);
	if (v->size != ENT_HDR + dlen) {
		*why = "length field does not match the record (torn write)";
		return -1;
	}
	if (store_get_be32(p) != ent_crc(k->data, p, v->size)) {
		*why = "checksum mismatch";
		return -1;
	}
	memset(e, 0, sizeof(*e));
	e->index = store_get_be64(k->data);
	e->term = store_get_be64(p + 4);
	e->type = p[12];
	e->stripped = (p[13] & ENT_FLAG_STRIPPED) != 0;
	if (dlen) {
		if (!(e->data = malloc(dlen))) {
			*why = "out of memory";
			return -1;
		}
		memcpy(e->data, p + ENT_HDR, dlen);
		e->len = dlen;
	}
	return 0;
}

static void hs_encode(const struct raft_hard_state *hs, uint8_t v[HS_LEN])
{
	store_put_be64(v + 4, hs->term);
	store_put_be32(v + 12, (uint32_t)hs->vote);
	store_put_be64(v + 16, hs->commit);
	store_put_be32(v, store_crc32(0, v + 4, HS_LEN - 4));
}

static size_t snap_encode(raft_index index, raft_term term,
			  const struct raft_config *c, uint8_t *v)
{
	uint32_t i, n = c->n > RAFT_MAX_MEMBERS ? RAFT_MAX_MEMBERS : c->n;
	size_t len = SNAP_HDR + (size_t)n * SNAP_MEMBER;

	store_put_be64(v + 4, index);
	store_put_be64(v + 12, term);
	store_put_be32(v + 20, (uint32_t)n);
	for (i = 0; i < n; i++) {
		uint8_t *m = v + SNAP_HDR + i * SNAP_MEMBER;

		store_put_be32(m, (uint32_t)c->members[i].id);
		m[4] = c->members[i].kind;
		m[5] = c->members[i].slave_only;
		m[6] = c->members[i].auto_promote;
		m[7] = 0;
	}
	store_put_be32(v, store_crc32(0, v + 4, len - 4));
	return len;
}

static int snap_decode(const uint8_t *v, size_t len, struct raft_snapshot *s)
{
	uint32_t i, n;

	if (len < SNAP_HDR ||
	    store_get_be32(v) != store_crc32(0, v + 4, len - 4))
		return -1;
	n = (uint32_t)store_get_be32(v + 20);
	if (n > RAFT_MAX_MEMBERS || len != SNAP_HDR + (size_t)n * SNAP_MEMBER)
		return -1;
	memset(s, 0, sizeof(*s));
	s->index = store_get_be64(v + 4);
	s->term = store_get_be64(v + 12);
	s->config.n = n;
	for (i = 0; i < n; i++) {
		const uint8_t *m = v + SNAP_HDR + i * SNAP_MEMBER;

		s->config.members[i].id = (raft_id)store_get_be32(m);
		s->config.members[i].kind = m[4];
		s->config.members[i].slave_only = m[5] != 0;
		s->config.members[i].auto_promote = m[6] != 0;
	}
	return 0;
}

/* ------------------------------------------------------------ open/close */

static int open_db(struct store_raftlog *l, DB **db, const char *name,
		   char *err, size_t errlen)
{
	const u_int32_t flags = DB_CREATE | DB_AUTO_COMMIT | DB_THREAD;
	int ret;

	if ((ret = db_create(db, store_env_db(l->env), 0)) != 0 ||
	    (ret = (*db)->open(*db, NULL, STORE_RAFTLOG_FILE, name, DB_BTREE,
			       flags, 0640)) != 0) {
		char what[128];

		snprintf(what, sizeof(what), "cannot open the Raft log %s/%s",
			 STORE_RAFTLOG_FILE, name);
		store_env_errf(l->env, ret, err, errlen, what);
		return -1;
	}
	return 0;
}

int store_raftlog_open(struct store_env *env, struct store_raftlog **out,
		       char *err, size_t errlen)
{
	struct store_raftlog *l;

	*out = NULL;
	if (!(l = calloc(1, sizeof(*l)))) {
		snprintf(err, errlen, "out of memory opening the Raft log");
		return -1;
	}
	l->env = env;
	if (open_db(l, &l->log, STORE_RAFTLOG_DB_LOG, err, errlen) < 0 ||
	    open_db(l, &l->meta, STORE_RAFTLOG_DB_META, err, errlen) < 0)
		goto err;
	*out = l;
	return 0;
err:
	store_raftlog_close(l);
	return -1;
}

void store_raftlog_close(struct store_raftlog *l)
{
	if (!l)
		return;
	if (l->log)
		l->log->close(l->log, 0);
	if (l->meta)
		l->meta->close(l->meta, 0);
	free(l);
}

/* ------------------------------------------------------------ writes */

static int meta_put(struct store_raftlog *l, DB_TXN *txn, const char *name,
		    void *val, size_t len)
{
	DBT k, v;

	store_dbt_set(&k, (void *)name, strlen(name));
	store_dbt_set(&v, val, len);
	return l->meta->put(l->meta, txn, &k, &v, 0);
}

/* Deletes the stored entries with from <= index <= to. */
static int del_range(struct store_raftlog *l, DB_TXN *txn, raft_index from,
		     raft_index to)
{
	uint8_t kb[64]; /* keys are 8 bytes; room to delete a damaged one */
	DBC *c = NULL;
	DBT k, v;
	int ret, cret;

	if (from > to)
		return 0;
	if ((ret = l->log->cursor(l->log, txn, &c, 0)) != 0)
		return ret;
	store_put_be64(kb, from);
	store_dbt_set(&k, kb, 8);
	k.ulen = sizeof(kb);
	k.flags = DB_DBT_USERMEM;
	store_dbt_set(&v, NULL, 0);
	/* Keys only: a zero-length partial read skips the payloads. */
	v.flags = DB_DBT_USERMEM | DB_DBT_PARTIAL;
	ret = c->get(c, &k, &v, DB_SET_RANGE | DB_RMW);
	while (ret == 0 && (k.size < 8 || store_get_be64(kb) <= to)) {
		if ((ret = c->del(c, 0)) != 0)
			break;
		ret = c->get(c, &k, &v, DB_NEXT | DB_RMW);
	}
	if (ret == DB_NOTFOUND || ret == 0)
		ret = 0;
	cret = c->close(c);
	return ret ? ret : cret;
}

static int put_entry(struct store_raftlog *l, DB_TXN *txn,
		     const struct raft_entry *e)
{
	uint8_t kb[8], *val;
	size_t len;
	DBT k, v;
	int ret;

	if (!(val = ent_encode(e, &len)))
		return ENOMEM;
	store_put_be64(kb, e->index);
	store_dbt_set(&k, kb, 8);
	store_dbt_set(&v, val, len);
	ret = l->log->put(l->log, txn, &k, &v, 0);
	free(val);
	return ret;
}

/* Term of the stored entry at index, 0 when absent or unreadable. */
static raft_term stored_term(struct store_raftlog *l, DB_TXN *txn,
			     raft_index index)
{
	uint8_t kb[8], hdr[12];
	DBT k, v;

	store_put_be64(kb, index);
	store_dbt_set(&k, kb, 8);
	store_dbt_set(&v, hdr, 0);
	v.ulen = sizeof(hdr);
	v.dlen = sizeof(hdr);
	v.doff = 0;
	v.flags = DB_DBT_USERMEM | DB_DBT_PARTIAL;
	if (l->log->get(l->log, txn, &k, &v, 0) != 0 || v.size < 12)
		return 0;
	return store_get_be64(hdr + 4);
}

/* Installing a snapshot (Raft paper, Figure 13, steps 6-7): if the log holds
 * the snapshot's last entry with the same term, keep what follows it;
 * otherwise discard the whole log. Either way nothing up to index stays. */
static int save_snapshot(struct store_raftlog *l, DB_TXN *txn,
			 const struct raft_snapshot *s)
{
	uint8_t buf[SNAP_HDR + RAFT_MAX_MEMBERS * SNAP_MEMBER];
	size_t len = snap_encode(s->index, s->term, &s->config, buf);
	int ret;

	if ((ret = meta_put(l, txn, KEY_SNAPSHOT, buf, len)) != 0)
		return ret;
	if (stored_term(l, txn, s->index) != s->term)
		return del_range(l, txn, 0, UINT64_MAX);
	return del_range(l, txn, 0, s->index);
}

static int save_entries(struct store_raftlog *l, DB_TXN *txn,
			const struct raft_entry *ents, size_t n)
{
	size_t i;
	int ret;

	/* The new entries replace whatever the log held from their first
	 * index on (Figure 2, AppendEntries step 3: a conflicting suffix). */
	if ((ret = del_range(l, txn, ents[0].index, UINT64_MAX)) != 0)
		return ret;
	for (i = 0; i < n; i++)
		if ((ret = put_entry(l, txn, &ents[i])) != 0)
			return ret;
	return 0;
}

/* One transaction for everything given; commit_flags 0 waits for the
 * disk, DB_TXN_NOSYNC does not. */
static int save_txn(struct store_raftlog *l, const struct raft_hard_state *hs,
		    const struct raft_entry *ents, size_t n,
		    const struct raft_snapshot *snap, u_int32_t commit_flags,
		    char *err, size_t errlen)
{
	DB_ENV *env = store_env_db(l->env);
	uint8_t hsbuf[HS_LEN];
	DB_TXN *txn = NULL;
	size_t i;
	int ret;

	for (i = 1; i < n; i++) {
		if (ents[i].index != ents[0].index + i) {
			snprintf(err, errlen,
				 "Raft log write refused: entries %llu and "
				 "%llu are not contiguous (a bug; nothing was "
				 "written to %s)",
				 (unsigned long long)ents[i - 1].index,
				 (unsigned long long)ents[i].index,
				 store_env_dir(l->env));
			return -1;
		}
	}
	if ((ret = env->txn_begin(env, NULL, &txn, 0)) != 0)
		goto err;
	if (hs) {
		hs_encode(hs, hsbuf);
		if ((ret = meta_put(l, txn, KEY_HARD_STATE, hsbuf, HS_LEN)))
			goto err;
	}
	if (snap && (ret = save_snapshot(l, txn, snap)) != 0)
		goto err;
	if (n && (ret = save_entries(l, txn, ents, n)) != 0)
		goto err;
	/* One commit, one log flush: the group commit of a whole Ready. */
	ret = txn->commit(txn, commit_flags);
	txn = NULL;
	if (ret)
		goto err;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	store_env_errf(l->env, ret, err, errlen,
		       "cannot write the Raft log (nothing of this batch was "
		       "stored)");
	return -1;
}

int store_raftlog_save(struct store_raftlog *l,
		       const struct raft_hard_state *hs,
		       const struct raft_entry *ents, size_t n,
		       const struct raft_snapshot *snap, char *err,
		       size_t errlen)
{
	return save_txn(l, hs, ents, n, snap, 0, err, errlen);
}

int store_raftlog_save_commit(struct store_raftlog *l,
			      const struct raft_hard_state *hs, char *err,
			      size_t errlen)
{
	return save_txn(l, hs, NULL, 0, NULL, DB_TXN_NOSYNC, err, errlen);
}

int store_raftlog_compact(struct store_raftlog *l, raft_index index,
			  raft_term term, const struct raft_config *config,
			  char *err, size_t errlen)
{
	uint8_t buf[SNAP_HDR + RAFT_MAX_MEMBERS * SNAP_MEMBER];
	DB_ENV *env = store_env_db(l->env);
	DB_TXN *txn = NULL;
	size_t len;
	int ret;

	len = snap_encode(index, term, config, buf);
	if ((ret = env->txn_begin(env, NULL, &txn, 0)) != 0 ||
	    (ret = meta_put(l, txn, KEY_SNAPSHOT, buf, len)) != 0 ||
	    (ret = del_range(l, txn, 0, index)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret)
		goto err;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	store_env_errf(l->env, ret, err, errlen,
		       "cannot compact the Raft log (it keeps its old entries; "
		       "compaction is retried later)");
	return -1;
}

/* ------------------------------------------------------------ load */

/* Reads a meta record into buf; 1 if found, 0 if absent, -1 on error. */
static int meta_get(struct store_raftlog *l, const char *name, uint8_t *buf,
		    size_t cap, size_t *len, int *dberr)
{
	DBT k, v;
	int ret;

	store_dbt_set(&k, (void *)name, strlen(name));
	store_dbt_set(&v, buf, 0);
	v.ulen = (u_int32_t)cap;
	v.flags = DB_DBT_USERMEM;
	ret = l->meta->get(l->meta, NULL, &k, &v, 0);
	if (ret == DB_NOTFOUND)
		return 0;
	if (ret == DB_BUFFER_SMALL) {
		*len = cap + 1; /* reported as corrupt by the caller */
		return 1;
	}
	if (ret) {
		*dberr = ret;
		return -1;
	}
	*len = v.size;
	return 1;
}

static int load_meta(struct store_raftlog *l, struct raft_boot *boot,
		     bool *found, char *err, size_t errlen)
{
	uint8_t buf[SNAP_HDR + RAFT_MAX_MEMBERS * SNAP_MEMBER];
	const char *dir = store_env_dir(l->env);
	size_t len = 0;
	int r, dberr = 0;

	r = meta_get(l, KEY_HARD_STATE, buf, sizeof(buf), &len, &dberr);
	if (r < 0)
		goto dberr;
	if (r > 0) {
		*found = true;
		if (len != HS_LEN ||
		    store_get_be32(buf) != store_crc32(0, buf + 4, HS_LEN - 4))
			goto corrupt;
		boot->hard_state.term = store_get_be64(buf + 4);
		boot->hard_state.vote = (raft_id)store_get_be32(buf + 12);
		boot->hard_state.commit = store_get_be64(buf + 16);
	}
	r = meta_get(l, KEY_SNAPSHOT, buf, sizeof(buf), &len, &dberr);
	if (r < 0)
		goto dberr;
	if (r > 0) {
		*found = true;
		if (snap_decode(buf, len, &boot->snapshot) < 0)
			goto corrupt;
	}
	return 0;
corrupt:
	snprintf(err, errlen,
		 "the Raft hard state or snapshot record in %s/%s is corrupt; "
		 "refusing to start: restore this instance from a backup or "
		 "empty its data directory and let it rejoin the cluster",
		 dir, STORE_RAFTLOG_FILE);
	return -1;
dberr:
	store_env_errf(l->env, dberr, err, errlen,
		       "cannot read the Raft log metadata");
	return -1;
}

static int boot_push(struct raft_boot *boot, size_t *cap,
		     const struct raft_entry *e)
{
	struct raft_entry *ents = (struct raft_entry *)boot->entries;

	if (boot->n_entries == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;

		ents = realloc(ents, ncap * sizeof(*ents));
		if (!ents)
			return -1;
		boot->entries = ents;
		*cap = ncap;
	}
	ents[boot->n_entries++] = *e;
	return 0;
}

/* Walks the log in index order. Stops at the first entry that is damaged,
 * missing or out of place: *bad = its index and *why the reason. */
static int load_entries(struct store_raftlog *l, struct raft_boot *boot,
			bool *found, raft_index *bad, const char **why)
{
	raft_index expect = boot->snapshot.index + 1;
	struct raft_entry e;
	size_t cap = 0;
	DBC *c = NULL;
	DBT k, v;
	int ret;

	*bad = 0;
	if ((ret = l->log->cursor(l->log, NULL, &c, 0)) != 0)
		return ret;
	store_dbt_set(&k, NULL, 0);
	store_dbt_set(&v, NULL, 0);
	k.flags = v.flags = DB_DBT_REALLOC; /* DB_THREAD handles need one */
	while ((ret = c->get(c, &k, &v, DB_NEXT)) == 0) {
		*found = true;
		if (k.size == 8 && store_get_be64(k.data) < expect)
			continue; /* covered by the snapshot: left over */
		if (k.size != 8 || store_get_be64(k.data) != expect) {
			*bad = expect;
			*why = "entry missing (gap in the log)";
			break;
		}
		if (ent_decode(&k, &v, &e, why) < 0) {
			*bad = expect;
			break;
		}
		if (boot_push(boot, &cap, &e) < 0) {
			free(e.data);
			ret = ENOMEM;
			break;
		}
		expect++;
	}
	c->close(c);
	free(k.data);
	free(v.data);
	return ret == DB_NOTFOUND ? 0 : ret;
}

/* A damaged entry past commit was never acknowledged to a client as
 * committed, so Raft may drop it and everything after it (the leader sends
 * them again). One at or below commit may be the only copy of an
 * acknowledged write: refuse to start rather than lose it. */
static int handle_damage(struct store_raftlog *l, struct raft_boot *boot,
			 raft_index bad, const char *why, char *err,
			 size_t errlen)
{
	const char *dir = store_env_dir(l->env);
	raft_index commit = boot->hard_state.commit;
	DB_ENV *env = store_env_db(l->env);
	DB_TXN *txn = NULL;
	int ret;

	if (bad <= commit) {
		snprintf(err, errlen,
			 "Raft log entry %llu in %s/%s is damaged (%s) at or "
			 "below the commit index %llu; it may hold an "
			 "acknowledged write, so this instance refuses to "
			 "start: restore it from a backup, or empty the data "
			 "directory so it rejoins by store copy",
			 (unsigned long long)bad, dir, STORE_RAFTLOG_FILE, why,
			 (unsigned long long)commit);
		return -1;
	}
	if ((ret = env->txn_begin(env, NULL, &txn, 0)) != 0 ||
	    (ret = del_range(l, txn, bad, UINT64_MAX)) != 0 ||
	    (ret = txn->commit(txn, 0)) != 0) {
		if (ret && txn)
			txn->abort(txn);
		store_env_errf(l->env, ret, err, errlen,
			       "cannot truncate the damaged Raft log tail");
		return -1;
	}
	snprintf(err, errlen,
		 "Raft log in %s: entry %llu is damaged (%s), past the commit "
		 "index %llu: truncated the log from there (never "
		 "acknowledged; the master will send it again)",
		 dir, (unsigned long long)bad, why, (unsigned long long)commit);
	return 0;
}

int store_raftlog_load(struct store_raftlog *l, struct raft_boot *boot,
		       bool *fresh, char *err, size_t errlen)
{
	bool found = false;
	const char *why = NULL;
	raft_index bad, last;
	int ret;

	memset(boot, 0, sizeof(*boot));
	*fresh = false;
	if (errlen)
		err[0] = '\0';
	if (load_meta(l, boot, &found, err, errlen) < 0)
		goto err;
	if ((ret = load_entries(l, boot, &found, &bad, &why)) != 0) {
		store_env_errf(l->env, ret, err, errlen,
			       "cannot read the Raft log");
		goto err;
	}
	if (bad && handle_damage(l, boot, bad, why, err, errlen) < 0)
		goto err;
	last = boot->snapshot.index + boot->n_entries;
	if (last < boot->hard_state.commit) {
		snprintf(err, errlen,
			 "Raft log in %s ends at entry %llu but the commit "
			 "index is %llu: committed entries are missing; "
			 "refusing to start (restore from a backup or empty "
			 "the data directory so it rejoins by store copy)",
			 store_env_dir(l->env), (unsigned long long)last,
			 (unsigned long long)boot->hard_state.commit);
		goto err;
	}
	*fresh = !found;
	return 0;
err:
	store_raftlog_boot_free(boot);
	return -1;
}

void store_raftlog_boot_free(struct raft_boot *boot)
{
	struct raft_entry *ents = (struct raft_entry *)boot->entries;
	size_t i;

	for (i = 0; i < boot->n_entries; i++)
		free(ents[i].data);
	free(ents);
	boot->entries = NULL;
	boot->n_entries = 0;
}

/* ------------------------------------------------------------ identity */

int store_raftlog_load_identity(struct store_raftlog *l,
				struct store_raftlog_identity *id, char *err,
				size_t errlen)
{
	uint8_t buf[ID_LEN];
	size_t len = 0;
	int r, dberr = 0;

	memset(id, 0, sizeof(*id));
	r = meta_get(l, KEY_IDENTITY, buf, sizeof(buf), &len, &dberr);
	if (r < 0) {
		store_env_errf(l->env, dberr, err, errlen,
			       "cannot read the cluster identity");
		return -1;
	}
	if (r == 0)
		return 0;
	if (len != ID_LEN ||
	    store_get_be32(buf) != store_crc32(0, buf + 4, ID_LEN - 4)) {
		snprintf(err, errlen,
			 "the cluster identity record in %s/%s is corrupt; "
			 "refusing to start: restore this instance from a "
			 "backup or empty its data directory and let it "
			 "rejoin the cluster",
			 store_env_dir(l->env), STORE_RAFTLOG_FILE);
		return -1;
	}
	id->has_id = (buf[4] & ID_FLAG_HAS_ID) != 0;
	id->removed = (buf[4] & ID_FLAG_REMOVED) != 0;
	memcpy(id->id, buf + 5, STORE_RAFTLOG_ID_LEN);
	id->removed_at = store_get_be64(buf + 5 + STORE_RAFTLOG_ID_LEN);
	return 0;
}

int store_raftlog_save_identity(struct store_raftlog *l,
				const struct store_raftlog_identity *id,
				char *err, size_t errlen)
{
	DB_ENV *env = store_env_db(l->env);
	uint8_t buf[ID_LEN];
	DB_TXN *txn = NULL;
	int ret;

	memset(buf, 0, sizeof(buf));
	buf[4] = (id->has_id ? ID_FLAG_HAS_ID : 0) |
		 (id->removed ? ID_FLAG_REMOVED : 0);
	memcpy(buf + 5, id->id, STORE_RAFTLOG_ID_LEN);
	store_put_be64(buf + 5 + STORE_RAFTLOG_ID_LEN, id->removed_at);
	store_put_be32(buf, store_crc32(0, buf + 4, ID_LEN - 4));
	if ((ret = env->txn_begin(env, NULL, &txn, 0)) != 0 ||
	    (ret = meta_put(l, txn, KEY_IDENTITY, buf, ID_LEN)) != 0)
		goto err;
	ret = txn->commit(txn, 0);
	txn = NULL;
	if (ret)
		goto err;
	return 0;
err:
	if (txn)
		txn->abort(txn);
	store_env_errf(l->env, ret, err, errlen,
		       "cannot store the cluster identity");
	return -1;
}
