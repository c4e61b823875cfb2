/* graphctl.c: graphctl's entry point: global options and the command table.
 * Each subcommand lives in its own cmd_*.c file. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv);

static const struct cli_cmd commands[] = {
    {"status", "", "show this instance's mode, role, progress and members",
     "Prints mode, role, server id, cluster, data directory, term, last "
     "committed and\nlast applied transaction id, master and uptime, then "
     "a table of the cluster's\nmembers: ID, ROLE, ADDRESS (client), CLUSTER "
     "(ha.cluster_server), REACHABLE,\nMATCH and LAG (known on the master "
     "only: \"-\" elsewhere). --json for scripts.",
     cmd_status},
    {"role", "", "print just the role (master, slave, arbiter, ...)",
     "Prints one word: master, slave, arbiter, candidate or learner.",
     cmd_role},
    {"wait", "[--role ROLE] [--applied TXN] [--timeout DURATION]",
     "wait until the instance has a role or has applied a transaction",
     "Polls the status every 50 ms, reconnecting as needed, until the "
     "instance's role is\nROLE (master, slave, arbiter, learner, candidate) "
     "and it has applied transaction\nTXN. DURATION: 500ms, 10s, 2m "
     "(default 10s). Exit 0 when reached, else 1 with\nwhat the instance "
     "was last seen doing.",
     cmd_wait},
    {"add", "ID@HOST:PORT [--arbiter]",
     "add an instance (HOST:PORT: its ha.cluster_server) to the cluster",
     "A data instance joins as a learner and is promoted to slave once it "
     "has caught up;\n--arbiter adds an arbiter. Sent to any member: it "
     "goes to the master.",
     cmd_add},
    {"remove", "ID", "remove an instance from the cluster", "", cmd_remove},
    {"transfer-master", "ID [--timeout DURATION]",
     "make instance ID master (before maintenance of the master)",
     "Starts the transfer, then waits (default 10s) until instance ID is "
     "master.",
     cmd_transfer_master},
    {"create-node", "[--label LABEL]... [--prop KEY=VALUE]...", "create a node",
     "VALUE: 42, -1, 3.5, true, null, \"quoted\", a bare word (a "
     "string) or [1, \"x\"].",
     cmd_create_node},
    {"create-rel", "START TYPE END [--prop KEY=VALUE]...",
     "create a relationship START-[:TYPE]->END", "", cmd_create_rel},
    {"get-node", "ID", "show a node", "", cmd_get_node},
    {"get-rel", "ID", "show a relationship", "", cmd_get_rel},
    {"neighbours", "ID [--out|--in|--both] [--type TYPE]... [--limit N]",
     "list a node's relationships and the nodes at their other end",
     "Default direction: --both. One line per relationship.", cmd_neighbours},
    {"nodes", "LABEL [--where KEY=VALUE] [--limit N]",
     "list the nodes with a label", "", cmd_nodes},
    {"set-prop", "[--rel] ID KEY VALUE",
     "set a property of a node (or of a relationship with --rel)", "",
     cmd_set_prop},
    {"remove-prop", "[--rel] ID KEY",
     "remove a property of a node (or of a relationship with --rel)", "",
     cmd_remove_prop},
    {"add-label", "ID LABEL", "add a label to a node", "", cmd_add_label},
    {"remove-label", "ID LABEL", "remove a label from a node", "",
     cmd_remove_label},
    {"delete-node", "[--detach] ID", "delete a node",
     "A node with relationships is deleted only with --detach, which "
     "deletes them too.",
     cmd_delete_node},
    {"delete-rel", "ID", "delete a relationship", "", cmd_delete_rel},
    {"query",
     "STATEMENT | -f FILE [--param NAME=VALUE]... [--bookmark TXN] "
     "[--linearizable]",
     "run a Cypher statement (or a script of them) and print the result",
     "Prints a table (NULL for null), the number of rows, what an updating "
     "statement\nchanged and its transaction \"(txn N)\"; --json: one "
     "object per row. $NAME in\nthe statement is --param NAME=VALUE "
     "(VALUE as for create-node). -f FILE runs\nthe ';'-terminated "
     "statements of FILE ('-': stdin; // and /* */ comments\nallowed), "
     "stops at the first that fails and names its line. --bookmark TXN:\n"
     "read once transaction TXN is applied here; --linearizable: read "
     "through the\nmaster.",
     cmd_query},
    {"shell", "", "interactive Cypher shell (reads stdin when not a terminal)",
     "Statements end with ';' and may span lines. :param NAME=VALUE sets "
     "$NAME for the\nstatements that follow, :help, :exit (or Ctrl-D). "
     "History in ~/.graphctl_history.\nWith stdin not a terminal it runs "
     "the statements it reads without prompts and\nstops at the first "
     "that fails (exit 1), naming its input line.",
     cmd_shell},
    {"backup", "--to DIR [-s HOST:PORT]",
     "online backup of a data instance into DIR (incremental when DIR "
     "holds one)",
     "Streams a consistent copy of the graph at the instance's applied "
     "transaction while\nwrites go on. Into a DIR that holds a complete "
     "backup at txn T0 it takes only the\ntransactions after T0 when the "
     "instance's log still holds them (\"incremental\"),\nelse a full "
     "copy (\"full\"). A backup that fails leaves DIR marked incomplete\n"
     "(graphd --restore refuses it); run it again. Exit 1 on failure.",
     cmd_backup},
    {"verify", "DIR",
     "check a backup or a stopped instance's data directory offline",
     "Runs the store's consistency check (adjacency matches relationships, "
     "indexes\nmatch nodes) and, for a backup, its manifest and checksum. "
     "Prints each problem,\nthen \"OK: N nodes, M relationships, txn T\" "
     "or \"N problems\" (exit 1). Refuses a\ndirectory a running graphd "
     "holds.",
     cmd_verify},
    {"set-password", "USER --file PATH [--iterations N]",
     "add a user to a users file (dbms.security.auth_file), or change its "
     "password",
     "Reads the password from stdin (twice, without echo, on a terminal), "
     "stores\nUSER:pbkdf2-sha256:N:SALT:HASH in PATH (default N: 10000), "
     "replacing USER's line,\nand writes PATH atomically with mode 0600. "
     "Needs no server: a running graphd\nrereads the file at the next "
     "login.",
     cmd_set_password},
    {"help", "[COMMAND]", "show help for graphctl or a command", "", cmd_help},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct cli_cmd *cli_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void cli_print_commands(FILE *f)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-16s %s\n", commands[i].name,
			commands[i].summary);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: graphctl [-s HOST:PORT[,HOST:PORT...]] [--cluster "
		   "NAME] [-u USER] [--json]\n"
		   "                COMMAND [ARGS]\n\n"
		   "  -s, --server    servers to try, in order (default: "
		   "$GRAPHCTL_SERVER or\n"
		   "                  127.0.0.1:6001)\n"
		   "  --cluster NAME  ha.cluster_name of the cluster (default: "
		   "graphd)\n"
		   "  -u, --user USER log in as USER (default: $GRAPHD_USER); "
		   "the password is\n"
		   "                  $GRAPHD_PASSWORD or asked on the "
		   "terminal\n"
		   "  --json          machine-readable output\n"
		   "  --version       print the version\n\n"
		   "commands:\n");
	cli_print_commands(f);
	fprintf(f, "\nexit status: 0 ok, 1 server error, 2 usage error, 3 "
		   "connection error.\nSee graphctl(1).\n");
}

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *c;

	(void)ctx;
	if (argc < 2) {
		usage(stdout);
		return CLI_OK;
	}
	c = cli_find(argv[1]);
	if (!c) {
		fprintf(stderr,
			"graphctl: no command '%s'; `graphctl help` lists "
			"them\n",
			argv[1]);
		return CLI_E_USAGE;
	}
	printf("usage: graphctl %s %s\n\n%s.\n", c->name, c->args, c->summary);
	if (c->help[0])
		printf("%s\n", c->help);
	return CLI_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"server", 1, NULL, 's'}, {"cluster", 1, NULL, 'c'},
	    {"user", 1, NULL, 'u'},   {"json", 0, NULL, 'J'},
	    {"help", 0, NULL, 'h'},   {"version", 0, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	struct cli_ctx ctx = {0};
	const struct cli_cmd *cmd;
	char name[64];
	int c, st;

	ctx.user = getenv("GRAPHD_USER");
	ctx.servers = getenv("GRAPHCTL_SERVER");
	if (!ctx.servers || !*ctx.servers)
		ctx.servers = "127.0.0.1:6001";
	/* "+": stop at the command; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+s:hu:", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			ctx.user = optarg;
			break;
		case 's':
			ctx.servers = optarg;
			break;
		case 'c':
			ctx.cluster = optarg;
			break;
		case 'J':
			ctx.json = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case 'V':
			printf("graphctl %s\n", PACKAGE_VERSION);
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_E_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_E_USAGE;
	}
	cmd = cli_find(argv[optind]);
	if (!cmd) {
		fprintf(stderr,
			"graphctl: unknown command '%s'; `graphctl help` lists "
			"the commands\n",
			argv[optind]);
		return CLI_E_USAGE;
	}
	argc -= optind;
	argv += optind;
	/* getopt names argv[0] in its messages: "graphctl nodes: ...". */
	snprintf(name, sizeof(name), "graphctl %s", cmd->name);
	argv[0] = name;
	optind = 0; /* GNU getopt: start afresh for the command's options */
	/* Asked once, up front: some commands connect more than once. */
	if (cmd->run != cmd_help && cmd->run != cmd_set_password &&
	    cli_login(&ctx) < 0)
		return CLI_E_USAGE;
	st = cmd->run(&ctx, argc, argv);
	graphd_close(ctx.g);
	if (ctx.password) {
		explicit_bzero(ctx.password, strlen(ctx.password));
		free(ctx.password);
	}
	return st;
}
