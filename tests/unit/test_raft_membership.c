/* test_raft_membership.c: single-server membership changes: learners and
 * their auto-promotion, removing the leader, the NOT_READY and CONF_PENDING
 * guards. */
#include "../unit/cu_run.h"
#include "raft_fixture.h"

#include <CUnit/CUnit.h>
#include <string.h>

static const struct raft_member *member(struct fx *f, raft_id on, raft_id id)
{
	static struct raft_status st;

	st = fx_status(f, on);
	return raft_config_find(&st.config, id);
}

static void test_learner_is_auto_promoted_once_caught_up(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	for (int i = 0; i < 20; i++)
		fx_propose(&f, 1, "data");
	fx_start(&f, 4, false, &c); /* knows the founding config only */
	fx_tick(&f, 5);
	CU_ASSERT_EQUAL(fx_status(&f, 4).role, RAFT_FOLLOWER);
	CU_ASSERT_EQUAL(raft_propose_conf_change(
			    f.nodes[1].r, RAFT_CC_ADD_LEARNER, 4, true, &idx),
			RAFT_OK);
	/* The learner holds no vote yet: the voters count, not it. */
	CU_ASSERT_EQUAL(member(&f, 1, 4)->kind, RAFT_MEMBER_LEARNER);
	fx_tick(&f, 5);
	CU_ASSERT_EQUAL_FATAL(member(&f, 1, 4)->kind, RAFT_MEMBER_VOTER);
	CU_ASSERT_EQUAL(member(&f, 4, 4)->kind, RAFT_MEMBER_VOTER);
	CU_ASSERT_EQUAL(fx_status(&f, 4).role, RAFT_FOLLOWER);
	CU_ASSERT_EQUAL(f.nodes[4].last_applied, fx_status(&f, 1).commit);
	fx_free(&f);
}

static void test_learner_does_not_vote_or_count(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0, before;

	fx_config(&c, 1, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_start(&f, 2, false, &c);
	CU_ASSERT_EQUAL(raft_propose_conf_change(
			    f.nodes[1].r, RAFT_CC_ADD_LEARNER, 2, false, &idx),
			RAFT_OK);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(fx_status(&f, 2).role, RAFT_LEARNER);
	/* With the learner down, the single voter still commits alone. */
	fx_crash(&f, 2);
	before = fx_propose(&f, 1, "x");
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, before);
	/* A learner never campaigns. */
	fx_restart(&f, 2);
	fx_crash(&f, 1);
	fx_tick(&f, 5 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_status(&f, 2).role, RAFT_LEARNER);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	fx_free(&f);
}

static void test_conf_change_guards_not_ready_and_pending(void)
{
	struct raft_config c;
	struct fx f;
	struct raft *l;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_EQUAL(raft_propose_conf_change(
			    f.nodes[1].r, RAFT_CC_ADD_LEARNER, 4, false, NULL),
			RAFT_ERR_NOT_LEADER);
	/* Elected but cut off: its noop is not committed yet. */
	for (int t = 0; t < 100 && fx_leader(&f) != 1; t++) {
		raft_tick(f.nodes[1].r);
		for (int round = 0; round < 20 && fx_leader(&f) != 1; round++) {
			for (raft_id i = 1; i <= 3; i++)
				fx_process(&f, i);
			fx_deliver_round(&f);
		}
	}
	CU_ASSERT_FATAL(fx_leader(&f) == 1);
	fx_isolate(&f, 1);
	fx_settle(&f);
	l = f.nodes[1].r;
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_ADD_LEARNER, 4, false, NULL),
	    RAFT_ERR_NOT_READY);
	fx_heal(&f);
	fx_tick(&f, 1);
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_ADD_LEARNER, 4, false, NULL),
	    RAFT_OK);
	/* The first change is uncommitted: a second one waits. */
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_ADD_LEARNER, 5, false, NULL),
	    RAFT_ERR_CONF_PENDING);
	fx_settle(&f);
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_ADD_LEARNER, 5, false, NULL),
	    RAFT_OK);
	fx_settle(&f);
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_PROMOTE, 2, false, NULL),
	    RAFT_ERR_INVALID); /* already a voter */
	CU_ASSERT_EQUAL(
	    raft_propose_conf_change(l, RAFT_CC_ADD_VOTER, 3, false, NULL),
	    RAFT_ERR_INVALID); /* already a member */
	fx_free(&f);
}

/* Thesis 4.2.2: the leader removing itself steps down once the change is
 * committed; the rest of the cluster elects a leader and commits. */
static void test_removing_the_leader(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0;
	raft_id l2;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 1, false, &idx),
			RAFT_OK);
	fx_settle(&f);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	CU_ASSERT_PTR_NULL(member(&f, 2, 1));
	l2 = fx_wait_leader(&f, 10 * f.base.election_ticks);
	CU_ASSERT_TRUE(l2 == 2 || l2 == 3);
	CU_ASSERT_EQUAL(fx_status(&f, l2).config.n, 2);
	CU_ASSERT_NOT_EQUAL(fx_propose(&f, l2, "after"), 0);
	CU_ASSERT_TRUE(fx_status(&f, l2).commit > idx);
	/* The removed instance never campaigns again. */
	fx_crash(&f, l2);
	fx_tick(&f, 5 * f.base.election_ticks);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	fx_free(&f);
}

/* A leader that removed itself and crashed before the removal committed
 * may be the only data voter with the log (here: with a slave_only voter
 * and an arbiter): it campaigns on the new configuration's votes, commits
 * its removal, then steps down. */
static void test_removed_leader_restarting_before_commit_finishes_change(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0;

	fx_config(&c, 3, 1);
	c.members[1].slave_only = true; /* 2 */
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 3);
	fx_propose(&f, 1, "x");
	fx_isolate(&f, 1);
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 1, false, &idx),
			RAFT_OK);
	fx_settle(&f);
	fx_crash(&f, 1);
	fx_heal(&f);
	fx_restart(&f, 1);
	fx_restart(&f, 3);
	CU_ASSERT_TRUE(fx_status(&f, 1).commit < idx);
	fx_tick(&f, 10 * f.base.election_ticks);
	/* The removal committed everywhere and 1 is no longer leading. */
	CU_ASSERT_TRUE(fx_status(&f, 2).commit >= idx);
	CU_ASSERT_PTR_NULL(member(&f, 2, 1));
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	CU_ASSERT_EQUAL(fx_wait_leader(&f, 10 * f.base.election_ticks), 3);
	fx_free(&f);
}

/* Slave-only voters and arbiters cannot lead: the removal of the leader
 * commits only once a voter that may lead holds it, the removed leader
 * takes no more proposals, and it hands over to that voter. */
static void test_removed_leader_hands_over_to_a_voter_that_may_lead(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0;

	fx_config(&c, 3, 1);
	c.members[2].slave_only = true; /* 3 */
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_cut(&f, 1, 2);
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 1, false, &idx),
			RAFT_OK);
	CU_ASSERT_EQUAL(
	    raft_propose(f.nodes[1].r, (const uint8_t *)"x", 1, NULL),
	    RAFT_ERR_TRANSFERRING);
	fx_tick(&f, 3);
	/* 3 (slave_only) and 4 (arbiter) are a quorum of {2, 3, 4}, yet
	 * neither could ever lead: not committed. */
	CU_ASSERT_TRUE(fx_status(&f, 1).commit < idx);
	CU_ASSERT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	fx_heal(&f);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(fx_leader(&f), 2);
	CU_ASSERT_TRUE(fx_status(&f, 2).commit >= idx);
	CU_ASSERT_NOT_EQUAL(fx_propose(&f, 2, "y"), 0);
	fx_free(&f);
}

static void test_remove_follower_shrinks_quorum(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 3, false, NULL),
			RAFT_OK);
	fx_settle(&f);
	fx_crash(&f, 3);
	fx_crash(&f, 2);
	/* 1 of 2 voters is not a majority: nothing commits. */
	idx = fx_propose(&f, 1, "x");
	CU_ASSERT_TRUE(fx_status(&f, 1).commit < idx);
	fx_restart(&f, 2);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	fx_free(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raft_membership", NULL, NULL);
	CU_add_test(s, "learner is auto-promoted once caught up",
		    test_learner_is_auto_promoted_once_caught_up);
	CU_add_test(s, "learner does not vote or count",
		    test_learner_does_not_vote_or_count);
	CU_add_test(s, "conf change guards: not ready, pending",
		    test_conf_change_guards_not_ready_and_pending);
	CU_add_test(s, "removing the leader", test_removing_the_leader);
	CU_add_test(
	    s,
	    "removed leader restarting before commit finishes "
	    "the change",
	    test_removed_leader_restarting_before_commit_finishes_change);
	CU_add_test(s, "removed leader hands over to a voter that may lead",
		    test_removed_leader_hands_over_to_a_voter_that_may_lead);
	CU_add_test(s, "remove follower shrinks quorum",
		    test_remove_follower_shrinks_quorum);
	return cu_run();
}
