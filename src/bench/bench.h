/* bench.h: graphd-bench's options and subcommands (run, failover, catchup). */
#ifndef GRAPHD_BENCH_H
#define GRAPHD_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/workload.h"

#define BENCH_MAX_LEVELS 16

struct bench_opts {
	const char *servers; /* -s */
	const char *cluster; /* --cluster */
	const char *dir;     /* --dir: a contrib/local-cluster directory */
	const char *graphd;  /* --graphd, $GRAPHD, or graphd on PATH */
	const char *via;     /* master, slaves, all */
	enum bench_kind kind;
	bool kind_set;
	double read_ratio;
	uint64_t prop_size;
	unsigned levels[BENCH_MAX_LEVELS]; /* --connections */
	unsigned n_levels;
	uint64_t duration_us, requests;
	double rate;
	uint64_t timeout_us;
	uint64_t seed;
	uint64_t graph_nodes;
	unsigned graph_degree;
	unsigned trials;
	uint64_t transactions;
	bool json;
};

struct bench_cluster;
struct bench_load_opts;

/* The instances of -s or --dir, refreshed; returns the master's index, or
 * -1 (with the reason on stderr) when there is none. */
int bench_setup_cluster(const struct bench_opts *o, struct bench_cluster *c);
/* Fills lo's addresses by via (master, slaves, all); returns how many. */
size_t bench_targets(const struct bench_cluster *c, const char *via,
		     struct bench_load_opts *lo);

int bench_cmd_run(const struct bench_opts *o);
int bench_cmd_failover(const struct bench_opts *o);
int bench_cmd_catchup(const struct bench_opts *o);

#endif
