/* cmd_create_node.c: `graphctl create-node [--label L]... [--prop K=V]...`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>

int cmd_create_node(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"label", 1, NULL, 'l'},
					     {"prop", 1, NULL, 'p'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	const char **labels = calloc((size_t)argc, sizeof(*labels));
	struct graphd_prop *props = NULL;
	struct graphd_txn *t = NULL;
	size_t n_labels = 0, n_props = 0;
	int c, st = CLI_OK;

	if (!labels)
		return CLI_E_SERVER;
	while (st == CLI_OK && (c = cli_getopt(ctx, argc, argv, "create-node",
					       "", opts)) != -1) {
		if (c == -2)
			st = CLI_E_USAGE;
		else if (c == 'l')
			labels[n_labels++] = optarg;
		else if (c == 'p')
			st = cli_add_prop("create-node", optarg, &props,
					  &n_props);
	}
	if (st != CLI_OK)
		goto out;
	if (optind != argc) {
		st = cli_usage("create-node", "unexpected argument '%s'",
			       argv[optind]);
		goto out;
	}
	t = graphd_txn_new();
	if (!t ||
	    graphd_txn_create_node(t, labels, n_labels, props, n_props) < 0) {
		st = cli_usage("create-node", "bad label or property name");
		goto out;
	}
	st = cli_run_write(ctx, t, 0, "created node");
out:
	graphd_txn_free(t);
	cli_props_free(props, n_props);
	free(labels);
	return st;
}
