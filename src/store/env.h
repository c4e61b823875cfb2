/* env.h: the Berkeley DB transactional environment of one instance. */
#ifndef GRAPHD_STORE_ENV_H
#define GRAPHD_STORE_ENV_H

#include <db.h>
#include <stdbool.h>
#include <stddef.h>

struct store_env;

/* Name of the lock file in the data directory: held (flock) while open. */
#define STORE_ENV_LOCK_FILE "graphd.lock"

/* Opens (creating if needed) the environment in dir with DB_INIT_TXN |
 * DB_INIT_LOG | DB_INIT_LOCK | DB_INIT_MPOOL | DB_RECOVER | DB_CREATE,
 * automatic removal of old BDB log files. Refuses with a reason in err when
 * dir is not writable or another process holds it (a lock file in dir). */
int store_env_open(struct store_env **out, const char *dir, char *err,
		   size_t errlen);

/* What the environment must hold: its cache (dbms.memory.pagecache.size)
 * and the largest transaction (dbms.memory.transaction.max), which sizes
 * the lock tables. store_env_open uses the defaults below (config.h's). */
struct store_env_sizes {
	size_t cache_bytes;
	size_t max_txn_bytes;
};
#define STORE_ENV_CACHE_DEFAULT (64u << 20)
#define STORE_ENV_TXN_DEFAULT	(16u << 20)
int store_env_open_sized(struct store_env **out, const char *dir,
			 const struct store_env_sizes *sz, char *err,
			 size_t errlen);
void store_env_close(struct store_env *e);
DB_ENV *store_env_db(struct store_env *e);
const char *store_env_dir(const struct store_env *e);
/* Checkpoint and remove BDB log files no longer needed. Call on a timer. */
int store_env_checkpoint(struct store_env *e);

/* The last message Berkeley DB reported through its error callback (empty if
 * none). Stores append it to their own error strings; the caller logs. */
const char *store_env_last_error(const struct store_env *e);

/* Fills err with "what (data directory DIR): BDB reason[: last BDB message]"
 * for a Berkeley DB or errno return code ret; ENOSPC gets the operator's next
 * step. Used by every store so that messages read the same. */
void store_env_errf(struct store_env *e, int ret, char *err, size_t errlen,
		    const char *what);
/* A store_env_errf since the last call reported a full disk (ENOSPC,
 * EDQUOT): the write that failed may succeed once space is freed. Also
 * when a store wrapped it in another code (a Cypher storage error). The
 * call resets it. */
bool store_env_disk_full(struct store_env *e);

#endif
