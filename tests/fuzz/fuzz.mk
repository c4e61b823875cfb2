# fuzz.mk: libFuzzer targets, built only by `make fuzz` (needs clang; never
# part of `make` or `make check`). Run e.g. ./tests/fuzz/fuzz_cypher -max_total_time=60
FUZZ_CYPHER_SRC = $(srcdir)/tests/fuzz/fuzz_cypher.c \
	$(srcdir)/src/graph/cypher_ast.c $(srcdir)/src/graph/cypher_lex.c \
	$(srcdir)/src/graph/cypher_parse.c
EXTRA_DIST += tests/fuzz/fuzz_cypher.c
CLEANFILES += tests/fuzz/fuzz_cypher
FUZZ_COMPILE_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -I$(srcdir)/src

.PHONY: fuzz
if HAVE_CLANG
fuzz: tests/fuzz/fuzz_cypher

tests/fuzz/fuzz_cypher: $(FUZZ_CYPHER_SRC) $(srcdir)/src/graph/cypher_ast.h \
		$(srcdir)/src/graph/cypher_lex.h $(srcdir)/src/graph/cypher_parse.h
	$(AM_V_CCLD)$(MKDIR_P) tests/fuzz && \
	$(CLANG) $(FUZZ_COMPILE_FLAGS) $(FUZZ_CYPHER_SRC) -o $@
else
fuzz:
	@echo "make fuzz: clang was not found by configure; no fuzz targets built"
endif
