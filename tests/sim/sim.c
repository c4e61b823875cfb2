/* sim.c: one seeded run of a simulated cluster: the runtime loop of each
 * instance (raft.h's Ready sequence), the fault schedule, and the heal phase
 * with its liveness check. */
#include "sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_check.h"
#include "sim_copy.h"
#include "sim_net.h"
#include "sim_store.h"

/* After healing, a leader must commit within 50 (maximal) election
 * timeouts. */
#define SIM_LIVENESS_TICKS (50 * 2 * SIM_ELECTION_TICKS)
/* Full pairwise log comparison every this many ticks. */
#define SIM_LOG_CHECK_TICKS 32

/* ------------------------------------------------------------ prng */

uint64_t sim_rand(struct sim_rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t sim_below(struct sim_rng *g, uint64_t n)
{
	return sim_rand(g) % n;
}

bool sim_chance(struct sim_rng *g, uint64_t num, uint64_t den)
{
	return sim_below(g, den) < num;
}

/* ----------------------------------------------------------- trace */

void sim_tracef(struct sim *s, const char *fmt, ...)
{
	char line[160];
	int off;
	va_list ap;

	off = snprintf(line, sizeof(line), "[%llu.%llu] ",
		       (unsigned long long)s->tick,
		       (unsigned long long)(s->step % SIM_STEPS_PER_TICK));
	va_start(ap, fmt);
	vsnprintf(line + off, sizeof(line) - (size_t)off, fmt, ap);
	va_end(ap);
	if (s->p.trace)
		printf("%s\n", line);
	if (s->p.ring && s->ring != NULL) {
		memcpy(s->ring[s->ring_next], line, sizeof(line));
		s->ring_next = (s->ring_next + 1) % SIM_TRACE_RING;
		if (s->ring_n < SIM_TRACE_RING)
			s->ring_n++;
	}
}

void sim_failf(struct sim *s, const char *property, const char *fmt, ...)
{
	int off;
	va_list ap;

	if (s->failed)
		return;
	s->failed = true;
	off = snprintf(s->fail, sizeof(s->fail), "%s: ", property);
	va_start(ap, fmt);
	vsnprintf(s->fail + off, sizeof(s->fail) - (size_t)off, fmt, ap);
	va_end(ap);
	if (sim_tracing(s))
		sim_tracef(s, "VIOLATION %s", s->fail);
}

static void core_trace(void *ctx, const char *line)
{
	struct sim_node *n = ctx;

	sim_tracef(n->sim, "raft %u: %s", n->id, line);
}

/* ----------------------------------------------------------- nodes */

bool sim_node_up(const struct sim *s, raft_id id)
{
	return id >= 1 && id <= s->n_nodes && s->nodes[id].r != NULL;
}

static void node_crash(struct sim *s, struct sim_node *n, const char *when)
{
	raft_free(n->r);
	n->r = NULL;
	n->crash_in_ready = 0;
	n->copy_ready = false;
	n->lead_term = 0;
	n->role = RAFT_FOLLOWER;
	n->down_until = s->tick + 5 + sim_below(&s->g, 300);
	s->n_crashes++;
	if (sim_tracing(s))
		sim_tracef(s, "sim: crash node %u %s; restarts at tick %llu",
			   n->id, when, (unsigned long long)n->down_until);
}

/* A core that restarted has no snapshot data (raft_boot carries none): its
 * runtime streams the snapshot from its own store, as graphd's store copy
 * does. Here: the state machine's history up to the snapshot's index. */
static void send_snapshot(struct sim *s, const struct raft_msg *m)
{
	const struct sim_node *from = &s->nodes[m->from];
	struct raft_msg copy = *m;
	uint8_t *data = NULL;

	if (s->nodes[m->to].kind == SIM_DATA) {
		if (from->st.applied_index < m->snapshot.index) {
			sim_failf(s, "snapshot integrity",
				  "node %u sends snapshot %llu with no data "
				  "but has applied only %llu",
				  m->from,
				  (unsigned long long)m->snapshot.index,
				  (unsigned long long)from->st.applied_index);
			return;
		}
		data = sim_sm_encode(&from->st, m->snapshot.index,
				     &copy.snapshot.len);
		copy.snapshot.data = data;
	}
	sim_net_send(s, &copy);
	free(data);
}

static void send_all(struct sim *s, const struct raft_msg *msgs, size_t n)
{
	for (size_t k = 0; k < n && !s->failed; k++) {
		const struct raft_msg *m = &msgs[k];

		sim_check_msg(s, m);
		if (m->type == RAFT_MSG_SNAPSHOT && m->snapshot.data == NULL &&
		    s->store_copies && s->nodes[m->to].kind == SIM_DATA)
			sim_copy_send(s, m);
		else if (m->type == RAFT_MSG_SNAPSHOT &&
			 m->snapshot.data == NULL)
			send_snapshot(s, m);
		else
			sim_net_send(s, m);
	}
}

/* Ready step 2: one durable write of snapshot, hard state and entries. */
static void persist(struct sim *s, struct sim_node *n,
		    const struct raft_ready *rd)
{
	bool copied = s->store_copies && n->kind == SIM_DATA;

	if (rd->has_snapshot && copied &&
	    n->st.applied_index < rd->snapshot.index)
		sim_failf(s, "snapshot integrity",
			  "node %u's core installs snapshot %llu but its state "
			  "machine holds only %llu",
			  n->id, (unsigned long long)rd->snapshot.index,
			  (unsigned long long)n->st.applied_index);
	if (rd->has_snapshot) {
		if (!copied)
			sim_check_snapshot(s, n, &rd->snapshot);
		sim_store_install(&n->st, &rd->snapshot, copied);
		if (sim_tracing(s))
			sim_tracef(
			    s, "sim: node %u installs snapshot %llu/%llu",
			    n->id, (unsigned long long)rd->snapshot.index,
			    (unsigned long long)rd->snapshot.term);
	}
	if (rd->has_hard_state) {
		sim_check_hard_state(s, n, &rd->hard_state);
		n->st.hs = rd->hard_state;
	}
	sim_check_persist(s, n, rd->entries, rd->n_entries);
	sim_store_append(&n->st, rd->entries, rd->n_entries);
}

/* An entry a store copy already brought: skipped (graph_apply() does, by
 * applied_index), but it must be what the copy holds there. */
static void skip_applied(struct sim *s, const struct sim_node *n,
			 const struct raft_entry *e)
{
	uint64_t pid = 0;

	if (!s->store_copies)
		sim_failf(s, "apply in order",
			  "node %u applies index %llu after %llu", n->id,
			  (unsigned long long)e->index,
			  (unsigned long long)n->st.applied_index);
	if (n->kind != SIM_DATA || e->type != RAFT_ENTRY_NORMAL ||
	    !sim_payload_parse(e->data, e->len, &pid))
		return;
	if (e->index < n->st.applied_cap && n->st.applied[e->index] != pid)
		sim_failf(s, "State Machine Safety",
			  "node %u's store copy holds proposal %llu at %llu; "
			  "the committed entry is %llu",
			  n->id, (unsigned long long)n->st.applied[e->index],
			  (unsigned long long)e->index,
			  (unsigned long long)pid);
}

/* Ready step 4: the state machine applies committed entries in order. */
static void apply(struct sim *s, struct sim_node *n,
		  const struct raft_ready *rd)
{
	for (size_t k = 0; k < rd->n_committed && !s->failed; k++) {
		const struct raft_entry *e = &rd->committed[k];
		uint64_t pid;

		if (e->index <= n->st.applied_index) {
			skip_applied(s, n, e);
			continue;
		}
		pid = sim_check_apply(s, n, e);

		sim_sm_set(&n->st, e->index, pid);
		n->st.applied_index = e->index;
		if (pid != 0 && pid < s->n_props &&
		    s->props[pid].origin == n->id && !s->props[pid].acked) {
			/* The origin answers its client: acknowledged. */
			s->props[pid].acked = true;
			s->props[pid].index = e->index;
		}
	}
	for (size_t k = 0; k < rd->n_read_states; k++)
		sim_check_read_done(s, n, &rd->read_states[k]);
}

/* One Ready, in raft.h's order. Returns false when the node crashed in the
 * middle of it (the schedule asked for that). */
static bool ready_once(struct sim *s, struct sim_node *n)
{
	struct raft_ready rd;
	int crash_at;

	raft_ready(n->r, &rd);
	/* A crash is only interesting where it loses a write. */
	crash_at = rd.n_entries > 0 || rd.has_hard_state || rd.has_snapshot
		       ? n->crash_in_ready
		       : 0;
	if (rd.soft_state_changed && sim_tracing(s))
		sim_tracef(s, "sim: node %u is %s, leader %u", n->id,
			   raft_role_str(rd.soft_state.role),
			   rd.soft_state.leader);
	send_all(s, rd.msgs, rd.n_msgs);
	if (crash_at == 1) {
		node_crash(s, n, "after sending, before persisting");
		return false;
	}
	persist(s, n, &rd);
	if (crash_at == 2) {
		node_crash(s, n, "after persisting, before acks");
		return false;
	}
	send_all(s, rd.msgs_after_persist, rd.n_msgs_after_persist);
	if (crash_at == 3) {
		node_crash(s, n, "before applying");
		return false;
	}
	apply(s, n, &rd);
	if (crash_at == 4) {
		node_crash(s, n, "after applying, before raft_advance");
		return false;
	}
	raft_advance(n->r);
	return true;
}

/* The runtime loop after any input: drain every Ready, then check. */
static void node_settle(struct sim *s, struct sim_node *n)
{
	for (int guard = 0; n->r != NULL && raft_has_ready(n->r); guard++) {
		if (guard == 64) {
			sim_failf(s, "Ready drains",
				  "node %u still has a Ready after 64 rounds",
				  n->id);
			return;
		}
		if (!ready_once(s, n) || s->failed)
			return;
	}
	sim_check_step(s, n);
	sim_check_forward(s, n);
}

static void node_start(struct sim *s, struct sim_node *n)
{
	struct raft_options o;
	struct raft_boot boot;

	raft_options_default(
	    &o, n->id, s->p.seed * 1000003ULL + n->id * 101ULL + n->restarts++);
	o.election_ticks = SIM_ELECTION_TICKS;
	o.heartbeat_ticks = s->heartbeat_ticks;
	if (s->max_inflight_bytes != 0)
		o.max_inflight_bytes = s->max_inflight_bytes;
	o.arbiter = n->kind == SIM_ARBITER;
	o.max_inflight_msgs = s->max_inflight_msgs;
	o.max_msg_bytes = s->max_msg_bytes;
	if (sim_tracing(s)) {
		o.trace = core_trace;
		o.trace_ctx = n;
	}
	sim_store_boot(&n->st, &boot);
	n->r = raft_new(&o, &boot);
	if (n->r == NULL) {
		sim_failf(s, "restart from durable state",
			  "raft_new refuses node %u's stored state (term "
			  "%llu, snapshot %llu, %zu entries)",
			  n->id, (unsigned long long)n->st.hs.term,
			  (unsigned long long)n->st.snap.index, n->st.n);
		return;
	}
	n->role = RAFT_FOLLOWER;
	n->lead_term = 0;
	if (sim_tracing(s))
		sim_tracef(s,
			   "sim: start node %u (%s) at term %llu, log "
			   "%llu..%llu, applied %llu",
			   n->id, n->kind == SIM_ARBITER ? "arbiter" : "data",
			   (unsigned long long)n->st.hs.term,
			   (unsigned long long)n->st.snap.index,
			   (unsigned long long)sim_store_last(&n->st),
			   (unsigned long long)n->st.applied_index);
	node_settle(s, n);
}

/* What the sender's runtime learns of a lost message: a snapshot stream
 * that fails is always noticed (raft_report_snapshot); a refused
 * connection to a down instance is (raft_report_unreachable). Plain loss
 * is not: the core must recover from it on its own. */
void sim_dropped(struct sim *s, const struct raft_msg *m, bool refused)
{
	struct sim_node *from = &s->nodes[m->from];

	if (from->r == NULL)
		return;
	if (m->type == RAFT_MSG_SNAPSHOT)
		raft_report_snapshot(from->r, m->to, false);
	else if (refused)
		raft_report_unreachable(from->r, m->to);
	else
		return;
	if (sim_tracing(s))
		sim_tracef(s, "sim: node %u's runtime reports %s to %u failed",
			   m->from, raft_msg_type_str(m->type), m->to);
	node_settle(s, from);
}

void sim_deliver(struct sim *s, const struct raft_msg *m)
{
	struct sim_node *n = &s->nodes[m->to];

	if (m->type != RAFT_MSG_SNAPSHOT || !s->store_copies ||
	    n->kind != SIM_DATA || m->snapshot.data != NULL ||
	    sim_copy_offer(s, n, m))
		(void)raft_step(n->r, m);
	node_settle(s, n);
	/* The sender's runtime finished streaming the snapshot. */
	if (m->type == RAFT_MSG_SNAPSHOT && sim_node_up(s, m->from) &&
	    !s->failed) {
		raft_report_snapshot(s->nodes[m->from].r, m->to, true);
		node_settle(s, &s->nodes[m->from]);
	}
}

/* ----------------------------------------------------------- setup */

static raft_id add_founder(struct sim *s, uint8_t member_kind)
{
	struct raft_member *m = &s->founding.members[s->founding.n++];

	m->id = (raft_id)s->founding.n;
	m->kind = member_kind;
	m->auto_promote =
	    member_kind == RAFT_MEMBER_LEARNER && sim_chance(&s->g, 3, 4);
	/* ha.slave_only on some voters beyond the first two. */
	m->slave_only = member_kind == RAFT_MEMBER_VOTER && m->id > 2 &&
			sim_chance(&s->g, 1, 10);
	return m->id;
}

static void set_rates(struct sim *s)
{
	static const unsigned loss[] = {0, 0, 1, 5, 20, 50};
	static const unsigned dup[] = {0, 2, 10};
	static const unsigned delay[] = {0, 5, 20};

	s->net.loss_pct = loss[sim_below(&s->g, 6)];
	s->net.dup_pct = dup[sim_below(&s->g, 3)];
	s->net.delay_pct = delay[sim_below(&s->g, 3)];
	if (sim_tracing(s))
		sim_tracef(s,
			   "net: loss %u%%, duplication %u%%, long delay %u%%",
			   s->net.loss_pct, s->net.dup_pct, s->net.delay_pct);
}

/* How hard this seed shakes the cluster. */
static void pick_rates(struct sim *s)
{
	static const unsigned crash[] = {25, 60, 150, 400};
	static const unsigned part[] = {30, 100, 300};
	static const unsigned admin[] = {50, 150, 400};
	static const unsigned compact[] = {10, 40, 200};

	s->crash_den = crash[sim_below(&s->g, 4)];
	s->partition_den = part[sim_below(&s->g, 3)];
	s->conf_den = admin[sim_below(&s->g, 3)];
	s->transfer_den = admin[sim_below(&s->g, 3)];
	s->compact_den = compact[sim_below(&s->g, 3)];
}

/* Founders: 3, 5 or 7; the first two are data voters, the rest a random
 * mix of data voters, arbiters and learners. */
static void setup(struct sim *s)
{
	static const size_t msg_bytes[] = {64, 256, 4096};
	unsigned n = sim_chance(&s->g, 1, 2)   ? 3
		     : sim_chance(&s->g, 2, 3) ? 5
					       : 7;

	for (unsigned i = 0; i < n; i++) {
		uint64_t r = sim_below(&s->g, 100);
		uint8_t kind = i < 2 || r < 60 ? RAFT_MEMBER_VOTER
			       : r < 85	       ? RAFT_MEMBER_ARBITER
					       : RAFT_MEMBER_LEARNER;
		raft_id id = add_founder(s, kind);
		struct sim_node *nd = &s->nodes[id];

		nd->sim = s;
		nd->id = id;
		nd->kind = kind == RAFT_MEMBER_ARBITER ? SIM_ARBITER : SIM_DATA;
		nd->exists = true;
	}
	s->n_nodes = s->n_founders = n;
	s->max_inflight_msgs = 1 + sim_below(&s->g, 8);
	s->max_msg_bytes = msg_bytes[sim_below(&s->g, 3)];
	s->max_inflight_bytes = sim_chance(&s->g, 1, 3) ? 100 : 0;
	s->heartbeat_ticks = 1 + (unsigned)sim_below(&s->g, 3);
	s->store_copies = s->p.unfenced || sim_chance(&s->g, 1, 2);
	pick_rates(s);
	set_rates(s);
	for (raft_id id = 1; id <= n; id++)
		sim_store_init(&s->nodes[id].st, &s->founding);
	if (sim_tracing(s)) {
		char buf[128];
		size_t off = 0;

		for (uint32_t i = 0; i < s->founding.n; i++) {
			const struct raft_member *m = &s->founding.members[i];

			off += (size_t)snprintf(
			    buf + off, sizeof(buf) - off, " %u:%s%s", m->id,
			    m->kind == RAFT_MEMBER_VOTER     ? "voter"
			    : m->kind == RAFT_MEMBER_ARBITER ? "arbiter"
							     : "learner",
			    m->slave_only ? "(slave_only)" : "");
		}
		sim_tracef(s,
			   "sim: seed %llu, founders%s; inflight %zu, msg "
			   "bytes %zu, heartbeat %u%s; 1 in crash %u "
			   "partition %u conf %u transfer %u compact %u",
			   (unsigned long long)s->p.seed, buf,
			   s->max_inflight_msgs, s->max_msg_bytes,
			   s->heartbeat_ticks,
			   s->store_copies ? ", store copies" : "",
			   s->crash_den, s->partition_den,
			   s->conf_den, s->transfer_den, s->compact_den);
	}
	for (raft_id id = 1; id <= n && !s->failed; id++)
		node_start(s, &s->nodes[id]);
}

/* -------------------------------------------------------- schedule */

static struct sim_node *pick_up(struct sim *s)
{
	raft_id off = (raft_id)sim_below(&s->g, s->n_nodes);

	for (raft_id k = 0; k < s->n_nodes; k++) {
		raft_id id = 1 + (off + k) % s->n_nodes;

		if (s->nodes[id].r != NULL)
			return &s->nodes[id];
	}
	return NULL;
}

/* The live node that believes it leads with the highest term. */
static struct sim_node *pick_leader(struct sim *s)
{
	struct sim_node *best = NULL;

	for (raft_id id = 1; id <= s->n_nodes; id++) {
		struct sim_node *n = &s->nodes[id];

		if (n->r != NULL && n->role == RAFT_LEADER &&
		    (best == NULL || n->term > best->term))
			best = n;
	}
	return best;
}

static unsigned count_down(const struct sim *s)
{
	unsigned k = 0;

	for (raft_id id = 1; id <= s->n_nodes; id++)
		k += s->nodes[id].exists && s->nodes[id].r == NULL;
	return k;
}

/* A client proposal; returns its proposal id, 0 when refused. */
static uint64_t propose(struct sim *s, struct sim_node *n)
{
	uint8_t buf[SIM_PAYLOAD_MAX];
	uint64_t pid = s->n_props ? s->n_props : 1;
	size_t len = sim_payload_make(pid, buf, sizeof(buf));
	raft_index idx = 0;
	enum raft_err err = raft_propose(n->r, buf, len, &idx);

	if (sim_tracing(s))
		sim_tracef(s,
			   "client: propose %llu at node %u: %s (index %llu)",
			   (unsigned long long)pid, n->id, raft_err_str(err),
			   (unsigned long long)idx);
	if (err != RAFT_OK)
		return 0;
	if (pid + 1 > s->props_cap) {
		s->props_cap = s->props_cap ? s->props_cap * 2 : 256;
		s->props = realloc(s->props, s->props_cap * sizeof(*s->props));
		if (s->props == NULL)
			abort();
	}
	s->props[pid] = (struct sim_proposal){n->id, false, idx};
	s->n_props = pid + 1;
	node_settle(s, n);
	return pid;
}

static void add_node(struct sim *s, struct sim_node *l, bool arbiter)
{
	raft_id id = (raft_id)s->n_nodes + 1;
	bool autop = sim_chance(&s->g, 4, 5);
	raft_index idx;
	enum raft_err err;
	struct sim_node *n;

	if (id > SIM_MAX_NODES)
		return;
	err = raft_propose_conf_change(
	    l->r, arbiter ? RAFT_CC_ADD_ARBITER : RAFT_CC_ADD_LEARNER, id,
	    autop, &idx);
	if (sim_tracing(s))
		sim_tracef(s, "admin: add %s %u%s at leader %u: %s",
			   arbiter ? "arbiter" : "learner", id,
			   autop && !arbiter ? " (auto promote)" : "", l->id,
			   raft_err_str(err));
	if (err != RAFT_OK)
		return;
	n = &s->nodes[id];
	n->sim = s;
	n->id = id;
	n->kind = arbiter ? SIM_ARBITER : SIM_DATA;
	n->exists = true;
	/* A joining instance boots like a founder; the log or a snapshot
	 * tells it that it is a member. */
	sim_store_init(&n->st, &s->founding);
	s->n_nodes++;
	node_start(s, n);
}

/* Data voters that could still lead if id were removed. */
static unsigned leaders_left(const struct raft_config *c, raft_id id)
{
	unsigned k = 0;

	for (uint32_t i = 0; i < c->n; i++)
		k += c->members[i].id != id &&
		     c->members[i].kind == RAFT_MEMBER_VOTER &&
		     !c->members[i].slave_only;
	return k;
}

static void change_member(struct sim *s, struct sim_node *l,
			  const struct raft_config *c, enum raft_cc_type t)
{
	const struct raft_member *m = &c->members[sim_below(&s->g, c->n)];
	raft_index idx;
	enum raft_err err;

	if (t == RAFT_CC_REMOVE && leaders_left(c, m->id) < 2)
		return;
	if (t == RAFT_CC_PROMOTE && m->kind != RAFT_MEMBER_LEARNER)
		return;
	err = raft_propose_conf_change(l->r, t, m->id, false, &idx);
	if (sim_tracing(s))
		sim_tracef(s, "admin: %s %u at leader %u: %s",
			   t == RAFT_CC_REMOVE ? "remove" : "promote", m->id,
			   l->id, raft_err_str(err));
}

static void conf_change(struct sim *s, struct sim_node *l)
{
	struct raft_status st;

	raft_status(l->r, &st);
	switch (sim_below(&s->g, 4)) {
	case 0:
		add_node(s, l, false);
		break;
	case 1:
		add_node(s, l, true);
		break;
	case 2:
		change_member(s, l, &st.config, RAFT_CC_REMOVE);
		break;
	default:
		change_member(s, l, &st.config, RAFT_CC_PROMOTE);
		break;
	}
	if (l->r != NULL)
		node_settle(s, l);
}

static void transfer(struct sim *s, struct sim_node *l)
{
	struct raft_status st;
	const struct raft_member *m;
	enum raft_err err;

	raft_status(l->r, &st);
	m = &st.config.members[sim_below(&s->g, st.config.n)];
	if (m->id == l->id || m->kind != RAFT_MEMBER_VOTER)
		return;
	err = raft_transfer_leader(l->r, m->id);
	if (sim_tracing(s))
		sim_tracef(s, "admin: transfer leadership %u -> %u: %s", l->id,
			   m->id, raft_err_str(err));
	node_settle(s, l);
}

/* The runtime captured its state machine at the applied index. */
static void compact(struct sim *s, struct sim_node *n)
{
	raft_index idx = n->st.applied_index;
	uint8_t *data = NULL;
	size_t len = 0;
	struct raft_status st;
	enum raft_err err;

	/* A store copy can put the state machine ahead of the core. */
	raft_status(n->r, &st);
	if (idx > st.applied)
		idx = st.applied;
	if (idx <= n->st.snap.index)
		return;
	/* graphd's core keeps no snapshot data: the runtime streams it. */
	if (n->kind == SIM_DATA && !s->store_copies)
		data = sim_sm_encode(&n->st, idx, &len);
	err = raft_compact(n->r, idx, data, len);
	if (sim_tracing(s))
		sim_tracef(s, "sim: node %u compacts to %llu: %s", n->id,
			   (unsigned long long)idx, raft_err_str(err));
	if (err == RAFT_OK)
		sim_store_compact(&n->st, idx, data, len);
	free(data);
	node_settle(s, n);
}

static void read_index(struct sim *s, struct sim_node *n)
{
	uint64_t ctx = ++s->next_ctx;
	enum raft_err err;

	sim_check_read_start(s, n->id, ctx);
	err = raft_read_index(n->r, ctx);
	if (err != RAFT_OK)
		s->ck.n_reads--;
	if (sim_tracing(s))
		sim_tracef(s, "client: read %llu at node %u: %s",
			   (unsigned long long)ctx, n->id, raft_err_str(err));
	node_settle(s, n);
}

static void crash_some(struct sim *s)
{
	/* Leaders half of the time: their crashes make the interesting
	 * histories (Raft paper, Figure 8). */
	struct sim_node *n = sim_chance(&s->g, 1, 2) ? pick_leader(s) : NULL;

	if (n == NULL)
		n = pick_up(s);

	if (n == NULL)
		return;
	if (count_down(s) >= (s->n_nodes - 1) / 2 && !sim_chance(&s->g, 1, 10))
		return;
	if (sim_chance(&s->g, 1, 2))
		node_crash(s, n, "between steps");
	else
		n->crash_in_ready = 1 + (int)sim_below(&s->g, 4);
}

static void restart_due(struct sim *s)
{
	for (raft_id id = 1; id <= s->n_nodes && !s->failed; id++) {
		struct sim_node *n = &s->nodes[id];

		if (n->exists && n->r == NULL &&
		    (s->healed || n->down_until <= s->tick))
			node_start(s, n);
	}
}

static void faults(struct sim *s)
{
	if (sim_chance(&s->g, 1, s->crash_den))
		crash_some(s);
	if (s->net.heal_at != 0 && s->tick >= s->net.heal_at) {
		sim_net_heal(s);
		if (sim_tracing(s))
			sim_tracef(s, "net: partition healed");
	} else if (s->net.heal_at == 0 &&
		   sim_chance(&s->g, 1, s->partition_den)) {
		sim_net_partition_random(s);
	}
	if (sim_chance(&s->g, 1, 500))
		set_rates(s);
}

static void admin_and_clients(struct sim *s)
{
	struct sim_node *l = pick_leader(s), *n = pick_up(s);

	if (sim_chance(&s->g, 2, 5) && (l || n))
		propose(s, l && sim_chance(&s->g, 4, 5) ? l : n);
	if (s->failed || (n = pick_up(s)) == NULL)
		return;
	if (sim_chance(&s->g, 1, 20))
		read_index(s, n);
	if (sim_chance(&s->g, 1, s->compact_den) && n->r != NULL)
		compact(s, n);
	l = pick_leader(s);
	if (l != NULL && sim_chance(&s->g, 1, s->conf_den))
		conf_change(s, l);
	l = pick_leader(s);
	if (l != NULL && sim_chance(&s->g, 1, s->transfer_den))
		transfer(s, l);
}

/* One raft tick of virtual time: SIM_STEPS_PER_TICK delivery steps, then
 * every live instance ticks, in an order drawn per tick. */
static void run_tick(struct sim *s)
{
	raft_id off;

	for (unsigned k = 0; k < SIM_STEPS_PER_TICK && !s->failed; k++) {
		s->step++;
		sim_net_deliver_due(s);
	}
	s->tick++;
	off = (raft_id)sim_below(&s->g, s->n_nodes);
	for (raft_id k = 0; k < s->n_nodes && !s->failed; k++) {
		struct sim_node *n = &s->nodes[1 + (off + k) % s->n_nodes];

		if (n->r == NULL)
			continue;
		raft_tick(n->r);
		node_settle(s, n);
	}
	if (!s->failed)
		restart_due(s);
	if (!s->failed && s->tick % SIM_LOG_CHECK_TICKS == 0)
		sim_check_logs(s);
}

/* --------------------------------------------------- heal, liveness */

struct sim_live {
	uint64_t pid;	  /* the liveness proposal, 0 none yet */
	uint64_t at_tick; /* when it was proposed */
	bool committed;	  /* applied by every live data voter */
};

static bool applied_pid(const struct sim_node *n, raft_index i, uint64_t pid)
{
	return i > 0 && n->st.applied_index >= i && i < n->st.applied_cap &&
	       n->st.applied[i] == pid;
}

/* A leader exists and the liveness proposal is applied by every data voter
 * of its configuration; re-proposed when it was lost with a leader. */
static bool liveness_step(struct sim *s, struct sim_live *lv)
{
	struct sim_node *l = pick_leader(s);
	struct raft_status st;

	if (l == NULL)
		return false;
	if (lv->pid == 0 || (!s->props[lv->pid].acked &&
			     s->tick - lv->at_tick > 4 * SIM_ELECTION_TICKS)) {
		uint64_t pid = propose(s, l);

		if (pid != 0) {
			lv->pid = pid;
			lv->at_tick = s->tick;
		}
		return false;
	}
	raft_status(l->r, &st);
	for (uint32_t i = 0; i < st.config.n; i++) {
		const struct raft_member *m = &st.config.members[i];

		if (m->kind == RAFT_MEMBER_VOTER &&
		    !applied_pid(&s->nodes[m->id], s->props[lv->pid].index,
				 lv->pid))
			return false;
	}
	return true;
}

/* Every data member of the leader's configuration has applied everything
 * that was acknowledged to a client. */
static bool caught_up(struct sim *s, raft_index upto)
{
	struct sim_node *l = pick_leader(s);
	struct raft_status st;

	if (l == NULL)
		return false;
	raft_status(l->r, &st);
	for (uint32_t i = 0; i < st.config.n; i++) {
		const struct raft_member *m = &st.config.members[i];

		if (m->kind != RAFT_MEMBER_ARBITER &&
		    s->nodes[m->id].st.applied_index < upto)
			return false;
	}
	return true;
}

static raft_index max_acked(const struct sim *s)
{
	raft_index max = 0;

	for (uint64_t pid = 1; pid < s->n_props; pid++)
		if (s->props[pid].acked && s->props[pid].index > max)
			max = s->props[pid].index;
	return max;
}

/* How n sees itself in its own latest configuration: V a data voter that
 * may campaign, S slave_only, A arbiter, L learner, - not a member. */
static char self_kind(const struct raft_status *st)
{
	const struct raft_member *m = raft_config_find(&st->config, st->id);

	if (m == NULL)
		return '-';
	if (m->kind == RAFT_MEMBER_ARBITER)
		return 'A';
	if (m->kind == RAFT_MEMBER_LEARNER)
		return 'L';
	return m->slave_only ? 'S' : 'V';
}

static void describe_cluster(struct sim *s, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (raft_id id = 1; id <= s->n_nodes && off < len; id++) {
		struct sim_node *n = &s->nodes[id];
		struct raft_status st;

		if (n->r == NULL)
			continue;
		raft_status(n->r, &st);
		off += (size_t)snprintf(
		    buf + off, len - off,
		    " [%u%c %s t%llu c%llu a%llu l%llu/%llu]", id,
		    self_kind(&st), raft_role_str(st.role),
		    (unsigned long long)st.term, (unsigned long long)st.commit,
		    (unsigned long long)st.applied,
		    (unsigned long long)st.last_term,
		    (unsigned long long)st.last_index);
	}
}

static bool log_le(const struct raft_status *a, const struct raft_status *b)
{
	return a->last_term < b->last_term ||
	       (a->last_term == b->last_term && a->last_index <= b->last_index);
}

/* Could c win a vote on logs alone: do a majority of the voters of its own
 * configuration hold logs no newer than its (Raft paper, 5.4.1)? */
static bool electable(struct sim *s, const struct raft_status *st, raft_id c)
{
	const struct raft_config *conf = &st[c].config;
	unsigned voters = 0, grant = 0;

	for (uint32_t k = 0; k < conf->n; k++) {
		raft_id v = conf->members[k].id;

		if (conf->members[k].kind == RAFT_MEMBER_LEARNER)
			continue;
		voters++;
		grant += v <= s->n_nodes && s->nodes[v].r != NULL &&
			 log_le(&st[v], &st[c]);
	}
	return 2 * grant > voters;
}

/* Names the stuck case where no data voter that may campaign can win on
 * logs alone: the newer entries sit only with members that may not
 * campaign (removed, slave_only, arbiters). Empty otherwise. */
static void describe_stuck(struct sim *s, char *buf, size_t len)
{
	struct raft_status st[SIM_MAX_NODES + 1];

	buf[0] = '\0';
	for (raft_id id = 1; id <= s->n_nodes; id++)
		if (s->nodes[id].r != NULL)
			raft_status(s->nodes[id].r, &st[id]);
	for (raft_id id = 1; id <= s->n_nodes; id++)
		if (s->nodes[id].r != NULL && self_kind(&st[id]) == 'V' &&
		    electable(s, st, id))
			return;
	snprintf(buf, len,
		 "; no data voter that may campaign has a log a "
		 "majority of its voters would accept");
}

static void heal(struct sim *s)
{
	s->healed = true;
	sim_net_heal(s);
	s->net.loss_pct = s->net.dup_pct = s->net.delay_pct = 0;
	for (raft_id id = 1; id <= s->n_nodes; id++)
		s->nodes[id].crash_in_ready = 0;
	if (sim_tracing(s))
		sim_tracef(s,
			   "sim: heal: every node up, no partition, no loss");
	restart_due(s);
}

static void check_liveness(struct sim *s)
{
	struct sim_live lv = {0, 0, false};
	char buf[600], note[200];
	uint64_t t;

	for (t = 0; t < SIM_LIVENESS_TICKS && !s->failed; t++) {
		run_tick(s);
		if (s->failed)
			return;
		if (!lv.committed)
			lv.committed = liveness_step(s, &lv);
		else if (caught_up(s, max_acked(s)))
			return;
	}
	describe_cluster(s, buf, sizeof(buf));
	describe_stuck(s, note, sizeof(note));
	sim_failf(s, "liveness after healing",
		  "%s within %d ticks of healing;%s%s",
		  lv.committed ? "data members did not catch up"
			       : "no proposal committed on every data voter",
		  SIM_LIVENESS_TICKS, buf, note);
}

/* Every proposal acknowledged at its origin is applied, at its index, by
 * every data member of the final configuration. */
static void check_acked(struct sim *s)
{
	struct sim_node *l = pick_leader(s);
	struct raft_status st;

	if (l == NULL)
		return;
	raft_status(l->r, &st);
	for (uint64_t pid = 1; pid < s->n_props && !s->failed; pid++) {
		const struct sim_proposal *p = &s->props[pid];

		if (!p->acked)
			continue;
		for (uint32_t i = 0; i < st.config.n; i++) {
			const struct raft_member *m = &st.config.members[i];

			if (m->kind == RAFT_MEMBER_ARBITER ||
			    applied_pid(&s->nodes[m->id], p->index, pid))
				continue;
			sim_failf(s, "acknowledged proposals survive",
				  "proposal %llu acknowledged at node %u as "
				  "index %llu is not applied there by node %u",
				  (unsigned long long)pid, p->origin,
				  (unsigned long long)p->index, m->id);
		}
	}
}

/* ------------------------------------------------------------- run */

static void print_ring(const struct sim *s)
{
	size_t start =
	    (s->ring_next + SIM_TRACE_RING - s->ring_n) % SIM_TRACE_RING;

	printf("--- last %zu trace lines ---\n", s->ring_n);
	for (size_t k = 0; k < s->ring_n; k++)
		printf("%s\n", s->ring[(start + k) % SIM_TRACE_RING]);
	printf("--- end of trace ---\n");
}

static void sim_free(struct sim *s)
{
	for (raft_id id = 1; id <= SIM_MAX_NODES; id++) {
		raft_free(s->nodes[id].r);
		sim_store_free(&s->nodes[id].st);
	}
	sim_net_free(&s->net);
	sim_check_free(&s->ck);
	free(s->props);
	free(s->ring);
}

static void run_phases(struct sim *s)
{
	setup(s);
	while (!s->failed && s->tick < s->p.fault_ticks) {
		run_tick(s);
		if (!s->failed)
			faults(s);
		if (!s->failed)
			admin_and_clients(s);
	}
	if (!s->failed)
		heal(s);
	if (!s->failed)
		check_liveness(s);
	if (!s->failed)
		sim_check_logs(s);
	if (!s->failed)
		check_acked(s);
	for (raft_id id = 1; id <= s->n_nodes && !s->failed; id++)
		sim_check_step(s, &s->nodes[id]);
}

bool sim_run(const struct sim_params *p, char *why, size_t len)
{
	struct sim *s = calloc(1, sizeof(*s));
	bool ok;

	if (s == NULL)
		abort();
	s->p = *p;
	s->g.s = p->seed;
	if (p->ring &&
	    (s->ring = calloc(SIM_TRACE_RING, sizeof(*s->ring))) == NULL)
		abort();
	run_phases(s);
	ok = !s->failed;
	snprintf(why, len, "%s", s->fail);
	if (p->verbose)
		printf("seed %llu: %u nodes, %llu ticks, %llu delivered, %llu "
		       "dropped, %llu crashes, %llu elections, %llu "
		       "proposals, %llu applies, %llu store copies installed, "
		       "%llu refused%s\n",
		       (unsigned long long)p->seed, s->n_nodes,
		       (unsigned long long)s->tick,
		       (unsigned long long)s->n_delivered,
		       (unsigned long long)s->n_dropped,
		       (unsigned long long)s->n_crashes,
		       (unsigned long long)s->n_elections,
		       (unsigned long long)(s->n_props ? s->n_props - 1 : 0),
		       (unsigned long long)s->n_commits,
		       (unsigned long long)s->n_copies,
		       (unsigned long long)s->n_copies_refused,
		       ok ? "" : " FAILED");
	if (!ok && p->ring)
		print_ring(s);
	sim_free(s);
	free(s);
	return ok;
}
