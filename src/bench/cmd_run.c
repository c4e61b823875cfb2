/* cmd_run.c: graphd-bench run: one phase of load per concurrency level,
 * with the figures of every instance around it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "bench/cluster.h"
#include "bench/load.h"
#include "bench/monitor.h"
#include "bench/report.h"

#define RUN_MASTER_WAIT_MS  15000
#define RUN_APPLIED_WAIT_MS 60000

/* What is sampled before and after a phase. */
struct run_sample {
	uint64_t us;
	struct bench_proc proc[BENCH_MAX_INST];
	struct bench_metrics metrics[BENCH_MAX_INST];
};

static void run_sample(const struct bench_cluster *c, struct run_sample *s)
{
	for (size_t i = 0; i < c->n; i++) {
		bench_proc_sample(c->dir ? bench_inst_pid(&c->inst[i]) : 0,
				  &s->proc[i]);
		bench_metrics_sample(&c->inst[i], &s->metrics[i]);
	}
	s->us = bench_now_us();
}

int bench_setup_cluster(const struct bench_opts *o, struct bench_cluster *c)
{
	char err[512];
	int m;

	c->name = o->cluster;
	if (o->dir)
		m = bench_cluster_from_dir(c, o->dir, err, sizeof(err));
	else if (o->servers)
		m = bench_cluster_from_list(c, o->servers, err, sizeof(err));
	else {
		snprintf(err, sizeof(err),
			 "give the instances with -s HOST:PORT,... or --dir "
			 "DIR");
		m = -1;
	}
	if (m < 0) {
		fprintf(stderr, "graphd-bench: %s\n", err);
		return -1;
	}
	if ((m = bench_cluster_wait_master(c, RUN_MASTER_WAIT_MS)) >= 0)
		return m;
	fprintf(stderr,
		"graphd-bench: no instance of cluster \"%s\" answered as "
		"master (waited up to %d s):\n",
		o->cluster, RUN_MASTER_WAIT_MS / 1000);
	for (size_t i = 0; i < c->n; i++)
		fprintf(stderr, "  %s: %s\n", c->inst[i].addr,
			c->inst[i].up ? c->inst[i].role : c->inst[i].error);
	return m;
}

/* The addresses requests go to, by --via; 0 when there is none. */
size_t bench_targets(const struct bench_cluster *c, const char *via,
		     struct bench_load_opts *lo)
{
	lo->n_addrs = 0;
	for (size_t i = 0; i < c->n && lo->n_addrs < BENCH_MAX_ADDRS; i++) {
		const struct bench_inst *in = &c->inst[i];
		bool master = strcmp(in->role, "master") == 0;

		if (!in->up || in->arbiter ||
		    (strcmp(via, "master") == 0 && !master) ||
		    (strcmp(via, "slaves") == 0 &&
		     strcmp(in->role, "slave") != 0))
			continue;
		snprintf(lo->addrs[lo->n_addrs++], sizeof(lo->addrs[0]), "%s",
			 in->addr);
	}
	return lo->n_addrs;
}

/* Every data instance's address, comma-separated (for libgraphd). */
static void run_all_servers(const struct bench_cluster *c, char *buf,
			    size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < c->n; i++)
		if (!c->inst[i].arbiter && strlen(buf) + 66 < len)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? "," : "", c->inst[i].addr);
}

static double run_fsync_ratio(const struct bench_metrics *a,
			      const struct bench_metrics *b)
{
	if (!a->ok || !b->ok || b->txns <= a->txns)
		return -1;
	return (b->fsyncs - a->fsyncs) / (b->txns - a->txns);
}

static void run_inst_fig(const struct bench_cluster *c, size_t i,
			 const struct run_sample *a, const struct run_sample *b,
			 const long long *lag, const struct bench_monitor *m,
			 struct bench_inst_fig *f)
{
	double secs = (double)(b->us - a->us) / 1e6;

	f->id = c->inst[i].id;
	snprintf(f->role, sizeof(f->role), "%s",
		 c->inst[i].up ? c->inst[i].role : "down");
	f->cpu_pct = f->rss_mib = -1;
	if (a->proc[i].ok && b->proc[i].ok && secs > 0) {
		f->cpu_pct =
		    (double)(b->proc[i].cpu_ticks - a->proc[i].cpu_ticks) /
		    (double)sysconf(_SC_CLK_TCK) / secs * 100.0;
		f->rss_mib = (double)b->proc[i].rss_bytes / (1024.0 * 1024.0);
	}
	f->fsync_per_txn = run_fsync_ratio(&a->metrics[i], &b->metrics[i]);
	f->lag_end = lag[i];
	f->lag_max = m->lag_max[i] > lag[i] ? m->lag_max[i] : lag[i];
}

/* One phase at one concurrency level; prints its row. 0, or -1 when the
 * load could not run at all. */
static int run_phase(const struct bench_opts *o, struct bench_cluster *c,
		     struct bench_load_opts *lo, struct bench_phase *p)
{
	struct run_sample *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct bench_monitor *m = calloc(1, sizeof(*m));
	long long lag[BENCH_MAX_INST];
	int rc = -1;

	if (!a || !m)
		goto err;
	run_sample(c, a);
	if (bench_monitor_start(m, c) < 0)
		goto err;
	rc = bench_load_run(lo, &p->res);
	bench_monitor_stop(m);
	run_sample(c, b);
	bench_cluster_refresh(c);
	bench_lag_now(c, lag);
	p->n_inst = c->n;
	p->fsync_per_txn = -1;
	for (size_t i = 0; i < c->n; i++) {
		run_inst_fig(c, i, a, b, lag, m, &p->inst[i]);
		if (strcmp(p->inst[i].role, "master") == 0)
			p->fsync_per_txn = p->inst[i].fsync_per_txn;
	}
	if (rc < 0)
		fprintf(stderr, "graphd-bench: phase %u could not run: %s\n",
			p->number, p->res.first_error);
	else if (o->json)
		bench_report_json(stdout, p);
	else
		bench_report_table(stdout, p);
err:
	free(a);
	free(m);
	return rc;
}

/* Loads what the workload reads, and waits until every data instance has
 * applied it (reads go to slaves too). */
static int run_prepare(const struct bench_opts *o, struct bench_cluster *c,
		       struct bench_workload *w)
{
	char servers[BENCH_MAX_INST * 66], err[512];
	uint64_t txn;

	run_all_servers(c, servers, sizeof(servers));
	if (bench_workload_prepare(w, servers, o->cluster, &txn, err,
				   sizeof(err)) < 0) {
		fprintf(stderr, "graphd-bench: %s\n", err);
		return -1;
	}
	if (txn &&
	    bench_cluster_wait_applied(c, txn, RUN_APPLIED_WAIT_MS) < 0) {
		fprintf(stderr,
			"graphd-bench: not every instance applied the "
			"prepared data (transaction %" PRIu64 ") within %d s\n",
			txn, RUN_APPLIED_WAIT_MS / 1000);
		return -1;
	}
	return 0;
}

int bench_cmd_run(const struct bench_opts *o)
{
	struct bench_cluster *c = calloc(1, sizeof(*c));
	struct bench_load_opts lo = {.cluster = o->cluster,
				     .requests = o->requests,
				     .rate = o->rate,
				     .timeout_us = o->timeout_us};
	struct bench_workload w = {.read_ratio = o->read_ratio,
				   .prop_size = o->prop_size,
				   .graph_nodes = o->graph_nodes,
				   .graph_degree = o->graph_degree,
				   .key_base = (uint64_t)time(NULL) * 1000000u};
	struct bench_phase *p = calloc(1, sizeof(*p));
	int rc = 1;

	if (!c || !p || bench_workload_init(&w, o->kind, o->seed) < 0)
		goto err;
	if (!o->kind_set) {
		fprintf(stderr, "graphd-bench run: --workload is required "
				"(create, create-ops, mixed, read-node, hop1, "
				"hop2, status)\n");
		goto err;
	}
	lo.w = &w;
	lo.duration_us = o->requests	  ? 0
			 : o->duration_us ? o->duration_us
					  : 10000000u;
	if (bench_setup_cluster(o, c) < 0 || run_prepare(o, c, &w) < 0)
		goto err;
	if (!bench_targets(c, o->via, &lo)) {
		fprintf(stderr, "graphd-bench: no instance is %s now\n",
			strcmp(o->via, "slaves") == 0 ? "a slave" : "up");
		goto err;
	}
	if (!o->json)
		bench_report_header(stdout);
	for (unsigned i = 0; i < (o->n_levels ? o->n_levels : 1); i++) {
		p->number = i + 1;
		p->workload = bench_workload_name(o->kind);
		p->via = o->via;
		p->connections = lo.connections =
		    o->n_levels ? o->levels[i] : 1;
		p->rate = o->rate;
		if (run_phase(o, c, &lo, p) < 0)
			goto err;
	}
	rc = 0;
err:
	bench_workload_free(&w);
	free(c);
	free(p);
	return rc;
}
