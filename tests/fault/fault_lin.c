/* fault_lin.c: a linearizability checker for one register (Wing & Gong, with
 * Lowe's just-in-time linearization and memoization). */
#include "fault_lin.h"

#include <stdlib.h>
#include <string.h>

/* The history as one list of call and return events in time order. The
 * search removes an operation's two events when it linearizes it and puts
 * them back when it backtracks (Lowe, "Testing for linearizability", 2017,
 * section 3; the event list is a doubly linked list so both are O(1)). */
struct lin_event {
	uint64_t t;
	size_t op;
	bool is_call;
	size_t match; /* the other event of the same operation */
	size_t prev, next;
};

/* The memo: every (set of linearized operations, register value) reached.
 * Reaching one again cannot lead anywhere new (Lowe, section 4). */
struct lin_memo {
	size_t words;	/* 64-bit words per set */
	size_t n, max;	/* states stored, bound */
	uint64_t *keys; /* n * (words + 1): the set, then the value */
	size_t *slots;	/* open addressing; 0 empty, else state index + 1 */
	size_t cap;
};

struct lin_frame {
	size_t ev;
	int64_t state;
};

static int event_cmp(const void *a, const void *b)
{
	const struct lin_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	/* Equal times: calls first, so that such operations count as
	 * concurrent (the more permissive reading). */
	return (int)y->is_call - (int)x->is_call;
}

static uint64_t memo_hash(const uint64_t *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

static int memo_grow(struct lin_memo *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024, len = m->words + 1;
	size_t *slots = calloc(cap, sizeof(*slots));
	uint64_t *keys = realloc(m->keys, cap / 2 * len * sizeof(*keys));

	if (!slots || !keys) {
		free(slots);
		if (keys)
			m->keys = keys;
		return -1;
	}
	m->keys = keys;
	for (size_t i = 0; i < m->n; i++) {
		size_t s = memo_hash(keys + i * len, len) & (cap - 1);

		while (slots[s])
			s = (s + 1) & (cap - 1);
		slots[s] = i + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

/* Adds (set, value). Returns 1 when new, 0 when seen before, -1 out of
 * memory, -2 when the bound is reached. */
static int memo_insert(struct lin_memo *m, const uint64_t *set, int64_t value)
{
	size_t len = m->words + 1, s;
	uint64_t *k;

	if ((m->n + 1) * 2 > m->cap && memo_grow(m) < 0)
		return -1;
	k = m->keys + m->n * len;
	memcpy(k, set, m->words * sizeof(*k));
	k[m->words] = (uint64_t)value;
	for (s = memo_hash(k, len) & (m->cap - 1); m->slots[s];
	     s = (s + 1) & (m->cap - 1))
		if (!memcmp(m->keys + (m->slots[s] - 1) * len, k,
			    len * sizeof(*k)))
			return 0;
	if (m->n >= m->max)
		return -2;
	m->slots[s] = ++m->n;
	return 1;
}

static void lift(struct lin_event *ev, size_t e)
{
	size_t r = ev[e].match;

	ev[ev[e].prev].next = ev[e].next;
	ev[ev[e].next].prev = ev[e].prev;
	ev[ev[r].prev].next = ev[r].next;
	ev[ev[r].next].prev = ev[r].prev;
}

/* Undoes lift(e), in the reverse order of the removals. */
static void unlift(struct lin_event *ev, size_t e)
{
	size_t r = ev[e].match;

	ev[ev[r].prev].next = r;
	ev[ev[r].next].prev = r;
	ev[ev[e].prev].next = e;
	ev[ev[e].next].prev = e;
}

/* A write (or compare-and-set) whose outcome is unknown and whose value no
 * operation observed (no read returned it, no compare-and-set found or
 * expected it) may be taken as never applied: removing it from any
 * linearization leaves every other operation valid, since none sits between
 * it and the next write that could tell. Dropping such writes keeps the
 * search from trying every subset of them. */
static bool keep_op(const struct fault_lin_op *ops, size_t n, size_t i)
{
	if (ops[i].kind == FAULT_LIN_READ || ops[i].ret_known)
		return true;
	for (size_t j = 0; j < n; j++) {
		if (ops[j].kind == FAULT_LIN_READ &&
		    ops[j].value == ops[i].value)
			return true;
		if (ops[j].kind == FAULT_LIN_CAS &&
		    (ops[j].expect == ops[i].value ||
		     (ops[j].ret_known && ops[j].old == ops[i].value)))
			return true;
	}
	return false;
}

/* Builds the sorted, linked event list; the head sentinel is event 2 * n
 * (returned in *head). Returns NULL out of memory. */
static struct lin_event *build_events(const struct fault_lin_op *ops, size_t n,
				      size_t *count)
{
	struct lin_event *ev = calloc(2 * n + 1, sizeof(*ev));
	size_t m = 0, *pos;

	if (!ev)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!keep_op(ops, n, i))
			continue;
		ev[m++] = (struct lin_event){
		    .t = ops[i].call_ns, .op = i, .is_call = true};
		ev[m++] = (struct lin_event){
		    .t = ops[i].ret_known ? ops[i].ret_ns : UINT64_MAX,
		    .op = i};
	}
	qsort(ev, m, sizeof(*ev), event_cmp);
	if (!(pos = malloc((n ? n : 1) * sizeof(*pos)))) {
		free(ev);
		return NULL;
	}
	for (size_t i = 0; i < m; i++)
		if (ev[i].is_call)
			pos[ev[i].op] = i;
	for (size_t i = 0; i < m; i++) {
		if (!ev[i].is_call) {
			ev[i].match = pos[ev[i].op];
			ev[pos[ev[i].op]].match = i;
		}
		ev[i].prev = i ? i - 1 : m;
		ev[i].next = i + 1 < m ? i + 1 : m;
	}
	ev[m] = (struct lin_event){.prev = m ? m - 1 : m, .next = m ? 0 : m};
	free(pos);
	*count = m;
	return ev;
}

struct lin_search {
	const struct fault_lin_op *ops;
	struct lin_event *ev;
	size_t head;
	uint64_t *set;
	struct lin_frame *stack;
	size_t depth;
	int64_t state;
	struct lin_memo memo;
	struct fault_lin_report *rep;
};

/* Tries to linearize the call event e now. Returns 1 when it did, 0 when it
 * cannot (or the resulting state was explored already), <0 on a memo
 * failure. */
static int try_call(struct lin_search *s, size_t e)
{
	const struct fault_lin_op *op = &s->ops[s->ev[e].op];
	size_t o = s->ev[e].op;
	int64_t next = op->kind == FAULT_LIN_WRITE ? op->value : s->state;
	int r;

	if (op->kind == FAULT_LIN_READ && op->value != s->state)
		return 0;
	if (op->kind == FAULT_LIN_CAS) {
		if (op->ret_known && op->old != s->state)
			return 0;
		if (s->state == op->expect)
			next = op->value;
	}
	s->set[o / 64] |= 1ULL << (o % 64);
	r = memo_insert(&s->memo, s->set, next);
	if (r <= 0) {
		s->set[o / 64] &= ~(1ULL << (o % 64));
		return r;
	}
	s->stack[s->depth++] = (struct lin_frame){e, s->state};
	s->state = next;
	lift(s->ev, e);
	return 1;
}

/* A return event was reached with its operation not linearized: undo the
 * last choice. Returns the event to continue from, or head when there is
 * nothing left to undo. */
static size_t backtrack(struct lin_search *s, size_t ret_ev)
{
	struct lin_frame f;
	size_t o;

	if (s->depth >= s->rep->best_depth) {
		s->rep->best_depth = s->depth;
		s->rep->best_value = s->state;
		s->rep->stuck_op = s->ev[ret_ev].op;
	}
	if (!s->depth)
		return s->head;
	f = s->stack[--s->depth];
	o = s->ev[f.ev].op;
	s->set[o / 64] &= ~(1ULL << (o % 64));
	s->state = f.state;
	unlift(s->ev, f.ev);
	return s->ev[f.ev].next;
}

static enum fault_lin_verdict search(struct lin_search *s)
{
	size_t e = s->ev[s->head].next;

	while (s->ev[s->head].next != s->head) {
		int r;

		if (e == s->head)
			return FAULT_LIN_VIOLATION; /* not reached: a list
						       ends in a return */
		if (!s->ev[e].is_call) {
			e = backtrack(s, e);
			if (e == s->head)
				return FAULT_LIN_VIOLATION;
			continue;
		}
		r = try_call(s, e);
		if (r == -1)
			return FAULT_LIN_NOMEM;
		if (r == -2)
			return FAULT_LIN_GAVE_UP;
		e = r ? s->ev[s->head].next : s->ev[e].next;
	}
	return FAULT_LIN_OK;
}

enum fault_lin_verdict fault_lin_check(const struct fault_lin_op *ops, size_t n,
				       int64_t init, size_t max_states,
				       struct fault_lin_report *rep)
{
	struct fault_lin_report dummy;
	struct lin_search s = {
	    .ops = ops, .state = init, .rep = rep ? rep : &dummy};
	enum fault_lin_verdict v = FAULT_LIN_NOMEM;

	*s.rep = (struct fault_lin_report){.best_value = init};
	s.memo.words = (n + 63) / 64 + 1;
	/* By default at most 128 MiB of keys (up to twice that allocated). */
	s.memo.max =
	    max_states ? max_states : (128u << 20) / ((s.memo.words + 1) * 8);
	s.ev = build_events(ops, n, &s.head);
	s.set = calloc(s.memo.words, sizeof(*s.set));
	s.stack = calloc(n + 1, sizeof(*s.stack));
	if (!s.ev || !s.set || !s.stack)
		goto out;
	v = search(&s);
	s.rep->states = s.memo.n;
out:
	free(s.ev);
	free(s.set);
	free(s.stack);
	free(s.memo.keys);
	free(s.memo.slots);
	return v;
}
