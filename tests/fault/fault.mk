# fault.mk: build fragment of tests/fault (included by Makefile.am)
# The fault-injection suite: a seeded nemesis (kill -9 and restart,
# SIGSTOP/SIGCONT, network partitions between network namespaces, slow and
# reordering cluster links by delay_proxy or tc netem, a master stalled
# while its slaves crash, a dead master's store copy delivered late)
# against a real cluster while fault_client (library clients and
# session-less HTTP writers) records a history, then fault_check (own answers, linearizability
# per register, bookmark reads, acknowledged appends on every replica) and
# fault_dump (replicas' stores byte for byte). make check runs one short
# seed; `make fault-long SEEDS=N` runs N schedules (scenarios.sh included)
# and prints the totals per configuration.
TESTS += tests/unit/test_fault_check tests/fault/check.sh \
	tests/fault/fault.sh
EXTRA_DIST += tests/fault/check.sh tests/fault/fault.sh \
	tests/fault/nemesis.sh tests/fault/scenarios.sh
check_PROGRAMS += tests/fault/fault_client tests/fault/fault_check \
	tests/fault/fault_dump tests/unit/test_fault_check \
	tests/fault/delay_proxy

tests_fault_fault_client_SOURCES = tests/fault/fault_client.c \
	tests/fault/fault_client.h tests/fault/fault_http.c \
	tests/fault/fault_http.h
tests_fault_fault_client_LDADD = libgraphd.la $(JANSSON_LIBS)
tests_fault_delay_proxy_SOURCES = tests/fault/delay_proxy.c
tests_fault_fault_check_SOURCES = tests/fault/fault_check.c \
	tests/fault/fault_check.h tests/fault/fault_lin.c \
	tests/fault/fault_lin.h tests/fault/fault_client.h
tests_fault_fault_dump_SOURCES = tests/fault/fault_dump.c \
	tests/fault/fault_dump.h
tests_fault_fault_dump_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS)
$(tests_fault_fault_dump_OBJECTS): proto/graphd.pb-c.h

tests_unit_test_fault_check_SOURCES = tests/unit/test_fault_check.c \
	tests/fault/fault_lin.c tests/fault/fault_lin.h
tests_unit_test_fault_check_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_fault_check_LDADD = $(CUNIT_LIBS)

FAULT_DEPS = graphd graphctl tests/fault/fault_client \
	tests/fault/fault_check tests/fault/fault_dump tests/fault/delay_proxy
SEEDS = 100
.PHONY: fault-long
fault-long: $(FAULT_DEPS)
	@$(AM_TESTS_ENVIRONMENT) FAULT_LONG=1 FAULT_SEEDS='$(SEEDS)' \
	$(SHELL) $(srcdir)/tests/fault/fault.sh
