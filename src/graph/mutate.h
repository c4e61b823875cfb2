/* mutate.h: record changes that keep adjacency and all indexes consistent. */
#ifndef GRAPHD_GRAPH_MUTATE_H
#define GRAPHD_GRAPH_MUTATE_H

#include <db.h>
#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"
#include "store/graph.h"

/*
 * Shared by every writer of the graph store (the Cypher executor; apply.c
 * may use them too) so that a node change always updates its record, the
 * label index and the property indexes together, and a relationship change
 * its record and both adjacency entries. Each returns 0, a Berkeley DB /
 * errno code (a storage failure), or a SCHEMA_E_* code of store/schema.h
 * with a message in err (SCHEMA_E_UNIQUE: a unique constraint refused the
 * change). On any failure the caller must abort its transaction.
 */

/* Gives n (labels and properties filled, id ignored) the next node id,
 * writes it with its label entries and index entries. */
int graph_mut_node_create(struct store_graph *g, DB_TXN *txn, Graphd__Node *n,
			  char *err, size_t errlen);
/* Writes after over before (same id): labels added and removed in the
 * label index, property indexes updated. */
int graph_mut_node_update(struct store_graph *g, DB_TXN *txn,
			  const Graphd__Node *before, const Graphd__Node *after,
			  char *err, size_t errlen);
/* Deletes node n (as stored), its label and index entries. The caller has
 * deleted its relationships first. */
int graph_mut_node_delete(struct store_graph *g, DB_TXN *txn,
			  const Graphd__Node *n, char *err, size_t errlen);

/* Gives r (type, start, end, properties filled) the next relationship id
 * and writes it with both adjacency entries. The end nodes must exist. */
int graph_mut_rel_create(struct store_graph *g, DB_TXN *txn,
			 Graphd__Relationship *r);
/* Deletes relationship r (as stored) and both adjacency entries. */
int graph_mut_rel_delete(struct store_graph *g, DB_TXN *txn,
			 const Graphd__Relationship *r);

/* The ids of node's relationships, each once (a self-loop has an out and
 * an in entry), in (direction, type, id) order. *ids is malloc'd (NULL
 * when *n is 0). */
int graph_mut_node_rels(struct store_graph *g, DB_TXN *txn, uint64_t node,
			uint64_t **ids, size_t *n);

#endif
