/* cmd_remove.c: `graphctl remove ID`: take an instance out of the cluster. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_remove(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_error e = {0};
	uint32_t id;
	uint64_t txn;
	graphd_t *g;
	int c, st = CLI_OK;

	while ((c = cli_getopt(ctx, argc, argv, "remove", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (optind + 1 != argc)
		return cli_usage("remove", "expected one server id");
	if (cli_parse_u32(argv[optind], &id) < 0 || id == 0)
		return cli_usage("remove", "'%s' is not a server id",
				 argv[optind]);
	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_member_change(g, GRAPHD_MEMBER_REMOVE, id, NULL, &txn, &e) <
	    0)
		return cli_fail(&e);
	if (ctx->json)
		printf("{\"server_id\": %u, \"txn\": %" PRIu64 "}\n", id, txn);
	else
		printf("instance %u removed at transaction %" PRIu64 "\n", id,
		       txn);
	return CLI_OK;
}
