/* test_raft_fence.c: the store copy fence (src/raft/fence.h): a copy is
 * installed only from the leader followed in the current term, on a
 * follower or learner, and only when newer than what is applied. */
#include "../unit/cu_run.h"

#include <CUnit/CUnit.h>

#include "raft/fence.h"

/* Follower of leader 1 in term 5 that has applied 100. */
static const struct raft_fence_self follower = {
    .role = RAFT_FOLLOWER, .term = 5, .leader = 1, .applied = 100};

static enum raft_fence check(struct raft_fence_self self, raft_id from,
			     raft_term term, raft_index applied)
{
	struct raft_fence_copy c = {
	    .from = from, .term = term, .applied = applied};

	return raft_fence_check(&self, &c);
}

static void test_copy_from_current_leader_newer_is_accepted(void)
{
	struct raft_fence_self learner = follower;

	CU_ASSERT_EQUAL(check(follower, 1, 5, 101), RAFT_FENCE_ACCEPT);
	learner.role = RAFT_LEARNER;
	CU_ASSERT_EQUAL(check(learner, 1, 5, 101), RAFT_FENCE_ACCEPT);
}

static void test_copy_from_older_term_is_refused_even_when_newer(void)
{
	/* The delayed copy of issue 12: an old master, a high index. */
	CU_ASSERT_EQUAL(check(follower, 1, 4, 1000), RAFT_FENCE_STALE_TERM);
	CU_ASSERT_EQUAL(check(follower, 2, 4, 1000), RAFT_FENCE_STALE_TERM);
	CU_ASSERT_EQUAL(check(follower, 1, 0, 1000), RAFT_FENCE_STALE_TERM);
}

static void test_copy_not_newer_than_applied_is_refused(void)
{
	CU_ASSERT_EQUAL(check(follower, 1, 5, 100), RAFT_FENCE_NOT_NEWER);
	CU_ASSERT_EQUAL(check(follower, 1, 5, 7), RAFT_FENCE_NOT_NEWER);
}

static void test_copy_from_other_than_leader_is_refused(void)
{
	struct raft_fence_self lost = follower;

	CU_ASSERT_EQUAL(check(follower, 2, 5, 1000), RAFT_FENCE_NOT_LEADER);
	lost.leader = 0;
	CU_ASSERT_EQUAL(check(lost, 1, 5, 1000), RAFT_FENCE_NOT_LEADER);
}

static void test_copy_of_newer_term_waits_until_followed(void)
{
	CU_ASSERT_EQUAL(check(follower, 2, 6, 1000), RAFT_FENCE_NEWER_TERM);
}

static void test_leader_candidate_arbiter_never_install(void)
{
	struct raft_fence_self s = follower;

	s.role = RAFT_LEADER;
	s.leader = 3;
	CU_ASSERT_EQUAL(check(s, 3, 5, 1000), RAFT_FENCE_LEADER);
	CU_ASSERT_EQUAL(check(s, 1, 9, 1000), RAFT_FENCE_LEADER);
	s.role = RAFT_CANDIDATE;
	CU_ASSERT_EQUAL(check(s, 1, 9, 1000), RAFT_FENCE_CANDIDATE);
	s.role = RAFT_PRE_CANDIDATE;
	CU_ASSERT_EQUAL(check(s, 1, 5, 1000), RAFT_FENCE_CANDIDATE);
	s.role = RAFT_ARBITER;
	CU_ASSERT_EQUAL(check(s, 1, 5, 1000), RAFT_FENCE_ARBITER);
}

static void test_every_verdict_has_words(void)
{
	for (int v = RAFT_FENCE_ACCEPT; v <= RAFT_FENCE_NOT_NEWER; v++)
		CU_ASSERT_STRING_NOT_EQUAL(raft_fence_str(v), "unknown reason");
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raft_fence", NULL, NULL);
	CU_add_test(s, "copy from current leader, newer: accepted",
		    test_copy_from_current_leader_newer_is_accepted);
	CU_add_test(s, "copy from older term refused even when newer",
		    test_copy_from_older_term_is_refused_even_when_newer);
	CU_add_test(s, "copy not newer than applied refused",
		    test_copy_not_newer_than_applied_is_refused);
	CU_add_test(s, "copy from other than the leader refused",
		    test_copy_from_other_than_leader_is_refused);
	CU_add_test(s, "copy of newer term waits until followed",
		    test_copy_of_newer_term_waits_until_followed);
	CU_add_test(s, "leader, candidate, arbiter never install",
		    test_leader_candidate_arbiter_never_install);
	CU_add_test(s, "every verdict has words", test_every_verdict_has_words);
	return cu_run();
}
