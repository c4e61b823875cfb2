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
#include "util/log.h"

#define PEERS_BACKOFF_MIN_MS 50
#define PEERS_BACKOFF_MAX_MS 1000
#define PEERS_FILE	     "cluster.peers"

/* An accepted connection: frames from the instance that dialled it. */
struct inbound {
	struct node *node;
	struct inbound *next;
	struct net_conn *c;
	raft_id id; /* 0 until its hello is accepted */
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

	peers_self(n, &self);
	h.protocol_version = PEERS_PROTOCOL_VERSION;
	h.cluster_name = n->cfg.cluster_name;
	h.self = &self;
	h.formed = cluster_formed(n);
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
		peers_welcome(p, f->welcome);
		graphd__peer_frame__free_unpacked(f, NULL);
		return;
	}
	if (f)
		graphd__peer_frame__free_unpacked(f, NULL);
	net_conn_close(c);
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
}

void peers_tick(struct node *n)
{
	uint64_t now = node_now_ms();

	for (struct peer *p = n->peers; p; p = p->next)
		if (!p->out && now >= p->next_dial_ms &&
		    p->id != n->cfg.server_id)
			peers_dial(n, p);
}

int peers_send(struct node *n, raft_id id, const Graphd__PeerFrame *f)
{
	struct peer *p = peers_find(n, id);

	if (!p || !p->out || !p->out_ready)
		return -1;
	return net_conn_send(p->out, &f->base);
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
	free(in);
}

static void inbound_closed_cb(void *ctx, struct net_conn *c, const char *why)
{
	struct inbound *in = ctx;

	(void)c;
	log_debug("connection from instance %" PRIu32 " (%s) closed: %s",
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

static void inbound_hello(struct node *n, struct inbound *in,
			  const Graphd__PeerHello *h)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerWelcome w = GRAPHD__PEER_WELCOME__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	Graphd__PeerAddress self, *store = NULL, **book = NULL;
	Graphd__PeerAddress mstore[RAFT_MAX_MEMBERS], *mptr[RAFT_MAX_MEMBERS];
	struct peer *p;
	char why[600];

	inbound_refusal(n, in, h, why, sizeof(why));
	peers_self(n, &self);
	w.self = &self;
	f.body_case = GRAPHD__PEER_FRAME__BODY_WELCOME;
	f.welcome = &w;
	if (why[0]) {
		log_warn("Refused instance %" PRIu32 " connecting from %s: %s",
			 h->self ? h->self->server_id : 0, net_conn_peer(in->c),
			 why);
		e.code = GRAPHD__ERROR_CODE__REFUSED;
		e.message = why;
		w.error = &e;
		net_conn_send(in->c, &f.base);
		net_conn_close_after_flush(in->c);
		inbound_free(n, in);
		return;
	}
	in->id = h->self->server_id;
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
	w.n_members = cluster_members(n, mstore, mptr);
	w.members = mptr;
	w.n_peers = peers_book(n, &store, &book);
	w.peers = book;
	net_conn_send(in->c, &f.base);
	free(store);
	free(book);
}

static void inbound_frame_cb(void *ctx, struct net_conn *c, const uint8_t *buf,
			     size_t len)
{
	struct inbound *in = ctx;
	struct node *n = in->node;
	Graphd__PeerFrame *f = graphd__peer_frame__unpack(NULL, len, buf);
	struct peer *p;

	if (!f ||
	    (in->id == 0 && f->body_case != GRAPHD__PEER_FRAME__BODY_HELLO)) {
		log_warn("closing cluster connection from %s: %s",
			 net_conn_peer(c),
			 f ? "first frame is not a handshake"
			   : "frame does not decode");
		if (f)
			graphd__peer_frame__free_unpacked(f, NULL);
		net_conn_close(c);
		inbound_free(n, in);
		return;
	}
	if (f->body_case == GRAPHD__PEER_FRAME__BODY_HELLO) {
		if (in->id == 0)
			inbound_hello(n, in, f->hello);
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
	struct inbound *in = calloc(1, sizeof(*in));
	char peer[96];

	(void)l;
	(void)salen;
	net_format_sockaddr(sa, peer, sizeof(peer));
	if (!in ||
	    !(in->c = net_conn_accept(n->base, fd, peer, n->cfg.max_frame_size,
				      &inbound_cbs, in))) {
		log_warn("cannot accept a cluster connection from %s: out of "
			 "memory",
			 peer);
		if (!in)
			evutil_closesocket(fd);
		free(in);
		return;
	}
	in->node = n;
	in->next = n->inbound;
	n->inbound = in;
}

static int peers_listen(struct node *n, char *err, size_t errlen)
{
	const struct config_addr *a = &n->cfg.cluster_server;

	n->cluster_listener = net_listen(
	    n->base, a->host, a->port, "the other members on ha.cluster_server",
	    peers_accept_cb, n, err, errlen);
	if (!n->cluster_listener)
		return -1;
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
		evconnlistener_free(n->cluster_listener);
	n->cluster_listener = NULL;
	while (n->inbound) {
		struct inbound *in = n->inbound;

		net_conn_close(in->c);
		n->inbound = in->next;
		free(in);
	}
	while (n->peers) {
		struct peer *p = n->peers;

		net_conn_close(p->out);
		n->peers = p->next;
		free(p);
	}
}
