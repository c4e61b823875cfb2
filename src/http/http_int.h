/* http_int.h: what the HTTP endpoints share (src/http only). */
#ifndef GRAPHD_HTTP_INT_H
#define GRAPHD_HTTP_INT_H

#include <stdint.h>

#include <event2/http.h>
#include <jansson.h>

#include "node/node.h"

struct http_tx;

struct http_server {
	struct node *node;
	struct evhttp *evh;
	struct http_tx *txs; /* transactional requests being served */
	uint64_t next_request_id;
	uint16_t port;
	/* Admission (http.c): dbms.connector.max_connections, back-off,
	 * and every open connection with its request deadline. */
	struct net_admit admit;
	struct http_conn *conns;
	struct event *sweep;
};

/* Replies with a text/plain body (a trailing newline is added). */
void http_reply_text(struct evhttp_request *req, int code, const char *body);
/* Replies with body serialized as JSON; steals body. */
void http_reply_json(struct evhttp_request *req, int code, json_t *body);
/* {"code": code, "message": message}, Neo4j's error object. */
json_t *http_error_json(const char *code, const char *message);
/* {"results": [], "errors": [error]} answered with status code. */
void http_reply_error(struct evhttp_request *req, int code,
		      const char *neo_code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "127.0.0.1:41234" of the requesting client, for log lines. */
const char *http_peer(struct evhttp_request *req, char *buf, size_t len);

/* GET /db/manage/server/ha/{master,slave,available} (ha_status.c). */
void http_ha_status(struct http_server *srv, struct evhttp_request *req,
		    const char *which);
/* POST /db/neo4j/tx/commit and /db/data/transaction/commit (tx.c). */
void http_tx_commit(struct http_server *srv, struct evhttp_request *req);
/* Forgets every request still waiting, without answering (shutdown). */
void http_tx_drop_all(struct http_server *srv);

#endif
