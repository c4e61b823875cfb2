/* fuzz_frame.c: libFuzzer target: any bytes as a frame on the client or
 * cluster port (header, ClientHello, Request, PeerFrame)
 * (built by `make fuzz`; the checks are in targets_wire.c). */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a failed check is a finding: abort so that libFuzzer keeps it */
	if (fuzz_frame(data, size) < 0)
		abort();
	return 0;
}
