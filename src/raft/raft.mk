# raft.mk: build fragment of src/raft (included by Makefile.am)
# libgraphd_raft: the consensus core, a pure state machine (libc only).
noinst_LTLIBRARIES += libgraphd_raft.la
libgraphd_raft_la_SOURCES = src/raft/raft.h src/raft/raft_int.h \
	src/raft/raft.c src/raft/ready.c src/raft/log.c src/raft/progress.c \
	src/raft/quorum.c src/raft/election.c src/raft/replication.c \
	src/raft/follower.c src/raft/membership.c src/raft/transfer.c \
	src/raft/readindex.c src/raft/config.c src/raft/trace.c

RAFT_TESTS = tests/unit/test_raft tests/unit/test_raft_election \
	tests/unit/test_raft_membership tests/unit/test_raft_arbiter
check_PROGRAMS += $(RAFT_TESTS)
TESTS += $(RAFT_TESTS)
tests_unit_test_raft_SOURCES = tests/unit/test_raft.c \
	tests/unit/raft_fixture.c tests/unit/raft_fixture.h
tests_unit_test_raft_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raft_LDADD = libgraphd_raft.la $(CUNIT_LIBS)

tests_unit_test_raft_election_SOURCES = tests/unit/test_raft_election.c \
	tests/unit/raft_fixture.c tests/unit/raft_fixture.h
tests_unit_test_raft_election_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raft_election_LDADD = libgraphd_raft.la $(CUNIT_LIBS)

tests_unit_test_raft_membership_SOURCES = tests/unit/test_raft_membership.c \
	tests/unit/raft_fixture.c tests/unit/raft_fixture.h
tests_unit_test_raft_membership_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raft_membership_LDADD = libgraphd_raft.la $(CUNIT_LIBS)

tests_unit_test_raft_arbiter_SOURCES = tests/unit/test_raft_arbiter.c \
	tests/unit/raft_fixture.c tests/unit/raft_fixture.h
tests_unit_test_raft_arbiter_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raft_arbiter_LDADD = libgraphd_raft.la $(CUNIT_LIBS)

# The store copy fence (contract 8), shared with tests/sim.
libgraphd_raft_la_SOURCES += src/raft/fence.h src/raft/fence.c
RAFT_TESTS_FENCE = tests/unit/test_raft_fence
check_PROGRAMS += $(RAFT_TESTS_FENCE)
TESTS += $(RAFT_TESTS_FENCE)
tests_unit_test_raft_fence_SOURCES = tests/unit/test_raft_fence.c
tests_unit_test_raft_fence_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raft_fence_LDADD = libgraphd_raft.la $(CUNIT_LIBS)
