/* tck_proc.c: the test procedures a scenario declares ("there exists a
 * procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):" with a
 * table), registered with graphd's procedure registry for that scenario.
 * A call yields the table's rows whose input columns equal its
 * arguments, in table order. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cypher_proc.h"
#include "tck.h"

struct tproc {
	size_t n_in, n_out, n_rows;
	struct cv *cells; /* n_rows * (n_in + n_out) */
};

static void tproc_free(void *arg)
{
	struct tproc *t = arg;

	for (size_t i = 0; t && i < t->n_rows * (t->n_in + t->n_out); i++)
		cv_free(&t->cells[i]);
	if (t)
		free(t->cells);
	free(t);
}

static int tproc_call(const struct cypher_proc *p,
		      const struct cypher_proc_env *env, const struct cv *args,
		      int (*emit)(void *ctx, const struct cv *outs), void *ctx,
		      struct cv_err *err)
{
	const struct tproc *t = p->arg;
	size_t w = t->n_in + t->n_out;

	(void)env;
	for (size_t r = 0; r < t->n_rows; r++) {
		const struct cv *row = &t->cells[r * w];
		bool match = true;
		int rc;

		for (size_t i = 0; match && i < t->n_in; i++)
			match = cv_equivalent(&row[i], &args[i]);
		if (!match)
			continue;
		if ((rc = emit(ctx, row + t->n_in)) < 0)
			return cv_err_set(err, CV_ERR_NOMEM, "stopped");
		if (rc == 1)
			break;
	}
	return 0;
}

/* "name :: TYPE?, ..." up to ')' into f; *s moves past the ')'. */
static int parse_fields(const char **s, struct cypher_proc_field *f,
			size_t max, size_t *n, char *names, size_t nlen)
{
	const char *p = *s;
	size_t used = 0;

	*n = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '(')
		return -1;
	for (;;) {
		size_t len;

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == ')')
			break;
		len = strcspn(p, " :");
		if (*n == max || used + len + 1 > nlen)
			return -1;
		memcpy(names + used, p, len);
		names[used + len] = '\0';
		f[*n].name = names + used;
		used += len + 1;
		p += len;
		while (*p == ' ' || *p == ':')
			p++;
		if (cypher_proc_type_parse(p, &f[*n].type) < 0)
			return -1;
		(*n)++;
		p += strcspn(p, ",)");
	}
	*s = p + 1;
	return 0;
}

static int tproc_table(struct tproc *t, const struct tck_table *tab,
		       char *err, size_t errlen)
{
	size_t w = t->n_in + t->n_out;

	if (tab->n_rows == 0 || (w && tab->n_cols != w)) {
		if (w == 0)
			return 0;
		snprintf(err, errlen, "the procedure's table has %zu columns, "
				      "its signature %zu",
			 tab->n_cols, w);
		return -1;
	}
	t->n_rows = tab->n_rows - 1; /* the first row names the columns */
	if (!w || !t->n_rows)
		return 0;
	if (!(t->cells = calloc(t->n_rows * w, sizeof(*t->cells))))
		return -1;
	for (size_t i = 0; i < t->n_rows * w; i++) {
		Graphd__Value *v = tck_value_parse(tab->cells[w + i], err, errlen);
		struct cv_err cerr = {0};
		int rc;

		if (!v)
			return -1;
		rc = cv_from_proto(v, &t->cells[i], &cerr);
		graphd__value__free_unpacked(v, NULL);
		if (rc < 0) {
			snprintf(err, errlen, "%s", cerr.msg);
			return -1;
		}
	}
	return 0;
}

int tck_proc_register(const char *text, const struct tck_table *tab,
		      char *err, size_t errlen)
{
	static const char prefix[] = "there exists a procedure ";
	struct cypher_proc_field in[16], out[16];
	char names[1024], name[256];
	const char *p = text;
	struct tproc *t = calloc(1, sizeof(*t));
	size_t len;

	if (!t)
		return -1;
	if (strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		goto bad;
	p += sizeof(prefix) - 1;
	if ((len = strcspn(p, "(")) >= sizeof(name) || !p[len])
		goto bad;
	memcpy(name, p, len);
	name[len] = '\0';
	p += len;
	if (parse_fields(&p, in, 16, &t->n_in, names, sizeof(names) / 2) < 0)
		goto bad;
	while (*p == ' ' || *p == ':')
		p++;
	if (parse_fields(&p, out, 16, &t->n_out, names + sizeof(names) / 2,
			 sizeof(names) / 2) < 0)
		goto bad;
	if (tproc_table(t, tab, err, errlen) < 0) {
		tproc_free(t);
		return -1;
	}
	if (cypher_proc_register(name, in, t->n_in, out, t->n_out, tproc_call,
				 t, tproc_free) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
bad:
	tproc_free(t);
	snprintf(err, errlen, "cannot read the procedure's signature: %s",
		 text);
	return -1;
}
