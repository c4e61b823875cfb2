/* frame.h: 4-byte big-endian length-prefixed frames, bounded by a maximum.
 *
 * Pure byte handling, no sockets and no libevent, so that the client library
 * and the fuzzers use the same decoder as the server. */
#ifndef GRAPHD_FRAME_H
#define GRAPHD_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HEADER_SIZE 4
#define FRAME_DEFAULT_MAX (16u * 1024u * 1024u)

enum frame_status {
	FRAME_OK = 0,	  /* a whole frame is available */
	FRAME_INCOMPLETE, /* need more bytes */
	FRAME_TOO_LARGE,  /* declared length exceeds max: close the peer */
};

/* Looks at buf[0..len): on FRAME_OK *payload_len is the payload size and the
 * whole frame is FRAME_HEADER_SIZE + *payload_len bytes. On FRAME_TOO_LARGE
 * *payload_len is the declared size (for the log line). */
enum frame_status frame_peek(const uint8_t *buf, size_t len, size_t max,
			     uint32_t *payload_len);

void frame_put_header(uint8_t hdr[FRAME_HEADER_SIZE], uint32_t payload_len);

#endif
