/* cmd_transfer_master.c: `graphctl transfer-master ID`: hand the master role
 * to instance ID (before maintenance of the master), then wait until it has
 * it. */
#include "cli/args.h"
#include "cli/poll.h"

#include <getopt.h>

static bool is_master(const struct graphd_status *s, const void *arg)
{
	return s->master_id == *(const uint32_t *)arg;
}

static int transfer_options(struct cli_ctx *ctx, int argc, char **argv,
			    uint32_t *id, int64_t *timeout_ms)
{
	static const struct option opts[] = {
	    {"timeout", 1, NULL, 't'}, CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	int c;

	while ((c = cli_getopt(ctx, argc, argv, "transfer-master", "", opts)) !=
	       -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 't' && cli_parse_duration_ms(optarg, timeout_ms) < 0)
			return cli_usage("transfer-master",
					 "--timeout %s: expected a duration "
					 "such as 10s, 500ms or 2m",
					 optarg);
	}
	if (optind + 1 != argc)
		return cli_usage("transfer-master", "expected one server id");
	if (cli_parse_u32(argv[optind], id) < 0 || *id == 0)
		return cli_usage("transfer-master", "'%s' is not a server id",
				 argv[optind]);
	return CLI_OK;
}

/* The transfer has started but the master did not change in time. */
static void transfer_report(uint32_t id, const char *timeout,
			    const struct cli_poll *p)
{
	if (!p->have_status)
		fprintf(stderr,
			"graphctl: transfer-master: no status after %s: %s\n",
			timeout, p->err.message);
	else if (p->last.master_id)
		fprintf(stderr,
			"graphctl: transfer-master: instance %u is not master "
			"after %s; the master is instance %u\n",
			id, timeout, p->last.master_id);
	else
		fprintf(stderr,
			"graphctl: transfer-master: instance %u is not master "
			"after %s; there is no master (election in progress)\n",
			id, timeout);
}

int cmd_transfer_master(struct cli_ctx *ctx, int argc, char **argv)
{
	struct graphd_error e = {0};
	int64_t timeout_ms = 10000;
	char timeout[32];
	struct cli_poll p;
	uint32_t id = 0;
	graphd_t *g;
	int st;

	st = transfer_options(ctx, argc, argv, &id, &timeout_ms);
	if (st != CLI_OK || !(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_member_change(g, GRAPHD_MEMBER_TRANSFER, id, NULL, NULL,
				 &e) < 0)
		return cli_fail(&e);
	if (!ctx->json) {
		printf("master role transfer to instance %u started\n", id);
		fflush(stdout);
	}
	cli_format_duration(timeout, sizeof(timeout), timeout_ms);
	st = cli_poll_status(ctx, timeout_ms, is_master, &id, &p);
	if (st == CLI_OK && ctx->json)
		printf("{\"master_id\": %u}\n", id);
	else if (st == CLI_OK)
		printf("instance %u is master\n", id);
	else if (st == CLI_E_CONNECT)
		cli_fail(&p.err);
	else
		transfer_report(id, timeout, &p);
	cli_poll_free(&p);
	return st;
}
