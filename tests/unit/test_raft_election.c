/* test_raft_election.c: the consensus core's election rules: split votes,
 * pre-vote, the leader lease, check-quorum, slave_only, leadership transfer. */
#include "../unit/cu_run.h"
#include "raft_fixture.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

static void assert_one_leader_per_term(struct fx *f)
{
	for (raft_id a = 1; a <= FX_MAX; a++)
		for (raft_id b = a + 1; b <= FX_MAX; b++) {
			struct raft_status sa, sb;

			if (!f->nodes[a].r || !f->nodes[b].r)
				continue;
			sa = fx_status(f, a);
			sb = fx_status(f, b);
			CU_ASSERT_FALSE(sa.role == RAFT_LEADER &&
					sb.role == RAFT_LEADER &&
					sa.term == sb.term);
		}
}

static void timeout_now(struct fx *f, raft_id to)
{
	struct raft_msg m = {.type = RAFT_MSG_TIMEOUT_NOW,
			     .from = 8,
			     .to = to,
			     .term = fx_status(f, to).term};

	raft_step(f->nodes[to].r, &m);
}

static void test_split_vote_resolves_within_bounded_ticks(void)
{
	struct raft_config c;
	struct fx f;
	raft_id l;

	fx_config(&c, 4, 0);
	fx_init(&f, &c);
	/* 1 and 3 campaign at once; 2 hears only 1, 4 hears only 3. */
	fx_cut(&f, 1, 4);
	fx_cut(&f, 3, 2);
	timeout_now(&f, 1);
	timeout_now(&f, 3);
	fx_settle(&f);
	CU_ASSERT_EQUAL(fx_status(&f, 1).role, RAFT_CANDIDATE);
	CU_ASSERT_EQUAL(fx_status(&f, 3).role, RAFT_CANDIDATE);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	fx_heal(&f);
	l = fx_wait_leader(&f, 10 * f.base.election_ticks);
	CU_ASSERT_NOT_EQUAL(l, 0);
	assert_one_leader_per_term(&f);
	CU_ASSERT_TRUE(fx_status(&f, l).term >= 2);
	fx_free(&f);
}

static void test_election_safety_across_seeds(void)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct raft_config c;
		struct fx f;
		raft_id l;

		fx_config(&c, 5, 0);
		fx_init(&f, &c);
		f.base.seed = seed;
		for (raft_id id = 1; id <= 5; id++)
			fx_restart(&f, id);
		for (int t = 0; t < 60; t++) {
			fx_tick(&f, 1);
			assert_one_leader_per_term(&f);
		}
		l = fx_leader(&f);
		CU_ASSERT_NOT_EQUAL(l, 0);
		if (l)
			CU_ASSERT_NOT_EQUAL(fx_propose(&f, l, "x"), 0);
		fx_free(&f);
	}
}

static void test_prevote_rejoining_instance_does_not_depose_leader(void)
{
	struct raft_config c;
	struct fx f;
	raft_term term;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	term = fx_status(&f, 1).term;
	fx_isolate(&f, 3);
	fx_tick(&f, 10 * f.base.election_ticks);
	/* Pre-votes fail, so the partitioned instance never raised its term. */
	CU_ASSERT_EQUAL(fx_status(&f, 3).term, term);
	CU_ASSERT_EQUAL(fx_status(&f, 3).role, RAFT_PRE_CANDIDATE);
	fx_heal(&f);
	fx_tick(&f, 3 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_leader(&f), 1);
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, term);
	CU_ASSERT_EQUAL(fx_status(&f, 3).leader, 1);
	fx_free(&f);
}

/* Thesis 4.2.3: a follower that hears a live leader ignores a vote request
 * even of a higher term. */
static void test_follower_in_lease_ignores_higher_term_vote(void)
{
	struct raft_config c;
	struct fx f;
	raft_term term;
	struct raft_msg m = {.type = RAFT_MSG_VOTE, .from = 3, .to = 2};

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	term = fx_status(&f, 2).term;
	m.term = term + 5;
	m.log_term = term + 4;
	m.index = 100;
	raft_step(f.nodes[2].r, &m);
	CU_ASSERT_EQUAL(fx_status(&f, 2).term, term);
	CU_ASSERT_EQUAL(fx_status(&f, 2).vote, 1);
	/* Forced by a transfer, the same request is heard. */
	m.context = 1;
	raft_step(f.nodes[2].r, &m);
	CU_ASSERT_EQUAL(fx_status(&f, 2).term, term + 5);
	CU_ASSERT_EQUAL(fx_status(&f, 2).vote, 3);
	fx_free(&f);
}

/* The master's process dies; nobody has noticed yet. */
static void crash_unnoticed(struct fx *f, raft_id id)
{
	raft_free(f->nodes[id].r);
	f->nodes[id].r = NULL;
}

/* Fast failover: the master's process died and the runtime saw its socket
 * close. The follower that reports it wins an election without waiting
 * for the election timeout, and without a single tick. */
static void test_follower_that_loses_the_leader_campaigns_at_once(void)
{
	struct raft_config c;
	struct fx f;
	raft_term term;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	term = fx_status(&f, 1).term;
	crash_unnoticed(&f, 1);
	raft_report_unreachable(f.nodes[3].r, 1);
	CU_ASSERT_EQUAL(fx_status(&f, 3).role, RAFT_PRE_CANDIDATE);
	/* 2 still has 1 in its lease: the pre-vote fails until it, too,
	 * sees the connection go. */
	fx_settle(&f);
	CU_ASSERT_EQUAL(fx_status(&f, 3).role, RAFT_PRE_CANDIDATE);
	CU_ASSERT_EQUAL(fx_status(&f, 2).leader, 1);
	raft_report_unreachable(f.nodes[2].r, 1);
	fx_settle(&f);
	CU_ASSERT_EQUAL_FATAL(fx_leader(&f), 2);
	CU_ASSERT_EQUAL(fx_status(&f, 2).term, term + 1);
	CU_ASSERT_EQUAL(fx_status(&f, 3).leader, 2);
	fx_free(&f);
}

/* Both followers notice at the same moment (fx_crash reports to all): they
 * may split the vote, and the randomized timeouts still elect one master
 * within a bounded number of ticks. */
static void test_simultaneous_leader_loss_still_elects_one(void)
{
	struct raft_config c;
	struct fx f;
	raft_id l;

	fx_config(&c, 5, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 1);
	l = fx_wait_leader(&f, 4 * f.base.election_ticks);
	CU_ASSERT_TRUE(l >= 2 && l <= 5);
	assert_one_leader_per_term(&f);
	fx_free(&f);
}

/* A connection that breaks while the leader lives on (a network hiccup)
 * does not depose it: the other follower keeps it in its lease. */
static void test_leader_lost_report_does_not_depose_a_live_leader(void)
{
	struct raft_config c;
	struct fx f;
	raft_term term;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	term = fx_status(&f, 1).term;
	raft_report_unreachable(f.nodes[3].r, 1);
	fx_settle(&f);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL(fx_leader(&f), 1);
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, term);
	CU_ASSERT_EQUAL(fx_status(&f, 3).leader, 1);
	/* A report about an instance that is not the leader changes
	 * nothing on a follower. */
	raft_report_unreachable(f.nodes[2].r, 3);
	CU_ASSERT_EQUAL(fx_status(&f, 2).role, RAFT_FOLLOWER);
	CU_ASSERT_EQUAL(fx_status(&f, 2).leader, 1);
	fx_free(&f);
}

static void test_check_quorum_leader_steps_down_when_isolated(void)
{
	struct raft_config c;
	struct fx f;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_isolate(&f, 1);
	fx_tick(&f, 2 * f.base.election_ticks + 1);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	CU_ASSERT_EQUAL(
	    raft_propose(f.nodes[1].r, (const uint8_t *)"x", 1, NULL),
	    RAFT_ERR_NOT_LEADER);
	/* The majority side elects its own leader meanwhile. */
	fx_tick(&f, 3 * f.base.election_ticks);
	CU_ASSERT_TRUE(fx_leader(&f) == 2 || fx_leader(&f) == 3);
	fx_free(&f);
}

static void test_slave_only_voter_never_campaigns(void)
{
	struct raft_config c;
	struct fx f;

	fx_config(&c, 3, 0);
	c.members[0].slave_only = true;
	c.members[1].slave_only = true;
	fx_init(&f, &c);
	fx_crash(&f, 3);
	fx_tick(&f, 10 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, 0);
	/* They still vote: 3 comes back and wins with their votes. */
	fx_restart(&f, 3);
	CU_ASSERT_EQUAL(fx_wait_leader(&f, 10 * f.base.election_ticks), 3);
	fx_free(&f);
}

/* ha.slave_only set on the instance itself (the membership does not say
 * so): it never campaigns, not even when it loses the leader, but votes. */
static void test_slave_only_option_never_campaigns(void)
{
	struct raft_config c;
	struct fx f;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	f.base.slave_only = true;
	fx_restart(&f, 3);
	f.base.slave_only = false;
	fx_crash(&f, 1);
	fx_tick(&f, 6 * f.base.election_ticks);
	/* 2 is elected, with 3's vote; 3 never stood. */
	CU_ASSERT_EQUAL(fx_leader(&f), 2);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 3).role, RAFT_CANDIDATE);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 3).role, RAFT_PRE_CANDIDATE);
	fx_crash(&f, 2);
	fx_tick(&f, 6 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	CU_ASSERT_EQUAL(fx_status(&f, 3).role, RAFT_FOLLOWER);
	fx_free(&f);
}

static void test_transfer_leadership_to_caught_up_voter(void)
{
	struct raft_config c;
	struct fx f;
	raft_term term;

	fx_config(&c, 3, 1);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_propose(&f, 1, "a");
	term = fx_status(&f, 1).term;
	CU_ASSERT_EQUAL(raft_transfer_leader(f.nodes[1].r, 4),
			RAFT_ERR_INVALID); /* an arbiter never leads */
	CU_ASSERT_EQUAL(raft_transfer_leader(f.nodes[1].r, 9),
			RAFT_ERR_INVALID);
	CU_ASSERT_EQUAL(raft_transfer_leader(f.nodes[2].r, 3),
			RAFT_ERR_NOT_LEADER);
	/* Lagging target: the leader refuses proposals until it is done. */
	fx_cut(&f, 1, 3);
	fx_propose(&f, 1, "b");
	CU_ASSERT_EQUAL(raft_transfer_leader(f.nodes[1].r, 3), RAFT_OK);
	CU_ASSERT_EQUAL(fx_status(&f, 1).transferee, 3);
	CU_ASSERT_EQUAL(
	    raft_propose(f.nodes[1].r, (const uint8_t *)"c", 1, NULL),
	    RAFT_ERR_TRANSFERRING);
	fx_heal(&f);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL(fx_leader(&f), 3);
	CU_ASSERT_TRUE(fx_status(&f, 3).term > term);
	CU_ASSERT_EQUAL(fx_status(&f, 1).leader, 3);
	CU_ASSERT_NOT_EQUAL(fx_propose(&f, 3, "d"), 0);
	fx_free(&f);
}

static void test_transfer_aborts_after_election_timeout(void)
{
	struct raft_config c;
	struct fx f;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 3);
	CU_ASSERT_EQUAL(raft_transfer_leader(f.nodes[1].r, 3), RAFT_OK);
	fx_propose(&f, 1, "x");
	fx_tick(&f, f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_status(&f, 1).transferee, 0);
	CU_ASSERT_EQUAL(fx_leader(&f), 1);
	CU_ASSERT_NOT_EQUAL(fx_propose(&f, 1, "y"), 0);
	fx_free(&f);
}

static void test_stale_leader_learns_new_term_and_follows(void)
{
	struct raft_config c;
	struct fx f;
	raft_id l2;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	f.base.check_quorum = false;
	for (raft_id id = 1; id <= 3; id++)
		fx_restart(&f, id);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_isolate(&f, 1);
	fx_tick(&f, 4 * f.base.election_ticks);
	l2 = fx_leader(&f);
	CU_ASSERT_TRUE(l2 == 2 || l2 == 3);
	CU_ASSERT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER); /* stale */
	fx_heal(&f);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL(fx_status(&f, 1).role, RAFT_FOLLOWER);
	CU_ASSERT_EQUAL(fx_status(&f, 1).leader, l2);
	assert_one_leader_per_term(&f);
	fx_free(&f);
}

struct lines {
	char buf[8192];
	size_t len;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;
	int n =
	    snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s\n", line);

	if (n > 0 && l->len + (size_t)n < sizeof(l->buf))
		l->len += (size_t)n;
}

static void test_trace_explains_each_decision(void)
{
	struct raft_config c;
	struct fx f;
	struct lines l = {.len = 0};

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	f.base.trace = collect;
	f.base.trace_ctx = &l;
	for (raft_id id = 1; id <= 3; id++)
		fx_restart(&f, id);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_propose(&f, 1, "x");
	CU_ASSERT_PTR_NOT_NULL(strstr(l.buf, "2 grants vote to 1 at term 1: "
					     "candidate log 0/0 >= ours 0/0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.buf, "1 became leader at term 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.buf, "1 commits up to 2 at term 1"));
	fx_free(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raft_election", NULL, NULL);
	CU_add_test(s, "split vote resolves within bounded ticks",
		    test_split_vote_resolves_within_bounded_ticks);
	CU_add_test(s, "election safety across seeds",
		    test_election_safety_across_seeds);
	CU_add_test(s, "pre-vote: rejoining instance does not depose leader",
		    test_prevote_rejoining_instance_does_not_depose_leader);
	CU_add_test(s, "follower in lease ignores higher-term vote",
		    test_follower_in_lease_ignores_higher_term_vote);
	CU_add_test(s, "check-quorum: leader steps down when isolated",
		    test_check_quorum_leader_steps_down_when_isolated);
	CU_add_test(s, "slave_only voter never campaigns",
		    test_slave_only_voter_never_campaigns);
	CU_add_test(s, "transfer leadership to caught-up voter",
		    test_transfer_leadership_to_caught_up_voter);
	CU_add_test(s, "transfer aborts after election timeout",
		    test_transfer_aborts_after_election_timeout);
	CU_add_test(s, "trace explains each decision",
		    test_trace_explains_each_decision);
	CU_add_test(s, "follower that loses the leader campaigns at once",
		    test_follower_that_loses_the_leader_campaigns_at_once);
	CU_add_test(s, "slave_only option never campaigns",
		    test_slave_only_option_never_campaigns);
	CU_add_test(s, "simultaneous leader loss still elects one",
		    test_simultaneous_leader_loss_still_elects_one);
	CU_add_test(s, "leader lost report does not depose a live leader",
		    test_leader_lost_report_does_not_depose_a_live_leader);
	CU_add_test(s, "stale leader learns new term and follows",
		    test_stale_leader_learns_new_term_and_follows);
	return cu_run();
}
