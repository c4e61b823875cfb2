/* main.h: the graphd command line (graphd -c FILE [--arbiter]). */
#ifndef GRAPHD_NODE_MAIN_H
#define GRAPHD_NODE_MAIN_H

/* Exit statuses of graphd. */
#define MAIN_EXIT_OK	  0
#define MAIN_EXIT_FAILURE 1 /* start-up or runtime failure, see the log */
#define MAIN_EXIT_CONFIG  2 /* bad command line or configuration */

#endif
