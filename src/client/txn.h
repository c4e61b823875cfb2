/* txn.h: libgraphd write transactions, built directly as a Graphd__WriteTxn.
 * Internal to libgraphd (not installed). */
#ifndef GRAPHD_CLIENT_TXN_H
#define GRAPHD_CLIENT_TXN_H

#include "client/graphd.h"
#include "client/value.h"

#define CLIENT_TXN_MAX_OPS 100000

struct graphd_txn {
	struct client_arena arena;
	Graphd__WriteTxn
	    pb; /* pb.ops is malloc'd; its elements live in arena */
	size_t cap;
};

#endif
