# bench.mk: build fragment of src/bench (included by Makefile.am)
# graphd-bench: the cluster benchmark (a program, not a test: it prints
# figures and never judges them). It speaks the client protocol itself on
# libevent for the load, and uses libgraphd for status and preparation.
bin_PROGRAMS += graphd-bench
graphd_bench_SOURCES = src/bench/main.c src/bench/bench.h \
	src/bench/cmd_run.c src/bench/cmd_failover.c src/bench/cmd_catchup.c \
	src/bench/load.c src/bench/load.h src/bench/workload.c \
	src/bench/workload.h src/bench/hist.c src/bench/hist.h \
	src/bench/cluster.c src/bench/cluster.h src/bench/monitor.c \
	src/bench/monitor.h src/bench/report.c src/bench/report.h
graphd_bench_LDADD = libgraphd.la libgraphd_util.la libgraphd_wire.la \
	$(LIBEVENT_LIBS)
dist_man_MANS += man/graphd-bench.1

# The histogram's percentiles and error bound.
check_PROGRAMS += tests/unit/test_bench_hist
TESTS += tests/unit/test_bench_hist
tests_unit_test_bench_hist_SOURCES = tests/unit/test_bench_hist.c \
	src/bench/hist.c src/bench/hist.h
tests_unit_test_bench_hist_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_bench_hist_LDADD = $(CUNIT_LIBS)

# A 3-instance cluster under graphd-bench run (output checked, never speed).
TESTS += tests/cluster/bench_smoke.sh
EXTRA_DIST += tests/cluster/bench_smoke.sh
