# fuzz.mk: libFuzzer targets, built only by `make fuzz` (needs clang; never
# part of `make` or `make check`). Run e.g. ./tests/fuzz/fuzz_cypher -max_total_time=60
FUZZ_CYPHER_SRC = $(srcdir)/tests/fuzz/fuzz_cypher.c \
	$(srcdir)/src/graph/cypher_ast.c $(srcdir)/src/graph/cypher_lex.c \
	$(srcdir)/src/graph/cypher_parse.c $(srcdir)/src/graph/cypher_parse_expr.c
# The planner target also needs the store, the value layer and the
# generated protocol code (built first by `make`).
FUZZ_PLAN_SRC = $(srcdir)/tests/fuzz/fuzz_cypher_plan.c \
	$(srcdir)/src/graph/cypher_ast.c $(srcdir)/src/graph/cypher_lex.c \
	$(srcdir)/src/graph/cypher_parse.c $(srcdir)/src/graph/cypher_parse_expr.c $(srcdir)/src/graph/cypher_exec.c \
	$(srcdir)/src/graph/cypher_eval.c $(srcdir)/src/graph/cypher_match.c \
	$(srcdir)/src/graph/cypher_check.c \
	$(srcdir)/src/graph/cypher_update.c $(srcdir)/src/graph/cypher_plan.c \
	$(srcdir)/src/graph/mutate.c \
	$(srcdir)/src/graph/cypher_value.c $(srcdir)/src/graph/cypher_value_io.c \
	$(srcdir)/src/graph/cypher_func.c \
	$(srcdir)/src/graph/cypher_temporal.c \
	$(srcdir)/src/graph/cypher_temporal_func.c \
	$(srcdir)/src/graph/cypher_temporal_text.c \
	$(srcdir)/src/graph/value.c $(srcdir)/src/store/graph.c \
	$(srcdir)/src/store/schema.c $(srcdir)/src/store/env.c \
	$(srcdir)/src/store/crc32.c proto/graphd.pb-c.c
EXTRA_DIST += tests/fuzz/fuzz_cypher.c tests/fuzz/fuzz_cypher_plan.c
CLEANFILES += tests/fuzz/fuzz_cypher tests/fuzz/fuzz_cypher_plan

# The decoder targets (issue 7): one small wrapper each around an entry point
# of targets_wire.c, targets_store.c or targets_http.c, which the make-check
# replay below also runs. Seeds in tests/fuzz/corpus/TARGET, crashes found
# kept in tests/fuzz/regress/TARGET; e.g. ./tests/fuzz/fuzz_txn
# -max_total_time=600 -timeout=10 -dict=$(srcdir)/tests/fuzz/txn.dict
# WORKDIR (a copy of the corpus: libFuzzer adds to the directory it is
# given). Cypher statements have no work bound, so fuzz_txn and fuzz_request
# find slow inputs: add -fork=1 -ignore_timeouts=1 to go on past them. The
# code under test is compiled once, instrumented, into an archive.
FUZZ_DECODERS = tests/fuzz/fuzz_frame tests/fuzz/fuzz_raftwire \
	tests/fuzz/fuzz_config tests/fuzz/fuzz_storecopy tests/fuzz/fuzz_txn \
	tests/fuzz/fuzz_request tests/fuzz/fuzz_json
FUZZ_DECODER_LIB_SRC = $(libgraphd_graph_la_SOURCES) \
	$(libgraphd_store_la_SOURCES) $(libgraphd_raft_la_SOURCES) \
	src/util/config.c src/util/log.c src/net/frame.c src/net/raftwire.c \
	src/http/json.c proto/graphd.pb-c.c tests/fuzz/targets_wire.c \
	tests/fuzz/targets_store.c tests/fuzz/targets_http.c
FUZZ_LIB_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE \
	-I$(srcdir)/src -I. -Iproto $(PROTOBUF_C_CFLAGS) $(JANSSON_CFLAGS) \
	$(NETTLE_CFLAGS)
FUZZ_DECODER_LIBS = $(BDB_LIBS) $(PROTOBUF_C_LIBS) $(JANSSON_LIBS) \
	$(NETTLE_LIBS) -lm
EXTRA_DIST += tests/fuzz/fuzz_frame.c tests/fuzz/fuzz_raftwire.c \
	tests/fuzz/fuzz_config.c tests/fuzz/fuzz_storecopy.c \
	tests/fuzz/fuzz_txn.c tests/fuzz/fuzz_request.c tests/fuzz/fuzz_json.c \
	tests/fuzz/corpus tests/fuzz/regress tests/fuzz/config.dict \
	tests/fuzz/txn.dict tests/fuzz/json.dict
CLEANFILES += $(FUZZ_DECODERS) tests/fuzz/libgraphd_fuzz.a \
	tests/fuzz/obj/*.o

# The seed corpus generator: `make fuzz-corpus` rewrites
# tests/fuzz/corpus/ from real messages (commit the result).
check_PROGRAMS += tests/fuzz/make_corpus
tests_fuzz_make_corpus_SOURCES = tests/fuzz/make_corpus.c
tests_fuzz_make_corpus_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_net.la libgraphd_raft.la libgraphd_wire.la $(BDB_LIBS) \
	$(LIBEVENT_LIBS)
$(tests_fuzz_make_corpus_OBJECTS): proto/graphd.pb-c.h

.PHONY: fuzz-corpus
fuzz-corpus: tests/fuzz/make_corpus
	./tests/fuzz/make_corpus $(srcdir)/tests/fuzz/corpus

# Every corpus and regression input through the same entry points, built
# with the ordinary compiler: runs in make check without libFuzzer.
check_PROGRAMS += tests/unit/test_fuzz_replay
TESTS += tests/unit/test_fuzz_replay
noinst_HEADERS += tests/fuzz/targets.h
tests_unit_test_fuzz_replay_SOURCES = tests/unit/test_fuzz_replay.c \
	tests/fuzz/targets_wire.c tests/fuzz/targets_store.c \
	tests/fuzz/targets_http.c src/http/json.c
tests_unit_test_fuzz_replay_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_DIR='"$(abs_top_srcdir)/tests/fuzz"'
tests_unit_test_fuzz_replay_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_fuzz_replay_LDADD = libgraphd_graph.la libgraphd_store.la \
	libgraphd_net.la libgraphd_raft.la libgraphd_util.la libgraphd_wire.la \
	$(BDB_LIBS) $(LIBEVENT_LIBS) $(JANSSON_LIBS) $(CUNIT_LIBS) -lm
$(tests_unit_test_fuzz_replay_OBJECTS): proto/graphd.pb-c.h

# Every libFuzzer target links with these.
FUZZ_COMPILE_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -I$(srcdir)/src

.PHONY: fuzz
if HAVE_CLANG
fuzz: tests/fuzz/fuzz_cypher tests/fuzz/fuzz_cypher_plan $(FUZZ_DECODERS) \
	tests/fuzz/make_corpus

tests/fuzz/fuzz_cypher: $(FUZZ_CYPHER_SRC) $(srcdir)/src/graph/cypher_ast.h \
		$(srcdir)/src/graph/cypher_lex.h $(srcdir)/src/graph/cypher_parse.h
	$(AM_V_CCLD)$(MKDIR_P) tests/fuzz && \
	$(CLANG) $(FUZZ_COMPILE_FLAGS) $(FUZZ_CYPHER_SRC) -o $@

tests/fuzz/fuzz_cypher_plan: $(FUZZ_PLAN_SRC) proto/graphd.pb-c.h
	$(AM_V_CCLD)$(MKDIR_P) tests/fuzz && \
	$(CLANG) $(FUZZ_COMPILE_FLAGS) -I. -Iproto $(PROTOBUF_C_CFLAGS) \
	$(FUZZ_PLAN_SRC) -o $@ $(BDB_LIBS) $(PROTOBUF_C_LIBS)

# Objects named after their source path (src/graph/apply.c ->
# src_graph_apply.o); headers in the source lists are skipped.
tests/fuzz/libgraphd_fuzz.a: $(FUZZ_DECODER_LIB_SRC) proto/graphd.pb-c.h
	$(AM_V_GEN)rm -rf tests/fuzz/obj && $(MKDIR_P) tests/fuzz/obj && \
	for f in $(FUZZ_DECODER_LIB_SRC); do \
	  case $$f in *.c) ;; *) continue ;; esac; \
	  if test -f $$f; then s=$$f; else s=$(srcdir)/$$f; fi; \
	  o=tests/fuzz/obj/`echo $$f | sed -e 's|/|_|g' -e 's|\.c$$|.o|'`; \
	  $(CLANG) $(FUZZ_LIB_FLAGS) -c $$s -o $$o || exit 1; \
	done && rm -f $@ && $(AR) cr $@ tests/fuzz/obj/*.o

tests/fuzz/fuzz_frame: tests/fuzz/fuzz_frame.c
tests/fuzz/fuzz_raftwire: tests/fuzz/fuzz_raftwire.c
tests/fuzz/fuzz_config: tests/fuzz/fuzz_config.c
tests/fuzz/fuzz_storecopy: tests/fuzz/fuzz_storecopy.c
tests/fuzz/fuzz_txn: tests/fuzz/fuzz_txn.c
tests/fuzz/fuzz_request: tests/fuzz/fuzz_request.c
tests/fuzz/fuzz_json: tests/fuzz/fuzz_json.c
$(FUZZ_DECODERS): tests/fuzz/libgraphd_fuzz.a $(srcdir)/tests/fuzz/targets.h
	$(AM_V_CCLD)$(CLANG) $(FUZZ_COMPILE_FLAGS) $(srcdir)/$@.c \
	tests/fuzz/libgraphd_fuzz.a -o $@ $(FUZZ_DECODER_LIBS)
else
fuzz:
	@echo "make fuzz: clang was not found by configure; no fuzz targets built"
endif
