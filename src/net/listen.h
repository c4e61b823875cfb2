/* listen.h: a TCP listener on a configured address, and peer addresses as
 * text, shared by the client port and the cluster port. */
#ifndef GRAPHD_NET_LISTEN_H
#define GRAPHD_NET_LISTEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <event2/listener.h>

/* Binds host:port (port 0: any free port) and accepts with cb. On failure
 * returns NULL with err = "cannot listen for WHAT on host:port: reason". */
struct evconnlistener *net_listen(struct event_base *base, const char *host,
				  uint16_t port, const char *what,
				  evconnlistener_cb cb, void *arg, char *err,
				  size_t errlen);
/* The port a listener is bound to (0 when unknown). */
uint16_t net_listen_port(struct evconnlistener *l);
/* "127.0.0.1:53211" or "[::1]:53211". */
void net_format_sockaddr(const struct sockaddr *sa, char *buf, size_t len);
/* "host:port", bracketing an IPv6 host. */
void net_format_addr(char *buf, size_t len, const char *host, unsigned port);

#endif
