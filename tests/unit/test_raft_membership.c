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

/* Removed member rules (DESIGN.md contract 9: "a removed member knows
 * it"). The leader stops replicating to a member the moment it appends
 * the member's removal, so a follower that was cut off never gets the
 * entry: it learns from the members it asks for votes, which answer with
 * RAFT_MSG_REMOVED. */
static void test_removed_follower_that_missed_its_removal_stops_campaigning(void)
{
	struct raft_config c;
	struct fx f;
	raft_term leader_term, term4;
	struct raft_status st;

	fx_config(&c, 4, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_isolate(&f, 4);
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 4, false, NULL),
			RAFT_OK);
	fx_settle(&f);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL_FATAL(fx_status(&f, 1).config.n, 3);
	CU_ASSERT_EQUAL(fx_status(&f, 4).config.n, 4); /* never got it */
	CU_ASSERT_FALSE(fx_status(&f, 4).removed);
	fx_heal(&f);
	leader_term = fx_status(&f, 1).term;
	term4 = fx_status(&f, 4).term;
	/* Its election timeout passes: it asks for (pre)votes and is told. */
	fx_tick_one(&f, 4, 3 * f.base.election_ticks);
	st = fx_status(&f, 4);
	CU_ASSERT_TRUE(st.removed);
	CU_ASSERT_TRUE(st.removed_at > 0);
	CU_ASSERT_EQUAL(st.role, RAFT_FOLLOWER);
	/* From now on it stays quiet: nothing moves anybody's term. */
	fx_tick_one(&f, 4, 5 * f.base.election_ticks);
	fx_tick(&f, 5 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_status(&f, 4).term, term4);
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, leader_term);
	CU_ASSERT_EQUAL(fx_leader(&f), 1);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 4).role, RAFT_PRE_CANDIDATE);
	fx_free(&f);
}

/* A removal notice counts only when the sender's committed configuration
 * is at least as new as the receiver's own: a member that is behind must
 * not remove an instance that was added after its configuration. */
static void test_removal_notice_older_than_own_configuration_is_ignored(void)
{
	struct raft_config c;
	struct fx f;
	raft_index added = 0;
	struct raft_msg m = {.type = RAFT_MSG_REMOVED, .from = 2, .to = 4};

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_start(&f, 4, false, &c);
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r,
						 RAFT_CC_ADD_LEARNER, 4, true,
						 &added),
			RAFT_OK);
	fx_tick(&f, 5);
	/* A joiner replaying configurations without itself is no removal. */
	CU_ASSERT_FALSE(fx_status(&f, 4).removed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(member(&f, 4, 4));
	m.term = fx_status(&f, 4).term;
	m.index = added - 1;
	raft_step(f.nodes[4].r, &m);
	CU_ASSERT_FALSE(fx_status(&f, 4).removed);
	/* A notice about a configuration as new as its own counts (4 was
	 * promoted since: its configuration is newer than "added"). */
	m.index = fx_status(&f, 4).commit;
	raft_step(f.nodes[4].r, &m);
	CU_ASSERT_TRUE(fx_status(&f, 4).removed);
	fx_free(&f);
}

/* A member that applies its own removal (here the leader removed itself
 * and handed over) is removed: it refuses its vote and never campaigns,
 * also when the new leader is gone. */
static void test_applied_removal_stops_voting_and_campaigning(void)
{
	struct raft_config c;
	struct fx f;
	raft_id l2;
	struct raft_msg v = {.type = RAFT_MSG_VOTE, .to = 1};
	struct raft_ready rd;
	bool refused = false;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 1, false, NULL),
			RAFT_OK);
	fx_settle(&f);
	l2 = fx_wait_leader(&f, 10 * f.base.election_ticks);
	CU_ASSERT_FATAL(l2 == 2 || l2 == 3);
	fx_tick(&f, 2);
	CU_ASSERT_TRUE(fx_status(&f, 1).removed);
	/* Asked for a vote by a candidate with a newer log, it refuses. */
	v.from = l2 == 2 ? 3 : 2;
	v.term = fx_status(&f, 1).term + 1;
	v.log_term = fx_status(&f, 1).last_term + 1;
	v.index = fx_status(&f, 1).last_index + 1;
	raft_step(f.nodes[1].r, &v);
	raft_ready(f.nodes[1].r, &rd);
	for (size_t i = 0; i < rd.n_msgs + rd.n_msgs_after_persist; i++) {
		const struct raft_msg *o =
		    i < rd.n_msgs ? &rd.msgs[i]
				  : &rd.msgs_after_persist[i - rd.n_msgs];
		if (o->type == RAFT_MSG_VOTE_RESP)
			refused = o->reject;
	}
	raft_advance(f.nodes[1].r);
	fx_drop_pending(&f);
	CU_ASSERT_TRUE(refused);
	fx_crash(&f, l2);
	fx_tick_one(&f, 1, 5 * f.base.election_ticks);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_PRE_CANDIDATE);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_CANDIDATE);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 1).role, RAFT_LEADER);
	fx_free(&f);
}

/* The runtime persists the removal: booted removed, even a sole voter
 * does not elect itself. */
static void test_booted_removed_never_campaigns(void)
{
	struct raft_options o;
	struct raft_boot b = {0};
	struct raft *r;

	raft_options_default(&o, 1, 7);
	o.heartbeat_ticks = 1;
	o.removed = true;
	b.snapshot.config.n = 1;
	b.snapshot.config.members[0].id = 1;
	r = raft_new(&o, &b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	for (int i = 0; i < 100; i++)
		raft_tick(r);
	{
		struct raft_status st;

		raft_status(r, &st);
		CU_ASSERT_EQUAL(st.role, RAFT_FOLLOWER);
		CU_ASSERT_TRUE(st.removed);
	}
	raft_free(r);
}

/* While the runtime has no cluster identity it hands the core one to put
 * in the first leader's no-op: the id is the payload of the first
 * committed no-op, the same on every replica. */
static void test_leader_noop_carries_the_identity(void)
{
	struct raft_config c;
	struct fx f;
	const struct raft_entry *e;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	memcpy(f.base.noop_data, "0123456789abcdef", 16);
	f.base.noop_len = 16;
	fx_restart(&f, 1);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_tick(&f, 2);
	e = raft_log_entry(f.nodes[2].r, fx_status(&f, 2).commit);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->type, RAFT_ENTRY_NOOP);
	CU_ASSERT_EQUAL_FATAL(e->len, 16);
	CU_ASSERT_EQUAL(memcmp(e->data, "0123456789abcdef", 16), 0);
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
	CU_add_test(
	    s, "removed follower that missed its removal stops campaigning",
	    test_removed_follower_that_missed_its_removal_stops_campaigning);
	CU_add_test(
	    s, "removal notice older than own configuration is ignored",
	    test_removal_notice_older_than_own_configuration_is_ignored);
	CU_add_test(s, "applied removal stops voting and campaigning",
		    test_applied_removal_stops_voting_and_campaigning);
	CU_add_test(s, "booted removed never campaigns",
		    test_booted_removed_never_campaigns);
	CU_add_test(s, "leader no-op carries the identity",
		    test_leader_noop_carries_the_identity);
	return cu_run();
}
