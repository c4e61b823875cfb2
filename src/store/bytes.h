/* bytes.h: big-endian integers in store keys and Berkeley DB key/data
 * descriptors, shared by the store's files. */
#ifndef GRAPHD_STORE_BYTES_H
#define GRAPHD_STORE_BYTES_H

#include <db.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Big-endian, so that cursor order over keys is numeric order. */
static inline void store_put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t store_get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void store_put_be32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint32_t store_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A DBT over caller-owned bytes. */
static inline void store_dbt_set(DBT *d, const void *data, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->data = (void *)data;
	d->size = (u_int32_t)len;
}

#endif
