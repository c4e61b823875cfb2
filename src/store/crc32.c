/* crc32.c: CRC-32 (IEEE 802.3, reflected 0xEDB88320) of log records. */
#include "store/crc32.h"

/* Half-byte table: 16 entries keep it short while doing two steps a byte. */
static const uint32_t crc_nibble[16] = {
    0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4,
    0x4DB26158, 0x5005713C, 0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C,
    0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
};

uint32_t store_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	crc = ~crc;
	for (i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xF];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xF];
	}
	return ~crc;
}
