/* apply.h: applies committed log entries to the graph store, exactly once. */
#ifndef GRAPHD_GRAPH_APPLY_H
#define GRAPHD_GRAPH_APPLY_H

#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"
#include "raft/raft.h"
#include "store/graph.h"

struct graph_apply_out {
	uint32_t origin_server; /* from the entry's TxnEntry (0 for non-txn) */
	uint64_t session;
	uint64_t seq;
	/* The answer for the client: body.write (WriteResult with txn_id set to
	 * the entry's index) or error (deterministic: NOT_FOUND, CONSTRAINT,
	 * BAD_REQUEST). request_id unset. NULL for NOOP/CONF entries. Free with
	 * graph_response_free(). */
	Graphd__Response *response;
};

/* Applies entry e in ONE Berkeley DB transaction together with
 * applied_index = e->index, so that a crash never applies it twice or half.
 * NORMAL: decode TxnEntry and run its operations; a failing operation rolls
 * the operations back but the entry still counts as applied (every replica
 * fails the same way). A (session, seq) already applied is answered with the
 * stored result and not run again. NOOP/CONF: only applied_index moves.
 * Entries with index <= applied_index are skipped (out->response NULL).
 * Returns 0, or -1 on a storage failure with err filled: nothing applied. */
int graph_apply(struct store_graph *g, const struct raft_entry *e,
		struct graph_apply_out *out, char *err, size_t errlen);

/* A response carrying only an error (code, message). NULL when out of
 * memory. */
Graphd__Response *graph_response_error(Graphd__ErrorCode code, const char *msg);

/* Deep free of a response built by graph_apply() or graph_read(). */
void graph_response_free(Graphd__Response *r);

#endif
