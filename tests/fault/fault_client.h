/* fault_client.h: the fault workload's history format. */
#ifndef GRAPHD_FAULT_CLIENT_H
#define GRAPHD_FAULT_CLIENT_H

/* One line per event, space-separated:
 *
 *   CLIENT OPID EVENT KIND TIME_NS KEY VALUE TXN [IDS]
 *
 * EVENT: invoke, ok, fail (rejected, certainly not applied) or unknown
 * (timed out or lost after the library's retries: maybe applied).
 * KIND: w register write (KEY, VALUE written; TXN when ok), r linearizable
 * register read (VALUE read when ok: -1 no node, -2 several nodes, -3 not
 * an integer), a append of an Ack node (VALUE its id; TXN when ok), b
 * bookmark read of every Ack id on instance KEY (0-based in the server
 * list) with bookmark TXN (ok: VALUE ids follow as IDS, comma-separated,
 * "-" for none), c compare-and-set of register KEY to VALUE (the invoke
 * line's IDS is the value it expects; the ok line's VALUE is the value the
 * statement found: it was set when that equals the expected one; TXN when
 * ok). TIME_NS is CLOCK_MONOTONIC. Unique values: client c's op n writes
 * (and appends) FAULT_VALUE(c, n).
 *
 * The ok line of a w, a or c sent by an HTTP writer (no session: POST
 * /db/neo4j/tx/commit) carries one IDS field, the echo: the op's own value
 * as the statement's result returned it (RETURN r.v, a.id, $n), or
 * FAULT_ECHO_BAD for a result of another shape (columns, rows, key). An
 * echo other than the op's value is an answer taken from another request's
 * log entry; TXN is the X-Graphd-Txn header. */
#define FAULT_VALUE(c, n) (((int64_t)(c) + 1) * 1000000000LL + (int64_t)(n))

/* The client id of the reads after healing (fault_check allows 0..255). */
#define FINAL_CLIENT 255

/* The echo of a result that is not this statement's shape. */
#define FAULT_ECHO_BAD (-3)

#endif
