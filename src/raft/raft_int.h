/* raft_int.h: internal state of the consensus core, shared by its .c files. */
#ifndef GRAPHD_RAFT_INT_H
#define GRAPHD_RAFT_INT_H

#include "raft/raft.h"

/* A learner is promoted once its match is within this many entries of the
 * leader's last index (thesis 4.2.1: "caught up" is a bound, not equality). */
#define RAFT_PROMOTE_LAG 8
/* Pending ReadIndex requests a leader keeps at once. */
#define RAFT_MAX_READS 64
/* Upper bound on raft_options.max_inflight_msgs (fixed ring per member). */
#define RAFT_MAX_INFLIGHT 256

/* ------------------------------------------------------------ log.c */

/* The in-memory log: a snapshot point (index, term) followed by entries
 * snap_index+1 .. last. Entries own their payload. */
struct raft_log {
	raft_index snap_index;
	raft_term snap_term;
	struct raft_entry *ents;
	size_t n, cap;
	raft_index commit;
	raft_index applied;   /* applied as reported by raft_advance */
	raft_index applying;  /* handed out in a Ready, not yet advanced */
	raft_index unstable;  /* first index not yet handed out to persist */
	raft_index persisted; /* last index durable (after raft_advance) */
	raft_index inflight;  /* last index handed out in the pending Ready */
};

raft_index raft_log_last(const struct raft_log *l);
raft_term raft_log_last_term(const struct raft_log *l);
/* Term at index; 0 when unknown (compacted or beyond the end). */
raft_term raft_log_term(const struct raft_log *l, raft_index i);
struct raft_entry *raft_log_at(const struct raft_log *l, raft_index i);
/* Appends a copy (payload stripped when strip and NORMAL). */
int raft_log_append(struct raft_log *l, const struct raft_entry *e, bool strip);
/* Drops entries from index i on. */
void raft_log_truncate(struct raft_log *l, raft_index i);
void raft_log_compact(struct raft_log *l, raft_index i);
void raft_log_reset(struct raft_log *l, raft_index idx, raft_term term);
void raft_log_free(struct raft_log *l);
bool raft_log_up_to_date(const struct raft_log *l, raft_term term,
			 raft_index index);
/* Largest index <= i whose term is <= term (fast backtracking). */
raft_index raft_log_find_conflict_by_term(const struct raft_log *l,
					  raft_index i, raft_term term);

/* ------------------------------------------------------- progress.c */

struct raft_inflight {
	raft_index last;
	size_t bytes;
};

struct raft_progress {
	raft_id id;
	raft_index match, next;
	uint8_t state; /* enum raft_progress_state */
	bool probe_sent;
	bool recent_active;
	unsigned quiet; /* ticks since we last heard from it */
	raft_index pending_snapshot;
	struct raft_inflight infl[RAFT_MAX_INFLIGHT]; /* ring */
	size_t infl_start, infl_count, infl_bytes;
};

void raft_progress_reset(struct raft_progress *p, raft_id id, raft_index last);
void raft_progress_become_probe(struct raft_progress *p);
void raft_progress_become_replicate(struct raft_progress *p);
void raft_progress_become_snapshot(struct raft_progress *p, raft_index snap);
bool raft_progress_paused(const struct raft *r, const struct raft_progress *p);
void raft_progress_add_inflight(struct raft *r, struct raft_progress *p,
				raft_index last, size_t bytes);
void raft_progress_free_inflight(const struct raft *r, struct raft_progress *p,
				 raft_index upto);
bool raft_progress_maybe_update(struct raft_progress *p, raft_index n);
bool raft_progress_maybe_decr(struct raft_progress *p, raft_index rejected,
			      raft_index hint);
struct raft_progress *raft_progress_get(struct raft *r, raft_id id);
void raft_progress_sync(struct raft *r);

/* ------------------------------------------------------------ core */

struct raft_read {
	uint64_t context;
	raft_id from; /* who asked: self or a follower */
	raft_index index;
	uint64_t seq;  /* heartbeat context confirming it */
	uint32_t acks; /* bitmap over config member slots */
	bool ready;    /* waiting for the first commit of the term */
};

struct raft_msgq {
	struct raft_msg *v;
	size_t n, cap;
};

struct raft {
	struct raft_options o;
	uint64_t rng;
	raft_term term;
	raft_id vote;
	raft_id leader;
	enum raft_role role;
	struct raft_log log;
	struct raft_config conf;
	raft_index conf_index; /* entry that set conf; 0: the snapshot */
	struct raft_config snap_conf;
	uint8_t *snap_data;
	size_t snap_len;

	unsigned election_elapsed, heartbeat_elapsed, timeout;
	uint32_t votes_granted, votes_rejected; /* bitmaps over conf slots */

	struct raft_progress prs[RAFT_MAX_MEMBERS];
	uint32_t n_prs;

	raft_id transferee;
	unsigned transfer_elapsed;
	bool removed_pending; /* leader removed itself: step down at commit */
	bool was_member;      /* a committed configuration included us */
	bool removed;         /* ... and a later one does not (raft.h) */
	raft_index removed_at;

	struct raft_read reads[RAFT_MAX_READS];
	uint32_t n_reads;
	uint64_t read_seq;
	struct raft_read_state *rs;
	size_t n_rs, cap_rs;

	/* Ready bookkeeping */
	struct raft_msgq msgs, after;
	struct raft_msgq out_msgs, out_after; /* handed out, freed on advance */
	struct raft_hard_state prev_hs;
	struct raft_soft_state prev_ss;
	bool snap_pending; /* follower installed a snapshot: report it */
	bool ready_out;	   /* a Ready is handed out, advance pending */
	bool snap_out;
	struct raft_read_state *rs_out;
	size_t n_rs_out;
};

/* raft.c */
uint64_t raft_rand(struct raft *r);
void raft_reset_timeout(struct raft *r);
void raft_become_follower(struct raft *r, raft_term term, raft_id leader);
void raft_become_leader(struct raft *r);
void raft_send(struct raft *r, struct raft_msg *m, bool after_persist);
bool raft_is_voter(const struct raft *r, raft_id id);
bool raft_can_campaign(const struct raft *r);
void raft_msgq_clear(struct raft_msgq *q);
/* With -DGRAPHD_DEBUG: abort() with the message on a broken invariant. */
void raft_debug_check(const struct raft *r);
bool raft_commit_to(struct raft *r, raft_index i);
void raft_role_from_config(struct raft *r);


/* election.c */
void raft_campaign(struct raft *r, bool pre, bool forced);
void raft_tick_election(struct raft *r);
void raft_step_vote(struct raft *r, const struct raft_msg *m);
void raft_step_vote_resp(struct raft *r, const struct raft_msg *m);
void raft_leader_lost(struct raft *r);
bool raft_in_lease(const struct raft *r, const struct raft_msg *m);
void raft_check_quorum(struct raft *r);

/* quorum.c */
int raft_conf_slot(const struct raft_config *c, raft_id id);
uint32_t raft_voter_mask(const struct raft_config *c);
bool raft_quorum_has(const struct raft_config *c, uint32_t mask);
raft_index raft_quorum_commit(struct raft *r, bool data_only);
bool raft_maybe_commit(struct raft *r);
raft_index raft_data_voter_max(struct raft *r);

/* replication.c */
bool raft_send_append(struct raft *r, struct raft_progress *p, bool empty_ok);
void raft_send_more(struct raft *r, struct raft_progress *p);
void raft_after_commit(struct raft *r);
void raft_heard_from(struct raft *r, struct raft_progress *p);
void raft_tick_quiet(struct raft *r);
void raft_bcast_append(struct raft *r);
void raft_bcast_heartbeat(struct raft *r, uint64_t ctx);
void raft_step_append(struct raft *r, const struct raft_msg *m);
void raft_step_heartbeat(struct raft *r, const struct raft_msg *m);
void raft_step_snapshot(struct raft *r, const struct raft_msg *m);
void raft_step_append_resp(struct raft *r, const struct raft_msg *m);
void raft_step_heartbeat_resp(struct raft *r, const struct raft_msg *m);
int raft_append_local(struct raft *r, uint8_t type, const uint8_t *data,
		      size_t len);

/* membership.c */
void raft_conf_refresh(struct raft *r);
void raft_config_at(const struct raft *r, raft_index index,
		    struct raft_config *c);
void raft_conf_applied_check(struct raft *r);
/* After the commit index or the configuration moved: a member whose
 * committed configuration no longer includes it is removed. */
void raft_check_removed(struct raft *r);
/* id sent us a (pre)vote request but is not in our committed
 * configuration: tell it (RAFT_MSG_REMOVED). */
bool raft_outsider(const struct raft *r, raft_id id);
void raft_tell_removed(struct raft *r, const struct raft_msg *m);
void raft_step_removed(struct raft *r, const struct raft_msg *m);
void raft_maybe_promote(struct raft *r);

/* transfer.c */
void raft_transfer_tick(struct raft *r);
void raft_transfer_check(struct raft *r, struct raft_progress *p);
void raft_transfer_abort(struct raft *r, const char *why);
void raft_step_timeout_now(struct raft *r, const struct raft_msg *m);

/* readindex.c */
void raft_read_on_commit(struct raft *r);
void raft_step_read_index(struct raft *r, const struct raft_msg *m);
void raft_read_ack(struct raft *r, raft_id from, uint64_t ctx);
void raft_read_push(struct raft *r, uint64_t ctx, raft_index index);
void raft_reads_clear(struct raft *r);

/* trace.c */
void raft_trace(const struct raft *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
