/* fuzz_storecopy.c: libFuzzer target: any bytes as one store copy chunk from
 * the master, installed in a scratch store (built by `make fuzz`; the checks
 * are in targets_store.c). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_store_run(fuzz_storecopy, data, size);
}
