/* tck.h: the openCypher TCK runner's pieces: the feature file reader, the
 * expected-value parser and canonical printer, and the scenario runner that
 * executes each scenario on a fresh graph store through graphd's own read
 * and apply paths. */
#ifndef GRAPHD_TEST_TCK_H
#define GRAPHD_TEST_TCK_H

#include <stdbool.h>
#include <stddef.h>

#include "graphd.pb-c.h"

/* A Gherkin table: rows of cells, row-major (row 0 is the header where the
 * step has one). */
struct tck_table {
	char **cells;
	size_t n_rows, n_cols;
};

enum tck_step_kind {
	TCK_STEP_UNKNOWN,
	TCK_STEP_EMPTY_GRAPH, /* Given an empty graph / any graph */
	TCK_STEP_NAMED_GRAPH, /* Given the <name> graph */
	TCK_STEP_EXECUTED,    /* And having executed: (setup) */
	TCK_STEP_PARAMS,      /* And parameters are: */
	TCK_STEP_PROCEDURE,   /* And there exists a procedure ... */
	TCK_STEP_QUERY,	      /* When executing query: */
	TCK_STEP_CONTROL,     /* When executing control query: */
	TCK_STEP_RESULT,      /* Then the result should be, ...: */
	TCK_STEP_EMPTY,	      /* Then the result should be empty */
	TCK_STEP_ERROR,	      /* Then a <Kind> should be raised at <phase>: */
	TCK_STEP_SIDE_EFFECTS, /* And the side effects should be: */
	TCK_STEP_NO_SIDE_EFFECTS,
};

struct tck_step {
	enum tck_step_kind kind;
	char *text; /* the step's line after its keyword */
	char *doc;  /* its doc string, or NULL */
	struct tck_table table;
	int line;
};

/* One scenario; an outline yields one per example row (row >= 1). */
struct tck_scenario {
	char *feature; /* path relative to the features directory */
	char *name;    /* "[3] Matching a self-loop ..." */
	int row;       /* 0: not an outline; else 1-based example row */
	int line;
	struct tck_step *steps;
	size_t n_steps;
};

struct tck_scenarios {
	struct tck_scenario *v;
	size_t n, cap;
};

/* Reads the feature file at root/rel and appends its scenarios (outlines
 * expanded, background steps prepended). 0, or -1 with err. */
int tck_feature_load(const char *root, const char *rel,
		     struct tck_scenarios *out, char *err, size_t errlen);
void tck_scenarios_free(struct tck_scenarios *s);

/* Parses a TCK value ("(:A {p: 1})", "[1, 'x']", "<(:A)-[:T]->()>", ...)
 * into a malloc'd protobuf value (free with graphd__value__free_unpacked).
 * NULL with err when it does not parse. */
Graphd__Value *tck_value_parse(const char *s, char *err, size_t errlen);

/* The canonical text of v: types kept apart (1 and 1.0 differ), map keys
 * and labels sorted, list elements sorted when sort_lists. malloc'd. */
char *tck_canon(const Graphd__Value *v, bool sort_lists);

/* A scenario's outcome. */
enum tck_outcome {
	TCK_PASS,
	TCK_WRONG_ANSWER, /* results or side effects differ */
	TCK_NO_ERROR,	  /* an expected error was not raised */
	TCK_WRONG_ERROR,  /* an error of another kind or phase was raised */
	TCK_ERROR,	  /* graphd refused or failed where results were due */
};

/* "wrong-answer", "no-error", "wrong-error", "error". */
const char *tck_outcome_name(enum tck_outcome o);

/* Registers the test procedure of a "there exists a procedure ..." step
 * (its text and table) with graphd's procedure registry until
 * cypher_proc_unregister_all(). 0, or -1 with err. */
int tck_proc_register(const char *text, const struct tck_table *t, char *err,
		      size_t errlen);

/* Runs sc on a fresh store in a directory under tmpdir; graphs is the
 * directory of the named graphs. Fills why (what went wrong). */
enum tck_outcome tck_run(const struct tck_scenario *sc, const char *tmpdir,
			 const char *graphs, char *why, size_t whylen);

/* calloc, realloc, strdup that abort when memory runs out. */
void *tck_xcalloc(size_t n, size_t sz);
void *tck_xrealloc(void *p, size_t n);
char *tck_xstrdup(const char *s);

#endif
