/* cluster.h: this instance as a member of an HA cluster: bootstrap, joining,
 * consensus traffic, forwarded writes and membership commands. */
#ifndef GRAPHD_NODE_CLUSTER_H
#define GRAPHD_NODE_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "graphd.pb-c.h"
#include "node/node.h"
#include "node/session.h"

/* Opens the cluster port (HA, ARBITER). 0, or -1 after logging why. */
int cluster_open(struct node *n);
void cluster_close(struct node *n);

/* The founding membership for a brand-new log. Returns 1 with *c filled
 * (found the cluster with it), 0 (join an existing cluster: empty
 * membership) or -1 (plain ha.initial_hosts: not every listed instance has
 * answered yet; ask again later). */
int cluster_bootstrap(struct node *n, struct raft_config *c);

/* Every tick: dial peers, finish a pending bootstrap, ask to join. */
void cluster_tick(struct node *n);
/* Sends the core's messages (Ready). */
void cluster_send(struct node *n, const struct raft_msg *msgs, size_t nm);
/* After each Ready: log membership changes, answer membership commands. */
void cluster_observe(struct node *n);

/* A frame from instance from (its hello accepted). */
void cluster_recv(struct node *n, raft_id from, const Graphd__PeerFrame *f);
void cluster_peer_up(struct node *n, raft_id id);
void cluster_peer_lost(struct node *n, raft_id id);

/* This instance has a membership (a formed cluster). */
bool cluster_formed(struct node *n);
/* The membership as PeerAddress entries (id and kind). */
size_t cluster_members(struct node *n, Graphd__PeerAddress *store,
		       Graphd__PeerAddress **ptrs);
/* False when id is a member of the other kind. */
bool cluster_kind_ok(struct node *n, raft_id id, bool arbiter);

/* Status.members; the strings and structs live in n until the next call. */
void cluster_status_members(struct node *n, Graphd__Status *st);

/* Request.member_change from a client (add, remove, transfer). */
void cluster_member_change(struct node *n, struct session *s,
			   const Graphd__Request *req);
/* s is closing: forget its membership commands. */
void cluster_drop_session(struct node *n, struct session *s);
/* Sends one message the runtime made itself (a snapshot refusal). */
void cluster_send_one(struct node *n, const struct raft_msg *m);
/* Client address of the master ("" when unknown). */
const char *cluster_master_address(struct node *n);

/* Graceful shutdown of the master (SIGTERM): starts handing the master
 * role to the reachable, caught-up data voter with the highest match index.
 * Returns its id, or 0 when no member qualifies. */
raft_id cluster_handoff_start(struct node *n);
/* During a handoff: another instance is master now. */
bool cluster_handoff_done(struct node *n);

/* An entry was applied: a membership command waiting for its index learns
 * whether the entry is the one it proposed (same term) or another that
 * replaced it after a change of master. */
void cluster_entry_applied(struct node *n, raft_index index, raft_term term);

/* Forwards a packed TxnEntry to the master; token identifies the answer
 * (writes_forward_result). -1 when no master is connected. */
int cluster_forward(struct node *n, uint64_t token, const uint8_t *entry,
		    size_t len);

#endif
