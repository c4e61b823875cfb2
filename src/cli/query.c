/* query.c: running Cypher statements for graphctl (see query.h). */
#include "cli/query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/script.h"
#include "cli/table.h"

static bool param_name_ok(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

int cli_params_set(struct cli_params *p, const char *arg,
		   struct graphd_error *e)
{
	const char *name = arg[0] == '$' ? arg + 1 : arg;
	const char *eq = strchr(name, '=');
	struct graphd_value v;
	struct graphd_param *grown;
	size_t n;

	while (*name == ' ')
		name++;
	n = eq ? (size_t)(eq - name) : 0;
	while (n && name[n - 1] == ' ')
		n--;
	if (!eq || !param_name_ok(name, n)) {
		snprintf(e->message, sizeof(e->message),
			 "expected name=value (name: letters, digits, '_'), "
			 "got '%.100s'",
			 arg);
		e->code = GRAPHD_E_USAGE;
		return -1;
	}
	if (graphd_value_parse(eq + 1, &v, e) < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		if (strlen(p->v[i].name) == n &&
		    strncmp(p->v[i].name, name, n) == 0) {
			graphd_value_free(&p->v[i].value);
			p->v[i].value = v;
			return 0;
		}
	}
	grown = realloc(p->v, (p->n + 1) * sizeof(*p->v));
	if (!grown || !(grown[p->n].name = strndup(name, n))) {
		if (grown)
			p->v = grown;
		graphd_value_free(&v);
		snprintf(e->message, sizeof(e->message), "out of memory");
		e->code = GRAPHD_E_NOMEM;
		return -1;
	}
	p->v = grown;
	p->v[p->n++].value = v;
	return 0;
}

void cli_params_print(FILE *f, const struct cli_params *p)
{
	char buf[256];

	for (size_t i = 0; i < p->n; i++) {
		size_t n =
		    graphd_value_format(&p->v[i].value, buf, sizeof(buf));
		fprintf(f, "$%s = %s%s\n", p->v[i].name, buf,
			n >= sizeof(buf) ? "..." : "");
	}
}

void cli_params_free(struct cli_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free((char *)p->v[i].name);
		graphd_value_free(&p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

static void print_json_rows(const struct graphd_result *r)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		putchar('{');
		for (size_t j = 0; j < r->n_columns; j++) {
			fputs(j ? ", " : "", stdout);
			cli_json_string(stdout, r->columns[j]);
			fputs(": ", stdout);
			cli_json_value(stdout, &r->rows[i][j]);
		}
		puts("}");
	}
}

int cli_query_run(struct cli_ctx *ctx, const char *statement, size_t len,
		  const struct cli_params *p, const struct graphd_read_opts *o,
		  const char *where)
{
	struct graphd_result r;
	struct graphd_error e = {0};
	char *stmt = strndup(statement, len), prefix[300];
	graphd_t *g;
	int st = CLI_OK;

	if (!stmt) {
		fprintf(stderr, "graphctl: out of memory\n");
		return CLI_E_SERVER;
	}
	if (!(g = cli_connect(ctx, &st)))
		goto out;
	if (graphd_query(g, stmt, p ? p->v : NULL, p ? p->n : 0, o, &r, &e) <
	    0) {
		snprintf(prefix, sizeof(prefix), "graphctl: %s", where);
		cli_print_query_error(stderr, prefix, stmt, &e);
		/* cli_fail's status, without printing the message again. */
		st = e.code == GRAPHD_E_USAGE ? CLI_E_USAGE
		     : e.code == GRAPHD_E_CONNECT || e.code == GRAPHD_E_IO ||
			     e.code == GRAPHD_E_PROTOCOL ||
			     e.code == GRAPHD_E_REFUSED
			 ? CLI_E_CONNECT
			 : CLI_E_SERVER;
		goto out;
	}
	if (ctx->json) {
		print_json_rows(&r);
	} else {
		cli_table_print(stdout, &r);
		cli_table_summary(stdout, &r);
	}
	fflush(stdout);
	graphd_result_free(&r);
out:
	free(stmt);
	return st;
}

int cli_query_script(struct cli_ctx *ctx, const char *name, const char *text,
		     size_t len, unsigned first_line,
		     const struct cli_params *p,
		     const struct graphd_read_opts *o)
{
	struct cli_script s;
	const char *stmt;
	size_t n;
	unsigned line;
	char where[300];
	enum cli_script_rc rc;
	int st = CLI_OK;

	cli_script_init(&s, text, len);
	while (st == CLI_OK &&
	       (rc = cli_script_next(&s, &stmt, &n, &line)) != CLI_SCRIPT_END) {
		/* A last statement without ';' still runs: `echo 'RETURN 1' |
		 * graphctl shell` should not need one. */
		if (rc == CLI_SCRIPT_INCOMPLETE && n == 0)
			break;
		snprintf(where, sizeof(where), "%s:%u: ", name,
			 first_line + line - 1);
		st = cli_query_run(ctx, stmt, n, p, o, where);
		if (rc == CLI_SCRIPT_INCOMPLETE)
			break;
	}
	return st;
}
