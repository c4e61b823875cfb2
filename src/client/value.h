/* value.h: libgraphd property values: parsing, printing, and conversion to and
 * from the wire's Graphd__Value, plus the arena that request messages are
 * built in. Internal to libgraphd (not installed). */
#ifndef GRAPHD_CLIENT_VALUE_H
#define GRAPHD_CLIENT_VALUE_H

#include "client/graphd.h"
#include "graphd.pb-c.h"

/* An arena: every allocation of one outgoing message, freed at once, so that
 * building a nested protobuf-c message needs no per-field cleanup. */
struct client_arena {
	struct client_arena_block *blocks;
};

void *client_arena_alloc(struct client_arena *a, size_t n); /* zeroed */
char *client_arena_strdup(struct client_arena *a, const char *s);
void client_arena_free(struct client_arena *a);

/* Deep copies into the arena; NULL when out of memory. */
Graphd__Value *client_value_to_pb(struct client_arena *a,
				  const struct graphd_value *v);
Graphd__Property **client_props_to_pb(struct client_arena *a,
				      const struct graphd_prop *props,
				      size_t n);

/* Deep copies out of a decoded message with malloc; -1 when out of memory. */
int client_value_from_pb(const Graphd__Value *pb, struct graphd_value *out);
int client_node_from_pb(const Graphd__Node *pb, struct graphd_node *out);
int client_rel_from_pb(const Graphd__Relationship *pb, struct graphd_rel *out);

void client_set_error(struct graphd_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
