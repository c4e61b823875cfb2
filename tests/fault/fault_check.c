/* fault_check.c: checks a fault-suite history and the healed replicas'
 * contents against graphd's guarantees (see fault_check.h). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault_check.h"
#include "fault_client.h"
#include "fault_lin.h"

#define MAX_CLIENTS 256
#define MAX_SHOWN   40 /* operations printed per failed check */

enum op_state { ST_PENDING, ST_OK, ST_FAIL, ST_UNKNOWN };

struct hop {
	int client;
	uint64_t opid;
	char kind; /* w r a b c */
	enum op_state st;
	int64_t key, value;
	int64_t expect, old; /* c: expected, found */
	bool has_echo;	     /* HTTP writers: the result's own value */
	bool foreign;	     /* ok, but with another request's result */
	int64_t echo;
	uint64_t txn, call_ns, ret_ns;
	int64_t *ids; /* bookmark reads: sorted */
	size_t n_ids;
};

struct history {
	struct hop *ops;
	size_t n, cap;
	/* index into ops by (client, opid), built while reading */
	size_t *by_client[MAX_CLIENTS];
	size_t by_cap[MAX_CLIENTS];
};

struct checker {
	struct history h;
	int failed, passed;
};

static const char *state_name(enum op_state s)
{
	static const char *const n[] = {"pending", "ok", "fail", "unknown"};

	return n[s];
}

static void show_op(const struct hop *o)
{
	printf("#   client %d op %" PRIu64 " %c key %" PRId64 " value %" PRId64
	       " txn %" PRIu64 " %s [%" PRIu64 ", %" PRIu64 "]",
	       o->client, o->opid, o->kind, o->key, o->value, o->txn,
	       state_name(o->st), o->call_ns,
	       o->st == ST_OK || o->st == ST_FAIL ? o->ret_ns : 0);
	if (o->kind == 'c')
		printf(" expected %" PRId64 " found %" PRId64, o->expect,
		       o->old);
	if (o->has_echo)
		printf(" result %" PRId64, o->echo);
	printf("\n");
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* "1,2,3" or "-" into a sorted array. Returns -1 out of memory. */
static int parse_ids(const char *s, struct hop *o)
{
	size_t cap = 1;

	for (const char *p = s; *p; p++)
		cap += *p == ',';
	if (!(o->ids = malloc(cap * sizeof(*o->ids))))
		return -1;
	o->n_ids = 0;
	while (*s && *s != '-') {
		char *end;

		o->ids[o->n_ids++] = strtoll(s, &end, 10);
		s = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	qsort(o->ids, o->n_ids, sizeof(*o->ids), cmp_i64);
	return 0;
}

/* The slot of (client, opid), created on first use. */
static struct hop *op_slot(struct history *h, int client, uint64_t opid)
{
	size_t *idx;

	if (client < 0 || client >= MAX_CLIENTS || opid > 100000000)
		return NULL;
	if (opid >= h->by_cap[client]) {
		size_t cap = (opid + 1) * 2;

		idx = realloc(h->by_client[client], cap * sizeof(*idx));
		if (!idx)
			return NULL;
		memset(idx + h->by_cap[client], 0xff,
		       (cap - h->by_cap[client]) * sizeof(*idx));
		h->by_client[client] = idx;
		h->by_cap[client] = cap;
	}
	idx = &h->by_client[client][opid];
	if (*idx == SIZE_MAX) {
		if (h->n == h->cap) {
			size_t cap = h->cap ? h->cap * 2 : 1024;
			struct hop *ops = realloc(h->ops, cap * sizeof(*ops));

			if (!ops)
				return NULL;
			h->ops = ops;
			h->cap = cap;
		}
		*idx = h->n;
		h->ops[h->n++] = (struct hop){.client = client, .opid = opid};
	}
	return &h->ops[*idx];
}

/* The IDS field of a line: bookmark ids, a c invocation's expected value,
 * an HTTP write's echo (fault_client.h). */
static int apply_tail(struct hop *o, const char *ev, const char *tail)
{
	char *end;

	if (!strcmp(ev, "invoke")) {
		if (o->kind == 'c')
			o->expect = strtoll(tail, NULL, 10);
		return 0;
	}
	if (o->kind == 'b' && o->st == ST_OK)
		return parse_ids(tail, o);
	if (o->st == ST_OK && strchr("wac", o->kind) && *tail &&
	    *tail != '\n') {
		o->echo = strtoll(tail, &end, 10);
		o->has_echo = end != tail;
	}
	return 0;
}

static int apply_line(struct history *h, char *line)
{
	int client, n;
	uint64_t opid, t, txn;
	char ev[16], kind;
	int64_t key, value;
	struct hop *o;

	if (sscanf(line,
		   "%d %" SCNu64 " %15s %c %" SCNu64 " %" SCNd64 " %" SCNd64
		   " %" SCNu64 " %n",
		   &client, &opid, ev, &kind, &t, &key, &value, &txn, &n) < 8 ||
	    !(o = op_slot(h, client, opid)))
		return -1;
	o->kind = kind;
	o->key = key;
	if (!strcmp(ev, "invoke")) {
		o->call_ns = t;
		o->value = value;
		o->txn = txn;
		return apply_tail(o, ev, line + n);
	}
	o->ret_ns = t;
	o->st = !strcmp(ev, "ok")     ? ST_OK
		: !strcmp(ev, "fail") ? ST_FAIL
				      : ST_UNKNOWN;
	/* A c's completion says what it found; its value stays the one it
	 * tried to set. */
	if (kind == 'c')
		o->old = value;
	else
		o->value = value;
	o->txn = txn;
	return apply_tail(o, ev, line + n);
}

static int read_history(struct history *h, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (apply_line(h, line) < 0) {
			fprintf(stderr, "%s:%ld: unreadable history line\n",
				path, lineno);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/* -------------------------------------------------------------- answers */

static bool is_ack_write(const struct hop *o)
{
	return o->st == ST_OK && (o->kind == 'w' || o->kind == 'a' ||
				  o->kind == 'c');
}

static int cmp_txn_op(const void *a, const void *b, void *arg)
{
	const struct hop *ops = arg;
	uint64_t x = ops[*(const size_t *)a].txn, y = ops[*(const size_t *)b].txn;

	return (x > y) - (x < y);
}

/* Marks every acknowledged write whose transaction id another acknowledged
 * write also got (each statement is one log entry: one id); returns how
 * many ids were shared. */
static size_t mark_shared_txns(struct history *h)
{
	size_t *idx = malloc((h->n + 1) * sizeof(*idx)), m = 0, shared = 0;

	if (!idx)
		return 0;
	for (size_t i = 0; i < h->n; i++)
		if (is_ack_write(&h->ops[i]) && h->ops[i].txn)
			idx[m++] = i;
	qsort_r(idx, m, sizeof(*idx), cmp_txn_op, h->ops);
	for (size_t i = 1; i < m; i++) {
		struct hop *a = &h->ops[idx[i - 1]], *b = &h->ops[idx[i]];

		if (a->txn != b->txn)
			continue;
		if (!a->foreign || !b->foreign)
			shared++;
		if (shared <= MAX_SHOWN && (!a->foreign || !b->foreign)) {
			printf("# two acknowledged writes got transaction "
			       "id %" PRIu64 ":\n", a->txn);
			show_op(a);
			show_op(b);
		}
		a->foreign = b->foreign = true;
	}
	free(idx);
	return shared;
}

/* DESIGN.md section 2, item 7: a request is answered from the log entry it
 * proposed, never another's. An HTTP write's result must echo its own value
 * and come with a transaction id of its own. Writes answered otherwise
 * count as unknown in the register checks (their result says nothing about
 * them). */
static void check_answers(struct checker *c)
{
	size_t acked = 0, http = 0, alien = 0, no_txn = 0, shared;

	for (size_t i = 0; i < c->h.n; i++) {
		struct hop *o = &c->h.ops[i];

		if (!is_ack_write(o))
			continue;
		acked++;
		if (!o->has_echo)
			continue;
		http++;
		if (o->echo != o->value) {
			o->foreign = true;
			if (alien++ < MAX_SHOWN) {
				printf("# acknowledged with another "
				       "statement's result:\n");
				show_op(o);
			}
		} else if (!o->txn && no_txn++ < MAX_SHOWN) {
			printf("# acknowledged without X-Graphd-Txn:\n");
			show_op(o);
		}
	}
	shared = mark_shared_txns(&c->h);
	if (alien || no_txn || shared) {
		c->failed++;
		printf("FAIL - answers: of %zu acknowledged writes (%zu over "
		       "HTTP), %zu carried another statement's result, %zu "
		       "no transaction id, %zu transaction ids were given to "
		       "two writes\n",
		       acked, http, alien, no_txn, shared);
		return;
	}
	c->passed++;
	printf("ok - answers: %zu acknowledged writes (%zu over HTTP) each "
	       "got its own result and transaction id\n",
	       acked, http);
}

/* ------------------------------------------------------------ registers */

static int max_key(const struct history *h)
{
	int64_t m = -1;

	for (size_t i = 0; i < h->n; i++)
		if (h->ops[i].kind && strchr("wrc", h->ops[i].kind) &&
		    h->ops[i].key > m)
			m = h->ops[i].key;
	return (int)m;
}

static enum fault_lin_kind lin_kind(char kind)
{
	return kind == 'w'   ? FAULT_LIN_WRITE
	       : kind == 'c' ? FAULT_LIN_CAS
			     : FAULT_LIN_READ;
}

/* The operations on key that tell something: completed reads, and writes
 * and compare-and-sets that were not rejected (an invocation never answered
 * counts as unknown, and so does one answered with another request's
 * result, reported by check_answers). map[i] is the history index of
 * lin[i]. */
static size_t key_ops(const struct history *h, int64_t key,
		      struct fault_lin_op *lin, size_t *map)
{
	size_t m = 0;

	for (size_t i = 0; i < h->n; i++) {
		const struct hop *o = &h->ops[i];

		if (o->key != key || !o->kind || !strchr("wrc", o->kind))
			continue;
		if (o->kind == 'r' && (o->st != ST_OK || o->foreign))
			continue;
		if (o->kind != 'r' && o->st == ST_FAIL)
			continue;
		lin[m] = (struct fault_lin_op){
		    .kind = lin_kind(o->kind),
		    .value = o->value,
		    .expect = o->expect,
		    .old = o->old,
		    .call_ns = o->call_ns,
		    .ret_ns = o->ret_ns,
		    .ret_known = o->st == ST_OK && !o->foreign,
		    .tag = i};
		map[m++] = i;
	}
	return m;
}

/* Prints the operations on the key around the one that could not be
 * linearized: those overlapping the second before it. */
static void show_key_context(const struct history *h, const size_t *map,
			     size_t m, const struct hop *stuck)
{
	uint64_t from =
	    stuck->call_ns > 1000000000ULL ? stuck->call_ns - 1000000000ULL : 0;
	int shown = 0;

	for (size_t i = 0; i < m && shown < MAX_SHOWN; i++) {
		const struct hop *o = &h->ops[map[i]];
		uint64_t end = o->st == ST_OK ? o->ret_ns : UINT64_MAX;

		if (end >= from && o->call_ns <= stuck->ret_ns) {
			show_op(o);
			shown++;
		}
	}
}

static void check_key(struct checker *c, int64_t key, struct fault_lin_op *lin,
		      size_t *map)
{
	struct fault_lin_report rep;
	size_t m = key_ops(&c->h, key, lin, map);
	enum fault_lin_verdict v = fault_lin_check(lin, m, 0, 0, &rep);
	const struct hop *stuck;

	if (v == FAULT_LIN_OK) {
		c->passed++;
		printf("ok - register %" PRId64 ": %zu operations are "
		       "linearizable (%zu states searched)\n",
		       key, m, rep.states);
		return;
	}
	c->failed++;
	if (v != FAULT_LIN_VIOLATION) {
		printf("FAIL - register %" PRId64 ": the checker %s after %zu "
		       "states (%zu operations)\n",
		       key,
		       v == FAULT_LIN_GAVE_UP ? "gave up"
					      : "ran out of "
						"memory",
		       rep.states, m);
		return;
	}
	stuck = &c->h.ops[map[rep.stuck_op]];
	printf("FAIL - register %" PRId64 ": not linearizable; at most %zu of "
	       "%zu operations linearize (value then %" PRId64 "), and this "
	       "one cannot follow:\n",
	       key, rep.best_depth, m, rep.best_value);
	show_op(stuck);
	printf("# operations on register %" PRId64 " around it:\n", key);
	show_key_context(&c->h, map, m, stuck);
}

static int check_registers(struct checker *c)
{
	struct fault_lin_op *lin = malloc((c->h.n + 1) * sizeof(*lin));
	size_t *map = malloc((c->h.n + 1) * sizeof(*map));
	int keys = max_key(&c->h) + 1;

	if (!lin || !map) {
		free(lin);
		free(map);
		return -1;
	}
	for (int64_t k = 0; k < keys; k++)
		check_key(c, k, lin, map);
	free(lin);
	free(map);
	return 0;
}

/* ------------------------------------------------------ appends and acks */

struct acked {
	int64_t id;
	uint64_t txn;
	size_t op;
};

static int cmp_acked_txn(const void *a, const void *b)
{
	const struct acked *x = a, *y = b;

	return (x->txn > y->txn) - (x->txn < y->txn);
}

/* The acknowledged appends in transaction order; *sent: every id any client
 * invoked an append with, sorted. */
static struct acked *collect_acked(const struct history *h, size_t *n,
				   int64_t **sent, size_t *n_sent)
{
	struct acked *a = malloc((h->n + 1) * sizeof(*a));

	*sent = malloc((h->n + 1) * sizeof(**sent));
	*n = *n_sent = 0;
	if (!a || !*sent) {
		free(a);
		free(*sent);
		return NULL;
	}
	for (size_t i = 0; i < h->n; i++) {
		const struct hop *o = &h->ops[i];

		if (o->kind != 'a')
			continue;
		(*sent)[(*n_sent)++] = o->value;
		if (o->st == ST_OK)
			a[(*n)++] = (struct acked){o->value, o->txn, i};
	}
	qsort(a, *n, sizeof(*a), cmp_acked_txn);
	qsort(*sent, *n_sent, sizeof(**sent), cmp_i64);
	return a;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	return bsearch(&id, ids, n, sizeof(*ids), cmp_i64) != NULL;
}

/* Bookmark T promises every transaction up to T: an acknowledged append
 * with txn <= T missing from the result is a read that went back in time
 * (DESIGN.md section 2, item 4). */
static void check_bookmarks(struct checker *c, const struct acked *a,
			    size_t n_acked)
{
	size_t reads = 0, bad = 0;

	for (size_t i = 0; i < c->h.n; i++) {
		const struct hop *o = &c->h.ops[i];

		if (o->kind != 'b' || o->st != ST_OK)
			continue;
		reads++;
		for (size_t j = 0; j < n_acked && a[j].txn <= o->txn; j++) {
			if (has_id(o->ids, o->n_ids, a[j].id))
				continue;
			if (bad++ == 0)
				printf("# bookmark reads that missed an "
				       "acknowledged append:\n");
			if (bad <= MAX_SHOWN) {
				show_op(o);
				show_op(&c->h.ops[a[j].op]);
			}
			break;
		}
	}
	if (bad) {
		c->failed++;
		printf("FAIL - bookmark reads: %zu of %zu missed an append "
		       "acknowledged at or before their bookmark\n",
		       bad, reads);
		return;
	}
	c->passed++;
	printf("ok - bookmark reads: %zu reads saw every append acknowledged "
	       "at or before their bookmark\n",
	       reads);
}

static int64_t *read_ids(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	int64_t *ids = NULL, v;
	size_t cap = 0;

	*n = 0;
	if (!f) {
		perror(path);
		return NULL;
	}
	while (fscanf(f, "%" SCNd64, &v) == 1) {
		if (*n == cap) {
			int64_t *p =
			    realloc(ids, (cap = cap * 2 + 1024) * sizeof(*ids));

			if (!p)
				break;
			ids = p;
		}
		ids[(*n)++] = v;
	}
	fclose(f);
	if (!ids)
		ids = malloc(sizeof(*ids));
	if (ids)
		qsort(ids, *n, sizeof(*ids), cmp_i64);
	return ids;
}

/* One instance after healing: every acknowledged id once, no id twice, no
 * id no client sent (DESIGN.md section 2, items 1 and 2). */
static void check_instance(struct checker *c, const char *path,
			   const struct acked *a, size_t n_acked,
			   const int64_t *sent, size_t n_sent)
{
	size_t n, missing = 0, dup = 0, alien = 0;
	int64_t *ids = read_ids(path, &n);

	if (!ids) {
		c->failed++;
		printf("FAIL - %s: cannot read the instance's Ack ids\n", path);
		return;
	}
	for (size_t j = 0; j < n_acked; j++)
		if (!has_id(ids, n, a[j].id) && missing++ < MAX_SHOWN) {
			printf("# %s lacks this acknowledged append:\n", path);
			show_op(&c->h.ops[a[j].op]);
		}
	for (size_t i = 0; i < n; i++) {
		if (i && ids[i] == ids[i - 1] && dup++ < MAX_SHOWN)
			printf("# %s holds Ack id %" PRId64 " twice\n", path,
			       ids[i]);
		if (!has_id(sent, n_sent, ids[i]) && alien++ < MAX_SHOWN)
			printf("# %s holds Ack id %" PRId64
			       " that no client sent\n",
			       path, ids[i]);
	}
	if (missing || dup || alien) {
		c->failed++;
		printf("FAIL - %s: %zu acknowledged appends missing, %zu ids "
		       "twice, %zu ids never sent (of %zu held)\n",
		       path, missing, dup, alien, n);
	} else {
		c->passed++;
		printf("ok - %s holds all %zu acknowledged appends once, and "
		       "%zu ids in all, each sent by a client\n",
		       path, n_acked, n);
	}
	free(ids);
}

static void summary(const struct history *h)
{
	size_t count[5][4] = {{0}}, final = 0;
	const char kinds[] = "wrabc";

	for (size_t i = 0; i < h->n; i++) {
		const char *k = strchr(kinds, h->ops[i].kind);

		if (k && *k)
			count[k - kinds][h->ops[i].st]++;
		final +=
		    h->ops[i].client == FINAL_CLIENT && h->ops[i].st == ST_OK;
	}
	printf("# reads after healing (client %d): %zu ok\n", FINAL_CLIENT,
	       final);
	for (int k = 0; k < 5; k++)
		printf("# %c: %zu ok, %zu fail, %zu unknown, %zu unanswered\n",
		       kinds[k], count[k][ST_OK], count[k][ST_FAIL],
		       count[k][ST_UNKNOWN], count[k][ST_PENDING]);
}

static void free_history(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->ops[i].ids);
	free(h->ops);
	for (int i = 0; i < MAX_CLIENTS; i++)
		free(h->by_client[i]);
}

int main(int argc, char **argv)
{
	struct checker c = {0};
	struct acked *a = NULL;
	int64_t *sent = NULL;
	size_t n_acked, n_sent;
	int rc = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: fault_check HISTORY [ACKS...]\n");
		return 2;
	}
	if (read_history(&c.h, argv[1]) < 0)
		goto err;
	summary(&c.h);
	/* An operation that was invoked but never answered (the client was
	 * stopped) may have been applied. */
	for (size_t i = 0; i < c.h.n; i++)
		if (c.h.ops[i].st == ST_PENDING)
			c.h.ops[i].st = ST_UNKNOWN;
	check_answers(&c);
	if (check_registers(&c) < 0 ||
	    !(a = collect_acked(&c.h, &n_acked, &sent, &n_sent)))
		goto err;
	check_bookmarks(&c, a, n_acked);
	for (int i = 2; i < argc; i++)
		check_instance(&c, argv[i], a, n_acked, sent, n_sent);
	printf("# fault_check: %d checks passed, %d failed\n", c.passed,
	       c.failed);
	rc = c.failed ? 1 : 0;
err:
	if (rc == 2)
		fprintf(stderr, "fault_check: cannot check %s\n", argv[1]);
	free(a);
	free(sent);
	free_history(&c.h);
	return rc;
}
