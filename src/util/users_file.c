/* users_file.c: the users file's line format (dbms.security.auth_file),
 * shared by graphd (which checks logins) and graphctl set-password (which
 * writes lines): user names, PBKDF2-SHA256 password lines, random bytes. */
#include "util/users_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/pbkdf2.h>

int auth_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t got = getrandom(p, len, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

/* ------------------------------------------------------------- encodings */

static void hex_encode(char *out, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int auth_hex_decode(uint8_t *out, size_t max, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

bool auth_valid_user(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > AUTH_USER_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != '_')
			return false;
	}
	return true;
}

int auth_format_line(char *out, size_t outlen, const char *user,
		     const char *password, unsigned iterations,
		     const uint8_t *salt, size_t salt_len)
{
	uint8_t hash[AUTH_HASH_LEN];
	char salt_hex[2 * AUTH_SALT_MAX + 1], hash_hex[2 * AUTH_HASH_LEN + 1];
	int len;

	if (!auth_valid_user(user) || iterations < AUTH_ITER_MIN ||
	    iterations > AUTH_ITER_MAX || salt_len < AUTH_SALT_MIN ||
	    salt_len > AUTH_SALT_MAX || strlen(password) > AUTH_PASSWORD_MAX)
		return -1;
	pbkdf2_hmac_sha256(strlen(password), (const uint8_t *)password,
			   iterations, salt_len, salt, sizeof(hash), hash);
	hex_encode(salt_hex, salt, salt_len);
	hex_encode(hash_hex, hash, sizeof(hash));
	len = snprintf(out, outlen, "%s:" AUTH_SCHEME ":%u:%s:%s", user,
		       iterations, salt_hex, hash_hex);
	return len < 0 || (size_t)len >= outlen ? -1 : 0;
}
