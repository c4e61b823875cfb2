/* test_client.c: libgraphd without a server: value parsing and printing,
 * transaction building, and the wire conversation (handshake, request
 * encoding, retries with the same sequence number, refusals, oversized
 * responses) against a fake server thread on 127.0.0.1; and graphctl's
 * output and exit statuses against the same fake server. */
#include "cli/args.h"
#include "cli/script.h"
#include "cli/table.h"
#include "client/graphd.h"
#include "graphd.pb-c.h"
#include "net/frame.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/cu_run.h"

/* ------------------------------------------------------------------ values */

static void parse_ok(const char *text, struct graphd_value *v)
{
	struct graphd_error e = {0};

	CU_ASSERT_EQUAL(graphd_value_parse(text, v, &e), 0);
	if (e.code)
		fprintf(stderr, "\n  parse '%s': %s\n", text, e.message);
}

/* Parses text and prints the value back: the round trip graphctl relies on
 * for --prop and for showing properties. */
static void check_roundtrip(const char *text, enum graphd_type type,
			    const char *shown)
{
	struct graphd_value v;
	char buf[256];

	parse_ok(text, &v);
	CU_ASSERT_EQUAL(v.type, type);
	CU_ASSERT_EQUAL(graphd_value_format(&v, buf, sizeof(buf)),
			strlen(shown));
	CU_ASSERT_STRING_EQUAL(buf, shown);
	if (strcmp(buf, shown))
		fprintf(stderr, "\n  '%s' shown as '%s', want '%s'\n", text,
			buf, shown);
	graphd_value_free(&v);
}

static void value_scalars_parse_to_their_types(void)
{
	struct graphd_value v;

	parse_ok("42", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_INT);
	CU_ASSERT_EQUAL(v.u.i, 42);
	parse_ok("-1", &v);
	CU_ASSERT_EQUAL(v.u.i, -1);
	parse_ok("9223372036854775807", &v);
	CU_ASSERT_EQUAL(v.u.i, INT64_MAX);
	parse_ok("3.5", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_FLOAT);
	CU_ASSERT_DOUBLE_EQUAL(v.u.f, 3.5, 0);
	parse_ok(" true ", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_BOOL);
	CU_ASSERT_TRUE(v.u.b);
	parse_ok("false", &v);
	CU_ASSERT_FALSE(v.u.b);
	parse_ok("null", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_NULL);
}

static void value_strings_quoted_or_bare(void)
{
	struct graphd_value v;

	parse_ok("\"quoted \\\"str\\\"\"", &v);
	CU_ASSERT_EQUAL_FATAL(v.type, GRAPHD_STRING);
	CU_ASSERT_STRING_EQUAL(v.u.s, "quoted \"str\"");
	graphd_value_free(&v);
	parse_ok("Ada Lovelace", &v);
	CU_ASSERT_EQUAL_FATAL(v.type, GRAPHD_STRING);
	CU_ASSERT_STRING_EQUAL(v.u.s, "Ada Lovelace");
	graphd_value_free(&v);
	parse_ok("\"42\"", &v); /* quotes keep a number a string */
	CU_ASSERT_EQUAL_FATAL(v.type, GRAPHD_STRING);
	CU_ASSERT_STRING_EQUAL(v.u.s, "42");
	graphd_value_free(&v);
	parse_ok("12abc", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_STRING);
	graphd_value_free(&v);
	parse_ok("0x10", &v); /* not a hex number: a string */
	CU_ASSERT_EQUAL(v.type, GRAPHD_STRING);
	graphd_value_free(&v);
	parse_ok("", &v);
	CU_ASSERT_EQUAL_FATAL(v.type, GRAPHD_STRING);
	CU_ASSERT_STRING_EQUAL(v.u.s, "");
	graphd_value_free(&v);
}

static void value_lists_nest(void)
{
	struct graphd_value v;

	parse_ok("[1, 2, \"x\", [true, null], bare word]", &v);
	CU_ASSERT_EQUAL_FATAL(v.type, GRAPHD_LIST);
	CU_ASSERT_EQUAL_FATAL(v.u.list.n, 5);
	CU_ASSERT_EQUAL(v.u.list.items[1].u.i, 2);
	CU_ASSERT_STRING_EQUAL(v.u.list.items[2].u.s, "x");
	CU_ASSERT_EQUAL(v.u.list.items[3].type, GRAPHD_LIST);
	CU_ASSERT_EQUAL(v.u.list.items[3].u.list.n, 2);
	CU_ASSERT_STRING_EQUAL(v.u.list.items[4].u.s, "bare word");
	graphd_value_free(&v);
	parse_ok("[]", &v);
	CU_ASSERT_EQUAL(v.type, GRAPHD_LIST);
	CU_ASSERT_EQUAL(v.u.list.n, 0);
	graphd_value_free(&v);
}

static void value_format_round_trips(void)
{
	check_roundtrip("42", GRAPHD_INT, "42");
	check_roundtrip("-9223372036854775808", GRAPHD_INT,
			"-9223372036854775808");
	check_roundtrip("3.5", GRAPHD_FLOAT, "3.5");
	check_roundtrip("3.0", GRAPHD_FLOAT, "3.0");
	check_roundtrip("0.1", GRAPHD_FLOAT, "0.1");
	check_roundtrip("1e300", GRAPHD_FLOAT, "1e+300");
	check_roundtrip("\"a\\\\b\\n\"", GRAPHD_STRING, "\"a\\\\b\\n\"");
	check_roundtrip("[1, \"x\", [false]]", GRAPHD_LIST,
			"[1, \"x\", [false]]");
	check_roundtrip("null", GRAPHD_NULL, "null");
}

static void value_format_reports_needed_size_when_truncated(void)
{
	struct graphd_value v = {.type = GRAPHD_STRING, .u.s = "abcdef"};
	char buf[4];

	CU_ASSERT_EQUAL(graphd_value_format(&v, buf, sizeof(buf)), 8);
	CU_ASSERT_STRING_EQUAL(buf, "\"ab");
	CU_ASSERT_EQUAL(graphd_value_format(&v, NULL, 0), 8);
}

static void value_parse_errors_are_usage_errors(void)
{
	const char *bad[] = {
	    "\"unterminated",	    "[1, 2", "[1,,2]", "\"a\" b", "\"\\q\"",
	    "99999999999999999999", "[1] x"};
	struct graphd_value v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct graphd_error e = {0};
		CU_ASSERT_EQUAL(graphd_value_parse(bad[i], &v, &e), -1);
		CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
		CU_ASSERT_NOT_EQUAL(e.message[0], '\0');
		CU_ASSERT_EQUAL(v.type, GRAPHD_NULL);
	}
}

static void value_nesting_is_bounded(void)
{
	char deep[64];
	struct graphd_value v;
	struct graphd_error e = {0};

	memset(deep, '[', 40);
	deep[40] = '\0';
	CU_ASSERT_EQUAL(graphd_value_parse(deep, &v, &e), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "nested"));
}

/* ------------------------------------------------------------ transactions */

static void txn_ops_are_numbered_in_order(void)
{
	struct graphd_txn *t = graphd_txn_new();
	const char *labels[] = {"Person"};
	struct graphd_value v = {.type = GRAPHD_INT, .u.i = 1};

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(graphd_txn_create_node(t, labels, 1, NULL, 0), 0);
	CU_ASSERT_EQUAL(graphd_txn_create_node(t, NULL, 0, NULL, 0), 1);
	CU_ASSERT_EQUAL(graphd_txn_create_rel(t, "KNOWS", GRAPHD_OP(0),
					      GRAPHD_OP(1), NULL, 0),
			2);
	CU_ASSERT_EQUAL(graphd_txn_set_prop(t, true, GRAPHD_OP(2), "w", &v), 3);
	CU_ASSERT_EQUAL(graphd_txn_add_label(t, GRAPHD_ID(5), "X"), 4);
	CU_ASSERT_EQUAL(graphd_txn_remove_label(t, GRAPHD_ID(5), "Y"), 5);
	CU_ASSERT_EQUAL(graphd_txn_remove_prop(t, false, GRAPHD_ID(5), "k"), 6);
	CU_ASSERT_EQUAL(graphd_txn_delete_rel(t, GRAPHD_ID(9)), 7);
	CU_ASSERT_EQUAL(graphd_txn_delete_node(t, GRAPHD_ID(5), true), 8);
	graphd_txn_free(t);
}

static void txn_refuses_forward_references_and_empty_names(void)
{
	struct graphd_txn *t = graphd_txn_new();
	const char *empty[] = {""};

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* Operation 0 cannot refer to the result of operation 0 or later. */
	CU_ASSERT_EQUAL(
	    graphd_txn_create_rel(t, "R", GRAPHD_OP(0), GRAPHD_ID(1), NULL, 0),
	    -1);
	CU_ASSERT_EQUAL(graphd_txn_delete_node(t, GRAPHD_OP(3), false), -1);
	CU_ASSERT_EQUAL(
	    graphd_txn_create_rel(t, "", GRAPHD_ID(1), GRAPHD_ID(2), NULL, 0),
	    -1);
	CU_ASSERT_EQUAL(graphd_txn_create_node(t, empty, 1, NULL, 0), -1);
	CU_ASSERT_EQUAL(graphd_txn_add_label(t, GRAPHD_ID(1), NULL), -1);
	/* Failed calls leave no operation behind. */
	CU_ASSERT_EQUAL(graphd_txn_create_node(t, NULL, 0, NULL, 0), 0);
	graphd_txn_free(t);
}

/* ------------------------------------------------------------ fake server */

#define FAKE_MAX_REQS 64

struct fake {
	int lfd;
	uint16_t port;
	pthread_t th;
	int conns;	      /* connections to serve, then exit */
	bool refuse;	      /* refuse the handshake */
	bool drop_on_request; /* close instead of answering requests */
	bool silent;	      /* never answer; wait for the client to close */
	bool oversize;	      /* answer with a frame over 64 MiB */
	int fail_first;	      /* answer request 0 with this error code */
	bool fail_retryable;
	int die_after;		 /* > 0: close the connection after this many */
	int not_master_first;	 /* answer the first N requests NOT_MASTER */
	char master_address[32]; /* ... naming this master ("": none) */
	/* Status answers: role (NULL: "master") and master id 0 for requests
	 * before number role_until, then role "master" and new_master. */
	const char *role;
	size_t role_until;
	uint32_t new_master;
	bool members; /* status lists three members */
	Graphd__ClientHello *hello;
	Graphd__Request *reqs[FAKE_MAX_REQS];
	size_t n_reqs;
};

static int read_full(int fd, uint8_t *p, size_t n)
{
	while (n) {
		struct pollfd pfd = {fd, POLLIN, 0};
		ssize_t r;
		if (poll(&pfd, 1, 5000) <= 0)
			return -1;
		r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static uint8_t *fake_recv(int fd, size_t *len)
{
	uint8_t hdr[FRAME_HEADER_SIZE], *buf;
	uint32_t n;

	if (read_full(fd, hdr, sizeof(hdr)) < 0 ||
	    frame_peek(hdr, sizeof(hdr), 1u << 20, &n) == FRAME_TOO_LARGE)
		return NULL;
	buf = malloc(n + 1);
	if (buf && read_full(fd, buf, n) < 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void fake_send(int fd, const ProtobufCMessage *m)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *buf = malloc(FRAME_HEADER_SIZE + n);

	frame_put_header(buf, (uint32_t)n);
	protobuf_c_message_pack(m, buf + FRAME_HEADER_SIZE);
	if (write(fd, buf, FRAME_HEADER_SIZE + n) < 0)
		perror("fake server write");
	free(buf);
}

static bool fake_handshake(struct fake *f, int fd)
{
	Graphd__ServerHello sh = GRAPHD__SERVER_HELLO__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	size_t len;
	uint8_t *buf = fake_recv(fd, &len);

	if (!buf)
		return false;
	if (!f->hello)
		f->hello = graphd__client_hello__unpack(NULL, len, buf);
	free(buf);
	sh.protocol_version = 1;
	sh.server_id = 1;
	sh.mode = "SINGLE";
	sh.role = "master";
	if (f->refuse) {
		e.code = GRAPHD__ERROR_CODE__REFUSED;
		e.message = "cluster name 'other' does not match 'graphd'";
		sh.error = &e;
	}
	fake_send(fd, &sh.base);
	return !f->refuse;
}

static Graphd__Node answer_node;
static Graphd__Property answer_props[4], *answer_prop_ptrs[4];
static Graphd__Value answer_vals[4];
static char *answer_labels[] = {"Person"};

/* Node 2, the other end of relationship 5 (1)-[:KNOWS]->(2). */
static char *other_labels[] = {"Person"};
static Graphd__Node other_node = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__node__descriptor),
    2,
    1,
    other_labels,
    0,
    NULL};
static Graphd__Node *other_nodes[] = {&other_node};
static Graphd__Relationship knows_rel = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__relationship__descriptor),
    5,
    "KNOWS",
    1,
    2,
    0,
    NULL};
static Graphd__Relationship *knows_rels[] = {&knows_rel};
static Graphd__NeighbourList answer_neighbours = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__neighbour_list__descriptor), 1, knows_rels,
    1, other_nodes};
static Graphd__NodeList answer_nodes = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__node_list__descriptor), 1, other_nodes};

static Graphd__Member fake_members[3] = {
    {PROTOBUF_C_MESSAGE_INIT(&graphd__member__descriptor), 1, "master",
     "127.0.0.1:6001", true, 130, 0, "127.0.0.1:5001"},
    {PROTOBUF_C_MESSAGE_INIT(&graphd__member__descriptor), 2, "slave",
     "127.0.0.1:6002", true, 120, 10, "127.0.0.1:5002"},
    {PROTOBUF_C_MESSAGE_INIT(&graphd__member__descriptor), 3, "arbiter", "",
     false, 0, 0, "[::1]:5003"}};
static Graphd__Member *fake_member_ptrs[] = {&fake_members[0], &fake_members[1],
					     &fake_members[2]};

static void fake_status(const struct fake *f, size_t idx, Graphd__Status *st)
{
	bool before = idx < f->role_until;

	st->mode = f->members ? "HA" : "SINGLE";
	st->role = (char *)(before && f->role ? f->role : "master");
	st->master_id = before ? 0 : f->new_master;
	if (f->members) {
		st->n_members = 3;
		st->members = fake_member_ptrs;
	}
	st->server_id = 1;
	st->data_dir = "/var/lib/graphd";
	st->commit_index = 7;
	st->applied_index = 6;
}

/* Query answers. A statement with a '!' is a syntax error there (line and
 * column of the '!'); one starting with CREATE writes; any other reads
 * columns n, name, p: (1:Person {name: "Ada"}), "Ada", (1)-[5:KNOWS]->(2)
 * and then node 2 with two nulls. */
static Graphd__Value q_name = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__value__descriptor),
    GRAPHD__VALUE__KIND_STRING_VALUE,
    {.string_value = "Ada"}};
static Graphd__Property q_prop = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__property__descriptor), "name", &q_name};
static Graphd__Property *q_props[] = {&q_prop};
static char *q_labels[] = {"Person"};
static Graphd__Node ada_node = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__node__descriptor),
    1,
    1,
    q_labels,
    1,
    q_props};
static Graphd__Node *path_nodes[] = {&ada_node, &other_node};
static Graphd__Path q_path = {
    PROTOBUF_C_MESSAGE_INIT(&graphd__path__descriptor), 2, path_nodes, 1,
    knows_rels};
static Graphd__Value q_vals[5];
static Graphd__Value *q_row0[] = {&q_vals[0], &q_vals[1], &q_vals[2]};
static Graphd__Value *q_row1[] = {&q_vals[3], &q_vals[4], NULL};
static Graphd__Row q_rows[2];
static Graphd__Row *q_row_ptrs[] = {&q_rows[0], &q_rows[1]};
static char *q_columns[] = {"n", "name", "p"};
static Graphd__Counters q_counters;
static Graphd__Error q_error;
static char q_message[64];

static void init_query_answers(void)
{
	for (int i = 0; i < 5; i++)
		graphd__value__init(&q_vals[i]);
	q_vals[0].kind_case = GRAPHD__VALUE__KIND_NODE_VALUE;
	q_vals[0].node_value = &ada_node;
	q_vals[1] = q_name;
	q_vals[2].kind_case = GRAPHD__VALUE__KIND_PATH_VALUE;
	q_vals[2].path_value = &q_path;
	q_vals[3].kind_case = GRAPHD__VALUE__KIND_NODE_VALUE;
	q_vals[3].node_value = &other_node;
	/* Row 1: a null, then a value left out: the client pads with null. */
	for (int i = 0; i < 2; i++)
		graphd__row__init(&q_rows[i]);
	q_rows[0].n_values = 3;
	q_rows[0].values = q_row0;
	q_rows[1].n_values = 2;
	q_rows[1].values = q_row1;
	graphd__counters__init(&q_counters);
	q_counters.nodes_created = 2;
	q_counters.props_set = 4;
}

static void fake_query(const Graphd__Request *req, Graphd__Response *r,
		       Graphd__QueryResult *q)
{
	const char *s = req->query->statement, *bang = strchr(s, '!');

	if (bang) {
		const char *nl = s;
		graphd__error__init(&q_error);
		q_error.code = GRAPHD__ERROR_CODE__SYNTAX;
		q_error.line = 1;
		for (const char *c = s; c < bang; c++)
			if (*c == '\n')
				q_error.line++, nl = c + 1;
		q_error.column = (uint32_t)(bang - nl) + 1;
		snprintf(q_message, sizeof(q_message), "unexpected '!'");
		q_error.message = q_message;
		r->error = &q_error;
		return;
	}
	r->body_case = GRAPHD__RESPONSE__BODY_QUERY;
	r->query = q;
	if (strncmp(s, "CREATE", 6) == 0) {
		q->counters = &q_counters;
		q->txn_id = 100 + req->seq;
		return;
	}
	q->n_columns = 3;
	q->columns = q_columns;
	q->n_rows = 2;
	q->rows = q_row_ptrs;
}

static void fake_answer_body(const struct fake *f, size_t idx,
			     Graphd__Request *req, Graphd__Response *r,
			     Graphd__WriteResult *w, uint64_t *ids,
			     Graphd__Status *st, Graphd__QueryResult *q)
{
	switch (req->body_case) {
	case GRAPHD__REQUEST__BODY_QUERY:
		fake_query(req, r, q);
		break;
	case GRAPHD__REQUEST__BODY_MEMBER_CHANGE:
		/* A transfer only starts: no log index to answer with. */
		if (req->member_change->op ==
		    GRAPHD__MEMBER_CHANGE__OP__TRANSFER)
			break;
		r->body_case = GRAPHD__RESPONSE__BODY_WRITE;
		r->write = w;
		w->txn_id = 123;
		break;
	case GRAPHD__REQUEST__BODY_GET_NODE:
		r->body_case = GRAPHD__RESPONSE__BODY_NODE;
		r->node = &answer_node;
		answer_node.id = req->get_node->id;
		break;
	case GRAPHD__REQUEST__BODY_WRITE:
		r->body_case = GRAPHD__RESPONSE__BODY_WRITE;
		r->write = w;
		w->txn_id = 100 + req->seq;
		w->n_created_ids =
		    req->write->n_ops < 8 ? req->write->n_ops : 8;
		w->created_ids = ids;
		for (size_t i = 0; i < w->n_created_ids; i++)
			ids[i] = req->write->ops[i]->op_case ==
					 GRAPHD__OP__OP_CREATE_NODE
				     ? 1000 + i
				     : 0;
		break;
	case GRAPHD__REQUEST__BODY_NEIGHBOURS:
		r->body_case = GRAPHD__RESPONSE__BODY_NEIGHBOURS;
		r->neighbours = &answer_neighbours;
		break;
	case GRAPHD__REQUEST__BODY_NODES_BY_LABEL:
		r->body_case = GRAPHD__RESPONSE__BODY_NODES;
		r->nodes = &answer_nodes;
		break;
	case GRAPHD__REQUEST__BODY_STATUS:
		r->body_case = GRAPHD__RESPONSE__BODY_STATUS;
		r->status = st;
		fake_status(f, idx, st);
		break;
	default:
		break; /* the client must call this a protocol error */
	}
}

static void fake_answer(struct fake *f, int fd, Graphd__Request *req,
			size_t idx)
{
	Graphd__Response r = GRAPHD__RESPONSE__INIT;
	Graphd__Error e = GRAPHD__ERROR__INIT;
	Graphd__WriteResult w = GRAPHD__WRITE_RESULT__INIT;
	Graphd__Status st = GRAPHD__STATUS__INIT;
	Graphd__QueryResult q = GRAPHD__QUERY_RESULT__INIT;
	uint64_t ids[8];

	r.request_id = req->request_id;
	if (f->oversize) {
		uint8_t hdr[FRAME_HEADER_SIZE];
		frame_put_header(hdr, 64u * 1024u * 1024u + 1);
		if (write(fd, hdr, sizeof(hdr)) < 0)
			perror("fake server write");
		return;
	}
	if (idx == 0 && f->fail_first) {
		e.code = (Graphd__ErrorCode)f->fail_first;
		e.message = "no master: election in progress";
		e.retryable = f->fail_retryable;
		r.error = &e;
	} else if ((int)idx < f->not_master_first) {
		e.code = GRAPHD__ERROR_CODE__NOT_MASTER;
		e.message = "instance 1 is not master";
		e.retryable = true;
		e.master_address = f->master_address;
		r.error = &e;
	} else {
		fake_answer_body(f, idx, req, &r, &w, ids, &st, &q);
	}
	fake_send(fd, &r.base);
}

static void fake_serve_conn(struct fake *f, int fd)
{
	size_t len;
	uint8_t *buf;

	if (!fake_handshake(f, fd))
		return;
	while ((buf = fake_recv(fd, &len))) {
		Graphd__Request *req = graphd__request__unpack(NULL, len, buf);
		size_t idx = f->n_reqs;
		free(buf);
		if (!req || idx == FAKE_MAX_REQS) {
			if (req)
				graphd__request__free_unpacked(req, NULL);
			return;
		}
		f->reqs[f->n_reqs++] = req;
		if (f->drop_on_request)
			return;
		if (f->silent)
			continue;
		fake_answer(f, fd, req, idx);
		if (f->die_after && f->n_reqs == (size_t)f->die_after)
			return;
	}
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;

	for (int i = 0; i < f->conns; i++) {
		struct pollfd p = {f->lfd, POLLIN, 0};
		int fd;
		if (poll(&p, 1, 5000) <= 0)
			break;
		fd = accept(f->lfd, NULL, NULL);
		if (fd < 0)
			break;
		fake_serve_conn(f, fd);
		close(fd);
	}
	return NULL;
}

static int listen_loopback(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static void fake_start(struct fake *f, int conns)
{
	f->conns = conns;
	f->lfd = listen_loopback(&f->port);
	CU_ASSERT_FATAL(f->lfd >= 0);
	CU_ASSERT_FATAL(pthread_create(&f->th, NULL, fake_main, f) == 0);
}

/* Waits for the fake server to finish; its records stay until fake_free. */
static void fake_stop(struct fake *f)
{
	pthread_join(f->th, NULL);
	close(f->lfd);
}

static void fake_free(struct fake *f)
{
	if (f->hello)
		graphd__client_hello__free_unpacked(f->hello, NULL);
	for (size_t i = 0; i < f->n_reqs; i++)
		graphd__request__free_unpacked(f->reqs[i], NULL);
}

static graphd_t *fake_connect(struct fake *f, struct graphd_error *e)
{
	char servers[64];
	struct graphd_options o = {.cluster_name = "prod",
				   .client_name = "test_client",
				   .timeout_ms = 3000,
				   .retry_ms = 2000};

	snprintf(servers, sizeof(servers), "127.0.0.1:%u", f->port);
	return graphd_connect(servers, &o, e);
}

static void init_answer_node(void)
{
	graphd__node__init(&answer_node);
	for (int i = 0; i < 4; i++) {
		graphd__property__init(&answer_props[i]);
		graphd__value__init(&answer_vals[i]);
		answer_props[i].value = &answer_vals[i];
		answer_prop_ptrs[i] = &answer_props[i];
	}
	answer_props[0].key = "name";
	answer_vals[0].kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	answer_vals[0].string_value = "Ada";
	answer_props[1].key = "born";
	answer_vals[1].kind_case = GRAPHD__VALUE__KIND_INT_VALUE;
	answer_vals[1].int_value = 1815;
	answer_props[2].key = "score";
	answer_vals[2].kind_case = GRAPHD__VALUE__KIND_FLOAT_VALUE;
	answer_vals[2].float_value = 0.1;
	answer_props[3].key = "note";
	answer_vals[3].kind_case = GRAPHD__VALUE__KIND_STRING_VALUE;
	answer_vals[3].string_value = "say \"hi\"\n";
	answer_node.n_labels = 1;
	answer_node.labels = answer_labels;
	answer_node.n_props = 4;
	answer_node.props = answer_prop_ptrs;
}

/* ---------------------------------------------------------- wire behaviour */

static void handshake_carries_version_cluster_and_client_name(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL(g);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.hello);
	CU_ASSERT_EQUAL(f.hello->protocol_version, GRAPHD_PROTOCOL_VERSION);
	CU_ASSERT_STRING_EQUAL(f.hello->cluster_name, "prod");
	CU_ASSERT_STRING_EQUAL(f.hello->client_name, "test_client");
	fake_free(&f);
}

static void get_node_sends_id_and_bookmark_and_decodes_the_node(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_read_opts ro = {.bookmark = 5, .linearizable = true};
	struct graphd_node n;
	char buf[64];
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_get_node(g, 7, &ro, &n, &e), 0);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL(n.id, 7);
	CU_ASSERT_EQUAL_FATAL(n.n_labels, 1);
	CU_ASSERT_STRING_EQUAL(n.labels[0], "Person");
	CU_ASSERT_EQUAL_FATAL(n.n_props, 4);
	CU_ASSERT_STRING_EQUAL(n.props[0].key, "name");
	graphd_value_format(&n.props[0].value, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "\"Ada\"");
	CU_ASSERT_EQUAL(n.props[1].value.u.i, 1815);
	graphd_node_free(&n);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	CU_ASSERT_EQUAL(f.reqs[0]->body_case, GRAPHD__REQUEST__BODY_GET_NODE);
	CU_ASSERT_EQUAL(f.reqs[0]->get_node->id, 7);
	CU_ASSERT_EQUAL(f.reqs[0]->bookmark, 5);
	CU_ASSERT_TRUE(f.reqs[0]->linearizable);
	fake_free(&f);
}

static struct graphd_txn *person_knows_txn(void)
{
	struct graphd_txn *t = graphd_txn_new();
	const char *labels[] = {"Person"};
	struct graphd_prop p = {"name", {.type = GRAPHD_STRING, .u.s = "Ada"}};

	graphd_txn_create_node(t, labels, 1, &p, 1);
	graphd_txn_create_rel(t, "KNOWS", GRAPHD_OP(0), GRAPHD_ID(3), NULL, 0);
	return t;
}

static void write_encodes_ops_and_takes_the_next_seq(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	graphd_t *g;
	Graphd__Op *op0, *op1;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	CU_ASSERT_EQUAL(r.n_created, 2);
	CU_ASSERT_EQUAL(r.created_ids[0], 1000);
	CU_ASSERT_EQUAL(r.created_ids[1], 0);
	graphd_write_result_free(&r);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	graphd_close(g);
	graphd_txn_free(t);
	fake_stop(&f);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 2);
	CU_ASSERT_NOT_EQUAL(f.reqs[0]->session, 0);
	CU_ASSERT_EQUAL(f.reqs[1]->session, f.reqs[0]->session);
	CU_ASSERT_EQUAL(f.reqs[1]->seq, f.reqs[0]->seq + 1);
	CU_ASSERT_NOT_EQUAL(f.reqs[1]->request_id, f.reqs[0]->request_id);
	CU_ASSERT_EQUAL_FATAL(f.reqs[0]->body_case,
			      GRAPHD__REQUEST__BODY_WRITE);
	CU_ASSERT_EQUAL_FATAL(f.reqs[0]->write->n_ops, 2);
	op0 = f.reqs[0]->write->ops[0];
	op1 = f.reqs[0]->write->ops[1];
	CU_ASSERT_EQUAL_FATAL(op0->op_case, GRAPHD__OP__OP_CREATE_NODE);
	CU_ASSERT_STRING_EQUAL(op0->create_node->labels[0], "Person");
	CU_ASSERT_STRING_EQUAL(op0->create_node->props[0]->key, "name");
	CU_ASSERT_STRING_EQUAL(op0->create_node->props[0]->value->string_value,
			       "Ada");
	CU_ASSERT_EQUAL_FATAL(op1->op_case, GRAPHD__OP__OP_CREATE_REL);
	CU_ASSERT_STRING_EQUAL(op1->create_rel->type, "KNOWS");
	CU_ASSERT_EQUAL(op1->create_rel->start->target_case,
			GRAPHD__REF__TARGET_OP_INDEX);
	CU_ASSERT_EQUAL(op1->create_rel->start->op_index, 0);
	CU_ASSERT_EQUAL(op1->create_rel->end->target_case,
			GRAPHD__REF__TARGET_ID);
	CU_ASSERT_EQUAL(op1->create_rel->end->id, 3);
	fake_free(&f);
}

static void retryable_failure_is_retried_with_the_same_seq(void)
{
	struct fake f = {.fail_first = GRAPHD__ERROR_CODE__NO_MASTER,
			 .fail_retryable = true};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	graphd_t *g;

	/* The client moves on after NO_MASTER; with one server listed it
	 * reconnects to the same one. */
	fake_start(&f, 2);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	CU_ASSERT_EQUAL(r.txn_id, 101);
	graphd_write_result_free(&r);
	graphd_close(g);
	graphd_txn_free(t);
	fake_stop(&f);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 2);
	CU_ASSERT_EQUAL(f.reqs[1]->session, f.reqs[0]->session);
	CU_ASSERT_EQUAL(f.reqs[1]->seq, f.reqs[0]->seq);
	fake_free(&f);
}

static void server_error_is_reported_and_not_retried(void)
{
	struct fake f = {.fail_first = GRAPHD__ERROR_CODE__NOT_FOUND};
	struct graphd_error e = {0};
	struct graphd_node n;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_get_node(g, 9, NULL, &n, &e), -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_NOT_FOUND);
	CU_ASSERT_FALSE(e.retryable);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL(f.n_reqs, 1);
	fake_free(&f);
}

static void connection_lost_moves_to_the_next_server_same_seq(void)
{
	struct fake a = {.drop_on_request = true}, b = {0};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	struct graphd_options o = {.timeout_ms = 3000, .retry_ms = 3000};
	char servers[64];
	graphd_t *g;

	fake_start(&a, 1);
	fake_start(&b, 1);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u, 127.0.0.1:%u", a.port,
		 b.port);
	g = graphd_connect(servers, &o, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(graphd_server(g), "127.0.0.1:"));
	graphd_close(g);
	graphd_txn_free(t);
	fake_stop(&a);
	fake_stop(&b);
	CU_ASSERT_EQUAL_FATAL(a.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 1);
	CU_ASSERT_EQUAL(b.reqs[0]->session, a.reqs[0]->session);
	CU_ASSERT_EQUAL(b.reqs[0]->seq, a.reqs[0]->seq);
	fake_free(&a);
	fake_free(&b);
}

static void unreachable_first_server_is_skipped(void)
{
	struct fake b = {0};
	struct graphd_error e = {0};
	uint16_t dead_port;
	int dead = listen_loopback(&dead_port);
	char servers[64];
	graphd_t *g;

	CU_ASSERT_FATAL(dead >= 0);
	close(dead); /* nothing listens there now: connection refused */
	fake_start(&b, 1);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u,127.0.0.1:%u",
		 dead_port, b.port);
	g = graphd_connect(servers, NULL, &e);
	CU_ASSERT_PTR_NOT_NULL(g);
	graphd_close(g);
	fake_stop(&b);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u", dead_port);
	CU_ASSERT_PTR_NULL(graphd_connect(servers, NULL, &e));
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_CONNECT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "refused"));
	fake_free(&b);
}

static void refused_handshake_reports_the_server_message(void)
{
	struct fake f = {.refuse = true};
	struct graphd_error e = {0};

	fake_start(&f, 1);
	CU_ASSERT_PTR_NULL(fake_connect(&f, &e));
	fake_stop(&f);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_REFUSED);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "cluster name 'other'"));
	fake_free(&f);
}

static void oversized_response_is_a_protocol_error(void)
{
	struct fake f = {.oversize = true};
	struct graphd_error e = {0};
	struct graphd_status st;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_status(g, &st, &e), -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_PROTOCOL);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "67108865 bytes"));
	graphd_close(g);
	fake_stop(&f);
	fake_free(&f);
}

static void status_is_decoded(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_status st;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL_FATAL(graphd_status(g, &st, &e), 0);
	CU_ASSERT_STRING_EQUAL(st.mode, "SINGLE");
	CU_ASSERT_STRING_EQUAL(st.role, "master");
	CU_ASSERT_STRING_EQUAL(st.data_dir, "/var/lib/graphd");
	CU_ASSERT_EQUAL(st.commit_index, 7);
	CU_ASSERT_EQUAL(st.applied_index, 6);
	graphd_status_free(&st);
	graphd_close(g);
	fake_stop(&f);
	fake_free(&f);
}

static void bad_server_list_is_a_usage_error(void)
{
	const char *bad[] = {"localhost", "h:",	  ":6001",  "h:port",
			     "::1:6001",  "h:1,", "h:70000"};
	struct graphd_error e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		CU_ASSERT_PTR_NULL(graphd_connect(bad[i], NULL, &e));
		CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	}
}

/* ---------------------------------------------------- following the master */

/* Unblocks a fake server waiting for a connection that will not come (the
 * client behaved): a connection that closes at once ends its loop. */
static void fake_kick(struct fake *f)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(f->port);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		perror("fake_kick");
	if (fd >= 0)
		close(fd);
}

static graphd_t *connect_list(const struct fake *const *fs, size_t n,
			      struct graphd_error *e)
{
	struct graphd_options o = {.timeout_ms = 3000, .retry_ms = 3000};
	char servers[256] = "";

	for (size_t i = 0; i < n; i++)
		snprintf(servers + strlen(servers),
			 sizeof(servers) - strlen(servers), "%s127.0.0.1:%u",
			 i ? "," : "", fs[i]->port);
	return graphd_connect(servers, &o, e);
}

/* The instance dies between two writes (its port then refuses): the second
 * write goes to the next listed instance that is up, with the session and
 * the sequence number it had, and succeeds once. */
static void dead_instance_write_moves_on_with_the_same_seq(void)
{
	struct fake a = {.die_after = 1}, dead = {0}, b = {0};
	const struct fake *list[] = {&a, &dead, &b};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	int dead_fd = listen_loopback(&dead.port);
	graphd_t *g;

	CU_ASSERT_FATAL(dead_fd >= 0);
	close(dead_fd); /* nothing listens there: connection refused */
	fake_start(&a, 1);
	fake_start(&b, 1);
	g = connect_list(list, 3, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	fake_stop(&a); /* a has closed the connection and its port */
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	CU_ASSERT_EQUAL(r.txn_id, 102);
	graphd_write_result_free(&r);
	graphd_close(g);
	graphd_txn_free(t);
	fake_stop(&b);
	CU_ASSERT_EQUAL_FATAL(a.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 1);
	CU_ASSERT_EQUAL(b.reqs[0]->session, a.reqs[0]->session);
	CU_ASSERT_EQUAL(b.reqs[0]->seq, a.reqs[0]->seq + 1);
	fake_free(&a);
	fake_free(&b);
}

/* A hung instance (stopped, or its machine gone) accepts but never answers:
 * after timeout_ms the retry goes to the next instance, not back to it. */
static void unanswered_request_moves_to_the_next_server_same_seq(void)
{
	struct fake a = {.silent = true}, b = {0};
	struct graphd_options o = {.timeout_ms = 300, .retry_ms = 2000};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	char servers[64];
	graphd_t *g;

	fake_start(&a, 2);
	fake_start(&b, 1);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u,127.0.0.1:%u", a.port,
		 b.port);
	g = graphd_connect(servers, &o, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	graphd_close(g);
	graphd_txn_free(t);
	fake_kick(&a); /* its second connection, had the client come back */
	fake_stop(&a);
	fake_stop(&b);
	CU_ASSERT_EQUAL_FATAL(a.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 1);
	CU_ASSERT_EQUAL(b.reqs[0]->session, a.reqs[0]->session);
	CU_ASSERT_EQUAL(b.reqs[0]->seq, a.reqs[0]->seq);
	fake_free(&a);
	fake_free(&b);
}

/* NOT_MASTER naming the master: the retry goes there, though it is not in
 * the list, with the same session and seq, and later requests stay there. */
static void not_master_redirects_to_the_named_master_even_if_unlisted(void)
{
	struct fake a = {.not_master_first = 1}, b = {0};
	const struct fake *list[] = {&a};
	struct graphd_error e = {0};
	struct graphd_write_result r;
	struct graphd_txn *t = person_knows_txn();
	char want[32];
	graphd_t *g;

	fake_start(&a, 1);
	fake_start(&b, 1);
	snprintf(a.master_address, sizeof(a.master_address), "127.0.0.1:%u",
		 b.port);
	snprintf(want, sizeof(want), "127.0.0.1:%u", b.port);
	g = connect_list(list, 1, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	CU_ASSERT_STRING_EQUAL(graphd_server(g), want);
	CU_ASSERT_EQUAL(graphd_write(g, t, &r, &e), 0);
	graphd_write_result_free(&r);
	graphd_close(g);
	graphd_txn_free(t);
	fake_stop(&a);
	fake_stop(&b);
	CU_ASSERT_EQUAL_FATAL(a.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 2);
	CU_ASSERT_EQUAL(b.reqs[0]->session, a.reqs[0]->session);
	CU_ASSERT_EQUAL(b.reqs[0]->seq, a.reqs[0]->seq);
	CU_ASSERT_EQUAL(b.reqs[1]->seq, a.reqs[0]->seq + 1);
	fake_free(&a);
	fake_free(&b);
}

static void member_change_follows_the_redirect_and_returns_the_index(void)
{
	struct fake a = {.not_master_first = 1}, b = {0};
	const struct fake *list[] = {&a};
	struct graphd_error e = {0};
	uint64_t index = 0;
	graphd_t *g;
	Graphd__MemberChange *mc;

	fake_start(&a, 1);
	fake_start(&b, 1);
	snprintf(a.master_address, sizeof(a.master_address), "127.0.0.1:%u",
		 b.port);
	g = connect_list(list, 1, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_member_change(g, GRAPHD_MEMBER_ADD, 4,
					     "10.0.0.4:5001", &index, &e),
			0);
	CU_ASSERT_EQUAL(index, 123);
	graphd_close(g);
	fake_stop(&a);
	fake_stop(&b);
	CU_ASSERT_EQUAL(a.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(b.reqs[0]->body_case,
			      GRAPHD__REQUEST__BODY_MEMBER_CHANGE);
	mc = b.reqs[0]->member_change;
	CU_ASSERT_EQUAL(mc->op, GRAPHD__MEMBER_CHANGE__OP__ADD);
	CU_ASSERT_EQUAL(mc->server_id, 4);
	CU_ASSERT_STRING_EQUAL(mc->cluster_address, "10.0.0.4:5001");
	fake_free(&a);
	fake_free(&b);
}

/* Two instances that each name the other (or one naming itself) must not
 * keep the client busy: at most 3 hops, then NOT_MASTER. */
static void member_change_gives_up_after_three_redirects(void)
{
	struct fake a = {.not_master_first = 100};
	const struct fake *list[] = {&a};
	struct graphd_error e = {0};
	uint64_t index = 7;
	graphd_t *g;

	fake_start(&a, 5);
	snprintf(a.master_address, sizeof(a.master_address), "127.0.0.1:%u",
		 a.port);
	g = connect_list(list, 1, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(
	    graphd_member_change(g, GRAPHD_MEMBER_REMOVE, 3, NULL, &index, &e),
	    -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_NOT_MASTER);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "after 3 redirects"));
	CU_ASSERT_EQUAL(index, 0);
	graphd_close(g);
	fake_kick(&a); /* the fifth connection, had the client gone on */
	fake_stop(&a);
	CU_ASSERT_EQUAL(a.n_reqs, 4); /* the request and 3 redirected tries */
	fake_free(&a);
}

/* A lost connection may hide a change the master made: not retried. */
static void member_change_is_not_retried_after_a_lost_connection(void)
{
	struct fake a = {.drop_on_request = true};
	const struct fake *list[] = {&a};
	struct graphd_error e = {0};
	graphd_t *g;

	fake_start(&a, 2);
	g = connect_list(list, 1, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(
	    graphd_member_change(g, GRAPHD_MEMBER_REMOVE, 3, NULL, NULL, &e),
	    -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_IO);
	graphd_close(g);
	fake_kick(&a);
	fake_stop(&a);
	CU_ASSERT_EQUAL(a.n_reqs, 1);
	fake_free(&a);
}

static void member_change_checks_its_arguments(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(
	    graphd_member_change(g, GRAPHD_MEMBER_REMOVE, 0, NULL, NULL, &e),
	    -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	CU_ASSERT_EQUAL(
	    graphd_member_change(g, GRAPHD_MEMBER_ADD, 4, NULL, NULL, &e), -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	CU_ASSERT_EQUAL(graphd_member_change(g, GRAPHD_MEMBER_ADD_ARBITER, 4,
					     "nohost", NULL, &e),
			-1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	CU_ASSERT_EQUAL(graphd_member_change(g, (enum graphd_member_op)7, 4,
					     NULL, NULL, &e),
			-1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL(f.n_reqs, 0);
	fake_free(&f);
}

static void status_decodes_members_with_cluster_address(void)
{
	struct fake f = {.members = true};
	struct graphd_error e = {0};
	struct graphd_status st;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL_FATAL(graphd_status(g, &st, &e), 0);
	CU_ASSERT_EQUAL_FATAL(st.n_members, 3);
	CU_ASSERT_EQUAL(st.members[1].server_id, 2);
	CU_ASSERT_STRING_EQUAL(st.members[1].role, "slave");
	CU_ASSERT_STRING_EQUAL(st.members[1].address, "127.0.0.1:6002");
	CU_ASSERT_STRING_EQUAL(st.members[1].cluster_address, "127.0.0.1:5002");
	CU_ASSERT_EQUAL(st.members[1].match_index, 120);
	CU_ASSERT_EQUAL(st.members[1].lag, 10);
	CU_ASSERT_FALSE(st.members[2].reachable);
	graphd_status_free(&st);
	graphd_close(g);
	fake_stop(&f);
	fake_free(&f);
}

/* ------------------------------------------------- graphctl, fake server */

#define OUT_MAX 8192

struct run {
	int status; /* exit status, -1 if it did not exit normally */
	char out[OUT_MAX], err[OUT_MAX];
};

static const char *graphctl_path(void)
{
	const char *p = getenv("GRAPHCTL");

	return p && *p ? p : TOP_BUILDDIR "/graphctl";
}

static void read_pipe(int fd, char *buf)
{
	size_t n = 0;
	ssize_t r;

	while (n < OUT_MAX - 1 && (r = read(fd, buf + n, OUT_MAX - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
}

/* Runs graphctl with args (NULL-terminated), input (NULL: none) on its
 * stdin, and captures its output. Inputs and outputs are small, far below a
 * pipe's buffer, so writing the input first and then reading one pipe after
 * the other cannot deadlock. */
static void graphctl_in(struct run *r, const char *const *args,
			const char *input)
{
	int in[2], out[2], err[2], ws = 0;
	const char *argv[16] = {"graphctl"};
	size_t n = 1;
	pid_t pid;

	for (; args[n - 1] && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	memset(r, 0, sizeof(*r));
	r->status = -1;
	CU_ASSERT_FATAL(pipe(in) == 0 && pipe(out) == 0 && pipe(err) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		unsetenv("GRAPHCTL_SERVER");
		execv(graphctl_path(), (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input && write(in[1], input, strlen(input)) < 0)
		perror("write to graphctl");
	close(in[1]);
	read_pipe(out[0], r->out);
	read_pipe(err[0], r->err);
	waitpid(pid, &ws, 0);
	if (WIFEXITED(ws))
		r->status = WEXITSTATUS(ws);
}

static void graphctl(struct run *r, const char *const *args)
{
	graphctl_in(r, args, NULL);
}

static void ctl_create_node_prints_id_and_txn(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];
	Graphd__CreateNode *cn;

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "create-node", "--label",
				      "Person", "--prop", "name=Ada", "--prop",
				      "born=1815", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	/* The fake assigns id 1000 to op 0 and txn id 100 + seq. */
	CU_ASSERT_STRING_EQUAL(r.out, "created node 1000 (txn 101)\n");
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(f.reqs[0]->write->n_ops, 1);
	cn = f.reqs[0]->write->ops[0]->create_node;
	CU_ASSERT_STRING_EQUAL(cn->labels[0], "Person");
	CU_ASSERT_EQUAL_FATAL(cn->n_props, 2);
	CU_ASSERT_STRING_EQUAL(cn->props[0]->value->string_value, "Ada");
	CU_ASSERT_EQUAL(cn->props[1]->value->kind_case,
			GRAPHD__VALUE__KIND_INT_VALUE);
	CU_ASSERT_EQUAL(cn->props[1]->value->int_value, 1815);
	CU_ASSERT_STRING_EQUAL(f.hello->client_name, "graphctl");
	fake_free(&f);
}

static void ctl_get_node_prints_labels_and_sorted_props(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 2);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "get-node", "1", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "(1:Person {born: 1815, name: \"Ada\", "
				      "note: \"say \\\"hi\\\"\\n\", score: "
				      "0.1})\n");
	/* JSON: strings escaped, floats exact, keys sorted. */
	graphctl(&r, (const char *[]){"-s", server, "--json", "get-node", "1",
				      NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
			       "{\"id\": 1, \"labels\": [\"Person\"], "
			       "\"properties\": {\"born\": 1815, \"name\": "
			       "\"Ada\", \"note\": \"say \\\"hi\\\"\\n\", "
			       "\"score\": 0.1}}\n");
	fake_stop(&f);
	fake_free(&f);
}

static void ctl_neighbours_one_line_per_relationship(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];
	Graphd__Neighbours *nb;

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "neighbours", "1", "--out",
				      "--type", "KNOWS", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "(1)-[5:KNOWS]->(2:Person)\n");
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	nb = f.reqs[0]->neighbours;
	CU_ASSERT_EQUAL(nb->node, 1);
	CU_ASSERT_EQUAL(nb->dir, GRAPHD__DIRECTION__DIR_OUT);
	CU_ASSERT_EQUAL_FATAL(nb->n_types, 1);
	CU_ASSERT_STRING_EQUAL(nb->types[0], "KNOWS");
	fake_free(&f);
}

static void ctl_nodes_sends_label_and_where(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];
	Graphd__NodesByLabel *q;

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r,
		 (const char *[]){"-s", server, "nodes", "Person", "--where",
				  "born=1815", "--limit", "10", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "(2:Person)\n");
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	q = f.reqs[0]->nodes_by_label;
	CU_ASSERT_STRING_EQUAL(q->label, "Person");
	CU_ASSERT_EQUAL(q->limit, 10);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q->where);
	CU_ASSERT_STRING_EQUAL(q->where->key, "born");
	CU_ASSERT_EQUAL(q->where->value->int_value, 1815);
	fake_free(&f);
}

static void ctl_not_found_is_one_line_and_exit_1(void)
{
	struct fake f = {.fail_first = GRAPHD__ERROR_CODE__NOT_FOUND};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "get-node", "9", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "graphctl: node 9 not found\n");
	CU_ASSERT_STRING_EQUAL(r.out, "");
	fake_free(&f);
}

static void ctl_status_prints_aligned_lines_and_json(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 2);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "status", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "mode:                SINGLE\n"
					     "role:                master\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "last committed txn:  7\n"
					     "last applied txn:    6\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "master:              none\n"));
	graphctl(&r, (const char *[]){"-s", server, "status", "--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(strncmp(r.out, "{\"mode\": \"SINGLE\", ", 19), 0);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(r.out, "\"data_dir\": \"/var/lib/graphd\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"commit_index\": 7, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"members\": []}\n"));
	fake_stop(&f);
	fake_free(&f);
}

static void ctl_exit_status_separates_usage_connection_and_refusal(void)
{
	struct fake f = {.refuse = true};
	struct run r;
	char server[32];
	uint16_t dead_port;
	int dead = listen_loopback(&dead_port);

	CU_ASSERT_FATAL(dead >= 0);
	close(dead);
	graphctl(&r, (const char *[]){"get-node", "x", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	graphctl(&r, (const char *[]){"frobnicate", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	graphctl(&r,
		 (const char *[]){"create-node", "--prop", "noequals", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	snprintf(server, sizeof(server), "127.0.0.1:%u", dead_port);
	graphctl(&r, (const char *[]){"-s", server, "status", NULL});
	CU_ASSERT_EQUAL(r.status, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "Connection refused"));
	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "--cluster", "other",
				      "status", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "refused the connection"));
	CU_ASSERT_STRING_EQUAL(f.hello->cluster_name, "other");
	fake_free(&f);
}

static void ctl_help_lists_every_command(void)
{
	const char *cmds[] = {
	    "status",	   "role",	  "create-node",    "create-rel",
	    "get-node",	   "get-rel",	  "neighbours",	    "nodes",
	    "set-prop",	   "remove-prop", "add-label",	    "remove-label",
	    "delete-node", "delete-rel",  "help",	    "wait",
	    "add",	   "remove",	  "transfer-master"};
	struct run r;

	graphctl(&r, (const char *[]){"--help", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(r.out, cmds[i]));
	graphctl(&r, (const char *[]){"help", "neighbours", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(strncmp(r.out, "usage: graphctl neighbours ID", 29), 0);
}

/* -------------------------------------------- graphctl, cluster commands */

static void ctl_status_prints_the_members_table(void)
{
	struct fake f = {.members = true, .role = "slave", .role_until = 1};
	struct run r;
	char server[32];

	fake_start(&f, 3);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	/* First answer from a slave: match and lag unknown where 0. */
	graphctl(&r, (const char *[]){"-s", server, "status", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "role:                slave\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    r.out,
	    "\nID   ROLE       ADDRESS               CLUSTER               "
	    "REACHABLE      MATCH      LAG\n"
	    "1    master     127.0.0.1:6001        127.0.0.1:5001        "
	    "yes              130        0\n"
	    "2    slave      127.0.0.1:6002        127.0.0.1:5002        "
	    "yes              120       10\n"
	    "3    arbiter    -                     [::1]:5003            "
	    "no                 -        -\n"));
	/* On the master 0 is a known match index. */
	graphctl(&r, (const char *[]){"-s", server, "status", NULL});
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    r.out,
	    "3    arbiter    -                     [::1]:5003            "
	    "no                 0        0\n"));
	graphctl(&r, (const char *[]){"-s", server, "status", "--json", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    r.out, "\"members\": [{\"server_id\": 1, \"role\": \"master\", "
		   "\"address\": \"127.0.0.1:6001\", \"cluster_address\": "
		   "\"127.0.0.1:5001\", \"reachable\": true, \"match_index\": "
		   "130, \"lag\": 0}, {\"server_id\": 2, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"reachable\": false, "
					     "\"match_index\": 0, \"lag\": "
					     "0}]}\n"));
	fake_stop(&f);
	fake_free(&f);
}

static void ctl_wait_returns_once_the_role_is_reached(void)
{
	struct fake f = {.role = "slave", .role_until = 2};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "wait", "--role", "master",
				      "--timeout", "5s", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
			       "instance 1 is master, applied transaction 6\n");
	/* Two answers "slave", then "master", on one connection. */
	CU_ASSERT_EQUAL(f.n_reqs, 3);
	fake_free(&f);
}

static void ctl_wait_times_out_naming_the_role_it_saw(void)
{
	struct fake f = {.role = "slave", .role_until = 1000};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "wait", "--role", "master",
				      "--timeout", "200ms", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(
	    r.err, "graphctl: wait: instance 1 is still slave after 200ms\n");
	/* Polled every 50 ms: about 4 times in 200 ms, at least twice. */
	CU_ASSERT(f.n_reqs >= 2 && f.n_reqs <= 6);
	fake_free(&f);
}

static void ctl_wait_applied_compares_the_applied_index(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 2);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(
	    &r, (const char *[]){"-s", server, "wait", "--applied", "6", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	graphctl(&r, (const char *[]){"-s", server, "wait", "--applied", "7",
				      "--timeout", "100ms", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err,
			       "graphctl: wait: instance 1 has applied "
			       "transaction 6, not yet 7, after 100ms\n");
	fake_free(&f);
}

/* Nothing listens: wait keeps trying until the timeout, then says why. */
static void ctl_wait_on_a_dead_port_reports_the_connection_error(void)
{
	struct run r;
	char server[32];
	uint16_t port;
	int fd = listen_loopback(&port);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(server, sizeof(server), "127.0.0.1:%u", port);
	graphctl(&r, (const char *[]){"-s", server, "wait", "--role", "slave",
				      "--timeout", "150ms", NULL});
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "graphctl: wait: no status after "
					     "150ms: cannot connect to"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "Connection refused"));
}

/* -s with a dead instance first: role, status and wait use the next one. */
static void ctl_role_status_and_wait_take_a_server_list(void)
{
	struct fake f = {0};
	struct run r;
	char servers[64];
	uint16_t dead_port;
	int dead = listen_loopback(&dead_port);

	CU_ASSERT_FATAL(dead >= 0);
	close(dead);
	fake_start(&f, 3);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u,127.0.0.1:%u",
		 dead_port, f.port);
	graphctl(&r, (const char *[]){"-s", servers, "role", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "master\n");
	graphctl(&r, (const char *[]){"-s", servers, "status", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "role:                master\n"));
	graphctl(&r, (const char *[]){"-s", servers, "wait", "--role", "master",
				      "--timeout", "2s", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	fake_stop(&f);
	CU_ASSERT_EQUAL(f.n_reqs, 3);
	fake_free(&f);
}

static void ctl_add_and_remove_print_the_transaction(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 4);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(
	    &r, (const char *[]){"-s", server, "add", "4@10.0.0.4:5001", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "instance 4 added as a learner at "
				      "transaction 123; it is promoted to "
				      "slave once caught up\n");
	graphctl(&r, (const char *[]){"-s", server, "add", "--arbiter",
				      "5@[::1]:5005", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "instance 5 added as an arbiter at "
				      "transaction 123\n");
	graphctl(&r, (const char *[]){"-s", server, "remove", "3", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out,
			       "instance 3 removed at transaction 123\n");
	graphctl(&r, (const char *[]){"-s", server, "--json", "add",
				      "6@10.0.0.6:5001", NULL});
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(
	    r.out, "{\"server_id\": 6, \"arbiter\": false, \"txn\": 123}\n");
	fake_stop(&f);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 4);
	CU_ASSERT_EQUAL(f.reqs[0]->member_change->op,
			GRAPHD__MEMBER_CHANGE__OP__ADD);
	CU_ASSERT_STRING_EQUAL(f.reqs[0]->member_change->cluster_address,
			       "10.0.0.4:5001");
	CU_ASSERT_EQUAL(f.reqs[1]->member_change->op,
			GRAPHD__MEMBER_CHANGE__OP__ADD_ARBITER);
	CU_ASSERT_EQUAL(f.reqs[1]->member_change->server_id, 5);
	CU_ASSERT_STRING_EQUAL(f.reqs[1]->member_change->cluster_address,
			       "[::1]:5005");
	CU_ASSERT_EQUAL(f.reqs[2]->member_change->op,
			GRAPHD__MEMBER_CHANGE__OP__REMOVE);
	CU_ASSERT_EQUAL(f.reqs[2]->member_change->server_id, 3);
	fake_free(&f);
}

static void ctl_membership_usage_errors_exit_2(void)
{
	const char *const bad[][4] = {
	    {"add", "4", NULL},
	    {"add", "0@h:5001", NULL},
	    {"add", "4@h", NULL},
	    {"add", "4@h:99999", NULL},
	    {"add", NULL},
	    {"remove", "x", NULL},
	    {"remove", "0", NULL},
	    {"transfer-master", NULL},
	    {"wait", "--timeout", "soon", NULL},
	    {"transfer-master", "2", "--timeout", "0s"}};
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[8] = {"-s", "127.0.0.1:1"}; /* NULL-ended */
		for (size_t j = 0; j < 4 && bad[i][j]; j++)
			args[2 + j] = bad[i][j];
		graphctl(&r, args);
		CU_ASSERT_EQUAL(r.status, 2);
		if (r.status != 2)
			fprintf(stderr, "\n  %s %s: exit %d\n", bad[i][0],
				bad[i][1] ? bad[i][1] : "", r.status);
	}
}

/* The first instance is not master and names the one that is; the transfer
 * is started there, then the status (of the first) is polled until it
 * reports the new master. */
static void ctl_transfer_master_starts_then_waits_for_the_new_master(void)
{
	struct fake a = {.not_master_first = 1,
			 .role = "slave",
			 .role_until = 2,
			 .new_master = 2},
		    b = {0};
	struct run r;
	char server[32];

	fake_start(&a, 2);
	fake_start(&b, 1);
	snprintf(a.master_address, sizeof(a.master_address), "127.0.0.1:%u",
		 b.port);
	snprintf(server, sizeof(server), "127.0.0.1:%u", a.port);
	graphctl(&r, (const char *[]){"-s", server, "transfer-master", "2",
				      "--timeout", "5s", NULL});
	fake_stop(&a);
	fake_stop(&b);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "master role transfer to instance 2 "
				      "started\ninstance 2 is master\n");
	CU_ASSERT_EQUAL_FATAL(b.n_reqs, 1);
	CU_ASSERT_EQUAL(b.reqs[0]->member_change->op,
			GRAPHD__MEMBER_CHANGE__OP__TRANSFER);
	CU_ASSERT_EQUAL(b.reqs[0]->member_change->server_id, 2);
	CU_ASSERT_EQUAL(a.n_reqs, 3); /* NOT_MASTER, then 2 status polls */
	fake_free(&a);
	fake_free(&b);
}

/* ------------------------------------------------------- graphctl arguments */

static void args_durations_take_ms_s_m_or_seconds(void)
{
	const char *bad[] = {"",     "s",   "0s",    "10x", "-1s",
			     "1.5s", "25h", "1441m", " 1s"};
	int64_t ms = 0;
	char buf[32];

	CU_ASSERT(cli_parse_duration_ms("250ms", &ms) == 0 && ms == 250);
	CU_ASSERT(cli_parse_duration_ms("10s", &ms) == 0 && ms == 10000);
	CU_ASSERT(cli_parse_duration_ms("2m", &ms) == 0 && ms == 120000);
	CU_ASSERT(cli_parse_duration_ms("3", &ms) == 0 && ms == 3000);
	CU_ASSERT(cli_parse_duration_ms("1440m", &ms) == 0 &&
		  ms == CLI_MAX_DURATION_MS);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(cli_parse_duration_ms(bad[i], &ms), -1);
	cli_format_duration(buf, sizeof(buf), 250);
	CU_ASSERT_STRING_EQUAL(buf, "250ms");
	cli_format_duration(buf, sizeof(buf), 10000);
	CU_ASSERT_STRING_EQUAL(buf, "10s");
	cli_format_duration(buf, sizeof(buf), 120000);
	CU_ASSERT_STRING_EQUAL(buf, "2m");
	cli_format_duration(buf, sizeof(buf), 90000);
	CU_ASSERT_STRING_EQUAL(buf, "1m 30s");
}

static void args_member_spec_is_id_at_host_port(void)
{
	const char *bad[] = {
	    "4",	  "@h:1",	    "0@h:1",	 "4@h",
	    "4@:5001",	  "4@h:0",	    "4@h:65536", "x@h:1",
	    "4@::1:5001", "4294967296@h:1", "4@[::1]"};
	char addr[64];
	uint32_t id = 0;

	CU_ASSERT_EQUAL(
	    cli_parse_member_spec("4@10.0.0.4:5001", &id, addr, sizeof(addr)),
	    0);
	CU_ASSERT_EQUAL(id, 4);
	CU_ASSERT_STRING_EQUAL(addr, "10.0.0.4:5001");
	CU_ASSERT_EQUAL(
	    cli_parse_member_spec("12@[::1]:5001", &id, addr, sizeof(addr)), 0);
	CU_ASSERT_EQUAL(id, 12);
	CU_ASSERT_STRING_EQUAL(addr, "[::1]:5001");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(
		    cli_parse_member_spec(bad[i], &id, addr, sizeof(addr)), -1);
	/* An address that does not fit is refused, not cut. */
	CU_ASSERT_EQUAL(cli_parse_member_spec("4@host:5001", &id, addr, 9), -1);
}

static void args_roles_are_the_five_reported(void)
{
	CU_ASSERT_TRUE(cli_role_valid("master"));
	CU_ASSERT_TRUE(cli_role_valid("slave"));
	CU_ASSERT_TRUE(cli_role_valid("arbiter"));
	CU_ASSERT_TRUE(cli_role_valid("learner"));
	CU_ASSERT_TRUE(cli_role_valid("candidate"));
	CU_ASSERT_FALSE(cli_role_valid("leader"));
	CU_ASSERT_FALSE(cli_role_valid("Master"));
	CU_ASSERT_FALSE(cli_role_valid(""));
	CU_ASSERT_FALSE(cli_role_valid(NULL));
}

/* ----------------------------------------------------------------- queries */

static void query_sends_statement_params_and_seq_and_decodes_rows(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_read_opts ro = {.bookmark = 9};
	struct graphd_param p[] = {
	    {"name", {.type = GRAPHD_STRING, .u.s = "Ada"}},
	    {"limit", {.type = GRAPHD_INT, .u.i = 2}}};
	struct graphd_result r;
	const struct graphd_value *path;
	Graphd__Query *q;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL_FATAL(
	    graphd_query(g, "MATCH (n {name: $name}) RETURN n LIMIT $limit", p,
			 2, &ro, &r, &e),
	    0);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL_FATAL(r.n_columns, 3);
	CU_ASSERT_STRING_EQUAL(r.columns[2], "p");
	CU_ASSERT_EQUAL_FATAL(r.n_rows, 2);
	CU_ASSERT_EQUAL_FATAL(r.rows[0][0].type, GRAPHD_NODE);
	CU_ASSERT_EQUAL(r.rows[0][0].u.node->id, 1);
	CU_ASSERT_STRING_EQUAL(r.rows[0][0].u.node->labels[0], "Person");
	CU_ASSERT_STRING_EQUAL(r.rows[0][1].u.s, "Ada");
	path = &r.rows[0][2];
	CU_ASSERT_EQUAL_FATAL(path->type, GRAPHD_PATH);
	CU_ASSERT_EQUAL_FATAL(path->u.path->n_nodes, 2);
	CU_ASSERT_EQUAL_FATAL(path->u.path->n_rels, 1);
	CU_ASSERT_EQUAL(path->u.path->nodes[1].id, 2);
	CU_ASSERT_STRING_EQUAL(path->u.path->rels[0].type, "KNOWS");
	/* Row 1 came with two values for three columns: padded with null. */
	CU_ASSERT_EQUAL(r.rows[1][1].type, GRAPHD_NULL);
	CU_ASSERT_EQUAL(r.rows[1][2].type, GRAPHD_NULL);
	CU_ASSERT_EQUAL(r.txn_id, 0);
	graphd_result_free(&r);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	CU_ASSERT_EQUAL_FATAL(f.reqs[0]->body_case,
			      GRAPHD__REQUEST__BODY_QUERY);
	q = f.reqs[0]->query;
	CU_ASSERT_STRING_EQUAL(q->statement,
			       "MATCH (n {name: $name}) RETURN n LIMIT $limit");
	CU_ASSERT_EQUAL_FATAL(q->n_params, 2);
	CU_ASSERT_STRING_EQUAL(q->params[0]->key, "name");
	CU_ASSERT_STRING_EQUAL(q->params[0]->value->string_value, "Ada");
	CU_ASSERT_STRING_EQUAL(q->params[1]->key, "limit");
	CU_ASSERT_EQUAL(q->params[1]->value->int_value, 2);
	CU_ASSERT_NOT_EQUAL(f.reqs[0]->session, 0);
	CU_ASSERT_EQUAL(f.reqs[0]->seq, 1);
	CU_ASSERT_EQUAL(f.reqs[0]->bookmark, 9);
	CU_ASSERT_FALSE(f.reqs[0]->linearizable);
	fake_free(&f);
}

static void query_write_reports_counters_and_txn(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_result r;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL_FATAL(
	    graphd_query(g, "CREATE (:A), (:B)", NULL, 0, NULL, &r, &e), 0);
	CU_ASSERT_EQUAL(r.n_columns, 0);
	CU_ASSERT_EQUAL(r.n_rows, 0);
	CU_ASSERT_EQUAL(r.counters.nodes_created, 2);
	CU_ASSERT_EQUAL(r.counters.props_set, 4);
	CU_ASSERT_EQUAL(r.txn_id, 101);
	graphd_result_free(&r);
	graphd_close(g);
	fake_stop(&f);
	fake_free(&f);
}

static void query_syntax_error_carries_line_and_column(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_result r;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(
	    graphd_query(g, "MATCH (n)\nRETURN !n", NULL, 0, NULL, &r, &e), -1);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_SYNTAX);
	CU_ASSERT_FALSE(e.retryable);
	CU_ASSERT_EQUAL(e.line, 2);
	CU_ASSERT_EQUAL(e.column, 8);
	CU_ASSERT_STRING_EQUAL(e.message, "unexpected '!'");
	CU_ASSERT_EQUAL(r.n_rows, 0);
	CU_ASSERT_EQUAL(f.n_reqs, 1);
	fake_free(&f);
}

static void query_retryable_failure_is_retried_with_the_same_seq(void)
{
	struct fake f = {.fail_first = GRAPHD__ERROR_CODE__NO_MASTER,
			 .fail_retryable = true};
	struct graphd_error e = {0};
	struct graphd_result r;
	graphd_t *g;

	fake_start(&f, 2);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_query(g, "CREATE (:A)", NULL, 0, NULL, &r, &e),
			0);
	CU_ASSERT_EQUAL(r.txn_id, 101);
	graphd_result_free(&r);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 2);
	CU_ASSERT_EQUAL(f.reqs[1]->session, f.reqs[0]->session);
	CU_ASSERT_EQUAL(f.reqs[1]->seq, f.reqs[0]->seq);
	CU_ASSERT_STRING_EQUAL(f.reqs[1]->query->statement, "CREATE (:A)");
	fake_free(&f);
}

static void query_refuses_a_node_as_parameter_without_sending(void)
{
	struct fake f = {0};
	struct graphd_error e = {0};
	struct graphd_node n = {.id = 1};
	struct graphd_param p = {"n", {.type = GRAPHD_NODE, .u.node = &n}};
	struct graphd_result r;
	graphd_t *g;

	fake_start(&f, 1);
	g = fake_connect(&f, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(graphd_query(g, "RETURN $n", &p, 1, NULL, &r, &e), -1);
	CU_ASSERT_EQUAL(e.code, GRAPHD_E_USAGE);
	graphd_close(g);
	fake_stop(&f);
	CU_ASSERT_EQUAL(f.n_reqs, 0);
	fake_free(&f);
}

/* ------------------------------------------------------ values of results */

static void value_format_shows_maps_nodes_rels_and_paths(void)
{
	struct graphd_prop name = {"name",
				   {.type = GRAPHD_STRING, .u.s = "Ada"}};
	char *lab[] = {"Person"};
	struct graphd_node nodes[3] = {{1, 1, lab, 1, &name},
				       {2, 0, NULL, 0, NULL},
				       {3, 0, NULL, 0, NULL}};
	struct graphd_rel rels[2] = {{5, "KNOWS", 1, 2, 0, NULL},
				     {6, "KNOWS", 3, 2, 1, &name}};
	struct graphd_path path = {3, nodes, 2, rels};
	struct graphd_prop entries[2] = {
	    {"a", {.type = GRAPHD_INT, .u.i = 1}},
	    {"b", {.type = GRAPHD_LIST, .u.list = {0, NULL}}}};
	struct graphd_value v;
	char buf[200];

	v = (struct graphd_value){.type = GRAPHD_MAP, .u.map = {2, entries}};
	graphd_value_format(&v, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "{a: 1, b: []}");
	v = (struct graphd_value){.type = GRAPHD_NODE, .u.node = &nodes[0]};
	graphd_value_format(&v, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "(1:Person {name: \"Ada\"})");
	v = (struct graphd_value){.type = GRAPHD_REL, .u.rel = &rels[1]};
	graphd_value_format(&v, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "[6:KNOWS {name: \"Ada\"}]");
	/* The second relationship points from node 3 back to node 2. */
	v = (struct graphd_value){.type = GRAPHD_PATH, .u.path = &path};
	graphd_value_format(&v, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "(1:Person {name: \"Ada\"})-[5:KNOWS]->(2)"
				    "<-[6:KNOWS {name: \"Ada\"}]-(3)");
}

/* ------------------------------------------------------------------- table */

/* What f printed (malloc'd) via open_memstream. */
static char *printed(void (*fn)(FILE *, const struct graphd_result *),
		     const struct graphd_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fn(f, r);
	fclose(f);
	return buf;
}

static void table_pads_columns_by_characters_and_shows_null(void)
{
	char *cols[] = {"name", "age"};
	struct graphd_value r0[] = {{.type = GRAPHD_STRING, .u.s = "Zoë"},
				    {.type = GRAPHD_INT, .u.i = 36}};
	struct graphd_value r1[] = {{.type = GRAPHD_NULL},
				    {.type = GRAPHD_INT, .u.i = 7}};
	struct graphd_value *rows[] = {r0, r1};
	struct graphd_result r = {
	    .n_columns = 2, .columns = cols, .n_rows = 2, .rows = rows};
	char *out = printed(cli_table_print, &r);

	CU_ASSERT_STRING_EQUAL(out, "+-------+-----+\n"
				    "| name  | age |\n"
				    "+-------+-----+\n"
				    "| \"Zoë\" | 36  |\n"
				    "| NULL  | 7   |\n"
				    "+-------+-----+\n");
	free(out);
}

static void table_without_rows_has_header_only_and_without_columns_nothing(void)
{
	char *cols[] = {"n"};
	struct graphd_result r = {.n_columns = 1, .columns = cols};
	char *out = printed(cli_table_print, &r);

	CU_ASSERT_STRING_EQUAL(out, "+---+\n| n |\n+---+\n");
	free(out);
	r.n_columns = 0;
	out = printed(cli_table_print, &r);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
}

static void table_summary_counts_rows_changes_and_txn(void)
{
	struct graphd_result r = {.n_rows = 1};
	char *out = printed(cli_table_summary, &r);

	CU_ASSERT_STRING_EQUAL(out, "1 row\n");
	free(out);
	r.n_rows = 0;
	r.counters.nodes_created = 2;
	r.counters.rels_created = 1;
	r.counters.props_set = 4;
	r.txn_id = 42;
	out = printed(cli_table_summary, &r);
	CU_ASSERT_STRING_EQUAL(out, "0 rows, nodes created: 2, relationships "
				    "created: 1, properties set: 4 (txn 42)\n");
	free(out);
}

/* ------------------------------------------------------------------ script */

struct split {
	size_t n;
	char stmt[8][64];
	unsigned line[8];
	enum cli_script_rc last;
};

static void split_all(const char *text, struct split *sp)
{
	struct cli_script s;
	const char *st;
	size_t n;
	unsigned line;

	memset(sp, 0, sizeof(*sp));
	cli_script_init(&s, text, strlen(text));
	while (sp->n < 8 && (sp->last = cli_script_next(&s, &st, &n, &line)) ==
				CLI_SCRIPT_STATEMENT) {
		snprintf(sp->stmt[sp->n], sizeof(sp->stmt[0]), "%.*s", (int)n,
			 st);
		sp->line[sp->n++] = line;
	}
}

static void script_semicolons_in_strings_and_comments_end_nothing(void)
{
	struct split sp;

	split_all("RETURN 'a;b', \"c;d\", `e;f`, 'it\\'s;';\n"
		  "// a comment; not a statement\n"
		  "RETURN /* ; */ 2 // also;\n;\nRETURN 3 /* end */ ;",
		  &sp);
	CU_ASSERT_EQUAL(sp.last, CLI_SCRIPT_END);
	CU_ASSERT_EQUAL_FATAL(sp.n, 3);
	CU_ASSERT_STRING_EQUAL(sp.stmt[0],
			       "RETURN 'a;b', \"c;d\", `e;f`, 'it\\'s;'");
	CU_ASSERT_STRING_EQUAL(sp.stmt[2], "RETURN 3");
	/* Blanks and comments at the end are not part of the statement. */
	CU_ASSERT_STRING_EQUAL(sp.stmt[1], "RETURN /* ; */ 2");
}

static void script_statements_start_at_their_first_line_after_comments(void)
{
	struct split sp;

	split_all("\n// people\n\nCREATE (:A);  CREATE\n  (:B)\n;\n/* x\n y */ "
		  "MATCH (n)\nRETURN n;\n",
		  &sp);
	CU_ASSERT_EQUAL_FATAL(sp.n, 3);
	CU_ASSERT_STRING_EQUAL(sp.stmt[0], "CREATE (:A)");
	CU_ASSERT_EQUAL(sp.line[0], 4);
	CU_ASSERT_STRING_EQUAL(sp.stmt[1], "CREATE\n  (:B)");
	CU_ASSERT_EQUAL(sp.line[1], 4);
	CU_ASSERT_STRING_EQUAL(sp.stmt[2], "MATCH (n)\nRETURN n");
	CU_ASSERT_EQUAL(sp.line[2], 8);
}

static void script_unterminated_rest_is_incomplete_and_kept(void)
{
	struct cli_script s;
	const char *st;
	size_t n;
	unsigned line;

	cli_script_init(&s, "RETURN 1;\nMATCH (n)\n", 20);
	CU_ASSERT_EQUAL(cli_script_next(&s, &st, &n, &line),
			CLI_SCRIPT_STATEMENT);
	CU_ASSERT_EQUAL(cli_script_next(&s, &st, &n, &line),
			CLI_SCRIPT_INCOMPLETE);
	CU_ASSERT_EQUAL(line, 2);
	CU_ASSERT_EQUAL(strncmp(st, "MATCH (n)", 9), 0);
	/* pos stays at the rest: asking again gives the same answer. */
	CU_ASSERT_EQUAL(cli_script_next(&s, &st, &n, &line),
			CLI_SCRIPT_INCOMPLETE);
	CU_ASSERT_EQUAL(line, 2);
	cli_script_init(&s, "RETURN 'a;", 10);
	CU_ASSERT_EQUAL(cli_script_next(&s, &st, &n, &line),
			CLI_SCRIPT_INCOMPLETE);
	cli_script_init(&s, "RETURN 1 /* ; ", 14);
	CU_ASSERT_EQUAL(cli_script_next(&s, &st, &n, &line),
			CLI_SCRIPT_INCOMPLETE);
}

/* contrib/examples/people.cypher loads with graphctl query -f: every
 * statement ends with ';', is a CREATE or a MATCH ... CREATE, and is small. */
static void script_example_dataset_splits_into_small_creates(void)
{
	FILE *f = fopen(TOP_SRCDIR "/contrib/examples/people.cypher", "r");
	static char text[1 << 20];
	struct cli_script s;
	const char *st;
	size_t len, n, count = 0, people = 0;
	unsigned line;
	enum cli_script_rc rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	CU_ASSERT_FATAL(len > 0 && len < sizeof(text) - 1);
	text[len] = '\0';
	cli_script_init(&s, text, len);
	while ((rc = cli_script_next(&s, &st, &n, &line)) ==
	       CLI_SCRIPT_STATEMENT) {
		count++;
		CU_ASSERT(strncmp(st, "CREATE ", 7) == 0 ||
			  strncmp(st, "MATCH ", 6) == 0);
		CU_ASSERT(n < 2048);
		for (const char *p = st;
		     (p = strstr(p, "(:Person {")) && p < st + n; p++)
			people++;
	}
	CU_ASSERT_EQUAL(rc, CLI_SCRIPT_END);
	CU_ASSERT(count >= 300);
	CU_ASSERT(people >= 200);
}

/* ------------------------------------------------------------------- caret */

static char *caret(const char *stmt, uint32_t line, uint32_t column,
		   const char *message)
{
	struct graphd_error e = {
	    .code = GRAPHD_E_SYNTAX, .line = line, .column = column};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	snprintf(e.message, sizeof(e.message), "%s", message);
	cli_print_query_error(f, "graphctl: ", stmt, &e);
	fclose(f);
	return buf;
}

static void caret_points_at_the_column_of_the_error_line(void)
{
	char *out = caret("MATCH (n)\nRETURN !n", 2, 8, "unexpected '!'");

	CU_ASSERT_STRING_EQUAL(out, "graphctl: line 2, column 8: unexpected "
				    "'!'\nRETURN !n\n       ^\n");
	free(out);
}

static void caret_counts_characters_and_keeps_tabs(void)
{
	/* Column 12 is the '!': the tab and 'é' (two bytes) count one each. */
	char *out = caret("\tRETURN 'é'!", 1, 12, "unexpected '!'");

	CU_ASSERT_STRING_EQUAL(out, "graphctl: line 1, column 12: unexpected "
				    "'!'\n\tRETURN 'é'!\n\t          ^\n");
	free(out);
}

static void caret_absent_without_a_position_and_never_shown_twice(void)
{
	char *out = caret("RETURN x", 0, 0, "variable x not defined");

	CU_ASSERT_STRING_EQUAL(out, "graphctl: variable x not defined\n");
	free(out);
	out = caret("RETURN (", 1, 9, "line 1, column 9: unexpected end");
	CU_ASSERT_STRING_EQUAL(out, "graphctl: line 1, column 9: unexpected "
				    "end\nRETURN (\n        ^\n");
	free(out);
	/* graphd shows the line and the caret of a syntax error itself. */
	out = caret("RETURN (", 1, 9,
		    "line 1, column 9: unexpected end\nRETURN (\n        ^");
	CU_ASSERT_STRING_EQUAL(out, "graphctl: line 1, column 9: unexpected "
				    "end\nRETURN (\n        ^\n");
	free(out);
}

/* --------------------------------------------------- graphctl query, shell */

static const char query_table[] =
    "+--------------------------+-------+------------------------------------"
    "------------+\n"
    "| n                        | name  | p                                  "
    "            |\n"
    "+--------------------------+-------+------------------------------------"
    "------------+\n"
    "| (1:Person {name: \"Ada\"}) | \"Ada\" | (1:Person {name: "
    "\"Ada\"})-[5:KNOWS]->(2:Person) |\n"
    "| (2:Person)               | NULL  | NULL                               "
    "            |\n"
    "+--------------------------+-------+------------------------------------"
    "------------+\n"
    "2 rows\n";

static void ctl_query_prints_table_and_sends_params_and_read_options(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];
	Graphd__Request *q;

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r,
		 (const char *[]){"-s", server, "query", "MATCH (n) RETURN n",
				  "--param", "name=Ada", "--param", "$age=36",
				  "--bookmark", "12", "--linearizable", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, query_table);
	CU_ASSERT_STRING_EQUAL(r.err, "");
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 1);
	q = f.reqs[0];
	CU_ASSERT_EQUAL(q->bookmark, 12);
	CU_ASSERT_TRUE(q->linearizable);
	CU_ASSERT_EQUAL_FATAL(q->query->n_params, 2);
	CU_ASSERT_STRING_EQUAL(q->query->params[0]->key, "name");
	CU_ASSERT_STRING_EQUAL(q->query->params[0]->value->string_value, "Ada");
	CU_ASSERT_STRING_EQUAL(q->query->params[1]->key, "age");
	CU_ASSERT_EQUAL(q->query->params[1]->value->int_value, 36);
	fake_free(&f);
}

static void ctl_query_write_prints_counters_and_txn(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r,
		 (const char *[]){"-s", server, "query", "CREATE (:A)", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(
	    r.out, "0 rows, nodes created: 2, properties set: 4 (txn 101)\n");
	fake_free(&f);
}

static void ctl_query_json_prints_one_object_per_row(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "query", "--json",
				      "MATCH (n) RETURN n", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(
	    r.out,
	    "{\"n\": {\"id\": 1, \"labels\": [\"Person\"], \"properties\": "
	    "{\"name\": \"Ada\"}}, \"name\": \"Ada\", \"p\": {\"nodes\": "
	    "[{\"id\": 1, \"labels\": [\"Person\"], \"properties\": {\"name\": "
	    "\"Ada\"}}, {\"id\": 2, \"labels\": [\"Person\"], \"properties\": "
	    "{}}], \"relationships\": [{\"id\": 5, \"type\": \"KNOWS\", "
	    "\"start\": 1, \"end\": 2, \"properties\": {}}]}}\n"
	    "{\"n\": {\"id\": 2, \"labels\": [\"Person\"], \"properties\": "
	    "{}}, "
	    "\"name\": null, \"p\": null}\n");
	fake_free(&f);
}

static void ctl_query_syntax_error_shows_caret_and_exits_1(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "query",
				      "MATCH (n)\nRETURN n.x !", NULL});
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_STRING_EQUAL(r.err, "graphctl: line 2, column 12: "
				      "unexpected '!'\nRETURN n.x !\n"
				      "           ^\n");
	fake_free(&f);
}

static void ctl_query_file_stops_at_the_first_error_naming_its_line(void)
{
	struct fake f = {0};
	struct run r;
	char server[32], dir[] = "/tmp/test_client.XXXXXX", path[64], want[160];
	const char script[] = "// example\nCREATE (:A);\n\nMATCH (n)\n"
			      "RETURN !n;\nCREATE (:B);\n";
	FILE *fp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.cypher", dir);
	fp = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(script, fp);
	fclose(fp);
	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl(&r, (const char *[]){"-s", server, "query", "-f", path, NULL});
	fake_stop(&f);
	unlink(path);
	rmdir(dir);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(
	    r.out, "0 rows, nodes created: 2, properties set: 4 (txn 101)\n");
	/* The failing statement starts on line 4 of the file. */
	snprintf(want, sizeof(want),
		 "graphctl: %s:4: line 2, column 8: unexpected '!'\n"
		 "RETURN !n\n       ^\n",
		 path);
	CU_ASSERT_STRING_EQUAL(r.err, want);
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 2);
	CU_ASSERT_STRING_EQUAL(f.reqs[0]->query->statement, "CREATE (:A)");
	CU_ASSERT_STRING_EQUAL(f.reqs[1]->query->statement,
			       "MATCH (n)\nRETURN !n");
	fake_free(&f);
}

static void ctl_shell_runs_piped_statements_with_params_and_no_prompt(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl_in(&r, (const char *[]){"-s", server, "shell", NULL},
		    ":param name=Ada\n"
		    "CREATE\n  (:A);\n:help\n"
		    ":param name = \"Bob\"\n"
		    "MATCH (n) RETURN n\n");
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.err, "");
	/* No prompt; the last statement runs without its ';'. */
	CU_ASSERT_EQUAL(strncmp(r.out, "0 rows, nodes created: 2", 24), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ":param NAME=VALUE"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "graphd>"));
	CU_ASSERT_EQUAL_FATAL(f.n_reqs, 2);
	CU_ASSERT_STRING_EQUAL(f.reqs[0]->query->statement, "CREATE\n  (:A)");
	CU_ASSERT_STRING_EQUAL(f.reqs[0]->query->params[0]->value->string_value,
			       "Ada");
	CU_ASSERT_EQUAL_FATAL(f.reqs[1]->query->n_params, 1);
	CU_ASSERT_STRING_EQUAL(f.reqs[1]->query->params[0]->value->string_value,
			       "Bob");
	fake_free(&f);
}

static void ctl_shell_piped_error_stops_and_names_the_input_line(void)
{
	struct fake f = {0};
	struct run r;
	char server[32];

	fake_start(&f, 1);
	snprintf(server, sizeof(server), "127.0.0.1:%u", f.port);
	graphctl_in(&r, (const char *[]){"-s", server, "shell", NULL},
		    ":param x=1\n\nRETURN\n !x;\nCREATE (:A);\n");
	fake_stop(&f);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_STRING_EQUAL(r.err, "graphctl: <stdin>:3: line 2, column 2: "
				      "unexpected '!'\n !x\n ^\n");
	CU_ASSERT_EQUAL(f.n_reqs, 1);
	fake_free(&f);
}

static void ctl_shell_piped_bad_param_stops_before_the_statements(void)
{
	struct run r;

	/* No server needed: nothing is sent after the bad :param. */
	graphctl_in(&r, (const char *[]){"-s", "127.0.0.1:1", "shell", NULL},
		    "\n:param 9=1\nRETURN $9;\n");
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_EQUAL(strncmp(r.err, "graphctl: <stdin>:2: :param: ", 29), 0);
	CU_ASSERT_PTR_NULL(strstr(r.err, "connect"));
	graphctl_in(&r, (const char *[]){"-s", "127.0.0.1:1", "shell", NULL},
		    ":parm x=1\n");
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "unknown command ':parm'"));
}

static void ctl_query_usage_errors_exit_2(void)
{
	struct run r;

	graphctl(&r, (const char *[]){"-s", "127.0.0.1:1", "query", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	graphctl(&r, (const char *[]){"-s", "127.0.0.1:1", "query", "RETURN 1",
				      "--param", "1x=2", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "--param 1x=2"));
	graphctl(&r, (const char *[]){"-s", "127.0.0.1:1", "query", "-f",
				      "/nonexistent/x.cypher", NULL});
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "/nonexistent/x.cypher"));
}

int main(void)
{
	CU_pSuite s;

	init_answer_node();
	init_query_answers();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("value", NULL, NULL);
	CU_add_test(s, "value_scalars_parse_to_their_types",
		    value_scalars_parse_to_their_types);
	CU_add_test(s, "value_strings_quoted_or_bare",
		    value_strings_quoted_or_bare);
	CU_add_test(s, "value_lists_nest", value_lists_nest);
	CU_add_test(s, "value_format_round_trips", value_format_round_trips);
	CU_add_test(s, "value_format_reports_needed_size_when_truncated",
		    value_format_reports_needed_size_when_truncated);
	CU_add_test(s, "value_parse_errors_are_usage_errors",
		    value_parse_errors_are_usage_errors);
	CU_add_test(s, "value_nesting_is_bounded", value_nesting_is_bounded);
	s = CU_add_suite("txn", NULL, NULL);
	CU_add_test(s, "txn_ops_are_numbered_in_order",
		    txn_ops_are_numbered_in_order);
	CU_add_test(s, "txn_refuses_forward_references_and_empty_names",
		    txn_refuses_forward_references_and_empty_names);
	s = CU_add_suite("wire", NULL, NULL);
	CU_add_test(s, "handshake_carries_version_cluster_and_client_name",
		    handshake_carries_version_cluster_and_client_name);
	CU_add_test(s, "get_node_sends_id_and_bookmark_and_decodes_the_node",
		    get_node_sends_id_and_bookmark_and_decodes_the_node);
	CU_add_test(s, "write_encodes_ops_and_takes_the_next_seq",
		    write_encodes_ops_and_takes_the_next_seq);
	CU_add_test(s, "retryable_failure_is_retried_with_the_same_seq",
		    retryable_failure_is_retried_with_the_same_seq);
	CU_add_test(s, "server_error_is_reported_and_not_retried",
		    server_error_is_reported_and_not_retried);
	CU_add_test(s, "connection_lost_moves_to_the_next_server_same_seq",
		    connection_lost_moves_to_the_next_server_same_seq);
	CU_add_test(s, "unreachable_first_server_is_skipped",
		    unreachable_first_server_is_skipped);
	CU_add_test(s, "refused_handshake_reports_the_server_message",
		    refused_handshake_reports_the_server_message);
	CU_add_test(s, "oversized_response_is_a_protocol_error",
		    oversized_response_is_a_protocol_error);
	CU_add_test(s, "status_is_decoded", status_is_decoded);
	CU_add_test(s, "bad_server_list_is_a_usage_error",
		    bad_server_list_is_a_usage_error);
	s = CU_add_suite("cluster", NULL, NULL);
	CU_add_test(s, "dead_instance_write_moves_on_with_the_same_seq",
		    dead_instance_write_moves_on_with_the_same_seq);
	CU_add_test(s, "unanswered_request_moves_to_the_next_server_same_seq",
		    unanswered_request_moves_to_the_next_server_same_seq);
	CU_add_test(s,
		    "not_master_redirects_to_the_named_master_even_if_unlisted",
		    not_master_redirects_to_the_named_master_even_if_unlisted);
	CU_add_test(s,
		    "member_change_follows_the_redirect_and_returns_the_index",
		    member_change_follows_the_redirect_and_returns_the_index);
	CU_add_test(s, "member_change_gives_up_after_three_redirects",
		    member_change_gives_up_after_three_redirects);
	CU_add_test(s, "member_change_is_not_retried_after_a_lost_connection",
		    member_change_is_not_retried_after_a_lost_connection);
	CU_add_test(s, "member_change_checks_its_arguments",
		    member_change_checks_its_arguments);
	CU_add_test(s, "status_decodes_members_with_cluster_address",
		    status_decodes_members_with_cluster_address);
	s = CU_add_suite("graphctl", NULL, NULL);
	CU_add_test(s, "ctl_create_node_prints_id_and_txn",
		    ctl_create_node_prints_id_and_txn);
	CU_add_test(s, "ctl_get_node_prints_labels_and_sorted_props",
		    ctl_get_node_prints_labels_and_sorted_props);
	CU_add_test(s, "ctl_neighbours_one_line_per_relationship",
		    ctl_neighbours_one_line_per_relationship);
	CU_add_test(s, "ctl_nodes_sends_label_and_where",
		    ctl_nodes_sends_label_and_where);
	CU_add_test(s, "ctl_not_found_is_one_line_and_exit_1",
		    ctl_not_found_is_one_line_and_exit_1);
	CU_add_test(s, "ctl_status_prints_aligned_lines_and_json",
		    ctl_status_prints_aligned_lines_and_json);
	CU_add_test(s, "ctl_exit_status_separates_usage_connection_and_refusal",
		    ctl_exit_status_separates_usage_connection_and_refusal);
	CU_add_test(s, "ctl_help_lists_every_command",
		    ctl_help_lists_every_command);
	s = CU_add_suite("graphctl cluster", NULL, NULL);
	CU_add_test(s, "ctl_status_prints_the_members_table",
		    ctl_status_prints_the_members_table);
	CU_add_test(s, "ctl_wait_returns_once_the_role_is_reached",
		    ctl_wait_returns_once_the_role_is_reached);
	CU_add_test(s, "ctl_wait_times_out_naming_the_role_it_saw",
		    ctl_wait_times_out_naming_the_role_it_saw);
	CU_add_test(s, "ctl_wait_applied_compares_the_applied_index",
		    ctl_wait_applied_compares_the_applied_index);
	CU_add_test(s, "ctl_wait_on_a_dead_port_reports_the_connection_error",
		    ctl_wait_on_a_dead_port_reports_the_connection_error);
	CU_add_test(s, "ctl_role_status_and_wait_take_a_server_list",
		    ctl_role_status_and_wait_take_a_server_list);
	CU_add_test(s, "ctl_add_and_remove_print_the_transaction",
		    ctl_add_and_remove_print_the_transaction);
	CU_add_test(s, "ctl_membership_usage_errors_exit_2",
		    ctl_membership_usage_errors_exit_2);
	CU_add_test(s,
		    "ctl_transfer_master_starts_then_waits_for_the_new_master",
		    ctl_transfer_master_starts_then_waits_for_the_new_master);
	s = CU_add_suite("query", NULL, NULL);
#define ADD(name) CU_add_test(s, #name, name)
	ADD(query_sends_statement_params_and_seq_and_decodes_rows);
	ADD(query_write_reports_counters_and_txn);
	ADD(query_syntax_error_carries_line_and_column);
	ADD(query_retryable_failure_is_retried_with_the_same_seq);
	ADD(query_refuses_a_node_as_parameter_without_sending);
	ADD(value_format_shows_maps_nodes_rels_and_paths);
	ADD(table_pads_columns_by_characters_and_shows_null);
	ADD(table_without_rows_has_header_only_and_without_columns_nothing);
	ADD(table_summary_counts_rows_changes_and_txn);
	ADD(script_semicolons_in_strings_and_comments_end_nothing);
	ADD(script_statements_start_at_their_first_line_after_comments);
	ADD(script_unterminated_rest_is_incomplete_and_kept);
	ADD(script_example_dataset_splits_into_small_creates);
	ADD(caret_points_at_the_column_of_the_error_line);
	ADD(caret_counts_characters_and_keeps_tabs);
	ADD(caret_absent_without_a_position_and_never_shown_twice);
	s = CU_add_suite("graphctl query", NULL, NULL);
	ADD(ctl_query_prints_table_and_sends_params_and_read_options);
	ADD(ctl_query_write_prints_counters_and_txn);
	ADD(ctl_query_json_prints_one_object_per_row);
	ADD(ctl_query_syntax_error_shows_caret_and_exits_1);
	ADD(ctl_query_file_stops_at_the_first_error_naming_its_line);
	ADD(ctl_shell_runs_piped_statements_with_params_and_no_prompt);
	ADD(ctl_shell_piped_error_stops_and_names_the_input_line);
	ADD(ctl_shell_piped_bad_param_stops_before_the_statements);
	ADD(ctl_query_usage_errors_exit_2);
#undef ADD
	s = CU_add_suite("args", NULL, NULL);
	CU_add_test(s, "args_durations_take_ms_s_m_or_seconds",
		    args_durations_take_ms_s_m_or_seconds);
	CU_add_test(s, "args_member_spec_is_id_at_host_port",
		    args_member_spec_is_id_at_host_port);
	CU_add_test(s, "args_roles_are_the_five_reported",
		    args_roles_are_the_five_reported);
	return cu_run();
}
