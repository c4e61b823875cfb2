/* metrics.c: the instance's counters and histograms, and their Prometheus
 * text exposition (version 0.0.4).
 *
 * Counting is a field increment or a histogram observation on the event
 * loop: no lock, no allocation, no system call. Everything is rendered only
 * when /metrics is scraped. Each series carries server_id so that figures
 * scraped from several instances can be told apart without relabelling. */
#include "node/metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

/* Every value node_role_str() can return: graphd_role has one series per
 * role, the current one 1, so that a dashboard can sum or alert on any. */
static const char *const metrics_roles[] = {
    "master",  "slave",	  "candidate", "learner",
    "arbiter", "waiting", "joining",   "removed",
};

static const char *const metrics_request_names[METRICS_REQ_N] = {
    [METRICS_REQ_READ] = "read",   [METRICS_REQ_WRITE] = "write",
    [METRICS_REQ_QUERY] = "query", [METRICS_REQ_STATUS] = "status",
    [METRICS_REQ_ADMIN] = "admin", [METRICS_REQ_OTHER] = "other",
};

static const char *const metrics_port_names[METRICS_PORT_N] = {
    [METRICS_PORT_CLIENT] = "client",
    [METRICS_PORT_CLUSTER] = "cluster",
};

uint64_t metrics_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static double metrics_seconds(uint64_t from_us, uint64_t to_us)
{
	return to_us > from_us ? (double)(to_us - from_us) / 1e6 : 0.0;
}

void metrics_init(struct metrics *m, uint64_t now_us)
{
	memset(m, 0, sizeof(*m));
	m->started_us = now_us;
	histogram_init(&m->commit_latency, histogram_latency_bounds,
		       HISTOGRAM_LATENCY_N);
	histogram_init(&m->fsync_latency, histogram_latency_bounds,
		       HISTOGRAM_LATENCY_N);
	histogram_init(&m->apply_latency, histogram_latency_bounds,
		       HISTOGRAM_LATENCY_N);
}

/* A candidate increments its term and votes for itself (Raft paper, 5.2),
 * and that hard state is persisted before its vote requests count: so a
 * new term with our own vote is exactly one election started here. A
 * pre-vote (thesis 9.6) changes neither and is not counted. */
void metrics_ready(struct metrics *m, raft_id self,
		   const struct raft_hard_state *hs,
		   const struct raft_soft_state *ss,
		   const struct raft_ready *rd)
{
	if (rd->has_hard_state && rd->hard_state.term > hs->term &&
	    rd->hard_state.vote == self)
		m->elections_started++;
	if (!rd->soft_state_changed)
		return;
	if (rd->soft_state.role == RAFT_LEADER && ss->role != RAFT_LEADER)
		m->elections_won++;
	if (rd->soft_state.leader != 0 && rd->soft_state.leader != ss->leader)
		m->leader_changes++;
}

static struct metrics_proposal *metrics_ring_at(struct metrics *m, size_t i)
{
	return &m->proposed[(m->proposed_head + i) % METRICS_PROPOSED_MAX];
}

static void metrics_ring_pop_head(struct metrics *m)
{
	m->proposed_head = (m->proposed_head + 1) % METRICS_PROPOSED_MAX;
	m->proposed_len--;
}

/* A master's proposals get ascending indexes within its term; an entry at
 * or after a new proposal's index from an earlier term was truncated (Raft
 * paper, 5.3) and will never be applied: dropping it keeps the ring in
 * ascending order. */
void metrics_proposed(struct metrics *m, enum raft_err rc, raft_index index,
		      raft_term term, uint64_t now_us)
{
	if (rc != RAFT_OK) {
		m->proposals_failed++;
		return;
	}
	m->proposals++;
	while (m->proposed_len > 0 &&
	       metrics_ring_at(m, m->proposed_len - 1)->index >= index)
		m->proposed_len--;
	if (m->proposed_len == METRICS_PROPOSED_MAX)
		metrics_ring_pop_head(m); /* oldest goes unmeasured */
	*metrics_ring_at(m, m->proposed_len) = (struct metrics_proposal){
	    .index = index, .term = term, .at_us = now_us};
	m->proposed_len++;
}

/* Log Matching (Raft paper, 5.3): the entry applied at an index is ours only
 * if its term is the one we proposed it in; proposals at lower indexes than
 * the applied one were overwritten or skipped by a snapshot. */
void metrics_applied(struct metrics *m, const struct raft_entry *e,
		     uint64_t now_us)
{
	if (e->type == RAFT_ENTRY_NORMAL && !e->stripped)
		m->transactions_applied++;
	while (m->proposed_len > 0) {
		struct metrics_proposal *p = metrics_ring_at(m, 0);

		if (p->index > e->index)
			break;
		if (p->index == e->index && p->term == e->term)
			histogram_observe(&m->commit_latency,
					  metrics_seconds(p->at_us, now_us));
		metrics_ring_pop_head(m);
	}
}

void metrics_apply_batch(struct metrics *m, uint64_t started_us,
			 uint64_t now_us)
{
	histogram_observe(&m->apply_latency,
			  metrics_seconds(started_us, now_us));
}

void metrics_fsync(struct metrics *m, uint64_t started_us, uint64_t now_us)
{
	m->fsyncs++;
	histogram_observe(&m->fsync_latency,
			  metrics_seconds(started_us, now_us));
}

void metrics_disk_full(struct metrics *m, bool full)
{
	m->disk_full = full ? 1 : 0;
}

/* ------------------------------------------------------------ exposition */

/* The HELP and TYPE lines, once per metric name. */
static void metrics_family(struct evbuffer *out, const char *name,
			   const char *type, const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
			    name, type);
}

/* name{labels} v; labels always hold server_id (lbl). */
static void metrics_u64(struct evbuffer *out, const char *name, const char *lbl,
			uint64_t v)
{
	evbuffer_add_printf(out, "%s{%s} %" PRIu64 "\n", name, lbl, v);
}

/* name{labels,key="value"} v. */
static void metrics_u64_by(struct evbuffer *out, const char *name,
			   const char *lbl, const char *key, const char *value,
			   uint64_t v)
{
	evbuffer_add_printf(out, "%s{%s,%s=\"%s\"} %" PRIu64 "\n", name, lbl,
			    key, value, v);
}

static void metrics_gauge(struct evbuffer *out, const char *lbl,
			  const char *name, const char *help, uint64_t v)
{
	metrics_family(out, name, "gauge", help);
	metrics_u64(out, name, lbl, v);
}

static void metrics_counter(struct evbuffer *out, const char *lbl,
			    const char *name, const char *help, uint64_t v)
{
	metrics_family(out, name, "counter", help);
	metrics_u64(out, name, lbl, v);
}

static void metrics_render_role(const struct metrics_view *v,
				struct evbuffer *out, const char *lbl)
{
	size_t n = sizeof(metrics_roles) / sizeof(metrics_roles[0]);

	metrics_family(out, "graphd_info", "gauge",
		       "Version and dbms.mode of this instance (always 1).");
	evbuffer_add_printf(out,
			    "graphd_info{%s,version=\"%s\",mode=\"%s\"} 1\n",
			    lbl, v->version, v->mode);
	metrics_family(out, "graphd_role", "gauge",
		       "1 for the role this instance has now, 0 for the "
		       "others.");
	for (size_t i = 0; i < n; i++)
		metrics_u64_by(out, "graphd_role", lbl, "role",
			       metrics_roles[i],
			       strcmp(v->role, metrics_roles[i]) == 0);
	metrics_gauge(out, lbl, "graphd_is_master",
		      "1 when this instance is the master.",
		      strcmp(v->role, "master") == 0);
}

static void metrics_render_log(const struct metrics_view *v,
			       struct evbuffer *out, const char *lbl)
{
	metrics_gauge(out, lbl, "graphd_term",
		      "Current Raft term (master election round).", v->term);
	metrics_gauge(out, lbl, "graphd_commit_index",
		      "Highest transaction known committed by a majority.",
		      v->commit);
	metrics_gauge(out, lbl, "graphd_applied_index",
		      "Highest transaction applied to this instance's store.",
		      v->applied);
	metrics_gauge(out, lbl, "graphd_last_log_index",
		      "Last entry in this instance's transaction log.",
		      v->last_index);
	if (v->has_sessions)
		metrics_gauge(out, lbl, "graphd_session_table_rows",
			      "Client sessions remembered for at-most-once "
			      "retries (ha.session_retention).",
			      v->sessions);
}

/* Per member: whether we reach it, and on the master how far it is. */
static void metrics_render_peers(const struct metrics_view *v,
				 struct evbuffer *out, const char *lbl)
{
	char id[16];

	metrics_family(out, "graphd_peer_reachable", "gauge",
		       "1 while this instance's connection to the member is "
		       "up.");
	for (size_t i = 0; i < v->n_peers; i++) {
		snprintf(id, sizeof(id), "%" PRIu32, v->peers[i].id);
		metrics_u64_by(out, "graphd_peer_reachable", lbl, "peer", id,
			       v->peers[i].reachable);
	}
	metrics_family(out, "graphd_peer_match_index", "gauge",
		       "Master only: last transaction known replicated to the "
		       "member.");
	for (size_t i = 0; i < v->n_peers; i++) {
		snprintf(id, sizeof(id), "%" PRIu32, v->peers[i].id);
		if (v->peers[i].has_match)
			metrics_u64_by(out, "graphd_peer_match_index", lbl,
				       "peer", id, v->peers[i].match);
	}
	metrics_family(out, "graphd_peer_lag_entries", "gauge",
		       "Master only: entries of the master's log the member "
		       "does not have yet.");
	for (size_t i = 0; i < v->n_peers; i++) {
		const struct metrics_peer *p = &v->peers[i];

		snprintf(id, sizeof(id), "%" PRIu32, p->id);
		if (p->has_match)
			metrics_u64_by(
			    out, "graphd_peer_lag_entries", lbl, "peer", id,
			    v->last_index > p->match ? v->last_index - p->match
						     : 0);
	}
}

static void metrics_render_raft(const struct metrics *m, struct evbuffer *out,
				const char *lbl)
{
	metrics_counter(out, lbl, "graphd_elections_started_total",
			"Elections this instance stood in as candidate.",
			m->elections_started);
	metrics_counter(out, lbl, "graphd_elections_won_total",
			"Elections this instance won (became master).",
			m->elections_won);
	metrics_counter(out, lbl, "graphd_leader_changes_total",
			"Times this instance learned of a new master.",
			m->leader_changes);
	metrics_counter(out, lbl, "graphd_proposals_total",
			"Transactions this instance proposed as master "
			"(its own clients' and slaves' forwarded writes).",
			m->proposals);
	metrics_counter(out, lbl, "graphd_proposals_failed_total",
			"Proposals the consensus core refused (not master, "
			"transfer in progress, too large).",
			m->proposals_failed);
	metrics_counter(out, lbl, "graphd_transactions_applied_total",
			"Transactions applied to this instance's graph store.",
			m->transactions_applied);
	metrics_counter(out, lbl, "graphd_fsyncs_total",
			"Durable transaction log writes (one fsync each; one "
			"per batch of transactions: group commit).",
			m->fsyncs);
}

static void metrics_render_io(const struct metrics *m,
			      const struct metrics_view *v,
			      struct evbuffer *out, const char *lbl)
{
	metrics_family(out, "graphd_client_requests_total", "counter",
		       "Client requests received, by kind.");
	for (int k = 0; k < METRICS_REQ_N; k++)
		metrics_u64_by(out, "graphd_client_requests_total", lbl, "kind",
			       metrics_request_names[k], m->client_requests[k]);
	metrics_family(out, "graphd_bytes_received_total", "counter",
		       "Bytes of whole frames received, by port.");
	for (int p = 0; p < METRICS_PORT_N; p++)
		metrics_u64_by(out, "graphd_bytes_received_total", lbl, "port",
			       metrics_port_names[p], m->bytes_received[p]);
	metrics_family(out, "graphd_bytes_sent_total", "counter",
		       "Bytes of frames queued for sending, by port.");
	for (int p = 0; p < METRICS_PORT_N; p++)
		metrics_u64_by(out, "graphd_bytes_sent_total", lbl, "port",
			       metrics_port_names[p], m->bytes_sent[p]);
	metrics_gauge(out, lbl, "graphd_client_connections",
		      "Open connections on the client port.",
		      m->client_connections);
	metrics_gauge(out, lbl, "graphd_disk_full",
		      "1 while writes wait for space on the data directory's "
		      "disk (disk full), else 0.",
		      m->disk_full);
	metrics_family(out, "graphd_uptime_seconds", "gauge",
		       "Seconds since this instance started.");
	evbuffer_add_printf(out, "graphd_uptime_seconds{%s} %.3f\n", lbl,
			    metrics_seconds(m->started_us, v->now_us));
	if (v->has_log_flushes)
		metrics_counter(out, lbl, "graphd_store_log_flushes_total",
				"Berkeley DB log flushes to disk, of the "
				"transaction log and the graph store together.",
				v->log_flushes);
}

static void metrics_render_histograms(const struct metrics *m,
				      struct evbuffer *out, const char *lbl)
{
	metrics_family(out, "graphd_commit_latency_seconds", "histogram",
		       "From proposing a transaction here to applying it "
		       "here.");
	histogram_render(&m->commit_latency, out,
			 "graphd_commit_latency_seconds", lbl);
	metrics_family(out, "graphd_fsync_latency_seconds", "histogram",
		       "Duration of one durable transaction log write.");
	histogram_render(&m->fsync_latency, out, "graphd_fsync_latency_seconds",
			 lbl);
	metrics_family(out, "graphd_apply_latency_seconds", "histogram",
		       "Duration of applying one batch of committed "
		       "transactions.");
	histogram_render(&m->apply_latency, out, "graphd_apply_latency_seconds",
			 lbl);
}

void metrics_render_view(const struct metrics *m, const struct metrics_view *v,
			 struct evbuffer *out)
{
	char lbl[32];

	snprintf(lbl, sizeof(lbl), "server_id=\"%" PRIu32 "\"", v->server_id);
	metrics_render_role(v, out, lbl);
	metrics_render_log(v, out, lbl);
	metrics_render_peers(v, out, lbl);
	metrics_render_raft(m, out, lbl);
	metrics_render_io(m, v, out, lbl);
	metrics_render_histograms(m, out, lbl);
}
