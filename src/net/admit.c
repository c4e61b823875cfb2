/* admit.c: admission control for one listener (see admit.h).
 *
 * Running out of file descriptors is the one accept error that repeats at
 * once: the pending connection stays in the backlog and the listening
 * socket stays readable, so a listener left enabled spins the loop and logs
 * a line per turn (the issue found 617,264 lines in 30 s). Here the
 * listener is disabled for a back-off (100 ms doubling to 1 s) and one line
 * per interval says how many attempts were turned away. A reserve
 * descriptor is given up for a moment to accept and close what waits, so
 * those clients learn at once instead of hanging in the backlog (the
 * approach memcached and libuv take). */
#include "net/admit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/listen.h"
#include "util/log.h"

#define ADMIT_BACKOFF_MIN_MS 100
#define ADMIT_BACKOFF_MAX_MS 1000
/* Pending connections shed per failed accept (each takes the reserve). */
#define ADMIT_SHED_MAX 32
/* Refused sockets waiting for their client to read the answer. Beyond
 * this they are closed at once: a flood must not hold descriptors. */
#define ADMIT_LINGER_MAX 64
#define ADMIT_LINGER_MS	 1000

struct net_admit_linger {
	struct net_admit *a;
	struct net_admit_linger *prev, *next;
	struct event *ev;
	evutil_socket_t fd;
};

/* evhttp takes the listener's callback argument for itself, so the error
 * callback of an attached listener finds its admission state here. */
#define ADMIT_ATTACHED_MAX 8
static struct net_admit *admit_attached[ADMIT_ATTACHED_MAX];

static uint64_t admit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool net_admit_log_due(struct net_admit_log *lg, uint64_t now_ms,
		       uint64_t *suppressed)
{
	if (lg->last_ms != 0 &&
	    now_ms - lg->last_ms < NET_ADMIT_LOG_INTERVAL_MS) {
		lg->suppressed++;
		return false;
	}
	*suppressed = lg->suppressed;
	lg->suppressed = 0;
	lg->last_ms = now_ms ? now_ms : 1;
	return true;
}

bool net_admit_warn(struct net_admit *a, enum net_admit_kind k, const char *fmt,
		    ...)
{
	uint64_t more;
	char line[600];
	va_list ap;

	if (!net_admit_log_due(&a->log[k], admit_now_ms(), &more))
		return false;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (more)
		log_warn("%s (and %" PRIu64 " more like it on the %s port "
			 "since the last such line; at most one a %d s)",
			 line, more, a->what, NET_ADMIT_LOG_INTERVAL_MS / 1000);
	else
		log_warn("%s", line);
	return true;
}

/* ------------------------------------------------------ descriptors out */

static void admit_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_admit *a = arg;

	(void)fd;
	(void)what;
	evconnlistener_enable(a->l);
}

/* Accepts and closes what waits in the backlog, on the reserve descriptor. */
static void admit_shed(struct net_admit *a)
{
	evutil_socket_t lfd = evconnlistener_get_fd(a->l);

	if (a->reserve_fd < 0)
		return;
	close(a->reserve_fd);
	a->reserve_fd = -1;
	for (int i = 0; i < ADMIT_SHED_MAX; i++) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			break;
		close(fd);
		a->turned_away++;
	}
	a->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static void admit_out_of_fds(struct net_admit *a, int err)
{
	struct rlimit rl = {0, 0};
	struct timeval tv;

	a->turned_away++;
	admit_shed(a);
	a->backoff_ms =
	    a->backoff_ms ? a->backoff_ms * 2 : ADMIT_BACKOFF_MIN_MS;
	if (a->backoff_ms > ADMIT_BACKOFF_MAX_MS)
		a->backoff_ms = ADMIT_BACKOFF_MAX_MS;
	evconnlistener_disable(a->l);
	tv.tv_sec = a->backoff_ms / 1000;
	tv.tv_usec = (a->backoff_ms % 1000) * 1000;
	evtimer_add(a->resume, &tv);
	getrlimit(RLIMIT_NOFILE, &rl);
	if (net_admit_warn(
		a, NET_ADMIT_NO_FDS,
		"Out of file descriptors accepting %s connections on "
		"port %u (%s; open files limit %llu): %" PRIu64
		" connection attempts turned away; not accepting for "
		"%u ms, then again (raise ulimit -n or lower "
		"dbms.connector.max_connections = %u)",
		a->what, a->port, strerror(err),
		(unsigned long long)rl.rlim_cur, a->turned_away, a->backoff_ms,
		a->max_conns))
		a->turned_away = 0; /* the line counted them */
}

static struct net_admit *admit_find(struct evconnlistener *l, void *arg)
{
	for (int i = 0; i < ADMIT_ATTACHED_MAX; i++)
		if (admit_attached[i] && admit_attached[i]->l == l)
			return admit_attached[i];
	return arg;
}

static void admit_error_cb(struct evconnlistener *l, void *arg)
{
	struct net_admit *a = admit_find(l, arg);
	int err = EVUTIL_SOCKET_ERROR();

	if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
		admit_out_of_fds(a, err);
		return;
	}
	net_admit_warn(a, NET_ADMIT_ACCEPT,
		       "Cannot accept a %s connection on port %u: %s; still "
		       "listening",
		       a->what, a->port, evutil_socket_error_to_string(err));
}

static void admit_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
			    struct sockaddr *sa, int salen, void *arg)
{
	struct net_admit *a = arg;

	a->cb(l, fd, sa, salen, a->arg);
}

/* ------------------------------------------------------------ lifecycle */

static int admit_init(struct net_admit *a, struct evconnlistener *l,
		      const char *what, unsigned max_conns, char *err,
		      size_t errlen)
{
	a->base = evconnlistener_get_base(l);
	a->l = l;
	snprintf(a->what, sizeof(a->what), "%s", what);
	a->port = net_listen_port(l);
	a->max_conns = max_conns;
	a->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (!(a->resume = evtimer_new(a->base, admit_resume_cb, a))) {
		snprintf(err, errlen, "cannot listen for %s: out of memory",
			 what);
		return -1;
	}
	evconnlistener_set_error_cb(l, admit_error_cb);
	return 0;
}

int net_admit_listen(struct net_admit *a, struct event_base *base,
		     const char *host, uint16_t port, const char *for_whom,
		     const char *what, unsigned max_conns, evconnlistener_cb cb,
		     void *arg, char *err, size_t errlen)
{
	struct evconnlistener *l;

	memset(a, 0, sizeof(*a));
	a->reserve_fd = -1;
	a->cb = cb;
	a->arg = arg;
	l = net_listen(base, host, port, for_whom, admit_accept_cb, a, err,
		       errlen);
	if (!l)
		return -1;
	if (admit_init(a, l, what, max_conns, err, errlen) < 0) {
		evconnlistener_free(l);
		a->l = NULL;
		return -1;
	}
	return 0;
}

int net_admit_attach(struct net_admit *a, struct evconnlistener *l,
		     const char *what, unsigned max_conns, char *err,
		     size_t errlen)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->reserve_fd = -1;
	for (i = 0; i < ADMIT_ATTACHED_MAX && admit_attached[i]; i++)
		;
	if (i == ADMIT_ATTACHED_MAX) {
		snprintf(err, errlen,
			 "cannot listen for %s: more than %d "
			 "HTTP listeners in one process",
			 what, ADMIT_ATTACHED_MAX);
		return -1;
	}
	if (admit_init(a, l, what, max_conns, err, errlen) < 0)
		return -1;
	admit_attached[i] = a;
	return 0;
}

static void admit_linger_free(struct net_admit_linger *g)
{
	struct net_admit *a = g->a;

	if (g->prev)
		g->prev->next = g->next;
	else
		a->lingering = g->next;
	if (g->next)
		g->next->prev = g->prev;
	a->n_lingering--;
	event_free(g->ev);
	evutil_closesocket(g->fd);
	free(g);
}

void net_admit_close(struct net_admit *a, bool free_listener)
{
	if (!a->base)
		return; /* never set up */
	for (int i = 0; i < ADMIT_ATTACHED_MAX; i++)
		if (admit_attached[i] == a)
			admit_attached[i] = NULL;
	/* Bounded: each turn frees the head. */
	while (a->lingering)
		admit_linger_free(a->lingering);
	if (a->resume)
		event_free(a->resume);
	a->resume = NULL;
	if (a->reserve_fd >= 0)
		close(a->reserve_fd);
	a->reserve_fd = -1;
	if (free_listener && a->l)
		evconnlistener_free(a->l);
	a->l = NULL;
}

/* ------------------------------------------------------------ the cap */

bool net_admit_enter(struct net_admit *a)
{
	/* A socket was accepted: descriptors are back. */
	a->backoff_ms = 0;
	if (a->n_conns >= a->max_conns)
		return false;
	a->n_conns++;
	return true;
}

void net_admit_leave(struct net_admit *a)
{
	if (a->n_conns > 0)
		a->n_conns--;
}

/* Reads and drops what the refused client sends until it hangs up. */
static void admit_linger_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_admit_linger *g = arg;
	char scratch[4096];
	ssize_t got;

	if (what & EV_READ) {
		got = recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT);
		if (got > 0 || (got < 0 && (errno == EAGAIN || errno == EINTR)))
			return;
	}
	admit_linger_free(g);
}

void net_admit_refuse(struct net_admit *a, evutil_socket_t fd, const char *peer,
		      const void *msg, size_t len)
{
	struct net_admit_linger *g = NULL;
	struct timeval tv = {ADMIT_LINGER_MS / 1000,
			     (ADMIT_LINGER_MS % 1000) * 1000};
	char scratch[4096];

	net_admit_warn(a, NET_ADMIT_OVER_CAP,
		       "Refusing %s connection from %s: %u connections are "
		       "open (dbms.connector.max_connections = %u); it was "
		       "answered and closed",
		       a->what, peer, a->n_conns, a->max_conns);
	evutil_make_socket_nonblocking(fd);
	/* Unread input would turn the close into a reset that can destroy
	 * the answer before the client reads it. */
	for (int i = 0; i < 16; i++)
		if (recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT) <= 0)
			break;
	if (len)
		(void)send(fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	if (a->n_lingering >= ADMIT_LINGER_MAX ||
	    !(g = calloc(1, sizeof(*g))) ||
	    !(g->ev = event_new(a->base, fd, EV_READ | EV_PERSIST,
				admit_linger_cb, g))) {
		free(g);
		evutil_closesocket(fd);
		return;
	}
	g->a = a;
	g->fd = fd;
	g->next = a->lingering;
	if (a->lingering)
		a->lingering->prev = g;
	a->lingering = g;
	a->n_lingering++;
	event_add(g->ev, &tv);
}
