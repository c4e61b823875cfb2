/* raftlog.h: the durable Raft log and hard state in Berkeley DB. */
#ifndef GRAPHD_STORE_RAFTLOG_H
#define GRAPHD_STORE_RAFTLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "raft/raft.h"
#include "store/env.h"

struct store_raftlog;

/* On-disk layout, for the log inspection tool and the tests: one BDB file
 * with two databases. "log": key = 8-byte big-endian index (cursor order is
 * index order), value = crc32 | term | type | flags | len | data, all
 * big-endian, the crc covering the key and everything after it. "meta": keys
 * "hard_state", "snapshot" and "identity", each value crc32-protected. */
#define STORE_RAFTLOG_FILE    "raft.db"
#define STORE_RAFTLOG_DB_LOG  "log"
#define STORE_RAFTLOG_DB_META "meta"

int store_raftlog_open(struct store_env *env, struct store_raftlog **out,
		       char *err, size_t errlen);
void store_raftlog_close(struct store_raftlog *l);

/* Reads back what raft_new() needs: hard state, snapshot metadata (index,
 * term, config) and every entry after it, each checked against its checksum.
 * A corrupt or torn entry past the hard state's commit index is truncated with
 * a warning (it was never acknowledged); one at or below commit makes the load
 * fail with the reason in err. boot->applied is left 0 (the graph store knows
 * it). Free with store_raftlog_boot_free(). A fresh log loads as an empty boot
 * (all zero) and *fresh = true. On success err is "" or holds the warning
 * to log (what was truncated and why). */
int store_raftlog_load(struct store_raftlog *l, struct raft_boot *boot,
		       bool *fresh, char *err, size_t errlen);
void store_raftlog_boot_free(struct raft_boot *boot);

/* One Berkeley DB transaction, one fsync (group commit of a Ready): hs if not
 * NULL; snap metadata if not NULL (drops entries up to snap->index, and the
 * later ones too unless the log holds snap's last entry with snap's term:
 * Raft paper, Figure 13); then
 * deletes stored entries >= ents[0].index and appends ents. Returns 0, or -1
 * with err filled (ENOSPC and I/O errors: nothing was written). */
int store_raftlog_save(struct store_raftlog *l,
		       const struct raft_hard_state *hs,
		       const struct raft_entry *ents, size_t n,
		       const struct raft_snapshot *snap, char *err,
		       size_t errlen);

/* Stores a hard state whose term and vote are those already stored (only
 * the commit index moved) without waiting for the disk: the commit index is
 * volatile state in Raft (paper, Figure 2); it becomes durable with the next
 * flush of the shared Berkeley DB log, and a crash before that only makes
 * the instance learn it again. Returns 0, or -1 with err filled. */
int store_raftlog_save_commit(struct store_raftlog *l,
			      const struct raft_hard_state *hs, char *err,
			      size_t errlen);

/* Log compaction: records (index, term, config) as the snapshot point and
 * deletes entries <= index. */
int store_raftlog_compact(struct store_raftlog *l, raft_index index,
			  raft_term term, const struct raft_config *config,
			  char *err, size_t errlen);

/* The cluster this instance belongs to (DESIGN.md contract 9), kept with the
 * Raft metadata: its 128-bit identity, created once when the cluster's
 * first leader commits it (node/cluster.c), and whether this instance was
 * removed from it. Layout of "identity": crc32 | flags (1: has id, 2:
 * removed) | id[16] | removed_at (8), big-endian. */
#define STORE_RAFTLOG_ID_LEN 16
struct store_raftlog_identity {
	bool has_id;
	uint8_t id[STORE_RAFTLOG_ID_LEN];
	bool removed;
	raft_index removed_at; /* index of the configuration that removed it */
};

/* An absent record loads as all zero. A damaged one fails with the reason
 * in err. Returns 0 or -1. */
int store_raftlog_load_identity(struct store_raftlog *l,
				struct store_raftlog_identity *id, char *err,
				size_t errlen);
/* Replaces the record, durable (fsync) on return. 0, or -1 with err. */
int store_raftlog_save_identity(struct store_raftlog *l,
				const struct store_raftlog_identity *id,
				char *err, size_t errlen);

#endif
