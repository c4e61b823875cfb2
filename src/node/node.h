/* node.h: one graphd instance: its stores, consensus core and event loop. */
#ifndef GRAPHD_NODE_H
#define GRAPHD_NODE_H

#include "config.h" /* PACKAGE_VERSION, from the build */

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "graphd.pb-c.h"
#include "net/admit.h"
#include "node/metrics.h"
#include "raft/raft.h"
#include "store/env.h"
#include "store/graph.h"
#include "store/raftlog.h"
#include "util/config.h"

#define NODE_VERSION PACKAGE_VERSION

/* Event priorities: every I/O and timer callback runs at NODE_PRIO_IO; the
 * Ready loop runs at NODE_PRIO_READY, once per loop turn after them (group
 * commit, Redis' beforeSleep). */
#define NODE_PRIO_IO	1
#define NODE_PRIO_READY 2
#define NODE_N_PRIOS	3

#define NODE_CHECKPOINT_SECS 60

struct session;
struct pending_write;
struct pending_read;
struct pending_admin;
struct peer;
struct inbound;
struct storecopy_out;
struct storecopy_in;
struct http_server;
struct auth;
struct backup_out;

/* Storage for Status.members (cluster_status_members). */
struct node_members {
	Graphd__Member store[RAFT_MAX_MEMBERS];
	Graphd__Member *ptrs[RAFT_MAX_MEMBERS];
	/* Status.cluster_id and Status.foreign (cluster.c, identity.c). */
	char id_hex[2 * STORE_RAFTLOG_ID_LEN + 1];
	Graphd__Member foreign[RAFT_MAX_MEMBERS];
	Graphd__Member *foreign_ptrs[RAFT_MAX_MEMBERS];
	char foreign_hex[RAFT_MAX_MEMBERS][2 * STORE_RAFTLOG_ID_LEN + 1];
};

struct node {
	struct config cfg;

	struct store_env *env;
	struct store_graph *graph;
	struct store_raftlog *rlog;
	struct raft *raft;

	struct event_base *base;
	struct evconnlistener *listener;
	struct net_admit client_admit;  /* ha.server: cap, back-off */
	struct net_admit cluster_admit; /* ha.cluster_server */
	struct event *ready_ev;
	struct event *tick_ev;
	struct event *checkpoint_ev;
	struct event *sigterm_ev;
	struct event *sigint_ev;
	struct event *sighup_ev;  /* reopens messages.log (log rotation) */
	struct event *handoff_ev; /* graceful shutdown: transfer deadline */
	raft_id handoff_to;	  /* graceful shutdown: master role goes here */
	bool pid_written;	  /* DATA_DIR/graphd.pid is ours to remove */

	struct session *sessions;     /* open client connections */
	struct pending_write *writes; /* writes waiting for their entry */
	struct pending_read *reads;   /* reads waiting for an index */
	struct http_server *http;     /* the HTTP port (src/http) */

	/* HA and ARBITER (src/node/cluster.c, peers.c, storecopy.c) */
	struct evconnlistener *cluster_listener;
	struct peer *peers;	  /* address book, dialled connections */
	struct inbound *inbound;  /* accepted connections */
	struct pending_admin *admins;
	struct storecopy_out *copies_out; /* store copies being sent */
	struct storecopy_in *copy_in;	  /* the store copy being received */
	struct backup_out *backups;	  /* graphctl backups being sent */
	struct raft_config last_config;	  /* membership as last logged */
	struct node_members members;
	struct event *leader_lost_ev; /* fast failover (cluster.c) */
	raft_id lost_leader;
	uint64_t next_join_ms;
	uint64_t next_forward_token;
	bool join_logged;
	bool removed; /* this instance was removed from the cluster */
	/* Cluster identity and removal, as stored (store/raftlog.h); while
	 * it has no id, id_candidate goes into the first leader's no-op. */
	struct store_raftlog_identity ident;
	uint8_t id_candidate[STORE_RAFTLOG_ID_LEN];
	bool waiting_logged;

	struct raft_hard_state hs; /* as last persisted */
	struct raft_soft_state ss; /* as last reported */
	raft_index applied;
	raft_term applied_term;	 /* term of the entry at applied (0: unknown) */
	raft_index compacted;	 /* log compacted up to here */
	raft_index compact_goal; /* compaction in steps: up to here */
	uint64_t compact_started_ms;
	uint64_t next_read_ctx;	 /* ReadIndex request contexts */
	uint64_t started_ms;	 /* monotonic clock at start-up */
	uint64_t ready_since_ms; /* Ready loop scheduled, not yet run (0: no) */
	uint16_t port;		 /* client port actually bound */

	struct auth *auth; /* client logins (auth.c), loaded on first use */

	struct metrics metrics; /* GET /metrics (node/metrics.h) */

	/* A full disk on the data directory (node_disk_full): writes wait
	 * and the Ready loop retries every NODE_DISK_RETRY_MS until one
	 * persists; reads go on. */
	bool disk_full;
	uint64_t disk_retry_ms;	 /* next attempt (monotonic clock) */
	uint64_t disk_logged_ms; /* last "still full" line */
	char disk_full_reason[512];

	bool failed;   /* storage failure: no more writes */
	bool stopping; /* SIGTERM/SIGINT received */
	char fail_reason[512];
};

/* (Re)starts the consensus core from the durable log; a brand-new log gets
 * its founding membership from cluster_bootstrap(). Leaves n->raft NULL
 * (returns 0) while a plain ha.initial_hosts bootstrap waits for answers. */
int node_boot_raft(struct node *n);

/* Opens the data directory, messages.log, the stores and the consensus core,
 * and binds the client port. Returns 0, or -1 after logging why (the caller
 * exits 1). *n is always set and must be passed to node_close(). */
int node_open(struct node **n, const struct config *cfg);
/* Runs the event loop until SIGTERM/SIGINT. */
int node_run(struct node *n);
void node_close(struct node *n);
/* Shutdown: stops listening, answers what waits with a retryable error,
 * closes the client sessions and leaves the event loop. */
void node_stop(struct node *n);

/* Milliseconds on the monotonic and the wall clock. */
uint64_t node_now_ms(void);
int64_t node_wall_ms(void);

#define NODE_DISK_RETRY_MS 1000
#define NODE_DISK_LOG_MS   30000

/* A write failed for a full disk (what: which write, err: the store's
 * reason): logs, answers pending writes with a retryable error and makes
 * the Ready loop retry (ready.c); node_disk_ok ends it when a write works.
 * Recoverable, unlike node_fail. */
void node_disk_full(struct node *n, const char *what, const char *err);
void node_disk_ok(struct node *n);

/* Storage failure: logs once, fails pending writes, refuses later ones. */
void node_fail(struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

bool node_is_leader(const struct node *n);
/* "master", "slave", "candidate", "learner", "arbiter"; for an instance
 * that is not (yet) a member: "waiting" (bootstrap), "joining", "removed". */
const char *node_role_str(const struct node *n);

/* Fills st (strings point into n or static storage) for a Status response. */
void node_status(struct node *n, Graphd__Status *st);

#endif
