/* cmd_set_password.c: `graphctl set-password USER --file PATH`: adds or
 * replaces a user in a users file (dbms.security.auth_file), and the
 * password prompt that graphctl's login shares. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "util/users_file.h"

#define SETPW_FILE_MAX (1024 * 1024)
#define SETPW_SALT_LEN 16

/* One line from f into buf without its newline; echo off when f is a
 * terminal. -1 on end of file, error or a line that does not fit. */
static int read_line_noecho(FILE *f, const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(fileno(f)) && tcgetattr(fileno(f), &old) == 0;
	char *ok;

	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		tcsetattr(fileno(f), TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)len, f);
	if (tty) {
		tcsetattr(fileno(f), TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!ok || (!strchr(buf, '\n') && !feof(f))) {
		explicit_bzero(buf, len);
		return -1;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int cli_read_password(FILE *f, const char *prompt, char *buf, size_t len)
{
	return read_line_noecho(f, prompt, buf, len);
}

/* The password, twice on a terminal (a typo would lock the user out). */
static int setpw_read(const char *user, char *pw, size_t len)
{
	char again[CLI_PASSWORD_MAX + 2], prompt[128];
	int rc = 0;

	snprintf(prompt, sizeof(prompt), "New password for %s: ", user);
	if (read_line_noecho(stdin, prompt, pw, len) < 0) {
		fprintf(stderr,
			"graphctl: set-password: no password on "
			"stdin (at most %d bytes, one line)\n",
			CLI_PASSWORD_MAX);
		return -1;
	}
	if (!pw[0]) {
		fprintf(stderr, "graphctl: set-password: empty password "
				"refused\n");
		return -1;
	}
	if (isatty(fileno(stdin)) &&
	    (read_line_noecho(stdin, "Again: ", again, sizeof(again)) < 0 ||
	     strcmp(again, pw) != 0)) {
		fprintf(stderr, "graphctl: set-password: the passwords do not "
				"match; nothing changed\n");
		rc = -1;
	}
	explicit_bzero(again, sizeof(again));
	return rc;
}

/* The file's current text without USER's line ("" if it does not exist);
 * *replaced says whether USER had one. NULL after printing why. */
static char *setpw_others(const char *path, const char *user, bool *replaced)
{
	FILE *f = fopen(path, "r");
	char *out = calloc(1, SETPW_FILE_MAX + 1), line[1024];
	size_t used = 0, ulen = strlen(user);

	*replaced = false;
	if (!out || (!f && errno != ENOENT)) {
		fprintf(stderr, "graphctl: set-password: cannot read %s: %s\n",
			path, out ? strerror(errno) : "out of memory");
		goto err;
	}
	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (strncmp(line, user, ulen) == 0 && line[ulen] == ':') {
			*replaced = true;
			continue;
		}
		if (used + n + 1 > SETPW_FILE_MAX) {
			fprintf(stderr,
				"graphctl: set-password: %s is larger than "
				"1MB; is it a users file?\n",
				path);
			goto err;
		}
		memcpy(out + used, line, n);
		used += n;
		if (line[n - 1] != '\n')
			out[used++] = '\n';
	}
	if (f)
		fclose(f);
	return out;
err:
	if (f)
		fclose(f);
	free(out);
	return NULL;
}

/* Writes text to path atomically: a 0600 temporary file in the same
 * directory, fsync, rename; a running graphd sees the old or the new file,
 * never half of one. */
static int setpw_write(const char *path, const char *text)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	size_t len = strlen(text);
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
	    sizeof(tmp)) {
		fprintf(stderr, "graphctl: set-password: path too long\n");
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr,
			"graphctl: set-password: cannot create %s: %s\n", tmp,
			strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) < 0 || write(fd, text, len) != (ssize_t)len ||
	    fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "graphctl: set-password: cannot write %s: %s\n",
			path, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if ((fd = open(dirname(dir), O_RDONLY)) >= 0) {
		fsync(fd); /* the rename itself survives a crash */
		close(fd);
	}
	return 0;
}

static int setpw_store(const char *path, const char *user, const char *pw,
		       unsigned iterations)
{
	uint8_t salt[SETPW_SALT_LEN];
	char line[AUTH_USER_MAX + 3 * AUTH_SALT_MAX + 128];
	char *text = NULL;
	bool replaced;
	int rc = -1;

	if (auth_random(salt, sizeof(salt)) < 0 ||
	    auth_format_line(line, sizeof(line), user, pw, iterations, salt,
			     sizeof(salt)) < 0) {
		fprintf(stderr,
			"graphctl: set-password: cannot hash the "
			"password: %s\n",
			strerror(errno));
		goto out;
	}
	if (!(text = setpw_others(path, user, &replaced)))
		goto out;
	snprintf(text + strlen(text), SETPW_FILE_MAX + 1 - strlen(text), "%s\n",
		 line);
	if (setpw_write(path, text) < 0)
		goto out;
	printf("%s the password of user %s in %s\n",
	       replaced ? "Replaced" : "Set", user, path);
	rc = 0;
out:
	explicit_bzero(line, sizeof(line));
	free(text);
	return rc;
}

int cmd_set_password(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"file", 1, NULL, 'f'},
					     {"iterations", 1, NULL, 'i'},
					     CLI_OPT_JSON,
					     {NULL, 0, NULL, 0}};
	const char *file = NULL, *user;
	char pw[CLI_PASSWORD_MAX + 2];
	uint32_t iterations = AUTH_ITER_DEFAULT;
	int c, rc;

	while ((c = cli_getopt(ctx, argc, argv, "set-password", "f:", opts)) !=
	       -1) {
		if (c == -2)
			return CLI_E_USAGE;
		if (c == 'f')
			file = optarg;
		if (c == 'i' &&
		    (cli_parse_u32(optarg, &iterations) < 0 ||
		     iterations < AUTH_ITER_MIN || iterations > AUTH_ITER_MAX))
			return cli_usage("set-password",
					 "--iterations must be %d..%d",
					 AUTH_ITER_MIN, AUTH_ITER_MAX);
	}
	if (optind + 1 != argc || !file)
		return cli_usage("set-password", "needs USER and --file PATH");
	user = argv[optind];
	if (!auth_valid_user(user))
		return cli_usage("set-password",
				 "bad user name '%.80s' (1..%d letters, "
				 "digits, '.', '-' or '_')",
				 user, AUTH_USER_MAX);
	if (setpw_read(user, pw, sizeof(pw)) < 0)
		return CLI_E_USAGE;
	rc = setpw_store(file, user, pw, iterations);
	explicit_bzero(pw, sizeof(pw));
	return rc < 0 ? CLI_E_SERVER : CLI_OK;
}
