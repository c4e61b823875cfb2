/* crash_writer.c: writes transactions k = FIRST, FIRST+1, ... as fast as it
 * can and prints "ACK k TXN" (flushed) for each one graphd acknowledged. Stops
 * at the first write that fails (graphd was killed), after COUNT writes, or
 * on SIGTERM. A failed k is never retried under another session, so each k is
 * written at most once and the checker can demand "exactly once" of every
 * ACKed k and "all or nothing" of every other.
 *
 * usage: crash_writer HOST:PORT FIRST [COUNT] */
#include "crash.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/graphd.h"

static int writer_one(graphd_t *g, uint64_t k)
{
	static const char *const labels[] = {CRASH_LABEL};
	struct graphd_prop props[2] = {
	    {.key = (char *)CRASH_KEY, .value = {.type = GRAPHD_INT}},
	    {.key = (char *)CRASH_SIDE, .value = {.type = GRAPHD_STRING}},
	};
	struct graphd_write_result res;
	struct graphd_error err = {0};
	struct graphd_txn *t = graphd_txn_new();
	int rc = -1;

	props[0].value.u.i = (int64_t)k;
	if (!t)
		return -1;
	props[1].value.u.s = (char *)"a";
	if (graphd_txn_create_node(t, labels, 1, props, 2) < 0)
		goto err;
	props[1].value.u.s = (char *)"b";
	if (graphd_txn_create_node(t, labels, 1, props, 2) < 0 ||
	    graphd_txn_create_rel(t, CRASH_REL, GRAPHD_OP(0), GRAPHD_OP(1),
				  NULL, 0) < 0)
		goto err;
	if (graphd_write(g, t, &res, &err) < 0) {
		fprintf(stderr, "crash_writer: k=%" PRIu64 " failed: %s\n", k,
			err.message);
		goto err;
	}
	printf("ACK %" PRIu64 " %" PRIu64 "\n", k, res.txn_id);
	fflush(stdout);
	graphd_write_result_free(&res);
	rc = 0;
err:
	graphd_txn_free(t);
	return rc;
}

int main(int argc, char **argv)
{
	/* Short retries: a killed server should end this writer quickly. */
	struct graphd_options o = {.cluster_name = CRASH_CLUSTER,
				   .client_name = "crash_writer",
				   .timeout_ms = 5000,
				   .retry_ms = 200};
	struct graphd_error err = {0};
	uint64_t first, count;
	graphd_t *g;

	if (argc < 3) {
		fprintf(stderr,
			"usage: crash_writer HOST:PORT FIRST [COUNT]\n");
		return 2;
	}
	first = strtoull(argv[2], NULL, 10);
	count = argc > 3 ? strtoull(argv[3], NULL, 10) : 1000000;
	if (!(g = graphd_connect(argv[1], &o, &err))) {
		fprintf(stderr, "crash_writer: %s\n", err.message);
		return 1;
	}
	for (uint64_t k = first; k < first + count; k++)
		if (writer_one(g, k) < 0)
			break;
	graphd_close(g);
	return 0;
}
