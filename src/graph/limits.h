/* limits.h: the size bounds of what may enter the transaction log, checked
 * before proposing and, alike on every replica, while applying. */
#ifndef GRAPHD_GRAPH_LIMITS_H
#define GRAPHD_GRAPH_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"

/* The bounds an entry is applied under when it carries none (an entry
 * proposed before the bounds were stamped): the configuration defaults,
 * compiled in, so every replica uses the same ones. */
#define GRAPH_LIMITS_VALUE_DEFAULT (4u << 20)
#define GRAPH_LIMITS_TXN_DEFAULT   (16u << 20)

struct graph_limits {
	uint64_t max_value; /* ha.max_value_size: bytes of one stored value */
	uint64_t max_txn;   /* dbms.memory.transaction.max: bytes of records
			       one entry writes, and of the entry itself */
};

/* The bounds te is applied under: the ones its proposer stamped, else the
 * defaults. Never this instance's configuration: the bounds must be the
 * same on every replica. */
void graph_limits_of_entry(struct graph_limits *l, const Graphd__TxnEntry *te);
/* The proposer fixes l in te for every replica (like the clock). */
void graph_limits_stamp(Graphd__TxnEntry *te, const struct graph_limits *l);

/* Before proposing: refuses a request whose statement, parameters or
 * operations are over the bounds, so that nothing unappliable enters the
 * log. Returns 0, or -1 with a message naming the bound and its key. */
int graph_entry_check_size(const Graphd__Request *req,
			   const struct graph_limits *l, char *err,
			   size_t errlen);
/* The master, for an entry a slave packed: the same checks, and the bounds
 * stamped in it must not exceed the master's own. */
int graph_entry_check_packed(const uint8_t *data, size_t len,
			     const struct graph_limits *l, char *err,
			     size_t errlen);

/* The size of a value as the bounds count it: a string's bytes, a list's
 * items plus one byte each, 8 for a scalar (what the Cypher executor
 * counts for the values it builds, so that both agree). */
uint64_t graph_value_bytes(const Graphd__Value *v);

/* Messages for a bound hit on apply; buf gets the text. */
void graph_limits_value_msg(char *buf, size_t len, const char *what,
			    uint64_t size, uint64_t max);
void graph_limits_txn_msg(char *buf, size_t len, uint64_t size, uint64_t max);

#endif
