/* config.h: graphd.conf parsed once into a struct and validated in one place. */
#ifndef GRAPHD_CONFIG_H
#define GRAPHD_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_HOSTS 16
#define CONFIG_HOST_MAX 256
#define CONFIG_NAME_MAX 64
#define CONFIG_SECRET_MIN 16
#define CONFIG_SECRET_MAX 256
/* Size bounds: what one value and one transaction may write (checked before
 * proposing and again, alike on every replica, on apply), and the Berkeley
 * DB cache, which must hold CONFIG_CACHE_PER_TXN times the largest
 * transaction (its dirty pages, the pages it frees and the copies that
 * snapshot readers keep: MVCC). */
#define CONFIG_DEFAULT_VALUE_MAX (4u << 20)
#define CONFIG_DEFAULT_TXN_MAX	 (16u << 20)
#define CONFIG_DEFAULT_PAGECACHE (64u << 20)
#define CONFIG_CACHE_PER_TXN	 4

enum config_mode {
	CONFIG_MODE_SINGLE = 0,
	CONFIG_MODE_HA,
	CONFIG_MODE_ARBITER,
};

const char *config_mode_str(enum config_mode m); /* "SINGLE", "HA", "ARBITER" */

struct config_addr {
	char host[CONFIG_HOST_MAX]; /* "127.0.0.1", "::1", "localhost", "0.0.0.0" */
	uint16_t port;
};

/* An ha.initial_hosts entry: "host:port", "id@host:port" (id > 0) or
 * "id@host:port/arbiter". */
struct config_peer {
	uint32_t id; /* 0 when written without "id@" */
	bool arbiter; /* written "id@host:port/arbiter" */
	struct config_addr addr;
};

struct config {
	char path[PATH_MAX]; /* file it was loaded from ("" for defaults) */

	enum config_mode mode;           /* dbms.mode, default SINGLE */
	uint32_t server_id;              /* ha.server_id, 1..65535, default 1 */
	char cluster_name[CONFIG_NAME_MAX]; /* ha.cluster_name, default "graphd" */
	size_t n_initial_hosts;          /* ha.initial_hosts */
	struct config_peer initial_hosts[CONFIG_MAX_HOSTS];
	struct config_addr cluster_server; /* ha.cluster_server, :5001 */
	struct config_addr server;         /* ha.server, :6001 */
	struct config_addr http;           /* dbms.connector.http.listen_address, :7474 */
	unsigned heartbeat_interval_ms;  /* ha.heartbeat_interval, 50ms */
	unsigned election_timeout_ms;    /* ha.election_timeout, 300ms */
	unsigned write_timeout_ms;       /* ha.write_timeout, 10s */
	unsigned session_retention_ms;   /* ha.session_retention, 10m */
	bool slave_only;                 /* ha.slave_only, false */
	size_t max_frame_size;           /* ha.max_frame_size, 16M */
	/* Size bounds (src/graph/limits.h) and the Berkeley DB cache that
	 * must hold the largest transaction they allow (src/store/env.c). */
	size_t max_value_size;  /* ha.max_value_size, 4M */
	size_t txn_max;         /* dbms.memory.transaction.max, 16M */
	size_t pagecache_size;  /* dbms.memory.pagecache.size, 128M */
	uint64_t log_compact_every;      /* ha.log_compact_every, 10000 */
	char data_dir[PATH_MAX];         /* dbms.directories.data, "data" */
	int log_level;                   /* dbms.logs.level (enum log_level), INFO */
	/* Security (src/node/auth.c). The cluster secret is ha.cluster_secret
	 * or the first line of ha.cluster_secret_file; "" when unset. */
	char cluster_secret[CONFIG_SECRET_MAX];
	char cluster_secret_file[PATH_MAX]; /* ha.cluster_secret_file, "" */
	bool auth_enabled;          /* dbms.security.auth_enabled, false */
	unsigned auth_enabled_line; /* its line in the file, for errors */
	char auth_file[PATH_MAX];   /* dbms.security.auth_file, DATA_DIR/auth */
	bool ha_status_auth_enabled; /* dbms.security.ha_status_auth_enabled */
	/* Admission control on every listener (src/net/admit.c). */
	unsigned max_connections;      /* dbms.connector.max_connections, 1000 */
	unsigned handshake_timeout_ms; /* dbms.connector.handshake_timeout, 10s */
	size_t max_prelogin_frame;     /* ha.max_prelogin_frame_size, 64k */
	unsigned http_read_timeout_ms; /* dbms.connector.http.read_timeout, 30s */
};

void config_defaults(struct config *c);

/* Parses "key = value" lines ('#' comments, blank lines). On error returns -1
 * and writes "FILE:LINE: reason" (or "FILE: reason") to err. Unknown keys,
 * duplicate keys, bad values and a missing file are errors. Durations accept
 * "250ms", "2s", "1m" or a bare number of milliseconds; sizes "512", "64k",
 * "16M". */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

/* Same, from a string; name is used in error messages. For tests. */
int config_parse(struct config *c, const char *name, const char *text,
		 char *err, size_t errlen);

/* Cross-key checks after parsing (e.g. HA needs ha.initial_hosts). */
int config_validate(const struct config *c, const char *name, char *err,
		    size_t errlen);

/* "host:port" or "[v6]:port" or ":port" (host defaults to 127.0.0.1). */
int config_parse_addr(struct config_addr *a, const char *s);

#endif
