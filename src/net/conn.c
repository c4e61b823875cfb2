/* conn.c: one framed TCP connection on the cluster port.
 *
 * Every frame is untrusted until the peer's hello is checked by the caller;
 * here only its length is: a frame over the maximum closes the connection
 * before it is buffered. Freeing a connection from inside its own callback is
 * deferred until the callback returns (the read loop still holds it). */
#include "net/conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "net/frame.h"

struct net_conn {
	struct bufferevent *bev;
	const struct net_conn_cbs *cbs;
	void *ctx;
	size_t max_frame;
	const char *max_key; /* the configuration key that sets max_frame */
	char peer[96];
	int in_cb;	  /* depth of our own callbacks on the stack */
	bool dead;	  /* closed while in_cb: free when it unwinds */
	bool flush_close; /* close once the output is written */
	uint64_t *rx_bytes, *tx_bytes; /* net_conn_count_bytes, or NULL */
};

static void conn_free(struct net_conn *c)
{
	if (c->in_cb > 0) {
		c->dead = true;
		bufferevent_disable(c->bev, EV_READ | EV_WRITE);
		return;
	}
	bufferevent_free(c->bev);
	free(c);
}

/* Ends a callback section: frees c if it was closed meanwhile. Returns
 * true when c is gone. */
static bool conn_leave(struct net_conn *c)
{
	if (--c->in_cb > 0 || !c->dead)
		return c->dead;
	bufferevent_free(c->bev);
	free(c);
	return true;
}

static void conn_broken(struct net_conn *c, const char *why)
{
	if (c->dead)
		return;
	c->in_cb++;
	if (c->cbs->closed)
		c->cbs->closed(c->ctx, c, why);
	c->dead = true;
	conn_leave(c);
}

static void conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t hdr[FRAME_HEADER_SIZE];
	char why[160];
	uint32_t len;

	c->in_cb++;
	/* Bounded by what is buffered: each turn consumes one frame. */
	while (!c->dead && !c->flush_close &&
	       evbuffer_get_length(in) >= FRAME_HEADER_SIZE) {
		const uint8_t *p;

		evbuffer_copyout(in, hdr, sizeof(hdr));
		if (frame_peek(hdr, sizeof(hdr), c->max_frame, &len) ==
		    FRAME_TOO_LARGE) {
			snprintf(why, sizeof(why),
				 "frame of %u bytes exceeds %s (%zu)", len,
				 c->max_key, c->max_frame);
			conn_broken(c, why);
			break;
		}
		if (evbuffer_get_length(in) - FRAME_HEADER_SIZE < len)
			break;
		if (!(p = evbuffer_pullup(in, FRAME_HEADER_SIZE + len))) {
			conn_broken(c, "out of memory buffering a frame");
			break;
		}
		if (c->rx_bytes)
			*c->rx_bytes += FRAME_HEADER_SIZE + len;
		c->cbs->frame(c->ctx, c, p + FRAME_HEADER_SIZE, len);
		if (!c->dead)
			evbuffer_drain(in, FRAME_HEADER_SIZE + len);
	}
	conn_leave(c);
}

static void conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	if (c->flush_close) {
		conn_free(c);
		return;
	}
	c->in_cb++;
	bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
	if (c->cbs->drained)
		c->cbs->drained(c->ctx, c);
	conn_leave(c);
}

static void conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net_conn *c = arg;
	char why[160];
	int one = 1;

	if (what & BEV_EVENT_CONNECTED) {
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY,
			   &one, sizeof(one));
		c->in_cb++;
		if (c->cbs->connected)
			c->cbs->connected(c->ctx, c);
		conn_leave(c);
		return;
	}
	if (c->flush_close) {
		conn_free(c);
		return;
	}
	if (what & BEV_EVENT_EOF)
		snprintf(why, sizeof(why), "connection closed by the peer");
	else
		snprintf(why, sizeof(why), "%s",
			 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	conn_broken(c, why);
}

static struct net_conn *conn_new(struct bufferevent *bev, const char *peer,
				 size_t max_frame,
				 const struct net_conn_cbs *cbs, void *ctx)
{
	struct net_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->bev = bev;
	c->cbs = cbs;
	c->ctx = ctx;
	c->max_frame = max_frame;
	c->max_key = "ha.max_frame_size";
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	bufferevent_setcb(bev, conn_read_cb, NULL, conn_event_cb, c);
	/* The input never holds more than one whole frame. */
	bufferevent_setwatermark(bev, EV_READ, 0, FRAME_HEADER_SIZE + max_frame);
	return c;
}

void net_conn_set_max_frame(struct net_conn *c, size_t max_frame,
			    const char *key)
{
	c->max_frame = max_frame;
	c->max_key = key;
	bufferevent_setwatermark(c->bev, EV_READ, 0,
				 FRAME_HEADER_SIZE + max_frame);
}

struct net_conn *net_conn_accept(struct event_base *base, evutil_socket_t fd,
				 const char *peer, size_t max_frame,
				 const struct net_conn_cbs *cbs, void *ctx)
{
	struct bufferevent *bev =
	    bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	struct net_conn *c;
	int one = 1;

	if (!bev) {
		evutil_closesocket(fd);
		return NULL;
	}
	if (!(c = conn_new(bev, peer, max_frame, cbs, ctx))) {
		bufferevent_free(bev);
		return NULL;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	return c;
}

struct net_conn *net_conn_dial(struct event_base *base, const char *host,
			       uint16_t port, size_t max_frame,
			       const struct net_conn_cbs *cbs, void *ctx)
{
	struct bufferevent *bev =
	    bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	struct net_conn *c;
	char peer[96];

	if (!bev)
		return NULL;
	snprintf(peer, sizeof(peer), "%s:%u", host, port);
	if (!(c = conn_new(bev, peer, max_frame, cbs, ctx))) {
		bufferevent_free(bev);
		return NULL;
	}
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	/* Numeric hosts need no resolver; names use the blocking resolver
	 * of bufferevent_socket_connect_hostname without a dns_base. */
	/* A connect() that fails at once (EINVAL under a blackhole route,
	 * ENETUNREACH) reports BEV_EVENT_ERROR from inside this call: the
	 * closed callback has run and c must not be handed out (the fault
	 * suite found a peer left with a freed connection, never re-dialled,
	 * after a partition). */
	c->in_cb++;
	if (bufferevent_socket_connect_hostname(bev, NULL, AF_UNSPEC, host,
						port) < 0)
		c->dead = true;
	return conn_leave(c) ? NULL : c;
}

int net_conn_send(struct net_conn *c, const ProtobufCMessage *m)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t *buf;
	int rc;

	if (c->dead || c->flush_close)
		return -1;
	if (len > c->max_frame || !(buf = malloc(len + FRAME_HEADER_SIZE)))
		return -1;
	frame_put_header(buf, (uint32_t)len);
	protobuf_c_message_pack(m, buf + FRAME_HEADER_SIZE);
	rc = bufferevent_write(c->bev, buf, len + FRAME_HEADER_SIZE);
	if (rc == 0 && c->tx_bytes)
		*c->tx_bytes += len + FRAME_HEADER_SIZE;
	free(buf);
	return rc;
}

void net_conn_flush(struct net_conn *c)
{
	struct evbuffer *out;
	evutil_socket_t fd;

	if (c->dead || (fd = bufferevent_getfd(c->bev)) < 0)
		return;
	out = bufferevent_get_output(c->bev);
	/* A short or failed write leaves the rest to the bufferevent. */
	if (evbuffer_get_length(out) > 0)
		(void)evbuffer_write(out, fd);
}

size_t net_conn_pending(const struct net_conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev));
}

void net_conn_set_drain(struct net_conn *c, size_t low)
{
	bufferevent_setwatermark(c->bev, EV_WRITE, low, 0);
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb,
			  c);
	if (net_conn_pending(c) <= low)
		bufferevent_trigger(c->bev, EV_WRITE,
				    BEV_TRIG_IGNORE_WATERMARKS |
					BEV_TRIG_DEFER_CALLBACKS);
}

void net_conn_close(struct net_conn *c)
{
	if (c)
		conn_free(c);
}

void net_conn_close_after_flush(struct net_conn *c)
{
	if (c->dead)
		return;
	c->flush_close = true;
	bufferevent_disable(c->bev, EV_READ);
	bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
	bufferevent_setcb(c->bev, NULL, conn_write_cb, conn_event_cb, c);
	if (net_conn_pending(c) == 0)
		bufferevent_trigger(c->bev, EV_WRITE,
				    BEV_TRIG_IGNORE_WATERMARKS |
					BEV_TRIG_DEFER_CALLBACKS);
}

void net_conn_count_bytes(struct net_conn *c, uint64_t *received,
			  uint64_t *sent)
{
	c->rx_bytes = received;
	c->tx_bytes = sent;
}

const char *net_conn_peer(const struct net_conn *c)
{
	return c->peer;
}

void *net_conn_ctx(const struct net_conn *c)
{
	return c->ctx;
}

void net_conn_set_ctx(struct net_conn *c, void *ctx)
{
	c->ctx = ctx;
}
