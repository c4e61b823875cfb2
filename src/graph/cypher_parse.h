/* cypher_parse.h: parses one Cypher statement into a cypher_ast.h tree, or a
 * positioned error. */
#ifndef GRAPHD_GRAPH_CYPHER_PARSE_H
#define GRAPHD_GRAPH_CYPHER_PARSE_H

#include <stddef.h>

#include "graph/cypher_ast.h"

/* Bounds on untrusted query text. Zero fields take the defaults. */
struct cypher_limits {
	size_t max_bytes;    /* longest statement (default 1 MiB, at most
				INT32_MAX) */
	int max_depth;	     /* nesting of (), [], {}, CASE, NOT and unary
				signs (default 200) */
	int max_expr_height; /* height of any expression tree, e.g. the length
				of a chain a + b + c ... (default 1000) */
};

#define CYPHER_DEFAULT_MAX_BYTES       (1024 * 1024)
#define CYPHER_DEFAULT_MAX_DEPTH       200
#define CYPHER_DEFAULT_MAX_EXPR_HEIGHT 1000
/* Larger settings are lowered to these, which fit an 8 MiB stack even
 * under AddressSanitizer. */
#define CYPHER_MAX_DEPTH_CAP	   1000
#define CYPHER_MAX_EXPR_HEIGHT_CAP 10000

/* A syntax error. line and col (1-based, col in characters) point at the
 * offending token; both are 0 when the error has no position (out of
 * memory). msg says what was expected and what was found, e.g.
 * "expected ')' after the node pattern, found 'RETURN'". */
struct cypher_error {
	int line;
	int col;
	char msg[256];
};

/*
 * Parses src[0..len) (need not be NUL-terminated) as one statement with an
 * optional trailing ';'. Returns the statement (free it with
 * cypher_stmt_free), or NULL with *err filled. lim may be NULL (defaults).
 * Any input is safe: it never crashes, never recurses deeper than
 * lim->max_depth levels, and runs in time linear in len.
 *
 * Choices where Cypher leaves room:
 * - Comparisons chain as in openCypher: "a < b <= c" is "a < b AND
 *   b <= c" (the AND is positioned at the second operator).
 * - Precedence, loosest first: OR, XOR, AND, NOT, comparison (= <> < <= >
 *   >=), the predicates IN, STARTS WITH, ENDS WITH, CONTAINS, IS [NOT] NULL
 *   (as in openCypher, they bind tighter than comparisons), + -, * / %, ^
 *   (left-associative), unary - +, then postfix .key [i] [a..b] and the
 *   label test n:Label.
 * - Keywords are case-insensitive and reserved as variable names; a
 *   backquoted `name` is always a name. Map keys, labels, types, property
 *   keys and function names may be keywords.
 */
struct cypher_stmt *cypher_parse(const char *src, size_t len,
				 const struct cypher_limits *lim,
				 struct cypher_error *err);

/* Formats err for a person: the message with its line and column, then
 * the offending source line (shortened around the column when long) and a
 * caret under the column:
 *
 *   line 1, column 10: expected ')' to close the node pattern, found 'RETURN'
 *   MATCH (n RETURN n
 *            ^
 *
 * (no indentation in the output). Tabs before the column are kept so the
 * caret lines up; a line longer than about 120 characters is shown from
 * "..." a little before the column. The text has no final newline.
 *
 * Writes at most size bytes (NUL-terminated, like snprintf) and returns
 * the length of the full text. src is the text that was parsed. */
size_t cypher_error_format(const struct cypher_error *err, const char *src,
			   size_t len, char *buf, size_t size);

#endif
