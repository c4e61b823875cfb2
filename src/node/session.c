/* session.c: client connections on ha.server (evconnlistener + bufferevent).
 *
 * Every frame from a client is untrusted: its length is checked against
 * ha.max_frame_size before anything is buffered further, and it is decoded
 * by protobuf-c in one place. A connection that breaks the protocol is
 * closed with a warning naming the peer; everyone else is unaffected.
 *
 * Until its handshake (and login) is done a client is a stranger: it gets
 * dbms.connector.handshake_timeout to finish it, frames of at most
 * ha.max_prelogin_frame_size, and only dbms.connector.max_connections of
 * them (with the logged-in ones) are let in (net/admit.h). Warnings about
 * strangers are rate limited: a flood writes one line per interval. */
#include "node/session.h"

#include <errno.h>
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "graph/query.h"
#include "node/backup.h"
#include "net/frame.h"
#include "net/listen.h"
#include "node/auth.h"
#include "node/cluster.h"
#include "node/reads.h"
#include "node/writes.h"
#include "util/log.h"

#define SESSION_PROTOCOL_VERSION 1
/* Unsent answers to one client beyond which its requests wait. */
#define SESSION_OUTPUT_HIGH (8u * 1024u * 1024u)

struct session {
	struct node *node;
	struct bufferevent *bev; /* NULL: an internal session (deliver) */
	struct session *prev, *next;
	/* Internal sessions (HTTP): answers go here instead of a socket. */
	void (*deliver)(struct session *s, const Graphd__Response *resp,
			void *arg);
	void *deliver_arg;
	char peer[64];
	struct event *deadline; /* the handshake's, until hello_done */
	bool hello_done;
	bool closing; /* refused: flush the answer, then close */
};

const char *session_peer(const struct session *s)
{
	return s->peer;
}

size_t session_output_pending(const struct session *s)
{
	if (s->closing)
		return SIZE_MAX;
	if (!s->bev)
		return 0;
	return evbuffer_get_length(bufferevent_get_output(s->bev));
}

/* Forgets every request of s still waiting for an answer. */
static void session_drop_requests(struct session *s)
{
	writes_drop_session(s->node, s);
	reads_drop_session(s->node, s);
	cluster_drop_session(s->node, s);
	backup_drop_session(s->node, s);
}

static void session_free(struct session *s)
{
	struct node *n = s->node;

	session_drop_requests(s);
	if (s->prev)
		s->prev->next = s->next;
	else
		n->sessions = s->next;
	if (s->next)
		s->next->prev = s->prev;
	n->metrics.client_connections--;
	net_admit_leave(&n->client_admit);
	if (s->deadline)
		event_free(s->deadline);
	bufferevent_free(s->bev);
	free(s);
}

/* Protocol abuse: say who and why, drop the connection, keep serving.
 * Before the handshake the line is rate limited (kind k): a flood of
 * strangers writes one line per interval. */
static void session_abort_kind(struct session *s, enum net_admit_kind k,
			       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void session_abort_kind(struct session *s, enum net_admit_kind k,
			       const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (s->hello_done)
		log_warn("closing client %s: %s", s->peer, why);
	else
		net_admit_warn(&s->node->client_admit, k,
			       "closing client %s: %s (before its handshake)",
			       s->peer, why);
	session_free(s);
}

#define session_abort(s, ...) \
	session_abort_kind(s, NET_ADMIT_PRELOGIN, __VA_ARGS__)

static void session_flushed_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	session_free(arg);
}

static void session_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct session *s = arg;

	(void)bev;
	if (what & BEV_EVENT_ERROR)
		log_debug("client %s: connection error: %s", s->peer,
			  evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		session_free(s);
}

/* Stops reading and frees s once its answers are written. Never frees it
 * at once (callers up the stack may still hold it): the write callback runs
 * from the loop, triggered here in case nothing is left to write. */
static void session_close_after_flush(struct session *s)
{
	s->closing = true;
	bufferevent_disable(s->bev, EV_READ);
	bufferevent_setwatermark(s->bev, EV_WRITE, 0, 0);
	bufferevent_setcb(s->bev, NULL, session_flushed_cb, session_event_cb,
			  s);
	if (evbuffer_get_length(bufferevent_get_output(s->bev)) == 0)
		bufferevent_trigger(s->bev, EV_WRITE,
				    BEV_TRIG_IGNORE_WATERMARKS |
					BEV_TRIG_DEFER_CALLBACKS);
}

static void session_write_frame(struct session *s, const ProtobufCMessage *m)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t *buf;

	if (s->closing)
		return;
	if (len > s->node->cfg.max_frame_size || !(buf = malloc(len + 4))) {
		log_error("cannot answer client %s: its response of %zu bytes "
			  "exceeds ha.max_frame_size (%zu) or free memory; "
			  "closing the connection (a read with a limit fits)",
			  s->peer, len, s->node->cfg.max_frame_size);
		session_close_after_flush(s);
		return;
	}
	frame_put_header(buf, (uint32_t)len);
	protobuf_c_message_pack(m, buf + 4);
	bufferevent_write(s->bev, buf, len + 4);
	s->node->metrics.bytes_sent[METRICS_PORT_CLIENT] += len + 4;
	free(buf);
}

void session_send(struct session *s, const Graphd__Response *resp)
{
	if (s->deliver)
		s->deliver(s, resp, s->deliver_arg);
	else
		session_write_frame(s, &resp->base);
}

struct session *session_new_internal(
    struct node *n, const char *peer,
    void (*deliver)(struct session *s, const Graphd__Response *resp,
		    void *arg),
    void *arg)
{
	struct session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->node = n;
	s->deliver = deliver;
	s->deliver_arg = arg;
	s->hello_done = true;
	snprintf(s->peer, sizeof(s->peer), "%s", peer);
	return s;
}

void session_free_internal(struct session *s)
{
	if (!s)
		return;
	session_drop_requests(s);
	free(s);
}

void session_send_error(struct session *s, uint64_t request_id,
			Graphd__ErrorCode code, bool retryable, const char *fmt,
			...)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e.code = code;
	e.retryable = retryable;
	e.message = msg;
	r.request_id = request_id;
	r.error = &e;
	session_send(s, &r);
}

void session_send_error_master(struct session *s, uint64_t request_id)
{
	struct node *n = s->node;
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	char msg[512];
	const char *addr = n->raft ? cluster_master_address(n) : "";

	if (n->ss.leader)
		snprintf(msg, sizeof(msg),
			 "instance %" PRIu32 " is not master; the master is "
			 "instance %" PRIu32 "%s%s",
			 n->cfg.server_id, n->ss.leader, addr[0] ? " at " : "",
			 addr);
	else
		snprintf(msg, sizeof(msg),
			 "instance %" PRIu32 " is not master and no master is "
			 "known: election in progress",
			 n->cfg.server_id);
	e.code = GRAPHD__ERROR_CODE__NOT_MASTER;
	e.retryable = true;
	e.message = msg;
	e.master_address = (char *)addr;
	r.request_id = request_id;
	r.error = &e;
	session_send(s, &r);
}

/* Answers the handshake; a refusal is sent, then the connection closes. */
static int session_hello(struct session *s, Graphd__ClientHello *h)
{
	struct node *n = s->node;
	Graphd__ServerHello sh = GRAPHD__SERVER_HELLO__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	char why[512] = "";

	if (h->protocol_version != SESSION_PROTOCOL_VERSION)
		snprintf(why, sizeof(why),
			 "protocol version %" PRIu32 " is not supported "
			 "(this server speaks %d)",
			 h->protocol_version, SESSION_PROTOCOL_VERSION);
	else if (strcmp(h->cluster_name, n->cfg.cluster_name) != 0)
		snprintf(why, sizeof(why),
			 "cluster name \"%.64s\" does not match "
			 "ha.cluster_name \"%s\" of instance %" PRIu32,
			 h->cluster_name, n->cfg.cluster_name,
			 n->cfg.server_id);
	else if (auth_enabled(n) && !h->user[0])
		snprintf(why, sizeof(why),
			 "authentication failed: no user given (instance "
			 "%" PRIu32 " has dbms.security.auth_enabled)",
			 n->cfg.server_id);
	/* Never say whether the user or the password was wrong. */
	else if (auth_enabled(n) && auth_check(n, h->user, h->password) < 0)
		snprintf(why, sizeof(why), "authentication failed for user %s",
			 auth_valid_user(h->user) ? h->user : "(bad name)");
	sh.protocol_version = SESSION_PROTOCOL_VERSION;
	sh.server_id = n->cfg.server_id;
	sh.mode = (char *)config_mode_str(n->cfg.mode);
	sh.role = (char *)node_role_str(n);
	if (why[0]) {
		log_warn("refusing client %s: %s; closing the connection",
			 s->peer, why);
		e.code = GRAPHD__ERROR_CODE__REFUSED;
		e.message = why;
		sh.error = &e;
	}
	session_write_frame(s, &sh.base);
	if (!why[0]) {
		s->hello_done = true;
		event_free(s->deadline);
		s->deadline = NULL;
		bufferevent_setwatermark(s->bev, EV_READ, 0,
					 FRAME_HEADER_SIZE +
					     n->cfg.max_frame_size);
		log_debug("client %s (%s) connected", s->peer, h->client_name);
		return 0;
	}
	session_close_after_flush(s);
	return -1;
}

static void session_status(struct session *s, const Graphd__Request *req)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__Status st = GRAPHD__STATUS__INIT;

	node_status(s->node, &st);
	r.request_id = req->request_id;
	r.body_case = GRAPHD__RESPONSE__BODY_STATUS;
	r.status = &st;
	session_send(s, &r);
}

void session_request(struct session *s, Graphd__Request *req)
{
	struct node *n = s->node;

	metrics_client_request(n, req->body_case);
	if (n->cfg.mode == CONFIG_MODE_ARBITER &&
	    req->body_case != GRAPHD__REQUEST__BODY_STATUS &&
	    req->body_case != GRAPHD__REQUEST__BODY_MEMBER_CHANGE) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__BAD_REQUEST, false,
				   "instance %" PRIu32 " is an arbiter: it holds "
				   "no graph data; send reads and writes to a "
				   "data instance",
				   n->cfg.server_id);
		graphd__request__free_unpacked(req, NULL);
		return;
	}
	/* A removed instance's data is no longer kept current: no reads,
	 * no writes (DESIGN.md contract 9). Also covers HTTP (tx.c). */
	if (n->removed && req->body_case != GRAPHD__REQUEST__BODY_STATUS) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__NOT_MEMBER, false,
				   "instance %" PRIu32 " was removed from the "
				   "cluster at transaction %" PRIu64 ": it "
				   "serves no reads or writes; use a member "
				   "(graphctl status on one lists them)",
				   n->cfg.server_id,
				   (uint64_t)n->ident.removed_at);
		graphd__request__free_unpacked(req, NULL);
		return;
	}
	if (!n->raft && req->body_case != GRAPHD__REQUEST__BODY_STATUS) {
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__UNAVAILABLE, true,
				   "instance %" PRIu32 " is waiting for every "
				   "instance in ha.initial_hosts to answer "
				   "before the cluster forms",
				   n->cfg.server_id);
		graphd__request__free_unpacked(req, NULL);
		return;
	}
	switch (req->body_case) {
	case GRAPHD__REQUEST__BODY_MEMBER_CHANGE:
		cluster_member_change(n, s, req);
		break;
	case GRAPHD__REQUEST__BODY_QUERY:
		/* A statement that changes the store goes through the log;
		 * any other is a read, served here. */
		if (!graph_query_is_write(req->query))
			goto read;
		writes_submit(n, s, req);
		break;
	case GRAPHD__REQUEST__BODY_WRITE:
		writes_submit(s->node, s, req);
		break;
	case GRAPHD__REQUEST__BODY_STATUS:
		session_status(s, req);
		break;
	case GRAPHD__REQUEST__BODY_BACKUP:
		backup_submit(n, s, req);
		break;
	case GRAPHD__REQUEST__BODY_GET_NODE:
	case GRAPHD__REQUEST__BODY_GET_REL:
	case GRAPHD__REQUEST__BODY_NEIGHBOURS:
	case GRAPHD__REQUEST__BODY_NODES_BY_LABEL:
	read:
		reads_submit(s->node, s, req);
		return;
	default:
		session_send_error(s, req->request_id,
				   GRAPHD__ERROR_CODE__BAD_REQUEST, false,
				   "request without a known body");
		break;
	}
	graphd__request__free_unpacked(req, NULL);
}

/* One whole frame at the head of in. Returns -1 when s is gone. */
static int session_frame(struct session *s, struct evbuffer *in, uint32_t len)
{
	const uint8_t *p = evbuffer_pullup(in, FRAME_HEADER_SIZE + len);
	Graphd__ClientHello *h;
	Graphd__Request *req;
	int rc;

	if (!p) {
		session_abort(
		    s, "out of memory buffering a frame of %" PRIu32 " bytes",
		    len);
		return -1;
	}
	p += FRAME_HEADER_SIZE;
	s->node->metrics.bytes_received[METRICS_PORT_CLIENT] +=
	    FRAME_HEADER_SIZE + len;
	if (!s->hello_done) {
		h = graphd__client_hello__unpack(NULL, len, p);
		evbuffer_drain(in, FRAME_HEADER_SIZE + len);
		if (!h) {
			session_abort(s,
				      "first frame (%" PRIu32 " bytes) is "
				      "not a ClientHello handshake",
				      len);
			return -1;
		}
		rc = session_hello(s, h);
		graphd__client_hello__free_unpacked(h, NULL);
		return rc;
	}
	req = graphd__request__unpack(NULL, len, p);
	evbuffer_drain(in, FRAME_HEADER_SIZE + len);
	if (!req) {
		session_abort(s,
			      "frame of %" PRIu32 " bytes does not decode "
			      "as a Request",
			      len);
		return -1;
	}
	session_request(s, req);
	return 0;
}

static void session_read_cb(struct bufferevent *bev, void *arg);

/* The client read its answers: take its requests again. */
static void session_resume_cb(struct bufferevent *bev, void *arg)
{
	struct session *s = arg;

	bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
	bufferevent_setcb(bev, session_read_cb, NULL, session_event_cb, s);
	bufferevent_enable(bev, EV_READ);
	session_read_cb(bev, s);
}

/* A client that sends requests but does not read the answers: stop reading
 * from it (TCP pushes back) until its answers drain. */
static bool session_backpressure(struct session *s)
{
	struct evbuffer *out = bufferevent_get_output(s->bev);

	if (evbuffer_get_length(out) < SESSION_OUTPUT_HIGH)
		return false;
	bufferevent_disable(s->bev, EV_READ);
	bufferevent_setwatermark(s->bev, EV_WRITE, SESSION_OUTPUT_HIGH / 2, 0);
	bufferevent_setcb(s->bev, session_read_cb, session_resume_cb,
			  session_event_cb, s);
	return true;
}

static void session_read_cb(struct bufferevent *bev, void *arg)
{
	struct session *s = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t hdr[FRAME_HEADER_SIZE];
	uint32_t len;

	/* Bounded by what is buffered: each turn consumes at least one frame
	 * (more when the handshake's answer lets the next one in). */
	while (!s->closing && !session_backpressure(s) &&
	       evbuffer_get_length(in) >= FRAME_HEADER_SIZE) {
		/* Refused on its header, before its bytes are buffered. */
		size_t max = s->hello_done ? s->node->cfg.max_frame_size
					   : s->node->cfg.max_prelogin_frame;
		const char *key = s->hello_done ? "ha.max_frame_size"
						: "ha.max_prelogin_frame_size";

		evbuffer_copyout(in, hdr, sizeof(hdr));
		if (frame_peek(hdr, sizeof(hdr), max, &len) ==
		    FRAME_TOO_LARGE) {
			session_abort_kind(s, NET_ADMIT_PRELOGIN_SIZE,
					   "frame of %" PRIu32 " bytes exceeds "
					   "%s (%zu)",
					   len, key, max);
			return;
		}
		if (evbuffer_get_length(in) - FRAME_HEADER_SIZE < len)
			return;
		if (session_frame(s, in, len) < 0)
			return;
	}
}

/* A client that has not finished its handshake in time. */
static void session_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;

	(void)fd;
	(void)what;
	session_abort_kind(s, NET_ADMIT_DEADLINE,
			   "no handshake completed within "
			   "dbms.connector.handshake_timeout (%u ms)",
			   s->node->cfg.handshake_timeout_ms);
}

/* Over dbms.connector.max_connections: a ServerHello with the reason,
 * then the socket closes (net_admit_refuse). */
static void session_refuse(struct node *n, evutil_socket_t fd,
			   const char *peer)
{
	Graphd__ServerHello sh = GRAPHD__SERVER_HELLO__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	uint8_t buf[1024];
	char why[256];
	size_t len;

	snprintf(why, sizeof(why),
		 "too many connections (dbms.connector.max_connections = %u) "
		 "on instance %" PRIu32 "; try again later",
		 n->cfg.max_connections, n->cfg.server_id);
	e.code = GRAPHD__ERROR_CODE__UNAVAILABLE;
	e.retryable = true;
	e.message = why;
	sh.protocol_version = SESSION_PROTOCOL_VERSION;
	sh.server_id = n->cfg.server_id;
	sh.mode = (char *)config_mode_str(n->cfg.mode);
	sh.role = (char *)node_role_str(n);
	sh.error = &e;
	len = protobuf_c_message_get_packed_size(&sh.base);
	if (len + FRAME_HEADER_SIZE > sizeof(buf))
		len = 0;
	else
		protobuf_c_message_pack(&sh.base, buf + FRAME_HEADER_SIZE);
	frame_put_header(buf, (uint32_t)len);
	net_admit_refuse(&n->client_admit, fd, peer, buf,
			 len ? len + FRAME_HEADER_SIZE : 0);
}

static void session_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
			      struct sockaddr *sa, int salen, void *arg)
{
	struct node *n = arg;
	struct session *s;
	struct timeval tv = {n->cfg.handshake_timeout_ms / 1000,
			     (n->cfg.handshake_timeout_ms % 1000) * 1000};
	char peer[64];
	int one = 1;

	(void)l;
	(void)salen;
	net_format_sockaddr(sa, peer, sizeof(peer));
	if (!net_admit_enter(&n->client_admit)) {
		session_refuse(n, fd, peer);
		return;
	}
	if (!(s = calloc(1, sizeof(*s))) ||
	    !(s->deadline = evtimer_new(n->base, session_deadline_cb, s)) ||
	    !(s->bev = bufferevent_socket_new(n->base, fd,
					      BEV_OPT_CLOSE_ON_FREE))) {
		log_warn("cannot accept a client connection: out of memory");
		if (s && s->deadline)
			event_free(s->deadline);
		free(s);
		evutil_closesocket(fd);
		net_admit_leave(&n->client_admit);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->node = n;
	snprintf(s->peer, sizeof(s->peer), "%s", peer);
	s->next = n->sessions;
	if (n->sessions)
		n->sessions->prev = s;
	n->sessions = s;
	n->metrics.client_connections++;
	evtimer_add(s->deadline, &tv);
	/* The input never holds more than one pre-login frame. */
	bufferevent_setwatermark(s->bev, EV_READ, 0,
				 FRAME_HEADER_SIZE + n->cfg.max_prelogin_frame);
	bufferevent_setcb(s->bev, session_read_cb, NULL, session_event_cb, s);
	bufferevent_enable(s->bev, EV_READ | EV_WRITE);
}

/* DATA_DIR/graphd.port, written whole (rename) so a reader never sees half. */
static int session_write_port(struct node *n, char *err, size_t errlen)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/graphd.port", n->cfg.data_dir);
	snprintf(tmp, sizeof(tmp), "%s/graphd.port.tmp", n->cfg.data_dir);
	if (!(f = fopen(tmp, "w")) || fprintf(f, "%u\n", n->port) < 0 ||
	    fclose(f) != 0 || rename(tmp, path) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int session_listen(struct node *n, char *err, size_t errlen)
{
	const struct config_addr *a = &n->cfg.server;

	if (net_admit_listen(&n->client_admit, n->base, a->host, a->port,
			     "clients", "client", n->cfg.max_connections,
			     session_accept_cb, n, err, errlen) < 0)
		return -1;
	n->listener = n->client_admit.l;
	n->port = net_listen_port(n->listener);
	log_info("Listening for clients on %s:%u", a->host, n->port);
	return session_write_port(n, err, errlen);
}

void session_stop_listening(struct node *n)
{
	char path[PATH_MAX + 32];

	if (!n->listener)
		return;
	net_admit_close(&n->client_admit, true);
	n->listener = NULL;
	snprintf(path, sizeof(path), "%s/graphd.port", n->cfg.data_dir);
	unlink(path);
}

void session_close_all(struct node *n)
{
	/* Bounded: each turn frees the head of the list. */
	while (n->sessions)
		session_free(n->sessions);
}
