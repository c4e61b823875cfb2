/* tck_run.c: runs one TCK scenario on a fresh graph store through the
 * paths a client's statement takes in graphd: a read statement through
 * graph_read() (a snapshot transaction), an updating one as a log entry
 * through graph_apply(), and compares what comes back with the steps. */
#include <ftw.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/apply.h"
#include "graph/cypher_proc.h"
#include "graph/query.h"
#include "graph/read.h"
#include "store/env.h"
#include "store/graph.h"
#include "tck.h"

/* timestamp() of every updating statement: the proposer's clock, fixed. */
#define TCK_TIMESTAMP_MS 1700000000000LL

struct store {
	char dir[4200];
	struct store_env *env;
	struct store_graph *g;
	uint64_t next_index;
};

struct snap;

/* What a scenario has done so far. */
struct run {
	struct store st;
	Graphd__Property **params;
	size_t n_params;
	Graphd__Response *resp; /* of the last query step */
	struct snap *before, *after; /* around the query (see snap) */
	enum tck_outcome out;
	char *why;
	size_t whylen;
};

static int run_fail(struct run *r, enum tck_outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int run_fail(struct run *r, enum tck_outcome o, const char *fmt, ...)
{
	va_list ap;

	if (r->out != TCK_PASS)
		return -1;
	r->out = o;
	va_start(ap, fmt);
	vsnprintf(r->why, r->whylen, fmt, ap);
	va_end(ap);
	/* one line per scenario in the list and the log */
	for (char *p = r->why; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return -1;
}

const char *tck_outcome_name(enum tck_outcome o)
{
	static const char *const names[] = {"pass", "wrong-answer", "no-error",
					    "wrong-error", "error"};

	return names[o];
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int store_open(struct store *s, const char *tmpdir, char *err,
		      size_t errlen)
{
	snprintf(s->dir, sizeof(s->dir), "%s/graphd-tck-XXXXXX", tmpdir);
	if (!mkdtemp(s->dir)) {
		snprintf(err, errlen, "mkdtemp %.200s: %m", s->dir);
		s->dir[0] = '\0';
		return -1;
	}
	s->next_index = 1;
	if (store_env_open(&s->env, s->dir, err, errlen) < 0)
		return -1;
	return store_graph_open(s->env, &s->g, err, errlen);
}

static void store_close(struct store *s)
{
	if (s->g)
		store_graph_close(s->g);
	if (s->env)
		store_env_close(s->env);
	if (s->dir[0])
		nftw(s->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* An updating statement, as the master proposes it: a TxnEntry with the
 * query, applied from the log. */
static Graphd__Response *exec_write(struct store *s, Graphd__Query *q)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	struct raft_entry e = {.term = 1, .type = RAFT_ENTRY_NORMAL};
	struct graph_apply_out out = {0};
	char err[512];

	te.origin_server = 1;
	te.timestamp_ms = TCK_TIMESTAMP_MS;
	te.query = q;
	e.index = s->next_index++;
	e.len = graphd__txn_entry__get_packed_size(&te);
	if (!(e.data = malloc(e.len ? e.len : 1)))
		return NULL;
	graphd__txn_entry__pack(&te, e.data);
	if (graph_apply(s->g, &e, &out, err, sizeof(err)) < 0)
		out.response = graph_response_error(
		    GRAPHD__ERROR_CODE__INTERNAL, err);
	free(e.data);
	return out.response;
}

/* statement with the scenario's parameters, read or write as graphd's
 * session would route it. NULL only when out of memory. */
static Graphd__Response *exec(struct run *r, const char *statement)
{
	Graphd__Query q = GRAPHD__QUERY__INIT;
	Graphd__Request req = GRAPHD__REQUEST__INIT;

	q.statement = (char *)statement;
	q.params = r->params;
	q.n_params = r->n_params;
	if (graph_query_is_write(&q))
		return exec_write(&r->st, &q);
	req.body_case = GRAPHD__REQUEST__BODY_QUERY;
	req.query = &q;
	return graph_read(r->st.g, &req);
}

static const char *err_msg(const Graphd__Response *resp)
{
	return resp && resp->error && resp->error->message
		   ? resp->error->message
		   : "out of memory";
}

/* A setup query (having executed, a named graph): it must succeed. */
static int setup_query(struct run *r, const char *q)
{
	Graphd__Response *resp = exec(r, q ? q : "");
	int rc = 0;

	if (!resp || resp->error)
		rc = run_fail(r, TCK_ERROR, "setup query failed: %s",
			      err_msg(resp));
	graph_response_free(resp);
	return rc;
}

/* ------------------------------------------------------------ side effects
 * What the README calls observable: the nodes, relationships, properties
 * (entity, key, value) and distinct labels a later query sees. A snapshot
 * is a sorted set of lines "N id", "R id", "P entity key value", "L label".
 */
struct snap {
	char **v;
	size_t n, cap;
};

static void snap_add(struct snap *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void snap_add(struct snap *s, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		if (!(s->v = realloc(s->v, s->cap * sizeof(char *))))
			abort();
	}
	s->v[s->n++] = line;
}

static void snap_free(struct snap *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void snap_props(struct snap *s, char kind, uint64_t id,
		       Graphd__Property *const *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *v = tck_canon(p[i]->value, false);

		snap_add(s, "P %c%" PRIu64 " %s %s", kind, id, p[i]->key, v);
		free(v);
	}
}

static void snap_value(struct snap *s, const Graphd__Value *v)
{
	if (v->kind_case == GRAPHD__VALUE__KIND_NODE_VALUE) {
		const Graphd__Node *n = v->node_value;

		snap_add(s, "N %" PRIu64, n->id);
		for (size_t i = 0; i < n->n_labels; i++)
			snap_add(s, "L %s", n->labels[i]);
		snap_props(s, 'n', n->id, n->props, n->n_props);
	} else if (v->kind_case == GRAPHD__VALUE__KIND_REL_VALUE) {
		const Graphd__Relationship *r = v->rel_value;

		snap_add(s, "R %" PRIu64, r->id);
		snap_props(s, 'r', r->id, r->props, r->n_props);
	}
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The graph's observable state into s (sorted, each line once). */
static int snap_take(struct run *r, struct snap *s)
{
	static const char *const q[] = {"MATCH (n) RETURN n",
					"MATCH ()-[r]->() RETURN r"};
	size_t k = 0;

	for (size_t i = 0; i < 2; i++) {
		Graphd__Request req = GRAPHD__REQUEST__INIT;
		Graphd__Query qq = GRAPHD__QUERY__INIT;
		Graphd__Response *resp;

		qq.statement = (char *)q[i];
		req.body_case = GRAPHD__REQUEST__BODY_QUERY;
		req.query = &qq;
		resp = graph_read(r->st.g, &req);
		if (!resp || resp->error || !resp->query) {
			run_fail(r, TCK_ERROR, "side effects: %s failed: %s",
				 q[i], err_msg(resp));
			graph_response_free(resp);
			return -1;
		}
		for (size_t row = 0; row < resp->query->n_rows; row++)
			if (resp->query->rows[row]->n_values == 1)
				snap_value(s, resp->query->rows[row]->values[0]);
		graph_response_free(resp);
	}
	if (s->n)
		qsort(s->v, s->n, sizeof(char *), cmp_line);
	for (size_t i = 0; i < s->n; i++) {
		if (k && !strcmp(s->v[k - 1], s->v[i]))
			free(s->v[i]);
		else
			s->v[k++] = s->v[i];
	}
	s->n = k;
	return 0;
}

/* Lines of a that b lacks, by kind letter: N R P L. */
static void snap_minus(const struct snap *a, const struct snap *b,
		       uint64_t cnt[4])
{
	static const char kinds[] = "NRPL";

	for (size_t i = 0; i < a->n; i++)
		if (!b->n ||
		    !bsearch(&a->v[i], b->v, b->n, sizeof(char *), cmp_line))
			cnt[strchr(kinds, a->v[i][0]) - kinds]++;
}

static const char *const effect_names[8] = {
    "+nodes",	   "+relationships", "+properties", "+labels",
    "-nodes",	   "-relationships", "-properties", "-labels"};

static int check_effects(struct run *r, const struct snap *before,
			 const struct snap *after, const struct tck_table *t)
{
	uint64_t got[8] = {0}, want[8] = {0};
	char msg[512] = "";

	snap_minus(after, before, got);
	snap_minus(before, after, got + 4);
	for (size_t row = 0; t && row < t->n_rows && t->n_cols >= 2; row++) {
		size_t k;

		for (k = 0; k < 8; k++)
			if (!strcmp(t->cells[row * t->n_cols], effect_names[k]))
				break;
		if (k == 8)
			return run_fail(r, TCK_ERROR,
					"unknown side effect '%s'",
					t->cells[row * t->n_cols]);
		want[k] = strtoull(t->cells[row * t->n_cols + 1], NULL, 10);
	}
	for (size_t k = 0; k < 8; k++)
		if (got[k] != want[k])
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
				 " %s %" PRIu64 " (expected %" PRIu64 ")",
				 effect_names[k], got[k], want[k]);
	if (msg[0])
		return run_fail(r, TCK_WRONG_ANSWER, "side effects:%s", msg);
	return 0;
}

/* ------------------------------------------------------------ results */

/* Rows as canonical lines, cells separated by \x1f. */
static char **rows_expected(struct run *r, const struct tck_table *t,
			    bool sort_lists, size_t *n)
{
	char **rows = calloc(t->n_rows ? t->n_rows : 1, sizeof(char *));
	char err[256];

	*n = t->n_rows ? t->n_rows - 1 : 0;
	for (size_t i = 0; i < *n; i++) {
		size_t len = 0;

		rows[i] = calloc(1, 1);
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *cell = t->cells[(i + 1) * t->n_cols + c];
			Graphd__Value *v = tck_value_parse(cell, err, sizeof(err));
			char *txt;

			if (!v) {
				run_fail(r, TCK_ERROR, "expected value: %s", err);
				txt = strdup("?");
			} else {
				txt = tck_canon(v, sort_lists);
				graphd__value__free_unpacked(v, NULL);
			}
			rows[i] = realloc(rows[i], len + strlen(txt) + 2);
			len += (size_t)sprintf(rows[i] + len, "%s%s",
					       c ? "\x1f" : "", txt);
			free(txt);
		}
	}
	return rows;
}

static char **rows_actual(const Graphd__QueryResult *q, bool sort_lists)
{
	char **rows = calloc(q->n_rows ? q->n_rows : 1, sizeof(char *));

	for (size_t i = 0; i < q->n_rows; i++) {
		size_t len = 0;

		rows[i] = calloc(1, 1);
		for (size_t c = 0; c < q->rows[i]->n_values; c++) {
			char *txt = tck_canon(q->rows[i]->values[c], sort_lists);

			rows[i] = realloc(rows[i], len + strlen(txt) + 2);
			len += (size_t)sprintf(rows[i] + len, "%s%s",
					       c ? "\x1f" : "", txt);
			free(txt);
		}
	}
	return rows;
}

static void rows_free(char **rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/* A row for a message: cells separated by " | ". */
static const char *row_text(const char *row, char *buf, size_t len)
{
	size_t k = 0;

	for (; row && *row && k + 4 < len; row++) {
		if (*row == '\x1f') {
			memcpy(buf + k, " | ", 3);
			k += 3;
		} else {
			buf[k++] = *row;
		}
	}
	buf[k] = '\0';
	return row ? buf : "(none)";
}

static int compare_rows(struct run *r, char **want, size_t nw, char **got,
			size_t ng, bool ordered)
{
	char a[200], b[200];

	if (!ordered) {
		qsort(want, nw, sizeof(char *), cmp_line);
		qsort(got, ng, sizeof(char *), cmp_line);
	}
	for (size_t i = 0; i < nw || i < ng; i++)
		if (i >= nw || i >= ng || strcmp(want[i], got[i]))
			return run_fail(
			    r, TCK_WRONG_ANSWER,
			    "%zu rows (expected %zu); %s row %zu: %s, expected %s",
			    ng, nw, ordered ? "ordered" : "sorted", i + 1,
			    row_text(i < ng ? got[i] : NULL, a, sizeof(a)),
			    row_text(i < nw ? want[i] : NULL, b, sizeof(b)));
	return 0;
}

static int check_result(struct run *r, const struct tck_step *s)
{
	const Graphd__QueryResult *q = r->resp ? r->resp->query : NULL;
	const struct tck_table *t = &s->table;
	bool ordered = strstr(s->text, "in order") &&
		       !strstr(s->text, "in any order");
	bool sort_lists = strstr(s->text, "ignoring element order for lists");
	char **want, **got;
	size_t nw, ng = q ? q->n_rows : 0;
	int rc;

	if (!r->resp || r->resp->error || !q)
		return run_fail(r, TCK_ERROR, "%s", err_msg(r->resp));
	if (s->kind == TCK_STEP_RESULT) {
		if (q->n_columns != t->n_cols)
			return run_fail(r, TCK_WRONG_ANSWER,
					"%zu columns, expected %zu",
					q->n_columns, t->n_cols);
		for (size_t c = 0; c < t->n_cols; c++)
			if (strcmp(q->columns[c], t->cells[c]))
				return run_fail(r, TCK_WRONG_ANSWER,
						"column %zu is '%s', expected '%s'",
						c + 1, q->columns[c], t->cells[c]);
	}
	want = s->kind == TCK_STEP_RESULT
		   ? rows_expected(r, t, sort_lists, &nw)
		   : (nw = 0, calloc(1, sizeof(char *)));
	got = rows_actual(q, sort_lists);
	rc = r->out == TCK_PASS ? compare_rows(r, want, nw, got, ng, ordered)
				: -1;
	rows_free(want, nw);
	rows_free(got, ng);
	return rc;
}

/* ------------------------------------------------------------ errors
 * graphd's error (code and message) as Neo4j's error kind and phase: the
 * one table of the mapping. The first row whose code matches and whose
 * text occurs in the message wins (NULL text: any message). An error no row
 * names has no kind: a scenario expecting an error then fails, whatever
 * it expected. */
static const struct {
	Graphd__ErrorCode code;
	const char *text;
	const char *kind;
	const char *phase;
} error_kinds[] = {
    /* the parser: whatever it refuses, it refuses before running */
    {GRAPHD__ERROR_CODE__SYNTAX, NULL, "SyntaxError", "compile time"},
    /* the executor's compile pass, before any row is read */
    {GRAPHD__ERROR_CODE__SEMANTIC, "not defined", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "is already bound", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "is not allowed here", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "unknown function", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "too many arguments", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "takes one argument", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "takes two arguments", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "needs exactly one relationship type",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "needs a direction", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "with no variables in scope",
     "SyntaxError", "compile time"},
    /* the static checks (cypher_check.c) name openCypher's detail;
     * property access on a non-map literal is a TypeError to Neo4j */
    {GRAPHD__ERROR_CODE__SEMANTIC, "property access cannot take",
     "TypeError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(InvalidArgumentType)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(InvalidAggregation)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(NonConstantExpression)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(VariableTypeConflict)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(VariableAlreadyBound)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "expected parameter", "ParameterMissing",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(ProcedureNotFound)", "ProcedureError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(InvalidNumberOfArguments)",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(InvalidArgumentPassingMode)",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(UnexpectedSyntax)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(UndefinedVariable)", "SyntaxError",
     "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "(DifferentColumnsInUnion)",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "needs a non-negative integer",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "take a constant or a parameter",
     "SyntaxError", "compile time"},
    {GRAPHD__ERROR_CODE__SEMANTIC, "ORDER BY after", "SyntaxError",
     "compile time"},
    /* runtime: a value error while rows are produced */
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "/ by zero", "ArithmeticError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "needs a non-negative integer",
     "SyntaxError", "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "(NumberOutOfRange)", "ArgumentError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "range() expects", "ArgumentError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "range(): step must not be zero",
     "ArgumentError", "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "cannot MERGE", "SemanticError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "cannot store property",
     "TypeError", "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "cannot apply", "TypeError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "cannot index", "TypeError",
     "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "expects", "TypeError", "runtime"},
    {GRAPHD__ERROR_CODE__QUERY_FAILED, "deleted", "EntityNotFound",
     "runtime"},
    {GRAPHD__ERROR_CODE__CONSTRAINT, "still has", "ConstraintVerificationFailed",
     "runtime"},
};

static bool error_kind(const Graphd__Error *e, const char **kind,
		       const char **phase)
{
	const char *msg = e->message ? e->message : "";

	for (size_t i = 0; i < sizeof(error_kinds) / sizeof(error_kinds[0]);
	     i++)
		if (error_kinds[i].code == e->code &&
		    (!error_kinds[i].text || strstr(msg, error_kinds[i].text))) {
			*kind = error_kinds[i].kind;
			*phase = error_kinds[i].phase;
			return true;
		}
	return false;
}

/* "a TypeError should be raised at runtime: X" */
static int check_error(struct run *r, const struct tck_step *s)
{
	const char *t = s->text, *kind, *phase;
	char want_kind[64] = "", want_phase[64] = "";

	if (sscanf(t, "a%*[n] %63s should be raised at %63[^:]", want_kind,
		   want_phase) != 2 &&
	    sscanf(t, "a %63s should be raised at %63[^:]", want_kind,
		   want_phase) != 2)
		return run_fail(r, TCK_ERROR, "unknown error step '%s'", t);
	if (!r->resp)
		return run_fail(r, TCK_ERROR, "out of memory");
	if (!r->resp->error)
		return run_fail(r, TCK_NO_ERROR, "no error (expected %s at %s)",
				want_kind, want_phase);
	if (!error_kind(r->resp->error, &kind, &phase))
		return run_fail(r, TCK_WRONG_ERROR,
				"error of no known kind (expected %s at %s): "
				"code %d: %s",
				want_kind, want_phase, (int)r->resp->error->code,
				err_msg(r->resp));
	if (strcmp(kind, want_kind) ||
	    (strcmp(want_phase, "any time") && strcmp(phase, want_phase)))
		return run_fail(r, TCK_WRONG_ERROR,
				"%s at %s (expected %s at %s): %s", kind, phase,
				want_kind, want_phase, err_msg(r->resp));
	return 0;
}

/* ------------------------------------------------------------ steps */

static int named_graph(struct run *r, const char *graphs, const char *text)
{
	char name[128], path[4096];
	FILE *f;
	char *q;
	long len;
	int rc;

	if (sscanf(text, "the %127s graph", name) != 1)
		return run_fail(r, TCK_ERROR, "unknown step 'Given %s'", text);
	snprintf(path, sizeof(path), "%s/%s/%s.cypher", graphs, name, name);
	if (!(f = fopen(path, "r")))
		return run_fail(r, TCK_ERROR, "named graph %s: %m", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	q = calloc(1, len > 0 ? (size_t)len + 1 : 1);
	if (len > 0 && fread(q, 1, (size_t)len, f) != (size_t)len)
		len = -1;
	fclose(f);
	rc = len < 0 ? run_fail(r, TCK_ERROR, "cannot read %s", path)
		     : setup_query(r, q);
	free(q);
	return rc;
}

static int set_params(struct run *r, const struct tck_table *t)
{
	char err[256];

	for (size_t row = 0; row < t->n_rows && t->n_cols >= 2; row++) {
		Graphd__Property *p = calloc(1, sizeof(*p));

		graphd__property__init(p);
		r->params = realloc(r->params, (r->n_params + 1) * sizeof(p));
		r->params[r->n_params++] = p;
		p->key = strdup(t->cells[row * t->n_cols]);
		p->value = tck_value_parse(t->cells[row * t->n_cols + 1], err,
					   sizeof(err));
		if (!p->value)
			return run_fail(r, TCK_ERROR, "parameter %s: %s",
					p->key, err);
	}
	return 0;
}

static int query_step(struct run *r, const struct tck_step *s)
{
	graph_response_free(r->resp);
	r->resp = NULL;
	if (s->kind == TCK_STEP_QUERY) {
		snap_free(r->before);
		snap_free(r->after);
		if (snap_take(r, r->before) < 0)
			return -1;
	}
	r->resp = exec(r, s->doc ? s->doc : "");
	if (s->kind == TCK_STEP_QUERY && snap_take(r, r->after) < 0)
		return -1;
	return 0;
}

static int step(struct run *r, const struct tck_step *s, const char *graphs)
{
	switch (s->kind) {
	case TCK_STEP_EMPTY_GRAPH:
		return 0; /* every scenario starts on a new store */
	case TCK_STEP_NAMED_GRAPH:
		return named_graph(r, graphs, s->text);
	case TCK_STEP_EXECUTED:
		return setup_query(r, s->doc);
	case TCK_STEP_PARAMS:
		return set_params(r, &s->table);
	case TCK_STEP_PROCEDURE: {
		char err[300] = "";

		if (tck_proc_register(s->text, &s->table, err, sizeof(err)) <
		    0)
			return run_fail(r, TCK_ERROR, "procedure: %s", err);
		return 0;
	}
	case TCK_STEP_QUERY:
	case TCK_STEP_CONTROL:
		return query_step(r, s);
	case TCK_STEP_RESULT:
	case TCK_STEP_EMPTY:
		return check_result(r, s);
	case TCK_STEP_ERROR:
		return check_error(r, s);
	case TCK_STEP_SIDE_EFFECTS:
	case TCK_STEP_NO_SIDE_EFFECTS:
		return check_effects(r, r->before, r->after,
				     s->kind == TCK_STEP_SIDE_EFFECTS ? &s->table
								      : NULL);
	default:
		return run_fail(r, TCK_ERROR, "unknown step at line %d: %s",
				s->line, s->text);
	}
}

enum tck_outcome tck_run(const struct tck_scenario *sc, const char *tmpdir,
			 const char *graphs, char *why, size_t whylen)
{
	struct snap before = {0}, after = {0};
	struct run r = {.why = why, .whylen = whylen, .out = TCK_PASS,
			.before = &before, .after = &after};
	char err[512];

	why[0] = '\0';
	if (store_open(&r.st, tmpdir, err, sizeof(err)) < 0)
		run_fail(&r, TCK_ERROR, "graph store: %s", err);
	for (size_t i = 0; r.out == TCK_PASS && i < sc->n_steps; i++)
		step(&r, &sc->steps[i], graphs);
	store_close(&r.st);
	cypher_proc_unregister_all();
	graph_response_free(r.resp);
	snap_free(&before);
	snap_free(&after);
	for (size_t i = 0; i < r.n_params; i++)
		graphd__property__free_unpacked(r.params[i], NULL);
	free(r.params);
	return r.out;
}
