/* users_file.h: the users file's line format, shared by server and CLI. */
#ifndef GRAPHD_UTIL_USERS_FILE_H
#define GRAPHD_UTIL_USERS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_SCHEME "pbkdf2-sha256"
#define AUTH_USER_MAX	  64 /* user names: 1..64 of [A-Za-z0-9._-] */
#define AUTH_PASSWORD_MAX 1024
#define AUTH_HASH_LEN	  32
#define AUTH_SALT_MIN	  8
#define AUTH_SALT_MAX	  64
/* PBKDF2 runs on the event loop: a login stalls heartbeats for as long as
 * it takes (about 8ms at the default), so the count is bounded. */
#define AUTH_ITER_DEFAULT 10000
#define AUTH_ITER_MIN	  1000
#define AUTH_ITER_MAX	  100000

/* 1..AUTH_USER_MAX of [A-Za-z0-9._-] (safe to log). */
bool auth_valid_user(const char *s);

/* One users-file line, "user:pbkdf2-sha256:iterations:salt-hex:hash-hex"
 * (no newline), for password. Returns 0, or -1 if a value is out of range or
 * out is too small. */
int auth_format_line(char *out, size_t outlen, const char *user,
		     const char *password, unsigned iterations,
		     const uint8_t *salt, size_t salt_len);

/* Reads len bytes from the kernel's random source. 0, or -1 with errno. */
int auth_random(void *buf, size_t len);

/* Decodes exactly strlen(s)/2 bytes of hex into out (at most max bytes),
 * setting *len. -1 if s is empty, odd, too long or not hex. */
int auth_hex_decode(uint8_t *out, size_t max, size_t *len, const char *s);

#endif
