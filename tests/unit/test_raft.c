/* test_raft.c: the consensus core's log replication and commit rules: single
 * voter, restart, Figure 7 and Figure 8, persistence before counting,
 * snapshots, ReadIndex. */
#include "../unit/cu_run.h"
#include "raft_fixture.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

static struct raft *single_voter(const struct raft_boot *boot)
{
	struct raft_options o;

	raft_options_default(&o, 1, 7);
	return raft_new(&o, boot);
}

static void boot_single(struct raft_boot *b)
{
	memset(b, 0, sizeof(*b));
	b->snapshot.config.n = 1;
	b->snapshot.config.members[0].id = 1;
}

static void test_single_voter_commits_after_its_own_persist(void)
{
	struct raft_boot b;
	struct raft_ready rd;
	struct raft *r;
	raft_index idx = 0;

	boot_single(&b);
	r = single_voter(&b);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_EQUAL(raft_propose(r, (const uint8_t *)"x", 1, &idx),
			RAFT_ERR_NOT_LEADER);
	raft_tick(r);
	CU_ASSERT_TRUE(raft_has_ready(r));
	raft_ready(r, &rd);
	CU_ASSERT_EQUAL(rd.soft_state.role, RAFT_LEADER);
	CU_ASSERT_TRUE(rd.has_hard_state);
	CU_ASSERT_EQUAL(rd.hard_state.term, 1);
	CU_ASSERT_EQUAL(rd.hard_state.vote, 1);
	CU_ASSERT_EQUAL(rd.hard_state.commit, 0);
	CU_ASSERT_EQUAL_FATAL(rd.n_entries, 1);
	CU_ASSERT_EQUAL(rd.entries[0].type, RAFT_ENTRY_NOOP);
	CU_ASSERT_EQUAL(rd.entries[0].term, 1);
	CU_ASSERT_EQUAL(rd.n_committed, 0);
	raft_advance(r);

	CU_ASSERT_EQUAL(raft_propose(r, (const uint8_t *)"hello", 5, &idx),
			RAFT_OK);
	CU_ASSERT_EQUAL(idx, 2);
	raft_ready(r, &rd);
	/* The noop commits at the advance; the proposal is now persisted. */
	CU_ASSERT_EQUAL(rd.hard_state.commit, 1);
	CU_ASSERT_EQUAL_FATAL(rd.n_committed, 1);
	CU_ASSERT_EQUAL(rd.committed[0].index, 1);
	CU_ASSERT_EQUAL_FATAL(rd.n_entries, 1);
	CU_ASSERT_EQUAL(rd.entries[0].index, 2);
	CU_ASSERT_EQUAL(rd.entries[0].len, 5);
	CU_ASSERT_EQUAL(memcmp(rd.entries[0].data, "hello", 5), 0);
	raft_advance(r);
	raft_ready(r, &rd);
	CU_ASSERT_EQUAL_FATAL(rd.n_committed, 1);
	CU_ASSERT_EQUAL(rd.committed[0].index, 2);
	CU_ASSERT_EQUAL(rd.n_entries, 0);
	raft_advance(r);
	CU_ASSERT_FALSE(raft_has_ready(r));
	raft_free(r);
}

static void test_restart_from_boot_keeps_log_and_hard_state(void)
{
	struct raft_entry ents[3] = {
	    {.term = 1, .index = 1, .type = RAFT_ENTRY_NOOP},
	    {.term = 1, .index = 2, .data = (uint8_t *)"a", .len = 1},
	    {.term = 1, .index = 3, .data = (uint8_t *)"b", .len = 1},
	};
	struct raft_boot b;
	struct raft_ready rd;
	struct raft_status st;
	struct raft *r;
	int guard = 0;

	boot_single(&b);
	b.hard_state =
	    (struct raft_hard_state){.term = 1, .vote = 1, .commit = 2};
	b.entries = ents;
	b.n_entries = 3;
	b.applied = 1;
	r = single_voter(&b);
	CU_ASSERT_FATAL(r != NULL);
	raft_status(r, &st);
	CU_ASSERT_EQUAL(st.term, 1);
	CU_ASSERT_EQUAL(st.vote, 1);
	CU_ASSERT_EQUAL(st.commit, 2);
	CU_ASSERT_EQUAL(st.last_index, 3);
	CU_ASSERT_EQUAL(raft_log_entry(r, 3)->data[0], 'b');
	raft_tick(r);
	raft_status(r, &st);
	CU_ASSERT_EQUAL(st.role, RAFT_LEADER);
	CU_ASSERT_EQUAL(st.term, 2);
	CU_ASSERT_EQUAL(st.last_index, 4);
	/* Entries 2..4 reach the state machine, in order, once. */
	raft_index next = 2;
	while (raft_has_ready(r) && guard++ < 10) {
		raft_ready(r, &rd);
		for (size_t i = 0; i < rd.n_committed; i++)
			CU_ASSERT_EQUAL(rd.committed[i].index, next++);
		raft_advance(r);
	}
	CU_ASSERT_EQUAL(next, 5);
	raft_free(r);
}

static void test_raft_new_refuses_non_contiguous_boot(void)
{
	struct raft_entry ents[2] = {{.term = 1, .index = 1},
				     {.term = 1, .index = 3}};
	struct raft_boot b;

	boot_single(&b);
	b.entries = ents;
	b.n_entries = 2;
	b.hard_state.term = 1;
	CU_ASSERT_PTR_NULL(single_voter(&b));
	ents[1].index = 2;
	ents[1].term = 2; /* term above the hard state's */
	CU_ASSERT_PTR_NULL(single_voter(&b));
	b.hard_state.term = 2;
	b.hard_state.commit = 3; /* commit beyond the log */
	CU_ASSERT_PTR_NULL(single_voter(&b));
}

static void test_proposal_too_large_is_refused(void)
{
	struct raft_boot b;
	struct raft_options o;
	struct raft *r;
	struct raft_ready rd;
	uint8_t big[64] = {0};

	boot_single(&b);
	raft_options_default(&o, 1, 1);
	o.max_entry_bytes = 16;
	r = raft_new(&o, &b);
	CU_ASSERT_FATAL(r != NULL);
	raft_tick(r);
	raft_ready(r, &rd);
	raft_advance(r);
	CU_ASSERT_EQUAL(raft_propose(r, big, sizeof(big), NULL),
			RAFT_ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(raft_propose(r, big, 16, NULL), RAFT_OK);
	raft_free(r);
}

static void assert_same_log(struct fx *f, raft_id a, raft_id b)
{
	struct raft_status sa = fx_status(f, a), sb = fx_status(f, b);

	CU_ASSERT_EQUAL(sa.last_index, sb.last_index);
	for (raft_index i = sa.first_index; i <= sa.last_index; i++) {
		const struct raft_entry *ea = raft_log_entry(f->nodes[a].r, i);
		const struct raft_entry *eb = raft_log_entry(f->nodes[b].r, i);

		CU_ASSERT_FATAL(ea && eb);
		CU_ASSERT_EQUAL(ea->term, eb->term);
	}
}

/* Raft paper Figure 7: the leader of term 8 and followers (a)-(f). */
static void test_figure7_follower_logs_repaired_by_new_leader(void)
{
	static const raft_term leader[] = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
	static const raft_term a[] = {1, 1, 1, 4, 4, 5, 5, 6, 6};
	static const raft_term b_[] = {1, 1, 1, 4};
	static const raft_term c_[] = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6};
	static const raft_term d[] = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7};
	static const raft_term e[] = {1, 1, 1, 4, 4, 4, 4};
	static const raft_term f_[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3};
	struct raft_config c;
	struct fx f;

	fx_config(&c, 7, 0);
	fx_init(&f, &c);
	fx_boot_log(&f, 1, 7, leader, 10);
	fx_boot_log(&f, 2, 7, a, 9);
	fx_boot_log(&f, 3, 7, b_, 4);
	fx_boot_log(&f, 4, 7, c_, 11);
	fx_boot_log(&f, 5, 7, d, 12);
	fx_boot_log(&f, 6, 7, e, 7);
	fx_boot_log(&f, 7, 7, f_, 11);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, 8);
	fx_tick(&f, 3);
	for (raft_id id = 2; id <= 7; id++)
		assert_same_log(&f, 1, id);
	/* The leader's noop of term 8 at index 11 replaced (c)'s and (d)'s
	 * uncommitted extra entries, and everything is committed. */
	CU_ASSERT_EQUAL(raft_log_entry(f.nodes[5].r, 11)->term, 8);
	CU_ASSERT_PTR_NULL(raft_log_entry(f.nodes[5].r, 12));
	for (raft_id id = 1; id <= 7; id++)
		CU_ASSERT_EQUAL(f.nodes[id].last_applied, 11);
	fx_free(&f);
}

/* Elect id by ticking it alone and cut it off the moment it leads, before
 * any of its appends is delivered. */
static void elect_and_cut(struct fx *f, raft_id id)
{
	for (int t = 0; t < 100 && fx_leader(f) != id; t++) {
		raft_tick(f->nodes[id].r);
		for (int round = 0; round < 20; round++) {
			for (raft_id i = 1; i <= FX_MAX; i++)
				fx_process(f, i);
			if (fx_leader(f) == id)
				break;
			fx_deliver_round(f);
		}
	}
	CU_ASSERT_FATAL(fx_leader(f) == id);
	fx_isolate(f, id);
	fx_settle(f);
}

static void fake_ack(struct fx *f, raft_id leader, raft_id from,
		     raft_index index)
{
	struct raft_msg m = {.type = RAFT_MSG_APPEND_RESP,
			     .from = from,
			     .to = leader,
			     .term = fx_status(f, leader).term,
			     .index = index};

	raft_step(f->nodes[leader].r, &m);
	fx_settle(f);
}

/* Raft paper Figure 8 (c): S1, leader of term 4, has its term-2 entry at
 * index 2 on a majority; it must not commit it by counting replicas. Only
 * when an entry of term 4 is on a majority do both commit. */
static void test_figure8_old_term_entry_not_committed_by_counting(void)
{
	static const raft_term s12[] = {1, 2};
	static const raft_term s34[] = {1};
	static const raft_term s5[] = {1, 3};
	struct raft_config c;
	struct fx f;

	fx_config(&c, 5, 0);
	fx_init(&f, &c);
	fx_boot_log(&f, 1, 3, s12, 2);
	fx_boot_log(&f, 2, 3, s12, 2);
	fx_boot_log(&f, 3, 3, s34, 1);
	fx_boot_log(&f, 4, 3, s34, 1);
	fx_boot_log(&f, 5, 3, s5, 2);
	elect_and_cut(&f, 1);
	CU_ASSERT_EQUAL(fx_status(&f, 1).term, 4);
	CU_ASSERT_EQUAL(fx_status(&f, 1).last_index, 3);
	fake_ack(&f, 1, 2, 2);
	fake_ack(&f, 1, 3, 2);
	/* Index 2 (term 2) is on S1, S2, S3: a majority, yet not committed. */
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, 0);
	fake_ack(&f, 1, 2, 3);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, 0);
	fake_ack(&f, 1, 3, 3);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, 3);
	fx_free(&f);
}

/* Thesis 10.2.1: the leader sends before its own write is durable, but
 * counts itself only after raft_advance(). */
static void test_leader_counts_itself_only_after_persist(void)
{
	struct raft_config c;
	struct raft_ready rd;
	struct fx f;
	struct raft *l;
	raft_index idx;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 3);
	l = f.nodes[1].r;
	CU_ASSERT_EQUAL(raft_propose(l, (const uint8_t *)"v", 1, &idx),
			RAFT_OK);
	raft_ready(l, &rd);
	CU_ASSERT_EQUAL_FATAL(rd.n_entries, 1);
	/* Deliver the append to 2 and its ack back while the leader's own
	 * write is still in flight. */
	for (size_t i = 0; i < rd.n_msgs; i++)
		if (rd.msgs[i].to == 2)
			raft_step(f.nodes[2].r, &rd.msgs[i]);
	fx_process(&f, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.head);
	for (struct fx_msg_node *n = f.head; n; n = n->next)
		if (n->m.to == 1 && n->m.type == RAFT_MSG_APPEND_RESP)
			raft_step(l, &n->m);
	fx_drop_pending(&f);
	CU_ASSERT_TRUE(fx_status(&f, 1).commit < idx);
	raft_advance(l);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, idx);
	fx_free(&f);
}

static void test_lagging_follower_gets_snapshot_after_compaction(void)
{
	struct raft_config c;
	struct fx f;
	raft_index last = 0;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_crash(&f, 3);
	for (int i = 0; i < 10; i++)
		last = fx_propose(&f, 1, "entry");
	CU_ASSERT_FATAL(last > 0);
	CU_ASSERT_EQUAL(
	    raft_compact(f.nodes[1].r, last, (const uint8_t *)"S", 1), RAFT_OK);
	CU_ASSERT_EQUAL(fx_status(&f, 1).first_index, last + 1);
	CU_ASSERT_PTR_NULL(raft_log_entry(f.nodes[1].r, last));
	CU_ASSERT_EQUAL(raft_compact(f.nodes[1].r, last + 5, NULL, 0),
			RAFT_ERR_INVALID);
	/* The first attempts fail in the runtime: the leader keeps trying. */
	f.fail_snapshots = true;
	fx_restart(&f, 3);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(f.nodes[3].st.snap.index, 0);
	f.fail_snapshots = false;
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(f.nodes[3].st.snap.index, last);
	CU_ASSERT_STRING_EQUAL(f.nodes[3].snap_data, "S");
	CU_ASSERT_EQUAL(fx_status(&f, 3).commit, last);
	CU_ASSERT_EQUAL(f.nodes[3].last_applied, last);
	/* Replication continues past the snapshot. */
	last = fx_propose(&f, 1, "after");
	fx_tick(&f, 2);
	CU_ASSERT_EQUAL(f.nodes[3].last_applied, last);
	CU_ASSERT_EQUAL(fx_status(&f, 1).progress[2].state,
			RAFT_PROGRESS_REPLICATE);
	fx_free(&f);
}

/* Flow control: with its acks lost, a follower gets no more than
 * max_inflight_msgs appends; once acks flow again it catches up. */
static void test_inflight_window_bounds_unacknowledged_appends(void)
{
	struct raft_config c;
	struct fx f;
	raft_index last = 0;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	f.base.max_inflight_msgs = 2;
	for (raft_id id = 1; id <= 3; id++)
		fx_restart(&f, id);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	fx_propose(&f, 1, "warm-up");
	CU_ASSERT_EQUAL(fx_status(&f, 1).progress[1].state,
			RAFT_PROGRESS_REPLICATE);
	f.nodes[2].normal_payloads_received = 0;
	f.cut[2][1] = true; /* 2's acks are lost */
	for (int i = 0; i < 5; i++)
		last = fx_propose(&f, 1, "w");
	CU_ASSERT_EQUAL(f.nodes[2].normal_payloads_received, 2);
	CU_ASSERT_EQUAL(fx_status(&f, 1).commit, last); /* 1 and 3 */
	fx_heal(&f);
	fx_tick(&f, 3);
	CU_ASSERT_EQUAL(f.nodes[2].last_applied, last);
	fx_free(&f);
}

static bool has_read(struct fx *f, raft_id id, uint64_t ctx, raft_index *index)
{
	for (unsigned i = 0; i < f->nodes[id].n_reads; i++)
		if (f->nodes[id].reads[i] == ctx) {
			*index = f->nodes[id].read_index[i];
			return true;
		}
	return false;
}

static void test_read_index_confirms_leadership_first(void)
{
	struct raft_config c;
	struct fx f;
	raft_index idx = 0, ri = 0;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	CU_ASSERT_FATAL(fx_elect(&f, 1));
	idx = fx_propose(&f, 1, "w");
	/* Cut off from both followers: no quorum confirms, no read. */
	fx_isolate(&f, 1);
	CU_ASSERT_EQUAL(raft_read_index(f.nodes[1].r, 77), RAFT_OK);
	fx_settle(&f);
	CU_ASSERT_FALSE(has_read(&f, 1, 77, &ri));
	fx_heal(&f);
	fx_tick(&f, 1); /* a heartbeat round answers */
	CU_ASSERT_TRUE(has_read(&f, 1, 77, &ri));
	CU_ASSERT_EQUAL(ri, idx);
	/* A follower's request is forwarded to the leader. */
	CU_ASSERT_EQUAL(raft_read_index(f.nodes[2].r, 78), RAFT_OK);
	fx_settle(&f);
	fx_tick(&f, 1);
	CU_ASSERT_TRUE(has_read(&f, 2, 78, &ri));
	CU_ASSERT_EQUAL(ri, idx);
	fx_free(&f);
}

static void test_read_index_waits_for_first_commit_of_term(void)
{
	struct raft_config c;
	struct fx f;
	raft_index ri = 0;

	fx_config(&c, 3, 0);
	fx_init(&f, &c);
	elect_and_cut(&f, 1);
	CU_ASSERT_EQUAL(raft_read_index(f.nodes[1].r, 5), RAFT_OK);
	fx_settle(&f);
	CU_ASSERT_FALSE(has_read(&f, 1, 5, &ri));
	fx_heal(&f);
	fx_tick(&f, 2);
	CU_ASSERT_TRUE(has_read(&f, 1, 5, &ri));
	CU_ASSERT_EQUAL(ri, fx_status(&f, 1).commit);
	CU_ASSERT_TRUE(ri >= 1);
	fx_free(&f);
}

static void test_config_encoding_round_trips_and_rejects_garbage(void)
{
	struct raft_config c, d;
	uint8_t buf[RAFT_CONFIG_ENCODED_MAX];
	size_t n;

	fx_config(&c, 2, 1);
	c.members[1].slave_only = true;
	n = raft_config_encode(&c, buf, sizeof(buf));
	CU_ASSERT_EQUAL(n, 4 + 3 * 8);
	CU_ASSERT_TRUE(raft_config_decode(&d, buf, n));
	CU_ASSERT_EQUAL(d.n, 3);
	CU_ASSERT_TRUE(d.members[1].slave_only);
	CU_ASSERT_EQUAL(d.members[2].kind, RAFT_MEMBER_ARBITER);
	CU_ASSERT_PTR_NOT_NULL(raft_config_find(&d, 3));
	CU_ASSERT_PTR_NULL(raft_config_find(&d, 9));
	CU_ASSERT_FALSE(raft_config_decode(&d, buf, n - 1));
	CU_ASSERT_EQUAL(raft_config_encode(&c, buf, 10), 0);
	buf[4] = buf[12]; /* duplicate id */
	buf[5] = buf[13];
	CU_ASSERT_FALSE(raft_config_decode(&d, buf, n));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raft_replication", NULL, NULL);
	CU_add_test(s, "single voter commits after its own persist",
		    test_single_voter_commits_after_its_own_persist);
	CU_add_test(s, "restart from boot keeps log and hard state",
		    test_restart_from_boot_keeps_log_and_hard_state);
	CU_add_test(s, "raft_new refuses a non-contiguous boot",
		    test_raft_new_refuses_non_contiguous_boot);
	CU_add_test(s, "proposal too large is refused",
		    test_proposal_too_large_is_refused);
	CU_add_test(s, "Figure 7 follower logs repaired by new leader",
		    test_figure7_follower_logs_repaired_by_new_leader);
	CU_add_test(s, "Figure 8 old-term entry not committed by counting",
		    test_figure8_old_term_entry_not_committed_by_counting);
	CU_add_test(s, "leader counts itself only after persist",
		    test_leader_counts_itself_only_after_persist);
	CU_add_test(s, "lagging follower gets snapshot after compaction",
		    test_lagging_follower_gets_snapshot_after_compaction);
	CU_add_test(s, "inflight window bounds unacknowledged appends",
		    test_inflight_window_bounds_unacknowledged_appends);
	CU_add_test(s, "read index confirms leadership first",
		    test_read_index_confirms_leadership_first);
	CU_add_test(s, "read index waits for first commit of term",
		    test_read_index_waits_for_first_commit_of_term);
	CU_add_test(s, "config encoding round-trips and rejects garbage",
		    test_config_encoding_round_trips_and_rejects_garbage);
	return cu_run();
}
