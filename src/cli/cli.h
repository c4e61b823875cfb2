/* cli.h: graphctl's command table and the helpers its subcommands share. */
#ifndef GRAPHD_CLI_H
#define GRAPHD_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "client/graphd.h"

/* Exit statuses, as graphctl(1) documents them. */
enum cli_status {
	CLI_OK = 0,
	CLI_E_SERVER = 1,  /* the server answered with an error */
	CLI_E_USAGE = 2,   /* bad command line */
	CLI_E_CONNECT = 3, /* no server reachable, connection lost */
};

struct cli_ctx {
	const char *servers; /* -s, GRAPHCTL_SERVER, or 127.0.0.1:6001 */
	const char *cluster; /* --cluster, NULL: the library default */
	const char *user;    /* -u, GRAPHD_USER; NULL: no login */
	char *password;	     /* the user's, from cli_login (malloc'd) */
	bool json;
	graphd_t *g; /* connected on first use */
};

struct cli_cmd {
	const char *name;
	const char *args;    /* usage after the name */
	const char *summary; /* one line for the command list */
	const char *help;    /* details for `graphctl help CMD` */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

const struct cli_cmd *cli_find(const char *name);
void cli_print_commands(FILE *f);

/* ------------------------------------------------------------- helpers */

/* Longest password graphctl reads (set-password, login prompt). */
#define CLI_PASSWORD_MAX 1024
/* One line from f, without echo when f is a terminal (prompt on stderr
 * then). -1 at end of file or when longer than len - 2. */
int cli_read_password(FILE *f, const char *prompt, char *buf, size_t len);

/* With ctx->user: sets ctx->password from $GRAPHD_PASSWORD or the
 * terminal, once, before a command runs (wait and transfer-master open
 * connections of their own). -1 after printing why. */
int cli_login(struct cli_ctx *ctx);
/* Connects on first use; NULL after printing why (status in *st). */
graphd_t *cli_connect(struct cli_ctx *ctx, int *st);
/* Prints "graphctl: message" and returns the exit status for e. */
int cli_fail(const struct graphd_error *e);
/* Prints "graphctl: CMD: message", the usage line, and returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* getopt_long wrapper: resets getopt, accepts --json everywhere, and turns
 * an unknown option into a usage error (returns -2). */
#define CLI_OPT_JSON                                                           \
	{                                                                      \
		"json", 0, NULL, 'J'                                           \
	}
int cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const char *cmd,
	       const char *shortopts, const void *longopts);

int cli_parse_id(const char *s, uint64_t *id);
int cli_parse_u32(const char *s, uint32_t *v);
/* "key=value": the value as graphd_value_parse reads it. */
int cli_parse_prop(const char *arg, struct graphd_prop *p,
		   struct graphd_error *e);
void cli_props_free(struct graphd_prop *props, size_t n);
/* Appends --prop arg to a growing array; returns 0 or an exit status. */
int cli_add_prop(const char *cmd, const char *arg, struct graphd_prop **props,
		 size_t *n);

/* Runs t and prints "VERB WHAT (txn N)" or JSON; returns an exit status.
 * id_op >= 0: the id created by that operation is printed too. */
int cli_run_write(struct cli_ctx *ctx, struct graphd_txn *t, int id_op,
		  const char *what);

void cli_print_node(FILE *f, const struct graphd_node *n);
void cli_print_rel(FILE *f, const struct graphd_rel *r);
void cli_json_string(FILE *f, const char *s);
void cli_json_node(FILE *f, const struct graphd_node *n);
void cli_json_rel(FILE *f, const struct graphd_rel *r);
/* Any value; a path is {"nodes": [...], "relationships": [...]}. */
void cli_json_value(FILE *f, const struct graphd_value *v);

/* ----------------------------------------------------------- commands */

int cmd_status(struct cli_ctx *ctx, int argc, char **argv);
int cmd_role(struct cli_ctx *ctx, int argc, char **argv);
int cmd_wait(struct cli_ctx *ctx, int argc, char **argv);
int cmd_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_remove(struct cli_ctx *ctx, int argc, char **argv);
int cmd_transfer_master(struct cli_ctx *ctx, int argc, char **argv);
int cmd_create_node(struct cli_ctx *ctx, int argc, char **argv);
int cmd_create_rel(struct cli_ctx *ctx, int argc, char **argv);
int cmd_get_node(struct cli_ctx *ctx, int argc, char **argv);
int cmd_get_rel(struct cli_ctx *ctx, int argc, char **argv);
int cmd_neighbours(struct cli_ctx *ctx, int argc, char **argv);
int cmd_nodes(struct cli_ctx *ctx, int argc, char **argv);
int cmd_set_prop(struct cli_ctx *ctx, int argc, char **argv);
int cmd_remove_prop(struct cli_ctx *ctx, int argc, char **argv);
int cmd_add_label(struct cli_ctx *ctx, int argc, char **argv);
int cmd_remove_label(struct cli_ctx *ctx, int argc, char **argv);
int cmd_delete_node(struct cli_ctx *ctx, int argc, char **argv);
int cmd_delete_rel(struct cli_ctx *ctx, int argc, char **argv);
int cmd_query(struct cli_ctx *ctx, int argc, char **argv);
int cmd_shell(struct cli_ctx *ctx, int argc, char **argv);
int cmd_set_password(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
int cmd_verify(struct cli_ctx *ctx, int argc, char **argv);

#endif
