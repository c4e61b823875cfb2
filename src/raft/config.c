/* config.c: cluster configuration lookup and its fixed on-log encoding. */
#include "raft/raft_int.h"

#include <string.h>

const struct raft_member *raft_config_find(const struct raft_config *c,
					   raft_id id)
{
	for (uint32_t i = 0; i < c->n && i < RAFT_MAX_MEMBERS; i++)
		if (c->members[i].id == id)
			return &c->members[i];
	return NULL;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Layout: u32 n, then per member u32 id, u8 kind, u8 flags (bit 0
 * slave_only, bit 1 auto_promote), two zero bytes. All little-endian. */
size_t raft_config_encode(const struct raft_config *c, uint8_t *buf, size_t len)
{
	size_t need;

	if (c->n > RAFT_MAX_MEMBERS)
		return 0;
	need = 4 + (size_t)c->n * 8;
	if (len < need)
		return 0;
	put32(buf, c->n);
	for (uint32_t i = 0; i < c->n; i++) {
		uint8_t *p = buf + 4 + i * 8;
		const struct raft_member *m = &c->members[i];

		put32(p, m->id);
		p[4] = m->kind;
		p[5] = (uint8_t)((m->slave_only ? 1 : 0) |
				 (m->auto_promote ? 2 : 0));
		p[6] = p[7] = 0;
	}
	return need;
}

bool raft_config_decode(struct raft_config *c, const uint8_t *buf, size_t len)
{
	uint32_t n;

	if (len < 4)
		return false;
	n = get32(buf);
	if (n > RAFT_MAX_MEMBERS || len != 4 + (size_t)n * 8)
		return false;
	memset(c, 0, sizeof(*c));
	c->n = n;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = buf + 4 + i * 8;
		struct raft_member *m = &c->members[i];

		m->id = get32(p);
		m->kind = p[4];
		if (m->id == 0 || m->kind > RAFT_MEMBER_ARBITER ||
		    (p[5] & ~3u) != 0 || p[6] != 0 || p[7] != 0)
			return false;
		m->slave_only = (p[5] & 1) != 0;
		m->auto_promote = (p[5] & 2) != 0;
		for (uint32_t j = 0; j < i; j++)
			if (c->members[j].id == m->id)
				return false;
	}
	return true;
}
