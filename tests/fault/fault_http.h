/* fault_http.h: one bounded POST /db/neo4j/tx/commit over a plain socket,
 * without any session: what a Neo4j driver or curl in front of graphd
 * sends. */
#ifndef GRAPHD_FAULT_HTTP_H
#define GRAPHD_FAULT_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

/* How a request ended. FH_NO_ANSWER (a timeout, a connection closed
 * before the whole answer) says nothing about whether the statement ran:
 * Jepsen's "info". FH_NOT_SENT: no connection, so not a byte of the
 * request left: it certainly did not run. */
enum fh_outcome { FH_ANSWER, FH_NO_ANSWER, FH_NOT_SENT };

struct fh_reply {
	int status;	 /* HTTP status (FH_ANSWER) */
	uint64_t txn;	 /* X-Graphd-Txn, 0 when absent */
	json_t *body;	 /* the parsed body, NULL when not JSON */
	char why[160];	 /* FH_NO_ANSWER: what went wrong */
};

/* Sends {"statements": [{"statement": STMT, "parameters": PARAMS}]} to
 * ADDR (host:port) and waits at most TIMEOUT_MS in all. PARAMS is borrowed.
 * LINEARIZABLE adds X-Graphd-Linearizable: true. The caller frees
 * reply->body with json_decref. */
enum fh_outcome fh_commit(const char *addr, const char *stmt, json_t *params,
			  bool linearizable, unsigned timeout_ms,
			  struct fh_reply *reply);

#endif
