/* freeport.c: prints N distinct free TCP ports on 127.0.0.1, one per line.
 *
 * The cluster tests need fixed port numbers (they are written into every
 * instance's ha.initial_hosts before any instance starts). All N sockets are
 * bound to port 0 at the same time, so the kernel hands out N different
 * ports; they are closed before printing. Another process may still take one
 * before graphd binds it: lib.sh retries a start that hit a collision.
 *
 * usage: freeport N            (1 <= N <= 256)
 *        freeport --check PORT...  (exit 0 when every PORT can be bound now;
 *                                   for tests of fixed-port scripts) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FREEPORT_MAX 256

/* Binds 127.0.0.1:*port (0: any) and sets *port to the bound one. */
static int bind_port(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(*port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static int check_ports(int n, char **argv)
{
	for (int i = 0; i < n; i++) {
		long p = strtol(argv[i], NULL, 10);
		uint16_t port = (uint16_t)p;
		int fd;

		if (p < 1 || p > 65535 || (fd = bind_port(&port)) < 0)
			return 1;
		close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fds[FREEPORT_MAX];
	uint16_t ports[FREEPORT_MAX];
	long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	int rc = 0;

	if (argc > 2 && strcmp(argv[1], "--check") == 0)
		return check_ports(argc - 2, argv + 2);
	if (n < 1 || n > FREEPORT_MAX) {
		fprintf(stderr,
			"usage: freeport N   (1..%d)\n"
			"       freeport --check PORT...\n",
			FREEPORT_MAX);
		return 2;
	}
	for (long i = 0; i < n; i++) {
		ports[i] = 0;
		if ((fds[i] = bind_port(&ports[i])) < 0) {
			perror("freeport: bind 127.0.0.1:0");
			n = i;
			rc = 1;
			break;
		}
	}
	for (long i = 0; i < n; i++)
		close(fds[i]);
	for (long i = 0; rc == 0 && i < n; i++)
		printf("%u\n", (unsigned)ports[i]);
	return rc;
}
