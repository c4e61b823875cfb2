/* raft_fixture.h: a tiny deterministic in-memory cluster for the consensus
 * core's unit tests: durable storage per instance, a FIFO network with cuts. */
#ifndef GRAPHD_RAFT_FIXTURE_H
#define GRAPHD_RAFT_FIXTURE_H

#include "raft/raft.h"

#define FX_MAX	     8 /* instances, ids 1..FX_MAX */
#define FX_APPLY_MAX 4096

struct fx_store {
	struct raft_hard_state hs;
	struct raft_snapshot snap;
	struct raft_entry *ents; /* durable entries after snap.index */
	size_t n;
	raft_index applied;
};

struct fx_node {
	raft_id id;
	struct raft *r; /* NULL while down */
	bool exists;
	bool arbiter;
	struct fx_store st;
	/* What the state machine applied, by index: term, type, and whether
	 * a payload was present (arbiters must never see one). */
	raft_term applied_term[FX_APPLY_MAX];
	uint8_t applied_type[FX_APPLY_MAX];
	bool applied_payload[FX_APPLY_MAX];
	raft_index last_applied;
	uint64_t reads[64]; /* contexts of read states received */
	raft_index read_index[64];
	unsigned n_reads;
	char snap_data[16]; /* payload of the last snapshot installed */
	size_t normal_payloads_received; /* NORMAL entries with data seen in
					    APPEND messages addressed here */
};

struct fx_msg_node {
	struct raft_msg m;
	struct fx_msg_node *next;
};

struct fx {
	struct fx_node nodes[FX_MAX + 1];
	struct fx_msg_node *head, *tail;
	bool cut[FX_MAX + 1][FX_MAX + 1]; /* cut[from][to]: drop */
	struct raft_options base;	  /* template for every instance */
	bool auto_snapshot_ok;		  /* report snapshots delivered */
	bool fail_snapshots; /* the receiving runtime fails every snapshot */
};

/* A cluster whose founding configuration is c; arbiter ids get
 * options.arbiter. Extra ids (not in c) can be started with fx_start. */
void fx_init(struct fx *f, const struct raft_config *c);
void fx_start(struct fx *f, raft_id id, bool arbiter,
	      const struct raft_config *boot_conf);
void fx_free(struct fx *f);
/* Replaces id's durable state with a log of these terms (index 1..n) and
 * hard state term, then restarts it. */
void fx_boot_log(struct fx *f, raft_id id, raft_term term,
		 const raft_term *terms, size_t n);

/* Founding config helper: n data voters 1..n then arbiters. */
void fx_config(struct raft_config *c, unsigned voters, unsigned arbiters);

/* Process every Ready and deliver every message until quiet (bounded). */
void fx_settle(struct fx *f);
/* Tick every running instance once, then settle; n times. */
void fx_tick(struct fx *f, unsigned n);
/* Tick only one instance (to make it campaign), then settle. */
void fx_tick_one(struct fx *f, raft_id id, unsigned n);
/* Tick until a leader exists (bounded by max rounds); returns its id or 0. */
raft_id fx_wait_leader(struct fx *f, unsigned max);
raft_id fx_leader(struct fx *f);
/* Makes id campaign by ticking it alone until it leads (bounded). */
bool fx_elect(struct fx *f, raft_id id);

void fx_crash(struct fx *f, raft_id id);
void fx_restart(struct fx *f, raft_id id);
void fx_isolate(struct fx *f, raft_id id);
void fx_cut(struct fx *f, raft_id a, raft_id b); /* both directions */
void fx_heal(struct fx *f);

/* Propose on id and settle; returns the index or 0. */
raft_index fx_propose(struct fx *f, raft_id id, const char *data);
struct raft_status fx_status(struct fx *f, raft_id id);
/* Drop queued messages without delivering them. */
void fx_drop_pending(struct fx *f);
/* Process Readies (persist, queue messages) without delivering. */
void fx_process(struct fx *f, raft_id id);
/* Deliver the queued messages once (one round); returns how many. */
size_t fx_deliver_round(struct fx *f);

#endif
