# graph.mk: build fragment of src/graph (included by Makefile.am)
# libgraphd_graph: applies committed log entries to the graph store and
# serves reads from it. Link with libgraphd_store.la, libgraphd_wire.la and
# $(BDB_LIBS).
noinst_LTLIBRARIES += libgraphd_graph.la
libgraphd_graph_la_SOURCES = src/graph/apply.c src/graph/apply.h \
	src/graph/read.c src/graph/read.h \
	src/graph/value.c src/graph/value.h
$(libgraphd_graph_la_OBJECTS): proto/graphd.pb-c.h

check_PROGRAMS += tests/unit/test_graph_apply tests/unit/test_graph_read
TESTS += tests/unit/test_graph_apply tests/unit/test_graph_read

tests_unit_test_graph_apply_SOURCES = tests/unit/test_graph_apply.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_graph_apply_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_graph_apply_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)

tests_unit_test_graph_read_SOURCES = tests/unit/test_graph_read.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_graph_read_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_graph_read_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)
