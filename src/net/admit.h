/* admit.h: admission control for one listener: a cap on open connections,
 * accept back-off when the process runs out of file descriptors, answers to
 * refused clients, and warnings limited to one line per interval per kind,
 * so that no flood of connections can fill messages.log or spin the loop. */
#ifndef GRAPHD_NET_ADMIT_H
#define GRAPHD_NET_ADMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/listener.h>

/* Each kind of admission warning is logged at most once per interval. */
#define NET_ADMIT_LOG_INTERVAL_MS 10000

enum net_admit_kind {
	NET_ADMIT_OVER_CAP,	 /* refused: dbms.connector.max_connections */
	NET_ADMIT_NO_FDS,	 /* accept failed: out of file descriptors */
	NET_ADMIT_ACCEPT,	 /* accept failed for another reason */
	NET_ADMIT_PRELOGIN,	 /* closed before its handshake: a bad frame */
	NET_ADMIT_PRELOGIN_SIZE, /* ... a frame over the pre-login limit */
	NET_ADMIT_DEADLINE, /* closed: handshake or request deadline passed */
	NET_ADMIT_N_KINDS,
};

struct net_admit_log {
	uint64_t last_ms;    /* when the last line was written, 0: never */
	uint64_t suppressed; /* events since then that wrote no line */
};

struct net_admit_linger;

struct net_admit {
	struct event_base *base;
	struct evconnlistener *l;
	char what[32]; /* "client", "cluster", "HTTP": for log lines */
	unsigned port;
	unsigned max_conns, n_conns;
	struct event *resume; /* re-enables the listener after a back-off */
	unsigned backoff_ms;  /* 0 while accepting normally */
	uint64_t turned_away; /* out of descriptors since the last line */
	int reserve_fd;	      /* closed to shed a pending connection */
	struct net_admit_linger *lingering;
	unsigned n_lingering;
	struct net_admit_log log[NET_ADMIT_N_KINDS];
	evconnlistener_cb cb; /* the owner's accept callback, or NULL */
	void *arg;
};

/* Listens on host:port for_whom (see net_listen) with a cap of max_conns;
 * what names the port in log lines ("client");
 * accepted sockets go to cb(l, fd, sa, salen, arg). On failure returns -1
 * with err set. a must stay put until net_admit_close. */
int net_admit_listen(struct net_admit *a, struct event_base *base,
		     const char *host, uint16_t port, const char *for_whom,
		     const char *what, unsigned max_conns, evconnlistener_cb cb,
		     void *arg, char *err, size_t errlen);
/* Takes a listener whose callback belongs to someone else (evhttp): only
 * the cap, the back-off and the warnings apply. */
int net_admit_attach(struct net_admit *a, struct evconnlistener *l,
		     const char *what, unsigned max_conns, char *err,
		     size_t errlen);
/* Stops the back-off timer, closes lingering refusals; frees the listener
 * when free_listener. */
void net_admit_close(struct net_admit *a, bool free_listener);

/* A new connection: counts it and returns true under the cap; false (not
 * counted) when the cap is reached: refuse it. */
bool net_admit_enter(struct net_admit *a);
/* A counted connection closed. */
void net_admit_leave(struct net_admit *a);

/* Answers a refused socket with msg (one small write, it is fresh),
 * closes its sending side and closes it once the client has read the
 * answer and hung up (at most a second), so the answer is not lost to a
 * reset. Takes fd. Logs the refusal (rate limited) as over the cap. */
void net_admit_refuse(struct net_admit *a, evutil_socket_t fd, const char *peer,
		      const void *msg, size_t len);

/* One warning of kind k: written (true) when none of its kind was in the
 * last interval, else counted and mentioned on the next line of that kind. */
bool net_admit_warn(struct net_admit *a, enum net_admit_kind k, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/* True when a line for kind k is due at now_ms (and marks it written);
 * else counts the event. Pure: for tests. *suppressed: events counted
 * since the previous line. */
bool net_admit_log_due(struct net_admit_log *lg, uint64_t now_ms,
		       uint64_t *suppressed);

#endif
