/* cmd_delete_rel.c: `graphctl delete-rel ID`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_delete_rel(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_txn *t;
	uint64_t id;
	char what[128];
	int c, st;

	while ((c = cli_getopt(ctx, argc, argv, "delete-rel", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (argc - optind != 1 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage("delete-rel", "expected one relationship id");
	t = graphd_txn_new();
	if (!t || graphd_txn_delete_rel(t, GRAPHD_ID(id)) < 0) {
		graphd_txn_free(t);
		return CLI_E_SERVER;
	}
	snprintf(what, sizeof(what), "deleted relationship %" PRIu64, id);
	st = cli_run_write(ctx, t, -1, what);
	graphd_txn_free(t);
	return st;
}
