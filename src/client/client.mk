# client.mk: build fragment of src/client (included by Makefile.am)
# libgraphd: the installed client library. It carries its own copy of the
# generated protocol code (libgraphd_wire) and exports only graphd_* names
# (not the generated graphd__* ones: the wire is not part of the ABI).
lib_LTLIBRARIES += libgraphd.la
include_HEADERS += src/client/graphd.h
libgraphd_la_SOURCES = src/client/client.c src/client/conn.c \
	src/client/conn.h src/client/txn.c src/client/txn.h \
	src/client/value.c src/client/value.h \
	src/graph/cypher_temporal_text.c src/graph/cypher_temporal_text.h
libgraphd_la_LIBADD = libgraphd_wire.la
libgraphd_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(LIBGRAPHD_LT_VERSION) \
	-export-symbols-regex '^graphd_[a-z]'
