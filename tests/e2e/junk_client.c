/* junk_client.c: throws seeded junk at one port of a live graphd (the client
 * port, the cluster port or the HTTP port) for tests/e2e/junk.sh: random
 * bytes, truncated handshakes, frames declaring huge lengths, a valid
 * handshake then garbage, half a header then close, and slow clients that
 * send a byte a second. After each burst a probe checks that the port still
 * answers a well-formed handshake (or HTTP request) in time. Prints one
 * "ok - ..." or "FAIL - ..." line per check; exits 0 when every check
 * passed. Every wait is bounded; the whole run ends within about SECONDS. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "graphd.pb-c.h"
#include "net/frame.h"

#define JUNK_PROBE_MS	  3000 /* a healthy server answers a probe well before */
#define JUNK_CLOSE_MS	  3000 /* and closes a connection it refuses */
#define JUNK_SLOW_CONNS	  6
#define JUNK_SLOW_SECONDS 3
#define JUNK_FRAME_MAX	  (16u * 1024u * 1024u) /* ha.max_frame_size default */

enum junk_kind { JUNK_CLIENT, JUNK_CLUSTER, JUNK_HTTP };

struct junk {
	enum junk_kind kind;
	int port;
	const char *cluster;
	uint64_t rng; /* xorshift64*, from the seed */
	unsigned passed, failed;
	unsigned conns; /* connections opened */
	uint64_t bytes; /* bytes sent */
};

static uint64_t junk_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t junk_rand(struct junk *j)
{
	j->rng ^= j->rng >> 12;
	j->rng ^= j->rng << 25;
	j->rng ^= j->rng >> 27;
	return j->rng * 2685821657736338717ull;
}

/* Uniform enough in [lo, hi]. */
static size_t junk_between(struct junk *j, size_t lo, size_t hi)
{
	return lo + (size_t)(junk_rand(j) % (hi - lo + 1));
}

static void junk_fill(struct junk *j, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)junk_rand(j);
}

static void junk_check(struct junk *j, bool cond, const char *what,
		       const char *burst)
{
	if (cond)
		j->passed++;
	else
		j->failed++;
	printf("%s - %s after %s\n", cond ? "ok" : "FAIL", what, burst);
	fflush(stdout);
}

/* A blocking connection whose sends give up after a second (a server that
 * stops reading must not hang the test). -1 when it cannot connect. */
static int junk_connect(struct junk *j)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	struct timeval tv = {.tv_sec = 1};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	a.sin_port = htons((uint16_t)j->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	j->conns++;
	return fd;
}

/* Sends what it can: the server may close first, which is its right. */
static void junk_send(struct junk *j, int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n <= 0)
			return;
		j->bytes += (uint64_t)n;
		buf += n;
		len -= (size_t)n;
	}
}

/* Reads into buf (up to cap) until the peer closes, ms pass, or buf is
 * full. Returns the bytes read; *closed says whether it closed. */
static size_t junk_read(int fd, uint8_t *buf, size_t cap, unsigned ms,
			bool *closed)
{
	uint64_t end = junk_now_ms() + ms;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	uint8_t sink[4096];
	size_t got = 0;

	*closed = false;
	for (uint64_t now; (now = junk_now_ms()) < end;) {
		ssize_t n;

		if (poll(&p, 1, (int)(end - now)) <= 0)
			continue;
		if (got < cap)
			n = recv(fd, buf + got, cap - got, 0);
		else
			n = recv(fd, sink, sizeof(sink), 0);
		if (n <= 0) {
			*closed = n == 0 || errno == ECONNRESET;
			break;
		}
		if (got < cap)
			got += (size_t)n;
		if (cap && got == cap)
			break;
	}
	return got;
}

static bool junk_closes(int fd, unsigned ms)
{
	bool closed;

	junk_read(fd, NULL, 0, ms, &closed);
	return closed;
}

/* ------------------------------------------------------ well-formed bytes */

static size_t junk_pack(const ProtobufCMessage *m, uint8_t *buf, size_t cap)
{
	size_t n = protobuf_c_message_get_packed_size(m);

	if (FRAME_HEADER_SIZE + n > cap)
		return 0;
	frame_put_header(buf, (uint32_t)n);
	return FRAME_HEADER_SIZE + protobuf_c_message_pack(m, buf + 4);
}

/* The first bytes a well-behaved client of this port sends. On the cluster
 * port it is a non-member (id 99) with an address nothing listens on. */
static size_t junk_hello(const struct junk *j, uint8_t *buf, size_t cap)
{
	static const char http[] = "GET /metrics HTTP/1.1\r\n"
				   "Host: 127.0.0.1\r\n\r\n";
	Graphd__ClientHello ch = GRAPHD__CLIENT_HELLO__INIT;
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerHello ph = GRAPHD__PEER_HELLO__INIT;
	Graphd__PeerAddress self = GRAPHD__PEER_ADDRESS__INIT;

	switch (j->kind) {
	case JUNK_CLIENT:
		ch.protocol_version = 1;
		ch.cluster_name = (char *)j->cluster;
		ch.client_name = "junk_client";
		return junk_pack(&ch.base, buf, cap);
	case JUNK_CLUSTER:
		self.server_id = 99;
		self.cluster_address = "127.0.0.1:1";
		ph.protocol_version = 1;
		ph.cluster_name = (char *)j->cluster;
		ph.self = &self;
		f.body_case = GRAPHD__PEER_FRAME__BODY_HELLO;
		f.hello = &ph;
		return junk_pack(&f.base, buf, cap);
	case JUNK_HTTP:
		break;
	}
	memcpy(buf, http, sizeof(http) - 1);
	return sizeof(http) - 1;
}

/* A framed Request the server accepts (a status request, or a write of
 * one node), for mutating. */
static size_t junk_request(struct junk *j, uint8_t *buf, size_t cap)
{
	Graphd__Request r = GRAPHD__REQUEST__INIT;
	Graphd__StatusRequest st = GRAPHD__STATUS_REQUEST__INIT;
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	Graphd__Op op = GRAPHD__OP__INIT, *ops[] = {&op};
	Graphd__CreateNode cn = GRAPHD__CREATE_NODE__INIT;
	char *labels[] = {"Junk"};

	r.request_id = junk_rand(j);
	if (junk_rand(j) & 1) {
		r.body_case = GRAPHD__REQUEST__BODY_STATUS;
		r.status = &st;
	} else {
		cn.n_labels = 1;
		cn.labels = labels;
		op.op_case = GRAPHD__OP__OP_CREATE_NODE;
		op.create_node = &cn;
		wt.n_ops = 1;
		wt.ops = ops;
		r.session = junk_rand(j);
		r.seq = 1;
		r.body_case = GRAPHD__REQUEST__BODY_WRITE;
		r.write = &wt;
	}
	return junk_pack(&r.base, buf, cap);
}

/* ----------------------------------------------------------------- probe */

/* The answer to a well-formed hello (or HTTP request) within the bound. */
static bool junk_answers(struct junk *j, int fd)
{
	uint8_t buf[4096];
	size_t n = junk_hello(j, buf, sizeof(buf));
	uint32_t len;
	bool closed, ok;

	junk_send(j, fd, buf, n);
	if (j->kind == JUNK_HTTP)
		return junk_read(fd, buf, 7, JUNK_PROBE_MS, &closed) == 7 &&
		       memcmp(buf, "HTTP/1.", 7) == 0;
	if (junk_read(fd, buf, 4, JUNK_PROBE_MS, &closed) != 4 ||
	    frame_peek(buf, 4, sizeof(buf) - 4, &len) == FRAME_TOO_LARGE ||
	    junk_read(fd, buf + 4, len, JUNK_PROBE_MS, &closed) != len)
		return false;
	if (j->kind == JUNK_CLIENT) {
		Graphd__ServerHello *h =
		    graphd__server_hello__unpack(NULL, len, buf + 4);

		ok = h && !h->error;
		if (h)
			graphd__server_hello__free_unpacked(h, NULL);
	} else {
		/* a welcome, or a refusal (the junk's id 99 may still be
		 * connected): either way the port answered */
		Graphd__PeerFrame *f =
		    graphd__peer_frame__unpack(NULL, len, buf + 4);

		ok = f && f->body_case == GRAPHD__PEER_FRAME__BODY_WELCOME;
		if (f)
			graphd__peer_frame__free_unpacked(f, NULL);
	}
	return ok;
}

static void junk_probe(struct junk *j, const char *burst)
{
	int fd = junk_connect(j);

	junk_check(j, fd >= 0 && junk_answers(j, fd),
		   "the port answers a well-formed handshake in time", burst);
	if (fd >= 0)
		close(fd);
}

/* ---------------------------------------------------------------- bursts */

static void burst_random(struct junk *j)
{
	uint8_t buf[8192];

	for (int i = 0; i < 24; i++) {
		int fd = junk_connect(j);
		size_t n = junk_between(j, 1, sizeof(buf));

		if (fd < 0)
			continue;
		junk_fill(j, buf, n);
		junk_send(j, fd, buf, n);
		close(fd);
	}
}

static void burst_truncated(struct junk *j)
{
	uint8_t buf[4096];
	size_t n = junk_hello(j, buf, sizeof(buf));

	for (int i = 0; i < 24; i++) {
		int fd = junk_connect(j);

		if (fd < 0)
			continue;
		junk_send(j, fd, buf, junk_between(j, 1, n - 1));
		close(fd);
	}
}

static void burst_half_header(struct junk *j)
{
	uint8_t buf[4096];

	junk_hello(j, buf, sizeof(buf));
	for (int i = 0; i < 24; i++) {
		int fd = junk_connect(j);

		if (fd < 0)
			continue;
		junk_send(j, fd, buf, junk_between(j, 1, 3));
		close(fd);
	}
}

/* A frame header declaring len, then a little of the payload: the server
 * must close at once instead of buffering toward len. after_hello: sent
 * once the handshake is through (the request path checks the size too). */
static void junk_huge_frame(struct junk *j, uint32_t len, bool after_hello)
{
	uint8_t buf[4096];
	char what[160];
	size_t n = 0;
	int fd = junk_connect(j);

	if (fd < 0)
		return;
	if (after_hello)
		n = junk_hello(j, buf, sizeof(buf));
	frame_put_header(buf + n, len);
	junk_fill(j, buf + n + 4, 64);
	junk_send(j, fd, buf, n + 4 + 64);
	snprintf(what, sizeof(what),
		 "the port closes a connection declaring a %u-byte frame%s",
		 len, after_hello ? " after its handshake" : "");
	junk_check(j, junk_closes(fd, JUNK_CLOSE_MS), what, "huge frames");
	close(fd);
}

/* HTTP: a body declared larger than anything the server takes, and a
 * header line far longer than any real one. Answered (an error status) or
 * closed, within the bound: never buffered toward the declared size. */
static void junk_huge_http(struct junk *j, bool header)
{
	static const char post[] = "POST /db/neo4j/tx/commit HTTP/1.1\r\n"
				   "Host: 127.0.0.1\r\n"
				   "Content-Type: application/json\r\n"
				   "Content-Length: 99999999999\r\n\r\n{";
	static uint8_t line[256 * 1024];
	uint8_t got[8];
	bool closed;
	int fd = junk_connect(j);
	size_t n;

	if (fd < 0)
		return;
	if (header) {
		memcpy(line, "GET / HTTP/1.1\r\nX-Junk: ", 24);
		memset(line + 24, 'a', sizeof(line) - 24);
		junk_send(j, fd, line, sizeof(line));
	} else {
		junk_send(j, fd, (const uint8_t *)post, sizeof(post) - 1);
	}
	n = junk_read(fd, got, 7, JUNK_CLOSE_MS, &closed);
	junk_check(j, closed || (n == 7 && !memcmp(got, "HTTP/1.", 7)),
		   header ? "a 256 KiB header line is answered or closed"
			  : "a body of 99999999999 bytes is answered or closed",
		   "huge requests");
	close(fd);
}

static void burst_huge(struct junk *j)
{
	const uint32_t lens[] = {
	    0xffffffffu, 0x80000000u, JUNK_FRAME_MAX + 1,
	    (uint32_t)junk_between(j, JUNK_FRAME_MAX + 2, 0xfffffffeu)};

	if (j->kind == JUNK_HTTP) {
		junk_huge_http(j, false);
		junk_huge_http(j, true);
		return;
	}
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		junk_huge_frame(j, lens[i], i % 2 == 1);
}

/* After a well-formed hello: random bytes, or frames of a plausible length
 * and random payload, or (client port) real requests with bytes flipped. */
static void junk_after_hello(struct junk *j, int fd, uint8_t *buf, size_t cap)
{
	size_t n;

	switch (junk_rand(j) % 3) {
	case 0:
		n = junk_between(j, 1, cap);
		junk_fill(j, buf, n);
		break;
	case 1:
		n = junk_between(j, FRAME_HEADER_SIZE + 1, 512);
		frame_put_header(buf, (uint32_t)(n - FRAME_HEADER_SIZE));
		junk_fill(j, buf + FRAME_HEADER_SIZE, n - FRAME_HEADER_SIZE);
		break;
	default:
		if (j->kind != JUNK_CLIENT)
			return;
		n = junk_request(j, buf, cap);
		for (int k = 0; k < 3; k++)
			buf[junk_between(j, FRAME_HEADER_SIZE, n - 1)] ^=
			    (uint8_t)junk_between(j, 1, 255);
		break;
	}
	junk_send(j, fd, buf, n);
}

static void burst_hello_garbage(struct junk *j)
{
	uint8_t buf[4096];
	bool closed;

	for (int i = 0; i < 16; i++) {
		int fd = junk_connect(j);

		if (fd < 0)
			continue;
		junk_send(j, fd, buf, junk_hello(j, buf, sizeof(buf)));
		for (int k = 0; k < 4; k++)
			junk_after_hello(j, fd, buf, sizeof(buf));
		/* let the server read it all before the close */
		junk_read(fd, NULL, 0, 50, &closed);
		close(fd);
	}
}

/* Slow clients hold connections open with a byte a second of a handshake;
 * meanwhile the port must serve a well-formed client in time. */
static void burst_slow(struct junk *j)
{
	uint8_t hello[4096];
	size_t n = junk_hello(j, hello, sizeof(hello));
	int fds[JUNK_SLOW_CONNS];

	for (int i = 0; i < JUNK_SLOW_CONNS; i++)
		fds[i] = junk_connect(j);
	for (size_t s = 0; s < JUNK_SLOW_SECONDS && s < n - 1; s++) {
		for (int i = 0; i < JUNK_SLOW_CONNS; i++)
			if (fds[i] >= 0)
				junk_send(j, fds[i], hello + s, 1);
		if (s == 1)
			junk_probe(j, "slow clients (while they send)");
		sleep(1); /* the pace is the point: a byte a second */
	}
	for (int i = 0; i < JUNK_SLOW_CONNS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static const struct {
	const char *name;
	void (*run)(struct junk *j);
} bursts[] = {
    {"random", burst_random},
    {"truncated", burst_truncated},
    {"huge", burst_huge},
    {"hello-garbage", burst_hello_garbage},
    {"half-header", burst_half_header},
    {"slow", burst_slow},
};

static int junk_usage(void)
{
	fprintf(stderr, "usage: junk_client client|cluster|http PORT "
			"CLUSTER_NAME SEED BURST\n"
			"BURST: random, truncated, huge, hello-garbage, "
			"half-header, slow\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct junk j = {0};
	size_t b;

	if (argc != 6)
		return junk_usage();
	if (!strcmp(argv[1], "client"))
		j.kind = JUNK_CLIENT;
	else if (!strcmp(argv[1], "cluster"))
		j.kind = JUNK_CLUSTER;
	else if (!strcmp(argv[1], "http"))
		j.kind = JUNK_HTTP;
	else
		return junk_usage();
	j.port = atoi(argv[2]);
	j.cluster = argv[3];
	j.rng = strtoull(argv[4], NULL, 10) | 1; /* xorshift: never 0 */
	for (b = 0; b < sizeof(bursts) / sizeof(bursts[0]); b++)
		if (!strcmp(argv[5], bursts[b].name))
			break;
	if (j.port <= 0 || b == sizeof(bursts) / sizeof(bursts[0]))
		return junk_usage();
	bursts[b].run(&j);
	junk_probe(&j, bursts[b].name);
	printf("junk_client: %s port %d, burst %s, seed %s: %u connections, "
	       "%llu bytes sent\n",
	       argv[1], j.port, bursts[b].name, argv[4], j.conns,
	       (unsigned long long)j.bytes);
	return j.failed ? 1 : 0;
}
