/* test_cypher_exec.c: Cypher queries over a small graph, each with the rows
 * it must return (in order when the query orders, else as a set), and the
 * errors misuse must give. */
#include <stdlib.h>
#include <string.h>

#include "cu_run.h"
#include "graph/cypher_exec.h"
#include "graph/cypher_parse.h"
#include "graph/cypher_proc.h"
#include "test_graph_fixture.h"

static struct gfx fx;

/* People Ada(36) Bob(25) Cy(41) Di(no age), cities London and Paris;
 * Ada-KNOWS->Bob-KNOWS->Cy, Ada-KNOWS->Cy; Ada, Bob LIVES_IN London, Cy in
 * Paris. */
static bool loaded;

/* Called by each test: the fixture asserts, which CUnit allows only inside
 * a test. */
static void load(void)
{
	Graphd__Response *r;

	if (loaded)
		return;
	loaded = true;
	r = gfx_txn(
	    &fx, 0, 0, 12,
	    op_node("Person", 2, "name", gv_str("Ada"), "age", gv_int(36)),
	    op_node("Person", 2, "name", gv_str("Bob"), "age", gv_int(25)),
	    op_node("Person", 2, "name", gv_str("Cy"), "age", gv_int(41)),
	    op_node("Person", 1, "name", gv_str("Di")),
	    op_node("City", 1, "name", gv_str("London")),
	    op_node("City", 1, "name", gv_str("Paris")),
	    op_rel("KNOWS", ref_op(0), ref_op(1)),
	    op_rel("KNOWS", ref_op(1), ref_op(2)),
	    op_rel("KNOWS", ref_op(0), ref_op(2)),
	    op_rel("LIVES_IN", ref_op(0), ref_op(4)),
	    op_rel("LIVES_IN", ref_op(1), ref_op(4)),
	    op_rel("LIVES_IN", ref_op(2), ref_op(5)));
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

/* max_visits of the next run() (0: no bound). */
static uint64_t run_max_visits;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs q; returns the rows as "a | b" lines joined by '\n' (sorted unless
 * ordered), or "ERROR <code> <line>:<col> <message>". */
static char *run(const char *q, const struct cv_map *params, bool ordered)
{
	struct cypher_error perr;
	struct cypher_stmt *st = cypher_parse(q, strlen(q), NULL, &perr);
	struct cypher_exec_opts o = {.params = params,
				     .timestamp_ms = 1000,
				     .max_visits = run_max_visits};
	struct cypher_result res;
	struct cypher_exec_err err;
	DB_TXN *txn = NULL;
	char **lines, *out;
	size_t total = 1;
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(fx.g, NULL, true, &txn), 0);
	rc = cypher_exec(fx.g, txn, st, &o, &res, &err);
	txn->commit(txn, 0);
	cypher_stmt_free(st);
	if (rc < 0) {
		out = malloc(600);
		snprintf(out, 600, "ERROR %d %d:%d %s", (int)err.code,
			 err.pos.line, err.pos.col, err.msg);
		return out;
	}
	lines = calloc(res.n_rows + 1, sizeof(*lines));
	for (size_t r = 0; r < res.n_rows; r++) {
		char buf[512] = "";

		for (size_t c = 0; c < res.n_cols; c++) {
			char *t = cv_to_text(&res.rows[r * res.n_cols + c]);

			strncat(buf, c ? " | " : "",
				sizeof(buf) - strlen(buf) - 1);
			strncat(buf, t, sizeof(buf) - strlen(buf) - 1);
			free(t);
		}
		lines[r] = strdup(buf);
		total += strlen(buf) + 1;
	}
	if (!ordered)
		qsort(lines, res.n_rows, sizeof(*lines), cmp_str);
	out = calloc(1, total);
	for (size_t r = 0; r < res.n_rows; r++) {
		if (r)
			strcat(out, "\n");
		strcat(out, lines[r]);
		free(lines[r]);
	}
	free(lines);
	cypher_result_free(&res);
	return out;
}

struct qcase {
	const char *query;
	bool ordered;
	const char *want; /* rows joined by '\n', or an ERROR prefix */
};

static const struct qcase cases[] = {
    {"MATCH (p:Person) RETURN p.name", false,
     "\"Ada\"\n\"Bob\"\n\"Cy\"\n\"Di\""},
    {"MATCH (p:Person) WHERE p.age > 30 RETURN p.name ORDER BY p.name", true,
     "\"Ada\"\n\"Cy\""},
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS]->(b) RETURN b.name", false,
     "\"Bob\"\n\"Cy\""},
    {"MATCH (a)<-[:KNOWS]-(b:Person {name: 'Ada'}) RETURN a.name", false,
     "\"Bob\"\n\"Cy\""},
    {"MATCH (a:Person {name: 'Bob'})-[:KNOWS]-(b) RETURN b.name", false,
     "\"Ada\"\n\"Cy\""},
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS*2]->(c) RETURN c.name", false,
     "\"Cy\""},
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS*1..2]->(c) RETURN c.name", false,
     "\"Bob\"\n\"Cy\"\n\"Cy\""},
    {"MATCH (a:Person {name: 'Ada'})-[r:KNOWS*2]->(c) RETURN size(r)", false,
     "2"},
    {"MATCH (p:Person)-[:LIVES_IN]->(c:City) "
     "RETURN c.name AS city, count(*) AS n ORDER BY city",
     true, "\"London\" | 2\n\"Paris\" | 1"},
    {"MATCH (p:Nobody) RETURN count(*)", false, "0"},
    {"MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c) "
     "RETURN p.name, c.name ORDER BY p.name",
     true,
     "\"Ada\" | \"London\"\n\"Bob\" | \"London\"\n\"Cy\" | \"Paris\"\n"
     "\"Di\" | NULL"},
    {"MATCH (p:Person) WITH p.name AS n, p.age AS a WHERE a IS NOT NULL "
     "RETURN n ORDER BY a DESC",
     true, "\"Cy\"\n\"Ada\"\n\"Bob\""},
    {"MATCH (p:Person) WITH p.name AS n, p.age AS a WHERE a IS NOT NULL "
     "RETURN n, a ORDER BY a DESC",
     true, "\"Cy\" | 41\n\"Ada\" | 36\n\"Bob\" | 25"},
    {"UNWIND [1, 2, null, 3] AS x RETURN x * 2", true, "2\n4\nNULL\n6"},
    {"MATCH (p:Person)-[:LIVES_IN]->(c) RETURN DISTINCT c.name", false,
     "\"London\"\n\"Paris\""},
    {"MATCH (p:Person) RETURN p.name ORDER BY p.name SKIP 1 LIMIT 2", true,
     "\"Bob\"\n\"Cy\""},
    {"MATCH (p:Person)-[:LIVES_IN]->(:City {name: 'London'}) "
     "WITH p ORDER BY p.name RETURN collect(p.name)",
     false, "[\"Ada\", \"Bob\"]"},
    {"MATCH path = (a:Person {name: 'Ada'})-[:LIVES_IN]->(c) "
     "RETURN length(path), c.name",
     false, "1 | \"London\""},
    {"MATCH (n) WHERE n:City RETURN count(n)", false, "2"},
    {"MATCH (p:Person) RETURN CASE WHEN p.age > 30 THEN 'old' ELSE 'young' "
     "END AS k, count(*) AS n ORDER BY k",
     true, "\"old\" | 2\n\"young\" | 2"},
    {"MATCH (p:Person) RETURN p.name LIMIT 2", false, NULL /* 2 rows */},
    {"MATCH (p:Person) RETURN sum(p.age), min(p.age), max(p.age), "
     "count(p.age), avg(p.age) > 33",
     false, "102 | 25 | 41 | 3 | TRUE"},
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS]->(b)-[:KNOWS]->(c) "
     "RETURN b.name, c.name",
     false, "\"Bob\" | \"Cy\""},
    {"MATCH (a)-[r1]->(b)<-[r2]-(a) RETURN count(*)", false, "0"},
    {"MATCH (c:City {name: 'Paris'}) RETURN *", false,
     "(:City {name: \"Paris\"})"},
    {"MATCH (:Person {name: 'Cy'})-[r]->() RETURN type(r)", false,
     "\"LIVES_IN\""},
    {"MATCH (p:Person) RETURN count(DISTINCT p.age > 30)", false, "2"},
    {"RETURN timestamp()", false, "1000"},
    {"MATCH (p:Person {name: 'Ada'}) RETURN p.name + ' is ' + p.age", false,
     "\"Ada is 36\""},
    /* WITH's WHERE and ORDER BY see the variables before the projection
     * and the items' aliases */
    {"MATCH (p:Person) WITH p.name AS n WHERE p.age > 30 RETURN n", false,
     "\"Ada\"\n\"Cy\""},
    {"MATCH (p:Person)-[:LIVES_IN]->(c) WITH DISTINCT c.name AS city "
     "WHERE p.name = 'Cy' RETURN city",
     false, "\"Paris\""},
    {"MATCH (p:Person)-[:LIVES_IN]->(c) WITH p.name AS n, c AS city "
     "ORDER BY city.name DESC, n RETURN n",
     true, "\"Cy\"\n\"Ada\"\n\"Bob\""},
    {"MATCH (p:Person) WITH p.name AS n, count(*) AS c WHERE p.age > 1 "
     "RETURN n",
     false, "ERROR 1 1:56 variable `p` not defined"},
    {"MATCH (p:Person) WITH DISTINCT p.name AS n LIMIT 2 WHERE p.age > 1 "
     "RETURN n",
     false, "ERROR 1"},
    /* pattern predicates and comprehensions */
    {"MATCH (p:Person) WHERE (p)-[:LIVES_IN]->(:City {name: 'London'}) "
     "RETURN p.name",
     false, "\"Ada\"\n\"Bob\""},
    {"MATCH (p:Person) WHERE NOT (p)-[:KNOWS]->() RETURN p.name", false,
     "\"Cy\"\n\"Di\""},
    {"MATCH (a:Person), (b:Person) WHERE (a)-[:KNOWS]->(b) AND "
     "a.name = 'Ada' RETURN b.name",
     false, "\"Bob\"\n\"Cy\""},
    {"MATCH (p:Person {name: 'Ada'}) RETURN [(p)-[:KNOWS]->(f) | f.name] "
     "AS fs",
     false, "[\"Bob\", \"Cy\"]"},
    {"MATCH (p:Person) RETURN p.name, size([(p)-->() | 1]) AS d "
     "ORDER BY p.name",
     true, "\"Ada\" | 3\n\"Bob\" | 2\n\"Cy\" | 1\n\"Di\" | 0"},
    {"MATCH (p:Person {name: 'Ada'}) RETURN [x = (p)-[:KNOWS*2]->() "
     "WHERE length(x) > 1 | length(x)]",
     false, "[2]"},
    {"OPTIONAL MATCH (z:Nobody) RETURN [(z)-->(y) | y] AS l", false,
     "NULL"},
    {"MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:KNOWS]->(f) WHERE "
     "f.name = 'Cy' RETURN true } RETURN p.name",
     false, "\"Ada\"\n\"Bob\""},
    {"MATCH (p:Person) RETURN p.name, COUNT { (p)-[:KNOWS]->() } AS k, "
     "EXISTS { (p)<--() } AS e ORDER BY p.name",
     true,
     "\"Ada\" | 2 | FALSE\n\"Bob\" | 1 | TRUE\n\"Cy\" | 0 | TRUE\n"
     "\"Di\" | 0 | FALSE"},
    {"MATCH (n) RETURN (n)-->()", false, "ERROR 1 1:18 a pattern predicate "
     "is only allowed in WHERE"},
    {"MATCH (p:Person) WHERE (p)-->(c) RETURN p", false,
     "ERROR 1 1:24 variable `c` not defined"},
    {"MATCH (p:Person) WITH p.name AS n MATCH (c:City) "
     "RETURN [(c)<--(p) | 1]",
     false, "ERROR 1 1:57 variable `p` of the pattern expression"},
    /* after DISTINCT or aggregation ORDER BY may compute over the
     * projected columns */
    {"MATCH (p:Person)-[:LIVES_IN]->(c) RETURN DISTINCT c ORDER BY c.name "
     "DESC",
     true, "(:City {name: \"Paris\"})\n(:City {name: \"London\"})"},
    {"MATCH (p:Person)-[:LIVES_IN]->(c) RETURN c.name AS n, count(*) AS k "
     "ORDER BY -k, n",
     true, "\"London\" | 2\n\"Paris\" | 1"},
    {"MATCH (p:Person)-[:LIVES_IN]->(c) RETURN DISTINCT c.name AS n "
     "ORDER BY p.age",
     false, "ERROR 1 1:73 ORDER BY after DISTINCT"},
    /* an empty hop interval matches nothing */
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS*2..1]->(c) RETURN c.name", false,
     ""},
    {"MATCH (a:Person {name: 'Ada'})-[:KNOWS*1..0]->(c) RETURN count(*)",
     false, "0"},
    /* percentiles (ages 25, 36, 41) */
    {"MATCH (p:Person) RETURN percentileDisc(p.age, 0.5), "
     "percentileDisc(p.age, 1), percentileCont(p.age, 0.75), "
     "percentileCont(p.age, 0)",
     false, "36 | 41 | 38.5 | 25.0"},
    {"MATCH (p:Nobody) RETURN percentileCont(p.age, 0.5)", false, "NULL"},
    {"MATCH (p:Person) RETURN percentileDisc(p.age, 1.5)", false,
     "ERROR 2 1:25 percentileDisc(): the percentile must be between"},
    {"MATCH (p:Person) RETURN percentileDisc(0.5, p.age)", false,
     "ERROR 2 1:25 percentileDisc(): the percentile must be between"},
    {"MATCH (p:Person) RETURN percentileCont(p.age)", false,
     "ERROR 1 1:25 percentileCont() takes two arguments"},
    /* UNION removes duplicates (within a query too), UNION ALL keeps
     * them; columns must agree */
    {"UNWIND [2, 1, 2] AS x RETURN x UNION MATCH (p:Person {name: 'Ada'}) "
     "RETURN 3 AS x UNION RETURN 1 AS x",
     false, "1\n2\n3"},
    {"UNWIND [2, 2] AS x RETURN x UNION ALL RETURN 2 AS x", false,
     "2\n2\n2"},
    {"RETURN 1 AS a UNION RETURN 1 AS b", false,
     "ERROR 1 1:21 every query of a UNION must return the same columns"},
    {"RETURN 1 AS a, 2 AS b UNION RETURN 2 AS b, 1 AS a", false,
     "ERROR 1 1:29 every query of a UNION must return the same columns"},
    {"RETURN 1 AS a UNION RETURN nosuch(1) AS a", false,
     "ERROR 1 1:28 unknown function"},
    /* errors: kind, position, message */
    {"MATCH (p) RETURN q", false, "ERROR 1 1:18 variable `q` not defined"},
    {"MATCH (p) WHERE count(*) > 1 RETURN p", false,
     "ERROR 1 1:17 aggregate count() is not allowed here"},
    {"RETURN 1 / 0", false, "ERROR 2 1:10 / by zero"},
    {"RETURN nosuch(1)", false, "ERROR 1 1:8 unknown function 'nosuch'"},
    {"RETURN range(1)", false, "ERROR 1 1:8"},
    {"MATCH (p:Person) RETURN p.name, count(*) ORDER BY p.age", false,
     "ERROR 1"},
    {"MATCH (p) RETURN p LIMIT -1", false, "ERROR 1"},
    {"RETURN $missing", false, "ERROR 1 1:8 expected parameter $missing"},
    {"MATCH (n) CREATE (n:Person) RETURN n", false, "ERROR 1"},
};

static void queries_return_the_expected_rows(void)
{
	load();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct qcase *c = &cases[i];
		char *got = run(c->query, NULL, c->ordered);
		bool ok;

		if (!c->want) {
			ok = strchr(got, '\n') &&
			     !strchr(strchr(got, '\n') + 1, '\n') &&
			     strncmp(got, "ERROR", 5) != 0;
		} else if (strncmp(c->want, "ERROR", 5) == 0) {
			ok = strncmp(got, c->want, strlen(c->want)) == 0;
		} else {
			ok = strcmp(got, c->want) == 0;
		}
		if (!ok)
			fprintf(stderr,
				"\n  query: %s\n  got:   %s\n  want:  %s\n",
				c->query, got, c->want ? c->want : "2 rows");
		CU_ASSERT(ok);
		free(got);
	}
}

/* A SKIP or LIMIT parameter is only wrong once its value is known: a
 * runtime error, where a literal one is refused while compiling. */
static void a_bad_skip_parameter_fails_at_runtime(void)
{
	struct cv m, v;
	char *got;

	load();
	cv_map_init(&m);
	v = cv_int(-1);
	CU_ASSERT_EQUAL_FATAL(cv_map_set(&m.u.map, "s", &v), 0);
	got = run("MATCH (p) RETURN p SKIP $s", &m.u.map, false);
	CU_ASSERT_STRING_EQUAL(got,
			       "ERROR 2 1:25 SKIP needs a non-negative integer");
	free(got);
	cv_free(&m);
}

/* A registered procedure: echo(x :: INTEGER?, y :: FLOAT?) :: (a, b)
 * yields x times the record (x, y). */
static int echo_proc(const struct cypher_proc *p,
		     const struct cypher_proc_env *env, const struct cv *args,
		     int (*emit)(void *ctx, const struct cv *outs), void *ctx,
		     struct cv_err *err)
{
	(void)p, (void)env, (void)err;
	for (int64_t i = 0; args[0].kind == CV_INT && i < args[0].u.i; i++)
		if (emit(ctx, args) != 0)
			break;
	return 0;
}

static int void_proc(const struct cypher_proc *p,
		     const struct cypher_proc_env *env, const struct cv *args,
		     int (*emit)(void *ctx, const struct cv *outs), void *ctx,
		     struct cv_err *err)
{
	(void)p, (void)env, (void)args, (void)emit, (void)ctx, (void)err;
	return 0;
}

static void call_runs_procedures(void)
{
	static const struct cypher_proc_field in[] = {
	    {"x", CYPHER_PT_INTEGER}, {"y", CYPHER_PT_FLOAT}};
	static const struct cypher_proc_field out[] = {
	    {"a", CYPHER_PT_INTEGER}, {"b", CYPHER_PT_FLOAT}};
	static const struct qcase calls[] = {
	    {"CALL db.labels", true, "\"City\"\n\"Person\""},
	    {"CALL db.relationshipTypes() YIELD relationshipType AS t "
	     "RETURN t",
	     true, "\"KNOWS\"\n\"LIVES_IN\""},
	    {"CALL db.propertyKeys", true, "\"age\"\n\"name\""},
	    {"CALL dbms.components() YIELD name, edition RETURN name, edition",
	     false, "\"graphd\" | \"community\""},
	    /* arguments coerced (INTEGER for FLOAT), records per row */
	    {"CALL t.echo(2, 1)", false, "2 | 1.0\n2 | 1.0"},
	    {"UNWIND [1, 2] AS k CALL t.echo(k, 0.5) YIELD a RETURN k, a",
	     true, "1 | 1\n2 | 2\n2 | 2"},
	    {"CALL t.echo(3, 0) YIELD a WHERE a > 5 RETURN a", false, ""},
	    {"CALL t.echo(5, 0) YIELD a RETURN a LIMIT 2", false, "5\n5"},
	    {"MATCH (c:City) CALL t.nothing() RETURN c.name", false,
	     "\"London\"\n\"Paris\""},
	    /* refused before running */
	    {"CALL t.nosuch()", false, "ERROR 1 1:1 there is no procedure"},
	    {"CALL t.echo(1)", false,
	     "ERROR 1 1:1 procedure t.echo takes 2 arguments, not 1"},
	    {"CALL t.echo('x', 1)", false, "ERROR 1 1:13 argument `x`"},
	    {"CALL t.echo(1, 1) YIELD a, b AS a RETURN a", false,
	     "ERROR 1 1:28 variable `a` is already bound"},
	    {"CALL t.echo(1, 1) YIELD c RETURN c", false,
	     "ERROR 1 1:25 procedure t.echo has no field `c`"},
	    {"UNWIND [1] AS k CALL t.echo(k, 1) RETURN k", false,
	     "ERROR 1 1:17 a CALL inside a query names"},
	    {"UNWIND [1] AS k CALL t.echo YIELD a RETURN a", false,
	     "ERROR 1 1:17 procedure t.echo takes arguments"},
	    {"CALL t.echo", false, "ERROR 1 1:1 expected parameter $x"},
	    {"CALL t.echo(count(*), 1)", false, "ERROR 1 1:13 aggregate"},
	};

	load();
	CU_ASSERT_EQUAL_FATAL(cypher_proc_register("t.echo", in, 2, out, 2,
						   echo_proc, NULL, NULL),
			      0);
	CU_ASSERT_EQUAL_FATAL(cypher_proc_register("t.nothing", NULL, 0, NULL,
						   0, void_proc, NULL, NULL),
			      0);
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct qcase *c = &calls[i];
		char *got = run(c->query, NULL, c->ordered);
		bool ok = strncmp(c->want, "ERROR", 5) == 0
			      ? strncmp(got, c->want, strlen(c->want)) == 0
			      : strcmp(got, c->want) == 0;

		if (!ok)
			fprintf(stderr,
				"\n  query: %s\n  got:   %s\n  want:  %s\n",
				c->query, got, c->want);
		CU_ASSERT(ok);
		free(got);
	}
	cypher_proc_unregister_all();
	CU_ASSERT_PTR_NULL(cypher_proc_find("t.echo"));
	CU_ASSERT_PTR_NOT_NULL(cypher_proc_find("db.labels"));
}

static void parameters_are_values(void)
{
	struct cv m, v;
	char *got;

	load();
	cv_map_init(&m);
	CU_ASSERT_EQUAL_FATAL(cv_cstring(&v, "Bob"), 0);
	CU_ASSERT_EQUAL_FATAL(cv_map_set(&m.u.map, "who", &v), 0);
	got = run("MATCH (p:Person) WHERE p.name = $who RETURN p.age", &m.u.map,
		  false);
	CU_ASSERT_STRING_EQUAL(got, "25");
	free(got);
	cv_free(&m);
}

/* A statement that would visit more nodes than allowed is stopped with an
 * error that says why and what to do, instead of holding the instance; one
 * within the bound answers. */
static void matching_stops_past_the_visit_bound(void)
{
	char *got;

	load();
	run_max_visits = 20;
	got = run("MATCH (a), (b), (c) RETURN count(*)", NULL, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "visited more than 20 nodes"));
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "LIMIT"));
	free(got);
	got = run("MATCH (a:City) RETURN count(*)", NULL, false);
	CU_ASSERT_STRING_EQUAL(got, "2");
	free(got);
	run_max_visits = 0;
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cypher_exec", setup, teardown);
	CU_add_test(s, "queries return the expected rows",
		    queries_return_the_expected_rows);
	CU_add_test(s, "parameters are values", parameters_are_values);
	CU_add_test(s, "CALL runs procedures", call_runs_procedures);
	CU_add_test(s, "a bad SKIP parameter fails at runtime",
		    a_bad_skip_parameter_fails_at_runtime);
	CU_add_test(s, "matching stops past the visit bound",
		    matching_stops_past_the_visit_bound);
	return cu_run();
}
