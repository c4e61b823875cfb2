/* cmd_query.c: `graphctl query STATEMENT | -f FILE [--param NAME=VALUE]...
 * [--bookmark TXN] [--linearizable]`. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/query.h"

/* The whole file in memory: scripts are small, and the splitter wants to
 * see strings and comments whole. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL, *grown;
	size_t cap = 0, n = 0, r;

	if (!f) {
		fprintf(stderr, "graphctl: query: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (!(grown = realloc(buf, cap))) {
				fprintf(stderr, "graphctl: out of memory\n");
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	if (buf && ferror(f)) {
		fprintf(stderr, "graphctl: query: cannot read %s: %s\n", path,
			strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static int run(struct cli_ctx *ctx, const char *stmt, const char *file,
	       const struct cli_params *p, const struct graphd_read_opts *o)
{
	size_t len;
	char *text;
	int st;

	if (!file)
		return cli_query_run(ctx, stmt, strlen(stmt), p, o, "");
	if (!(text = read_file(file, &len)))
		return CLI_E_USAGE;
	st = cli_query_script(ctx, file, text, len, 1, p, o);
	free(text);
	return st;
}

int cmd_query(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"param", 1, NULL, 'p'},
					     {"file", 1, NULL, 'f'},
					     {"bookmark", 1, NULL, 'b'},
					     {"linearizable", 0, NULL, 'L'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	struct graphd_read_opts o = {0};
	struct cli_params p = {0};
	struct graphd_error e = {0};
	const char *file = NULL;
	int c, st = CLI_OK;

	while (st == CLI_OK &&
	       (c = cli_getopt(ctx, argc, argv, "query", "p:f:", opts)) != -1) {
		if (c == -2)
			st = CLI_E_USAGE;
		else if (c == 'p' && cli_params_set(&p, optarg, &e) < 0)
			st = cli_usage("query", "--param %s: %s", optarg,
				       e.message);
		else if (c == 'f')
			file = optarg;
		else if (c == 'b' && cli_parse_id(optarg, &o.bookmark) < 0)
			st = cli_usage("query", "bad --bookmark '%s'", optarg);
		else if (c == 'L')
			o.linearizable = true;
	}
	if (st == CLI_OK && argc - optind != (file ? 0 : 1))
		st = cli_usage("query", file ? "-f FILE takes no statement"
					     : "expected one statement "
					       "(quote it) or -f FILE");
	if (st == CLI_OK)
		st = run(ctx, file ? NULL : argv[optind], file, &p, &o);
	cli_params_free(&p);
	return st;
}
