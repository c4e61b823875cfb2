/* fault_http.c: a minimal HTTP/1.1 client for the fault suite's
 * session-less writers: one connection per request (Connection: close), a
 * deadline over the whole exchange, the answer parsed with jansson. */
#include "fault_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FH_MAX_ANSWER (1u << 20) /* a fault-suite answer is a few KiB */

static int64_t fh_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for EVENTS on fd until the deadline. Returns 1 ready, 0 timed out,
 * -1 on a poll error. */
static int fh_wait(int fd, short events, int64_t deadline)
{
	struct pollfd p = {.fd = fd, .events = events};
	int64_t left;
	int r;

	do {
		left = deadline - fh_now_ms();
		if (left <= 0)
			return 0;
		r = poll(&p, 1, (int)left);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -1 : r;
}

/* A non-blocking TCP connection to host:port, connected before the
 * deadline; -1 with why filled otherwise. */
static int fh_connect(const char *addr, int64_t deadline, char *why,
		      size_t whylen)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	const char *colon = strrchr(addr, ':');
	char host[64];
	int fd, err = 0;
	socklen_t elen = sizeof(err);

	if (!colon || (size_t)(colon - addr) >= sizeof(host)) {
		snprintf(why, whylen, "bad address %s", addr);
		return -1;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	sin.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		snprintf(why, whylen, "bad IPv4 address %s", host);
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0) {
		snprintf(why, whylen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		err = errno;
	} else if (fh_wait(fd, POLLOUT, deadline) <= 0) {
		err = ETIMEDOUT;
	} else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0) {
		err = errno;
	}
	if (err) {
		snprintf(why, whylen, "connect to %s: %s", addr, strerror(err));
		close(fd);
		return -1;
	}
	return fd;
}

static int fh_send_all(int fd, const char *buf, size_t len, int64_t deadline)
{
	while (len > 0) {
		ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);

		if (w > 0) {
			buf += w;
			len -= (size_t)w;
		} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
			return -1;
		} else if (fh_wait(fd, POLLOUT, deadline) <= 0) {
			return -1;
		}
	}
	return 0;
}

/* Reads until the peer closes (we sent Connection: close) or the deadline.
 * Returns the length read, -1 when the answer did not end in time. */
static ssize_t fh_recv_all(int fd, char *buf, size_t cap, int64_t deadline)
{
	size_t len = 0;

	for (;;) {
		ssize_t r;

		if (len + 1 >= cap)
			return -1;
		r = recv(fd, buf + len, cap - len - 1, 0);
		if (r == 0)
			break;
		if (r > 0) {
			len += (size_t)r;
			continue;
		}
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		if (fh_wait(fd, POLLIN, deadline) <= 0)
			return -1;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

/* Status line, X-Graphd-Txn and Content-Length; the body after them. */
static enum fh_outcome fh_parse(char *buf, size_t len, struct fh_reply *rep)
{
	char *body = strstr(buf, "\r\n\r\n"), *line, *save = NULL;
	size_t clen = SIZE_MAX;

	if (!body || sscanf(buf, "HTTP/1.%*d %d", &rep->status) != 1) {
		snprintf(rep->why, sizeof(rep->why), "not an HTTP answer");
		return FH_NO_ANSWER;
	}
	*body = '\0';
	body += 4;
	for (line = strtok_r(buf, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (!strncasecmp(line, "X-Graphd-Txn:", 13))
			rep->txn = strtoull(line + 13, NULL, 10);
		else if (!strncasecmp(line, "Content-Length:", 15))
			clen = strtoull(line + 15, NULL, 10);
	}
	if (clen != SIZE_MAX && clen != len - (size_t)(body - buf)) {
		snprintf(rep->why, sizeof(rep->why),
			 "answer cut off (%zu of %zu body bytes)",
			 len - (size_t)(body - buf), clen);
		return FH_NO_ANSWER;
	}
	rep->body = json_loads(body, 0, NULL);
	return FH_ANSWER;
}

static char *fh_request_text(const char *addr, const char *stmt,
			     json_t *params, bool linearizable)
{
	json_t *req = json_pack("{s:[{s:s,s:O}]}", "statements", "statement",
				stmt, "parameters", params);
	char *body = req ? json_dumps(req, JSON_COMPACT) : NULL, *text = NULL;

	json_decref(req);
	if (body &&
	    asprintf(&text,
		     "POST /db/neo4j/tx/commit HTTP/1.1\r\nHost: %s\r\n"
		     "Content-Type: application/json\r\n"
		     "Accept: application/json\r\n%s"
		     "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
		     addr,
		     linearizable ? "X-Graphd-Linearizable: true\r\n" : "",
		     strlen(body), body) < 0)
		text = NULL;
	free(body);
	return text;
}

enum fh_outcome fh_commit(const char *addr, const char *stmt, json_t *params,
			  bool linearizable, unsigned timeout_ms,
			  struct fh_reply *rep)
{
	int64_t deadline = fh_now_ms() + timeout_ms;
	char *text = fh_request_text(addr, stmt, params, linearizable);
	char *buf = malloc(FH_MAX_ANSWER);
	enum fh_outcome out = FH_NO_ANSWER;
	ssize_t len;
	int fd = -1;

	*rep = (struct fh_reply){0};
	if (!text || !buf) {
		snprintf(rep->why, sizeof(rep->why), "out of memory");
		goto out;
	}
	if ((fd = fh_connect(addr, deadline, rep->why, sizeof(rep->why))) < 0) {
		out = FH_NOT_SENT;
		goto out;
	}
	if (fh_send_all(fd, text, strlen(text), deadline) < 0) {
		snprintf(rep->why, sizeof(rep->why), "sending to %s failed",
			 addr);
		goto out;
	}
	if ((len = fh_recv_all(fd, buf, FH_MAX_ANSWER, deadline)) < 0) {
		snprintf(rep->why, sizeof(rep->why),
			 "no whole answer from %s within %u ms", addr,
			 timeout_ms);
		goto out;
	}
	out = fh_parse(buf, (size_t)len, rep);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(buf);
	return out;
}
