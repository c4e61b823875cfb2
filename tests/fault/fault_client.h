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
 * "-" for none). TIME_NS is CLOCK_MONOTONIC. Unique values: client c's
 * op n writes (and appends) FAULT_VALUE(c, n). */
#define FAULT_VALUE(c, n) (((int64_t)(c) + 1) * 1000000000LL + (int64_t)(n))

/* The client id of the reads after healing (fault_check allows 0..255). */
#define FINAL_CLIENT 255

#endif
