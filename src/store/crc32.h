/* crc32.h: CRC-32 (IEEE 802.3, reflected 0xEDB88320) of log records. */
#ifndef GRAPHD_STORE_CRC32_H
#define GRAPHD_STORE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues crc (0 to start) over len bytes of buf. store_crc32(0,
 * "123456789", 9) == 0xCBF43926. */
uint32_t store_crc32(uint32_t crc, const void *buf, size_t len);

#endif
