/* main.c: graphd-bench, the cluster benchmark: option parsing, --help and
 * the subcommand table. It prints figures and never judges them: the exit
 * status is 0 when it ran, 1 (with the reason on stderr) when it could not,
 * 2 on a usage error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

static const char bench_usage[] =
    "usage: graphd-bench run -s HOST:PORT[,HOST:PORT...] | --dir DIR\n"
    "                        --workload NAME [options]\n"
    "       graphd-bench failover --dir DIR [--trials N] [--connections C]\n"
    "       graphd-bench catchup --dir DIR [--transactions K]\n"
    "\n"
    "run: phases of load against a running cluster, one per --connections\n"
    "  level, each printed as a table row (or a JSON line with --json).\n"
    "  -s, --server LIST     client addresses of the instances (not needed\n"
    "                        with --dir)\n"
    "  --cluster NAME        ha.cluster_name (default graphd)\n"
    "  --workload NAME       create      CREATE (:Bench {k: $k, v: $pad})\n"
    "                        create-ops  the same node as a WriteTxn\n"
    "                        mixed       MATCH (n:Bench {k: $k}) RETURN n and\n"
    "                                    creates, --read-ratio reads\n"
    "                        read-node   a BenchG node by indexed key\n"
    "                        hop1, hop2  its 1-hop / 2-hop neighbours\n"
    "                        (the BenchG graph is loaded first if missing)\n"
    "                        status      a Status request: the round trip\n"
    "                                    of the protocol, no store access\n"
    "  --read-ratio R        mixed: share of reads, 0..1 (default 0.9)\n"
    "  --prop-size BYTES     size of the v property written (default 16)\n"
    "  --connections LIST    e.g. 1,4,16,64: one phase per level, each\n"
    "                        connection with one request in flight\n"
    "                        (closed loop; default 1)\n"
    "  --duration TIME       length of a phase: 10s, 500ms, 2m (default 10s)\n"
    "  --requests N          or: N requests per phase\n"
    "  --rate R              open loop: R requests/s across the connections;\n"
    "                        latency counts from when a request was due,\n"
    "                        not when a free connection sent it, so a\n"
    "                        stalled server is not hidden (no coordinated\n"
    "                        omission)\n"
    "  --via master|slaves|all  where requests go (default all); writes\n"
    "                        sent to a slave are forwarded to the master\n"
    "  --dir DIR             a contrib/local-cluster directory: also CPU\n"
    "                        and RSS per instance from /proc\n"
    "  --graph-nodes N       size of the BenchG graph (default 10000)\n"
    "  --graph-degree D      R relationships per node (default 5)\n"
    "  --timeout TIME        a request unanswered this long fails (30s)\n"
    "  --seed N              of the key choices (default 1)\n"
    "  --json                one JSON object per phase, one per line\n"
    "\n"
    "Figures per phase: ok/failed, throughput, latency p50/p90/p99/p99.9/\n"
    "max (log-bucket histogram, < 0.4% error), per instance CPU % and RSS\n"
    "(--dir), fsyncs per applied transaction (from /metrics, n/a without\n"
    "it) and replication lag (master applied index - instance applied\n"
    "index, at the end and the largest seen polling once a second).\n"
    "\n"
    "failover: under load from --connections C (default 4) writing through\n"
    "  every data instance, kill -9 the master --trials N times (default\n"
    "  10); per trial the time from the kill to the acknowledgement of the\n"
    "  first write sent after it; the killed instance is restarted\n"
    "  (--graphd PATH, else $GRAPHD, else graphd) and must be a slave and\n"
    "  caught up before the next trial. Prints each trial, median, worst.\n"
    "\n"
    "catchup: stop a slave (SIGTERM), write --transactions K (default\n"
    "  10000) through the master with --connections C (default 16), start\n"
    "  it again and report the time until its applied index reaches the\n"
    "  master's, and the catch-up rate.\n";

static const struct {
	const char *name;
	int (*run)(const struct bench_opts *o);
} bench_cmds[] = {
    {"run", bench_cmd_run},
    {"failover", bench_cmd_failover},
    {"catchup", bench_cmd_catchup},
};

/* "10s", "250ms", "2m", "1.5" (seconds): microseconds, 0 if bad. */
static uint64_t bench_parse_time(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v <= 0)
		return 0;
	if (strcmp(end, "ms") == 0)
		return (uint64_t)(v * 1e3);
	if (strcmp(end, "m") == 0)
		return (uint64_t)(v * 60e6);
	if (strcmp(end, "s") == 0 || *end == '\0')
		return (uint64_t)(v * 1e6);
	return 0;
}

static int bench_parse_levels(struct bench_opts *o, const char *s)
{
	char *end;

	o->n_levels = 0;
	do {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v == 0 || v > 10000 ||
		    o->n_levels == BENCH_MAX_LEVELS)
			return -1;
		o->levels[o->n_levels++] = (unsigned)v;
		s = end + (*end == ',');
	} while (*end == ',');
	return *end ? -1 : 0;
}

enum {
	OPT_CLUSTER = 256,
	OPT_WORKLOAD,
	OPT_RATIO,
	OPT_PROP,
	OPT_CONNS,
	OPT_DURATION,
	OPT_REQUESTS,
	OPT_RATE,
	OPT_VIA,
	OPT_DIR,
	OPT_JSON,
	OPT_TRIALS,
	OPT_TXNS,
	OPT_GRAPHD,
	OPT_NODES,
	OPT_DEGREE,
	OPT_TIMEOUT,
	OPT_SEED,
	OPT_HELP,
};

static const struct option bench_long[] = {
    {"server", 1, NULL, 's'},
    {"cluster", 1, NULL, OPT_CLUSTER},
    {"workload", 1, NULL, OPT_WORKLOAD},
    {"read-ratio", 1, NULL, OPT_RATIO},
    {"prop-size", 1, NULL, OPT_PROP},
    {"connections", 1, NULL, OPT_CONNS},
    {"duration", 1, NULL, OPT_DURATION},
    {"requests", 1, NULL, OPT_REQUESTS},
    {"rate", 1, NULL, OPT_RATE},
    {"via", 1, NULL, OPT_VIA},
    {"dir", 1, NULL, OPT_DIR},
    {"json", 0, NULL, OPT_JSON},
    {"trials", 1, NULL, OPT_TRIALS},
    {"transactions", 1, NULL, OPT_TXNS},
    {"graphd", 1, NULL, OPT_GRAPHD},
    {"graph-nodes", 1, NULL, OPT_NODES},
    {"graph-degree", 1, NULL, OPT_DEGREE},
    {"timeout", 1, NULL, OPT_TIMEOUT},
    {"seed", 1, NULL, OPT_SEED},
    {"help", 0, NULL, OPT_HELP},
    {NULL, 0, NULL, 0}};

/* A whole number in [1, max]; -1 if it is not. */
static int bench_count(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 10);
	return end == s || *end || *v == 0 || *v > max ? -1 : 0;
}

/* A number-valued option; -1 on a bad value. */
static int bench_option_number(struct bench_opts *o, int c, const char *arg)
{
	uint64_t v = 0;
	char *end;

	switch (c) {
	case OPT_RATIO:
		o->read_ratio = strtod(arg, &end);
		return *end || o->read_ratio < 0 || o->read_ratio > 1 ? -1 : 0;
	case OPT_RATE:
		o->rate = strtod(arg, &end);
		return *end || o->rate <= 0 ? -1 : 0;
	case OPT_DURATION:
		return (o->duration_us = bench_parse_time(arg)) ? 0 : -1;
	case OPT_TIMEOUT:
		return (o->timeout_us = bench_parse_time(arg)) ? 0 : -1;
	case OPT_PROP: /* 0 is a valid size */
		return bench_count(arg, 1u << 20, &o->prop_size) < 0 &&
			       strcmp(arg, "0") != 0
			   ? -1
			   : 0;
	case OPT_REQUESTS:
		return bench_count(arg, UINT64_MAX, &o->requests);
	case OPT_TXNS:
		return bench_count(arg, UINT64_MAX, &o->transactions);
	case OPT_NODES:
		return bench_count(arg, UINT64_MAX, &o->graph_nodes);
	case OPT_SEED:
		return bench_count(arg, UINT64_MAX, &o->seed);
	case OPT_TRIALS:
	case OPT_DEGREE:
		if (bench_count(arg, c == OPT_TRIALS ? 100000 : 1000, &v) < 0)
			return -1;
		*(c == OPT_TRIALS ? &o->trials : &o->graph_degree) =
		    (unsigned)v;
		return 0;
	default:
		return -1;
	}
}

/* One option; -1 on a bad value. */
static int bench_option(struct bench_opts *o, int c, const char *arg)
{
	switch (c) {
	case 's':
		o->servers = arg;
		return 0;
	case OPT_CLUSTER:
		o->cluster = arg;
		return 0;
	case OPT_DIR:
		o->dir = arg;
		return 0;
	case OPT_GRAPHD:
		o->graphd = arg;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	case OPT_WORKLOAD:
		o->kind_set = bench_workload_kind(arg, &o->kind) == 0;
		return o->kind_set ? 0 : -1;
	case OPT_VIA:
		o->via = arg;
		return strcmp(arg, "master") && strcmp(arg, "slaves") &&
			       strcmp(arg, "all")
			   ? -1
			   : 0;
	case OPT_CONNS:
		return bench_parse_levels(o, arg);
	default:
		return bench_option_number(o, c, arg);
	}
}

static const char *bench_option_name(int c)
{
	for (const struct option *l = bench_long; l->name; l++)
		if (l->val == c)
			return l->name;
	return "?";
}

static void bench_defaults(struct bench_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->cluster = "graphd";
	o->graphd = getenv("GRAPHD") ? getenv("GRAPHD") : "graphd";
	o->via = "all";
	o->read_ratio = 0.9;
	o->prop_size = 16;
	o->timeout_us = 30000000;
	o->seed = 1;
	o->graph_nodes = 10000;
	o->graph_degree = 5;
	o->trials = 10;
	o->transactions = 10000;
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	int c;

	bench_defaults(&o);
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(bench_usage, stdout);
		return 0;
	}
	while ((c = getopt_long(argc, argv, "s:h", bench_long, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			fputs(bench_usage, stdout);
			return 0;
		}
		if (c == '?' || bench_option(&o, c, optarg) < 0) {
			if (c != '?')
				fprintf(stderr,
					"graphd-bench: bad value for --%s: "
					"%s\n",
					bench_option_name(c), optarg);
			fputs("try graphd-bench --help\n", stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(bench_usage, stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(bench_cmds) / sizeof(*bench_cmds); i++)
		if (strcmp(argv[optind], bench_cmds[i].name) == 0)
			return bench_cmds[i].run(&o);
	fprintf(stderr, "graphd-bench: unknown command %s\n%s", argv[optind],
		bench_usage);
	return 2;
}
