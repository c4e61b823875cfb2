/* proto_abuse.c: breaks the client protocol on purpose and reports whether
 * graphd closed the connection (within 5 s), for tests/e2e/graphctl.sh.
 *
 * usage: proto_abuse PORT MODE [CLUSTER]
 *   oversize  a frame header declaring 99999999 bytes
 *   garbage   a first frame that does not decode as a ClientHello
 *   prehello  a Request (status) sent before any handshake
 *   badreq    a valid handshake, then a frame that is not a Request
 * The frames are written byte by byte here, not with the protocol library,
 * so that they are exactly as broken as intended. */
#include "proto_abuse.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ABUSE_WAIT_MS 5000

static int abuse_connect(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("proto_abuse: connect");
		exit(ABUSE_USAGE);
	}
	return fd;
}

static void abuse_send(int fd, const uint8_t *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len) {
		perror("proto_abuse: write");
		exit(ABUSE_USAGE);
	}
}

/* A frame: 4-byte big-endian length, then the payload. */
static void abuse_frame(int fd, const uint8_t *payload, uint32_t len)
{
	uint8_t hdr[4] = {(uint8_t)(len >> 24), (uint8_t)(len >> 16),
			  (uint8_t)(len >> 8), (uint8_t)len};

	abuse_send(fd, hdr, sizeof(hdr));
	abuse_send(fd, payload, len);
}

/* ClientHello {protocol_version = 1, cluster_name = name}. */
static void abuse_hello(int fd, const char *name)
{
	uint8_t buf[128];
	size_t n = strlen(name);

	if (n > 100)
		exit(ABUSE_USAGE);
	buf[0] = 0x08; /* field 1, varint */
	buf[1] = 0x01;
	buf[2] = 0x12; /* field 2, length-delimited */
	buf[3] = (uint8_t)n;
	memcpy(buf + 4, name, n);
	abuse_frame(fd, buf, (uint32_t)(n + 4));
}

static uint64_t abuse_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Reads (and ignores) what the server sends until it closes: bounded. */
static int abuse_wait_close(int fd)
{
	uint64_t end = abuse_now_ms() + ABUSE_WAIT_MS;
	char buf[4096];

	for (;;) {
		uint64_t now = abuse_now_ms();
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t r;

		if (now >= end)
			return ABUSE_OPEN;
		if (poll(&p, 1, (int)(end - now)) <= 0)
			continue;
		r = read(fd, buf, sizeof(buf));
		if (r == 0 || (r < 0 && errno == ECONNRESET))
			return ABUSE_CLOSED;
	}
}

int main(int argc, char **argv)
{
	static const uint8_t junk[8] = {0xff, 0xff, 0xff, 0xff,
					0xff, 0xff, 0xff, 0xff};
	/* Request {request_id = 7, status = {}} */
	static const uint8_t status_req[4] = {0x08, 0x07, 0x7a, 0x00};
	static const uint8_t huge[8] = {0x05, 0xf5, 0xe0, 0xff, 1, 2, 3, 4};
	const char *mode;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: proto_abuse PORT oversize|garbage|"
				"prehello|badreq [CLUSTER]\n");
		return ABUSE_USAGE;
	}
	mode = argv[2];
	fd = abuse_connect(atoi(argv[1]));
	if (strcmp(mode, "oversize") == 0) {
		abuse_send(fd, huge, sizeof(huge)); /* 0x05f5e0ff = 99999999 */
	} else if (strcmp(mode, "garbage") == 0) {
		abuse_frame(fd, junk, sizeof(junk));
	} else if (strcmp(mode, "prehello") == 0) {
		abuse_frame(fd, status_req, sizeof(status_req));
	} else if (strcmp(mode, "badreq") == 0) {
		abuse_hello(fd, argc > 3 ? argv[3] : "graphd");
		abuse_frame(fd, junk, sizeof(junk));
	} else {
		fprintf(stderr, "proto_abuse: unknown mode %s\n", mode);
		return ABUSE_USAGE;
	}
	return abuse_wait_close(fd);
}
