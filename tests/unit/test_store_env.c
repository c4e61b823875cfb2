/* test_store_env.c: the Berkeley DB environment opens, reopens, refuses a
 * second user of its directory, and keeps committed writes across kill -9. */
#include <CUnit/CUnit.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/cu_run.h"
#include "store/env.h"
#include "store/raftlog.h"

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void tmpdir_make(char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/graphd-env-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void tmpdir_remove(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_open_creates_directory_close_and_reopen(void)
{
	char dir[256], sub[300], err[512] = "";
	struct store_env *e = NULL;

	tmpdir_make(dir, sizeof(dir));
	snprintf(sub, sizeof(sub), "%s/data", dir);
	CU_ASSERT_EQUAL_FATAL(store_env_open(&e, sub, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NOT_NULL(store_env_db(e));
	CU_ASSERT_STRING_EQUAL(store_env_dir(e), sub);
	CU_ASSERT_EQUAL(access(sub, W_OK), 0);
	CU_ASSERT_EQUAL(store_env_checkpoint(e), 0);
	store_env_close(e);
	CU_ASSERT_EQUAL_FATAL(store_env_open(&e, sub, err, sizeof(err)), 0);
	store_env_close(e);
	tmpdir_remove(dir);
}

static void test_second_open_of_same_directory_is_refused(void)
{
	char dir[256], err[512] = "", pid[32];
	struct store_env *a = NULL, *b = NULL;

	tmpdir_make(dir, sizeof(dir));
	CU_ASSERT_EQUAL_FATAL(store_env_open(&a, dir, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(store_env_open(&b, dir, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "in use by another graphd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, dir));
	snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
	CU_ASSERT_PTR_NOT_NULL(strstr(err, pid));
	store_env_close(a);
	/* Closing releases the lock. */
	CU_ASSERT_EQUAL(store_env_open(&b, dir, err, sizeof(err)), 0);
	store_env_close(b);
	tmpdir_remove(dir);
}

static void test_uncreatable_directory_is_refused_with_reason(void)
{
	char dir[256], bad[300], err[512] = "";
	struct store_env *e = NULL;

	tmpdir_make(dir, sizeof(dir));
	snprintf(bad, sizeof(bad), "%s/missing/parent", dir);
	CU_ASSERT_EQUAL(store_env_open(&e, bad, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot create data directory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, bad));
	tmpdir_remove(dir);
}

/* The child commits a log entry, tells the parent, and is killed without
 * closing anything; recovery on the next open must find the entry. */
static void child_write_then_die(const char *dir, int fd)
{
	struct raft_entry ent = {.term = 3,
				 .index = 1,
				 .type = 0,
				 .data = (uint8_t *)"acked",
				 .len = 5};
	struct raft_hard_state hs = {.term = 3, .vote = 1, .commit = 1};
	struct store_raftlog *l;
	struct store_env *e;
	char err[512];

	if (store_env_open(&e, dir, err, sizeof(err)) < 0 ||
	    store_raftlog_open(e, &l, err, sizeof(err)) < 0 ||
	    store_raftlog_save(l, &hs, &ent, 1, NULL, err, sizeof(err)) < 0)
		_exit(1);
	if (write(fd, "k", 1) != 1)
		_exit(1);
	raise(SIGKILL);
	_exit(1);
}

static void test_committed_write_survives_kill_9(void)
{
	char dir[256], err[512] = "", c;
	struct store_raftlog *l = NULL;
	struct store_env *e = NULL;
	struct raft_boot boot;
	int fds[2], status;
	bool fresh;
	pid_t pid;

	tmpdir_make(dir, sizeof(dir));
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_write_then_die(dir, fds[1]);
	}
	close(fds[1]);
	CU_ASSERT_EQUAL(read(fds[0], &c, 1), 1); /* the write was acked */
	close(fds[0]);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* The dead child's lock went with it; recovery runs on open. */
	CU_ASSERT_EQUAL_FATAL(store_env_open(&e, dir, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(store_raftlog_open(e, &l, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(
	    store_raftlog_load(l, &boot, &fresh, err, sizeof(err)), 0);
	CU_ASSERT_FALSE(fresh);
	CU_ASSERT_EQUAL(boot.hard_state.commit, 1);
	CU_ASSERT_EQUAL_FATAL(boot.n_entries, 1);
	CU_ASSERT_EQUAL(boot.entries[0].len, 5);
	CU_ASSERT_EQUAL(memcmp(boot.entries[0].data, "acked", 5), 0);
	store_raftlog_boot_free(&boot);
	store_raftlog_close(l);
	store_env_close(e);
	tmpdir_remove(dir);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("store_env", NULL, NULL);
	CU_add_test(s, "open_creates_directory_close_and_reopen",
		    test_open_creates_directory_close_and_reopen);
	CU_add_test(s, "second_open_of_same_directory_is_refused",
		    test_second_open_of_same_directory_is_refused);
	CU_add_test(s, "uncreatable_directory_is_refused_with_reason",
		    test_uncreatable_directory_is_refused_with_reason);
	CU_add_test(s, "committed_write_survives_kill_9",
		    test_committed_write_survives_kill_9);
	return cu_run();
}
