/* test_session_expiry.c: the session table forgets sessions by log time,
 * the same way on every replica, in bounded steps, and answers a retry
 * within the window instead of running it again (DESIGN.md 3.3). */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/cu_run.h"
#include "store/bytes.h"
#include "test_graph_fixture.h"

#define T0     1700000000000LL
#define WINDOW 60000u

/* A NORMAL entry at f->next_index: session's write number seq, creating
 * one node labelled S with k = tag, proposed at log time ts with the
 * session retention window. Returns the response (caller frees). */
static Graphd__Response *write_at(struct gfx *f, uint64_t session,
				  uint64_t seq, int64_t ts, uint64_t window,
				  int64_t tag)
{
	Graphd__TxnEntry te = GRAPHD__TXN_ENTRY__INIT;
	Graphd__WriteTxn wt = GRAPHD__WRITE_TXN__INIT;
	Graphd__Op *op = op_node("S", 1, "k", gv_int(tag));
	struct raft_entry e = {0};
	Graphd__Response *r;

	te.origin_server = 1;
	te.session = session;
	te.seq = seq;
	te.timestamp_ms = ts;
	te.session_retention_ms = window;
	te.txn = &wt;
	wt.n_ops = 1;
	wt.ops = &op;
	e.index = f->next_index++;
	e.term = 1;
	e.type = RAFT_ENTRY_NORMAL;
	e.len = graphd__txn_entry__get_packed_size(&te);
	e.data = malloc(e.len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e.data);
	graphd__txn_entry__pack(&te, e.data);
	graphd__op__free_unpacked(op, NULL);
	r = gfx_apply(f, &e);
	free(e.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

/* The txn id a write was answered with (0 for an error). */
static uint64_t txn_of(struct gfx *f, uint64_t session, uint64_t seq,
		       int64_t ts, uint64_t window, int64_t tag)
{
	Graphd__Response *r = write_at(f, session, seq, ts, window, tag);
	uint64_t t = r->body_case == GRAPHD__RESPONSE__BODY_WRITE
			 ? r->write->txn_id
			 : 0;

	graph_response_free(r);
	return t;
}

static size_t nodes_labelled_s(struct gfx *f)
{
	Graphd__Response *r = gfx_by_label(f, "S", NULL, NULL, 0);
	size_t n;

	CU_ASSERT_EQUAL_FATAL(r->body_case, GRAPHD__RESPONSE__BODY_NODES);
	n = r->nodes->n_nodes;
	graph_response_free(r);
	return n;
}

static bool session_known(struct gfx *f, uint64_t session)
{
	Graphd__Response *resp = NULL;
	uint64_t seq;
	DB_TXN *txn;
	int ret;

	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f->g, NULL, true, &txn),
			      0);
	ret = store_graph_session_get(f->g, txn, session, &seq, &resp);
	txn->commit(txn, 0);
	graph_response_free(resp);
	CU_ASSERT(ret == 0 || ret == DB_NOTFOUND);
	return ret == 0;
}

static void test_retry_within_the_window_is_answered_not_run_again(void)
{
	struct gfx f;
	uint64_t first;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	first = txn_of(&f, 7, 1, T0, WINDOW, 1);
	CU_ASSERT_NOT_EQUAL(first, 0);
	/* Other clients move the log clock to just inside the window. */
	txn_of(&f, 8, 1, T0 + WINDOW - 1, WINDOW, 2);
	CU_ASSERT_EQUAL(txn_of(&f, 7, 1, T0 + WINDOW - 1, WINDOW, 1), first);
	CU_ASSERT_EQUAL(nodes_labelled_s(&f), 2);
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 2);
	gfx_teardown(&f);
}

static void test_sessions_expire_after_the_window_in_log_time(void)
{
	struct gfx f;
	uint64_t first;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	first = txn_of(&f, 7, 1, T0, WINDOW, 1);
	/* Only log time counts: however long apply takes in real time,
	 * nothing expires while the entries' clock stays in the window. */
	txn_of(&f, 8, 1, T0 + WINDOW, WINDOW, 2);
	CU_ASSERT(session_known(&f, 7));
	/* One millisecond past the window: the entry that moves the clock
	 * there forgets session 7, on every replica at this same entry. */
	txn_of(&f, 9, 1, T0 + WINDOW + 1, WINDOW, 3);
	CU_ASSERT(!session_known(&f, 7));
	CU_ASSERT(session_known(&f, 8));
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 2);
	/* A retry older than the window runs again (documented). */
	CU_ASSERT_NOT_EQUAL(txn_of(&f, 7, 1, T0 + WINDOW + 1, WINDOW, 1),
			    first);
	CU_ASSERT_EQUAL(nodes_labelled_s(&f), 4);
	gfx_teardown(&f);
}

static void test_using_a_session_keeps_it(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	txn_of(&f, 7, 1, T0, WINDOW, 1);
	txn_of(&f, 7, 2, T0 + WINDOW / 2, WINDOW, 2);
	txn_of(&f, 8, 1, T0 + WINDOW + WINDOW / 4, WINDOW, 3);
	CU_ASSERT(session_known(&f, 7));
	txn_of(&f, 8, 2, T0 + 2 * WINDOW, WINDOW, 4);
	CU_ASSERT(!session_known(&f, 7));
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 1);
	gfx_teardown(&f);
}

static void test_log_clock_never_moves_back(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	txn_of(&f, 7, 1, T0, WINDOW, 1);
	txn_of(&f, 8, 1, T0 + WINDOW, WINDOW, 2);
	/* A proposer whose clock lags: its session is stamped with the log
	 * clock, not its own time, so it does not expire at once. */
	txn_of(&f, 9, 1, T0 - 5 * (int64_t)WINDOW, WINDOW, 3);
	txn_of(&f, 10, 1, T0 + WINDOW + WINDOW / 2, WINDOW, 4);
	CU_ASSERT(session_known(&f, 9));
	CU_ASSERT(!session_known(&f, 7));
	gfx_teardown(&f);
}

static void test_no_window_keeps_every_session(void)
{
	struct gfx f;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	/* Entries of proposers from before ha.session_retention carry 0. */
	txn_of(&f, 7, 1, T0, 0, 1);
	txn_of(&f, 8, 1, T0 + 100 * (int64_t)WINDOW, 0, 2);
	CU_ASSERT(session_known(&f, 7));
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 2);
	gfx_teardown(&f);
}

static void test_expiry_is_bounded_per_entry_and_drains(void)
{
	struct gfx f;
	uint64_t s, before;
	int i;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	for (s = 1; s <= 100; s++)
		txn_of(&f, s, 1, T0, WINDOW, (int64_t)s);
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 100);
	/* Long after: each entry forgets at most 32 and adds one. */
	before = store_graph_session_count(f.g);
	txn_of(&f, 1000, 1, T0 + 10 * (int64_t)WINDOW, WINDOW, 0);
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), before - 32 + 1);
	for (i = 1; i <= 3; i++)
		txn_of(&f, 1000 + (uint64_t)i, 1,
		       T0 + 10 * (int64_t)WINDOW, WINDOW, 0);
	/* 100 old ones gone in 4 entries (32 + 32 + 32 + 4), the 4 new
	 * sessions stay. */
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 4);
	for (s = 1; s <= 100; s++)
		CU_ASSERT(!session_known(&f, s));
	gfx_teardown(&f);
}

/* Two replicas apply the same entries, one of them restarted half-way:
 * byte for byte the same store, session tables included. */
static void test_expiry_is_the_same_on_two_stores(void)
{
	struct gfx a, b;
	struct gfx *r[2] = {&a, &b};
	char *da, *db;
	int i, k;

	CU_ASSERT_FATAL(gfx_setup(&a) == 0);
	CU_ASSERT_FATAL(gfx_setup(&b) == 0);
	for (i = 0; i < 300; i++)
		for (k = 0; k < 2; k++) {
			if (k == 1 && i == 150)
				CU_ASSERT_FATAL(gfx_reopen(&b) == 0);
			/* 97 sessions in turn, each back after 97 s of log
			 * time (beyond the window), the clock sometimes
			 * stepping back. */
			txn_of(r[k], 1 + (uint64_t)(i * 7919 % 97),
			       1 + (uint64_t)i,
			       T0 + i * 1000 - (i % 5 == 0 ? 30000 : 0),
			       WINDOW, i);
		}
	da = gfx_dump(&a, 0);
	db = gfx_dump(&b, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(da);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_STRING_EQUAL(da, db);
	CU_ASSERT(strstr(da, "session_age ") != NULL);
	CU_ASSERT(store_graph_session_count(a.g) <= WINDOW / 1000 + 1);
	CU_ASSERT_EQUAL(store_graph_session_count(a.g),
			store_graph_session_count(b.g));
	free(da);
	free(db);
	gfx_teardown(&a);
	gfx_teardown(&b);
}

/* A record written before session_age existed (seq | response) still
 * answers its retry, and is rewritten in the new layout when used. */
static void test_first_layout_record_still_answers(void)
{
	Graphd__Response resp = GRAPHD__RESPONSE__INIT;
	Graphd__WriteResult w = GRAPHD__WRITE_RESULT__INIT;
	struct gfx f;
	uint8_t key[8], *val;
	size_t len;
	DB_TXN *txn;
	DBT k, v;
	DB *sessions = NULL;

	CU_ASSERT_FATAL(gfx_setup(&f) == 0);
	w.txn_id = 99;
	resp.body_case = GRAPHD__RESPONSE__BODY_WRITE;
	resp.write = &w;
	len = graphd__response__get_packed_size(&resp);
	val = malloc(8 + len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(val);
	store_put_be64(val, 3);
	graphd__response__pack(&resp, val + 8);
	store_put_be64(key, 7);
	store_dbt_set(&k, key, 8);
	store_dbt_set(&v, val, 8 + len);
	for (unsigned i = 0; i < store_graph_db_count(); i++)
		if (!strcmp(store_graph_db_name(i), "sessions"))
			sessions = store_graph_db(f.g, i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sessions);
	CU_ASSERT_EQUAL_FATAL(store_graph_txn_begin(f.g, NULL, false, &txn), 0);
	CU_ASSERT_EQUAL_FATAL(sessions->put(sessions, txn, &k, &v, 0), 0);
	CU_ASSERT_EQUAL_FATAL(txn->commit(txn, 0), 0);
	free(val);

	CU_ASSERT_EQUAL(txn_of(&f, 7, 3, T0, WINDOW, 1), 99);
	CU_ASSERT_EQUAL(nodes_labelled_s(&f), 0);
	CU_ASSERT_NOT_EQUAL(txn_of(&f, 7, 4, T0, WINDOW, 1), 0);
	CU_ASSERT_EQUAL(store_graph_session_count(f.g), 1);
	txn_of(&f, 8, 1, T0 + 2 * (int64_t)WINDOW, WINDOW, 2);
	CU_ASSERT(!session_known(&f, 7));
	gfx_teardown(&f);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("session_expiry", NULL, NULL);
	CU_add_test(s, "retry_within_the_window_is_answered_not_run_again",
		    test_retry_within_the_window_is_answered_not_run_again);
	CU_add_test(s, "sessions_expire_after_the_window_in_log_time",
		    test_sessions_expire_after_the_window_in_log_time);
	CU_add_test(s, "using_a_session_keeps_it",
		    test_using_a_session_keeps_it);
	CU_add_test(s, "log_clock_never_moves_back",
		    test_log_clock_never_moves_back);
	CU_add_test(s, "no_window_keeps_every_session",
		    test_no_window_keeps_every_session);
	CU_add_test(s, "expiry_is_bounded_per_entry_and_drains",
		    test_expiry_is_bounded_per_entry_and_drains);
	CU_add_test(s, "expiry_is_the_same_on_two_stores",
		    test_expiry_is_the_same_on_two_stores);
	CU_add_test(s, "first_layout_record_still_answers",
		    test_first_layout_record_still_answers);
	return cu_run();
}
