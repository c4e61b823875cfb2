/* test_cypher_value.c: Cypher values, operators, ordering, functions and
 * aggregates (src/graph/cypher_value.c, src/graph/cypher_func.c). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "graph/cypher_func.h"
#include "graph/cypher_value.h"

/* ---------------------------------------------------- allocation failures */

/* Linked with -Wl,--wrap=malloc,calloc,realloc: the N-th allocation after
 * fail_alloc_in(N) returns NULL (only that one), so a test can walk every
 * out-of-memory path of an operation. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static long alloc_left = -1; /* allocations to let through; <0: all */
static bool alloc_failed;    /* the chosen allocation was failed */

static bool alloc_should_fail(void)
{
	if (alloc_left < 0 || alloc_left-- > 0)
		return false;
	alloc_failed = true;
	return true;
}

void *__wrap_malloc(size_t n)
{
	return alloc_should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return alloc_should_fail() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return alloc_should_fail() ? NULL : __real_realloc(p, n);
}

/* ------------------------------------------------------------ test helpers */

/* A tiny reader for value literals in the tables: null, true, false, NaN,
 * Inf, -Inf, 12, -3, 1.5, 1e3, 'str', [a, b], {k: v}. Aborts on bad input
 * (a broken table is a bug in the test). */
static struct cv lit_parse(const char **p);

static void skip_ws(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

static bool take(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n))
		return false;
	*p += n;
	return true;
}

static struct cv lit_number(const char **p)
{
	const char *s = *p;
	char *end;
	size_t n = strspn(s, "-+0123456789.e");

	*p += n;
	if (memchr(s, '.', n) || memchr(s, 'e', n))
		return cv_float(strtod(s, &end));
	return cv_int(strtoll(s, &end, 10));
}

static struct cv lit_list(const char **p)
{
	struct cv l, item;

	cv_list_init(&l);
	skip_ws(p);
	while (**p != ']') {
		item = lit_parse(p);
		if (cv_list_push(&l, &item))
			abort();
		skip_ws(p);
		take(p, ",");
		skip_ws(p);
	}
	(*p)++;
	return l;
}

static struct cv lit_map(const char **p)
{
	struct cv m, val;
	char key[64];
	size_t n;

	cv_map_init(&m);
	skip_ws(p);
	while (**p != '}') {
		n = strcspn(*p, ":");
		if (n >= sizeof(key))
			abort();
		memcpy(key, *p, n);
		key[n] = '\0';
		*p += n + 1;
		val = lit_parse(p);
		if (cv_map_set(&m.u.map, key, &val))
			abort();
		skip_ws(p);
		take(p, ",");
		skip_ws(p);
	}
	(*p)++;
	return m;
}

static struct cv lit_parse(const char **p)
{
	struct cv v;
	const char *end;

	skip_ws(p);
	if (take(p, "null"))
		return cv_null();
	if (take(p, "true"))
		return cv_bool(true);
	if (take(p, "false"))
		return cv_bool(false);
	if (take(p, "NaN"))
		return cv_float(NAN);
	if (take(p, "Inf"))
		return cv_float(INFINITY);
	if (take(p, "-Inf"))
		return cv_float(-INFINITY);
	if (take(p, "["))
		return lit_list(p);
	if (take(p, "{"))
		return lit_map(p);
	if (take(p, "'")) {
		end = strchr(*p, '\'');
		if (!end || cv_string(&v, *p, (size_t)(end - *p)))
			abort();
		*p = end + 1;
		return v;
	}
	return lit_number(p);
}

static struct cv lit(const char *s)
{
	return lit_parse(&s);
}

static const char *errc_name(enum cv_errc c)
{
	switch (c) {
	case CV_ERR_TYPE:
		return "!TYPE";
	case CV_ERR_OVERFLOW:
		return "!OVERFLOW";
	case CV_ERR_DIV_ZERO:
		return "!DIV_ZERO";
	case CV_ERR_ARG:
		return "!ARG";
	case CV_ERR_ARITY:
		return "!ARITY";
	case CV_ERR_UNSUPPORTED:
		return "!UNSUPPORTED";
	default:
		return "!OTHER";
	}
}

/* The outcome as text: the rendered value, or "!CODE" on error. Frees v. */
static char *outcome(int rc, struct cv *v, const struct cv_err *err)
{
	char *s;

	if (rc) {
		s = strdup(errc_name(err->code));
	} else {
		s = cv_to_text(v);
		cv_free(v);
	}
	if (!s)
		abort();
	return s;
}

static void check_outcome(const char *what, char *got, const char *want)
{
	if (strcmp(got, want))
		fprintf(stderr, "\n  %s: got %s, want %s\n", what, got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

/* A node (id, one label or none, props literal). */
static struct cv node(int64_t id, const char *label, const char *props)
{
	struct cv n, p = lit(props);

	cv_node_init(&n, id);
	if (label && cv_node_add_label(&n, label))
		abort();
	n.u.node.props = p.u.map;
	return n;
}

static struct cv rel(int64_t id, const char *type, int64_t s, int64_t e,
		     const char *props)
{
	struct cv r, p = lit(props);

	if (cv_rel_init(&r, id, type, s, e))
		abort();
	r.u.rel.props = p.u.map;
	return r;
}

/* (1:A)-[10:R]->(2:B)<-[11:S]-(3) */
static struct cv path3(void)
{
	struct cv p, n1 = node(1, "A", "{}"), n2 = node(2, "B", "{}"),
		     n3 = node(3, NULL, "{}"), r1 = rel(10, "R", 1, 2, "{}"),
		     r2 = rel(11, "S", 3, 2, "{}");
	struct cv_err err;

	if (cv_path_init(&p, &n1) || cv_path_append(&p, &r1, &n2, &err) ||
	    cv_path_append(&p, &r2, &n3, &err))
		abort();
	return p;
}

/* -------------------------------------------------------- binary operators */

struct binop_case {
	const char *a;
	enum cypher_op op;
	const char *b;
	const char *want; /* rendered result, or !CODE */
};

static void run_binops(const struct binop_case *t, size_t n)
{
	struct cv a, b, out;
	struct cv_err err;
	char what[160];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		a = lit(t[i].a);
		b = lit(t[i].b);
		rc = cv_binary(t[i].op, &a, &b, &out, &err);
		snprintf(what, sizeof(what), "row %zu: %s op%d %s", i, t[i].a,
			 (int)t[i].op, t[i].b);
		check_outcome(what, outcome(rc, &out, &err), t[i].want);
		cv_free(&a);
		cv_free(&b);
	}
}

#define RUN(table) run_binops(table, sizeof(table) / sizeof(table[0]))

static void test_logic_is_three_valued(void)
{
	static const struct binop_case t[] = {
	    {"true", CYPHER_OP_AND, "true", "TRUE"},
	    {"true", CYPHER_OP_AND, "false", "FALSE"},
	    {"false", CYPHER_OP_AND, "null", "FALSE"},
	    {"null", CYPHER_OP_AND, "false", "FALSE"},
	    {"true", CYPHER_OP_AND, "null", "NULL"},
	    {"null", CYPHER_OP_AND, "null", "NULL"},
	    {"true", CYPHER_OP_OR, "null", "TRUE"},
	    {"null", CYPHER_OP_OR, "true", "TRUE"},
	    {"false", CYPHER_OP_OR, "null", "NULL"},
	    {"false", CYPHER_OP_OR, "false", "FALSE"},
	    {"null", CYPHER_OP_OR, "null", "NULL"},
	    {"true", CYPHER_OP_XOR, "false", "TRUE"},
	    {"true", CYPHER_OP_XOR, "true", "FALSE"},
	    {"true", CYPHER_OP_XOR, "null", "NULL"},
	    {"null", CYPHER_OP_XOR, "false", "NULL"},
	    {"1", CYPHER_OP_AND, "true", "!TYPE"},
	    {"null", CYPHER_OP_OR, "'x'", "!TYPE"},
	};
	RUN(t);
}

static void test_every_operator_propagates_null(void)
{
	static const enum cypher_op ops[] = {
	    CYPHER_OP_EQ,	   CYPHER_OP_NE,	CYPHER_OP_LT,
	    CYPHER_OP_LE,	   CYPHER_OP_GT,	CYPHER_OP_GE,
	    CYPHER_OP_STARTS_WITH, CYPHER_OP_ENDS_WITH, CYPHER_OP_CONTAINS,
	    CYPHER_OP_ADD,	   CYPHER_OP_SUB,	CYPHER_OP_MUL,
	    CYPHER_OP_DIV,	   CYPHER_OP_MOD,	CYPHER_OP_POW,
	};
	static const char *const others[] = {"1",   "1.5",    "'a'", "true",
					     "[1]", "{a: 1}", "null"};
	struct binop_case row;
	size_t i, j;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (j = 0; j < sizeof(others) / sizeof(others[0]); j++) {
			row = (struct binop_case){"null", ops[i], others[j],
						  "NULL"};
			run_binops(&row, 1);
			row = (struct binop_case){others[j], ops[i], "null",
						  "NULL"};
			run_binops(&row, 1);
		}
	}
}

static void test_arithmetic_integers_floats_and_errors(void)
{
	static const struct binop_case t[] = {
	    {"1", CYPHER_OP_ADD, "2", "3"},
	    {"1", CYPHER_OP_ADD, "2.5", "3.5"},
	    {"1.5", CYPHER_OP_SUB, "1", "0.5"},
	    {"3", CYPHER_OP_MUL, "-4", "-12"},
	    {"2", CYPHER_OP_MUL, "1.5", "3.0"},
	    {"7", CYPHER_OP_DIV, "2", "3"},
	    {"-7", CYPHER_OP_DIV, "2", "-3"},
	    {"7", CYPHER_OP_DIV, "2.0", "3.5"},
	    {"-7", CYPHER_OP_MOD, "3", "-1"},
	    {"7.5", CYPHER_OP_MOD, "2", "1.5"},
	    {"2", CYPHER_OP_POW, "3", "8.0"},
	    {"4", CYPHER_OP_POW, "0.5", "2.0"},
	    {"9223372036854775807", CYPHER_OP_ADD, "1", "!OVERFLOW"},
	    {"-9223372036854775807", CYPHER_OP_SUB, "2", "!OVERFLOW"},
	    {"4611686018427387904", CYPHER_OP_MUL, "2", "!OVERFLOW"},
	    {"-9223372036854775807", CYPHER_OP_ADD, "-1",
	     "-9223372036854775808"},
	    {"[-9223372036854775807]", CYPHER_OP_ADD, "1",
	     "[-9223372036854775807, 1]"},
	    {"1", CYPHER_OP_DIV, "0", "!DIV_ZERO"},
	    {"1", CYPHER_OP_MOD, "0", "!DIV_ZERO"},
	    {"1", CYPHER_OP_DIV, "0.0", "Infinity"},
	    {"-1.0", CYPHER_OP_DIV, "0", "-Infinity"},
	    {"0.0", CYPHER_OP_DIV, "0", "NaN"},
	    {"1.0", CYPHER_OP_MOD, "0", "NaN"},
	    {"1", CYPHER_OP_SUB, "'a'", "!TYPE"},
	    {"[1]", CYPHER_OP_MUL, "2", "!TYPE"},
	    {"true", CYPHER_OP_DIV, "1", "!TYPE"},
	    {"'a'", CYPHER_OP_POW, "2", "!TYPE"},
	};
	RUN(t);
}

static void test_int64_min_division_edges(void)
{
	struct cv a = cv_int(INT64_MIN), b = cv_int(-1), out;
	struct cv_err err;

	CU_ASSERT_EQUAL(cv_binary(CYPHER_OP_DIV, &a, &b, &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_OVERFLOW);
	CU_ASSERT_EQUAL(cv_binary(CYPHER_OP_MOD, &a, &b, &out, &err), 0);
	CU_ASSERT(out.kind == CV_INT && out.u.i == 0);
	CU_ASSERT_EQUAL(cv_unary(CYPHER_OP_NEG, &a, &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_OVERFLOW);
	CU_ASSERT_STRING_EQUAL(err.msg, "integer overflow in '-'");
	b = cv_int(0);
	CU_ASSERT_EQUAL(cv_binary(CYPHER_OP_DIV, &a, &b, &out, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "/ by zero");
}

static void test_type_error_names_operator_and_types(void)
{
	struct cv a = cv_bool(true), b = cv_int(1), out;
	struct cv_err err;

	CU_ASSERT_EQUAL(cv_binary(CYPHER_OP_ADD, &a, &b, &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_TYPE);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "cannot apply '+' to a boolean and an integer");
}

static void test_unary_operators(void)
{
	static const char *const in[] = {"1",	"-2.5", "null",	 "true",
					 "'a'", "null", "false", "1"};
	static const enum cypher_op ops[] = {
	    CYPHER_OP_NEG, CYPHER_OP_NEG, CYPHER_OP_NEG, CYPHER_OP_NEG,
	    CYPHER_OP_POS, CYPHER_OP_NOT, CYPHER_OP_NOT, CYPHER_OP_NOT};
	static const char *const want[] = {"-1",    "2.5",  "NULL", "!TYPE",
					   "!TYPE", "NULL", "TRUE", "!TYPE"};
	struct cv a, out;
	struct cv_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		a = lit(in[i]);
		rc = cv_unary(ops[i], &a, &out, &err);
		check_outcome(in[i], outcome(rc, &out, &err), want[i]);
		cv_free(&a);
	}
}

static void test_comparison_of_numbers_strings_booleans_lists(void)
{
	static const struct binop_case t[] = {
	    {"1", CYPHER_OP_LT, "2", "TRUE"},
	    {"1", CYPHER_OP_LT, "1.5", "TRUE"},
	    {"2", CYPHER_OP_LE, "2.0", "TRUE"},
	    {"2.5", CYPHER_OP_GT, "2", "TRUE"},
	    {"2", CYPHER_OP_GE, "3", "FALSE"},
	    {"'a'", CYPHER_OP_LT, "'b'", "TRUE"},
	    {"'ab'", CYPHER_OP_LT, "'a'", "FALSE"},
	    {"'B'", CYPHER_OP_LT, "'a'", "TRUE"},
	    {"false", CYPHER_OP_LT, "true", "TRUE"},
	    {"[1, 2]", CYPHER_OP_LT, "[1, 3]", "TRUE"},
	    {"[1]", CYPHER_OP_LT, "[1, 0]", "TRUE"},
	    {"[1, null]", CYPHER_OP_LT, "[1, 2]", "NULL"},
	    {"[0, null]", CYPHER_OP_LT, "[1, 2]", "TRUE"},
	    /* different kinds compare to null */
	    {"1", CYPHER_OP_LT, "'a'", "NULL"},
	    {"true", CYPHER_OP_GE, "0", "NULL"},
	    {"{a: 1}", CYPHER_OP_LT, "{a: 2}", "NULL"},
	    {"[1]", CYPHER_OP_LT, "1", "NULL"},
	    /* NaN compares false */
	    {"NaN", CYPHER_OP_LT, "1", "FALSE"},
	    {"NaN", CYPHER_OP_GE, "NaN", "FALSE"},
	    {"1", CYPHER_OP_GT, "NaN", "FALSE"},
	    {"Inf", CYPHER_OP_GT, "9223372036854775807", "TRUE"},
	    /* exact beyond 2^53: 2^53 + 1 > 2.0^53 */
	    {"9007199254740993", CYPHER_OP_GT, "9007199254740992.0", "TRUE"},
	    {"9007199254740993", CYPHER_OP_EQ, "9007199254740992.0", "FALSE"},
	};
	RUN(t);
}

static void test_equality_rules(void)
{
	static const struct binop_case t[] = {
	    {"1", CYPHER_OP_EQ, "1.0", "TRUE"},
	    {"1", CYPHER_OP_NE, "1.0", "FALSE"},
	    {"1", CYPHER_OP_EQ, "'1'", "FALSE"},
	    {"1", CYPHER_OP_NE, "'1'", "TRUE"},
	    {"'a'", CYPHER_OP_EQ, "'a'", "TRUE"},
	    {"null", CYPHER_OP_EQ, "null", "NULL"},
	    {"null", CYPHER_OP_NE, "null", "NULL"},
	    {"NaN", CYPHER_OP_EQ, "NaN", "FALSE"},
	    {"NaN", CYPHER_OP_NE, "NaN", "TRUE"},
	    {"[1, 2]", CYPHER_OP_EQ, "[1.0, 2]", "TRUE"},
	    {"[1, null]", CYPHER_OP_EQ, "[1, 2]", "NULL"},
	    {"[1, null]", CYPHER_OP_EQ, "[2, null]", "FALSE"},
	    {"[1]", CYPHER_OP_EQ, "[1, 2]", "FALSE"},
	    {"[[1]]", CYPHER_OP_EQ, "[[1.0]]", "TRUE"},
	    {"{a: 1}", CYPHER_OP_EQ, "{a: 1.0}", "TRUE"},
	    {"{a: null}", CYPHER_OP_EQ, "{a: 1}", "NULL"},
	    {"{a: 1}", CYPHER_OP_EQ, "{b: 1}", "FALSE"},
	    {"{a: 1}", CYPHER_OP_EQ, "{a: 1, b: 2}", "FALSE"},
	    {"{}", CYPHER_OP_EQ, "[]", "FALSE"},
	    {"true", CYPHER_OP_EQ, "1", "FALSE"},
	};
	struct cv n1 = node(1, "A", "{}"), n1b = node(1, "B", "{x: 1}"),
		  n2 = node(2, "A", "{}"), r = rel(1, "R", 1, 2, "{}");

	RUN(t);
	CU_ASSERT_EQUAL(cv_equals(&n1, &n1b), CV_TRUE);
	CU_ASSERT_EQUAL(cv_equals(&n1, &n2), CV_FALSE);
	CU_ASSERT_EQUAL(cv_equals(&n1, &r), CV_FALSE); /* same id, not kind */
	{
		struct cv p = path3(), l, nodes_only = lit("[]");
		size_t i;

		cv_list_init(&l);
		for (i = 0; i < p.u.list.n; i++) {
			struct cv c;

			CU_ASSERT_EQUAL_FATAL(cv_copy(&c, &p.u.list.items[i]),
					      0);
			CU_ASSERT_EQUAL_FATAL(cv_list_push(&l, &c), 0);
		}
		CU_ASSERT_EQUAL(cv_equals(&p, &l), CV_TRUE);
		CU_ASSERT_EQUAL(cv_equals(&l, &p), CV_TRUE);
		CU_ASSERT_EQUAL(cv_equals(&p, &nodes_only), CV_FALSE);
		cv_free(&p);
		cv_free(&l);
		cv_free(&nodes_only);
	}
	cv_free(&n1);
	cv_free(&n1b);
	cv_free(&n2);
	cv_free(&r);
}

static void test_in_uses_equality_with_nulls(void)
{
	static const struct binop_case t[] = {
	    {"1", CYPHER_OP_IN, "[null, 2]", "NULL"},
	    {"2", CYPHER_OP_IN, "[null, 2]", "TRUE"},
	    {"1", CYPHER_OP_IN, "[1.0]", "TRUE"},
	    {"3", CYPHER_OP_IN, "[1, 2]", "FALSE"},
	    {"null", CYPHER_OP_IN, "[]", "FALSE"},
	    {"null", CYPHER_OP_IN, "[1]", "NULL"},
	    {"1", CYPHER_OP_IN, "null", "NULL"},
	    {"1", CYPHER_OP_IN, "[]", "FALSE"},
	    {"[1]", CYPHER_OP_IN, "[[1], 2]", "TRUE"},
	    {"[1, 2]", CYPHER_OP_IN, "[[1, null]]", "NULL"},
	    {"1", CYPHER_OP_IN, "1", "!TYPE"},
	    {"1", CYPHER_OP_IN, "'abc'", "!TYPE"},
	};
	RUN(t);
}

static void test_string_predicates(void)
{
	static const struct binop_case t[] = {
	    {"'abc'", CYPHER_OP_STARTS_WITH, "'ab'", "TRUE"},
	    {"'abc'", CYPHER_OP_STARTS_WITH, "'bc'", "FALSE"},
	    {"'abc'", CYPHER_OP_STARTS_WITH, "''", "TRUE"},
	    {"'ab'", CYPHER_OP_STARTS_WITH, "'abc'", "FALSE"},
	    {"'abc'", CYPHER_OP_ENDS_WITH, "'bc'", "TRUE"},
	    {"'abc'", CYPHER_OP_ENDS_WITH, "'ab'", "FALSE"},
	    {"'abc'", CYPHER_OP_CONTAINS, "'b'", "TRUE"},
	    {"'abc'", CYPHER_OP_CONTAINS, "'abc'", "TRUE"},
	    {"'abc'", CYPHER_OP_CONTAINS, "'ac'", "FALSE"},
	    {"''", CYPHER_OP_CONTAINS, "''", "TRUE"},
	    {"'Abc'", CYPHER_OP_STARTS_WITH, "'a'", "FALSE"},
	    /* not both strings: null, never an error */
	    {"1", CYPHER_OP_STARTS_WITH, "'1'", "NULL"},
	    {"'1'", CYPHER_OP_CONTAINS, "1", "NULL"},
	    {"['a']", CYPHER_OP_ENDS_WITH, "'a'", "NULL"},
	};
	RUN(t);
}

static void test_addition_of_strings_and_lists(void)
{
	static const struct binop_case t[] = {
	    {"'ab'", CYPHER_OP_ADD, "'cd'", "\"abcd\""},
	    {"'n'", CYPHER_OP_ADD, "1", "\"n1\""},
	    {"1.5", CYPHER_OP_ADD, "'x'", "\"1.5x\""},
	    {"'n'", CYPHER_OP_ADD, "2.0", "\"n2.0\""},
	    {"[1, 2]", CYPHER_OP_ADD, "[3]", "[1, 2, 3]"},
	    {"[1]", CYPHER_OP_ADD, "[]", "[1]"},
	    {"[1]", CYPHER_OP_ADD, "'a'", "[1, \"a\"]"},
	    {"0", CYPHER_OP_ADD, "[1]", "[0, 1]"},
	    {"[1]", CYPHER_OP_ADD, "[[2]]", "[1, [2]]"},
	    {"[1]", CYPHER_OP_ADD, "null", "NULL"},
	    {"'a'", CYPHER_OP_ADD, "true", "!TYPE"},
	    {"{a: 1}", CYPHER_OP_ADD, "{b: 1}", "!TYPE"},
	};
	RUN(t);
}

/* ------------------------------------------------------ index and slice */

static void check_index(const char *obj, const char *idx, const char *want)
{
	struct cv o = lit(obj), i = lit(idx), out;
	struct cv_err err;
	int rc = cv_index(&o, &i, &out, &err);
	char what[128];

	snprintf(what, sizeof(what), "%s[%s]", obj, idx);
	check_outcome(what, outcome(rc, &out, &err), want);
	cv_free(&o);
	cv_free(&i);
}

static void test_index_on_lists_and_maps(void)
{
	struct cv n = node(1, "A", "{name: 'x'}"), k, out;
	struct cv_err err;

	check_index("[1, 2, 3]", "0", "1");
	check_index("[1, 2, 3]", "2", "3");
	check_index("[1, 2, 3]", "-1", "3");
	check_index("[1, 2, 3]", "-3", "1");
	check_index("[1, 2, 3]", "3", "NULL");
	check_index("[1, 2, 3]", "-4", "NULL");
	check_index("[]", "0", "NULL");
	check_index("[1]", "-9223372036854775807", "NULL");
	check_index("[1, 2]", "null", "NULL");
	check_index("null", "0", "NULL");
	check_index("[1, 2]", "1.0", "!TYPE");
	check_index("[1, 2]", "'a'", "!TYPE");
	check_index("{a: [1]}", "'a'", "[1]");
	check_index("{a: 1}", "'b'", "NULL");
	check_index("{a: 1}", "0", "!TYPE");
	check_index("'abc'", "0", "!TYPE");
	check_index("5", "0", "!TYPE");
	CU_ASSERT_EQUAL(cv_cstring(&k, "name"), 0);
	CU_ASSERT_EQUAL(cv_index(&n, &k, &out, &err), 0);
	check_outcome("node['name']", outcome(0, &out, &err), "\"x\"");
	CU_ASSERT_EQUAL(cv_property(&n, "missing", &out, &err), 0);
	CU_ASSERT_EQUAL(out.kind, CV_NULL);
	cv_free(&k);
	k = cv_int(1);
	CU_ASSERT_EQUAL(cv_property(&k, "x", &out, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_TYPE);
	cv_free(&n);
}

/* from/to: NULL pointer when the literal is "" (open bound). */
static void check_slice(const char *obj, const char *from, const char *to,
			const char *want)
{
	struct cv o = lit(obj), f = lit(*from ? from : "null"),
		  t = lit(*to ? to : "null"), out;
	struct cv_err err;
	int rc = cv_slice(&o, *from ? &f : NULL, *to ? &t : NULL, &out, &err);
	char what[128];

	snprintf(what, sizeof(what), "%s[%s..%s]", obj, from, to);
	check_outcome(what, outcome(rc, &out, &err), want);
	cv_free(&o);
	cv_free(&f);
	cv_free(&t);
}

static void test_slice_edges(void)
{
	check_slice("[1, 2, 3]", "0", "2", "[1, 2]");
	check_slice("[1, 2, 3]", "1", "", "[2, 3]");
	check_slice("[1, 2, 3]", "", "-1", "[1, 2]");
	check_slice("[1, 2, 3]", "-2", "", "[2, 3]");
	check_slice("[1, 2, 3]", "", "", "[1, 2, 3]");
	check_slice("[1, 2, 3]", "2", "1", "[]");
	check_slice("[1, 2, 3]", "5", "10", "[]");
	check_slice("[1, 2, 3]", "-10", "10", "[1, 2, 3]");
	check_slice("[]", "0", "1", "[]");
	check_slice("[1, 2, 3]", "null", "2", "NULL");
	check_slice("[1, 2, 3]", "0", "null", "NULL");
	check_slice("null", "0", "1", "NULL");
	check_slice("[1, 2, 3]", "0.5", "2", "!TYPE");
	check_slice("'abc'", "0", "1", "!TYPE");
}

/* ------------------------------------------------ orderability, DISTINCT */

static void test_order_by_is_total_across_kinds(void)
{
	/* Ascending, as openCypher orders: map < node < relationship < list
	 * < path < string < boolean < number (NaN last) < null. */
	struct cv v[] = {
	    lit("{}"),
	    lit("{a: 1}"),
	    lit("{a: 1, b: 0}"),
	    lit("{b: 0}"),
	    node(1, NULL, "{}"),
	    node(2, NULL, "{}"),
	    rel(1, "R", 1, 2, "{}"),
	    lit("[]"),
	    lit("['a']"),
	    lit("[1]"),
	    lit("[1, 'a']"),
	    path3(),
	    lit("''"),
	    lit("'B'"),
	    lit("'a'"),
	    lit("'ab'"),
	    lit("false"),
	    lit("true"),
	    lit("-Inf"),
	    lit("-9223372036854775808"),
	    lit("-1"),
	    lit("0.5"),
	    lit("1"),
	    lit("1.5"),
	    lit("9223372036854775807"),
	    lit("1e19"),
	    lit("Inf"),
	    lit("NaN"),
	    lit("null"),
	};
	size_t n = sizeof(v) / sizeof(v[0]), i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int c = cv_order(&v[i], &v[j]),
			    want = (i > j) - (i < j);

			if ((c > 0) - (c < 0) != want)
				fprintf(stderr, "\n  order %zu vs %zu: %d\n", i,
					j, c);
			CU_ASSERT_EQUAL((c > 0) - (c < 0), want);
		}
	}
	for (i = 0; i < n; i++)
		cv_free(&v[i]);
}

static void test_distinct_equivalence_and_hash(void)
{
	static const char *const same[][2] = {
	    {"1", "1.0"},
	    {"null", "null"},
	    {"NaN", "NaN"},
	    {"0", "-0.0"},
	    {"[1, null]", "[1.0, null]"},
	    {"{a: 1}", "{a: 1.0}"},
	    {"'x'", "'x'"},
	    {"[[]]", "[[]]"},
	};
	static const char *const differ[][2] = {
	    {"1", "'1'"},	  {"1", "1.5"},	  {"[1]", "[1, 1]"},
	    {"{a: 1}", "{b: 1}"}, {"true", "1"},  {"null", "0"},
	    {"[]", "{}"},	  {"'a'", "'A'"},
	};
	struct cv a, b;
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		a = lit(same[i][0]);
		b = lit(same[i][1]);
		CU_ASSERT_TRUE(cv_equivalent(&a, &b));
		CU_ASSERT_EQUAL(cv_hash(&a), cv_hash(&b));
		cv_free(&a);
		cv_free(&b);
	}
	for (i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		a = lit(differ[i][0]);
		b = lit(differ[i][1]);
		CU_ASSERT_FALSE(cv_equivalent(&a, &b));
		cv_free(&a);
		cv_free(&b);
	}
}

static void test_set_keeps_one_of_each_equivalent_value(void)
{
	struct cv_set set = {0};
	struct cv v;
	bool added;
	int64_t i;
	size_t fresh = 0;

	/* 0..99 as integers, then again as floats: only 100 are new. */
	for (i = 0; i < 200; i++) {
		v = i < 100 ? cv_int(i) : cv_float((double)(i - 100));
		CU_ASSERT_EQUAL(cv_set_add(&set, &v, &added), 0);
		fresh += added;
	}
	v = cv_null();
	CU_ASSERT_EQUAL(cv_set_add(&set, &v, &added), 0);
	CU_ASSERT_TRUE(added);
	CU_ASSERT_EQUAL(cv_set_add(&set, &v, &added), 0);
	CU_ASSERT_FALSE(added);
	CU_ASSERT_EQUAL(fresh, 100);
	CU_ASSERT_EQUAL(set.n, 101);
	cv_set_free(&set);
}

/* ------------------------------------------------------------------- text */

static void check_text(struct cv v, const char *want)
{
	char *s = cv_to_text(&v);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	if (strcmp(s, want))
		fprintf(stderr, "\n  text: got %s, want %s\n", s, want);
	CU_ASSERT_STRING_EQUAL(s, want);
	free(s);
	cv_free(&v);
}

static void test_text_rendering_like_cypher_shell(void)
{
	struct cv s;

	check_text(cv_null(), "NULL");
	check_text(cv_bool(true), "TRUE");
	check_text(cv_int(-42), "-42");
	check_text(cv_float(1), "1.0");
	check_text(cv_float(0.1), "0.1");
	check_text(cv_float(-2.5), "-2.5");
	check_text(cv_float(123456.789), "123456.789");
	check_text(cv_float(1e7), "1.0E7");
	check_text(cv_float(9999999.0), "9999999.0");
	check_text(cv_float(100.0), "100.0");
	check_text(cv_float(1e-4), "1.0E-4");
	check_text(cv_float(-1.25e-5), "-1.25E-5");
	check_text(cv_float(1.7976931348623157e308), "1.7976931348623157E308");
	check_text(cv_float(1.5e10), "1.5E10");
	check_text(cv_float(0.001), "0.001");
	check_text(cv_float(1e-5), "1.0E-5");
	check_text(cv_float(-0.0), "-0.0");
	check_text(cv_float(1.0 / 3), "0.3333333333333333");
	check_text(cv_float(INFINITY), "Infinity");
	check_text(cv_float(NAN), "NaN");
	CU_ASSERT_EQUAL(cv_cstring(&s, "say \"hi\" \\o/"), 0);
	check_text(s, "\"say \\\"hi\\\" \\\\o/\"");
	check_text(lit("[1, 'a', [], {}]"), "[1, \"a\", [], {}]");
	check_text(lit("{b: 2, a: [null]}"), "{a: [NULL], b: 2}");
	check_text(node(1, "Person", "{name: 'Ann', age: 3}"),
		   "(:Person {age: 3, name: \"Ann\"})");
	check_text(node(1, NULL, "{}"), "()");
	check_text(node(1, NULL, "{a: 1}"), "({a: 1})");
	check_text(rel(1, "KNOWS", 1, 2, "{since: 2000}"),
		   "[:KNOWS {since: 2000}]");
	check_text(rel(1, "R", 1, 2, "{}"), "[:R]");
	check_text(path3(), "(:A)-[:R]->(:B)<-[:S]-()");
}

static void test_node_labels_render_in_order(void)
{
	struct cv n = node(1, "A", "{}");

	CU_ASSERT_EQUAL(cv_node_add_label(&n, "B"), 0);
	check_text(n, "(:A:B)");
}

static void test_path_append_rejects_unlinked_relationship(void)
{
	struct cv p, n1 = node(1, NULL, "{}"), n2 = node(2, NULL, "{}"),
		     r = rel(5, "R", 3, 4, "{}");
	struct cv_err err;

	CU_ASSERT_EQUAL(cv_path_init(&p, &n1), 0);
	CU_ASSERT_EQUAL(cv_path_append(&p, &r, &n2, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_ARG);
	CU_ASSERT_EQUAL(r.kind, CV_NULL); /* taken even on failure */
	CU_ASSERT_EQUAL(p.u.list.n, 1);
	cv_free(&p);
}

/* --------------------------------------------------------------- copies */

static void test_deep_copy_is_independent(void)
{
	struct cv p = path3(), c, m = lit("{a: [1, 'x', {b: null}]}"), mc;

	CU_ASSERT_EQUAL(cv_copy(&c, &p), 0);
	CU_ASSERT_EQUAL(cv_equals(&c, &p), CV_TRUE);
	cv_free(&p);
	check_text(c, "(:A)-[:R]->(:B)<-[:S]-()");
	CU_ASSERT_EQUAL(cv_copy(&mc, &m), 0);
	cv_free(&m);
	check_text(mc, "{a: [1, \"x\", {b: NULL}]}");
	cv_free(&m); /* freeing twice is harmless */
}

/* --------------------------------------------------------------- protocol */

static void test_proto_round_trip_of_scalars_and_lists(void)
{
	static const char *const vals[] = {
	    "null", "true", "-7", "2.5", "'héllo'", "[1, [2.0, null], 'x']",
	    "[]"};
	Graphd__Value *pv;
	struct cv v, back;
	struct cv_err err;
	size_t i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		v = lit(vals[i]);
		CU_ASSERT_EQUAL_FATAL(cv_to_proto(&v, &pv, &err), 0);
		CU_ASSERT_EQUAL(cv_from_proto(pv, &back, &err), 0);
		CU_ASSERT_TRUE(cv_equivalent(&v, &back));
		CU_ASSERT_EQUAL(v.kind, back.kind);
		graphd__value__free_unpacked(pv, NULL);
		cv_free(&v);
		cv_free(&back);
	}
	CU_ASSERT_EQUAL(cv_from_proto(NULL, &back, &err), 0);
	CU_ASSERT_EQUAL(back.kind, CV_NULL);
}

/* Results carry maps, nodes and paths; parameters may be maps but never
 * graph entities (a client cannot forge a node). */
static void test_proto_encodes_graph_values_not_as_parameters(void)
{
	struct cv m = lit("{a: 1, b: [2, 'x']}"), n = node(7, "A", "{p: 1}");
	struct cv back;
	Graphd__Value *pv = NULL;
	struct cv_err err;

	CU_ASSERT_EQUAL_FATAL(cv_to_proto(&m, &pv, &err), 0);
	CU_ASSERT_EQUAL(pv->kind_case, GRAPHD__VALUE__KIND_MAP_VALUE);
	CU_ASSERT_EQUAL(cv_from_proto(pv, &back, &err), 0);
	CU_ASSERT_TRUE(cv_equivalent(&m, &back));
	graphd__value__free_unpacked(pv, NULL);
	cv_free(&back);
	CU_ASSERT_EQUAL_FATAL(cv_to_proto(&n, &pv, &err), 0);
	CU_ASSERT_EQUAL_FATAL(pv->kind_case, GRAPHD__VALUE__KIND_NODE_VALUE);
	CU_ASSERT_EQUAL(pv->node_value->id, 7);
	CU_ASSERT_EQUAL_FATAL(pv->node_value->n_labels, 1);
	CU_ASSERT_STRING_EQUAL(pv->node_value->labels[0], "A");
	CU_ASSERT_EQUAL_FATAL(pv->node_value->n_props, 1);
	CU_ASSERT_STRING_EQUAL(pv->node_value->props[0]->key, "p");
	CU_ASSERT_EQUAL(cv_from_proto(pv, &back, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_UNSUPPORTED);
	graphd__value__free_unpacked(pv, NULL);
	cv_free(&m);
	cv_free(&n);
}

/* -------------------------------------------------------------- functions */

static int fake_get_node(void *arg, int64_t id, struct cv *out,
			 struct cv_err *err)
{
	int *calls = arg;

	(*calls)++;
	*out = node(id, "N", "{}");
	return 0;
}

/* Calls name on the literal arguments (separated by ';'). */
static char *call(const char *name, const char *args)
{
	static int calls;
	struct cv_func_ctx ctx = {.timestamp_ms = 1700000000123,
				  .get_node = fake_get_node,
				  .arg = &calls};
	const struct cv_func *f = cv_func_lookup(name);
	struct cv a[4], out;
	struct cv_err err;
	char buf[128], *tok, *save = NULL;
	size_t n = 0, i;
	int rc;

	if (!f)
		return strdup("!UNKNOWN");
	snprintf(buf, sizeof(buf), "%s", args);
	for (tok = strtok_r(buf, ";", &save); tok && n < 4;
	     tok = strtok_r(NULL, ";", &save))
		a[n++] = lit(tok);
	rc = cv_func_call(f, &ctx, a, n, &out, &err);
	for (i = 0; i < n; i++)
		cv_free(&a[i]);
	return outcome(rc, &out, &err);
}

struct func_case {
	const char *name;
	const char *args;
	const char *want;
};

static void run_funcs(const struct func_case *t, size_t n)
{
	char what[160];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "%s(%s)", t[i].name, t[i].args);
		check_outcome(what, call(t[i].name, t[i].args), t[i].want);
	}
}

#define RUN_FUNCS(table) run_funcs(table, sizeof(table) / sizeof(table[0]))

static void test_scalar_functions_on_values(void)
{
	static const struct func_case t[] = {
	    {"size", "[1, 2, 3]", "3"},
	    {"size", "'héllo'", "5"},
	    {"size", "''", "0"},
	    {"size", "null", "NULL"},
	    {"size", "1", "!TYPE"},
	    {"SIZE", "[]", "0"},
	    {"coalesce", "null;null;2;3", "2"},
	    {"coalesce", "null", "NULL"},
	    {"coalesce", "", "!ARITY"},
	    {"toString", "1", "\"1\""},
	    {"toString", "1.0", "\"1.0\""},
	    {"toString", "1e20", "\"1.0E20\""},
	    {"toString", "true", "\"true\""},
	    {"toString", "'x'", "\"x\""},
	    {"toString", "null", "NULL"},
	    {"toString", "[1]", "!TYPE"},
	    {"tostring", "1;2", "!ARITY"},
	    {"toInteger", "'42'", "42"},
	    {"toInteger", "' -7 '", "-7"},
	    {"toInteger", "'4.7'", "4"},
	    {"toInteger", "'x'", "NULL"},
	    {"toInteger", "'0x10'", "NULL"},
	    {"toInteger", "-4.7", "-4"},
	    {"toInteger", "true", "1"},
	    {"toInteger", "1e30", "!OVERFLOW"},
	    {"toInteger", "null", "NULL"},
	    {"toInteger", "{}", "!TYPE"},
	    {"toFloat", "'1e3'", "1000.0"},
	    {"toFloat", "' 2.5'", "2.5"},
	    {"toFloat", "'abc'", "NULL"},
	    {"toFloat", "'inf'", "NULL"},
	    {"toFloat", "3", "3.0"},
	    {"toFloat", "true", "!TYPE"},
	    {"head", "[1, 2]", "1"},
	    {"head", "[]", "NULL"},
	    {"head", "null", "NULL"},
	    {"head", "'ab'", "!TYPE"},
	    {"last", "[1, 2]", "2"},
	    {"last", "[]", "NULL"},
	    {"last", "1", "!TYPE"},
	    {"range", "0;3", "[0, 1, 2, 3]"},
	    {"range", "0;10;3", "[0, 3, 6, 9]"},
	    {"range", "3;0;-1", "[3, 2, 1, 0]"},
	    {"range", "3;0", "[]"},
	    {"range", "0;3;-1", "[]"},
	    {"range", "1;1", "[1]"},
	    {"range", "0;-1;2", "[]"},
	    {"range", "0;-1;-2", "[0]"},
	    {"range",
	     "-9223372036854775808;9223372036854775807;"
	     "9223372036854775807",
	     "[-9223372036854775808, -1, 9223372036854775806]"},
	    {"range", "0;3;0", "!ARG"},
	    {"range", "0;10000000000", "!ARG"},
	    {"range", "0;1.5", "!TYPE"},
	    {"range", "null;1", "!TYPE"},
	    {"range", "1", "!ARITY"},
	    {"range", "1;2;3;4", "!ARITY"},
	    {"abs", "-3", "3"},
	    {"abs", "-2.5", "2.5"},
	    {"abs", "null", "NULL"},
	    {"abs", "-9223372036854775808", "!OVERFLOW"},
	    {"abs", "'1'", "!TYPE"},
	    {"timestamp", "", "1700000000123"},
	    {"timestamp", "1", "!ARITY"},
	    {"keys", "{b: 1, a: 2}", "[\"a\", \"b\"]"},
	    {"properties", "{a: 1}", "{a: 1}"},
	    {"keys", "[1]", "!TYPE"},
	    {"id", "1", "!TYPE"},
	    {"labels", "{}", "!TYPE"},
	    {"type", "null", "NULL"},
	    {"length", "[1]", "!TYPE"},
	    {"nodes", "null", "NULL"},
	    {"startNode", "1", "!TYPE"},
	    {"nosuchfunction", "1", "!UNKNOWN"},
	};
	RUN_FUNCS(t);
}

static char *call_on(const char *name, const struct cv *arg,
		     const struct cv_func_ctx *ctx)
{
	struct cv out;
	struct cv_err err;
	int rc = cv_func_call(cv_func_lookup(name), ctx, arg, 1, &out, &err);

	return outcome(rc, &out, &err);
}

static void test_graph_functions(void)
{
	int calls = 0;
	struct cv_func_ctx ctx = {.get_node = fake_get_node, .arg = &calls};
	struct cv n = node(7, "Person", "{name: 'A'}"),
		  r = rel(9, "KNOWS", 7, 8, "{w: 1.5}"), p = path3(), out;
	struct cv_err err;

	CU_ASSERT_EQUAL(cv_node_add_label(&n, "Admin"), 0);
	check_outcome("id(n)", call_on("id", &n, &ctx), "7");
	check_outcome("id(r)", call_on("ID", &r, &ctx), "9");
	check_outcome("labels", call_on("labels", &n, &ctx),
		      "[\"Person\", \"Admin\"]");
	check_outcome("labels(r)", call_on("labels", &r, &ctx), "!TYPE");
	check_outcome("type", call_on("type", &r, &ctx), "\"KNOWS\"");
	check_outcome("type(n)", call_on("type", &n, &ctx), "!TYPE");
	check_outcome("properties", call_on("properties", &n, &ctx),
		      "{name: \"A\"}");
	check_outcome("keys(r)", call_on("keys", &r, &ctx), "[\"w\"]");
	check_outcome("startNode", call_on("startNode", &r, &ctx), "(:N)");
	check_outcome("endNode", call_on("endNode", &r, &ctx), "(:N)");
	CU_ASSERT_EQUAL(calls, 2);
	check_outcome("endNode(n)", call_on("endNode", &n, &ctx), "!TYPE");
	check_outcome("length", call_on("length", &p, &ctx), "2");
	check_outcome("nodes", call_on("nodes", &p, &ctx), "[(:A), (:B), ()]");
	check_outcome("relationships", call_on("relationships", &p, &ctx),
		      "[[:R], [:S]]");
	check_outcome("nodes(n)", call_on("nodes", &n, &ctx), "!TYPE");
	ctx.get_node = NULL;
	check_outcome("startNode w/o store", call_on("startNode", &r, &ctx),
		      "!UNSUPPORTED");
	CU_ASSERT_EQUAL(cv_func_call(cv_func_lookup("timestamp"), NULL, NULL, 0,
				     &out, &err),
			-1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_UNSUPPORTED);
	cv_free(&n);
	cv_free(&r);
	cv_free(&p);
}

static void test_arity_is_checked_before_running(void)
{
	struct cv_err err;
	const struct cv_func *f = cv_func_lookup("Range");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(cv_func_name(f), "range");
	CU_ASSERT_EQUAL(cv_func_check_arity(f, 1, &err), -1);
	CU_ASSERT_EQUAL(err.code, CV_ERR_ARITY);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "range() takes 2 to 3 arguments, not 1");
	CU_ASSERT_EQUAL(cv_func_check_arity(f, 3, &err), 0);
	CU_ASSERT_PTR_NULL(cv_func_lookup("count")); /* an aggregate */
}

/* ------------------------------------------------------------- aggregates */

/* Feeds the elements of a list literal to aggregate name. */
static char *aggregate(const char *name, bool star, bool distinct,
		       const char *values)
{
	enum cv_agg_kind kind;
	struct cv list = lit(values), out;
	struct cv_agg *agg;
	struct cv_err err;
	size_t i;
	int rc = 0;

	if (!cv_agg_lookup(name, star, &kind))
		return strdup("!UNKNOWN");
	agg = cv_agg_new(kind, distinct);
	CU_ASSERT_PTR_NOT_NULL_FATAL(agg);
	for (i = 0; i < list.u.list.n && !rc; i++)
		rc = cv_agg_add(agg, &list.u.list.items[i], &err);
	if (!rc)
		rc = cv_agg_result(agg, &out, &err);
	cv_agg_free(agg);
	cv_free(&list);
	return outcome(rc, &out, &err);
}

struct agg_case {
	const char *name;
	bool star;
	bool distinct;
	const char *values;
	const char *want;
};

static void test_aggregates_with_nulls_and_distinct(void)
{
	static const struct agg_case t[] = {
	    {"count", true, false, "[1, null, 1]", "3"},
	    {"count", true, false, "[]", "0"},
	    {"count", false, false, "[1, null, 1]", "2"},
	    {"COUNT", false, true, "[1, null, 1.0, 2]", "2"},
	    {"count", false, false, "[]", "0"},
	    {"sum", false, false, "[1, 2, null]", "3"},
	    {"sum", false, false, "[1, 2.5]", "3.5"},
	    {"sum", false, true, "[2, 2, 2.0, 3]", "5"},
	    {"sum", false, false, "[]", "0"},
	    {"sum", false, false, "[null]", "0"},
	    {"sum", false, false, "[9223372036854775807, 1]", "!OVERFLOW"},
	    {"sum", false, false, "[1, 'a']", "!TYPE"},
	    {"avg", false, false, "[1, 2, null]", "1.5"},
	    {"avg", false, true, "[1, 1, 4]", "2.5"},
	    {"avg", false, false, "[]", "NULL"},
	    {"avg", false, false, "[null]", "NULL"},
	    {"avg", false, false, "[true]", "!TYPE"},
	    {"min", false, false, "[3, null, 1.5, 2]", "1.5"},
	    {"min", false, true, "[3, 3]", "3"},
	    {"min", false, false, "[1, 'a']", "\"a\""},
	    {"min", false, false, "[]", "NULL"},
	    {"max", false, false, "[3, null, 7, 2]", "7"},
	    {"max", false, false, "['a', 'b']", "\"b\""},
	    {"max", false, true, "[null]", "NULL"},
	    {"collect", false, false, "[1, null, 1]", "[1, 1]"},
	    {"collect", false, true, "[1, null, 1.0, [2], [2]]", "[1, [2]]"},
	    {"collect", false, false, "[]", "[]"},
	    {"sum", true, false, "[]", "!UNKNOWN"},
	    {"toString", false, false, "[]", "!UNKNOWN"},
	};
	char what[160];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(what, sizeof(what), "%s(%s%s) over %s", t[i].name,
			 t[i].distinct ? "DISTINCT " : "",
			 t[i].star ? "*" : "x", t[i].values);
		check_outcome(
		    what,
		    aggregate(t[i].name, t[i].star, t[i].distinct, t[i].values),
		    t[i].want);
	}
}

static void test_count_star_counts_rows_without_a_value(void)
{
	struct cv_agg *agg = cv_agg_new(CV_AGG_COUNT_STAR, true);
	struct cv out;
	struct cv_err err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(agg);
	CU_ASSERT_EQUAL(cv_agg_add(agg, NULL, &err), 0);
	CU_ASSERT_EQUAL(cv_agg_add(agg, NULL, &err), 0);
	CU_ASSERT_EQUAL(cv_agg_result(agg, &out, &err), 0);
	CU_ASSERT(out.kind == CV_INT && out.u.i == 2);
	cv_agg_free(agg);
}

/* ---------------------------------------------------------- out of memory */

/* An operation on in[0] and in[1] under allocation failure. */
typedef int (*oom_op)(const struct cv *in, struct cv *out, struct cv_err *err);

static int oom_copy(const struct cv *in, struct cv *out, struct cv_err *err)
{
	if (cv_copy(out, &in[0]))
		return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	return 0;
}

static int oom_add(const struct cv *in, struct cv *out, struct cv_err *err)
{
	return cv_binary(CYPHER_OP_ADD, &in[0], &in[1], out, err);
}

static int oom_slice(const struct cv *in, struct cv *out, struct cv_err *err)
{
	return cv_slice(&in[0], &in[1], NULL, out, err);
}

static int oom_text(const struct cv *in, struct cv *out, struct cv_err *err)
{
	char *s = cv_to_text(&in[0]);

	*out = cv_null();
	if (!s)
		return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	free(s);
	return 0;
}

static int oom_proto(const struct cv *in, struct cv *out, struct cv_err *err)
{
	Graphd__Value *pv;
	int rc;

	*out = cv_null();
	if (cv_to_proto(&in[0], &pv, err))
		return -1;
	rc = cv_from_proto(pv, out, err);
	graphd__value__free_unpacked(pv, NULL);
	return rc;
}

/* in[1] names the function, in[0] is its argument. */
static int oom_call(const struct cv *in, struct cv *out, struct cv_err *err)
{
	struct cv_func_ctx ctx = {0};

	return cv_func_call(cv_func_lookup(in[1].u.str.s), &ctx, in, 1, out,
			    err);
}

/* in[1] names the aggregate (DISTINCT), in[0] lists the values. */
static int oom_agg(const struct cv *in, struct cv *out, struct cv_err *err)
{
	enum cv_agg_kind kind;
	struct cv_agg *agg;
	size_t i;
	int rc = 0;

	*out = cv_null();
	if (!cv_agg_lookup(in[1].u.str.s, false, &kind))
		return cv_err_set(err, CV_ERR_UNKNOWN, "no such aggregate");
	if (!(agg = cv_agg_new(kind, true)))
		return cv_err_set(err, CV_ERR_NOMEM, "out of memory");
	for (i = 0; i < in[0].u.list.n && !rc; i++)
		rc = cv_agg_add(agg, &in[0].u.list.items[i], err);
	if (!rc)
		rc = cv_agg_result(agg, out, err);
	cv_agg_free(agg);
	return rc;
}

/* Fails the 1st, 2nd, ... allocation of op until it runs without a
 * failure: every failed run must report CV_ERR_NOMEM and leave *out null;
 * the sanitizer build checks that nothing leaks or is freed twice. */
static void walk_alloc_failures(const char *what, oom_op op,
				const struct cv *in)
{
	struct cv out;
	struct cv_err err;
	long n;
	int rc;

	for (n = 0; n < 10000; n++) {
		err.code = CV_OK;
		alloc_failed = false;
		alloc_left = n;
		rc = op(in, &out, &err);
		alloc_left = -1;
		if (!alloc_failed) {
			CU_ASSERT_EQUAL(rc, 0);
			cv_free(&out);
			break;
		}
		if (rc != -1 || err.code != CV_ERR_NOMEM)
			fprintf(stderr,
				"\n  %s, allocation %ld failed: rc %d, "
				"code %d\n",
				what, n + 1, rc, (int)err.code);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_EQUAL(err.code, CV_ERR_NOMEM);
		CU_ASSERT_EQUAL(out.kind, CV_NULL);
		cv_free(&out);
	}
	CU_ASSERT(n > 0 && n < 10000); /* it allocated, and finished */
}

static void test_every_allocation_failure_is_reported_and_cleaned_up(void)
{
	static const struct {
		const char *what;
		oom_op op;
		const char *a;
		const char *b;
	} t[] = {
	    {"copy", oom_copy, "{a: [1, 'x', {b: 'y'}], c: 'z'}", "null"},
	    {"list + list", oom_add, "['a', ['b']]", "['c', {d: 'e'}]"},
	    {"string + string", oom_add, "'ab'", "'cd'"},
	    {"list + element", oom_add, "'a'", "['b']"},
	    {"slice", oom_slice, "['a', 'b', ['c']]", "1"},
	    {"text", oom_text, "{a: ['x', 1.5, null], b: {c: true}}", "null"},
	    {"proto", oom_proto, "['a', [1, 'b'], null, 2.5]", "null"},
	    {"keys()", oom_call, "{a: 1, b: 2}", "'keys'"},
	    {"properties()", oom_call, "{a: 'x', b: [1]}", "'properties'"},
	    {"toString()", oom_call, "1.5", "'toString'"},
	    {"head()", oom_call, "[['x']]", "'head'"},
	    {"collect(DISTINCT)", oom_agg, "['a', 'a', ['b'], 1, 1.0]",
	     "'collect'"},
	    {"min(DISTINCT)", oom_agg, "['b', 'a', 'a']", "'min'"},
	    {"count(DISTINCT)", oom_agg, "[1, 2, 3, 2]", "'count'"},
	};
	struct cv in[2];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		in[0] = lit(t[i].a);
		in[1] = lit(t[i].b);
		walk_alloc_failures(t[i].what, t[i].op, in);
		cv_free(&in[0]);
		cv_free(&in[1]);
	}
}

static void test_graph_values_survive_allocation_failures(void)
{
	struct cv in[2] = {path3(), cv_null()};

	walk_alloc_failures("copy of a path", oom_copy, in);
	walk_alloc_failures("text of a path", oom_text, in);
	cv_free(&in[0]);
	in[0] = node(3, "A", "{x: 'y'}");
	CU_ASSERT_EQUAL(cv_node_add_label(&in[0], "B"), 0);
	CU_ASSERT_EQUAL(cv_cstring(&in[1], "labels"), 0);
	walk_alloc_failures("labels()", oom_call, in);
	walk_alloc_failures("copy of a node", oom_copy, in);
	cv_free(&in[0]);
	cv_free(&in[1]);
	in[0] = path3();
	CU_ASSERT_EQUAL(cv_cstring(&in[1], "nodes"), 0);
	walk_alloc_failures("nodes()", oom_call, in);
	cv_free(&in[0]);
	cv_free(&in[1]);
}

/* -------------------------------------------------------------------- main */

int main(void)
{
	static const struct cu_test tests[] = {
#define T(f) {#f, f}
	    T(test_logic_is_three_valued),
	    T(test_every_operator_propagates_null),
	    T(test_arithmetic_integers_floats_and_errors),
	    T(test_int64_min_division_edges),
	    T(test_type_error_names_operator_and_types),
	    T(test_unary_operators),
	    T(test_comparison_of_numbers_strings_booleans_lists),
	    T(test_equality_rules),
	    T(test_in_uses_equality_with_nulls),
	    T(test_string_predicates),
	    T(test_addition_of_strings_and_lists),
	    T(test_index_on_lists_and_maps),
	    T(test_slice_edges),
	    T(test_order_by_is_total_across_kinds),
	    T(test_distinct_equivalence_and_hash),
	    T(test_set_keeps_one_of_each_equivalent_value),
	    T(test_text_rendering_like_cypher_shell),
	    T(test_node_labels_render_in_order),
	    T(test_path_append_rejects_unlinked_relationship),
	    T(test_deep_copy_is_independent),
	    T(test_proto_round_trip_of_scalars_and_lists),
	    T(test_proto_encodes_graph_values_not_as_parameters),
	    T(test_scalar_functions_on_values),
	    T(test_graph_functions),
	    T(test_arity_is_checked_before_running),
	    T(test_aggregates_with_nulls_and_distinct),
	    T(test_count_star_counts_rows_without_a_value),
	    T(test_every_allocation_failure_is_reported_and_cleaned_up),
	    T(test_graph_values_survive_allocation_failures),
#undef T
	};

	return cu_run_table("cypher_value", tests, sizeof(tests) / sizeof(tests[0]));
}
