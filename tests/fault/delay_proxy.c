/* delay_proxy.c: a TCP relay that delays what it forwards, for the fault
 * suite's slow-network schedules when the kernel has no sch_netem (tc
 * netem). It sits in front of one instance's cluster port: every byte
 * through it is held for the connection's delay before it is passed on.
 * Each connection gets its own share of the delay (20-100 %, drawn when it
 * is accepted), so what two connections carry is reordered between them;
 * within a connection the order is TCP's. Data already taken in is still
 * delivered, late, after the side that sent it went away (closed, killed):
 * a store copy from a master that has since died can arrive after its
 * successor's messages.
 *
 * usage: delay_proxy LISTEN_HOST:PORT TARGET_HOST:PORT BASE_MS SLOW_MS SEED
 *                    [CONTROL_FILE]
 * The delay is BASE_MS until SIGUSR1 (SLOW_MS from then on); SIGUSR2 sets
 * it back to BASE_MS; SIGTERM ends it. On SIGHUP it reads CONTROL_FILE:
 * "hold ADDR MIN" holds what a connection from ADDR (an IPv4 address) sends
 * towards the target from its first read of MIN bytes or more on (0: at
 * once, what it took in already included), taken in but not passed on,
 * however late,
 * until "release" (anything else): an instance's store copy stuck on one
 * link while the cluster moves on, then delivered (the latecopy fault). It prints
 * "delay_proxy: listening" once ready. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DP_MAX_CONNS 64
#define DP_CHUNK     65536
/* Bytes held per direction beyond which it stops reading (the sender then
 * sees TCP backpressure, as on a slow link). */
#define DP_MAX_HELD (32u << 20)

struct dp_chunk {
	struct dp_chunk *next;
	int64_t due_ms;
	size_t len, off;
	char data[];
};

/* One direction of a relayed connection: from fd `from` to fd `to`. */
struct dp_dir {
	struct dp_chunk *head, *tail;
	size_t held;
	bool eof; /* from sent FIN or failed: deliver what is held, then FIN */
	bool fin; /* FIN passed on */
	int64_t last_due;
};

struct dp_conn {
	int fd[2];	      /* 0: accepted (client), 1: to the target */
	struct dp_dir dir[2]; /* dir[i]: read from fd[i], written to fd[1-i] */
	unsigned share;	      /* percent of the delay this connection gets */
	struct in_addr peer;  /* the client's address */
	bool holding;	      /* dir[0] held (the control file's "hold") */
	bool used;
};

static volatile sig_atomic_t dp_slow, dp_stop, dp_control;
static struct in_addr dp_hold; /* 0: nothing held */
static size_t dp_hold_min;
static struct dp_conn dp_conns[DP_MAX_CONNS];

static void dp_sig(int sig)
{
	if (sig == SIGUSR1)
		dp_slow = 1;
	else if (sig == SIGUSR2)
		dp_slow = 0;
	else if (sig == SIGHUP)
		dp_control = 1;
	else
		dp_stop = 1;
}

static int64_t dp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int dp_addr(const char *s, struct sockaddr_in *sin)
{
	const char *colon = strrchr(s, ':');
	char host[64];

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*sin = (struct sockaddr_in){.sin_family = AF_INET,
				    .sin_port = htons((uint16_t)atoi(colon + 1))};
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

static void dp_dir_free(struct dp_dir *d)
{
	while (d->head) {
		struct dp_chunk *c = d->head;

		d->head = c->next;
		free(c);
	}
	*d = (struct dp_dir){0};
}

static void dp_close(struct dp_conn *c)
{
	for (int i = 0; i < 2; i++) {
		if (c->fd[i] >= 0)
			close(c->fd[i]);
		dp_dir_free(&c->dir[i]);
	}
	*c = (struct dp_conn){.fd = {-1, -1}};
}

/* A new client: connect (blocking, bounded by the kernel's SYN retries on
 * a local address, i.e. refused at once when the instance is down) to the
 * target and start relaying. */
static void dp_accept(int lfd, const struct sockaddr_in *target,
		      unsigned *seed)
{
	struct sockaddr_in from = {0};
	socklen_t flen = sizeof(from);
	int cfd = accept4(lfd, (struct sockaddr *)&from, &flen, SOCK_NONBLOCK);
	int tfd, one = 1, i;

	if (cfd < 0)
		return;
	for (i = 0; i < DP_MAX_CONNS && dp_conns[i].used; i++)
		;
	tfd = i < DP_MAX_CONNS ? socket(AF_INET, SOCK_STREAM, 0) : -1;
	if (tfd < 0 ||
	    connect(tfd, (const struct sockaddr *)target, sizeof(*target)) <
		0) {
		if (tfd >= 0)
			close(tfd);
		close(cfd);
		return;
	}
	fcntl(tfd, F_SETFL, fcntl(tfd, F_GETFL) | O_NONBLOCK);
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(tfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	dp_conns[i] = (struct dp_conn){.fd = {cfd, tfd},
				       .share = 20 + rand_r(seed) % 81,
				       .peer = from.sin_addr,
				       .used = true};
}

/* Takes what fd[i] has into dir[i], each read stamped with its due time. */
static void dp_read(struct dp_conn *c, int i, const unsigned *ms)
{
	struct dp_dir *d = &c->dir[i];
	struct dp_chunk *ch;
	ssize_t r;

	if (d->eof || d->held >= DP_MAX_HELD)
		return;
	if (!(ch = malloc(sizeof(*ch) + DP_CHUNK)))
		return;
	r = recv(c->fd[i], ch->data, DP_CHUNK, 0);
	if (r <= 0) {
		free(ch);
		if (r == 0 || (errno != EAGAIN && errno != EINTR))
			d->eof = true;
		return;
	}
	if (i == 0 && !c->holding && dp_hold.s_addr != 0 &&
	    c->peer.s_addr == dp_hold.s_addr && (size_t)r >= dp_hold_min) {
		c->holding = true;
		printf("delay_proxy: holding from a read of %zd bytes on\n", r);
		fflush(stdout);
	}
	ch->len = (size_t)r;
	ch->off = 0;
	ch->next = NULL;
	ch->due_ms = dp_now_ms() + (int64_t)ms[dp_slow] * c->share / 100;
	if (ch->due_ms < d->last_due)
		ch->due_ms = d->last_due;
	d->last_due = ch->due_ms;
	if (d->tail)
		d->tail->next = ch;
	else
		d->head = ch;
	d->tail = ch;
	d->held += ch->len;
}

/* Drops what dir[i] holds: its receiver fd[1-i] is gone. */
static void dp_drop(struct dp_conn *c, int i)
{
	dp_dir_free(&c->dir[i]);
	c->dir[i].eof = c->dir[i].fin = true;
}

/* What the client sends is held (the control file's "hold"). */
static bool dp_held(const struct dp_conn *c, int i)
{
	return i == 0 && c->holding;
}

/* Passes on what is due from dir[i] to fd[1-i]; once the sender finished
 * and everything is delivered, passes its FIN on. */
static void dp_write(struct dp_conn *c, int i, int64_t now)
{
	struct dp_dir *d = &c->dir[i];
	int to = c->fd[1 - i];

	if (dp_held(c, i))
		return;
	while (d->head && d->head->due_ms <= now) {
		struct dp_chunk *ch = d->head;
		ssize_t w = send(to, ch->data + ch->off, ch->len - ch->off,
				 MSG_NOSIGNAL);

		if (w < 0) {
			if (errno != EAGAIN && errno != EINTR)
				dp_drop(c, i);
			return;
		}
		ch->off += (size_t)w;
		if (ch->off < ch->len)
			return;
		d->held -= ch->len;
		d->head = ch->next;
		if (!d->head)
			d->tail = NULL;
		free(ch);
	}
	if (d->eof && !d->head && !d->fin) {
		shutdown(to, SHUT_WR);
		d->fin = true;
	}
}

/* The poll set: the listener, then both fds of every connection; and how
 * long until the next chunk is due. */
static nfds_t dp_pollset(struct pollfd *p, int lfd, int *timeout)
{
	int64_t now = dp_now_ms(), next = now + 1000;
	nfds_t n = 1;

	p[0] = (struct pollfd){.fd = lfd, .events = POLLIN};
	for (int i = 0; i < DP_MAX_CONNS; i++) {
		struct dp_conn *c = &dp_conns[i];

		for (int j = 0; j < 2; j++) {
			struct dp_dir *d = &c->dir[j];
			short ev = 0;

			/* Done with both ways: not polled (a shut socket
			 * would report POLLHUP again and again). */
			if (!c->used || (d->eof && c->dir[1 - j].fin)) {
				p[n++] = (struct pollfd){.fd = -1};
				continue;
			}
			if (!d->eof && d->held < DP_MAX_HELD)
				ev |= POLLIN;
			if (c->dir[1 - j].head && !dp_held(c, 1 - j) &&
			    c->dir[1 - j].head->due_ms <= now)
				ev |= POLLOUT;
			if (d->head && !dp_held(c, j) && d->head->due_ms < next)
				next = d->head->due_ms;
			p[n++] = (struct pollfd){.fd = c->fd[j], .events = ev};
		}
	}
	*timeout = next > now ? (int)(next - now) : 0;
	return n;
}

static void dp_step(int lfd, const struct sockaddr_in *target,
		    const unsigned *ms, unsigned *seed)
{
	struct pollfd p[1 + 2 * DP_MAX_CONNS];
	int timeout;
	nfds_t n = dp_pollset(p, lfd, &timeout);

	if (poll(p, n, timeout) < 0)
		return;
	if (p[0].revents & POLLIN)
		dp_accept(lfd, target, seed);
	for (int i = 0; i < DP_MAX_CONNS; i++) {
		struct dp_conn *c = &dp_conns[i];
		int64_t now = dp_now_ms();

		if (!c->used)
			continue;
		for (int j = 0; j < 2; j++) {
			short re = p[1 + 2 * i + j].revents;

			if (re & POLLIN)
				dp_read(c, j, ms);
			/* Reset, or fully shut with nothing left to read:
			 * nothing more comes from it and nothing can be
			 * delivered to it. */
			if ((re & POLLERR) || (re & (POLLHUP | POLLIN)) == POLLHUP) {
				c->dir[j].eof = true;
				dp_drop(c, 1 - j);
			}
		}
		dp_write(c, 0, now);
		dp_write(c, 1, now);
		if (c->dir[0].fin && c->dir[1].fin)
			dp_close(c);
	}
}

/* SIGHUP: what to hold, from the control file (see the usage above). */
static void dp_read_control(const char *path)
{
	char line[80] = "", addr[64];
	FILE *f = path ? fopen(path, "r") : NULL;

	dp_control = 0;
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	dp_hold.s_addr = 0;
	if (sscanf(line, "hold %63s %zu", addr, &dp_hold_min) == 2 &&
	    inet_pton(AF_INET, addr, &dp_hold) != 1)
		dp_hold.s_addr = 0;
	for (int i = 0; i < DP_MAX_CONNS; i++)
		dp_conns[i].holding =
		    dp_hold.s_addr && dp_hold_min == 0 && dp_conns[i].used &&
		    dp_conns[i].peer.s_addr == dp_hold.s_addr;
	if (dp_hold.s_addr)
		printf("delay_proxy: to hold what %s sends from a read of %zu "
		       "bytes on\n",
		       addr, dp_hold_min);
	else
		printf("delay_proxy: holding nothing\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sockaddr_in lsin, target;
	struct sigaction sa = {.sa_handler = dp_sig};
	unsigned seed, ms[2]; /* base, slow */
	int lfd, one = 1;

	if ((argc != 6 && argc != 7) || dp_addr(argv[1], &lsin) < 0 ||
	    dp_addr(argv[2], &target) < 0) {
		fprintf(stderr, "usage: delay_proxy LISTEN_HOST:PORT "
				"TARGET_HOST:PORT BASE_MS SLOW_MS SEED "
				"[CONTROL_FILE]\n");
		return 2;
	}
	ms[0] = (unsigned)strtoul(argv[3], NULL, 10);
	ms[1] = (unsigned)strtoul(argv[4], NULL, 10);
	seed = (unsigned)strtoul(argv[5], NULL, 10);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (int i = 0; i < DP_MAX_CONNS; i++)
		dp_conns[i] = (struct dp_conn){.fd = {-1, -1}};
	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(lfd, (struct sockaddr *)&lsin, sizeof(lsin)) < 0 ||
	    listen(lfd, 64) < 0) {
		fprintf(stderr, "delay_proxy: cannot listen on %s: %s\n",
			argv[1], strerror(errno));
		return 1;
	}
	printf("delay_proxy: listening on %s for %s\n", argv[1], argv[2]);
	fflush(stdout);
	while (!dp_stop) {
		if (dp_control)
			dp_read_control(argc == 7 ? argv[6] : NULL);
		dp_step(lfd, &target, ms, &seed);
	}
	return 0;
}
