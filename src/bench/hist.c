/* hist.c: log-bucket histogram; see hist.h for the error bound.
 *
 * Recording every latency would cost 8 bytes per request (hundreds of MB in
 * a long open-loop run); the buckets cost a fixed 37 KiB per phase and merge
 * by addition. */
#include "bench/hist.h"

#include <string.h>

void bench_hist_init(struct bench_hist *h)
{
	memset(h, 0, sizeof(*h));
}

unsigned bench_hist_bucket(uint64_t v)
{
	unsigned e, shift;

	if (v < BENCH_HIST_SUB)
		return (unsigned)v;
	if (v >> BENCH_HIST_MAX_EXP)
		return BENCH_HIST_BUCKETS - 1;
	/* e = floor(log2 v) >= SUB_BITS; keep the SUB_BITS + 1 top bits. */
	e = 63u - (unsigned)__builtin_clzll(v);
	shift = e - BENCH_HIST_SUB_BITS;
	return BENCH_HIST_SUB + shift * BENCH_HIST_SUB +
	       (unsigned)((v >> shift) - BENCH_HIST_SUB);
}

void bench_hist_bucket_range(unsigned b, uint64_t *lo, uint64_t *hi)
{
	unsigned shift, sub;

	if (b < BENCH_HIST_SUB) {
		*lo = *hi = b;
		return;
	}
	shift = (b - BENCH_HIST_SUB) / BENCH_HIST_SUB;
	sub = (b - BENCH_HIST_SUB) % BENCH_HIST_SUB;
	*lo = (uint64_t)(BENCH_HIST_SUB + sub) << shift;
	*hi = *lo + ((uint64_t)1 << shift) - 1;
}

void bench_hist_record(struct bench_hist *h, uint64_t v)
{
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
	h->buckets[bench_hist_bucket(v)]++;
}

void bench_hist_merge(struct bench_hist *dst, const struct bench_hist *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0 || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum += src->sum;
	for (unsigned i = 0; i < BENCH_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
}

uint64_t bench_hist_percentile(const struct bench_hist *h, double p)
{
	uint64_t rank, seen = 0, lo, hi, mid;
	double r;

	if (h->count == 0)
		return 0;
	if (p >= 100.0)
		return h->max;
	if (p < 0.0)
		p = 0.0;
	/* The rank-th smallest value, 1-based (nearest-rank definition). */
	r = p / 100.0 * (double)h->count;
	rank = (uint64_t)r;
	if ((double)rank < r)
		rank++;
	if (rank < 1)
		rank = 1;
	for (unsigned b = 0; b < BENCH_HIST_BUCKETS; b++) {
		seen += h->buckets[b];
		if (seen < rank)
			continue;
		bench_hist_bucket_range(b, &lo, &hi);
		mid = lo + (hi - lo) / 2;
		/* The true extremes are known exactly: never report beyond. */
		if (mid > h->max)
			mid = h->max;
		if (mid < h->min)
			mid = h->min;
		return mid;
	}
	return h->max;
}

double bench_hist_mean(const struct bench_hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}
