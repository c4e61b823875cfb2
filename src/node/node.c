/* node.c: one graphd instance: opens its stores, boots the consensus core
 * from them, and runs the event loop that drives everything. */
#include "node/node.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"
#include "node/auth.h"
#include "node/cluster.h"
#include "node/identity.h"
#include "node/reads.h"
#include "node/ready.h"
#include "node/session.h"
#include "node/storecopy.h"
#include "node/writes.h"
#include "store/copy.h"
#include "util/log.h"

uint64_t node_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int64_t node_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* mkdir -p: the data directory and its parents. */
static int node_mkdirs(const char *dir)
{
	char tmp[PATH_MAX];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(tmp))
		return errno = ENAMETOOLONG, -1;
	memcpy(tmp, dir, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0750) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0750) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

void node_fail(struct node *n, const char *fmt, ...)
{
	va_list ap;

	if (n->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(n->fail_reason, sizeof(n->fail_reason), fmt, ap);
	va_end(ap);
	n->failed = true;
	log_error("%s", n->fail_reason);
	if (n->tick_ev)
		event_del(n->tick_ev);
	/* The outcome of an unanswered write is unknown: its entry may be in
	 * the log already and be applied after a restart. */
	writes_fail_all(n, GRAPHD__ERROR_CODE__INTERNAL, false,
			"storage failure on this instance (see its "
			"messages.log); the outcome of this write is unknown");
}

/* "disk full on DIR (N MB free)": what writes, status and logs say. */
static void node_disk_reason(struct node *n)
{
	struct statvfs sv;
	char free_s[64] = "free space unknown";

	if (statvfs(n->cfg.data_dir, &sv) == 0)
		snprintf(free_s, sizeof(free_s), "%llu kB free",
			 (unsigned long long)sv.f_bavail * sv.f_frsize / 1024);
	snprintf(n->disk_full_reason, sizeof(n->disk_full_reason),
		 "disk full on %.300s (%s); writes resume by themselves "
		 "once space is freed",
		 n->cfg.data_dir, free_s);
}

void node_disk_full(struct node *n, const char *what, const char *err)
{
	uint64_t now = node_now_ms();
	char msg[600];

	n->disk_retry_ms = now + NODE_DISK_RETRY_MS;
	if (n->disk_full) {
		/* One line per NODE_DISK_LOG_MS, not one per attempt. */
		if (now - n->disk_logged_ms >= NODE_DISK_LOG_MS) {
			node_disk_reason(n);
			log_warn("%s: still %s", what, n->disk_full_reason);
			n->disk_logged_ms = now;
		}
		return;
	}
	n->disk_full = true;
	n->disk_logged_ms = now;
	node_disk_reason(n);
	metrics_disk_full(&n->metrics, true);
	log_error("%s: %s: %s; this instance retries every %d ms and serves "
		  "reads meanwhile",
		  what, n->disk_full_reason, err, NODE_DISK_RETRY_MS);
	/* Whatever was not durable is written again before it counts; the
	 * outcome of a write waiting here is unknown (others may commit it),
	 * a retry with its session is answered, not run twice. */
	snprintf(msg, sizeof(msg), "the outcome of this write is unknown: %s",
		 n->disk_full_reason);
	writes_fail_all(n, GRAPHD__ERROR_CODE__UNAVAILABLE, true, msg);
}

void node_disk_ok(struct node *n)
{
	if (!n->disk_full)
		return;
	n->disk_full = false;
	metrics_disk_full(&n->metrics, false);
	log_info("Disk space on %s is available again: this instance writes "
		 "again",
		 n->cfg.data_dir);
}

bool node_is_leader(const struct node *n)
{
	return n->ss.role == RAFT_LEADER;
}

const char *node_role_str(const struct node *n)
{
	if (n->removed)
		return "removed";
	if (!n->raft)
		return "waiting";
	if (n->cfg.mode != CONFIG_MODE_SINGLE && n->ss.role == RAFT_FOLLOWER) {
		struct raft_status st;

		raft_status(n->raft, &st);
		if (!raft_config_find(&st.config, n->cfg.server_id))
			return n->removed ? "removed" : "joining";
	}
	switch (n->ss.role) {
	case RAFT_LEADER:
		return "master";
	case RAFT_PRE_CANDIDATE:
	case RAFT_CANDIDATE:
		return "candidate";
	case RAFT_LEARNER:
		return "learner";
	case RAFT_ARBITER:
		return "arbiter";
	case RAFT_FOLLOWER:
	default:
		return "slave";
	}
}

void node_status(struct node *n, Graphd__Status *st)
{
	struct raft_status rs = {0};

	if (n->raft)
		raft_status(n->raft, &rs);
	st->mode = (char *)config_mode_str(n->cfg.mode);
	st->role = (char *)node_role_str(n);
	st->server_id = n->cfg.server_id;
	st->data_dir = n->cfg.data_dir;
	st->term = rs.term;
	st->commit_index = rs.commit;
	st->applied_index = n->applied;
	st->uptime_ms = node_now_ms() - n->started_ms;
	st->master_id = rs.leader;
	st->cluster_name = n->cfg.cluster_name;
	st->version = (char *)NODE_VERSION;
	st->cluster_id = (char *)identity_hex(
	    n->ident.id, n->ident.has_id ? STORE_RAFTLOG_ID_LEN : 0,
	    n->members.id_hex);
	if (!n->ident.has_id)
		st->cluster_id = "";
	st->disk_full = n->disk_full ? n->disk_full_reason : "";
	if (n->cfg.mode != CONFIG_MODE_SINGLE)
		cluster_status_members(n, st);
}

static void node_trace(void *ctx, const char *line)
{
	(void)ctx;
	log_debug("raft: %s", line);
}

/* A new cluster: the founding membership is the snapshot at index 0, made
 * durable before anything else so that a restart boots the same cluster.
 * Returns 1 when founded, 0 to join with an empty membership (nothing is
 * written: the master's log or store copy brings it), -1 on error, -2 while
 * the bootstrap waits for the other instances. */
static int node_found_cluster(struct node *n, struct raft_boot *boot)
{
	char err[512];
	int rc = cluster_bootstrap(n, &boot->snapshot.config);

	if (rc < 0) {
		if (!n->waiting_logged)
			log_info("Waiting for every instance of "
				 "ha.initial_hosts to answer before the "
				 "cluster forms");
		n->waiting_logged = true;
		return -2;
	}
	if (rc == 0) {
		log_info("Instance %" PRIu32 " (this server) is new and not a "
			 "founding member: it joins the cluster",
			 n->cfg.server_id);
		return 0;
	}
	log_info("Forming the cluster: %u founding members",
		 boot->snapshot.config.n);
	if (store_raftlog_save(n->rlog, NULL, NULL, 0, &boot->snapshot, err,
			       sizeof(err)) < 0) {
		log_error("cannot write the transaction log in %s: %s; "
			  "graphd stops",
			  n->cfg.data_dir, err);
		return -1;
	}
	return 1;
}

/* A store copy interrupted by a crash leaves an incomplete graph. With a
 * log that starts at 0 the master simply sends a new copy; past a
 * compacted log the core would believe the graph complete. */
static int node_check_copy(struct node *n, const struct raft_boot *boot)
{
	char err[512];

	if (!n->graph || !store_copy_incomplete(n->graph))
		return 0;
	switch (storecopy_recover(n, err, sizeof(err))) {
	case 1:
		return 0;
	case -1:
		log_error("the graph store in %s is incomplete (the "
			  "installation of a store copy was interrupted) and "
			  "the copy cannot be installed again: %s; move the "
			  "data directory away and restart this instance to "
			  "receive a new copy; graphd stops",
			  n->cfg.data_dir, err);
		return -1;
	}
	if (boot->snapshot.index > 0) {
		log_error("the graph store in %s is incomplete: a store copy "
			  "from the master was interrupted, and the "
			  "transaction log starts after transaction %" PRIu64
			  "; move the data directory away and restart this "
			  "instance to receive a new copy; graphd stops",
			  n->cfg.data_dir, (uint64_t)boot->snapshot.index);
		return -1;
	}
	log_warn("the graph store in %s is incomplete (a store copy was "
		 "interrupted); emptying it, the master sends a new copy",
		 n->cfg.data_dir);
	if (store_copy_reset(n->graph, err, sizeof(err)) < 0) {
		log_error("cannot empty the graph store in %s: %s; graphd "
			  "stops",
			  n->cfg.data_dir, err);
		return -1;
	}
	return 0;
}

/* Boots the core from the durable log. A fresh log is a new cluster whose
 * founding membership is this instance alone (a snapshot at index 0). */
int node_boot_raft(struct node *n)
{
	struct raft_options o;
	struct raft_boot boot;
	uint64_t seed, last;
	bool fresh = false;
	char err[512] = "";
	int rc;

	if (store_raftlog_load(n->rlog, &boot, &fresh, err, sizeof(err)) < 0) {
		log_error("cannot read the transaction log in %s: %s; "
			  "graphd stops",
			  n->cfg.data_dir, err);
		return -1;
	}
	if (err[0])
		log_warn("transaction log in %s: %s", n->cfg.data_dir, err);
	if (fresh && (rc = node_found_cluster(n, &boot)) < 0)
		return rc == -2 ? 0 : -1;
	if (node_check_copy(n, &boot) < 0)
		return -1;
	/* A store copy may have put the graph ahead of the log (a crash
	 * before the snapshot was persisted): entries up to the graph's
	 * applied index are skipped when applied again. */
	last = boot.snapshot.index + boot.n_entries;
	boot.applied = n->graph ? store_graph_applied_index(n->graph) : 0;
	if (boot.applied > last)
		boot.applied = last;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = node_now_ms() ^ ((uint64_t)n->cfg.server_id << 32);
	raft_options_default(&o, n->cfg.server_id, seed);
	o.heartbeat_ticks = 1;
	o.election_ticks =
	    n->cfg.election_timeout_ms / n->cfg.heartbeat_interval_ms;
	if (o.election_ticks < 2)
		o.election_ticks = 2;
	o.trace = node_trace;
	o.arbiter = n->cfg.mode == CONFIG_MODE_ARBITER;
	o.slave_only = n->cfg.slave_only;
	identity_raft_options(n, &o);
	n->raft = raft_new(&o, &boot);
	n->hs = boot.hard_state;
	n->applied = boot.applied;
	n->compacted = boot.snapshot.index;
	log_info("Transaction log: %s, last committed transaction %" PRIu64
		 ", applied %" PRIu64
		 ", %zu entries after the snapshot at %" PRIu64,
		 fresh ? "new" : "recovered", (uint64_t)boot.hard_state.commit,
		 (uint64_t)boot.applied, boot.n_entries,
		 (uint64_t)boot.snapshot.index);
	if (!fresh && n->cfg.mode == CONFIG_MODE_HA &&
	    n->cfg.n_initial_hosts > 0)
		log_info("This server has a stored membership of %u "
			 "instance(s): ha.initial_hosts is used only to find "
			 "the others; listed instances that are not members "
			 "are admitted as they ask to join",
			 boot.snapshot.config.n);
	if (!fresh)
		store_raftlog_boot_free(&boot);
	if (!n->raft) {
		log_error(
		    "cannot start the consensus core from the transaction "
		    "log in %s (out of memory or an inconsistent log); "
		    "graphd stops",
		    n->cfg.data_dir);
		return -1;
	}
	return 0;
}

static void node_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;

	(void)fd;
	(void)what;
	if (n->raft)
		raft_tick(n->raft);
	if (n->cfg.mode != CONFIG_MODE_SINGLE)
		cluster_tick(n);
	ready_schedule(n);
	ready_unstarve(n);
}

static void node_checkpoint_cb(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;

	(void)fd;
	(void)what;
	if (store_env_checkpoint(n->env) < 0)
		log_warn("cannot checkpoint the Berkeley DB environment in %s; "
			 "recovery after a crash takes longer, retrying in "
			 "%d s",
			 n->cfg.data_dir, NODE_CHECKPOINT_SECS);
}

/* No new clients, finish the batch in hand, answer what is still waiting,
 * then leave the loop; node_close() closes the stores. */
void node_stop(struct node *n)
{
	n->stopping = true;
	session_stop_listening(n);
	event_del(n->tick_ev);
	if (n->handoff_ev)
		event_del(n->handoff_ev);
	ready_run(n);
	writes_fail_all(n, GRAPHD__ERROR_CODE__UNAVAILABLE, true,
			"instance shutting down");
	reads_fail_all(n, GRAPHD__ERROR_CODE__UNAVAILABLE, true,
		       "instance shutting down");
	session_close_all(n);
	event_base_loopbreak(n->base);
}

/* The end of a graceful shutdown: the transfer's deadline passed, or
 * cluster_observe() saw another instance become master and activated this
 * event early. */
static void node_handoff_cb(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;

	(void)fd;
	(void)what;
	if (cluster_handoff_done(n))
		log_info("Instance %" PRIu32 " is master now; exiting",
			 n->ss.leader);
	else
		log_warn("Transfer of the master role to instance %" PRIu32
			 " did not finish in %u ms; exiting anyway (the "
			 "others elect a master after ha.election_timeout)",
			 n->handoff_to, 2 * n->cfg.election_timeout_ms);
	node_stop(n);
}

/* A master first hands its role to a caught-up slave (Raft thesis 3.10),
 * so that the cluster has a master again within a round trip instead of
 * after an election timeout. Returns false when there is nobody to hand
 * it to: the caller stops at once. */
static bool node_handoff_start(struct node *n)
{
	uint32_t ms = 2 * n->cfg.election_timeout_ms;
	struct timeval tv = {.tv_sec = ms / 1000,
			     .tv_usec = (ms % 1000) * 1000};

	if (n->cfg.mode == CONFIG_MODE_SINGLE || !n->raft ||
	    !node_is_leader(n) || n->failed)
		return false;
	if (!n->handoff_ev &&
	    !(n->handoff_ev = evtimer_new(n->base, node_handoff_cb, n)))
		return false;
	if (!(n->handoff_to = cluster_handoff_start(n))) {
		log_info("Shutting down: no reachable, caught-up slave to hand "
			 "the master role to; exiting now (the others elect a "
			 "master after ha.election_timeout)");
		return false;
	}
	log_info("Shutting down: handing master role to instance %" PRIu32
		 " first (at most %u ms); new writes are refused meanwhile",
		 n->handoff_to, ms);
	evtimer_add(n->handoff_ev, &tv);
	ready_schedule(n);
	return true;
}

/* SIGTERM/SIGINT. A master hands its role over first (new writes are
 * refused with a retryable error meanwhile); a second signal, or any other
 * role, stops at once. */
static void node_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct node *n = arg;
	const char *name = sig == SIGTERM ? "SIGTERM" : "SIGINT";

	(void)what;
	if (n->stopping) {
		if (n->handoff_to) {
			log_warn("Received %s again: exiting now without "
				 "waiting for instance %" PRIu32
				 " to take the master role",
				 name, n->handoff_to);
			node_stop(n);
		}
		return;
	}
	n->stopping = true;
	log_info("Received %s: graphd stops accepting clients and finishes "
		 "the current batch of transactions",
		 name);
	if (!node_handoff_start(n))
		node_stop(n);
	else
		session_stop_listening(n);
}

/* SIGHUP: log rotation moved messages.log aside; never stops graphd. */
static void node_sighup_cb(evutil_socket_t sig, short what, void *arg)
{
	struct node *n = arg;

	(void)sig;
	(void)what;
	if (log_reopen() < 0)
		log_error("cannot reopen %s/messages.log after SIGHUP: %s; "
			  "log lines keep going to the old file",
			  n->cfg.data_dir, strerror(errno));
	else
		log_info("messages.log reopened (SIGHUP)");
}

static int node_open_loop(struct node *n)
{
	struct timeval tick = {
	    .tv_sec = n->cfg.heartbeat_interval_ms / 1000,
	    .tv_usec = (n->cfg.heartbeat_interval_ms % 1000) * 1000};
	struct timeval cp = {.tv_sec = NODE_CHECKPOINT_SECS};

	n->base = event_base_new();
	if (!n->base || event_base_priority_init(n->base, NODE_N_PRIOS) < 0)
		return -1;
	n->tick_ev = event_new(n->base, -1, EV_PERSIST, node_tick_cb, n);
	n->checkpoint_ev =
	    event_new(n->base, -1, EV_PERSIST, node_checkpoint_cb, n);
	n->sigterm_ev = evsignal_new(n->base, SIGTERM, node_signal_cb, n);
	n->sigint_ev = evsignal_new(n->base, SIGINT, node_signal_cb, n);
	n->sighup_ev = evsignal_new(n->base, SIGHUP, node_sighup_cb, n);
	if (!n->tick_ev || !n->checkpoint_ev || !n->sigterm_ev ||
	    !n->sigint_ev || !n->sighup_ev || ready_init(n) < 0)
		return -1;
	if (event_add(n->tick_ev, &tick) < 0 ||
	    event_add(n->checkpoint_ev, &cp) < 0 ||
	    event_add(n->sigterm_ev, NULL) < 0 ||
	    event_add(n->sigint_ev, NULL) < 0 ||
	    event_add(n->sighup_ev, NULL) < 0)
		return -1;
	return 0;
}

/* DATA_DIR/graphd.pid, for service scripts (logrotate's kill -HUP),
 * written whole (rename) so a reader never sees half. */
static void node_write_pid(struct node *n)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 32];
	bool ok = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/graphd.pid", n->cfg.data_dir);
	snprintf(tmp, sizeof(tmp), "%s/graphd.pid.tmp", n->cfg.data_dir);
	if ((f = fopen(tmp, "w"))) {
		ok = fprintf(f, "%ld\n", (long)getpid()) > 0;
		ok = fclose(f) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
		if (!ok)
			unlink(tmp);
	}
	if (!ok) {
		log_warn("cannot write %s: %s; graphd runs on, but log "
			 "rotation cannot signal it by its pid file",
			 path, strerror(errno));
		return;
	}
	n->pid_written = true;
}

/* Removes graphd.pid only if it still names this process. */
static void node_remove_pid(struct node *n)
{
	char path[PATH_MAX + 32];
	long pid = 0;
	FILE *f;

	if (!n->pid_written)
		return;
	snprintf(path, sizeof(path), "%s/graphd.pid", n->cfg.data_dir);
	if (!(f = fopen(path, "r")))
		return;
	if (fscanf(f, "%ld", &pid) == 1 && pid == (long)getpid())
		unlink(path);
	fclose(f);
}

/* Data directory (made absolute for status and logs) and messages.log. */
static int node_open_dir(struct node *n)
{
	char path[PATH_MAX + 32];
	char abs[PATH_MAX];

	if (node_mkdirs(n->cfg.data_dir) < 0) {
		fprintf(stderr,
			"graphd: cannot create the data directory %s: %s\n",
			n->cfg.data_dir, strerror(errno));
		return -1;
	}
	if (realpath(n->cfg.data_dir, abs))
		snprintf(n->cfg.data_dir, sizeof(n->cfg.data_dir), "%s", abs);
	snprintf(path, sizeof(path), "%s/messages.log", n->cfg.data_dir);
	if (log_open(path, (enum log_level)n->cfg.log_level, 1) < 0) {
		fprintf(stderr, "graphd: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int node_open_stores(struct node *n)
{
	char err[512];
	const struct store_env_sizes sz = {n->cfg.pagecache_size,
					   n->cfg.txn_max};

	/* An arbiter keeps only the consensus metadata: no graph store. */
	if (store_env_open_sized(&n->env, n->cfg.data_dir, &sz, err,
				 sizeof(err)) < 0 ||
	    (n->cfg.mode != CONFIG_MODE_ARBITER &&
	     store_graph_open(n->env, &n->graph, err, sizeof(err)) < 0) ||
	    store_raftlog_open(n->env, &n->rlog, err, sizeof(err)) < 0) {
		log_error("cannot open the database in %s: %s; graphd stops",
			  n->cfg.data_dir, err);
		return -1;
	}
	return 0;
}

int node_open(struct node **out, const struct config *cfg)
{
	struct node *n = calloc(1, sizeof(*n));
	char err[512];

	*out = n;
	if (!n)
		return -1;
	n->cfg = *cfg;
	n->started_ms = node_now_ms();
	metrics_init(&n->metrics, metrics_now_us());
	n->ss.role = RAFT_FOLLOWER;
	if (node_open_dir(n) < 0)
		return -1;
	log_info("graphd %s starting: instance %" PRIu32
		 ", mode %s, data directory %s",
		 NODE_VERSION, n->cfg.server_id, config_mode_str(n->cfg.mode),
		 n->cfg.data_dir);
	node_write_pid(n);
	if (node_open_stores(n) < 0 || identity_open(n) < 0)
		return -1;
	if (node_open_loop(n) < 0) {
		log_error("cannot set up the event loop (out of memory?); "
			  "graphd stops");
		return -1;
	}
	if (session_listen(n, err, sizeof(err)) < 0 ||
	    http_listen(n, err, sizeof(err)) < 0) {
		log_error("%s; graphd stops", err);
		return -1;
	}
	if (n->cfg.mode != CONFIG_MODE_SINGLE && cluster_open(n) < 0)
		return -1;
	if (node_boot_raft(n) < 0)
		return -1;
	/* A single voter campaigns on its first tick: tick once now, before
	 * the loop accepts the first client, so that it finds a master. */
	if (n->cfg.mode == CONFIG_MODE_SINGLE)
		raft_tick(n->raft);
	else
		cluster_tick(n);
	ready_run(n);
	return 0;
}

int node_run(struct node *n)
{
	if (event_base_dispatch(n->base) < 0) {
		log_error("the event loop failed; graphd stops");
		return -1;
	}
	return 0;
}

void node_close(struct node *n)
{
	if (!n)
		return;
	session_stop_listening(n);
	writes_fail_all(n, GRAPHD__ERROR_CODE__UNAVAILABLE, true,
			"instance shutting down");
	reads_fail_all(n, GRAPHD__ERROR_CODE__UNAVAILABLE, true,
		       "instance shutting down");
	session_close_all(n);
	http_close(n);
	cluster_close(n);
	auth_free(n->auth);
	if (n->ready_ev)
		event_free(n->ready_ev);
	if (n->tick_ev)
		event_free(n->tick_ev);
	if (n->checkpoint_ev)
		event_free(n->checkpoint_ev);
	if (n->sigterm_ev)
		event_free(n->sigterm_ev);
	if (n->sigint_ev)
		event_free(n->sigint_ev);
	if (n->sighup_ev)
		event_free(n->sighup_ev);
	if (n->handoff_ev)
		event_free(n->handoff_ev);
	if (n->base)
		event_base_free(n->base);
	if (n->raft)
		raft_free(n->raft);
	if (n->rlog)
		store_raftlog_close(n->rlog);
	if (n->graph)
		store_graph_close(n->graph);
	if (n->env)
		store_env_close(n->env);
	node_remove_pid(n);
	if (n->env)
		log_info("graphd stopped");
	log_close();
	free(n);
}
