/* cypher_lex.c: the Cypher tokenizer (see cypher_lex.h). */
#include "graph/cypher_lex.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INT_LIMIT ((uint64_t)1 << 63) /* the magnitude of INT64_MIN */

struct lexer {
	const char *src;
	size_t len;
	size_t i; /* next byte */
	int line;
	int col; /* of the next byte */
	struct cypher_stmt *stmt;
	struct cypher_tokens *out;
	size_t cap;
	bool oom;
};

static bool is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int peek_at(const struct lexer *lx, size_t ahead)
{
	return lx->i + ahead < lx->len ? (unsigned char)lx->src[lx->i + ahead]
				       : -1;
}

/* Consumes one byte, keeping line and column (columns count characters:
 * UTF-8 continuation bytes do not advance them). */
static void advance(struct lexer *lx)
{
	unsigned char c = (unsigned char)lx->src[lx->i++];

	if (c == '\n') {
		lx->line++;
		lx->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		lx->col++;
	}
}

static struct cypher_token *push(struct lexer *lx, enum cypher_tok_kind kind,
				 struct cypher_pos pos, size_t off)
{
	struct cypher_tokens *o = lx->out;
	struct cypher_token *t;

	if (o->n == lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 64;
		struct cypher_token *nt = realloc(o->tok, cap * sizeof(*nt));

		if (!nt) {
			lx->oom = true;
			return NULL;
		}
		o->tok = nt;
		lx->cap = cap;
	}
	t = &o->tok[o->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->pos = pos;
	t->off = off;
	t->len = lx->i - off;
	return t;
}

/* Ends the token list with an ERROR token at pos carrying the message. */
__attribute__((format(printf, 4, 5))) static void
lex_fail(struct lexer *lx, struct cypher_pos pos, size_t off, const char *fmt,
	 ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lx->out->err.msg, sizeof(lx->out->err.msg), fmt, ap);
	va_end(ap);
	lx->out->err.pos = pos;
	lx->i = off;
	push(lx, CYPHER_TOK_ERROR, pos, off);
}

/* White space, // line comments and block comments. -1 after an
 * unterminated block comment (the error token is pushed). */
static int skip_blank(struct lexer *lx)
{
	for (;;) {
		int c = peek_at(lx, 0);

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			advance(lx);
		} else if (c == '/' && peek_at(lx, 1) == '/') {
			while (lx->i < lx->len && lx->src[lx->i] != '\n')
				advance(lx);
		} else if (c == '/' && peek_at(lx, 1) == '*') {
			struct cypher_pos pos = {lx->line, lx->col};
			size_t off = lx->i;

			advance(lx);
			advance(lx);
			while (lx->i < lx->len && !(peek_at(lx, 0) == '*' &&
						    peek_at(lx, 1) == '/'))
				advance(lx);
			if (lx->i >= lx->len) {
				lex_fail(lx, pos, off,
					 "unterminated comment: '/*' has no "
					 "matching '*/'");
				return -1;
			}
			advance(lx);
			advance(lx);
		} else {
			return 0;
		}
	}
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of digit c in base (16 or 8), or -1. */
static int radix_value(int c, unsigned base)
{
	int d = hex_value(c);

	return d >= 0 && (unsigned)d < base ? d : -1;
}

/* 0x1F (base 16) and 0o17 (base 8). */
static int lex_radix_int(struct lexer *lx, struct cypher_pos pos, size_t off,
			 unsigned base)
{
	const char *name = base == 16 ? "hex" : "octal";
	struct cypher_token *t;
	uint64_t u = 0;
	int d;

	advance(lx); /* 0 */
	advance(lx); /* x or o */
	if (radix_value(peek_at(lx, 0), base) < 0) {
		lex_fail(lx, pos, off, "expected %s digits after '0%c'", name,
			 base == 16 ? 'x' : 'o');
		return -1;
	}
	while ((d = radix_value(peek_at(lx, 0), base)) >= 0) {
		if (u > (INT_LIMIT - (uint64_t)d) / base) {
			lex_fail(lx, pos, off,
				 "integer literal is too large (the largest "
				 "is 9223372036854775807)");
			return -1;
		}
		u = u * base + (uint64_t)d;
		advance(lx);
	}
	if (is_ident_char((unsigned char)peek_at(lx, 0)) &&
	    peek_at(lx, 0) >= 0) {
		lex_fail(lx, pos, off, "invalid %s number literal", name);
		return -1;
	}
	t = push(lx, CYPHER_TOK_INT, pos, off);
	if (!t)
		return -1;
	t->v.u = u;
	return 0;
}

static int lex_float_value(struct lexer *lx, struct cypher_pos pos, size_t off)
{
	size_t n = lx->i - off;
	char *buf = malloc(n + 1);
	struct cypher_token *t;
	double f;

	if (!buf) {
		lx->oom = true;
		return -1;
	}
	memcpy(buf, lx->src + off, n);
	buf[n] = '\0';
	errno = 0;
	f = strtod(buf, NULL);
	free(buf);
	if (errno == ERANGE && isinf(f)) {
		lex_fail(lx, pos, off, "float literal is too large");
		return -1;
	}
	t = push(lx, CYPHER_TOK_FLOAT, pos, off);
	if (!t)
		return -1;
	t->v.f = f;
	return 0;
}

/* 123, 0x1F, 0o17, 1.5, .5, 1e3, 1.5e-3. "1..3" is 1 DOTDOT 3 (a hop
 * range). */
static int lex_number(struct lexer *lx)
{
	struct cypher_pos pos = {lx->line, lx->col};
	size_t off = lx->i;
	bool is_float = false;
	uint64_t u = 0;
	struct cypher_token *t;

	if (peek_at(lx, 0) == '0' &&
	    (peek_at(lx, 1) == 'x' || peek_at(lx, 1) == 'X'))
		return lex_radix_int(lx, pos, off, 16);
	if (peek_at(lx, 0) == '0' && peek_at(lx, 1) == 'o')
		return lex_radix_int(lx, pos, off, 8);
	while (is_digit((unsigned char)peek_at(lx, 0)) && peek_at(lx, 0) >= 0) {
		uint64_t d = (uint64_t)(peek_at(lx, 0) - '0');

		if (u > (INT_LIMIT - d) / 10)
			u = INT_LIMIT + 1; /* too large, unless a float */
		else
			u = u * 10 + d;
		advance(lx);
	}
	if (peek_at(lx, 0) == '.' && is_digit((unsigned char)peek_at(lx, 1)) &&
	    peek_at(lx, 1) >= 0) {
		is_float = true;
		advance(lx);
		while (peek_at(lx, 0) >= 0 &&
		       is_digit((unsigned char)peek_at(lx, 0)))
			advance(lx);
	}
	if (peek_at(lx, 0) == 'e' || peek_at(lx, 0) == 'E') {
		size_t k =
		    (peek_at(lx, 1) == '+' || peek_at(lx, 1) == '-') ? 2 : 1;

		if (peek_at(lx, k) >= 0 &&
		    is_digit((unsigned char)peek_at(lx, k))) {
			is_float = true;
			while (k--)
				advance(lx);
			while (peek_at(lx, 0) >= 0 &&
			       is_digit((unsigned char)peek_at(lx, 0)))
				advance(lx);
		}
	}
	if (peek_at(lx, 0) >= 0 &&
	    is_ident_char((unsigned char)peek_at(lx, 0))) {
		lex_fail(lx, pos, off,
			 "invalid number literal: a letter follows the digits");
		return -1;
	}
	if (is_float)
		return lex_float_value(lx, pos, off);
	if (u > INT_LIMIT) {
		lex_fail(lx, pos, off,
			 "integer literal is too large (the largest is "
			 "9223372036854775807)");
		return -1;
	}
	t = push(lx, CYPHER_TOK_INT, pos, off);
	if (!t)
		return -1;
	t->v.u = u;
	return 0;
}

static size_t put_utf8(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xC0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xE0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		d[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (char)(0xF0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	d[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The 4 hex digits at src[i..i+4), or -1. */
static long hex4(const struct lexer *lx, size_t i)
{
	long v = 0;
	size_t k;

	if (i + 4 > lx->len)
		return -1;
	for (k = 0; k < 4; k++) {
		int d = hex_value((unsigned char)lx->src[i + k]);

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* \uXXXX at lx->i (pointing at the 'u'), with surrogate pairs. Returns the
 * code point, or -1 with *why set. Advances past the escape on success. */
static long lex_unicode_escape(struct lexer *lx, const char **why)
{
	long hi = hex4(lx, lx->i + 1), lo;
	int k;

	if (hi < 0) {
		*why = "'\\u' must be followed by 4 hex digits";
		return -1;
	}
	if (hi == 0) {
		*why = "'\\u0000' is not allowed in a string";
		return -1;
	}
	if (hi >= 0xDC00 && hi <= 0xDFFF) {
		*why = "unpaired UTF-16 surrogate in '\\u' escape";
		return -1;
	}
	for (k = 0; k < 5; k++)
		advance(lx);
	if (hi < 0xD800 || hi > 0xDBFF)
		return hi;
	lo = (peek_at(lx, 0) == '\\' && peek_at(lx, 1) == 'u')
		 ? hex4(lx, lx->i + 2)
		 : -1;
	if (lo < 0xDC00 || lo > 0xDFFF) {
		*why = "unpaired UTF-16 surrogate in '\\u' escape";
		return -1;
	}
	for (k = 0; k < 6; k++)
		advance(lx);
	return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/* One escape after a backslash (lx->i at the character after it); appends
 * its bytes at d and returns how many, or -1 with *why set. */
static long lex_escape(struct lexer *lx, char *d, const char **why)
{
	int c = peek_at(lx, 0);
	char simple = 0;
	long cp;

	switch (c) {
	case 'n':
		simple = '\n';
		break;
	case 't':
		simple = '\t';
		break;
	case 'r':
		simple = '\r';
		break;
	case 'b':
		simple = '\b';
		break;
	case 'f':
		simple = '\f';
		break;
	case '\\':
		simple = '\\';
		break;
	case '\'':
		simple = '\'';
		break;
	case '"':
		simple = '"';
		break;
	case 'u':
	case 'U':
		cp = lex_unicode_escape(lx, why);
		return cp < 0 ? -1 : (long)put_utf8(d, (uint32_t)cp);
	default:
		*why = "unknown escape sequence in string (use \\n \\t \\r \\b "
		       "\\f \\\\ \\' \\\" or \\uXXXX)";
		return -1;
	}
	advance(lx);
	d[0] = simple;
	return 1;
}

/* Bytes from the opening quote at lx->i to the closing one (or the end
 * of input): backslash escapes are skipped when the quote is a string's,
 * doubled quotes when it is a backquote. */
static size_t raw_span(const struct lexer *lx, char quote, bool escapes)
{
	size_t i = lx->i + 1;

	while (i < lx->len) {
		if (escapes && lx->src[i] == '\\') {
			i += 2;
		} else if (lx->src[i] == quote) {
			if (escapes || i + 1 >= lx->len ||
			    lx->src[i + 1] != quote)
				break;
			i += 2;
		} else {
			i++;
		}
	}
	return (i < lx->len ? i : lx->len) - lx->i;
}

/* '...' or "..." with escapes; the decoded text goes to the statement. */
static int lex_string(struct lexer *lx)
{
	struct cypher_pos pos = {lx->line, lx->col};
	size_t off = lx->i, n = 0;
	char quote = lx->src[lx->i];
	const char *why = NULL;
	struct cypher_token *t;
	char *d;

	/* Decoding never lengthens the text, so the raw span bounds it
	 * (sizing by the rest of the input would make many short strings
	 * cost quadratic memory). */
	d = cypher_ast_alloc(lx->stmt, raw_span(lx, quote, true) + 1);
	if (!d) {
		lx->oom = true;
		return -1;
	}
	advance(lx);
	for (;;) {
		int c = peek_at(lx, 0);

		if (c < 0) {
			lex_fail(lx, pos, off,
				 "unterminated string: no closing %c", quote);
			return -1;
		}
		if (c == quote)
			break;
		if (c == '\0') {
			lex_fail(lx, pos, off, "NUL byte inside a string");
			return -1;
		}
		if (c == '\\') {
			struct cypher_pos epos = {lx->line, lx->col};
			size_t eoff = lx->i;
			long k;

			advance(lx);
			k = lex_escape(lx, d + n, &why);
			if (k < 0) {
				lex_fail(lx, epos, eoff, "%s", why);
				return -1;
			}
			n += (size_t)k;
			continue;
		}
		d[n++] = (char)c;
		advance(lx);
	}
	advance(lx);
	d[n] = '\0';
	t = push(lx, CYPHER_TOK_STRING, pos, off);
	if (!t)
		return -1;
	t->v.s = d;
	return 0;
}

/* `name`, with `` standing for one backquote. */
static int lex_qident(struct lexer *lx)
{
	struct cypher_pos pos = {lx->line, lx->col};
	size_t off = lx->i, n = 0;
	struct cypher_token *t;
	char *d = cypher_ast_alloc(lx->stmt, raw_span(lx, '`', false) + 1);

	if (!d) {
		lx->oom = true;
		return -1;
	}
	advance(lx);
	for (;;) {
		int c = peek_at(lx, 0);

		if (c < 0) {
			lex_fail(lx, pos, off,
				 "unterminated name: no closing backquote");
			return -1;
		}
		if (c == '\0') {
			lex_fail(lx, pos, off, "NUL byte inside a name");
			return -1;
		}
		advance(lx);
		if (c == '`') {
			if (peek_at(lx, 0) != '`')
				break;
			advance(lx);
		}
		d[n++] = (char)c;
	}
	if (n == 0) {
		lex_fail(lx, pos, off, "empty backquoted name");
		return -1;
	}
	d[n] = '\0';
	t = push(lx, CYPHER_TOK_QIDENT, pos, off);
	if (!t)
		return -1;
	t->v.s = d;
	return 0;
}

static int lex_word(struct lexer *lx, enum cypher_tok_kind kind)
{
	struct cypher_pos pos = {lx->line, lx->col};
	size_t off = lx->i;

	if (kind == CYPHER_TOK_PARAM) {
		advance(lx);
		if (peek_at(lx, 0) < 0 ||
		    !is_ident_char((unsigned char)peek_at(lx, 0))) {
			lex_fail(lx, pos, off,
				 "expected a parameter name after '$'");
			return -1;
		}
	}
	while (peek_at(lx, 0) >= 0 &&
	       is_ident_char((unsigned char)peek_at(lx, 0)))
		advance(lx);
	return push(lx, kind, pos, off) ? 0 : -1;
}

/* Two-character operators first, then one-character ones. */
static enum cypher_tok_kind punct_kind(int c, int next, int *width)
{
	static const struct {
		char a, b;
		enum cypher_tok_kind kind;
	} two[] = {{'.', '.', CYPHER_TOK_DOTDOT},
		   {'+', '=', CYPHER_TOK_PLUSEQ},
		   {'<', '>', CYPHER_TOK_NE},
		   {'<', '=', CYPHER_TOK_LE},
		   {'>', '=', CYPHER_TOK_GE}};
	static const char one[] = "()[]{},.:;|*+-/%^=<>";
	static const enum cypher_tok_kind one_kind[] = {
	    CYPHER_TOK_LPAREN,	CYPHER_TOK_RPAREN, CYPHER_TOK_LBRACK,
	    CYPHER_TOK_RBRACK,	CYPHER_TOK_LBRACE, CYPHER_TOK_RBRACE,
	    CYPHER_TOK_COMMA,	CYPHER_TOK_DOT,	   CYPHER_TOK_COLON,
	    CYPHER_TOK_SEMI,	CYPHER_TOK_PIPE,   CYPHER_TOK_STAR,
	    CYPHER_TOK_PLUS,	CYPHER_TOK_MINUS,  CYPHER_TOK_SLASH,
	    CYPHER_TOK_PERCENT, CYPHER_TOK_CARET,  CYPHER_TOK_EQ,
	    CYPHER_TOK_LT,	CYPHER_TOK_GT};
	const char *p;
	size_t k;

	for (k = 0; k < sizeof(two) / sizeof(two[0]); k++) {
		if (c == two[k].a && next == two[k].b) {
			*width = 2;
			return two[k].kind;
		}
	}
	*width = 1;
	p = c > 0 ? strchr(one, c) : NULL;
	return p ? one_kind[p - one] : CYPHER_TOK_ERROR;
}

static int lex_punct(struct lexer *lx)
{
	struct cypher_pos pos = {lx->line, lx->col};
	size_t off = lx->i;
	int c = peek_at(lx, 0), width;
	enum cypher_tok_kind kind = punct_kind(c, peek_at(lx, 1), &width);

	if (kind == CYPHER_TOK_ERROR) {
		if (c == '!' && peek_at(lx, 1) == '=')
			lex_fail(lx, pos, off, "'!=' is not Cypher; use '<>'");
		else if (c > ' ' && c < 0x7F)
			lex_fail(lx, pos, off, "unexpected character '%c'", c);
		else
			lex_fail(lx, pos, off, "unexpected byte 0x%02x", c);
		return -1;
	}
	while (width--)
		advance(lx);
	return push(lx, kind, pos, off) ? 0 : -1;
}

static int lex_one(struct lexer *lx)
{
	int c = peek_at(lx, 0);

	if (c >= 0 && is_digit((unsigned char)c))
		return lex_number(lx);
	if (c == '.' && peek_at(lx, 1) >= 0 &&
	    is_digit((unsigned char)peek_at(lx, 1)))
		return lex_number(lx);
	if (c == '\'' || c == '"')
		return lex_string(lx);
	if (c == '`')
		return lex_qident(lx);
	if (c == '$')
		return lex_word(lx, CYPHER_TOK_PARAM);
	if (c >= 0 && is_ident_start((unsigned char)c))
		return lex_word(lx, CYPHER_TOK_IDENT);
	return lex_punct(lx);
}

int cypher_lex(const char *src, size_t len, struct cypher_stmt *stmt,
	       struct cypher_tokens *out)
{
	struct lexer lx = {.src = src,
			   .len = len,
			   .line = 1,
			   .col = 1,
			   .stmt = stmt,
			   .out = out};

	memset(out, 0, sizeof(*out));
	for (;;) {
		if (skip_blank(&lx) < 0 || lx.oom)
			break;
		if (lx.i >= len) {
			push(&lx, CYPHER_TOK_EOF,
			     (struct cypher_pos){lx.line, lx.col}, lx.i);
			break;
		}
		if (lex_one(&lx) < 0)
			break;
	}
	if (lx.oom) {
		cypher_lex_free(out);
		return -1;
	}
	return 0;
}

void cypher_lex_free(struct cypher_tokens *toks)
{
	free(toks->tok);
	toks->tok = NULL;
	toks->n = 0;
}
