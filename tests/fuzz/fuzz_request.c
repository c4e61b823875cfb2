/* fuzz_request.c: libFuzzer target: any bytes as a Request after the
 * handshake, dispatched to reads and writes on a scratch store (built by
 * `make fuzz`; the checks are in targets_store.c). */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One store for the whole run: libFuzzer calls the target once per input
 * and has no teardown, so the directory is removed at exit. */
static struct fuzz_store *fuzz_s;

static void fuzz_cleanup(void)
{
	fuzz_store_close(fuzz_s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_s) {
		if (!(fuzz_s = fuzz_store_open()))
			abort();
		atexit(fuzz_cleanup);
	}
	/* a failed check is a finding: abort so that libFuzzer keeps it */
	if (fuzz_request(fuzz_s, data, size) < 0)
		abort();
	return 0;
}
