/* args.h: graphctl's parsers for cluster arguments: durations, roles and
 * ID@HOST:PORT member specs. No I/O, so the unit tests link them directly. */
#ifndef GRAPHD_CLI_ARGS_H
#define GRAPHD_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest timeout graphctl waits for anything: a day. */
#define CLI_MAX_DURATION_MS (24LL * 3600 * 1000)

/* "250ms", "10s", "2m" or a bare number of seconds; -1 unless it is
 * between 1 ms and CLI_MAX_DURATION_MS. */
int cli_parse_duration_ms(const char *s, int64_t *ms);
/* The reverse, for messages: "10s", "250ms", "2m", "1m 30s". */
void cli_format_duration(char *buf, size_t len, int64_t ms);

/* The roles an instance reports: master, slave, arbiter, learner,
 * candidate. */
bool cli_role_valid(const char *role);

/* "ID@HOST:PORT" (ID > 0; HOST may be a bracketed IPv6 address): the new
 * member's server id and its ha.cluster_server. -1 if malformed. */
int cli_parse_member_spec(const char *s, uint32_t *id, char *addr,
			  size_t addr_len);

#endif
