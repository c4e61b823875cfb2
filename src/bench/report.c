/* report.c: table and JSON-lines output of graphd-bench.
 *
 * Figures only: nothing here compares them with a goal. Latencies are
 * printed in milliseconds with microsecond resolution. */
#include "bench/report.h"

#include <inttypes.h>

static double report_ms(uint64_t us)
{
	return (double)us / 1000.0;
}

static double report_rate(const struct bench_phase *p)
{
	return p->res.elapsed_us
		   ? (double)p->res.ok * 1e6 / (double)p->res.elapsed_us
		   : 0.0;
}

void bench_report_header(FILE *f)
{
	fprintf(f,
		"%-3s %-10s %-7s %5s %8s %8s %6s %9s %8s %8s %8s %8s %8s "
		"%9s\n",
		"#", "workload", "via", "conns", "rate/s", "ok", "failed",
		"req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
		"fsync/txn");
}

/* "n/a" or the value, right-aligned in width. */
static void report_opt(FILE *f, int width, int prec, double v)
{
	if (v < 0)
		fprintf(f, " %*s", width, "n/a");
	else
		fprintf(f, " %*.*f", width, prec, v);
}

static void report_inst_line(FILE *f, const struct bench_inst_fig *in)
{
	fprintf(f, "      instance %-2u %-8s cpu", in->id, in->role);
	report_opt(f, 6, 1, in->cpu_pct);
	fprintf(f, " %%  rss");
	report_opt(f, 7, 1, in->rss_mib);
	fprintf(f, " MiB  fsync/txn");
	report_opt(f, 5, 2, in->fsync_per_txn);
	fprintf(f, "  lag end");
	report_opt(f, 6, 0, (double)in->lag_end);
	fprintf(f, "  lag max");
	report_opt(f, 6, 0, (double)in->lag_max);
	fprintf(f, "\n");
}

void bench_report_table(FILE *f, const struct bench_phase *p)
{
	const struct bench_hist *h = &p->res.hist;

	fprintf(f, "%-3u %-10s %-7s %5u", p->number, p->workload, p->via,
		p->connections);
	if (p->rate > 0)
		fprintf(f, " %8.0f", p->rate);
	else
		fprintf(f, " %8s", "closed");
	fprintf(f,
		" %8" PRIu64 " %6" PRIu64 " %9.1f %8.3f %8.3f %8.3f %8.3f "
		"%8.3f",
		p->res.ok, p->res.failed, report_rate(p),
		report_ms(bench_hist_percentile(h, 50)),
		report_ms(bench_hist_percentile(h, 90)),
		report_ms(bench_hist_percentile(h, 99)),
		report_ms(bench_hist_percentile(h, 99.9)), report_ms(h->max));
	report_opt(f, 9, 2, p->fsync_per_txn);
	fprintf(f, "\n");
	for (size_t i = 0; i < p->n_inst; i++)
		report_inst_line(f, &p->inst[i]);
	if (p->res.failed)
		fprintf(f, "      first failure: %s\n", p->res.first_error);
	fflush(f);
}

void bench_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* A number, or null when unknown (negative). */
static void report_json_opt(FILE *f, const char *key, double v, int prec)
{
	if (v < 0)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%.*f", key, prec, v);
}

static void report_json_inst(FILE *f, const struct bench_inst_fig *in)
{
	fprintf(f, "{\"id\":%u,\"role\":", in->id);
	bench_json_string(f, in->role);
	report_json_opt(f, "cpu_pct", in->cpu_pct, 1);
	report_json_opt(f, "rss_mib", in->rss_mib, 1);
	report_json_opt(f, "fsyncs_per_txn", in->fsync_per_txn, 3);
	report_json_opt(f, "lag_end", (double)in->lag_end, 0);
	report_json_opt(f, "lag_max", (double)in->lag_max, 0);
	fputc('}', f);
}

void bench_report_json(FILE *f, const struct bench_phase *p)
{
	const struct bench_hist *h = &p->res.hist;

	fprintf(f, "{\"phase\":%u,\"workload\":", p->number);
	bench_json_string(f, p->workload);
	fprintf(f, ",\"via\":");
	bench_json_string(f, p->via);
	fprintf(f,
		",\"connections\":%u,\"rate\":%.1f,\"ok\":%" PRIu64
		",\"failed\":%" PRIu64 ",\"reads_ok\":%" PRIu64
		",\"writes_ok\":%" PRIu64 ",\"elapsed_s\":%.3f"
		",\"throughput\":%.1f",
		p->connections, p->rate, p->res.ok, p->res.failed,
		p->res.reads_ok, p->res.writes_ok,
		(double)p->res.elapsed_us / 1e6, report_rate(p));
	fprintf(f,
		",\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
		"\"p99_9\":%.3f,\"max\":%.3f,\"mean\":%.3f}",
		report_ms(bench_hist_percentile(h, 50)),
		report_ms(bench_hist_percentile(h, 90)),
		report_ms(bench_hist_percentile(h, 99)),
		report_ms(bench_hist_percentile(h, 99.9)), report_ms(h->max),
		bench_hist_mean(h) / 1000.0);
	report_json_opt(f, "fsyncs_per_txn", p->fsync_per_txn, 3);
	fprintf(f, ",\"instances\":[");
	for (size_t i = 0; i < p->n_inst; i++) {
		if (i)
			fputc(',', f);
		report_json_inst(f, &p->inst[i]);
	}
	fprintf(f, "],\"first_error\":");
	bench_json_string(f, p->res.first_error);
	fprintf(f, "}\n");
	fflush(f);
}
