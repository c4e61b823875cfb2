/* fault_dump.c: prints the graph store of a stopped instance so the fault
 * suite can compare replicas byte for byte (see fault_dump.h). */
#include <stdio.h>

#include "fault_dump.h"
#include "store/env.h"
#include "store/graph.h"

int main(int argc, char **argv)
{
	struct store_env *env = NULL;
	struct store_graph *g = NULL;
	char err[512];
	int problems, rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: fault_dump DATA_DIR\n");
		return 2;
	}
	if (store_env_open(&env, argv[1], err, sizeof(err)) < 0 ||
	    store_graph_open(env, &g, err, sizeof(err)) < 0) {
		fprintf(stderr, "fault_dump: %s\n", err);
		goto err;
	}
	problems = store_graph_verify(g, stderr);
	if (problems != 0) {
		fprintf(stderr,
			"fault_dump: the store in %s is inconsistent (%d "
			"problems above)\n",
			argv[1], problems);
		goto err;
	}
	if (store_graph_dump(g, stdout, STORE_DUMP_NO_APPLIED) < 0) {
		fprintf(stderr, "fault_dump: cannot dump the store in %s\n",
			argv[1]);
		goto err;
	}
	rc = 0;
err:
	if (g)
		store_graph_close(g);
	if (env)
		store_env_close(env);
	return rc;
}
