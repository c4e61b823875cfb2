/* script.h: splits Cypher text into ';'-terminated statements for graphctl
 * query -f and graphctl shell, knowing strings, `names` and comments (a ';'
 * in them ends nothing). No I/O, so the unit tests link it directly. */
#ifndef GRAPHD_CLI_SCRIPT_H
#define GRAPHD_CLI_SCRIPT_H

#include <stddef.h>

struct cli_script {
	const char *text;
	size_t len;
	size_t pos;    /* where the next statement is looked for */
	unsigned line; /* 1-based line of text[pos] */
};

void cli_script_init(struct cli_script *s, const char *text, size_t len);

enum cli_script_rc {
	CLI_SCRIPT_END = 0,	   /* only blanks and comments remain */
	CLI_SCRIPT_STATEMENT = 1,  /* *stmt: the statement, without its ';' */
	CLI_SCRIPT_INCOMPLETE = 2, /* text remains but no ';' ends it (or a
				      string or comment is still open) */
};

/* Finds the next statement. STATEMENT: *start and *n are the statement from
 * its first character that is no blank or comment to its last such one
 * before the ';', *line is the line it starts on; the scan goes on after
 * the ';'.
 * INCOMPLETE: *start, *n and *line are the unterminated rest (the shell keeps
 * it and reads another line; a script reports it); pos does not move. */
enum cli_script_rc cli_script_next(struct cli_script *s, const char **start,
				   size_t *n, unsigned *line);

#endif
