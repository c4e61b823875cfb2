/* cmd_shell.c: `graphctl shell`: Cypher statements typed (with libedit line
 * editing and history in ~/.graphctl_history) or piped in on stdin. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/query.h"
#include "cli/script.h"
#include "config.h"

#ifdef HAVE_LIBEDIT
#include <editline/readline.h>
#endif

#define SHELL_PROMPT "graphd> "
#define SHELL_CONT   "      > "

struct shell {
	struct cli_ctx *ctx;
	struct cli_params params;
	bool tty;  /* interactive: prompts, go on after an error */
	char *buf; /* statement text read so far, not yet run */
	size_t len, cap;
	unsigned line;	   /* input lines read */
	unsigned buf_line; /* input line buf starts on */
	char history[4096];
};

static const char shell_help[] =
    "Type Cypher statements ending with ';' (a statement may span lines).\n"
    "  :param NAME=VALUE  set $NAME for the statements that follow\n"
    "  :param             list the parameters\n"
    "  :help              this text\n"
    "  :exit              leave (or Ctrl-D)\n";

/* One line without its newline (malloc'd), NULL at the end of input. */
static char *read_line(struct shell *sh)
{
	const char *prompt = sh->len ? SHELL_CONT : SHELL_PROMPT;
	char *l = NULL;
	size_t cap = 0;
	ssize_t n;

	if (sh->tty) {
#ifdef HAVE_LIBEDIT
		l = readline(prompt);
		if (l && *l)
			add_history(l);
		return l;
#else
		fputs(prompt, stdout);
		fflush(stdout);
#endif
	}
	n = getline(&l, &cap, stdin);
	if (n < 0) {
		free(l);
		return NULL;
	}
	if (n && l[n - 1] == '\n')
		l[n - 1] = '\0';
	return l;
}

static bool is_word(const char *l, size_t n, const char *word)
{
	return n == strlen(word) && strncmp(l, word, n) == 0;
}

/* A ':' command (only between statements): 1 when the shell should end, -1
 * for a bad one (which ends piped input: the statements after it would run
 * without what it should have set). */
static int command(struct shell *sh, const char *l)
{
	struct graphd_error e = {0};
	size_t n = strcspn(l, " \t");
	const char *arg = l + n + strspn(l + n, " \t");

	if (is_word(l, n, ":exit") || is_word(l, n, ":quit"))
		return 1;
	if (is_word(l, n, ":help")) {
		fputs(shell_help, stdout);
	} else if (is_word(l, n, ":param") && !*arg) {
		cli_params_print(stdout, &sh->params);
	} else if (is_word(l, n, ":param")) {
		if (cli_params_set(&sh->params, arg, &e) == 0)
			return 0;
		fprintf(stderr, "graphctl: <stdin>:%u: :param: %s\n", sh->line,
			e.message);
		return -1;
	} else {
		fprintf(stderr,
			"graphctl: <stdin>:%u: unknown command '%.*s'; :help "
			"lists them\n",
			sh->line, (int)n, l);
		return -1;
	}
	return 0;
}

static int append(struct shell *sh, const char *l)
{
	size_t n = strlen(l);

	if (sh->len + n + 2 > sh->cap) {
		size_t cap = (sh->len + n + 2) * 2;
		char *b = realloc(sh->buf, cap);
		if (!b) {
			fprintf(stderr, "graphctl: out of memory\n");
			return -1;
		}
		sh->buf = b;
		sh->cap = cap;
	}
	if (sh->len == 0)
		sh->buf_line = sh->line;
	memcpy(sh->buf + sh->len, l, n);
	sh->len += n;
	sh->buf[sh->len++] = '\n';
	sh->buf[sh->len] = '\0';
	return 0;
}

/* Runs the complete statements in buf and keeps an unfinished rest. */
static int run_complete(struct shell *sh)
{
	struct cli_script s;
	const char *stmt;
	size_t n;
	unsigned line;
	char where[64];
	int rc, st = CLI_OK;

	cli_script_init(&s, sh->buf, sh->len);
	while ((rc = cli_script_next(&s, &stmt, &n, &line)) ==
	       CLI_SCRIPT_STATEMENT) {
		snprintf(where, sizeof(where),
			 "<stdin>:%u: ", sh->buf_line + line - 1);
		st = cli_query_run(sh->ctx, stmt, n, &sh->params, NULL,
				   sh->tty ? "" : where);
		if (st != CLI_OK && !sh->tty)
			return st;
	}
	if (rc == CLI_SCRIPT_END) {
		sh->len = 0;
	} else {
		memmove(sh->buf, sh->buf + s.pos, sh->len - s.pos + 1);
		sh->len -= s.pos;
		sh->buf_line += s.line - 1;
	}
	return sh->tty ? CLI_OK : st;
}

/* The last statement of piped input may lack its ';'. */
static int finish(struct shell *sh)
{
	struct cli_script s;
	const char *stmt;
	size_t n;
	unsigned line;
	char where[64];

	if (sh->len == 0 || sh->tty)
		return CLI_OK;
	cli_script_init(&s, sh->buf, sh->len);
	if (cli_script_next(&s, &stmt, &n, &line) != CLI_SCRIPT_INCOMPLETE ||
	    n == 0)
		return CLI_OK; /* an unclosed comment: nothing to run */
	snprintf(where, sizeof(where), "<stdin>:%u: ", sh->buf_line + line - 1);
	return cli_query_run(sh->ctx, stmt, n, &sh->params, NULL, where);
}

static int loop(struct shell *sh)
{
	char *l;
	int st = CLI_OK;

	while (st == CLI_OK && (l = read_line(sh))) {
		const char *t = l + strspn(l, " \t");
		sh->line++;
		if (sh->len == 0 && *t == ':') {
			int done = command(sh, t);
			free(l);
			if (done > 0)
				return CLI_OK;
			if (done < 0 && !sh->tty)
				return CLI_E_USAGE;
			continue;
		}
		st = append(sh, l) < 0 ? CLI_E_SERVER : run_complete(sh);
		free(l);
	}
	if (sh->tty)
		putchar('\n'); /* after ^D, leave the terminal on a new line */
	return st == CLI_OK ? finish(sh) : st;
}

int cmd_shell(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {CLI_OPT_JSON, {NULL, 0, NULL, 0}};
	struct shell sh = {.ctx = ctx};
	const char *home = getenv("HOME");
	int c, st;

	while ((c = cli_getopt(ctx, argc, argv, "shell", "", opts)) != -1)
		if (c == -2)
			return CLI_E_USAGE;
	if (argc - optind != 0)
		return cli_usage("shell", "no arguments expected");
	sh.tty = isatty(0) && isatty(1);
	if (home && *home)
		snprintf(sh.history, sizeof(sh.history), "%s/.graphctl_history",
			 home);
#ifdef HAVE_LIBEDIT
	if (sh.tty && sh.history[0]) {
		using_history();
		read_history(sh.history);
	}
#endif
	if (sh.tty)
		printf("graphctl shell on %s: statements end with ';', :help "
		       "for help, :exit to leave\n",
		       ctx->servers);
	st = loop(&sh);
#ifdef HAVE_LIBEDIT
	if (sh.tty && sh.history[0])
		write_history(sh.history);
#endif
	free(sh.buf);
	cli_params_free(&sh.params);
	return st;
}
