/* fault_lin.h: linearizability of one register's history (Wing-Gong/Lowe). */
#ifndef GRAPHD_FAULT_LIN_H
#define GRAPHD_FAULT_LIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fault_lin_kind { FAULT_LIN_WRITE, FAULT_LIN_READ, FAULT_LIN_CAS };

/* One completed (or, for a write, possibly completed) operation on the
 * register. A write whose outcome is unknown has ret_known false: it may take
 * effect at any point after call_ns, or never. Reads of unknown outcome tell
 * nothing and are not passed in. A compare-and-set sets value when the
 * register holds expect; when it completed (ret_known), it found old there
 * (and so it set value exactly when old == expect). tag is the caller's,
 * for reports. */
struct fault_lin_op {
	enum fault_lin_kind kind;
	int64_t value; /* written, or read */
	uint64_t call_ns;
	uint64_t ret_ns; /* ignored when !ret_known */
	bool ret_known;
	size_t tag;
	int64_t expect, old; /* compare-and-set only */
};

enum fault_lin_verdict {
	FAULT_LIN_OK = 0,
	FAULT_LIN_VIOLATION = 1,
	FAULT_LIN_GAVE_UP = 2, /* the search hit max_states */
	FAULT_LIN_NOMEM = 3,
};

/* Where the search got furthest, for the report: how many operations could
 * be linearized at most, the register value then, and the operation whose
 * completion could not be explained from there (its index in ops). */
struct fault_lin_report {
	size_t best_depth;
	int64_t best_value;
	size_t stuck_op;
	size_t states; /* memoized (linearized set, value) pairs */
};

/* Checks that ops (any order) form a linearizable history of a register
 * that starts at init. max_states bounds the memo table (0: what fits
 * in about 128 MiB). */
enum fault_lin_verdict fault_lin_check(const struct fault_lin_op *ops, size_t n,
				       int64_t init, size_t max_states,
				       struct fault_lin_report *rep);

#endif
