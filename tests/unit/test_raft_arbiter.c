/* test_raft_arbiter.c: arbiters (witnesses): they vote and acknowledge but
 * hold no graph data, never lead, get entries only when a quorum needs them,
 * and refuse votes to candidates whose log is behind theirs. */
#include "../unit/cu_run.h"
#include "raft_fixture.h"

#include <CUnit/CUnit.h>
#include <string.h>

/* 1, 2: data voters; 3: arbiter. */
static void two_plus_one(struct fx *f)
{
	struct raft_config c;

	fx_config(&c, 2, 1);
	fx_init(f, &c);
	CU_ASSERT_FATAL(fx_elect(f, 1));
	CU_ASSERT_EQUAL(fx_status(f, 3).role, RAFT_ARBITER);
}

static void assert_arbiter_holds_no_payload(struct fx *f, raft_id arb)
{
	struct raft_status st = fx_status(f, arb);

	CU_ASSERT_EQUAL(f->nodes[arb].normal_payloads_received, 0);
	for (raft_index i = st.first_index; i <= st.last_index; i++) {
		const struct raft_entry *e = raft_log_entry(f->nodes[arb].r, i);

		CU_ASSERT_FATAL(e != NULL);
		if (e->type == RAFT_ENTRY_NORMAL) {
			CU_ASSERT_TRUE(e->stripped);
			CU_ASSERT_PTR_NULL(e->data);
		}
	}
	for (raft_index i = 1; i <= f->nodes[arb].last_applied; i++)
		if (f->nodes[arb].applied_type[i] == RAFT_ENTRY_NORMAL)
			CU_ASSERT_FALSE(f->nodes[arb].applied_payload[i]);
}

static size_t entries_queued_to(struct fx *f, raft_id to)
{
	size_t n = 0;

	for (struct fx_msg_node *m = f->head; m; m = m->next)
		if (m->m.to == to && m->m.type == RAFT_MSG_APPEND)
			n += m->m.n_entries;
	return n;
}

/* DESIGN 3.1: while the data voters alone make a quorum, the leader does not
 * send new entries to the arbiter; once a data voter is gone, it does. */
static void test_arbiter_gets_entries_only_when_quorum_needs_it(void)
{
	struct fx f;
	raft_index idx;

	two_plus_one(&f);
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL_FATAL(
	    raft_propose(f.nodes[1].r, (const uint8_t *)"a", 1, &idx), RAFT_OK);
	fx_process(&f, 1);
	CU_ASSERT_EQUAL(entries_queued_to(&f, 2), 1);
	CU_ASSERT_EQUAL(entries_queued_to(&f, 3), 0);
	fx_settle(&f);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	CU_ASSERT_TRUE(fx_status(&f, 3).last_index <= idx);

	fx_crash(&f, 2);
	CU_ASSERT_EQUAL_FATAL(
	    raft_propose(f.nodes[1].r, (const uint8_t *)"b", 1, &idx), RAFT_OK);
	fx_process(&f, 1);
	CU_ASSERT_TRUE(entries_queued_to(&f, 3) >= 1);
	fx_settle(&f);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	CU_ASSERT_EQUAL(fx_status(&f, 3).last_index, idx);
	assert_arbiter_holds_no_payload(&f, 3);
	fx_free(&f);
}

/* Were the leader to crash before persisting an entry it had already sent
 * to the arbiter, the arbiter would be ahead of every data copy and refuse
 * all candidates forever: arbiters get only what the leader holds durably. */
static void test_arbiter_gets_only_entries_the_leader_persisted(void)
{
	struct fx f;
	struct raft_ready rd;
	struct raft *l;
	raft_index idx;
	size_t to_arbiter = 0;

	two_plus_one(&f);
	fx_crash(&f, 2);
	l = f.nodes[1].r;
	CU_ASSERT_EQUAL_FATAL(raft_propose(l, (const uint8_t *)"p", 1, &idx),
			      RAFT_OK);
	raft_ready(l, &rd);
	CU_ASSERT_EQUAL(rd.n_entries, 1);
	for (size_t i = 0; i < rd.n_msgs; i++)
		if (rd.msgs[i].to == 3)
			to_arbiter += rd.msgs[i].n_entries;
	CU_ASSERT_EQUAL(to_arbiter, 0);
	raft_advance(l);
	fx_process(&f, 1);
	CU_ASSERT_EQUAL(entries_queued_to(&f, 3), 1);
	fx_settle(&f);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	fx_free(&f);
}

static void test_arbiter_never_receives_normal_payloads(void)
{
	struct fx f;

	two_plus_one(&f);
	fx_crash(&f, 2);
	for (int i = 0; i < 10; i++)
		CU_ASSERT_NOT_EQUAL(fx_propose(&f, 1, "payload"), 0);
	fx_restart(&f, 2);
	for (int i = 0; i < 10; i++)
		fx_propose(&f, 1, "more");
	fx_tick(&f, 3);
	assert_arbiter_holds_no_payload(&f, 3);
	CU_ASSERT_TRUE(f.nodes[3].last_applied > 10);
	/* The data voter got the payloads. */
	CU_ASSERT_TRUE(f.nodes[2].normal_payloads_received >= 20);
	fx_free(&f);
}

static void test_two_data_voters_plus_arbiter_survive_either_voter_down(void)
{
	struct fx f;
	raft_index idx;
	raft_id l;

	two_plus_one(&f);
	fx_crash(&f, 2);
	idx = fx_propose(&f, 1, "with 2 down");
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	fx_restart(&f, 2);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(f.nodes[2].last_applied, idx);
	fx_crash(&f, 1);
	l = fx_wait_leader(&f, 10 * f.base.election_ticks);
	CU_ASSERT_EQUAL_FATAL(l, 2);
	idx = fx_propose(&f, 2, "with 1 down");
	CU_ASSERT_NOT_EQUAL(idx, 0);
	CU_ASSERT_EQUAL(fx_status(&f, 2).commit, idx);
	/* And back: 1 rejoins and catches up. */
	fx_restart(&f, 1);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(f.nodes[1].last_applied, idx);
	assert_arbiter_holds_no_payload(&f, 3);
	fx_free(&f);
}

static void test_arbiter_refuses_vote_to_stale_candidate(void)
{
	struct fx f;
	struct raft_status st;
	struct raft_msg m = {
	    .type = RAFT_MSG_VOTE, .from = 2, .to = 3, .context = 1};
	bool refused = false;

	two_plus_one(&f);
	fx_crash(&f, 2);
	fx_propose(&f, 1, "x");
	fx_crash(&f, 1);
	st = fx_status(&f, 3);
	m.term = st.term + 1;
	m.log_term = st.last_term;
	m.index = st.last_index - 1;
	raft_step(f.nodes[3].r, &m);
	fx_process(&f, 3);
	for (struct fx_msg_node *n = f.head; n; n = n->next)
		if (n->m.type == RAFT_MSG_VOTE_RESP && n->m.to == 2)
			refused = n->m.reject;
	CU_ASSERT_TRUE(refused);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 3).vote, 2);
	fx_drop_pending(&f);
	/* An up-to-date candidate gets the vote. */
	m.term++;
	m.index = st.last_index;
	raft_step(f.nodes[3].r, &m);
	CU_ASSERT_EQUAL(fx_status(&f, 3).vote, 2);
	fx_free(&f);
}

/* The known trade-off (DESIGN 3.1): with the master dead and the only other
 * data copy behind, the arbiter refuses to elect it; the cluster waits for
 * the master rather than lose committed data. */
static void test_master_dead_and_other_voter_lagging_elects_no_one(void)
{
	struct fx f;
	raft_index idx;
	raft_id l;

	two_plus_one(&f);
	fx_crash(&f, 2);
	idx = fx_propose(&f, 1, "committed with the arbiter");
	CU_ASSERT_EQUAL_FATAL(fx_status(&f, 1).commit, idx);
	fx_crash(&f, 1);
	fx_restart(&f, 2);
	fx_tick(&f, 10 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	CU_ASSERT_NOT_EQUAL(fx_status(&f, 3).role, RAFT_LEADER);
	/* The master returns: a leader with the committed entry emerges. */
	fx_restart(&f, 1);
	l = fx_wait_leader(&f, 10 * f.base.election_ticks);
	CU_ASSERT_EQUAL_FATAL(l, 1);
	fx_tick(&f, 2);
	CU_ASSERT_TRUE(f.nodes[2].last_applied >= idx);
	CU_ASSERT_EQUAL(f.nodes[2].applied_term[idx],
			f.nodes[1].applied_term[idx]);
	CU_ASSERT_TRUE(f.nodes[2].applied_payload[idx]);
	fx_free(&f);
}

/* Arbiters plus a leader that removed itself are a quorum of nothing: no
 * data voter of the new configuration would hold what they commit. */
static void test_arbiters_alone_never_commit_for_a_removed_leader(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0;

	fx_config(&c, 2, 2);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 2);
	CU_ASSERT_EQUAL(raft_propose_conf_change(f.nodes[1].r, RAFT_CC_REMOVE,
						 1, false, &idx),
			RAFT_OK);
	fx_tick(&f, 3);
	CU_ASSERT_TRUE(fx_status(&f, 1).commit < idx);
	CU_ASSERT_TRUE(fx_status(&f, 3).last_index < idx);
	fx_restart(&f, 2);
	fx_tick(&f, 3);
	CU_ASSERT_TRUE(fx_status(&f, 2).commit >= idx);
	CU_ASSERT_EQUAL(fx_wait_leader(&f, 10 * f.base.election_ticks), 2);
	fx_free(&f);
}

static void test_arbiter_instance_never_campaigns(void)
{
	struct raft_config c;
	struct fx f;

	fx_config(&c, 1, 2);
	fx_init(&f, &c);
	fx_crash(&f, 1);
	fx_tick(&f, 10 * f.base.election_ticks);
	CU_ASSERT_EQUAL(fx_leader(&f), 0);
	CU_ASSERT_EQUAL(fx_status(&f, 2).term, 0);
	CU_ASSERT_EQUAL(fx_status(&f, 3).term, 0);
	fx_free(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raft_arbiter", NULL, NULL);
	CU_add_test(s, "arbiter gets entries only when quorum needs it",
		    test_arbiter_gets_entries_only_when_quorum_needs_it);
	CU_add_test(s, "arbiter gets only entries the leader persisted",
		    test_arbiter_gets_only_entries_the_leader_persisted);
	CU_add_test(s, "arbiter never receives NORMAL payloads",
		    test_arbiter_never_receives_normal_payloads);
	CU_add_test(
	    s, "2 data voters + arbiter survive either voter down",
	    test_two_data_voters_plus_arbiter_survive_either_voter_down);
	CU_add_test(s, "arbiter refuses vote to stale candidate",
		    test_arbiter_refuses_vote_to_stale_candidate);
	CU_add_test(s, "master dead, other voter lagging: no leader elected",
		    test_master_dead_and_other_voter_lagging_elects_no_one);
	CU_add_test(s, "arbiters alone never commit for a removed leader",
		    test_arbiters_alone_never_commit_for_a_removed_leader);
	CU_add_test(s, "arbiter instance never campaigns",
		    test_arbiter_instance_never_campaigns);
	return cu_run();
}
