/* fault_check.h: the fault suite's offline checker of a history. */
#ifndef GRAPHD_FAULT_CHECK_H
#define GRAPHD_FAULT_CHECK_H

/* usage: fault_check HISTORY [ACKS...]
 * HISTORY: fault_client's history (format in fault_client.h). ACKS: one
 * file per data instance with the Ack ids it holds after healing, one a line.
 * Prints "ok - ..." / "FAIL - ..." per check with the offending operations;
 * exits 0 only when every check passed. Checks:
 *  - every acknowledged write got its own answer: an HTTP write's result
 *    echoes its own value and carries a transaction id, and no two
 *    acknowledged writes share a transaction id (DESIGN.md 2.7);
 *  - per register key, the linearizable reads and the writes are
 *    linearizable (fault_lin.h), compare-and-sets included, unknown writes
 *    (and writes answered with another's result) taking effect once or
 *    never;
 *  - a bookmark read with bookmark T saw every id acknowledged with a
 *    transaction id <= T (by any client): bookmarks never go back in time;
 *  - every instance holds every acknowledged id exactly once, no id twice,
 *    and no id that no client sent. */

#endif
