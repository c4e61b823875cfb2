/* cluster.c: this instance as a member of an HA cluster.
 *
 * Bootstrap (DESIGN.md 3.5): with `id@host:port` entries every founder
 * knows the founding membership from its configuration and the cluster forms
 * as soon as a majority is up; with plain `host:port` entries an instance
 * waits until every listed instance has answered the handshake, so that all
 * found the same membership. An instance that is not a founder joins: it
 * asks any member, the master adds it as a learner (or an arbiter), and the
 * core promotes a learner once it has caught up. */
#include "node/cluster.h"
#include "node/identity.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "graph/limits.h"
#include "net/raftwire.h"
#include "node/peers.h"
#include "node/ready.h"
#include "node/storecopy.h"
#include "node/writes.h"
#include "util/log.h"

/* A joiner repeats its request this often until it is a member. */
#define CLUSTER_JOIN_EVERY_MS 1000

/* A membership command waiting for its entry to be applied. */
struct pending_admin {
	struct pending_admin *next;
	struct session *conn;
	uint64_t request_id;
	raft_index index;
	raft_term term; /* of the proposed entry */
	/* 1: the entry applied was ours; -1: another entry took its index
	 * (a new master did not have it); 0: not known yet. */
	int outcome;
	uint64_t deadline_ms;
};

int cluster_open(struct node *n)
{
	char err[512];

	if (peers_open(n, err, sizeof(err)) < 0) {
		log_error("%s; graphd stops", err);
		return -1;
	}
	return 0;
}

void cluster_close(struct node *n)
{
	if (n->leader_lost_ev)
		event_free(n->leader_lost_ev);
	n->leader_lost_ev = NULL;
	storecopy_close(n);
	peers_close(n);
	while (n->admins) {
		struct pending_admin *a = n->admins;

		n->admins = a->next;
		free(a);
	}
}

bool cluster_formed(struct node *n)
{
	struct raft_status st;

	if (!n->raft)
		return false;
	raft_status(n->raft, &st);
	return st.config.n > 0;
}

size_t cluster_members(struct node *n, Graphd__PeerAddress *store,
		       Graphd__PeerAddress **ptrs)
{
	struct raft_status st;

	if (!n->raft)
		return 0;
	raft_status(n->raft, &st);
	for (uint32_t i = 0; i < st.config.n; i++) {
		graphd__peer_address__init(&store[i]);
		store[i].server_id = st.config.members[i].id;
		store[i].kind = st.config.members[i].kind == RAFT_MEMBER_ARBITER
				    ? GRAPHD__INSTANCE_KIND__KIND_ARBITER
				    : GRAPHD__INSTANCE_KIND__KIND_DATA;
		ptrs[i] = &store[i];
	}
	return st.config.n;
}

bool cluster_kind_ok(struct node *n, raft_id id, bool arbiter)
{
	struct raft_status st;
	const struct raft_member *m;

	if (!n->raft)
		return true;
	raft_status(n->raft, &st);
	if (!(m = raft_config_find(&st.config, id)))
		return true;
	return (m->kind == RAFT_MEMBER_ARBITER) == arbiter;
}

/* ------------------------------------------------------------ bootstrap */

static void cluster_add_member(struct raft_config *c, raft_id id, bool arbiter)
{
	if (c->n >= RAFT_MAX_MEMBERS || raft_config_find(c, id))
		return;
	c->members[c->n++] = (struct raft_member){
	    .id = id,
	    .kind = arbiter ? RAFT_MEMBER_ARBITER : RAFT_MEMBER_VOTER};
}

static bool cluster_same_members(const struct raft_config *a,
				 const struct raft_config *b)
{
	if (a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct raft_member *m =
		    raft_config_find(b, a->members[i].id);
		if (!m || m->kind != a->members[i].kind)
			return false;
	}
	return true;
}

/* Plain host:port list: every listed instance must have answered. */
static int cluster_bootstrap_plain(struct node *n, struct raft_config *c)
{
	bool any_formed = false;

	c->n = 0;
	cluster_add_member(c, n->cfg.server_id,
			   n->cfg.mode == CONFIG_MODE_ARBITER);
	for (struct peer *p = n->peers; p; p = p->next) {
		if (!p->initial)
			continue;
		if (!p->answered)
			return -1;
		cluster_add_member(c, p->id, p->arbiter);
	}
	/* An instance that already formed the same membership (it heard
	 * everybody first) is no reason to join: found identically. */
	for (struct peer *p = n->peers; p; p = p->next)
		if (p->initial && p->formed &&
		    !cluster_same_members(&p->members, c))
			any_formed = true;
	if (any_formed) {
		c->n = 0;
		return 0;
	}
	return 1;
}

/* id@host:port list: the founding membership is known, but a listed
 * instance may already belong to a formed cluster (a SINGLE instance
 * switched to HA, or the cluster formed without us): then this instance
 * joins it instead of founding a second cluster under the same name. So
 * it founds once every listed instance has answered, or a majority has
 * and a listed one stayed silent for two election timeouts. */
static int cluster_bootstrap_listed(struct node *n, struct raft_config *c)
{
	uint32_t answered = 1;
	bool all = true;

	for (struct peer *p = n->peers; p; p = p->next) {
		if (!p->initial || !raft_config_find(c, p->id))
			continue;
		if (!p->answered) {
			all = false;
			continue;
		}
		answered++;
		if (p->formed && !cluster_same_members(&p->members, c)) {
			log_info("Instance %" PRIu32 " at %s already belongs to "
				 "a formed cluster (%u members): this server "
				 "joins it instead of founding one",
				 p->id, p->cluster_addr, p->members.n);
			c->n = 0;
			return 0;
		}
	}
	if (all)
		return 1;
	if (2 * answered > c->n &&
	    node_now_ms() - n->started_ms >= 2u * n->cfg.election_timeout_ms)
		return 1;
	return -1;
}

int cluster_bootstrap(struct node *n, struct raft_config *c)
{
	bool listed = false;

	memset(c, 0, sizeof(*c));
	if (n->cfg.mode == CONFIG_MODE_SINGLE) {
		cluster_add_member(c, n->cfg.server_id, false);
		return 1;
	}
	/* It belonged to a cluster (a joiner that stopped before its first
	 * entries were stored): it never founds another. */
	if (n->ident.has_id)
		return 0;
	if (n->cfg.n_initial_hosts == 0 || n->cfg.initial_hosts[0].id == 0)
		return cluster_bootstrap_plain(n, c);
	for (size_t i = 0; i < n->cfg.n_initial_hosts; i++) {
		const struct config_peer *h = &n->cfg.initial_hosts[i];

		cluster_add_member(c, h->id, h->arbiter);
		listed |= h->id == n->cfg.server_id;
	}
	if (!listed) {
		c->n = 0;
		return 0;
	}
	return cluster_bootstrap_listed(n, c);
}

/* ------------------------------------------------------------- joining */

static bool cluster_is_member(struct node *n)
{
	struct raft_status st;

	raft_status(n->raft, &st);
	return raft_config_find(&st.config, n->cfg.server_id) != NULL;
}

static void cluster_ask_to_join(struct node *n)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__JoinRequest j = GRAPHD__JOIN_REQUEST__INIT;
	Graphd__PeerAddress self;
	uint64_t now = node_now_ms();

	if (now < n->next_join_ms)
		return;
	n->next_join_ms = now + CLUSTER_JOIN_EVERY_MS;
	if (!n->join_logged)
		log_info("Instance %" PRIu32 " (this server) is not a member "
			 "yet; asking the cluster to add it",
			 n->cfg.server_id);
	n->join_logged = true;
	peers_self(n, &self);
	j.joiner = &self;
	f.body_case = GRAPHD__PEER_FRAME__BODY_JOIN;
	f.join = &j;
	for (struct peer *p = n->peers; p; p = p->next)
		if (p->out_ready)
			peers_send(n, p->id, &f);
}

/* The master adds a joiner: data instances as learners that the core
 * promotes once caught up, arbiters as voters at once. */
static void cluster_join(struct node *n, const Graphd__JoinRequest *j)
{
	const Graphd__PeerAddress *a = j->joiner;
	bool arbiter;
	raft_index index;
	enum raft_err rc;

	if (!a || a->server_id == 0 || !n->raft)
		return;
	arbiter = a->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER;
	peers_learn(n, a->server_id, arbiter, a->cluster_address,
		    a->client_address);
	if (!node_is_leader(n)) {
		Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;

		f.body_case = GRAPHD__PEER_FRAME__BODY_JOIN;
		f.join = (Graphd__JoinRequest *)j;
		if (n->ss.leader && n->ss.leader != a->server_id)
			peers_send(n, n->ss.leader, &f);
		return;
	}
	if (!cluster_kind_ok(n, a->server_id, arbiter) ||
	    cluster_formed(n) == false)
		return;
	{
		struct raft_status st;

		raft_status(n->raft, &st);
		if (raft_config_find(&st.config, a->server_id))
			return; /* already a member: its log brings it up */
	}
	rc = raft_propose_conf_change(
	    n->raft, arbiter ? RAFT_CC_ADD_ARBITER : RAFT_CC_ADD_LEARNER,
	    a->server_id, true, &index);
	if (rc == RAFT_OK) {
		log_info("Instance %" PRIu32 " at %s asked to join: adding it "
			 "as %s (membership change at transaction %" PRIu64 ")",
			 a->server_id, a->cluster_address,
			 arbiter ? "an arbiter" : "a learner", (uint64_t)index);
		ready_schedule(n);
	} else if (rc != RAFT_ERR_CONF_PENDING && rc != RAFT_ERR_NOT_READY) {
		log_warn("cannot add instance %" PRIu32 " to the cluster: %s",
			 a->server_id, raft_err_str(rc));
	}
}

/* ----------------------------------------------------------- messages */

/* A message that cannot be sent is lost, as Raft allows: the core
 * repeats what matters (heartbeats, appends, votes). */
void cluster_send_one(struct node *n, const struct raft_msg *m)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	struct raftwire_out out;

	if (raftwire_encode(m, &out) < 0)
		return;
	f.body_case = GRAPHD__PEER_FRAME__BODY_RAFT;
	f.raft = &out.msg;
	if (peers_send(n, m->to, &f) < 0)
		log_debug("%s to instance %" PRIu32 " dropped: not connected",
			  raft_msg_type_str(m->type), m->to);
	raftwire_out_free(&out);
}

void cluster_send(struct node *n, const struct raft_msg *msgs, size_t nm)
{
	for (size_t i = 0; i < nm; i++) {
		const struct raft_msg *m = &msgs[i];
		struct peer *p = peers_find(n, m->to);

		if (m->type == RAFT_MSG_SNAPSHOT && p && !p->arbiter)
			storecopy_send(n, m);
		else
			cluster_send_one(n, m);
	}
	peers_flush(n);
}

static void cluster_recv_raft(struct node *n, raft_id from,
			      const Graphd__RaftMessage *rm,
			      const ProtobufCBinaryData *sender_id)
{
	struct raft_msg m;
	char err[256];

	if (!n->raft)
		return; /* bootstrap undecided: the sender repeats */
	if (raftwire_decode(rm, &m, err, sizeof(err)) < 0) {
		log_warn("dropping a consensus message from instance %" PRIu32
			 ": %s",
			 from, err);
		return;
	}
	if (m.type == RAFT_MSG_REMOVED &&
	    (!n->ident.has_id || sender_id->len != STORE_RAFTLOG_ID_LEN)) {
		/* Only a member of this very cluster may say so: an instance
		 * without an identity cannot tell (a new founder hearing from
		 * a formed SINGLE instance must not believe it). */
		log_debug("ignoring a removal notice from instance %" PRIu32
			  ": no cluster identity on %s",
			  from, n->ident.has_id ? "its side" : "this side");
	} else if (m.from != from || m.to != n->cfg.server_id) {
		log_warn("dropping a consensus message on instance %" PRIu32
			 "'s connection that claims to be from %" PRIu32
			 " to %" PRIu32,
			 from, m.from, m.to);
	} else if (m.type == RAFT_MSG_SNAPSHOT &&
		   n->cfg.mode != CONFIG_MODE_ARBITER &&
		   !storecopy_ready_for(n, &m)) {
		/* no store copy to go with it: refused below */
	} else {
		raft_step(n->raft, &m);
		ready_schedule(n);
	}
	raftwire_decoded_free(&m);
}

/* The master proposes a slave's write; the answer says where it went. */
static void cluster_recv_forward(struct node *n, raft_id from,
				 const Graphd__ForwardWrite *fw)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__ForwardResult r = GRAPHD__FORWARD_RESULT__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	raft_index index = 0;
	enum raft_err rc = RAFT_ERR_NOT_LEADER;
	char msg[768];
	struct graph_limits lim = {n->cfg.max_value_size, n->cfg.txn_max};
	bool too_big = graph_entry_check_packed(fw->entry.data, fw->entry.len,
						&lim, msg, sizeof(msg)) < 0;

	if (too_big)
		rc = RAFT_ERR_TOO_LARGE; /* a slave with larger bounds */
	else if (n->raft && !n->failed && !n->stopping)
		rc = raft_propose(n->raft, fw->entry.data, fw->entry.len,
				  &index);
	metrics_proposal(n, rc, index);
	r.token = fw->token;
	if (too_big) {
		e.code = GRAPHD__ERROR_CODE__BAD_REQUEST;
		e.message = msg;
		r.error = &e;
	} else if (rc == RAFT_OK) {
		r.index = index;
		ready_schedule(n);
	} else {
		snprintf(msg, sizeof(msg),
			 "instance %" PRIu32 " cannot take the write: %s",
			 n->cfg.server_id,
			 n->failed ? n->fail_reason : raft_err_str(rc));
		e.code = rc == RAFT_ERR_TOO_LARGE
			     ? GRAPHD__ERROR_CODE__BAD_REQUEST
			     : GRAPHD__ERROR_CODE__NOT_MASTER;
		e.retryable = rc != RAFT_ERR_TOO_LARGE;
		e.message = msg;
		r.error = &e;
	}
	f.body_case = GRAPHD__PEER_FRAME__BODY_FORWARD_RESULT;
	f.forward_result = &r;
	peers_send(n, from, &f);
}

/* Every frame names the sender's cluster: one of another cluster is
 * dropped (and the sender refused from now on); an instance without an
 * identity yet takes that of the master whose entries it accepts. */
static bool cluster_frame_identity(struct node *n, raft_id from,
				   const Graphd__PeerFrame *f)
{
	struct peer *p;

	if (!identity_compatible(n, f->cluster_id.data, f->cluster_id.len)) {
		p = peers_find(n, from);
		peers_refuse_foreign(n, from, p ? p->cluster_addr : "?",
				     f->cluster_id.data);
		return false;
	}
	if (!n->ident.has_id && f->cluster_id.len == STORE_RAFTLOG_ID_LEN &&
	    f->body_case == GRAPHD__PEER_FRAME__BODY_RAFT && f->raft &&
	    (f->raft->type == RAFT_MSG_APPEND ||
	     f->raft->type == RAFT_MSG_SNAPSHOT) &&
	    f->raft->term >= n->hs.term)
		identity_adopt(n, f->cluster_id.data,
			       "taken from the master it joined");
	return true;
}

void cluster_recv(struct node *n, raft_id from, const Graphd__PeerFrame *f)
{
	if (!cluster_frame_identity(n, from, f))
		return;
	switch (f->body_case) {
	case GRAPHD__PEER_FRAME__BODY_RAFT:
		cluster_recv_raft(n, from, f->raft, &f->cluster_id);
		break;
	case GRAPHD__PEER_FRAME__BODY_FORWARD:
		cluster_recv_forward(n, from, f->forward);
		break;
	case GRAPHD__PEER_FRAME__BODY_FORWARD_RESULT:
		writes_forward_result(n, f->forward_result);
		break;
	case GRAPHD__PEER_FRAME__BODY_JOIN:
		cluster_join(n, f->join);
		break;
	case GRAPHD__PEER_FRAME__BODY_STORE_COPY:
		storecopy_recv(n, from, f->store_copy);
		break;
	default:
		log_warn("ignoring an unexpected frame from instance %" PRIu32,
			 from);
		break;
	}
}

int cluster_forward(struct node *n, uint64_t token, const uint8_t *entry,
		    size_t len)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__ForwardWrite fw = GRAPHD__FORWARD_WRITE__INIT;

	if (n->ss.leader == 0 || n->ss.leader == n->cfg.server_id)
		return -1;
	fw.token = token;
	fw.entry.data = (uint8_t *)entry;
	fw.entry.len = len;
	f.body_case = GRAPHD__PEER_FRAME__BODY_FORWARD;
	f.forward = &fw;
	return peers_send(n, n->ss.leader, &f);
}

void cluster_peer_up(struct node *n, raft_id id)
{
	(void)id;
	/* Queued writes may now reach the master. */
	writes_forward_queued(n);
}

static void cluster_leader_lost_cb(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;

	(void)fd;
	(void)what;
	if (n->raft && n->lost_leader && n->ss.leader == n->lost_leader &&
	    !peers_reachable(n, n->lost_leader)) {
		log_info("Lost the connection to master instance %" PRIu32
			 "; starting an election",
			 n->lost_leader);
		raft_report_unreachable(n->raft, n->lost_leader);
		ready_schedule(n);
	}
	n->lost_leader = 0;
}

/* The master's connection closing usually means its process died: the
 * followers start an election now rather than after the election timeout,
 * each after a random fraction of a heartbeat so that they rarely split
 * the vote. */
static void cluster_leader_lost(struct node *n, raft_id id)
{
	struct timeval tv = {0, 0};
	uint32_t r;

	if (!n->leader_lost_ev && !(n->leader_lost_ev = evtimer_new(
					n->base, cluster_leader_lost_cb, n)))
		return;
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)node_now_ms() * 2654435761u;
	/* Members that never campaign (arbiters, learners, ha.slave_only)
	 * drop the old master's lease at once, so that the first
	 * campaigner's pre-vote finds them ready to vote. */
	if (n->ss.role == RAFT_FOLLOWER && !n->cfg.slave_only)
		tv.tv_usec =
		    (suseconds_t)(r % (n->cfg.heartbeat_interval_ms * 1000u));
	n->lost_leader = id;
	evtimer_add(n->leader_lost_ev, &tv);
}

void cluster_peer_lost(struct node *n, raft_id id)
{
	if (n->raft && id == n->ss.leader && !node_is_leader(n))
		cluster_leader_lost(n, id);
	else if (n->raft)
		raft_report_unreachable(n->raft, id);
	storecopy_peer_lost(n, id);
}

/* ------------------------------------------------------------- ticking */

static void cluster_try_boot(struct node *n)
{
	if (node_boot_raft(n) < 0) {
		node_fail(n, "cannot start the consensus core after the "
			     "cluster's bootstrap; see the lines above");
		return;
	}
	if (n->raft)
		ready_schedule(n);
}

void cluster_tick(struct node *n)
{
	peers_tick(n);
	if (!n->raft && !n->failed) {
		cluster_try_boot(n);
		return;
	}
	if (n->raft && !cluster_is_member(n) && !n->removed)
		cluster_ask_to_join(n);
	writes_forward_queued(n);
	storecopy_tick(n);
}

/* ------------------------------------------------- membership changes */

static const char *cluster_kind_str(uint8_t kind)
{
	switch (kind) {
	case RAFT_MEMBER_ARBITER:
		return "an arbiter";
	case RAFT_MEMBER_LEARNER:
		return "a learner";
	default:
		return "a voting data instance";
	}
}

static void cluster_log_changes(struct node *n, const struct raft_config *old,
				const struct raft_config *now)
{
	for (uint32_t i = 0; i < now->n; i++) {
		const struct raft_member *m = &now->members[i];
		const struct raft_member *o = raft_config_find(old, m->id);

		if (!o && old->n > 0)
			log_info("Instance %" PRIu32 "%s was added to the "
				 "cluster as %s",
				 m->id,
				 m->id == n->cfg.server_id ? " (this server)"
							   : "",
				 cluster_kind_str(m->kind));
		else if (o && o->kind != m->kind)
			log_info("Instance %" PRIu32 "%s is now %s", m->id,
				 m->id == n->cfg.server_id ? " (this server)"
							   : "",
				 cluster_kind_str(m->kind));
	}
	for (uint32_t i = 0; i < old->n; i++) {
		raft_id id = old->members[i].id;

		if (raft_config_find(now, id))
			continue;
		if (id == n->cfg.server_id) {
			/* Logged and kept once committed: identity.c. */
			log_info("Instance %" PRIu32 " (this server) is not in "
				 "the newest membership (not committed yet)",
				 id);
		} else {
			log_info("Instance %" PRIu32 " was removed from the "
				 "cluster",
				 id);
			peers_forget(n, id);
		}
	}
}

void cluster_entry_applied(struct node *n, raft_index index, raft_term term)
{
	for (struct pending_admin *a = n->admins; a; a = a->next)
		if (a->index == index)
			a->outcome = a->term == term ? 1 : -1;
}

static void cluster_answer_admins(struct node *n)
{
	struct pending_admin **pp = &n->admins, *a;
	uint64_t now = node_now_ms();

	while ((a = *pp)) {
		if (a->index > n->applied && now < a->deadline_ms) {
			pp = &a->next;
			continue;
		}
		if (a->index <= n->applied && a->outcome <= 0) {
			/* Raft keeps an entry of an old term only if it was
			 * committed: ours was not, so nothing changed. (0: the
			 * index came with a store copy; no entry was seen.) */
			session_send_error(
			    a->conn, a->request_id,
			    a->outcome < 0 ? GRAPHD__ERROR_CODE__NO_MASTER
					   : GRAPHD__ERROR_CODE__TIMEOUT,
			    true,
			    a->outcome < 0
				? "the membership change at transaction "
				  "%" PRIu64 " was lost to a change of master "
				  "before it committed: the membership is "
				  "unchanged; send it again"
				: "the membership change at transaction "
				  "%" PRIu64 " cannot be confirmed here (this "
				  "instance installed a store copy); check "
				  "graphctl status",
			    (uint64_t)a->index);
		} else if (a->index <= n->applied) {
			Graphd__Response r = GRAPHD__RESPONSE__INIT;
			Graphd__WriteResult w = GRAPHD__WRITE_RESULT__INIT;

			w.txn_id = a->index;
			r.request_id = a->request_id;
			r.body_case = GRAPHD__RESPONSE__BODY_WRITE;
			r.write = &w;
			session_send(a->conn, &r);
		} else {
			session_send_error(a->conn, a->request_id,
					   GRAPHD__ERROR_CODE__TIMEOUT, true,
					   "membership change at transaction "
					   "%" PRIu64 " not applied within "
					   "ha.write_timeout; check graphctl "
					   "status",
					   (uint64_t)a->index);
		}
		*pp = a->next;
		free(a);
	}
}

void cluster_observe(struct node *n)
{
	struct raft_status st;

	if (!n->raft)
		return;
	raft_status(n->raft, &st);
	if (memcmp(&st.config, &n->last_config, sizeof(st.config)) != 0) {
		cluster_log_changes(n, &n->last_config, &st.config);
		n->last_config = st.config;
	}
	identity_observe_removal(n);
	if (n->admins)
		cluster_answer_admins(n);
	/* The shutdown itself runs from the loop, not from inside the Ready
	 * loop that called us (node.c, node_handoff_cb). */
	if (n->handoff_to && n->handoff_ev && cluster_handoff_done(n))
		event_active(n->handoff_ev, EV_TIMEOUT, 0);
}

/* -------------------------------------------------- graceful shutdown */

/* A data voter that may lead (not ha.slave_only), that the master heard
 * from within an election timeout, whose connection is up and that the
 * master streams entries to (REPLICATE: not probing, no store copy). The
 * highest match index needs the fewest entries before TIMEOUT_NOW (Raft
 * thesis 3.10: the leader first brings the target's log up to date). */
raft_id cluster_handoff_start(struct node *n)
{
	struct raft_status st;
	raft_id best = 0;
	raft_index best_match = 0;

	raft_status(n->raft, &st);
	for (uint32_t i = 0; i < st.n_progress; i++) {
		const struct raft_member_status *p = &st.progress[i];

		if (p->member.id == n->cfg.server_id ||
		    p->member.kind != RAFT_MEMBER_VOTER ||
		    p->member.slave_only || !p->recent_active ||
		    p->state != RAFT_PROGRESS_REPLICATE ||
		    !peers_reachable(n, p->member.id))
			continue;
		if (!best || p->match > best_match) {
			best = p->member.id;
			best_match = p->match;
		}
	}
	if (best && raft_transfer_leader(n->raft, best) != RAFT_OK)
		best = 0;
	return best;
}

bool cluster_handoff_done(struct node *n)
{
	return !node_is_leader(n) && n->ss.leader != 0 &&
	       n->ss.leader != n->cfg.server_id;
}

void cluster_drop_session(struct node *n, struct session *s)
{
	struct pending_admin **pp = &n->admins, *a;

	while ((a = *pp)) {
		if (a->conn == s) {
			*pp = a->next;
			free(a);
		} else {
			pp = &a->next;
		}
	}
}

const char *cluster_master_address(struct node *n)
{
	struct peer *p;

	if (node_is_leader(n))
		return peers_self_client(n);
	p = peers_find(n, n->ss.leader);
	return p ? p->client_addr : "";
}

static enum raft_err cluster_admin_propose(struct node *n,
					   const Graphd__MemberChange *mc,
					   raft_index *index)
{
	switch (mc->op) {
	case GRAPHD__MEMBER_CHANGE__OP__ADD:
	case GRAPHD__MEMBER_CHANGE__OP__ADD_ARBITER: {
		bool arb = mc->op == GRAPHD__MEMBER_CHANGE__OP__ADD_ARBITER;

		if (mc->cluster_address && mc->cluster_address[0])
			peers_learn(n, mc->server_id, arb, mc->cluster_address,
				    NULL);
		return raft_propose_conf_change(
		    n->raft, arb ? RAFT_CC_ADD_ARBITER : RAFT_CC_ADD_LEARNER,
		    mc->server_id, true, index);
	}
	case GRAPHD__MEMBER_CHANGE__OP__REMOVE:
		return raft_propose_conf_change(n->raft, RAFT_CC_REMOVE,
						mc->server_id, false, index);
	case GRAPHD__MEMBER_CHANGE__OP__TRANSFER:
		*index = 0;
		return raft_transfer_leader(n->raft, mc->server_id);
	default:
		return RAFT_ERR_INVALID;
	}
}

void cluster_member_change(struct node *n, struct session *s,
			   const Graphd__Request *req)
{
	const Graphd__MemberChange *mc = req->member_change;
	const struct raft_entry *e;
	struct pending_admin *a;
	raft_index index = 0;
	enum raft_err rc;

	if (!n->raft || !node_is_leader(n)) {
		session_send_error_master(s, req->request_id);
		return;
	}
	if (mc->server_id == 0 || mc->server_id > 65535) {
		session_send_error(
		    s, req->request_id, GRAPHD__ERROR_CODE__BAD_REQUEST, false,
		    "server id %" PRIu32 " is not 1..65535", mc->server_id);
		return;
	}
	rc = cluster_admin_propose(n, mc, &index);
	if (rc != RAFT_OK) {
		bool retry = rc == RAFT_ERR_CONF_PENDING ||
			     rc == RAFT_ERR_NOT_READY ||
			     rc == RAFT_ERR_TRANSFERRING;

		session_send_error(s, req->request_id,
				   retry ? GRAPHD__ERROR_CODE__UNAVAILABLE
					 : GRAPHD__ERROR_CODE__BAD_REQUEST,
				   retry, "instance %" PRIu32 ": %s",
				   mc->server_id, raft_err_str(rc));
		return;
	}
	ready_schedule(n);
	log_info("Membership command from client %s: %s instance %" PRIu32,
		 session_peer(s),
		 mc->op == GRAPHD__MEMBER_CHANGE__OP__REMOVE	 ? "remove"
		 : mc->op == GRAPHD__MEMBER_CHANGE__OP__TRANSFER ? "transfer "
								   "the master "
								   "role to"
								 : "add",
		 mc->server_id);
	if (index == 0 || !(a = calloc(1, sizeof(*a)))) {
		Graphd__Response r = GRAPHD__RESPONSE__INIT;
		Graphd__WriteResult w = GRAPHD__WRITE_RESULT__INIT;

		r.request_id = req->request_id;
		r.body_case = GRAPHD__RESPONSE__BODY_WRITE;
		r.write = &w;
		w.txn_id = index;
		session_send(s, &r);
		return;
	}
	a->conn = s;
	a->request_id = req->request_id;
	a->index = index;
	e = raft_log_entry(n->raft, index);
	a->term = e ? e->term : 0;
	a->deadline_ms = node_now_ms() + n->cfg.write_timeout_ms;
	a->next = n->admins;
	n->admins = a;
}

/* ---------------------------------------------------------------- status */

static const char *cluster_member_role(struct node *n,
				       const struct raft_member *m)
{
	if (m->id == n->ss.leader)
		return "master";
	if (m->id == n->cfg.server_id)
		return node_role_str(n);
	switch (m->kind) {
	case RAFT_MEMBER_ARBITER:
		return "arbiter";
	case RAFT_MEMBER_LEARNER:
		return "learner";
	default:
		return "slave";
	}
}

/* Refused instances of another cluster; Member.address carries their
 * cluster's id (role "other cluster"). */
static void cluster_status_foreign(struct node *n, Graphd__Status *st)
{
	struct node_members *nm = &n->members;

	st->n_foreign = 0;
	for (struct peer *p = n->peers; p && st->n_foreign < RAFT_MAX_MEMBERS;
	     p = p->next) {
		Graphd__Member *g = &nm->foreign[st->n_foreign];

		if (!p->foreign)
			continue;
		graphd__member__init(g);
		g->server_id = p->id;
		g->role = "other cluster";
		g->cluster_address = p->cluster_addr;
		g->address =
		    (char *)identity_hex(p->foreign_id, sizeof(p->foreign_id),
					 nm->foreign_hex[st->n_foreign]);
		nm->foreign_ptrs[st->n_foreign++] = g;
	}
	st->foreign = nm->foreign_ptrs;
}

void cluster_status_members(struct node *n, Graphd__Status *st)
{
	struct raft_status rs;
	struct node_members *nm = &n->members;

	st->n_members = 0;
	cluster_status_foreign(n, st);
	if (!n->raft)
		return;
	raft_status(n->raft, &rs);
	for (uint32_t i = 0; i < rs.config.n && i < RAFT_MAX_MEMBERS; i++) {
		const struct raft_member *m = &rs.config.members[i];
		Graphd__Member *g = &nm->store[i];
		struct peer *p = peers_find(n, m->id);
		bool self = m->id == n->cfg.server_id;

		graphd__member__init(g);
		g->server_id = m->id;
		g->role = (char *)cluster_member_role(n, m);
		g->address = self ? (char *)peers_self_client(n)
			     : p  ? p->client_addr
				  : "";
		g->cluster_address = self ? (char *)peers_self_cluster(n)
				     : p  ? p->cluster_addr
					  : "";
		g->reachable = self || peers_reachable(n, m->id);
		for (uint32_t j = 0; j < rs.n_progress; j++)
			if (rs.progress[j].member.id == m->id) {
				g->reachable =
				    self || (g->reachable &&
					     rs.progress[j].recent_active);
				g->match_index = rs.progress[j].match;
				g->lag = rs.last_index > g->match_index
					     ? rs.last_index - g->match_index
					     : 0;
			}
		nm->ptrs[i] = g;
		st->n_members++;
	}
	st->members = nm->ptrs;
}
