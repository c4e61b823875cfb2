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

#endif
