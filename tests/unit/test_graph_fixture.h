/* test_graph_fixture.h: a graph store in a temporary directory, and builders
 * of write transactions, for the graph apply/read tests. */
#ifndef GRAPHD_TEST_GRAPH_FIXTURE_H
#define GRAPHD_TEST_GRAPH_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "graph/apply.h"
#include "graph/read.h"
#include "store/env.h"
#include "store/graph.h"

struct gfx {
	char dir[256];
	struct store_env *env;
	struct store_graph *g;
	uint64_t next_index; /* log index of the next entry applied */
};

/* Fresh store in a mkdtemp directory; 0 or -1. */
int gfx_setup(struct gfx *f);
/* Open and close the store in f->dir (Berkeley DB handles do not survive
 * fork: close before forking, open in the child). */
int gfx_open(struct gfx *f);
void gfx_close(struct gfx *f);
/* Close and open again (the directory stays). 0 or -1. */
int gfx_reopen(struct gfx *f);
/* Close and remove the directory. */
void gfx_teardown(struct gfx *f);

/* Values, refs and operations: heap-allocated, owned by whatever they are
 * passed to (gfx_txn frees them all). */
Graphd__Value *gv_int(int64_t v);
Graphd__Value *gv_float(double v);
Graphd__Value *gv_str(const char *s);
Graphd__Value *gv_bool(bool b);
Graphd__Value *gv_null(void);
/* A list of n values. */
Graphd__Value *gv_list(int n, ...);
Graphd__Ref *ref_id(uint64_t id);
Graphd__Ref *ref_op(uint32_t op_index);
/* label may be NULL; then nprops (key, Graphd__Value *) pairs. */
Graphd__Op *op_node(const char *label, int nprops, ...);
Graphd__Op *op_rel(const char *type, Graphd__Ref *start, Graphd__Ref *end);
Graphd__Op *op_set(bool rel, Graphd__Ref *t, const char *key, Graphd__Value *v);
Graphd__Op *op_unset(bool rel, Graphd__Ref *t, const char *key);
Graphd__Op *op_label(bool add, Graphd__Ref *n, const char *label);
Graphd__Op *op_del_node(Graphd__Ref *n, bool detach);
Graphd__Op *op_del_rel(Graphd__Ref *r);

/* Packs a TxnEntry (origin 1) of nops operations into a NORMAL entry at
 * index; frees the operations. e->data is malloc'd. */
void gfx_entry(struct raft_entry *e, uint64_t index, uint64_t session,
	       uint64_t seq, int nops, ...);
/* Applies e (expects success), checks the store (verify == 0) and returns
 * the response (the caller frees it). */
Graphd__Response *gfx_apply(struct gfx *f, const struct raft_entry *e);
/* gfx_entry at f->next_index++, then gfx_apply. */
Graphd__Response *gfx_txn(struct gfx *f, uint64_t session, uint64_t seq,
			  int nops, ...);

/* The error code of a response (OK when it has none). */
int gfx_code(const Graphd__Response *r);
/* store_graph_dump into a malloc'd string. */
char *gfx_dump(struct gfx *f, unsigned flags);

/* Reads. */
Graphd__Response *gfx_get_node(struct gfx *f, uint64_t id);
Graphd__Response *gfx_get_rel(struct gfx *f, uint64_t id);
Graphd__Response *gfx_neighbours(struct gfx *f, uint64_t node, int dir,
				 uint32_t limit, int ntypes, ...);
/* where_key NULL: no filter. */
Graphd__Response *gfx_by_label(struct gfx *f, const char *label,
			       const char *where_key, Graphd__Value *where,
			       uint32_t limit);

#endif
