/* backup_wire.c: graphctl backup's own connection to a client port. The
 * public libgraphd API answers one request with one response; a backup is
 * answered by a stream of them, so it speaks the framing directly. */
#include "cli/backup_wire.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/frame.h"

#define BACKUP_WIRE_PROTOCOL 1

/* Waits for fd to be ready for events within timeout_ms. */
static int wire_wait(int fd, short events, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = events};
	int rc;

	do
		rc = poll(&p, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 0)
		errno = ETIMEDOUT;
	return rc > 0 ? 0 : -1;
}

static int wire_io(int fd, void *buf, size_t len, bool out, int timeout_ms)
{
	uint8_t *p = buf;
	ssize_t n;

	/* Bounded by len and by the timeout of each wait. */
	while (len > 0) {
		if (wire_wait(fd, out ? POLLOUT : POLLIN, timeout_ms) < 0)
			return -1;
		n = out ? send(fd, p, len, MSG_NOSIGNAL) : recv(fd, p, len, 0);
		if (n == 0)
			return errno = ECONNRESET, -1;
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One non-blocking connect to one address, bounded by timeout_ms. */
static int wire_connect_one(const struct addrinfo *ai, int timeout_ms)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK,
			ai->ai_protocol);
	int one = 1, soerr = 0;
	socklen_t sl = sizeof(soerr);

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
	    errno != EINPROGRESS)
		goto err;
	if (wire_wait(fd, POLLOUT, timeout_ms) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		goto err;
	if (soerr) {
		errno = soerr;
		goto err;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
err:
	soerr = errno;
	close(fd);
	errno = soerr;
	return -1;
}

static int wire_connect(struct backup_conn *c, const char *servers,
			int timeout_ms, char *err, size_t errlen)
{
	char host[256], *colon;
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
	size_t len = strcspn(servers, ",");
	int rc;

	if (len >= sizeof(host))
		len = sizeof(host) - 1;
	memcpy(host, servers, len);
	host[len] = '\0';
	snprintf(c->name, sizeof(c->name), "%s", host);
	if (!(colon = strrchr(host, ':')) || !colon[1])
		return snprintf(err, errlen, "%s: expected HOST:PORT", host),
		       -1;
	*colon = '\0';
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0)
		return snprintf(err, errlen, "cannot resolve %s: %s", c->name,
				gai_strerror(rc)),
		       -1;
	c->fd = -1;
	for (ai = res; ai && c->fd < 0; ai = ai->ai_next)
		c->fd = wire_connect_one(ai, timeout_ms);
	freeaddrinfo(res);
	if (c->fd < 0)
		return snprintf(err, errlen, "cannot connect to %s: %s",
				c->name, strerror(errno)),
		       -1;
	return 0;
}

static int wire_send(struct backup_conn *c, const ProtobufCMessage *m,
		     char *err, size_t errlen)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t *buf = malloc(len + FRAME_HEADER_SIZE);
	int rc;

	if (!buf)
		return snprintf(err, errlen, "out of memory"), -1;
	frame_put_header(buf, (uint32_t)len);
	protobuf_c_message_pack(m, buf + FRAME_HEADER_SIZE);
	rc = wire_io(c->fd, buf, len + FRAME_HEADER_SIZE, true, 10000);
	free(buf);
	if (rc < 0)
		snprintf(err, errlen, "cannot send to %s: %s", c->name,
			 strerror(errno));
	return rc;
}

/* One frame's payload, malloc'd. */
static uint8_t *wire_recv(struct backup_conn *c, size_t *len, int timeout_ms,
			  char *err, size_t errlen)
{
	uint8_t hdr[FRAME_HEADER_SIZE], *buf;
	uint32_t n;

	if (wire_io(c->fd, hdr, sizeof(hdr), false, timeout_ms) < 0) {
		snprintf(err, errlen, "connection to %s lost: %s", c->name,
			 strerror(errno));
		return NULL;
	}
	if (frame_peek(hdr, sizeof(hdr), BACKUP_WIRE_MAX, &n) ==
	    FRAME_TOO_LARGE) {
		snprintf(err, errlen,
			 "%s sent a frame of %u bytes (more "
			 "than %u)",
			 c->name, n, BACKUP_WIRE_MAX);
		return NULL;
	}
	if (!(buf = malloc(n ? n : 1))) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (wire_io(c->fd, buf, n, false, timeout_ms) < 0) {
		snprintf(err, errlen, "connection to %s lost: %s", c->name,
			 strerror(errno));
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static int wire_hello(struct backup_conn *c, const char *cluster,
		      const struct backup_login *login, int timeout_ms,
		      char *err, size_t errlen)
{
	Graphd__ClientHello h = GRAPHD__CLIENT_HELLO__INIT;
	Graphd__ServerHello *sh;
	uint8_t *buf;
	size_t len;
	int rc = -1;

	h.protocol_version = BACKUP_WIRE_PROTOCOL;
	h.cluster_name = (char *)cluster;
	h.client_name = (char *)"graphctl backup";
	if (login && login->user) {
		h.user = (char *)login->user;
		h.password = (char *)(login->password ? login->password : "");
	}
	if (wire_send(c, &h.base, err, errlen) < 0 ||
	    !(buf = wire_recv(c, &len, timeout_ms, err, errlen)))
		return -1;
	sh = graphd__server_hello__unpack(NULL, len, buf);
	free(buf);
	if (!sh)
		snprintf(err, errlen,
			 "%s did not answer with a ServerHello "
			 "(is it a graphd client port?)",
			 c->name);
	else if (sh->error && sh->error->code != GRAPHD__ERROR_CODE__OK)
		snprintf(err, errlen, "%s refused the connection: %s", c->name,
			 sh->error->message);
	else {
		c->server_id = sh->server_id;
		snprintf(c->mode, sizeof(c->mode), "%s", sh->mode);
		rc = 0;
	}
	if (sh)
		graphd__server_hello__free_unpacked(sh, NULL);
	return rc;
}

int backup_wire_open(struct backup_conn *c, const char *servers,
		     const char *cluster, const struct backup_login *login,
		     int timeout_ms, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (wire_connect(c, servers, timeout_ms, err, errlen) < 0 ||
	    wire_hello(c, cluster, login, timeout_ms, err, errlen) < 0) {
		backup_wire_close(c);
		return -1;
	}
	return 0;
}

int backup_wire_send(struct backup_conn *c, const Graphd__Request *req,
		     char *err, size_t errlen)
{
	return wire_send(c, &req->base, err, errlen);
}

Graphd__Response *backup_wire_recv(struct backup_conn *c, int timeout_ms,
				   char *err, size_t errlen)
{
	Graphd__Response *r;
	uint8_t *buf;
	size_t len;

	if (!(buf = wire_recv(c, &len, timeout_ms, err, errlen)))
		return NULL;
	r = graphd__response__unpack(NULL, len, buf);
	free(buf);
	if (!r)
		snprintf(err, errlen,
			 "%s sent a frame that is not a "
			 "Response",
			 c->name);
	return r;
}

void backup_wire_close(struct backup_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
