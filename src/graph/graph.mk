# graph.mk: build fragment of src/graph (included by Makefile.am)
# libgraphd_graph: applies committed log entries to the graph store and
# serves reads from it. Link with libgraphd_store.la, libgraphd_wire.la and
# $(BDB_LIBS).
noinst_LTLIBRARIES += libgraphd_graph.la
libgraphd_graph_la_SOURCES = src/graph/apply.c src/graph/apply.h \
	src/graph/query.c src/graph/query.h \
	src/graph/read.c src/graph/read.h \
	src/graph/value.c src/graph/value.h \
	src/graph/limits.c src/graph/limits.h
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

# Cypher front end: lexer, parser, syntax tree (bytes in, AST or error out).
libgraphd_graph_la_SOURCES += src/graph/cypher_ast.c src/graph/cypher_ast.h \
	src/graph/cypher_lex.c src/graph/cypher_lex.h \
	src/graph/cypher_parse.c src/graph/cypher_parse.h \
	src/graph/cypher_parse_expr.c src/graph/cypher_parse_int.h \
	src/graph/cypher_proc.c src/graph/cypher_proc.h \
	src/graph/cypher_call.c

check_PROGRAMS += tests/unit/test_cypher_parse
TESTS += tests/unit/test_cypher_parse
tests_unit_test_cypher_parse_SOURCES = tests/unit/test_cypher_parse.c
tests_unit_test_cypher_parse_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
# the test fails chosen allocations of the parser (GNU ld)
tests_unit_test_cypher_parse_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc \
	-Wl,--wrap=calloc -Wl,--wrap=realloc
tests_unit_test_cypher_parse_LDADD = libgraphd_graph.la $(CUNIT_LIBS)

# Cypher runtime values, operators, functions and aggregates (pure C). The
# test compiles the two sources itself so it needs neither BDB nor the rest
# of the library.
libgraphd_graph_la_SOURCES += src/graph/cypher_value.c \
	src/graph/cypher_value.h src/graph/cypher_value_io.c \
	src/graph/cypher_value_int.h src/graph/cypher_func.c src/graph/cypher_func.h
libgraphd_graph_la_SOURCES += src/graph/cypher_func_int.h \
	src/graph/cypher_temporal.c src/graph/cypher_temporal.h \
	src/graph/cypher_temporal_int.h src/graph/cypher_temporal_func.c \
	src/graph/cypher_temporal_text.c src/graph/cypher_temporal_text.h

check_PROGRAMS += tests/unit/test_cypher_value
TESTS += tests/unit/test_cypher_value
tests_unit_test_cypher_value_SOURCES = tests/unit/test_cypher_value.c \
	src/graph/cypher_value.c src/graph/cypher_value_io.c \
	src/graph/cypher_func.c src/graph/cypher_temporal.c \
	src/graph/cypher_temporal_func.c src/graph/cypher_temporal_text.c
tests_unit_test_cypher_value_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
# the test fails chosen allocations of the value layer (GNU ld)
tests_unit_test_cypher_value_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc \
	-Wl,--wrap=calloc -Wl,--wrap=realloc
tests_unit_test_cypher_value_LDADD = libgraphd_wire.la $(CUNIT_LIBS)
$(tests_unit_test_cypher_value_OBJECTS): proto/graphd.pb-c.h

check_PROGRAMS += tests/unit/test_cypher_temporal
TESTS += tests/unit/test_cypher_temporal
tests_unit_test_cypher_temporal_SOURCES = tests/unit/test_cypher_temporal.c
tests_unit_test_cypher_temporal_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_cypher_temporal_LDADD = libgraphd_graph.la libgraphd_wire.la \
	$(CUNIT_LIBS)
$(tests_unit_test_cypher_temporal_OBJECTS): proto/graphd.pb-c.h

# Cypher executor: runs parsed queries against the graph store.
libgraphd_graph_la_SOURCES += src/graph/cypher_exec.c src/graph/cypher_exec.h \
	src/graph/cypher_exec_int.h src/graph/cypher_eval.c \
	src/graph/cypher_match.c src/graph/cypher_check.c \
	src/graph/cypher_check.h

check_PROGRAMS += tests/unit/test_cypher_exec
TESTS += tests/unit/test_cypher_exec
tests_unit_test_cypher_exec_SOURCES = tests/unit/test_cypher_exec.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_cypher_exec_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_cypher_exec_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)
$(tests_unit_test_cypher_exec_OBJECTS): proto/graphd.pb-c.h

# Cypher expressions end to end: comprehensions, quantifiers, functions.
check_PROGRAMS += tests/unit/test_cypher_expr
TESTS += tests/unit/test_cypher_expr
tests_unit_test_cypher_expr_SOURCES = tests/unit/test_cypher_expr.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_cypher_expr_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_cypher_expr_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)
$(tests_unit_test_cypher_expr_OBJECTS): proto/graphd.pb-c.h

# Cypher updating clauses and schema statements (run inside the caller's
# write transaction), and the record-level changes they share.
libgraphd_graph_la_SOURCES += src/graph/cypher_update.c src/graph/cypher_plan.c \
	src/graph/mutate.c src/graph/mutate.h

check_PROGRAMS += tests/unit/test_cypher_update
TESTS += tests/unit/test_cypher_update
tests_unit_test_cypher_update_SOURCES = tests/unit/test_cypher_update.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_cypher_update_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_cypher_update_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)
$(tests_unit_test_cypher_update_OBJECTS): proto/graphd.pb-c.h

# Session expiry by log time (ha.session_retention), the same on every
# replica (src/graph/apply.c, src/store/graph.c).
check_PROGRAMS += tests/unit/test_session_expiry
TESTS += tests/unit/test_session_expiry
tests_unit_test_session_expiry_SOURCES = tests/unit/test_session_expiry.c \
	tests/unit/test_graph_fixture.c tests/unit/test_graph_fixture.h
tests_unit_test_session_expiry_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_session_expiry_LDADD = libgraphd_graph.la \
	libgraphd_store.la libgraphd_wire.la $(BDB_LIBS) $(CUNIT_LIBS)
