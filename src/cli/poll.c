/* poll.c: graphctl's bounded status polling (see poll.h). */
#include "cli/poll.h"

#include <errno.h>
#include <string.h>
#include <time.h>

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* One status request, connecting first if needed: 0 with p->last updated,
 * 1 after a failure worth waiting out, -1 after a final one. */
static int poll_once(graphd_t **g, const char *servers,
		     const struct graphd_options *o, struct cli_poll *p)
{
	struct graphd_status s;
	struct graphd_error e = {0};

	if (!*g && !(*g = graphd_connect(servers, o, &e)))
		goto fail;
	if (graphd_status(*g, &s, &e) < 0)
		goto fail;
	graphd_status_free(&p->last);
	p->last = s;
	p->have_status = true;
	p->last_failed = false;
	return 0;
fail:
	p->err = e;
	p->last_failed = true;
	return e.code == GRAPHD_E_REFUSED || e.code == GRAPHD_E_USAGE ? -1 : 1;
}

int cli_poll_status(const struct cli_ctx *ctx, int64_t timeout_ms,
		    bool (*done)(const struct graphd_status *s,
				 const void *arg),
		    const void *arg, struct cli_poll *p)
{
	int64_t deadline = now_ms() + timeout_ms;
	/* One attempt per poll (retry_ms 1: no retries inside the library),
	 * each bounded, so the loop keeps to the caller's timeout. */
	struct graphd_options o = {
	    .cluster_name = ctx->cluster,
	    .client_name = "graphctl",
	    .timeout_ms = timeout_ms < 1000 ? (unsigned)timeout_ms : 1000,
	    .retry_ms = 1,
	    .user = ctx->password ? ctx->user : NULL, /* cli_login */
	    .password = ctx->password};
	graphd_t *g = NULL;
	int st = CLI_E_SERVER, rc;

	memset(p, 0, sizeof(*p));
	for (;;) {
		int64_t left;

		rc = poll_once(&g, ctx->servers, &o, p);
		if (rc < 0) {
			st = CLI_E_CONNECT;
			break;
		}
		if (rc == 0 && done(&p->last, arg)) {
			st = CLI_OK;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0)
			break;
		sleep_ms(left < CLI_POLL_INTERVAL_MS ? left
						     : CLI_POLL_INTERVAL_MS);
	}
	graphd_close(g);
	return st;
}

void cli_poll_free(struct cli_poll *p)
{
	graphd_status_free(&p->last);
}
