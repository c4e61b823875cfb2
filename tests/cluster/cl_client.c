/* cl_client.c: small libgraphd helpers shared by the cluster test programs. */
#include "cl_client.h"

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* A status request to an instance that is up answers in milliseconds; a
 * SIGSTOPped one never does, and the caller must not hang on it. */
#define CL_STATUS_TIMEOUT_MS 1000

uint64_t cl_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

uint64_t cl_now_ms(void)
{
	return cl_now_us() / 1000;
}

void cl_sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int cl_status_of(const char *server, const char *cluster,
		 struct graphd_status *s)
{
	struct graphd_options o = {.cluster_name = cluster,
				   .client_name = "cluster-test",
				   .timeout_ms = CL_STATUS_TIMEOUT_MS};
	graphd_t *g = graphd_connect(server, &o, NULL);
	int rc;

	if (!g)
		return -1;
	rc = graphd_status(g, s, NULL);
	graphd_close(g);
	return rc;
}

uint64_t cl_write_node(graphd_t *g, const char *label, int64_t seq,
		       struct graphd_error *err)
{
	const char *labels[1] = {label};
	struct graphd_prop prop = {.key = "k",
				   .value = {.type = GRAPHD_INT, .u.i = seq}};
	struct graphd_write_result r;
	struct graphd_txn *t = graphd_txn_new();
	uint64_t txn = 0;

	if (!t || graphd_txn_create_node(t, labels, 1, &prop, 1) < 0) {
		if (err) {
			err->code = GRAPHD_E_NOMEM;
			err->retryable = false;
			snprintf(err->message, sizeof(err->message),
				 "cannot build the transaction");
		}
		goto out;
	}
	if (graphd_write(g, t, &r, err) == 0) {
		txn = r.txn_id;
		graphd_write_result_free(&r);
	}
out:
	graphd_txn_free(t);
	return txn;
}
