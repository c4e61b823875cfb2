/* forge_peer.c: an impostor on the cluster port, for tests/cluster/secret.sh.
 *
 * It claims to be instance ID at CLUSTER_ADDR (a real member's id and
 * address: the strongest claim), sends a PeerHello, and then, whatever the
 * answer, a consensus HEARTBEAT from ID with term TERM, as a leader of a
 * new term would. An instance that accepts it moves to term TERM. MODE:
 *   plain  the hello carries no ha.cluster_secret challenge
 *   nonce  the hello carries one; the HEARTBEAT follows instead of a proof
 *   proof  the hello carries one, then a PeerAuth with a made-up proof
 *   stall  the hello carries one, then nothing: waits up to 15 s for the
 *          instance to give up on the handshake (no HEARTBEAT)
 *   copy   no challenge; instead of the HEARTBEAT, a whole store copy
 *          (tests/cluster/storecopy_fence.sh): one last chunk of an empty
 *          graph from ID in term TERM, claiming the graph up to transaction
 *          APPLIED. An instance that installs it loses its graph.
 * Prints one line per frame the instance answered ("refused: WHY",
 * "challenge", "welcome") and "closed" when it closed the connection.
 * Exit 0 when the instance closed the connection (as it must when it
 * refuses), 1 when it was still open 3 s after the last frame, 2 on usage or
 * connection errors.
 *
 * Exit 0 in copy mode once the copy is sent and FORGE_WAIT_MS passed.
 *
 * usage: forge_peer PORT CLUSTER ID CLUSTER_ADDR TO TERM MODE [APPLIED] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "graphd.pb-c.h"

#define FORGE_WAIT_MS	   3000
#define FORGE_STALL_MS	   15000
#define FORGE_MAX_FRAME	   (1u << 20)
#define RAFT_MSG_HEARTBEAT 6 /* enum raft_msg_type (src/raft/raft.h) */

static int send_frame(int fd, const Graphd__PeerFrame *f)
{
	size_t len = graphd__peer_frame__get_packed_size(f);
	uint8_t *buf = malloc(len + 4);
	int rc;

	if (!buf)
		return -1;
	buf[0] = (uint8_t)(len >> 24);
	buf[1] = (uint8_t)(len >> 16);
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	graphd__peer_frame__pack(f, buf + 4);
	rc =
	    send(fd, buf, len + 4, MSG_NOSIGNAL) == (ssize_t)(len + 4) ? 0 : -1;
	free(buf);
	return rc;
}

/* Reads exactly len bytes within the bound; 0, or -1 on close/timeout. */
static int read_full(int fd, uint8_t *p, size_t len, int wait_ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	while (len > 0) {
		ssize_t got;

		if (poll(&pfd, 1, wait_ms) <= 0)
			return -2; /* still open, nothing came */
		got = recv(fd, p, len, 0);
		if (got <= 0)
			return -1;
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

/* Prints what the instance sent. Returns 1 for a frame, 0 for a closed
 * connection, -1 when it is still open and silent. */
static int read_answer(int fd, int wait_ms)
{
	uint8_t hdr[4], *buf;
	uint32_t len;
	Graphd__PeerFrame *f;
	int rc = read_full(fd, hdr, 4, wait_ms);

	if (rc < 0)
		return rc == -1 ? (printf("closed\n"), 0) : -1;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	      (uint32_t)hdr[2] << 8 | hdr[3];
	if (len > FORGE_MAX_FRAME || !(buf = malloc(len ? len : 1)))
		return printf("closed\n"), 0;
	if (read_full(fd, buf, len, FORGE_WAIT_MS) < 0) {
		free(buf);
		return printf("closed\n"), 0;
	}
	f = graphd__peer_frame__unpack(NULL, len, buf);
	free(buf);
	if (!f || f->body_case != GRAPHD__PEER_FRAME__BODY_WELCOME)
		printf("unexpected frame\n");
	else if (f->welcome->error)
		printf("refused: %s\n", f->welcome->error->message);
	else if (f->welcome->nonce.len)
		printf("challenge\n");
	else
		printf("welcome\n");
	if (f)
		graphd__peer_frame__free_unpacked(f, NULL);
	fflush(stdout);
	return 1;
}

static int send_hello(int fd, const char *cluster, uint32_t id,
		      const char *addr, bool nonce)
{
	static uint8_t challenge[32] = {1, 2, 3, 4};
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerHello h = GRAPHD__PEER_HELLO__INIT;
	Graphd__PeerAddress self = GRAPHD__PEER_ADDRESS__INIT;

	self.server_id = id;
	self.cluster_address = (char *)addr;
	self.client_address = "";
	h.protocol_version = 1;
	h.cluster_name = (char *)cluster;
	h.self = &self;
	h.formed = true;
	if (nonce) {
		h.nonce.data = challenge;
		h.nonce.len = sizeof(challenge);
	}
	f.body_case = GRAPHD__PEER_FRAME__BODY_HELLO;
	f.hello = &h;
	return send_frame(fd, &f);
}

static int send_fake_proof(int fd)
{
	static uint8_t proof[32] = {0xde, 0xad, 0xbe, 0xef};
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerAuth a = GRAPHD__PEER_AUTH__INIT;

	a.proof.data = proof;
	a.proof.len = sizeof(proof);
	f.body_case = GRAPHD__PEER_FRAME__BODY_AUTH;
	f.auth = &a;
	return send_frame(fd, &f);
}

static int send_heartbeat(int fd, uint32_t from, uint32_t to, uint64_t term)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__RaftMessage m = GRAPHD__RAFT_MESSAGE__INIT;

	m.type = RAFT_MSG_HEARTBEAT;
	m.from = from;
	m.to = to;
	m.term = term;
	f.body_case = GRAPHD__PEER_FRAME__BODY_RAFT;
	f.raft = &m;
	return send_frame(fd, &f);
}

/* An empty graph as one last chunk: CRC-32 and length of no bytes are 0. */
static int send_store_copy(int fd, uint64_t term, uint64_t applied)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__StoreCopy c = GRAPHD__STORE_COPY__INIT;

	c.copy_id = 424242;
	c.applied_index = applied;
	c.seq = 0;
	c.last = true;
	c.term = term;
	c.snapshot_index = applied;
	c.snapshot_term = term;
	f.body_case = GRAPHD__PEER_FRAME__BODY_STORE_COPY;
	f.store_copy = &c;
	return send_frame(fd, &f);
}

static int dial(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *mode;
	int fd, rc;

	if (argc < 8 ||
	    (strcmp(argv[7], "plain") != 0 && strcmp(argv[7], "nonce") != 0 &&
	     strcmp(argv[7], "proof") != 0 && strcmp(argv[7], "stall") != 0 &&
	     strcmp(argv[7], "copy") != 0) ||
	    argc != (strcmp(argv[7], "copy") == 0 ? 9 : 8)) {
		fprintf(stderr,
			"usage: forge_peer PORT CLUSTER ID CLUSTER_ADDR TO "
			"TERM plain|nonce|proof|stall|copy [APPLIED]\n");
		return 2;
	}
	mode = argv[7];
	if ((fd = dial(atoi(argv[1]))) < 0) {
		perror("forge_peer: connect");
		return 2;
	}
	if (send_hello(fd, argv[2], (uint32_t)atoi(argv[3]), argv[4],
		       strcmp(mode, "plain") != 0 &&
			   strcmp(mode, "copy") != 0) < 0)
		return 2;
	if ((rc = read_answer(fd, FORGE_WAIT_MS)) == 0)
		return strcmp(mode, "copy") == 0 ? 1 : 0;
	if (strcmp(mode, "copy") == 0) {
		if (send_store_copy(fd, strtoull(argv[6], NULL, 10),
				    strtoull(argv[8], NULL, 10)) < 0)
			return 2;
		while (read_answer(fd, FORGE_WAIT_MS) > 0)
			;
		close(fd);
		return 0;
	}
	if (strcmp(mode, "stall") == 0) {
		while ((rc = read_answer(fd, FORGE_STALL_MS)) > 0)
			;
		return rc == 0 ? 0 : 1;
	}
	if (strcmp(mode, "proof") == 0) {
		send_fake_proof(fd);
		if ((rc = read_answer(fd, FORGE_WAIT_MS)) == 0)
			return 0;
	}
	/* Whatever was answered, try to inject (a closed socket may still
	 * take the bytes). */
	send_heartbeat(fd, (uint32_t)atoi(argv[3]), (uint32_t)atoi(argv[5]),
		       strtoull(argv[6], NULL, 10));
	while ((rc = read_answer(fd, FORGE_WAIT_MS)) > 0)
		;
	close(fd);
	return rc == 0 ? 0 : 1;
}
