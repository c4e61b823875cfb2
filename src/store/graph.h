/* graph.h: the graph store in Berkeley DB: nodes, relationships, adjacency,
 * label index, id counters, applied_index and the session table. */
#ifndef GRAPHD_STORE_GRAPH_H
#define GRAPHD_STORE_GRAPH_H

#include <db.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "graphd.pb-c.h"
#include "store/env.h"

struct store_graph;

int store_graph_open(struct store_env *env, struct store_graph **out, char *err,
		     size_t errlen);
void store_graph_close(struct store_graph *g);
/* Index of the last log entry applied (0 for a new store). */
uint64_t store_graph_applied_index(struct store_graph *g);

/* The record-level primitives used by graph/apply.c and graph/read.c are
 * declared below this line by the store module. */

/* Layout: one BDB file, graph.db, with these btree databases (keys
 * big-endian so that cursor order is id order):
 *   nodes    id -> packed Graphd__Node
 *   rels     id -> packed Graphd__Relationship
 *   adj      node id | dir (0 out, 1 in) | type | NUL | rel id -> other id
 *   labels   label | NUL | node id -> (empty)
 *   meta     "applied_index", "next_node_id", "next_rel_id",
 *            "log_clock_ms", "session_count" -> 8 bytes
 *   sessions session id -> last seq (8) | 0 (1) | last use, log ms (8) |
 *            packed Graphd__Response
 *   schema   index name -> definition      (store/schema.h)
 *   pidx     label | NUL | prop | NUL | value | node id -> (empty)
 *   session_age  last use (8) | session id -> (empty), oldest first
 * Every primitive returns 0, DB_NOTFOUND where stated, or another Berkeley
 * DB / errno code (a storage failure; EBADMSG: a record does not decode). */
#define STORE_GRAPH_FILE "graph.db"
/* Longest label or relationship type, in bytes: they are parts of index
 * keys. Callers refuse longer ones before they reach the store. */
#define STORE_GRAPH_NAME_MAX 1024
/* Database numbers of the schema module's catalog and index entries. */
#define STORE_GRAPH_DB_SCHEMA 6
#define STORE_GRAPH_DB_PIDX   7

enum store_dir {
	STORE_DIR_OUT = 0,
	STORE_DIR_IN = 1,
};

enum store_id_kind {
	STORE_ID_NODE = 0,
	STORE_ID_REL = 1,
};

/* A write transaction (child of parent when parent != NULL), or with
 * read_only a snapshot (MVCC) transaction that never blocks the writer. */
int store_graph_txn_begin(struct store_graph *g, DB_TXN *parent, bool read_only,
			  DB_TXN **txn);
struct store_env *store_graph_env(struct store_graph *g);
/* err = "what (data directory ...): reason" for a primitive's return code. */
void store_graph_errf(struct store_graph *g, int ret, char *err, size_t errlen,
		      const char *what);

/* The btree databases in layout order (store copy streams them all): their
 * number, the handle of database i and its name ("nodes", ..., "sessions");
 * NULL when i >= store_graph_db_count(). */
unsigned store_graph_db_count(void);
DB *store_graph_db(struct store_graph *g, unsigned i);
/* Walks the records of database number which whose key starts with prefix
 * (every record when plen is 0), in key order, until fn returns false.
 * 0 or a Berkeley DB / errno code. */
int store_graph_scan(struct store_graph *g, unsigned which, DB_TXN *txn,
		     const void *prefix, size_t plen,
		     bool (*fn)(void *ctx, const DBT *k, const DBT *v),
		     void *ctx);
const char *store_graph_db_name(unsigned i);

/* Records. get: *out is freed with graphd__node__free_unpacked() (resp.
 * relationship); DB_NOTFOUND when absent. put overwrites. */
int store_graph_node_get(struct store_graph *g, DB_TXN *txn, uint64_t id,
			 Graphd__Node **out);
int store_graph_node_put(struct store_graph *g, DB_TXN *txn,
			 const Graphd__Node *n);
int store_graph_node_del(struct store_graph *g, DB_TXN *txn, uint64_t id);
int store_graph_rel_get(struct store_graph *g, DB_TXN *txn, uint64_t id,
			Graphd__Relationship **out);
int store_graph_rel_put(struct store_graph *g, DB_TXN *txn,
			const Graphd__Relationship *r);
int store_graph_rel_del(struct store_graph *g, DB_TXN *txn, uint64_t id);

/* Adjacency: one entry per (node, direction, type, rel). A relationship
 * s -[T]-> e has (s, OUT, T, r) -> e and (e, IN, T, r) -> s. */
struct store_adj {
	uint64_t node;
	enum store_dir dir;
	const char *type;
	uint64_t rel;
	uint64_t other;
};

int store_graph_adj_put(struct store_graph *g, DB_TXN *txn,
			const struct store_adj *a);
int store_graph_adj_del(struct store_graph *g, DB_TXN *txn,
			const struct store_adj *a);
/* Calls fn for each entry of node in dir, only of type unless type is NULL,
 * in (type, rel id) order, until fn returns false. */
int store_graph_adj_scan(struct store_graph *g, DB_TXN *txn, uint64_t node,
			 enum store_dir dir, const char *type,
			 bool (*fn)(void *ctx, const struct store_adj *a),
			 void *ctx);

/* Label index: (label, node id), scanned in node id order. */
int store_graph_label_put(struct store_graph *g, DB_TXN *txn, const char *label,
			  uint64_t node);
int store_graph_label_del(struct store_graph *g, DB_TXN *txn, const char *label,
			  uint64_t node);
int store_graph_label_scan(struct store_graph *g, DB_TXN *txn,
			   const char *label,
			   bool (*fn)(void *ctx, uint64_t node), void *ctx);

/* The next id of kind (counters start at 1), advanced inside txn so that
 * an aborted transaction gives its ids back and every replica agrees. */
int store_graph_next_id(struct store_graph *g, DB_TXN *txn,
			enum store_id_kind kind, uint64_t *id);
int store_graph_get_applied(struct store_graph *g, DB_TXN *txn,
			    uint64_t *index);
int store_graph_set_applied(struct store_graph *g, DB_TXN *txn, uint64_t index);

/* Session table for exactly-once retries: the last applied seq of a client
 * session and the response it got. DB_NOTFOUND for an unknown session. */
int store_graph_session_get(struct store_graph *g, DB_TXN *txn,
			    uint64_t session, uint64_t *seq,
			    Graphd__Response **resp);
/* Records seq and its response for session, last used at log time
 * last_use (ms); session_age and the count follow. */
int store_graph_session_put(struct store_graph *g, DB_TXN *txn,
			    uint64_t session, uint64_t seq, uint64_t last_use,
			    const Graphd__Response *resp);
/* Forgets at most max sessions last used before log time before, oldest
 * first; *expired says how many. Bounded work per call, so that apply
 * drains a backlog a little per entry instead of stalling on it. */
int store_graph_session_expire(struct store_graph *g, DB_TXN *txn,
			       uint64_t before, size_t max, size_t *expired);
/* The log clock: the largest entry timestamp applied so far (ms), in meta
 * with applied_index. Advanced to ts when ts is larger; *clock is the
 * result. Every replica computes the same clock at the same entry. */
int store_graph_log_clock(struct store_graph *g, DB_TXN *txn, int64_t ts,
			  uint64_t *clock);
/* Sessions in the table (records of the first layout, from before
 * session_age, are not counted), from a snapshot transaction; 0 on error. */
uint64_t store_graph_session_count(struct store_graph *g);

/* Consistency check of the whole store: every relationship has both
 * adjacency entries and existing end nodes, every adjacency entry matches
 * its relationship, the label index matches the nodes' labels both ways,
 * the id counters are past every id, the property indexes match the nodes
 * (schema_verify). One line per problem on report (may
 * be NULL). Returns the number of problems, or -1 on a storage failure. */
int store_graph_verify(struct store_graph *g, FILE *report);

/* Every record as "db key-hex value-hex" lines, in key order: a byte-exact
 * picture for tests and debugging. Flags leave parts out. */
#define STORE_DUMP_NO_APPLIED  0x1 /* meta applied_index */
#define STORE_DUMP_NO_SESSIONS 0x2 /* session tables, log clock, count */
int store_graph_dump(struct store_graph *g, FILE *out, unsigned flags);

#endif
