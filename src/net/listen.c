/* listen.c: TCP listeners and address text for the client and cluster
 * ports. */
#include "net/listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#define NET_BACKLOG 128

struct evconnlistener *net_listen(struct event_base *base, const char *host,
				  uint16_t port, const char *what,
				  evconnlistener_cb cb, void *arg, char *err,
				  size_t errlen)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *ai = NULL;
	struct evconnlistener *l;
	char portstr[8];
	int rc;

	snprintf(portstr, sizeof(portstr), "%u", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &ai)) != 0) {
		snprintf(err, errlen, "cannot resolve %s for %s: %s", host,
			 what, gai_strerror(rc));
		return NULL;
	}
	l = evconnlistener_new_bind(
	    base, cb, arg, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE,
	    NET_BACKLOG, ai->ai_addr, (int)ai->ai_addrlen);
	freeaddrinfo(ai);
	if (!l)
		snprintf(err, errlen, "cannot listen for %s on %s:%u: %s", what,
			 host, port, strerror(errno));
	return l;
}

uint16_t net_listen_port(struct evconnlistener *l)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&ss,
			&len) < 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

void net_format_addr(char *buf, size_t len, const char *host, unsigned port)
{
	if (strchr(host, ':'))
		snprintf(buf, len, "[%s]:%u", host, port);
	else
		snprintf(buf, len, "%s:%u", host, port);
}

void net_format_sockaddr(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		net_format_addr(buf, len, host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		net_format_addr(buf, len, host, ntohs(in6->sin6_port));
	} else {
		snprintf(buf, len, "unknown peer");
	}
}
