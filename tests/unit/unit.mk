# unit.mk: shared pieces of the CUnit tests. Each module's fragment declares
# its own test programs (check_PROGRAMS += tests/unit/test_x; TESTS += ...)
# with CFLAGS += $(CUNIT_CFLAGS) and LDADD += $(CUNIT_LIBS).
noinst_HEADERS += tests/unit/cu_run.h

# Cluster secret proofs, users file, logins, security config keys.
check_PROGRAMS += tests/unit/test_auth
TESTS += tests/unit/test_auth
tests_unit_test_auth_SOURCES = tests/unit/test_auth.c src/node/auth.c \
	src/node/auth.h
tests_unit_test_auth_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(NETTLE_CFLAGS)
tests_unit_test_auth_LDADD = libgraphd_util.la $(NETTLE_LIBS) $(CUNIT_LIBS)
$(tests_unit_test_auth_OBJECTS): proto/graphd.pb-c.h
