/* test_raftwire.c: consensus messages survive the cluster port's encoding. */
#include <stdlib.h>
#include <string.h>

#include "cu_run.h"
#include "net/raftwire.h"

/* Encodes m, packs it as on the wire, unpacks and decodes into out. The
 * returned message must be freed (out points into it). */
static Graphd__RaftMessage *roundtrip(const struct raft_msg *m,
				      struct raft_msg *out)
{
	struct raftwire_out enc;
	Graphd__RaftMessage *in;
	uint8_t *buf;
	size_t len;
	char err[128];

	CU_ASSERT_FATAL(raftwire_encode(m, &enc) == 0);
	len = graphd__raft_message__get_packed_size(&enc.msg);
	buf = malloc(len + 1);
	CU_ASSERT_FATAL(buf != NULL);
	graphd__raft_message__pack(&enc.msg, buf);
	raftwire_out_free(&enc);
	in = graphd__raft_message__unpack(NULL, len, buf);
	free(buf);
	CU_ASSERT_FATAL(in != NULL);
	CU_ASSERT_FATAL(raftwire_decode(in, out, err, sizeof(err)) == 0);
	return in;
}

static void append_with_entries_roundtrips(void)
{
	uint8_t payload[] = "a graph transaction";
	struct raft_entry es[3] = {
	    {.term = 4, .index = 11, .type = RAFT_ENTRY_NORMAL,
	     .data = payload, .len = sizeof(payload)},
	    {.term = 4, .index = 12, .type = RAFT_ENTRY_NOOP},
	    {.term = 5, .index = 13, .type = RAFT_ENTRY_NORMAL,
	     .stripped = true},
	};
	struct raft_msg m = {.type = RAFT_MSG_APPEND, .from = 1, .to = 3,
			     .term = 5, .log_term = 4, .index = 10,
			     .commit = 9, .context = 77, .n_entries = 3,
			     .entries = es};
	struct raft_msg out;
	Graphd__RaftMessage *in = roundtrip(&m, &out);

	CU_ASSERT_EQUAL(out.type, RAFT_MSG_APPEND);
	CU_ASSERT_EQUAL(out.from, 1);
	CU_ASSERT_EQUAL(out.to, 3);
	CU_ASSERT_EQUAL(out.term, 5);
	CU_ASSERT_EQUAL(out.log_term, 4);
	CU_ASSERT_EQUAL(out.index, 10);
	CU_ASSERT_EQUAL(out.commit, 9);
	CU_ASSERT_EQUAL(out.context, 77);
	CU_ASSERT_EQUAL_FATAL(out.n_entries, 3);
	CU_ASSERT_EQUAL(out.entries[0].len, sizeof(payload));
	CU_ASSERT(memcmp(out.entries[0].data, payload, sizeof(payload)) == 0);
	CU_ASSERT_EQUAL(out.entries[1].type, RAFT_ENTRY_NOOP);
	CU_ASSERT_EQUAL(out.entries[1].len, 0);
	CU_ASSERT(out.entries[2].stripped);
	CU_ASSERT_EQUAL(out.entries[2].index, 13);
	CU_ASSERT_EQUAL(out.entries[2].term, 5);
	raftwire_decoded_free(&out);
	graphd__raft_message__free_unpacked(in, NULL);
}

static void reject_hint_roundtrips(void)
{
	struct raft_msg m = {.type = RAFT_MSG_APPEND_RESP, .from = 2, .to = 1,
			     .term = 7, .index = 40, .reject = true,
			     .reject_hint = 35, .hint_term = 6};
	struct raft_msg out;
	Graphd__RaftMessage *in = roundtrip(&m, &out);

	CU_ASSERT(out.reject);
	CU_ASSERT_EQUAL(out.reject_hint, 35);
	CU_ASSERT_EQUAL(out.hint_term, 6);
	CU_ASSERT_EQUAL(out.n_entries, 0);
	graphd__raft_message__free_unpacked(in, NULL);
}

static void snapshot_offer_carries_membership(void)
{
	struct raft_msg m = {.type = RAFT_MSG_SNAPSHOT, .from = 1, .to = 4,
			     .term = 3};
	struct raft_msg out;
	Graphd__RaftMessage *in;

	m.snapshot.index = 20000;
	m.snapshot.term = 3;
	m.snapshot.config.n = 3;
	m.snapshot.config.members[0] =
	    (struct raft_member){.id = 1, .kind = RAFT_MEMBER_VOTER};
	m.snapshot.config.members[1] =
	    (struct raft_member){.id = 2, .kind = RAFT_MEMBER_ARBITER};
	m.snapshot.config.members[2] = (struct raft_member){
	    .id = 4, .kind = RAFT_MEMBER_LEARNER, .auto_promote = true};
	in = roundtrip(&m, &out);
	CU_ASSERT_EQUAL(out.snapshot.index, 20000);
	CU_ASSERT_EQUAL(out.snapshot.term, 3);
	CU_ASSERT_EQUAL_FATAL(out.snapshot.config.n, 3);
	CU_ASSERT_EQUAL(out.snapshot.config.members[1].kind,
			RAFT_MEMBER_ARBITER);
	CU_ASSERT(out.snapshot.config.members[2].auto_promote);
	graphd__raft_message__free_unpacked(in, NULL);
}

static void unknown_type_is_refused(void)
{
	Graphd__RaftMessage in = GRAPHD__RAFT_MESSAGE__INIT;
	struct raft_msg out;
	char err[128] = "";

	in.type = RAFT_MSG_TYPE_COUNT;
	CU_ASSERT_EQUAL(raftwire_decode(&in, &out, err, sizeof(err)), -1);
	CU_ASSERT(strstr(err, "unknown") != NULL);
}

static void snapshot_without_membership_is_refused(void)
{
	Graphd__RaftMessage in = GRAPHD__RAFT_MESSAGE__INIT;
	struct raft_msg out;
	char err[128] = "";

	in.type = RAFT_MSG_SNAPSHOT;
	CU_ASSERT_EQUAL(raftwire_decode(&in, &out, err, sizeof(err)), -1);
	CU_ASSERT(strstr(err, "membership") != NULL);
}

static void entry_of_unknown_type_is_refused(void)
{
	Graphd__RaftMessage in = GRAPHD__RAFT_MESSAGE__INIT;
	Graphd__RaftEntry e = GRAPHD__RAFT_ENTRY__INIT;
	Graphd__RaftEntry *ep = &e;
	struct raft_msg out;
	char err[128] = "";

	in.type = RAFT_MSG_APPEND;
	e.type = 9;
	in.n_entries = 1;
	in.entries = &ep;
	CU_ASSERT_EQUAL(raftwire_decode(&in, &out, err, sizeof(err)), -1);
	CU_ASSERT(out.entries == NULL);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("raftwire", NULL, NULL);
	CU_add_test(s, "append_with_entries_roundtrips",
		    append_with_entries_roundtrips);
	CU_add_test(s, "reject_hint_roundtrips", reject_hint_roundtrips);
	CU_add_test(s, "snapshot_offer_carries_membership",
		    snapshot_offer_carries_membership);
	CU_add_test(s, "unknown_type_is_refused", unknown_type_is_refused);
	CU_add_test(s, "snapshot_without_membership_is_refused",
		    snapshot_without_membership_is_refused);
	CU_add_test(s, "entry_of_unknown_type_is_refused",
		    entry_of_unknown_type_is_refused);
	return cu_run();
}
