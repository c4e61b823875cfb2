/* test_fault_check.c: the fault suite's linearizability checker accepts
 * exactly the register histories that have a linearization. */
#include <stdlib.h>

#include "../fault/fault_lin.h"
#include "cu_run.h"

/* Shorthands: a completed write/read over [a, b], an unknown write from a. */
static struct fault_lin_op W(int64_t v, uint64_t a, uint64_t b) {
	return (struct fault_lin_op){FAULT_LIN_WRITE, v, a, b, true, 0, 0, 0};
}

static struct fault_lin_op
R(int64_t v, uint64_t a, uint64_t b) {
	return (struct fault_lin_op){FAULT_LIN_READ, v, a, b, true, 0, 0, 0};
}

static struct fault_lin_op
WU(int64_t v, uint64_t a) {
	return (struct fault_lin_op){FAULT_LIN_WRITE, v, a, 0, false, 0, 0, 0};
}

/* A compare-and-set of expect to v over [a, b] that found old, and one of
 * unknown outcome from a. */
static struct fault_lin_op C(int64_t expect, int64_t v, int64_t old,
			     uint64_t a, uint64_t b) {
	return (struct fault_lin_op){FAULT_LIN_CAS, v, a, b, true, 0, expect,
				     old};
}

static struct fault_lin_op CU(int64_t expect, int64_t v, uint64_t a) {
	return (struct fault_lin_op){FAULT_LIN_CAS, v, a, 0, false, 0, expect,
				     0};
}

static enum fault_lin_verdict
check(const struct fault_lin_op *ops, size_t n)
{
	return fault_lin_check(ops, n, 0, 0, NULL);
}

static void sequential_history_passes(void)
{
	struct fault_lin_op h[] = {R(0, 1, 2), W(5, 3, 4), R(5, 5, 6),
				   W(7, 7, 8), R(7, 9, 10)};

	CU_ASSERT_EQUAL(check(h, 5), FAULT_LIN_OK);
}

static void stale_read_after_completed_write_fails(void)
{
	struct fault_lin_op h[] = {W(5, 1, 2), R(0, 3, 4)};
	struct fault_lin_report rep;

	CU_ASSERT_EQUAL(fault_lin_check(h, 2, 0, 0, &rep), FAULT_LIN_VIOLATION);
	/* The report names the read that cannot be explained. */
	CU_ASSERT_EQUAL(rep.stuck_op, 1);
}

static void read_of_unwritten_value_fails(void)
{
	struct fault_lin_op h[] = {W(5, 1, 2), R(6, 3, 4)};

	CU_ASSERT_EQUAL(check(h, 2), FAULT_LIN_VIOLATION);
}

/* Two overlapping writes may take effect in either order. */
static void overlapping_writes_pass_in_either_order(void)
{
	struct fault_lin_op a[] = {W(1, 1, 10), W(2, 2, 9), R(1, 11, 12)};
	struct fault_lin_op b[] = {W(1, 1, 10), W(2, 2, 9), R(2, 11, 12)};

	CU_ASSERT_EQUAL(check(a, 3), FAULT_LIN_OK);
	CU_ASSERT_EQUAL(check(b, 3), FAULT_LIN_OK);
}

/* A read overlapping a write may see the old or the new value, but once
 * one read saw the new value a later read may not see the old one. */
static void read_overlapping_write_sees_old_or_new(void)
{
	struct fault_lin_op old[] = {W(1, 1, 10), R(0, 2, 3)};
	struct fault_lin_op neu[] = {W(1, 1, 10), R(1, 2, 3)};
	struct fault_lin_op flip[] = {W(1, 1, 10), R(1, 2, 3), R(0, 4, 5)};

	CU_ASSERT_EQUAL(check(old, 2), FAULT_LIN_OK);
	CU_ASSERT_EQUAL(check(neu, 2), FAULT_LIN_OK);
	CU_ASSERT_EQUAL(check(flip, 3), FAULT_LIN_VIOLATION);
}

static void unknown_write_that_appears_later_passes(void)
{
	struct fault_lin_op h[] = {WU(9, 1), W(2, 5, 6), R(2, 7, 8),
				   R(9, 20, 21)};

	CU_ASSERT_EQUAL(check(h, 4), FAULT_LIN_OK);
}

static void unknown_write_that_never_appears_passes(void)
{
	struct fault_lin_op h[] = {WU(9, 1), R(0, 5, 6), W(2, 7, 8),
				   R(2, 9, 10)};

	CU_ASSERT_EQUAL(check(h, 4), FAULT_LIN_OK);
}

/* An unknown write takes effect once or never: its value cannot come back
 * after a later write was read. */
static void unknown_write_cannot_take_effect_twice(void)
{
	struct fault_lin_op h[] = {WU(9, 1), R(9, 2, 3), W(2, 4, 5), R(2, 6, 7),
				   R(9, 8, 9)};

	CU_ASSERT_EQUAL(check(h, 5), FAULT_LIN_VIOLATION);
}

/* Nothing written before its invocation: a read cannot see a value whose
 * (unknown) write started after the read returned. */
static void unknown_write_not_before_its_call(void)
{
	struct fault_lin_op h[] = {R(9, 1, 2), WU(9, 5)};

	CU_ASSERT_EQUAL(check(h, 2), FAULT_LIN_VIOLATION);
}

/* Many concurrent unknown writes, one of them observed: the search stays
 * small thanks to the memo and to dropping unobserved unknown writes. */
static void many_unknown_writes_stay_tractable(void)
{
	enum { N = 200 };
	struct fault_lin_op h[N + 2];
	struct fault_lin_report rep;

	for (int i = 0; i < N; i++)
		h[i] = WU(100 + i, (uint64_t)i + 1);
	h[N] = R(150, 1000, 1001);
	h[N + 1] = R(150, 1002, 1003);
	CU_ASSERT_EQUAL(fault_lin_check(h, N + 2, 0, 100000, &rep),
			FAULT_LIN_OK);
	CU_ASSERT(rep.states < 100000);
}

/* A compare-and-set that found its expected value set the register; one
 * that found another left it. */
static void cas_sets_only_when_it_finds_the_expected_value(void)
{
	struct fault_lin_op ok[] = {W(5, 1, 2), C(5, 7, 5, 3, 4), R(7, 5, 6),
				    C(5, 9, 7, 7, 8), R(7, 9, 10)};
	struct fault_lin_op bad[] = {W(5, 1, 2), C(4, 7, 5, 3, 4),
				     R(7, 5, 6)};

	CU_ASSERT_EQUAL(check(ok, 5), FAULT_LIN_OK);
	CU_ASSERT_EQUAL(check(bad, 3), FAULT_LIN_VIOLATION);
}

/* A compare-and-set cannot find a value the register never held then. */
static void cas_that_found_a_stale_value_fails(void)
{
	struct fault_lin_op h[] = {W(5, 1, 2), W(6, 3, 4), C(5, 7, 5, 5, 6)};

	CU_ASSERT_EQUAL(check(h, 3), FAULT_LIN_VIOLATION);
}

/* An unknown compare-and-set whose value is read later took effect: it
 * found its expected value; it cannot have taken effect when the register
 * never held that value. */
static void unknown_cas_takes_effect_only_from_its_expected_value(void)
{
	struct fault_lin_op ok[] = {W(5, 1, 2), CU(5, 7, 3), R(7, 4, 5)};
	struct fault_lin_op bad[] = {W(5, 1, 2), CU(4, 7, 3), R(7, 4, 5)};

	CU_ASSERT_EQUAL(check(ok, 3), FAULT_LIN_OK);
	CU_ASSERT_EQUAL(check(bad, 3), FAULT_LIN_VIOLATION);
}

static void empty_history_passes(void)
{
	CU_ASSERT_EQUAL(check(NULL, 0), FAULT_LIN_OK);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("fault_lin", NULL, NULL);
	CU_add_test(s, "sequential_history_passes", sequential_history_passes);
	CU_add_test(s, "stale_read_after_completed_write_fails",
		    stale_read_after_completed_write_fails);
	CU_add_test(s, "read_of_unwritten_value_fails",
		    read_of_unwritten_value_fails);
	CU_add_test(s, "overlapping_writes_pass_in_either_order",
		    overlapping_writes_pass_in_either_order);
	CU_add_test(s, "read_overlapping_write_sees_old_or_new",
		    read_overlapping_write_sees_old_or_new);
	CU_add_test(s, "unknown_write_that_appears_later_passes",
		    unknown_write_that_appears_later_passes);
	CU_add_test(s, "unknown_write_that_never_appears_passes",
		    unknown_write_that_never_appears_passes);
	CU_add_test(s, "unknown_write_cannot_take_effect_twice",
		    unknown_write_cannot_take_effect_twice);
	CU_add_test(s, "unknown_write_not_before_its_call",
		    unknown_write_not_before_its_call);
	CU_add_test(s, "many_unknown_writes_stay_tractable",
		    many_unknown_writes_stay_tractable);
	CU_add_test(s, "cas_sets_only_when_it_finds_the_expected_value",
		    cas_sets_only_when_it_finds_the_expected_value);
	CU_add_test(s, "cas_that_found_a_stale_value_fails",
		    cas_that_found_a_stale_value_fails);
	CU_add_test(s, "unknown_cas_takes_effect_only_from_its_expected_value",
		    unknown_cas_takes_effect_only_from_its_expected_value);
	CU_add_test(s, "empty_history_passes", empty_history_passes);
	return cu_run();
}
