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
/* An internal session, for requests that arrive by another route than the
 * client port (HTTP): every answer to it is handed to deliver(s, resp, arg)
 * instead of being written to a socket. It is not in n->sessions. */
struct session *session_new_internal(
    struct node *n, const char *peer,
    void (*deliver)(struct session *s, const Graphd__Response *resp,
		    void *arg),
    void *arg);
/* Forgets its requests still waiting (their entries still apply), frees s. */
void session_free_internal(struct session *s);
/* Serves one request from s, as if it had come in a frame; takes ownership
 * of req. The answer may come at once (from inside this call) or later. */
void session_request(struct session *s, Graphd__Request *req);

/* "127.0.0.1:53211", for log lines. */
const char *session_peer(const struct session *s);
/* Bytes written to s and not yet sent (SIZE_MAX once s is closing): long
 * answers (backup) send more only below a bound. */
size_t session_output_pending(const struct session *s);

#endif
