/* restore.c: graphd --restore: seeds a stopped instance's data directory
 * from a backup.
 *
 * The backup is checked before anything is written: a complete manifest,
 * no incomplete mark, the store's contents summing to the manifest's CRC and
 * size, applied index = the manifest's txn T, and store_graph_verify clean.
 * Then the graph is streamed into the data directory (store/copy.h), and the
 * transaction log is written as if the consensus core had compacted up to T:
 * snapshot point (T, term of T, membership) and hard state (term, commit T).
 * The term matters to a member that joins: the master's AppendEntries carry
 * prevLogIndex T and prevLogTerm (Raft paper, Figure 2, "Reply false if log
 * doesn't contain an entry at prevLogIndex whose term matches prevLogTerm"),
 * so a matching term lets it catch up from the log; an unknown term (0)
 * only costs a store copy. */
#include "node/restore.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/manifest.h"
#include "node/cluster.h"
#include "node/node.h"
#include "store/copy.h"
#include "store/raftlog.h"

#define RESTORE_CHUNK (256u * 1024u)

struct restore_stores {
	struct store_env *env;
	struct store_graph *g;
	struct store_raftlog *rlog;
};

static void restore_stores_close(struct restore_stores *s)
{
	if (s->rlog)
		store_raftlog_close(s->rlog);
	if (s->g)
		store_graph_close(s->g);
	if (s->env)
		store_env_close(s->env);
	memset(s, 0, sizeof(*s));
}

bool restore_dir_in_use(const char *dir)
{
	static const char *const names[] = {STORE_GRAPH_FILE,
					    STORE_RAFTLOG_FILE};
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

/* The backup's store as the manifest describes it, and consistent. */
static int restore_check_store(struct store_graph *g,
			       const struct backup_manifest *m, char *err,
			       size_t errlen)
{
	int problems;

	if (backup_check_sum(g, m, err, errlen) < 0)
		return -1;
	if ((problems = store_graph_verify(g, stderr)) != 0)
		return snprintf(err, errlen,
				problems < 0 ? "its store cannot be read"
					     : "its store has %d consistency "
					       "problems (listed above)",
				problems),
		       -1;
	return 0;
}

/* Streams the backup's graph into the data directory's (empty) store. */
static int restore_copy(struct store_graph *from, struct store_graph *to,
			uint64_t txn, char *err, size_t errlen)
{
	struct store_copy_reader *r = NULL;
	struct store_copy_writer *w = NULL;
	uint8_t *buf = malloc(RESTORE_CHUNK);
	uint64_t applied;
	size_t len;
	int more = 1;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		goto err;
	}
	if (store_copy_reader_open(from, &r, &applied, err, errlen) < 0 ||
	    store_copy_writer_begin(to, &w, err, errlen) < 0)
		goto err;
	/* Bounded: a finite store, each turn copies a chunk of it. */
	while (more > 0) {
		more = store_copy_reader_next(r, buf, RESTORE_CHUNK, &len, err,
					      errlen);
		if (more < 0 ||
		    store_copy_writer_put(w, buf, len, err, errlen) < 0)
			goto err;
	}
	store_copy_reader_close(r);
	free(buf);
	return store_copy_writer_finish(w, txn, err, errlen);
err:
	if (w)
		store_copy_writer_abort(w);
	if (r)
		store_copy_reader_close(r);
	free(buf);
	return -1;
}

/* The membership a brand-new log of this instance would be founded with
 * (cluster_bootstrap): itself alone (SINGLE), the id-listed
 * ha.initial_hosts when it is one of them, else none: it joins. A plain
 * host:port list names no ids, so nothing can be founded offline. */
static int restore_membership(const struct config *cfg, struct raft_config *c)
{
	struct node *n;

	memset(c, 0, sizeof(*c));
	if (cfg->mode != CONFIG_MODE_SINGLE &&
	    (cfg->n_initial_hosts == 0 || cfg->initial_hosts[0].id == 0))
		return 0;
	if (!(n = calloc(1, sizeof(*n))))
		return -1;
	n->cfg = *cfg;
	if (cluster_bootstrap(n, c) < 0)
		memset(c, 0, sizeof(*c));
	free(n);
	return 0;
}

/* The log as if compacted up to m->txn_id (see the top of this file). */
static int restore_log(const struct config *cfg, struct store_raftlog *l,
		       const struct backup_manifest *m, uint32_t *members,
		       char *err, size_t errlen)
{
	struct raft_hard_state hs = {
	    .term = m->term, .vote = 0, .commit = m->txn_id};
	struct raft_snapshot snap = {.index = m->txn_id, .term = m->term};

	if (restore_membership(cfg, &snap.config) < 0)
		return snprintf(err, errlen, "out of memory"), -1;
	*members = snap.config.n;
	return store_raftlog_save(l, &hs, NULL, 0, &snap, err, errlen);
}

/* Everything that can be refused before the data directory is touched. */
static int restore_precheck(const struct config *cfg, const char *dir,
			    struct backup_manifest *m, char *err, size_t errlen)
{
	if (cfg->mode == CONFIG_MODE_ARBITER)
		return snprintf(err, errlen,
				"instance %" PRIu32 " is an arbiter: it "
				"holds no graph to restore",
				cfg->server_id),
		       -1;
	if (backup_check_complete(dir, m, err, errlen) < 0)
		return -1;
	if (restore_dir_in_use(cfg->data_dir))
		return snprintf(err, errlen,
				"the data directory %s already holds a graph "
				"or a transaction log; remove it first",
				cfg->data_dir),
		       -1;
	if (mkdir(cfg->data_dir, 0750) < 0 && errno != EEXIST)
		return snprintf(err, errlen, "cannot create %s: %s",
				cfg->data_dir, strerror(errno)),
		       -1;
	return 0;
}

static int restore_into(const struct config *cfg, const char *dir,
			const struct backup_manifest *m, char *err,
			size_t errlen)
{
	struct restore_stores from = {0}, to = {0};
	char why[512];
	uint32_t members = 0;

	if (store_env_open(&from.env, dir, why, sizeof(why)) < 0 ||
	    store_graph_open(from.env, &from.g, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "cannot open the backup %s: %s", dir,
			 why);
		goto err;
	}
	if (restore_check_store(from.g, m, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "the backup %s is refused: %s", dir, why);
		goto err;
	}
	if (store_env_open(&to.env, cfg->data_dir, why, sizeof(why)) < 0 ||
	    store_graph_open(to.env, &to.g, why, sizeof(why)) < 0 ||
	    store_raftlog_open(to.env, &to.rlog, why, sizeof(why)) < 0 ||
	    restore_copy(from.g, to.g, m->txn_id, why, sizeof(why)) < 0 ||
	    restore_log(cfg, to.rlog, m, &members, why, sizeof(why)) < 0) {
		snprintf(err, errlen,
			 "restoring into %s failed: %s; remove that "
			 "directory before trying again",
			 cfg->data_dir, why);
		goto err;
	}
	restore_stores_close(&from);
	restore_stores_close(&to);
	printf("Restored the backup %s (graph at txn %" PRIu64
	       ", from instance %" PRIu32 " of cluster %s) into %s; %s\n",
	       dir, m->txn_id, m->server_id, m->cluster_name, cfg->data_dir,
	       members ? "start graphd to serve it"
		       : "start graphd: it joins the cluster and catches up");
	return 0;
err:
	restore_stores_close(&from);
	restore_stores_close(&to);
	return -1;
}

int restore_run(const struct config *cfg, const char *dir)
{
	struct backup_manifest m;
	char err[3 * PATH_MAX];

	if (restore_precheck(cfg, dir, &m, err, sizeof(err)) < 0 ||
	    restore_into(cfg, dir, &m, err, sizeof(err)) < 0) {
		fprintf(stderr, "graphd: cannot restore: %s\n", err);
		return 1;
	}
	return 0;
}
