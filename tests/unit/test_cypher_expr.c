/* test_cypher_expr.c: Cypher expressions end to end (parse, check, run on an
 * empty store): comprehensions and quantifiers with three-valued logic,
 * the scalar functions, literals and chained comparisons, each with the
 * value or the error the openCypher TCK specifies. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cu_run.h"
#include "graph/cypher_exec.h"
#include "graph/cypher_parse.h"
#include "test_graph_fixture.h"

static struct gfx fx;

static bool loaded;

/* (:A {name: 'a'})-[:KNOWS]->(:B): for the tests that need entities. */
static void load(void)
{
	Graphd__Response *r;

	if (loaded)
		return;
	loaded = true;
	r = gfx_txn(&fx, 0, 0, 3, op_node("A", 1, "name", gv_str("a")),
		    op_node("B", 0), op_rel("KNOWS", ref_op(0), ref_op(1)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(gfx_code(r), 0);
	graphd__response__free_unpacked(r, NULL);
}

static int setup(void)
{
	return gfx_setup(&fx);
}

static int teardown(void)
{
	gfx_teardown(&fx);
	return 0;
}

/* Runs q; returns its rows as "a | b" lines joined by '\n' (in result
 * order), "PARSE <line>:<col> <message>" or "ERROR <code> <message>". */
static char *run(const char *q)
{
	struct cypher_error perr;
	struct cypher_stmt *st = cypher_parse(q, strlen(q), NULL, &perr);
	struct cypher_exec_opts o = {.timestamp_ms = 1000};
	struct cypher_result res;
	struct cypher_exec_err err;
	DB_TXN *txn = NULL;
	char *out = calloc(1, 4096);
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	if (!st) {
		snprintf(out, 4096, "PARSE %d:%d %s", perr.line, perr.col,
			 perr.msg);
		return out;
	}
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(fx.g, NULL, true, &txn), 0);
	rc = cypher_exec(fx.g, txn, st, &o, &res, &err);
	txn->commit(txn, 0);
	cypher_stmt_free(st);
	if (rc < 0) {
		snprintf(out, 4096, "ERROR %d %s", (int)err.code, err.msg);
		return out;
	}
	for (size_t r = 0; r < res.n_rows; r++) {
		for (size_t c = 0; c < res.n_cols; c++) {
			char *t = cv_to_text(&res.rows[r * res.n_cols + c]);

			if (r || c)
				strncat(out, c ? " | " : "\n",
					4095 - strlen(out));
			strncat(out, t, 4095 - strlen(out));
			free(t);
		}
	}
	cypher_result_free(&res);
	return out;
}

struct qcase {
	const char *query;
	const char *want; /* rows, or a prefix of the error */
};

static void check_cases(const struct qcase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = run(cases[i].query);
		bool ok = strncmp(got, "PARSE", 5) == 0 ||
				  strncmp(got, "ERROR", 5) == 0
			      ? strncmp(got, cases[i].want,
					strlen(cases[i].want)) == 0
			      : strcmp(got, cases[i].want) == 0;

		if (!ok)
			fprintf(stderr, "\n  query: %s\n  want: %s\n  got:  %s\n",
				cases[i].query, cases[i].want, got);
		CU_ASSERT(ok);
		free(got);
	}
}

#define CHECK(cases) check_cases(cases, sizeof(cases) / sizeof(cases[0]))

/* Quantifier1..4: a decisive element wins, else a null makes the answer
 * null; an empty list is vacuous. */
static void quantifiers_follow_three_valued_logic(void)
{
	static const struct qcase cases[] = {
	    {"RETURN none(x IN [] WHERE true) AS a, all(x IN [] WHERE false), "
	     "any(x IN [] WHERE true), single(x IN [] WHERE true)",
	     "TRUE | TRUE | FALSE | FALSE"},
	    {"RETURN all(x IN [1, 2] WHERE x > 0), all(x IN [1, null] WHERE x "
	     "> 0), all(x IN [0, null] WHERE x > 0)",
	     "TRUE | NULL | FALSE"},
	    {"RETURN any(x IN [0, null] WHERE x = 2), any(x IN [2, null] WHERE "
	     "x = 2), any(x IN [0, 1] WHERE x = 2)",
	     "NULL | TRUE | FALSE"},
	    {"RETURN none(x IN [0, null] WHERE x = 2), none(x IN [2, null] "
	     "WHERE x = 2), none(x IN [34, 10, null] WHERE x < 10)",
	     "NULL | FALSE | NULL"},
	    {"RETURN single(x IN [2, null] WHERE x = 2), single(x IN [2, 2, "
	     "null] WHERE x = 2), single(x IN [2, 3] WHERE x = 2)",
	     "NULL | FALSE | TRUE"},
	    {"RETURN none(x IN [null, null] WHERE x IS NULL), any(x IN [1, "
	     "null] WHERE x IS NULL)",
	     "FALSE | TRUE"},
	    {"RETURN all(x IN null WHERE true), ALL(x IN [true] WHERE x)",
	     "NULL | TRUE"},
	    /* nested quantifiers see the outer variable (Quantifier5 [2]) */
	    {"WITH [1, 2, 3] AS list RETURN none(x IN list WHERE any(y IN "
	     "list WHERE x + y < 2))",
	     "TRUE"},
	    {"RETURN none(x IN [['abc'], ['abc', 'def']] WHERE all(y IN x "
	     "WHERE y = 'def'))",
	     "TRUE"},
	    /* the quantifier's variable shadows a row variable */
	    {"WITH 5 AS x RETURN any(x IN [1, 2] WHERE x = 5), x", "FALSE | 5"},
	    /* all, any, none and single stay function names otherwise */
	    {"RETURN all(1)", "ERROR 1 unknown function 'all'"},
	    {"RETURN all(x IN [1])", "PARSE 1:20 expected WHERE"},
	    {"RETURN any(x IN [1] WHERE 1)",
	     "ERROR 2 WHERE needs a boolean, not an integer"},
	    {"RETURN any(x IN 1 WHERE true)",
	     "ERROR 2 a comprehension needs a list after IN, not an integer"},
	};

	CHECK(cases);
}

/* List comprehensions: WHERE filters (null and false drop), | projects. */
static void list_comprehensions_filter_and_project(void)
{
	static const struct qcase cases[] = {
	    {"RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 10]", "[20, 30]"},
	    {"RETURN [x IN [1, null, 3] WHERE x > 1]", "[3]"},
	    {"RETURN [x IN [1, 2] | x + 1], [x IN []], [x IN [1]]",
	     "[2, 3] | [] | [1]"},
	    {"RETURN [x IN null | x]", "NULL"},
	    {"RETURN [x IN [[1, 2], [3]] | [y IN x | y * 2]]",
	     "[[2, 4], [6]]"},
	    /* the list is outside the variable's scope */
	    {"WITH [1, 2] AS x RETURN [x IN x | x + 1]", "[2, 3]"},
	    {"UNWIND [1, 2] AS n RETURN [x IN [10, 20] | x + n]",
	     "[11, 21]\n[12, 22]"},
	    {"RETURN size([x IN range(1, 9) WHERE x % 3 = 0 | x])", "3"},
	    {"RETURN [x IN [1] | y]", "ERROR 1 variable `y` not defined"},
	    {"RETURN x", "ERROR 1 variable `x` not defined"},
	    {"RETURN [x IN [1, 2] | count(x)]", "ERROR"},
	    {"RETURN [x IN [1] WHERE true | ]", "PARSE 1:31 expected an "
					       "expression"},
	};

	CHECK(cases);
}

/* The functions the TCK uses (String*, List*, Mathematical*,
 * TypeConversion1), with null in, null out. */
static void scalar_functions_follow_the_tck(void)
{
	static const struct qcase cases[] = {
	    {"RETURN reverse('raksO'), reverse([1, 2, 3]), reverse('h\xc3\xa9')",
	     "\"Oskar\" | [3, 2, 1] | \"\xc3\xa9h\""},
	    {"RETURN tail([1, 2, 3]), tail([]), tail(null)",
	     "[2, 3] | [] | NULL"},
	    {"RETURN split('one1two', '1'), split('a,,b', ','), split('ab', ''), "
	     "split(null, ',')",
	     "[\"one\", \"two\"] | [\"a\", \"\", \"b\"] | [\"a\", \"b\"] | NULL"},
	    {"RETURN substring('0123456789', 1), substring('0123456789', 1, 3), "
	     "substring('abc', 5), substring('h\xc3\xa9llo', 1, 2)",
	     "\"123456789\" | \"123\" | \"\" | \"\xc3\xa9l\""},
	    {"RETURN substring('abc', -1)",
	     "ERROR 2 substring() expects a non-negative integer"},
	    {"RETURN left('hello', 2), right('hello', 2), right('hi', 5)",
	     "\"he\" | \"lo\" | \"hi\""},
	    {"RETURN trim('  a b '), lTrim('  a '), rTrim('  a '), "
	     "toUpper('abC'), toLower('AbC')",
	     "\"a b\" | \"a \" | \"  a\" | \"ABC\" | \"abc\""},
	    {"RETURN replace('aXbXc', 'X', '--'), replace('aaa', 'aa', 'b')",
	     "\"a--b--c\" | \"ba\""},
	    {"RETURN sqrt(12.96), sqrt(-1) <> sqrt(-1), ceil(1.2), floor(-1.2), "
	     "round(2.5), sign(-3.5), sign(0), sign(7)",
	     "3.6 | TRUE | 2.0 | -2.0 | 3.0 | -1 | 0 | 1"},
	    {"RETURN exp(0), log(e()), log10(100), pi() > 3.14, degrees(pi()), "
	     "atan2(0, 1)",
	     "1.0 | 1.0 | 2.0 | TRUE | 180.0 | 0.0"},
	    {"RETURN toBoolean('TRUE'), toBoolean('false'), toBoolean(' tru '), "
	     "toBoolean(true), toBoolean(0), toBoolean(null)",
	     "TRUE | FALSE | NULL | TRUE | FALSE | NULL"},
	    {"RETURN toBoolean(1.0)", "ERROR 2 toBoolean() expects"},
	    {"RETURN toBooleanOrNull(1.0), toIntegerOrNull('x'), "
	     "toFloatOrNull([]), toStringOrNull(1)",
	     "NULL | NULL | NULL | \"1\""},
	    {"RETURN isEmpty([]), isEmpty(''), isEmpty({a: 1}), isEmpty(null)",
	     "TRUE | TRUE | FALSE | NULL"},
	    /* rand() is in [0, 1) and changes from call to call */
	    {"UNWIND range(1, 200) AS i WITH rand() AS r RETURN min(r) >= 0.0, "
	     "max(r) < 1.0, count(DISTINCT r) > 190",
	     "TRUE | TRUE | TRUE"},
	    {"RETURN sqrt('x')", "ERROR 2 sqrt() expects a number"},
	};

	CHECK(cases);
}

/* What Neo4j refuses at compile time (code 1, before any row): variable
 * kinds (Match1/2, Match6), literal operand types (Boolean1-4, List5,
 * Map1), aggregates in comprehensions (Aggregation), argument kinds
 * (Graph3/4, List6). */
static void compile_time_checks_refuse_what_neo4j_refuses(void)
{
	static const struct qcase cases[] = {
	    {"MATCH ()-[r]->() MATCH (r) RETURN r",
	     "ERROR 1 type mismatch: variable `r` is a node here but was bound "
	     "as a relationship (VariableTypeConflict)"},
	    {"MATCH (r)<-[r]-() RETURN r", "ERROR 1 type mismatch: variable `r`"},
	    {"MATCH r = ()-[]-(), (r) RETURN r",
	     "ERROR 1 type mismatch: variable `r` is a node here but was bound "
	     "as a path"},
	    {"WITH [] AS n MATCH (n) RETURN n",
	     "ERROR 1 type mismatch: variable `n` is a node here but was bound "
	     "as a value"},
	    {"MATCH (n) WITH [n] AS users MATCH (users)-->(m) RETURN m",
	     "ERROR 1 type mismatch: variable `users`"},
	    {"MATCH ()-[p]-(), p = ()-[]-() RETURN p",
	     "ERROR 1 variable `p` is already bound: a path needs a new "
	     "variable (VariableAlreadyBound)"},
	    {"WITH 123 AS p MATCH p = ()-[]-() RETURN p",
	     "ERROR 1 variable `p` is already bound"},
	    {"MATCH p = (p)-->() RETURN p", "ERROR 1 variable `p` is already "
					     "bound"},
	    {"RETURN [x IN [1, 2, 3] | count(*)]",
	     "ERROR 1 aggregate count() is not allowed inside a list "
	     "comprehension"},
	    {"RETURN count(rand())",
	     "ERROR 1 rand() is not allowed inside an aggregate"},
	    {"RETURN 123 AND true",
	     "ERROR 1 type mismatch: 'AND' cannot take an integer"},
	    {"RETURN NOT [1]", "ERROR 1 type mismatch: 'NOT' cannot take a list"},
	    {"RETURN {a: 1} XOR null", "ERROR 1 type mismatch: 'XOR'"},
	    {"RETURN 1 IN 'foo'", "ERROR 1 type mismatch: 'IN' cannot take a "
				  "string"},
	    {"WITH 123 AS m RETURN m.num",
	     "ERROR 1 type mismatch: property access cannot take an integer"},
	    {"RETURN none(x IN ['Clara'] WHERE x % 2 = 0)",
	     "ERROR 1 type mismatch: '%' cannot take a string"},
	    {"MATCH (n) WHERE (n) RETURN n",
	     "ERROR 1 type mismatch: WHERE cannot take a node"},
	    {"MATCH (r) RETURN type(r)", "ERROR 1 type mismatch: type() cannot "
					 "take a node"},
	    {"MATCH p = ()-[*]->() RETURN size(p)",
	     "ERROR 1 type mismatch: size() cannot take a path"},
	};

	CHECK(cases);
}

/* What the checks must let through: unknown kinds, rebinding a
 * variable of the same kind, values computed at run time. */
static void compile_time_checks_allow_what_may_be_right(void)
{
	static const struct qcase cases[] = {
	    {"MATCH (a)-->(b) MATCH (a)-->(c) RETURN count(*)", "1"},
	    {"MATCH (a)-[r]->() MATCH ()-[r]->(b) RETURN b:B", "TRUE"},
	    {"MATCH (a) WITH a AS n MATCH (n)-->(m) RETURN m:B", "TRUE"},
	    {"WITH null AS n RETURN n AND true", "NULL"},
	    {"UNWIND [true] AS b RETURN b AND NOT b", "FALSE"},
	    {"RETURN any(x IN [1, 'a'] WHERE x = 1)", "TRUE"},
	    {"MATCH ()-[r]->() RETURN r:KNOWS, r:OTHER", "TRUE | FALSE"},
	    /* a list value may hold relationships (Match9 [6]) */
	    {"MATCH (a)-[r]->(b) WITH [r] AS rs, a, b MATCH (a)-[rs*]->(b) "
	     "RETURN count(*)",
	     "1"},
	    {"RETURN rand() < 1.0, count(*)", "TRUE | 1"},
	    {"RETURN 1:A", "ERROR 2 a label test needs a node or a relationship, "
			   "not an integer"},
	};

	load();
	CHECK(cases);
}

/* Literals4 and Comparison3: octal integers, chains of comparisons. */
static void octal_literals_and_comparison_chains_evaluate(void)
{
	static const struct qcase cases[] = {
	    {"RETURN 0o1, 0o2613152366, -0o1000000000000000000000, [0o77]",
	     "1 | 372036854 | -9223372036854775808 | [63]"},
	    {"UNWIND [1, 2, 3] AS n WITH n WHERE 1 < n <= 3 RETURN n",
	     "2\n3"},
	    {"RETURN 1 < 2 < 3, 3 > 2 > 2, 1 < null < 3, 'a' <= 'b' < 'c'",
	     "TRUE | FALSE | NULL | TRUE"},
	};

	CHECK(cases);
}

static void comprehension_dump(void)
{
	const char *q = "RETURN [x IN l WHERE x > 1 | x], any(y IN l WHERE y)";
	struct cypher_error err;
	struct cypher_stmt *s = cypher_parse(q, strlen(q), NULL, &err);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	cypher_ast_print(f, s);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "(query (return (item (list-comp x l "
				    "(where (> x 1)) (| x))) (item (any y l "
				    "(where y)))))");
	free(buf);
	cypher_stmt_free(s);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cypher_expr", setup, teardown);
	CU_add_test(s, "quantifiers follow three-valued logic",
		    quantifiers_follow_three_valued_logic);
	CU_add_test(s, "list comprehensions filter and project",
		    list_comprehensions_filter_and_project);
	CU_add_test(s, "comprehensions dump", comprehension_dump);
	CU_add_test(s, "scalar functions follow the TCK",
		    scalar_functions_follow_the_tck);
	CU_add_test(s, "compile-time checks refuse what Neo4j refuses",
		    compile_time_checks_refuse_what_neo4j_refuses);
	CU_add_test(s, "compile-time checks allow what may be right",
		    compile_time_checks_allow_what_may_be_right);
	CU_add_test(s, "octal literals and comparison chains evaluate",
		    octal_literals_and_comparison_chains_evaluate);
	return cu_run();
}
