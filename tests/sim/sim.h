/* sim.h: the deterministic cluster simulator's shared state (tests/sim/). */
#ifndef GRAPHD_SIM_H
#define GRAPHD_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft.h"

#define SIM_MAX_NODES	   10 /* founders (3, 5 or 7) plus spares to add */
#define SIM_STEPS_PER_TICK 4  /* message latency is finer than a raft tick */
#define SIM_ELECTION_TICKS 10
#define SIM_TRACE_RING	   200
/* More messages in flight than this is a message storm: a failure. */
#define SIM_MAX_IN_FLIGHT 20000

/* ------------------------------------------------------------ prng */

/* splitmix64: small, fast and fully determined by its seed. */
struct sim_rng {
	uint64_t s;
};

uint64_t sim_rand(struct sim_rng *g);
/* Uniform in [0, n); n > 0. */
uint64_t sim_below(struct sim_rng *g, uint64_t n);
/* True with probability num/den. */
bool sim_chance(struct sim_rng *g, uint64_t num, uint64_t den);

/* ----------------------------------------------------------- store */

/* What one instance made durable: only this survives a crash. The state
 * machine (applied list) is durable too, like the BDB graph store whose
 * applied_index commits with the data. */
struct sim_store {
	struct raft_hard_state hs;
	struct raft_snapshot snap; /* data owned (snap_data) */
	uint8_t *snap_data;
	struct raft_entry *ents; /* snap.index+1 .. ; payloads owned */
	size_t n, cap;
	/* State machine: applied[i] = proposal id applied at index i (0 for
	 * non-NORMAL entries or arbiters); valid for 1..applied_index. */
	uint64_t *applied;
	size_t applied_cap;
	raft_index applied_index;
};

struct sim;

/* -------------------------------------------------------------- node */

enum sim_kind {
	SIM_DATA = 0, /* data instance: voter or learner */
	SIM_ARBITER,
};

struct sim_node {
	struct sim *sim; /* back pointer for the core's trace callback */
	raft_id id;
	uint8_t kind;	     /* enum sim_kind, fixed at creation */
	bool exists;	     /* founder, or a spare that was added */
	struct raft *r;	     /* NULL while crashed */
	unsigned restarts;   /* feeds the per-incarnation core seed */
	uint64_t down_until; /* tick at which a crashed node restarts */
	int crash_in_ready;  /* 1..4: crash at that point of the next Ready */
	struct sim_store st;
	/* Cached after every step, for the checkers. */
	enum raft_role role;
	raft_term term;
	raft_term lead_term; /* term in which we last saw it lead, 0 none */
	raft_index lead_last;
	raft_term lead_last_term;
	/* Store copies (sim_copy.c). The state machine's highest applied
	 * index ever: durable like it, so it survives crashes. */
	raft_index sm_high;
	/* A copy installed and waiting for its snapshot offer (runtime
	 * memory: lost in a crash, like graphd's copy_in). */
	bool copy_ready;
	raft_id copy_from;
	raft_index copy_applied;
};

/* ----------------------------------------------------------- network */

struct sim_packet {
	uint64_t due;	   /* step at which it is delivered */
	struct raft_msg m; /* deep copy */
	bool copy; /* a store copy (sim_copy.c), not a consensus message */
};

/* Packets in flight and the faults in force. */
struct sim_net {
	struct sim_packet *q;
	size_t n, cap;
	bool blocked[SIM_MAX_NODES + 1][SIM_MAX_NODES + 1]; /* [from][to] */
	unsigned loss_pct, dup_pct, delay_pct;		    /* fault rates */
	uint64_t heal_at; /* tick at which the partition heals, 0 none */
};

/* ---------------------------------------------------------- checkers */

struct sim_commit_rec {
	raft_term term;
	uint8_t type;
	bool known;
	uint64_t pid;	    /* proposal id for NORMAL, 0 otherwise */
	raft_term max_term; /* upper bound of the term it was committed in */
};

struct sim_et {
	raft_index index;
	raft_term term;
	raft_term prev_term; /* 0 when unknown */
	uint8_t type;
	bool has_content;
	uint64_t content;
};

struct sim_read {
	uint64_t ctx;
	raft_id from;
	raft_index must_see; /* highest committed index at request time */
};

struct sim_check {
	struct sim_commit_rec *com; /* index -> first committed record */
	size_t com_cap;
	raft_index com_max;
	raft_id *leader_of; /* term -> leader */
	size_t leader_cap;
	struct sim_et *et; /* (index, term) -> content, open addressing */
	size_t et_cap, et_n;
	raft_term max_term; /* highest term any instance reached */
	struct sim_read *reads;
	size_t n_reads, reads_cap;
};

/* ---------------------------------------------------------- the sim */

struct sim_proposal {
	raft_id origin;
	bool acked; /* applied at its origin in a committed batch */
	raft_index index;
};

struct sim_params {
	uint64_t seed;
	uint64_t fault_ticks;
	bool trace; /* print every line as it happens */
	bool ring;  /* keep the last lines for a failure report */
	bool verbose;
	bool break_safety; /* self-test: corrupt one applied payload */
	bool unfenced;	   /* self-test: install every store copy */
};

struct sim {
	struct sim_params p;
	struct sim_rng g;
	uint64_t step, tick;
	bool healed;
	unsigned n_nodes; /* slots in use: founders + spares */
	unsigned n_founders;
	struct sim_node nodes[SIM_MAX_NODES + 1]; /* index = raft id */
	struct raft_config founding;
	struct sim_net net;
	struct sim_check ck;
	struct sim_proposal *props; /* pid -> proposal; pid 0 unused */
	size_t n_props, props_cap;
	uint64_t next_ctx;
	bool broke; /* self-test corruption done */
	/* Options chosen per seed. store_copies: graphd's way (the core
	 * keeps no snapshot data; the runtime streams the state machine as
	 * a separate message, sim_copy.c), else the core carries it. */
	bool store_copies;
	size_t max_inflight_msgs, max_msg_bytes, max_inflight_bytes;
	unsigned heartbeat_ticks;
	/* Fault and admin rates: one chance in this many per tick. */
	unsigned crash_den, partition_den, conf_den, transfer_den, compact_den;
	/* First failure: property and detail. */
	bool failed;
	char fail[1024];
	/* Trace ring (last SIM_TRACE_RING lines). */
	char (*ring)[160];
	size_t ring_next, ring_n;
	/* Counters for -v. */
	uint64_t n_delivered, n_dropped, n_crashes, n_commits, n_elections;
	uint64_t n_copies, n_copies_refused;
};

/* Runs one seed. Returns true when every property held; otherwise fills
 * why. With p->ring, a failure also prints the last trace lines. */
bool sim_run(const struct sim_params *p, char *why, size_t len);

void sim_tracef(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Records the first violation; the run stops at the next check point. */
void sim_failf(struct sim *s, const char *property, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool sim_tracing(const struct sim *s)
{
	return s->p.trace || s->p.ring;
}

#endif
