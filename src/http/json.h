/* json.h: graph values to and from JSON (jansson), in the shapes of Neo4j's
 * HTTP transactional API. */
#ifndef GRAPHD_HTTP_JSON_H
#define GRAPHD_HTTP_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "graphd.pb-c.h"

/* A JSON value as a query parameter: null, booleans, integers (int64),
 * reals, strings, arrays (lists) and objects (maps), nested. Returns a value
 * owned by the caller (free with graphd__value__free_unpacked(v, NULL)), or
 * NULL with why filled when the value cannot be a parameter. */
Graphd__Value *http_json_to_value(const json_t *j, char *why, size_t whylen);

/* A result value in Neo4j's "row" format: a node or a relationship is the
 * map of its properties, a path the list of its nodes' and relationships'
 * property maps in order. *meta gets the matching "meta" entry: for a node
 * {"id":N,"type":"node","deleted":false}, for a relationship the same with
 * "relationship", for a path or a list the list of its elements' metas,
 * otherwise null. Returns new references; NULL when out of memory. */
json_t *http_value_to_json(const Graphd__Value *v, json_t **meta);

/* A JSON string for bytes that may not be valid UTF-8 (bytes that are not
 * become U+FFFD). */
json_t *http_json_string(const char *s);

#endif
