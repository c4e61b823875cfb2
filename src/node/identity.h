/* identity.h: which cluster this instance belongs to (DESIGN.md contract
 * 9): the cluster identity, created once by the cluster's first master and
 * stored with the Raft metadata, checked on every peer frame; and this
 * instance's removal from its cluster, which it learns and keeps. */
#ifndef GRAPHD_NODE_IDENTITY_H
#define GRAPHD_NODE_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node/node.h"

#define IDENTITY_HEX_LEN (2 * STORE_RAFTLOG_ID_LEN + 1)

/* Loads the stored identity (after the stores are open). An instance
 * without one draws a candidate for its first master's no-op. 0, or -1
 * after logging why. */
int identity_open(struct node *n);
/* The core's options that come from it: removed, and the no-op payload
 * while there is no identity yet. */
void identity_raft_options(const struct node *n, struct raft_options *o);

/* "0f3a..." (32 hex digits) or "none yet". */
const char *identity_hex(const uint8_t *id, size_t len,
			 char buf[IDENTITY_HEX_LEN]);
/* This instance's identity for a frame or handshake (len 0: none). */
void identity_get(const struct node *n, const uint8_t **id, size_t *len);
/* A peer with identity (id, len) may talk to this instance: either side
 * has none yet, or both have the same. */
bool identity_compatible(const struct node *n, const uint8_t *id, size_t len);
/* Takes id as this instance's cluster (stored at once); how says where it
 * came from, for the log. 0, or -1 (storage failure: node_fail). */
int identity_adopt(struct node *n, const uint8_t *id, const char *how);
/* A committed entry, before it is marked applied: the first committed
 * no-op that carries an identity names the cluster on every replica. */
void identity_entry_committed(struct node *n, const struct raft_entry *e);

/* After each Ready: the core says this instance was removed; log it once,
 * store it, and fail what waits. */
void identity_observe_removal(struct node *n);

#endif
