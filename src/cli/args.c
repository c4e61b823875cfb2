/* args.c: graphctl's parsers for cluster arguments (see args.h). */
#include "cli/args.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits only (no sign, no spaces: strtoull would accept both). */
static int parse_digits(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;

	if (len == 0 || len > 12)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	*v = x;
	return 0;
}

int cli_parse_duration_ms(const char *s, int64_t *ms)
{
	static const struct {
		const char *suffix;
		uint64_t scale;
	} units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"", 1000}};
	size_t n = s ? strspn(s, "0123456789") : 0;
	uint64_t v;

	if (n == 0 || parse_digits(s, n, &v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + n, units[i].suffix) != 0)
			continue;
		if (v == 0 ||
		    v > (uint64_t)CLI_MAX_DURATION_MS / units[i].scale)
			return -1;
		*ms = (int64_t)(v * units[i].scale);
		return 0;
	}
	return -1;
}

void cli_format_duration(char *buf, size_t len, int64_t ms)
{
	if (ms % 1000)
		snprintf(buf, len, "%" PRId64 "ms", ms);
	else if (ms < 60000)
		snprintf(buf, len, "%" PRId64 "s", ms / 1000);
	else if (ms % 60000 == 0)
		snprintf(buf, len, "%" PRId64 "m", ms / 60000);
	else
		snprintf(buf, len, "%" PRId64 "m %" PRId64 "s", ms / 60000,
			 ms % 60000 / 1000);
}

bool cli_role_valid(const char *role)
{
	static const char *const roles[] = {"master", "slave", "arbiter",
					    "learner", "candidate"};

	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

/* "host:port" or "[v6]:port" with a port in 1..65535. */
static int check_host_port(const char *s)
{
	const char *colon;
	uint64_t port;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1 || close[1] != ':')
			return -1;
		colon = close + 1;
	} else {
		colon = strchr(s, ':');
		if (!colon || colon == s || strchr(colon + 1, ':'))
			return -1;
	}
	if (parse_digits(colon + 1, strlen(colon + 1), &port) < 0 ||
	    port == 0 || port > 65535)
		return -1;
	return 0;
}

int cli_parse_member_spec(const char *s, uint32_t *id, char *addr,
			  size_t addr_len)
{
	const char *at = s ? strchr(s, '@') : NULL;
	uint64_t v;

	if (!at || parse_digits(s, (size_t)(at - s), &v) < 0 || v == 0 ||
	    v > UINT32_MAX || check_host_port(at + 1) < 0 ||
	    strlen(at + 1) >= addr_len)
		return -1;
	*id = (uint32_t)v;
	snprintf(addr, addr_len, "%s", at + 1);
	return 0;
}
