/* cmd_backup.c: `graphctl backup --to DIR`: an online, consistent backup.
 *
 * DIR holds a graph store (a Berkeley DB environment like a data directory)
 * and backup.manifest. Into an empty DIR the server streams a snapshot of
 * its graph at its applied txn T; into a DIR holding a complete backup at
 * T0 it sends the committed transactions after T0 when its log still holds
 * them, and they are applied here exactly as an instance applies them
 * (graph_apply). From the moment DIR's store changes until the manifest is
 * written DIR carries backup.incomplete, so a broken backup is never
 * restored. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/manifest.h"
#include "cli/backup_progress.h"
#include "cli/backup_wire.h"
#include "graph/apply.h"
#include "store/copy.h"
#include "store/crc32.h"

/* Longest silence from the server before the backup is given up. */
#define BACKUP_READ_TIMEOUT_MS 60000

struct backup_run {
	const char *dir;
	const char *cluster;
	struct backup_conn conn;
	struct store_env *env;
	struct store_graph *g;
	struct store_copy_writer *w; /* full backup being installed */
	struct backup_manifest old;
	bool have_old;
	bool started; /* DIR's store is being changed: marked incomplete */
	bool incremental;
	uint64_t next_index; /* incremental: the entry expected next */
	uint64_t target;     /* txn the backup reaches */
	uint64_t bytes, records;
	uint32_t crc;
	struct backup_progress prog;
	int64_t started_ms;
	char err[1024];
};

static int64_t backup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True when dir has entries other than "." and "..". */
static bool backup_dir_has_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool any = false;

	if (!d)
		return false;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

/* DIR exists; a complete backup there is the base of an incremental one.
 * A non-empty DIR that holds no backup is refused: it may be a data
 * directory or anything else worth keeping. */
static int backup_prepare_dir(struct backup_run *b)
{
	char why[512];

	if (mkdir(b->dir, 0750) < 0 && errno != EEXIST)
		return snprintf(b->err, sizeof(b->err), "cannot create %s: %s",
				b->dir, strerror(errno)),
		       -1;
	if (backup_check_complete(b->dir, &b->old, why, sizeof(why)) == 0) {
		b->have_old = true;
		return 0;
	}
	if (backup_is_marked_incomplete(b->dir))
		return 0; /* a full backup replaces the broken one */
	if (backup_dir_has_files(b->dir))
		return snprintf(b->err, sizeof(b->err),
				"%s is not empty and holds no graphd backup "
				"(no %s); give an empty or new directory",
				b->dir, BACKUP_MANIFEST_FILE),
		       -1;
	return 0;
}

/* Opens DIR's store. The backup in hand must still be what its manifest
 * says before transactions are added to it: else a damaged store would be
 * blessed by a new manifest. A damaged one is replaced by a full backup. */
static int backup_open_store(struct backup_run *b)
{
	char why[512];

	if (store_env_open(&b->env, b->dir, why, sizeof(why)) < 0 ||
	    store_graph_open(b->env, &b->g, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err),
				"cannot open the backup store in %s: %s",
				b->dir, why),
		       -1;
	if (b->have_old &&
	    backup_check_sum(b->g, &b->old, why, sizeof(why)) < 0) {
		printf("The backup in %s is damaged (%s): taking a full "
		       "backup instead\n",
		       b->dir, why);
		b->have_old = false;
	}
	return 0;
}

/* The first frame of the stream decides: chunks (full) or entries. */
static int backup_start(struct backup_run *b, bool incremental, uint64_t target,
			uint64_t estimate)
{
	char why[512];

	b->started = true;
	b->incremental = incremental;
	b->target = target;
	if (backup_mark_incomplete(b->dir, true, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err), "%s", why), -1;
	if (incremental) {
		b->next_index = b->old.txn_id + 1;
		backup_progress_init(&b->prog, stdout, isatty(STDOUT_FILENO),
				     "transactions", target - b->old.txn_id);
		return 0;
	}
	backup_progress_init(&b->prog, stdout, isatty(STDOUT_FILENO), "records",
			     estimate);
	if (store_copy_writer_begin(b->g, &b->w, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err),
				"cannot empty the backup store in %s: %s",
				b->dir, why),
		       -1;
	return 0;
}

static int backup_on_chunk(struct backup_run *b, const Graphd__BackupChunk *c)
{
	char why[512];

	if (!b->started &&
	    backup_start(b, false, c->txn_id, c->estimate_bytes) < 0)
		return -1;
	if (b->incremental || c->txn_id != b->target)
		return snprintf(b->err, sizeof(b->err),
				"%s mixed chunks of different backups",
				b->conn.name),
		       -1;
	if (store_copy_writer_put(b->w, c->data.data, c->data.len, why,
				  sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err),
				"cannot write a chunk into %s: %s", b->dir,
				why),
		       -1;
	b->crc = store_crc32(b->crc, c->data.data, c->data.len);
	b->bytes += c->data.len;
	b->records += c->records;
	backup_progress_update(&b->prog, b->bytes, b->bytes, b->records);
	return 0;
}

/* Applies one committed entry the way an instance does (graph_apply). */
static int backup_apply_one(struct backup_run *b, const Graphd__BackupEntry *e)
{
	struct raft_entry re = {.term = e->term,
				.index = e->index,
				.type = (uint8_t)e->type,
				.data = e->data.data,
				.len = e->data.len};
	struct graph_apply_out out = {0};
	char why[512];

	if (e->index != b->next_index)
		return snprintf(b->err, sizeof(b->err),
				"%s sent transaction %" PRIu64 " where %" PRIu64
				" was expected",
				b->conn.name, e->index, b->next_index),
		       -1;
	if (graph_apply(b->g, &re, &out, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err),
				"cannot apply transaction %" PRIu64
				" to the backup in %s: %s",
				e->index, b->dir, why),
		       -1;
	graph_response_free(out.response);
	b->next_index++;
	b->crc = store_crc32(b->crc, e->data.data, e->data.len);
	b->bytes += e->data.len;
	b->records++;
	return 0;
}

static int backup_on_entries(struct backup_run *b,
			     const Graphd__BackupEntries *m)
{
	if (!b->started && backup_start(b, true, m->txn_id, 0) < 0)
		return -1;
	if (!b->incremental || m->txn_id != b->target)
		return snprintf(b->err, sizeof(b->err),
				"%s mixed entries into a full backup",
				b->conn.name),
		       -1;
	for (size_t i = 0; i < m->n_entries; i++)
		if (backup_apply_one(b, m->entries[i]) < 0)
			return -1;
	backup_progress_update(&b->prog, b->records, b->bytes, b->records);
	return 0;
}

/* The stream is whole: what arrived sums to what the server sent. */
static int backup_check_done(struct backup_run *b, const Graphd__BackupDone *d)
{
	if (!b->started && backup_start(b, d->incremental, d->txn_id, 0) < 0)
		return -1;
	if (!b->started || d->incremental != b->incremental ||
	    d->txn_id != b->target)
		return snprintf(b->err, sizeof(b->err),
				"%s ended a backup it did not send",
				b->conn.name),
		       -1;
	if (d->bytes != b->bytes || d->crc32 != b->crc ||
	    d->records != b->records)
		return snprintf(
			   b->err, sizeof(b->err),
			   "the backup stream is damaged: received %" PRIu64
			   " bytes, %" PRIu64 " records, CRC32 %08" PRIx32
			   "; %s sent %" PRIu64 ", %" PRIu64 ", %08" PRIx32,
			   b->bytes, b->records, b->crc, b->conn.name, d->bytes,
			   d->records, d->crc32),
		       -1;
	if (b->incremental && b->next_index != d->txn_id + 1)
		return snprintf(b->err, sizeof(b->err),
				"the backup stopped at transaction %" PRIu64
				" short of %" PRIu64,
				b->next_index - 1, d->txn_id),
		       -1;
	return 0;
}

/* Installs the end of the stream and writes the manifest. */
static int backup_finish(struct backup_run *b, const Graphd__BackupDone *d)
{
	struct backup_manifest m = {.version = BACKUP_MANIFEST_VERSION};
	struct store_copy_writer *w = b->w;
	uint64_t applied;
	time_t now = time(NULL);
	struct tm tm;
	char why[512];

	b->w = NULL;
	if ((w &&
	     store_copy_writer_finish(w, d->txn_id, why, sizeof(why)) < 0) ||
	    backup_store_sum(b->g, &m.store_bytes, &m.store_crc,
			     &m.store_records, &applied, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err),
				"cannot finish the backup in %s: %s", b->dir,
				why),
		       -1;
	if (applied != d->txn_id)
		return snprintf(b->err, sizeof(b->err),
				"the backup store is at txn %" PRIu64
				", not %" PRIu64,
				applied, d->txn_id),
		       -1;
	snprintf(m.cluster_name, sizeof(m.cluster_name), "%s", b->cluster);
	m.server_id = d->server_id;
	m.txn_id = d->txn_id;
	m.term = d->term;
	m.incremental = d->incremental;
	m.stream_bytes = d->bytes;
	m.stream_crc = d->crc32;
	strftime(m.time, sizeof(m.time), "%Y-%m-%dT%H:%M:%SZ",
		 gmtime_r(&now, &tm));
	if (backup_manifest_write(b->dir, &m, why, sizeof(why)) < 0 ||
	    backup_mark_incomplete(b->dir, false, why, sizeof(why)) < 0)
		return snprintf(b->err, sizeof(b->err), "%s", why), -1;
	return 0;
}

/* One response: 1 more to come, 0 done, -1 failed (b->err). */
static int backup_on_response(struct backup_run *b, const Graphd__Response *r)
{
	if (r->error && r->error->code != GRAPHD__ERROR_CODE__OK)
		return snprintf(b->err, sizeof(b->err), "%s",
				r->error->message),
		       -1;
	switch (r->body_case) {
	case GRAPHD__RESPONSE__BODY_BACKUP_CHUNK:
		return backup_on_chunk(b, r->backup_chunk) < 0 ? -1 : 1;
	case GRAPHD__RESPONSE__BODY_BACKUP_ENTRIES:
		return backup_on_entries(b, r->backup_entries) < 0 ? -1 : 1;
	case GRAPHD__RESPONSE__BODY_BACKUP_DONE:
		if (backup_check_done(b, r->backup_done) < 0 ||
		    backup_finish(b, r->backup_done) < 0)
			return -1;
		return 0;
	default:
		return snprintf(b->err, sizeof(b->err),
				"%s answered the backup with something else "
				"(is it an older graphd?)",
				b->conn.name),
		       -1;
	}
}

static void backup_summary(struct backup_run *b)
{
	int64_t ms = backup_now_ms() - b->started_ms;
	double mb = (double)b->bytes / (1024.0 * 1024.0);

	backup_progress_end(&b->prog);
	if (b->incremental)
		printf("incremental: %" PRIu64 " transactions, %" PRIu64
		       " -> %" PRIu64 " (%.1f MB from instance %" PRIu32
		       " in %.1f s) in %s\n",
		       b->records, b->old.txn_id, b->target, mb,
		       b->conn.server_id, (double)ms / 1000.0, b->dir);
	else
		printf("full: %" PRIu64 " records, %.1f MB, txn %" PRIu64
		       " (from instance %" PRIu32 " in %.1f s) in %s\n",
		       b->records, mb, b->target, b->conn.server_id,
		       (double)ms / 1000.0, b->dir);
}

/* Asks for the backup and takes the stream in. */
static int backup_exchange(struct backup_run *b)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__BackupRequest q = GRAPHD__BACKUP_REQUEST__INIT;
	Graphd__Response *r;
	int rc = 1;

	if (b->have_old && strcmp(b->old.cluster_name, b->cluster) == 0) {
		q.since_txn = b->old.txn_id;
		q.since_term = b->old.term;
	}
	req.request_id = 1;
	req.body_case = GRAPHD__REQUEST__BODY_BACKUP;
	req.backup = &q;
	if (backup_wire_send(&b->conn, &req, b->err, sizeof(b->err)) < 0)
		return -1;
	/* Bounded by the server's stream: it ends with BackupDone or an
	 * error, and every read has a timeout. */
	while (rc > 0) {
		r = backup_wire_recv(&b->conn, BACKUP_READ_TIMEOUT_MS, b->err,
				     sizeof(b->err));
		if (!r)
			return -1;
		rc = backup_on_response(b, r);
		graphd__response__free_unpacked(r, NULL);
	}
	return rc;
}

static void backup_close(struct backup_run *b)
{
	if (b->w)
		store_copy_writer_abort(b->w);
	b->w = NULL;
	if (b->g)
		store_graph_close(b->g);
	if (b->env)
		store_env_close(b->env);
	b->g = NULL;
	b->env = NULL;
	backup_wire_close(&b->conn);
}

static int backup_parse(struct cli_ctx *ctx, int argc, char **argv,
			struct backup_run *b)
{
	static const struct option opts[] = {{"to", 1, NULL, 't'},
					     {"server", 1, NULL, 's'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	int c;

	while ((c = cli_getopt(ctx, argc, argv, "backup", "t:s:", opts)) !=
	       -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 't')
			b->dir = optarg;
		else if (c == 's')
			ctx->servers = optarg;
	}
	if (!b->dir || !*b->dir)
		return cli_usage("backup", "--to DIR is required");
	if (optind < argc)
		return cli_usage("backup", "unexpected argument '%s'",
				 argv[optind]);
	return 0;
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	struct backup_run b = {.conn = {.fd = -1}};
	struct backup_login login;
	int rc;

	if ((rc = backup_parse(ctx, argc, argv, &b)) != 0)
		return rc;
	b.started_ms = backup_now_ms();
	if (backup_prepare_dir(&b) < 0) {
		fprintf(stderr, "graphctl: backup: %s\n", b.err);
		return CLI_E_SERVER;
	}
	/* Without --cluster, the cluster of the backup in hand. */
	b.cluster = ctx->cluster ? ctx->cluster
		    : b.have_old ? b.old.cluster_name
				 : "graphd";
	if (cli_login(ctx) < 0)
		return CLI_E_CONNECT;
	login.user = ctx->user && ctx->user[0] ? ctx->user : NULL;
	login.password = ctx->password;
	if (backup_wire_open(&b.conn, ctx->servers, b.cluster, &login, 10000,
			     b.err, sizeof(b.err)) < 0 ||
	    backup_open_store(&b) < 0 || backup_exchange(&b) < 0) {
		backup_progress_end(&b.prog);
		backup_close(&b);
		fprintf(stderr, "graphctl: backup failed: %s%s\n", b.err,
			b.started ? "; the directory is marked incomplete "
				    "(restore refuses it): run the backup again"
				  : "");
		return CLI_E_SERVER;
	}
	backup_close(&b);
	backup_summary(&b);
	return CLI_OK;
}
