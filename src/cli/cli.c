/* cli.c: helpers shared by graphctl's subcommands (see cli.h). */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* $GRAPHD_PASSWORD, else asked on the terminal (stdin may carry a script). */
int cli_login(struct cli_ctx *ctx)
{
	const char *env = getenv("GRAPHD_PASSWORD");
	char prompt[128];
	FILE *tty = NULL;

	if (!ctx->user || !ctx->user[0] || ctx->password)
		return 0;
	if (!(ctx->password = calloc(1, CLI_PASSWORD_MAX + 2)))
		goto err;
	if (env) {
		if (strlen(env) > CLI_PASSWORD_MAX)
			goto err;
		memcpy(ctx->password, env, strlen(env) + 1);
		return 0;
	}
	if (!(tty = fopen("/dev/tty", "r")))
		goto err;
	snprintf(prompt, sizeof(prompt), "Password for %s: ", ctx->user);
	if (cli_read_password(tty, prompt, ctx->password,
			      CLI_PASSWORD_MAX + 2) < 0)
		goto err;
	fclose(tty);
	return 0;
err:
	fprintf(stderr,
		"graphctl: no password for user %s: set GRAPHD_PASSWORD (at "
		"most %d bytes) or run on a terminal\n",
		ctx->user, CLI_PASSWORD_MAX);
	if (tty)
		fclose(tty);
	free(ctx->password);
	ctx->password = NULL;
	return -1;
}

graphd_t *cli_connect(struct cli_ctx *ctx, int *st)
{
	struct graphd_options o = {.cluster_name = ctx->cluster,
				   .client_name = "graphctl"};
	struct graphd_error e = {0};

	if (ctx->g)
		return ctx->g;
	if (cli_login(ctx) < 0) {
		*st = CLI_E_USAGE;
		return NULL;
	}
	o.user = ctx->password ? ctx->user : NULL;
	o.password = ctx->password;
	ctx->g = graphd_connect(ctx->servers, &o, &e);
	if (!ctx->g)
		*st = cli_fail(&e);
	return ctx->g;
}

int cli_fail(const struct graphd_error *e)
{
	fprintf(stderr, "graphctl: %s\n", e->message);
	switch (e->code) {
	case GRAPHD_E_USAGE:
		return CLI_E_USAGE;
	case GRAPHD_E_CONNECT:
	case GRAPHD_E_IO:
	case GRAPHD_E_PROTOCOL:
	case GRAPHD_E_REFUSED:
		return CLI_E_CONNECT;
	default:
		return CLI_E_SERVER;
	}
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	const struct cli_cmd *c = cli_find(cmd);
	va_list ap;

	fprintf(stderr, "graphctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: graphctl %s %s\n", c->name, c->args);
	return CLI_E_USAGE;
}

int cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const char *cmd,
	       const char *shortopts, const void *longopts)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (c == 'J') {
			ctx->json = true;
			continue;
		}
		if (c == '?' || c == ':') {
			/* getopt has said what was wrong with which option. */
			const struct cli_cmd *cc = cli_find(cmd);
			if (cc)
				fprintf(stderr, "usage: graphctl %s %s\n",
					cc->name, cc->args);
			return -2;
		}
		return c;
	}
}

int cli_parse_id(const char *s, uint64_t *id)
{
	char *end;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*id = v;
	return 0;
}

int cli_parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (cli_parse_id(s, &x) < 0 || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int cli_parse_prop(const char *arg, struct graphd_prop *p,
		   struct graphd_error *e)
{
	const char *eq = strchr(arg, '=');

	memset(p, 0, sizeof(*p));
	if (!eq || eq == arg) {
		snprintf(e->message, sizeof(e->message),
			 "expected key=value, got '%.100s'", arg);
		e->code = GRAPHD_E_USAGE;
		return -1;
	}
	p->key = strndup(arg, (size_t)(eq - arg));
	if (!p->key || graphd_value_parse(eq + 1, &p->value, e) < 0) {
		free(p->key);
		p->key = NULL;
		return -1;
	}
	return 0;
}

void cli_props_free(struct graphd_prop *props, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(props[i].key);
		graphd_value_free(&props[i].value);
	}
	free(props);
}

int cli_add_prop(const char *cmd, const char *arg, struct graphd_prop **props,
		 size_t *n)
{
	struct graphd_error e = {0};
	struct graphd_prop *p = realloc(*props, (*n + 1) * sizeof(**props));

	if (!p) {
		fprintf(stderr, "graphctl: out of memory\n");
		return CLI_E_SERVER;
	}
	*props = p;
	if (cli_parse_prop(arg, &p[*n], &e) < 0)
		return cli_usage(cmd, "--prop %s: %s", arg, e.message);
	(*n)++;
	return CLI_OK;
}

int cli_run_write(struct cli_ctx *ctx, struct graphd_txn *t, int id_op,
		  const char *what)
{
	struct graphd_write_result r;
	struct graphd_error e = {0};
	graphd_t *g;
	int st = CLI_OK;

	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_write(g, t, &r, &e) < 0)
		return cli_fail(&e);
	if (ctx->json) {
		printf("{\"txn\": %" PRIu64, r.txn_id);
		if (id_op >= 0 && (size_t)id_op < r.n_created)
			printf(", \"id\": %" PRIu64, r.created_ids[id_op]);
		printf("}\n");
	} else if (id_op >= 0 && (size_t)id_op < r.n_created) {
		printf("%s %" PRIu64 " (txn %" PRIu64 ")\n", what,
		       r.created_ids[id_op], r.txn_id);
	} else {
		printf("%s (txn %" PRIu64 ")\n", what, r.txn_id);
	}
	graphd_write_result_free(&r);
	return CLI_OK;
}

/* ---------------------------------------------------------------- output */

static int prop_cmp(const void *a, const void *b)
{
	const struct graphd_prop *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Properties sorted by key, so output is stable whatever the store's order. */
static const struct graphd_prop **sorted_props(const struct graphd_prop *p,
					       size_t n)
{
	const struct graphd_prop **s = malloc((n ? n : 1) * sizeof(*s));

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		s[i] = &p[i];
	qsort(s, n, sizeof(*s), prop_cmp);
	return s;
}

static void print_value(FILE *f, const struct graphd_value *v)
{
	size_t n = graphd_value_format(v, NULL, 0);
	char *buf = malloc(n + 1);

	if (!buf)
		return;
	graphd_value_format(v, buf, n + 1);
	fputs(buf, f);
	free(buf);
}

static void print_props(FILE *f, const struct graphd_prop *p, size_t n)
{
	const struct graphd_prop **s;

	if (n == 0 || !(s = sorted_props(p, n)))
		return;
	fputs(" {", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s%s: ", i ? ", " : "", s[i]->key);
		print_value(f, &s[i]->value);
	}
	fputc('}', f);
	free(s);
}

void cli_print_node(FILE *f, const struct graphd_node *n)
{
	fprintf(f, "(%" PRIu64, n->id);
	for (size_t i = 0; i < n->n_labels; i++)
		fprintf(f, ":%s", n->labels[i]);
	print_props(f, n->props, n->n_props);
	fputc(')', f);
}

void cli_print_rel(FILE *f, const struct graphd_rel *r)
{
	fprintf(f, "(%" PRIu64 ")-[%" PRIu64 ":%s", r->start, r->id, r->type);
	print_props(f, r->props, r->n_props);
	fprintf(f, "]->(%" PRIu64 ")", r->end);
}

/* ------------------------------------------------------------------ JSON */

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* Other control characters have no short escape;
			 * bytes >= 0x80 pass through as UTF-8. */
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void json_path(FILE *f, const struct graphd_path *p)
{
	fputs("{\"nodes\": [", f);
	for (size_t i = 0; i < p->n_nodes; i++) {
		fputs(i ? ", " : "", f);
		cli_json_node(f, &p->nodes[i]);
	}
	fputs("], \"relationships\": [", f);
	for (size_t i = 0; i < p->n_rels; i++) {
		fputs(i ? ", " : "", f);
		cli_json_rel(f, &p->rels[i]);
	}
	fputs("]}", f);
}

void cli_json_value(FILE *f, const struct graphd_value *v)
{
	switch (v->type) {
	case GRAPHD_MAP:
		fputc('{', f);
		for (size_t i = 0; i < v->u.map.n; i++) {
			fputs(i ? ", " : "", f);
			cli_json_string(f, v->u.map.entries[i].key);
			fputs(": ", f);
			cli_json_value(f, &v->u.map.entries[i].value);
		}
		fputc('}', f);
		break;
	case GRAPHD_NODE:
		cli_json_node(f, v->u.node);
		break;
	case GRAPHD_REL:
		cli_json_rel(f, v->u.rel);
		break;
	case GRAPHD_PATH:
		json_path(f, v->u.path);
		break;
	case GRAPHD_NULL:
		fputs("null", f);
		break;
	case GRAPHD_BOOL:
		fputs(v->u.b ? "true" : "false", f);
		break;
	case GRAPHD_INT:
		fprintf(f, "%" PRId64, v->u.i);
		break;
	case GRAPHD_FLOAT:
		/* JSON has no NaN or infinities; finite floats print as
		 * graphctl shows them (shortest exact form, "3.0"), which is
		 * valid JSON. */
		if (!isfinite(v->u.f))
			fputs("null", f);
		else
			print_value(f, v);
		break;
	case GRAPHD_STRING:
		cli_json_string(f, v->u.s ? v->u.s : "");
		break;
	case GRAPHD_LIST:
		fputc('[', f);
		for (size_t i = 0; i < v->u.list.n; i++) {
			if (i)
				fputs(", ", f);
			cli_json_value(f, &v->u.list.items[i]);
		}
		fputc(']', f);
		break;
	}
}

static void json_props(FILE *f, const struct graphd_prop *p, size_t n)
{
	const struct graphd_prop **s = sorted_props(p, n);

	fputs("\"properties\": {", f);
	for (size_t i = 0; s && i < n; i++) {
		if (i)
			fputs(", ", f);
		cli_json_string(f, s[i]->key);
		fputs(": ", f);
		cli_json_value(f, &s[i]->value);
	}
	fputc('}', f);
	free(s);
}

void cli_json_node(FILE *f, const struct graphd_node *n)
{
	fprintf(f, "{\"id\": %" PRIu64 ", \"labels\": [", n->id);
	for (size_t i = 0; i < n->n_labels; i++) {
		if (i)
			fputs(", ", f);
		cli_json_string(f, n->labels[i]);
	}
	fputs("], ", f);
	json_props(f, n->props, n->n_props);
	fputc('}', f);
}

void cli_json_rel(FILE *f, const struct graphd_rel *r)
{
	fprintf(f, "{\"id\": %" PRIu64 ", \"type\": ", r->id);
	cli_json_string(f, r->type);
	fprintf(f, ", \"start\": %" PRIu64 ", \"end\": %" PRIu64 ", ", r->start,
		r->end);
	json_props(f, r->props, r->n_props);
	fputc('}', f);
}
