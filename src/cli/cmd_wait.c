/* cmd_wait.c: `graphctl wait`: block until an instance has a role or has
 * applied a transaction, for scripts that restart or fail over instances. */
#include "cli/args.h"
#include "cli/poll.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

struct wait_goal {
	const char *role; /* NULL: any */
	uint64_t applied; /* 0: any */
	char timeout[32]; /* as shown in messages */
};

static bool wait_done(const struct graphd_status *s, const void *arg)
{
	const struct wait_goal *w = arg;

	return (!w->role || strcmp(s->role, w->role) == 0) &&
	       s->applied_index >= w->applied;
}

/* Why the wait ended without success, for an operator reading a script's
 * output: what the instance was last seen doing, and the latest error. */
static void wait_report(const struct wait_goal *w, const struct cli_poll *p)
{
	const struct graphd_status *s = &p->last;

	if (!p->have_status) {
		fprintf(stderr, "graphctl: wait: no status after %s: %s\n",
			w->timeout, p->err.message);
		return;
	}
	if (w->role && strcmp(s->role, w->role) != 0)
		fprintf(stderr,
			"graphctl: wait: instance %u is still %s after %s",
			s->server_id, s->role, w->timeout);
	else
		fprintf(stderr,
			"graphctl: wait: instance %u has applied transaction "
			"%" PRIu64 ", not yet %" PRIu64 ", after %s",
			s->server_id, s->applied_index, w->applied, w->timeout);
	if (p->last_failed)
		fprintf(stderr, " (then: %s)", p->err.message);
	fputc('\n', stderr);
}

static void wait_print(const struct cli_ctx *ctx, const struct graphd_status *s)
{
	if (ctx->json) {
		printf("{\"server_id\": %u, \"role\": ", s->server_id);
		cli_json_string(stdout, s->role);
		printf(", \"applied_index\": %" PRIu64 "}\n", s->applied_index);
	} else {
		printf("instance %u is %s, applied transaction %" PRIu64 "\n",
		       s->server_id, s->role, s->applied_index);
	}
}

static int wait_options(struct cli_ctx *ctx, int argc, char **argv,
			struct wait_goal *w, int64_t *timeout_ms)
{
	static const struct option opts[] = {{"role", 1, NULL, 'r'},
					     {"applied", 1, NULL, 'a'},
					     {"timeout", 1, NULL, 't'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	int c;

	while ((c = cli_getopt(ctx, argc, argv, "wait", "", opts)) != -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'r' && !cli_role_valid(optarg))
			return cli_usage("wait",
					 "--role %s: expected master, slave, "
					 "arbiter, learner or candidate",
					 optarg);
		if (c == 'r')
			w->role = optarg;
		if (c == 'a' && cli_parse_id(optarg, &w->applied) < 0)
			return cli_usage("wait",
					 "--applied %s: expected a transaction "
					 "id",
					 optarg);
		if (c == 't' && cli_parse_duration_ms(optarg, timeout_ms) < 0)
			return cli_usage("wait",
					 "--timeout %s: expected a duration "
					 "such as 10s, 500ms or 2m",
					 optarg);
	}
	if (optind != argc)
		return cli_usage("wait", "unexpected argument '%s'",
				 argv[optind]);
	if (!w->role && !w->applied)
		return cli_usage("wait", "nothing to wait for: give --role "
					 "or --applied");
	return CLI_OK;
}

int cmd_wait(struct cli_ctx *ctx, int argc, char **argv)
{
	struct wait_goal w = {0};
	int64_t timeout_ms = 10000;
	struct cli_poll p;
	int st;

	st = wait_options(ctx, argc, argv, &w, &timeout_ms);
	if (st != CLI_OK)
		return st;
	cli_format_duration(w.timeout, sizeof(w.timeout), timeout_ms);
	st = cli_poll_status(ctx, timeout_ms, wait_done, &w, &p);
	if (st == CLI_OK)
		wait_print(ctx, &p.last);
	else if (st == CLI_E_CONNECT)
		cli_fail(&p.err);
	else
		wait_report(&w, &p);
	cli_poll_free(&p);
	return st;
}
