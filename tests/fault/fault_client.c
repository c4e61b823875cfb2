/* fault_client.c: the fault suite's workload. Client threads, each with its
 * own libgraphd connection to every data instance, write and read registers
 * (one (:Reg {k, v}) node per key), append (:Ack {id}) nodes and read all
 * Ack ids back with a bookmark, and record every operation's invocation and
 * outcome in a history file (format in fault_client.h) for fault_check.
 * HTTP_THREADS more writers (-H) send register writes, compare-and-sets,
 * linearizable reads and appends as session-less HTTP requests
 * (fault_http.h), each to a data instance picked at random from
 * HTTP_SERVERS (-w), slaves included. A writer is HTTP_SLOTS threads (each
 * its own client id, after the library clients' ids) of which one sends
 * at a time; when its request has waited HTTP_STALL_MS, the next one sends,
 * to an instance where none of the writer's requests waits if there is
 * one, while the first keeps waiting for its answer: a web application
 * behind a load balancer that steers around stalled and refusing
 * instances (http_pick). Requests
 * pile up on a master that cannot commit (the stall fault), and each still
 * gets (and checks) whatever answer comes.
 *
 * usage: fault_client setup -s SERVERS -c CLUSTER -k KEYS
 *        fault_client run -s SERVERS -c CLUSTER -k KEYS -n THREADS
 *                     -t SECONDS -S SEED -o HISTORY [-r RETRY_MS]
 *                     [-w HTTP_SERVERS -H HTTP_THREADS] [-i FIRST_ID]
 *                     (client ids from FIRST_ID: a second run appends to
 *                     the history of a first with ids of its own)
 *        fault_client final -s SERVERS -c CLUSTER -k KEYS -o HISTORY
 *                     (a last linearizable read of every register,
 *                     appended to the history)
 *        fault_client acks -s SERVER -c CLUSTER    (every Ack id, a line
 *                                                   each, local read) */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/graphd.h"
#include "fault_client.h"
#include "fault_http.h"

#define MAX_SERVERS 8
/* Each request ends in bounded time: the library retries a retryable
 * failure for RETRY_MS (-r: a short one makes more outcomes unknown), each
 * attempt waiting at most TIMEOUT_MS. */
#define TIMEOUT_MS 1500
#define RETRY_MS   3000
/* An HTTP request is not retried: one bounded attempt, a timeout is an
 * unknown outcome. Longer than ha.write_timeout (8 s, nemesis.sh) so that
 * a write waiting for a master gets its answer, right or wrong. */
#define HTTP_TIMEOUT_MS 9000
#define HTTP_SLOTS	6
#define HTTP_STALL_MS	60
#define HTTP_DOWN_MS	200
#define MAX_KEYS	64

struct fc_opts {
	const char *mode, *servers, *cluster, *history, *http;
	int keys, threads, seconds, http_threads, first_id;
	unsigned seed, retry_ms;
};

/* Shared by the client threads; the history lock serializes whole lines. */
struct fc_shared {
	const struct fc_opts *o;
	char server[MAX_SERVERS][64];
	int n_servers;
	char http[MAX_SERVERS][64];
	int n_http;
	FILE *hist;
	pthread_mutex_t lock;
	uint64_t end_ns;
};

/* The threads of one HTTP writer: one sends at a time, another once the
 * newest request in flight has waited HTTP_STALL_MS. */
struct fc_http_group {
	pthread_mutex_t lock;
	pthread_cond_t cv; /* a request ended, or think time is over */
	int in_flight;
	uint64_t newest_ns;    /* when the newest request in flight started */
	uint64_t next_ns;      /* none in flight: the next starts from here */
	int busy[MAX_SERVERS]; /* requests in flight at each instance */
	uint64_t down_ns[MAX_SERVERS]; /* refused: avoided until then */
};

struct fc_thread {
	struct fc_shared *sh;
	struct fc_http_group *grp; /* HTTP writers only */
	int id;
	unsigned rand;
	graphd_t *g;		       /* every data instance */
	graphd_t *single[MAX_SERVERS]; /* one instance each: bookmark reads */
	uint64_t op;
	int64_t seen[MAX_KEYS]; /* HTTP: last value seen per register */
	pthread_t tid;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* xorshift: a per-thread generator from the seed, no hidden state. */
static unsigned next_rand(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void record(struct fc_thread *t, uint64_t op, const char *event,
		   char kind, int64_t key, int64_t value, uint64_t txn,
		   const char *ids)
{
	pthread_mutex_lock(&t->sh->lock);
	fprintf(t->sh->hist,
		"%d %" PRIu64 " %s %c %" PRIu64 " %" PRId64 " %" PRId64
		" %" PRIu64 "%s%s\n",
		t->id, op, event, kind, now_ns(), key, value, txn,
		ids ? " " : "", ids ? ids : "");
	fflush(t->sh->hist);
	pthread_mutex_unlock(&t->sh->lock);
}

/* A rejection by the query language cannot have changed anything; any other
 * failure (timeout, lost connection, no master after the retries) may have
 * been applied. */
static const char *outcome(const struct graphd_error *e)
{
	switch (e->code) {
	case GRAPHD_E_SYNTAX:
	case GRAPHD_E_SEMANTIC:
	case GRAPHD_E_QUERY_FAILED:
	case GRAPHD_E_BAD_REQUEST:
	case GRAPHD_E_CONSTRAINT:
	case GRAPHD_E_USAGE:
		return "fail";
	default:
		return "unknown";
	}
}

static struct graphd_param int_param(const char *name, int64_t v)
{
	return (struct graphd_param){.name = name,
				     .value = {.type = GRAPHD_INT, .u.i = v}};
}

static void op_write(struct fc_thread *t, int64_t key)
{
	uint64_t op = ++t->op;
	int64_t v = FAULT_VALUE(t->id, op);
	struct graphd_param p[2] = {int_param("k", key), int_param("v", v)};
	struct graphd_result r;
	struct graphd_error e = {0};

	record(t, op, "invoke", 'w', key, v, 0, NULL);
	if (graphd_query(t->g, "MATCH (r:Reg {k: $k}) SET r.v = $v", p, 2, NULL,
			 &r, &e) < 0) {
		record(t, op, outcome(&e), 'w', key, v, 0, NULL);
		return;
	}
	record(t, op, "ok", 'w', key, v, r.txn_id, NULL);
	graphd_result_free(&r);
}

/* The register's value in a read result (see fault_client.h). */
static int64_t read_value(const struct graphd_result *r)
{
	if (r->n_rows == 0)
		return -1;
	if (r->n_rows > 1)
		return -2;
	if (r->n_columns != 1 || r->rows[0][0].type != GRAPHD_INT)
		return -3;
	return r->rows[0][0].u.i;
}

static void op_read(struct fc_thread *t, int64_t key)
{
	uint64_t op = ++t->op;
	struct graphd_param p = int_param("k", key);
	struct graphd_read_opts ro = {.linearizable = true};
	struct graphd_result r;
	struct graphd_error e = {0};

	record(t, op, "invoke", 'r', key, 0, 0, NULL);
	if (graphd_query(t->g, "MATCH (r:Reg {k: $k}) RETURN r.v", &p, 1, &ro,
			 &r, &e) < 0) {
		record(t, op, outcome(&e), 'r', key, 0, 0, NULL);
		return;
	}
	record(t, op, "ok", 'r', key, read_value(&r), 0, NULL);
	graphd_result_free(&r);
}

/* Returns the append's transaction id when acknowledged, else 0. */
static uint64_t op_append(struct fc_thread *t)
{
	uint64_t op = ++t->op, txn;
	int64_t id = FAULT_VALUE(t->id, op);
	struct graphd_param p = int_param("id", id);
	struct graphd_result r;
	struct graphd_error e = {0};

	record(t, op, "invoke", 'a', 0, id, 0, NULL);
	if (graphd_query(t->g, "CREATE (:Ack {id: $id})", &p, 1, NULL, &r, &e) <
	    0) {
		record(t, op, outcome(&e), 'a', 0, id, 0, NULL);
		return 0;
	}
	txn = r.txn_id;
	record(t, op, "ok", 'a', 0, id, txn, NULL);
	graphd_result_free(&r);
	return txn;
}

/* "id,id,..." of every row of r (first column), or "-"; NULL out of
 * memory. Non-integers are written as -3 so the checker sees them. */
static char *ids_text(const struct graphd_result *r)
{
	size_t cap = 2 + r->n_rows * 21, len = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	strcpy(s, "-");
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct graphd_value *v = &r->rows[i][0];

		len += (size_t)snprintf(s + len, cap - len, "%s%" PRId64,
					i ? "," : "",
					v->type == GRAPHD_INT ? v->u.i : -3);
	}
	return s;
}

static graphd_t *single(struct fc_thread *t, int i)
{
	struct graphd_options go = {.cluster_name = t->sh->o->cluster,
				    .client_name = "fault_client",
				    .timeout_ms = TIMEOUT_MS,
				    .retry_ms = t->sh->o->retry_ms};

	if (!t->single[i])
		t->single[i] = graphd_connect(t->sh->server[i], &go, NULL);
	return t->single[i];
}

static void op_bookmark_read(struct fc_thread *t, uint64_t bookmark)
{
	uint64_t op = ++t->op;
	int i = (int)(next_rand(&t->rand) % (unsigned)t->sh->n_servers);
	struct graphd_read_opts ro = {.bookmark = bookmark};
	struct graphd_result r;
	struct graphd_error e = {0};
	graphd_t *g = single(t, i);
	char *ids;

	record(t, op, "invoke", 'b', i, 0, bookmark, NULL);
	if (!g || graphd_query(g, "MATCH (a:Ack) RETURN a.id", NULL, 0, &ro, &r,
			       &e) < 0) {
		record(t, op, g ? outcome(&e) : "unknown", 'b', i, 0, bookmark,
		       NULL);
		return;
	}
	ids = ids_text(&r);
	record(t, op, ids ? "ok" : "unknown", 'b', i, (int64_t)r.n_rows,
	       bookmark, ids);
	free(ids);
	graphd_result_free(&r);
}

static void one_op(struct fc_thread *t)
{
	unsigned x = next_rand(&t->rand) % 100;
	int64_t key = next_rand(&t->rand) % (unsigned)t->sh->o->keys;
	uint64_t txn;

	if (x < 40) {
		op_write(t, key);
	} else if (x < 80) {
		op_read(t, key);
	} else if ((txn = op_append(t)) && next_rand(&t->rand) % 2) {
		op_bookmark_read(t, txn);
	}
}

/* ------------------------------------------------------- HTTP writers */

/* The outcome of an HTTP answer that carries no result: a statement the
 * server refused (a client error, 4xx) changed nothing; anything else (a
 * transient error, a 5xx, a body we cannot read) may have been applied. */
static const char *http_error_outcome(const struct fh_reply *rep)
{
	json_t *errs = rep->body ? json_object_get(rep->body, "errors") : NULL;
	const char *code;

	if (rep->status >= 400 && rep->status < 500)
		return "fail";
	if (rep->status != 200 || !json_is_array(errs) ||
	    json_array_size(errs) == 0)
		return "unknown";
	code = json_string_value(json_object_get(json_array_get(errs, 0),
						 "code"));
	if (code && (!strncmp(code, "Neo.ClientError.Statement.", 26) ||
		     !strncmp(code, "Neo.ClientError.Schema.", 23) ||
		     !strncmp(code, "Neo.ClientError.Request.", 24)))
		return "fail";
	return "unknown";
}

/* The first row of the one result when its columns are exactly COLS
 * (comma-separated), else NULL; *n_rows its row count. */
static json_t *http_row(const struct fh_reply *rep, const char *cols,
			size_t *n_rows)
{
	json_t *res = json_array_get(json_object_get(rep->body, "results"), 0);
	json_t *c = json_object_get(res, "columns");
	json_t *data = json_object_get(res, "data");
	char got[128] = "";
	size_t i, used = 0;

	*n_rows = json_array_size(data);
	for (i = 0; i < json_array_size(c) && used < sizeof(got); i++)
		used += (size_t)snprintf(
		    got + used, sizeof(got) - used, "%s%s", i ? "," : "",
		    json_string_value(json_array_get(c, i))
			? json_string_value(json_array_get(c, i))
			: "?");
	if (strcmp(got, cols) != 0 || *n_rows == 0)
		return NULL;
	return json_object_get(json_array_get(data, 0), "row");
}

static int64_t http_int(json_t *row, size_t i)
{
	json_t *v = json_array_get(row, i);

	return json_is_integer(v) ? (int64_t)json_integer_value(v)
				  : FAULT_ECHO_BAD;
}

/* One statement to a data instance (http_pick). Returns the answer when it
 * carried a result (the caller frees rep->body), else records the outcome
 * and returns false. */
/* How well instance i suits the writer's next request: 2 when none of
 * its requests waits there and it did not refuse one lately, 1 when it
 * did not refuse one lately, else 0. */
static int http_rank(const struct fc_http_group *g, int i, uint64_t now)
{
	if (g->down_ns[i] > now)
		return 0;
	return g->busy[i] == 0 ? 2 : 1;
}

/* The instance for the next request: at random among the best ranked. */
static int http_pick(struct fc_thread *t)
{
	struct fc_http_group *g = t->grp;
	uint64_t now = now_ns();
	int best = 0, n = 0, i, k;

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < t->sh->n_http; i++) {
		int r = http_rank(g, i, now);

		n = r > best ? 1 : n + (r == best);
		best = r > best ? r : best;
	}
	k = (int)(next_rand(&t->rand) % (unsigned)n);
	for (i = 0; i < t->sh->n_http; i++)
		if (http_rank(g, i, now) == best && k-- == 0)
			break;
	g->busy[i]++;
	pthread_mutex_unlock(&g->lock);
	return i;
}

/* One request to the instance http_pick chose. No answer within
 * HTTP_STALL_MS (refused, reset) makes the writer avoid the instance for
 * HTTP_DOWN_MS, as a load balancer's health check would. */
static enum fh_outcome http_commit(struct fc_thread *t, const char *stmt,
				   json_t *params, bool lin,
				   struct fh_reply *rep)
{
	int i = http_pick(t);
	uint64_t t0 = now_ns(), t1;
	enum fh_outcome out =
	    fh_commit(t->sh->http[i], stmt, params, lin, HTTP_TIMEOUT_MS, rep);

	t1 = now_ns();
	pthread_mutex_lock(&t->grp->lock);
	t->grp->busy[i]--;
	if (out != FH_ANSWER && t1 - t0 < HTTP_STALL_MS * 1000000ULL)
		t->grp->down_ns[i] = t1 + HTTP_DOWN_MS * 1000000ULL;
	pthread_mutex_unlock(&t->grp->lock);
	return out;
}

static bool http_send(struct fc_thread *t, uint64_t op, char kind,
		      int64_t key, int64_t value, const char *stmt,
		      json_t *params, bool lin, struct fh_reply *rep)
{
	json_t *res;

	switch (http_commit(t, stmt, params, lin, rep)) {
	case FH_ANSWER:
		break;
	case FH_NOT_SENT: /* refused: never sent, certainly not run */
		record(t, op, "fail", kind, key, value, 0, NULL);
		return false;
	default:
		record(t, op, "unknown", kind, key, value, 0, NULL);
		return false;
	}
	res = rep->body ? json_object_get(rep->body, "results") : NULL;
	if (rep->status != 200 || json_array_size(res) != 1 ||
	    json_array_size(json_object_get(rep->body, "errors")) != 0) {
		record(t, op, http_error_outcome(rep), kind, key, value, 0,
		       NULL);
		json_decref(rep->body);
		return false;
	}
	return true;
}

static void http_write(struct fc_thread *t, int64_t key)
{
	uint64_t op = ++t->op;
	int64_t v = FAULT_VALUE(t->id, op), echo = FAULT_ECHO_BAD;
	json_t *p = json_pack("{s:I,s:I}", "k", (json_int_t)key, "v",
			      (json_int_t)v);
	struct fh_reply rep;
	size_t rows;
	json_t *row;
	char e[24];

	record(t, op, "invoke", 'w', key, v, 0, NULL);
	if (http_send(t, op, 'w', key, v,
		      "MATCH (r:Reg {k: $k}) SET r.v = $v RETURN r.k AS k, "
		      "r.v AS v",
		      p, false, &rep)) {
		if ((row = http_row(&rep, "k,v", &rows)) && rows == 1 &&
		    http_int(row, 0) == key)
			echo = http_int(row, 1);
		snprintf(e, sizeof(e), "%" PRId64, echo);
		record(t, op, "ok", 'w', key, v, rep.txn, e);
		json_decref(rep.body);
		t->seen[key] = v;
	}
	json_decref(p);
}

/* Sets register key to a new value when it holds the value this thread saw
 * there last. The statement returns the value after it: the new one
 * exactly when it was set (values are unique), so the value it found is
 * the expected one then, else the one returned. (Not WITH r, r.v AS old:
 * that form trips a heap overflow in the executor, see the report.) */
static void http_cas(struct fc_thread *t, int64_t key)
{
	uint64_t op = ++t->op;
	int64_t v = FAULT_VALUE(t->id, op), expect = t->seen[key];
	int64_t old = FAULT_ECHO_BAD, echo = FAULT_ECHO_BAD, now;
	json_t *p = json_pack("{s:I,s:I,s:I}", "k", (json_int_t)key, "e",
			      (json_int_t)expect, "n", (json_int_t)v);
	struct fh_reply rep;
	size_t rows;
	json_t *row;
	char e[24];

	snprintf(e, sizeof(e), "%" PRId64, expect);
	record(t, op, "invoke", 'c', key, v, 0, e);
	if (http_send(t, op, 'c', key, v,
		      "MATCH (r:Reg {k: $k}) SET r.v = CASE WHEN r.v = $e "
		      "THEN $n ELSE r.v END RETURN r.k AS k, r.v AS v, $n AS n",
		      p, false, &rep)) {
		if ((row = http_row(&rep, "k,v,n", &rows)) && rows == 1 &&
		    http_int(row, 0) == key) {
			now = http_int(row, 1);
			echo = http_int(row, 2);
			old = now == v ? expect : now;
		}
		snprintf(e, sizeof(e), "%" PRId64, echo);
		record(t, op, "ok", 'c', key, old, rep.txn, e);
		json_decref(rep.body);
		t->seen[key] = old == expect ? v : old;
	}
	json_decref(p);
}

static void http_read(struct fc_thread *t, int64_t key)
{
	uint64_t op = ++t->op;
	json_t *p = json_pack("{s:I}", "k", (json_int_t)key);
	int64_t v = FAULT_ECHO_BAD;
	struct fh_reply rep;
	size_t rows;
	json_t *row;

	record(t, op, "invoke", 'r', key, 0, 0, NULL);
	if (http_send(t, op, 'r', key, 0,
		      "MATCH (r:Reg {k: $k}) RETURN r.v AS v", p, true,
		      &rep)) {
		row = http_row(&rep, "v", &rows);
		v = rows == 0 ? -1 : rows > 1 ? -2 : row ? http_int(row, 0) : -3;
		record(t, op, "ok", 'r', key, v, 0, NULL);
		json_decref(rep.body);
		if (v >= 0)
			t->seen[key] = v;
	}
	json_decref(p);
}

static void http_append(struct fc_thread *t)
{
	uint64_t op = ++t->op;
	int64_t id = FAULT_VALUE(t->id, op), echo = FAULT_ECHO_BAD;
	json_t *p = json_pack("{s:I}", "id", (json_int_t)id);
	struct fh_reply rep;
	size_t rows;
	json_t *row;
	char e[24];

	record(t, op, "invoke", 'a', 0, id, 0, NULL);
	if (http_send(t, op, 'a', 0, id,
		      "CREATE (a:Ack {id: $id}) RETURN a.id AS id", p, false,
		      &rep)) {
		if ((row = http_row(&rep, "id", &rows)) && rows == 1)
			echo = http_int(row, 0);
		snprintf(e, sizeof(e), "%" PRId64, echo);
		record(t, op, "ok", 'a', 0, id, rep.txn, e);
		json_decref(rep.body);
	}
	json_decref(p);
}

/* Writes dominate: the HTTP writers are there to find lost and mismatched
 * acknowledgements. */
static void http_one_op(struct fc_thread *t)
{
	unsigned x = next_rand(&t->rand) % 100;
	int64_t key = next_rand(&t->rand) % (unsigned)t->sh->o->keys;

	if (x < 30)
		http_write(t, key);
	else if (x < 50)
		http_cas(t, key);
	else if (x < 65)
		http_read(t, key);
	else
		http_append(t);
}

static void abs_time(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
}

/* Waits (until the run's end at most) for this thread's turn to send:
 * nothing in flight and the think time over, or the newest request in
 * flight waiting for HTTP_STALL_MS. Returns false at the run's end. */
static bool http_turn(struct fc_thread *t)
{
	struct fc_http_group *g = t->grp;
	uint64_t now, until;
	struct timespec ts;
	bool go = false;

	pthread_mutex_lock(&g->lock);
	while (!go && (now = now_ns()) < t->sh->end_ns) {
		until = g->in_flight == 0
			    ? g->next_ns
			    : g->newest_ns + HTTP_STALL_MS * 1000000ULL;
		if (now >= until) {
			g->in_flight++;
			g->newest_ns = now;
			go = true;
			break;
		}
		abs_time(until < t->sh->end_ns ? until : t->sh->end_ns, &ts);
		pthread_cond_timedwait(&g->cv, &g->lock, &ts);
	}
	pthread_mutex_unlock(&g->lock);
	return go;
}

static void http_done(struct fc_thread *t)
{
	struct fc_http_group *g = t->grp;

	pthread_mutex_lock(&g->lock);
	if (--g->in_flight == 0) /* think time: 5-25 ms, as the others */
		g->next_ns =
		    now_ns() + (5 + next_rand(&t->rand) % 20) * 1000000ULL;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->lock);
}

static void *http_main(void *arg)
{
	struct fc_thread *t = arg;

	while (http_turn(t)) {
		http_one_op(t);
		http_done(t);
	}
	return NULL;
}

static int http_groups_init(struct fc_http_group *g, int n)
{
	pthread_condattr_t ca;

	if (pthread_condattr_init(&ca) ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC))
		return -1;
	for (int i = 0; i < n; i++) {
		g[i] = (struct fc_http_group){0};
		pthread_mutex_init(&g[i].lock, NULL);
		pthread_cond_init(&g[i].cv, &ca);
	}
	pthread_condattr_destroy(&ca);
	return 0;
}

/* The server list starting at instance first: the library connects to the
 * first that answers, so clients spread over the instances and many writes
 * go through slaves (forwarded to the master, DESIGN.md section 2 item 5). */
static void rotated_servers(const struct fc_shared *sh, int first, char *buf,
			    size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < sh->n_servers && used < len; i++)
		used += (size_t)snprintf(
		    buf + used, len - used, "%s%s", i ? "," : "",
		    sh->server[(first + i) % sh->n_servers]);
}

static void *client_main(void *arg)
{
	struct fc_thread *t = arg;
	struct graphd_options go = {.cluster_name = t->sh->o->cluster,
				    .client_name = "fault_client",
				    .timeout_ms = TIMEOUT_MS,
				    .retry_ms = t->sh->o->retry_ms};
	char servers[MAX_SERVERS * 65];

	rotated_servers(t->sh, t->id, servers, sizeof(servers));
	while (now_ns() < t->sh->end_ns) {
		if (!t->g && !(t->g = graphd_connect(servers, &go, NULL))) {
			sleep_ms(100);
			continue;
		}
		one_op(t);
		/* A short think time keeps the history (and the bookmark
		 * reads of every Ack id) small enough to check. */
		sleep_ms(5 + next_rand(&t->rand) % 20);
	}
	graphd_close(t->g);
	for (int i = 0; i < t->sh->n_servers; i++)
		graphd_close(t->single[i]);
	return NULL;
}

/* "a,b,c" into out[]; -1 when an entry is empty, too long or too many. */
static int split_list(const char *p, char out[][64], int *n)
{
	*n = 0;
	while (p && *p && *n < MAX_SERVERS) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= 64)
			return -1;
		memcpy(out[*n], p, len);
		out[(*n)++][len] = '\0';
		p += len + (p[len] == ',');
	}
	return p && *p ? -1 : 0;
}

static int run(const struct fc_opts *o)
{
	struct fc_shared sh = {.o = o};
	int all = o->threads + o->http_threads * HTTP_SLOTS;
	struct fc_thread *t = calloc((size_t)all, sizeof(*t));
	struct fc_http_group *grp =
	    calloc((size_t)o->http_threads + 1, sizeof(*grp));
	int started = 0, rc = 1;

	if (!t || !grp || http_groups_init(grp, o->http_threads) < 0 ||
	    split_list(o->servers, sh.server, &sh.n_servers) < 0 ||
	    sh.n_servers == 0 || split_list(o->http, sh.http, &sh.n_http) < 0 ||
	    (o->http_threads > 0 && sh.n_http == 0)) {
		fprintf(stderr, "fault_client: bad server list %s / %s\n",
			o->servers, o->http ? o->http : "(no -w)");
		goto err;
	}
	if (!(sh.hist = fopen(o->history, "w"))) {
		fprintf(stderr, "fault_client: cannot write %s: %s\n",
			o->history, strerror(errno));
		goto err;
	}
	pthread_mutex_init(&sh.lock, NULL);
	sh.end_ns = now_ns() + (uint64_t)o->seconds * 1000000000ULL;
	for (; started < all; started++) {
		t[started] = (struct fc_thread){.sh = &sh,
						.id = o->first_id + started,
						.rand = o->seed * 2654435761u +
							(unsigned)started + 1};
		if (started >= o->threads)
			t[started].grp =
			    &grp[(started - o->threads) / HTTP_SLOTS];
		if (pthread_create(&t[started].tid, NULL,
				   started < o->threads ? client_main
							: http_main,
				   &t[started]))
			break;
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i].tid, NULL);
	rc = started == all ? 0 : 1;
	for (int i = 0; i < o->http_threads; i++) {
		pthread_mutex_destroy(&grp[i].lock);
		pthread_cond_destroy(&grp[i].cv);
	}
	pthread_mutex_destroy(&sh.lock);
err:
	if (sh.hist)
		fclose(sh.hist);
	free(t);
	free(grp);
	return rc;
}

/* Creates the registers, each once, before any fault: a setup write that
 * does not succeed makes the run meaningless, so it is an error. */
static int setup(const struct fc_opts *o)
{
	struct graphd_options go = {.cluster_name = o->cluster,
				    .client_name = "fault_client"};
	struct graphd_error e = {0};
	graphd_t *g = graphd_connect(o->servers, &go, &e);

	if (!g) {
		fprintf(stderr, "fault_client: cannot connect to %s: %s\n",
			o->servers, e.message);
		return 1;
	}
	for (int k = 0; k < o->keys; k++) {
		struct graphd_param p = int_param("k", k);
		struct graphd_result r;

		if (graphd_query(g, "CREATE (:Reg {k: $k, v: 0})", &p, 1, NULL,
				 &r, &e) < 0) {
			fprintf(stderr,
				"fault_client: creating register %d failed: "
				"%s\n",
				k, e.message);
			graphd_close(g);
			return 1;
		}
		graphd_result_free(&r);
	}
	graphd_close(g);
	return 0;
}

/* After healing: one more linearizable read of every register, appended to
 * the history as client FINAL_CLIENT, so that the checker also sees the
 * value that survived every fault (an acknowledged write lost by the
 * cluster shows up as a read the history cannot explain). */
static int final_reads(const struct fc_opts *o)
{
	struct fc_shared sh = {.o = o};
	struct fc_thread t = {.sh = &sh, .id = FINAL_CLIENT};
	struct graphd_options go = {.cluster_name = o->cluster,
				    .client_name = "fault_client",
				    .timeout_ms = TIMEOUT_MS,
				    .retry_ms = o->retry_ms};
	int rc = 1;

	if (!(sh.hist = fopen(o->history, "a"))) {
		fprintf(stderr, "fault_client: cannot append to %s: %s\n",
			o->history, strerror(errno));
		return 1;
	}
	pthread_mutex_init(&sh.lock, NULL);
	if ((t.g = graphd_connect(o->servers, &go, NULL))) {
		for (int k = 0; k < o->keys; k++)
			op_read(&t, k);
		graphd_close(t.g);
		rc = 0;
	}
	pthread_mutex_destroy(&sh.lock);
	fclose(sh.hist);
	return rc;
}

/* Every Ack id one instance holds, read locally (the caller waited until
 * every instance applied the same index). */
static int acks(const struct fc_opts *o)
{
	struct graphd_options go = {.cluster_name = o->cluster,
				    .client_name = "fault_client",
				    .timeout_ms = 10000};
	struct graphd_error e = {0};
	struct graphd_result r;
	graphd_t *g = graphd_connect(o->servers, &go, &e);

	if (!g || graphd_query(g, "MATCH (a:Ack) RETURN a.id", NULL, 0, NULL,
			       &r, &e) < 0) {
		fprintf(stderr, "fault_client: reading the Ack ids of %s: %s\n",
			o->servers, e.message);
		graphd_close(g);
		return 1;
	}
	for (size_t i = 0; i < r.n_rows; i++)
		printf("%" PRId64 "\n",
		       r.rows[i][0].type == GRAPHD_INT ? r.rows[i][0].u.i : -3);
	graphd_result_free(&r);
	graphd_close(g);
	return 0;
}

static int parse_opts(int argc, char **argv, struct fc_opts *o)
{
	int c;

	*o = (struct fc_opts){.cluster = "graphd",
			      .keys = 5,
			      .threads = 4,
			      .seconds = 30,
			      .seed = 1};
	if (argc < 2)
		return -1;
	o->mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "s:c:k:n:t:S:o:r:w:H:i:")) != -1) {
		switch (c) {
		case 's':
			o->servers = optarg;
			break;
		case 'c':
			o->cluster = optarg;
			break;
		case 'k':
			o->keys = atoi(optarg);
			break;
		case 'n':
			o->threads = atoi(optarg);
			break;
		case 't':
			o->seconds = atoi(optarg);
			break;
		case 'S':
			o->seed = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			o->retry_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'o':
			o->history = optarg;
			break;
		case 'w':
			o->http = optarg;
			break;
		case 'H':
			o->http_threads = atoi(optarg);
			break;
		case 'i':
			o->first_id = atoi(optarg);
			break;
		default:
			return -1;
		}
	}
	if (!o->servers || optind != argc || o->keys < 1 ||
	    o->keys > MAX_KEYS || o->threads < 1 || o->http_threads < 0 ||
	    o->first_id < 0 ||
	    o->first_id + o->threads + o->http_threads * HTTP_SLOTS >=
		FINAL_CLIENT)
		return -1;
	if ((!strcmp(o->mode, "run") || !strcmp(o->mode, "final")) &&
	    !o->history)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct fc_opts o;

	if (parse_opts(argc, argv, &o) < 0) {
		fprintf(stderr,
			"usage: fault_client setup|run|final|acks -s SERVERS "
			"[-c CLUSTER] [-k KEYS] [-n THREADS] [-t SECONDS] "
			"[-S SEED] [-o HISTORY] [-r RETRY_MS] "
			"[-w HTTP_SERVERS -H HTTP_THREADS] [-i FIRST_ID]\n");
		return 2;
	}
	if (!strcmp(o.mode, "setup"))
		return setup(&o);
	if (!strcmp(o.mode, "run"))
		return run(&o);
	if (!strcmp(o.mode, "final"))
		return final_reads(&o);
	if (!strcmp(o.mode, "acks"))
		return acks(&o);
	fprintf(stderr, "fault_client: unknown mode %s\n", o.mode);
	return 2;
}
