/* restore.h: graphd --restore: seeds a stopped instance from a backup. */
#ifndef GRAPHD_NODE_RESTORE_H
#define GRAPHD_NODE_RESTORE_H

#include <stdbool.h>

#include "util/config.h"

/* True when dir already holds a graph store or a transaction log. */
bool restore_dir_in_use(const char *dir);

/* Checks the backup in dir and installs it in cfg->data_dir: the graph at
 * the backup's txn T and a log whose snapshot point is T. Returns the exit
 * status: 0, or 1 after one line on stderr saying why it refused. */
int restore_run(const struct config *cfg, const char *dir);

#endif
