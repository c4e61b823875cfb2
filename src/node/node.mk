# node.mk: build fragment of src/node (included by Makefile.am)
# graphd: the server process (event loop, Ready loop, client sessions).
bin_PROGRAMS += graphd
graphd_SOURCES = src/node/main.c src/node/main.h \
	src/node/node.c src/node/node.h \
	src/node/ready.c src/node/ready.h \
	src/node/session.c src/node/session.h \
	src/node/writes.c src/node/writes.h \
	src/node/reads.c src/node/reads.h \
	src/node/peers.c src/node/peers.h \
	src/node/cluster.c src/node/cluster.h \
	src/node/storecopy.c src/node/storecopy.h \
	src/node/backup.c src/node/backup.h \
	src/node/restore.c src/node/restore.h
graphd_LDADD = libgraphd_net.la libgraphd_graph.la libgraphd_store.la libgraphd_raft.la \
	libgraphd_util.la libgraphd_wire.la $(LIBEVENT_LIBS) $(BDB_LIBS)
# Client logins and the cluster secret (auth.c): PBKDF2, HMAC-SHA256.
graphd_SOURCES += src/node/auth.c src/node/auth.h
graphd_LDADD += $(NETTLE_LIBS)
# The server includes the generated protocol header.
$(graphd_OBJECTS): proto/graphd.pb-c.h
# Metrics (GET /metrics): counters, histograms, Prometheus text.
graphd_SOURCES += src/node/metrics.c src/node/metrics.h \
	src/node/metrics_node.c
check_PROGRAMS += tests/unit/test_metrics
TESTS += tests/unit/test_metrics
tests_unit_test_metrics_SOURCES = tests/unit/test_metrics.c \
	src/node/metrics.c src/node/metrics.h
tests_unit_test_metrics_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_metrics_LDADD = libgraphd_util.la $(LIBEVENT_LIBS) $(CUNIT_LIBS)
# Cluster identity and removal (DESIGN.md contract 9).
graphd_SOURCES += src/node/identity.c src/node/identity.h
