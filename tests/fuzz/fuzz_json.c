/* fuzz_json.c: libFuzzer target: any bytes as the JSON body of an HTTP
 * transactional request (the parameters' conversion)
 * (built by `make fuzz`; the checks are in targets_http.c). */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a failed check is a finding: abort so that libFuzzer keeps it */
	if (fuzz_json(data, size) < 0)
		abort();
	return 0;
}
