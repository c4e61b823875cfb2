/* fuzz_cypher.c: libFuzzer target: any bytes through the Cypher parser, the
 * dump and the error formatter, then free (built by `make fuzz`). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "graph/cypher_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct cypher_limits lim = {.max_bytes = 64 * 1024};
	struct cypher_error err;
	struct cypher_stmt *stmt;
	char buf[512];
	FILE *sink;

	stmt = cypher_parse(src, size, &lim, &err);
	if (!stmt) {
		cypher_error_format(&err, src, size, buf, sizeof(buf));
		return 0;
	}
	/* the dump walks the whole tree: exercises every node's invariants */
	sink = fopen("/dev/null", "w");
	if (sink) {
		cypher_ast_print(sink, stmt);
		fclose(sink);
	}
	(void)cypher_stmt_is_write(stmt);
	cypher_stmt_free(stmt);
	return 0;
}
