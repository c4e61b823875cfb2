/* poll.h: graphctl's bounded status polling, shared by `wait` and
 * `transfer-master`. */
#ifndef GRAPHD_CLI_POLL_H
#define GRAPHD_CLI_POLL_H

#include "cli/cli.h"

/* How often the status is asked for: quick enough to notice an election
 * (300 ms by default) early, rare enough not to load the instance. */
#define CLI_POLL_INTERVAL_MS 50

struct cli_poll {
	struct graphd_status last; /* the last status received */
	bool have_status;
	bool last_failed;	 /* the latest attempt failed, see err */
	struct graphd_error err; /* the latest failure */
};

/* Asks the first instance of ctx->servers that answers for its status every
 * CLI_POLL_INTERVAL_MS, reconnecting as needed (the instance may be
 * restarting or in an election), until done(status, arg) holds or
 * timeout_ms has passed. Returns CLI_OK when done, CLI_E_SERVER (1) on
 * timeout, CLI_E_CONNECT at once when the handshake is refused (a wrong
 * --cluster: waiting would not help). p->last is the last status seen
 * either way; free it with cli_poll_free. */
int cli_poll_status(const struct cli_ctx *ctx, int64_t timeout_ms,
		    bool (*done)(const struct graphd_status *s,
				 const void *arg),
		    const void *arg, struct cli_poll *p);
void cli_poll_free(struct cli_poll *p);

#endif
