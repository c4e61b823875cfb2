/* cmd_failover.c: graphd-bench failover: kill -9 the master under load,
 * N times, and time each failover as a client sees it.
 *
 * The load runs on its own thread (the event loop of load.c); this thread
 * kills, restarts and polls. Per trial the figure is the time from the
 * kill to the acknowledgement of the first write *sent* after it: a write
 * already in flight might have been committed by the old master, so it
 * proves nothing about the new one. It is an upper bound by at most one
 * write round trip. */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/cluster.h"
#include "bench/load.h"
#include "bench/report.h"

#define FO_MASTER_WAIT_MS 15000
#define FO_ACK_WAIT_MS	  30000
#define FO_EXIT_WAIT_MS	  10000
#define FO_REJOIN_WAIT_MS 60000

struct fo_load {
	struct bench_load_opts lo;
	struct bench_load_result res;
	struct bench_workload w;
	atomic_bool stop, done;
	_Atomic uint64_t mark, first;
	pthread_t thread;
	int rc;
};

static void *fo_load_main(void *arg)
{
	struct fo_load *f = arg;

	f->rc = bench_load_run(&f->lo, &f->res);
	atomic_store(&f->done, true);
	return NULL;
}

/* From now on, note the first write sent after this moment. */
static uint64_t fo_arm(struct fo_load *f)
{
	uint64_t t;

	atomic_store(&f->mark, 0); /* disarmed while first is reset */
	atomic_store(&f->first, 0);
	t = bench_now_us();
	atomic_store(&f->mark, t);
	return t;
}

/* Polls (bounded) for that write's acknowledgement; its time or 0. */
static uint64_t fo_wait_ack(struct fo_load *f)
{
	uint64_t until = bench_now_us() + FO_ACK_WAIT_MS * 1000ull, t;

	while (!(t = atomic_load(&f->first)) && !atomic_load(&f->done) &&
	       bench_now_us() < until)
		bench_sleep_ms(1);
	return t;
}

/* Polls (bounded) until the restarted instance is a slave again and has
 * applied what the master had committed when it came back. */
static int fo_wait_rejoin(struct bench_cluster *c, struct bench_inst *in)
{
	uint64_t until = bench_now_us() + FO_REJOIN_WAIT_MS * 1000ull;
	uint64_t target = 0;
	int m;

	while (bench_now_us() < until) {
		m = bench_cluster_refresh(c);
		if (m >= 0 && !target)
			target = c->inst[m].commit;
		if (target && in->up && strcmp(in->role, "slave") == 0 &&
		    in->applied >= target)
			return 0;
		bench_sleep_ms(20);
	}
	return -1;
}

static void fo_print_trial(const struct bench_opts *o, unsigned t,
			   unsigned killed, unsigned now_master, uint64_t ms,
			   uint64_t rejoin_ms)
{
	if (o->json)
		printf("{\"trial\":%u,\"killed\":%u,\"new_master\":%u,"
		       "\"failover_ms\":%" PRIu64 ",\"rejoin_ms\":%" PRIu64
		       "}\n",
		       t, killed, now_master, ms, rejoin_ms);
	else
		printf("trial %-3u killed master %u; first write sent after "
		       "the kill acknowledged after %" PRIu64 " ms (master "
		       "now %u); instance %u slave and caught up %" PRIu64
		       " ms after its restart\n",
		       t, killed, ms, now_master, killed, rejoin_ms);
	fflush(stdout);
}

/* One trial; *ms is the failover time as defined at the top. */
static int fo_trial(const struct bench_opts *o, struct bench_cluster *c,
		    struct fo_load *f, unsigned t, uint64_t *ms)
{
	int m = bench_cluster_wait_master(c, FO_MASTER_WAIT_MS), now;
	struct bench_inst *in;
	uint64_t t0, ack, back;
	pid_t pid;

	if (m < 0) {
		fprintf(stderr, "graphd-bench: trial %u: no master\n", t);
		return -1;
	}
	fo_arm(f);
	if (!fo_wait_ack(f)) {
		fprintf(stderr,
			"graphd-bench: trial %u: no write acknowledged in %d s "
			"before the kill\n",
			t, FO_ACK_WAIT_MS / 1000);
		return -1;
	}
	in = &c->inst[m];
	if (!(pid = bench_inst_pid(in))) {
		fprintf(stderr, "graphd-bench: master %u: no live pid in %s\n",
			in->id, in->pidfile);
		return -1;
	}
	kill(pid, SIGKILL);
	t0 = fo_arm(f);
	if (!(ack = fo_wait_ack(f))) {
		fprintf(stderr,
			"graphd-bench: trial %u: no write acknowledged %d s "
			"after killing master %u\n",
			t, FO_ACK_WAIT_MS / 1000, in->id);
		return -1;
	}
	*ms = (ack - t0 + 500) / 1000;
	now = bench_cluster_refresh(c);
	if (bench_pid_wait_gone(pid, FO_EXIT_WAIT_MS) < 0 ||
	    bench_inst_start(in, o->graphd) < 0) {
		fprintf(stderr,
			"graphd-bench: cannot restart instance %u "
			"(%s -c %s)\n",
			in->id, o->graphd, in->conf);
		return -1;
	}
	back = bench_now_us();
	if (fo_wait_rejoin(c, in) < 0) {
		fprintf(stderr,
			"graphd-bench: instance %u is not a caught-up slave "
			"%d s after its restart; see %s\n",
			in->id, FO_REJOIN_WAIT_MS / 1000, in->stderr_path);
		return -1;
	}
	fo_print_trial(o, t, in->id, now >= 0 ? c->inst[now].id : 0, *ms,
		       (bench_now_us() - back) / 1000);
	return 0;
}

static int fo_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void fo_summary(const struct bench_opts *o, uint64_t *ms, unsigned n,
		       const struct fo_load *f)
{
	uint64_t med;

	qsort(ms, n, sizeof(*ms), fo_cmp);
	med = (ms[(n - 1) / 2] + ms[n / 2]) / 2;
	if (o->json)
		printf("{\"failover\":{\"trials\":%u,\"median_ms\":%" PRIu64
		       ",\"worst_ms\":%" PRIu64 ",\"best_ms\":%" PRIu64
		       ",\"writes_ok\":%" PRIu64 ",\"writes_failed\":%" PRIu64
		       "}}\n",
		       n, med, ms[n - 1], ms[0], f->res.ok, f->res.failed);
	else
		printf("failover over %u trials: median %" PRIu64
		       " ms, worst %" PRIu64 " ms, best %" PRIu64
		       " ms; load: %" PRIu64 " writes acknowledged, %" PRIu64
		       " failed\n",
		       n, med, ms[n - 1], ms[0], f->res.ok, f->res.failed);
}

static int fo_start_load(const struct bench_opts *o,
			 const struct bench_cluster *c, struct fo_load *f)
{
	f->lo.cluster = o->cluster;
	f->lo.connections = o->n_levels ? o->levels[0] : 4;
	f->lo.timeout_us = o->timeout_us;
	f->lo.w = &f->w;
	f->lo.stop = &f->stop;
	f->lo.mark_us = &f->mark;
	f->lo.first_ack_us = &f->first;
	f->w.prop_size = o->prop_size;
	f->w.key_base = bench_now_us();
	atomic_init(&f->stop, false);
	atomic_init(&f->done, false);
	atomic_init(&f->mark, 0);
	atomic_init(&f->first, 0);
	/* Through every data instance: slaves forward to whichever master
	 * there is, and connections to a dead one move on. */
	if (!bench_targets(c, "all", &f->lo) ||
	    bench_workload_init(&f->w, BENCH_CREATE, o->seed) < 0)
		return -1;
	return pthread_create(&f->thread, NULL, fo_load_main, f) == 0 ? 0 : -1;
}

int bench_cmd_failover(const struct bench_opts *o)
{
	struct bench_cluster *c = calloc(1, sizeof(*c));
	struct fo_load *f = calloc(1, sizeof(*f));
	uint64_t *ms = calloc(o->trials, sizeof(*ms));
	unsigned done = 0;
	bool started = false;

	if (!c || !f || !ms)
		goto out;
	if (!o->dir) {
		fprintf(stderr, "graphd-bench failover: --dir DIR (a "
				"contrib/local-cluster directory) is required: "
				"it kills and restarts instances\n");
		goto out;
	}
	if (bench_setup_cluster(o, c) < 0)
		goto out;
	if (!(started = fo_start_load(o, c, f) == 0)) {
		fprintf(stderr, "graphd-bench: cannot start the load\n");
		goto out;
	}
	while (done < o->trials && fo_trial(o, c, f, done + 1, &ms[done]) == 0)
		done++;
out:
	if (started) {
		atomic_store(&f->stop, true);
		pthread_join(f->thread, NULL);
		bench_workload_free(&f->w);
	}
	if (done)
		fo_summary(o, ms, done, f);
	free(c);
	free(f);
	free(ms);
	return done && done == o->trials ? 0 : 1;
}
