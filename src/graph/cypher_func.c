/* cypher_func.c: Cypher's scalar functions and aggregate accumulators. */
#include "graph/cypher_func.h"
#include "graph/cypher_func_int.h"
#include "graph/cypher_temporal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* range() refuses to build a list longer than this: a typo such as
 * range(0, 10000000000) must fail the query, not exhaust the server. */
#define CV_RANGE_MAX ((int64_t)1 << 24)


static int nomem(struct cv_err *err)
{
	return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
}

static int bad_arg(const struct cv_func *f, const char *want,
		   const struct cv *got, struct cv_err *err)
{
	return cv_err_set(err, CV_ERR_TYPE, "%s() expects %s, not %s", f->name,
			  want, cv_kind_name(got->kind));
}

/* ------------------------------------------------- graph entity accessors */

static int fn_id(const struct cv_func *f, const struct cv_func_ctx *ctx,
		 const struct cv *a, size_t n, struct cv *out,
		 struct cv_err *err)
{
	if (a->kind == CV_NODE)
		*out = cv_int(a->u.node.id);
	else if (a->kind == CV_REL)
		*out = cv_int(a->u.rel.id);
	else if (a->kind != CV_NULL)
		return bad_arg(f, "a node or a relationship", a, err);
	return 0;
}

static int fn_labels(const struct cv_func *f, const struct cv_func_ctx *ctx,
		     const struct cv *a, size_t n, struct cv *out,
		     struct cv_err *err)
{
	struct cv s;
	size_t i;

	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_NODE)
		return bad_arg(f, "a node", a, err);
	cv_list_init(out);
	for (i = 0; i < a->u.node.n_labels; i++)
		if (cv_cstring(&s, a->u.node.labels[i]) ||
		    cv_list_push(out, &s))
			return nomem(err);
	return 0;
}

static int fn_type(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_REL)
		return bad_arg(f, "a relationship", a, err);
	return cv_cstring(out, a->u.rel.type) ? nomem(err) : 0;
}

/* The property map of a node, a relationship or a map; NULL otherwise. */
static const struct cv_map *entity_props(const struct cv *a)
{
	if (a->kind == CV_NODE)
		return &a->u.node.props;
	if (a->kind == CV_REL)
		return &a->u.rel.props;
	return a->kind == CV_MAP ? &a->u.map : NULL;
}

static int fn_properties(const struct cv_func *f, const struct cv_func_ctx *ctx,
			 const struct cv *a, size_t n, struct cv *out,
			 struct cv_err *err)
{
	const struct cv_map *m = entity_props(a);
	struct cv tmp;

	if (a->kind == CV_NULL)
		return 0;
	if (!m)
		return bad_arg(f, "a node, a relationship or a map", a, err);
	cv_map_init(&tmp);
	tmp.u.map = *m; /* borrowed for the copy only */
	return cv_copy(out, &tmp) ? nomem(err) : 0;
}

static int fn_keys(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	const struct cv_map *m = entity_props(a);
	struct cv s;
	size_t i;

	if (a->kind == CV_NULL)
		return 0;
	if (!m)
		return bad_arg(f, "a node, a relationship or a map", a, err);
	cv_list_init(out);
	for (i = 0; i < m->n; i++)
		if (cv_cstring(&s, m->entries[i].key) || cv_list_push(out, &s))
			return nomem(err);
	return 0;
}

static int fn_end_node(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *a, size_t n, struct cv *out,
		       struct cv_err *err)
{
	bool start = f->name[0] == 's';

	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_REL)
		return bad_arg(f, "a relationship", a, err);
	if (!ctx || !ctx->get_node)
		return cv_err_set(err, CV_ERR_UNSUPPORTED,
				  "%s() cannot read nodes here", f->name);
	return ctx->get_node(ctx->arg, start ? a->u.rel.start : a->u.rel.end,
			     out, err);
}

/* nodes(p) takes the even positions of the path, relationships(p) the odd
 * ones. */
static int fn_path_parts(const struct cv_func *f, const struct cv_func_ctx *ctx,
			 const struct cv *a, size_t n, struct cv *out,
			 struct cv_err *err)
{
	size_t i = f->name[0] == 'n' ? 0 : 1;
	struct cv c;

	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_PATH)
		return bad_arg(f, "a path", a, err);
	cv_list_init(out);
	for (; i < a->u.list.n; i += 2)
		if (cv_copy(&c, &a->u.list.items[i]) || cv_list_push(out, &c))
			return nomem(err);
	return 0;
}

static int fn_length(const struct cv_func *f, const struct cv_func_ctx *ctx,
		     const struct cv *a, size_t n, struct cv *out,
		     struct cv_err *err)
{
	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_PATH)
		return bad_arg(f, "a path", a, err);
	*out = cv_int((int64_t)(a->u.list.n / 2));
	return 0;
}

/* ------------------------------------------------------------------ lists */

/* size() of a string counts characters (code points), not bytes. */
static int fn_size(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	int64_t chars = 0;
	size_t i;

	if (a->kind == CV_LIST) {
		*out = cv_int((int64_t)a->u.list.n);
	} else if (a->kind == CV_STRING) {
		for (i = 0; i < a->u.str.len; i++)
			chars += ((unsigned char)a->u.str.s[i] & 0xc0) != 0x80;
		*out = cv_int(chars);
	} else if (a->kind != CV_NULL) {
		return bad_arg(f, "a list or a string", a, err);
	}
	return 0;
}

static int fn_head_last(const struct cv_func *f, const struct cv_func_ctx *ctx,
			const struct cv *a, size_t n, struct cv *out,
			struct cv_err *err)
{
	bool head = f->name[0] == 'h';

	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_LIST)
		return bad_arg(f, "a list", a, err);
	if (!a->u.list.n)
		return 0;
	return cv_copy(out, &a->u.list.items[head ? 0 : a->u.list.n - 1])
		   ? nomem(err)
		   : 0;
}

static int fn_coalesce(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *args, size_t n, struct cv *out,
		       struct cv_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (args[i].kind != CV_NULL)
			return cv_copy(out, &args[i]) ? nomem(err) : 0;
	return 0;
}

/* range(start, end[, step]): both ends inclusive, as in Cypher. */
static int fn_range(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *args, size_t n, struct cv *out,
		    struct cv_err *err)
{
	__int128 start, end, step = 1, count, i;
	size_t k;

	for (k = 0; k < n; k++)
		if (args[k].kind != CV_INT)
			return bad_arg(f, "integers", &args[k], err);
	start = args[0].u.i;
	end = args[1].u.i;
	if (n == 3 && !(step = args[2].u.i))
		return cv_err_set(err, CV_ERR_ARG,
				  "range(): step must not be zero");
	/* Counting from start towards end; none when end lies behind. */
	if ((step > 0 && end < start) || (step < 0 && end > start))
		count = 0;
	else
		count = (end - start) / step + 1;
	if (count > CV_RANGE_MAX)
		return cv_err_set(err, CV_ERR_ARG,
				  "range(): %lld elements, more than the "
				  "limit of %lld",
				  (long long)count, (long long)CV_RANGE_MAX);
	cv_list_init(out);
	for (i = 0; i < count; i++) {
		struct cv v = cv_int((int64_t)(start + i * step));

		if (cv_list_push(out, &v))
			return nomem(err);
	}
	return 0;
}

/* ---------------------------------------------------------- lists, more */

/* tail(l): all but the first element ([] for []). */
static int fn_tail(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	struct cv c;

	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_LIST)
		return bad_arg(f, "a list", a, err);
	cv_list_init(out);
	for (size_t i = 1; i < a->u.list.n; i++)
		if (cv_copy(&c, &a->u.list.items[i]) || cv_list_push(out, &c))
			return nomem(err);
	return 0;
}

/* Bytes of the UTF-8 character that starts at s[0] (1 for a stray
 * continuation byte), at most left. */
static size_t utf8_len(const char *s, size_t left)
{
	size_t k = 1;

	while (k < left && ((unsigned char)s[k] & 0xc0) == 0x80)
		k++;
	return k;
}

/* The byte offset of character number chars in s (len when shorter). */
static size_t utf8_offset(const char *s, size_t len, int64_t chars)
{
	size_t i = 0;

	while (i < len && chars-- > 0)
		i += utf8_len(s + i, len - i);
	return i;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i += utf8_len(s + i, len - i))
		n++;
	return n;
}

/* reverse() of a list, or of a string by characters (not bytes). */
static int fn_reverse(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *a, size_t n, struct cv *out,
		      struct cv_err *err)
{
	struct cv c;
	char *buf;
	size_t len;

	if (a->kind == CV_LIST) {
		cv_list_init(out);
		for (size_t i = a->u.list.n; i > 0; i--)
			if (cv_copy(&c, &a->u.list.items[i - 1]) ||
			    cv_list_push(out, &c))
				return nomem(err);
		return 0;
	}
	if (a->kind == CV_NULL)
		return 0;
	if (a->kind != CV_STRING)
		return bad_arg(f, "a list or a string", a, err);
	len = a->u.str.len;
	if (!(buf = malloc(len + 1)))
		return nomem(err);
	for (size_t i = 0, k; i < len; i += k) {
		k = utf8_len(a->u.str.s + i, len - i);
		memcpy(buf + len - i - k, a->u.str.s + i, k);
	}
	n = cv_string(out, buf, len);
	free(buf);
	return n ? nomem(err) : 0;
}

/* isEmpty() of a list, a map or a string. */
static int fn_is_empty(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *a, size_t n, struct cv *out,
		       struct cv_err *err)
{
	if (a->kind == CV_LIST)
		*out = cv_bool(a->u.list.n == 0);
	else if (a->kind == CV_MAP)
		*out = cv_bool(a->u.map.n == 0);
	else if (a->kind == CV_STRING)
		*out = cv_bool(a->u.str.len == 0);
	else if (a->kind != CV_NULL)
		return bad_arg(f, "a list, a map or a string", a, err);
	return 0;
}

/* ---------------------------------------------------------------- strings */

/* Any null argument makes a string function null. */
static bool any_null(const struct cv *args, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (args[i].kind == CV_NULL)
			return true;
	return false;
}

static int need_strings(const struct cv_func *f, const struct cv *args,
			size_t n, struct cv_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (args[i].kind != CV_STRING)
			return bad_arg(f, "a string", &args[i], err);
	return 0;
}

/* toLower/toUpper change ASCII letters; other characters stay. */
static int fn_case(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	bool upper = f->name[2] == 'U';

	if (a->kind == CV_NULL)
		return 0;
	if (need_strings(f, a, 1, err))
		return -1;
	if (cv_copy(out, a))
		return nomem(err);
	for (size_t i = 0; i < out->u.str.len; i++) {
		char *c = &out->u.str.s[i];

		*c = (char)(upper ? toupper((unsigned char)*c)
				  : tolower((unsigned char)*c));
	}
	return 0;
}

/* trim, lTrim, rTrim: white space (as Java's Character.isWhitespace for
 * ASCII) at either end. */
static int fn_trim(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	bool left = f->name[0] != 'r', right = f->name[0] != 'l';
	size_t b = 0, e;

	if (a->kind == CV_NULL)
		return 0;
	if (need_strings(f, a, 1, err))
		return -1;
	e = a->u.str.len;
	while (left && b < e && isspace((unsigned char)a->u.str.s[b]))
		b++;
	while (right && e > b && isspace((unsigned char)a->u.str.s[e - 1]))
		e--;
	return cv_string(out, a->u.str.s + b, e - b) ? nomem(err) : 0;
}

/* A non-negative integer argument (a length or a position). */
static int count_arg(const struct cv_func *f, const struct cv *a,
		     int64_t *v, struct cv_err *err)
{
	if (a->kind != CV_INT)
		return bad_arg(f, "an integer", a, err);
	if (a->u.i < 0)
		return cv_err_set(err, CV_ERR_ARG,
				  "%s() expects a non-negative integer, not "
				  "%lld",
				  f->name, (long long)a->u.i);
	*v = a->u.i;
	return 0;
}

/* substring(s, start[, length]), left(s, n), right(s, n): positions and
 * lengths count characters. */
static int fn_substring(const struct cv_func *f, const struct cv_func_ctx *ctx,
			const struct cv *args, size_t n, struct cv *out,
			struct cv_err *err)
{
	const char *s;
	int64_t start = 0, count = INT64_MAX;
	size_t b, e, len;

	if (args[0].kind == CV_NULL)
		return 0;
	if (need_strings(f, args, 1, err))
		return -1;
	s = args[0].u.str.s, len = args[0].u.str.len;
	if (f->name[0] == 's') {
		if (count_arg(f, &args[1], &start, err) ||
		    (n == 3 && count_arg(f, &args[2], &count, err)))
			return -1;
	} else if (count_arg(f, &args[1], &count, err)) {
		return -1;
	} else if (f->name[0] == 'r') {
		size_t chars = utf8_chars(s, len);

		start = (int64_t)chars - count < 0 ? 0
						   : (int64_t)chars - count;
	}
	b = utf8_offset(s, len, start);
	e = b + utf8_offset(s + b, len - b, count);
	return cv_string(out, s + b, e - b) ? nomem(err) : 0;
}

/* split(s, delimiter): the parts between the delimiters; an empty
 * delimiter splits into characters. */
static int fn_split(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *args, size_t n, struct cv *out,
		    struct cv_err *err)
{
	const char *s, *d;
	size_t len, dl, i = 0, from = 0;
	struct cv part;

	if (any_null(args, 2))
		return 0;
	if (need_strings(f, args, 2, err))
		return -1;
	s = args[0].u.str.s, len = args[0].u.str.len;
	d = args[1].u.str.s, dl = args[1].u.str.len;
	cv_list_init(out);
	while (dl ? i + dl <= len : i < len) {
		size_t k = dl ? dl : utf8_len(s + i, len - i);

		if (dl && memcmp(s + i, d, dl) != 0) {
			i++;
			continue;
		}
		if (cv_string(&part, s + from, dl ? i - from : k) ||
		    cv_list_push(out, &part))
			return nomem(err);
		i += k;
		from = i;
	}
	if (!dl)
		return 0;
	if (cv_string(&part, s + from, len - from) || cv_list_push(out, &part))
		return nomem(err);
	return 0;
}

/* replace(s, search, replacement): every occurrence, left to right. */
static int fn_replace(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *args, size_t n, struct cv *out,
		      struct cv_err *err)
{
	const char *s, *q;
	size_t len, ql, rl, i = 0, o = 0, cap;
	char *buf;
	int rc;

	if (any_null(args, 3))
		return 0;
	if (need_strings(f, args, 3, err))
		return -1;
	s = args[0].u.str.s, len = args[0].u.str.len;
	q = args[1].u.str.s, ql = args[1].u.str.len;
	rl = args[2].u.str.len;
	if (!ql)
		return cv_copy(out, &args[0]) ? nomem(err) : 0;
	/* at most len / ql replacements */
	cap = len + (rl > ql ? (len / ql) * (rl - ql) : 0) + 1;
	if (!(buf = malloc(cap)))
		return nomem(err);
	while (i < len) {
		if (i + ql <= len && memcmp(s + i, q, ql) == 0) {
			memcpy(buf + o, args[2].u.str.s, rl);
			o += rl;
			i += ql;
		} else {
			buf[o++] = s[i++];
		}
	}
	rc = cv_string(out, buf, o);
	free(buf);
	return rc ? nomem(err) : 0;
}

/* ------------------------------------------------------------ more math */

static bool is_number(const struct cv *a)
{
	return a->kind == CV_INT || a->kind == CV_FLOAT;
}

static double num(const struct cv *a)
{
	return a->kind == CV_INT ? (double)a->u.i : a->u.f;
}

/* The one-argument float functions: sqrt, exp, log, sin, ... (a float
 * for any number, NaN outside the domain as in Java). */
static const struct {
	const char *name;
	double (*fn)(double);
} unary_math[] = {
    {"sqrt", sqrt}, {"exp", exp},   {"log", log},	{"log10", log10},
    {"sin", sin},   {"cos", cos},   {"tan", tan},	{"asin", asin},
    {"acos", acos}, {"atan", atan}, {"ceil", ceil}, {"floor", floor},
};

static int fn_math1(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *a, size_t n, struct cv *out,
		    struct cv_err *err)
{
	if (a->kind == CV_NULL)
		return 0;
	if (!is_number(a))
		return bad_arg(f, "a number", a, err);
	for (size_t i = 0; i < sizeof(unary_math) / sizeof(unary_math[0]); i++)
		if (!strcmp(unary_math[i].name, f->name))
			*out = cv_float(unary_math[i].fn(num(a)));
	return 0;
}

static int fn_degrees(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *a, size_t n, struct cv *out,
		      struct cv_err *err)
{
	double k = f->name[0] == 'd' ? 180.0 / M_PI : M_PI / 180.0;

	if (a->kind == CV_NULL)
		return 0;
	if (!is_number(a))
		return bad_arg(f, "a number", a, err);
	*out = cv_float(num(a) * k);
	return 0;
}

static int fn_atan2(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *args, size_t n, struct cv *out,
		    struct cv_err *err)
{
	if (any_null(args, 2))
		return 0;
	for (size_t i = 0; i < 2; i++)
		if (!is_number(&args[i]))
			return bad_arg(f, "numbers", &args[i], err);
	*out = cv_float(atan2(num(&args[0]), num(&args[1])));
	return 0;
}

/* round(x): to the nearest integer, halves up (Java's Math.round), as a
 * float. */
static int fn_round(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *a, size_t n, struct cv *out,
		    struct cv_err *err)
{
	if (a->kind == CV_NULL)
		return 0;
	if (!is_number(a))
		return bad_arg(f, "a number", a, err);
	*out = cv_float(a->kind == CV_INT ? (double)a->u.i
					  : floor(a->u.f + 0.5));
	return 0;
}

/* sign(x): an integer -1, 0 or 1 (0 for NaN). */
static int fn_sign(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	double d;

	if (a->kind == CV_NULL)
		return 0;
	if (!is_number(a))
		return bad_arg(f, "a number", a, err);
	d = num(a);
	*out = cv_int(a->kind == CV_INT ? (a->u.i > 0) - (a->u.i < 0)
					: (d > 0) - (d < 0));
	return 0;
}

static int fn_const(const struct cv_func *f, const struct cv_func_ctx *ctx,
		    const struct cv *a, size_t n, struct cv *out,
		    struct cv_err *err)
{
	*out = cv_float(f->name[0] == 'e' ? M_E : M_PI);
	return 0;
}

/* rand(): uniform in [0, 1), from the statement's generator
 * (xorshift64*, 53 bits of it). */
static int fn_rand(const struct cv_func *f, const struct cv_func_ctx *ctx,
		   const struct cv *a, size_t n, struct cv *out,
		   struct cv_err *err)
{
	uint64_t x;

	if (!ctx || !ctx->rng)
		return cv_err_set(err, CV_ERR_UNSUPPORTED,
				  "rand() has no generator here");
	x = *ctx->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*ctx->rng = x;
	*out = cv_float((double)((x * 0x2545f4914f6cdd1du) >> 11) /
			9007199254740992.0);
	return 0;
}

/* ---------------------------------------------------------------- numbers */

static int fn_abs(const struct cv_func *f, const struct cv_func_ctx *ctx,
		  const struct cv *a, size_t n, struct cv *out,
		  struct cv_err *err)
{
	if (a->kind == CV_INT) {
		if (a->u.i == INT64_MIN)
			return cv_err_set(err, CV_ERR_OVERFLOW,
					  "integer overflow in abs()");
		*out = cv_int(a->u.i < 0 ? -a->u.i : a->u.i);
	} else if (a->kind == CV_FLOAT) {
		*out = cv_float(fabs(a->u.f));
	} else if (a->kind != CV_NULL) {
		return bad_arg(f, "a number", a, err);
	}
	return 0;
}

static int fn_timestamp(const struct cv_func *f, const struct cv_func_ctx *ctx,
			const struct cv *a, size_t n, struct cv *out,
			struct cv_err *err)
{
	if (!ctx)
		return cv_err_set(err, CV_ERR_UNSUPPORTED,
				  "timestamp() has no transaction clock here");
	*out = cv_int(ctx->timestamp_ms);
	return 0;
}

/* A whole string parsed as a double (surrounding spaces allowed, as
 * Java's Double.parseDouble); false when it is not a number. */
static bool parse_double(const struct cv *s, double *d)
{
	const char *p = s->u.str.s;
	char *end;

	if (strlen(p) != s->u.str.len)
		return false;
	while (isspace((unsigned char)*p))
		p++;
	/* strtod also reads hex and "inf"; Cypher's parsing does not. */
	if (!*p || strpbrk(p, "xXnN"))
		return false;
	errno = 0;
	*d = strtod(p, &end);
	while (isspace((unsigned char)*end))
		end++;
	return end != p && !*end;
}

static bool parse_int(const struct cv *s, int64_t *i)
{
	const char *p = s->u.str.s;
	char *end;
	long long v;

	if (strlen(p) != s->u.str.len)
		return false;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	v = strtoll(p, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == p || *end || errno == ERANGE)
		return false;
	*i = v;
	return true;
}

/* A finite double truncated toward zero into *i; false when out of
 * range. */
static bool float_to_int(double d, int64_t *i)
{
	if (!(d > -9223372036854777856.0 && d < 9223372036854775808.0))
		return false;
	*i = (int64_t)d;
	return true;
}

static int fn_to_integer(const struct cv_func *f, const struct cv_func_ctx *ctx,
			 const struct cv *a, size_t n, struct cv *out,
			 struct cv_err *err)
{
	int64_t i;
	double d;

	switch (a->kind) {
	case CV_NULL:
		return 0;
	case CV_INT:
		*out = *a;
		return 0;
	case CV_BOOL:
		*out = cv_int(a->u.b);
		return 0;
	case CV_FLOAT:
		if (!float_to_int(a->u.f, &i))
			return cv_err_set(err, CV_ERR_OVERFLOW,
					  "toInteger(): the float is out of "
					  "the integer range");
		*out = cv_int(i);
		return 0;
	case CV_STRING:
		/* "42" and "4.7" (truncated) convert; anything else is
		 * null. */
		if (parse_int(a, &i) ||
		    (parse_double(a, &d) && float_to_int(d, &i)))
			*out = cv_int(i);
		return 0;
	default:
		return bad_arg(f, "a number, a string or a boolean", a, err);
	}
}

static int fn_to_float(const struct cv_func *f, const struct cv_func_ctx *ctx,
		       const struct cv *a, size_t n, struct cv *out,
		       struct cv_err *err)
{
	double d;

	switch (a->kind) {
	case CV_NULL:
		return 0;
	case CV_INT:
		*out = cv_float((double)a->u.i);
		return 0;
	case CV_FLOAT:
		*out = *a;
		return 0;
	case CV_STRING:
		if (parse_double(a, &d))
			*out = cv_float(d);
		return 0;
	default:
		return bad_arg(f, "a number or a string", a, err);
	}
}

static int fn_to_string(const struct cv_func *f, const struct cv_func_ctx *ctx,
			const struct cv *a, size_t n, struct cv *out,
			struct cv_err *err)
{
	char buf[32];

	switch (a->kind) {
	case CV_NULL:
		return 0;
	case CV_STRING:
		return cv_copy(out, a) ? nomem(err) : 0;
	case CV_BOOL:
		return cv_cstring(out, a->u.b ? "true" : "false") ? nomem(err)
								  : 0;
	case CV_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)a->u.i);
		return cv_cstring(out, buf) ? nomem(err) : 0;
	case CV_FLOAT:
		cv_float_text(a->u.f, buf);
		return cv_cstring(out, buf) ? nomem(err) : 0;
	default:
		if (cv_is_temporal(a->kind)) {
			char tb[CV_TEMPORAL_TEXT_MAX];

			cv_temporal_text(a, tb);
			return cv_cstring(out, tb) ? nomem(err) : 0;
		}
		return bad_arg(f, "a number, a string, a boolean or a temporal value", a, err);
	}
}

/* toBoolean: booleans, the strings 'true' and 'false' (any case; other
 * strings are null) and integers (0 is false). */
static int fn_to_boolean(const struct cv_func *f, const struct cv_func_ctx *ctx,
			 const struct cv *a, size_t n, struct cv *out,
			 struct cv_err *err)
{
	switch (a->kind) {
	case CV_NULL:
		return 0;
	case CV_BOOL:
		*out = *a;
		return 0;
	case CV_INT:
		*out = cv_bool(a->u.i != 0);
		return 0;
	case CV_STRING:
		if (!strcasecmp(a->u.str.s, "true"))
			*out = cv_bool(true);
		else if (!strcasecmp(a->u.str.s, "false"))
			*out = cv_bool(false);
		return 0;
	default:
		return bad_arg(f, "a boolean, a string or an integer", a,
			       err);
	}
}

/* toXOrNull(): the conversion, or null where it would fail. */
static int fn_or_null(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *a, size_t n, struct cv *out,
		      struct cv_err *err);

/* ------------------------------------------------------------------ table */

static const struct cv_func funcs[] = {
    {"abs", 1, 1, fn_abs},
    {"acos", 1, 1, fn_math1},
    {"asin", 1, 1, fn_math1},
    {"atan", 1, 1, fn_math1},
    {"atan2", 2, 2, fn_atan2},
    {"ceil", 1, 1, fn_math1},
    {"coalesce", 1, SIZE_MAX, fn_coalesce},
    {"cos", 1, 1, fn_math1},
    {"degrees", 1, 1, fn_degrees},
    {"e", 0, 0, fn_const},
    {"endNode", 1, 1, fn_end_node},
    {"exp", 1, 1, fn_math1},
    {"floor", 1, 1, fn_math1},
    {"head", 1, 1, fn_head_last},
    {"id", 1, 1, fn_id},
    {"isEmpty", 1, 1, fn_is_empty},
    {"keys", 1, 1, fn_keys},
    {"labels", 1, 1, fn_labels},
    {"last", 1, 1, fn_head_last},
    {"left", 2, 2, fn_substring},
    {"length", 1, 1, fn_length},
    {"log", 1, 1, fn_math1},
    {"log10", 1, 1, fn_math1},
    {"lTrim", 1, 1, fn_trim},
    {"nodes", 1, 1, fn_path_parts},
    {"pi", 0, 0, fn_const},
    {"properties", 1, 1, fn_properties},
    {"radians", 1, 1, fn_degrees},
    {"rand", 0, 0, fn_rand},
    {"range", 2, 3, fn_range},
    {"relationships", 1, 1, fn_path_parts},
    {"replace", 3, 3, fn_replace},
    {"reverse", 1, 1, fn_reverse},
    {"right", 2, 2, fn_substring},
    {"round", 1, 1, fn_round},
    {"rTrim", 1, 1, fn_trim},
    {"sign", 1, 1, fn_sign},
    {"sin", 1, 1, fn_math1},
    {"size", 1, 1, fn_size},
    {"split", 2, 2, fn_split},
    {"sqrt", 1, 1, fn_math1},
    {"startNode", 1, 1, fn_end_node},
    {"substring", 2, 3, fn_substring},
    {"tail", 1, 1, fn_tail},
    {"tan", 1, 1, fn_math1},
    {"timestamp", 0, 0, fn_timestamp},
    {"toBoolean", 1, 1, fn_to_boolean},
    {"toBooleanOrNull", 1, 1, fn_or_null},
    {"toFloat", 1, 1, fn_to_float},
    {"toFloatOrNull", 1, 1, fn_or_null},
    {"toInteger", 1, 1, fn_to_integer},
    {"toIntegerOrNull", 1, 1, fn_or_null},
    {"toLower", 1, 1, fn_case},
    {"toString", 1, 1, fn_to_string},
    {"toStringOrNull", 1, 1, fn_or_null},
    {"toUpper", 1, 1, fn_case},
    {"trim", 1, 1, fn_trim},
    {"type", 1, 1, fn_type},
};

static int fn_or_null(const struct cv_func *f, const struct cv_func_ctx *ctx,
		      const struct cv *a, size_t n, struct cv *out,
		      struct cv_err *err)
{
	/* toXOrNull calls toX: its name without "OrNull" */
	char name[32];
	const struct cv_func *conv;
	struct cv_err ignored = {0};

	snprintf(name, sizeof(name), "%.*s", (int)(strlen(f->name) - 6),
		 f->name);
	if (!(conv = cv_func_lookup(name)))
		return cv_err_set(err, CV_ERR_UNKNOWN, "no %s()", name);
	if (conv->fn(conv, ctx, a, n, out, &ignored) < 0) {
		cv_free(out);
		*out = cv_null();
	}
	return 0;
}

const struct cv_func *cv_func_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (!strcasecmp(funcs[i].name, name))
			return &funcs[i];
	return cv_temporal_func_lookup(name);
}

const char *cv_func_name(const struct cv_func *f)
{
	return f->name;
}

int cv_func_check_arity(const struct cv_func *f, size_t n, struct cv_err *err)
{
	if (n >= f->min_args && n <= f->max_args)
		return 0;
	if (f->max_args == SIZE_MAX)
		return cv_err_set(err, CV_ERR_ARITY,
				  "%s() takes at least %zu argument(s), not "
				  "%zu",
				  f->name, f->min_args, n);
	if (f->min_args == f->max_args)
		return cv_err_set(err, CV_ERR_ARITY,
				  "%s() takes %zu argument(s), not %zu",
				  f->name, f->min_args, n);
	return cv_err_set(err, CV_ERR_ARITY,
			  "%s() takes %zu to %zu arguments, not %zu", f->name,
			  f->min_args, f->max_args, n);
}

int cv_func_call(const struct cv_func *f, const struct cv_func_ctx *ctx,
		 const struct cv *args, size_t n, struct cv *out,
		 struct cv_err *err)
{
	*out = cv_null();
	if (cv_func_check_arity(f, n, err))
		return -1;
	if (f->fn(f, ctx, args, n, out, err)) {
		cv_free(out);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- aggregates */

struct cv_agg {
	enum cv_agg_kind kind;
	bool distinct;
	struct cv_set seen; /* DISTINCT: the values already counted */
	int64_t count;	    /* values (rows for count(*)) taken */
	int64_t isum;	    /* sum while every value is an integer */
	double fsum;	    /* sum once a float was seen; avg's sum */
	bool is_float;
	struct cv acc; /* min/max so far; collect's list */
	double pct;    /* percentiles: the percentile */
	bool has_pct;
};

size_t cv_agg_arity(enum cv_agg_kind kind)
{
	return kind == CV_AGG_PERCENTILE_DISC || kind == CV_AGG_PERCENTILE_CONT
		   ? 2
		   : 1;
}

int cv_agg_param(struct cv_agg *agg, const struct cv *p, struct cv_err *err)
{
	const char *name = agg->kind == CV_AGG_PERCENTILE_DISC
			       ? "percentileDisc"
			       : "percentileCont";
	double d;

	if (p->kind != CV_INT && p->kind != CV_FLOAT)
		return cv_err_set(err, CV_ERR_TYPE,
				  "%s() expects a number as the percentile, "
				  "not %s",
				  name, cv_kind_name(p->kind));
	d = p->kind == CV_INT ? (double)p->u.i : p->u.f;
	if (!(d >= 0.0 && d <= 1.0))
		return cv_err_set(err, CV_ERR_ARG,
				  "%s(): the percentile must be between 0.0 "
				  "and 1.0, not %g (NumberOutOfRange)",
				  name, d);
	if (agg->has_pct && d != agg->pct)
		return cv_err_set(err, CV_ERR_ARG,
				  "%s(): the percentile must be the same for "
				  "every row",
				  name);
	agg->pct = d;
	agg->has_pct = true;
	return 0;
}

static double pct_num(const struct cv *v)
{
	return v->kind == CV_INT ? (double)v->u.i : v->u.f;
}

static int pct_cmp(const void *a, const void *b)
{
	double x = pct_num(a), y = pct_num(b);

	return x < y ? -1 : x > y;
}

/* Neo4j's percentiles over the numbers taken (acc, a list). */
static int pct_result(const struct cv_agg *agg, struct cv *out,
		      struct cv_err *err)
{
	size_t n = agg->acc.u.list.n;
	struct cv *v;
	double fi;
	size_t lo, hi;

	if (!n)
		return 0;
	if (!(v = malloc(n * sizeof(*v))))
		return nomem(err);
	memcpy(v, agg->acc.u.list.items, n * sizeof(*v));
	qsort(v, n, sizeof(*v), pct_cmp);
	if (agg->kind == CV_AGG_PERCENTILE_DISC) {
		fi = agg->pct * (double)n;
		lo = (size_t)fi;
		if ((double)lo == fi && lo > 0)
			lo--;
		if (lo >= n)
			lo = n - 1;
		*out = v[lo].kind == CV_INT ? cv_int(v[lo].u.i)
					    : cv_float(v[lo].u.f);
	} else {
		fi = agg->pct * (double)(n - 1);
		lo = (size_t)fi;
		hi = lo + 1 < n ? lo + 1 : lo;
		*out = cv_float(pct_num(&v[lo]) +
				(fi - (double)lo) *
				    (pct_num(&v[hi]) - pct_num(&v[lo])));
	}
	free(v);
	return 0;
}

bool cv_agg_lookup(const char *name, bool star, enum cv_agg_kind *kind)
{
	static const struct {
		const char *name;
		enum cv_agg_kind kind;
	} aggs[] = {
	    {"count", CV_AGG_COUNT}, {"sum", CV_AGG_SUM},
	    {"avg", CV_AGG_AVG},     {"min", CV_AGG_MIN},
	    {"max", CV_AGG_MAX},     {"collect", CV_AGG_COLLECT},
	    {"percentileDisc", CV_AGG_PERCENTILE_DISC},
	    {"percentileCont", CV_AGG_PERCENTILE_CONT},
	};
	size_t i;

	for (i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++) {
		if (strcasecmp(aggs[i].name, name))
			continue;
		if (star && aggs[i].kind != CV_AGG_COUNT)
			return false;
		*kind = star ? CV_AGG_COUNT_STAR : aggs[i].kind;
		return true;
	}
	return false;
}

struct cv_agg *cv_agg_new(enum cv_agg_kind kind, bool distinct)
{
	struct cv_agg *agg = calloc(1, sizeof(*agg));

	if (!agg)
		return NULL;
	agg->kind = kind;
	agg->distinct = distinct && kind != CV_AGG_COUNT_STAR;
	if (kind == CV_AGG_COLLECT || cv_agg_arity(kind) == 2)
		cv_list_init(&agg->acc);
	return agg;
}

static int agg_sum(struct cv_agg *agg, const struct cv *v, struct cv_err *err)
{
	const char *name = agg->kind == CV_AGG_SUM ? "sum" : "avg";

	if (v->kind != CV_INT && v->kind != CV_FLOAT)
		return cv_err_set(err, CV_ERR_TYPE,
				  "%s() can only add numbers, not %s", name,
				  cv_kind_name(v->kind));
	if (agg->kind == CV_AGG_AVG) {
		agg->fsum += v->kind == CV_INT ? (double)v->u.i : v->u.f;
		return 0;
	}
	if (v->kind == CV_FLOAT && !agg->is_float) {
		agg->is_float = true;
		agg->fsum = (double)agg->isum;
	}
	if (agg->is_float)
		agg->fsum += v->kind == CV_INT ? (double)v->u.i : v->u.f;
	else if (__builtin_add_overflow(agg->isum, v->u.i, &agg->isum))
		return cv_err_set(err, CV_ERR_OVERFLOW,
				  "integer overflow in sum()");
	return 0;
}

/* Takes one non-null value that DISTINCT has let through. */
static int agg_take(struct cv_agg *agg, const struct cv *v, struct cv_err *err)
{
	struct cv c;
	int dir = agg->kind == CV_AGG_MIN ? -1 : 1;

	switch (agg->kind) {
	case CV_AGG_SUM:
	case CV_AGG_AVG:
		return agg_sum(agg, v, err);
	case CV_AGG_MIN:
	case CV_AGG_MAX:
		/* Across kinds, min and max follow ORDER BY's order. */
		if (agg->count && cv_order(v, &agg->acc) * dir <= 0)
			return 0;
		if (cv_copy(&c, v))
			return nomem(err);
		cv_free(&agg->acc);
		agg->acc = c;
		return 0;
	case CV_AGG_PERCENTILE_DISC:
	case CV_AGG_PERCENTILE_CONT:
		if (v->kind != CV_INT && v->kind != CV_FLOAT)
			return cv_err_set(err, CV_ERR_TYPE,
					  "percentiles are of numbers, not %s",
					  cv_kind_name(v->kind));
		/* fall through */
	case CV_AGG_COLLECT:
		if (cv_copy(&c, v) || cv_list_push(&agg->acc, &c))
			return nomem(err);
		return 0;
	default:
		return 0;
	}
}

int cv_agg_add(struct cv_agg *agg, const struct cv *v, struct cv_err *err)
{
	bool added;

	if (agg->kind == CV_AGG_COUNT_STAR) {
		agg->count++;
		return 0;
	}
	if (v->kind == CV_NULL)
		return 0;
	if (agg->distinct) {
		if (cv_set_add(&agg->seen, v, &added))
			return nomem(err);
		if (!added)
			return 0;
	}
	if (agg_take(agg, v, err))
		return -1;
	agg->count++;
	return 0;
}

int cv_agg_result(const struct cv_agg *agg, struct cv *out, struct cv_err *err)
{
	*out = cv_null();
	switch (agg->kind) {
	case CV_AGG_COUNT_STAR:
	case CV_AGG_COUNT:
		*out = cv_int(agg->count);
		return 0;
	case CV_AGG_SUM:
		*out = agg->is_float ? cv_float(agg->fsum) : cv_int(agg->isum);
		return 0;
	case CV_AGG_AVG:
		if (agg->count)
			*out = cv_float(agg->fsum / (double)agg->count);
		return 0;
	case CV_AGG_PERCENTILE_DISC:
	case CV_AGG_PERCENTILE_CONT:
		return pct_result(agg, out, err);
	default:
		if (agg->kind != CV_AGG_COLLECT && !agg->count)
			return 0;
		return cv_copy(out, &agg->acc) ? nomem(err) : 0;
	}
}

void cv_agg_free(struct cv_agg *agg)
{
	if (!agg)
		return;
	cv_set_free(&agg->seen);
	cv_free(&agg->acc);
	free(agg);
}
