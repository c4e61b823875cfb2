/* wire_client.c: talks to a running graphd with raw protocol frames (the
 * generated protobuf-c code, no client library) to check what the library
 * hides: exactly-once answers to a repeated (session, seq), pipelined writes
 * each answered, bookmark and linearizable reads, and errors that keep the
 * connection open. Prints one "ok - " / "FAIL - " line per case.
 *
 * usage: wire_client PORT CLUSTER WRITE_TIMEOUT_MS [bulk N]
 * (bulk: only N pipelined writes of nodes labelled Wire, for compact.sh) */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "graphd.pb-c.h"
#include "net/frame.h"

#define WIRE_WAIT_MS  15000
#define WIRE_PIPELINE 50

struct wire {
	int fd;
	int passed, failed;
	uint64_t next_id;
	uint64_t session;
};

static void wire_case(struct wire *w, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void wire_case(struct wire *w, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		w->passed++;
	else
		w->failed++;
}

static uint64_t wire_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int wire_send(struct wire *w, const ProtobufCMessage *m)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t *buf = malloc(len + FRAME_HEADER_SIZE);
	int rc;

	if (!buf)
		return -1;
	frame_put_header(buf, (uint32_t)len);
	protobuf_c_message_pack(m, buf + FRAME_HEADER_SIZE);
	rc = write(w->fd, buf, len + 4) == (ssize_t)(len + 4) ? 0 : -1;
	free(buf);
	return rc;
}

/* Reads exactly n bytes within the deadline. */
static int wire_read_full(struct wire *w, uint8_t *buf, size_t n,
			  uint64_t deadline)
{
	size_t got = 0;

	while (got < n) {
		uint64_t now = wire_now_ms();
		struct pollfd p = {.fd = w->fd, .events = POLLIN};
		ssize_t r;

		if (now >= deadline || poll(&p, 1, (int)(deadline - now)) <= 0)
			return -1;
		r = read(w->fd, buf + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* One frame's payload (malloc'd) or NULL on timeout/close. */
static uint8_t *wire_recv(struct wire *w, uint32_t *len)
{
	uint64_t deadline = wire_now_ms() + WIRE_WAIT_MS;
	uint8_t hdr[FRAME_HEADER_SIZE], *buf;

	if (wire_read_full(w, hdr, sizeof(hdr), deadline) < 0 ||
	    frame_peek(hdr, sizeof(hdr), FRAME_DEFAULT_MAX, len) ==
		FRAME_TOO_LARGE ||
	    !(buf = malloc(*len ? *len : 1)))
		return NULL;
	if (wire_read_full(w, buf, *len, deadline) < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static Graphd__Response *wire_response(struct wire *w)
{
	uint32_t len;
	uint8_t *buf = wire_recv(w, &len);
	Graphd__Response *r;

	if (!buf)
		return NULL;
	r = graphd__response__unpack(NULL, len, buf);
	free(buf);
	return r;
}

static int wire_connect(struct wire *w, int port, const char *cluster)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	Graphd__ClientHello h = GRAPHD__CLIENT_HELLO__INIT;
	Graphd__ServerHello *sh;
	uint8_t *buf;
	uint32_t len;
	bool ok;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	w->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (w->fd < 0 || connect(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	h.protocol_version = 1;
	h.cluster_name = (char *)cluster;
	h.client_name = (char *)"wire_client";
	if (wire_send(w, &h.base) < 0 || !(buf = wire_recv(w, &len)))
		return -1;
	sh = graphd__server_hello__unpack(NULL, len, buf);
	free(buf);
	ok = sh && !sh->error && sh->protocol_version == 1;
	wire_case(w, ok, "handshake accepted (server id %u, role %s)",
		  sh ? sh->server_id : 0, sh && sh->role ? sh->role : "?");
	if (sh)
		graphd__server_hello__free_unpacked(sh, NULL);
	return ok ? 0 : -1;
}

/* A write of one node labelled Wire with property n, as (session, seq). */
static int wire_send_write(struct wire *w, uint64_t request_id, uint64_t seq,
			   int64_t value)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__WriteTxn txn = GRAPHD__WRITE_TXN__INIT;
	Graphd__Op op = GRAPHD__OP__INIT, *ops[1] = {&op};
	Graphd__CreateNode cn = GRAPHD__CREATE_NODE__INIT;
	Graphd__Property p = GRAPHD__PROPERTY__INIT, *props[1] = {&p};
	Graphd__Value v = GRAPHD__VALUE__INIT;
	char *labels[1] = {(char *)"Wire"};

	v.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	v.int_value = value;
	p.key = (char *)"n";
	p.value = &v;
	cn.n_labels = 1;
	cn.labels = labels;
	cn.n_props = 1;
	cn.props = props;
	op.op_case = GRAPHD__OP__OP_CREATE_NODE;
	op.create_node = &cn;
	txn.n_ops = 1;
	txn.ops = ops;
	req.request_id = request_id;
	req.session = w->session;
	req.seq = seq;
	req.body_case = GRAPHD__REQUEST__BODY_WRITE;
	req.write = &txn;
	return wire_send(w, &req.base);
}

static bool wire_ok(const Graphd__Response *r)
{
	return r && (!r->error || r->error->code == GRAPHD__ERROR_CODE__OK);
}

/* How many nodes labelled Wire have property n == value. */
static int wire_count(struct wire *w, int64_t value)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__NodesByLabel nl = GRAPHD__NODES_BY_LABEL__INIT;
	Graphd__Property p = GRAPHD__PROPERTY__INIT;
	Graphd__Value v = GRAPHD__VALUE__INIT;
	Graphd__Response *r;
	int n = -1;

	v.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	v.int_value = value;
	p.key = (char *)"n";
	p.value = &v;
	nl.label = (char *)"Wire";
	nl.where = &p;
	req.request_id = ++w->next_id;
	req.body_case = GRAPHD__REQUEST__BODY_NODES_BY_LABEL;
	req.nodes_by_label = &nl;
	if (wire_send(w, &req.base) < 0 || !(r = wire_response(w)))
		return -1;
	if (wire_ok(r) && r->body_case == GRAPHD__RESPONSE__BODY_NODES)
		n = (int)r->nodes->n_nodes;
	graphd__response__free_unpacked(r, NULL);
	return n;
}

/* DESIGN.md 3.3: a retried request with the same (session, seq) is
 * answered, not applied twice. */
static void wire_same_seq_applied_once(struct wire *w)
{
	Graphd__Response *a = NULL, *b = NULL;
	uint64_t ta = 0, tb = 0;

	if (wire_send_write(w, 1001, 1, 4242) == 0)
		a = wire_response(w);
	if (wire_send_write(w, 1002, 1, 4242) == 0)
		b = wire_response(w);
	if (wire_ok(a) && a->body_case == GRAPHD__RESPONSE__BODY_WRITE)
		ta = a->write->txn_id;
	if (wire_ok(b) && b->body_case == GRAPHD__RESPONSE__BODY_WRITE)
		tb = b->write->txn_id;
	wire_case(w, a && b && a->request_id == 1001 && b->request_id == 1002,
		  "both requests answered with their own request ids");
	wire_case(
	    w, ta != 0 && ta == tb,
	    "a repeated (session, seq) gets the first answer (txn %" PRIu64
	    " and %" PRIu64 ")",
	    ta, tb);
	wire_case(w, wire_count(w, 4242) == 1,
		  "and the transaction is applied once");
	if (a)
		graphd__response__free_unpacked(a, NULL);
	if (b)
		graphd__response__free_unpacked(b, NULL);
}

/* A retry sent while the first request is still in flight waits for the
 * same entry: both are answered, one transaction is applied. */
static void wire_retry_in_flight_attaches(struct wire *w)
{
	Graphd__Response *r[2] = {NULL, NULL};
	uint64_t txn[2] = {0, 0};
	bool ids = true;

	int one = 1, zero = 0;
	uint64_t next = 0;

	/* Corked: both frames reach the server in one segment, so the retry
	 * arrives while the first is surely still pending. */
	setsockopt(w->fd, IPPROTO_TCP, TCP_CORK, &one, sizeof(one));
	wire_send_write(w, 1101, 2, 4343);
	wire_send_write(w, 1102, 2, 4343);
	setsockopt(w->fd, IPPROTO_TCP, TCP_CORK, &zero, sizeof(zero));
	for (int i = 0; i < 2; i++) {
		r[i] = wire_response(w);
		if (wire_ok(r[i]) &&
		    r[i]->body_case == GRAPHD__RESPONSE__BODY_WRITE)
			txn[i] = r[i]->write->txn_id;
		ids = ids && r[i] && r[i]->request_id == 1101 + (uint64_t)i;
	}
	wire_case(w, ids,
		  "a retry in flight: both requests answered, in order");
	wire_case(w, txn[0] != 0 && txn[0] == txn[1],
		  "with the same transaction (%" PRIu64 ", %" PRIu64 ")",
		  txn[0], txn[1]);
	wire_case(w, wire_count(w, 4343) == 1, "applied once");
	for (int i = 0; i < 2; i++)
		if (r[i])
			graphd__response__free_unpacked(r[i], NULL);
	r[0] = r[1] = NULL;
	if (wire_send_write(w, 1103, 3, 4444) == 0 &&
	    (r[0] = wire_response(w)) && wire_ok(r[0]) &&
	    r[0]->body_case == GRAPHD__RESPONSE__BODY_WRITE)
		next = r[0]->write->txn_id;
	wire_case(w, txn[0] != 0 && next == txn[0] + 1,
		  "the retry added no log entry (next write is txn %" PRIu64
		  ")",
		  next);
	for (int i = 0; i < 2; i++)
		if (r[i])
			graphd__response__free_unpacked(r[i], NULL);
}

/* Writes sent back to back, without waiting: every one is answered, each
 * with its own transaction. */
static void wire_pipelined_writes(struct wire *w)
{
	bool seen[WIRE_PIPELINE] = {false};
	uint64_t txns[WIRE_PIPELINE] = {0};
	int answered = 0, distinct = 1;

	for (int i = 0; i < WIRE_PIPELINE; i++)
		wire_send_write(w, 2000 + (uint64_t)i, 100 + (uint64_t)i,
				5000 + i);
	for (int i = 0; i < WIRE_PIPELINE; i++) {
		Graphd__Response *r = wire_response(w);
		uint64_t k;

		if (!r)
			break;
		k = r->request_id - 2000;
		if (k < WIRE_PIPELINE && !seen[k] && wire_ok(r) &&
		    r->body_case == GRAPHD__RESPONSE__BODY_WRITE) {
			seen[k] = true;
			txns[k] = r->write->txn_id;
			answered++;
		}
		graphd__response__free_unpacked(r, NULL);
	}
	for (int i = 1; i < WIRE_PIPELINE; i++)
		if (txns[i] <= txns[i - 1])
			distinct = 0;
	wire_case(w, answered == WIRE_PIPELINE,
		  "%d pipelined writes: %d answered", WIRE_PIPELINE, answered);
	wire_case(w, distinct,
		  "pipelined writes committed in the order sent (txn %" PRIu64
		  "..%" PRIu64 ")",
		  txns[0], txns[WIRE_PIPELINE - 1]);
}

static Graphd__Response *wire_get_node(struct wire *w, uint64_t id,
				       uint64_t bookmark, bool linearizable)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__GetNode gn = GRAPHD__GET_NODE__INIT;

	gn.id = id;
	req.request_id = ++w->next_id;
	req.bookmark = bookmark;
	req.linearizable = linearizable;
	req.body_case = GRAPHD__REQUEST__BODY_GET_NODE;
	req.get_node = &gn;
	if (wire_send(w, &req.base) < 0)
		return NULL;
	return wire_response(w);
}

static void wire_reads(struct wire *w, unsigned write_timeout_ms)
{
	Graphd__Response *r;
	uint64_t id = 0, txn = 0, t0, waited;

	if (wire_send_write(w, 3000, 900, 9000) == 0 &&
	    (r = wire_response(w))) {
		if (wire_ok(r) &&
		    r->body_case == GRAPHD__RESPONSE__BODY_WRITE &&
		    r->write->n_created_ids == 1) {
			id = r->write->created_ids[0];
			txn = r->write->txn_id;
		}
		graphd__response__free_unpacked(r, NULL);
	}
	r = wire_get_node(w, id, txn, false);
	wire_case(w, wire_ok(r) && r->body_case == GRAPHD__RESPONSE__BODY_NODE,
		  "a read with a reached bookmark (txn %" PRIu64 ") is served",
		  txn);
	if (r)
		graphd__response__free_unpacked(r, NULL);
	r = wire_get_node(w, id, 0, true);
	wire_case(w, wire_ok(r) && r->body_case == GRAPHD__RESPONSE__BODY_NODE,
		  "a linearizable read is served");
	if (r)
		graphd__response__free_unpacked(r, NULL);
	t0 = wire_now_ms();
	r = wire_get_node(w, id, txn + 1000000, false);
	waited = wire_now_ms() - t0;
	wire_case(w,
		  r && r->error &&
		      r->error->code == GRAPHD__ERROR_CODE__TIMEOUT &&
		      r->error->retryable,
		  "a bookmark never reached fails retryably with TIMEOUT: %s",
		  r && r->error ? r->error->message : "(no answer)");
	wire_case(w,
		  waited + 50 >= write_timeout_ms &&
		      waited < write_timeout_ms + 5000,
		  "after ha.write_timeout (%u ms; waited %" PRIu64 " ms)",
		  write_timeout_ms, waited);
	if (r)
		graphd__response__free_unpacked(r, NULL);
}

/* Sends up to n Status requests without reading the answers. *stalled:
 * the server stopped taking them (nothing could be sent for 500 ms) before
 * all n were sent. Returns how many whole requests were sent. */
static size_t wire_flood(struct wire *w, size_t n, bool *stalled)
{
	static const uint8_t frame[8] = {0, 0, 0, 4, 0x08, 0x01, 0x7a, 0x00};
	static uint8_t buf[8 * 4096];
	uint64_t end = wire_now_ms() + 10000;
	size_t off = 0, total = n * sizeof(frame);

	for (size_t i = 0; i < sizeof(buf); i += sizeof(frame))
		memcpy(buf + i, frame, sizeof(frame));
	*stalled = false;
	while (off < total && wire_now_ms() < end) {
		struct pollfd p = {.fd = w->fd, .events = POLLOUT};
		size_t start = off % sizeof(buf), len = sizeof(buf) - start;
		ssize_t r;

		if (poll(&p, 1, 500) == 0) {
			*stalled = true;
			break;
		}
		if (len > total - off)
			len = total - off;
		r = send(w->fd, buf + start, len, MSG_DONTWAIT);
		if (r > 0)
			off += (size_t)r;
	}
	return off / sizeof(frame);
}

/* A client that sends but does not read: graphd stops reading from it
 * instead of buffering answers without bound, keeps serving others, and
 * loses nothing once the client reads again. */
static void wire_slow_reader(struct wire *w, int port, const char *cluster)
{
	struct wire o = {.fd = -1, .session = w->session + 1};
	size_t n = 4000000, sent, got = 0;
	bool stalled;

	sent = wire_flood(w, n, &stalled);
	wire_case(w, stalled,
		  "a client that does not read its answers is throttled "
		  "(%zu of %zu requests taken)",
		  sent, n);
	wire_case(w,
		  wire_connect(&o, port, cluster) == 0 &&
		      wire_count(&o, 4242) == 1,
		  "meanwhile another client is served");
	if (o.fd >= 0)
		close(o.fd);
	for (size_t i = 0; i < sent; i++) {
		Graphd__Response *r = wire_response(w);

		if (!r)
			break;
		got += r->request_id == 1 &&
		       r->body_case == GRAPHD__RESPONSE__BODY_STATUS;
		graphd__response__free_unpacked(r, NULL);
	}
	wire_case(w, got == sent,
		  "every request answered once read: %zu of %zu", got, sent);
}

/* A request the server cannot use is refused; the connection stays. */
static void wire_empty_request(struct wire *w)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Response *r;

	req.request_id = 77;
	r = wire_send(w, &req.base) == 0 ? wire_response(w) : NULL;
	wire_case(w,
		  r && r->request_id == 77 && r->error &&
		      r->error->code == GRAPHD__ERROR_CODE__BAD_REQUEST,
		  "a request without a body gets BAD_REQUEST");
	if (r)
		graphd__response__free_unpacked(r, NULL);
	wire_case(w, wire_count(w, 4242) == 1,
		  "and the connection keeps serving");
}

/* Bulk mode: n writes, pipelined WIRE_WINDOW at a time (enough to pass the
 * log compaction threshold in seconds). */
#define WIRE_WINDOW 1000
static void wire_bulk(struct wire *w, size_t n)
{
	size_t sent = 0, answered = 0, failed = 0;

	while (sent < n) {
		size_t batch = n - sent < WIRE_WINDOW ? n - sent : WIRE_WINDOW;

		for (size_t i = 0; i < batch; i++)
			wire_send_write(w, 10000 + sent + i, 10000 + sent + i,
					-(int64_t)(sent + i) - 1);
		for (size_t i = 0; i < batch; i++) {
			Graphd__Response *r = wire_response(w);

			if (!r)
				break;
			if (wire_ok(r) &&
			    r->body_case == GRAPHD__RESPONSE__BODY_WRITE)
				answered++;
			else
				failed++;
			graphd__response__free_unpacked(r, NULL);
		}
		sent += batch;
	}
	wire_case(w, answered == n,
		  "%zu pipelined writes: %zu committed, %zu failed", n,
		  answered, failed);
}

int main(int argc, char **argv)
{
	struct wire w = {.fd = -1, .session = 0x5eed0001u};

	if (argc != 4 && !(argc == 6 && strcmp(argv[4], "bulk") == 0)) {
		fprintf(stderr, "usage: wire_client PORT CLUSTER "
				"WRITE_TIMEOUT_MS [bulk N]\n");
		return 2;
	}
	w.session ^= (uint64_t)time(NULL) << 20;
	if (wire_connect(&w, atoi(argv[1]), argv[2]) < 0) {
		wire_case(&w, false, "connect and handshake on port %s",
			  argv[1]);
		return 1;
	}
	if (argc == 6) {
		wire_bulk(&w, strtoull(argv[5], NULL, 10));
		close(w.fd);
		return w.failed ? 1 : 0;
	}
	wire_same_seq_applied_once(&w);
	wire_retry_in_flight_attaches(&w);
	wire_pipelined_writes(&w);
	wire_reads(&w, (unsigned)atoi(argv[3]));
	wire_empty_request(&w);
	wire_slow_reader(&w, atoi(argv[1]), argv[2]);
	close(w.fd);
	return w.failed ? 1 : 0;
}
