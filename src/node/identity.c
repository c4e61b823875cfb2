/* identity.c: the cluster identity and this instance's removal.
 *
 * Founders cannot agree on a random number without talking, and an
 * `id@host:port` cluster forms on a majority, so the identity is agreed
 * through the log: every instance without one hands the consensus core a
 * random candidate, the core puts it in the no-op each new master appends,
 * and the first committed no-op that carries one is the cluster's identity
 * on every replica (Raft's State Machine Safety makes it the same one).
 * A SINGLE instance does the same on its first start. An instance that
 * joins later adopts the identity of the master it follows, or the first
 * no-op it applies. Once it has one it keeps it: peers with another one
 * are refused (peers.c), whatever their names and addresses. */
#include "node/identity.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "node/reads.h"
#include "node/writes.h"
#include "util/log.h"

const char *identity_hex(const uint8_t *id, size_t len,
			 char buf[IDENTITY_HEX_LEN])
{
	if (len != STORE_RAFTLOG_ID_LEN) {
		snprintf(buf, IDENTITY_HEX_LEN, "none yet");
		return buf;
	}
	for (size_t i = 0; i < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", id[i]);
	return buf;
}

static void identity_log_removed(struct node *n, bool at_start)
{
	log_warn("Instance %" PRIu32 " (this server) %s removed from the "
		 "cluster at transaction %" PRIu64 "; it no longer votes, "
		 "campaigns or serves reads and writes; to join again, wipe "
		 "%s and start it with ha.initial_hosts",
		 n->cfg.server_id, at_start ? "was (as stored)" : "was",
		 (uint64_t)n->ident.removed_at, n->cfg.data_dir);
}

int identity_open(struct node *n)
{
	char err[512], hex[IDENTITY_HEX_LEN];

	if (store_raftlog_load_identity(n->rlog, &n->ident, err,
					sizeof(err)) < 0) {
		log_error("%s; graphd stops", err);
		return -1;
	}
	n->removed = n->ident.removed;
	if (n->ident.has_id)
		log_info("Cluster identity %s (stored in %s)",
			 identity_hex(n->ident.id, STORE_RAFTLOG_ID_LEN, hex),
			 n->cfg.data_dir);
	else if (getrandom(n->id_candidate, sizeof(n->id_candidate), 0) !=
		 (ssize_t)sizeof(n->id_candidate)) {
		log_error("cannot draw a cluster identity: no random source "
			  "(getrandom failed); graphd stops");
		return -1;
	}
	if (n->removed)
		identity_log_removed(n, true);
	return 0;
}

void identity_raft_options(const struct node *n, struct raft_options *o)
{
	o->removed = n->ident.removed;
	if (n->ident.has_id)
		return;
	memcpy(o->noop_data, n->id_candidate, STORE_RAFTLOG_ID_LEN);
	o->noop_len = STORE_RAFTLOG_ID_LEN;
}

void identity_get(const struct node *n, const uint8_t **id, size_t *len)
{
	*id = n->ident.has_id ? n->ident.id : NULL;
	*len = n->ident.has_id ? STORE_RAFTLOG_ID_LEN : 0;
}

bool identity_compatible(const struct node *n, const uint8_t *id, size_t len)
{
	if (!n->ident.has_id || len != STORE_RAFTLOG_ID_LEN)
		return true;
	return memcmp(n->ident.id, id, STORE_RAFTLOG_ID_LEN) == 0;
}

static int identity_save(struct node *n)
{
	char err[512];

	if (store_raftlog_save_identity(n->rlog, &n->ident, err,
					sizeof(err)) == 0)
		return 0;
	node_fail(n,
		  "cannot store the cluster identity in %s: %s; this "
		  "instance stops accepting writes",
		  n->cfg.data_dir, err);
	return -1;
}

int identity_adopt(struct node *n, const uint8_t *id, const char *how)
{
	char hex[IDENTITY_HEX_LEN];

	if (n->ident.has_id)
		return 0;
	memcpy(n->ident.id, id, STORE_RAFTLOG_ID_LEN);
	n->ident.has_id = true;
	if (identity_save(n) < 0) {
		n->ident.has_id = false;
		return -1;
	}
	log_info("Instance %" PRIu32 " (this server) belongs to cluster %s "
		 "(%s); instances of any other cluster are refused",
		 n->cfg.server_id, identity_hex(id, STORE_RAFTLOG_ID_LEN, hex),
		 how);
	return 0;
}

void identity_entry_committed(struct node *n, const struct raft_entry *e)
{
	if (n->ident.has_id || e->type != RAFT_ENTRY_NOOP ||
	    e->len != STORE_RAFTLOG_ID_LEN || !e->data)
		return;
	identity_adopt(n, e->data,
		       n->cfg.mode == CONFIG_MODE_SINGLE
			   ? "created on the first start"
			   : "created by the cluster's first master");
}

void identity_observe_removal(struct node *n)
{
	struct raft_status st;

	if (!n->raft || n->ident.removed)
		return;
	raft_status(n->raft, &st);
	if (!st.removed)
		return;
	n->removed = true;
	n->ident.removed = true;
	n->ident.removed_at = st.removed_at;
	identity_save(n);
	identity_log_removed(n, false);
	writes_fail_all(n, GRAPHD__ERROR_CODE__NOT_MEMBER, false,
			"this instance was removed from the cluster; send the "
			"write to a member (graphctl status)");
	reads_fail_all(n, GRAPHD__ERROR_CODE__NOT_MEMBER, false,
		       "this instance was removed from the cluster; read "
		       "from a member (graphctl status)");
}
