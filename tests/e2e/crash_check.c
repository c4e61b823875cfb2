/* crash_check.c: after the crash rounds, checks what the crash writer
 * wrote: every ACKed k present exactly once, no k half-present (one node
 * without the other or without the relationship), and the instance's applied
 * and committed indexes consistent. Prints one "ok - " or "FAIL - " line per
 * case; exits 1 when a case failed.
 *
 * usage: crash_check HOST:PORT ACKFILE */
#include "crash.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/graphd.h"

struct check_pair {
	uint64_t k;
	int n_a, n_b;  /* nodes with side a / b */
	uint64_t a, b; /* their ids */
};

struct check {
	graphd_t *g;
	uint64_t *acked;
	size_t n_acked;
	uint64_t max_txn;
	struct check_pair *pairs;
	size_t n_pairs;
	int passed, failed;
};

static void check_case(struct check *c, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void check_case(struct check *c, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		c->passed++;
	else
		c->failed++;
}

static int check_read_acks(struct check *c, const char *path)
{
	FILE *f = fopen(path, "r");
	uint64_t k, txn;
	size_t cap = 0;

	if (!f)
		return -1;
	while (fscanf(f, "ACK %" SCNu64 " %" SCNu64 "\n", &k, &txn) == 2) {
		if (c->n_acked == cap) {
			cap = cap ? cap * 2 : 1024;
			c->acked = realloc(c->acked, cap * sizeof(*c->acked));
			if (!c->acked)
				exit(2);
		}
		c->acked[c->n_acked++] = k;
		if (txn > c->max_txn)
			c->max_txn = txn;
	}
	fclose(f);
	return 0;
}

static int check_cmp_pair(const void *x, const void *y)
{
	const struct check_pair *a = x, *b = y;

	return a->k < b->k ? -1 : a->k > b->k;
}

static const struct graphd_value *check_prop(const struct graphd_node *n,
					     const char *key)
{
	for (size_t i = 0; i < n->n_props; i++)
		if (strcmp(n->props[i].key, key) == 0)
			return &n->props[i].value;
	return NULL;
}

static struct check_pair *check_find(struct check *c, uint64_t k)
{
	struct check_pair key = {.k = k};

	return bsearch(&key, c->pairs, c->n_pairs, sizeof(key), check_cmp_pair);
}

/* Adds node id (side "a" or other) to the pair of k: pairs are appended in
 * node order and merged after sorting (check_merge). */
static void check_add(struct check *c, uint64_t k, const char *side,
		      uint64_t id)
{
	struct check_pair *p = &c->pairs[c->n_pairs++];

	memset(p, 0, sizeof(*p));
	p->k = k;
	if (strcmp(side, "a") == 0)
		p->n_a = 1, p->a = id;
	else
		p->n_b = 1, p->b = id;
}

/* Sorts by k and folds entries of the same k into one. */
static void check_merge(struct check *c)
{
	size_t out = 0;

	qsort(c->pairs, c->n_pairs, sizeof(*c->pairs), check_cmp_pair);
	for (size_t i = 0; i < c->n_pairs; i++) {
		struct check_pair *q = &c->pairs[i], *p;

		if (out > 0 && c->pairs[out - 1].k == q->k) {
			p = &c->pairs[out - 1];
			if (q->n_a)
				p->a = q->a;
			if (q->n_b)
				p->b = q->b;
			p->n_a += q->n_a;
			p->n_b += q->n_b;
		} else {
			c->pairs[out++] = *q;
		}
	}
	c->n_pairs = out;
}

/* Groups every node labelled CRASH_LABEL by k. */
static int check_load_nodes(struct check *c)
{
	struct graphd_node_list l;
	struct graphd_error e = {0};
	size_t malformed = 0;

	if (graphd_nodes_by_label(c->g, CRASH_LABEL, NULL, NULL, 0, NULL, &l,
				  &e) < 0) {
		check_case(c, 0, "list the writer's nodes: %s", e.message);
		return -1;
	}
	c->pairs = calloc(l.n ? l.n : 1, sizeof(*c->pairs));
	for (size_t i = 0; c->pairs && i < l.n; i++) {
		const struct graphd_value *k =
		    check_prop(&l.nodes[i], CRASH_KEY);
		const struct graphd_value *s =
		    check_prop(&l.nodes[i], CRASH_SIDE);

		if (!k || k->type != GRAPHD_INT || !s ||
		    s->type != GRAPHD_STRING)
			malformed++;
		else
			check_add(c, (uint64_t)k->u.i, s->u.s, l.nodes[i].id);
	}
	if (c->pairs)
		check_merge(c);
	check_case(c, malformed == 0 && c->pairs,
		   "%zu nodes of %zu transactions read back, %zu malformed",
		   l.n, c->n_pairs, malformed);
	graphd_node_list_free(&l);
	return c->pairs ? 0 : -1;
}

/* One relationship a -> b of type CRASH_REL, and none other at either. */
static int check_rel(struct check *c, const struct check_pair *p)
{
	static const char *const types[] = {CRASH_REL};
	struct graphd_neighbour_list l;
	struct graphd_error e = {0};
	int ok;

	if (graphd_neighbours(c->g, p->a, GRAPHD_BOTH, types, 1, 0, NULL, &l,
			      &e) < 0)
		return 0;
	ok = l.n == 1 && l.rels[0].start == p->a && l.rels[0].end == p->b;
	graphd_neighbour_list_free(&l);
	if (!ok || graphd_neighbours(c->g, p->b, GRAPHD_BOTH, NULL, 0, 0, NULL,
				     &l, &e) < 0)
		return 0;
	ok = l.n == 1;
	graphd_neighbour_list_free(&l);
	return ok;
}

static void check_pairs(struct check *c)
{
	size_t half = 0, norel = 0, missing = 0;
	uint64_t bad_k = 0;

	for (size_t i = 0; i < c->n_pairs; i++) {
		const struct check_pair *p = &c->pairs[i];

		if (p->n_a != 1 || p->n_b != 1) {
			half++;
			bad_k = p->k;
		} else if (!check_rel(c, p)) {
			norel++;
			bad_k = p->k;
		}
	}
	check_case(c, half == 0,
		   "every transaction all or nothing: %zu with a node "
		   "missing or duplicated (last k=%" PRIu64 ")",
		   half, bad_k);
	check_case(c, norel == 0,
		   "every pair joined by exactly one %s relationship: %zu "
		   "not (last k=%" PRIu64 ")",
		   CRASH_REL, norel, bad_k);
	for (size_t i = 0; i < c->n_acked; i++) {
		const struct check_pair *p = check_find(c, c->acked[i]);

		if (!p || p->n_a != 1 || p->n_b != 1) {
			missing++;
			bad_k = c->acked[i];
		}
	}
	check_case(c, missing == 0 && c->n_acked > 0,
		   "every acknowledged transaction present exactly once: %zu "
		   "acknowledged, %zu missing (last k=%" PRIu64 ")",
		   c->n_acked, missing, bad_k);
}

/* Polls (at most 5 s) until applied == committed >= every ACKed txn. */
static void check_indexes(struct check *c)
{
	struct graphd_status st = {0};
	struct graphd_error e = {0};
	int ok = 0;

	for (int i = 0; i < 50 && !ok; i++) {
		if (i > 0)
			nanosleep(&(struct timespec){0, 100000000}, NULL);
		if (graphd_status(c->g, &st, &e) < 0)
			continue;
		ok = st.applied_index == st.commit_index &&
		     st.commit_index >= c->max_txn;
		if (!ok)
			graphd_status_free(&st);
	}
	check_case(c, ok,
		   "applied index %" PRIu64 " == committed index %" PRIu64
		   " >= last acknowledged transaction %" PRIu64,
		   st.applied_index, st.commit_index, c->max_txn);
	if (ok)
		graphd_status_free(&st);
}

int main(int argc, char **argv)
{
	struct graphd_options o = {.cluster_name = CRASH_CLUSTER,
				   .client_name = "crash_check"};
	struct graphd_error e = {0};
	struct check c = {0};

	if (argc != 3) {
		fprintf(stderr, "usage: crash_check HOST:PORT ACKFILE\n");
		return 2;
	}
	if (check_read_acks(&c, argv[2]) < 0) {
		perror(argv[2]);
		return 2;
	}
	if (!(c.g = graphd_connect(argv[1], &o, &e))) {
		check_case(&c, 0, "connect to %s: %s", argv[1], e.message);
		return 1;
	}
	check_indexes(&c);
	if (check_load_nodes(&c) == 0)
		check_pairs(&c);
	graphd_close(c.g);
	free(c.pairs);
	free(c.acked);
	return c.failed ? 1 : 0;
}
