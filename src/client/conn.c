/* conn.c: blocking TCP with deadlines for libgraphd (see conn.h). */
#include "client/conn.h"
#include "client/value.h"
#include "net/frame.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int64_t client_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline: 1 ready, 0 timed out, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = {fd, events, 0};
		int64_t left = deadline - client_now_ms();
		int rc;

		if (left <= 0)
			return 0;
		rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc > 0)
			return 1;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
}

/* Non-blocking connect + poll: connect(2) alone may block for minutes on an
 * unreachable host, longer than any timeout the caller asked for. */
static int connect_one(const struct addrinfo *ai, int64_t deadline, int *error)
{
	int fd, one = 1, soerr = 0;
	socklen_t sl = sizeof(soerr);

	fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0) {
		*error = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS) {
			*error = errno;
			goto err;
		}
		if (wait_fd(fd, POLLOUT, deadline) <= 0) {
			*error = ETIMEDOUT;
			goto err;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 ||
		    soerr) {
			*error = soerr ? soerr : errno;
			goto err;
		}
	}
	/* Requests are small and answered one at a time: no Nagle delay. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
err:
	close(fd);
	return -1;
}

int client_conn_open(const char *host, const char *port, int64_t deadline,
		     struct graphd_error *err)
{
	struct addrinfo hints, *res = NULL;
	int rc, fd = -1, error = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		client_set_error(err, GRAPHD_E_CONNECT, "%s:%s: %s", host, port,
				 gai_strerror(rc));
		return -1;
	}
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = connect_one(ai, deadline, &error);
	freeaddrinfo(res);
	if (fd < 0)
		client_set_error(err, GRAPHD_E_CONNECT, "%s:%s: %s", host, port,
				 strerror(error ? error : ECONNREFUSED));
	return fd;
}

static int write_all(int fd, const uint8_t *p, size_t n, int64_t deadline,
		     struct graphd_error *err)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(fd, POLLOUT, deadline) > 0)
				continue;
			client_set_error(err, GRAPHD_E_TIMEOUT,
					 "timed out sending the request");
			return -1;
		}
		client_set_error(err, GRAPHD_E_IO, "connection lost: %s",
				 strerror(errno));
		return -1;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t n, int64_t deadline,
		    struct graphd_error *err)
{
	while (n) {
		ssize_t r = recv(fd, p, n, 0);
		if (r > 0) {
			p += r;
			n -= (size_t)r;
			continue;
		}
		if (r == 0) {
			client_set_error(err, GRAPHD_E_IO,
					 "connection closed by the server");
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLIN, deadline) > 0)
				continue;
			client_set_error(err, GRAPHD_E_TIMEOUT,
					 "timed out waiting for the response");
			return -1;
		}
		client_set_error(err, GRAPHD_E_IO, "connection lost: %s",
				 strerror(errno));
		return -1;
	}
	return 0;
}

int client_conn_send(int fd, const ProtobufCMessage *m, int64_t deadline,
		     struct graphd_error *err)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *buf;
	int rc;

	if (n > UINT32_MAX) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "request of %zu bytes is too large", n);
		return -1;
	}
	buf = malloc(FRAME_HEADER_SIZE + n);
	if (!buf) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		return -1;
	}
	frame_put_header(buf, (uint32_t)n);
	protobuf_c_message_pack(m, buf + FRAME_HEADER_SIZE);
	rc = write_all(fd, buf, FRAME_HEADER_SIZE + n, deadline, err);
	free(buf);
	return rc;
}

int client_conn_recv(int fd, uint8_t **buf, size_t *len, size_t max,
		     int64_t deadline, struct graphd_error *err)
{
	uint8_t hdr[FRAME_HEADER_SIZE];
	uint32_t n = 0;

	*buf = NULL;
	*len = 0;
	if (read_all(fd, hdr, sizeof(hdr), deadline, err) < 0)
		return -1;
	if (frame_peek(hdr, sizeof(hdr), max, &n) == FRAME_TOO_LARGE) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "server sent a frame of %u bytes, over the "
				 "limit of %zu; closing the connection",
				 n, max);
		return -1;
	}
	*buf = malloc(n ? n : 1);
	if (!*buf) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		return -1;
	}
	if (read_all(fd, *buf, n, deadline, err) < 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	*len = n;
	return 0;
}
