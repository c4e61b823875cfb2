/* histogram.c: fixed-bucket histograms in the Prometheus text format.
 *
 * Observing is a short linear scan over at most HISTOGRAM_MAX_BOUNDS
 * doubles, no allocation: it runs on the hot path (every fsync, every
 * applied transaction). Buckets are stored per bucket and made cumulative
 * only when rendered, as the exposition format wants them. */
#include "util/histogram.h"

#include <assert.h>
#include <inttypes.h>

#include <event2/buffer.h>

const double histogram_latency_bounds[HISTOGRAM_LATENCY_N] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05,   0.1,     0.25,   0.5,   1,	    2.5,   5,	 10,
};

void histogram_init(struct histogram *h, const double *bounds, size_t n)
{
	assert(n <= HISTOGRAM_MAX_BOUNDS);
	for (size_t i = 1; i < n; i++)
		assert(bounds[i - 1] < bounds[i]);
	*h = (struct histogram){.bounds = bounds, .n_bounds = n};
}

void histogram_observe(struct histogram *h, double v)
{
	size_t i = 0;

	while (i < h->n_bounds && v > h->bounds[i])
		i++;
	h->counts[i]++;
	h->count++;
	h->sum += v;
}

/* "{labels}", or nothing for an empty label list. */
static void histogram_series(struct evbuffer *out, const char *name,
			     const char *suffix, const char *labels)
{
	if (labels[0])
		evbuffer_add_printf(out, "%s%s{%s} ", name, suffix, labels);
	else
		evbuffer_add_printf(out, "%s%s ", name, suffix);
}

void histogram_render(const struct histogram *h, struct evbuffer *out,
		      const char *name, const char *labels)
{
	const char *sep = labels[0] ? "," : "";
	uint64_t cum = 0;

	for (size_t i = 0; i < h->n_bounds; i++) {
		cum += h->counts[i];
		evbuffer_add_printf(out,
				    "%s_bucket{%s%sle=\"%g\"} %" PRIu64 "\n",
				    name, labels, sep, h->bounds[i], cum);
	}
	evbuffer_add_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %" PRIu64 "\n",
			    name, labels, sep, h->count);
	histogram_series(out, name, "_sum", labels);
	evbuffer_add_printf(out, "%.9g\n", h->sum);
	histogram_series(out, name, "_count", labels);
	evbuffer_add_printf(out, "%" PRIu64 "\n", h->count);
}
