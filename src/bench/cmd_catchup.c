/* cmd_catchup.c: graphd-bench catchup: stop a slave, write K transactions,
 * start it again and time its catch-up from the master's log (or a store
 * copy, if the master compacted past it). */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/cluster.h"
#include "bench/load.h"

#define CU_STOP_WAIT_MS	   30000
#define CU_CATCHUP_WAIT_MS 300000

/* A data instance that is a slave now; its index or -1. */
static int cu_pick_slave(const struct bench_cluster *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->inst[i].up && strcmp(c->inst[i].role, "slave") == 0)
			return (int)i;
	return -1;
}

/* K creates through the master; 0 when every one was acknowledged. */
static int cu_write(const struct bench_opts *o, const struct bench_cluster *c,
		    struct bench_load_result *res)
{
	struct bench_workload w = {.prop_size = o->prop_size,
				   .key_base = bench_now_us()};
	struct bench_load_opts lo = {.cluster = o->cluster,
				     .connections =
					 o->n_levels ? o->levels[0] : 16,
				     .requests = o->transactions,
				     .timeout_us = o->timeout_us,
				     .w = &w};
	int rc;

	if (!bench_targets(c, "master", &lo) ||
	    bench_workload_init(&w, BENCH_CREATE, o->seed) < 0)
		return -1;
	rc = bench_load_run(&lo, res);
	bench_workload_free(&w);
	if (rc < 0 || res->failed) {
		fprintf(stderr,
			"graphd-bench: %" PRIu64 " of %" PRIu64 " writes "
			"failed: %s\n",
			res->failed, o->transactions, res->first_error);
		return -1;
	}
	return 0;
}

/* Polls until instance in has applied target; the time it took (us) from
 * start, or 0 after the bound. */
static uint64_t cu_wait(const struct bench_cluster *c, struct bench_inst *in,
			uint64_t target, uint64_t start)
{
	while (bench_now_us() - start < CU_CATCHUP_WAIT_MS * 1000ull) {
		if (bench_inst_refresh(c, in) == 0 && in->applied >= target)
			return bench_now_us() - start;
		bench_sleep_ms(10);
	}
	return 0;
}

static void cu_print(const struct bench_opts *o, const struct bench_inst *in,
		     const struct bench_load_result *w, uint64_t behind,
		     uint64_t us)
{
	double wrate = w->elapsed_us ? (double)w->ok * 1e6 / w->elapsed_us : 0;
	double rate = (double)behind * 1e6 / (double)us;

	if (o->json) {
		printf("{\"catchup\":{\"instance\":%u,\"transactions\":%" PRIu64
		       ",\"write_rate\":%.1f,\"behind\":%" PRIu64
		       ",\"catchup_ms\":%.1f,\"catchup_rate\":%.1f}}\n",
		       in->id, w->ok, wrate, behind, (double)us / 1000.0, rate);
		return;
	}
	printf("catchup: %" PRIu64 " transactions written while instance %u "
	       "was stopped (%.1f txn/s through the master); restarted %" PRIu64
	       " entries behind, it reached the master's commit index %.1f ms "
	       "after its start: %.1f txn/s\n",
	       w->ok, in->id, wrate, behind, (double)us / 1000.0, rate);
}

int bench_cmd_catchup(const struct bench_opts *o)
{
	struct bench_cluster *c = calloc(1, sizeof(*c));
	struct bench_load_result *res = calloc(1, sizeof(*res));
	struct bench_inst *in;
	uint64_t before, target, start, us;
	int m, s, rc = 1;
	pid_t pid;

	if (!c || !res)
		goto out;
	if (!o->dir) {
		fprintf(stderr, "graphd-bench catchup: --dir DIR (a "
				"contrib/local-cluster directory) is required: "
				"it stops and starts a slave\n");
		goto out;
	}
	if ((m = bench_setup_cluster(o, c)) < 0)
		goto out;
	if ((s = cu_pick_slave(c)) < 0 ||
	    !(pid = bench_inst_pid(&c->inst[s]))) {
		fprintf(stderr,
			"graphd-bench: no running slave to stop in %s\n",
			o->dir);
		goto out;
	}
	in = &c->inst[s];
	before = in->applied;
	kill(pid, SIGTERM);
	if (bench_pid_wait_gone(pid, CU_STOP_WAIT_MS) < 0) {
		fprintf(stderr,
			"graphd-bench: instance %u (pid %ld) still "
			"running %d s after SIGTERM\n",
			in->id, (long)pid, CU_STOP_WAIT_MS / 1000);
		goto out;
	}
	if (cu_write(o, c, res) < 0)
		goto out;
	bench_inst_refresh(c, &c->inst[m]);
	target = c->inst[m].commit;
	start = bench_now_us();
	if (bench_inst_start(in, o->graphd) < 0 ||
	    !(us = cu_wait(c, in, target, start))) {
		fprintf(stderr,
			"graphd-bench: instance %u did not reach index "
			"%" PRIu64 " within %d s of its start; see %s\n",
			in->id, target, CU_CATCHUP_WAIT_MS / 1000,
			in->stderr_path);
		goto out;
	}
	cu_print(o, in, res, target - before, us);
	rc = 0;
out:
	free(c);
	free(res);
	return rc;
}
