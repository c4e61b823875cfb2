/* crash.h: what the crash test's writer writes and its checker reads back. */
#ifndef GRAPHD_E2E_CRASH_H
#define GRAPHD_E2E_CRASH_H

/* Each transaction k: two nodes labelled CRASH_LABEL with properties
 * CRASH_KEY = k and CRASH_SIDE = "a" / "b", and one relationship of type
 * CRASH_REL from a to b. All or nothing. */
#define CRASH_LABEL   "Crash"
#define CRASH_KEY     "k"
#define CRASH_SIDE    "side"
#define CRASH_REL     "PAIR"
#define CRASH_CLUSTER "e2e"

#endif
