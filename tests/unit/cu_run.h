/* cu_run.h: runs a CUnit registry with the verbose basic runner and turns the
 * outcome into an exit status (0 only when every test ran and passed). */
#ifndef GRAPHD_CU_RUN_H
#define GRAPHD_CU_RUN_H

#include <CUnit/Basic.h>

static inline int cu_run(void)
{
	unsigned failed;

	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS) {
		CU_cleanup_registry();
		return 1;
	}
	failed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

/* One named test of a table-driven suite (cu_run_table). */
struct cu_test {
	const char *name;
	CU_TestFunc fn;
};

/* Registers the n tests of table in one suite called name and runs them:
 * the exit status of cu_run(), or 1 when the registry cannot be built. */
static inline int cu_run_table(const char *name, const struct cu_test *table,
			       size_t n)
{
	CU_pSuite suite;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite(name, NULL, NULL);
	for (size_t i = 0; suite && i < n; i++)
		if (!CU_add_test(suite, table[i].name, table[i].fn))
			suite = NULL;
	if (!suite) {
		CU_cleanup_registry();
		return 1;
	}
	return cu_run();
}

#endif
