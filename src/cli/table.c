/* table.c: query results and query errors for a person (see table.h). */
#include "cli/table.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

size_t cli_text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* One cell as text (malloc'd): NULL for null, as cypher-shell shows it. */
static char *cell_text(const struct graphd_value *v)
{
	size_t n;
	char *buf;

	if (v->type == GRAPHD_NULL)
		return strdup("NULL");
	n = graphd_value_format(v, NULL, 0);
	buf = malloc(n + 1);
	if (buf)
		graphd_value_format(v, buf, n + 1);
	return buf;
}

static void border(FILE *f, const size_t *width, size_t nc)
{
	for (size_t j = 0; j < nc; j++) {
		fputc('+', f);
		for (size_t k = 0; k < width[j] + 2; k++)
			fputc('-', f);
	}
	fputs("+\n", f);
}

static void line(FILE *f, char *const *cells, const size_t *width, size_t nc)
{
	for (size_t j = 0; j < nc; j++) {
		const char *c = cells[j] ? cells[j] : "?";
		fprintf(f, "| %s", c);
		for (size_t k = cli_text_width(c); k < width[j] + 1; k++)
			fputc(' ', f);
	}
	fputs("|\n", f);
}

/* cells[0..nc) is the header, then one row of nc cells after another. */
static void print_cells(FILE *f, char **cells, size_t nc, size_t nr)
{
	size_t *width = calloc(nc, sizeof(*width));

	if (!width)
		return;
	for (size_t i = 0; i < (nr + 1) * nc; i++) {
		size_t w = cells[i] ? cli_text_width(cells[i]) : 1;
		if (w > width[i % nc])
			width[i % nc] = w;
	}
	border(f, width, nc);
	line(f, cells, width, nc);
	border(f, width, nc);
	for (size_t i = 0; i < nr; i++)
		line(f, cells + (i + 1) * nc, width, nc);
	if (nr)
		border(f, width, nc);
	free(width);
}

void cli_table_print(FILE *f, const struct graphd_result *r)
{
	size_t nc = r->n_columns, nr = r->n_rows, n;
	char **cells;

	if (nc == 0)
		return;
	n = (nr + 1) * nc;
	if (!(cells = calloc(n, sizeof(*cells))))
		return;
	for (size_t j = 0; j < nc; j++)
		cells[j] = strdup(r->columns[j]);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < nc; j++)
			cells[(i + 1) * nc + j] = cell_text(&r->rows[i][j]);
	print_cells(f, cells, nc, nr);
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

void cli_table_summary(FILE *f, const struct graphd_result *r)
{
	const struct graphd_counters *c = &r->counters;
	const struct {
		const char *what;
		uint64_t n;
	} counts[] = {
	    {"nodes created", c->nodes_created},
	    {"nodes deleted", c->nodes_deleted},
	    {"relationships created", c->rels_created},
	    {"relationships deleted", c->rels_deleted},
	    {"properties set", c->props_set},
	    {"labels added", c->labels_added},
	    {"labels removed", c->labels_removed},
	    {"indexes added", c->indexes_added},
	    {"indexes removed", c->indexes_removed},
	    {"constraints added", c->constraints_added},
	    {"constraints removed", c->constraints_removed},
	};
	const char *sep = ", ";

	if (r->plan && r->plan[0])
		fprintf(f, "%s%s", r->plan,
			r->plan[strlen(r->plan) - 1] == '\n' ? "" : "\n");
	fprintf(f, "%zu row%s", r->n_rows, r->n_rows == 1 ? "" : "s");
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!counts[i].n)
			continue;
		fprintf(f, "%s%s: %" PRIu64, sep, counts[i].what, counts[i].n);
	}
	if (r->txn_id)
		fprintf(f, " (txn %" PRIu64 ")", r->txn_id);
	fputc('\n', f);
}

/* The start of 1-based line ln of s, or NULL past its end. */
static const char *line_start(const char *s, uint32_t ln)
{
	for (uint32_t i = 1; i < ln; i++) {
		s = strchr(s, '\n');
		if (!s)
			return NULL;
		s++;
	}
	return s;
}

void cli_print_query_error(FILE *f, const char *prefix, const char *statement,
			   const struct graphd_error *e)
{
	const char *l = e->line ? line_start(statement, e->line) : NULL;
	size_t len, chars = 0;

	/* The server's message may already say where, or even show the line
	 * and a caret (graphd does for syntax errors): do not say it twice. */
	if (e->line && strncmp(e->message, "line ", 5) != 0)
		fprintf(f, "%sline %" PRIu32 ", column %" PRIu32 ": %s\n",
			prefix, e->line, e->column, e->message);
	else
		fprintf(f, "%s%s\n", prefix, e->message);
	if (!l || e->column == 0 || strchr(e->message, '\n'))
		return;
	len = strcspn(l, "\r\n");
	fprintf(f, "%.*s\n", (int)len, l);
	/* Walk to the column's character, copying tabs so the caret lines up
	 * under a statement indented with them. */
	for (size_t i = 0; i < len && chars + 1 < e->column; i++) {
		if (((unsigned char)l[i] & 0xc0) == 0x80)
			continue;
		fputc(l[i] == '\t' ? '\t' : ' ', f);
		chars++;
	}
	/* A column just past the end (an unexpected end of input) is fine. */
	for (; chars + 1 < e->column && chars <= len; chars++)
		fputc(' ', f);
	fputs("^\n", f);
}
