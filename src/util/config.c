/* config.c: graphd.conf parser and cross-key validation (see config.h). */
#include "util/config.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CONFIG_FILE_MAX (1024 * 1024)
#define CONFIG_LINE_MAX 4096

struct config_key {
	const char *name;
	/* Parses v into c, or writes why it is bad into why. */
	int (*set)(struct config *c, const char *v, char *why, size_t whylen);
};

/* Parser state for one file: where relative paths are anchored and which
 * keys were already set (and on which line), to report duplicates. */
struct config_parser {
	struct config *c;
	const char *name;
	char basedir[PATH_MAX];
	unsigned seen_line[32];
};

const char *config_mode_str(enum config_mode m)
{
	switch (m) {
	case CONFIG_MODE_SINGLE:
		return "SINGLE";
	case CONFIG_MODE_HA:
		return "HA";
	case CONFIG_MODE_ARBITER:
		return "ARBITER";
	}
	return "?";
}

static void addr_set(struct config_addr *a, const char *host, uint16_t port)
{
	snprintf(a->host, sizeof(a->host), "%s", host);
	a->port = port;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->mode = CONFIG_MODE_SINGLE;
	c->server_id = 1;
	snprintf(c->cluster_name, sizeof(c->cluster_name), "graphd");
	addr_set(&c->cluster_server, "127.0.0.1", 5001);
	addr_set(&c->server, "127.0.0.1", 6001);
	addr_set(&c->http, "127.0.0.1", 7474);
	c->heartbeat_interval_ms = 50;
	c->election_timeout_ms = 300;
	c->write_timeout_ms = 10000;
	c->session_retention_ms = 10u * 60u * 1000u;
	c->slave_only = false;
	c->max_frame_size = 16u * 1024u * 1024u;
	c->max_value_size = CONFIG_DEFAULT_VALUE_MAX;
	c->txn_max = CONFIG_DEFAULT_TXN_MAX;
	c->pagecache_size = CONFIG_DEFAULT_PAGECACHE;
	c->log_compact_every = 10000;
	snprintf(c->data_dir, sizeof(c->data_dir), "data");
	c->log_level = LOG_LVL_INFO;
	c->max_connections = 1000;
	c->handshake_timeout_ms = 10000;
	c->max_prelogin_frame = 64u * 1024u;
	c->http_read_timeout_ms = 30000;
}

/* ------------------------------------------------------------ value parsers */

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int config_parse_addr(struct config_addr *a, const char *s)
{
	const char *colon, *host = s;
	size_t hostlen;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		host = s + 1;
		hostlen = (size_t)(close - host);
		colon = close + 1;
		if (hostlen == 0)
			return -1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hostlen = (size_t)(colon - s);
		/* A bare IPv6 address must be bracketed: "[::1]:6001". */
		if (memchr(s, ':', hostlen))
			return -1;
	}
	if (hostlen >= sizeof(a->host))
		return -1;
	if (parse_port(colon + 1, &a->port) < 0)
		return -1;
	if (hostlen == 0) {
		snprintf(a->host, sizeof(a->host), "127.0.0.1");
	} else {
		memcpy(a->host, host, hostlen);
		a->host[hostlen] = '\0';
	}
	for (size_t i = 0; a->host[i]; i++)
		if (isspace((unsigned char)a->host[i]))
			return -1;
	return 0;
}

/* "250ms", "2s", "1m" or a bare number of milliseconds, 1ms .. 1 hour. */
static int parse_duration_ms(const char *s, unsigned *out)
{
	char *end;
	unsigned long long v, mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == '\0' || strcmp(end, "ms") == 0)
		mult = 1;
	else if (strcmp(end, "s") == 0)
		mult = 1000;
	else if (strcmp(end, "m") == 0)
		mult = 60000;
	else
		return -1;
	if (v == 0 || v > 3600000ull / mult)
		return -1;
	*out = (unsigned)(v * mult);
	return 0;
}

/* "512", "64k", "16M", "1G" (binary multiples). */
static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v, mult;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case '\0':
		mult = 1;
		break;
	case 'k':
	case 'K':
		mult = 1ull << 10;
		break;
	case 'm':
	case 'M':
		mult = 1ull << 20;
		break;
	case 'g':
	case 'G':
		mult = 1ull << 30;
		break;
	default:
		return -1;
	}
	if (*end && end[1])
		return -1;
	if (v > (1ull << 40) / mult)
		return -1;
	*out = v * mult;
	return 0;
}

/* ----------------------------------------------------------------- setters */

static char *trim(char *s);

static int set_mode(struct config *c, const char *v, char *why, size_t n)
{
	if (strcasecmp(v, "SINGLE") == 0)
		c->mode = CONFIG_MODE_SINGLE;
	else if (strcasecmp(v, "HA") == 0)
		c->mode = CONFIG_MODE_HA;
	else if (strcasecmp(v, "ARBITER") == 0)
		c->mode = CONFIG_MODE_ARBITER;
	else
		return snprintf(why, n, "expected SINGLE, HA or ARBITER"), -1;
	return 0;
}

static int set_server_id(struct config *c, const char *v, char *why, size_t n)
{
	char *end;
	unsigned long id;

	errno = 0;
	id = strtoul(v, &end, 10);
	if (!isdigit((unsigned char)*v) || errno || *end || id < 1 ||
	    id > 65535)
		return snprintf(why, n, "expected an integer 1..65535"), -1;
	c->server_id = (uint32_t)id;
	return 0;
}

/* "id@host:port", "id@host:port/arbiter" or "host:port". */
static int parse_peer(struct config_peer *p, const char *s)
{
	const char *at = strchr(s, '@');
	char addr[CONFIG_HOST_MAX + 16];
	const char *slash;
	char *end;
	unsigned long id;

	p->id = 0;
	p->arbiter = false;
	if ((slash = strchr(s, '/')) != NULL) {
		if (!at || strcmp(slash, "/arbiter") != 0 ||
		    (size_t)(slash - s) >= sizeof(addr))
			return -1;
		p->arbiter = true;
		memcpy(addr, s, (size_t)(slash - s));
		addr[slash - s] = '\0';
		s = addr;
		at = strchr(s, '@');
	}
	if (at) {
		errno = 0;
		id = strtoul(s, &end, 10);
		if (!isdigit((unsigned char)*s) || errno || end != at ||
		    id < 1 || id > 65535)
			return -1;
		p->id = (uint32_t)id;
		s = at + 1;
	}
	return config_parse_addr(&p->addr, s);
}

static int set_initial_hosts(struct config *c, const char *v, char *why,
			     size_t n)
{
	char buf[CONFIG_LINE_MAX], *tok, *next;
	size_t count = 0;

	snprintf(buf, sizeof(buf), "%s", v);
	/* Not strtok: it would skip the empty entry of "a:1,,b:2". */
	for (tok = buf; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		tok = trim(tok);
		if (count == CONFIG_MAX_HOSTS)
			return snprintf(why, n, "more than %d hosts",
					CONFIG_MAX_HOSTS),
			       -1;
		if (*tok == '\0' || parse_peer(&c->initial_hosts[count], tok))
			return snprintf(why, n,
					"bad entry '%.200s': expected a "
					"comma-separated list of host:port or "
					"id@host:port[/arbiter]",
					tok),
			       -1;
		count++;
	}
	if (count == 0)
		return snprintf(why, n, "expected host:port[,host:port...]"),
		       -1;
	c->n_initial_hosts = count;
	return 0;
}

static int set_addr(struct config_addr *a, const char *v, char *why, size_t n)
{
	if (config_parse_addr(a, v) < 0)
		return snprintf(why, n,
				"expected host:port, [ipv6]:port or :port "
				"(port 1..65535)"),
		       -1;
	return 0;
}

static int set_cluster_server(struct config *c, const char *v, char *why,
			      size_t n)
{
	return set_addr(&c->cluster_server, v, why, n);
}

/* "host:0": any free port (tests, several instances per host). */
static int set_addr_any(struct config_addr *a, const char *v, char *why,
			size_t n)
{
	size_t len = strlen(v);
	char tmp[CONFIG_HOST_MAX + 16];

	if (len >= 2 && len < sizeof(tmp) && strcmp(v + len - 2, ":0") == 0) {
		snprintf(tmp, sizeof(tmp), "%.*s:1", (int)(len - 2), v);
		if (config_parse_addr(a, tmp) == 0) {
			a->port = 0;
			return 0;
		}
	}
	return set_addr(a, v, why, n);
}

/* ha.server may name port 0: graphd then binds any free port, logs it and
 * writes it to DATA_DIR/graphd.port. */
static int set_server(struct config *c, const char *v, char *why, size_t n)
{
	return set_addr_any(&c->server, v, why, n);
}

static int set_http(struct config *c, const char *v, char *why, size_t n)
{
	return set_addr_any(&c->http, v, why, n);
}

static int set_cluster_name(struct config *c, const char *v, char *why,
			    size_t n)
{
	size_t len = strlen(v);

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!isalnum(ch) && ch != '.' && ch != '-' && ch != '_')
			len = 0;
	}
	if (len == 0 || len >= CONFIG_NAME_MAX)
		return snprintf(why, n,
				"expected 1..63 letters, digits, '.', '-' "
				"or '_'"),
		       -1;
	memcpy(c->cluster_name, v, len + 1);
	return 0;
}

static int set_duration(unsigned *out, const char *v, char *why, size_t n)
{
	if (parse_duration_ms(v, out) < 0)
		return snprintf(why, n,
				"expected a duration such as 50ms, 2s or 1m "
				"(1ms..1h)"),
		       -1;
	return 0;
}

static int set_heartbeat(struct config *c, const char *v, char *why, size_t n)
{
	return set_duration(&c->heartbeat_interval_ms, v, why, n);
}

static int set_election(struct config *c, const char *v, char *why, size_t n)
{
	return set_duration(&c->election_timeout_ms, v, why, n);
}

static int set_write_timeout(struct config *c, const char *v, char *why,
			     size_t n)
{
	return set_duration(&c->write_timeout_ms, v, why, n);
}

static int set_session_retention(struct config *c, const char *v, char *why,
				 size_t n)
{
	return set_duration(&c->session_retention_ms, v, why, n);
}

static int set_compact_every(struct config *c, const char *v, char *why,
			     size_t n)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v, &end, 10);
	if (!isdigit((unsigned char)*v) || errno || *end || x < 10 ||
	    x > 100000000ull)
		return snprintf(why, n,
				"expected a number of transactions, "
				"10..100000000"),
		       -1;
	c->log_compact_every = x;
	return 0;
}

static int set_slave_only(struct config *c, const char *v, char *why, size_t n)
{
	if (strcasecmp(v, "true") == 0)
		c->slave_only = true;
	else if (strcasecmp(v, "false") == 0)
		c->slave_only = false;
	else
		return snprintf(why, n, "expected true or false"), -1;
	return 0;
}

static int set_max_frame(struct config *c, const char *v, char *why, size_t n)
{
	unsigned long long sz;

	if (parse_size(v, &sz) < 0 || sz < (1ull << 10) || sz > (1ull << 30))
		return snprintf(why, n,
				"expected a size such as 64k or 16M "
				"(1k..1G)"),
		       -1;
	c->max_frame_size = (size_t)sz;
	return 0;
}

/* A size of 1k..1G for the bounds below. */
static int set_size(size_t *out, unsigned long long min, const char *v,
		    char *why, size_t n)
{
	unsigned long long sz;

	if (parse_size(v, &sz) < 0 || sz < min || sz > (1ull << 30))
		return snprintf(why, n,
				"expected a size such as 64k or 16M "
				"(%lluk..1G)",
				min >> 10),
		       -1;
	*out = (size_t)sz;
	return 0;
}

static int set_value_max(struct config *c, const char *v, char *why, size_t n)
{
	return set_size(&c->max_value_size, 1ull << 10, v, why, n);
}

static int set_txn_max(struct config *c, const char *v, char *why, size_t n)
{
	return set_size(&c->txn_max, 4ull << 10, v, why, n);
}

static int set_pagecache(struct config *c, const char *v, char *why, size_t n)
{
	return set_size(&c->pagecache_size, 1ull << 20, v, why, n);
}

static int set_data_dir(struct config *c, const char *v, char *why, size_t n)
{
	if (strlen(v) >= sizeof(c->data_dir))
		return snprintf(why, n, "path longer than %d bytes",
				PATH_MAX - 1),
		       -1;
	snprintf(c->data_dir, sizeof(c->data_dir), "%s", v);
	return 0;
}

static int set_log_level(struct config *c, const char *v, char *why, size_t n)
{
	int l = log_level_parse(v);

	if (l < 0)
		return snprintf(why, n, "expected DEBUG, INFO, WARN or ERROR"),
		       -1;
	c->log_level = l;
	return 0;
}

static int parse_bool(bool *out, const char *v, char *why, size_t n)
{
	if (strcasecmp(v, "true") == 0)
		*out = true;
	else if (strcasecmp(v, "false") == 0)
		*out = false;
	else
		return snprintf(why, n, "expected true or false"), -1;
	return 0;
}

static int check_secret(const char *v, char *why, size_t n)
{
	size_t len = strlen(v);

	for (size_t i = 0; i < len; i++)
		if (iscntrl((unsigned char)v[i]))
			return snprintf(why, n, "contains a control character"),
			       -1;
	if (len < CONFIG_SECRET_MIN || len >= CONFIG_SECRET_MAX)
		return snprintf(why, n,
				"the cluster secret must be %d..%d characters "
				"(e.g. 'openssl rand -hex 24')",
				CONFIG_SECRET_MIN, CONFIG_SECRET_MAX - 1),
		       -1;
	return 0;
}

static int set_cluster_secret(struct config *c, const char *v, char *why,
			      size_t n)
{
	if (check_secret(v, why, n) < 0)
		return -1;
	snprintf(c->cluster_secret, sizeof(c->cluster_secret), "%s", v);
	return 0;
}

static int set_path(char *dst, size_t size, const char *v, char *why, size_t n)
{
	if (strlen(v) >= size)
		return snprintf(why, n, "path longer than %zu bytes", size - 1),
		       -1;
	snprintf(dst, size, "%s", v);
	return 0;
}

/* Read after parsing (resolve_security), relative to the file's directory. */
static int set_cluster_secret_file(struct config *c, const char *v, char *why,
				   size_t n)
{
	return set_path(c->cluster_secret_file, sizeof(c->cluster_secret_file),
			v, why, n);
}

static int set_auth_enabled(struct config *c, const char *v, char *why,
			    size_t n)
{
	return parse_bool(&c->auth_enabled, v, why, n);
}

static int set_auth_file(struct config *c, const char *v, char *why, size_t n)
{
	return set_path(c->auth_file, sizeof(c->auth_file), v, why, n);
}

static int set_ha_status_auth(struct config *c, const char *v, char *why,
			      size_t n)
{
	return parse_bool(&c->ha_status_auth_enabled, v, why, n);
}

static int set_max_connections(struct config *c, const char *v, char *why,
			       size_t n)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(v, &end, 10);
	if (!isdigit((unsigned char)*v) || errno || *end || x < 1 ||
	    x > 1000000ul)
		return snprintf(why, n,
				"expected a number of connections, 1..1000000"),
		       -1;
	c->max_connections = (unsigned)x;
	return 0;
}

static int set_handshake_timeout(struct config *c, const char *v, char *why,
				 size_t n)
{
	return set_duration(&c->handshake_timeout_ms, v, why, n);
}

static int set_prelogin_frame(struct config *c, const char *v, char *why,
			      size_t n)
{
	return set_size(&c->max_prelogin_frame, 1ull << 10, v, why, n);
}

static int set_http_read_timeout(struct config *c, const char *v, char *why,
				 size_t n)
{
	return set_duration(&c->http_read_timeout_ms, v, why, n);
}

static const struct config_key config_keys[] = {
    {"dbms.mode", set_mode},
    {"ha.server_id", set_server_id},
    {"ha.initial_hosts", set_initial_hosts},
    {"ha.cluster_server", set_cluster_server},
    {"ha.server", set_server},
    {"dbms.connector.http.listen_address", set_http},
    {"ha.cluster_name", set_cluster_name},
    {"ha.heartbeat_interval", set_heartbeat},
    {"ha.election_timeout", set_election},
    {"ha.write_timeout", set_write_timeout},
    {"ha.session_retention", set_session_retention},
    {"ha.slave_only", set_slave_only},
    {"ha.log_compact_every", set_compact_every},
    {"ha.max_frame_size", set_max_frame},
    {"dbms.directories.data", set_data_dir},
    {"dbms.logs.level", set_log_level},
    {"ha.cluster_secret", set_cluster_secret},
    {"ha.cluster_secret_file", set_cluster_secret_file},
    {"dbms.security.auth_enabled", set_auth_enabled},
    {"dbms.security.auth_file", set_auth_file},
    {"dbms.security.ha_status_auth_enabled", set_ha_status_auth},
    {"ha.max_value_size", set_value_max},
    {"dbms.memory.transaction.max", set_txn_max},
    {"dbms.memory.pagecache.size", set_pagecache},
    {"dbms.connector.max_connections", set_max_connections},
    {"dbms.connector.handshake_timeout", set_handshake_timeout},
    {"ha.max_prelogin_frame_size", set_prelogin_frame},
    {"dbms.connector.http.read_timeout", set_http_read_timeout},
};

#define N_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))

/* ------------------------------------------------------------------ parser */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A '#' at the start of a line or after whitespace starts a comment. */
static void strip_comment(char *s)
{
	for (char *p = s; *p; p++) {
		if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

/* Relative data directories are relative to the config file's directory, so
 * that graphd behaves the same whatever directory it was started from. */
static int resolve_data_dir(struct config_parser *p, char *why, size_t n)
{
	char tmp[PATH_MAX];
	struct config *c = p->c;

	if (c->data_dir[0] == '/' || p->basedir[0] == '\0')
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/%s", p->basedir,
			     c->data_dir) >= sizeof(tmp))
		return snprintf(why, n, "data directory path too long"), -1;
	snprintf(c->data_dir, sizeof(c->data_dir), "%s", tmp);
	return 0;
}

/* Anchors a relative path at the config file's directory (as data_dir). */
static int resolve_path(struct config_parser *p, char *path, size_t size)
{
	char tmp[PATH_MAX];

	if (path[0] == '/' || path[0] == '\0' || p->basedir[0] == '\0')
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/%s", p->basedir, path) >=
	    size)
		return -1;
	snprintf(path, size, "%s", tmp);
	return 0;
}

static unsigned key_line(const struct config_parser *p, const char *key)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (strcmp(config_keys[i].name, key) == 0)
			return p->seen_line[i];
	return 0;
}

/* The secret file's first line is the secret. It must not be readable by
 * other users: whoever reads it can join the cluster. */
static int read_secret_file(struct config *c, char *why, size_t n)
{
	char buf[CONFIG_SECRET_MAX + 2];
	struct stat st;
	FILE *f = fopen(c->cluster_secret_file, "r");
	int rc = -1;

	if (!f)
		return snprintf(why, n, "cannot open %s: %s",
				c->cluster_secret_file, strerror(errno)),
		       -1;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077)) {
		snprintf(why, n,
			 "%s is accessible to other users (mode %03o); "
			 "run chmod 600 on it",
			 c->cluster_secret_file, (unsigned)(st.st_mode & 0777));
		goto out;
	}
	if (!fgets(buf, sizeof(buf), f)) {
		snprintf(why, n, "%s is empty", c->cluster_secret_file);
		goto out;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (check_secret(buf, why, n) < 0)
		goto out;
	memcpy(c->cluster_secret, buf, strlen(buf) + 1); /* checked above */
	rc = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	fclose(f);
	return rc;
}

/* Security keys that depend on other keys or on files (see config.h). */
static int resolve_security(struct config_parser *p, char *err, size_t errlen)
{
	struct config *c = p->c;
	unsigned line = key_line(p, "ha.cluster_secret_file");
	char why[PATH_MAX + 256];
	int rc;

	c->auth_enabled_line = key_line(p, "dbms.security.auth_enabled");
	if (line && key_line(p, "ha.cluster_secret")) {
		snprintf(err, errlen,
			 "%s:%u: set ha.cluster_secret or "
			 "ha.cluster_secret_file, not both",
			 p->name, line);
		return -1;
	}
	if (line && (resolve_path(p, c->cluster_secret_file,
				  sizeof(c->cluster_secret_file)) < 0 ||
		     read_secret_file(c, why, sizeof(why)) < 0)) {
		snprintf(err, errlen, "%s:%u: ha.cluster_secret_file: %s",
			 p->name, line, why);
		return -1;
	}
	/* data_dir is already anchored; an explicit auth_file is not yet. */
	if (c->auth_file[0] == '\0') {
		char def[PATH_MAX + 8];

		snprintf(def, sizeof(def), "%s/auth", c->data_dir);
		rc = set_path(c->auth_file, sizeof(c->auth_file), def, why,
			      sizeof(why));
	} else {
		rc = resolve_path(p, c->auth_file, sizeof(c->auth_file));
	}
	if (rc < 0) {
		snprintf(err, errlen,
			 "%s: dbms.security.auth_file: path too long", p->name);
		return -1;
	}
	return 0;
}

static int parse_line(struct config_parser *p, char *line, unsigned lineno,
		      char *err, size_t errlen)
{
	char why[512], *eq, *key, *val;
	size_t i;

	strip_comment(line);
	line = trim(line);
	if (*line == '\0')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		snprintf(err, errlen,
			 "%s:%u: expected 'key = value', got '%.100s'", p->name,
			 lineno, line);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	for (i = 0; i < N_KEYS; i++)
		if (strcmp(config_keys[i].name, key) == 0)
			break;
	if (i == N_KEYS) {
		snprintf(err, errlen,
			 "%s:%u: unknown key '%.100s'; see graphd.conf(5)",
			 p->name, lineno, key);
		return -1;
	}
	if (p->seen_line[i]) {
		snprintf(err, errlen,
			 "%s:%u: duplicate key '%s' (first set on line %u)",
			 p->name, lineno, key, p->seen_line[i]);
		return -1;
	}
	p->seen_line[i] = lineno;
	if (*val == '\0') {
		snprintf(err, errlen, "%s:%u: no value for key '%s'", p->name,
			 lineno, key);
		return -1;
	}
	if (config_keys[i].set(p->c, val, why, sizeof(why)) < 0) {
		/* A secret, even a bad one, stays out of logs and terminals. */
		if (strcmp(key, "ha.cluster_secret") == 0)
			val = "(not shown)";
		snprintf(err, errlen, "%s:%u: bad value '%.100s' for %s: %s",
			 p->name, lineno, val, key, why);
		return -1;
	}
	return 0;
}

static void parser_init(struct config_parser *p, struct config *c,
			const char *name)
{
	const char *slash = strrchr(name, '/');

	memset(p, 0, sizeof(*p));
	p->c = c;
	p->name = name;
	if (slash) {
		size_t n = (size_t)(slash - name);
		if (n == 0)
			n = 1; /* "/graphd.conf" lives in "/" */
		if (n < sizeof(p->basedir)) {
			memcpy(p->basedir, name, n);
			p->basedir[n] = '\0';
		}
	}
}

int config_parse(struct config *c, const char *name, const char *text,
		 char *err, size_t errlen)
{
	struct config_parser p;
	char line[CONFIG_LINE_MAX], why[256];
	unsigned lineno = 0;
	const char *s = text;

	_Static_assert(N_KEYS <= sizeof(p.seen_line) / sizeof(p.seen_line[0]),
		       "seen_line too small");
	config_defaults(c);
	parser_init(&p, c, name);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		lineno++;
		if (len >= sizeof(line)) {
			snprintf(err, errlen,
				 "%s:%u: line longer than %d bytes", name,
				 lineno, CONFIG_LINE_MAX - 1);
			return -1;
		}
		memcpy(line, s, len);
		line[len] = '\0';
		if (parse_line(&p, line, lineno, err, errlen) < 0)
			return -1;
		s += len + (nl ? 1 : 0);
	}
	if (resolve_data_dir(&p, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	/* Left at its default, the pre-login limit follows a smaller
	 * ha.max_frame_size; set, it is checked against it (check_sizes). */
	if (!key_line(&p, "ha.max_prelogin_frame_size") &&
	    c->max_prelogin_frame > c->max_frame_size)
		c->max_prelogin_frame = c->max_frame_size;
	return resolve_security(&p, err, errlen);
}

static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return NULL;
	}
	buf = malloc(CONFIG_FILE_MAX + 1);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto err;
	}
	n = fread(buf, 1, CONFIG_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		goto err;
	}
	if (n > CONFIG_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 CONFIG_FILE_MAX);
		goto err;
	}
	if (memchr(buf, '\0', n)) {
		snprintf(err, errlen,
			 "%s: contains a NUL byte (not a text file?)", path);
		goto err;
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
err:
	free(buf);
	fclose(f);
	return NULL;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char *text = read_file(path, err, errlen);
	int rc;

	if (!text) {
		config_defaults(c);
		return -1;
	}
	rc = config_parse(c, path, text, err, errlen);
	free(text);
	if (rc == 0)
		snprintf(c->path, sizeof(c->path), "%s", path);
	return rc;
}

/* -------------------------------------------------------------- validation */

/* In the id@ form this instance's own entry must say what it is. */
static int check_self_kind(const struct config *c, char *why, size_t n)
{
	for (size_t i = 0; i < c->n_initial_hosts; i++) {
		const struct config_peer *p = &c->initial_hosts[i];

		if (p->id != c->server_id || c->mode == CONFIG_MODE_SINGLE)
			continue;
		if (p->arbiter && c->mode != CONFIG_MODE_ARBITER)
			return snprintf(why, n,
					"ha.initial_hosts lists this instance "
					"(%u) as an arbiter, but dbms.mode is "
					"%s (use --arbiter or dbms.mode = "
					"ARBITER)",
					p->id, config_mode_str(c->mode)),
			       -1;
		if (!p->arbiter && c->mode == CONFIG_MODE_ARBITER)
			return snprintf(why, n,
					"this instance (%u) is an arbiter, "
					"but ha.initial_hosts lists it as a "
					"data instance (write %u@%s:%u/arbiter)",
					p->id, p->id, p->addr.host,
					p->addr.port),
			       -1;
	}
	return 0;
}

/* A value must fit in a transaction with its record, and the Berkeley DB
 * cache must hold the largest transaction, or a committed entry could fail
 * on apply on every replica (DESIGN.md 3.3). */
static int check_sizes(const struct config *c, char *why, size_t n)
{
	if (c->max_value_size > c->txn_max / 2)
		return snprintf(why, n,
				"ha.max_value_size (%zu bytes) must be at most "
				"half of dbms.memory.transaction.max (%zu "
				"bytes)",
				c->max_value_size, c->txn_max),
		       -1;
	if (c->pagecache_size / CONFIG_CACHE_PER_TXN < c->txn_max)
		return snprintf(why, n,
				"dbms.memory.pagecache.size (%zu bytes) must "
				"be at least %d times "
				"dbms.memory.transaction.max (%zu bytes), so "
				"that the largest transaction can be applied",
				c->pagecache_size, CONFIG_CACHE_PER_TXN,
				c->txn_max),
		       -1;
	if (c->max_prelogin_frame > c->max_frame_size)
		return snprintf(why, n,
				"ha.max_prelogin_frame_size (%zu bytes) must "
				"be at most ha.max_frame_size (%zu bytes)",
				c->max_prelogin_frame, c->max_frame_size),
		       -1;
	return 0;
}

static int check_peers(const struct config *c, char *why, size_t n)
{
	size_t with_id = 0;

	for (size_t i = 0; i < c->n_initial_hosts; i++) {
		const struct config_peer *a = &c->initial_hosts[i];
		if (a->id)
			with_id++;
		for (size_t j = 0; j < i; j++) {
			const struct config_peer *b = &c->initial_hosts[j];
			if (a->id && a->id == b->id)
				return snprintf(why, n,
						"ha.initial_hosts names server "
						"id %u twice",
						a->id),
				       -1;
			if (a->addr.port == b->addr.port &&
			    strcmp(a->addr.host, b->addr.host) == 0)
				return snprintf(why, n,
						"ha.initial_hosts lists %s:%u "
						"twice",
						a->addr.host, a->addr.port),
				       -1;
		}
	}
	if (with_id != 0 && with_id != c->n_initial_hosts)
		return snprintf(why, n,
				"ha.initial_hosts mixes id@host:port and "
				"host:port entries; use one form"),
		       -1;
	return check_self_kind(c, why, n);
}

/* Port 0 (any free port) never collides. */
static bool same_addr(const struct config_addr *a, const struct config_addr *b)
{
	return a->port != 0 && a->port == b->port && strcmp(a->host, b->host) == 0;
}

static int check_rules(const struct config *c, char *why, size_t n)
{
	if (c->mode != CONFIG_MODE_SINGLE && c->n_initial_hosts == 0)
		return snprintf(why, n,
				"dbms.mode=%s requires ha.initial_hosts (the "
				"cluster members' ha.cluster_server addresses)",
				config_mode_str(c->mode)),
		       -1;
	/* Raft needs broadcastTime << electionTimeout (Raft paper, 5.6);
	 * demanding more than two heartbeats per timeout keeps one lost
	 * heartbeat from starting an election. */
	if (c->election_timeout_ms <= 2 * c->heartbeat_interval_ms)
		return snprintf(why, n,
				"ha.election_timeout (%ums) must exceed twice "
				"ha.heartbeat_interval (%ums)",
				c->election_timeout_ms,
				c->heartbeat_interval_ms),
		       -1;
	/* A write must be able to wait out one election (up to 2x the
	 * election timeout, DESIGN.md 3.5) before it fails. */
	if (c->write_timeout_ms <= 2 * c->election_timeout_ms)
		return snprintf(why, n,
				"ha.write_timeout (%ums) must exceed twice "
				"ha.election_timeout (%ums)",
				c->write_timeout_ms, c->election_timeout_ms),
		       -1;
	/* A write waiting up to ha.write_timeout may reach a new master a
	 * second time; its session must still be remembered then. */
	if (c->session_retention_ms <= c->write_timeout_ms)
		return snprintf(why, n,
				"ha.session_retention (%ums) must exceed "
				"ha.write_timeout (%ums)",
				c->session_retention_ms, c->write_timeout_ms),
		       -1;
	if (same_addr(&c->server, &c->cluster_server) ||
	    same_addr(&c->server, &c->http) ||
	    same_addr(&c->cluster_server, &c->http))
		return snprintf(why, n,
				"ha.server, ha.cluster_server and "
				"dbms.connector.http.listen_address must be "
				"different addresses"),
		       -1;
	if (check_sizes(c, why, n) < 0)
		return -1;
	return check_peers(c, why, n);
}

int config_validate(const struct config *c, const char *name, char *err,
		    size_t errlen)
{
	char why[512];

	if (check_rules(c, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	return 0;
}
