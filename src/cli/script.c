/* script.c: statement splitting (see script.h). */
#include "cli/script.h"

#include <stdbool.h>

void cli_script_init(struct cli_script *s, const char *text, size_t len)
{
	s->text = text;
	s->len = len;
	s->pos = 0;
	s->line = 1;
}

/* Skips blanks and comments from *i; false if a block comment is open at
 * the end of the text. */
static bool skip_blank(const struct cli_script *s, size_t *i, unsigned *line)
{
	const char *t = s->text;

	while (*i < s->len) {
		if (t[*i] == '\n') {
			(*line)++;
			(*i)++;
		} else if (t[*i] == ' ' || t[*i] == '\t' || t[*i] == '\r') {
			(*i)++;
		} else if (t[*i] == '/' && *i + 1 < s->len &&
			   t[*i + 1] == '/') {
			while (*i < s->len && t[*i] != '\n')
				(*i)++;
		} else if (t[*i] == '/' && *i + 1 < s->len &&
			   t[*i + 1] == '*') {
			for (*i += 2; *i < s->len; (*i)++) {
				if (t[*i] == '\n')
					(*line)++;
				if (t[*i] == '*' && *i + 1 < s->len &&
				    t[*i + 1] == '/')
					break;
			}
			if (*i >= s->len)
				return false;
			*i += 2;
		} else {
			break;
		}
	}
	return true;
}

/* Moves *i past the quoted text that starts at *i ('...', "..." with
 * backslash escapes, `...` with `` for a backquote); false if it never
 * closes. */
static bool skip_quoted(const struct cli_script *s, size_t *i, unsigned *line)
{
	const char *t = s->text;
	char q = t[*i];

	for ((*i)++; *i < s->len; (*i)++) {
		if (t[*i] == '\n')
			(*line)++;
		if (q != '`' && t[*i] == '\\' && *i + 1 < s->len) {
			(*i)++;
			if (t[*i] == '\n')
				(*line)++;
		} else if (t[*i] == q) {
			if (q == '`' && *i + 1 < s->len && t[*i + 1] == '`') {
				(*i)++;
				continue;
			}
			(*i)++;
			return true;
		}
	}
	return false;
}

enum cli_script_rc cli_script_next(struct cli_script *s, const char **start,
				   size_t *n, unsigned *line)
{
	const char *t = s->text;
	size_t i = s->pos, begin, last;
	unsigned ln = s->line;

	if (!skip_blank(s, &i, &ln)) {
		*start = t + i, *n = 0, *line = ln;
		return CLI_SCRIPT_INCOMPLETE;
	}
	if (i >= s->len)
		return CLI_SCRIPT_END;
	begin = last = i;
	*line = ln;
	while (i < s->len && t[i] != ';') {
		bool ok = true, text = true;
		if (t[i] == '\'' || t[i] == '"' || t[i] == '`') {
			ok = skip_quoted(s, &i, &ln);
		} else if (t[i] == '/' && i + 1 < s->len &&
			   (t[i + 1] == '/' || t[i + 1] == '*')) {
			ok = skip_blank(s, &i, &ln);
			text = false; /* comments and blanks */
		} else {
			text = t[i] != ' ' && t[i] != '\t' && t[i] != '\r' &&
			       t[i] != '\n';
			ln += t[i] == '\n';
			i++;
		}
		if (!ok)
			break;
		if (text)
			last = i;
	}
	*start = t + begin;
	if (i >= s->len) {
		*n = s->len - begin;
		return CLI_SCRIPT_INCOMPLETE;
	}
	*n = last - begin;
	s->pos = i + 1;
	s->line = ln;
	return CLI_SCRIPT_STATEMENT;
}
