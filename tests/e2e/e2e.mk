# e2e.mk: build fragment of tests/e2e (included by Makefile.am)
# End-to-end tests: real graphd processes on 127.0.0.1, driven by graphctl
# and by small libgraphd programs. Each script prints its cases and ends with
# "<n> passed, <m> failed".
TESTS += tests/e2e/graphctl.sh tests/e2e/wire.sh tests/e2e/compact.sh \
	tests/e2e/cypher.sh \
	tests/e2e/storage.sh tests/e2e/crash.sh tests/e2e/http.sh
EXTRA_DIST += tests/e2e/graphctl.sh tests/e2e/wire.sh tests/e2e/compact.sh \
	tests/e2e/cypher.sh \
	tests/e2e/storage.sh tests/e2e/crash.sh tests/e2e/http.sh tests/e2e/lib.sh tests/case.sh \
	contrib/examples/people.cypher contrib/examples/README.md
check_PROGRAMS += tests/e2e/crash_writer tests/e2e/crash_check \
	tests/e2e/proto_abuse tests/e2e/wire_client
noinst_HEADERS += tests/e2e/crash.h tests/e2e/proto_abuse.h \
	tests/e2e/faultfs.h

tests_e2e_crash_writer_SOURCES = tests/e2e/crash_writer.c
tests_e2e_crash_writer_LDADD = libgraphd.la
tests_e2e_crash_check_SOURCES = tests/e2e/crash_check.c
tests_e2e_crash_check_LDADD = libgraphd.la
tests_e2e_proto_abuse_SOURCES = tests/e2e/proto_abuse.c
tests_e2e_wire_client_SOURCES = tests/e2e/wire_client.c
tests_e2e_wire_client_LDADD = libgraphd_wire.la
$(tests_e2e_wire_client_OBJECTS): proto/graphd.pb-c.h

# junk.sh: seeded junk at a live server's client, cluster and HTTP ports.
TESTS += tests/e2e/junk.sh
EXTRA_DIST += tests/e2e/junk.sh
check_PROGRAMS += tests/e2e/junk_client
tests_e2e_junk_client_SOURCES = tests/e2e/junk_client.c
tests_e2e_junk_client_LDADD = libgraphd_wire.la
$(tests_e2e_junk_client_OBJECTS): proto/graphd.pb-c.h

# faultfs: an LD_PRELOAD shim that fails fsync on demand (storage.sh). Built
# without the sanitizers: it is preloaded in front of them.
check_LTLIBRARIES = tests/e2e/libfaultfs.la
tests_e2e_libfaultfs_la_SOURCES = tests/e2e/faultfs.c
tests_e2e_libfaultfs_la_CFLAGS = -Wall -Wextra
tests_e2e_libfaultfs_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)/tests/e2e
tests_e2e_libfaultfs_la_LIBADD = -ldl
# GET /metrics after writes (src/node/metrics.c).
TESTS += tests/e2e/metrics.sh
EXTRA_DIST += tests/e2e/metrics.sh
# graphctl backup (full, incremental), verify, graphd --restore.
TESTS += tests/e2e/backup.sh
EXTRA_DIST += tests/e2e/backup.sh
# SIGHUP reopens messages.log (log rotation, contrib/graphd.logrotate).
TESTS += tests/e2e/sighup.sh
EXTRA_DIST += tests/e2e/sighup.sh
# Client logins (dbms.security.auth_enabled) and graphctl set-password.
TESTS += tests/e2e/auth.sh
EXTRA_DIST += tests/e2e/auth.sh
# The session table stays bounded under 20000 short-lived HTTP clients
# (ha.session_retention, expiry by log time).
TESTS += tests/e2e/session_bound.sh
EXTRA_DIST += tests/e2e/session_bound.sh
# A full disk: writes wait and resume by themselves (faultfs, ENOSPC).
TESTS += tests/e2e/diskfull.sh
EXTRA_DIST += tests/e2e/diskfull.sh
# Admission control: pre-login frame limit, handshake and HTTP read
# deadlines, connection cap, accept back-off when out of descriptors.
TESTS += tests/e2e/admission.sh
EXTRA_DIST += tests/e2e/admission.sh tests/e2e/admit_client.py
