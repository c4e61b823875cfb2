/* auth.c: client logins (users file, PBKDF2) and cluster secret proofs. */
#include "node/auth.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <nettle/base64.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>

#include "node/node.h"
#include "util/log.h"

#define AUTH_LINE_MAX	512
#define AUTH_FILE_MAX	(1024 * 1024)
#define AUTH_PEER_LABEL "graphd-peer-v1"

struct auth_user {
	char name[AUTH_USER_MAX + 1];
	unsigned iterations;
	uint8_t salt[AUTH_SALT_MAX];
	size_t salt_len;
	uint8_t hash[AUTH_HASH_LEN];
	/* After a successful login: SHA-256(cache_key | salt | password), so
	 * that a client repeating the right password (HTTP Basic sends it on
	 * every request) does not pay PBKDF2 on the event loop each time. A
	 * wrong password never matches it and pays the full PBKDF2. */
	uint8_t remembered[AUTH_HASH_LEN];
	bool has_remembered;
};

struct auth {
	char path[PATH_MAX];
	struct stat st; /* of the file as loaded, to notice replacements */
	bool loaded;
	bool missing_logged;
	struct auth_user *users;
	size_t n_users;
	struct auth_user dummy; /* what an unknown user is checked against */
	uint8_t cache_key[AUTH_HASH_LEN];
};

bool auth_enabled(const struct node *n)
{
	return n->cfg.auth_enabled;
}

bool auth_ha_status_open(const struct node *n)
{
	return !n->cfg.ha_status_auth_enabled;
}

/* ------------------------------------------------------------ users file */

/* "user:pbkdf2-sha256:iterations:salt-hex:hash-hex" into u. */
static int parse_user(struct auth_user *u, char *line, char *why, size_t n)
{
	char *f[5], *end;
	unsigned long it;
	size_t len;

	for (int i = 0; i < 5; i++) {
		f[i] = line;
		line = i < 4 ? strchr(line, ':') : NULL;
		if (i < 4 && !line)
			return snprintf(why, n,
					"expected user:" AUTH_SCHEME
					":iterations:salt-hex:hash-hex"),
			       -1;
		if (line)
			*line++ = '\0';
	}
	if (!auth_valid_user(f[0]))
		return snprintf(why, n,
				"bad user name (1..%d letters, digits, '.', "
				"'-' or '_')",
				AUTH_USER_MAX),
		       -1;
	if (strcmp(f[1], AUTH_SCHEME) != 0)
		return snprintf(why, n,
				"unknown scheme '%.40s' (expected " AUTH_SCHEME
				")",
				f[1]),
		       -1;
	errno = 0;
	it = strtoul(f[2], &end, 10);
	if (!isdigit((unsigned char)*f[2]) || errno || *end ||
	    it < AUTH_ITER_MIN || it > AUTH_ITER_MAX)
		return snprintf(why, n, "iterations must be %d..%d",
				AUTH_ITER_MIN, AUTH_ITER_MAX),
		       -1;
	if (auth_hex_decode(u->salt, sizeof(u->salt), &u->salt_len, f[3]) < 0 ||
	    u->salt_len < AUTH_SALT_MIN)
		return snprintf(why, n, "salt must be %d..%d bytes in hex",
				AUTH_SALT_MIN, AUTH_SALT_MAX),
		       -1;
	if (auth_hex_decode(u->hash, sizeof(u->hash), &len, f[4]) < 0 ||
	    len != AUTH_HASH_LEN)
		return snprintf(why, n, "hash must be %d bytes in hex",
				AUTH_HASH_LEN),
		       -1;
	snprintf(u->name, sizeof(u->name), "%s", f[0]);
	u->iterations = (unsigned)it;
	u->has_remembered = false;
	return 0;
}

static int add_user(struct auth_user **users, size_t *n,
		    const struct auth_user *u)
{
	struct auth_user *grown;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*users)[i].name, u->name) == 0)
			return -1;
	grown = realloc(*users, (*n + 1) * sizeof(**users));
	if (!grown)
		return -1;
	grown[(*n)++] = *u;
	*users = grown;
	return 0;
}

/* One line of the file: blank and '#' lines are skipped. */
static int load_line(struct auth_user **users, size_t *n, char *line,
		     const char *path, unsigned lineno, char *err,
		     size_t errlen)
{
	struct auth_user u;
	char why[256];

	line[strcspn(line, "\r\n")] = '\0';
	while (isspace((unsigned char)*line))
		line++;
	if (*line == '\0' || *line == '#')
		return 0;
	if (parse_user(&u, line, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
		return -1;
	}
	if (add_user(users, n, &u) < 0) {
		snprintf(err, errlen, "%s:%u: user '%s' listed twice", path,
			 lineno, u.name);
		return -1;
	}
	return 0;
}

/* Reads the users file. On error writes "PATH:LINE: reason" (or "PATH:
 * reason") to err and returns -1 when the file cannot be opened, -2 when
 * its content is wrong. */
static int load_users(const char *path, struct stat *st,
		      struct auth_user **users, size_t *n, char *err,
		      size_t errlen)
{
	char line[AUTH_LINE_MAX + 2];
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");

	*users = NULL;
	*n = 0;
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), st) < 0 || st->st_size > AUTH_FILE_MAX) {
		snprintf(err, errlen, "%s: not a readable file under 1MB",
			 path);
		goto err;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen,
				 "%s:%u: line longer than %d bytes", path,
				 lineno, AUTH_LINE_MAX);
			goto err;
		}
		if (load_line(users, n, line, path, lineno, err, errlen) < 0)
			goto err;
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	return 0;
err:
	explicit_bzero(line, sizeof(line));
	fclose(f);
	free(*users);
	*users = NULL;
	*n = 0;
	return -2;
}

int auth_check_config(const struct config *c, const char *conf, char *err,
		      size_t errlen)
{
	struct auth_user *users;
	struct stat st;
	size_t n;
	char why[PATH_MAX + 256];
	int rc;

	if (!c->auth_enabled)
		return 0;
	rc = load_users(c->auth_file, &st, &users, &n, why, sizeof(why));
	if (rc == -2) { /* the file itself is wrong: point into it */
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (rc < 0) {
		snprintf(err, errlen,
			 "%s:%u: dbms.security.auth_enabled = true, but the "
			 "users file cannot be read (%s); create it with "
			 "'graphctl set-password USER --file %s' or set "
			 "dbms.security.auth_file",
			 conf, c->auth_enabled_line, why, c->auth_file);
		return -1;
	}
	free(users);
	if (n == 0) {
		snprintf(err, errlen,
			 "%s:%u: dbms.security.auth_enabled = true, but the "
			 "users file %s names no user, so nobody could log "
			 "in; add one with 'graphctl set-password USER --file "
			 "%s'",
			 conf, c->auth_enabled_line, c->auth_file,
			 c->auth_file);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- logins */

static struct auth *auth_new(const struct config *c)
{
	struct auth *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	snprintf(a->path, sizeof(a->path), "%s", c->auth_file);
	a->dummy.iterations = AUTH_ITER_DEFAULT;
	a->dummy.salt_len = AUTH_SALT_MIN;
	if (auth_random(a->cache_key, sizeof(a->cache_key)) < 0 ||
	    auth_random(a->dummy.salt, a->dummy.salt_len) < 0 ||
	    auth_random(a->dummy.hash, sizeof(a->dummy.hash)) < 0) {
		free(a);
		return NULL;
	}
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	if (a->users)
		explicit_bzero(a->users, a->n_users * sizeof(*a->users));
	free(a->users);
	explicit_bzero(a, sizeof(*a));
	free(a);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Re-reads the users file when it was replaced or changed. A file that
 * vanished refuses everybody (fail closed); a file that no longer parses
 * keeps the users loaded before, so a typo does not lock everyone out. */
static void auth_refresh(struct auth *a)
{
	struct auth_user *users;
	struct stat st;
	size_t n;
	char err[PATH_MAX + 256];

	if (stat(a->path, &st) < 0) {
		if (!a->missing_logged)
			log_error("Users file %s cannot be read (%s): every "
				  "login is refused until it is back "
				  "(graphctl set-password)",
				  a->path, strerror(errno));
		a->missing_logged = true;
		a->n_users = 0;
		a->loaded = false;
		return;
	}
	a->missing_logged = false;
	if (a->loaded && same_file(&st, &a->st))
		return;
	if (load_users(a->path, &st, &users, &n, err, sizeof(err)) < 0) {
		log_error("Cannot reload the users file: %s; keeping the %zu "
			  "users loaded before",
			  err, a->n_users);
		a->st = st; /* do not retry until it changes again */
		return;
	}
	if (a->loaded)
		log_info("Users file %s changed: %zu users loaded", a->path, n);
	if (a->users)
		explicit_bzero(a->users, a->n_users * sizeof(*a->users));
	free(a->users);
	a->users = users;
	a->n_users = n;
	a->st = st;
	a->loaded = true;
}

static void remember_digest(const struct auth *a, const struct auth_user *u,
			    const char *password, uint8_t out[AUTH_HASH_LEN])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, sizeof(a->cache_key), a->cache_key);
	sha256_update(&ctx, u->salt_len, u->salt);
	sha256_update(&ctx, strlen(password), (const uint8_t *)password);
	sha256_digest(&ctx, AUTH_HASH_LEN, out);
}

static bool password_matches(struct auth *a, struct auth_user *u,
			     const char *password)
{
	uint8_t digest[AUTH_HASH_LEN], hash[AUTH_HASH_LEN];
	bool ok;

	remember_digest(a, u, password, digest);
	if (u->has_remembered &&
	    memeql_sec(digest, u->remembered, sizeof(digest)))
		return true;
	pbkdf2_hmac_sha256(strlen(password), (const uint8_t *)password,
			   u->iterations, u->salt_len, u->salt, sizeof(hash),
			   hash);
	ok = memeql_sec(hash, u->hash, sizeof(hash));
	if (ok && u != &a->dummy) {
		memcpy(u->remembered, digest, sizeof(digest));
		u->has_remembered = true;
	}
	explicit_bzero(hash, sizeof(hash));
	return ok;
}

int auth_check(struct node *n, const char *user, const char *password)
{
	struct auth_user *u = NULL;
	struct auth *a;

	if (!user || !password || strlen(password) > AUTH_PASSWORD_MAX)
		return -1;
	if (!n->auth && !(n->auth = auth_new(&n->cfg))) {
		log_error("Out of memory or no random source while checking a "
			  "login: refused");
		return -1;
	}
	a = n->auth;
	auth_refresh(a);
	for (size_t i = 0; i < a->n_users && !u; i++)
		if (strcmp(a->users[i].name, user) == 0)
			u = &a->users[i];
	/* An unknown user costs a PBKDF2 too: timing does not tell which
	 * user names exist. The dummy's random hash never matches. */
	if (!password_matches(a, u ? u : &a->dummy, password) || !u)
		return -1;
	return 0;
}

int auth_check_basic(struct node *n, const char *header)
{
	struct base64_decode_ctx ctx;
	uint8_t buf[BASE64_DECODE_LENGTH(2 * AUTH_PASSWORD_MAX) + 1];
	size_t len = 0, enc_len;
	char *colon;
	int rc;

	if (!header || strncasecmp(header, "Basic ", 6) != 0)
		return -1;
	header += 6;
	while (*header == ' ')
		header++;
	enc_len = strcspn(header, " \t\r\n");
	if (enc_len == 0 || enc_len > 2 * AUTH_PASSWORD_MAX)
		return -1;
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &len, buf, enc_len, header) ||
	    !base64_decode_final(&ctx) || len >= sizeof(buf))
		return -1;
	buf[len] = '\0';
	if (memchr(buf, '\0', len) || !(colon = strchr((char *)buf, ':')))
		return -1;
	*colon = '\0';
	rc = auth_check(n, (const char *)buf, colon + 1);
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/* --------------------------------------------------------- cluster secret */

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void auth_peer_proof(const char *secret, const struct auth_peer_hs *hs,
		     enum auth_role role, uint8_t out[AUTH_PROOF_LEN])
{
	struct hmac_sha256_ctx ctx;
	uint8_t r = (uint8_t)role, ids[8];

	put_u32(ids, hs->dialler_id);
	put_u32(ids + 4, hs->acceptor_id);
	hmac_sha256_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	/* The label's NUL separates it from the fixed-size fields. */
	hmac_sha256_update(&ctx, sizeof(AUTH_PEER_LABEL),
			   (const uint8_t *)AUTH_PEER_LABEL);
	hmac_sha256_update(&ctx, 1, &r);
	hmac_sha256_update(&ctx, AUTH_NONCE_LEN, hs->dialler_nonce);
	hmac_sha256_update(&ctx, AUTH_NONCE_LEN, hs->acceptor_nonce);
	hmac_sha256_update(&ctx, sizeof(ids), ids);
	hmac_sha256_update(&ctx, strlen(hs->cluster_name),
			   (const uint8_t *)hs->cluster_name);
	hmac_sha256_digest(&ctx, AUTH_PROOF_LEN, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

bool auth_peer_verify(const char *secret, const struct auth_peer_hs *hs,
		      enum auth_role role, const uint8_t *proof, size_t len)
{
	uint8_t want[AUTH_PROOF_LEN];
	bool ok;

	if (!secret || !secret[0] || !proof || len != AUTH_PROOF_LEN)
		return false;
	auth_peer_proof(secret, hs, role, want);
	ok = memeql_sec(want, proof, AUTH_PROOF_LEN);
	explicit_bzero(want, sizeof(want));
	return ok;
}
