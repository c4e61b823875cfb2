/* cluster.c: instances, their processes and their figures (see cluster.h). */
#include "bench/cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/graphd.h"
#include "util/config.h"

#define CLUSTER_STATUS_TIMEOUT_MS 1000
#define CLUSTER_METRICS_MAX	  (1u << 20)

void bench_sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static uint64_t cluster_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* "host:port", "[v6]:port". */
static void cluster_addr(char *buf, size_t len, const struct config_addr *a)
{
	if (strchr(a->host, ':'))
		snprintf(buf, len, "[%s]:%u", a->host, a->port);
	else
		snprintf(buf, len, "%s:%u", a->host, a->port);
}

static int cluster_dir_inst(struct bench_inst *in, const char *dir, unsigned i,
			    char *err, size_t errlen)
{
	static struct config cfg; /* large: PATH_MAX buffers */
	const struct config_addr *a = &cfg.server, *h = &cfg.http;

	snprintf(in->pidfile, sizeof(in->pidfile), "%s/%u/graphd.pid", dir, i);
	snprintf(in->stderr_path, sizeof(in->stderr_path),
		 "%s/%u/graphd.stderr", dir, i);
	/* graphd's own parser: the same keys, defaults and relative paths. */
	config_defaults(&cfg);
	if (config_load(&cfg, in->conf, err, errlen) < 0)
		return -1;
	in->id = cfg.server_id;
	in->arbiter = cfg.mode == CONFIG_MODE_ARBITER;
	cluster_addr(in->addr, sizeof(in->addr), a);
	if (h->port) /* else from DATA_DIR/graphd.http.port, once written */
		cluster_addr(in->http, sizeof(in->http), h);
	snprintf(in->data_dir, sizeof(in->data_dir), "%s", cfg.data_dir);
	if (a->port == 0) {
		snprintf(err, errlen, "%s: needs a fixed ha.server port",
			 in->conf);
		return -1;
	}
	return 0;
}

int bench_cluster_from_dir(struct bench_cluster *c, const char *dir, char *err,
			   size_t errlen)
{
	c->dir = dir;
	for (c->n = 0; c->n < BENCH_MAX_INST; c->n++) {
		struct bench_inst *in = &c->inst[c->n];

		memset(in, 0, sizeof(*in));
		snprintf(in->conf, sizeof(in->conf), "%s/%zu/graphd.conf", dir,
			 c->n + 1);
		if (access(in->conf, R_OK) != 0)
			break;
		if (cluster_dir_inst(in, dir, (unsigned)c->n + 1, err, errlen) <
		    0)
			return -1;
	}
	if (c->n == 0)
		snprintf(err, errlen,
			 "%s/1/graphd.conf not found: --dir takes a "
			 "directory laid out by contrib/local-cluster",
			 dir);
	return c->n ? 0 : -1;
}

int bench_cluster_from_list(struct bench_cluster *c, const char *servers,
			    char *err, size_t errlen)
{
	const char *p = servers;

	c->dir = NULL;
	c->n = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		struct bench_inst *in = &c->inst[c->n];

		if (c->n == BENCH_MAX_INST || len == 0 ||
		    len >= sizeof(in->addr)) {
			snprintf(err, errlen,
				 "-s %s: expected at most %d host:port "
				 "addresses separated by commas",
				 servers, BENCH_MAX_INST);
			return -1;
		}
		memset(in, 0, sizeof(*in));
		memcpy(in->addr, p, len);
		c->n++;
		p += len + (p[len] == ',');
	}
	if (c->n == 0)
		snprintf(err, errlen, "-s: no address given");
	return c->n ? 0 : -1;
}

/* The HTTP address an instance announces in DATA_DIR/graphd.http.port. */
static void cluster_http_from_data_dir(struct bench_inst *in)
{
	char path[4200];
	FILE *f;
	unsigned port = 0;
	size_t hl = strcspn(in->addr, ":");

	snprintf(path, sizeof(path), "%s/graphd.http.port", in->data_dir);
	if (!in->data_dir[0] || !(f = fopen(path, "r")))
		return;
	if (fscanf(f, "%u", &port) == 1 && port && port < 65536 && hl < 48)
		snprintf(in->http, sizeof(in->http), "%.*s:%u", (int)hl,
			 in->addr, port);
	fclose(f);
}

int bench_inst_refresh(const struct bench_cluster *c, struct bench_inst *in)
{
	struct graphd_options o = {.cluster_name = c->name,
				   .client_name = "graphd-bench",
				   .timeout_ms = CLUSTER_STATUS_TIMEOUT_MS};
	struct graphd_status s;
	struct graphd_error e = {0};
	graphd_t *g = graphd_connect(in->addr, &o, &e);
	int rc = -1;

	in->up = false;
	in->refused = !g && e.code == GRAPHD_E_REFUSED;
	if (g && graphd_status(g, &s, &e) == 0) {
		in->up = true;
		in->id = s.server_id;
		in->arbiter = strcmp(s.mode, "ARBITER") == 0;
		snprintf(in->role, sizeof(in->role), "%s", s.role);
		in->applied = s.applied_index;
		in->commit = s.commit_index;
		if (!in->data_dir[0])
			snprintf(in->data_dir, sizeof(in->data_dir), "%s",
				 s.data_dir);
		graphd_status_free(&s);
		rc = 0;
	}
	if (g)
		graphd_close(g);
	if (rc < 0)
		snprintf(in->error, sizeof(in->error), "%s", e.message);
	cluster_http_from_data_dir(in);
	return rc;
}

int bench_cluster_refresh(struct bench_cluster *c)
{
	int master = -1;

	for (size_t i = 0; i < c->n; i++)
		if (bench_inst_refresh(c, &c->inst[i]) == 0 &&
		    strcmp(c->inst[i].role, "master") == 0)
			master = (int)i;
	return master;
}

/* Every instance refused the handshake: waiting will not help. */
static bool cluster_all_refused(const struct bench_cluster *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (!c->inst[i].refused)
			return false;
	return true;
}

int bench_cluster_wait_master(struct bench_cluster *c, unsigned wait_ms)
{
	uint64_t until = cluster_now_ms() + wait_ms;
	int m;

	while ((m = bench_cluster_refresh(c)) < 0 && cluster_now_ms() < until &&
	       !cluster_all_refused(c))
		bench_sleep_ms(20);
	return m;
}

int bench_cluster_wait_applied(struct bench_cluster *c, uint64_t txn,
			       unsigned wait_ms)
{
	uint64_t until = cluster_now_ms() + wait_ms;

	for (;;) {
		bool all = true;

		bench_cluster_refresh(c);
		for (size_t i = 0; i < c->n; i++)
			if (c->inst[i].up && !c->inst[i].arbiter &&
			    c->inst[i].applied < txn)
				all = false;
		if (all)
			return 0;
		if (cluster_now_ms() >= until)
			return -1;
		bench_sleep_ms(20);
	}
}

static bool cluster_pid_alive(pid_t pid)
{
	char path[64], stat[256];
	bool zombie = false;
	FILE *f;

	if (pid <= 0 || kill(pid, 0) != 0)
		return false;
	/* An exited process not yet reaped by its parent answers kill 0. */
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r"))) {
		zombie = fgets(stat, sizeof(stat), f) && strstr(stat, ") Z ");
		fclose(f);
	}
	return !zombie;
}

pid_t bench_inst_pid(const struct bench_inst *in)
{
	FILE *f;
	long pid = 0;

	if (!in->pidfile[0] || !(f = fopen(in->pidfile, "r")))
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return cluster_pid_alive((pid_t)pid) ? (pid_t)pid : 0;
}

int bench_pid_wait_gone(pid_t pid, unsigned wait_ms)
{
	uint64_t until = cluster_now_ms() + wait_ms;

	while (cluster_pid_alive(pid)) {
		if (cluster_now_ms() >= until)
			return -1;
		bench_sleep_ms(5);
	}
	return 0;
}

/* The grandchild: graphd in a session of its own, output to stderr_path. */
static void cluster_exec_graphd(const struct bench_inst *in, const char *graphd)
{
	int fd = open(in->stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	int nul = open("/dev/null", O_RDONLY);

	if (fd < 0 || nul < 0)
		_exit(127);
	dup2(nul, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	execlp(graphd, graphd, "-c", in->conf, (char *)NULL);
	_exit(127);
}

int bench_inst_start(const struct bench_inst *in, const char *graphd)
{
	int p[2];
	pid_t child, pid = 0;
	FILE *f;

	if (!in->conf[0] || pipe(p) < 0)
		return -1;
	if ((child = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (child == 0) {
		/* Fork twice so that graphd belongs to init, like the
		 * instances contrib/local-cluster starts, and never becomes
		 * a zombie of ours. */
		close(p[0]);
		setsid();
		if ((pid = fork()) == 0) {
			close(p[1]);
			cluster_exec_graphd(in, graphd);
		}
		_exit(write(p[1], &pid, sizeof(pid)) == sizeof(pid) ? 0 : 1);
	}
	close(p[1]);
	if (read(p[0], &pid, sizeof(pid)) != sizeof(pid))
		pid = 0;
	close(p[0]);
	waitpid(child, NULL, 0);
	if (pid <= 0 || !(f = fopen(in->pidfile, "w")))
		return -1;
	fprintf(f, "%ld\n", (long)pid);
	fclose(f);
	return 0;
}

void bench_proc_sample(pid_t pid, struct bench_proc *p)
{
	char path[64], buf[1024], *s;
	unsigned long long ut, st;
	long long rss;
	FILE *f;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (pid <= 0 || !(f = fopen(path, "r")))
		return;
	s = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* The command name may hold spaces: fields count from its ')'.
	 * After it: state(3) ... utime(14) stime(15) ... rss(24). */
	if (!s || !(s = strrchr(buf, ')')))
		return;
	if (sscanf(s + 2,
		   "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu "
		   "%*d %*d %*d %*d %*d %*d %*u %*u %lld",
		   &ut, &st, &rss) != 3)
		return;
	p->ok = true;
	p->cpu_ticks = ut + st;
	p->rss_bytes = (uint64_t)rss * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* Sum of every sample of metric name (any labels) in a Prometheus text
 * body; -1 when there is none. */
static double cluster_metric(const char *body, const char *name)
{
	size_t nl = strlen(name);
	double sum = -1;

	for (const char *l = body; *l;) {
		const char *v = NULL, *eol = strchr(l, '\n');

		if (strncmp(l, name, nl) == 0)
			v = l + nl;
		if (v && (*v == ' ' || *v == '{') &&
		    (*v != '{' || (v = strchr(v, '}'))))
			sum =
			    (sum < 0 ? 0 : sum) + strtod(v + (*v == '}'), NULL);
		if (!eol)
			break;
		l = eol + 1;
	}
	return sum;
}

/* GET path over a plain socket (HTTP/1.0: the body ends at close); a
 * malloc'd response or NULL. Every call is bounded by a 1 s socket
 * timeout. */
static char *cluster_http_get(const char *hostport, const char *path)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct timeval tv = {1, 0};
	char host[64], req[256], *buf = NULL;
	const char *colon = strrchr(hostport, ':');
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd;

	if (!colon || (size_t)(colon - hostport) >= sizeof(host))
		return NULL;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - hostport), hostport);
	if (strcmp(host, "localhost") == 0 || strcmp(host, "0.0.0.0") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	sin.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return NULL;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
		 hostport);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		goto err;
	do {
		if (cap - len < 4097) {
			char *b = cap < CLUSTER_METRICS_MAX
				      ? realloc(buf, cap + 65536)
				      : NULL;

			if (!b)
				goto err;
			buf = b;
			cap += 65536;
		}
		r = read(fd, buf + len, 4096);
		len += r > 0 ? (size_t)r : 0;
	} while (r > 0);
	if (r < 0 || !buf)
		goto err;
	buf[len] = '\0';
	close(fd);
	return buf;
err:
	free(buf);
	close(fd);
	return NULL;
}

void bench_metrics_sample(const struct bench_inst *in, struct bench_metrics *m)
{
	char *resp, *body;

	memset(m, 0, sizeof(*m));
	if (!in->http[0] || !(resp = cluster_http_get(in->http, "/metrics")))
		return;
	body = strstr(resp, "\r\n\r\n");
	if (strncmp(resp, "HTTP/1.", 7) == 0 &&
	    strncmp(resp + 8, " 200", 4) == 0 && body) {
		m->fsyncs = cluster_metric(body + 4, "graphd_fsyncs_total");
		m->txns = cluster_metric(body + 4,
					 "graphd_transactions_applied_total");
		m->ok = m->fsyncs >= 0 && m->txns >= 0;
	}
	free(resp);
}
