/* cmd_add.c: `graphctl add ID@HOST:PORT [--arbiter]`: add an instance to the
 * cluster (through any member: the library finds the master). */
#include "cli/args.h"
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>

static void add_print(const struct cli_ctx *ctx, uint32_t id, bool arbiter,
		      uint64_t txn)
{
	if (ctx->json)
		printf("{\"server_id\": %u, \"arbiter\": %s, \"txn\": %" PRIu64
		       "}\n",
		       id, arbiter ? "true" : "false", txn);
	else if (arbiter)
		printf("instance %u added as an arbiter at transaction %" PRIu64
		       "\n",
		       id, txn);
	else
		printf("instance %u added as a learner at transaction %" PRIu64
		       "; it is promoted to slave once caught up\n",
		       id, txn);
}

int cmd_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"arbiter", 0, NULL, 'a'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_error e = {0};
	char addr[64];
	bool arbiter = false;
	uint32_t id;
	uint64_t txn;
	graphd_t *g;
	int c, st = CLI_OK;

	while ((c = cli_getopt(ctx, argc, argv, "add", "", opts)) != -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'a')
			arbiter = true;
	}
	if (optind + 1 != argc)
		return cli_usage("add", "expected one ID@HOST:PORT");
	if (cli_parse_member_spec(argv[optind], &id, addr, sizeof(addr)) < 0)
		return cli_usage("add",
				 "'%s': expected the new instance's "
				 "ha.server_id and ha.cluster_server as "
				 "ID@HOST:PORT, e.g. 4@10.0.0.4:5001",
				 argv[optind]);
	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_member_change(
		g, arbiter ? GRAPHD_MEMBER_ADD_ARBITER : GRAPHD_MEMBER_ADD, id,
		addr, &txn, &e) < 0)
		return cli_fail(&e);
	add_print(ctx, id, arbiter, txn);
	return CLI_OK;
}
