/* query.h: what graphctl query and graphctl shell share: parameters, running
 * one statement and printing its result, running a script. */
#ifndef GRAPHD_CLI_QUERY_H
#define GRAPHD_CLI_QUERY_H

#include "cli/cli.h"

struct cli_params {
	size_t n;
	struct graphd_param *v; /* names and values malloc'd */
};

/* "name=value" (value as graphd_value_parse reads it; a leading '$' on the
 * name is dropped): adds the parameter or replaces the one of that name.
 * -1 with e filled (GRAPHD_E_USAGE) when malformed. */
int cli_params_set(struct cli_params *p, const char *arg,
		   struct graphd_error *e);
void cli_params_print(FILE *f, const struct cli_params *p);
void cli_params_free(struct cli_params *p);

/* Runs statement (len bytes) and prints its table and summary, or its rows
 * as JSON objects with ctx->json. On failure prints where ("FILE:LINE: ",
 * may be "") and the error with a caret; returns the exit status. */
int cli_query_run(struct cli_ctx *ctx, const char *statement, size_t len,
		  const struct cli_params *p, const struct graphd_read_opts *o,
		  const char *where);

/* Runs the ';'-terminated statements of text, stopping at the first that
 * fails; name (a file name, "<stdin>") and the line a statement starts on
 * are named in its error. first_line: the line text starts on. A last
 * statement without ';' is run too. */
int cli_query_script(struct cli_ctx *ctx, const char *name, const char *text,
		     size_t len, unsigned first_line,
		     const struct cli_params *p,
		     const struct graphd_read_opts *o);

#endif
