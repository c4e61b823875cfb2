/* cmd_role.c: `graphctl role`: one word, for scripts and load balancers. */
#include "cli/cli.h"

#include <getopt.h>

int cmd_role(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_status s;
	struct graphd_error e = {0};
	graphd_t *g;
	int c, st = CLI_OK;

	while ((c = cli_getopt(ctx, argc, argv, "role", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (optind != argc)
		return cli_usage("role", "takes no arguments");
	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_status(g, &s, &e) < 0)
		return cli_fail(&e);
	if (ctx->json) {
		printf("{\"role\": ");
		cli_json_string(stdout, s.role);
		printf("}\n");
	} else {
		printf("%s\n", s.role);
	}
	graphd_status_free(&s);
	return CLI_OK;
}
