/* cmd_create_rel.c: `graphctl create-rel START TYPE END [--prop K=V]...`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>

int cmd_create_rel(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"prop", 1, NULL, 'p'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_prop *props = NULL;
	struct graphd_txn *t = NULL;
	size_t n_props = 0;
	uint64_t start, end;
	int c, st = CLI_OK;

	while (st == CLI_OK && (c = cli_getopt(ctx, argc, argv, "create-rel",
					       "", opts)) != -1) {
		if (c == -2)
			st = CLI_E_USAGE;
		else if (c == 'p')
			st = cli_add_prop("create-rel", optarg, &props,
					  &n_props);
	}
	if (st != CLI_OK)
		goto out;
	if (argc - optind != 3 || cli_parse_id(argv[optind], &start) < 0 ||
	    cli_parse_id(argv[optind + 2], &end) < 0) {
		st = cli_usage("create-rel",
			       "expected a start node id, a type and an end "
			       "node id");
		goto out;
	}
	t = graphd_txn_new();
	if (!t || graphd_txn_create_rel(t, argv[optind + 1], GRAPHD_ID(start),
					GRAPHD_ID(end), props, n_props) < 0) {
		st = cli_usage("create-rel", "bad type or property name");
		goto out;
	}
	st = cli_run_write(ctx, t, 0, "created relationship");
out:
	graphd_txn_free(t);
	cli_props_free(props, n_props);
	return st;
}
