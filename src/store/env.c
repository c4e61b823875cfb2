/* env.c: the Berkeley DB transactional environment of one instance. */
#include "store/env.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* A detach delete of a node with many relationships locks many pages in one
 * transaction; the BDB defaults (1000) are too small for that. */
#define ENV_MAX_LOCKS 100000
/* A transaction locks at most one object per page it touches, and touches
 * a few pages (leaf, overflow, free list) per page of records it writes:
 * one lock per KiB written covers the largest transaction. */
#define ENV_TXN_BYTES_PER_LOCK 1024

struct store_env {
	DB_ENV *env;
	char *dir;
	int lock_fd;
	/* Last message from BDB's error callback. Written from whichever thread
	 * hit the error; good enough for a log line, not a synchronised API. */
	char last_error[512];
	bool disk_full; /* an error since the last store_env_disk_full */
};

static void env_errcall(const DB_ENV *dbenv, const char *pfx, const char *msg)
{
	struct store_env *e = dbenv->app_private;

	(void)pfx;
	if (e)
		snprintf(e->last_error, sizeof(e->last_error), "%s", msg);
}

const char *store_env_last_error(const struct store_env *e)
{
	return e->last_error;
}

/* What the operator should do about an I/O error; "" when unknown. */
static const char *env_hint(int ret)
{
	switch (ret) {
	case ENOSPC:
		return "; the disk is full: free space on that file system, "
		       "then retry";
	case EDQUOT:
		return "; the disk quota is used up: raise it or free space";
	case EFBIG:
		return "; a file size limit was hit: raise ulimit -f for "
		       "graphd";
	case EROFS:
		return "; the file system is read-only: remount it "
		       "read-write";
	case EIO:
		return "; the disk reported an I/O error: check the device "
		       "before restarting";
	default:
		return "";
	}
}

void store_env_errf(struct store_env *e, int ret, char *err, size_t errlen,
		    const char *what)
{
	if (ret == ENOSPC || ret == EDQUOT)
		e->disk_full = true;
	if (!err || !errlen)
		return;
	snprintf(err, errlen, "%s (data directory %s): %s%s%s%s", what, e->dir,
		 db_strerror(ret), env_hint(ret), e->last_error[0] ? ": " : "",
		 e->last_error);
	e->last_error[0] = '\0';
}

/* Takes an exclusive flock on dir/graphd.lock, so a second graphd on the
 * same data directory refuses instead of corrupting it. flock (not fcntl) so
 * that two opens inside one process also conflict. */
static int env_lock_dir(struct store_env *e, char *err, size_t errlen)
{
	char path[4096], pid[32], other[32] = "";
	ssize_t n;
	int len;

	snprintf(path, sizeof(path), "%s/%s", e->dir, STORE_ENV_LOCK_FILE);
	e->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (e->lock_fd < 0) {
		snprintf(err, errlen,
			 "cannot create lock file %s: %s; check that the "
			 "data directory is writable by this user",
			 path, strerror(errno));
		return -1;
	}
	if (flock(e->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		n = pread(e->lock_fd, other, sizeof(other) - 1, 0);
		other[n > 0 ? n : 0] = '\0';
		other[strcspn(other, "\n")] = '\0';
		snprintf(err, errlen,
			 "data directory %s is in use by another graphd "
			 "(pid %s holds %s); stop it or point "
			 "dbms.directories.data elsewhere",
			 e->dir, other[0] ? other : "unknown", path);
		return -1;
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(e->lock_fd, 0) < 0 ||
	    pwrite(e->lock_fd, pid, len, 0) != len)
		return 0; /* the pid is only a hint for the refusal message */
	return 0;
}

/* The cache holds the whole working set of a small graph, and the largest
 * allowed transaction's dirty pages with the page copies that snapshot
 * (MVCC) readers keep while apply writes: config.c makes it at least
 * CONFIG_CACHE_PER_TXN times dbms.memory.transaction.max. Without that
 * room Berkeley DB freezes buffers to disk and can panic the environment
 * on a transaction that every replica then fails to apply. */
static int env_configure(struct store_env *e, const struct store_env_sizes *sz,
			 char *err, size_t errlen)
{
	DB_ENV *env = e->env;
	size_t locks = sz->max_txn_bytes / ENV_TXN_BYTES_PER_LOCK;
	int ret;

	if (locks < ENV_MAX_LOCKS)
		locks = ENV_MAX_LOCKS;
	env->app_private = e;
	env->set_errcall(env, env_errcall);
	if ((ret = env->set_cachesize(env, (u_int32_t)(sz->cache_bytes >> 30),
				      (u_int32_t)(sz->cache_bytes &
						  ((1u << 30) - 1)),
				      1)) ||
	    (ret = env->set_lk_detect(env, DB_LOCK_DEFAULT)) ||
	    (ret = env->set_lk_max_locks(env, (u_int32_t)locks)) ||
	    (ret = env->set_lk_max_objects(env, (u_int32_t)locks)) ||
	    (ret = env->set_lk_max_lockers(env, 10000)) ||
	    (ret = env->log_set_config(env, DB_LOG_AUTO_REMOVE, 1))) {
		store_env_errf(e, ret, err, errlen,
			       "cannot configure the Berkeley DB environment");
		return -1;
	}
	return 0;
}

int store_env_open(struct store_env **out, const char *dir, char *err,
		   size_t errlen)
{
	const struct store_env_sizes sz = {STORE_ENV_CACHE_DEFAULT,
					   STORE_ENV_TXN_DEFAULT};

	return store_env_open_sized(out, dir, &sz, err, errlen);
}

int store_env_open_sized(struct store_env **out, const char *dir,
			 const struct store_env_sizes *sz, char *err,
			 size_t errlen)
{
	/* No DB_PRIVATE: the region files live in dir so that db_recover and
	 * the next start after kill -9 can run recovery. No DB_TXN_NOSYNC
	 * for the environment: a commit is durable before it returns unless
	 * its caller says otherwise (graph apply, a commit-index-only hard
	 * state: see there why that is safe). */
	const u_int32_t flags = DB_CREATE | DB_INIT_TXN | DB_INIT_LOG |
				DB_INIT_LOCK | DB_INIT_MPOOL | DB_RECOVER |
				DB_THREAD;
	struct store_env *e;
	int ret;

	*out = NULL;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->dir = strdup(dir))) {
		snprintf(err, errlen, "out of memory opening %s", dir);
		free(e);
		return -1;
	}
	e->lock_fd = -1;
	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		snprintf(err, errlen,
			 "cannot create data directory %s: %s; create it or "
			 "fix dbms.directories.data",
			 dir, strerror(errno));
		goto err;
	}
	if (access(dir, W_OK) < 0) {
		snprintf(err, errlen,
			 "data directory %s is not writable: %s; fix its "
			 "permissions for this user",
			 dir, strerror(errno));
		goto err;
	}
	if (env_lock_dir(e, err, errlen) < 0)
		goto err;
	if ((ret = db_env_create(&e->env, 0)) != 0) {
		store_env_errf(e, ret, err, errlen,
			       "cannot create the Berkeley DB environment");
		goto err;
	}
	if (env_configure(e, sz, err, errlen) < 0)
		goto err;
	if ((ret = e->env->open(e->env, dir, flags, 0640)) != 0) {
		store_env_errf(e, ret, err, errlen,
			       "cannot open or recover the Berkeley DB "
			       "environment");
		goto err;
	}
	*out = e;
	return 0;
err:
	store_env_close(e);
	return -1;
}

void store_env_close(struct store_env *e)
{
	if (!e)
		return;
	if (e->env)
		e->env->close(e->env, 0);
	if (e->lock_fd >= 0)
		close(e->lock_fd); /* releases the flock */
	free(e->dir);
	free(e);
}

bool store_env_disk_full(struct store_env *e)
{
	bool full = e->disk_full;

	e->disk_full = false;
	return full;
}

DB_ENV *store_env_db(struct store_env *e)
{
	return e->env;
}

const char *store_env_dir(const struct store_env *e)
{
	return e->dir;
}

int store_env_checkpoint(struct store_env *e)
{
	int ret;

	/* With DB_LOG_AUTO_REMOVE, log files the checkpoint makes unneeded are
	 * removed by BDB itself. */
	ret = e->env->txn_checkpoint(e->env, 0, 0, 0);
	return ret ? -1 : 0;
}
