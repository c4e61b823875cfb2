/* cmd_nodes.c: `graphctl nodes LABEL [--where KEY=VALUE] [--limit N]`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>

static void print_nodes(struct cli_ctx *ctx, const struct graphd_node_list *l)
{
	if (ctx->json)
		printf("[");
	for (size_t i = 0; i < l->n; i++) {
		if (ctx->json) {
			printf("%s", i ? ", " : "");
			cli_json_node(stdout, &l->nodes[i]);
		} else {
			cli_print_node(stdout, &l->nodes[i]);
			putchar('\n');
		}
	}
	if (ctx->json)
		printf("]\n");
}

static int run(struct cli_ctx *ctx, const char *label,
	       const struct graphd_prop *where, uint32_t limit)
{
	struct graphd_node_list l;
	struct graphd_error e = {0};
	graphd_t *g;
	int st = CLI_OK;

	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_nodes_by_label(g, label, where ? where->key : NULL,
				  where ? &where->value : NULL, limit, NULL, &l,
				  &e) < 0)
		return cli_fail(&e);
	print_nodes(ctx, &l);
	graphd_node_list_free(&l);
	return CLI_OK;
}

int cmd_nodes(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"where", 1, NULL, 'w'},
					     {"limit", 1, NULL, 'n'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	struct graphd_prop *where = NULL;
	size_t n_where = 0;
	uint32_t limit = 0;
	int c, st = CLI_OK;

	while (st == CLI_OK &&
	       (c = cli_getopt(ctx, argc, argv, "nodes", "", opts)) != -1) {
		if (c == -2)
			st = CLI_E_USAGE;
		else if (c == 'w' && n_where)
			st = cli_usage("nodes", "only one --where");
		else if (c == 'w')
			st = cli_add_prop("nodes", optarg, &where, &n_where);
		else if (c == 'n' && cli_parse_u32(optarg, &limit) < 0)
			st = cli_usage("nodes", "bad --limit '%s'", optarg);
	}
	if (st == CLI_OK && argc - optind != 1)
		st = cli_usage("nodes", "expected one label");
	if (st == CLI_OK)
		st = run(ctx, argv[optind], n_where ? where : NULL, limit);
	cli_props_free(where, n_where);
	return st;
}
