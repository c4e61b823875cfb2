/* test_admit.c: admission warnings are rate limited, one line per interval
 * per kind, and the cap counts connections in and out (src/net/admit.c). */
#include "net/admit.h"

#include <string.h>

#include "../unit/cu_run.h"

static void first_event_is_logged_then_one_line_per_interval(void)
{
	struct net_admit_log lg;
	uint64_t more = 99;

	memset(&lg, 0, sizeof(lg));
	CU_ASSERT_TRUE(net_admit_log_due(&lg, 5000, &more));
	CU_ASSERT_EQUAL(more, 0);
	/* A flood within the interval writes nothing, only counts. */
	for (int i = 0; i < 100000; i++)
		CU_ASSERT_FALSE(
		    net_admit_log_due(&lg, 5000 + (uint64_t)i % 9000, &more));
	CU_ASSERT_FALSE(net_admit_log_due(
	    &lg, 5000 + NET_ADMIT_LOG_INTERVAL_MS - 1, &more));
	/* The next line says how many were left unsaid. */
	CU_ASSERT_TRUE(
	    net_admit_log_due(&lg, 5000 + NET_ADMIT_LOG_INTERVAL_MS, &more));
	CU_ASSERT_EQUAL(more, 100001);
	CU_ASSERT_FALSE(
	    net_admit_log_due(&lg, 5001 + NET_ADMIT_LOG_INTERVAL_MS, &more));
}

static void an_event_at_time_zero_still_starts_the_interval(void)
{
	struct net_admit_log lg;
	uint64_t more;

	memset(&lg, 0, sizeof(lg));
	CU_ASSERT_TRUE(net_admit_log_due(&lg, 0, &more));
	CU_ASSERT_FALSE(net_admit_log_due(&lg, 1, &more));
}

static void cap_refuses_the_one_over_and_frees_on_leave(void)
{
	struct net_admit a;

	memset(&a, 0, sizeof(a));
	a.max_conns = 2;
	CU_ASSERT_TRUE(net_admit_enter(&a));
	CU_ASSERT_TRUE(net_admit_enter(&a));
	CU_ASSERT_FALSE(net_admit_enter(&a));
	CU_ASSERT_EQUAL(a.n_conns, 2);
	net_admit_leave(&a);
	CU_ASSERT_TRUE(net_admit_enter(&a));
	net_admit_leave(&a);
	net_admit_leave(&a);
	net_admit_leave(&a); /* never below zero */
	CU_ASSERT_EQUAL(a.n_conns, 0);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("admit", NULL, NULL);
	CU_add_test(s, "first_event_is_logged_then_one_line_per_interval",
		    first_event_is_logged_then_one_line_per_interval);
	CU_add_test(s, "an_event_at_time_zero_still_starts_the_interval",
		    an_event_at_time_zero_still_starts_the_interval);
	CU_add_test(s, "cap_refuses_the_one_over_and_frees_on_leave",
		    cap_refuses_the_one_over_and_frees_on_leave);
	return cu_run();
}
