# tck.mk: the openCypher TCK runner (tests/tck/). Runs every scenario of
# ../shared/tck/features (TCK_FEATURES) on a fresh graph store through
# graph_read() and graph_apply(); skips (77) when the features are absent.
# The scenarios graphd fails today are in tests/tck/known-failures.txt;
# `make tck-known-failures` writes that list anew from a run.
check_PROGRAMS += tests/tck/tck_runner
TESTS += tests/tck/tck_runner
EXTRA_DIST += tests/tck/known-failures.txt
noinst_HEADERS += tests/tck/tck.h
tests_tck_tck_runner_SOURCES = tests/tck/tck_main.c tests/tck/tck_feature.c \
	tests/tck/tck_value.c tests/tck/tck_run.c tests/tck/tck_proc.c
tests_tck_tck_runner_CFLAGS = $(AM_CFLAGS) \
	-DTCK_TOP_SRCDIR='"$(abs_top_srcdir)"'
tests_tck_tck_runner_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS)
$(tests_tck_tck_runner_OBJECTS): proto/graphd.pb-c.h

.PHONY: tck-known-failures
tck-known-failures: tests/tck/tck_runner$(EXEEXT)
	tests/tck/tck_runner --write-known $(abs_top_srcdir)/tests/tck/known-failures.txt
