/* cypher_ast.h: the syntax tree of one Cypher statement, as the parser hands it
 * to the planner. */
#ifndef GRAPHD_GRAPH_CYPHER_AST_H
#define GRAPHD_GRAPH_CYPHER_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Conventions (the contract with the planner):
 * - Every node carries a 1-based line and column (in characters, not
 *   bytes) for error messages: of its operator for unary and binary
 *   expressions (the '+' of a + b), of the '.' or '[' for property access
 *   and subscripts, of the predicate keyword (IN, IS, STARTS, ...), and of
 *   its first token otherwise.
 * - Sequences are arrays with a count (x and n_x); an empty sequence is
 *   NULL with count 0.
 * - Optional parts are NULL when absent (an anonymous node has var NULL).
 * - Strings are NUL-terminated and decoded (escapes resolved, backquotes
 *   removed); they never contain a NUL byte.
 * - All memory belongs to the statement: one cypher_stmt_free() releases
 *   everything; never free a part of the tree.
 * - No expression tree is higher than the parser's max_expr_height limit
 *   (cypher_parse.h), so recursive walks over expressions are safe.
 */

struct cypher_pos {
	int line; /* 1-based */
	int col;  /* 1-based, in characters */
};

/* ------------------------------------------------------------ expressions */

enum cypher_expr_kind {
	CYPHER_EXPR_LITERAL, /* u.lit: null, bool, int, float, string */
	CYPHER_EXPR_PARAM,   /* u.name: $name (without the '$') */
	CYPHER_EXPR_VAR,     /* u.name: a variable */
	CYPHER_EXPR_PROP,    /* u.prop: obj.key */
	CYPHER_EXPR_INDEX,   /* u.index: obj[index] */
	CYPHER_EXPR_SLICE,   /* u.slice: obj[from..to], either bound NULL */
	CYPHER_EXPR_CALL,   /* u.call: name(args), name(DISTINCT x), count(*) */
	CYPHER_EXPR_UNARY,  /* u.unary: NOT x, -x, +x */
	CYPHER_EXPR_BINARY, /* u.binary: a op b */
	CYPHER_EXPR_IS_NULL, /* u.is_null: x IS NULL, x IS NOT NULL */
	CYPHER_EXPR_CASE,    /* u.case_: simple or generic CASE */
	CYPHER_EXPR_LIST,    /* u.list: [a, b, ...] */
	CYPHER_EXPR_MAP,     /* u.map: {k: v, ...} */
	CYPHER_EXPR_LABELS,  /* u.labels: n:Label:Other (true if all present) */
	CYPHER_EXPR_COMP,    /* u.comp: [x IN l WHERE p | e], all(x IN l ...) */
	CYPHER_EXPR_LOCAL,   /* u.local: a comprehension's own variable */
	CYPHER_EXPR_PATTERN, /* u.pattern: (a)-->(b) as a predicate, or
				[p = (a)-->(b) WHERE w | proj] */
};

/* What a CYPHER_EXPR_COMP computes from the elements for which its WHERE
 * holds: a list (of its projection, or of the elements), or one of the
 * quantifiers' three-valued answers. */
enum cypher_comp_kind {
	CYPHER_COMP_LIST,   /* [x IN l WHERE p | e] */
	CYPHER_COMP_ALL,    /* all(x IN l WHERE p) */
	CYPHER_COMP_ANY,    /* any(...) */
	CYPHER_COMP_NONE,   /* none(...) */
	CYPHER_COMP_SINGLE, /* single(...) */
};

enum cypher_lit_kind {
	CYPHER_LIT_NULL,
	CYPHER_LIT_BOOL,
	CYPHER_LIT_INT,
	CYPHER_LIT_FLOAT,
	CYPHER_LIT_STRING,
};

/* A scalar literal. Lists and maps are CYPHER_EXPR_LIST/MAP because their
 * elements are expressions. A minus sign directly before a number literal
 * is folded into it (-5 is the literal -5, and -9223372036854775808 is
 * INT64_MIN); any other minus is a CYPHER_OP_NEG. */
struct cypher_literal {
	enum cypher_lit_kind kind;
	union {
		bool b;
		int64_t i;
		double f; /* always finite */
		char *s;
	} v;
};

enum cypher_op {
	/* unary */
	CYPHER_OP_NOT,
	CYPHER_OP_NEG,
	CYPHER_OP_POS,
	/* binary, loosest first */
	CYPHER_OP_OR,
	CYPHER_OP_XOR,
	CYPHER_OP_AND,
	CYPHER_OP_EQ,
	CYPHER_OP_NE,
	CYPHER_OP_LT,
	CYPHER_OP_LE,
	CYPHER_OP_GT,
	CYPHER_OP_GE,
	CYPHER_OP_IN,
	CYPHER_OP_STARTS_WITH,
	CYPHER_OP_ENDS_WITH,
	CYPHER_OP_CONTAINS,
	CYPHER_OP_ADD, /* numbers, string concatenation, list concatenation */
	CYPHER_OP_SUB,
	CYPHER_OP_MUL,
	CYPHER_OP_DIV,
	CYPHER_OP_MOD,
	CYPHER_OP_POW,
};

struct cypher_expr;

struct cypher_case_alt {
	struct cypher_expr *when; /* a value (simple CASE) or a predicate */
	struct cypher_expr *then;
};

struct cypher_map_entry {
	char *key;
	struct cypher_expr *value;
};

struct cypher_expr {
	enum cypher_expr_kind kind;
	struct cypher_pos pos;
	int height; /* 1 for a leaf, 1 + the highest child otherwise */
	union {
		struct cypher_literal lit;
		char *name; /* PARAM, VAR */
		struct {
			struct cypher_expr *obj;
			char *key;
		} prop;
		struct {
			struct cypher_expr *obj;
			struct cypher_expr *index;
		} index;
		struct {
			struct cypher_expr *obj;
			struct cypher_expr *from; /* NULL: from the start */
			struct cypher_expr *to;	  /* NULL: to the end */
		} slice;
		struct {
			char *name;    /* as written; functions match it
					  case-insensitively */
			bool distinct; /* name(DISTINCT x) */
			bool star;     /* count(*): n_args == 0 */
			struct cypher_expr **args;
			size_t n_args;
		} call;
		struct {
			enum cypher_op op; /* NOT, NEG, POS */
			struct cypher_expr *arg;
		} unary;
		struct {
			enum cypher_op op; /* OR .. POW */
			struct cypher_expr *lhs;
			struct cypher_expr *rhs;
		} binary;
		struct {
			struct cypher_expr *arg;
			bool negated; /* IS NOT NULL */
		} is_null;
		struct {
			struct cypher_expr *subject;  /* NULL: generic CASE */
			struct cypher_case_alt *alts; /* at least one */
			size_t n_alts;
			struct cypher_expr *otherwise; /* ELSE, or NULL */
		} case_;
		struct {
			struct cypher_expr **items;
			size_t n_items;
		} list;
		struct {
			struct cypher_map_entry *entries; /* in source order;
							     keys may repeat */
			size_t n_entries;
		} map;
		struct {
			struct cypher_expr *obj;
			char **labels; /* at least one */
			size_t n_labels;
		} labels;
		/* The parser resolves every use of var inside where and proj
		 * to a CYPHER_EXPR_LOCAL (never a VAR), so the variable is
		 * visible there only and shadows an outer one of that name;
		 * list is outside the variable's scope. */
		struct {
			enum cypher_comp_kind kind;
			char *var;
			struct cypher_expr *list;
			struct cypher_expr *where; /* or NULL */
			struct cypher_expr *proj;  /* LIST only; or NULL */
		} comp;
		/* The variable of the comprehension `up` levels out: 0 is the
		 * innermost one around this use. */
		struct {
			char *name;
			int up;
		} local;
		/* A pattern in an expression: without proj, true when it
		 * matches at least once; with proj, the list of proj over its
		 * matches (WHERE holding). Its named variables that are not
		 * bound outside are its own. */
		struct {
			struct cypher_path *path;
			struct cypher_expr *where; /* or NULL */
			struct cypher_expr *proj;  /* NULL: a predicate */
			/* EXISTS { [MATCH] pattern [WHERE w] } (or COUNT {
			 * ...}, the number of matches): new variables are
			 * its own, and it may stand anywhere */
			bool subquery;
			bool count;
		} pattern;
	} u;
};

/* --------------------------------------------------------------- patterns */

struct cypher_node_pat {
	struct cypher_pos pos;
	char *var; /* NULL: anonymous */
	char **labels;
	size_t n_labels;
	struct cypher_expr *props; /* NULL, a CYPHER_EXPR_MAP or a PARAM */
};

enum cypher_dir {
	CYPHER_DIR_OUT,	 /* (a)-->(b) */
	CYPHER_DIR_IN,	 /* (a)<--(b) */
	CYPHER_DIR_BOTH, /* (a)--(b), and (a)<-->(b) */
};

/* Hop counts of a variable-length relationship; -1 is "not written":
 * `*` is -1..-1, `*2` is 2..2, `*1..3`, `*..3` is -1..3, `*2..` is 2..-1.
 * Cypher's defaults are min 1 and no maximum. min > max (both set) is an
 * empty interval: the relationship matches nothing. */
struct cypher_rel_pat {
	struct cypher_pos pos;
	char *var;    /* NULL: anonymous */
	char **types; /* alternatives: -[:A|B]-> */
	size_t n_types;
	struct cypher_expr *props; /* NULL, a CYPHER_EXPR_MAP or a PARAM */
	enum cypher_dir dir;
	bool varlen;
	int64_t min_hops;
	int64_t max_hops;
};

/* node (rel node)*: rels[i] links nodes[i] and nodes[i + 1]. */
struct cypher_path {
	struct cypher_pos pos;
	char *var;		       /* p = (...), or NULL */
	struct cypher_node_pat *nodes; /* n_nodes >= 1 */
	size_t n_nodes;
	struct cypher_rel_pat *rels; /* n_nodes - 1 of them */
};

/* ---------------------------------------------------------------- clauses */

enum cypher_clause_kind {
	CYPHER_CLAUSE_MATCH,  /* u.match */
	CYPHER_CLAUSE_UNWIND, /* u.unwind */
	CYPHER_CLAUSE_WITH,   /* u.proj */
	CYPHER_CLAUSE_RETURN, /* u.proj */
	CYPHER_CLAUSE_CREATE, /* u.create */
	CYPHER_CLAUSE_MERGE,  /* u.merge */
	CYPHER_CLAUSE_SET,    /* u.set */
	CYPHER_CLAUSE_REMOVE, /* u.remove */
	CYPHER_CLAUSE_DELETE, /* u.del */
	CYPHER_CLAUSE_CALL,   /* u.call: CALL proc(args) YIELD ... */
	CYPHER_CLAUSE_UNION,  /* u.union_: between two queries */
};

/* YIELD field AS var (var is field when there is no AS). */
struct cypher_yield_item {
	struct cypher_pos pos;
	char *field;
	char *var;
};

struct cypher_proj_item {
	struct cypher_pos pos;
	struct cypher_expr *expr;
	char *alias; /* AS name, or NULL */
	char *text;  /* the expression's source text: the column name when
			there is no alias (RETURN n.name -> "n.name") */
};

/* The item's column name: its alias, else the variable's name for a
 * plain variable, else the expression's source text. Column names within
 * one WITH or RETURN are distinct (the parser checks). */
const char *cypher_proj_item_column(const struct cypher_proj_item *item);

struct cypher_sort_item {
	struct cypher_expr *expr;
	bool desc;
};

/* WITH and RETURN. In WITH every item that is not a plain variable has
 * an alias (the parser checks). */
struct cypher_projection {
	bool distinct;
	bool star; /* RETURN *, possibly followed by more items */
	struct cypher_proj_item *items;
	size_t n_items;
	struct cypher_sort_item *order; /* ORDER BY */
	size_t n_order;
	struct cypher_expr *skip;  /* or NULL */
	struct cypher_expr *limit; /* or NULL */
	struct cypher_expr *where; /* WITH ... WHERE; always NULL in RETURN */
};

enum cypher_set_kind {
	CYPHER_SET_PROP,    /* target = value: target is a CYPHER_EXPR_PROP */
	CYPHER_SET_REPLACE, /* var = value (a map: replaces all properties) */
	CYPHER_SET_MERGE,   /* var += value (a map: adds/overwrites keys) */
	CYPHER_SET_LABELS,  /* var:Label:Other */
};

struct cypher_set_item {
	enum cypher_set_kind kind;
	struct cypher_pos pos;
	struct cypher_expr *target; /* PROP only */
	char *var;		    /* REPLACE, MERGE, LABELS */
	struct cypher_expr *value;  /* PROP, REPLACE, MERGE */
	char **labels;		    /* LABELS */
	size_t n_labels;
};

enum cypher_remove_kind {
	CYPHER_REMOVE_PROP,   /* target is a CYPHER_EXPR_PROP */
	CYPHER_REMOVE_LABELS, /* var:Label:Other */
};

struct cypher_remove_item {
	enum cypher_remove_kind kind;
	struct cypher_pos pos;
	struct cypher_expr *target; /* PROP */
	char *var;		    /* LABELS */
	char **labels;
	size_t n_labels;
};

struct cypher_clause {
	enum cypher_clause_kind kind;
	struct cypher_pos pos;
	union {
		struct {
			bool optional;
			struct cypher_path *paths; /* comma-separated */
			size_t n_paths;
			struct cypher_expr *where; /* or NULL */
		} match;
		struct {
			struct cypher_expr *expr;
			char *var;
		} unwind;
		struct cypher_projection proj;
		struct {
			struct cypher_path *paths;
			size_t n_paths;
		} create;
		struct {
			struct cypher_path path;
			struct cypher_set_item *on_create; /* all ON CREATE SET
							      items, in order */
			size_t n_on_create;
			struct cypher_set_item *on_match;
			size_t n_on_match;
		} merge;
		struct {
			struct cypher_set_item *items;
			size_t n_items;
		} set;
		struct {
			struct cypher_remove_item *items;
			size_t n_items;
		} remove;
		struct {
			bool detach;
			struct cypher_expr **exprs;
			size_t n_exprs;
		} del;
		/* CALL name(args) YIELD items WHERE where. A query of this one
		 * clause is a standalone call: its columns are the yielded
		 * fields (all of them without YIELD or with YIELD *). */
		struct {
			char *name;    /* dotted: "db.labels" */
			bool implicit; /* no parentheses: the arguments are the
					  parameters named like the inputs */
			struct cypher_expr **args;
			size_t n_args;
			bool has_yield;
			bool yield_star;
			struct cypher_yield_item *yields;
			size_t n_yields;
			struct cypher_expr *where; /* or NULL */
		} call;
		/* UNION [ALL]: the queries before and after it are run
		 * alone and their rows joined (without duplicates unless
		 * ALL); a statement never mixes UNION and UNION ALL. */
		struct {
			bool all;
		} union_;
	} u;
};

/* -------------------------------------------------------------- statement */

enum cypher_stmt_kind {
	CYPHER_STMT_QUERY,	       /* clauses */
	CYPHER_STMT_CREATE_INDEX,      /* schema */
	CYPHER_STMT_DROP_INDEX,	       /* schema.name */
	CYPHER_STMT_CREATE_CONSTRAINT, /* schema (always IS UNIQUE) */
	CYPHER_STMT_DROP_CONSTRAINT,   /* schema.name */
	CYPHER_STMT_SHOW_INDEXES,
	CYPHER_STMT_SHOW_CONSTRAINTS,
};

/* CREATE INDEX name IF NOT EXISTS FOR (var:label) ON (var.prop)
 * CREATE CONSTRAINT name IF NOT EXISTS FOR (var:label)
 *	REQUIRE var.prop IS UNIQUE
 * DROP INDEX name IF EXISTS, DROP CONSTRAINT name IF EXISTS */
struct cypher_schema {
	char *name; /* NULL when CREATE gave none (never NULL for DROP) */
	bool if_not_exists; /* CREATE ... IF NOT EXISTS */
	bool if_exists;	    /* DROP ... IF EXISTS */
	char *var;	    /* CREATE: the FOR (var:label) variable */
	char *label;	    /* CREATE */
	char *prop;	    /* CREATE */
};

struct cypher_arena; /* the statement's memory (cypher_ast.c) */

/* A query has at least one clause. The parser checks the clause order
 * Cypher requires: RETURN comes last, and a query ends with RETURN or an
 * updating clause (CREATE, MERGE, SET, REMOVE, DELETE). */
struct cypher_stmt {
	enum cypher_stmt_kind kind;
	struct cypher_pos pos;
	bool explain; /* EXPLAIN prefix: plan only, execute nothing */
	struct cypher_clause *clauses;
	size_t n_clauses;
	struct cypher_schema schema;
	struct cypher_arena *arena;
};

/* Frees the statement and everything it owns; NULL is fine. */
void cypher_stmt_free(struct cypher_stmt *stmt);

/* True when executing the statement may change the store: a query with
 * CREATE, MERGE, SET, REMOVE or DELETE, or CREATE/DROP INDEX/CONSTRAINT.
 * Such a statement goes through the log. EXPLAIN changes nothing, so an
 * EXPLAIN statement is never a write. */
bool cypher_stmt_is_write(const struct cypher_stmt *stmt);

/* Writes the canonical one-line S-expression dump of stmt, e.g.
 *   MATCH (n:Person) WHERE n.age > 30 RETURN n.name AS name
 * prints
 *   (query (match (path (node n :Person)) (where (> (. n age) 30)))
 *	(return (item (. n name) name)))
 * (on one line). The grammar of the dump is documented in cypher_ast.c.
 * Tests compare it; the planner's EXPLAIN may reuse it for expressions. */
void cypher_ast_print(FILE *out, const struct cypher_stmt *stmt);
/* The same for one expression. */
void cypher_expr_print(FILE *out, const struct cypher_expr *e);

/* --- for the parser: allocation inside the statement ------------------ */

/* A new, empty statement with its arena; NULL when out of memory. */
struct cypher_stmt *cypher_stmt_new(void);
/* size zeroed bytes owned by stmt (aligned for any type); NULL when out of
 * memory. */
void *cypher_ast_alloc(struct cypher_stmt *stmt, size_t size);
/* A NUL-terminated copy of s[0..len) owned by stmt; NULL when out of
 * memory. */
char *cypher_ast_strndup(struct cypher_stmt *stmt, const char *s, size_t len);

#endif
