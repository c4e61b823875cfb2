# fuzz.mk: libFuzzer targets, built only by `make fuzz` (needs clang; never
# part of `make` or `make check`). Run e.g. ./tests/fuzz/fuzz_cypher -max_total_time=60
FUZZ_CYPHER_SRC = $(srcdir)/tests/fuzz/fuzz_cypher.c \
	$(srcdir)/src/graph/cypher_ast.c $(srcdir)/src/graph/cypher_lex.c \
	$(srcdir)/src/graph/cypher_parse.c
# The planner target also needs the store, the value layer and the
# generated protocol code (built first by `make`).
FUZZ_PLAN_SRC = $(srcdir)/tests/fuzz/fuzz_cypher_plan.c \
	$(srcdir)/src/graph/cypher_ast.c $(srcdir)/src/graph/cypher_lex.c \
	$(srcdir)/src/graph/cypher_parse.c $(srcdir)/src/graph/cypher_exec.c \
	$(srcdir)/src/graph/cypher_eval.c $(srcdir)/src/graph/cypher_match.c \
	$(srcdir)/src/graph/cypher_update.c $(srcdir)/src/graph/cypher_plan.c \
	$(srcdir)/src/graph/mutate.c \
	$(srcdir)/src/graph/cypher_value.c $(srcdir)/src/graph/cypher_value_io.c \
	$(srcdir)/src/graph/cypher_func.c \
	$(srcdir)/src/graph/value.c $(srcdir)/src/store/graph.c \
	$(srcdir)/src/store/schema.c $(srcdir)/src/store/env.c \
	$(srcdir)/src/store/crc32.c proto/graphd.pb-c.c
EXTRA_DIST += tests/fuzz/fuzz_cypher.c tests/fuzz/fuzz_cypher_plan.c
CLEANFILES += tests/fuzz/fuzz_cypher tests/fuzz/fuzz_cypher_plan
FUZZ_COMPILE_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -I$(srcdir)/src

.PHONY: fuzz
if HAVE_CLANG
fuzz: tests/fuzz/fuzz_cypher tests/fuzz/fuzz_cypher_plan

tests/fuzz/fuzz_cypher: $(FUZZ_CYPHER_SRC) $(srcdir)/src/graph/cypher_ast.h \
		$(srcdir)/src/graph/cypher_lex.h $(srcdir)/src/graph/cypher_parse.h
	$(AM_V_CCLD)$(MKDIR_P) tests/fuzz && \
	$(CLANG) $(FUZZ_COMPILE_FLAGS) $(FUZZ_CYPHER_SRC) -o $@

tests/fuzz/fuzz_cypher_plan: $(FUZZ_PLAN_SRC) proto/graphd.pb-c.h
	$(AM_V_CCLD)$(MKDIR_P) tests/fuzz && \
	$(CLANG) $(FUZZ_COMPILE_FLAGS) -I. -Iproto $(PROTOBUF_C_CFLAGS) \
	$(FUZZ_PLAN_SRC) -o $@ $(BDB_LIBS) $(PROTOBUF_C_LIBS)
else
fuzz:
	@echo "make fuzz: clang was not found by configure; no fuzz targets built"
endif
