/* load.c: the load generator (see load.h).
 *
 * Every connection keeps at most one request in flight. Closed loop: a
 * connection sends its next request as soon as the last one is answered.
 * Open loop: request k is due at t0 + k / rate whether or not the server
 * kept up; a free connection sends the oldest due request and its latency
 * counts from the due time, not from the send, so a stalled server shows
 * up in the percentiles instead of silently slowing the generator down
 * (the "coordinated omission" of naive load generators). */
#include "bench/load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "net/frame.h"

#define LOAD_TICK_US	      1000
#define LOAD_CONNECT_WAIT_US  5000000 /* all connections ready, or start */
#define LOAD_RECONNECT_US     50000
#define LOAD_RETRY_PAUSE_US   5000 /* after a retryable error */
#define LOAD_PROTOCOL_VERSION 1

struct load_conn {
	struct load *l;
	struct bufferevent *bev;
	size_t addr;   /* index into opts->addrs */
	bool ready;    /* handshake answered */
	bool busy;     /* a request in flight */
	bool is_write; /* the one in flight */
	uint64_t req_id, due_us, sent_us;
	/* Writes carry (session, seq) as libgraphd's do: a slave may then
	 * forward a write again to a new master, and the master applies it
	 * at most once (DESIGN.md 3.3). Without one, a write forwarded to a
	 * master that died waits for ha.write_timeout. */
	uint64_t session, seq;
	uint64_t wait_until_us; /* reconnect or pause until then */
};

struct load {
	const struct bench_load_opts *o;
	struct bench_load_result *res;
	struct event_base *base;
	struct event *tick;
	struct load_conn *conns;
	bool started, fatal;
	uint64_t t0, connect_deadline, issued, next_id, last_done_us;
	unsigned busy;
	uint8_t *buf;
	size_t cap;
	struct bench_msg msg;
};

uint64_t bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Keeps the first failure of the phase: "ADDR: what". */
static void load_error(struct load *l, const char *addr, const char *what)
{
	if (!l->res->first_error[0])
		snprintf(l->res->first_error, sizeof(l->res->first_error),
			 "%s: %s", addr, what);
}

/* Frames a packed message into the connection's output. */
static int load_send(struct load_conn *c, const ProtobufCMessage *msg)
{
	struct load *l = c->l;
	size_t n = protobuf_c_message_get_packed_size(msg);

	if (n + FRAME_HEADER_SIZE > l->cap) {
		uint8_t *b = realloc(l->buf, n + FRAME_HEADER_SIZE);

		if (!b)
			return -1;
		l->buf = b;
		l->cap = n + FRAME_HEADER_SIZE;
	}
	frame_put_header(l->buf, (uint32_t)n);
	protobuf_c_message_pack(msg, l->buf + FRAME_HEADER_SIZE);
	return bufferevent_write(c->bev, l->buf, n + FRAME_HEADER_SIZE);
}

/* The due time of request k in open loop. */
static uint64_t load_due(const struct load *l, uint64_t k)
{
	return l->t0 + (uint64_t)((double)k * 1e6 / l->o->rate);
}

static bool load_stopped(const struct load *l)
{
	return l->fatal || (l->o->stop && atomic_load(l->o->stop));
}

/* Whether the phase has another request to issue; *due is when. */
static bool load_next_due(const struct load *l, uint64_t now, uint64_t *due)
{
	const struct bench_load_opts *o = l->o;

	if (!l->started || load_stopped(l))
		return false;
	if (o->requests && l->issued >= o->requests)
		return false;
	*due = o->rate > 0 ? load_due(l, l->issued) : now;
	return !o->duration_us || *due < l->t0 + o->duration_us;
}

static void load_issue(struct load_conn *c, uint64_t now)
{
	struct load *l = c->l;
	Graphd__Request *req;
	uint64_t due;

	if (!c->ready || c->busy || now < c->wait_until_us ||
	    !load_next_due(l, now, &due) || due > now)
		return;
	req = bench_workload_fill(l->o->w, &l->msg, &c->is_write);
	req->request_id = c->req_id = ++l->next_id;
	if (c->is_write) {
		req->session = c->session;
		req->seq = ++c->seq;
	}
	if (load_send(c, &req->base) < 0) {
		load_error(l, l->o->addrs[c->addr],
			   "out of memory framing a request");
		l->fatal = true;
		return;
	}
	l->issued++;
	c->busy = true;
	l->busy++;
	c->due_us = due;
	c->sent_us = now;
}

/* Ends the loop when stopped, or when nothing is left to issue and every
 * answer is in. */
static void load_check_done(struct load *l)
{
	uint64_t due;

	if (load_stopped(l) || (l->started && l->busy == 0 &&
				!load_next_due(l, bench_now_us(), &due)))
		event_base_loopbreak(l->base);
}

static void load_event_cb(struct bufferevent *bev, short what, void *arg);
static void load_read_cb(struct bufferevent *bev, void *arg);

/* Drops c's connection; its request in flight (if any) failed. It connects
 * again later, to the next address (an instance that died is skipped). */
static void load_drop(struct load_conn *c, const char *why)
{
	struct load *l = c->l;

	if (c->busy) {
		c->busy = false;
		l->busy--;
		l->res->failed++;
		load_error(l, l->o->addrs[c->addr], why);
	}
	if (c->bev)
		bufferevent_free(c->bev);
	c->bev = NULL;
	c->ready = false;
	c->addr = (c->addr + 1) % l->o->n_addrs;
	c->wait_until_us = bench_now_us() + LOAD_RECONNECT_US;
	l->res->reconnects++;
}

static int load_connect(struct load_conn *c)
{
	struct load *l = c->l;
	const char *a = l->o->addrs[c->addr], *colon = strrchr(a, ':');
	struct sockaddr_in sin = {.sin_family = AF_INET};
	char host[64];

	if (!colon || (size_t)(colon - a) >= sizeof(host))
		return -1;
	memcpy(host, a, (size_t)(colon - a));
	host[colon - a] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return -1;
	sin.sin_port = htons((uint16_t)atoi(colon + 1));
	c->bev = bufferevent_socket_new(l->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!c->bev)
		return -1;
	bufferevent_setcb(c->bev, load_read_cb, NULL, load_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&sin,
				       sizeof(sin)) < 0) {
		load_drop(c, "cannot connect");
		return 0;
	}
	return 0;
}

static void load_hello(struct load_conn *c)
{
	Graphd__ClientHello h = GRAPHD__CLIENT_HELLO__INIT;
	int one = 1;

	/* One small request per round trip: do not let Nagle hold it. */
	setsockopt(bufferevent_getfd(c->bev), IPPROTO_TCP, TCP_NODELAY, &one,
		   sizeof(one));
	h.protocol_version = LOAD_PROTOCOL_VERSION;
	h.cluster_name = (char *)c->l->o->cluster;
	h.client_name = "graphd-bench";
	if (load_send(c, &h.base) < 0)
		load_drop(c, "cannot send the handshake");
}

static void load_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct load_conn *c = arg;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		load_hello(c);
		return;
	}
	load_drop(c, (what & BEV_EVENT_EOF) ? "connection closed by the server"
					    : "connection error");
	load_check_done(c->l);
}

static void load_server_hello(struct load_conn *c, const uint8_t *p, size_t len)
{
	struct load *l = c->l;
	Graphd__ServerHello *h = graphd__server_hello__unpack(NULL, len, p);

	if (!h) {
		load_drop(c, "the handshake answer does not decode");
		return;
	}
	if (h->error && h->error->code != GRAPHD__ERROR_CODE__OK) {
		/* A refusal (cluster name, version) will not change. */
		char why[200];

		snprintf(why, sizeof(why), "refused the handshake: %s",
			 h->error->message);
		load_error(l, l->o->addrs[c->addr], why);
		l->fatal = true;
		graphd__server_hello__free_unpacked(h, NULL);
		return;
	}
	graphd__server_hello__free_unpacked(h, NULL);
	c->ready = true;
	load_issue(c, bench_now_us());
}

static void load_note_ack(struct load_conn *c, uint64_t now)
{
	const struct bench_load_opts *o = c->l->o;
	uint64_t mark;

	if (!c->is_write) {
		c->l->res->reads_ok++;
		return;
	}
	c->l->res->writes_ok++;
	o->w->writes_acked++;
	if (o->mark_us && (mark = atomic_load(o->mark_us)) &&
	    c->sent_us >= mark && !atomic_load(o->first_ack_us))
		atomic_store(o->first_ack_us, now);
}

static void load_response(struct load_conn *c, const uint8_t *p, size_t len)
{
	struct load *l = c->l;
	Graphd__Response *r = graphd__response__unpack(NULL, len, p);
	uint64_t now = bench_now_us();

	if (!r || !c->busy || r->request_id != c->req_id) {
		if (r)
			graphd__response__free_unpacked(r, NULL);
		load_drop(c, "an answer that matches no request");
		return;
	}
	c->busy = false;
	l->busy--;
	l->last_done_us = now;
	if (!r->error || r->error->code == GRAPHD__ERROR_CODE__OK) {
		l->res->ok++;
		/* Open loop: from the due time (see the top of this file). */
		bench_hist_record(
		    &l->res->hist,
		    now - (l->o->rate > 0 ? c->due_us : c->sent_us));
		load_note_ack(c, now);
	} else {
		l->res->failed++;
		load_error(l, l->o->addrs[c->addr], r->error->message);
		if (r->error->retryable)
			c->wait_until_us = now + LOAD_RETRY_PAUSE_US;
	}
	graphd__response__free_unpacked(r, NULL);
	load_issue(c, now);
}

static void load_read_cb(struct bufferevent *bev, void *arg)
{
	struct load_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t hdr[FRAME_HEADER_SIZE];
	uint32_t len;

	/* Bounded by what is buffered: each turn consumes one frame. */
	while (c->bev && evbuffer_get_length(in) >= FRAME_HEADER_SIZE) {
		const uint8_t *p;

		evbuffer_copyout(in, hdr, sizeof(hdr));
		if (frame_peek(hdr, sizeof(hdr), FRAME_DEFAULT_MAX, &len) ==
		    FRAME_TOO_LARGE) {
			load_drop(c, "an oversized frame");
			break;
		}
		if (evbuffer_get_length(in) < FRAME_HEADER_SIZE + (size_t)len)
			break;
		p = evbuffer_pullup(in, FRAME_HEADER_SIZE + (ssize_t)len);
		if (!p) {
			load_drop(c, "out of memory reading a frame");
			break;
		}
		if (c->ready)
			load_response(c, p + FRAME_HEADER_SIZE, len);
		else
			load_server_hello(c, p + FRAME_HEADER_SIZE, len);
		if (c->bev)
			evbuffer_drain(in, FRAME_HEADER_SIZE + (size_t)len);
	}
	load_check_done(c->l);
}

/* Connections not yet connected, due to reconnect, or overdue. */
static void load_tend(struct load_conn *c, uint64_t now)
{
	struct load *l = c->l;
	char why[64];

	if (!c->bev && now >= c->wait_until_us && load_connect(c) < 0) {
		load_error(l, l->o->addrs[c->addr],
			   "not a numeric IPv4 host:port");
		l->fatal = true;
		return;
	}
	if (c->busy && now - c->sent_us > l->o->timeout_us) {
		snprintf(why, sizeof(why), "no answer within %" PRIu64 " ms",
			 l->o->timeout_us / 1000);
		load_drop(c, why);
	}
	load_issue(c, now);
}

/* Starts the clock once every connection is ready (or the wait is over
 * and at least one is). */
static void load_maybe_start(struct load *l, uint64_t now)
{
	unsigned ready = 0;

	for (unsigned i = 0; i < l->o->connections; i++)
		ready += l->conns[i].ready;
	if (ready < l->o->connections && now < l->connect_deadline)
		return;
	if (!ready) {
		load_error(l, l->o->addrs[0],
			   "no connection completed the handshake in 5 s");
		l->fatal = true;
		return;
	}
	l->started = true;
	l->t0 = l->last_done_us = now;
}

static void load_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct load *l = arg;
	uint64_t now = bench_now_us();

	(void)fd;
	(void)what;
	if (!l->started)
		load_maybe_start(l, now);
	for (unsigned i = 0; i < l->o->connections && !l->fatal; i++)
		load_tend(&l->conns[i], now);
	load_check_done(l);
}

static void load_free(struct load *l)
{
	for (unsigned i = 0; l->conns && i < l->o->connections; i++)
		if (l->conns[i].bev)
			bufferevent_free(l->conns[i].bev);
	free(l->conns);
	if (l->tick)
		event_free(l->tick);
	if (l->base)
		event_base_free(l->base);
	free(l->buf);
}

/* A random session id, never 0 (0 means no session). */
static uint64_t load_session(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof(s), 0) != sizeof(s))
		s = bench_now_us() ^ ((uint64_t)getpid() << 32);
	return s ? s : 1;
}

/* The tick: fine enough in open loop that a due request waits for it at
 * most a quarter of the interval between requests (>= 50 us). */
static suseconds_t load_tick_us(const struct bench_load_opts *o)
{
	double us = o->rate > 0 ? 1e6 / o->rate / 4 : LOAD_TICK_US;

	return (suseconds_t)(us < 50		 ? 50
			     : us > LOAD_TICK_US ? LOAD_TICK_US
						 : us);
}

int bench_load_run(const struct bench_load_opts *o,
		   struct bench_load_result *res)
{
	struct timeval tv = {0, load_tick_us(o)};
	struct load l = {.o = o, .res = res};
	struct event_config *cfg = event_config_new();

	memset(res, 0, sizeof(*res));
	bench_hist_init(&res->hist);
	l.conns = calloc(o->connections, sizeof(*l.conns));
	/* Open loop sends on time only with timers finer than epoll's ms. */
	if (cfg &&
	    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER) == 0)
		l.base = event_base_new_with_config(cfg);
	if (cfg)
		event_config_free(cfg);
	if (!l.conns || !l.base || o->n_addrs == 0 ||
	    !(l.tick = event_new(l.base, -1, EV_PERSIST, load_tick_cb, &l)) ||
	    event_add(l.tick, &tv) < 0) {
		load_error(&l, "", "out of memory or no address");
		load_free(&l);
		return -1;
	}
	l.connect_deadline = bench_now_us() + LOAD_CONNECT_WAIT_US;
	for (unsigned i = 0; i < o->connections; i++) {
		l.conns[i].l = &l;
		l.conns[i].addr = i % o->n_addrs;
		l.conns[i].session = load_session();
	}
	event_base_dispatch(l.base);
	res->elapsed_us = l.started ? l.last_done_us - l.t0 : 0;
	load_free(&l);
	return l.started && !l.fatal ? 0 : -1;
}
