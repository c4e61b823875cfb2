/* value.h: property values, property lists and label sets of graph records. */
#ifndef GRAPHD_GRAPH_VALUE_H
#define GRAPHD_GRAPH_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "graphd.pb-c.h"

/* NULL and a Value with no kind set are both null. */
bool graph_value_is_null(const Graphd__Value *v);
/* Storable as a property: null, bool, int, double, string, or a list of
 * these. A list inside a list is not (Neo4j forbids it); why says so. */
bool graph_value_valid(const Graphd__Value *v, char *why, size_t len);
/* Property equality as in Cypher: an int equals a double of the same
 * numeric value, lists compare element by element; null equals null. */
bool graph_value_equal(const Graphd__Value *a, const Graphd__Value *b);
/* Deep copy (NULL when out of memory); free with graphd__value__free_unpacked.
 */
Graphd__Value *graph_value_dup(const Graphd__Value *v);

/* The value of key in props, NULL when absent. */
const Graphd__Value *graph_props_find(Graphd__Property *const *props, size_t n,
				      const char *key);
/* Sets key to a copy of v, replacing an earlier value; a null v removes the
 * key. Returns 0, or -1 when out of memory (props unchanged). The arrays
 * are malloc'd as protobuf_c_message_free_unpacked expects. */
int graph_props_set(Graphd__Property ***props, size_t *n, const char *key,
		    const Graphd__Value *v);
/* Removes key; true when it was there. */
bool graph_props_remove(Graphd__Property ***props, size_t *n, const char *key);

bool graph_labels_has(char *const *labels, size_t n, const char *label);
/* Adds label unless present (*added tells). 0, or -1 when out of memory. */
int graph_labels_add(char ***labels, size_t *n, const char *label, bool *added);
/* Removes label; true when it was there. */
bool graph_labels_remove(char ***labels, size_t *n, const char *label);

#endif
