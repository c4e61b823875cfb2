/* graphd.h: libgraphd, the client library of graphd.
 *
 * The same calls work against a single instance (dbms.mode=SINGLE) and a
 * cluster: only the server list changes ("h1:6001,h2:6001,h3:6001"), never
 * the application code. Blocking sockets, no threads of its own; a graphd_t
 * is used by one thread at a time. Every call that can fail returns 0 on
 * success and -1 on failure with *err filled (err may be NULL).
 */
#ifndef GRAPHD_CLIENT_H
#define GRAPHD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRAPHD_PROTOCOL_VERSION 1

/* Error codes: the wire's ErrorCode, plus client-side ones from 100. */
enum graphd_code {
	GRAPHD_OK = 0,
	GRAPHD_E_BAD_REQUEST = 1,
	GRAPHD_E_NOT_FOUND = 2,
	GRAPHD_E_CONSTRAINT = 3,
	GRAPHD_E_NO_MASTER = 4,  /* retryable */
	GRAPHD_E_TIMEOUT = 5,    /* retryable */
	GRAPHD_E_UNAVAILABLE = 6,/* retryable */
	GRAPHD_E_INTERNAL = 7,
	GRAPHD_E_REFUSED = 8,    /* handshake refused: cluster, version, login */
	GRAPHD_E_NOT_MASTER = 9, /* not the master; the library follows it */
	GRAPHD_E_SYNTAX = 10,    /* a query does not parse (line, column) */
	GRAPHD_E_SEMANTIC = 11,  /* unknown variable, wrong argument type */
	GRAPHD_E_QUERY_FAILED = 12, /* failed running; changed nothing */
	GRAPHD_E_NOT_MEMBER = 13, /* the instance was removed from its cluster */
	GRAPHD_E_CONNECT = 100,  /* no listed server could be reached */
	GRAPHD_E_IO = 101,       /* connection lost mid-request */
	GRAPHD_E_PROTOCOL = 102, /* the server sent something undecodable */
	GRAPHD_E_USAGE = 103,    /* bad argument to a library call */
	GRAPHD_E_NOMEM = 104,
};

struct graphd_error {
	int code; /* enum graphd_code */
	bool retryable;
	char message[512];
	/* Query errors: 1-based position in the statement (0: none). */
	uint32_t line, column;
};

/* ------------------------------------------------------------- values */

enum graphd_type {
	GRAPHD_NULL = 0,
	GRAPHD_BOOL,
	GRAPHD_INT,
	GRAPHD_FLOAT,
	GRAPHD_STRING,
	GRAPHD_LIST,
	/* Query results (and, for MAP, parameters) only: never a property. */
	GRAPHD_MAP,
	GRAPHD_NODE,
	GRAPHD_REL,
	GRAPHD_PATH,
};

struct graphd_prop;
struct graphd_node;
struct graphd_rel;
struct graphd_path;

struct graphd_value {
	enum graphd_type type;
	union {
		bool b;
		int64_t i;
		double f;
		char *s; /* NUL-terminated UTF-8 */
		struct {
			size_t n;
			struct graphd_value *items;
		} list;
		struct {
			size_t n; /* keys in ascending byte order */
			struct graphd_prop *entries;
		} map;
		struct graphd_node *node; /* malloc'd, one each */
		struct graphd_rel *rel;
		struct graphd_path *path;
	} u;
};

struct graphd_prop {
	char *key;
	struct graphd_value value;
};

struct graphd_node {
	uint64_t id;
	size_t n_labels;
	char **labels;
	size_t n_props;
	struct graphd_prop *props;
};

struct graphd_rel {
	uint64_t id;
	char *type;
	uint64_t start;
	uint64_t end;
	size_t n_props;
	struct graphd_prop *props;
};

/* nodes[0] rels[0] nodes[1] ... rels[n_rels - 1] nodes[n_rels]. */
struct graphd_path {
	size_t n_nodes; /* n_rels + 1 */
	struct graphd_node *nodes;
	size_t n_rels;
	struct graphd_rel *rels;
};

/* Parses "text" into a value: null, true/false, integers, floats, "quoted" or
 * bare strings, [a, b, ...] lists. Used by graphctl --prop key=value. */
int graphd_value_parse(const char *text, struct graphd_value *out,
		       struct graphd_error *err);
/* Prints a value as graphctl shows it; returns bytes that would be written. */
size_t graphd_value_format(const struct graphd_value *v, char *buf,
			   size_t len);
void graphd_value_free(struct graphd_value *v);
void graphd_node_free(struct graphd_node *n);
void graphd_rel_free(struct graphd_rel *r);

/* ------------------------------------------------------- connection */

struct graphd_options {
	const char *cluster_name; /* NULL: "graphd" */
	const char *client_name;  /* NULL: "libgraphd" */
	unsigned timeout_ms;      /* per request; 0: 30000 */
	unsigned retry_ms;        /* retry retryable writes this long; 0: 15000 */
	/* Login for servers with dbms.security.auth_enabled; NULL: none. Sent
	 * in clear in the handshake (no TLS yet). A wrong login fails with
	 * GRAPHD_E_REFUSED "authentication failed for user X". */
	const char *user;
	const char *password;
};

typedef struct graphd graphd_t;

/* servers: comma-separated "host:port" list. Connects to the first that
 * answers the handshake; later moves to another when that one fails, or to
 * the master a NOT_MASTER answer names (even one not in the list). */
graphd_t *graphd_connect(const char *servers, const struct graphd_options *o,
			 struct graphd_error *err);
void graphd_close(graphd_t *g);
/* "host:port" of the instance currently connected, for messages. */
const char *graphd_server(const graphd_t *g);

/* ------------------------------------------------------ transactions */

/* A reference to a node/relationship: an existing id, or the id created by
 * operation number op (0-based) of the same transaction. */
struct graphd_ref {
	bool is_op;
	uint64_t v;
};
#define GRAPHD_ID(x) ((struct graphd_ref){false, (uint64_t)(x)})
#define GRAPHD_OP(i) ((struct graphd_ref){true, (uint64_t)(i)})

struct graphd_txn;

/* Each builder call returns the new operation's index, or -1 (bad argument or
 * out of memory). The transaction runs all operations or none. */
struct graphd_txn *graphd_txn_new(void);
void graphd_txn_free(struct graphd_txn *t);
int graphd_txn_create_node(struct graphd_txn *t, const char *const *labels,
			   size_t n_labels, const struct graphd_prop *props,
			   size_t n_props);
int graphd_txn_create_rel(struct graphd_txn *t, const char *type,
			  struct graphd_ref start, struct graphd_ref end,
			  const struct graphd_prop *props, size_t n_props);
int graphd_txn_set_prop(struct graphd_txn *t, bool rel, struct graphd_ref ref,
			const char *key, const struct graphd_value *v);
int graphd_txn_remove_prop(struct graphd_txn *t, bool rel,
			   struct graphd_ref ref, const char *key);
int graphd_txn_add_label(struct graphd_txn *t, struct graphd_ref node,
			 const char *label);
int graphd_txn_remove_label(struct graphd_txn *t, struct graphd_ref node,
			    const char *label);
int graphd_txn_delete_node(struct graphd_txn *t, struct graphd_ref node,
			   bool detach);
int graphd_txn_delete_rel(struct graphd_txn *t, struct graphd_ref rel);

struct graphd_counters {
	uint64_t nodes_created, nodes_deleted, rels_created, rels_deleted;
	uint64_t props_set, labels_added, labels_removed;
	/* Cypher schema statements (graphd_query) only. */
	uint64_t indexes_added, indexes_removed;
	uint64_t constraints_added, constraints_removed;
};

struct graphd_write_result {
	uint64_t txn_id;       /* log index: a bookmark for later reads */
	size_t n_created;      /* == number of operations */
	uint64_t *created_ids; /* per operation: id created, 0 otherwise */
	struct graphd_counters counters;
};
void graphd_write_result_free(struct graphd_write_result *r);

/* Runs the transaction. Each call takes the next sequence number of this
 * connection's session; a retry after a retryable failure reuses it, so the
 * server applies the transaction at most once. */
int graphd_write(graphd_t *g, const struct graphd_txn *t,
		 struct graphd_write_result *out, struct graphd_error *err);

/* -------------------------------------------------------------- reads */

struct graphd_read_opts {
	uint64_t bookmark;  /* wait until this txn id is applied there */
	bool linearizable;  /* ReadIndex through the master */
};

enum graphd_dir { GRAPHD_OUT = 0, GRAPHD_IN = 1, GRAPHD_BOTH = 2 };

struct graphd_node_list {
	size_t n;
	struct graphd_node *nodes;
};

struct graphd_neighbour_list {
	size_t n;
	struct graphd_rel *rels;   /* rels[i] connects the node to nodes[i] */
	struct graphd_node *nodes;
};

void graphd_node_list_free(struct graphd_node_list *l);
void graphd_neighbour_list_free(struct graphd_neighbour_list *l);

/* opts may be NULL. Not found: -1 with GRAPHD_E_NOT_FOUND. */
int graphd_get_node(graphd_t *g, uint64_t id,
		    const struct graphd_read_opts *opts,
		    struct graphd_node *out, struct graphd_error *err);
int graphd_get_rel(graphd_t *g, uint64_t id,
		   const struct graphd_read_opts *opts, struct graphd_rel *out,
		   struct graphd_error *err);
int graphd_neighbours(graphd_t *g, uint64_t node, enum graphd_dir dir,
		      const char *const *types, size_t n_types, uint32_t limit,
		      const struct graphd_read_opts *opts,
		      struct graphd_neighbour_list *out,
		      struct graphd_error *err);
/* key/value NULL: every node with the label. */
int graphd_nodes_by_label(graphd_t *g, const char *label, const char *key,
			  const struct graphd_value *value, uint32_t limit,
			  const struct graphd_read_opts *opts,
			  struct graphd_node_list *out,
			  struct graphd_error *err);

/* ------------------------------------------------------------- queries */

/* A query parameter: $name in the statement (name without the '$'). */
struct graphd_param {
	const char *name;
	struct graphd_value value;
};

struct graphd_result {
	size_t n_columns;
	char **columns;
	size_t n_rows;
	struct graphd_value **rows; /* rows[i][j]: row i, column j */
	struct graphd_counters counters;
	uint64_t txn_id; /* updating statements: a bookmark; reads: 0 */
	char *plan;	 /* EXPLAIN: the plan (no rows); else "" */
};
void graphd_result_free(struct graphd_result *r);

/* Runs one Cypher statement; the server decides whether it reads or writes.
 * Like graphd_write it takes the next sequence number of this connection's
 * session, and a retryable failure is retried with the same one, so an
 * updating statement is applied at most once. opts (may be NULL) apply when
 * it reads. A statement the server rejects: -1 with GRAPHD_E_SYNTAX (line and
 * column set), GRAPHD_E_SEMANTIC or GRAPHD_E_QUERY_FAILED. */
int graphd_query(graphd_t *g, const char *statement,
		 const struct graphd_param *params, size_t n_params,
		 const struct graphd_read_opts *opts, struct graphd_result *out,
		 struct graphd_error *err);

/* -------------------------------------------------------------- status */

struct graphd_member {
	uint32_t server_id;
	char role[16];
	char address[64];
	bool reachable;
	uint64_t match_index;     /* known on the master only (else 0) */
	uint64_t lag;             /* master's last index - match_index */
	char cluster_address[64]; /* its ha.cluster_server */
};

struct graphd_status {
	char mode[16];     /* SINGLE, HA, ARBITER */
	char role[16];     /* master, slave, arbiter, candidate, learner */
	uint32_t server_id;
	char data_dir[4096];
	uint64_t term;
	uint64_t commit_index;
	uint64_t applied_index;
	uint64_t uptime_ms;
	uint32_t master_id;
	char cluster_name[64];
	char version[32];
	size_t n_members;
	struct graphd_member *members;
	char cluster_id[40]; /* hex, or "" before the first master made it */
	/* Instances refused because they belong to another cluster. */
	size_t n_foreign;
	struct graphd_member *foreign;
	/* "" normally; while the instance's disk is full, why writes wait:
	 * "disk full on DIR (N kB free); writes resume by themselves ..." */
	char disk_full[640];
};
void graphd_status_free(struct graphd_status *s);

int graphd_status(graphd_t *g, struct graphd_status *out,
		  struct graphd_error *err);

/* ---------------------------------------------------------- membership */

enum graphd_member_op {
	GRAPHD_MEMBER_ADD = 0, /* a data instance: learner, then slave */
	GRAPHD_MEMBER_ADD_ARBITER = 1,
	GRAPHD_MEMBER_REMOVE = 2,
	GRAPHD_MEMBER_TRANSFER = 3, /* make instance id master */
};

/* Changes the cluster's membership, or starts a transfer of the master role
 * to instance id. cluster_address (its ha.cluster_server, "host:port") is
 * needed by the ADD ops only. Only the master does this: the library follows
 * a NOT_MASTER answer's master address (at most 3 hops). On success *index
 * (may be NULL) is the transaction id of the membership change (0 for a
 * transfer). The change is not retried once it may have reached the master:
 * after GRAPHD_E_IO or GRAPHD_E_TIMEOUT check graphd_status before trying
 * again. */
int graphd_member_change(graphd_t *g, enum graphd_member_op op, uint32_t id,
			 const char *cluster_address, uint64_t *index,
			 struct graphd_error *err);

#ifdef __cplusplus
}
#endif
#endif
