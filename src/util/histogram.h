/* histogram.h: fixed-bucket histograms in the Prometheus text format. */
#ifndef GRAPHD_UTIL_HISTOGRAM_H
#define GRAPHD_UTIL_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;

#define HISTOGRAM_MAX_BOUNDS 24

/* Upper bounds in seconds, 100 us .. 10 s: an fsync on an SSD takes a
 * fraction of a millisecond, a commit through a slow disk tens of ms, and
 * anything near ha.write_timeout (seconds) is a failure to look at. */
#define HISTOGRAM_LATENCY_N 16
extern const double histogram_latency_bounds[HISTOGRAM_LATENCY_N];

struct histogram {
	const double *bounds; /* ascending upper bounds; +Inf is implicit */
	size_t n_bounds;
	/* Per bucket, not cumulative: counts[i] holds the values v with
	 * bounds[i-1] < v <= bounds[i]; counts[n_bounds] those above all. */
	uint64_t counts[HISTOGRAM_MAX_BOUNDS + 1];
	uint64_t count;
	double sum;
};

/* bounds (ascending, at most HISTOGRAM_MAX_BOUNDS) must outlive h. */
void histogram_init(struct histogram *h, const double *bounds, size_t n);
/* Counts v in the first bucket whose bound is >= v (Prometheus' "le"). */
void histogram_observe(struct histogram *h, double v);
/* Appends name_bucket{labels,le="..."} (cumulative, ending with +Inf),
 * name_sum and name_count. labels is "" or a label list without braces,
 * e.g. server_id="1". The caller writes # HELP and # TYPE. */
void histogram_render(const struct histogram *h, struct evbuffer *out,
		      const char *name, const char *labels);

#endif
