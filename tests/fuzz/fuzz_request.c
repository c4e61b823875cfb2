/* fuzz_request.c: libFuzzer target: any bytes as a Request after the
 * handshake, dispatched to reads and writes on a scratch store (built by
 * `make fuzz`; the checks are in targets_store.c). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_store_run(fuzz_request, data, size);
}
