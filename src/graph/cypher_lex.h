/* cypher_lex.h: splits Cypher source text into tokens, with positions. */
#ifndef GRAPHD_GRAPH_CYPHER_LEX_H
#define GRAPHD_GRAPH_CYPHER_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "graph/cypher_ast.h"

enum cypher_tok_kind {
	CYPHER_TOK_EOF,
	CYPHER_TOK_ERROR,  /* the lexer stopped here; see lex->err */
	CYPHER_TOK_IDENT,  /* a word: keywords are words too (case-insensitive)
			    */
	CYPHER_TOK_QIDENT, /* `backquoted`: never a keyword */
	CYPHER_TOK_INT,	   /* u: 0 .. 2^63 (2^63 only valid after '-') */
	CYPHER_TOK_FLOAT,  /* f */
	CYPHER_TOK_STRING, /* s: decoded, owned by the statement */
	CYPHER_TOK_PARAM,  /* $name: text + 1 .. text + len */
	CYPHER_TOK_LPAREN,
	CYPHER_TOK_RPAREN,
	CYPHER_TOK_LBRACK,
	CYPHER_TOK_RBRACK,
	CYPHER_TOK_LBRACE,
	CYPHER_TOK_RBRACE,
	CYPHER_TOK_COMMA,
	CYPHER_TOK_DOT,
	CYPHER_TOK_DOTDOT,
	CYPHER_TOK_COLON,
	CYPHER_TOK_SEMI,
	CYPHER_TOK_PIPE,
	CYPHER_TOK_STAR,
	CYPHER_TOK_PLUS,
	CYPHER_TOK_PLUSEQ,
	CYPHER_TOK_MINUS,
	CYPHER_TOK_SLASH,
	CYPHER_TOK_PERCENT,
	CYPHER_TOK_CARET,
	CYPHER_TOK_EQ,
	CYPHER_TOK_NE,
	CYPHER_TOK_LT,
	CYPHER_TOK_LE,
	CYPHER_TOK_GT,
	CYPHER_TOK_GE,
};

struct cypher_token {
	enum cypher_tok_kind kind;
	struct cypher_pos pos;
	size_t off; /* byte offset of the first byte in the source */
	size_t len; /* bytes of source text */
	union {
		uint64_t u;
		double f;
		char *s; /* STRING: decoded; QIDENT: the name */
	} v;
};

/* The token list of a whole statement; the last token is EOF or ERROR. */
struct cypher_tokens {
	struct cypher_token *tok;
	size_t n;
	struct cypher_error_msg {
		struct cypher_pos pos;
		char msg[200];
	} err; /* set when the last token is ERROR */
};

/* Tokenizes src[0..len): skips white space and comments, decodes string
 * escapes and backquoted names into stmt's memory. Always returns a list
 * ending in EOF or ERROR; -1 only when out of memory. Free the list with
 * cypher_lex_free (the decoded strings stay with stmt). */
int cypher_lex(const char *src, size_t len, struct cypher_stmt *stmt,
	       struct cypher_tokens *out);
void cypher_lex_free(struct cypher_tokens *toks);

#endif
