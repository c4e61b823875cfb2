/* peers.h: the other instances: address book, cluster port connections and
 * the handshake (protocol version, cluster name, server id, kind). */
#ifndef GRAPHD_NODE_PEERS_H
#define GRAPHD_NODE_PEERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"
#include "net/conn.h"
#include "node/auth.h"
#include "node/node.h"

#define PEERS_PROTOCOL_VERSION 1
#define PEERS_ADDR_MAX	       280

/* One other instance as this one knows it. Entries of a plain
 * ha.initial_hosts list start with id 0 until their welcome names them. */
struct peer {
	struct node *node;
	struct peer *next;
	raft_id id;
	bool arbiter;
	bool kind_known;
	bool initial; /* listed in ha.initial_hosts */
	char cluster_addr[PEERS_ADDR_MAX]; /* host:port, as dialled */
	char client_addr[PEERS_ADDR_MAX];  /* "" for arbiters / unknown */

	struct net_conn *out; /* dialled: we send on it */
	bool out_ready;	      /* its welcome accepted us */
	uint64_t next_dial_ms;
	unsigned backoff_ms;
	uint64_t last_heard_ms; /* last frame on a connection it dialled */
	bool answered;		/* a welcome came (bootstrap) */
	bool formed;		/* ... saying it belongs to a formed cluster */
	struct raft_config members; /* ... with this membership */
	bool up;		    /* "joined" logged, "left" not since */
	bool refused_logged;
	/* ha.cluster_secret: nonces and ids of the handshake on out; set
	 * once the acceptor's proof checked out, waiting for its welcome. */
	struct auth_peer_hs hs;
	bool challenged;
	/* It belongs to another cluster (its identity differs from ours):
	 * refused both ways, not dialled again until one of us restarts or
	 * it comes back without an identity (its data wiped). */
	bool foreign;
	uint8_t foreign_id[16];
	uint64_t foreign_logged_ms;
};

/* Listens on ha.cluster_server and fills the address book from
 * ha.initial_hosts and DATA_DIR/cluster.peers. -1 with err on failure. */
int peers_open(struct node *n, char *err, size_t errlen);
void peers_close(struct node *n);
/* Dials the instances whose redial time has come (called every tick). */
void peers_tick(struct node *n);

struct peer *peers_find(struct node *n, raft_id id);
/* Sends f to instance id on the connection this instance dialled; -1 when
 * it is not connected (the caller treats the message as lost). */
int peers_send(struct node *n, raft_id id, const Graphd__PeerFrame *f);
/* Writes queued frames to every peer socket now (before an fsync). */
void peers_flush(struct node *n);
/* Its handshake on our connection to it succeeded and the connection is
 * up. (Whether it answers is the master's business: raft_status'
 * recent_active.) */
bool peers_reachable(struct node *n, raft_id id);
/* Adds or updates an address book entry (joins, gossip). */
void peers_learn(struct node *n, raft_id id, bool arbiter,
		 const char *cluster_addr, const char *client_addr);
/* Drops id from the address book (removed from the cluster). */
void peers_forget(struct node *n, raft_id id);
/* Instance id (at addr) spoke with cluster identity other: refuse it from
 * now on, with a log line naming both clusters (once per minute). */
void peers_refuse_foreign(struct node *n, raft_id id, const char *addr,
			  const uint8_t *other);
/* Fills a PeerAddress for this instance (strings in static storage). */
void peers_self(struct node *n, Graphd__PeerAddress *a);
/* This instance's client and cluster addresses, "host:port". */
const char *peers_self_client(struct node *n);
const char *peers_self_cluster(struct node *n);

#endif
