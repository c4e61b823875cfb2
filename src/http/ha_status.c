/* ha_status.c: /db/manage/server/ha/{master,slave,available}, the probes a
 * load balancer uses to route writes to the master and reads to slaves, as
 * Neo4j HA served them. */
#include <string.h>

#include "http/http_int.h"
#include "node/storecopy.h"

enum ha_settled { HA_UNKNOWN, HA_MASTER, HA_SLAVE };

/* The role a load balancer may rely on now. A slave counts only while it
 * follows a known master and can serve reads: not during an election,
 * not while it installs a store copy, not after a storage failure. */
static enum ha_settled ha_settled_role(struct node *n)
{
	const char *role = node_role_str(n);

	if (n->failed || n->stopping)
		return HA_UNKNOWN;
	if (strcmp(role, "master") == 0)
		return HA_MASTER;
	if (strcmp(role, "slave") == 0 && n->ss.leader &&
	    !storecopy_installing(n))
		return HA_SLAVE;
	return HA_UNKNOWN;
}

void http_ha_status(struct http_server *srv, struct evhttp_request *req,
		    const char *which)
{
	enum ha_settled r = ha_settled_role(srv->node);

	if (strcmp(which, "master") == 0)
		http_reply_text(req, r == HA_MASTER ? 200 : 404,
				r == HA_MASTER ? "true" : "false");
	else if (strcmp(which, "slave") == 0)
		http_reply_text(req, r == HA_SLAVE ? 200 : 404,
				r == HA_SLAVE ? "true" : "false");
	else if (strcmp(which, "available") == 0)
		http_reply_text(req, r == HA_UNKNOWN ? 404 : 200,
				r == HA_MASTER	 ? "master"
				: r == HA_SLAVE ? "slave"
						 : "UNKNOWN");
	else
		http_reply_text(req, 404,
				"no such HA status endpoint: use master, "
				"slave or available");
}
