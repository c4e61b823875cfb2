/* cmd_remove_prop.c: `graphctl remove-prop [--rel] ID KEY`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_remove_prop(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"rel", 0, NULL, 'r'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_txn *t;
	bool rel = false;
	uint64_t id;
	char what[256];
	int c, st;

	while ((c = cli_getopt(ctx, argc, argv, "remove-prop", "", opts)) !=
	       -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'r')
			rel = true;
	}
	if (argc - optind != 2 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage("remove-prop", "expected an id and a key");
	t = graphd_txn_new();
	if (!t || graphd_txn_remove_prop(t, rel, GRAPHD_ID(id),
					 argv[optind + 1]) < 0) {
		st = cli_usage("remove-prop", "bad property key");
	} else {
		snprintf(what, sizeof(what), "removed %.200s from %s %" PRIu64,
			 argv[optind + 1], rel ? "relationship" : "node", id);
		st = cli_run_write(ctx, t, -1, what);
	}
	graphd_txn_free(t);
	return st;
}
