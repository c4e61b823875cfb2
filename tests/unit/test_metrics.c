/* test_metrics.c: histograms, the counting rules of the instance's metrics
 * and the Prometheus text exposition they render to. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <event2/buffer.h>

#include "cu_run.h"
#include "node/metrics.h"
#include "util/histogram.h"

static const double bounds3[] = {1, 2, 5};

/* ------------------------------------------------- rendered text helpers */

/* The rendered text as a NUL-terminated string (caller frees). */
static char *render_text(struct evbuffer *b)
{
	size_t len = evbuffer_get_length(b);
	char *s = malloc(len + 1);

	CU_ASSERT_FATAL(s != NULL);
	evbuffer_remove(b, s, len);
	s[len] = '\0';
	return s;
}

/* The value of the sample line "series value" in text, or -1 if absent. */
static double sample_value(const char *text, const char *series)
{
	size_t n = strlen(series);

	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	}
	return -1;
}

static struct metrics *metrics_new(void)
{
	struct metrics *m = malloc(sizeof(*m));

	CU_ASSERT_FATAL(m != NULL);
	metrics_init(m, 1000);
	return m;
}

/* ------------------------------------------------------------ histogram */

static void test_value_equal_to_bound_goes_in_that_bucket(void)
{
	struct histogram h;

	histogram_init(&h, bounds3, 3);
	histogram_observe(&h, 1);
	histogram_observe(&h, 2);
	histogram_observe(&h, 5);
	CU_ASSERT_EQUAL(h.counts[0], 1);
	CU_ASSERT_EQUAL(h.counts[1], 1);
	CU_ASSERT_EQUAL(h.counts[2], 1);
	CU_ASSERT_EQUAL(h.counts[3], 0);
}

static void test_value_above_last_bound_goes_in_inf_bucket(void)
{
	struct histogram h;

	histogram_init(&h, bounds3, 3);
	histogram_observe(&h, 5.0001);
	histogram_observe(&h, 1e9);
	CU_ASSERT_EQUAL(h.counts[2], 0);
	CU_ASSERT_EQUAL(h.counts[3], 2);
	CU_ASSERT_EQUAL(h.count, 2);
}

static void test_value_below_first_bound_goes_in_first_bucket(void)
{
	struct histogram h;

	histogram_init(&h, bounds3, 3);
	histogram_observe(&h, 0);
	histogram_observe(&h, 0.5);
	CU_ASSERT_EQUAL(h.counts[0], 2);
	CU_ASSERT_DOUBLE_EQUAL(h.sum, 0.5, 1e-12);
}

static void test_rendered_buckets_are_cumulative_with_sum_and_count(void)
{
	struct evbuffer *b = evbuffer_new();
	struct histogram h;
	char *t;

	histogram_init(&h, bounds3, 3);
	histogram_observe(&h, 0.5);
	histogram_observe(&h, 1.5);
	histogram_observe(&h, 1.75);
	histogram_observe(&h, 4);
	histogram_observe(&h, 7);
	histogram_render(&h, b, "x_seconds", "a=\"1\"");
	t = render_text(b);
	CU_ASSERT_EQUAL(sample_value(t, "x_seconds_bucket{a=\"1\",le=\"1\"}"),
			1);
	CU_ASSERT_EQUAL(sample_value(t, "x_seconds_bucket{a=\"1\",le=\"2\"}"),
			3);
	CU_ASSERT_EQUAL(sample_value(t, "x_seconds_bucket{a=\"1\",le=\"5\"}"),
			4);
	CU_ASSERT_EQUAL(
	    sample_value(t, "x_seconds_bucket{a=\"1\",le=\"+Inf\"}"), 5);
	CU_ASSERT_DOUBLE_EQUAL(sample_value(t, "x_seconds_sum{a=\"1\"}"), 14.75,
			       1e-9);
	CU_ASSERT_EQUAL(sample_value(t, "x_seconds_count{a=\"1\"}"), 5);
	free(t);
	evbuffer_free(b);
}

static void test_histogram_without_labels_renders_no_braces(void)
{
	struct evbuffer *b = evbuffer_new();
	struct histogram h;
	char *t;

	histogram_init(&h, bounds3, 3);
	histogram_observe(&h, 2);
	histogram_render(&h, b, "y", "");
	t = render_text(b);
	CU_ASSERT_EQUAL(sample_value(t, "y_bucket{le=\"2\"}"), 1);
	CU_ASSERT_EQUAL(sample_value(t, "y_sum"), 2);
	CU_ASSERT_EQUAL(sample_value(t, "y_count"), 1);
	CU_ASSERT_PTR_NULL(strstr(t, "{}"));
	free(t);
	evbuffer_free(b);
}

/* ------------------------------------------------------- counting rules */

static struct raft_ready ready_hs(raft_term term, raft_id vote)
{
	struct raft_ready rd = {0};

	rd.has_hard_state = true;
	rd.hard_state.term = term;
	rd.hard_state.vote = vote;
	return rd;
}

static void test_new_term_with_own_vote_is_one_election_started(void)
{
	struct metrics *m = metrics_new();
	struct raft_hard_state hs = {.term = 4, .vote = 2};
	struct raft_soft_state ss = {.role = RAFT_FOLLOWER, .leader = 2};
	struct raft_ready rd = ready_hs(5, 1);

	metrics_ready(m, 1, &hs, &ss, &rd);
	CU_ASSERT_EQUAL(m->elections_started, 1);
	/* Voting for another candidate in a newer term is not ours. */
	hs.term = 5;
	rd = ready_hs(6, 3);
	metrics_ready(m, 1, &hs, &ss, &rd);
	/* The same term persisted again (commit index moved) is not one. */
	hs = (struct raft_hard_state){.term = 6, .vote = 1};
	rd = ready_hs(6, 1);
	metrics_ready(m, 1, &hs, &ss, &rd);
	CU_ASSERT_EQUAL(m->elections_started, 1);
	CU_ASSERT_EQUAL(m->elections_won, 0);
	free(m);
}

static void test_becoming_leader_is_an_election_won_and_a_leader_change(void)
{
	struct metrics *m = metrics_new();
	struct raft_hard_state hs = {.term = 5, .vote = 1};
	struct raft_soft_state ss = {.role = RAFT_CANDIDATE, .leader = 0};
	struct raft_ready rd = {0};

	rd.soft_state_changed = true;
	rd.soft_state =
	    (struct raft_soft_state){.role = RAFT_LEADER, .leader = 1};
	metrics_ready(m, 1, &hs, &ss, &rd);
	CU_ASSERT_EQUAL(m->elections_won, 1);
	CU_ASSERT_EQUAL(m->leader_changes, 1);
	/* Losing the master (leader 0) is no new master; a new one is. */
	ss = rd.soft_state;
	rd.soft_state = (struct raft_soft_state){.role = RAFT_FOLLOWER};
	metrics_ready(m, 1, &hs, &ss, &rd);
	CU_ASSERT_EQUAL(m->leader_changes, 1);
	ss = rd.soft_state;
	rd.soft_state =
	    (struct raft_soft_state){.role = RAFT_FOLLOWER, .leader = 2};
	metrics_ready(m, 1, &hs, &ss, &rd);
	CU_ASSERT_EQUAL(m->leader_changes, 2);
	CU_ASSERT_EQUAL(m->elections_won, 1);
	free(m);
}

static struct raft_entry entry(raft_index index, raft_term term)
{
	return (struct raft_entry){
	    .index = index, .term = term, .type = RAFT_ENTRY_NORMAL};
}

static void test_commit_latency_runs_from_proposal_to_apply(void)
{
	struct metrics *m = metrics_new();
	struct raft_entry e = entry(5, 2);

	metrics_proposed(m, RAFT_OK, 5, 2, 10000);
	metrics_applied(m, &e, 12500);
	CU_ASSERT_EQUAL(m->proposals, 1);
	CU_ASSERT_EQUAL(m->commit_latency.count, 1);
	CU_ASSERT_DOUBLE_EQUAL(m->commit_latency.sum, 0.0025, 1e-9);
	CU_ASSERT_EQUAL(m->transactions_applied, 1);
	free(m);
}

static void test_entry_applied_in_another_term_is_not_our_proposal(void)
{
	struct metrics *m = metrics_new();
	struct raft_entry e = entry(5, 3);

	metrics_proposed(m, RAFT_OK, 5, 2, 10000);
	metrics_applied(m, &e, 12000);
	CU_ASSERT_EQUAL(m->commit_latency.count, 0);
	CU_ASSERT_EQUAL(m->proposed_len, 0);
	CU_ASSERT_EQUAL(m->transactions_applied, 1);
	free(m);
}

static void test_truncated_proposals_are_dropped_not_timed(void)
{
	struct metrics *m = metrics_new();
	struct raft_entry e;

	metrics_proposed(m, RAFT_OK, 5, 2, 100);
	metrics_proposed(m, RAFT_OK, 6, 2, 100);
	metrics_proposed(m, RAFT_OK, 7, 2, 100);
	/* Master again in term 3: its log was cut after 5. */
	metrics_proposed(m, RAFT_OK, 6, 3, 200);
	CU_ASSERT_EQUAL(m->proposed_len, 2);
	for (raft_index i = 5; i <= 7; i++) {
		e = entry(i, i == 5 ? 2 : 3);
		metrics_applied(m, &e, 1000);
	}
	CU_ASSERT_EQUAL(m->proposals, 4);
	CU_ASSERT_EQUAL(m->commit_latency.count, 2);
	CU_ASSERT_EQUAL(m->proposed_len, 0);
	free(m);
}

static void test_refused_proposal_counts_as_failed_and_is_not_timed(void)
{
	struct metrics *m = metrics_new();

	metrics_proposed(m, RAFT_ERR_NOT_LEADER, 0, 0, 100);
	metrics_proposed(m, RAFT_ERR_TOO_LARGE, 0, 0, 100);
	CU_ASSERT_EQUAL(m->proposals, 0);
	CU_ASSERT_EQUAL(m->proposals_failed, 2);
	CU_ASSERT_EQUAL(m->proposed_len, 0);
	free(m);
}

static void test_proposals_beyond_the_ring_leave_the_oldest_untimed(void)
{
	struct metrics *m = metrics_new();
	raft_index n = METRICS_PROPOSED_MAX + 10;
	struct raft_entry e;

	for (raft_index i = 1; i <= n; i++)
		metrics_proposed(m, RAFT_OK, i, 1, 100);
	CU_ASSERT_EQUAL(m->proposed_len, METRICS_PROPOSED_MAX);
	for (raft_index i = 1; i <= n; i++) {
		e = entry(i, 1);
		metrics_applied(m, &e, 200);
	}
	CU_ASSERT_EQUAL(m->commit_latency.count, METRICS_PROPOSED_MAX);
	CU_ASSERT_EQUAL(m->transactions_applied, n);
	free(m);
}

static void test_only_graph_transactions_count_as_applied(void)
{
	struct metrics *m = metrics_new();
	struct raft_entry noop = entry(1, 1), conf = entry(2, 1),
			  stripped = entry(3, 1), txn = entry(4, 1);

	noop.type = RAFT_ENTRY_NOOP;
	conf.type = RAFT_ENTRY_CONF;
	stripped.stripped = true; /* an arbiter's copy */
	metrics_applied(m, &noop, 1);
	metrics_applied(m, &conf, 1);
	metrics_applied(m, &stripped, 1);
	metrics_applied(m, &txn, 1);
	CU_ASSERT_EQUAL(m->transactions_applied, 1);
	free(m);
}

static void test_fsync_counts_and_times_each_log_write(void)
{
	struct metrics *m = metrics_new();

	metrics_fsync(m, 1000, 1400);
	metrics_fsync(m, 2000, 2100);
	CU_ASSERT_EQUAL(m->fsyncs, 2);
	CU_ASSERT_EQUAL(m->fsync_latency.count, 2);
	/* 400 us and 100 us: le 0.0005 and le 0.0001. */
	CU_ASSERT_EQUAL(m->fsync_latency.counts[0], 1);
	CU_ASSERT_EQUAL(m->fsync_latency.counts[2], 1);
	free(m);
}

/* ------------------------------------------------------------ exposition */

struct family {
	char name[96];
	char type[16];
	int help, types;
};

#define MAX_FAMILIES 128

struct parsed {
	struct family f[MAX_FAMILIES];
	int n;
	int samples;
	int bad; /* lines that break the format */
};

static struct family *family_get(struct parsed *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->f[i].name, name) == 0)
			return &p->f[i];
	if (p->n == MAX_FAMILIES)
		return NULL;
	snprintf(p->f[p->n].name, sizeof(p->f[p->n].name), "%s", name);
	return &p->f[p->n++];
}

/* The family a sample belongs to: a histogram's _bucket, _sum and _count
 * belong to the name its TYPE line gave. */
static struct family *family_of_sample(struct parsed *p, const char *name)
{
	static const char *const sfx[] = {"_bucket", "_sum", "_count"};
	char base[96];

	for (int i = 0; i < p->n; i++)
		if (strcmp(p->f[i].name, name) == 0)
			return &p->f[i];
	for (size_t k = 0; k < 3; k++) {
		size_t nl = strlen(name), sl = strlen(sfx[k]);

		if (nl <= sl || strcmp(name + nl - sl, sfx[k]) != 0 ||
		    nl - sl >= sizeof(base))
			continue;
		memcpy(base, name, nl - sl);
		base[nl - sl] = '\0';
		for (int i = 0; i < p->n; i++)
			if (strcmp(p->f[i].name, base) == 0 &&
			    strcmp(p->f[i].type, "histogram") == 0)
				return &p->f[i];
	}
	return NULL;
}

static void parse_comment(struct parsed *p, const char *line)
{
	char kind[8], name[96], rest[128];
	struct family *f;

	if (sscanf(line, "# %7s %95s %127[^\n]", kind, name, rest) != 3 ||
	    !(f = family_get(p, name))) {
		p->bad++;
		return;
	}
	if (strcmp(kind, "HELP") == 0) {
		f->help++;
	} else if (strcmp(kind, "TYPE") == 0) {
		f->types++;
		snprintf(f->type, sizeof(f->type), "%.15s", rest);
	} else {
		p->bad++;
	}
}

/* Every line is "# HELP name text", "# TYPE name type" or
 * name{label="value",...} number, and every sample's name has HELP and TYPE
 * before it. */
static struct parsed *parse_exposition(const char *text)
{
	struct parsed *p = calloc(1, sizeof(*p));
	regex_t re;
	regmatch_t mt[2];
	char line[512], name[96];
	const char *s = text;

	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT_FATAL(
	    regcomp(&re,
		    "^([a-zA-Z_:][a-zA-Z0-9_:]*)"
		    "\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\""
		    "(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\\} "
		    "(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|\\+Inf|NaN)$",
		    REG_EXTENDED) == 0);
	while (*s) {
		size_t len = strcspn(s, "\n");
		struct family *f;

		CU_ASSERT_FATAL(len < sizeof(line));
		memcpy(line, s, len);
		line[len] = '\0';
		s += len + (s[len] == '\n');
		if (line[0] == '#') {
			parse_comment(p, line);
			continue;
		}
		if (regexec(&re, line, 2, mt, 0) != 0) {
			p->bad++;
			fprintf(stderr, "bad line: %s\n", line);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s",
			 (int)(mt[1].rm_eo - mt[1].rm_so), line);
		f = family_of_sample(p, name);
		if (!f || !f->help || !f->types)
			p->bad++;
		p->samples++;
	}
	regfree(&re);
	return p;
}

static void view_fixture(struct metrics_view *v)
{
	*v = (struct metrics_view){
	    .server_id = 3,
	    .role = "master",
	    .mode = "HA",
	    .version = "0.0-test",
	    .term = 7,
	    .commit = 40,
	    .applied = 39,
	    .last_index = 42,
	    .now_us = 1000 + 2500000,
	    .has_log_flushes = true,
	    .log_flushes = 77,
	    .n_peers = 2,
	};
	v->peers[0] = (struct metrics_peer){
	    .id = 1, .reachable = true, .has_match = true, .match = 40};
	v->peers[1] = (struct metrics_peer){.id = 2, .reachable = false};
}

static void test_every_line_is_a_sample_or_help_and_type_once(void)
{
	struct metrics *m = metrics_new();
	struct evbuffer *b = evbuffer_new();
	struct metrics_view v;
	struct parsed *p;
	char *t;

	view_fixture(&v);
	metrics_fsync(m, 0, 300);
	metrics_proposed(m, RAFT_OK, 41, 7, 0);
	metrics_render_view(m, &v, b);
	t = render_text(b);
	p = parse_exposition(t);
	CU_ASSERT_EQUAL(p->bad, 0);
	CU_ASSERT(p->samples > 40);
	for (int i = 0; i < p->n; i++) {
		CU_ASSERT_EQUAL(p->f[i].help, 1);
		CU_ASSERT_EQUAL(p->f[i].types, 1);
		CU_ASSERT_EQUAL(strncmp(p->f[i].name, "graphd_", 7), 0);
	}
	free(p);
	free(t);
	evbuffer_free(b);
	free(m);
}

static void test_rendered_values_come_from_the_metrics_and_view(void)
{
	struct metrics *m = metrics_new();
	struct evbuffer *b = evbuffer_new();
	struct metrics_view v;
	struct raft_entry e = entry(41, 7);
	char *t;

	view_fixture(&v);
	metrics_fsync(m, 0, 300);
	metrics_proposed(m, RAFT_OK, 41, 7, 0);
	metrics_applied(m, &e, 2000);
	m->client_requests[METRICS_REQ_WRITE] = 3;
	m->bytes_sent[METRICS_PORT_CLUSTER] = 12345;
	metrics_render_view(m, &v, b);
	t = render_text(b);
#define S(series) sample_value(t, series)
	CU_ASSERT_EQUAL(S("graphd_role{server_id=\"3\",role=\"master\"}"), 1);
	CU_ASSERT_EQUAL(S("graphd_role{server_id=\"3\",role=\"slave\"}"), 0);
	CU_ASSERT_EQUAL(S("graphd_role{server_id=\"3\",role=\"arbiter\"}"), 0);
	CU_ASSERT_EQUAL(S("graphd_is_master{server_id=\"3\"}"), 1);
	CU_ASSERT_EQUAL(S("graphd_term{server_id=\"3\"}"), 7);
	CU_ASSERT_EQUAL(S("graphd_commit_index{server_id=\"3\"}"), 40);
	CU_ASSERT_EQUAL(S("graphd_applied_index{server_id=\"3\"}"), 39);
	CU_ASSERT_EQUAL(S("graphd_last_log_index{server_id=\"3\"}"), 42);
	CU_ASSERT_EQUAL(
	    S("graphd_peer_match_index{server_id=\"3\",peer=\"1\"}"), 40);
	CU_ASSERT_EQUAL(
	    S("graphd_peer_lag_entries{server_id=\"3\",peer=\"1\"}"), 2);
	/* No progress known for peer 2: no match or lag series. */
	CU_ASSERT_EQUAL(
	    S("graphd_peer_match_index{server_id=\"3\",peer=\"2\"}"), -1);
	CU_ASSERT_EQUAL(S("graphd_peer_reachable{server_id=\"3\",peer=\"2\"}"),
			0);
	CU_ASSERT_EQUAL(S("graphd_peer_reachable{server_id=\"3\",peer=\"1\"}"),
			1);
	CU_ASSERT_EQUAL(S("graphd_fsyncs_total{server_id=\"3\"}"), 1);
	CU_ASSERT_EQUAL(S("graphd_proposals_total{server_id=\"3\"}"), 1);
	CU_ASSERT_EQUAL(S("graphd_transactions_applied_total{server_id=\"3\"}"),
			1);
	CU_ASSERT_EQUAL(
	    S("graphd_client_requests_total{server_id=\"3\",kind=\"write\"}"),
	    3);
	CU_ASSERT_EQUAL(
	    S("graphd_bytes_sent_total{server_id=\"3\",port=\"cluster\"}"),
	    12345);
	CU_ASSERT_EQUAL(S("graphd_store_log_flushes_total{server_id=\"3\"}"),
			77);
	CU_ASSERT_DOUBLE_EQUAL(S("graphd_uptime_seconds{server_id=\"3\"}"), 2.5,
			       1e-6);
	CU_ASSERT_EQUAL(
	    S("graphd_commit_latency_seconds_count{server_id=\"3\"}"), 1);
	CU_ASSERT_EQUAL(S("graphd_commit_latency_seconds_bucket{server_id="
			  "\"3\",le=\"0.0025\"}"),
			1);
	CU_ASSERT_EQUAL(S("graphd_commit_latency_seconds_bucket{server_id="
			  "\"3\",le=\"0.001\"}"),
			0);
#undef S
	free(t);
	evbuffer_free(b);
	free(m);
}

static void test_arbiter_renders_role_and_zero_transactions(void)
{
	struct metrics *m = metrics_new();
	struct evbuffer *b = evbuffer_new();
	struct metrics_view v;
	struct raft_entry e = entry(1, 1);
	struct parsed *p;
	char *t;

	view_fixture(&v);
	v.role = "arbiter";
	v.mode = "ARBITER";
	v.has_log_flushes = false;
	v.peers[0].has_match = false;
	e.stripped = true;
	metrics_applied(m, &e, 5);
	metrics_render_view(m, &v, b);
	t = render_text(b);
	CU_ASSERT_EQUAL(
	    sample_value(t, "graphd_role{server_id=\"3\",role=\"arbiter\"}"),
	    1);
	CU_ASSERT_EQUAL(sample_value(t, "graphd_is_master{server_id=\"3\"}"),
			0);
	CU_ASSERT_EQUAL(
	    sample_value(t,
			 "graphd_transactions_applied_total{server_id=\"3\"}"),
	    0);
	CU_ASSERT_PTR_NULL(strstr(t, "graphd_peer_lag_entries{"));
	CU_ASSERT_PTR_NULL(strstr(t, "graphd_store_log_flushes_total"));
	p = parse_exposition(t);
	CU_ASSERT_EQUAL(p->bad, 0);
	free(p);
	free(t);
	evbuffer_free(b);
	free(m);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("histogram", NULL, NULL);
	CU_add_test(s, "value_equal_to_bound_goes_in_that_bucket",
		    test_value_equal_to_bound_goes_in_that_bucket);
	CU_add_test(s, "value_above_last_bound_goes_in_inf_bucket",
		    test_value_above_last_bound_goes_in_inf_bucket);
	CU_add_test(s, "value_below_first_bound_goes_in_first_bucket",
		    test_value_below_first_bound_goes_in_first_bucket);
	CU_add_test(s, "rendered_buckets_are_cumulative_with_sum_and_count",
		    test_rendered_buckets_are_cumulative_with_sum_and_count);
	CU_add_test(s, "histogram_without_labels_renders_no_braces",
		    test_histogram_without_labels_renders_no_braces);
	s = CU_add_suite("counting", NULL, NULL);
	CU_add_test(s, "new_term_with_own_vote_is_one_election_started",
		    test_new_term_with_own_vote_is_one_election_started);
	CU_add_test(
	    s, "becoming_leader_is_an_election_won_and_a_leader_change",
	    test_becoming_leader_is_an_election_won_and_a_leader_change);
	CU_add_test(s, "commit_latency_runs_from_proposal_to_apply",
		    test_commit_latency_runs_from_proposal_to_apply);
	CU_add_test(s, "entry_applied_in_another_term_is_not_our_proposal",
		    test_entry_applied_in_another_term_is_not_our_proposal);
	CU_add_test(s, "truncated_proposals_are_dropped_not_timed",
		    test_truncated_proposals_are_dropped_not_timed);
	CU_add_test(s, "refused_proposal_counts_as_failed_and_is_not_timed",
		    test_refused_proposal_counts_as_failed_and_is_not_timed);
	CU_add_test(s, "proposals_beyond_the_ring_leave_the_oldest_untimed",
		    test_proposals_beyond_the_ring_leave_the_oldest_untimed);
	CU_add_test(s, "only_graph_transactions_count_as_applied",
		    test_only_graph_transactions_count_as_applied);
	CU_add_test(s, "fsync_counts_and_times_each_log_write",
		    test_fsync_counts_and_times_each_log_write);
	s = CU_add_suite("exposition", NULL, NULL);
	CU_add_test(s, "every_line_is_a_sample_or_help_and_type_once",
		    test_every_line_is_a_sample_or_help_and_type_once);
	CU_add_test(s, "rendered_values_come_from_the_metrics_and_view",
		    test_rendered_values_come_from_the_metrics_and_view);
	CU_add_test(s, "arbiter_renders_role_and_zero_transactions",
		    test_arbiter_renders_role_and_zero_transactions);
	return cu_run();
}
