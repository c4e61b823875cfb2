/* auth.h: who may talk to this instance: client logins, cluster secret. */
#ifndef GRAPHD_AUTH_H
#define GRAPHD_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/config.h"
#include "util/users_file.h"

struct node;
struct auth; /* opaque: the users file as last loaded, see auth_check() */

/* ---------------------------------------------------------- client logins */

/* dbms.security.auth_enabled: clients must log in on the client port (and
 * HTTP). */
bool auth_enabled(const struct node *n);
/* !dbms.security.ha_status_auth_enabled: the HTTP HA status endpoints need
 * no login even when auth_enabled(). */
bool auth_ha_status_open(const struct node *n);

/* 0 when user/password are right; -1 otherwise (also when the users file
 * cannot be read). The hash comparison is constant-time, and an unknown user
 * costs the same PBKDF2 as a known one. The file is re-read when it changed
 * (graphctl set-password on a running instance). */
int auth_check(struct node *n, const char *user, const char *password);

/* Value of an HTTP Authorization header ("Basic base64(user:pass)"), NULL
 * when absent: 0 when it authenticates, -1 otherwise. */
int auth_check_basic(struct node *n, const char *header);

/* Start-up check (graphd exits on failure): with auth enabled, the users
 * file must exist, parse and name at least one user. conf is the config
 * file's name; err gets "FILE:LINE: reason". */
int auth_check_config(const struct config *c, const char *conf, char *err,
		      size_t errlen);

void auth_free(struct auth *a);

/* ------------------------------------------------- cluster secret (peers) */

/* Cluster-port handshake with ha.cluster_secret (DESIGN.md 3.4): the
 * dialler's PeerHello carries its nonce; the acceptor's PeerWelcome carries
 * its nonce and its proof; the dialler answers with PeerAuth and its proof.
 * Each side checks the other's proof before it accepts any other frame. A
 * proof is HMAC-SHA256(secret, "graphd-peer-v1" | role | dialler nonce |
 * acceptor nonce | dialler id | acceptor id | cluster name): the secret never
 * crosses the network, fresh nonces defeat replay, and the role byte keeps a
 * proof from being reflected back to the side that made it. */
#define AUTH_NONCE_LEN 32
#define AUTH_PROOF_LEN 32

enum auth_role {
	AUTH_ROLE_DIALLER = 'D',
	AUTH_ROLE_ACCEPTOR = 'A',
};

struct auth_peer_hs {
	const char *cluster_name;
	uint32_t dialler_id;
	uint32_t acceptor_id;
	uint8_t dialler_nonce[AUTH_NONCE_LEN];
	uint8_t acceptor_nonce[AUTH_NONCE_LEN];
};

void auth_peer_proof(const char *secret, const struct auth_peer_hs *hs,
		     enum auth_role role, uint8_t out[AUTH_PROOF_LEN]);
/* True when proof (len bytes) is role's proof for hs (constant-time). */
bool auth_peer_verify(const char *secret, const struct auth_peer_hs *hs,
		      enum auth_role role, const uint8_t *proof, size_t len);

#endif
