/* fault_dump.h: the fault suite's store dump tool (no exports). */
#ifndef GRAPHD_FAULT_DUMP_H
#define GRAPHD_FAULT_DUMP_H

/* usage: fault_dump DATA_DIR
 * Prints the graph store of a stopped instance, every record, byte-exact,
 * without applied_index (which legitimately differs by the no-op entries a
 * new master appends while the others are being stopped) but with the
 * session table (applied deterministically, so replicas must agree on it).
 * Exits 1 when store_graph_verify finds a problem (reported on stderr). */

#endif
