/* http.c: the HTTP port: binding, routing, replies, logins.
 *
 * libevent's evhttp parses requests; every request is answered on the loop
 * thread. A transactional request may wait for its log entry: evhttp stops
 * reading from a connection while one of its requests is unanswered, so the
 * request stays valid until we reply (bounded by ha.write_timeout).
 *
 * Admission: every connection's bufferevent is made here (evhttp_set_bevcb)
 * and we keep a reference to it; evhttp's bufferevent_free clears its
 * callbacks, and a sweep every HTTP_SWEEP_MS drops our reference to those
 * it let go (libevent 2.1 has no close hook for a server connection and no
 * cap of its own; the socket stays open until then, so its number is not
 * reused under us). So the connections are counted against
 * dbms.connector.max_connections (one over it is answered 503 and closed),
 * and each must deliver a whole request, headers and body, within
 * dbms.connector.http.read_timeout of its start or of the previous answer:
 * evhttp's own timeout restarts with every byte, which a client sending one
 * byte now and then (slowloris) would hold open forever. */
#include "http/http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>

#include "http/http_int.h"
#include "http/json.h"
#include "net/listen.h"
#include "node/auth.h"
#include "node/metrics.h"
#include "util/log.h"

/* A connection over the cap gets this long to send the request that is
 * answered 503. */
#define HTTP_REFUSED_DEADLINE_MS 1000

#define HTTP_SWEEP_MS 100

/* One open connection (see the top of the file). */
struct http_conn {
	struct http_server *srv;
	struct bufferevent *bev; /* evhttp's, with our reference */
	struct event *deadline;
	struct http_conn *prev, *next;
	bool counted; /* under the cap */
};

/* Idle HTTP connections are closed after this many seconds. */
#define HTTP_IDLE_TIMEOUT_SECS 60
#define HTTP_MAX_HEADERS_SIZE  (64 * 1024)

#define HTTP_HA_PREFIX "/db/manage/server/ha/"

const char *http_peer(struct evhttp_request *req, char *buf, size_t len)
{
	struct evhttp_connection *c = evhttp_request_get_connection(req);
	char *host = NULL;
	ev_uint16_t port = 0;

	if (c)
		evhttp_connection_get_peer(c, &host, &port);
	net_format_addr(buf, len, host ? host : "?", port);
	return buf;
}

void http_reply_text(struct evhttp_request *req, int code, const char *body)
{
	struct evbuffer *out = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type", "text/plain; charset=utf-8");
	if (out)
		evbuffer_add_printf(out, "%s\n", body);
	evhttp_send_reply(req, code, NULL, out);
	if (out)
		evbuffer_free(out);
}

void http_reply_json(struct evhttp_request *req, int code, json_t *body)
{
	struct evbuffer *out = evbuffer_new();
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!out || !text) {
		free(text);
		if (out)
			evbuffer_free(out);
		evhttp_send_error(req, 500, "out of memory");
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type", "application/json; charset=utf-8");
	evbuffer_add(out, text, strlen(text));
	evbuffer_add(out, "\n", 1);
	evhttp_send_reply(req, code, NULL, out);
	evbuffer_free(out);
	free(text);
}

json_t *http_error_json(const char *code, const char *message)
{
	return json_pack("{s:s,s:o}", "code", code, "message",
			 http_json_string(message));
}

void http_reply_error(struct evhttp_request *req, int code,
		      const char *neo_code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	http_reply_json(req, code,
			json_pack("{s:[],s:[o]}", "results", "errors",
				  http_error_json(neo_code, msg)));
}

/* True when the request may go on; else it was answered 401. */
static bool http_login(struct http_server *srv, struct evhttp_request *req,
		       bool status_endpoint)
{
	struct node *n = srv->node;
	const char *h;
	char peer[80];

	if (!auth_enabled(n) || (status_endpoint && auth_ha_status_open(n)))
		return true;
	h = evhttp_find_header(evhttp_request_get_input_headers(req),
			       "Authorization");
	if (h && auth_check_basic(n, h) == 0)
		return true;
	log_warn("HTTP client %s: %s; answered 401",
		 http_peer(req, peer, sizeof(peer)),
		 h ? "authentication failed" : "no credentials sent");
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "WWW-Authenticate", "Basic realm=\"graphd\"");
	http_reply_error(req, 401, "Neo.ClientError.Security.Unauthorized",
			 "%s",
			 h ? "authentication failed: wrong user name or password"
			   : "this instance requires a login "
			     "(dbms.security.auth_enabled): send HTTP Basic "
			     "credentials");
	return false;
}

static bool http_method_is(struct evhttp_request *req, int methods,
			   const char *allow)
{
	if (evhttp_request_get_command(req) & methods)
		return true;
	evhttp_add_header(evhttp_request_get_output_headers(req), "Allow",
			  allow);
	http_reply_error(req, 405, "Neo.ClientError.Request.Invalid",
			 "method not allowed here; use %s", allow);
	return false;
}

static void http_metrics(struct http_server *srv, struct evhttp_request *req)
{
	struct evbuffer *out = evbuffer_new();

	if (!out) {
		evhttp_send_error(req, 500, "out of memory");
		return;
	}
	metrics_render(srv->node, out);
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type", "text/plain; version=0.0.4");
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
}

/* ------------------------------------------------------------ admission */

static void http_deadline_start(struct http_conn *hc, unsigned ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	evtimer_add(hc->deadline, &tv);
}

/* The connection's request is overdue: shut the socket, and evhttp, on
 * reading its end, lets the connection go. */
static void http_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_conn *hc = arg;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char peer[80] = "?";

	(void)fd;
	(void)what;
	fd = bufferevent_getfd(hc->bev);
	if (fd < 0)
		return;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		net_format_sockaddr((struct sockaddr *)&ss, peer, sizeof(peer));
	net_admit_warn(&hc->srv->admit, NET_ADMIT_DEADLINE,
		       "Closing HTTP connection from %s: %s", peer,
		       hc->counted ? "no whole request (headers and body) "
				     "within dbms.connector.http.read_timeout"
				   : "over dbms.connector.max_connections and "
				     "no request within a second");
	shutdown(fd, SHUT_RDWR);
}

/* Drops our reference to a connection evhttp has let go: the socket
 * closes now. */
static void http_conn_release(struct http_conn *hc)
{
	struct http_server *srv = hc->srv;

	if (hc->prev)
		hc->prev->next = hc->next;
	else
		srv->conns = hc->next;
	if (hc->next)
		hc->next->prev = hc->prev;
	if (hc->counted)
		net_admit_leave(&srv->admit);
	event_free(hc->deadline);
	bufferevent_decref(hc->bev);
	free(hc);
}

/* evhttp's bufferevent_free leaves a connection without callbacks. */
static void http_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_server *srv = arg;
	struct http_conn *hc, *next;
	bufferevent_event_cb ecb;
	struct timeval tv = {0, HTTP_SWEEP_MS * 1000};

	(void)fd;
	(void)what;
	/* Bounded by the connections open (the cap, plus a second's worth
	 * of refused ones). */
	for (hc = srv->conns; hc; hc = next) {
		next = hc->next;
		bufferevent_getcb(hc->bev, NULL, NULL, &ecb, NULL);
		if (!ecb)
			http_conn_release(hc);
	}
	if (srv->conns)
		evtimer_add(srv->sweep, &tv);
}

/* evhttp's bufferevent for a new connection. NULL (out of memory) lets
 * evhttp make its own: that connection goes uncounted. */
static struct bufferevent *http_bev_cb(struct event_base *base, void *arg)
{
	struct http_server *srv = arg;
	struct http_conn *hc = calloc(1, sizeof(*hc));

	struct timeval tv = {0, HTTP_SWEEP_MS * 1000};

	if (!hc || !(hc->deadline = evtimer_new(base, http_deadline_cb, hc)) ||
	    !(hc->bev = bufferevent_socket_new(base, -1,
					       BEV_OPT_CLOSE_ON_FREE))) {
		if (hc && hc->deadline)
			event_free(hc->deadline);
		free(hc);
		return NULL;
	}
	bufferevent_incref(hc->bev);
	if (!srv->conns)
		evtimer_add(srv->sweep, &tv);
	hc->srv = srv;
	hc->next = srv->conns;
	if (srv->conns)
		srv->conns->prev = hc;
	srv->conns = hc;
	hc->counted = net_admit_enter(&srv->admit);
	if (!hc->counted)
		net_admit_warn(&srv->admit, NET_ADMIT_OVER_CAP,
			       "Refusing an HTTP connection: %u are open "
			       "(dbms.connector.max_connections = %u); it is "
			       "answered 503 and closed",
			       srv->admit.n_conns, srv->admit.max_conns);
	http_deadline_start(hc, hc->counted
				    ? srv->node->cfg.http_read_timeout_ms
				    : HTTP_REFUSED_DEADLINE_MS);
	return hc->bev;
}

static struct http_conn *http_conn_of(struct http_server *srv,
				      struct evhttp_request *req)
{
	struct evhttp_connection *c = evhttp_request_get_connection(req);
	struct bufferevent *bev = c ? evhttp_connection_get_bufferevent(c)
				    : NULL;

	/* Bounded by dbms.connector.max_connections (and a second's worth
	 * of refused ones). */
	for (struct http_conn *hc = srv->conns; hc && bev; hc = hc->next)
		if (hc->bev == bev)
			return hc;
	return NULL;
}

/* The answer is written: the next request's deadline starts. */
static void http_answered_cb(struct evhttp_request *req, void *arg)
{
	struct http_conn *hc = arg;

	(void)req;
	http_deadline_start(hc, hc->srv->node->cfg.http_read_timeout_ms);
}

/* A whole request arrived on a connection: its deadline is met. False when
 * it was answered 503 (the connection is over the cap). */
static bool http_admit_request(struct http_server *srv,
			       struct evhttp_request *req)
{
	struct http_conn *hc = http_conn_of(srv, req);

	if (!hc)
		return true;
	event_del(hc->deadline);
	evhttp_request_set_on_complete_cb(req, http_answered_cb, hc);
	if (hc->counted)
		return true;
	evhttp_add_header(evhttp_request_get_output_headers(req), "Connection",
			  "close");
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Retry-After", "1");
	http_reply_error(req, 503, "Neo.TransientError.Request.ResourceExhaustion",
			 "too many connections "
			 "(dbms.connector.max_connections = %u) on instance "
			 "%u; try again later",
			 srv->admit.max_conns, (unsigned)srv->node->cfg.server_id);
	return false;
}

/* Every request, by path. */
static void http_route(struct evhttp_request *req, void *arg)
{
	struct http_server *srv = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	const int get = EVHTTP_REQ_GET | EVHTTP_REQ_HEAD;

	if (!http_admit_request(srv, req))
		return;
	if (!path) {
		http_reply_error(req, 400, "Neo.ClientError.Request.Invalid",
				 "request without a path");
		return;
	}
	if (strncmp(path, HTTP_HA_PREFIX, strlen(HTTP_HA_PREFIX)) == 0) {
		if (http_method_is(req, get, "GET") &&
		    http_login(srv, req, true))
			http_ha_status(srv, req,
				       path + strlen(HTTP_HA_PREFIX));
	} else if (strcmp(path, "/metrics") == 0) {
		if (http_method_is(req, get, "GET") &&
		    http_login(srv, req, true))
			http_metrics(srv, req);
	} else if (strcmp(path, "/db/neo4j/tx/commit") == 0 ||
		   strcmp(path, "/db/data/transaction/commit") == 0) {
		if (http_method_is(req, EVHTTP_REQ_POST, "POST") &&
		    http_login(srv, req, false))
			http_tx_commit(srv, req);
	} else {
		http_reply_error(req, 404, "Neo.ClientError.Request.Invalid",
				 "no such endpoint: %.200s (graphd serves "
				 "/db/neo4j/tx/commit, " HTTP_HA_PREFIX
				 "{master,slave,available} and /metrics)",
				 path);
	}
}

/* DATA_DIR/graphd.http.port, written whole (rename). */
static int http_write_port(struct node *n, uint16_t port, char *err,
			   size_t errlen)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/graphd.http.port", n->cfg.data_dir);
	snprintf(tmp, sizeof(tmp), "%s/graphd.http.port.tmp",
		 n->cfg.data_dir);
	if (!(f = fopen(tmp, "w")) || fprintf(f, "%u\n", port) < 0 ||
	    fclose(f) != 0 || rename(tmp, path) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int http_listen(struct node *n, char *err, size_t errlen)
{
	const struct config_addr *a = &n->cfg.http;
	struct http_server *srv = calloc(1, sizeof(*srv));
	struct evconnlistener *l;

	if (!srv || !(srv->evh = evhttp_new(n->base))) {
		free(srv);
		snprintf(err, errlen, "cannot set up the HTTP server: out of "
				      "memory");
		return -1;
	}
	srv->node = n;
	n->http = srv;
	/* The listener is evhttp's from here on (it frees it). */
	l = net_listen(n->base, a->host, a->port, "HTTP", NULL, NULL, err,
		       errlen);
	if (!l)
		return -1;
	if (!evhttp_bind_listener(srv->evh, l)) {
		evconnlistener_free(l);
		snprintf(err, errlen, "cannot serve HTTP on %s:%u", a->host,
			 a->port);
		return -1;
	}
	srv->port = net_listen_port(l);
	if (net_admit_attach(&srv->admit, l, "HTTP", n->cfg.max_connections,
			     err, errlen) < 0)
		return -1;
	if (!(srv->sweep = evtimer_new(n->base, http_sweep_cb, srv))) {
		snprintf(err, errlen, "cannot serve HTTP: out of memory");
		return -1;
	}
	evhttp_set_bevcb(srv->evh, http_bev_cb, srv);
	/* A body over ha.max_frame_size is refused with a Neo4j-shaped 413
	 * (tx.c); evhttp itself refuses anything twice as large. */
	evhttp_set_max_body_size(srv->evh,
				 (ev_ssize_t)n->cfg.max_frame_size * 2);
	evhttp_set_max_headers_size(srv->evh, HTTP_MAX_HEADERS_SIZE);
	evhttp_set_timeout(srv->evh, HTTP_IDLE_TIMEOUT_SECS);
	evhttp_set_allowed_methods(srv->evh,
				   EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
				       EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
				       EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(srv->evh, http_route, srv);
	log_info("Listening for HTTP on %s:%u (HA status, transactional "
		 "Cypher endpoint, /metrics)",
		 a->host, srv->port);
	return http_write_port(n, srv->port, err, errlen);
}

void http_close(struct node *n)
{
	struct http_server *srv = n->http;
	char path[PATH_MAX + 32];

	if (!srv)
		return;
	http_tx_drop_all(srv);
	net_admit_close(&srv->admit, false);
	if (srv->evh)
		evhttp_free(srv->evh);
	/* evhttp let every connection go. Bounded: each turn frees one. */
	while (srv->conns)
		http_conn_release(srv->conns);
	if (srv->sweep)
		event_free(srv->sweep);
	snprintf(path, sizeof(path), "%s/graphd.http.port", n->cfg.data_dir);
	if (srv->port)
		unlink(path);
	free(srv);
	n->http = NULL;
}
