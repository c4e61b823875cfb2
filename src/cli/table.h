/* table.h: graphctl's printing of query results (a cypher-shell-like table and
 * its summary) and of query errors (the statement line with a caret). No
 * connection, so the unit tests link it directly. */
#ifndef GRAPHD_CLI_TABLE_H
#define GRAPHD_CLI_TABLE_H

#include <stdio.h>

#include "client/graphd.h"

/* Prints the columns and rows as a table: a header between +----+ borders,
 * one row per line, null as NULL. Nothing when there are no columns. */
void cli_table_print(FILE *f, const struct graphd_result *r);

/* "N rows" ("1 row"); for a statement that changed something the non-zero
 * counters ("nodes created: 2, properties set: 4"); then the transaction
 * "(txn 42)" when there is one; EXPLAIN's plan comes first. */
void cli_table_summary(FILE *f, const struct graphd_result *r);

/* prefix and the server's message, and for an error with a position the
 * statement's line and a caret under the column (columns count characters,
 * not bytes; tabs are kept so the caret lines up). */
void cli_print_query_error(FILE *f, const char *prefix, const char *statement,
			   const struct graphd_error *e);

/* Display width of UTF-8 text: one per character (continuation bytes do not
 * count), which is right for the scripts graphctl users type. */
size_t cli_text_width(const char *s);

#endif
