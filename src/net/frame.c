/* frame.c: length-prefixed frame header codec (see frame.h). */
#include "net/frame.h"

enum frame_status frame_peek(const uint8_t *buf, size_t len, size_t max,
			     uint32_t *payload_len)
{
	uint32_t n;

	if (len < FRAME_HEADER_SIZE)
		return FRAME_INCOMPLETE;
	n = ((uint32_t)buf[0] << 24) | ((uint32_t)buf[1] << 16) |
	    ((uint32_t)buf[2] << 8) | (uint32_t)buf[3];
	*payload_len = n;
	if (n > max)
		return FRAME_TOO_LARGE;
	if (len - FRAME_HEADER_SIZE < n)
		return FRAME_INCOMPLETE;
	return FRAME_OK;
}

void frame_put_header(uint8_t hdr[FRAME_HEADER_SIZE], uint32_t payload_len)
{
	hdr[0] = (uint8_t)(payload_len >> 24);
	hdr[1] = (uint8_t)(payload_len >> 16);
	hdr[2] = (uint8_t)(payload_len >> 8);
	hdr[3] = (uint8_t)payload_len;
}
