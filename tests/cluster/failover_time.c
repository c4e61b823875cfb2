/* failover_time.c: measures failover and write latency on a running cluster
 * (a benchmark: it prints figures and never judges them).
 *
 * Failover mode works on a cluster laid out as contrib/local-cluster and
 * tests/cluster/lib.sh lay it out: DIR/I/graphd.conf and DIR/I/graphd.pid for
 * each instance I = 1, 2, ... Each trial finds the master, kill -9s it,
 * times the first write acknowledged afterwards (libgraphd with the list of
 * data instances, so the library finds the new master as an application
 * would), starts the killed instance again with its own conf and waits until
 * it is a slave again and has applied that write. It prints each trial and
 * the median and worst.
 *
 * Latency mode writes N nodes one after the other and prints p50/p99/max.
 * Stability mode writes steadily for SECONDS without faults and counts the
 * master changes (the goal: none in 10 minutes).
 *
 * usage: failover_time --dir DIR [--cluster NAME] [--trials N]
 *                      [--graphd PATH]
 *        failover_time --latency N -s SERVERS [--cluster NAME]
 *        failover_time --stability SECONDS -s SERVERS [--cluster NAME] */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cl_client.h"
#include "util/config.h"

#define FT_MAX_INST	  16
#define FT_MASTER_WAIT_MS 15000
#define FT_WRITE_WAIT_MS  30000
#define FT_SLAVE_WAIT_MS  60000
#define FT_EXIT_WAIT_MS	  10000

struct ft_inst {
	unsigned id;
	bool arbiter;
	char conf[4096];
	char pidfile[4096];
	char stderr_path[4096];
	char addr[300]; /* client "host:port" */
};

struct ft {
	const char *dir, *cluster, *graphd, *servers_arg;
	unsigned trials, latency, stability;
	size_t n;
	struct ft_inst inst[FT_MAX_INST];
	char servers[FT_MAX_INST * 300];
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Reads DIR/1, DIR/2, ... until one has no graphd.conf. */
static int load_instances(struct ft *ft)
{
	static struct config cfg; /* large: PATH_MAX buffers */
	char err[512] = "";

	for (ft->n = 0; ft->n < FT_MAX_INST; ft->n++) {
		struct ft_inst *in = &ft->inst[ft->n];
		unsigned i = (unsigned)ft->n + 1;

		snprintf(in->conf, sizeof(in->conf), "%s/%u/graphd.conf",
			 ft->dir, i);
		if (access(in->conf, R_OK) != 0)
			break;
		snprintf(in->pidfile, sizeof(in->pidfile), "%s/%u/graphd.pid",
			 ft->dir, i);
		snprintf(in->stderr_path, sizeof(in->stderr_path),
			 "%s/%u/graphd.stderr", ft->dir, i);
		/* graphd's own parser: the same keys and defaults. */
		config_defaults(&cfg);
		if (config_load(&cfg, in->conf, err, sizeof(err)) < 0 ||
		    cfg.server.port == 0) {
			fprintf(stderr, "failover_time: %s: %s\n", in->conf,
				err[0] ? err : "needs a fixed ha.server port");
			return -1;
		}
		in->id = cfg.server_id;
		in->arbiter = cfg.mode == CONFIG_MODE_ARBITER;
		snprintf(in->addr, sizeof(in->addr), "%s:%u", cfg.server.host,
			 cfg.server.port);
		if (!in->arbiter)
			snprintf(ft->servers + strlen(ft->servers),
				 sizeof(ft->servers) - strlen(ft->servers),
				 "%s%s", ft->servers[0] ? "," : "", in->addr);
	}
	if (ft->n == 0)
		fprintf(stderr, "failover_time: no %s/1/graphd.conf\n",
			ft->dir);
	return ft->n ? 0 : -1;
}

static pid_t read_pid(const struct ft_inst *in)
{
	FILE *f = fopen(in->pidfile, "r");
	long pid = 0;

	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

/* The instance that reports itself master, polled (bounded); NULL if none. */
static struct ft_inst *find_master(struct ft *ft)
{
	uint64_t until = cl_now_ms() + FT_MASTER_WAIT_MS;

	do {
		for (size_t i = 0; i < ft->n; i++) {
			struct graphd_status s;
			bool master;

			if (ft->inst[i].arbiter ||
			    cl_status_of(ft->inst[i].addr, ft->cluster, &s) < 0)
				continue;
			master = strcmp(s.role, "master") == 0;
			graphd_status_free(&s);
			if (master)
				return &ft->inst[i];
		}
		cl_sleep_ms(20);
	} while (cl_now_ms() < until);
	return NULL;
}

/* Waits (bounded) until pid is gone; it is not our child (or it is a child
 * that start_instance already detached), so poll rather than wait. */
static int wait_gone(pid_t pid)
{
	uint64_t until = cl_now_ms() + FT_EXIT_WAIT_MS;
	char path[64], stat[256];

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	while (kill(pid, 0) == 0 && cl_now_ms() < until) {
		FILE *f = fopen(path, "r");
		bool zombie = false;

		if (f) {
			zombie = fgets(stat, sizeof(stat), f) &&
				 strstr(stat, ") Z ");
			fclose(f);
		}
		if (zombie)
			return 0;
		cl_sleep_ms(5);
	}
	return kill(pid, 0) == 0 ? -1 : 0;
}

/* Starts graphd -c CONF detached (double fork: it belongs to init, as the
 * instances contrib/local-cluster starts do) and writes its pid file. */
static int start_instance(const struct ft *ft, const struct ft_inst *in)
{
	int p[2];
	pid_t child, pid = 0;
	FILE *f;

	if (pipe(p) < 0)
		return -1;
	if ((child = fork()) < 0)
		return -1;
	if (child == 0) {
		int fd =
		    open(in->stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int nul = open("/dev/null", O_RDONLY);

		close(p[0]);
		setsid();
		if (fd < 0 || nul < 0)
			_exit(127);
		if ((pid = fork()) == 0) {
			dup2(nul, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			close(p[1]);
			execlp(ft->graphd, ft->graphd, "-c", in->conf,
			       (char *)NULL);
			_exit(127);
		}
		if (write(p[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		_exit(0);
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

/* Writes until one write is acknowledged; returns its transaction id, or 0
 * after the bound. The library itself retries retryable failures. */
static uint64_t write_one(graphd_t *g, int64_t k)
{
	uint64_t until = cl_now_ms() + FT_WRITE_WAIT_MS, txn;
	struct graphd_error e = {0};

	do {
		if ((txn = cl_write_node(g, "Failover", k, &e)))
			return txn;
	} while (cl_now_ms() < until);
	fprintf(stderr, "failover_time: no write acknowledged for %d s: %s\n",
		FT_WRITE_WAIT_MS / 1000, e.message);
	return 0;
}

/* Polls (bounded) until the instance reports role slave and has applied
 * txn: only then may the next trial kill the master (with 2 data instances
 * and an arbiter, a slave that is behind cannot be elected, by design). */
static int wait_slave(const struct ft *ft, const struct ft_inst *in,
		      uint64_t txn)
{
	uint64_t until = cl_now_ms() + FT_SLAVE_WAIT_MS;

	do {
		struct graphd_status s;

		if (cl_status_of(in->addr, ft->cluster, &s) == 0) {
			bool slave = strcmp(s.role, "slave") == 0 &&
				     s.applied_index >= txn;

			graphd_status_free(&s);
			if (slave)
				return 0;
		}
		cl_sleep_ms(20);
	} while (cl_now_ms() < until);
	return -1;
}

/* One trial; *ms is the time from kill -9 to the first acknowledged write. */
static int trial(struct ft *ft, graphd_t *g, unsigned t, uint64_t *ms)
{
	struct ft_inst *m = find_master(ft);
	uint64_t t0, back, txn;
	pid_t pid;

	if (!m || !write_one(g, (int64_t)t * 2)) {
		fprintf(stderr, "failover_time: trial %u: no master\n", t);
		return -1;
	}
	if ((pid = read_pid(m)) <= 0 || kill(pid, 0) < 0) {
		fprintf(stderr, "failover_time: master %u: no live pid in %s\n",
			m->id, m->pidfile);
		return -1;
	}
	kill(pid, SIGKILL);
	t0 = cl_now_us();
	if (!(txn = write_one(g, (int64_t)t * 2 + 1)))
		return -1;
	*ms = (cl_now_us() - t0 + 500) / 1000;
	if (wait_gone(pid) < 0 || start_instance(ft, m) < 0) {
		fprintf(stderr, "failover_time: cannot restart instance %u\n",
			m->id);
		return -1;
	}
	back = cl_now_ms();
	if (wait_slave(ft, m, txn) < 0) {
		fprintf(stderr,
			"failover_time: instance %u not slave after "
			"%d s\n",
			m->id, FT_SLAVE_WAIT_MS / 1000);
		return -1;
	}
	printf("trial %u: killed master %u; first write acknowledged after "
	       "%" PRIu64 " ms (via %s); %u slave again after %" PRIu64 " ms\n",
	       t, m->id, *ms, graphd_server(g), m->id, cl_now_ms() - back);
	fflush(stdout);
	return 0;
}

static int run_failover(struct ft *ft)
{
	struct graphd_options o = {.cluster_name = ft->cluster,
				   .client_name = "failover_time"};
	struct graphd_error e = {0};
	uint64_t *ms = calloc(ft->trials, sizeof(*ms));
	unsigned done = 0;
	graphd_t *g = NULL;

	if (!ms || load_instances(ft) < 0)
		goto out;
	if (!(g = graphd_connect(ft->servers, &o, &e))) {
		fprintf(stderr, "failover_time: %s: %s\n", ft->servers,
			e.message);
		goto out;
	}
	while (done < ft->trials && trial(ft, g, done + 1, &ms[done]) == 0)
		done++;
	if (done) {
		qsort(ms, done, sizeof(*ms), cmp_u64);
		printf("failover over %u trials: median %" PRIu64
		       " ms, worst %" PRIu64 " ms, best %" PRIu64 " ms\n",
		       done, (ms[(done - 1) / 2] + ms[done / 2]) / 2,
		       ms[done - 1], ms[0]);
	}
out:
	if (g)
		graphd_close(g);
	free(ms);
	return done == ft->trials && done ? 0 : 1;
}

static int run_latency(const struct ft *ft)
{
	struct graphd_options o = {.cluster_name = ft->cluster,
				   .client_name = "failover_time"};
	struct graphd_error e = {0};
	uint64_t *us = calloc(ft->latency, sizeof(*us)), sum = 0;
	unsigned n = 0;
	graphd_t *g = graphd_connect(ft->servers_arg, &o, &e);

	if (!g || !us) {
		fprintf(stderr, "failover_time: %s: %s\n", ft->servers_arg,
			e.message);
		goto out;
	}
	for (; n < ft->latency; n++) {
		uint64_t t0 = cl_now_us();

		if (!cl_write_node(g, "Latency", n, &e)) {
			fprintf(stderr, "failover_time: write %u: %s\n", n,
				e.message);
			break;
		}
		us[n] = cl_now_us() - t0;
		sum += us[n];
	}
	if (n) {
		qsort(us, n, sizeof(*us), cmp_u64);
		printf("%u sequential writes via %s: p50 %.2f ms, p99 %.2f ms, "
		       "max %.2f ms, mean %.2f ms\n",
		       n, graphd_server(g), us[(n - 1) / 2] / 1000.0,
		       us[(size_t)((n - 1) * 0.99)] / 1000.0,
		       us[n - 1] / 1000.0, (double)sum / n / 1000.0);
	}
out:
	if (g)
		graphd_close(g);
	free(us);
	return n && n == ft->latency ? 0 : 1;
}

/* The master and term as the first answering server of the list reports
 * them; *master stays 0 when none answers. */
static void cluster_view(const struct ft *ft, uint32_t *master, uint64_t *term)
{
	char list[sizeof(ft->servers)], *save = NULL;

	*master = 0;
	snprintf(list, sizeof(list), "%s", ft->servers_arg);
	for (char *a = strtok_r(list, ",", &save); a && !*master;
	     a = strtok_r(NULL, ",", &save)) {
		struct graphd_status s;

		if (cl_status_of(a, ft->cluster, &s) < 0)
			continue;
		*master = s.master_id;
		*term = s.term;
		graphd_status_free(&s);
	}
}

/* Steady sequential writes for ft->stability seconds without faults; counts
 * the master changes (sampled every 100 ms) and the writes that failed. */
static int run_stability(const struct ft *ft)
{
	struct graphd_options o = {.cluster_name = ft->cluster,
				   .client_name = "failover_time"};
	struct graphd_error e = {0};
	uint64_t end = cl_now_ms() + (uint64_t)ft->stability * 1000, next = 0;
	uint64_t writes = 0, failed = 0, term = 0, term0 = 0;
	uint32_t master = 0, last = 0, changes = 0;
	graphd_t *g = graphd_connect(ft->servers_arg, &o, &e);

	if (!g) {
		fprintf(stderr, "failover_time: %s: %s\n", ft->servers_arg,
			e.message);
		return 1;
	}
	while (cl_now_ms() < end) {
		if (cl_write_node(g, "Steady", (int64_t)writes, &e))
			writes++;
		else
			failed++;
		if (cl_now_ms() < next)
			continue;
		next = cl_now_ms() + 100;
		cluster_view(ft, &master, &term);
		if (!term0)
			term0 = term;
		if (master && last && master != last)
			changes++;
		if (master)
			last = master;
	}
	graphd_close(g);
	printf("%u s of steady writes: %" PRIu64 " acknowledged, %" PRIu64
	       " failed; master changes: %u (master now %u), term %" PRIu64
	       " -> %" PRIu64 "\n",
	       ft->stability, writes, failed, changes, last, term0, term);
	return failed || changes ? 1 : 0;
}

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: failover_time --dir DIR [--cluster NAME] [--trials N] "
	    "[--graphd PATH]\n"
	    "       failover_time --latency N -s SERVERS [--cluster NAME]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"dir", 1, NULL, 'd'},	 {"cluster", 1, NULL, 'c'},
	    {"trials", 1, NULL, 't'},	 {"graphd", 1, NULL, 'g'},
	    {"latency", 1, NULL, 'l'},	 {"server", 1, NULL, 's'},
	    {"stability", 1, NULL, 'S'}, {NULL, 0, NULL, 0}};
	struct ft *ft = calloc(1, sizeof(*ft));
	int c, rc = 2;

	if (!ft)
		return 1;
	ft->cluster = "graphd";
	ft->trials = 20;
	ft->graphd = getenv("GRAPHD") ? getenv("GRAPHD") : "graphd";
	while ((c = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ft->dir = optarg;
			break;
		case 'c':
			ft->cluster = optarg;
			break;
		case 't':
			ft->trials = (unsigned)atoi(optarg);
			break;
		case 'g':
			ft->graphd = optarg;
			break;
		case 'l':
			ft->latency = (unsigned)atoi(optarg);
			break;
		case 'S':
			ft->stability = (unsigned)atoi(optarg);
			break;
		case 's':
			ft->servers_arg = optarg;
			break;
		default:
			goto out;
		}
	}
	if (optind != argc)
		goto out;
	if (ft->stability && ft->servers_arg && !ft->latency)
		rc = run_stability(ft);
	else if (ft->latency && ft->servers_arg)
		rc = run_latency(ft);
	else if (ft->dir && ft->trials && !ft->latency)
		rc = run_failover(ft);
out:
	if (rc == 2)
		usage();
	free(ft);
	return rc;
}
