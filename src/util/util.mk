# util.mk: build fragment of src/util (included by Makefile.am)
# libgraphd_util: config parser and the process logger, used by the server.
noinst_LTLIBRARIES += libgraphd_util.la
libgraphd_util_la_SOURCES = src/util/config.c src/util/config.h \
	src/util/log.c src/util/log.h
# Histograms for /metrics (rendered into libevent buffers).
libgraphd_util_la_SOURCES += src/util/histogram.c src/util/histogram.h
# The users file's line format (PBKDF2), for graphd and graphctl set-password.
libgraphd_util_la_SOURCES += src/util/users_file.c src/util/users_file.h
libgraphd_util_la_LIBADD = $(NETTLE_LIBS)

check_PROGRAMS += tests/unit/test_config tests/unit/test_frame
TESTS += tests/unit/test_config tests/unit/test_frame

tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_config_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_config_LDADD = libgraphd_util.la $(CUNIT_LIBS)

tests_unit_test_frame_SOURCES = tests/unit/test_frame.c
tests_unit_test_frame_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_frame_LDADD = libgraphd_wire.la $(CUNIT_LIBS)
