/* test_auth.c: cluster secret proofs, the users file, logins, and the
 * security keys of graphd.conf. */
#include "node/auth.h"
#include "node/node.h"
#include "util/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../unit/cu_run.h"

#define SECRET "0123456789abcdef-secret"

static char tmpdir[64];
static char err[2048];

/* ------------------------------------------------------------ helpers */

static void hs_fixture(struct auth_peer_hs *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->cluster_name = "graphd";
	hs->dialler_id = 4;
	hs->acceptor_id = 1;
	for (int i = 0; i < AUTH_NONCE_LEN; i++) {
		hs->dialler_nonce[i] = (uint8_t)i;
		hs->acceptor_nonce[i] = (uint8_t)(i + 32);
	}
}

static void to_hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void path_in_tmp(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	char tmp[512];
	FILE *f;

	/* Replace (new inode), as graphctl set-password does. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	chmod(tmp, mode);
	CU_ASSERT_EQUAL_FATAL(rename(tmp, path), 0);
}

/* "name:pbkdf2-sha256:..." for password, with a fixed salt. */
static void user_line(char *out, size_t len, const char *user,
		      const char *password)
{
	uint8_t salt[16];

	for (int i = 0; i < 16; i++)
		salt[i] = (uint8_t)i;
	CU_ASSERT_EQUAL_FATAL(auth_format_line(out, len, user, password,
					       AUTH_ITER_MIN, salt,
					       sizeof(salt)),
			      0);
}

static struct node *node_with_users(const char *text)
{
	struct node *n = calloc(1, sizeof(*n));

	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	config_defaults(&n->cfg);
	n->cfg.auth_enabled = true;
	path_in_tmp(n->cfg.auth_file, sizeof(n->cfg.auth_file), "auth");
	if (text)
		write_text(n->cfg.auth_file, text, 0600);
	else
		unlink(n->cfg.auth_file);
	return n;
}

static void node_free(struct node *n)
{
	auth_free(n->auth);
	free(n);
}

/* ----------------------------------------------------- cluster secret */

/* The proof is HMAC-SHA256 over the documented layout: a known answer
 * computed independently (Python hmac) keeps versions interoperable. */
static void proof_matches_the_documented_hmac_layout(void)
{
	struct auth_peer_hs hs;
	uint8_t proof[AUTH_PROOF_LEN];
	char hex[2 * AUTH_PROOF_LEN + 1];

	hs_fixture(&hs);
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_DIALLER, proof);
	to_hex(hex, proof, sizeof(proof));
	CU_ASSERT_STRING_EQUAL(hex, "eebf594389e5bd335cf9d71a62a3028d65a74a0e"
				    "cfa5a140348de944a9b4f4ff");
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_ACCEPTOR, proof);
	to_hex(hex, proof, sizeof(proof));
	CU_ASSERT_STRING_EQUAL(hex, "3a8283ac4c37cee724a1eb954c921422025"
				    "5f344d8e42274e8cbae979f709475");
}

static void proof_verifies_only_with_the_same_secret(void)
{
	struct auth_peer_hs hs;
	uint8_t proof[AUTH_PROOF_LEN];

	hs_fixture(&hs);
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_DIALLER, proof);
	CU_ASSERT_TRUE(auth_peer_verify(SECRET, &hs, AUTH_ROLE_DIALLER, proof,
					sizeof(proof)));
	CU_ASSERT_FALSE(auth_peer_verify("0123456789abcdef-secreT", &hs,
					 AUTH_ROLE_DIALLER, proof,
					 sizeof(proof)));
	CU_ASSERT_FALSE(
	    auth_peer_verify("", &hs, AUTH_ROLE_DIALLER, proof, sizeof(proof)));
}

/* A proof the acceptor made cannot be sent back to it as the dialler's. */
static void proof_of_one_role_is_not_valid_for_the_other(void)
{
	struct auth_peer_hs hs;
	uint8_t proof[AUTH_PROOF_LEN];

	hs_fixture(&hs);
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_ACCEPTOR, proof);
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &hs, AUTH_ROLE_DIALLER, proof,
					 sizeof(proof)));
}

/* Fresh nonces make an old proof worthless (no replay), and the ids and
 * cluster name are bound in. */
static void proof_is_bound_to_nonces_ids_and_cluster(void)
{
	struct auth_peer_hs hs, other;
	uint8_t proof[AUTH_PROOF_LEN];

	hs_fixture(&hs);
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_DIALLER, proof);

	other = hs;
	other.acceptor_nonce[31] ^= 1;
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &other, AUTH_ROLE_DIALLER,
					 proof, sizeof(proof)));
	other = hs;
	other.dialler_nonce[0] ^= 0x80;
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &other, AUTH_ROLE_DIALLER,
					 proof, sizeof(proof)));
	other = hs;
	other.dialler_id = 5;
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &other, AUTH_ROLE_DIALLER,
					 proof, sizeof(proof)));
	other = hs;
	other.acceptor_id = 2;
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &other, AUTH_ROLE_DIALLER,
					 proof, sizeof(proof)));
	other = hs;
	other.cluster_name = "graphd2";
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &other, AUTH_ROLE_DIALLER,
					 proof, sizeof(proof)));
}

static void missing_or_truncated_proof_is_rejected(void)
{
	struct auth_peer_hs hs;
	uint8_t proof[AUTH_PROOF_LEN];

	hs_fixture(&hs);
	auth_peer_proof(SECRET, &hs, AUTH_ROLE_DIALLER, proof);
	CU_ASSERT_FALSE(
	    auth_peer_verify(SECRET, &hs, AUTH_ROLE_DIALLER, NULL, 0));
	CU_ASSERT_FALSE(auth_peer_verify(SECRET, &hs, AUTH_ROLE_DIALLER, proof,
					 sizeof(proof) - 1));
}

static void random_nonces_differ(void)
{
	uint8_t a[AUTH_NONCE_LEN], b[AUTH_NONCE_LEN];

	CU_ASSERT_EQUAL(auth_random(a, sizeof(a)), 0);
	CU_ASSERT_EQUAL(auth_random(b, sizeof(b)), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof(a)), 0);
}

/* ------------------------------------------------------------- logins */

static void users_file_line_is_pbkdf2_sha256(void)
{
	char line[512];

	user_line(line, sizeof(line), "alice", "hunter2-horse");
	/* PBKDF2-HMAC-SHA256(password, salt 00..0f, 1000), from Python's
	 * hashlib.pbkdf2_hmac. */
	CU_ASSERT_STRING_EQUAL(line,
			       "alice:pbkdf2-sha256:1000:"
			       "000102030405060708090a0b0c0d0e0f:"
			       "9b4f70c96d787b17b3384a1e22e5e90dad59dc5e66c7"
			       "8fa2f1686d3060f990ea");
	CU_ASSERT_EQUAL(auth_format_line(line, sizeof(line), "bad name", "x",
					 AUTH_ITER_MIN,
					 (const uint8_t *)"12345678", 8),
			-1);
	CU_ASSERT_EQUAL(auth_format_line(line, 20, "alice", "x", AUTH_ITER_MIN,
					 (const uint8_t *)"12345678", 8),
			-1);
}

static void login_needs_the_right_user_and_password(void)
{
	char a[512], b[512], text[1100];
	struct node *n;

	user_line(a, sizeof(a), "alice", "s3cret-A");
	user_line(b, sizeof(b), "bob", "s3cret-B");
	snprintf(text, sizeof(text), "# users\n\n%s\n%s\n", a, b);
	n = node_with_users(text);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "s3cret-A"), 0);
	CU_ASSERT_EQUAL(auth_check(n, "bob", "s3cret-B"), 0);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "s3cret-B"), -1);
	CU_ASSERT_EQUAL(auth_check(n, "alice", ""), -1);
	CU_ASSERT_EQUAL(auth_check(n, "carol", "s3cret-A"), -1);
	CU_ASSERT_EQUAL(auth_check(n, "", ""), -1);
	CU_ASSERT_EQUAL(auth_check(n, NULL, "s3cret-A"), -1);
	/* A remembered success does not let a wrong password in. */
	CU_ASSERT_EQUAL(auth_check(n, "alice", "s3cret-A"), 0);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "s3cret-A "), -1);
	node_free(n);
}

static void changed_users_file_is_reread(void)
{
	char line[512];
	struct node *n;

	user_line(line, sizeof(line), "alice", "old-password");
	n = node_with_users(line);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "old-password"), 0);
	user_line(line, sizeof(line), "alice", "new-password");
	write_text(n->cfg.auth_file, line, 0600);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "new-password"), 0);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "old-password"), -1);
	node_free(n);
}

/* A file that vanishes refuses everybody; one that no longer parses keeps
 * the users loaded before. */
static void users_file_failures_fail_closed_or_keep_last_good(void)
{
	char line[512];
	struct node *n;

	user_line(line, sizeof(line), "alice", "pw-alice-1");
	n = node_with_users(line);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "pw-alice-1"), 0);
	write_text(n->cfg.auth_file, "alice:garbage\n", 0600);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "pw-alice-1"), 0);
	unlink(n->cfg.auth_file);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "pw-alice-1"), -1);
	write_text(n->cfg.auth_file, line, 0600);
	CU_ASSERT_EQUAL(auth_check(n, "alice", "pw-alice-1"), 0);
	node_free(n);
}

static void http_basic_header_authenticates(void)
{
	char line[512];
	struct node *n;

	user_line(line, sizeof(line), "alice", "open:sesame");
	n = node_with_users(line);
	/* base64("alice:open:sesame"): the password may contain ':'. */
	CU_ASSERT_EQUAL(auth_check_basic(n, "Basic YWxpY2U6b3BlbjpzZXNhbWU="),
			0);
	CU_ASSERT_EQUAL(auth_check_basic(n, "basic YWxpY2U6b3BlbjpzZXNhbWU="),
			0);
	/* base64("alice:open:sesamE") */
	CU_ASSERT_EQUAL(auth_check_basic(n, "Basic YWxpY2U6b3BlbjpzZXNhbUU="),
			-1);
	CU_ASSERT_EQUAL(auth_check_basic(n, NULL), -1);
	CU_ASSERT_EQUAL(auth_check_basic(n, ""), -1);
	CU_ASSERT_EQUAL(auth_check_basic(n, "Bearer YWxpY2U6b3BlbjpzZXNhbWU="),
			-1);
	CU_ASSERT_EQUAL(auth_check_basic(n, "Basic !!!notbase64"), -1);
	/* base64("alice") has no ':' */
	CU_ASSERT_EQUAL(auth_check_basic(n, "Basic YWxpY2U="), -1);
	node_free(n);
}

static void settings_say_whether_login_is_needed(void)
{
	struct node *n = node_with_users(NULL);

	n->cfg.auth_enabled = false;
	CU_ASSERT_FALSE(auth_enabled(n));
	CU_ASSERT_TRUE(auth_ha_status_open(n));
	n->cfg.auth_enabled = true;
	n->cfg.ha_status_auth_enabled = true;
	CU_ASSERT_TRUE(auth_enabled(n));
	CU_ASSERT_FALSE(auth_ha_status_open(n));
	node_free(n);
}

/* ------------------------------------------------------------- config */

static int parse(struct config *c, const char *name, const char *text)
{
	err[0] = '\0';
	return config_parse(c, name, text, err, sizeof(err));
}

static void cluster_secret_must_be_long_enough(void)
{
	static struct config c;

	CU_ASSERT_EQUAL(parse(&c, "t.conf", "ha.cluster_secret = short\n"), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.conf:1:"));
	CU_ASSERT_PTR_NULL(strstr(err, "short")); /* a secret is not echoed */
	CU_ASSERT_EQUAL(
	    parse(&c, "t.conf", "ha.cluster_secret = 0123456789abcdef\n"), 0);
	CU_ASSERT_STRING_EQUAL(c.cluster_secret, "0123456789abcdef");
	CU_ASSERT_EQUAL(parse(&c, "t.conf", ""), 0);
	CU_ASSERT_STRING_EQUAL(c.cluster_secret, "");
}

static void cluster_secret_file_is_read_relative_to_the_config(void)
{
	static struct config c;
	char conf[256], secret[256], text[512];

	path_in_tmp(conf, sizeof(conf), "graphd.conf");
	path_in_tmp(secret, sizeof(secret), "secret");
	write_text(secret, SECRET "\nignored second line\n", 0600);
	CU_ASSERT_EQUAL(parse(&c, conf, "ha.cluster_secret_file = secret\n"),
			0);
	CU_ASSERT_STRING_EQUAL(c.cluster_secret, SECRET);

	/* Readable by others: anyone on the host could join. */
	write_text(secret, SECRET "\n", 0644);
	CU_ASSERT_EQUAL(parse(&c, conf, "\nha.cluster_secret_file = secret\n"),
			-1);
	snprintf(text, sizeof(text), "%s:2:", conf);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, text));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "chmod 600"));

	CU_ASSERT_EQUAL(
	    parse(&c, conf, "ha.cluster_secret_file = nonexistent\n"), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot open"));

	write_text(secret, SECRET "\n", 0600);
	CU_ASSERT_EQUAL(parse(&c, conf,
			      "ha.cluster_secret = " SECRET "\n"
			      "ha.cluster_secret_file = secret\n"),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not both"));
}

static void auth_file_defaults_to_the_data_directory(void)
{
	static struct config c;

	CU_ASSERT_EQUAL(parse(&c, "/etc/graphd/graphd.conf",
			      "dbms.directories.data = /var/lib/graphd\n"),
			0);
	CU_ASSERT_STRING_EQUAL(c.auth_file, "/var/lib/graphd/auth");
	CU_ASSERT_FALSE(c.auth_enabled);
	CU_ASSERT_FALSE(c.ha_status_auth_enabled);
	CU_ASSERT_EQUAL(parse(&c, "/etc/graphd/graphd.conf",
			      "dbms.security.auth_file = users\n"
			      "dbms.security.auth_enabled = true\n"
			      "dbms.security.ha_status_auth_enabled = true\n"),
			0);
	CU_ASSERT_STRING_EQUAL(c.auth_file, "/etc/graphd/users");
	CU_ASSERT_TRUE(c.auth_enabled);
	CU_ASSERT_EQUAL(c.auth_enabled_line, 2);
	CU_ASSERT_TRUE(c.ha_status_auth_enabled);
}

/* Start-up refuses auth without a usable users file, pointing at the
 * line that enabled it (or into the users file). */
static void auth_without_users_stops_start_up(void)
{
	static struct config c;
	char line[512], want[PATH_MAX + 600];

	CU_ASSERT_EQUAL(
	    parse(&c, "t.conf", "# x\ndbms.security.auth_enabled = true\n"), 0);
	path_in_tmp(c.auth_file, sizeof(c.auth_file), "users-missing");
	CU_ASSERT_EQUAL(auth_check_config(&c, "t.conf", err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.conf:2:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "graphctl set-password"));

	path_in_tmp(c.auth_file, sizeof(c.auth_file), "users-empty");
	write_text(c.auth_file, "# nobody yet\n", 0600);
	CU_ASSERT_EQUAL(auth_check_config(&c, "t.conf", err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.conf:2:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no user"));

	user_line(line, sizeof(line), "alice", "pw");
	path_in_tmp(c.auth_file, sizeof(c.auth_file), "users-bad");
	snprintf(want, sizeof(want), "%s\nbob:pbkdf2-sha256:1000:00:00\n",
		 line);
	write_text(c.auth_file, want, 0600);
	CU_ASSERT_EQUAL(auth_check_config(&c, "t.conf", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: salt", c.auth_file);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));

	write_text(c.auth_file, line, 0600);
	CU_ASSERT_EQUAL(auth_check_config(&c, "t.conf", err, sizeof(err)), 0);
	c.auth_enabled = false;
	path_in_tmp(c.auth_file, sizeof(c.auth_file), "users-missing");
	CU_ASSERT_EQUAL(auth_check_config(&c, "t.conf", err, sizeof(err)), 0);
}

static void remove_tmpdir(void)
{
	static const char *names[] = {"auth", "secret", "users-empty",
				      "users-bad"};
	char path[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_in_tmp(path, sizeof(path), names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	CU_pSuite s;
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_auth.XXXXXX",
		 t && *t && strlen(t) < 40 ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cluster_secret", NULL, NULL);
	CU_add_test(s, "proof_matches_the_documented_hmac_layout",
		    proof_matches_the_documented_hmac_layout);
	CU_add_test(s, "proof_verifies_only_with_the_same_secret",
		    proof_verifies_only_with_the_same_secret);
	CU_add_test(s, "proof_of_one_role_is_not_valid_for_the_other",
		    proof_of_one_role_is_not_valid_for_the_other);
	CU_add_test(s, "proof_is_bound_to_nonces_ids_and_cluster",
		    proof_is_bound_to_nonces_ids_and_cluster);
	CU_add_test(s, "missing_or_truncated_proof_is_rejected",
		    missing_or_truncated_proof_is_rejected);
	CU_add_test(s, "random_nonces_differ", random_nonces_differ);
	s = CU_add_suite("logins", NULL, NULL);
	CU_add_test(s, "users_file_line_is_pbkdf2_sha256",
		    users_file_line_is_pbkdf2_sha256);
	CU_add_test(s, "login_needs_the_right_user_and_password",
		    login_needs_the_right_user_and_password);
	CU_add_test(s, "changed_users_file_is_reread",
		    changed_users_file_is_reread);
	CU_add_test(s, "users_file_failures_fail_closed_or_keep_last_good",
		    users_file_failures_fail_closed_or_keep_last_good);
	CU_add_test(s, "http_basic_header_authenticates",
		    http_basic_header_authenticates);
	CU_add_test(s, "settings_say_whether_login_is_needed",
		    settings_say_whether_login_is_needed);
	s = CU_add_suite("config", NULL, NULL);
	CU_add_test(s, "cluster_secret_must_be_long_enough",
		    cluster_secret_must_be_long_enough);
	CU_add_test(s, "cluster_secret_file_is_read_relative_to_the_config",
		    cluster_secret_file_is_read_relative_to_the_config);
	CU_add_test(s, "auth_file_defaults_to_the_data_directory",
		    auth_file_defaults_to_the_data_directory);
	CU_add_test(s, "auth_without_users_stops_start_up",
		    auth_without_users_stops_start_up);
	{
		int rc = cu_run();
		remove_tmpdir();
		return rc;
	}
}
