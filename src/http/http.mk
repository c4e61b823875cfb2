# http.mk: build fragment of src/http (included by Makefile.am after
# node.mk): the HTTP port is part of the graphd server process.
graphd_SOURCES += src/http/http.c src/http/http.h src/http/http_int.h \
	src/http/ha_status.c src/http/tx.c \
	src/http/json.c src/http/json.h
graphd_LDADD += $(JANSSON_LIBS)

check_PROGRAMS += tests/unit/test_http_json
TESTS += tests/unit/test_http_json
tests_unit_test_http_json_SOURCES = tests/unit/test_http_json.c \
	src/http/json.c src/http/json.h src/graph/cypher_temporal_text.c
tests_unit_test_http_json_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_http_json_LDADD = libgraphd_wire.la $(JANSSON_LIBS) \
	$(CUNIT_LIBS) -lm
$(tests_unit_test_http_json_OBJECTS): proto/graphd.pb-c.h
