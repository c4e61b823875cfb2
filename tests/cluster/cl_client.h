/* cl_client.h: small libgraphd helpers shared by the cluster test programs. */
#ifndef GRAPHD_CL_CLIENT_H
#define GRAPHD_CL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "client/graphd.h"

/* Monotonic clock in milliseconds (microseconds for latency figures). */
uint64_t cl_now_ms(void);
uint64_t cl_now_us(void);

/* Sleeps ms milliseconds (between polls; every caller bounds its loop). */
void cl_sleep_ms(unsigned ms);

/* Asks the one instance at server ("host:port") for its status, with a short
 * request timeout so that a stopped or dead instance answers quickly.
 * Returns 0 and fills *s (free with graphd_status_free), or -1. */
int cl_status_of(const char *server, const char *cluster,
		 struct graphd_status *s);

/* Creates one node labelled label with the property k = seq through g.
 * Returns the transaction id, or 0 with *err filled. */
uint64_t cl_write_node(graphd_t *g, const char *label, int64_t seq,
		       struct graphd_error *err);

#endif
