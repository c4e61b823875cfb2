/* monitor.h: a thread that polls every instance's status once a second
 * during a phase and keeps the largest replication lag of each slave. */
#ifndef GRAPHD_BENCH_MONITOR_H
#define GRAPHD_BENCH_MONITOR_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "bench/cluster.h"

struct bench_monitor {
	struct bench_cluster c; /* the thread's own copy */
	pthread_t thread;
	atomic_bool stop;
	bool running;
	/* Largest master applied - instance applied seen, per instance;
	 * -1: never measured (no master answered with it). */
	long long lag_max[BENCH_MAX_INST];
};

/* Lag of each instance against the master now (-1: unknown); the master
 * is the instance whose role is master in c (after a refresh). */
void bench_lag_now(const struct bench_cluster *c, long long *lag);

int bench_monitor_start(struct bench_monitor *m, const struct bench_cluster *c);
/* Stops the thread and waits for it (at most one poll). */
void bench_monitor_stop(struct bench_monitor *m);

#endif
