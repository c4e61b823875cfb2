/* cmd_neighbours.c: `graphctl neighbours ID [--out|--in|--both] [--type T]...
 * [--limit N]`: one line per relationship, with the node at its other end. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>

/* "(1)-[5:KNOWS]->(2:Person {name: "Bob"})", the arrow as stored. */
static void print_line(uint64_t node, const struct graphd_rel *r,
		       const struct graphd_node *other)
{
	bool out = r->start == node;

	printf("(%" PRIu64 ")%s[%" PRIu64 ":%s]%s", node, out ? "-" : "<-",
	       r->id, r->type, out ? "->" : "-");
	cli_print_node(stdout, other);
	putchar('\n');
}

static void print_json(const struct graphd_neighbour_list *l)
{
	printf("[");
	for (size_t i = 0; i < l->n; i++) {
		printf("%s{\"rel\": ", i ? ", " : "");
		cli_json_rel(stdout, &l->rels[i]);
		printf(", \"node\": ");
		cli_json_node(stdout, &l->nodes[i]);
		printf("}");
	}
	printf("]\n");
}

static int run(struct cli_ctx *ctx, uint64_t id, enum graphd_dir dir,
	       const char *const *types, size_t n_types, uint32_t limit)
{
	struct graphd_neighbour_list l;
	struct graphd_error e = {0};
	graphd_t *g;
	int st = CLI_OK;

	if (!(g = cli_connect(ctx, &st)))
		return st;
	if (graphd_neighbours(g, id, dir, types, n_types, limit, NULL, &l, &e) <
	    0) {
		if (e.code == GRAPHD_E_NOT_FOUND)
			snprintf(e.message, sizeof(e.message),
				 "node %" PRIu64 " not found", id);
		return cli_fail(&e);
	}
	if (ctx->json)
		print_json(&l);
	else
		for (size_t i = 0; i < l.n; i++)
			print_line(id, &l.rels[i], &l.nodes[i]);
	graphd_neighbour_list_free(&l);
	return CLI_OK;
}

int cmd_neighbours(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"out", 0, NULL, 'o'},   {"in", 0, NULL, 'i'},
	    {"both", 0, NULL, 'b'},  {"type", 1, NULL, 't'},
	    {"limit", 1, NULL, 'n'}, CLI_OPT_JSON,
	    {NULL, 0, NULL, 0}};
	const char **types = calloc((size_t)argc, sizeof(*types));
	enum graphd_dir dir = GRAPHD_BOTH;
	size_t n_types = 0;
	uint32_t limit = 0;
	uint64_t id;
	int c, st = CLI_OK;

	if (!types)
		return CLI_E_SERVER;
	while (st == CLI_OK && (c = cli_getopt(ctx, argc, argv, "neighbours",
					       "", opts)) != -1) {
		if (c == -2)
			st = CLI_E_USAGE;
		else if (c == 'o')
			dir = GRAPHD_OUT;
		else if (c == 'i')
			dir = GRAPHD_IN;
		else if (c == 'b')
			dir = GRAPHD_BOTH;
		else if (c == 't')
			types[n_types++] = optarg;
		else if (c == 'n' && cli_parse_u32(optarg, &limit) < 0)
			st =
			    cli_usage("neighbours", "bad --limit '%s'", optarg);
	}
	if (st == CLI_OK &&
	    (argc - optind != 1 || cli_parse_id(argv[optind], &id) < 0))
		st = cli_usage("neighbours", "expected one node id");
	if (st == CLI_OK)
		st = run(ctx, id, dir, types, n_types, limit);
	free(types);
	return st;
}
