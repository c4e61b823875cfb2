/* cypher_parse_int.h: the parser's state and helpers, shared by the
 * statement and clause parser (cypher_parse.c) and the expression and
 * pattern parser (cypher_parse_expr.c). Internal to the Cypher parser. */
#ifndef GRAPHD_GRAPH_CYPHER_PARSE_INT_H
#define GRAPHD_GRAPH_CYPHER_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph/cypher_lex.h"
#include "graph/cypher_parse.h"

#define INT_LIMIT ((uint64_t)1 << 63)

/* A comprehension variable in scope while its WHERE and projection are
 * parsed; the chain lives on the parser's own stack. */
struct binder {
	const char *name;
	const struct binder *up;
};

struct parser {
	const struct binder *scope; /* innermost comprehension variable */
	const char *src;
	size_t len;
	struct cypher_tokens toks;
	size_t cur;
	struct cypher_stmt *stmt;
	struct cypher_error *err;
	bool failed;
	int depth;
	int max_depth;
	int max_height;
};

/* Tokens, errors and tree building (cypher_parse.c). Each records the
 * first error in the parser and returns NULL, false or -1 after one. */
const struct cypher_token *cp_tok_at(const struct parser *p, size_t k);
const struct cypher_token *cp_tok(const struct parser *p);
const struct cypher_token *cp_next(struct parser *p);
bool cp_tok_is_kw(const struct parser *p, const struct cypher_token *t,
		      const char *kw);
bool cp_is_kw(const struct parser *p, const char *kw);
bool cp_accept_kw(struct parser *p, const char *kw);
bool cp_is_tok(const struct parser *p, enum cypher_tok_kind kind);
bool cp_accept(struct parser *p, enum cypher_tok_kind kind);
bool cp_is_reserved(const struct parser *p, const struct cypher_token *t);
__attribute__((format(printf, 3, 4))) void
cp_fail_at(struct parser *p, struct cypher_pos pos, const char *fmt, ...);
void cp_fail_oom(struct parser *p);
void cp_fail_expected(struct parser *p, const char *what);
bool cp_expect(struct parser *p, enum cypher_tok_kind kind,
		   const char *what);
bool cp_expect_kw(struct parser *p, const char *kw, const char *what);
void *cp_alloc(struct parser *p, size_t size);
void *cp_grow(struct parser *p, void *items_ptr, size_t *n, size_t *cap,
		  size_t elem);
char *cp_tok_name(struct parser *p, const struct cypher_token *t);
char *cp_parse_symbol(struct parser *p, const char *what);
bool cp_is_var_tok(const struct parser *p, const struct cypher_token *t);
char *cp_parse_var(struct parser *p, const char *what);
struct cypher_expr *
cp_new_expr(struct parser *p, enum cypher_expr_kind kind, struct cypher_pos pos);
struct cypher_expr *cp_finish(struct parser *p, struct cypher_expr *e,
				  int child_height);
int cp_max_int(int a, int b);
struct cypher_expr *cp_mk_binary(struct parser *p, enum cypher_op op,
				     struct cypher_expr *lhs,
				     struct cypher_expr *rhs,
				     struct cypher_pos pos);
bool cp_enter(struct parser *p);

/* Expressions and patterns (cypher_parse_expr.c), for the clauses. */
struct cypher_expr *cp_parse_expr(struct parser *p);
int cp_parse_expr_list(struct parser *p, enum cypher_tok_kind close,
			   struct cypher_expr ***items, size_t *n, int *height);
int cp_parse_label_list(struct parser *p, char ***labels, size_t *n,
			    const char *what);
int cp_parse_path(struct parser *p, struct cypher_path *path);
int cp_parse_paths(struct parser *p, struct cypher_path **paths, size_t *n);

#endif
