/* cmd_verify.c: `graphctl verify DIR`: checks a backup or a stopped
 * instance's data directory offline: the store's internal consistency
 * (store_graph_verify), and for a backup its manifest and checksum. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/manifest.h"
#include "store/copy.h"

struct verify_counts {
	uint64_t n;
};

static bool verify_count_cb(void *ctx, const DBT *k, const DBT *v)
{
	(void)k;
	(void)v;
	((struct verify_counts *)ctx)->n++;
	return true;
}

/* A running graphd (or a backup in progress) holds the environment's lock
 * file: opening it here would run Berkeley DB recovery under its feet. */
static int verify_not_running(const char *dir)
{
	char path[PATH_MAX + 32];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, STORE_ENV_LOCK_FILE);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
		fprintf(stderr,
			"graphctl: verify: %s is in use by a running graphd "
			"(or a backup in progress): stop the instance first\n",
			dir);
		rc = -1;
	}
	close(fd);
	return rc;
}

/* A backup: its mark, manifest and checksum. Returns the problems. */
static int verify_backup(const char *dir, struct store_graph *g)
{
	struct backup_manifest m;
	char why[1024];

	if (backup_check_complete(dir, &m, why, sizeof(why)) < 0 ||
	    backup_check_sum(g, &m, why, sizeof(why)) < 0) {
		printf("backup: %s\n", why);
		return 1;
	}
	return 0;
}

static int verify_store(const char *dir, bool backup)
{
	struct store_env *env = NULL;
	struct store_graph *g = NULL;
	struct verify_counts nodes = {0}, rels = {0};
	char why[512];
	int problems = 0, rc = CLI_E_SERVER;

	if (store_env_open(&env, dir, why, sizeof(why)) < 0 ||
	    store_graph_open(env, &g, why, sizeof(why)) < 0) {
		fprintf(stderr, "graphctl: verify: cannot open %s: %s\n", dir,
			why);
		goto out;
	}
	if (store_copy_incomplete(g)) {
		printf("store: an unfinished store copy (its graph is "
		       "incomplete)\n");
		problems++;
	}
	if (backup)
		problems += verify_backup(dir, g);
	rc = store_graph_verify(g, stdout);
	if (rc < 0 ||
	    store_graph_scan(g, 0, NULL, NULL, 0, verify_count_cb, &nodes) !=
		0 ||
	    store_graph_scan(g, 1, NULL, NULL, 0, verify_count_cb, &rels) !=
		0) {
		fprintf(stderr,
			"graphctl: verify: cannot read the store in "
			"%s (see above)\n",
			dir);
		rc = CLI_E_SERVER;
		goto out;
	}
	problems += rc;
	if (problems)
		printf("%d problems\n", problems);
	else
		printf("OK: %" PRIu64 " nodes, %" PRIu64
		       " relationships, txn %" PRIu64 "\n",
		       nodes.n, rels.n, store_graph_applied_index(g));
	rc = problems ? CLI_E_SERVER : CLI_OK;
out:
	if (g)
		store_graph_close(g);
	if (env)
		store_env_close(env);
	return rc;
}

int cmd_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	char path[PATH_MAX + 32], mark[PATH_MAX + 32];
	const char *dir;
	int c;

	while ((c = cli_getopt(ctx, argc, argv, "verify", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (optind + 1 != argc)
		return cli_usage("verify", "expected one directory");
	dir = argv[optind];
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_GRAPH_FILE);
	snprintf(mark, sizeof(mark), "%s/%s", dir, BACKUP_MANIFEST_FILE);
	/* Opening the environment would create an empty store: say so
	 * instead when there is none. */
	if (access(path, F_OK) < 0) {
		fprintf(stderr,
			"graphctl: verify: %s holds no graph store (%s): "
			"not a backup or a data directory\n",
			dir, STORE_GRAPH_FILE);
		return CLI_E_SERVER;
	}
	if (verify_not_running(dir) < 0)
		return CLI_E_SERVER;
	return verify_store(dir, access(mark, F_OK) == 0 ||
				     backup_is_marked_incomplete(dir));
}
