/* make_corpus.c: writes the fuzzers' seed corpus (tests/fuzz/corpus/TARGET/)
 * from real messages: framed handshakes and requests, every PeerFrame body,
 * consensus messages, configuration files, store copy chunks streamed from a
 * store and TxnEntry payloads. Run by `make fuzz-corpus`; the output is
 * committed, so rerun it when the protocol changes. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph/apply.h"
#include "graphd.pb-c.h"
#include "net/frame.h"
#include "net/raftwire.h"
#include "store/copy.h"
#include "store/env.h"
#include "store/graph.h"

static const char *corpus_dir;

static _Noreturn void corpus_die(const char *what)
{
	fprintf(stderr, "make_corpus: %s\n", what);
	exit(1);
}

static void corpus_write(const char *target, const char *name,
			 const uint8_t *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		corpus_die("cannot make a target directory");
	snprintf(path, sizeof(path), "%s/%s/%s", corpus_dir, target, name);
	if (!(f = fopen(path, "wb")) || fwrite(buf, 1, len, f) != len ||
	    fclose(f) != 0)
		corpus_die("cannot write a corpus file");
}

/* Packs m, with a frame header when framed. */
static void corpus_msg(const char *target, const char *name,
		       const ProtobufCMessage *m, int framed)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	size_t off = framed ? FRAME_HEADER_SIZE : 0;
	uint8_t *buf = malloc(off + n + 1);

	if (!buf)
		corpus_die("out of memory");
	if (framed)
		frame_put_header(buf, (uint32_t)n);
	protobuf_c_message_pack(m, buf + off);
	corpus_write(target, name, buf, off + n);
	free(buf);
}

/* ------------------------------------------------- writes and queries */

static Graphd__Value v_int, v_str;
static Graphd__Property p_name, p_age;
static Graphd__Property *props[] = {&p_name, &p_age};
static char *labels[] = {"Person"};
static Graphd__CreateNode cn = GRAPHD__CREATE_NODE__INIT;
static Graphd__Ref r0 = GRAPHD__REF__INIT, r1 = GRAPHD__REF__INIT,
		   rid = GRAPHD__REF__INIT;
static Graphd__CreateRel cr = GRAPHD__CREATE_REL__INIT;
static Graphd__SetProp sp = GRAPHD__SET_PROP__INIT;
static Graphd__RemoveProp rp = GRAPHD__REMOVE_PROP__INIT;
static Graphd__LabelOp lo = GRAPHD__LABEL_OP__INIT;
static Graphd__DeleteNode dn = GRAPHD__DELETE_NODE__INIT;
static Graphd__DeleteRel dr = GRAPHD__DELETE_REL__INIT;
static Graphd__Op ops[8];
static Graphd__Op *op_ptrs[8];

static void corpus_ops_init(void)
{
	graphd__value__init(&v_int);
	v_int.kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	v_int.int_value = 42;
	graphd__value__init(&v_str);
	v_str.kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	v_str.string_value = "Ada";
	graphd__property__init(&p_name);
	p_name.key = "name";
	p_name.value = &v_str;
	graphd__property__init(&p_age);
	p_age.key = "age";
	p_age.value = &v_int;
	cn.n_labels = 1;
	cn.labels = labels;
	cn.n_props = 2;
	cn.props = props;
	r0.target_case = GRAPHD__REF__TARGET_OP_INDEX;
	r0.op_index = 0;
	r1.target_case = GRAPHD__REF__TARGET_OP_INDEX;
	r1.op_index = 1;
	rid.target_case = GRAPHD__REF__TARGET_ID;
	rid.id = 1;
	cr.type = "KNOWS";
	cr.start = &r0;
	cr.end = &r1;
	sp.target = &r0;
	sp.key = "age";
	sp.value = &v_int;
	rp.target = &r1;
	rp.key = "name";
	lo.node = &r0;
	lo.label = "Admin";
	dn.node = &rid;
	dn.detach = 1;
	dr.rel = &rid;
	for (int i = 0; i < 8; i++) {
		graphd__op__init(&ops[i]);
		op_ptrs[i] = &ops[i];
	}
	ops[0].op_case = GRAPHD__OP__OP_CREATE_NODE;
	ops[0].create_node = &cn;
	ops[1].op_case = GRAPHD__OP__OP_CREATE_NODE;
	ops[1].create_node = &cn;
	ops[2].op_case = GRAPHD__OP__OP_CREATE_REL;
	ops[2].create_rel = &cr;
	ops[3].op_case = GRAPHD__OP__OP_SET_PROP;
	ops[3].set_prop = &sp;
	ops[4].op_case = GRAPHD__OP__OP_REMOVE_PROP;
	ops[4].remove_prop = &rp;
	ops[5].op_case = GRAPHD__OP__OP_ADD_LABEL;
	ops[5].add_label = &lo;
	ops[6].op_case = GRAPHD__OP__OP_REMOVE_LABEL;
	ops[6].remove_label = &lo;
	ops[7].op_case = GRAPHD__OP__OP_DELETE_NODE;
	ops[7].delete_node = &dn;
}

static const char *const queries[] = {
    ("CREATE (a:Person {name: 'Ada', born: 1815})-[:KNOWS {since: 1833}]->"
     "(b:Person {name: 'Charles'}) RETURN a, b"),
    "MERGE (n:City {name: $name}) ON CREATE SET n.created = timestamp()",
    "MATCH (n:Person) WHERE n.born < 1900 SET n.old = true, n:Historic",
    "MATCH (n)-[r:KNOWS]->(m) DELETE r",
    "MATCH (n:Person {name: 'Ada'}) DETACH DELETE n",
    "UNWIND [1, 2, 3] AS i CREATE (:N {i: i, s: toString(i)})",
    "CREATE INDEX FOR (p:Person) ON (p.name)",
    "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.name IS UNIQUE",
    "MATCH (n:N) REMOVE n.s, n:N RETURN count(n)",
};

/* TxnEntry payloads: what a follower applies (target txn). */
static void corpus_txn(void)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	Graphd__Query q = GRAPHD__QUERY__INIT;
	Graphd__Property *params[] = {&p_name};
	char name[64];

	te.origin_server = 1;
	te.session = 7;
	te.timestamp_ms = 1700000000000;
	te.txn = &wt;
	wt.ops = op_ptrs;
	for (size_t n = 1; n <= 8; n++) {
		wt.n_ops = n;
		te.seq = n;
		snprintf(name, sizeof(name), "write_%zu_ops", n);
		corpus_msg("txn", name, &te.base, 0);
	}
	wt.ops = &op_ptrs[7];
	wt.n_ops = 1;
	corpus_msg("txn", "delete_node_1", &te.base, 0);
	ops[7].op_case = GRAPHD__OP__OP_DELETE_REL;
	ops[7].delete_rel = &dr;
	corpus_msg("txn", "delete_rel_1", &te.base, 0);
	te.txn = NULL;
	te.query = &q;
	q.n_params = 1;
	q.params = params;
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		q.statement = (char *)queries[i];
		te.seq = 100 + i;
		snprintf(name, sizeof(name), "query_%zu", i);
		corpus_msg("txn", name, &te.base, 0);
	}
}

/* --------------------------------------------- client port: frame */

/* A request framed as on the client port (target frame), and bare as the
 * node dispatches it (target request). */
static void corpus_request(const char *name, const Graphd__Request *r)
{
	corpus_msg("frame", name, &r->base, 1);
	corpus_msg("request", name, &r->base, 0);
}

static void corpus_client(void)
{
	Graphd__ClientHello h = GRAPHD__CLIENT_HELLO__INIT;
	Graphd__Request r = GRAPHD__REQUEST__INIT;
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	Graphd__Query q = GRAPHD__QUERY__INIT;
	Graphd__GetNode gn = GRAPHD__GET_NODE__INIT;
	Graphd__Neighbours nb = GRAPHD__NEIGHBOURS__INIT;
	Graphd__NodesByLabel bl = GRAPHD__NODES_BY_LABEL__INIT;
	Graphd__StatusRequest st = GRAPHD__STATUS_REQUEST__INIT;
	Graphd__MemberChange mc = GRAPHD__MEMBER_CHANGE__INIT;
	char *types[] = {"KNOWS"};

	h.protocol_version = 1;
	h.cluster_name = "graphd";
	h.client_name = "make_corpus";
	corpus_msg("frame", "client_hello", &h.base, 1);
	r.request_id = 1;
	r.session = 7;
	r.seq = 1;
	r.body_case = GRAPHD__REQUEST__BODY_WRITE;
	r.write = &wt;
	wt.n_ops = 8;
	wt.ops = op_ptrs;
	corpus_request("request_write", &r);
	r.body_case = GRAPHD__REQUEST__BODY_QUERY;
	r.query = &q;
	q.statement = (char *)queries[0];
	corpus_request("request_query", &r);
	q.statement = "MATCH (a:Person)-[r]->(b) WHERE a.name = 'Ada' "
		      "RETURN a, r, b ORDER BY b.name LIMIT 5";
	corpus_request("request_query_read", &r);
	q.statement = "MATCH p = (a)-[*1..2]-(b) RETURN p, length(p)";
	corpus_request("request_query_path", &r);
	r.bookmark = 3;
	r.linearizable = 1;
	r.body_case = GRAPHD__REQUEST__BODY_GET_NODE;
	r.get_node = &gn;
	gn.id = 1;
	corpus_request("request_get_node", &r);
	r.body_case = GRAPHD__REQUEST__BODY_NEIGHBOURS;
	r.neighbours = &nb;
	nb.node = 1;
	nb.dir = GRAPHD__DIRECTION__DIR_BOTH;
	nb.n_types = 1;
	nb.types = types;
	nb.limit = 10;
	corpus_request("request_neighbours", &r);
	r.body_case = GRAPHD__REQUEST__BODY_NODES_BY_LABEL;
	r.nodes_by_label = &bl;
	bl.label = "Person";
	bl.where = &p_name;
	corpus_request("request_nodes_by_label", &r);
	r.body_case = GRAPHD__REQUEST__BODY_STATUS;
	r.status = &st;
	corpus_request("request_status", &r);
	r.body_case = GRAPHD__REQUEST__BODY_MEMBER_CHANGE;
	r.member_change = &mc;
	mc.op = GRAPHD__MEMBER_CHANGE__OP__ADD;
	mc.server_id = 4;
	mc.cluster_address = "127.0.0.1:5004";
	corpus_request("request_member_change", &r);
}

/* -------------------------------------------- cluster port: PeerFrame */

static void corpus_raft_msgs(void)
{
	static uint8_t payload[] = {0x0a, 0x03, 'a', 'b', 'c'};
	struct raft_entry es[3] = {
	    {.term = 2,
	     .index = 5,
	     .type = RAFT_ENTRY_NORMAL,
	     .data = payload,
	     .len = sizeof(payload)},
	    {.term = 2, .index = 6, .type = RAFT_ENTRY_CONF},
	    {.term = 3, .index = 7, .type = RAFT_ENTRY_NOOP},
	};
	struct raft_config conf = {
	    .n = 3,
	    .members = {{.id = 1, .kind = RAFT_MEMBER_VOTER},
			{.id = 2,
			 .kind = RAFT_MEMBER_VOTER,
			 .slave_only = true},
			{.id = 3, .kind = RAFT_MEMBER_ARBITER}},
	};
	uint8_t cbuf[RAFT_CONFIG_ENCODED_MAX];
	struct raft_msg m = {.from = 1,
			     .to = 2,
			     .term = 3,
			     .log_term = 2,
			     .index = 4,
			     .commit = 4,
			     .context = 9};
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	struct raftwire_out out;
	char name[64];

	es[1].len = raft_config_encode(&conf, cbuf, sizeof(cbuf));
	es[1].data = cbuf;
	m.snapshot.index = 10;
	m.snapshot.term = 3;
	m.snapshot.config = conf;
	for (unsigned t = 0; t < RAFT_MSG_TYPE_COUNT; t++) {
		m.type = (uint8_t)t;
		m.n_entries = t == RAFT_MSG_APPEND ? 3 : 0;
		m.entries = es;
		m.reject = t == RAFT_MSG_APPEND_RESP;
		m.reject_hint = m.reject ? 3 : 0;
		if (raftwire_encode(&m, &out) < 0)
			corpus_die("out of memory");
		f.body_case = GRAPHD__PEER_FRAME__BODY_RAFT;
		f.raft = &out.msg;
		snprintf(name, sizeof(name), "raft_type_%u", t);
		corpus_msg("raftwire", name, &f.base, 0);
		corpus_msg("frame", name, &f.base, 1);
		raftwire_out_free(&out);
	}
	es[0].stripped = true;
	m.type = RAFT_MSG_APPEND;
	m.n_entries = 3;
	if (raftwire_encode(&m, &out) < 0)
		corpus_die("out of memory");
	f.raft = &out.msg;
	corpus_msg("raftwire", "raft_append_stripped", &f.base, 0);
	raftwire_out_free(&out);
}

static void corpus_peer(void)
{
	Graphd__PeerFrame f = GRAPHD__PEER_FRAME__INIT;
	Graphd__PeerHello h = GRAPHD__PEER_HELLO__INIT;
	Graphd__PeerWelcome w = GRAPHD__PEER_WELCOME__INIT;
	Graphd__PeerAddress a1 = GRAPHD__PEER_ADDRESS__INIT,
			    a2 = GRAPHD__PEER_ADDRESS__INIT;
	Graphd__PeerAddress *book[] = {&a1, &a2};
	Graphd__ForwardWrite fw = GRAPHD__FORWARD_WRITE__INIT;
	Graphd__ForwardResult fr = GRAPHD__FORWARD_RESULT__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	Graphd__JoinRequest j = GRAPHD__JOIN_REQUEST__INIT;
	Graphd__StoreCopy sc = GRAPHD__STORE_COPY__INIT;
	static uint8_t rec[] = {4, 0, 0, 0, 1, 'k', 0, 0, 0, 1, 'v'};

	a1.server_id = 1;
	a1.cluster_address = "127.0.0.1:5001";
	a1.client_address = "127.0.0.1:6001";
	a2.server_id = 3;
	a2.cluster_address = "127.0.0.1:5003";
	a2.kind = GRAPHD__INSTANCE_KIND__KIND_ARBITER;
	h.protocol_version = 1;
	h.cluster_name = "graphd";
	h.self = &a1;
	h.formed = 1;
	h.n_peers = 2;
	h.peers = book;
	f.body_case = GRAPHD__PEER_FRAME__BODY_HELLO;
	f.hello = &h;
	corpus_msg("frame", "peer_hello", &f.base, 1);
	w.self = &a2;
	w.formed = 1;
	w.n_peers = 2;
	w.peers = book;
	w.n_members = 2;
	w.members = book;
	f.body_case = GRAPHD__PEER_FRAME__BODY_WELCOME;
	f.welcome = &w;
	corpus_msg("frame", "peer_welcome", &f.base, 1);
	e.code = GRAPHD__ERROR_CODE__BAD_REQUEST;
	e.message = "cluster name differs";
	w.error = &e;
	corpus_msg("frame", "peer_welcome_refused", &f.base, 1);
	fw.token = 11;
	fw.entry.data = rec;
	fw.entry.len = sizeof(rec);
	f.body_case = GRAPHD__PEER_FRAME__BODY_FORWARD;
	f.forward = &fw;
	corpus_msg("frame", "peer_forward", &f.base, 1);
	fr.token = 11;
	fr.index = 12;
	fr.error = &e;
	f.body_case = GRAPHD__PEER_FRAME__BODY_FORWARD_RESULT;
	f.forward_result = &fr;
	corpus_msg("frame", "peer_forward_result", &f.base, 1);
	j.joiner = &a2;
	f.body_case = GRAPHD__PEER_FRAME__BODY_JOIN;
	f.join = &j;
	corpus_msg("frame", "peer_join", &f.base, 1);
	sc.copy_id = 5;
	sc.applied_index = 40;
	sc.seq = 0;
	sc.data.data = rec;
	sc.data.len = sizeof(rec);
	sc.last = 1;
	sc.crc = 0x12345678;
	sc.total_bytes = sizeof(rec);
	f.body_case = GRAPHD__PEER_FRAME__BODY_STORE_COPY;
	f.store_copy = &sc;
	corpus_msg("frame", "peer_store_copy", &f.base, 1);
}

/* ------------------------------------------------------------- config */

static const char *const configs[][2] = {
    {"single", "# a single instance\n"
	       "dbms.mode = SINGLE\n"
	       "ha.server = 127.0.0.1:6001\n"
	       "dbms.directories.data = /var/lib/graphd\n"
	       "dbms.logs.level = DEBUG\n"},
    {"ha", "dbms.mode = HA\n"
	   "ha.server_id = 2\n"
	   "ha.cluster_name = prod\n"
	   "ha.initial_hosts = 1@127.0.0.1:5001, 2@127.0.0.1:5002, "
	   "3@[::1]:5003/arbiter\n"
	   "ha.cluster_server = :5002\n"
	   "ha.server = [::1]:6002\n"
	   "ha.heartbeat_interval = 50ms\n"
	   "ha.election_timeout = 1s\n"
	   "ha.write_timeout = 1m\n"
	   "ha.slave_only = true\n"
	   "ha.max_frame_size = 64k\n"
	   "ha.log_compact_every = 10000\n"},
    {"arbiter", "dbms.mode = ARBITER\n"
		"ha.server_id = 3\n"
		"ha.initial_hosts = 127.0.0.1:5001,127.0.0.1:5002\n"
		"ha.cluster_secret = s3cret-s3cret-s3cret\n"},
    {"security", "dbms.security.auth_enabled = true\n"
		 "dbms.security.auth_file = auth.json\n"
		 "dbms.security.ha_status_auth_enabled = false\n"
		 "ha.cluster_secret_file = /etc/graphd/secret\n"
		 "dbms.connector.http.listen_address = 0.0.0.0:7474\n"},
    {"bad_value", "ha.server_id = 0\nha.election_timeout = 5x\n"},
};

/* Request bodies of the HTTP transactional endpoint (target json). */
static const char *const jsons[][2] = {
    {"tx_one", "{\"statements\": [{\"statement\": \"MATCH (n) RETURN n\"}]}"},
    {"tx_params",
     "{\"statements\": [{\"statement\": \"CREATE (n:P $props)\", "
     "\"parameters\": {\"props\": {\"name\": \"Ada\", \"born\": 1815, "
     "\"h\": 1.65, \"ok\": true, \"x\": null, "
     "\"tags\": [\"a\", 2, 3.5, [false, {\"k\": []}]]}, "
     "\"limit\": 10}, \"includeStats\": true, "
     "\"resultDataContents\": [\"row\"]}]}"},
    {"tx_two",
     "{\"statements\": [{\"statement\": \"RETURN $a\", \"parameters\": "
     "{\"a\": \"\\u00e9\\n\"}}, {\"statement\": \"RETURN 1\"}]}"},
};

static void corpus_config(void)
{
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		corpus_write("config", configs[i][0],
			     (const uint8_t *)configs[i][1],
			     strlen(configs[i][1]));
	for (size_t i = 0; i < sizeof(jsons) / sizeof(jsons[0]); i++)
		corpus_write("json", jsons[i][0], (const uint8_t *)jsons[i][1],
			     strlen(jsons[i][1]));
}

/* ---------------------------------------------------------- store copy */

static int corpus_rm_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Applies the write entries to a scratch store and streams it as store copy
 * chunks (small stores: one chunk each, after 1, 3 and 8 operations). */
static void corpus_storecopy(struct store_graph *g)
{
	static uint8_t chunk[STORE_COPY_CHUNK_MIN];
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	static const size_t at[] = {1, 3, 8};
	struct store_copy_reader *r;
	struct graph_apply_out out;
	struct raft_entry e = {.term = 1, .type = RAFT_ENTRY_NORMAL};
	uint8_t buf[4096];
	char err[512], name[64];
	uint64_t applied;
	size_t len;

	te.origin_server = 1;
	te.txn = &wt;
	wt.ops = op_ptrs;
	ops[7].op_case = GRAPHD__OP__OP_DELETE_NODE;
	ops[7].delete_node = &dn;
	for (size_t i = 0; i < 3; i++) {
		wt.n_ops = at[i];
		te.seq = i + 1;
		e.index = i + 1;
		e.len = graphd__txn_entry__pack(&te, buf);
		e.data = buf;
		if (graph_apply(g, &e, &out, err, sizeof(err)) < 0)
			corpus_die(err);
		graph_response_free(out.response);
		if (store_copy_reader_open(g, &r, &applied, err, sizeof(err)) <
			0 ||
		    store_copy_reader_next(r, chunk, sizeof(chunk), &len, err,
					   sizeof(err)) < 0)
			corpus_die(err);
		store_copy_reader_close(r);
		snprintf(name, sizeof(name), "chunk_after_%zu_ops", at[i]);
		corpus_write("storecopy", name, chunk, len);
	}
}

static void corpus_store(void)
{
	const char *tmp = getenv("TMPDIR");
	struct store_env *env;
	struct store_graph *g;
	char dir[256], err[512];

	snprintf(dir, sizeof(dir), "%s/graphd-corpus-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir))
		corpus_die("cannot make a temporary directory");
	if (store_env_open(&env, dir, err, sizeof(err)) < 0 ||
	    store_graph_open(env, &g, err, sizeof(err)) < 0)
		corpus_die(err);
	corpus_storecopy(g);
	store_graph_close(g);
	store_env_close(env);
	nftw(dir, corpus_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_corpus CORPUS_DIR\n");
		return 2;
	}
	corpus_dir = argv[1];
	if (mkdir(corpus_dir, 0755) < 0 && errno != EEXIST)
		corpus_die("cannot make the corpus directory");
	corpus_ops_init();
	corpus_client();
	corpus_peer();
	corpus_raft_msgs();
	corpus_config();
	corpus_store();
	corpus_txn();
	return 0;
}
