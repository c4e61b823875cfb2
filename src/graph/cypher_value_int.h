/* cypher_value_int.h: helpers the value files share (cypher_value.c,
 * cypher_value_io.c); not for use elsewhere. */
#ifndef GRAPHD_GRAPH_CYPHER_VALUE_INT_H
#define GRAPHD_GRAPH_CYPHER_VALUE_INT_H

#include "graph/cypher_value.h"

/* strdup with malloc (NULL when out of memory). */
char *cv_str_dup(const char *s);
/* Sets CV_ERR_NOMEM and returns -1. */
int cv_nomem(struct cv_err *err);
/* An integer or a float as Cypher prints it. */
void cv_number_text(const struct cv *v, char buf[32]);

#endif
