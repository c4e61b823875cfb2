/* main.c: graphd, the server process of one instance. */
#include "node/main.h"

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "node/auth.h"
#include "node/node.h"
#include "node/restore.h"
#include "util/config.h"

#define MAIN_DEFAULT_CONFIG SYSCONFDIR "/graphd/graphd.conf"

static void main_usage(FILE *f)
{
	fprintf(f,
		"usage: graphd [-c FILE] [--arbiter]\n"
		"       graphd --restore DIR [-c FILE]\n"
		"       graphd --version | --help\n"
		"\n"
		"Runs one graphd instance as configured in FILE\n"
		"(default " MAIN_DEFAULT_CONFIG ").\n"
		"\n"
		"  -c, --config FILE  configuration file (see graphd.conf(5))\n"
		"      --arbiter      run as an arbiter (dbms.mode=ARBITER)\n"
		"      --restore DIR  seed the (stopped) instance's data\n"
		"                     directory from the backup in DIR, exit\n"
		"  -V, --version      print the version and exit\n"
		"  -h, --help         print this help and exit\n");
}

/* Parses the command line. Returns -1 to continue, else an exit status. */
static int main_args(int argc, char **argv, const char **path, bool *arbiter,
		     const char **restore)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"arbiter", no_argument, NULL, 'a'},
	    {"restore", required_argument, NULL, 'R'},
	    {"version", no_argument, NULL, 'V'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			*path = optarg;
			break;
		case 'a':
			*arbiter = true;
			break;
		case 'R':
			*restore = optarg;
			break;
		case 'V':
			printf("graphd %s\n", NODE_VERSION);
			return MAIN_EXIT_OK;
		case 'h':
			main_usage(stdout);
			return MAIN_EXIT_OK;
		default:
			main_usage(stderr);
			return MAIN_EXIT_CONFIG;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "graphd: unexpected argument '%s'\n",
			argv[optind]);
		main_usage(stderr);
		return MAIN_EXIT_CONFIG;
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *path = MAIN_DEFAULT_CONFIG;
	static struct config cfg; /* large: PATH_MAX buffers */
	struct node *n = NULL;
	const char *restore = NULL;
	bool arbiter = false;
	char err[1024];
	int rc;

	if ((rc = main_args(argc, argv, &path, &arbiter, &restore)) >= 0)
		return rc;
	config_defaults(&cfg);
	if (config_load(&cfg, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return MAIN_EXIT_CONFIG;
	}
	if (arbiter)
		cfg.mode = CONFIG_MODE_ARBITER;
	if (config_validate(&cfg, path, err, sizeof(err)) < 0 ||
	    auth_check_config(&cfg, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return MAIN_EXIT_CONFIG;
	}
	if (restore)
		return restore_run(&cfg, restore);
	/* A client that vanishes mid-answer must not kill the server. */
	signal(SIGPIPE, SIG_IGN);
	rc = node_open(&n, &cfg) == 0 && node_run(n) == 0 ? MAIN_EXIT_OK
							  : MAIN_EXIT_FAILURE;
	node_close(n);
	return rc;
}
