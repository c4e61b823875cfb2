/* cl_read.c: reads one node through libgraphd from one instance, optionally
 * with a bookmark (wait until that transaction is applied there) or
 * linearizable (ReadIndex through the master), for the cluster tests:
 * graphctl does not expose these read options.
 *
 * Prints "ID LABEL... k=VALUE" and exits 0; a failed read prints the error on
 * stderr and exits 1 (2: usage, 3: no connection).
 *
 * usage: cl_read -s SERVER [-c CLUSTER] [-b BOOKMARK] [-L] [-T TIMEOUT_MS] ID
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/graphd.h"

static void print_node(const struct graphd_node *n)
{
	char buf[256];

	printf("%" PRIu64, n->id);
	for (size_t i = 0; i < n->n_labels; i++)
		printf(" %s", n->labels[i]);
	for (size_t i = 0; i < n->n_props; i++) {
		graphd_value_format(&n->props[i].value, buf, sizeof(buf));
		printf(" %s=%s", n->props[i].key, buf);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	/* No retries (retry_ms 0 means the default 15 s): a test wants to see
	 * the server's answer to a bookmark that is not reached in time. */
	struct graphd_options o = {
	    .cluster_name = "graphd", .client_name = "cl_read", .retry_ms = 1};
	struct graphd_read_opts ro = {0};
	struct graphd_error e = {0};
	struct graphd_node n;
	const char *server = NULL;
	graphd_t *g;
	bool bad = false;
	int c, rc;

	while ((c = getopt(argc, argv, "s:c:b:LT:")) != -1) {
		if (c == 's')
			server = optarg;
		else if (c == 'c')
			o.cluster_name = optarg;
		else if (c == 'b')
			ro.bookmark = strtoull(optarg, NULL, 10);
		else if (c == 'L')
			ro.linearizable = true;
		else if (c == 'T')
			o.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
		else
			bad = true;
	}
	if (bad || !server || optind != argc - 1) {
		fprintf(stderr, "usage: cl_read -s SERVER [-c CLUSTER] "
				"[-b BOOKMARK] [-L] [-T TIMEOUT_MS] ID\n");
		return 2;
	}
	if (!(g = graphd_connect(server, &o, &e))) {
		fprintf(stderr, "cl_read: %s: %s\n", server, e.message);
		return 3;
	}
	rc = graphd_get_node(g, strtoull(argv[optind], NULL, 10), &ro, &n, &e);
	if (rc == 0) {
		print_node(&n);
		graphd_node_free(&n);
	} else {
		fprintf(stderr, "cl_read: %s\n", e.message);
	}
	graphd_close(g);
	return rc == 0 ? 0 : 1;
}
