/* fuzz_raftwire.c: libFuzzer target: any bytes as a PeerFrame carrying a
 * consensus message, as the node decodes it
 * (built by `make fuzz`; the checks are in targets_wire.c). */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a failed check is a finding: abort so that libFuzzer keeps it */
	if (fuzz_raftwire(data, size) < 0)
		abort();
	return 0;
}
