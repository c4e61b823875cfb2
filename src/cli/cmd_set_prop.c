/* cmd_set_prop.c: `graphctl set-prop [--rel] ID KEY VALUE`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

int cmd_set_prop(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"rel", 0, NULL, 'r'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_value v;
	struct graphd_error e = {0};
	struct graphd_txn *t;
	bool rel = false;
	uint64_t id;
	char what[256];
	int c, st;

	while ((c = cli_getopt(ctx, argc, argv, "set-prop", "", opts)) != -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'r')
			rel = true;
	}
	if (argc - optind != 3 || cli_parse_id(argv[optind], &id) < 0)
		return cli_usage("set-prop",
				 "expected an id, a key and a value");
	if (graphd_value_parse(argv[optind + 2], &v, &e) < 0)
		return cli_usage("set-prop", "value: %s", e.message);
	t = graphd_txn_new();
	if (!t || graphd_txn_set_prop(t, rel, GRAPHD_ID(id), argv[optind + 1],
				      &v) < 0) {
		st = cli_usage("set-prop", "bad property key");
	} else {
		snprintf(what, sizeof(what), "set %.200s on %s %" PRIu64,
			 argv[optind + 1], rel ? "relationship" : "node", id);
		st = cli_run_write(ctx, t, -1, what);
	}
	graphd_txn_free(t);
	graphd_value_free(&v);
	return st;
}
