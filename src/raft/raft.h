/* raft.h: the consensus core, a deterministic Raft state machine without I/O.
 *
 * The runtime (src/node/) drives it; the simulator (tests/sim/) replays it.
 * Shape after etcd/raft: inputs are ticks, received messages, proposals and
 * requests; the output is a Ready batch:
 *
 *   1. send rd.msgs                 (the master's appends go out while its own
 *                                    write is in flight: thesis 10.2.1)
 *   2. persist rd.hard_state and rd.entries in ONE durable write
 *      (entries[0].index may be <= the last stored index: truncate the stored
 *      suffix from there first); install rd.snapshot if set
 *   3. send rd.msgs_after_persist   (votes and append acks promise durability)
 *   4. apply rd.committed in order; answer rd.read_states
 *   5. raft_advance()               (the core now counts its own persisted
 *                                    entries toward the quorum)
 *
 * Everything a Ready points to belongs to the core and stays valid until the
 * next call into the core, whichever it is. The runtime copies what it keeps.
 *
 * No clock, no socket, no disk, no global state, no locking: randomness comes
 * from raft_options.seed, time from raft_tick(). Not thread-safe: one thread
 * (the event loop) owns a struct raft.
 *
 * Vocabulary: inside the code leader/follower/candidate/learner; arbiters are
 * witnesses (Paris & Long, "Voting with witnesses"): they vote and acknowledge
 * appends, keep only (index, term) of each normal entry and configuration
 * entries whole, never campaign and never lead.
 */
#ifndef GRAPHD_RAFT_H
#define GRAPHD_RAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t raft_term;
typedef uint64_t raft_index;
typedef uint32_t raft_id; /* server id (ha.server_id); 0 means none */

#define RAFT_MAX_MEMBERS 16
#define RAFT_NOOP_DATA_MAX 16

enum raft_err {
	RAFT_OK = 0,
	RAFT_ERR_NOT_LEADER,   /* proposals and conf changes go to the leader */
	RAFT_ERR_TRANSFERRING, /* leadership transfer in progress: retry */
	RAFT_ERR_CONF_PENDING, /* a configuration change is not yet applied */
	RAFT_ERR_NOT_READY,    /* leader has not committed an entry of its term */
	RAFT_ERR_INVALID,      /* bad argument (unknown member, not a voter...) */
	RAFT_ERR_TOO_LARGE,    /* entry exceeds raft_options.max_entry_bytes */
	RAFT_ERR_NOMEM,
};

const char *raft_err_str(enum raft_err err);

enum raft_role {
	RAFT_FOLLOWER = 0,
	RAFT_PRE_CANDIDATE,
	RAFT_CANDIDATE,
	RAFT_LEADER,
	RAFT_LEARNER, /* a follower that is a non-voting member */
	RAFT_ARBITER, /* a follower that is an arbiter (witness) */
};

const char *raft_role_str(enum raft_role role);

/* ------------------------------------------------------------ membership */

enum raft_member_kind {
	RAFT_MEMBER_VOTER = 0,   /* data instance with a vote */
	RAFT_MEMBER_LEARNER = 1, /* data instance without a vote (catching up) */
	RAFT_MEMBER_ARBITER = 2, /* votes, holds no data, never leads */
};

struct raft_member {
	raft_id id;
	uint8_t kind;       /* enum raft_member_kind */
	bool slave_only;    /* voter that never campaigns (ha.slave_only) */
	bool auto_promote;  /* learner: leader promotes it once caught up */
};

struct raft_config {
	uint32_t n;
	struct raft_member members[RAFT_MAX_MEMBERS];
};

/* Lookup helper; NULL when id is not a member. */
const struct raft_member *raft_config_find(const struct raft_config *c,
					   raft_id id);

/* A configuration entry's data is the encoded configuration (fixed
 * little-endian layout, see raft_config_encode). Returns bytes written, or 0
 * when buf is too small. Decode returns false on malformed input. */
#define RAFT_CONFIG_ENCODED_MAX (4 + RAFT_MAX_MEMBERS * 8)
size_t raft_config_encode(const struct raft_config *c, uint8_t *buf,
			  size_t len);
bool raft_config_decode(struct raft_config *c, const uint8_t *buf,
			size_t len);

/* ----------------------------------------------------------------- log */

enum raft_entry_type {
	RAFT_ENTRY_NORMAL = 0, /* a graph transaction (opaque to the core) */
	RAFT_ENTRY_CONF = 1,   /* a full new configuration, encoded */
	RAFT_ENTRY_NOOP = 2,   /* appended by a new leader to commit its term */
};

struct raft_entry {
	raft_term term;
	raft_index index;
	uint8_t type;   /* enum raft_entry_type */
	bool stripped;  /* payload left out: kept by or sent to an arbiter */
	uint8_t *data;  /* NULL when len == 0 or stripped */
	size_t len;
};

/* Durable state: written before any message that depends on it is sent. */
struct raft_hard_state {
	raft_term term;
	raft_id vote;
	raft_index commit;
};

/* A snapshot is "the state machine up to index". The core never looks into
 * data: for a graph instance it is the Berkeley DB store copy, streamed by the
 * runtime; in the simulator it is the simulated state. */
struct raft_snapshot {
	raft_index index;
	raft_term term;
	struct raft_config config; /* configuration as of index */
	const uint8_t *data;       /* may be NULL: runtime streams it itself */
	size_t len;
};

/* ------------------------------------------------------------ messages */

enum raft_msg_type {
	RAFT_MSG_PREVOTE = 0,
	RAFT_MSG_PREVOTE_RESP,
	RAFT_MSG_VOTE,
	RAFT_MSG_VOTE_RESP,
	RAFT_MSG_APPEND,
	RAFT_MSG_APPEND_RESP,
	RAFT_MSG_HEARTBEAT,
	RAFT_MSG_HEARTBEAT_RESP,
	RAFT_MSG_SNAPSHOT,
	RAFT_MSG_SNAPSHOT_RESP, /* sent by the runtime of a follower that failed
				   to receive a snapshot: reject = true */
	RAFT_MSG_TIMEOUT_NOW,   /* leadership transfer: campaign at once */
	RAFT_MSG_READ_INDEX,    /* follower asks the leader for a read index */
	RAFT_MSG_READ_INDEX_RESP,
	RAFT_MSG_REMOVED,       /* answer to a (pre)vote from an instance outside
				   the sender's committed configuration; index:
				   the entry of that configuration */
	RAFT_MSG_TYPE_COUNT
};

const char *raft_msg_type_str(int type);

struct raft_msg {
	uint8_t type; /* enum raft_msg_type */
	raft_id from;
	raft_id to;
	raft_term term;
	raft_term log_term; /* APPEND: term of entry at index; votes: last term */
	raft_index index;   /* APPEND: index before entries; votes: last index;
			       APPEND_RESP: last matched index or rejected
			       index; READ_INDEX_RESP: the read index */
	raft_index commit;
	bool reject;
	raft_index reject_hint; /* APPEND_RESP reject: follower's last index */
	raft_term hint_term;    /* APPEND_RESP reject: term at reject_hint */
	uint64_t context;       /* heartbeats and read index: request context;
				   VOTE/PREVOTE: 1 when forced by transfer */
	size_t n_entries;
	struct raft_entry *entries;
	struct raft_snapshot snapshot; /* SNAPSHOT only */
};

/* ------------------------------------------------------------- ready */

struct raft_read_state {
	uint64_t context;  /* as passed to raft_read_index() */
	raft_index index;  /* serve the read once applied >= index */
};

struct raft_soft_state {
	raft_id leader; /* 0: none known */
	enum raft_role role;
};

struct raft_ready {
	bool soft_state_changed;
	struct raft_soft_state soft_state;

	bool has_hard_state; /* persist hard_state when true */
	struct raft_hard_state hard_state;

	size_t n_entries; /* append to the durable log (truncating first) */
	struct raft_entry *entries;

	bool has_snapshot; /* install, then persist: log now starts after it */
	struct raft_snapshot snapshot;

	size_t n_msgs; /* send now, before persisting */
	struct raft_msg *msgs;

	size_t n_msgs_after_persist; /* send only after persisting */
	struct raft_msg *msgs_after_persist;

	size_t n_committed; /* apply in order */
	struct raft_entry *committed;

	size_t n_read_states;
	struct raft_read_state *read_states;
};

/* --------------------------------------------------------- lifecycle */

struct raft_options {
	raft_id id;
	unsigned election_ticks;  /* election timeout, in ticks; random in
				     [election_ticks, 2 * election_ticks) */
	unsigned heartbeat_ticks; /* leader heartbeat interval, in ticks */
	uint64_t seed;            /* seed of the core's own generator */
	bool pre_vote;            /* default true (raft_options_default) */
	bool check_quorum;        /* default true */
	bool arbiter;             /* this instance is an arbiter */
	bool slave_only;          /* never campaign (ha.slave_only), whatever
				     the membership says; it still votes */
	bool removed;             /* removed from the cluster (persisted by the
				     runtime): never campaign, never vote */
	/* Payload of the no-op entry a new leader appends (the runtime's
	 * cluster identity while it has none); noop_len 0: empty. */
	uint8_t noop_data[RAFT_NOOP_DATA_MAX];
	size_t noop_len;
	size_t max_inflight_msgs; /* appends in flight per follower */
	size_t max_inflight_bytes;
	size_t max_msg_bytes;     /* entry bytes per append message */
	size_t max_entry_bytes;   /* refuse larger proposals */
	/* One line per decision, e.g. "2 grants vote to 3 at term 5: candidate
	 * log 5/41 >= ours 4/40". NULL: no trace. */
	void (*trace)(void *ctx, const char *line);
	void *trace_ctx;
};

void raft_options_default(struct raft_options *o, raft_id id, uint64_t seed);

/* What the runtime read back from durable storage at start-up. A brand-new
 * cluster boots with an empty log and a snapshot at index 0 whose config is the
 * founding membership (every instance the same). */
struct raft_boot {
	struct raft_hard_state hard_state;
	struct raft_snapshot snapshot; /* data not needed: index/term/config */
	size_t n_entries;              /* entries after snapshot.index */
	const struct raft_entry *entries;
	raft_index applied;            /* state machine applied up to here */
};

struct raft;

/* Copies what it needs from boot. NULL on allocation failure or invalid boot
 * (e.g. entries not contiguous). */
struct raft *raft_new(const struct raft_options *opts,
		      const struct raft_boot *boot);
void raft_free(struct raft *r);

/* ------------------------------------------------------------ inputs */

void raft_tick(struct raft *r);
enum raft_err raft_step(struct raft *r, const struct raft_msg *m);

/* Leader only. On success *index is the log index the entry will have. */
enum raft_err raft_propose(struct raft *r, const uint8_t *data, size_t len,
			   raft_index *index);

enum raft_cc_type {
	RAFT_CC_ADD_LEARNER = 0, /* add a data instance without a vote */
	RAFT_CC_ADD_ARBITER,     /* add an arbiter (votes at once) */
	RAFT_CC_PROMOTE,         /* learner becomes a voter */
	RAFT_CC_REMOVE,          /* remove any member, the leader included */
	RAFT_CC_ADD_VOTER,       /* add a data voter directly (tests, bootstrap) */
};

/* One server at a time. Refused (RAFT_ERR_CONF_PENDING) while an earlier
 * change is unapplied, and (RAFT_ERR_NOT_READY) until the leader has committed
 * an entry of its own term (the single-server change safety fix, Ongaro's
 * raft-dev post of 2015). */
enum raft_err raft_propose_conf_change(struct raft *r, enum raft_cc_type type,
				       raft_id id, bool auto_promote,
				       raft_index *index);

/* Leadership transfer to a caught-up data voter (thesis 3.10). */
enum raft_err raft_transfer_leader(struct raft *r, raft_id target);

/* ReadIndex (thesis 6.4): a read_state with this context appears in a later
 * Ready once the leader has confirmed its leadership. Works on followers
 * (forwarded to the leader). */
enum raft_err raft_read_index(struct raft *r, uint64_t context);

/* The runtime has captured the state machine up to index (<= applied): the
 * core may drop log entries up to index. data/len are what the core hands to a
 * follower that needs this snapshot (may be NULL for a runtime that streams
 * it itself; then snapshot.data is NULL in outgoing SNAPSHOT messages). */
enum raft_err raft_compact(struct raft *r, raft_index index,
			   const uint8_t *data, size_t len);

/* The runtime could not deliver a snapshot to id: go back to probing. */
void raft_report_snapshot(struct raft *r, raft_id id, bool ok);

/* The runtime lost its connection to id. On the leader: stop pipelining to
 * it. On a follower whose leader is id: forget the leader (its lease ends
 * here) and, if this instance may campaign, start an election at once
 * instead of after the election timeout (fast failover when the master's
 * process dies). The runtime should add a small random delay before
 * reporting, so that followers do not all campaign at the same moment. */
void raft_report_unreachable(struct raft *r, raft_id id);

/* ------------------------------------------------------------ outputs */

bool raft_has_ready(const struct raft *r);
void raft_ready(struct raft *r, struct raft_ready *rd);
/* The Ready last returned is persisted, sent and applied. */
void raft_advance(struct raft *r);
/* Instead of raft_advance: the runtime could not persist or apply the
 * Ready rd last returned (a full disk). None of it counts: its hard state,
 * entries and committed entries come again in the next Ready, which the
 * runtime asks for when it retries; its messages to send after persisting
 * and its read states are dropped (as a lossy network may drop them), so
 * nothing that was not durable is ever acknowledged, and the leader does
 * not count itself for entries it has not made durable. */
void raft_ready_abandon(struct raft *r, const struct raft_ready *rd);

/* ------------------------------------------------------------ status */

enum raft_progress_state {
	RAFT_PROGRESS_PROBE = 0,
	RAFT_PROGRESS_REPLICATE,
	RAFT_PROGRESS_SNAPSHOT,
};

struct raft_member_status {
	struct raft_member member;
	raft_index match;
	raft_index next;
	uint8_t state;       /* enum raft_progress_state (leader only) */
	bool recent_active;  /* heard from within an election timeout */
};

struct raft_status {
	raft_id id;
	enum raft_role role;
	raft_term term;
	raft_id vote;
	raft_id leader;
	raft_index commit;
	raft_index applied;
	raft_index first_index; /* first entry still in the log */
	raft_index last_index;
	raft_term last_term;
	raft_id transferee;     /* leadership transfer target, 0 if none */
	struct raft_config config;
	/* This instance was a member of a committed configuration and is not
	 * any more (it applied its removal, or a member answered its
	 * campaign with RAFT_MSG_REMOVED): it no longer campaigns or votes.
	 * removed_at: the index of the configuration that removed it. */
	bool removed;
	raft_index removed_at;
	uint32_t n_progress;    /* leader only: one per member */
	struct raft_member_status progress[RAFT_MAX_MEMBERS];
};

void raft_status(const struct raft *r, struct raft_status *st);

/* Debug builds and the simulator: assert every internal invariant (commit <=
 * last index, log indexes contiguous, terms non-decreasing, leader's own match
 * index == last persisted index...). Returns false and describes the first
 * violation in buf. */
bool raft_check_invariants(const struct raft *r, char *buf, size_t len);

/* Read access to the in-memory log, for the simulator's checkers. Returns
 * NULL when index is outside [first_index, last_index]. */
const struct raft_entry *raft_log_entry(const struct raft *r, raft_index index);

#endif
