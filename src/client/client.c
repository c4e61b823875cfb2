/* client.c: libgraphd connections, retries, writes, reads and status (see
 * graphd.h). */
#include "client/conn.h"
#include "client/graphd.h"
#include "client/txn.h"
#include "client/value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define CLIENT_MAX_SERVERS	64
#define CLIENT_BACKOFF_FIRST_MS 50
#define CLIENT_BACKOFF_MAX_MS	1000
/* NOT_MASTER answers followed at once, without backoff, per request: enough
 * for a master change during the request, few enough that two instances
 * pointing at each other cannot keep the client busy. */
#define CLIENT_MAX_REDIRECTS 3

struct client_server {
	char host[256];
	char port[8];
};

struct graphd {
	struct client_server *servers;
	size_t n_servers;
	size_t cur; /* index of the server in use or to try next */
	int fd;	    /* -1 while not connected */
	/* The master's address from the last NOT_MASTER answer: the next
	 * connection tries it first, even if it is not in the list. */
	struct client_server redirect;
	bool have_redirect;
	char name[300];
	char *cluster_name;
	char *client_name;
	char *user;	/* NULL: no login */
	char *password; /* wiped on close */
	unsigned timeout_ms;
	unsigned retry_ms;
	uint64_t session; /* random per graphd_t: names this client's writes */
	uint64_t seq;	  /* last sequence number used by graphd_write */
	uint64_t next_request_id;
};

/* ------------------------------------------------------------- server list */

/* "host:port" or "[v6]:port"; the port is mandatory. */
static int parse_server(struct client_server *s, const char *text, size_t len)
{
	const char *host, *port, *end;
	size_t hostlen, portlen;

	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	end = text + len;
	if (len && text[0] == '[') {
		const char *close = memchr(text, ']', len);
		if (!close || close + 1 == end || close[1] != ':')
			return -1;
		host = text + 1;
		hostlen = (size_t)(close - host);
		port = close + 2;
	} else {
		const char *colon = memchr(text, ':', len);
		if (!colon || memchr(colon + 1, ':', (size_t)(end - colon - 1)))
			return -1; /* none, or an unbracketed IPv6 address */
		host = text;
		hostlen = (size_t)(colon - text);
		port = colon + 1;
	}
	portlen = (size_t)(end - port);
	if (hostlen == 0 || hostlen >= sizeof(s->host) || portlen == 0 ||
	    portlen > 5)
		return -1;
	for (size_t i = 0; i < portlen; i++)
		if (port[i] < '0' || port[i] > '9')
			return -1;
	memcpy(s->host, host, hostlen);
	s->host[hostlen] = '\0';
	memcpy(s->port, port, portlen);
	s->port[portlen] = '\0';
	return atoi(s->port) > 0 && atoi(s->port) <= 65535 ? 0 : -1;
}

static int parse_servers(graphd_t *g, const char *list,
			 struct graphd_error *err)
{
	const char *p = list;

	g->servers = calloc(CLIENT_MAX_SERVERS, sizeof(*g->servers));
	if (!g->servers) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		if (g->n_servers == CLIENT_MAX_SERVERS ||
		    parse_server(&g->servers[g->n_servers], p, len) < 0) {
			client_set_error(err, GRAPHD_E_USAGE,
					 "bad server list '%.200s': expected "
					 "host:port[,host:port...] (at most "
					 "%d)",
					 list, CLIENT_MAX_SERVERS);
			return -1;
		}
		g->n_servers++;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

/* -------------------------------------------------------------- handshake */

static int handshake(graphd_t *g, int fd, int64_t deadline,
		     struct graphd_error *err)
{
	Graphd__ClientHello hello = GRAPHD__CLIENT_HELLO__INIT;
	Graphd__ServerHello *sh = NULL;
	uint8_t *buf = NULL;
	size_t len;
	int rc = -1;

	hello.protocol_version = GRAPHD_PROTOCOL_VERSION;
	hello.cluster_name = g->cluster_name;
	hello.client_name = g->client_name;
	if (g->user)
		hello.user = g->user;
	if (g->password)
		hello.password = g->password;
	if (client_conn_send(fd, &hello.base, deadline, err) < 0 ||
	    client_conn_recv(fd, &buf, &len, CLIENT_MAX_RESPONSE, deadline,
			     err) < 0)
		goto out;
	sh = graphd__server_hello__unpack(NULL, len, buf);
	if (!sh) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "%s did not answer the handshake with a "
				 "ServerHello (is it a graphd client port?)",
				 g->name);
		goto out;
	}
	if (sh->error && sh->error->code != GRAPHD__ERROR_CODE__OK) {
		client_set_error(err, GRAPHD_E_REFUSED,
				 "%s refused the connection: %s", g->name,
				 sh->error->message);
		goto out;
	}
	rc = 0;
out:
	if (sh)
		graphd__server_hello__free_unpacked(sh, NULL);
	free(buf);
	return rc;
}

static void disconnect(graphd_t *g)
{
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
}

/* Connects to s and shakes hands: 0 with g->fd set, else -1 with *last. */
static int connect_one(graphd_t *g, const struct client_server *s,
		       struct graphd_error *last)
{
	int64_t deadline = client_now_ms() + g->timeout_ms;
	int fd;

	snprintf(g->name, sizeof(g->name), "%s:%s", s->host, s->port);
	fd = client_conn_open(s->host, s->port, deadline, last);
	if (fd < 0)
		return -1;
	if (handshake(g, fd, deadline, last) < 0) {
		close(fd);
		return -1;
	}
	g->fd = fd;
	return 0;
}

static bool same_server(const struct client_server *a,
			const struct client_server *b)
{
	return strcmp(a->host, b->host) == 0 && strcmp(a->port, b->port) == 0;
}

/* Tries the master a NOT_MASTER answer named (once: a stale pointer must not
 * win over the list forever), then every listed server once, starting at
 * g->cur. A refused handshake (wrong cluster name or version) is final:
 * every member would refuse. */
static int connect_any(graphd_t *g, struct graphd_error *err)
{
	struct graphd_error last = {0};

	if (g->have_redirect) {
		g->have_redirect = false;
		if (connect_one(g, &g->redirect, &last) == 0) {
			/* Go on from there in the list if it is listed. */
			for (size_t i = 0; i < g->n_servers; i++)
				if (same_server(&g->servers[i], &g->redirect))
					g->cur = i;
			return 0;
		}
		if (last.code == GRAPHD_E_REFUSED)
			goto refused;
	}
	for (size_t i = 0; i < g->n_servers; i++) {
		size_t idx = (g->cur + i) % g->n_servers;

		if (connect_one(g, &g->servers[idx], &last) == 0) {
			g->cur = idx;
			return 0;
		}
		if (last.code == GRAPHD_E_REFUSED)
			goto refused;
	}
	if (g->n_servers == 1)
		client_set_error(err, GRAPHD_E_CONNECT, "cannot connect to %s",
				 last.message);
	else
		client_set_error(err, GRAPHD_E_CONNECT,
				 "cannot connect to any of the %zu listed "
				 "servers; last error: %s",
				 g->n_servers, last.message);
	return -1;
refused:
	if (err)
		*err = last;
	return -1;
}

graphd_t *graphd_connect(const char *servers, const struct graphd_options *o,
			 struct graphd_error *err)
{
	graphd_t *g = calloc(1, sizeof(*g));

	if (!g) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		return NULL;
	}
	g->fd = -1;
	g->timeout_ms = o && o->timeout_ms ? o->timeout_ms : 30000;
	g->retry_ms = o && o->retry_ms ? o->retry_ms : 15000;
	g->cluster_name =
	    strdup(o && o->cluster_name ? o->cluster_name : "graphd");
	g->client_name =
	    strdup(o && o->client_name ? o->client_name : "libgraphd");
	g->user = o && o->user ? strdup(o->user) : NULL;
	g->password = o && o->password ? strdup(o->password) : NULL;
	if (!g->cluster_name || !g->client_name || (o && o->user && !g->user) ||
	    (o && o->password && !g->password)) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		goto err;
	}
	if (!servers || parse_servers(g, servers, err) < 0) {
		if (!servers)
			client_set_error(err, GRAPHD_E_USAGE, "no server list");
		goto err;
	}
	/* The session names this client's writes for exactly-once retries
	 * (DESIGN.md 3.3); it must not collide with another client's. */
	if (getrandom(&g->session, sizeof(g->session), 0) != sizeof(g->session))
		g->session = ((uint64_t)time(NULL) << 32) ^ (uint64_t)getpid() ^
			     (uint64_t)(uintptr_t)g;
	if (g->session == 0)
		g->session = 1;
	if (connect_any(g, err) < 0)
		goto err;
	return g;
err:
	graphd_close(g);
	return NULL;
}

void graphd_close(graphd_t *g)
{
	if (!g)
		return;
	disconnect(g);
	free(g->servers);
	free(g->cluster_name);
	free(g->client_name);
	free(g->user);
	if (g->password) {
		explicit_bzero(g->password, strlen(g->password));
		free(g->password);
	}
	free(g);
}

const char *graphd_server(const graphd_t *g)
{
	return g ? g->name : "";
}

/* ------------------------------------------------------ request/response */

static int map_code(Graphd__ErrorCode c)
{
	if (c >= GRAPHD__ERROR_CODE__BAD_REQUEST &&
	    c <= GRAPHD__ERROR_CODE__NOT_MEMBER)
		return (int)c; /* graphd.h mirrors the wire's numbering */
	return GRAPHD_E_INTERNAL;
}

static int roundtrip_io(graphd_t *g, Graphd__Request *req,
			Graphd__Response **resp, struct graphd_error *err)
{
	int64_t deadline = client_now_ms() + g->timeout_ms;
	uint8_t *buf = NULL;
	size_t len;

	*resp = NULL;
	if (g->fd < 0 && connect_any(g, err) < 0)
		return -1;
	req->request_id = ++g->next_request_id;
	if (client_conn_send(g->fd, &req->base, deadline, err) < 0 ||
	    client_conn_recv(g->fd, &buf, &len, CLIENT_MAX_RESPONSE, deadline,
			     err) < 0)
		goto err;
	*resp = graphd__response__unpack(NULL, len, buf);
	free(buf);
	if (!*resp) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "undecodable response from %s", g->name);
		goto err;
	}
	if ((*resp)->request_id != req->request_id) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "%s answered request %llu, expected %llu",
				 g->name,
				 (unsigned long long)(*resp)->request_id,
				 (unsigned long long)req->request_id);
		graphd__response__free_unpacked(*resp, NULL);
		*resp = NULL;
		goto err;
	}
	return 0;
err:
	/* Whatever the server does with a half-sent or unanswered request, a
	 * later response on this socket would be out of step: start over. */
	disconnect(g);
	return -1;
}

static int roundtrip(graphd_t *g, Graphd__Request *req, Graphd__Response **resp,
		     struct graphd_error *err)
{
	Graphd__Error *e;

	if (roundtrip_io(g, req, resp, err) < 0)
		return -1;
	e = (*resp)->error;
	if (e && e->code != GRAPHD__ERROR_CODE__OK) {
		client_set_error(err, map_code(e->code), "%s", e->message);
		if (e->retryable)
			err->retryable = true;
		if (err) {
			err->line = e->line;
			err->column = e->column;
		}
		/* An address that does not parse is ignored: the list is
		 * still there to find the master. */
		if (e->master_address && e->master_address[0] &&
		    parse_server(&g->redirect, e->master_address,
				 strlen(e->master_address)) == 0)
			g->have_redirect = true;
		graphd__response__free_unpacked(*resp, NULL);
		*resp = NULL;
		return -1;
	}
	return 0;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Runs a request, retrying retryable failures with capped exponential backoff
 * until retry_ms has passed. The request is resent unchanged, so a write keeps
 * its (session, seq) and the server applies it at most once. */
static int request(graphd_t *g, Graphd__Request *req, Graphd__Response **resp,
		   struct graphd_error *err)
{
	int64_t give_up = client_now_ms() + g->retry_ms;
	unsigned backoff = CLIENT_BACKOFF_FIRST_MS, redirects = 0;
	struct graphd_error e;

	for (;;) {
		memset(&e, 0, sizeof(e));
		if (roundtrip(g, req, resp, &e) == 0)
			return 0;
		/* During a failover every server may refuse connections for
		 * a moment: that is worth waiting for too. */
		if (e.code == GRAPHD_E_CONNECT)
			e.retryable = true;
		if (!e.retryable)
			break;
		/* The server said where the master is: go there now. */
		if (e.code == GRAPHD_E_NOT_MASTER && g->have_redirect &&
		    redirects < CLIENT_MAX_REDIRECTS) {
			redirects++;
			disconnect(g);
			continue;
		}
		if (client_now_ms() + (int64_t)backoff >= give_up)
			break;
		/* Another instance may know the master or be up, unless
		 * this one merely ran out of time waiting for a quorum (the
		 * server's TIMEOUT answer keeps the connection; a response
		 * that never came does not). */
		if (e.code != GRAPHD_E_TIMEOUT || g->fd < 0) {
			disconnect(g);
			g->cur = (g->cur + 1) % g->n_servers;
		}
		sleep_ms(backoff);
		backoff = backoff * 2 > CLIENT_BACKOFF_MAX_MS
			      ? CLIENT_BACKOFF_MAX_MS
			      : backoff * 2;
	}
	if (err)
		*err = e;
	return -1;
}

/* ------------------------------------------------------------------ writes */

void graphd_write_result_free(struct graphd_write_result *r)
{
	if (!r)
		return;
	free(r->created_ids);
	memset(r, 0, sizeof(*r));
}

static void copy_counters(struct graphd_counters *c, const Graphd__Counters *pb)
{
	memset(c, 0, sizeof(*c));
	if (!pb)
		return;
	c->nodes_created = pb->nodes_created;
	c->nodes_deleted = pb->nodes_deleted;
	c->rels_created = pb->rels_created;
	c->rels_deleted = pb->rels_deleted;
	c->props_set = pb->props_set;
	c->labels_added = pb->labels_added;
	c->labels_removed = pb->labels_removed;
	c->indexes_added = pb->indexes_added;
	c->indexes_removed = pb->indexes_removed;
	c->constraints_added = pb->constraints_added;
	c->constraints_removed = pb->constraints_removed;
}

static int write_result_from_pb(const Graphd__WriteResult *w,
				struct graphd_write_result *out,
				struct graphd_error *err)
{
	out->txn_id = w->txn_id;
	out->n_created = w->n_created_ids;
	out->created_ids =
	    calloc(w->n_created_ids ? w->n_created_ids : 1, sizeof(uint64_t));
	if (!out->created_ids) {
		client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
		return -1;
	}
	if (w->n_created_ids)
		memcpy(out->created_ids, w->created_ids,
		       w->n_created_ids * sizeof(uint64_t));
	copy_counters(&out->counters, w->counters);
	return 0;
}

int graphd_write(graphd_t *g, const struct graphd_txn *t,
		 struct graphd_write_result *out, struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Response *resp = NULL;
	int rc = -1;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!g || !t || t->pb.n_ops == 0) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "graphd_write needs a connection and a "
				 "transaction with at least one operation");
		return -1;
	}
	req.session = g->session;
	req.seq = ++g->seq;
	req.body_case = GRAPHD__REQUEST__BODY_WRITE;
	req.write = (Graphd__WriteTxn *)&t->pb; /* only read by pack */
	if (request(g, &req, &resp, err) < 0)
		return -1;
	if (resp->body_case != GRAPHD__RESPONSE__BODY_WRITE) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "%s answered a write without a result",
				 g->name);
		goto out;
	}
	if (out && write_result_from_pb(resp->write, out, err) < 0)
		goto out;
	rc = 0;
out:
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}

/* ------------------------------------------------------------------- reads */

static void read_opts(Graphd__Request *req, const struct graphd_read_opts *o)
{
	if (!o)
		return;
	req->bookmark = o->bookmark;
	req->linearizable = o->linearizable;
}

/* Runs a read and checks the response carries the expected body. */
static int read_request(graphd_t *g, Graphd__Request *req,
			Graphd__Response__BodyCase want,
			Graphd__Response **resp, struct graphd_error *err)
{
	if (!g) {
		client_set_error(err, GRAPHD_E_USAGE, "no connection");
		return -1;
	}
	if (request(g, req, resp, err) < 0)
		return -1;
	if ((*resp)->body_case != want) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "%s answered with the wrong kind of response",
				 g->name);
		graphd__response__free_unpacked(*resp, NULL);
		*resp = NULL;
		return -1;
	}
	return 0;
}

static int nomem(struct graphd_error *err)
{
	client_set_error(err, GRAPHD_E_NOMEM, "out of memory");
	return -1;
}

int graphd_get_node(graphd_t *g, uint64_t id,
		    const struct graphd_read_opts *opts,
		    struct graphd_node *out, struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__GetNode body = GRAPHD__GET_NODE__INIT;
	Graphd__Response *resp;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	body.id = id;
	req.body_case = GRAPHD__REQUEST__BODY_GET_NODE;
	req.get_node = &body;
	read_opts(&req, opts);
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_NODE, &resp, err))
		return -1;
	if (client_node_from_pb(resp->node, out) < 0)
		rc = nomem(err);
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}

int graphd_get_rel(graphd_t *g, uint64_t id,
		   const struct graphd_read_opts *opts, struct graphd_rel *out,
		   struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__GetRel body = GRAPHD__GET_REL__INIT;
	Graphd__Response *resp;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	body.id = id;
	req.body_case = GRAPHD__REQUEST__BODY_GET_REL;
	req.get_rel = &body;
	read_opts(&req, opts);
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_REL, &resp, err))
		return -1;
	if (client_rel_from_pb(resp->rel, out) < 0)
		rc = nomem(err);
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}

void graphd_node_list_free(struct graphd_node_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		graphd_node_free(&l->nodes[i]);
	free(l->nodes);
	memset(l, 0, sizeof(*l));
}

void graphd_neighbour_list_free(struct graphd_neighbour_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		graphd_rel_free(&l->rels[i]);
		graphd_node_free(&l->nodes[i]);
	}
	free(l->rels);
	free(l->nodes);
	memset(l, 0, sizeof(*l));
}

static int neighbours_from_pb(const Graphd__NeighbourList *pb,
			      struct graphd_neighbour_list *out,
			      struct graphd_error *err)
{
	size_t n = pb->n_rels;

	if (pb->n_nodes != n) {
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "neighbour list with %zu relationships but "
				 "%zu nodes",
				 pb->n_rels, pb->n_nodes);
		return -1;
	}
	out->rels = calloc(n ? n : 1, sizeof(*out->rels));
	out->nodes = calloc(n ? n : 1, sizeof(*out->nodes));
	if (!out->rels || !out->nodes)
		return nomem(err);
	for (; out->n < n; out->n++) {
		if (client_rel_from_pb(pb->rels[out->n], &out->rels[out->n]))
			return nomem(err);
		if (client_node_from_pb(pb->nodes[out->n],
					&out->nodes[out->n])) {
			graphd_rel_free(&out->rels[out->n]);
			return nomem(err);
		}
	}
	return 0;
}

int graphd_neighbours(graphd_t *g, uint64_t node, enum graphd_dir dir,
		      const char *const *types, size_t n_types, uint32_t limit,
		      const struct graphd_read_opts *opts,
		      struct graphd_neighbour_list *out,
		      struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Neighbours body = GRAPHD__NEIGHBOURS__INIT;
	Graphd__Response *resp;
	int rc;

	memset(out, 0, sizeof(*out));
	if (dir > GRAPHD_BOTH || (n_types && !types)) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "graphd_neighbours: bad direction or types");
		return -1;
	}
	body.node = node;
	body.dir = (Graphd__Direction)dir; /* same numbering as the wire */
	body.types = (char **)types;	   /* only read by pack */
	body.n_types = n_types;
	body.limit = limit;
	req.body_case = GRAPHD__REQUEST__BODY_NEIGHBOURS;
	req.neighbours = &body;
	read_opts(&req, opts);
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_NEIGHBOURS, &resp,
			 err))
		return -1;
	rc = neighbours_from_pb(resp->neighbours, out, err);
	if (rc < 0)
		graphd_neighbour_list_free(out);
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}

static int nodes_from_pb(const Graphd__NodeList *pb,
			 struct graphd_node_list *out, struct graphd_error *err)
{
	out->nodes = calloc(pb->n_nodes ? pb->n_nodes : 1, sizeof(*out->nodes));
	if (!out->nodes)
		return nomem(err);
	for (; out->n < pb->n_nodes; out->n++)
		if (client_node_from_pb(pb->nodes[out->n], &out->nodes[out->n]))
			return nomem(err);
	return 0;
}

int graphd_nodes_by_label(graphd_t *g, const char *label, const char *key,
			  const struct graphd_value *value, uint32_t limit,
			  const struct graphd_read_opts *opts,
			  struct graphd_node_list *out,
			  struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__NodesByLabel body = GRAPHD__NODES_BY_LABEL__INIT;
	Graphd__Property where = GRAPHD__PROPERTY__INIT;
	struct client_arena arena = {0};
	Graphd__Response *resp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!label || !*label || (key && !value)) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "graphd_nodes_by_label needs a label (and a "
				 "value with a key)");
		return -1;
	}
	body.label = (char *)label;
	body.limit = limit;
	if (key) {
		where.key = (char *)key;
		where.value = client_value_to_pb(&arena, value);
		if (!where.value) {
			nomem(err);
			goto out;
		}
		body.where = &where;
	}
	req.body_case = GRAPHD__REQUEST__BODY_NODES_BY_LABEL;
	req.nodes_by_label = &body;
	read_opts(&req, opts);
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_NODES, &resp, err))
		goto out;
	rc = nodes_from_pb(resp->nodes, out, err);
	if (rc < 0)
		graphd_node_list_free(out);
	graphd__response__free_unpacked(resp, NULL);
out:
	client_arena_free(&arena);
	return rc;
}

/* ----------------------------------------------------------------- queries */

void graphd_result_free(struct graphd_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_columns; i++)
		free(r->columns ? r->columns[i] : NULL);
	free(r->columns);
	for (size_t i = 0; i < r->n_rows; i++) {
		for (size_t j = 0; j < r->n_columns; j++)
			graphd_value_free(&r->rows[i][j]);
		free(r->rows[i]);
	}
	free(r->rows);
	free(r->plan);
	memset(r, 0, sizeof(*r));
}

/* Every row gets n_columns values: a short row from the server is padded with
 * nulls (a longer one is a protocol error) so callers can index freely. */
static int result_from_pb(graphd_t *g, const Graphd__QueryResult *pb,
			  struct graphd_result *out, struct graphd_error *err)
{
	size_t nc = pb->n_columns;

	out->columns = calloc(nc ? nc : 1, sizeof(*out->columns));
	out->rows = calloc(pb->n_rows ? pb->n_rows : 1, sizeof(*out->rows));
	out->plan = strdup(pb->plan ? pb->plan : "");
	if (!out->columns || !out->rows || !out->plan)
		return nomem(err);
	for (; out->n_columns < nc; out->n_columns++)
		if (!(out->columns[out->n_columns] =
			  strdup(pb->columns[out->n_columns])))
			return nomem(err);
	for (; out->n_rows < pb->n_rows; out->n_rows++) {
		const Graphd__Row *row = pb->rows[out->n_rows];
		struct graphd_value *v = calloc(nc ? nc : 1, sizeof(*v));
		if (!v)
			return nomem(err);
		out->rows[out->n_rows] = v;
		if (row->n_values > nc) {
			out->n_rows++;
			client_set_error(err, GRAPHD_E_PROTOCOL,
					 "%s sent a row of %zu values for %zu "
					 "columns",
					 g->name, row->n_values, nc);
			return -1;
		}
		for (size_t j = 0; j < row->n_values; j++)
			if (client_value_from_pb(row->values[j], &v[j]) < 0) {
				out->n_rows++;
				return nomem(err);
			}
	}
	copy_counters(&out->counters, pb->counters);
	out->txn_id = pb->txn_id;
	return 0;
}

static bool param_sendable(const struct graphd_value *v, int depth)
{
	if (depth > 32)
		return false;
	switch (v->type) {
	case GRAPHD_NODE:
	case GRAPHD_REL:
	case GRAPHD_PATH:
		return false;
	case GRAPHD_LIST:
		for (size_t i = 0; i < v->u.list.n; i++)
			if (!param_sendable(&v->u.list.items[i], depth + 1))
				return false;
		return true;
	case GRAPHD_MAP:
		for (size_t i = 0; i < v->u.map.n; i++)
			if (!param_sendable(&v->u.map.entries[i].value,
					    depth + 1))
				return false;
		return true;
	default:
		return true;
	}
}

static Graphd__Query *query_to_pb(struct client_arena *a, const char *stmt,
				  const struct graphd_param *params, size_t n,
				  struct graphd_error *err)
{
	Graphd__Query *q = client_arena_alloc(a, sizeof(*q));

	if (!q)
		goto nomem;
	graphd__query__init(q);
	q->params = client_arena_alloc(a, (n + 1) * sizeof(*q->params));
	if (!q->params)
		goto nomem;
	q->statement = (char *)stmt; /* only read by pack */
	for (; q->n_params < n; q->n_params++) {
		const struct graphd_param *p = &params[q->n_params];
		Graphd__Property *pp;
		if (!p->name || !*p->name || !param_sendable(&p->value, 0)) {
			client_set_error(err, GRAPHD_E_USAGE,
					 "query parameter %zu ('%.100s') has "
					 "no name or holds a node, "
					 "relationship or path",
					 q->n_params + 1,
					 p->name ? p->name : "");
			return NULL;
		}
		if (!(pp = client_arena_alloc(a, sizeof(*pp))))
			goto nomem;
		graphd__property__init(pp);
		pp->key = (char *)p->name;
		if (!(pp->value = client_value_to_pb(a, &p->value)))
			goto nomem;
		q->params[q->n_params] = pp;
	}
	return q;
nomem:
	nomem(err);
	return NULL;
}

int graphd_query(graphd_t *g, const char *statement,
		 const struct graphd_param *params, size_t n_params,
		 const struct graphd_read_opts *opts, struct graphd_result *out,
		 struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__Response *resp = NULL;
	struct client_arena arena = {0};
	int rc = -1;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!g || !statement || !out || (n_params && !params)) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "graphd_query needs a connection, a "
				 "statement and a result");
		return -1;
	}
	if (!(req.query =
		  query_to_pb(&arena, statement, params, n_params, err)))
		goto out;
	req.body_case = GRAPHD__REQUEST__BODY_QUERY;
	/* Only the server knows whether the statement writes, so every
	 * statement carries a (session, seq) as a write does (DESIGN.md 3.3);
	 * request() resends it unchanged on a retryable failure. */
	req.session = g->session;
	req.seq = ++g->seq;
	read_opts(&req, opts);
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_QUERY, &resp, err) < 0)
		goto out;
	rc = result_from_pb(g, resp->query, out, err);
	if (rc < 0)
		graphd_result_free(out);
	graphd__response__free_unpacked(resp, NULL);
out:
	client_arena_free(&arena);
	return rc;
}

/* ------------------------------------------------------------------ status */

void graphd_status_free(struct graphd_status *s)
{
	if (!s)
		return;
	free(s->members);
	free(s->foreign);
	memset(s, 0, sizeof(*s));
}

#define COPY_STR(dst, src)                                                     \
	snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

static void member_from_pb(const Graphd__Member *m, struct graphd_member *d)
{
	d->server_id = m->server_id;
	COPY_STR(d->role, m->role);
	COPY_STR(d->address, m->address);
	d->reachable = m->reachable;
	d->match_index = m->match_index;
	d->lag = m->lag;
	COPY_STR(d->cluster_address, m->cluster_address);
}

static int status_from_pb(const Graphd__Status *pb, struct graphd_status *out,
			  struct graphd_error *err)
{
	COPY_STR(out->mode, pb->mode);
	COPY_STR(out->role, pb->role);
	COPY_STR(out->data_dir, pb->data_dir);
	COPY_STR(out->cluster_name, pb->cluster_name);
	COPY_STR(out->version, pb->version);
	COPY_STR(out->disk_full, pb->disk_full);
	out->server_id = pb->server_id;
	out->term = pb->term;
	out->commit_index = pb->commit_index;
	out->applied_index = pb->applied_index;
	out->uptime_ms = pb->uptime_ms;
	out->master_id = pb->master_id;
	out->members =
	    calloc(pb->n_members ? pb->n_members : 1, sizeof(*out->members));
	if (!out->members)
		return nomem(err);
	for (; out->n_members < pb->n_members; out->n_members++)
		member_from_pb(pb->members[out->n_members],
			       &out->members[out->n_members]);
	COPY_STR(out->cluster_id, pb->cluster_id);
	out->foreign =
	    calloc(pb->n_foreign ? pb->n_foreign : 1, sizeof(*out->foreign));
	if (!out->foreign)
		return nomem(err);
	for (; out->n_foreign < pb->n_foreign; out->n_foreign++)
		member_from_pb(pb->foreign[out->n_foreign],
			       &out->foreign[out->n_foreign]);
	return 0;
}

int graphd_status(graphd_t *g, struct graphd_status *out,
		  struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__StatusRequest body = GRAPHD__STATUS_REQUEST__INIT;
	Graphd__Response *resp;
	int rc;

	memset(out, 0, sizeof(*out));
	req.body_case = GRAPHD__REQUEST__BODY_STATUS;
	req.status = &body;
	if (read_request(g, &req, GRAPHD__RESPONSE__BODY_STATUS, &resp, err))
		return -1;
	rc = status_from_pb(resp->status, out, err);
	if (rc < 0)
		graphd_status_free(out);
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}

/* -------------------------------------------------------------- membership */

static const char *const member_op_names[] = {"add", "add arbiter", "remove",
					      "transfer"};

static int member_change_check(enum graphd_member_op op, uint32_t id,
			       const char *cluster_address,
			       struct graphd_error *err)
{
	struct client_server s;

	if ((unsigned)op > GRAPHD_MEMBER_TRANSFER || id == 0) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "graphd_member_change: bad operation or "
				 "server id 0");
		return -1;
	}
	if ((op == GRAPHD_MEMBER_ADD || op == GRAPHD_MEMBER_ADD_ARBITER) &&
	    (!cluster_address ||
	     parse_server(&s, cluster_address, strlen(cluster_address)) < 0)) {
		client_set_error(err, GRAPHD_E_USAGE,
				 "adding instance %u needs its cluster address "
				 "(ha.cluster_server) as host:port, got "
				 "'%.100s'",
				 id, cluster_address ? cluster_address : "");
		return -1;
	}
	return 0;
}

/* Sends a membership request until the master takes it. Only answers that
 * prove the request was not carried out are retried: NOT_MASTER (at once
 * when it names the master), NO_MASTER and unreachable servers (with
 * backoff). A lost connection or a timeout may hide a change that was made:
 * retrying could then remove or add twice, so the caller gets the error. */
static int member_request(graphd_t *g, Graphd__Request *req,
			  Graphd__Response **resp, struct graphd_error *err)
{
	int64_t give_up = client_now_ms() + g->retry_ms;
	unsigned backoff = CLIENT_BACKOFF_FIRST_MS, redirects = 0;
	struct graphd_error e;

	for (;;) {
		memset(&e, 0, sizeof(e));
		if (roundtrip(g, req, resp, &e) == 0)
			return 0;
		if (e.code == GRAPHD_E_NOT_MASTER && g->have_redirect) {
			if (redirects++ == CLIENT_MAX_REDIRECTS) {
				client_set_error(
				    &e, GRAPHD_E_NOT_MASTER,
				    "%s is not master either, after %d "
				    "redirects: %s; the master is changing, "
				    "try again",
				    g->name, CLIENT_MAX_REDIRECTS, e.message);
				break;
			}
			disconnect(g);
			continue;
		}
		if ((e.code != GRAPHD_E_NOT_MASTER &&
		     e.code != GRAPHD_E_NO_MASTER &&
		     e.code != GRAPHD_E_CONNECT) ||
		    client_now_ms() + (int64_t)backoff >= give_up)
			break;
		disconnect(g);
		g->cur = (g->cur + 1) % g->n_servers;
		sleep_ms(backoff);
		backoff = backoff * 2 > CLIENT_BACKOFF_MAX_MS
			      ? CLIENT_BACKOFF_MAX_MS
			      : backoff * 2;
	}
	if (err)
		*err = e;
	return -1;
}

int graphd_member_change(graphd_t *g, enum graphd_member_op op, uint32_t id,
			 const char *cluster_address, uint64_t *index,
			 struct graphd_error *err)
{
	Graphd__Request req = GRAPHD__REQUEST__INIT;
	Graphd__MemberChange body = GRAPHD__MEMBER_CHANGE__INIT;
	Graphd__Response *resp = NULL;
	int rc = -1;

	if (index)
		*index = 0;
	if (!g) {
		client_set_error(err, GRAPHD_E_USAGE, "no connection");
		return -1;
	}
	if (member_change_check(op, id, cluster_address, err) < 0)
		return -1;
	body.op = (Graphd__MemberChange__Op)op; /* same numbering as the wire */
	body.server_id = id;
	if (op == GRAPHD_MEMBER_ADD || op == GRAPHD_MEMBER_ADD_ARBITER)
		body.cluster_address = (char *)cluster_address; /* read only */
	req.body_case = GRAPHD__REQUEST__BODY_MEMBER_CHANGE;
	req.member_change = &body;
	if (member_request(g, &req, &resp, err) < 0)
		return -1;
	if (resp->body_case == GRAPHD__RESPONSE__BODY_WRITE) {
		if (index)
			*index = resp->write->txn_id;
	} else if (op != GRAPHD_MEMBER_TRANSFER ||
		   resp->body_case != GRAPHD__RESPONSE__BODY__NOT_SET) {
		/* A transfer has no log index to report; a change does. */
		client_set_error(err, GRAPHD_E_PROTOCOL,
				 "%s answered the %s of instance %u without "
				 "its transaction id",
				 g->name, member_op_names[op], id);
		goto out;
	}
	rc = 0;
out:
	graphd__response__free_unpacked(resp, NULL);
	return rc;
}
