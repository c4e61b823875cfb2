/* env.h: the Berkeley DB transactional environment of one instance. */
#ifndef GRAPHD_STORE_ENV_H
#define GRAPHD_STORE_ENV_H

#include <db.h>
#include <stddef.h>

struct store_env;

/* Opens (creating if needed) the environment in dir with DB_INIT_TXN |
 * DB_INIT_LOG | DB_INIT_LOCK | DB_INIT_MPOOL | DB_RECOVER | DB_CREATE,
 * automatic removal of old BDB log files. Refuses with a reason in err when
 * dir is not writable or another process holds it (a lock file in dir). */
int store_env_open(struct store_env **out, const char *dir, char *err,
		   size_t errlen);
void store_env_close(struct store_env *e);
DB_ENV *store_env_db(struct store_env *e);
const char *store_env_dir(const struct store_env *e);
/* Checkpoint and remove BDB log files no longer needed. Call on a timer. */
int store_env_checkpoint(struct store_env *e);

#endif
