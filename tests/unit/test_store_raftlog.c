/* test_store_raftlog.c: the Raft log store saves and loads hard state,
 * entries and snapshot metadata, truncates suffixes, compacts, drops a
 * damaged tail past commit and refuses damage at or below commit. */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/cu_run.h"
#include "store/crc32.h"
#include "store/env.h"
#include "store/raftlog.h"

struct lfx {
	char dir[256];
	struct store_env *env;
	struct store_raftlog *log;
	struct raft_boot boot;
	char err[1024];
};

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void lfx_open(struct lfx *f)
{
	CU_ASSERT_EQUAL_FATAL(
	    store_env_open(&f->env, f->dir, f->err, sizeof(f->err)), 0);
	CU_ASSERT_EQUAL_FATAL(
	    store_raftlog_open(f->env, &f->log, f->err, sizeof(f->err)), 0);
}

static void lfx_close(struct lfx *f)
{
	store_raftlog_close(f->log);
	store_env_close(f->env);
	f->log = NULL;
	f->env = NULL;
}

static void lfx_setup(struct lfx *f)
{
	const char *tmp = getenv("TMPDIR");

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/graphd-log-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
	lfx_open(f);
}

static void lfx_teardown(struct lfx *f)
{
	store_raftlog_boot_free(&f->boot);
	lfx_close(f);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Closes, reopens and loads (as a restart does): 0 or -1. */
static int lfx_restart(struct lfx *f, bool *fresh)
{
	store_raftlog_boot_free(&f->boot);
	lfx_close(f);
	lfx_open(f);
	return store_raftlog_load(f->log, &f->boot, fresh, f->err,
				  sizeof(f->err));
}

/* Entries from..to of term, payload "e<index>". */
static void save_range(struct lfx *f, raft_index from, raft_index to,
		       raft_term term, const struct raft_hard_state *hs)
{
	struct raft_entry ents[32];
	char data[32][16];
	size_t n = 0;

	for (raft_index i = from; i <= to && n < 32; i++, n++) {
		int len = snprintf(data[n], 16, "e%llu", (unsigned long long)i);

		ents[n] = (struct raft_entry){.term = term,
					      .index = i,
					      .type = RAFT_ENTRY_NORMAL,
					      .data = (uint8_t *)data[n],
					      .len = (size_t)len};
	}
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save(f->log, hs, ents, n, NULL,
						 f->err, sizeof(f->err)),
			      0);
}

static void expect_entries(const struct lfx *f, raft_index first,
			   raft_index last)
{
	size_t n = last >= first ? last - first + 1 : 0;
	char want[16];

	CU_ASSERT_EQUAL_FATAL(f->boot.n_entries, n);
	for (size_t i = 0; i < n; i++) {
		const struct raft_entry *e = &f->boot.entries[i];

		snprintf(want, sizeof(want), "e%llu",
			 (unsigned long long)(first + i));
		CU_ASSERT_EQUAL(e->index, first + i);
		CU_ASSERT_EQUAL_FATAL(e->len, strlen(want));
		CU_ASSERT_EQUAL(memcmp(e->data, want, e->len), 0);
	}
}

/* Rewrites the stored record of index with fn applied to its bytes, through
 * a second handle on the log database (as a disk fault would). */
static void damage(struct lfx *f, raft_index index,
		   void (*fn)(uint8_t *buf, u_int32_t *len))
{
	uint8_t key[8], buf[256];
	DBT k, v;
	DB *db;

	for (int i = 0; i < 8; i++)
		key[i] = (uint8_t)(index >> (56 - 8 * i));
	CU_ASSERT_EQUAL_FATAL(db_create(&db, store_env_db(f->env), 0), 0);
	CU_ASSERT_EQUAL_FATAL(db->open(db, NULL, STORE_RAFTLOG_FILE,
				       STORE_RAFTLOG_DB_LOG, DB_BTREE,
				       DB_AUTO_COMMIT | DB_THREAD, 0),
			      0);
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = key;
	k.size = 8;
	v.data = buf;
	v.ulen = sizeof(buf);
	v.flags = DB_DBT_USERMEM;
	CU_ASSERT_EQUAL_FATAL(db->get(db, NULL, &k, &v, 0), 0);
	fn(buf, &v.size);
	v.flags = 0;
	CU_ASSERT_EQUAL_FATAL(db->put(db, NULL, &k, &v, DB_AUTO_COMMIT), 0);
	db->close(db, 0);
}

static void flip_payload(uint8_t *buf, u_int32_t *len)
{
	buf[*len - 1] ^= 0x40;
}

static void tear(uint8_t *buf, u_int32_t *len)
{
	(void)buf;
	*len = 10;
}

static void test_crc32_matches_the_standard_check_value(void)
{
	CU_ASSERT_EQUAL(store_crc32(0, "123456789", 9), 0xCBF43926u);
	CU_ASSERT_EQUAL(store_crc32(store_crc32(0, "1234", 4), "56789", 5),
			0xCBF43926u);
}

static void test_fresh_log_loads_empty(void)
{
	struct lfx f;
	bool fresh = false;

	lfx_setup(&f);
	CU_ASSERT_EQUAL(
	    store_raftlog_load(f.log, &f.boot, &fresh, f.err, sizeof(f.err)),
	    0);
	CU_ASSERT_TRUE(fresh);
	CU_ASSERT_EQUAL(f.boot.n_entries, 0);
	CU_ASSERT_EQUAL(f.boot.hard_state.term, 0);
	CU_ASSERT_EQUAL(f.boot.snapshot.index, 0);
	CU_ASSERT_STRING_EQUAL(f.err, "");
	lfx_teardown(&f);
}

static void test_save_load_round_trip(void)
{
	struct raft_hard_state hs = {.term = 7, .vote = 3, .commit = 2};
	uint8_t conf[4] = {1, 2, 3, 4};
	struct raft_entry ents[3] = {
	    {.term = 6,
	     .index = 1,
	     .type = RAFT_ENTRY_CONF,
	     .data = conf,
	     .len = 4},
	    {.term = 7, .index = 2, .type = RAFT_ENTRY_NOOP},
	    {.term = 7,
	     .index = 3,
	     .type = RAFT_ENTRY_NORMAL,
	     .stripped = true,
	     .data = conf,
	     .len = 4},
	};
	struct lfx f;
	bool fresh = true;

	lfx_setup(&f);
	CU_ASSERT_EQUAL_FATAL(
	    store_raftlog_save(f.log, &hs, ents, 3, NULL, f.err, sizeof(f.err)),
	    0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_FALSE(fresh);
	CU_ASSERT_EQUAL(f.boot.hard_state.term, 7);
	CU_ASSERT_EQUAL(f.boot.hard_state.vote, 3);
	CU_ASSERT_EQUAL(f.boot.hard_state.commit, 2);
	CU_ASSERT_EQUAL(f.boot.applied, 0);
	CU_ASSERT_EQUAL_FATAL(f.boot.n_entries, 3);
	CU_ASSERT_EQUAL(f.boot.entries[0].term, 6);
	CU_ASSERT_EQUAL(f.boot.entries[0].type, RAFT_ENTRY_CONF);
	CU_ASSERT_EQUAL_FATAL(f.boot.entries[0].len, 4);
	CU_ASSERT_EQUAL(memcmp(f.boot.entries[0].data, conf, 4), 0);
	CU_ASSERT_EQUAL(f.boot.entries[1].type, RAFT_ENTRY_NOOP);
	CU_ASSERT_EQUAL(f.boot.entries[1].len, 0);
	/* A stripped entry keeps index, term and type only. */
	CU_ASSERT_TRUE(f.boot.entries[2].stripped);
	CU_ASSERT_EQUAL(f.boot.entries[2].len, 0);
	CU_ASSERT_PTR_NULL(f.boot.entries[2].data);
	CU_ASSERT_EQUAL(f.boot.entries[2].index, 3);
	CU_ASSERT_STRING_EQUAL(f.err, "");

	/* Hard state alone, without entries, replaces the stored one. */
	hs.commit = 3;
	CU_ASSERT_EQUAL(
	    store_raftlog_save(f.log, &hs, NULL, 0, NULL, f.err, sizeof(f.err)),
	    0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_EQUAL(f.boot.hard_state.commit, 3);
	CU_ASSERT_EQUAL(f.boot.n_entries, 3);
	lfx_teardown(&f);
}

static void test_save_replaces_the_suffix_from_the_first_new_index(void)
{
	struct raft_hard_state hs = {.term = 2, .commit = 2};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 5, 1, &hs);
	save_range(&f, 3, 4, 2, NULL); /* a new leader's conflicting entries */
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	expect_entries(&f, 1, 4);
	CU_ASSERT_EQUAL(f.boot.entries[1].term, 1);
	CU_ASSERT_EQUAL(f.boot.entries[2].term, 2);
	CU_ASSERT_EQUAL(f.boot.entries[3].term, 2);
	lfx_teardown(&f);
}

static void test_non_contiguous_save_is_refused_and_writes_nothing(void)
{
	struct raft_hard_state hs = {.term = 9, .commit = 1};
	struct raft_entry ents[2] = {{.term = 1, .index = 1},
				     {.term = 1, .index = 3}};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	CU_ASSERT_EQUAL(
	    store_raftlog_save(f.log, &hs, ents, 2, NULL, f.err, sizeof(f.err)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "not contiguous"));
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_TRUE(fresh);
	lfx_teardown(&f);
}

static void test_compaction_keeps_snapshot_point_and_later_entries(void)
{
	struct raft_hard_state hs = {.term = 4, .commit = 5};
	struct raft_config conf = {.n = 2};
	struct lfx f;
	bool fresh;

	conf.members[0] = (struct raft_member){.id = 1};
	conf.members[1] = (struct raft_member){
	    .id = 9, .kind = RAFT_MEMBER_ARBITER, .slave_only = true};
	lfx_setup(&f);
	save_range(&f, 1, 6, 4, &hs);
	CU_ASSERT_EQUAL_FATAL(
	    store_raftlog_compact(f.log, 3, 4, &conf, f.err, sizeof(f.err)), 0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_EQUAL(f.boot.snapshot.index, 3);
	CU_ASSERT_EQUAL(f.boot.snapshot.term, 4);
	CU_ASSERT_EQUAL_FATAL(f.boot.snapshot.config.n, 2);
	CU_ASSERT_EQUAL(f.boot.snapshot.config.members[1].id, 9);
	CU_ASSERT_EQUAL(f.boot.snapshot.config.members[1].kind,
			RAFT_MEMBER_ARBITER);
	CU_ASSERT_TRUE(f.boot.snapshot.config.members[1].slave_only);
	expect_entries(&f, 4, 6);
	lfx_teardown(&f);
}

/* Raft paper, Figure 13: a snapshot whose last entry the log holds (same
 * term) keeps what follows; otherwise the whole log goes. */
static void test_installed_snapshot_keeps_only_a_matching_suffix(void)
{
	struct raft_hard_state hs = {.term = 3, .commit = 4};
	struct raft_snapshot snap = {.index = 4, .term = 3};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 6, 3, &hs);
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save(f.log, NULL, NULL, 0, &snap,
						 f.err, sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_EQUAL(f.boot.snapshot.index, 4);
	expect_entries(&f, 5, 6);

	snap.index = 8;
	snap.term = 5; /* not in the log */
	hs.commit = 8;
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save(f.log, &hs, NULL, 0, &snap,
						 f.err, sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_EQUAL(f.boot.snapshot.index, 8);
	CU_ASSERT_EQUAL(f.boot.n_entries, 0);
	lfx_teardown(&f);
}

static void test_damaged_entry_past_commit_is_truncated_with_warning(void)
{
	struct raft_hard_state hs = {.term = 1, .commit = 3};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 6, 1, &hs);
	damage(&f, 5, flip_payload);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	expect_entries(&f, 1, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "entry 5 is damaged"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "checksum"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "truncated"));
	/* The truncation is durable: the next start is clean. */
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	expect_entries(&f, 1, 4);
	CU_ASSERT_STRING_EQUAL(f.err, "");
	lfx_teardown(&f);
}

static void test_torn_record_past_commit_is_truncated(void)
{
	struct raft_hard_state hs = {.term = 1, .commit = 2};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 4, 1, &hs);
	damage(&f, 4, tear);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	expect_entries(&f, 1, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "torn"));
	lfx_teardown(&f);
}

static void test_gap_past_commit_is_truncated(void)
{
	struct raft_hard_state hs = {.term = 1, .commit = 2};
	uint8_t key[8] = {0, 0, 0, 0, 0, 0, 0, 4};
	struct lfx f;
	DBT k;
	DB *db;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 6, 1, &hs);
	CU_ASSERT_EQUAL_FATAL(db_create(&db, store_env_db(f.env), 0), 0);
	CU_ASSERT_EQUAL_FATAL(db->open(db, NULL, STORE_RAFTLOG_FILE,
				       STORE_RAFTLOG_DB_LOG, DB_BTREE,
				       DB_AUTO_COMMIT | DB_THREAD, 0),
			      0);
	memset(&k, 0, sizeof(k));
	k.data = key;
	k.size = 8;
	CU_ASSERT_EQUAL(db->del(db, NULL, &k, DB_AUTO_COMMIT), 0);
	db->close(db, 0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	expect_entries(&f, 1, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "gap"));
	lfx_teardown(&f);
}

static void test_damage_at_or_below_commit_refuses_to_load(void)
{
	struct raft_hard_state hs = {.term = 1, .commit = 3};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 6, 1, &hs);
	damage(&f, 3, flip_payload);
	CU_ASSERT_EQUAL(lfx_restart(&f, &fresh), -1);
	CU_ASSERT_EQUAL(f.boot.n_entries, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "entry 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "commit index 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "refuses to start"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, f.dir));
	/* Nothing was dropped: entries 4..6 are still there to repair. */
	CU_ASSERT_EQUAL(lfx_restart(&f, &fresh), -1);
	lfx_teardown(&f);
}

static void test_missing_committed_entries_refuse_to_load(void)
{
	struct raft_hard_state hs = {.term = 1, .commit = 9};
	struct lfx f;
	bool fresh;

	lfx_setup(&f);
	save_range(&f, 1, 4, 1, &hs);
	CU_ASSERT_EQUAL(lfx_restart(&f, &fresh), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "ends at entry 4"));
	lfx_teardown(&f);
}

/* In a child (the file size limit and SIGXFSZ stay there): appends large
 * entries until a write fails as on a full disk, then lifts the limit and
 * retries. Exit 0 when the failure was reported and the store kept working. */
static int write_until_full(struct lfx *f)
{
	static uint8_t big[200000];
	struct raft_entry e = {.term = 1, .data = big, .len = sizeof(big)};
	struct rlimit rl = {.rlim_cur = 2 << 20, .rlim_max = RLIM_INFINITY};
	raft_index i, failed = 0;
	bool fresh;

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return 10;
	for (i = 1; i < 100 && !failed; i++) {
		e.index = i;
		if (store_raftlog_save(f->log, NULL, &e, 1, NULL, f->err,
				       sizeof(f->err)) < 0)
			failed = i;
	}
	fprintf(stderr, "write %llu failed: %s\n", (unsigned long long)failed,
		f->err);
	if (!failed || !strstr(f->err, f->dir) || !strstr(f->err, "ulimit -f"))
		return 11;
	rl.rlim_cur = RLIM_INFINITY;
	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return 12;
	e.index = failed; /* the runtime retries the same batch */
	if (store_raftlog_save(f->log, NULL, &e, 1, NULL, f->err,
			       sizeof(f->err)) < 0)
		return 13;
	if (lfx_restart(f, &fresh) < 0 || f->boot.n_entries != failed ||
	    f->boot.entries[failed - 1].len != sizeof(big))
		return 14;
	return 0;
}

static void test_failed_write_reports_and_store_keeps_working(void)
{
	struct lfx f;
	int status;
	pid_t pid;

	lfx_setup(&f);
	/* Berkeley DB handles do not survive fork: the child opens its own. */
	lfx_close(&f);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		lfx_open(&f);
		_exit(write_until_full(&f));
	}
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	lfx_open(&f);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	lfx_teardown(&f);
}

/* The cluster identity (DESIGN.md contract 9) is stored with the Raft
 * metadata: absent on a new log, kept across restarts, independent of the
 * log's own records, refused when damaged. */
static void test_cluster_identity_is_stored_with_the_metadata(void)
{
	struct store_raftlog_identity id = {.has_id = true}, back;
	struct raft_hard_state hs = {.term = 2, .vote = 1, .commit = 0};
	bool fresh = true;
	struct lfx f;

	lfx_setup(&f);
	CU_ASSERT_EQUAL(store_raftlog_load_identity(f.log, &back, f.err,
						    sizeof(f.err)),
			0);
	CU_ASSERT_FALSE(back.has_id);
	CU_ASSERT_FALSE(back.removed);
	for (int i = 0; i < STORE_RAFTLOG_ID_LEN; i++)
		id.id[i] = (uint8_t)(0xa0 + i);
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save_identity(f.log, &id, f.err,
							  sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save(f.log, &hs, NULL, 0, NULL,
						 f.err, sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_FALSE(fresh);
	CU_ASSERT_EQUAL(f.boot.hard_state.term, 2);
	CU_ASSERT_EQUAL(store_raftlog_load_identity(f.log, &back, f.err,
						    sizeof(f.err)),
			0);
	CU_ASSERT_TRUE(back.has_id);
	CU_ASSERT_EQUAL(memcmp(back.id, id.id, STORE_RAFTLOG_ID_LEN), 0);
	CU_ASSERT_FALSE(back.removed);
	/* The removal is kept with it, at its configuration index. */
	id.removed = true;
	id.removed_at = 41;
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save_identity(f.log, &id, f.err,
							  sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(lfx_restart(&f, &fresh), 0);
	CU_ASSERT_EQUAL(store_raftlog_load_identity(f.log, &back, f.err,
						    sizeof(f.err)),
			0);
	CU_ASSERT_TRUE(back.removed);
	CU_ASSERT_EQUAL(back.removed_at, 41);
	CU_ASSERT_EQUAL(memcmp(back.id, id.id, STORE_RAFTLOG_ID_LEN), 0);
	lfx_teardown(&f);
}

static void test_damaged_cluster_identity_refuses_to_load(void)
{
	struct store_raftlog_identity id = {.has_id = true}, back;
	uint8_t buf[64];
	struct lfx f;
	DBT k, v;
	DB *db;

	lfx_setup(&f);
	CU_ASSERT_EQUAL_FATAL(store_raftlog_save_identity(f.log, &id, f.err,
							  sizeof(f.err)),
			      0);
	CU_ASSERT_EQUAL_FATAL(db_create(&db, store_env_db(f.env), 0), 0);
	CU_ASSERT_EQUAL_FATAL(db->open(db, NULL, STORE_RAFTLOG_FILE,
				       STORE_RAFTLOG_DB_META, DB_BTREE,
				       DB_AUTO_COMMIT | DB_THREAD, 0),
			      0);
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = "identity";
	k.size = 8;
	v.data = buf;
	v.ulen = sizeof(buf);
	v.flags = DB_DBT_USERMEM;
	CU_ASSERT_EQUAL_FATAL(db->get(db, NULL, &k, &v, 0), 0);
	buf[10] ^= 0x01;
	v.flags = 0;
	CU_ASSERT_EQUAL_FATAL(db->put(db, NULL, &k, &v, DB_AUTO_COMMIT), 0);
	db->close(db, 0);
	CU_ASSERT_EQUAL(store_raftlog_load_identity(f.log, &back, f.err,
						    sizeof(f.err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.err, "cluster identity"));
	lfx_teardown(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("store_raftlog", NULL, NULL);
	CU_add_test(s, "crc32_matches_the_standard_check_value",
		    test_crc32_matches_the_standard_check_value);
	CU_add_test(s, "fresh_log_loads_empty", test_fresh_log_loads_empty);
	CU_add_test(s, "cluster_identity_is_stored_with_the_metadata",
		    test_cluster_identity_is_stored_with_the_metadata);
	CU_add_test(s, "damaged_cluster_identity_refuses_to_load",
		    test_damaged_cluster_identity_refuses_to_load);
	CU_add_test(s, "save_load_round_trip", test_save_load_round_trip);
	CU_add_test(s, "save_replaces_the_suffix_from_the_first_new_index",
		    test_save_replaces_the_suffix_from_the_first_new_index);
	CU_add_test(s, "non_contiguous_save_is_refused_and_writes_nothing",
		    test_non_contiguous_save_is_refused_and_writes_nothing);
	CU_add_test(s, "compaction_keeps_snapshot_point_and_later_entries",
		    test_compaction_keeps_snapshot_point_and_later_entries);
	CU_add_test(s, "installed_snapshot_keeps_only_a_matching_suffix",
		    test_installed_snapshot_keeps_only_a_matching_suffix);
	CU_add_test(s, "damaged_entry_past_commit_is_truncated_with_warning",
		    test_damaged_entry_past_commit_is_truncated_with_warning);
	CU_add_test(s, "torn_record_past_commit_is_truncated",
		    test_torn_record_past_commit_is_truncated);
	CU_add_test(s, "gap_past_commit_is_truncated",
		    test_gap_past_commit_is_truncated);
	CU_add_test(s, "damage_at_or_below_commit_refuses_to_load",
		    test_damage_at_or_below_commit_refuses_to_load);
	CU_add_test(s, "missing_committed_entries_refuse_to_load",
		    test_missing_committed_entries_refuse_to_load);
	CU_add_test(s, "failed_write_reports_and_store_keeps_working",
		    test_failed_write_reports_and_store_keeps_working);
	return cu_run();
}
