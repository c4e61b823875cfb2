/* cmd_status.c: `graphctl status`: what this instance is and how far along. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

static void format_uptime(char *buf, size_t len, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (s >= 86400)
		snprintf(buf, len, "%" PRIu64 "d %" PRIu64 "h %" PRIu64 "m",
			 s / 86400, s % 86400 / 3600, s % 3600 / 60);
	else if (s >= 3600)
		snprintf(buf, len, "%" PRIu64 "h %" PRIu64 "m %" PRIu64 "s",
			 s / 3600, s % 3600 / 60, s % 60);
	else
		snprintf(buf, len, "%" PRIu64 "m %" PRIu64 "s", s / 60, s % 60);
}

/* Match index and lag are known on the master only; elsewhere the server
 * reports 0, which would read as "nothing replicated": show "-" instead. */
static void format_progress(char *buf, size_t len, uint64_t v, bool known)
{
	if (known)
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "-");
}

static void print_members(const struct graphd_status *s)
{
	bool on_master = strcmp(s->role, "master") == 0;

	printf("\n%-4s %-10s %-21s %-21s %-9s %10s %8s\n", "ID", "ROLE",
	       "ADDRESS", "CLUSTER", "REACHABLE", "MATCH", "LAG");
	for (size_t i = 0; i < s->n_members; i++) {
		const struct graphd_member *m = &s->members[i];
		bool known = on_master || m->match_index != 0;
		char match[24], lag[24];

		format_progress(match, sizeof(match), m->match_index, known);
		format_progress(lag, sizeof(lag), m->lag, known);
		printf("%-4u %-10s %-21s %-21s %-9s %10s %8s\n", m->server_id,
		       m->role, m->address[0] ? m->address : "-",
		       m->cluster_address[0] ? m->cluster_address : "-",
		       m->reachable ? "yes" : "no", match, lag);
	}
}

/* Instances refused because they belong to another cluster. */
static void print_foreign(const struct graphd_status *s)
{
	printf("\nRefused, another cluster (not contacted until restarted):\n");
	printf("%-4s %-21s %s\n", "ID", "CLUSTER", "ITS CLUSTER ID");
	for (size_t i = 0; i < s->n_foreign; i++)
		printf("%-4u %-21s %s\n", s->foreign[i].server_id,
		       s->foreign[i].cluster_address[0]
			   ? s->foreign[i].cluster_address
			   : "-",
		       s->foreign[i].address);
}

static void print_text(const struct graphd_status *s)
{
	char uptime[64], master[32];

	format_uptime(uptime, sizeof(uptime), s->uptime_ms);
	if (s->master_id)
		snprintf(master, sizeof(master), "%u", s->master_id);
	else
		snprintf(master, sizeof(master), "none");
	/* Aligned "key: value" lines: easy to read and to grep. */
	printf("%-20s %s\n", "mode:", s->mode);
	printf("%-20s %s\n", "role:", s->role);
	printf("%-20s %u\n", "server id:", s->server_id);
	printf("%-20s %s\n", "cluster:", s->cluster_name);
	if (strcmp(s->mode, "SINGLE") != 0 || s->cluster_id[0])
		printf("%-20s %s\n", "cluster id:",
		       s->cluster_id[0] ? s->cluster_id : "none yet");
	printf("%-20s %s\n", "data directory:", s->data_dir);
	printf("%-20s %" PRIu64 "\n", "term:", s->term);
	printf("%-20s %" PRIu64 "\n", "last committed txn:", s->commit_index);
	printf("%-20s %" PRIu64 "\n", "last applied txn:", s->applied_index);
	printf("%-20s %s\n", "master:", master);
	printf("%-20s %s\n", "uptime:", uptime);
	if (s->version[0])
		printf("%-20s %s\n", "version:", s->version);
	if (s->disk_full[0])
		printf("%-20s %s\n", "disk full:", s->disk_full);
	if (s->n_members)
		print_members(s);
	if (s->n_foreign)
		print_foreign(s);
}

static void print_json(const struct graphd_status *s)
{
	printf("{\"mode\": ");
	cli_json_string(stdout, s->mode);
	printf(", \"role\": ");
	cli_json_string(stdout, s->role);
	printf(", \"server_id\": %u, \"cluster_name\": ", s->server_id);
	cli_json_string(stdout, s->cluster_name);
	printf(", \"data_dir\": ");
	cli_json_string(stdout, s->data_dir);
	printf(", \"term\": %" PRIu64 ", \"commit_index\": %" PRIu64
	       ", \"applied_index\": %" PRIu64 ", \"master_id\": %u"
	       ", \"uptime_ms\": %" PRIu64 ", \"version\": ",
	       s->term, s->commit_index, s->applied_index, s->master_id,
	       s->uptime_ms);
	cli_json_string(stdout, s->version);
	printf(", \"cluster_id\": ");
	cli_json_string(stdout, s->cluster_id);
	printf(", \"foreign\": [");
	for (size_t i = 0; i < s->n_foreign; i++) {
		printf("%s{\"server_id\": %u, \"cluster_address\": ",
		       i ? ", " : "", s->foreign[i].server_id);
		cli_json_string(stdout, s->foreign[i].cluster_address);
		printf(", \"cluster_id\": ");
		cli_json_string(stdout, s->foreign[i].address);
		printf("}");
	}
	printf("]");
	printf(", \"disk_full\": ");
	cli_json_string(stdout, s->disk_full);
	printf(", \"members\": [");
	for (size_t i = 0; i < s->n_members; i++) {
		const struct graphd_member *m = &s->members[i];
		printf("%s{\"server_id\": %u, \"role\": ", i ? ", " : "",
		       m->server_id);
		cli_json_string(stdout, m->role);
		printf(", \"address\": ");
		cli_json_string(stdout, m->address);
		printf(", \"cluster_address\": ");
		cli_json_string(stdout, m->cluster_address);
		printf(", \"reachable\": %s, \"match_index\": %" PRIu64
		       ", \"lag\": %" PRIu64 "}",
		       m->reachable ? "true" : "false", m->match_index, m->lag);
	}
	printf("]}\n");
}

int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct graphd_status s;
	struct graphd_error e = {0};
	graphd_t *g;
	int c, st = CLI_OK;

	while ((c = cli_getopt(ctx, argc, argv, "status", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (optind != argc)
		return cli_usage("status", "takes no arguments");
	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_status(g, &s, &e) < 0)
		return cli_fail(&e);
	if (ctx->json)
		print_json(&s);
	else
		print_text(&s);
	graphd_status_free(&s);
	return CLI_OK;
}
