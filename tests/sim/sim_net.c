/* sim_net.c: the simulated network. */
#include "sim_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_store.h"

static void packet_free(struct sim_packet *p)
{
	for (size_t k = 0; k < p->m.n_entries; k++)
		sim_entry_free(&p->m.entries[k]);
	free(p->m.entries);
	free((void *)p->m.snapshot.data);
}

void sim_net_free(struct sim_net *net)
{
	for (size_t i = 0; i < net->n; i++)
		packet_free(&net->q[i]);
	free(net->q);
	memset(net, 0, sizeof(*net));
}

static void msg_copy(struct raft_msg *dst, const struct raft_msg *src)
{
	*dst = *src;
	dst->entries = NULL;
	if (src->n_entries > 0) {
		dst->entries = calloc(src->n_entries, sizeof(*dst->entries));
		if (dst->entries == NULL)
			abort();
		for (size_t k = 0; k < src->n_entries; k++)
			sim_entry_copy(&dst->entries[k], &src->entries[k]);
	}
	dst->snapshot.data = NULL;
	if (src->snapshot.data != NULL && src->snapshot.len > 0) {
		uint8_t *d = malloc(src->snapshot.len);

		if (d == NULL)
			abort();
		memcpy(d, src->snapshot.data, src->snapshot.len);
		dst->snapshot.data = d;
	}
}

/* Latency in steps: usually one or two, sometimes long enough to reorder
 * across heartbeats and elections. */
static uint64_t pick_delay(struct sim *s)
{
	if (!s->healed && sim_chance(&s->g, s->net.delay_pct, 100))
		return 1 + sim_below(&s->g, 30 * SIM_STEPS_PER_TICK);
	return 1 + sim_below(&s->g, 2);
}

static void enqueue(struct sim *s, const struct raft_msg *m, uint64_t delay,
		    bool copy)
{
	struct sim_net *net = &s->net;

	if (net->n == net->cap) {
		net->cap = net->cap ? net->cap * 2 : 64;
		net->q = realloc(net->q, net->cap * sizeof(*net->q));
		if (net->q == NULL)
			abort();
	}
	net->q[net->n].due = s->step + delay;
	msg_copy(&net->q[net->n].m, m);
	net->q[net->n].copy = copy;
	net->n++;
}

static void net_send(struct sim *s, const struct raft_msg *m, bool copy)
{
	if (!s->healed && sim_chance(&s->g, s->net.loss_pct, 100)) {
		s->n_dropped++;
		if (sim_tracing(s))
			sim_tracef(s, "net: lose %s %u->%u term %llu",
				   copy ? "store copy"
					: raft_msg_type_str(m->type),
				   m->from, m->to, (unsigned long long)m->term);
		/* A lost copy: its snapshot offer is refused, which tells. */
		if (!copy)
			sim_dropped(s, m, false);
		return;
	}
	enqueue(s, m, pick_delay(s), copy);
	if (!s->healed && sim_chance(&s->g, s->net.dup_pct, 100))
		enqueue(s, m, pick_delay(s), copy);
}

void sim_net_send(struct sim *s, const struct raft_msg *m)
{
	net_send(s, m, false);
}

void sim_net_send_copy(struct sim *s, const struct raft_msg *m)
{
	net_send(s, m, true);
}

static void trace_delivery(struct sim *s, const struct raft_msg *m,
			   const char *what)
{
	sim_tracef(s,
		   "net: %s %s %u->%u term %llu idx %llu/%llu commit %llu "
		   "n %zu%s",
		   what, raft_msg_type_str(m->type), m->from, m->to,
		   (unsigned long long)m->term, (unsigned long long)m->index,
		   (unsigned long long)m->log_term,
		   (unsigned long long)m->commit, m->n_entries,
		   m->reject ? " reject" : "");
}

/* Moves the packets due now out of the queue, in random order. */
static size_t take_due(struct sim *s, struct sim_packet **out)
{
	struct sim_net *net = &s->net;
	struct sim_packet *due = NULL;
	size_t n = 0, keep = 0;

	for (size_t i = 0; i < net->n; i++) {
		if (net->q[i].due > s->step) {
			net->q[keep++] = net->q[i];
			continue;
		}
		if (due == NULL &&
		    (due = malloc(net->n * sizeof(*due))) == NULL)
			abort();
		due[n++] = net->q[i];
	}
	net->n = keep;
	for (size_t i = n; i > 1; i--) { /* Fisher-Yates: reordering */
		size_t j = sim_below(&s->g, i);
		struct sim_packet t = due[i - 1];

		due[i - 1] = due[j];
		due[j] = t;
	}
	*out = due;
	return n;
}

/* Hands m to its receiver, or drops it at a down receiver or a blocked
 * link. */
static void deliver_one(struct sim *s, const struct raft_msg *m, bool copy)
{
	bool up = sim_node_up(s, m->to);

	if (up && !s->net.blocked[m->from][m->to]) {
		s->n_delivered++;
		if (copy) {
			sim_copy_deliver(s, m);
			return;
		}
		if (sim_tracing(s))
			trace_delivery(s, m, "deliver");
		sim_deliver(s, m);
		return;
	}
	s->n_dropped++;
	if (sim_tracing(s))
		trace_delivery(s, m, copy ? "drop store copy" : "drop");
	if (!copy)
		sim_dropped(s, m, !up);
}

void sim_net_deliver_due(struct sim *s)
{
	struct sim_packet *due;
	size_t n = take_due(s, &due);

	if (s->net.n > SIM_MAX_IN_FLIGHT)
		sim_failf(s, "bounded traffic",
			  "%zu messages in flight: a message storm", s->net.n);
	/* Delivery enqueues only packets due later (delay >= 1), so this
	 * ends after the packets due now. */
	for (size_t i = 0; i < n; i++) {
		if (!s->failed)
			deliver_one(s, &due[i].m, due[i].copy);
		packet_free(&due[i]);
	}
	free(due);
}

void sim_net_heal(struct sim *s)
{
	memset(s->net.blocked, 0, sizeof(s->net.blocked));
	s->net.heal_at = 0;
}

static void block(struct sim *s, raft_id a, raft_id b, bool both)
{
	s->net.blocked[a][b] = true;
	if (both)
		s->net.blocked[b][a] = true;
}

/* side[id] in {0, 1, 2}: 2 is the bridge (reaches both halves). */
static void split(struct sim *s, const uint8_t *side)
{
	for (raft_id a = 1; a <= s->n_nodes; a++)
		for (raft_id b = 1; b <= s->n_nodes; b++)
			if (side[a] != side[b] && side[a] != 2 && side[b] != 2)
				block(s, a, b, true);
}

void sim_net_partition_random(struct sim *s)
{
	uint8_t side[SIM_MAX_NODES + 1] = {0};
	unsigned kind = (unsigned)sim_below(&s->g, 5);
	raft_id x = 1 + (raft_id)sim_below(&s->g, s->n_nodes);
	const char *names[] = {"split", "isolate", "asymmetric", "bridge",
			       "mute"};

	sim_net_heal(s);
	for (raft_id a = 1; a <= s->n_nodes; a++)
		side[a] = (uint8_t)sim_below(&s->g, 2);
	switch (kind) {
	case 0: /* two random halves */
		split(s, side);
		break;
	case 1: /* one node alone */
		for (raft_id a = 1; a <= s->n_nodes; a++)
			side[a] = a == x;
		split(s, side);
		break;
	case 2: /* random one-way links: a->b blocked, b->a open */
		for (raft_id a = 1; a <= s->n_nodes; a++)
			for (raft_id b = 1; b <= s->n_nodes; b++)
				if (a != b && sim_chance(&s->g, 1, 4))
					block(s, a, b, false);
		break;
	case 3: /* two halves that both reach x */
		side[x] = 2;
		split(s, side);
		break;
	default: /* x hears everyone, nobody hears x */
		for (raft_id b = 1; b <= s->n_nodes; b++)
			if (b != x)
				block(s, x, b, false);
		break;
	}
	s->net.heal_at = s->tick + 5 + sim_below(&s->g, 200);
	if (sim_tracing(s)) {
		char buf[256];
		size_t off = 0;

		for (raft_id a = 1; a <= s->n_nodes; a++)
			for (raft_id b = 1; b <= s->n_nodes; b++)
				if (s->net.blocked[a][b] && off < 200)
					off += (size_t)snprintf(
					    buf + off, sizeof(buf) - off,
					    " %u-/>%u", a, b);
		buf[off] = '\0';
		sim_tracef(s, "net: partition %s (node %u) until tick %llu:%s",
			   names[kind], x, (unsigned long long)s->net.heal_at,
			   buf);
	}
}
