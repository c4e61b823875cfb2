/* test_bench_hist.c: graphd-bench's latency histogram: exact small values,
 * the error bound against exact nearest-rank percentiles, bucket layout,
 * merging and the edges (empty, huge values). */
#include "bench/hist.h"

#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"

static struct bench_hist *hist_new(void)
{
	struct bench_hist *h = malloc(sizeof(*h));

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	bench_hist_init(h);
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile of sorted v[0..n). */
static uint64_t exact_percentile(const uint64_t *v, size_t n, double p)
{
	double r = p / 100.0 * (double)n;
	size_t rank = (size_t)r;

	if ((double)rank < r)
		rank++;
	return v[rank ? rank - 1 : 0];
}

static void values_below_sub_buckets_are_exact(void)
{
	struct bench_hist *h = hist_new();

	for (uint64_t v = 1; v <= 100; v++)
		bench_hist_record(h, v);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 50), 50);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 90), 90);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 99), 99);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 99.9), 100);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 100), 100);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 0), 1);
	CU_ASSERT_EQUAL(h->count, 100);
	CU_ASSERT_DOUBLE_EQUAL(bench_hist_mean(h), 50.5, 1e-9);
	free(h);
}

/* Values spread over six decades (1 us .. 10 s), as latencies are: every
 * reported percentile is within 0.5% of the exact one (the brief asks for
 * under 1%). */
static void percentiles_are_within_half_a_percent(void)
{
	static const double ps[] = {1, 10, 25, 50, 75, 90, 99, 99.9, 99.99};
	enum { N = 200000 };
	uint64_t *v = malloc(N * sizeof(*v)), x = 88172645463325252ull;
	struct bench_hist *h = hist_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	for (size_t i = 0; i < N; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* log-uniform: a random power of two times a random mantissa */
		v[i] = ((x >> 40) % 1000000u + 1) >> ((x >> 8) % 20);
		bench_hist_record(h, v[i]);
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < sizeof(ps) / sizeof(*ps); i++) {
		uint64_t want = exact_percentile(v, N, ps[i]);
		uint64_t got = bench_hist_percentile(h, ps[i]);
		double err =
		    got > want ? (double)(got - want) : (double)(want - got);

		CU_ASSERT(err <= (double)want * 0.005);
	}
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 100), v[N - 1]);
	CU_ASSERT_EQUAL(h->min, v[0]);
	free(v);
	free(h);
}

/* The buckets tile the value range: no gap, no overlap, and each one is
 * narrower than 1/128 of its lower bound. */
static void buckets_tile_the_range_without_gaps(void)
{
	uint64_t next = 0, lo, hi;

	for (unsigned b = 0; b < BENCH_HIST_BUCKETS; b++) {
		bench_hist_bucket_range(b, &lo, &hi);
		CU_ASSERT_EQUAL_FATAL(lo, next);
		CU_ASSERT_EQUAL(bench_hist_bucket(lo), b);
		CU_ASSERT_EQUAL(bench_hist_bucket(hi), b);
		CU_ASSERT((hi - lo) * BENCH_HIST_SUB <= lo);
		next = hi + 1;
	}
	CU_ASSERT_EQUAL(next, (uint64_t)1 << BENCH_HIST_MAX_EXP);
}

static void percentiles_never_exceed_the_maximum(void)
{
	struct bench_hist *h = hist_new();
	uint64_t last = 0;

	bench_hist_record(h, 1000);
	bench_hist_record(h, 1001);
	bench_hist_record(h, 5000);
	for (double p = 0; p <= 100; p += 0.5) {
		uint64_t q = bench_hist_percentile(h, p);

		CU_ASSERT(q >= last);
		CU_ASSERT(q >= h->min && q <= h->max);
		last = q;
	}
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 100), 5000);
	free(h);
}

static void empty_histogram_reports_zero(void)
{
	struct bench_hist *h = hist_new();

	CU_ASSERT_EQUAL(bench_hist_percentile(h, 50), 0);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 100), 0);
	CU_ASSERT_DOUBLE_EQUAL(bench_hist_mean(h), 0.0, 1e-12);
	free(h);
}

static void merge_equals_recording_everything_in_one(void)
{
	struct bench_hist *a = hist_new(), *b = hist_new(), *all = hist_new();

	for (uint64_t v = 1; v < 50000; v += 7) {
		bench_hist_record(v % 2 ? a : b, v);
		bench_hist_record(all, v);
	}
	bench_hist_merge(a, b);
	CU_ASSERT_EQUAL(a->count, all->count);
	CU_ASSERT_EQUAL(a->min, all->min);
	CU_ASSERT_EQUAL(a->max, all->max);
	CU_ASSERT_EQUAL(a->sum, all->sum);
	CU_ASSERT(memcmp(a->buckets, all->buckets, sizeof(a->buckets)) == 0);
	free(a);
	free(b);
	free(all);
}

static void huge_values_are_clamped_but_the_maximum_is_exact(void)
{
	struct bench_hist *h = hist_new();
	uint64_t huge = (uint64_t)1 << 60;

	bench_hist_record(h, 10);
	bench_hist_record(h, huge);
	CU_ASSERT_EQUAL(bench_hist_bucket(huge), BENCH_HIST_BUCKETS - 1);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 100), huge);
	CU_ASSERT_EQUAL(bench_hist_percentile(h, 50), 10);
	free(h);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bench_hist", NULL, NULL);
	CU_ADD_TEST(s, values_below_sub_buckets_are_exact);
	CU_ADD_TEST(s, percentiles_are_within_half_a_percent);
	CU_ADD_TEST(s, buckets_tile_the_range_without_gaps);
	CU_ADD_TEST(s, percentiles_never_exceed_the_maximum);
	CU_ADD_TEST(s, empty_histogram_reports_zero);
	CU_ADD_TEST(s, merge_equals_recording_everything_in_one);
	CU_ADD_TEST(s, huge_values_are_clamped_but_the_maximum_is_exact);
	return cu_run();
}
