/* cypher_proc.h: the procedures CALL runs: built-ins (db.labels,
 * db.relationshipTypes, db.propertyKeys, dbms.components) and those a
 * program registers (the TCK runner's test procedures). */
#ifndef GRAPHD_GRAPH_CYPHER_PROC_H
#define GRAPHD_GRAPH_CYPHER_PROC_H

#include <db.h>
#include <stddef.h>

#include "graph/cypher_value.h"
#include "store/graph.h"

/* A declared argument or field type ("INTEGER?" is INTEGER: every type
 * admits null). */
enum cypher_proc_type {
	CYPHER_PT_ANY,
	CYPHER_PT_STRING,
	CYPHER_PT_INTEGER,
	CYPHER_PT_FLOAT,
	CYPHER_PT_NUMBER,
	CYPHER_PT_BOOLEAN,
	CYPHER_PT_LIST,
	CYPHER_PT_MAP,
	CYPHER_PT_NODE,
	CYPHER_PT_REL,
	CYPHER_PT_PATH,
};

struct cypher_proc_field {
	const char *name;
	enum cypher_proc_type type;
};

/* What a procedure reads: the statement's store and transaction. */
struct cypher_proc_env {
	struct store_graph *g;
	DB_TXN *txn;
};

struct cypher_proc;

/* Runs p on args (n_in values, already of the declared types): calls
 * emit(ctx, outs) once per result record with n_out values (emit copies
 * them; 0 go on, 1 enough, -1 error). 0, or -1 with err set. */
typedef int (*cypher_proc_fn)(const struct cypher_proc *p,
			      const struct cypher_proc_env *env,
			      const struct cv *args,
			      int (*emit)(void *ctx, const struct cv *outs),
			      void *ctx, struct cv_err *err);

struct cypher_proc {
	char *name; /* dotted, compared case-sensitively like Neo4j */
	struct cypher_proc_field *in;
	size_t n_in;
	struct cypher_proc_field *out; /* none: a void procedure */
	size_t n_out;
	cypher_proc_fn fn;
	void *arg;		  /* for fn */
	void (*free_arg)(void *); /* or NULL */
};

/* The procedure of that name, or NULL. */
const struct cypher_proc *cypher_proc_find(const char *name);

/* Registers a procedure besides the built-ins (copies name and fields;
 * takes arg, freed with free_arg on unregister). A name in use is
 * replaced. 0, or -1 when out of memory. Not thread-safe: register before
 * queries run. */
int cypher_proc_register(const char *name, const struct cypher_proc_field *in,
			 size_t n_in, const struct cypher_proc_field *out,
			 size_t n_out, cypher_proc_fn fn, void *arg,
			 void (*free_arg)(void *));
/* Drops every registered procedure (the built-ins stay). */
void cypher_proc_unregister_all(void);

/* "STRING?", "INTEGER", "FLOAT?", ... as a type; -1 when unknown. */
int cypher_proc_type_parse(const char *text, enum cypher_proc_type *out);
/* True when v (not null) is of type t; an INTEGER is accepted for FLOAT
 * (and becomes a float: *v changed) and for NUMBER. */
bool cypher_proc_coerce(enum cypher_proc_type t, struct cv *v);
/* "STRING", "INTEGER", ...: for messages. */
const char *cypher_proc_type_name(enum cypher_proc_type t);

#endif
