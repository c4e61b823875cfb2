/* cl_writer.c: a steady writer for the cluster tests. It creates nodes
 * labelled LABEL with k = FIRST, FIRST+1, ... one transaction each, through
 * libgraphd with the whole server list, so it follows the cluster through a
 * failover the way an application would (the library moves to another
 * instance and retries a retryable failure with the same session and
 * sequence number).
 *
 * Every acknowledged write is printed as "ack K TXN" (flushed at
 * once: the test may kill this program), every failed one as "err K reason"
 * on stderr. It stops after COUNT writes, when STOPFILE exists, or after
 * MAX_SECONDS, and ends with "N acknowledged, M failed; last connected to
 * HOST:PORT" on stderr (which instance answered the last write); the exit
 * status is 0 only when no write failed.
 *
 * usage: cl_writer -s SERVERS -l LABEL [-c CLUSTER] [-n COUNT] [-k FIRST]
 *                  [-f STOPFILE] [-t MAX_SECONDS] */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cl_client.h"

struct writer_opts {
	const char *servers, *label, *cluster, *stopfile;
	uint64_t count;
	int64_t first;
	uint64_t max_ms;
};

static int parse_opts(int argc, char **argv, struct writer_opts *o)
{
	int c;

	*o = (struct writer_opts){.cluster = "graphd",
				  .count = UINT64_MAX,
				  .first = 1,
				  .max_ms = 60000};
	while ((c = getopt(argc, argv, "s:l:c:n:k:f:t:")) != -1) {
		switch (c) {
		case 's':
			o->servers = optarg;
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'c':
			o->cluster = optarg;
			break;
		case 'n':
			o->count = strtoull(optarg, NULL, 10);
			break;
		case 'k':
			o->first = strtoll(optarg, NULL, 10);
			break;
		case 'f':
			o->stopfile = optarg;
			break;
		case 't':
			o->max_ms = strtoull(optarg, NULL, 10) * 1000;
			break;
		default:
			return -1;
		}
	}
	if (!o->servers || !o->label || optind != argc)
		return -1;
	return 0;
}

static bool should_stop(const struct writer_opts *o, uint64_t done,
			uint64_t start_ms)
{
	if (done >= o->count)
		return true;
	if (o->stopfile && access(o->stopfile, F_OK) == 0)
		return true;
	return cl_now_ms() - start_ms >= o->max_ms;
}

int main(int argc, char **argv)
{
	struct writer_opts o;
	struct graphd_options go = {.client_name = "cl_writer"};
	struct graphd_error e = {0};
	uint64_t acked = 0, failed = 0, start = cl_now_ms();
	graphd_t *g;

	if (parse_opts(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: cl_writer -s SERVERS -l LABEL "
				"[-c CLUSTER] [-n COUNT] [-k FIRST] "
				"[-f STOPFILE] [-t MAX_SECONDS]\n");
		return 2;
	}
	go.cluster_name = o.cluster;
	if (!(g = graphd_connect(o.servers, &go, &e))) {
		fprintf(stderr, "cl_writer: cannot connect to %s: %s\n",
			o.servers, e.message);
		return 3;
	}
	for (int64_t k = o.first; !should_stop(&o, acked + failed, start);
	     k++) {
		uint64_t txn = cl_write_node(g, o.label, k, &e);

		if (txn) {
			printf("ack %" PRId64 " %" PRIu64 "\n", k, txn);
			fflush(stdout);
			acked++;
		} else {
			fprintf(stderr, "err %" PRId64 " %s\n", k, e.message);
			failed++;
		}
	}
	fprintf(stderr,
		"cl_writer: %" PRIu64 " acknowledged, %" PRIu64
		" failed; last connected to %s\n",
		acked, failed, graphd_server(g));
	graphd_close(g);
	return failed ? 1 : 0;
}
