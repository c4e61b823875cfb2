/* backup_wire.h: graphctl backup's connection: many answers to a request. */
#ifndef GRAPHD_CLI_BACKUP_WIRE_H
#define GRAPHD_CLI_BACKUP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "graphd.pb-c.h"

/* A response frame larger than this is refused (chunks are 256 KiB). */
#define BACKUP_WIRE_MAX (16u * 1024u * 1024u)

struct backup_conn {
	int fd;
	uint32_t server_id; /* from the handshake */
	char mode[16];	    /* "SINGLE", "HA", "ARBITER" */
	char name[272];	    /* "host:port" as given */
};

/* Login for dbms.security.auth_enabled (user NULL: none). */
struct backup_login {
	const char *user;
	const char *password;
};

/* Connects to host:port (the first of a comma list) within timeout_ms
 * and does the handshake with cluster name cluster. -1 with err filled
 * (refused: wrong cluster name or login, not a graphd port,
 * unreachable). */
int backup_wire_open(struct backup_conn *c, const char *servers,
		     const char *cluster, const struct backup_login *login,
		     int timeout_ms, char *err, size_t errlen);
int backup_wire_send(struct backup_conn *c, const Graphd__Request *req,
		     char *err, size_t errlen);
/* The next response, waiting at most timeout_ms for each read; NULL with
 * err filled when the connection broke, timed out or sent garbage. */
Graphd__Response *backup_wire_recv(struct backup_conn *c, int timeout_ms,
				   char *err, size_t errlen);
void backup_wire_close(struct backup_conn *c);

#endif
