/* test_frame.c: the length-prefixed frame codec on split, coalesced,
 * oversized and garbage input. */
#include "net/frame.h"

#include <string.h>

#include "../unit/cu_run.h"

/* Writes a frame of n bytes of value fill at buf; returns its total size. */
static size_t put_frame(uint8_t *buf, uint32_t n, uint8_t fill)
{
	frame_put_header(buf, n);
	memset(buf + FRAME_HEADER_SIZE, fill, n);
	return FRAME_HEADER_SIZE + n;
}

static void header_is_big_endian(void)
{
	uint8_t h[FRAME_HEADER_SIZE];

	frame_put_header(h, 0x01020304u);
	CU_ASSERT_EQUAL(h[0], 1);
	CU_ASSERT_EQUAL(h[1], 2);
	CU_ASSERT_EQUAL(h[2], 3);
	CU_ASSERT_EQUAL(h[3], 4);
}

static void split_frame_is_incomplete_until_the_last_byte(void)
{
	uint8_t buf[64];
	size_t total = put_frame(buf, 10, 0xab);
	uint32_t n = 0;

	for (size_t len = 0; len < total; len++)
		CU_ASSERT_EQUAL(frame_peek(buf, len, 1024, &n),
				FRAME_INCOMPLETE);
	CU_ASSERT_EQUAL(frame_peek(buf, total, 1024, &n), FRAME_OK);
	CU_ASSERT_EQUAL(n, 10);
}

static void coalesced_frames_are_read_one_by_one(void)
{
	uint8_t buf[128];
	size_t len = 0, off = 0;
	uint32_t n, sizes[] = {3, 0, 17};
	int got = 0;

	for (int i = 0; i < 3; i++)
		len += put_frame(buf + len, sizes[i], (uint8_t)i);
	while (frame_peek(buf + off, len - off, 1024, &n) == FRAME_OK) {
		CU_ASSERT_EQUAL(n, sizes[got]);
		if (n)
			CU_ASSERT_EQUAL(buf[off + FRAME_HEADER_SIZE], got);
		off += FRAME_HEADER_SIZE + n;
		got++;
	}
	CU_ASSERT_EQUAL(got, 3);
	CU_ASSERT_EQUAL(off, len);
}

static void oversized_frame_is_refused_from_its_header(void)
{
	uint8_t h[FRAME_HEADER_SIZE];
	uint32_t n = 0;

	frame_put_header(h, 1025);
	/* Only the header has arrived: the verdict must not wait for the
	 * payload, or a peer could make us buffer up to 4 GiB. */
	CU_ASSERT_EQUAL(frame_peek(h, sizeof(h), 1024, &n), FRAME_TOO_LARGE);
	CU_ASSERT_EQUAL(n, 1025);
	frame_put_header(h, 1024);
	CU_ASSERT_EQUAL(frame_peek(h, sizeof(h), 1024, &n), FRAME_INCOMPLETE);
}

static void garbage_header_is_too_large_not_a_crash(void)
{
	uint8_t junk[8] = {0xff, 0xff, 0xff, 0xff, 'G', 'E', 'T', ' '};
	uint32_t n = 0;

	CU_ASSERT_EQUAL(frame_peek(junk, sizeof(junk), FRAME_DEFAULT_MAX, &n),
			FRAME_TOO_LARGE);
	CU_ASSERT_EQUAL(n, 0xffffffffu);
	/* "GET " as a length, as when an HTTP client hits the client port. */
	CU_ASSERT_EQUAL(frame_peek(junk + 4, 4, FRAME_DEFAULT_MAX, &n),
			FRAME_TOO_LARGE);
}

static void empty_frame_is_complete(void)
{
	uint8_t h[FRAME_HEADER_SIZE];
	uint32_t n = 99;

	frame_put_header(h, 0);
	CU_ASSERT_EQUAL(frame_peek(h, sizeof(h), 0, &n), FRAME_OK);
	CU_ASSERT_EQUAL(n, 0);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("frame", NULL, NULL);
	CU_add_test(s, "header_is_big_endian", header_is_big_endian);
	CU_add_test(s, "split_frame_is_incomplete_until_the_last_byte",
		    split_frame_is_incomplete_until_the_last_byte);
	CU_add_test(s, "coalesced_frames_are_read_one_by_one",
		    coalesced_frames_are_read_one_by_one);
	CU_add_test(s, "oversized_frame_is_refused_from_its_header",
		    oversized_frame_is_refused_from_its_header);
	CU_add_test(s, "garbage_header_is_too_large_not_a_crash",
		    garbage_header_is_too_large_not_a_crash);
	CU_add_test(s, "empty_frame_is_complete", empty_frame_is_complete);
	return cu_run();
}
