# unit.mk: shared pieces of the CUnit tests. Each module's fragment declares
# its own test programs (check_PROGRAMS += tests/unit/test_x; TESTS += ...)
# with CFLAGS += $(CUNIT_CFLAGS) and LDADD += $(CUNIT_LIBS).
noinst_HEADERS += tests/unit/cu_run.h
