/* backup.h: graphctl backup on the client port (full copy or log tail). */
#ifndef GRAPHD_NODE_BACKUP_H
#define GRAPHD_NODE_BACKUP_H

#include "graphd.pb-c.h"
#include "node/node.h"

struct session;

/* Starts answering req (body backup) on s: a full copy, or the committed
 * entries after req->backup->since_txn when the log still holds them. The
 * answer is many frames, sent as s's connection drains; req stays the
 * caller's. */
void backup_submit(struct node *n, struct session *s,
		   const Graphd__Request *req);
/* s is going away: stop its backups (no answer is sent). */
void backup_drop_session(struct node *n, struct session *s);
/* Stops every backup with an error to its client (the graph store is about
 * to be replaced by a store copy, or the instance stops). */
void backup_abort_all(struct node *n, const char *why);

#endif
