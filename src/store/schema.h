/* schema.h: property indexes and unique constraints of the graph store. */
#ifndef GRAPHD_STORE_SCHEMA_H
#define GRAPHD_STORE_SCHEMA_H

#include <db.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "graphd.pb-c.h"
#include "store/graph.h"

/* Two databases of graph.db hold the schema (see graph.h):
 *
 *   schema  name -> u8 version (1) | u8 kind (0 index, 1 unique constraint)
 *                   | label NUL | prop NUL
 *   pidx    label NUL prop NUL value node-id -> (empty)
 *
 * An index is built when it is created (it is always ONLINE) and kept up to
 * date by schema_node_changed() inside the writer's transaction, so every
 * replica that applies the same log holds byte-identical schema records.
 * A unique constraint is an index that also refuses a second node with the
 * same value.
 *
 * The value part of a pidx key is a canonical, prefix-free encoding, so that
 * the values Cypher calls equal have the same bytes and no encoding is the
 * start of another (a seek for "a" never meets "ab"):
 *
 *   0x10 b                 boolean, b = 0 or 1
 *   0x20 8 bytes           integer, big-endian with the sign bit flipped
 *                          (byte order is numeric order)
 *   0x21 8 bytes           float that is not an integer in int64 range:
 *                          IEEE 754 bits, positive ones with the sign bit
 *                          set, negative ones inverted (numeric order); all
 *                          NaNs as the one quiet NaN 0x7ff8000000000000
 *   0x30 bytes 0x00        string: its bytes (a C string holds no 0x00)
 *   0x40 elements 0x00     list: each element encoded the same way
 *   0x01                   null, only as a list element
 *
 * A float with an integral value in int64 range is encoded as that integer
 * (Cypher: 1 = 1.0, also inside lists; -0.0 is 0). A null property is never
 * indexed. node-id is 8 bytes big-endian, so that the entries of one value
 * come in node id order. */

/* Errors of this module, apart from Berkeley DB / errno codes (a storage
 * failure, or EBADMSG for a record that does not decode). Chosen outside
 * both ranges. Each comes with a message in err. */
enum schema_error {
	/* CREATE: the name is taken, or an index or constraint already covers
	 * (label, prop) ("equivalent index already exists") */
	SCHEMA_E_EXISTS = -40001,
	/* DROP: no such name; seek/lookup: no index on (label, prop) */
	SCHEMA_E_NOINDEX = -40002,
	/* a unique constraint would have two nodes with one value */
	SCHEMA_E_UNIQUE = -40003,
	/* a value's index key would exceed SCHEMA_KEY_MAX */
	SCHEMA_E_TOOBIG = -40004,
	/* bad name, label or property; DROP INDEX of a constraint or DROP
	 * CONSTRAINT of an index */
	SCHEMA_E_INVALID = -40005,
};

/* Longest pidx key (Neo4j's native index has a similar bound). */
#define SCHEMA_KEY_MAX 8192
/* Longest index name, label or property name, in bytes. */
#define SCHEMA_NAME_MAX STORE_GRAPH_NAME_MAX
/* Lists nest at most this deep in an indexed value. */
#define SCHEMA_DEPTH_MAX 16

/* One index or constraint as the catalog holds it. */
struct schema_index {
	const char *name;
	const char *label;
	const char *prop;
	bool unique;	   /* a unique constraint */
	const char *state; /* "ONLINE" (indexes are built at creation) */
};

/* Creates index def->name (a unique constraint when def->unique) over the
 * property def->prop of the nodes labelled def->label, and builds it from
 * the nodes that have it now. def->name NULL: the name is derived from the
 * definition ("index_" or "constraint_" and 8 hex digits), the same on
 * every replica. def->state is ignored.
 * If the name or an equivalent index exists: with if_not_exists, 0 and
 * *created false, nothing changed; otherwise SCHEMA_E_EXISTS. A unique
 * constraint over nodes that already share a value: SCHEMA_E_UNIQUE, naming
 * the value and both nodes. Runs in a child transaction of txn, so that a
 * failure leaves txn as it was. */
int schema_index_create(struct store_graph *g, DB_TXN *txn,
			const struct schema_index *def, bool if_not_exists,
			bool *created, char *err, size_t errlen);

/* Drops the index (constraint false) or unique constraint (constraint true)
 * called name (not NULL) and all its entries. No such name: with if_exists 0
 * and *dropped false, else SCHEMA_E_NOINDEX. The name belongs to the other
 * kind: SCHEMA_E_INVALID (Neo4j: DROP INDEX cannot drop a constraint's index).
 */
int schema_index_drop(struct store_graph *g, DB_TXN *txn, const char *name,
		      bool constraint, bool if_exists, bool *dropped, char *err,
		      size_t errlen);

/* Calls fn for every index and constraint in name order, until fn returns
 * false. The strings live until fn returns. */
int schema_index_list(struct store_graph *g, DB_TXN *txn,
		      bool (*fn)(void *ctx, const struct schema_index *ix),
		      void *ctx);

/* The index or constraint over (label, prop): its name copied to name
 * (namelen >= SCHEMA_NAME_MAX + 1 always fits) and whether it is unique.
 * SCHEMA_E_NOINDEX when there is none. name and unique may be NULL. */
int schema_index_lookup(struct store_graph *g, DB_TXN *txn, const char *label,
			const char *prop, char *name, size_t namelen,
			bool *unique);

/* Keeps every index up to date after the caller changed a node: before is
 * the node as it was (NULL: it was created), after as it is now (NULL: it
 * was deleted); both have the same id. Each index whose label or property
 * the change touches loses the old entry and gains the new one. A unique
 * constraint that would see a second node with the new value fails with
 * SCHEMA_E_UNIQUE ("node 12 would have Person.email = "a@x" which node 7
 * already has"); the caller must then abort its transaction. The check is
 * immediate: swapping two values of a constraint in one transaction fails.
 * Runs in a child transaction of txn: on failure no index changed. */
int schema_node_changed(struct store_graph *g, DB_TXN *txn,
			const Graphd__Node *before, const Graphd__Node *after,
			char *err, size_t errlen);

/* Calls fn with each node whose prop equals v (Cypher equality: 1 matches
 * 1.0) among the nodes labelled label, in node id order, until fn returns
 * false. v null or NaN matches nothing (Cypher: null = x is null, NaN = NaN
 * is false). SCHEMA_E_NOINDEX when (label, prop) has no index: the planner
 * then falls back to a label scan. */
int schema_index_seek(struct store_graph *g, DB_TXN *txn, const char *label,
		      const char *prop, const Graphd__Value *v,
		      bool (*fn)(void *ctx, uint64_t node), void *ctx);

/* Part of store_graph_verify: the catalog decodes and has one entry per
 * (label, prop); every node with the label and the property has its entry;
 * every entry belongs to a catalog index and matches its node's current
 * value; no unique index has a value twice. One line per problem on report
 * (may be NULL), counted in *problems. 0, or a storage failure code. */
int schema_verify(struct store_graph *g, DB_TXN *txn, FILE *report,
		  int *problems);

#endif
