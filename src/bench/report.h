/* report.h: graphd-bench's output: an aligned table, or JSON lines. */
#ifndef GRAPHD_BENCH_REPORT_H
#define GRAPHD_BENCH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "bench/cluster.h"
#include "bench/load.h"

/* Per-instance figures of one phase; a negative value is unknown ("n/a"). */
struct bench_inst_fig {
	unsigned id;
	char role[16];
	double cpu_pct;	      /* of one core, over the phase */
	double rss_mib;	      /* at the end */
	double fsync_per_txn; /* deltas of /metrics over the phase */
	long long lag_end, lag_max;
};

struct bench_phase {
	unsigned number;
	const char *workload, *via;
	unsigned connections;
	double rate; /* 0: closed loop */
	struct bench_load_result res;
	double fsync_per_txn; /* the master's, -1: n/a */
	size_t n_inst;
	struct bench_inst_fig inst[BENCH_MAX_INST];
};

void bench_report_header(FILE *f);
void bench_report_table(FILE *f, const struct bench_phase *p);
void bench_report_json(FILE *f, const struct bench_phase *p);
/* s as a JSON string literal, quotes included. */
void bench_json_string(FILE *f, const char *s);

#endif
