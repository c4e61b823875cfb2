/* cypher_value.h: the runtime values of Cypher and its operators, comparison,
 * ordering, hashing, text rendering and protocol conversion. */
#ifndef GRAPHD_GRAPH_CYPHER_VALUE_H
#define GRAPHD_GRAPH_CYPHER_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph/cypher_ast.h"
#include "graphd.pb-c.h"

/*
 * Ownership: a struct cv owns everything it points to (strings, items,
 * entries, labels). cv_free() releases it and leaves a null value behind,
 * so freeing twice is harmless. Functions that take a `struct cv *` to
 * "store" (cv_list_push, cv_map_set, ...) take ownership of it and leave
 * the caller's copy null, also on failure. Functions that read a `const
 * struct cv *` never keep a pointer into it. Scalars need no allocation;
 * a zeroed struct cv is null.
 *
 * Semantics follow openCypher / Neo4j 4.x-5.x: null propagation, three-
 * valued logic, 1 = 1.0, integer overflow and integer division by zero are
 * errors, float arithmetic follows IEEE 754.
 */

enum cv_kind {
	CV_NULL = 0,
	CV_BOOL,
	CV_INT,
	CV_FLOAT,
	CV_STRING,
	CV_LIST,
	CV_MAP,
	CV_NODE,
	CV_REL,
	CV_PATH,
	/* temporal values (cypher_temporal.h) */
	CV_DATE,
	CV_LOCALTIME,
	CV_TIME,
	CV_LOCALDATETIME,
	CV_DATETIME,
	CV_DURATION,
};

struct cv;
struct cv_map_entry;

/* Entries sorted by key (strcmp), keys unique. */
struct cv_map {
	struct cv_map_entry *entries;
	size_t n;
};

struct cv_node {
	int64_t id;
	char **labels;
	size_t n_labels;
	struct cv_map props;
};

struct cv_rel {
	int64_t id;
	char *type;
	int64_t start; /* node ids */
	int64_t end;
	struct cv_map props;
};

/* date: day; localtime: nano; time: nano, offset; localdatetime: day,
 * nano; datetime: day, nano (local), offset, zone. */
struct cv_temporal {
	int64_t day;	/* days since 1970-01-01 (the local date) */
	int64_t nano;	/* nanoseconds of the local day */
	int32_t offset; /* seconds east of UTC */
	uint32_t zone;	/* a named zone (cv_tz_lookup), 0: offset only */
};

/* seconds and nanos carry one sign (nanos in (-1e9, 1e9)). */
struct cv_duration {
	int64_t months, days, seconds;
	int32_t nanos;
};

struct cv {
	enum cv_kind kind;
	union {
		bool b;
		int64_t i;
		double f;
		struct {
			char *s; /* NUL-terminated too, but may hold NULs */
			size_t len;
		} str;
		struct {
			struct cv *items;
			size_t n;
		} list; /* LIST, and PATH: node, rel, node, ..., node */
		struct cv_map map;
		struct cv_node node;
		struct cv_rel rel;
		struct cv_temporal t;
		struct cv_duration d;
	} u;
};

struct cv_map_entry {
	char *key;
	struct cv val;
};

/* ------------------------------------------------------------------ errors */

enum cv_errc {
	CV_OK = 0,
	CV_ERR_NOMEM,	    /* out of memory */
	CV_ERR_TYPE,	    /* operand or argument of the wrong type */
	CV_ERR_OVERFLOW,    /* "integer overflow" */
	CV_ERR_DIV_ZERO,    /* "/ by zero" (integer / and %) */
	CV_ERR_ARG,	    /* an argument value out of its domain */
	CV_ERR_ARITY,	    /* wrong number of function arguments */
	CV_ERR_UNKNOWN,	    /* unknown function */
	CV_ERR_UNSUPPORTED, /* no protocol encoding / no resolver for it */
};

struct cv_err {
	enum cv_errc code;
	char msg[200];
};

/* Sets err (which may be NULL) and returns -1, for `return cv_err_set()`. */
int cv_err_set(struct cv_err *err, enum cv_errc code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "null", "a boolean", "an integer", "a float", "a string", "a list",
 * "a map", "a node", "a relationship", "a path": for messages. */
const char *cv_kind_name(enum cv_kind kind);

/* ------------------------------------------------------------ construction */

static inline struct cv cv_null(void)
{
	struct cv v = {.kind = CV_NULL};
	return v;
}
static inline struct cv cv_bool(bool b)
{
	struct cv v = {.kind = CV_BOOL, .u.b = b};
	return v;
}
static inline struct cv cv_int(int64_t i)
{
	struct cv v = {.kind = CV_INT, .u.i = i};
	return v;
}
static inline struct cv cv_float(double f)
{
	struct cv v = {.kind = CV_FLOAT, .u.f = f};
	return v;
}

/* All of these return 0, or -1 when out of memory (out is then null). */
int cv_string(struct cv *out, const char *s, size_t len);
int cv_cstring(struct cv *out, const char *s);
/* An empty list or map. */
void cv_list_init(struct cv *out);
void cv_map_init(struct cv *out);
/* Appends *item to the list and leaves *item null. */
int cv_list_push(struct cv *list, struct cv *item);
/* Sets key to *val (replacing an old value) and leaves *val null. */
int cv_map_set(struct cv_map *map, const char *key, struct cv *val);
/* The value of key, or NULL when absent. */
const struct cv *cv_map_get(const struct cv_map *map, const char *key);
/* A node with no labels and no properties; labels are added with
 * cv_node_add_label, properties with cv_map_set(&v->u.node.props, ...). */
void cv_node_init(struct cv *out, int64_t id);
int cv_node_add_label(struct cv *node, const char *label);
int cv_rel_init(struct cv *out, int64_t id, const char *type, int64_t start,
		int64_t end);
/* A path of just one node (takes *node); extended by cv_path_append. */
int cv_path_init(struct cv *out, struct cv *node);
/* Appends rel then node (takes both); rel must link the last node and
 * node. Returns -1 with CV_ERR_ARG when it does not. */
int cv_path_append(struct cv *path, struct cv *rel, struct cv *node,
		   struct cv_err *err);

/* Deep copy into *out. 0, or -1 when out of memory (out is then null). */
int cv_copy(struct cv *out, const struct cv *v);
/* Releases v's memory and sets it to null. */
void cv_free(struct cv *v);

/* -------------------------------------------------------------- operators */

/* Every operator writes a new value to *out (owned by the caller) and
 * returns 0, or returns -1 with err set (CV_ERR_TYPE naming the operator
 * and the operand kinds, CV_ERR_OVERFLOW, CV_ERR_DIV_ZERO, CV_ERR_NOMEM). */

/* NOT, NEG (unary minus), POS. */
int cv_unary(enum cypher_op op, const struct cv *a, struct cv *out,
	     struct cv_err *err);
/* OR .. POW of cypher_ast.h. */
int cv_binary(enum cypher_op op, const struct cv *a, const struct cv *b,
	      struct cv *out, struct cv_err *err);
/* obj[idx]: a list with an integer (negative counts from the end; out of
 * range is null), a map, node or relationship with a string key. */
int cv_index(const struct cv *obj, const struct cv *idx, struct cv *out,
	     struct cv_err *err);
/* obj[from..to] on a list; a NULL bound is open, a null bound gives null. */
int cv_slice(const struct cv *obj, const struct cv *from, const struct cv *to,
	     struct cv *out, struct cv_err *err);
/* obj.key on a map, node or relationship (null when absent or obj null). */
int cv_property(const struct cv *obj, const char *key, struct cv *out,
		struct cv_err *err);

/* Three-valued truth. */
enum cv_tri {
	CV_FALSE = 0,
	CV_TRUE = 1,
	CV_UNKNOWN = 2, /* null */
};

/* a = b: null when either is null (or a null inside lists/maps decides);
 * numbers compare numerically (1 = 1.0); NaN equals nothing; nodes and
 * relationships by id; a path equals the list of its nodes and
 * relationships; other different kinds are not equal. */
enum cv_tri cv_equals(const struct cv *a, const struct cv *b);
/* True only for the boolean true (what WHERE keeps). */
bool cv_is_true(const struct cv *v);

/* ORDER BY: a total order over all values. Ascending, kinds are ordered
 * map < node < relationship < list < path < string < boolean < number <
 * null; numbers numerically with NaN after every other number; lists and
 * paths element by element (a prefix first); maps entry by entry in key
 * order. Returns <0, 0 or >0. */
int cv_order(const struct cv *a, const struct cv *b);

/* Equivalence for DISTINCT and grouping keys: like =, but null is
 * equivalent to null and NaN to NaN (a path and a list never are), and the
 * answer is always a boolean.
 * Exactly cv_order(a, b) == 0. cv_hash agrees with it (1 and 1.0 hash
 * alike). */
bool cv_equivalent(const struct cv *a, const struct cv *b);
uint64_t cv_hash(const struct cv *v);

/* A set of values under equivalence (DISTINCT). Zero-initialise it. */
struct cv_set {
	struct cv *slots;
	bool *used;
	size_t cap;
	size_t n;
};
/* Adds a copy of v unless an equivalent value is there; *added tells.
 * 0, or -1 when out of memory. */
int cv_set_add(struct cv_set *set, const struct cv *v, bool *added);
void cv_set_free(struct cv_set *set);

/* ------------------------------------------------------------------- text */

/* The value as cypher-shell prints it: NULL, TRUE, 1, 1.0, 1.0E10, NaN,
 * "str" (with " and \ escaped by \), [1, 2], {a: 1}, (:L {p: 1}),
 * [:T {p: 1}], (:A)-[:T]->(:B). A malloc'd string, NULL when out of
 * memory. */
char *cv_to_text(const struct cv *v);
/* A float as Java's Double.toString (what Cypher's toString prints):
 * "1.0", "0.1", "1.0E10", "1.0E-5", "NaN", "Infinity". buf holds 32. */
void cv_float_text(double f, char buf[32]);

/* --------------------------------------------------------------- protocol */

/* *out becomes a new Graphd__Value (free it with
 * graphd__value__free_unpacked(*out, NULL)). Null, boolean, integer,
 * float, string and lists of these are encoded; a map, node,
 * relationship or path (also inside a list) has no field in the protocol
 * yet and fails with CV_ERR_UNSUPPORTED. */
int cv_to_proto(const struct cv *v, Graphd__Value **out, struct cv_err *err);
/* pv NULL or with no kind set is null. */
int cv_from_proto(const Graphd__Value *pv, struct cv *out, struct cv_err *err);

#endif
