/* cmd_label.c: `graphctl add-label ID LABEL` and `remove-label ID LABEL`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

static int label_cmd(struct cli_ctx *ctx, int argc, char **argv, bool add)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	const char *name = add ? "add-label" : "remove-label";
	struct graphd_txn *t;
	uint64_t id;
	char what[256];
	int c, rc, st;

	while ((c = cli_getopt(ctx, argc, argv, name, "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (argc - optind != 2 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage(name, "expected a node id and a label");
	t = graphd_txn_new();
	if (!t)
		return CLI_E_SERVER;
	rc = add ? graphd_txn_add_label(t, GRAPHD_ID(id), argv[optind + 1])
		 : graphd_txn_remove_label(t, GRAPHD_ID(id), argv[optind + 1]);
	if (rc < 0) {
		st = cli_usage(name, "bad label");
	} else {
		snprintf(what, sizeof(what), "%s label %.200s %s node %" PRIu64,
			 add ? "added" : "removed", argv[optind + 1],
			 add ? "to" : "from", id);
		st = cli_run_write(ctx, t, -1, what);
	}
	graphd_txn_free(t);
	return st;
}

int cmd_add_label(struct cli_ctx *ctx, int argc, char **argv)
{
	return label_cmd(ctx, argc, argv, true);
}

int cmd_remove_label(struct cli_ctx *ctx, int argc, char **argv)
{
	return label_cmd(ctx, argc, argv, false);
}
