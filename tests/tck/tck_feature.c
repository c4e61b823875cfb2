/* tck_feature.c: reads a Gherkin feature file of the TCK into scenarios:
 * steps with their doc strings and tables, outlines expanded per example
 * row, the background's steps put in front of every scenario. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tck.h"

/* Feature files of the TCK are small; a bigger one is not a feature. */
#define TCK_FEATURE_MAX (4 << 20)

/* Allocation for the runner: a test program has nothing to do when
 * memory runs out but stop. */
void *tck_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (!p)
		abort();
	return p;
}

void *tck_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

char *tck_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

/* A scenario as written: its steps may hold <placeholders>. */
struct raw {
	char *name;
	int line;
	bool outline;
	struct tck_step *steps;
	size_t n_steps;
	struct tck_table examples; /* every Examples block, one header */
	bool examples_open;	   /* the next table row is a header */
};

struct reader {
	struct raw background, cur;
	bool in_background, have_cur;
	struct tck_table *table; /* where table rows go */
	const char *rel;
	struct tck_scenarios *out;
};

static const struct {
	const char *prefix;
	enum tck_step_kind kind;
} step_kinds[] = {
    {"an empty graph", TCK_STEP_EMPTY_GRAPH},
    {"any graph", TCK_STEP_EMPTY_GRAPH},
    {"having executed:", TCK_STEP_EXECUTED},
    {"after having executed:", TCK_STEP_EXECUTED},
    {"parameters are:", TCK_STEP_PARAMS},
    {"parameter values are:", TCK_STEP_PARAMS},
    {"there exists a procedure", TCK_STEP_PROCEDURE},
    {"executing query:", TCK_STEP_QUERY},
    {"executing control query:", TCK_STEP_CONTROL},
    {"the result should be empty", TCK_STEP_EMPTY},
    {"the result should be", TCK_STEP_RESULT},
    {"the side effects should be:", TCK_STEP_SIDE_EFFECTS},
    {"no side effects", TCK_STEP_NO_SIDE_EFFECTS},
    /* the generic ones last */
    {"the ", TCK_STEP_NAMED_GRAPH},
    {"a ", TCK_STEP_ERROR},
    {"an ", TCK_STEP_ERROR},
};

static enum tck_step_kind step_kind(const char *text)
{
	for (size_t i = 0; i < sizeof(step_kinds) / sizeof(step_kinds[0]); i++)
		if (!strncmp(text, step_kinds[i].prefix,
			     strlen(step_kinds[i].prefix)))
			return step_kinds[i].kind;
	return TCK_STEP_UNKNOWN;
}

static void table_add_row(struct tck_table *t, char **cells, size_t n)
{
	size_t cols = t->n_rows ? t->n_cols : n;

	t->cells = tck_xrealloc(t->cells, (t->n_rows + 1) * cols * sizeof(char *));
	for (size_t c = 0; c < cols; c++)
		t->cells[t->n_rows * cols + c] = c < n ? cells[c] : tck_xstrdup("");
	for (size_t c = cols; c < n; c++)
		free(cells[c]);
	t->n_cols = cols;
	t->n_rows++;
}

static void table_free(struct tck_table *t)
{
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* One cell, trimmed; Gherkin's escapes \|, \\ and \n undone. */
static char *cell_dup(const char *s, size_t n)
{
	char *c = tck_xcalloc(n + 1, 1), *o = c;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]) &&
	       !(n >= 2 && s[n - 2] == '\\'))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == '|' || s[i + 1] == '\\' || s[i + 1] == 'n')) {
			*o++ = s[i + 1] == 'n' ? '\n' : s[i + 1];
			i++;
		} else {
			*o++ = s[i];
		}
	}
	return c;
}

/* "| a | b |" into cells. */
static void table_line(struct tck_table *t, const char *s)
{
	char *cells[256];
	size_t n = 0;
	const char *start = s + 1;

	for (const char *p = s + 1; *p && n < 256; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '|') {
			cells[n++] = cell_dup(start, (size_t)(p - start));
			start = p + 1;
		}
	}
	table_add_row(t, cells, n);
}

static struct tck_step *raw_add_step(struct raw *r)
{
	r->steps = tck_xrealloc(r->steps, (r->n_steps + 1) * sizeof(*r->steps));
	memset(&r->steps[r->n_steps], 0, sizeof(*r->steps));
	return &r->steps[r->n_steps++];
}

static void step_free(struct tck_step *s)
{
	free(s->text);
	free(s->doc);
	table_free(&s->table);
}

static void raw_free(struct raw *r)
{
	for (size_t i = 0; i < r->n_steps; i++)
		step_free(&r->steps[i]);
	free(r->steps);
	free(r->name);
	table_free(&r->examples);
	memset(r, 0, sizeof(*r));
}

/* s with every <name> of the example header replaced by the row's value. */
static char *subst(const char *s, const struct tck_table *ex, size_t row)
{
	size_t cap = strlen(s) + 1, len = 0;
	char *o;

	if (!s || !ex || !row)
		return s ? tck_xstrdup(s) : NULL;
	o = tck_xcalloc(cap, 1);
	while (*s) {
		size_t c, nl = 0;
		const char *val = NULL;

		if (*s == '<')
			for (c = 0; c < ex->n_cols; c++) {
				const char *h = ex->cells[c];

				nl = strlen(h);
				if (!strncmp(s + 1, h, nl) && s[1 + nl] == '>') {
					val = ex->cells[row * ex->n_cols + c];
					break;
				}
			}
		if (val) {
			size_t vl = strlen(val);

			cap += vl;
			o = tck_xrealloc(o, cap);
			memcpy(o + len, val, vl);
			len += vl;
			s += nl + 2;
		} else {
			o[len++] = *s++;
		}
	}
	o[len] = '\0';
	return o;
}

static void step_copy(struct tck_step *d, const struct tck_step *s,
		      const struct tck_table *ex, size_t row)
{
	d->kind = s->kind;
	d->line = s->line;
	d->text = subst(s->text, ex, row);
	d->doc = s->doc ? subst(s->doc, ex, row) : NULL;
	d->table.n_rows = s->table.n_rows;
	d->table.n_cols = s->table.n_cols;
	d->table.cells =
	    tck_xcalloc(s->table.n_rows * s->table.n_cols, sizeof(char *));
	for (size_t i = 0; i < s->table.n_rows * s->table.n_cols; i++)
		d->table.cells[i] = subst(s->table.cells[i], ex, row);
}

static void emit(struct reader *rd, const struct raw *r, size_t row)
{
	struct tck_scenarios *o = rd->out;
	const struct tck_table *ex = row ? &r->examples : NULL;
	size_t nb = rd->background.n_steps, k = 0;
	struct tck_scenario *sc;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 256;
		o->v = tck_xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	sc = &o->v[o->n++];
	memset(sc, 0, sizeof(*sc));
	sc->feature = tck_xstrdup(rd->rel);
	sc->name = subst(r->name, ex, row);
	sc->row = (int)row;
	sc->line = r->line;
	sc->n_steps = nb + r->n_steps;
	sc->steps = tck_xcalloc(sc->n_steps, sizeof(*sc->steps));
	for (size_t i = 0; i < nb; i++)
		step_copy(&sc->steps[k++], &rd->background.steps[i], NULL, 0);
	for (size_t i = 0; i < r->n_steps; i++)
		step_copy(&sc->steps[k++], &r->steps[i], ex, row);
}

/* The scenario being read is complete: emit it (each example row). */
static void flush(struct reader *rd)
{
	if (!rd->have_cur)
		return;
	if (!rd->cur.outline)
		emit(rd, &rd->cur, 0);
	for (size_t row = 1; rd->cur.outline && row < rd->cur.examples.n_rows;
	     row++)
		emit(rd, &rd->cur, row);
	raw_free(&rd->cur);
	rd->have_cur = false;
}

static const char *after(const char *s, const char *kw)
{
	size_t n = strlen(kw);

	return strncmp(s, kw, n) ? NULL : s + n;
}

static void start_scenario(struct reader *rd, const char *name, bool outline,
			   int line)
{
	flush(rd);
	rd->in_background = false;
	rd->have_cur = true;
	memset(&rd->cur, 0, sizeof(rd->cur));
	while (isspace((unsigned char)*name))
		name++;
	rd->cur.name = tck_xstrdup(name);
	rd->cur.outline = outline;
	rd->cur.line = line;
	rd->table = NULL;
}

static struct raw *current(struct reader *rd)
{
	return rd->in_background ? &rd->background
				 : rd->have_cur ? &rd->cur : NULL;
}

static void add_step(struct reader *rd, const char *text, int line)
{
	struct raw *r = current(rd);
	struct tck_step *s;
	const char *inline_q;

	if (!r)
		return;
	s = raw_add_step(r);
	s->kind = step_kind(text);
	s->text = tck_xstrdup(text);
	s->line = line;
	inline_q = strchr(text, ':');
	if ((s->kind == TCK_STEP_QUERY || s->kind == TCK_STEP_CONTROL ||
	     s->kind == TCK_STEP_EXECUTED) &&
	    inline_q && inline_q[1])
		s->doc = tck_xstrdup(inline_q + 1 + (inline_q[1] == ' '));
	rd->table = &s->table;
}

/* Lines of a doc string, from the one after the opening quotes to the
 * closing ones; indent columns are removed from each. Returns the line
 * index of the closing quotes. */
static size_t doc_string(char **lines, size_t i, size_t n, size_t indent,
			 char **out)
{
	size_t cap = 1, len = 0;
	char *d = tck_xcalloc(1, 1);

	for (i++; i < n; i++) {
		const char *l = lines[i], *t = l;
		size_t ll;

		while (isspace((unsigned char)*t))
			t++;
		if (!strncmp(t, "\"\"\"", 3))
			break;
		for (size_t k = 0; k < indent && isspace((unsigned char)*l);
		     k++)
			l++;
		ll = strlen(l);
		d = tck_xrealloc(d, cap += ll + 1);
		if (len)
			d[len++] = '\n';
		memcpy(d + len, l, ll);
		len += ll;
		d[len] = '\0';
	}
	*out = d;
	return i;
}

static const char *const step_words[] = {"Given ", "When ", "Then ", "And ",
					 "But "};

static void read_line(struct reader *rd, char **lines, size_t *i, size_t n)
{
	const char *l = lines[*i], *t = l, *rest;
	struct raw *r = current(rd);

	while (isspace((unsigned char)*t))
		t++;
	if (!*t || *t == '#' || *t == '@' || after(t, "Feature:"))
		return;
	if (after(t, "Background:")) {
		flush(rd);
		rd->in_background = true;
		rd->table = NULL;
	} else if ((rest = after(t, "Scenario Outline:")) ||
		   (rest = after(t, "Scenario Template:"))) {
		start_scenario(rd, rest, true, (int)*i + 1);
	} else if ((rest = after(t, "Scenario:"))) {
		start_scenario(rd, rest, false, (int)*i + 1);
	} else if (after(t, "Examples:")) {
		if (r)
			r->examples_open = true;
		rd->table = r ? &r->examples : NULL;
	} else if (*t == '|' && rd->table) {
		/* a second Examples block repeats the header: skip it */
		if (r && rd->table == &r->examples && r->examples_open &&
		    r->examples.n_rows) {
			r->examples_open = false;
			return;
		}
		if (r)
			r->examples_open = false;
		table_line(rd->table, t);
	} else if (!strncmp(t, "\"\"\"", 3) && r && r->n_steps) {
		struct tck_step *s = &r->steps[r->n_steps - 1];

		free(s->doc);
		*i = doc_string(lines, *i, n, (size_t)(t - l), &s->doc);
	} else {
		for (size_t k = 0; k < 5; k++)
			if ((rest = after(t, step_words[k]))) {
				add_step(rd, rest, (int)*i + 1);
				return;
			}
	}
}

static char *slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "cannot open %s: %m", path);
		return NULL;
	}
	buf = tck_xcalloc(TCK_FEATURE_MAX + 1, 1);
	n = fread(buf, 1, TCK_FEATURE_MAX + 1, f);
	fclose(f);
	if (n > TCK_FEATURE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 TCK_FEATURE_MAX);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int tck_feature_load(const char *root, const char *rel,
		     struct tck_scenarios *out, char *err, size_t errlen)
{
	struct reader rd = {.rel = rel, .out = out};
	char path[4096], *buf, **lines;
	size_t n = 0, cap = 64;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(buf = slurp(path, err, errlen)))
		return -1;
	lines = tck_xcalloc(cap, sizeof(char *));
	for (char *l = buf, *nl; l; l = nl) {
		size_t ll;

		if ((nl = strchr(l, '\n')))
			*nl++ = '\0';
		else if (!*l)
			break;
		ll = strlen(l);

		if (ll && l[ll - 1] == '\r')
			l[ll - 1] = '\0';
		if (n == cap)
			lines = tck_xrealloc(lines, (cap *= 2) * sizeof(char *));
		lines[n++] = l;
	}
	for (size_t i = 0; i < n; i++)
		read_line(&rd, lines, &i, n);
	flush(&rd);
	raw_free(&rd.background);
	free(lines);
	free(buf);
	return 0;
}

void tck_scenarios_free(struct tck_scenarios *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct tck_scenario *sc = &s->v[i];

		for (size_t k = 0; k < sc->n_steps; k++)
			step_free(&sc->steps[k]);
		free(sc->steps);
		free(sc->feature);
		free(sc->name);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
