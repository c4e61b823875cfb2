/* http.h: the HTTP port (dbms.connector.http.listen_address): HA status for
 * load balancers, Neo4j's transactional Cypher endpoint, /metrics. */
#ifndef GRAPHD_HTTP_H
#define GRAPHD_HTTP_H

#include <stddef.h>

#include "node/node.h"

/* Binds the HTTP port (port 0: any free port), logs the address and writes
 * the port to DATA_DIR/graphd.http.port. Returns 0, or -1 with err filled. */
int http_listen(struct node *n, char *err, size_t errlen);
/* Drops the requests still waiting (without an answer) and closes the
 * port and every HTTP connection. */
void http_close(struct node *n);

#endif
