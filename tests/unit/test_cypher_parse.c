/* test_cypher_parse.c: the Cypher front end turns statements into the
 * canonical AST dump, refuses bad ones with line, column and what was
 * expected, formats the caret line, and stays bounded on hostile input. */
#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "graph/cypher_parse.h"

/* ------------------------------------------------- allocation failures */

/* The program links with -Wl,--wrap=malloc,calloc,realloc: the parser's
 * allocations come here, and the N-th one can be made to fail. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static long alloc_countdown = -1; /* -1: never fail */

static bool alloc_should_fail(void)
{
	if (alloc_countdown < 0)
		return false;
	return alloc_countdown-- == 0;
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

/* ------------------------------------------------------------- helpers */

/* The dump of src, or "ERROR: msg" (malloc'd). */
static char *dump(const char *src, size_t len)
{
	struct cypher_error err;
	struct cypher_stmt *s = cypher_parse(src, len, NULL, &err);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (s)
		cypher_ast_print(f, s);
	else
		fprintf(f, "ERROR: %s", err.msg);
	fclose(f);
	cypher_stmt_free(s);
	return buf;
}

static void expect_dump(const char *src, const char *want)
{
	char *got = dump(src, strlen(src));

	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  statement: %s\n  want: %s\n  got:  %s\n",
			src, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void expect_error(const char *src, int line, int col,
			 const char *msg_part)
{
	struct cypher_error err;
	struct cypher_stmt *s = cypher_parse(src, strlen(src), NULL, &err);

	CU_ASSERT_PTR_NULL(s);
	cypher_stmt_free(s);
	if (s || err.line != line || err.col != col ||
	    !strstr(err.msg, msg_part))
		fprintf(stderr,
			"\n  statement: %s\n  want: %d:%d ...%s...\n  got:  "
			"%d:%d %s\n",
			src, line, col, msg_part, err.line, err.col, err.msg);
	CU_ASSERT_EQUAL(err.line, line);
	CU_ASSERT_EQUAL(err.col, col);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, msg_part));
}

static struct cypher_stmt *parse_ok(const char *src)
{
	struct cypher_error err;
	struct cypher_stmt *s = cypher_parse(src, strlen(src), NULL, &err);

	if (!s)
		fprintf(stderr, "\n  unexpected error in %s: %d:%d %s\n", src,
			err.line, err.col, err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

/* The expression of the first RETURN item of "RETURN <expr>". */
static const struct cypher_expr *ret_expr(const struct cypher_stmt *s)
{
	CU_ASSERT_EQUAL_FATAL(s->n_clauses, 1);
	CU_ASSERT_EQUAL_FATAL(s->clauses[0].kind, CYPHER_CLAUSE_RETURN);
	return s->clauses[0].u.proj.items[0].expr;
}

struct good {
	const char *src;
	const char *dump;
};

struct bad {
	const char *src;
	int line, col;
	const char *msg;
};

/* ------------------------------------------------------------- clauses */

static const struct good clause_cases[] = {
    {"RETURN 1 AS x UNION ALL RETURN 2 AS x",
     "(query (return (item 1 x)) (union-all) (return (item 2 x)))"},
    {"CALL db.labels", "(query (call db.labels))"},
    {"MATCH (n) WHERE (n)-[:T]->() AND (n) - 1 < 0 RETURN [p = (n)<--(:A) "
     "WHERE p IS NOT NULL | p]",
     "(query (match (path (node n)) (where (and (pattern (path (node n) "
     "(rel -> :T) (node))) (< (- n 1) 0)))) (return (item (pattern-comp "
     "(path p (node n) (rel <-) (node :A)) (where (is-not-null p)) p))))"},
    {"CALL test.my.proc('a', 1) YIELD out AS o, x WHERE o > 1 RETURN o",
     "(query (call test.my.proc (args 'a' 1) (yield out o x x) (where (> o "
     "1))) (return (item o)))"},
    {"CALL db.labels() YIELD *", "(query (call db.labels (args) (yield *)))"},
    {"MATCH (n) RETURN n", "(query (match (path (node n))) (return (item n)))"},
    {"match (n:Person:Admin {name: 'Ada', age: 36}) return n.name",
     "(query (match (path (node n :Person :Admin (map (name 'Ada') (age "
     "36))))) (return (item (. n name))))"},
    {"OPTIONAL MATCH (n)-[r]->(m) WHERE m.x = 1 RETURN r",
     "(query (optional-match (path (node n) (rel -> r) (node m)) (where (= "
     "(. m x) 1))) (return (item r)))"},
    {"MATCH (a), (b:B) RETURN a, b",
     "(query (match (path (node a)) (path (node b :B))) (return (item a) "
     "(item b)))"},
    {"MATCH (n) WITH n, n.age AS age WHERE age > 3 RETURN age",
     "(query (match (path (node n))) (with (item n) (item (. n age) age) "
     "(where (> age 3))) (return (item age)))"},
    {"MATCH (n) WITH DISTINCT n ORDER BY n.x DESC SKIP 1 LIMIT 2 WHERE n.y "
     "RETURN n",
     "(query (match (path (node n))) (with distinct (item n) (order (desc "
     "(. n x))) (skip 1) (limit 2) (where (. n y))) (return (item n)))"},
    {"MATCH (n) RETURN DISTINCT n.a AS a, n.b ORDER BY a, n.b ASC, n.c "
     "DESCENDING SKIP $s LIMIT 10",
     "(query (match (path (node n))) (return distinct (item (. n a) a) "
     "(item (. n b)) (order (asc a) (asc (. n b)) (desc (. n c))) (skip $s) "
     "(limit 10)))"},
    {"MATCH (n) RETURN *", "(query (match (path (node n))) (return *))"},
    {"MATCH (n) RETURN *, n.x AS x",
     "(query (match (path (node n))) (return * (item (. n x) x)))"},
    {"UNWIND [1, 2] AS x RETURN x",
     "(query (unwind (list 1 2) x) (return (item x)))"},
    {"CREATE (a:P {n: 1})-[:KNOWS {since: 2000}]->(b:P), (c)",
     "(query (create (path (node a :P (map (n 1))) (rel -> :KNOWS (map "
     "(since 2000))) (node b :P)) (path (node c))))"},
    {"MERGE (n:P {id: $id}) ON CREATE SET n.created = timestamp() ON MATCH "
     "SET n.seen = n.seen + 1, n:Seen ON CREATE SET n.x = 1 RETURN n",
     "(query (merge (path (node n :P (map (id $id)))) (on-create (set-prop "
     "(. n created) (call timestamp)) (set-prop (. n x) 1)) (on-match "
     "(set-prop (. n seen) (+ (. n seen) 1)) (set-labels n :Seen))) (return "
     "(item n)))"},
    {"MERGE (a)-[r:R]->(b)",
     "(query (merge (path (node a) (rel -> r :R) (node b))))"},
    {"MERGE (a)-[:R]-(b)",
     "(query (merge (path (node a) (rel -- :R) (node b))))"},
    {"MATCH (a) RETURN a, `a` AS b, a AS c",
     "(query (match (path (node a))) (return (item a) (item a b) (item a "
     "c)))"},
    {"MATCH (n) SET n.a = 1, n += {b: 2}, n = {c: 3}, n:L1:L2",
     "(query (match (path (node n))) (set (set-prop (. n a) 1) (set-merge n "
     "(map (b 2))) (set-replace n (map (c 3))) (set-labels n :L1 :L2)))"},
    {"MATCH (n) REMOVE n.a, n:L1:L2",
     "(query (match (path (node n))) (remove (remove-prop (. n a)) "
     "(remove-labels n :L1 :L2)))"},
    {"MATCH (n)-[r]-() DELETE r, n",
     "(query (match (path (node n) (rel -- r) (node))) (delete r n))"},
    {"MATCH (n) DETACH DELETE n",
     "(query (match (path (node n))) (detach-delete n))"},
    {"MATCH (a) MATCH (b) WITH a, b UNWIND [a, b] AS x CREATE (x)-[:T]->(a) "
     "RETURN count(*)",
     "(query (match (path (node a))) (match (path (node b))) (with (item a) "
     "(item b)) (unwind (list a b) x) (create (path (node x) (rel -> :T) "
     "(node a))) (return (item (call count *))))"},
    {"EXPLAIN MATCH (n) RETURN n",
     "(explain (query (match (path (node n))) (return (item n))))"},
    {"RETURN 1;", "(query (return (item 1)))"},
    {"  // leading comment\n RETURN /* inline */ 1 // trailing\n ;  ",
     "(query (return (item 1)))"},
    {"MaTcH (n) ReTuRn n", "(query (match (path (node n))) (return (item n)))"},
    {"MATCH (`weird name`:`My Label`) RETURN `weird name`",
     "(query (match (path (node `weird name` :`My Label`))) (return (item "
     "`weird name`)))"},
    {"MATCH (`a``b`) RETURN `a``b`",
     "(query (match (path (node `a``b`))) (return (item `a``b`)))"},
    {"MATCH (Node) RETURN Node, node",
     "(query (match (path (node Node))) (return (item Node) (item node)))"},
};

static void test_every_clause_dumps_canonically(void)
{
	size_t i;

	for (i = 0; i < sizeof(clause_cases) / sizeof(clause_cases[0]); i++)
		expect_dump(clause_cases[i].src, clause_cases[i].dump);
}

/* ------------------------------------------------------------- patterns */

static const struct good pattern_cases[] = {
    {"MATCH (a)-->(b)<--(c)--(d) RETURN a",
     "(query (match (path (node a) (rel ->) (node b) (rel <-) (node c) (rel "
     "--) (node d))) (return (item a)))"},
    {"MATCH (a)-[r:T|U|:V]->(b) RETURN a",
     "(query (match (path (node a) (rel -> r :T|U|V) (node b))) (return "
     "(item a)))"},
    {"MATCH (a)<-[:T {w: 1}]-(b)-[x]-(c) RETURN a",
     "(query (match (path (node a) (rel <- :T (map (w 1))) (node b) (rel -- "
     "x) (node c))) (return (item a)))"},
    {"MATCH (a)-[*]->(b), (a)-[*2]->(b), (a)-[*1..3]->(b), (a)-[*..3]->(b), "
     "(a)-[r:T*2..]->(b) RETURN a",
     "(query (match (path (node a) (rel -> *) (node b)) (path (node a) (rel "
     "-> *2..2) (node b)) (path (node a) (rel -> *1..3) (node b)) (path "
     "(node a) (rel -> *..3) (node b)) (path (node a) (rel -> r :T *2..) "
     "(node b))) (return (item a)))"},
    {"MATCH p = (a)-[:T]->(b), q = (c) RETURN p, q",
     "(query (match (path p (node a) (rel -> :T) (node b)) (path q (node "
     "c))) (return (item p) (item q)))"},
    {"MATCH (), (:L), ({k: 1}), (n $props) RETURN 1",
     "(query (match (path (node)) (path (node :L)) (path (node (map (k 1)))) "
     "(path (node n $props))) (return (item 1)))"},
    {"MATCH (a)<-->(b) RETURN a",
     "(query (match (path (node a) (rel --) (node b))) (return (item a)))"},
    {"MATCH (n:MATCH {RETURN: 1}) RETURN n.RETURN",
     "(query (match (path (node n :MATCH (map (RETURN 1))))) (return (item "
     "(. n RETURN))))"},
};

static void test_patterns_dump_with_directions_and_hops(void)
{
	size_t i;

	for (i = 0; i < sizeof(pattern_cases) / sizeof(pattern_cases[0]); i++)
		expect_dump(pattern_cases[i].src, pattern_cases[i].dump);
}

/* ---------------------------------------------------------- expressions */

static const struct good expr_cases[] = {
    /* precedence: OR < XOR < AND < NOT < comparison < predicates < + - <
     * / % < ^ < unary < postfix */
    {"RETURN a OR b XOR c AND NOT d",
     "(query (return (item (or a (xor b (and c (not d)))))))"},
    {"RETURN NOT a = b", "(query (return (item (not (= a b)))))"},
    {"RETURN a = b AND c <> d",
     "(query (return (item (and (= a b) (<> c d)))))"},
    {"RETURN 1 + 2 * 3 - 4 / 5 % 6",
     "(query (return (item (- (+ 1 (* 2 3)) (% (/ 4 5) 6)))))"},
    {"RETURN 2 ^ 3 ^ 2", "(query (return (item (^ (^ 2 3) 2))))"},
    {"RETURN 2 * 3 ^ 2", "(query (return (item (* 2 (^ 3 2)))))"},
    {"RETURN -x ^ 2, -(1), - -1, +x",
     "(query (return (item (^ (- x) 2)) (item (- 1)) (item (- -1)) (item (+ "
     "x))))"},
    {"RETURN -n.x, -a[0]",
     "(query (return (item (- (. n x))) (item (- ([] a 0)))))"},
    {"RETURN (1 + 2) * 3", "(query (return (item (* (+ 1 2) 3))))"},
    {"RETURN a < b, a <= b, a > b, a >= b, a = b, a <> b",
     "(query (return (item (< a b)) (item (<= a b)) (item (> a b)) (item (>= "
     "a b)) (item (= a b)) (item (<> a b))))"},
    {"RETURN a + 1 IN [1, 2] = true",
     "(query (return (item (= (in (+ a 1) (list 1 2)) true))))"},
    {"RETURN s STARTS WITH 'a', s ENDS WITH 'b', s CONTAINS 'c'",
     "(query (return (item (starts-with s 'a')) (item (ends-with s 'b')) "
     "(item (contains s 'c'))))"},
    {"RETURN x IS NULL, x IS NOT NULL, x.y IS NULL AND z IS NOT NULL",
     "(query (return (item (is-null x)) (item (is-not-null x)) (item (and "
     "(is-null (. x y)) (is-not-null z)))))"},
    {"RETURN 'a' + 'b' + c", "(query (return (item (+ (+ 'a' 'b') c))))"},
    {"RETURN n.a.b, n['k'], l[1], l[1..2], l[..2], l[1..], f(x)[0].y",
     "(query (return (item (. (. n a) b)) (item ([] n 'k')) (item ([] l 1)) "
     "(item ([..] l 1 2)) (item ([..] l _ 2)) (item ([..] l 1 _)) (item (. "
     "([] (call f x) 0) y))))"},
    {"RETURN count(*), count(DISTINCT n.x), coalesce(a, b, 1), rand(), "
     "toString(1)",
     "(query (return (item (call count *)) (item (call count distinct (. n "
     "x))) (item (call coalesce a b 1)) (item (call rand)) (item (call "
     "toString 1))))"},
    {"RETURN CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END",
     "(query (return (item (case x (when 1 'one') (when 2 'two') (else "
     "'many')))))"},
    {"RETURN CASE WHEN a > 1 THEN 1 END",
     "(query (return (item (case (when (> a 1) 1)))))"},
    {"RETURN [], [1, [2, 3]], {}, {a: 1, `b c`: [x], d: {e: null}}",
     "(query (return (item (list)) (item (list 1 (list 2 3))) (item (map)) "
     "(item (map (a 1) (`b c` (list x)) (d (map (e null)))))))"},
    {"RETURN $p, $0, $`x`", "ERROR: expected a parameter name after '$'"},
    {"RETURN $p, $0, $p1", "(query (return (item $p) (item $`0`) (item $p1)))"},
    {"MATCH (n) WHERE n:Person:Admin RETURN n",
     "(query (match (path (node n)) (where (labels n :Person :Admin))) "
     "(return (item n)))"},
    {"RETURN TRUE, false, NULL, Null",
     "(query (return (item true) (item false) (item null) (item null)))"},
};

static const struct good chain_cases[] = {
    {"RETURN 1 < x <= 3",
     "(query (return (item (and (< 1 x) (<= x 3)))))"},
    {"RETURN a = b <> c > d",
     "(query (return (item (and (and (= a b) (<> b c)) (> c d)))))"},
    {"RETURN NOT 1 < x < 2 AND y",
     "(query (return (item (and (not (and (< 1 x) (< x 2))) y))))"},
};

static const struct good comp_cases[] = {
    {"RETURN [x IN l]", "(query (return (item (list-comp x l))))"},
    {"RETURN [x IN l | x.a]", "(query (return (item (list-comp x l (| (. "
			      "x a))))))"},
    /* the list is outside x's scope; y is outer in the inner WHERE */
    {"RETURN [x IN x WHERE single(y IN x WHERE y = x)]",
     "(query (return (item (list-comp x x (where (single y x (where (= y "
     "x))))))))"},
    {"RETURN all(x IN [1] WHERE x), ANY(x IN [] WHERE true), "
     "None(`x` IN l WHERE x IS NULL)",
     "(query (return (item (all x (list 1) (where x))) (item (any x (list) "
     "(where true))) (item (none x l (where (is-null x))))))"},
    /* a list literal whose first item is not "var IN" */
    {"RETURN [(x IN l), 1]", "(query (return (item (list (in x l) 1))))"},
    {"RETURN all(1, 2)", "(query (return (item (call all 1 2))))"},
};

static void test_chains_and_comprehensions_dump(void)
{
	for (size_t i = 0; i < sizeof(chain_cases) / sizeof(chain_cases[0]); i++)
		expect_dump(chain_cases[i].src, chain_cases[i].dump);
	for (size_t i = 0; i < sizeof(comp_cases) / sizeof(comp_cases[0]); i++)
		expect_dump(comp_cases[i].src, comp_cases[i].dump);
}

static void test_operators_follow_precedence(void)
{
	size_t i;

	for (i = 0; i < sizeof(expr_cases) / sizeof(expr_cases[0]); i++)
		expect_dump(expr_cases[i].src, expr_cases[i].dump);
}

static const struct good literal_cases[] = {
    {"RETURN 0, 42, 9223372036854775807, -9223372036854775808, 0x1F, 0xff",
     "(query (return (item 0) (item 42) (item 9223372036854775807) (item "
     "-9223372036854775808) (item 31) (item 255)))"},
    {"RETURN 1.5, .5, 1e3, 1E-2, 2.5e+2, -0.25, 3.0",
     "(query (return (item 1.5) (item 0.5) (item 1000.0) (item 0.01) (item "
     "250.0) (item -0.25) (item 3.0)))"},
    {"RETURN 0.1, 1e300", "(query (return (item 0.1) (item 1e+300)))"},
    {"RETURN 0o17, -0o17, 0o0, 0o777777777777777777777, "
     "-0o1000000000000000000000",
     "(query (return (item 15) (item -15) (item 0) (item "
     "9223372036854775807) (item -9223372036854775808)))"},
    {"RETURN 'a\\'b', \"q\\\"q\", 'tab\\tnl\\n\\\\', 'x\"y', \"x'y\"",
     "(query (return (item 'a\\'b') (item 'q\"q') (item 'tab\\tnl\\n\\\\') "
     "(item 'x\"y') (item 'x\\'y')))"},
    {"RETURN '\\u00e9\\u20AC', '\\uD83D\\uDE00', ''",
     "(query (return (item '\xc3\xa9\xe2\x82\xac') (item "
     "'\xf0\x9f\x98\x80') (item '')))"},
    {"RETURN 'caf\xc3\xa9' AS `\xc3\xa9`",
     "(query (return (item 'caf\xc3\xa9' `\xc3\xa9`)))"},
};

static void test_literals_decode_numbers_and_escapes(void)
{
	size_t i;

	for (i = 0; i < sizeof(literal_cases) / sizeof(literal_cases[0]); i++)
		expect_dump(literal_cases[i].src, literal_cases[i].dump);
}

static const struct good schema_cases[] = {
    {"CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
     "(create-index person_name if-not-exists (for n :Person) (on n name))"},
    {"create index for (p:Person) on (p.age)",
     "(create-index _ (for p :Person) (on p age))"},
    {"DROP INDEX person_name", "(drop-index person_name)"},
    {"DROP INDEX person_name IF EXISTS;", "(drop-index person_name if-exists)"},
    {"CREATE CONSTRAINT uniq IF NOT EXISTS FOR (n:Person) REQUIRE n.email IS "
     "UNIQUE",
     "(create-constraint uniq if-not-exists (for n :Person) (unique n "
     "email))"},
    {"CREATE CONSTRAINT FOR (n:P) REQUIRE (n.id) IS UNIQUE",
     "(create-constraint _ (for n :P) (unique n id))"},
    {"DROP CONSTRAINT uniq", "(drop-constraint uniq)"},
    {"DROP CONSTRAINT `my c` IF EXISTS", "(drop-constraint `my c` if-exists)"},
    {"SHOW INDEXES", "(show-indexes)"},
    {"show constraints;", "(show-constraints)"},
    {"EXPLAIN SHOW INDEXES", "(explain (show-indexes))"},
};

static void test_schema_statements_dump(void)
{
	size_t i;

	for (i = 0; i < sizeof(schema_cases) / sizeof(schema_cases[0]); i++)
		expect_dump(schema_cases[i].src, schema_cases[i].dump);
}

/* --------------------------------------------------------------- errors */

static const struct bad bad_cases[] = {
    {"MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n", 1,
     42, "a subquery expression cannot change the graph"},
    {"MATCH (n) WHERE EXISTS { MATCH (n)-->(m) RETURN count(*) } RETURN n",
     1, 49, "only plain values may be returned"},
    {"RETURN [x IN [1] | [(x)-->() | 1]]", 1, 21,
     "a pattern cannot use the list comprehension's variable `x` yet"},
    {"RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x", 1, 35,
     "a statement cannot mix UNION and UNION ALL"},
    {"CREATE () UNION RETURN 1 AS x", 1, 11,
     "each query joined by UNION must end with RETURN"},
    {"MATCH (n) CALL db.labels() YIELD label", 1, 11,
     "a query cannot end with CALL"},
    {"CALL { MATCH (n) RETURN n } RETURN 1", 1, 6,
     "CALL { } subqueries are not supported yet"},
    {"MATCH (n RETURN n", 1, 10,
     "expected ')' to close the node pattern, found 'RETURN'"},
    {"MATCH (n:Person {name: 'x'} RETURN n", 1, 29,
     "expected ')' to close the node pattern, found 'RETURN'"},
    {"MATCH (n)\nWHERE n.x = \nRETURN n", 3, 1,
     "expected an expression, found 'RETURN'"},
    {"", 1, 1, "expected a statement"},
    {"   ;", 1, 4, "expected a statement"},
    {"RETURN", 1, 7, "expected an expression, found end of input"},
    {"RETURN 1 2", 1, 10, "expected a clause"},
    {"RETURN 1;;", 1, 10, "expected the end of the statement, found ';'"},
    {"RETURN 1; RETURN 2", 1, 11, "expected the end of the statement"},
    {"MATCH (n)-[r:]->(m) RETURN n", 1, 14,
     "expected a relationship type name, found ']'"},
    {"MATCH (n)-[r->(m) RETURN n", 1, 13, "expected ']'"},
    {"MATCH (n)<>(m) RETURN n", 1, 10, "expected a clause"},
    {"MATCH (n) RETURN n SET n.a = 1", 1, 20,
     "RETURN must be the last clause, but SET follows it"},
    {"MATCH (n)", 1, 1, "a query cannot end with MATCH"},
    {"MATCH (n) WITH n", 1, 11, "a query cannot end with WITH"},
    {"UNWIND [1] AS x", 1, 1, "a query cannot end with UNWIND"},
    {"WITH 1 + 1 RETURN 1", 1, 6, "an expression in WITH must be aliased"},
    {"RETURN 0o8", 1, 8, "expected octal digits after '0o'"},
    {"RETURN 0o17a", 1, 8, "invalid octal number literal"},
    {"RETURN 0o1000000000000000000001", 1, 8, "integer literal is too large"},
    {"RETURN [x IN [1] WHERE x | x", 1, 29,
     "expected WHERE, '|' or ']' to close the list comprehension"},
    {"RETURN any(x IN [1] WHERE x", 1, 28,
     "expected ')' to close the quantifier"},
    {"RETURN none(x IN [1])", 1, 21, "expected WHERE and a predicate"},
    {"RETURN 9223372036854775808", 1, 8, "integer literal is too large"},
    {"RETURN 99999999999999999999", 1, 8, "integer literal is too large"},
    {"RETURN 0x8000000000000001", 1, 8, "integer literal is too large"},
    {"RETURN 1e999", 1, 8, "float literal is too large"},
    {"RETURN 12abc", 1, 8, "invalid number literal"},
    /* '' is not an escape in Cypher: this is two strings */
    {"RETURN 'it''s'", 1, 12,
     "expected a clause (MATCH, WHERE, WITH, "
     "RETURN, CREATE, SET, ...) or the end of the "
     "statement, found ''s''"},
    {"RETURN 'abc", 1, 8, "unterminated string: no closing '"},
    {"RETURN \"abc\\\"", 1, 8, "unterminated string: no closing \""},
    {"RETURN 'a\\qb'", 1, 10, "unknown escape sequence"},
    {"RETURN '\\u12'", 1, 9, "'\\u' must be followed by 4 hex digits"},
    {"RETURN '\\u0000'", 1, 9, "'\\u0000' is not allowed"},
    {"RETURN '\\uD800x'", 1, 9, "unpaired UTF-16 surrogate"},
    {"RETURN `abc", 1, 8, "unterminated name"},
    {"RETURN ``", 1, 8, "empty backquoted name"},
    {"RETURN 1 /* never closed", 1, 10, "unterminated comment"},
    {"RETURN a != b", 1, 10, "'!=' is not Cypher; use '<>'"},
    {"RETURN #", 1, 8, "unexpected character '#'"},
    {"RETURN \x01", 1, 8, "unexpected byte 0x01"},
    {"RETURN \xc3\xa9 + ?", 1, 12, "unexpected character '?'"},
    {"MATCH (match) RETURN 1", 1, 8, "expected a variable"},
    {"RETURN sum(*)", 1, 12, "only count(*) takes '*'"},
    {"RETURN count(DISTINCT)", 1, 22, "expected an argument after DISTINCT"},
    {"RETURN f(1, 2", 1, 14, "expected ',' or ')' to close the function"},
    {"RETURN [1, 2", 1, 13, "expected ',' or ']' to close the list"},
    {"RETURN {a 1}", 1, 11, "expected ':' after the map key, found '1'"},
    {"RETURN {a: 1", 1, 13, "expected ',' or '}' to close the map"},
    {"RETURN CASE END", 1, 13, "expected WHEN in CASE, found 'END'"},
    {"RETURN CASE WHEN x 1 END", 1, 20, "expected THEN"},
    {"RETURN CASE WHEN x THEN 1", 1, 26,
     "expected WHEN, ELSE or END to close the CASE"},
    {"RETURN x IS 1", 1, 13, "expected NULL after IS or IS NOT"},
    {"RETURN x STARTS 'a'", 1, 17, "expected WITH after STARTS or ENDS"},
    {"RETURN (1 + 2", 1, 14, "expected ')' to close the parenthesised"},
    {"RETURN l[1", 1, 11, "expected '..' or ']' after the index"},
    {"RETURN l[1..2", 1, 14, "expected ']' to close the slice"},
    {"RETURN n.", 1, 10, "expected a property name after '.'"},
    {"MATCH (n) SET n", 1, 16, "expected '.', ':', '=' or '+='"},
    {"MATCH (n) SET n.a", 1, 18, "expected '=' after the property in SET"},
    {"MATCH (n) REMOVE n = 1", 1, 20, "expected '.' or ':' after the variable"},
    {"MATCH (n) DELETE", 1, 17, "expected an expression to DELETE"},
    {"MERGE (n) ON DELETE SET n.a = 1", 1, 14,
     "expected CREATE or MATCH after ON"},
    {"MERGE (n) ON CREATE n.a = 1", 1, 21, "expected SET after ON CREATE"},
    {"UNWIND [1] x RETURN x", 1, 12, "expected AS after the UNWIND"},
    {"MATCH (n) RETURN n ORDER n", 1, 26, "expected BY after ORDER"},
    {"CREATE INDEX i FOR (n:P) ON (m.x)", 1, 30,
     "the property must belong to 'n'"},
    {"CREATE INDEX i FOR (n:P) ON (n.x, n.y)", 1, 33, "one property per index"},
    {"CREATE INDEX i IF EXISTS FOR (n:P) ON (n.x)", 1, 19,
     "expected NOT after IF"},
    {"CREATE CONSTRAINT c FOR (n:P) REQUIRE n.x IS NODE KEY", 1, 46,
     "expected UNIQUE"},
    {"DROP TABLE t", 1, 6, "expected INDEX or CONSTRAINT after DROP"},
    {"SHOW TABLES", 1, 6, "expected INDEXES or CONSTRAINTS after SHOW"},
    {"MATCH (n) RETURN n LIMIT", 1, 25, "expected an expression"},
    {"RETURN 1 AS", 1, 12, "expected a column name after AS"},
    /* what CREATE and MERGE need to make a relationship */
    {"CREATE (a)-[:T*2]->(b)", 1, 11,
     "CREATE cannot use a variable-length relationship"},
    {"CREATE (a)-->(b)", 1, 11,
     "a relationship in CREATE needs exactly one type"},
    {"CREATE (a)-[:A|B]->(b)", 1, 11,
     "a relationship in CREATE needs exactly one type"},
    {"CREATE (a)-[:T]-(b)", 1, 11,
     "a relationship in CREATE needs a direction: use -> or <-"},
    {"MERGE (a)-[:T*]-(b)", 1, 10,
     "MERGE cannot use a variable-length relationship"},
    {"MERGE (a)<-[r]-(b)", 1, 10,
     "a relationship in MERGE needs exactly one type"},
    /* result columns must have distinct names */
    {"RETURN 1, 1", 1, 11, "the column name '1' is used twice"},
    {"MATCH (n) RETURN n.x, n.x AS y, n AS `n.x`", 1, 33,
     "the column name 'n.x' is used twice; rename one with AS"},
    {"WITH a, a RETURN a", 1, 9, "the column name 'a' is used twice"},
    {"RETURN 1 AS RETURN", 1, 13, "expected a column name after AS"},
};

static void test_bad_statements_name_position_and_expectation(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		expect_error(bad_cases[i].src, bad_cases[i].line,
			     bad_cases[i].col, bad_cases[i].msg);
}

/* A lexer error past a syntax error must not hide the earlier one. */
static void test_earliest_error_wins(void)
{
	expect_error("MATCH (n RETURN 'unterminated", 1, 10,
		     "expected ')' to close the node pattern");
	expect_error("MATCH (n) RETURN 'unterminated", 1, 18,
		     "unterminated string");
}

/* ------------------------------------------------------- caret display */

static char *format_error(const char *src)
{
	struct cypher_error err;
	struct cypher_stmt *s = cypher_parse(src, strlen(src), NULL, &err);
	size_t need;
	char *buf;

	CU_ASSERT_PTR_NULL_FATAL(s);
	need = cypher_error_format(&err, src, strlen(src), NULL, 0);
	buf = malloc(need + 1);
	CU_ASSERT_EQUAL(
	    cypher_error_format(&err, src, strlen(src), buf, need + 1), need);
	return buf;
}

static void expect_format(const char *src, const char *want)
{
	char *got = format_error(src);

	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  want:\n%s\n  got:\n%s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void test_error_format_puts_caret_under_column(void)
{
	expect_format("MATCH (n RETURN n",
		      "line 1, column 10: expected ')' to close the node "
		      "pattern, found 'RETURN'\n"
		      "MATCH (n RETURN n\n"
		      "         ^");
	/* the second line is shown, not the first */
	expect_format("MATCH (n)\nRETURN n +\n",
		      "line 3, column 1: expected an expression, found end of "
		      "input\n"
		      "\n"
		      "^");
	expect_format("MATCH (n)\r\nRETURN n.",
		      "line 2, column 10: expected a property name after '.', "
		      "found end of input\n"
		      "RETURN n.\n"
		      "         ^");
	/* tabs are kept so the caret lines up in a terminal */
	expect_format("RETURN\t1 +\t)",
		      "line 1, column 12: expected an expression, found ')'\n"
		      "RETURN\t1 +\t)\n"
		      "      \t   \t^");
	/* columns count characters: 'é' is one column */
	expect_format("RETURN '\xc3\xa9' + )",
		      "line 1, column 14: expected an expression, found ')'\n"
		      "RETURN '\xc3\xa9' + )\n"
		      "             ^");
}

static void test_error_format_shortens_long_lines(void)
{
	char src[400], *got, *caret_line;
	size_t i;

	memcpy(src, "RETURN ", 7);
	for (i = 7; i < 300; i++)
		src[i] = (i % 2) ? '1' : '+';
	/* 300 chars: "RETURN +1+1...+1" then a stray ')' */
	src[300] = ')';
	memcpy(src + 301, " + 1 + 1 + 1", 13);
	got = format_error(src);
	caret_line = strrchr(got, '\n') + 1;
	/* the caret still sits under the ')' */
	CU_ASSERT_STRING_EQUAL(caret_line + strlen(caret_line) - 1, "^");
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "\n..."));
	{
		char *shown = strchr(got, '\n') + 1;
		size_t col = strlen(caret_line) - 1;

		CU_ASSERT_EQUAL(shown[col], ')');
		CU_ASSERT(strlen(caret_line) < 80);
	}
	free(got);
}

static void test_error_format_truncates_to_buffer(void)
{
	const char *src = "MATCH (n RETURN n";
	struct cypher_error err;
	char small[16];
	size_t full;

	CU_ASSERT_PTR_NULL(cypher_parse(src, strlen(src), NULL, &err));
	full =
	    cypher_error_format(&err, src, strlen(src), small, sizeof(small));
	CU_ASSERT(full > sizeof(small));
	CU_ASSERT_EQUAL(strlen(small), sizeof(small) - 1);
	CU_ASSERT_STRING_EQUAL(small, "line 1, column ");
}

/* ------------------------------------------------------------- the tree */

static void test_nodes_carry_line_and_column(void)
{
	struct cypher_stmt *s =
	    parse_ok("MATCH (a:L)\n  -[r]->\n\t(b)\nRETURN  a.x + 1 AS y");
	const struct cypher_clause *m = &s->clauses[0], *r = &s->clauses[1];
	const struct cypher_expr *e = r->u.proj.items[0].expr;

	CU_ASSERT_EQUAL(s->kind, CYPHER_STMT_QUERY);
	CU_ASSERT_EQUAL(m->pos.line, 1);
	CU_ASSERT_EQUAL(m->pos.col, 1);
	CU_ASSERT_EQUAL(m->u.match.paths[0].nodes[0].pos.col, 7);
	CU_ASSERT_EQUAL(m->u.match.paths[0].rels[0].pos.line, 2);
	CU_ASSERT_EQUAL(m->u.match.paths[0].rels[0].pos.col, 3);
	CU_ASSERT_EQUAL(m->u.match.paths[0].nodes[1].pos.line, 3);
	CU_ASSERT_EQUAL(m->u.match.paths[0].nodes[1].pos.col, 2);
	CU_ASSERT_EQUAL(r->pos.line, 4);
	CU_ASSERT_EQUAL(e->kind, CYPHER_EXPR_BINARY);
	CU_ASSERT_EQUAL(e->pos.col, 13); /* the '+' */
	CU_ASSERT_EQUAL(e->u.binary.lhs->pos.col, 10);
	CU_ASSERT_EQUAL(e->u.binary.lhs->u.prop.obj->pos.col, 9);
	CU_ASSERT_EQUAL(e->height, 3);
	CU_ASSERT_STRING_EQUAL(r->u.proj.items[0].alias, "y");
	cypher_stmt_free(s);
}

static void test_items_keep_source_text_for_column_names(void)
{
	struct cypher_stmt *s =
	    parse_ok("MATCH (n) RETURN n.name, count( * ), n.a  +  1 AS x");
	const struct cypher_projection *p = &s->clauses[1].u.proj;

	CU_ASSERT_EQUAL_FATAL(p->n_items, 3);
	CU_ASSERT_STRING_EQUAL(p->items[0].text, "n.name");
	CU_ASSERT_PTR_NULL(p->items[0].alias);
	CU_ASSERT_STRING_EQUAL(p->items[1].text, "count( * )");
	CU_ASSERT_STRING_EQUAL(p->items[2].text, "n.a  +  1");
	CU_ASSERT_STRING_EQUAL(p->items[2].alias, "x");
	CU_ASSERT_STRING_EQUAL(cypher_proj_item_column(&p->items[0]), "n.name");
	CU_ASSERT_STRING_EQUAL(cypher_proj_item_column(&p->items[1]),
			       "count( * )");
	CU_ASSERT_STRING_EQUAL(cypher_proj_item_column(&p->items[2]), "x");
	cypher_stmt_free(s);

	/* a plain variable's column is its name, without backquotes */
	s = parse_ok("MATCH (`my var`) RETURN `my var`");
	p = &s->clauses[1].u.proj;
	CU_ASSERT_STRING_EQUAL(p->items[0].text, "`my var`");
	CU_ASSERT_STRING_EQUAL(cypher_proj_item_column(&p->items[0]), "my var");
	cypher_stmt_free(s);
}

static void test_hop_ranges_use_minus_one_for_unwritten(void)
{
	struct cypher_stmt *s =
	    parse_ok("MATCH (a)-[*]->(b), (a)-[*2]->(b), (a)-[*..3]->(b), "
		     "(a)-[*2..]->(b), (a)-->(b) RETURN a");
	const struct cypher_path *p = s->clauses[0].u.match.paths;
	static const int64_t want[][2] = {{-1, -1}, {2, 2}, {-1, 3}, {2, -1}};
	size_t i;

	for (i = 0; i < 4; i++) {
		CU_ASSERT(p[i].rels[0].varlen);
		CU_ASSERT_EQUAL(p[i].rels[0].min_hops, want[i][0]);
		CU_ASSERT_EQUAL(p[i].rels[0].max_hops, want[i][1]);
	}
	CU_ASSERT_FALSE(p[4].rels[0].varlen);
	CU_ASSERT_EQUAL(p[4].rels[0].dir, CYPHER_DIR_OUT);
	CU_ASSERT_EQUAL(p[4].n_nodes, 2);
	cypher_stmt_free(s);
}

static void test_literal_values_are_exact(void)
{
	struct cypher_stmt *s = parse_ok("RETURN -9223372036854775808");
	const struct cypher_expr *e = ret_expr(s);

	CU_ASSERT_EQUAL(e->kind, CYPHER_EXPR_LITERAL);
	CU_ASSERT_EQUAL(e->u.lit.kind, CYPHER_LIT_INT);
	CU_ASSERT_EQUAL(e->u.lit.v.i, INT64_MIN);
	cypher_stmt_free(s);

	s = parse_ok("RETURN 0.1");
	e = ret_expr(s);
	CU_ASSERT_EQUAL(e->u.lit.kind, CYPHER_LIT_FLOAT);
	CU_ASSERT_DOUBLE_EQUAL(e->u.lit.v.f, 0.1, 0.0);
	cypher_stmt_free(s);

	s = parse_ok("RETURN 'a\\u0041\\n'");
	e = ret_expr(s);
	CU_ASSERT_EQUAL(e->u.lit.kind, CYPHER_LIT_STRING);
	CU_ASSERT_STRING_EQUAL(e->u.lit.v.s, "aA\n");
	cypher_stmt_free(s);

	s = parse_ok("RETURN $name");
	e = ret_expr(s);
	CU_ASSERT_EQUAL(e->kind, CYPHER_EXPR_PARAM);
	CU_ASSERT_STRING_EQUAL(e->u.name, "name");
	cypher_stmt_free(s);
}

static void test_input_need_not_be_nul_terminated(void)
{
	/* only the first 8 bytes are the statement */
	char *d = dump("RETURN 1 garbage", 8);

	CU_ASSERT_STRING_EQUAL(d, "(query (return (item 1)))");
	free(d);
	d = dump("RETURN 1\0 + 2", 13);
	CU_ASSERT_STRING_EQUAL(d, "ERROR: unexpected byte 0x00");
	free(d);
	d = dump("RETURN 'a\0b'", 12);
	CU_ASSERT_STRING_EQUAL(d, "ERROR: NUL byte inside a string");
	free(d);
}

/* ------------------------------------------------------------ is_write */

static void test_is_write_reports_updating_and_schema_statements(void)
{
	static const struct {
		const char *src;
		bool write;
	} cases[] = {
	    {"MATCH (n) RETURN n", false},
	    {"UNWIND [1] AS x WITH x RETURN x", false},
	    {"SHOW INDEXES", false},
	    {"SHOW CONSTRAINTS", false},
	    {"CREATE (n)", true},
	    {"MERGE (n)", true},
	    {"MATCH (n) SET n.a = 1", true},
	    {"MATCH (n) REMOVE n:L", true},
	    {"MATCH (n) DELETE n", true},
	    {"MATCH (n) DETACH DELETE n", true},
	    {"MATCH (n) CREATE (m) RETURN m", true},
	    {"CREATE INDEX i FOR (n:P) ON (n.x)", true},
	    {"DROP INDEX i", true},
	    {"CREATE CONSTRAINT c FOR (n:P) REQUIRE n.x IS UNIQUE", true},
	    {"DROP CONSTRAINT c", true},
	    {"EXPLAIN CREATE (n)", false},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cypher_stmt *s = parse_ok(cases[i].src);

		if (cypher_stmt_is_write(s) != cases[i].write)
			fprintf(stderr, "\n  is_write(%s) != %d\n",
				cases[i].src, cases[i].write);
		CU_ASSERT_EQUAL(cypher_stmt_is_write(s), cases[i].write);
		cypher_stmt_free(s);
	}
}

/* ----------------------------------------------------- hostile input */

/* "RETURN " + n copies of open + "1" + n copies of close. */
static char *nested(int n, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close), len = 0;
	char *s = malloc(8 + (size_t)n * (lo + lc) + 2);
	int i;

	memcpy(s, "RETURN ", 7);
	len = 7;
	for (i = 0; i < n; i++, len += lo)
		memcpy(s + len, open, lo);
	s[len++] = '1';
	for (i = 0; i < n; i++, len += lc)
		memcpy(s + len, close, lc);
	s[len] = '\0';
	return s;
}

static void expect_depth(const char *open, const char *close)
{
	char *ok = nested(CYPHER_DEFAULT_MAX_DEPTH - 2, open, close);
	char *deep = nested(CYPHER_DEFAULT_MAX_DEPTH + 1, open, close);
	char *huge = nested(20000, open, close);
	char *d;

	d = dump(ok, strlen(ok));
	CU_ASSERT_NSTRING_EQUAL(d, "(query", 6);
	free(d);
	d = dump(deep, strlen(deep));
	CU_ASSERT_STRING_EQUAL(d, "ERROR: expression nested too deeply (more "
				  "than 200 levels)");
	free(d);
	d = dump(huge, strlen(huge));
	CU_ASSERT_STRING_EQUAL(d, "ERROR: expression nested too deeply (more "
				  "than 200 levels)");
	free(d);
	free(ok);
	free(deep);
	free(huge);
}

static void test_deep_nesting_is_refused(void)
{
	expect_depth("(", ")");
	expect_depth("[", "]");
	expect_depth("{a: ", "}");
	expect_depth("NOT ", "");
	expect_depth("- ", "");
	expect_depth("CASE WHEN true THEN ", " END");
	expect_depth("f(", ")");
}

static void test_long_operator_chains_are_bounded(void)
{
	/* a + a + ... is flat to parse but a tall tree to walk */
	size_t n = 5000, i, len = 7;
	char *s = malloc(7 + n * 4 + 1);
	char *d;

	memcpy(s, "RETURN ", 7);
	for (i = 0; i < n; i++, len += 4)
		memcpy(s + len, i ? " + a" : "a   ", 4);
	s[len] = '\0';
	d = dump(s, len);
	CU_ASSERT_STRING_EQUAL(d, "ERROR: expression nested too deeply (more "
				  "than 1000 levels)");
	free(d);
	/* 500 terms are a normal (if silly) statement */
	d = dump(s, 7 + 500 * 4);
	CU_ASSERT_NSTRING_EQUAL(d, "(query (return (item (+ (+ (+", 29);
	free(d);
	free(s);
}

static void test_limits_are_parameters(void)
{
	struct cypher_limits lim = {.max_bytes = 10, .max_depth = 3};
	struct cypher_error err;
	struct cypher_stmt *s;

	s = cypher_parse("RETURN 1234", 11, &lim, &err);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "statement is too long: 11 "
					       "bytes, the limit is 10"));
	s = cypher_parse("RETURN 123", 10, &lim, &err);
	CU_ASSERT_PTR_NOT_NULL(s);
	cypher_stmt_free(s);
	lim.max_bytes = 0;
	s = cypher_parse("RETURN ((1))", 12, &lim, &err);
	CU_ASSERT_PTR_NOT_NULL(s);
	cypher_stmt_free(s);
	s = cypher_parse("RETURN (((1)))", 14, &lim, &err);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_STRING_EQUAL(err.msg, "expression nested too deeply (more "
					"than 3 levels)");
}

static void test_huge_input_is_refused_cleanly(void)
{
	size_t n = CYPHER_DEFAULT_MAX_BYTES + 1;
	char *s = malloc(n);
	struct cypher_error err;

	memset(s, ' ', n);
	memcpy(s, "RETURN 1", 8);
	CU_ASSERT_PTR_NULL(cypher_parse(s, n, NULL, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "statement is too long"));
	/* at the limit it parses (and quickly: the lexer is linear) */
	{
		struct cypher_stmt *st = cypher_parse(s, n - 1, NULL, &err);

		CU_ASSERT_PTR_NOT_NULL(st);
		cypher_stmt_free(st);
	}
	free(s);
}

/* Every prefix and many single-byte mutations of every good statement
 * either parse or fail with a positioned error; none may crash (the
 * sanitizer build turns memory errors into failures). */
static void test_prefixes_and_mutations_never_crash(void)
{
	static const struct good *const tables[] = {clause_cases, pattern_cases,
						    expr_cases, literal_cases,
						    schema_cases};
	static const size_t counts[] = {
	    sizeof(clause_cases) / sizeof(clause_cases[0]),
	    sizeof(pattern_cases) / sizeof(pattern_cases[0]),
	    sizeof(expr_cases) / sizeof(expr_cases[0]),
	    sizeof(literal_cases) / sizeof(literal_cases[0]),
	    sizeof(schema_cases) / sizeof(schema_cases[0])};
	static const char bytes[] = "()[]{}<>-:.,'\"`$*|=+ \\/\n0aZ\x80\xff";
	uint32_t rng = 12345;
	size_t t, i, k, len, ok = 0, bad = 0;
	char buf[512], out[256];
	FILE *devnull = fopen("/dev/null", "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(devnull);

	for (t = 0; t < 5; t++) {
		for (i = 0; i < counts[t]; i++) {
			const char *src = tables[t][i].src;

			len = strlen(src);
			for (k = 0; k <= len + 40; k++) {
				struct cypher_error err;
				struct cypher_stmt *s;
				size_t n = k <= len ? k : len;

				memcpy(buf, src, len);
				if (k > len) { /* mutate one byte */
					rng = rng * 1103515245u + 12345u;
					buf[(rng >> 8) % len] =
					    bytes[(rng >> 20) %
						  (sizeof(bytes) - 1)];
				}
				s = cypher_parse(buf, n, NULL, &err);
				if (s) {
					ok++;
					cypher_ast_print(devnull, s);
				} else {
					bad++;
					CU_ASSERT(err.line >= 1 &&
						  err.col >= 1);
					CU_ASSERT(err.msg[0] != '\0');
					CU_ASSERT(cypher_error_format(
						      &err, buf, n, out,
						      sizeof(out)) >
						  strlen(err.msg));
				}
				cypher_stmt_free(s);
			}
		}
	}
	fclose(devnull);
	CU_ASSERT(ok > 0);
	CU_ASSERT(bad > 0);
}

/* Failing each allocation in turn yields "out of memory" (no position)
 * and no leak (LeakSanitizer checks in the sanitize build), until the
 * parse needs no more allocations than allowed and succeeds. */
static void test_every_allocation_failure_is_reported(void)
{
	static const char head[] =
	    "MATCH p = (a:L {k: [1, 'x', $p]})-[r:T|U*1..2]->(b) WHERE a.x IN "
	    "[1, 2] AND NOT b:M WITH a, count(DISTINCT b) AS c ORDER BY c DESC "
	    "LIMIT 3 UNWIND [c] AS u MERGE (z {u: u}) ON CREATE SET z.n = "
	    "CASE u WHEN 1 THEN 'a' ELSE 'b' END, z += {m: 1} REMOVE z:Old "
	    "RETURN z, l[1..2], `q r`, [";
	static const char elem[] = "'s', 1.5, {a: -1}, ";
	char big[8192];
	size_t len = sizeof(head) - 1;
	bool parsed = false;
	long n;

	/* a long list, so that the arena and the token array must grow */
	memcpy(big, head, len);
	while (len + sizeof(elem) + 3 < sizeof(big)) {
		memcpy(big + len, elem, sizeof(elem) - 1);
		len += sizeof(elem) - 1;
	}
	memcpy(big + len, "0]", 2);
	len += 2;
	for (n = 0; n < 100000 && !parsed; n++) {
		struct cypher_error err;
		struct cypher_stmt *s;

		alloc_countdown = n;
		s = cypher_parse(big, len, NULL, &err);
		alloc_countdown = -1;
		if (s) {
			parsed = true;
			cypher_stmt_free(s);
			break;
		}
		if (strcmp(err.msg,
			   "out of memory while parsing the statement"))
			fprintf(stderr, "\n  allocation %ld: %d:%d %s\n", n,
				err.line, err.col, err.msg);
		CU_ASSERT_STRING_EQUAL(
		    err.msg, "out of memory while parsing the statement");
		CU_ASSERT_EQUAL(err.line, 0);
	}
	CU_ASSERT(parsed);
	CU_ASSERT(n > 5); /* the statement really needed several allocations */
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cypher_parse", NULL, NULL);
	CU_add_test(s, "every clause dumps canonically",
		    test_every_clause_dumps_canonically);
	CU_add_test(s, "patterns dump with directions and hops",
		    test_patterns_dump_with_directions_and_hops);
	CU_add_test(s, "operators follow precedence",
		    test_operators_follow_precedence);
	CU_add_test(s, "chains and comprehensions dump",
		    test_chains_and_comprehensions_dump);
	CU_add_test(s, "literals decode numbers and escapes",
		    test_literals_decode_numbers_and_escapes);
	CU_add_test(s, "schema statements dump", test_schema_statements_dump);
	CU_add_test(s, "bad statements name position and expectation",
		    test_bad_statements_name_position_and_expectation);
	CU_add_test(s, "earliest error wins", test_earliest_error_wins);
	CU_add_test(s, "error format puts caret under column",
		    test_error_format_puts_caret_under_column);
	CU_add_test(s, "error format shortens long lines",
		    test_error_format_shortens_long_lines);
	CU_add_test(s, "error format truncates to buffer",
		    test_error_format_truncates_to_buffer);
	CU_add_test(s, "nodes carry line and column",
		    test_nodes_carry_line_and_column);
	CU_add_test(s, "items keep source text for column names",
		    test_items_keep_source_text_for_column_names);
	CU_add_test(s, "hop ranges use -1 for unwritten",
		    test_hop_ranges_use_minus_one_for_unwritten);
	CU_add_test(s, "literal values are exact",
		    test_literal_values_are_exact);
	CU_add_test(s, "input need not be NUL-terminated",
		    test_input_need_not_be_nul_terminated);
	CU_add_test(s, "is_write reports updating and schema statements",
		    test_is_write_reports_updating_and_schema_statements);
	CU_add_test(s, "deep nesting is refused", test_deep_nesting_is_refused);
	CU_add_test(s, "long operator chains are bounded",
		    test_long_operator_chains_are_bounded);
	CU_add_test(s, "limits are parameters", test_limits_are_parameters);
	CU_add_test(s, "huge input is refused cleanly",
		    test_huge_input_is_refused_cleanly);
	CU_add_test(s, "prefixes and mutations never crash",
		    test_prefixes_and_mutations_never_crash);
	CU_add_test(s, "every allocation failure is reported",
		    test_every_allocation_failure_is_reported);
	return cu_run();
}
