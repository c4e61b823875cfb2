/* cmd_get_node.c: `graphctl get-node ID`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_get_node(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_node n;
	struct graphd_error e = {0};
	uint64_t id;
	graphd_t *g;
	int c, st = CLI_OK;

	while ((c = cli_getopt(ctx, argc, argv, "get-node", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (argc - optind != 1 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage("get-node", "expected one node id");
	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_get_node(g, id, NULL, &n, &e) < 0) {
		if (e.code == GRAPHD_E_NOT_FOUND)
			snprintf(e.message, sizeof(e.message),
				 "node %" PRIu64 " not found", id);
		return cli_fail(&e);
	}
	if (ctx->json)
		cli_json_node(stdout, &n);
	else
		cli_print_node(stdout, &n);
	putchar('\n');
	graphd_node_free(&n);
	return CLI_OK;
}
