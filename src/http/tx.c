/* tx.c: POST /db/neo4j/tx/commit (and Neo4j 3.x's
 * /db/data/transaction/commit): Cypher statements in the JSON shape of
 * Neo4j's HTTP transactional API.
 *
 * Every statement is checked and converted before the first one runs, so a
 * malformed request changes nothing. Statements then run one after the
 * other through an internal client session, exactly as if they had come on
 * the client port: a write on a slave is forwarded to the master and
 * answered after this instance applied it. Deviation from Neo4j: each
 * statement commits on its own (it is one entry in the log); the first
 * error stops the request, and statements before it stay committed.
 *
 * An HTTP request is a client session of its own: a fresh random session
 * id, each statement's number its sequence number. So each write is
 * answered from its own log entry, and one sent again to a new master
 * after a failover is applied at most once (src/node/writes.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "http/http_int.h"
#include "http/json.h"
#include "node/session.h"
#include "node/writes.h"
#include "util/log.h"

/* Statements in one request at most. */
#define HTTP_TX_MAX_STATEMENTS 1000

struct http_tx {
	struct http_server *srv;
	struct evhttp_request *req;
	struct session *sess;
	struct event *cont_ev; /* runs the next statement from the loop */
	Graphd__Request **reqs;
	bool *stats; /* per statement: includeStats */
	size_t n, next;
	json_t *results, *errors;
	uint64_t waiting_id; /* request id of the statement running, 0: none */
	uint64_t session;    /* this request's writes: (session, statement) */
	uint64_t last_txn;   /* txn id of the last write */
	bool failed;
	struct http_tx *prev, *next_tx;
};

static void tx_free(struct http_tx *tx)
{
	struct http_server *srv = tx->srv;
	size_t i;

	if (tx->prev)
		tx->prev->next_tx = tx->next_tx;
	else if (srv->txs == tx)
		srv->txs = tx->next_tx;
	if (tx->next_tx)
		tx->next_tx->prev = tx->prev;
	session_free_internal(tx->sess);
	if (tx->cont_ev)
		event_free(tx->cont_ev);
	for (i = 0; tx->reqs && i < tx->n; i++)
		if (tx->reqs[i])
			graphd__request__free_unpacked(tx->reqs[i], NULL);
	free(tx->reqs);
	free(tx->stats);
	json_decref(tx->results);
	json_decref(tx->errors);
	free(tx);
}

/* Neo4j's status code for one of ours. */
static const char *tx_neo_code(const Graphd__Error *e)
{
	switch (e->code) {
	case GRAPHD__ERROR_CODE__SYNTAX:
		return "Neo.ClientError.Statement.SyntaxError";
	case GRAPHD__ERROR_CODE__SEMANTIC:
		return "Neo.ClientError.Statement.SemanticError";
	case GRAPHD__ERROR_CODE__NOT_FOUND:
		return "Neo.ClientError.Statement.EntityNotFound";
	case GRAPHD__ERROR_CODE__CONSTRAINT:
		return "Neo.ClientError.Schema.ConstraintValidationFailed";
	case GRAPHD__ERROR_CODE__QUERY_FAILED:
		return strstr(e->message, "constraint")
			   ? "Neo.ClientError.Schema.ConstraintValidationFailed"
			   : "Neo.ClientError.Statement.ExecutionFailed";
	case GRAPHD__ERROR_CODE__BAD_REQUEST:
		return "Neo.ClientError.Request.Invalid";
	case GRAPHD__ERROR_CODE__NOT_MASTER:
		return "Neo.ClientError.Cluster.NotALeader";
	case GRAPHD__ERROR_CODE__NO_MASTER:
	case GRAPHD__ERROR_CODE__TIMEOUT:
	case GRAPHD__ERROR_CODE__UNAVAILABLE:
		return "Neo.TransientError.General.DatabaseUnavailable";
	default:
		return "Neo.DatabaseError.General.UnknownError";
	}
}

static json_t *tx_stats(const Graphd__Counters *c)
{
	Graphd__Counters zero = GRAPHD__COUNTERS__INIT;
	bool updates;

	if (!c)
		c = &zero;
	updates = c->nodes_created || c->nodes_deleted || c->rels_created ||
		  c->rels_deleted || c->props_set || c->labels_added ||
		  c->labels_removed || c->indexes_added ||
		  c->indexes_removed || c->constraints_added ||
		  c->constraints_removed;
	return json_pack(
	    "{s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "contains_updates", updates, "nodes_created",
	    (json_int_t)c->nodes_created, "nodes_deleted",
	    (json_int_t)c->nodes_deleted, "properties_set",
	    (json_int_t)c->props_set, "relationships_created",
	    (json_int_t)c->rels_created, "relationship_deleted",
	    (json_int_t)c->rels_deleted, "labels_added",
	    (json_int_t)c->labels_added, "labels_removed",
	    (json_int_t)c->labels_removed, "indexes_added",
	    (json_int_t)c->indexes_added, "indexes_removed",
	    (json_int_t)c->indexes_removed, "constraints_added",
	    (json_int_t)c->constraints_added, "constraints_removed",
	    (json_int_t)c->constraints_removed);
}

static json_t *tx_row(const Graphd__Row *row)
{
	json_t *vals = json_array(), *metas = json_array(), *m;
	size_t i;

	for (i = 0; vals && metas && i < row->n_values; i++) {
		json_t *v = http_value_to_json(row->values[i], &m);

		if (!v || json_array_append_new(vals, v) < 0 ||
		    json_array_append_new(metas, m ? m : json_null()) < 0)
			goto err;
	}
	if (vals && metas)
		return json_pack("{s:o,s:o}", "row", vals, "meta", metas);
err:
	json_decref(vals);
	json_decref(metas);
	return NULL;
}

/* {"columns": [...], "data": [{"row": [...], "meta": [...]}, ...]}. */
static json_t *tx_result(const Graphd__QueryResult *q, bool stats)
{
	json_t *cols = json_array(), *data = json_array(), *res;
	size_t i;

	for (i = 0; cols && i < q->n_columns; i++)
		if (json_array_append_new(cols,
					  http_json_string(q->columns[i])) < 0)
			goto err;
	for (i = 0; data && i < q->n_rows; i++)
		if (json_array_append_new(data, tx_row(q->rows[i])) < 0)
			goto err;
	if (!cols || !data ||
	    !(res = json_pack("{s:o,s:o}", "columns", cols, "data", data)))
		goto err;
	if (stats)
		json_object_set_new(res, "stats", tx_stats(q->counters));
	return res;
err:
	json_decref(cols);
	json_decref(data);
	return NULL;
}

/* An answer to the statement running: recorded now, the next statement
 * runs from the loop (the session may still be on the stack here). */
static void tx_deliver(struct session *s, const Graphd__Response *resp,
		       void *arg)
{
	struct http_tx *tx = arg;
	json_t *r;

	(void)s;
	if (resp->request_id != tx->waiting_id)
		return;
	tx->waiting_id = 0;
	if (resp->error && resp->error->code != GRAPHD__ERROR_CODE__OK) {
		json_array_append_new(tx->errors,
				      http_error_json(tx_neo_code(resp->error),
						      resp->error->message));
		tx->failed = true;
	} else if (resp->body_case != GRAPHD__RESPONSE__BODY_QUERY ||
		   !(r = tx_result(resp->query, tx->stats[tx->next - 1]))) {
		json_array_append_new(
		    tx->errors,
		    http_error_json("Neo.DatabaseError.General.UnknownError",
				    "the statement's result could not be "
				    "converted to JSON (out of memory?)"));
		tx->failed = true;
	} else {
		json_array_append_new(tx->results, r);
		if (resp->query->txn_id)
			tx->last_txn = resp->query->txn_id;
	}
	event_active(tx->cont_ev, EV_TIMEOUT, 0);
}

static void tx_finish(struct http_tx *tx)
{
	char txn[32];

	if (tx->last_txn) {
		/* The bookmark for a read elsewhere (X-Graphd-Bookmark). */
		snprintf(txn, sizeof(txn), "%" PRIu64, tx->last_txn);
		evhttp_add_header(evhttp_request_get_output_headers(tx->req),
				  "X-Graphd-Txn", txn);
	}
	http_reply_json(tx->req, 200,
			json_pack("{s:O,s:O}", "results", tx->results,
				  "errors", tx->errors));
	tx_free(tx);
}

/* Runs the next statement, or answers when none is left. */
static void tx_cont_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_tx *tx = arg;
	Graphd__Request *req;

	(void)fd;
	(void)what;
	if (tx->waiting_id)
		return;
	if (tx->failed || tx->next == tx->n) {
		tx_finish(tx);
		return;
	}
	req = tx->reqs[tx->next];
	tx->reqs[tx->next++] = NULL;
	req->request_id = tx->waiting_id = ++tx->srv->next_request_id;
	req->session = tx->session;
	req->seq = tx->next; /* 1, 2, ...: statement numbers */
	/* Statements after a write read what it wrote, wherever they run. */
	if (tx->last_txn > req->bookmark)
		req->bookmark = tx->last_txn;
	session_request(tx->sess, req);
}

/* One statement object → a query Request (request_id set when it runs).
 * NULL with why filled when the statement is malformed. */
static Graphd__Request *tx_statement(const json_t *st, bool *stats, char *why,
				     size_t whylen)
{
	json_t *text = json_object_get(st, "statement");
	json_t *params = json_object_get(st, "parameters");
	json_t *inc = json_object_get(st, "includeStats");
	Graphd__Request *r = NULL;
	Graphd__Query *q;
	const char *key;
	json_t *val;
	char pwhy[128];
	size_t i = 0;

	if (!json_is_object(st) || !json_is_string(text)) {
		snprintf(why, whylen, "a statement must be an object with a "
				      "\"statement\" string");
		return NULL;
	}
	if (params && !json_is_null(params) && !json_is_object(params)) {
		snprintf(why, whylen, "\"parameters\" must be an object");
		return NULL;
	}
	if (inc && !json_is_boolean(inc)) {
		snprintf(why, whylen, "\"includeStats\" must be true or false");
		return NULL;
	}
	*stats = json_is_true(inc);
	if (!(r = malloc(sizeof(*r))) || !(q = malloc(sizeof(*q))))
		goto oom;
	graphd__request__init(r);
	graphd__query__init(q);
	r->body_case = GRAPHD__REQUEST__BODY_QUERY;
	r->query = q;
	if (!(q->statement = strdup(json_string_value(text))))
		goto oom;
	if (json_object_size(params) &&
	    !(q->params = calloc(json_object_size(params), sizeof(*q->params))))
		goto oom;
	json_object_foreach(params, key, val)
	{
		Graphd__Property *p = malloc(sizeof(*p));

		if (!p)
			goto oom;
		graphd__property__init(p);
		q->params[i] = p;
		q->n_params = ++i;
		if (!(p->key = strdup(key)))
			goto oom;
		if (!(p->value = http_json_to_value(val, pwhy, sizeof(pwhy)))) {
			snprintf(why, whylen, "parameter \"%.64s\": %s", key,
				 pwhy);
			graphd__request__free_unpacked(r, NULL);
			return NULL;
		}
	}
	return r;
oom:
	snprintf(why, whylen, "out of memory");
	if (r && r->query)
		graphd__request__free_unpacked(r, NULL);
	else
		free(r);
	return NULL;
}

/* The request's statements, checked and converted; -1 with why filled. */
static int tx_parse(struct http_tx *tx, const json_t *body, char *why,
		    size_t whylen)
{
	json_t *sts = json_object_get(body, "statements");
	size_t i;

	if (!json_is_object(body)) {
		snprintf(why, whylen, "the body must be a JSON object "
				      "{\"statements\": [...]}");
		return -1;
	}
	if (sts && !json_is_array(sts)) {
		snprintf(why, whylen, "\"statements\" must be an array");
		return -1;
	}
	if (json_array_size(sts) > HTTP_TX_MAX_STATEMENTS) {
		snprintf(why, whylen, "%zu statements in one request; at most "
				      "%d",
			 json_array_size(sts), HTTP_TX_MAX_STATEMENTS);
		return -1;
	}
	tx->n = json_array_size(sts);
	if (tx->n && (!(tx->reqs = calloc(tx->n, sizeof(*tx->reqs))) ||
		      !(tx->stats = calloc(tx->n, sizeof(*tx->stats))))) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (i = 0; i < tx->n; i++) {
		char inner[300];

		tx->reqs[i] = tx_statement(json_array_get(sts, i),
					   &tx->stats[i], inner,
					   sizeof(inner));
		if (!tx->reqs[i]) {
			snprintf(why, whylen, "statement %zu: %s", i + 1,
				 inner);
			return -1;
		}
	}
	return 0;
}

/* X-Graphd-Bookmark: TXN (wait until applied here) and
 * X-Graphd-Linearizable: true (ReadIndex through the master), for reads. */
static int tx_headers(struct http_tx *tx, char *why, size_t whylen)
{
	struct evkeyvalq *h = evhttp_request_get_input_headers(tx->req);
	const char *b = evhttp_find_header(h, "X-Graphd-Bookmark");
	const char *l = evhttp_find_header(h, "X-Graphd-Linearizable");
	uint64_t bookmark = 0;
	char *end;
	size_t i;

	if (b) {
		errno = 0;
		bookmark = strtoull(b, &end, 10);
		if (errno || end == b || *end || b[0] == '-') {
			snprintf(why, whylen, "X-Graphd-Bookmark must be a "
					      "transaction id");
			return -1;
		}
	}
	if (l && strcmp(l, "true") != 0 && strcmp(l, "false") != 0) {
		snprintf(why, whylen, "X-Graphd-Linearizable must be true or "
				      "false");
		return -1;
	}
	for (i = 0; i < tx->n; i++) {
		tx->reqs[i]->bookmark = bookmark;
		tx->reqs[i]->linearizable = l && strcmp(l, "true") == 0;
	}
	return 0;
}

static struct http_tx *tx_new(struct http_server *srv,
			      struct evhttp_request *req)
{
	struct http_tx *tx = calloc(1, sizeof(*tx));
	char peer[80], name[96];

	if (!tx)
		return NULL;
	tx->srv = srv;
	tx->req = req;
	tx->session = writes_new_session(srv->node);
	snprintf(name, sizeof(name), "HTTP %s",
		 http_peer(req, peer, sizeof(peer)));
	tx->next_tx = srv->txs;
	if (srv->txs)
		srv->txs->prev = tx;
	srv->txs = tx;
	if (!(tx->results = json_array()) || !(tx->errors = json_array()) ||
	    !(tx->sess = session_new_internal(srv->node, name, tx_deliver,
					      tx)) ||
	    !(tx->cont_ev =
		  event_new(srv->node->base, -1, 0, tx_cont_cb, tx))) {
		tx_free(tx);
		return NULL;
	}
	return tx;
}

void http_tx_commit(struct http_server *srv, struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	size_t max = srv->node->cfg.max_frame_size;
	struct http_tx *tx;
	json_error_t jerr;
	json_t *body;
	char why[512];

	if (len > max) {
		http_reply_error(req, 413, "Neo.ClientError.Request.Invalid",
				 "request body of %zu bytes exceeds "
				 "ha.max_frame_size (%zu bytes)",
				 len, max);
		return;
	}
	body = json_loadb((const char *)evbuffer_pullup(in, -1), len, 0,
			  &jerr);
	if (!body) {
		http_reply_error(req, 400, "Neo.ClientError.Request.InvalidFormat",
				 "the body is not valid JSON: %s (line %d, "
				 "column %d)",
				 jerr.text, jerr.line, jerr.column);
		return;
	}
	if (!(tx = tx_new(srv, req))) {
		json_decref(body);
		http_reply_error(req, 503,
				 "Neo.TransientError.General.OutOfMemoryError",
				 "out of memory");
		return;
	}
	if (tx_parse(tx, body, why, sizeof(why)) < 0 ||
	    tx_headers(tx, why, sizeof(why)) < 0) {
		json_decref(body);
		http_reply_error(req, 400, "Neo.ClientError.Request.InvalidFormat",
				 "%s", why);
		tx_free(tx);
		return;
	}
	json_decref(body);
	event_active(tx->cont_ev, EV_TIMEOUT, 0);
}

void http_tx_drop_all(struct http_server *srv)
{
	/* Bounded: each turn frees the head of the list. */
	while (srv->txs)
		tx_free(srv->txs);
}
