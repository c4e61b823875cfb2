/* load.h: the load generator: many client connections on one libevent loop,
 * each with one request in flight, closed loop or open loop at a rate. */
#ifndef GRAPHD_BENCH_LOAD_H
#define GRAPHD_BENCH_LOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/hist.h"
#include "bench/workload.h"

#define BENCH_MAX_ADDRS 16

struct bench_load_opts {
	const char *cluster;
	char addrs[BENCH_MAX_ADDRS][64]; /* connections go round-robin */
	size_t n_addrs;
	unsigned connections;
	uint64_t requests;    /* stop after this many (0: by duration) */
	uint64_t duration_us; /* stop issuing after this long (0: by count) */
	double rate;	      /* > 0: open loop, requests per second overall */
	uint64_t timeout_us;  /* a request unanswered this long has failed */
	struct bench_workload *w;
	/* Set by another thread to end the run (failover). */
	atomic_bool *stop;
	/* When > 0 (set by another thread, monotonic us): the completion
	 * time of the first write sent at or after it is stored in
	 * first_ack_us (failover). */
	_Atomic uint64_t *mark_us;
	_Atomic uint64_t *first_ack_us;
};

struct bench_load_result {
	uint64_t ok, failed, writes_ok, reads_ok;
	uint64_t reconnects;
	uint64_t elapsed_us;	/* first send to last completion */
	struct bench_hist hist; /* latency of acknowledged requests, us */
	char first_error[256];	/* the first failure, for the operator */
};

/* Runs one phase to its end. Returns 0, or -1 when it could not run at all
 * (no connection ever completed the handshake, or the handshake was
 * refused): why is in res->first_error. */
int bench_load_run(const struct bench_load_opts *o,
		   struct bench_load_result *res);

/* Monotonic clock in microseconds. */
uint64_t bench_now_us(void);

#endif
