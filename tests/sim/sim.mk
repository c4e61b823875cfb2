# sim.mk: build fragment of tests/sim (included by Makefile.am)
# tests/sim/sim: the deterministic cluster simulator that tries to break the
# consensus core (links libgraphd_raft only: no libevent, no Berkeley DB).
check_PROGRAMS += tests/sim/sim
TESTS += tests/sim/run-sim.sh
EXTRA_DIST += tests/sim/run-sim.sh tests/sim/sim-long.sh tests/sim/README.md
tests_sim_sim_SOURCES = tests/sim/sim.c tests/sim/sim.h \
	tests/sim/sim_main.c tests/sim/sim_net.c tests/sim/sim_net.h \
	tests/sim/sim_store.c tests/sim/sim_store.h \
	tests/sim/sim_check.c tests/sim/sim_check.h \
	tests/sim/sim_copy.c tests/sim/sim_copy.h
tests_sim_sim_LDADD = libgraphd_raft.la

# make sim-long SEEDS=N [FIRST=S] [JOBS=J]: N seeds in J parallel chunks.
.PHONY: sim-long
sim-long: tests/sim/sim$(EXEEXT)
	$(SHELL) $(srcdir)/tests/sim/sim-long.sh ./tests/sim/sim$(EXEEXT) \
		"$(SEEDS)" "$(FIRST)" "$(JOBS)"
