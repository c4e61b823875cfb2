/* session.h: client connections on ha.server: handshake, frames, dispatch. */
#ifndef GRAPHD_NODE_SESSION_H
#define GRAPHD_NODE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"
#include "node/node.h"

/* Binds ha.server (port 0: any free port), logs the address and writes the
 * port to DATA_DIR/graphd.port. Returns 0, or -1 with err filled. */
int session_listen(struct node *n, char *err, size_t errlen);
/* Stops accepting connections (shutdown). Open sessions stay. */
void session_stop_listening(struct node *n);
/* Closes every connection (shutdown), after flushing what can be flushed. */
void session_close_all(struct node *n);

/* Sends resp (request_id already set) on s. */
void session_send(struct session *s, const Graphd__Response *resp);
/* Sends an error response to request_id. */
void session_send_error(struct session *s, uint64_t request_id,
			Graphd__ErrorCode code, bool retryable, const char *fmt,
			...) __attribute__((format(printf, 5, 6)));
/* NOT_MASTER with the master's client address (membership commands). */
void session_send_error_master(struct session *s, uint64_t request_id);
/* "127.0.0.1:53211", for log lines. */
const char *session_peer(const struct session *s);

#endif
