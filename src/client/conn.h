/* conn.h: blocking TCP with deadlines for libgraphd: connect, and send and
 * receive one length-prefixed protobuf frame. Internal (not installed). */
#ifndef GRAPHD_CLIENT_CONN_H
#define GRAPHD_CLIENT_CONN_H

#include <protobuf-c/protobuf-c.h>
#include <stdint.h>

#include "client/graphd.h"

/* A response larger than this is refused: the client would otherwise trust a
 * 4-byte length from the network with up to 4 GiB of memory. */
#define CLIENT_MAX_RESPONSE (64u * 1024u * 1024u)

int64_t client_now_ms(void); /* monotonic */

/* Connects to host:port (every address getaddrinfo returns, in order) before
 * deadline; returns a non-blocking socket with TCP_NODELAY, or -1 with
 * GRAPHD_E_CONNECT in err. */
int client_conn_open(const char *host, const char *port, int64_t deadline,
		     struct graphd_error *err);

/* Sends one frame; -1 with GRAPHD_E_IO (or TIMEOUT) in err. */
int client_conn_send(int fd, const ProtobufCMessage *m, int64_t deadline,
		     struct graphd_error *err);

/* Receives one frame's payload into *buf (malloc'd); -1 with GRAPHD_E_IO,
 * GRAPHD_E_TIMEOUT or GRAPHD_E_PROTOCOL (frame over max) in err. */
int client_conn_recv(int fd, uint8_t **buf, size_t *len, size_t max,
		     int64_t deadline, struct graphd_error *err);

#endif
