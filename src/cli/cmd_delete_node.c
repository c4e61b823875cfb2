/* cmd_delete_node.c: `graphctl delete-node [--detach] ID`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_delete_node(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"detach", 0, NULL, 'd'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_txn *t;
	bool detach = false;
	uint64_t id;
	char what[128];
	int c, st;

	while ((c = cli_getopt(ctx, argc, argv, "delete-node", "", opts)) !=
	       -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'd')
			detach = true;
	}
	if (argc - optind != 1 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage("delete-node", "expected one node id");
	t = graphd_txn_new();
	if (!t || graphd_txn_delete_node(t, GRAPHD_ID(id), detach) < 0) {
		graphd_txn_free(t);
		return CLI_E_SERVER;
	}
	snprintf(what, sizeof(what), "deleted node %" PRIu64 "%s", id,
		 detach ? " and its relationships" : "");
	st = cli_run_write(ctx, t, -1, what);
	graphd_txn_free(t);
	return st;
}
