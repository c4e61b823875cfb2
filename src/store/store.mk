# store.mk: build fragment of src/store (included by Makefile.am)
# libgraphd_store: the Berkeley DB environment, the Raft log store and the
# graph store, and backup manifests. Link with $(BDB_LIBS) and libgraphd_wire.la.
noinst_LTLIBRARIES += libgraphd_store.la
libgraphd_store_la_SOURCES = src/store/env.c src/store/env.h \
	src/store/crc32.c src/store/crc32.h src/store/bytes.h \
	src/store/raftlog.c src/store/raftlog.h \
	src/store/graph.c src/store/graph.h \
	src/store/copy.c src/store/copy.h \
	src/store/schema.c src/store/schema.h \
	src/store/manifest.c src/store/manifest.h
libgraphd_store_la_LIBADD = $(BDB_LIBS)
# The graph store encodes records with the generated protocol code.
$(libgraphd_store_la_OBJECTS): proto/graphd.pb-c.h

check_PROGRAMS += tests/unit/test_store_env tests/unit/test_store_raftlog
TESTS += tests/unit/test_store_env tests/unit/test_store_raftlog

tests_unit_test_store_env_SOURCES = tests/unit/test_store_env.c
tests_unit_test_store_env_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_store_env_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS) $(CUNIT_LIBS)

tests_unit_test_store_raftlog_SOURCES = tests/unit/test_store_raftlog.c
tests_unit_test_store_raftlog_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_store_raftlog_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS) $(CUNIT_LIBS)

check_PROGRAMS += tests/unit/test_store_copy
TESTS += tests/unit/test_store_copy

tests_unit_test_store_copy_SOURCES = tests/unit/test_store_copy.c
tests_unit_test_store_copy_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_store_copy_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS) $(CUNIT_LIBS)

check_PROGRAMS += tests/unit/test_store_schema
TESTS += tests/unit/test_store_schema

tests_unit_test_store_schema_SOURCES = tests/unit/test_store_schema.c
tests_unit_test_store_schema_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_store_schema_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS) $(CUNIT_LIBS)
