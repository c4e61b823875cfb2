/* query.c: a Cypher statement from the client protocol, end to end. */
#include "graph/query.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/apply.h"
#include "graph/cypher_exec.h"
#include "graph/cypher_parse.h"
#include "graph/limits.h"

static struct cypher_stmt *query_parse(const Graphd__Query *q,
				       struct cypher_error *err)
{
	const char *s = q->statement ? q->statement : "";

	return cypher_parse(s, strlen(s), NULL, err);
}

bool graph_query_is_write(const Graphd__Query *q)
{
	struct cypher_error err;
	struct cypher_stmt *st = query_parse(q, &err);
	bool w = st && cypher_stmt_is_write(st);

	cypher_stmt_free(st);
	return w;
}

static Graphd__Response *query_error(Graphd__ErrorCode code, int line, int col,
				     const char *msg)
{
	Graphd__Response *r = graph_response_error(code, msg);

	if (r && r->error) {
		r->error->line = line > 0 ? (uint32_t)line : 0;
		r->error->column = col > 0 ? (uint32_t)col : 0;
	}
	return r;
}

static Graphd__Response *query_syntax(const Graphd__Query *q,
				      const struct cypher_error *err)
{
	const char *s = q->statement ? q->statement : "";
	char buf[1024];

	cypher_error_format(err, s, strlen(s), buf, sizeof(buf));
	return query_error(GRAPHD__ERROR_CODE__SYNTAX, err->line, err->col,
			   buf);
}

/* The parameters as a map of values. */
static int query_params(const Graphd__Query *q, struct cv *map,
			struct cv_err *err)
{
	cv_map_init(map);
	for (size_t i = 0; i < q->n_params; i++) {
		struct cv v;

		if (cv_from_proto(q->params[i]->value, &v, err) < 0 ||
		    cv_map_set(&map->u.map, q->params[i]->key, &v) < 0) {
			cv_free(map);
			return -1;
		}
	}
	return 0;
}

static Graphd__Counters *query_counters(const struct cypher_counters *c)
{
	Graphd__Counters *p = malloc(sizeof(*p));

	if (!p)
		return NULL;
	graphd__counters__init(p);
	p->nodes_created = c->nodes_created;
	p->nodes_deleted = c->nodes_deleted;
	p->rels_created = c->rels_created;
	p->rels_deleted = c->rels_deleted;
	p->props_set = c->props_set;
	p->labels_added = c->labels_added;
	p->labels_removed = c->labels_removed;
	p->indexes_added = c->indexes_added;
	p->indexes_removed = c->indexes_removed;
	p->constraints_added = c->constraints_added;
	p->constraints_removed = c->constraints_removed;
	return p;
}

static Graphd__QueryResult *query_result(const struct cypher_result *res,
					 bool explain, struct cv_err *err)
{
	Graphd__QueryResult *qr = calloc(1, sizeof(*qr));

	if (!qr)
		return NULL;
	graphd__query_result__init(qr);
	if (!(qr->counters = query_counters(&res->counters)) ||
	    (explain && res->plan && !(qr->plan = strdup(res->plan))))
		goto err;
	if ((res->n_cols &&
	     !(qr->columns = calloc(res->n_cols, sizeof(char *)))) ||
	    (res->n_rows && !(qr->rows = calloc(res->n_rows, sizeof(void *)))))
		goto err;
	for (size_t c = 0; c < res->n_cols; c++)
		if (!(qr->columns[qr->n_columns++] = strdup(res->columns[c])))
			goto err;
	for (size_t r = 0; r < res->n_rows; r++) {
		Graphd__Row *row = calloc(1, sizeof(*row));

		if (!row)
			goto err;
		graphd__row__init(row);
		qr->rows[qr->n_rows++] = row;
		if (res->n_cols &&
		    !(row->values = calloc(res->n_cols, sizeof(void *))))
			goto err;
		for (size_t c = 0; c < res->n_cols; c++) {
			if (cv_to_proto(&res->rows[r * res->n_cols + c],
					&row->values[c], err) < 0)
				goto err;
			row->n_values++;
		}
	}
	return qr;
err:
	graphd__query_result__free_unpacked(qr, NULL);
	return NULL;
}

static Graphd__ErrorCode query_code(enum cypher_exec_errc c)
{
	switch (c) {
	case CYPHER_EXEC_SEMANTIC:
	case CYPHER_EXEC_UNSUPPORTED:
		return GRAPHD__ERROR_CODE__SEMANTIC;
	case CYPHER_EXEC_STORAGE:
		return GRAPHD__ERROR_CODE__INTERNAL;
	case CYPHER_EXEC_CONSTRAINT:
		return GRAPHD__ERROR_CODE__CONSTRAINT;
	default:
		return GRAPHD__ERROR_CODE__QUERY_FAILED;
	}
}

Graphd__Response *graph_query(struct store_graph *g, DB_TXN *txn,
			      const Graphd__Query *q, int64_t timestamp_ms,
			      int *storage_err)
{
	return graph_query_bounded(g, txn, q, timestamp_ms, NULL, storage_err);
}

Graphd__Response *graph_query_bounded(struct store_graph *g, DB_TXN *txn,
				      const Graphd__Query *q,
				      int64_t timestamp_ms,
				      const struct graph_limits *lim,
				      int *storage_err)
{
	struct cypher_error perr;
	struct cypher_stmt *st = query_parse(q, &perr);
	struct cypher_exec_opts o = {.timestamp_ms = timestamp_ms,
				     .max_rows = GRAPH_QUERY_MAX_ROWS,
				     .max_visits = GRAPH_QUERY_MAX_VISITS,
				     .max_value_bytes = lim ? lim->max_value : 0,
				     .max_txn_bytes = lim ? lim->max_txn : 0};
	struct cypher_exec_err xerr;
	struct cypher_result res;
	struct cv params;
	struct cv_err cerr = {0};
	Graphd__Response *r;

	*storage_err = 0;
	if (!st)
		return query_syntax(q, &perr);
	if (query_params(q, &params, &cerr) < 0) {
		cypher_stmt_free(st);
		return query_error(GRAPHD__ERROR_CODE__BAD_REQUEST, 0, 0,
				   cerr.msg);
	}
	o.params = &params.u.map;
	if (cypher_exec(g, txn, st, &o, &res, &xerr) < 0) {
		if (xerr.code == CYPHER_EXEC_STORAGE)
			*storage_err = EIO;
		r = query_error(query_code(xerr.code), xerr.pos.line,
				xerr.pos.col, xerr.msg);
	} else if (!(r = calloc(1, sizeof(*r)))) {
		cypher_result_free(&res);
	} else {
		graphd__response__init(r);
		r->body_case = GRAPHD__RESPONSE__BODY_QUERY;
		/* the plan is an answer only when asked for (EXPLAIN) */
		if (!(r->query = query_result(&res, st->explain, &cerr))) {
			free(r);
			r = query_error(GRAPHD__ERROR_CODE__QUERY_FAILED, 0, 0,
					cerr.msg[0] ? cerr.msg
						    : "out of memory");
		}
		cypher_result_free(&res);
	}
	cv_free(&params);
	cypher_stmt_free(st);
	return r;
}
