/* cypher_check.h: the static checks of a parsed query that need no store and
 * no running: what kind of thing each variable holds. */
#ifndef GRAPHD_GRAPH_CYPHER_CHECK_H
#define GRAPHD_GRAPH_CYPHER_CHECK_H

#include "graph/cypher_parse.h"

/*
 * Refuses, before anything runs, what Neo4j refuses at compile time:
 * - a variable used as two kinds of thing (a node, a relationship, a
 *   relationship list, a path, or a value that can be none of these, such
 *   as WITH 1 AS n MATCH (n)): "VariableTypeConflict";
 * - a path variable (p = ...) whose name is bound already, in an earlier
 *   clause or in the same pattern: "VariableAlreadyBound";
 * - an aggregate inside a list comprehension or quantifier.
 * Only what is certain is refused: a value of unknown kind (a property, a
 * parameter, a function's result) may be anything.
 * Returns 0, or -1 with err set (line and column of the offending use).
 */
int cypher_check(const struct cypher_stmt *stmt, struct cypher_error *err);

#endif
