# net.mk: build fragment of src/net (included by Makefile.am)
# frame.c is in libgraphd_wire (the client library shares it); the cluster
# port's connections and the consensus message codec are here.
noinst_LTLIBRARIES += libgraphd_net.la
libgraphd_net_la_SOURCES = src/net/conn.c src/net/conn.h \
	src/net/listen.c src/net/listen.h \
	src/net/admit.c src/net/admit.h \
	src/net/raftwire.c src/net/raftwire.h
libgraphd_net_la_LIBADD = $(LIBEVENT_LIBS)
$(libgraphd_net_la_OBJECTS): proto/graphd.pb-c.h

check_PROGRAMS += tests/unit/test_raftwire
TESTS += tests/unit/test_raftwire
tests_unit_test_raftwire_SOURCES = tests/unit/test_raftwire.c
tests_unit_test_raftwire_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_raftwire_LDADD = libgraphd_net.la libgraphd_raft.la \
	libgraphd_wire.la $(LIBEVENT_LIBS) $(CUNIT_LIBS)

check_PROGRAMS += tests/unit/test_admit
TESTS += tests/unit/test_admit
tests_unit_test_admit_SOURCES = tests/unit/test_admit.c
tests_unit_test_admit_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_admit_LDADD = libgraphd_net.la libgraphd_util.la \
	$(LIBEVENT_LIBS) $(CUNIT_LIBS)
