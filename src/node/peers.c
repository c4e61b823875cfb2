/* peers.c: the other instances: address book, connections, handshake.
 *
 * Every instance dials every other one and sends only on the connection it
 * dialled; it receives on the connections it accepted. A pair of instances
 * thus has two one-way TCP connections, and no race decides which of two
 * crossing connections survives. The first frame on a connection is the
 * dialler's hello (protocol version, cluster name, server id, kind, address
 * book); the answer is a welcome or a refusal, logged on both sides. */
#include "node/peers.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/listen.h"
#include "node/cluster.h"
#include "node/identity.h"
#include "util/log.h"

#define PEERS_BACKOFF_MIN_MS 50
#define PEERS_BACKOFF_MAX_MS 1000
#define PEERS_FILE	     "cluster.peers"
/* A refused instance of another cluster is logged at most this often. */
#define PEERS_FOREIGN_LOG_MS 60000

/* An accepted connection: frames from the instance that dialled it. */
struct inbound {
	struct node *node;
	struct inbound *next;
	struct net_conn *c;
	raft_id id; /* 0 until its hello is accepted */
	/* ha.cluster_secret: the hello, kept until the dialler's proof of
	 * the challenge in hs arrives (its id is only a claim until then). */
	Graphd__PeerFrame *hello;
	struct auth_peer_hs hs;
	uint64_t accepted_ms;
};

void peers_self(struct node *n, Graphd__PeerAddress *a)
{
	static char cluster[PEERS_ADDR_MAX], client[PEERS_ADDR_MAX];

	graphd__peer_address__init(a);
	net_format_addr(cluster, sizeof(cluster), n->cfg.cluster_server.host,
			n->cfg.cluster_server.port);
	net_format_addr(client, sizeof(client), n->cfg.server.host, n->port);
	a->server_id = n->cfg.server_id;
	a->kind = n->cfg.mode == CONFIG_MODE_ARBITER
		      ? GRAPHD__INSTANCE_KIND__KIND_ARBITER
		      : GRAPHD__INSTANCE_KIND__KIND_DATA;
	a->cluster_address = cluster;
	a->client_address = n->cfg.mode == CONFIG_MODE_ARBITER ? "" : client;
}

const char *peers_self_client(struct node *n)
{
	Graphd__PeerAddress a;

	peers_self(n, &a);
	return a.client_address;
}

const char *peers_self_cluster(struct node *n)
{
	Graphd__PeerAddress a;

	peers_self(n, &a);
	return a.cluster_address;
}

struct peer *peers_find(struct node *n, raft_id id)
{
	for (struct peer *p = n->peers; p && id; p = p->next)
		if (p->id == id)
			return p;
	return NULL;
}

static struct peer *peers_find_addr(struct node *n, const char *addr)
{
	for (struct peer *p = n->peers; p; p = p->next)
		if (strcmp(p->cluster_addr, addr) == 0)
			return p;
	return NULL;
}

static bool peers_is_self_addr(struct node *n, const char *addr)
{
	char self[PEERS_ADDR_MAX];

	net_format_addr(self, sizeof(self), n->cfg.cluster_server.host,
			n->cfg.cluster_server.port);
	return strcmp(self, addr) == 0;
}

/* DATA_DIR/cluster.peers: "id kind cluster_addr client_addr" per line, so a
 * restarted instance can reach members that joined after it was
 * configured. Written whole (rename). */
static void peers_save(struct node *n)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", n->cfg.data_dir, PEERS_FILE);
	snprintf(tmp, sizeof(tmp), "%s/%s.tmp", n->cfg.data_dir, PEERS_FILE);
	if (!(f = fopen(tmp, "w"))) {
		log_warn("cannot write %s: %s; members that joined later are "
			 "found again through the others after a restart",
			 tmp, strerror(errno));
		return;
	}
	for (struct peer *p = n->peers; p; p = p->next)
		if (p->id)
			fprintf(f, "%" PRIu32 " %s %s %s\n", p->id,
				p->arbiter ? "arbiter" : "data",
				p->cluster_addr,
				p->client_addr[0] ? p->client_addr : "-");
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 ||
	    rename(tmp, path) < 0)
		log_warn("cannot write %s: %s", path, strerror(errno));
}

static struct peer *peers_add(struct node *n, raft_id id,
			      const char *cluster_addr)
{
	struct peer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->node = n;
	p->id = id;
	snprintf(p->cluster_addr, sizeof(p->cluster_addr), "%s", cluster_addr);
	p->next = n->peers;
	n->peers = p;
	return p;
}

void peers_learn(struct node *n, raft_id id, bool arbiter,
		 const char *cluster_addr, const char *client_addr)
{
	struct peer *p;
	bool changed = false;

	if (id == 0 || id == n->cfg.server_id || !cluster_addr ||
	    !cluster_addr[0])
		return;
	if (!(p = peers_find(n, id))) {
		/* A plain initial_hosts entry at that address gets its id. */
		p = peers_find_addr(n, cluster_addr);
		if (p && p->id != 0)
			p = NULL;
		if (!p && !(p = peers_add(n, id, cluster_addr)))
			return;
		p->id = id;
		changed = true;
	}
	if (strcmp(p->cluster_addr, cluster_addr) != 0) {
		log_info("Instance %" PRIu32 " moved from %s to %s", id,
			 p->cluster_addr, cluster_addr);
		snprintf(p->cluster_addr, sizeof(p->cluster_addr), "%s",
			 cluster_addr);
		net_conn_close(p->out);
		p->out = NULL;
		p->out_ready = false;
		p->next_dial_ms = 0;
		changed = true;
	}
	if (client_addr && client_addr[0] &&
	    strcmp(p->client_addr, client_addr) != 0) {
		snprintf(p->client_addr, sizeof(p->client_addr), "%s",
			 client_addr);
		changed = true;
	}
	if (!p->kind_known || p->arbiter != arbiter)
		changed = true;
	p->arbiter = arbiter;
	p->kind_known = true;
	if (changed)
		peers_save(n);
}

void peers_forget(struct node *n, raft_id id)
{
	struct peer **pp = &n->peers, *p;

	while ((p = *pp) && p->id != id)
		pp = &p->next;
	if (!p || p->initial)
		return;
	*pp = p->next;
	net_conn_close(p->out);
	free(p);
	peers_save(n);
}

static void peers_load(struct node *n)
{
	char path[PATH_MAX + 32], line[2 * PEERS_ADDR_MAX + 64];
	char kind[16], caddr[PEERS_ADDR_MAX], laddr[PEERS_ADDR_MAX];
	unsigned id;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", n->cfg.data_dir, PEERS_FILE);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %15s %279s %279s", &id, kind, caddr,
			   laddr) == 4 &&
		    id > 0 && id <= 65535)
			peers_learn(n, id, strcmp(kind, "arbiter") == 0, caddr,
				    strcmp(laddr, "-") ? laddr : NULL);
	fclose(f);
}

/* ------------------------------------------------------------ gossip */

static void peers_merge(struct node *n, Graphd__PeerAddress **v, size_t k)
{
	for (size_t i = 0; i < k; i++)
		peers_learn(n, v[i]->server_id,
			    v[i]->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER,
			    v[i]->cluster_address, v[i]->client_address);
}

/* The address book as PeerAddress pointers (self included); strings point
 * into the book. Returns the count; *out freed by the caller. */
static size_t peers_book(struct node *n, Graphd__PeerAddress **store,
			 Graphd__PeerAddress ***out)
{
	size_t k = 1, i = 0;

	for (struct peer *p = n->peers; p; p = p->next)
		k += p->id != 0;
	*store = calloc(k, sizeof(**store));
	*out = calloc(k, sizeof(**out));
	if (!*store || !*out)
		return 0;
	peers_self(n, &(*store)[i]);
	(*out)[i] = &(*store)[i];
	for (struct peer *p = n->peers; p; p = p->next) {
		if (!p->id)
			continue;
		i++;
		graphd__peer_address__init(&(*store)[i]);
		(*store)[i].server_id = p->id;
		(*store)[i].kind = p->arbiter
				       ? GRAPHD__INSTANCE_KIND__KIND_ARBITER
				       : GRAPHD__INSTANCE_KIND__KIND_DATA;
		(*store)[i].cluster_address = p->cluster_addr;
		(*store)[i].client_address = p->client_addr;
		(*out)[i] = &(*store)[i];
	}
	return k;
}

/* ------------------------------------------------------ other clusters */

/* Why instance id at addr is refused: both identities and what to do. */
static void peers_foreign_why(struct node *n, raft_id id, const char *addr,
			      const uint8_t *other, char *why, size_t len)
{
	char theirs[IDENTITY_HEX_LEN], ours[IDENTITY_HEX_LEN];

	snprintf(why, len,
		 "instance %" PRIu32 " at %.200s belongs to another cluster "
		 "(id %s); instance %" PRIu32 "'s cluster is %s; it is not "
		 "contacted again until restarted. If it should join this "
		 "cluster, wipe its data directory; see README 'From SINGLE "
		 "to HA'",
		 id, addr, identity_hex(other, STORE_RAFTLOG_ID_LEN, theirs),
		 n->cfg.server_id,
		 identity_hex(n->ident.id, STORE_RAFTLOG_ID_LEN, ours));
}

void peers_refuse_foreign(struct node *n, raft_id id, const char *addr,
			  const uint8_t *other)
{
	struct peer *p = peers_find(n, id);
	uint64_t now = node_now_ms();
	char why[768];

	if (p && p->foreign && p->foreign_logged_ms &&
	    now - p->foreign_logged_ms < PEERS_FOREIGN_LOG_MS &&
	    memcmp(p->foreign_id, other, sizeof(p->foreign_id)) == 0)
		return;
	peers_foreign_why(n, id, p ? p->cluster_addr : addr, other, why,
			  sizeof(why));
	log_warn("Refusing %s", why);
	if (!p)
		return;
	p->foreign = true;
	p->foreign_logged_ms = now;
	memcpy(p->foreign_id, other, sizeof(p->foreign_id));
	if (p->out) {
		net_conn_close(p->out);
		p->out = NULL;
	}
	p->out_ready = false;
	if (p->up) {
		p->up = false;
		cluster_peer_lost(n, p->id);
	}
}

/* ------------------------------------------------------- dialled side */

static void peers_out_lost(struct peer *p, struct node *n, const char *why)
{
	p->out = NULL;
	p->next_dial_ms = node_now_ms() + p->backoff_ms;
	p->backoff_ms =
	    p->backoff_ms ? p->backoff_ms * 2 : PEERS_BACKOFF_MIN_MS;
	if (p->backoff_ms > PEERS_BACKOFF_MAX_MS)
		p->backoff_ms = PEERS_BACKOFF_MAX_MS;
	if (p->out_ready && p->up) {
		p->up = false;
		log_warn("Instance %" PRIu32 " at %s has left the cluster "
			 "(%s); reconnecting",
			 p->id, p->cluster_addr, why);
		cluster_peer_lost(n, p->id);
	}
	p->out_ready = false;
}

static void peers_out_closed_cb(void *ctx, struct net_conn *c, const char *why)
{
	struct peer *p = ctx;

	(void)c;
	log_debug("connection to instance %" PRIu32 " at %s lost: %s", p->id,
		  p->cluster_addr, why);
	peers_out_lost(p, p->node, why);
}

static void peers_out_connected_cb(void *ctx, struct net_conn *c)
{
	struct peer *p = ctx;
	struct node *n = p->node;
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerHello h = GRAPHD__PEER_HELLO__INIT;
	Graphd__PeerAddress self, *store = NULL, **book = NULL;

	p->challenged = false;
	if (n->cfg.cluster_secret[0]) {
		if (auth_random(p->hs.dialler_nonce, AUTH_NONCE_LEN) < 0) {
			net_conn_close(c);
			peers_out_lost(p, n,
				       "no random source for the "
				       "ha.cluster_secret challenge");
			return;
		}
		h.nonce.data = p->hs.dialler_nonce;
		h.nonce.len = AUTH_NONCE_LEN;
	}
	peers_self(n, &self);
	h.protocol_version = PEERS_PROTOCOL_VERSION;
	h.cluster_name = n->cfg.cluster_name;
	h.self = &self;
	h.formed = cluster_formed(n);
	identity_get(n, (const uint8_t **)&h.cluster_id.data,
		     &h.cluster_id.len);
	h.n_peers = peers_book(n, &store, &book);
	h.peers = book;
	f.body_case = GRAPHD__PEER_FRAME__BODY_HELLO;
	f.hello = &h;
	if (net_conn_send(c, &f.base) < 0) {
		net_conn_close(c);
		peers_out_lost(p, n, "cannot send the handshake");
	}
	free(store);
	free(book);
}

/* The welcome names the instance at the dialled address. Returns false
 * when it cannot be this peer (duplicate id, a different instance). */
static bool peers_check_welcome(struct peer *p, const Graphd__PeerWelcome *w)
{
	struct node *n = p->node;
	uint32_t id = w->self ? w->self->server_id : 0;

	if (!identity_compatible(n, w->cluster_id.data, w->cluster_id.len)) {
		peers_refuse_foreign(n, p->id ? p->id : id, p->cluster_addr,
				     w->cluster_id.data);
		return false;
	}
	if (w->error) {
		if (!p->refused_logged)
			log_warn("Instance at %s refused this server "
				 "(instance %" PRIu32 "): %s; retrying",
				 p->cluster_addr, n->cfg.server_id,
				 w->error->message);
		p->refused_logged = true;
		return false;
	}
	if (id == 0 || id == n->cfg.server_id) {
		if (!p->refused_logged)
			log_warn("Refusing instance at %s: it has ha.server_id "
				 "%" PRIu32 ", the same as this server; "
				 "duplicate server id, not connecting",
				 p->cluster_addr, id);
		p->refused_logged = true;
		return false;
	}
	if (p->id != 0 && p->id != id) {
		if (!p->refused_logged)
			log_warn("ha.initial_hosts names instance %" PRIu32
				 " at %s, but the instance there is %" PRIu32
				 "; not connecting (check its ha.server_id)",
				 p->id, p->cluster_addr, id);
		p->refused_logged = true;
		return false;
	}
	return true;
}

static void peers_welcome(struct peer *p, const Graphd__PeerWelcome *w)
{
	struct node *n = p->node;
	const Graphd__PeerAddress *s = w->self;

	p->id = s->server_id;
	p->refused_logged = false;
	peers_learn(n, s->server_id,
		    s->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER,
		    p->cluster_addr, s->client_address);
	peers_merge(n, w->peers, w->n_peers);
	p->answered = true;
	p->formed = w->formed;
	p->members.n = 0;
	for (size_t i = 0; i < w->n_members && i < RAFT_MAX_MEMBERS; i++)
		p->members.members[p->members.n++] = (struct raft_member){
		    .id = w->members[i]->server_id,
		    .kind = w->members[i]->kind ==
				    GRAPHD__INSTANCE_KIND__KIND_ARBITER
				? RAFT_MEMBER_ARBITER
				: RAFT_MEMBER_VOTER};
	p->out_ready = true;
	p->backoff_ms = 0;
	if (!p->up) {
		p->up = true;
		log_info("Instance %" PRIu32 " (%s at %s) joined the cluster",
			 p->id, p->arbiter ? "arbiter" : "data instance",
			 p->cluster_addr);
	}
	cluster_peer_up(n, p->id);
}

/* Sends our PeerAuth: the proof, or none to tell the acceptor that its
 * proof did not match (it then logs the refusal on its side too; a proof
 * is never sent to an acceptor that failed to prove itself). */
static int peers_send_auth(struct peer *p, struct net_conn *c, bool ok)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerAuth a = GRAPHD__PEER_AUTH__INIT;
	uint8_t proof[AUTH_PROOF_LEN];

	if (ok) {
		auth_peer_proof(p->node->cfg.cluster_secret, &p->hs,
				AUTH_ROLE_DIALLER, proof);
		a.proof.data = proof;
		a.proof.len = sizeof(proof);
	}
	f.body_case = GRAPHD__PEER_FRAME__BODY_AUTH;
	f.auth = &a;
	return net_conn_send(c, &f.base);
}

static void peers_secret_refused(struct peer *p, uint32_t id, const char *why)
{
	if (!p->refused_logged)
		log_warn("Refusing instance %" PRIu32 " at %s: %s; not "
			 "connecting, retrying in case it is reconfigured",
			 id, p->cluster_addr, why);
	p->refused_logged = true;
}

/* ha.cluster_secret, dialler side: the acceptor's first welcome is a
 * challenge that must prove it knows the secret before this instance
 * believes anything it says or sends it raft traffic; we answer with our
 * own proof and wait for the full welcome. Returns 1 for a welcome to
 * accept, 0 after answering the challenge, -1 to drop the connection. */
static int peers_check_secret(struct peer *p, struct net_conn *c,
			      const Graphd__PeerWelcome *w)
{
	struct node *n = p->node;
	uint32_t id = w->self->server_id;

	if (!n->cfg.cluster_secret[0])
		return 1; /* no nonce sent: a secret acceptor refuses us */
	if (p->challenged) {
		if (id == p->hs.acceptor_id && w->nonce.len == 0)
			return 1;
		peers_secret_refused(p, id,
				     "it changed identity during the "
				     "ha.cluster_secret handshake");
		return -1;
	}
	if (w->nonce.len == 0) {
		peers_secret_refused(p, id,
				     "it has no ha.cluster_secret, but this "
				     "instance requires one (set the same "
				     "ha.cluster_secret on every instance)");
		return -1;
	}
	if (w->nonce.len != AUTH_NONCE_LEN) {
		peers_secret_refused(p, id,
				     "malformed ha.cluster_secret "
				     "challenge");
		return -1;
	}
	p->hs.cluster_name = n->cfg.cluster_name;
	p->hs.dialler_id = n->cfg.server_id;
	p->hs.acceptor_id = id;
	memcpy(p->hs.acceptor_nonce, w->nonce.data, AUTH_NONCE_LEN);
	if (!auth_peer_verify(n->cfg.cluster_secret, &p->hs, AUTH_ROLE_ACCEPTOR,
			      w->proof.data, w->proof.len)) {
		peers_secret_refused(p, id,
				     "its ha.cluster_secret proof does not "
				     "match; check that every instance has "
				     "the same ha.cluster_secret");
		peers_send_auth(p, c, false);
		return -1;
	}
	if (peers_send_auth(p, c, true) < 0)
		return -1;
	p->challenged = true;
	return 0;
}

static void peers_out_frame_cb(void *ctx, struct net_conn *c,
			       const uint8_t *buf, size_t len)
{
	struct peer *p = ctx;
	Graphd__PeerFrame *f = graphd__peer_frame__unpack(NULL, len, buf);

	if (!f || f->body_case != GRAPHD__PEER_FRAME__BODY_WELCOME ||
	    p->out_ready) {
		log_warn("instance at %s sent an unexpected frame on this "
			 "server's connection to it; reconnecting",
			 p->cluster_addr);
	} else if (peers_check_welcome(p, f->welcome)) {
		int rc = peers_check_secret(p, c, f->welcome);

		if (rc > 0)
			peers_welcome(p, f->welcome);
		if (rc >= 0) {
			graphd__peer_frame__free_unpacked(f, NULL);
			return;
		}
	}
	if (f)
		graphd__peer_frame__free_unpacked(f, NULL);
	net_conn_close_after_flush(c); /* a refusal we sent goes out */
	p->backoff_ms = PEERS_BACKOFF_MAX_MS;
	peers_out_lost(p, p->node, "handshake failed");
}

static const struct net_conn_cbs peers_out_cbs = {
    .connected = peers_out_connected_cb,
    .frame = peers_out_frame_cb,
    .closed = peers_out_closed_cb,
};

static void peers_dial(struct node *n, struct peer *p)
{
	struct config_addr a;

	if (config_parse_addr(&a, p->cluster_addr) < 0) {
		p->next_dial_ms = node_now_ms() + PEERS_BACKOFF_MAX_MS;
		return;
	}
	p->out = net_conn_dial(n->base, a.host, a.port, n->cfg.max_frame_size,
			       &peers_out_cbs, p);
	if (!p->out)
		peers_out_lost(p, n, "cannot start connecting");
	else
		net_conn_count_bytes(
		    p->out, &n->metrics.bytes_received[METRICS_PORT_CLUSTER],
		    &n->metrics.bytes_sent[METRICS_PORT_CLUSTER]);
}

static void inbound_free(struct node *n, struct inbound *in);

/* Closes accepted connections whose handshake is overdue
 * (dbms.connector.handshake_timeout), so that silent or half-done
 * (ha.cluster_secret) handshakes do not pile up. */
static void inbound_expire(struct node *n, uint64_t now)
{
	struct inbound *in = n->inbound, *next;

	for (; in; in = next) {
		next = in->next;
		if (in->id != 0 ||
		    now - in->accepted_ms < n->cfg.handshake_timeout_ms)
			continue;
		net_admit_warn(&n->cluster_admit, NET_ADMIT_DEADLINE,
			       "Closing cluster connection from %s (claims "
			       "instance %" PRIu32 "): no handshake completed "
			       "within dbms.connector.handshake_timeout (%u ms)",
			       net_conn_peer(in->c), in->hs.dialler_id,
			       n->cfg.handshake_timeout_ms);
		net_conn_close(in->c);
		inbound_free(n, in);
	}
}

void peers_tick(struct node *n)
{
	uint64_t now = node_now_ms();

	inbound_expire(n, now);

	for (struct peer *p = n->peers; p; p = p->next)
		if (!p->out && now >= p->next_dial_ms &&
		    p->id != n->cfg.server_id && !p->foreign)
			peers_dial(n, p);
}

int peers_send(struct node *n, raft_id id, const Graphd__PeerFrame *f)
{
	struct peer *p = peers_find(n, id);
	Graphd__PeerFrame g;

	if (!p || !p->out || !p->out_ready)
		return -1;
	/* Every frame says which cluster it comes from (identity.h). */
	g = *f;
	identity_get(n, (const uint8_t **)&g.cluster_id.data,
		     &g.cluster_id.len);
	return net_conn_send(p->out, &g.base);
}

void peers_flush(struct node *n)
{
	for (struct peer *p = n->peers; p; p = p->next)
		if (p->out && p->out_ready)
			net_conn_flush(p->out);
}

bool peers_reachable(struct node *n, raft_id id)
{
	struct peer *p = peers_find(n, id);

	return p && p->out_ready;
}

/* ------------------------------------------------------- accepted side */

static void inbound_free(struct node *n, struct inbound *in)
{
	struct inbound **pp = &n->inbound;

	while (*pp && *pp != in)
		pp = &(*pp)->next;
	if (*pp)
		*pp = in->next;
	if (in->hello)
		graphd__peer_frame__free_unpacked(in->hello, NULL);
	net_admit_leave(&n->cluster_admit);
	free(in);
}

static void inbound_closed_cb(void *ctx, struct net_conn *c, const char *why)
{
	struct inbound *in = ctx;

	(void)c;
	if (in->id == 0 && strcmp(why, "connection closed by the peer") != 0)
		net_admit_warn(&in->node->cluster_admit,
			       strstr(why, "exceeds") ? NET_ADMIT_PRELOGIN_SIZE
						      : NET_ADMIT_PRELOGIN,
			       "Closing cluster connection from %s before its "
			       "handshake: %s",
			       net_conn_peer(c), why);
	else
		log_debug("connection from instance %" PRIu32 " (%s) closed: "
			  "%s",
			  in->id, net_conn_peer(c), why);
	inbound_free(in->node, in);
}

/* Another live connection from an instance with this id, dialled from a
 * different address: two instances share a server id. */
static bool inbound_duplicate(struct node *n, struct inbound *self,
			      const Graphd__PeerAddress *a)
{
	struct peer *p = peers_find(n, a->server_id);

	for (struct inbound *in = n->inbound; in; in = in->next)
		if (in != self && in->id == a->server_id && p &&
		    strcmp(p->cluster_addr, a->cluster_address) != 0)
			return true;
	return false;
}

static void inbound_refusal(struct node *n, struct inbound *in,
			    const Graphd__PeerHello *h, char *why, size_t len)
{
	const Graphd__PeerAddress *a = h->self;

	if (h->protocol_version != PEERS_PROTOCOL_VERSION)
		snprintf(why, len,
			 "protocol version %" PRIu32 " is not supported "
			 "(instance %" PRIu32 " speaks %d)",
			 h->protocol_version, n->cfg.server_id,
			 PEERS_PROTOCOL_VERSION);
	else if (!a || a->server_id == 0 || !a->cluster_address)
		snprintf(why, len, "handshake without a server id");
	else if (strcmp(h->cluster_name, n->cfg.cluster_name) != 0)
		snprintf(why, len,
			 "cluster name \"%.64s\" of instance %" PRIu32
			 " does not match ha.cluster_name \"%s\" of instance "
			 "%" PRIu32,
			 h->cluster_name, a->server_id, n->cfg.cluster_name,
			 n->cfg.server_id);
	else if (!identity_compatible(n, h->cluster_id.data, h->cluster_id.len))
		peers_foreign_why(n, a->server_id, a->cluster_address,
				  h->cluster_id.data, why, len);
	else if (a->server_id == n->cfg.server_id)
		snprintf(why, len,
			 "instance at %.200s has ha.server_id %" PRIu32
			 ", the same as instance %" PRIu32
			 " at %s:%u: duplicate server id",
			 a->cluster_address, a->server_id, n->cfg.server_id,
			 n->cfg.cluster_server.host,
			 n->cfg.cluster_server.port);
	else if (inbound_duplicate(n, in, a))
		snprintf(why, len,
			 "instance at %.200s has ha.server_id %" PRIu32
			 ", already used by the instance at %s: duplicate "
			 "server id",
			 a->cluster_address, a->server_id,
			 peers_find(n, a->server_id)->cluster_addr);
	else if (!cluster_kind_ok(n, a->server_id,
				  a->kind ==
				      GRAPHD__INSTANCE_KIND__KIND_ARBITER))
		snprintf(why, len,
			 "instance %" PRIu32 " says it is %s, but the "
			 "membership has it as %s",
			 a->server_id,
			 a->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER
			     ? "an arbiter"
			     : "a data instance",
			 a->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER
			     ? "a data instance"
			     : "an arbiter");
	else
		why[0] = '\0';
}

/* Answers with a refusal (carrying our identity) and drops in. */
static void inbound_send_refusal(struct node *n, struct inbound *in,
				 const char *why)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerWelcome w = GRAPHD__PEER_WELCOME__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	Graphd__PeerAddress self;

	peers_self(n, &self);
	w.self = &self;
	identity_get(n, (const uint8_t **)&w.cluster_id.data,
		     &w.cluster_id.len);
	e.code = GRAPHD__ERROR_CODE__REFUSED;
	e.message = (char *)why;
	w.error = &e;
	f.body_case = GRAPHD__PEER_FRAME__BODY_WELCOME;
	f.welcome = &w;
	net_conn_send(in->c, &f.base);
	net_conn_close_after_flush(in->c);
	inbound_free(n, in);
}

/* Answers with a refusal, logs it with the address, and drops in. */
static void inbound_refuse(struct node *n, struct inbound *in, uint32_t claimed,
			   const char *why)
{
	log_warn("Refused connection from %s (claims instance %" PRIu32 "): %s",
		 net_conn_peer(in->c), claimed, why);
	inbound_send_refusal(n, in, why);
}

/* ha.cluster_secret must be set on both sides or on neither. */
static void inbound_secret_refusal(struct node *n, const Graphd__PeerHello *h,
				   char *why, size_t len)
{
	uint32_t id = h->self->server_id, self = n->cfg.server_id;

	if (n->cfg.cluster_secret[0] && h->nonce.len == 0)
		snprintf(why, len,
			 "instance %" PRIu32 " has no ha.cluster_secret, but "
			 "instance %" PRIu32 " requires one; set the same "
			 "ha.cluster_secret on every instance",
			 id, self);
	else if (n->cfg.cluster_secret[0] && h->nonce.len != AUTH_NONCE_LEN)
		snprintf(why, len, "malformed ha.cluster_secret challenge");
	else if (!n->cfg.cluster_secret[0] && h->nonce.len != 0)
		snprintf(why, len,
			 "instance %" PRIu32 " has ha.cluster_secret set, but "
			 "instance %" PRIu32 " has none; set the same "
			 "ha.cluster_secret on every instance",
			 id, self);
}

/* ha.cluster_secret: answers the hello with a challenge (our nonce and our
 * proof) and keeps it until the dialler proves itself. False if it could
 * not (in is then gone). */
static bool inbound_challenge(struct node *n, struct inbound *in,
			      Graphd__PeerFrame *hello)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerWelcome w = GRAPHD__PEER_WELCOME__INIT;
	Graphd__PeerAddress self;
	uint8_t proof[AUTH_PROOF_LEN];
	const Graphd__PeerHello *h = hello->hello;

	in->hs.cluster_name = n->cfg.cluster_name;
	in->hs.dialler_id = h->self->server_id;
	in->hs.acceptor_id = n->cfg.server_id;
	memcpy(in->hs.dialler_nonce, h->nonce.data, AUTH_NONCE_LEN);
	if (auth_random(in->hs.acceptor_nonce, AUTH_NONCE_LEN) < 0) {
		inbound_refuse(n, in, h->self->server_id,
			       "no random source for the ha.cluster_secret "
			       "challenge on this instance");
		return false;
	}
	auth_peer_proof(n->cfg.cluster_secret, &in->hs, AUTH_ROLE_ACCEPTOR,
			proof);
	peers_self(n, &self);
	w.self = &self;
	w.nonce.data = in->hs.acceptor_nonce;
	w.nonce.len = AUTH_NONCE_LEN;
	w.proof.data = proof;
	w.proof.len = sizeof(proof);
	f.body_case = GRAPHD__PEER_FRAME__BODY_WELCOME;
	f.welcome = &w;
	net_conn_send(in->c, &f.base);
	in->hello = hello;
	return true;
}

static void inbound_welcome(struct node *n, struct inbound *in,
			    const Graphd__PeerHello *h)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerWelcome w = GRAPHD__PEER_WELCOME__INIT;
	Graphd__PeerAddress self, *store = NULL, **book = NULL;
	Graphd__PeerAddress mstore[RAFT_MAX_MEMBERS], *mptr[RAFT_MAX_MEMBERS];
	struct peer *p;

	peers_self(n, &self);
	w.self = &self;
	f.body_case = GRAPHD__PEER_FRAME__BODY_WELCOME;
	f.welcome = &w;
	in->id = h->self->server_id;
	/* A member now: its frames may be as large as any. */
	net_conn_set_max_frame(in->c, n->cfg.max_frame_size,
			       "ha.max_frame_size");
	if ((p = peers_find(n, in->id)) && p->foreign) {
		/* Its data was wiped (no identity now) or it joined us. */
		log_info("Instance %" PRIu32 " no longer belongs to another "
			 "cluster; contacting it again",
			 in->id);
		p->foreign = false;
		p->next_dial_ms = 0;
	}
	peers_learn(n, in->id,
		    h->self->kind == GRAPHD__INSTANCE_KIND__KIND_ARBITER,
		    h->self->cluster_address, h->self->client_address);
	peers_merge(n, h->peers, h->n_peers);
	if ((p = peers_find(n, in->id))) {
		p->last_heard_ms = node_now_ms();
		/* It is back (a restart): dial it now rather than when the
		 * backoff says, so that it hears our votes and appends. */
		if (!p->out) {
			p->backoff_ms = 0;
			peers_dial(n, p);
		}
	}
	w.formed = cluster_formed(n);
	identity_get(n, (const uint8_t **)&w.cluster_id.data,
		     &w.cluster_id.len);
	w.n_members = cluster_members(n, mstore, mptr);
	w.members = mptr;
	w.n_peers = peers_book(n, &store, &book);
	w.peers = book;
	net_conn_send(in->c, &f.base);
	free(store);
	free(book);
}

/* The hello frame f: refused, welcomed, or (ha.cluster_secret) challenged.
 * Returns true when it kept f (in->hello). in may be gone on return. */
static bool inbound_hello(struct node *n, struct inbound *in,
			  Graphd__PeerFrame *f)
{
	const Graphd__PeerHello *h = f->hello;
	char why[600];

	inbound_refusal(n, in, h, why, sizeof(why));
	if (!why[0])
		inbound_secret_refusal(n, h, why, sizeof(why));
	if (why[0] && h->self &&
	    !identity_compatible(n, h->cluster_id.data, h->cluster_id.len)) {
		/* Logged by peers_refuse_foreign, at most once a minute. */
		peers_refuse_foreign(n, h->self->server_id,
				     h->self->cluster_address,
				     h->cluster_id.data);
		inbound_send_refusal(n, in, why);
		return false;
	}
	if (why[0]) {
		inbound_refuse(n, in, h->self ? h->self->server_id : 0, why);
		return false;
	}
	if (n->cfg.cluster_secret[0])
		return inbound_challenge(n, in, f);
	inbound_welcome(n, in, h);
	return false;
}

/* ha.cluster_secret: the frame after our challenge must be the dialler's
 * proof; nothing it says (address book, raft) counts before. */
static void inbound_proof(struct node *n, struct inbound *in,
			  const Graphd__PeerFrame *f)
{
	uint32_t claimed = in->hs.dialler_id;
	Graphd__PeerFrame *hello = in->hello;
	char why[600];

	if (f->body_case != GRAPHD__PEER_FRAME__BODY_AUTH) {
		inbound_refuse(n, in, claimed,
			       "it sent another frame instead of its "
			       "ha.cluster_secret proof");
		return;
	}
	if (!auth_peer_verify(n->cfg.cluster_secret, &in->hs, AUTH_ROLE_DIALLER,
			      f->auth->proof.data, f->auth->proof.len)) {
		inbound_refuse(
		    n, in, claimed,
		    f->auth->proof.len == 0
			? "it says this instance's ha.cluster_secret "
			  "proof does not match its own; check that "
			  "every instance has the same "
			  "ha.cluster_secret"
			: "ha.cluster_secret proof does not match; "
			  "check that every instance has the same "
			  "ha.cluster_secret");
		return;
	}
	in->hello = NULL;
	/* Things may have changed while we waited (a duplicate id). */
	inbound_refusal(n, in, hello->hello, why, sizeof(why));
	if (why[0])
		inbound_refuse(n, in, claimed, why);
	else
		inbound_welcome(n, in, hello->hello);
	graphd__peer_frame__free_unpacked(hello, NULL);
}

static void inbound_frame_cb(void *ctx, struct net_conn *c, const uint8_t *buf,
			     size_t len)
{
	struct inbound *in = ctx;
	struct node *n = in->node;
	Graphd__PeerFrame *f = graphd__peer_frame__unpack(NULL, len, buf);
	struct peer *p;

	if (f && in->hello) {
		inbound_proof(n, in, f);
		graphd__peer_frame__free_unpacked(f, NULL);
		return;
	}
	if (!f ||
	    (in->id == 0 && f->body_case != GRAPHD__PEER_FRAME__BODY_HELLO)) {
		if (in->id == 0)
			net_admit_warn(&n->cluster_admit, NET_ADMIT_PRELOGIN,
				       "Closing cluster connection from %s: %s",
				       net_conn_peer(c),
				       f ? "first frame is not a handshake"
					 : "frame does not decode");
		else
			log_warn("closing cluster connection from %s: frame "
				 "does not decode",
				 net_conn_peer(c));
		if (f)
			graphd__peer_frame__free_unpacked(f, NULL);
		net_conn_close(c);
		inbound_free(n, in);
		return;
	}
	if (f->body_case == GRAPHD__PEER_FRAME__BODY_HELLO) {
		if (in->id == 0 && inbound_hello(n, in, f))
			return; /* kept until the proof comes */
		graphd__peer_frame__free_unpacked(f, NULL);
		return;
	}
	if ((p = peers_find(n, in->id)))
		p->last_heard_ms = node_now_ms();
	cluster_recv(n, in->id, f);
	graphd__peer_frame__free_unpacked(f, NULL);
}

static const struct net_conn_cbs inbound_cbs = {
    .frame = inbound_frame_cb,
    .closed = inbound_closed_cb,
};

static void peers_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
			    struct sockaddr *sa, int salen, void *arg)
{
	struct node *n = arg;
	struct inbound *in;
	char peer[96];

	(void)l;
	(void)salen;
	net_format_sockaddr(sa, peer, sizeof(peer));
	if (!net_admit_enter(&n->cluster_admit)) {
		net_admit_refuse(&n->cluster_admit, fd, peer, NULL, 0);
		return;
	}
	/* Until its hello is accepted the dialler is a stranger: small
	 * frames only (ha.max_prelogin_frame_size). */
	if (!(in = calloc(1, sizeof(*in))) ||
	    !(in->c = net_conn_accept(n->base, fd, peer,
				      n->cfg.max_prelogin_frame, &inbound_cbs,
				      in))) {
		log_warn("cannot accept a cluster connection from %s: out of "
			 "memory",
			 peer);
		if (!in)
			evutil_closesocket(fd);
		free(in);
		net_admit_leave(&n->cluster_admit);
		return;
	}
	net_conn_set_max_frame(in->c, n->cfg.max_prelogin_frame,
			       "ha.max_prelogin_frame_size");
	in->node = n;
	in->accepted_ms = node_now_ms();
	in->next = n->inbound;
	n->inbound = in;
	net_conn_count_bytes(in->c,
			     &n->metrics.bytes_received[METRICS_PORT_CLUSTER],
			     &n->metrics.bytes_sent[METRICS_PORT_CLUSTER]);
}

static int peers_listen(struct node *n, char *err, size_t errlen)
{
	const struct config_addr *a = &n->cfg.cluster_server;

	if (net_admit_listen(&n->cluster_admit, n->base, a->host, a->port,
			     "the other members on ha.cluster_server",
			     "cluster", n->cfg.max_connections,
			     peers_accept_cb, n, err, errlen) < 0)
		return -1;
	n->cluster_listener = n->cluster_admit.l;
	log_info("Listening for the other members on %s:%u", a->host, a->port);
	return 0;
}

int peers_open(struct node *n, char *err, size_t errlen)
{
	char addr[PEERS_ADDR_MAX];

	for (size_t i = 0; i < n->cfg.n_initial_hosts; i++) {
		const struct config_peer *h = &n->cfg.initial_hosts[i];
		struct peer *p;

		net_format_addr(addr, sizeof(addr), h->addr.host, h->addr.port);
		if (h->id == n->cfg.server_id || peers_is_self_addr(n, addr))
			continue;
		if (!(p = peers_add(n, h->id, addr))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		p->initial = true;
		p->arbiter = h->arbiter;
		p->kind_known = h->id != 0;
	}
	peers_load(n);
	return peers_listen(n, err, errlen);
}

void peers_close(struct node *n)
{
	if (n->cluster_listener)
		net_admit_close(&n->cluster_admit, true);
	n->cluster_listener = NULL;
	while (n->inbound) {
		struct inbound *in = n->inbound;

		net_conn_close(in->c);
		n->inbound = in->next;
		if (in->hello)
			graphd__peer_frame__free_unpacked(in->hello, NULL);
		free(in);
	}
	while (n->peers) {
		struct peer *p = n->peers;

		net_conn_close(p->out);
		n->peers = p->next;
		free(p);
	}
}
