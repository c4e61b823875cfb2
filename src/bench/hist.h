/* hist.h: a log-bucket latency histogram (HDR-like) with bounded relative
 * error. */
#ifndef GRAPHD_BENCH_HIST_H
#define GRAPHD_BENCH_HIST_H

#include <stdint.h>

/* Values below BENCH_HIST_SUB are counted exactly; above, each power of two
 * is split into BENCH_HIST_SUB buckets, so a reported value (the middle of
 * its bucket) is within 1 / (2 * BENCH_HIST_SUB) = 0.4% of the recorded
 * one. Values up to 2^BENCH_HIST_MAX_EXP - 1 (in microseconds: 101 days)
 * are kept; larger ones are clamped. */
#define BENCH_HIST_SUB_BITS 7
#define BENCH_HIST_SUB	    (1u << BENCH_HIST_SUB_BITS)
#define BENCH_HIST_MAX_EXP  43
#define BENCH_HIST_BUCKETS                                                     \
	(BENCH_HIST_SUB +                                                      \
	 (BENCH_HIST_MAX_EXP - BENCH_HIST_SUB_BITS) * BENCH_HIST_SUB)

struct bench_hist {
	uint64_t count;
	uint64_t min, max; /* exact */
	uint64_t sum;
	uint64_t buckets[BENCH_HIST_BUCKETS];
};

void bench_hist_init(struct bench_hist *h);
void bench_hist_record(struct bench_hist *h, uint64_t v);
/* Adds every value of src to dst. */
void bench_hist_merge(struct bench_hist *dst, const struct bench_hist *src);
/* The smallest recorded value v (to bucket precision) such that at least
 * p percent of the values are <= v; 0 <= p <= 100. p = 100 is the exact
 * maximum. 0 on an empty histogram. */
uint64_t bench_hist_percentile(const struct bench_hist *h, double p);
double bench_hist_mean(const struct bench_hist *h);

/* Bucket of v and the range [*lo, *hi] of values it holds (for tests). */
unsigned bench_hist_bucket(uint64_t v);
void bench_hist_bucket_range(unsigned b, uint64_t *lo, uint64_t *hi);

#endif
