/* conn.h: one framed TCP connection on the cluster port (a libevent
 * bufferevent): whole frames in, protobuf messages out, sizes bounded. */
#ifndef GRAPHD_NET_CONN_H
#define GRAPHD_NET_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <protobuf-c/protobuf-c.h>

struct net_conn;

struct net_conn_cbs {
	/* A dialled connection is established. */
	void (*connected)(void *ctx, struct net_conn *c);
	/* One whole frame's payload (valid during the call). The callback may
	 * close c. */
	void (*frame)(void *ctx, struct net_conn *c, const uint8_t *p,
		      size_t len);
	/* The connection broke or the peer violated the framing; why says
	 * which. c is freed right after the callback returns. */
	void (*closed)(void *ctx, struct net_conn *c, const char *why);
	/* Optional: the output buffer fell below net_conn_set_drain's mark. */
	void (*drained)(void *ctx, struct net_conn *c);
};

/* Wraps an accepted socket; peer is "host:port" for log lines. */
struct net_conn *net_conn_accept(struct event_base *base, evutil_socket_t fd,
				 const char *peer, size_t max_frame,
				 const struct net_conn_cbs *cbs, void *ctx);
/* Starts connecting to host:port (numeric or name); connected or closed
 * follows. NULL when it cannot even start (resolution, memory). */
struct net_conn *net_conn_dial(struct event_base *base, const char *host,
			       uint16_t port, size_t max_frame,
			       const struct net_conn_cbs *cbs, void *ctx);

/* Sets the largest frame accepted from now on, and the configuration key
 * that a refusal names (an accepted connection starts at
 * ha.max_prelogin_frame_size and grows once its handshake is done). */
void net_conn_set_max_frame(struct net_conn *c, size_t max_frame,
			    const char *key);

/* Queues m as one frame. Returns -1 (and sends nothing) when it exceeds
 * the maximum frame size or memory. */
int net_conn_send(struct net_conn *c, const ProtobufCMessage *m);
/* Writes what is queued to the socket now, without waiting for the loop
 * (the master's appends leave before its own fsync: thesis 10.2.1). */
void net_conn_flush(struct net_conn *c);
/* Bytes queued and not yet written. */
size_t net_conn_pending(const struct net_conn *c);
/* Calls cbs->drained once the output falls to at most low bytes. */
void net_conn_set_drain(struct net_conn *c, size_t low);

/* Frees c now (no callback). Safe inside c's own frame callback. */
void net_conn_close(struct net_conn *c);
/* Stops reading; frees c once its output is written (no callback). */
void net_conn_close_after_flush(struct net_conn *c);

/* Adds the bytes of every whole frame received and every frame queued to
 * *received and *sent (either may be NULL); they must outlive c. */
void net_conn_count_bytes(struct net_conn *c, uint64_t *received,
			  uint64_t *sent);

const char *net_conn_peer(const struct net_conn *c);
void *net_conn_ctx(const struct net_conn *c);
void net_conn_set_ctx(struct net_conn *c, void *ctx);

#endif
