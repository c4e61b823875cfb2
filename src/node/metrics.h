/* metrics.h: the instance's counters and histograms, served as Prometheus
 * text (GET /metrics). */
#ifndef GRAPHD_NODE_METRICS_H
#define GRAPHD_NODE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft.h"
#include "util/histogram.h"

struct evbuffer;
struct node;

/* graphd_client_requests_total{kind=...}. */
enum metrics_request {
	METRICS_REQ_READ = 0, /* get node/rel, neighbours, nodes by label */
	METRICS_REQ_WRITE,    /* write transactions */
	METRICS_REQ_QUERY,    /* Cypher statements, reading or writing */
	METRICS_REQ_STATUS,
	METRICS_REQ_ADMIN, /* membership changes, backups */
	METRICS_REQ_OTHER, /* no known body */
	METRICS_REQ_N
};

/* graphd_bytes_*_total{port=...}. */
enum metrics_port {
	METRICS_PORT_CLIENT = 0,
	METRICS_PORT_CLUSTER,
	METRICS_PORT_N
};

/* Proposals made here and not yet applied, for the commit latency. A
 * proposal beyond this many in flight goes unmeasured (never miscounted). */
#define METRICS_PROPOSED_MAX 4096

struct metrics_proposal {
	raft_index index;
	raft_term term;
	uint64_t at_us;
};

/* Owned by struct node; every field is written from the event loop only. */
struct metrics {
	uint64_t started_us;
	uint64_t elections_started;
	uint64_t elections_won;
	uint64_t leader_changes;
	uint64_t proposals;
	uint64_t proposals_failed;
	uint64_t transactions_applied;
	uint64_t fsyncs;
	uint64_t client_connections; /* gauge: open client sessions */
	uint64_t disk_full;	     /* gauge: 1 while the disk is full */
	uint64_t client_requests[METRICS_REQ_N];
	uint64_t bytes_received[METRICS_PORT_N];
	uint64_t bytes_sent[METRICS_PORT_N];
	struct histogram commit_latency; /* propose -> applied, here */
	struct histogram fsync_latency;	 /* one store_raftlog_save */
	struct histogram apply_latency;	 /* one Ready's committed entries */
	/* Ring of proposals in ascending index order. */
	struct metrics_proposal proposed[METRICS_PROPOSED_MAX];
	size_t proposed_head, proposed_len;
};

/* One member as the metrics show it. */
struct metrics_peer {
	raft_id id;
	bool reachable; /* our connection to it is up */
	bool has_match; /* this instance is master: match is known */
	raft_index match;
};

/* Everything metrics_render_view shows besides struct metrics: a plain
 * snapshot of the instance, so the exposition can be tested without one. */
struct metrics_view {
	raft_id server_id;
	const char *role; /* node_role_str */
	const char *mode; /* config_mode_str */
	const char *version;
	raft_term term;
	raft_index commit, applied, last_index;
	uint64_t now_us;
	bool has_log_flushes; /* Berkeley DB's count is available */
	uint64_t log_flushes;
	bool has_sessions; /* a data instance: its session table's size */
	uint64_t sessions;
	size_t n_peers;
	struct metrics_peer peers[RAFT_MAX_MEMBERS];
};

/* Microseconds on the monotonic clock (vDSO: no system call). */
uint64_t metrics_now_us(void);

void metrics_init(struct metrics *m, uint64_t now_us);

/* Before a Ready is handled, with the hard and soft state as last seen:
 * counts elections started and won and masters seen. */
void metrics_ready(struct metrics *m, raft_id self,
		   const struct raft_hard_state *hs,
		   const struct raft_soft_state *ss,
		   const struct raft_ready *rd);
/* A proposal to the core: rc as raft_propose returned it; on success the
 * entry's index and term (the commit latency clock starts). */
void metrics_proposed(struct metrics *m, enum raft_err rc, raft_index index,
		      raft_term term, uint64_t now_us);
/* e was applied to the graph (an arbiter's stripped entries are not
 * transactions); ends its commit latency if it was proposed here. */
void metrics_applied(struct metrics *m, const struct raft_entry *e,
		     uint64_t now_us);
/* A Ready's committed entries, applied in a batch that began at
 * started_us. */
void metrics_apply_batch(struct metrics *m, uint64_t started_us,
			 uint64_t now_us);
/* One durable Raft log write (one Berkeley DB commit, one log fsync). */
void metrics_fsync(struct metrics *m, uint64_t started_us, uint64_t now_us);
/* The data directory's disk is full (node_disk_full) or no longer. */
void metrics_disk_full(struct metrics *m, bool full);

/* Appends the text exposition (version 0.0.4) of m and v to out. */
void metrics_render_view(const struct metrics *m, const struct metrics_view *v,
			 struct evbuffer *out);

/* ------------------------------------------------------------------
 * The running instance (metrics_node.c: it reads struct node, so the
 * functions above stay testable without one). */

/* Appends the Prometheus text exposition (version 0.0.4) to out. */
void metrics_render(struct node *n, struct evbuffer *out);
/* A client Request arrived; body_case is its Graphd__Request__BodyCase. */
void metrics_client_request(struct node *n, int body_case);
/* After raft_propose(n->raft, ...) returned rc (index valid when RAFT_OK). */
void metrics_proposal(struct node *n, enum raft_err rc, raft_index index);

#endif
