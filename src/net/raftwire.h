/* raftwire.h: struct raft_msg <-> the RaftMessage frame of the cluster port. */
#ifndef GRAPHD_NET_RAFTWIRE_H
#define GRAPHD_NET_RAFTWIRE_H

#include <stddef.h>

#include "graphd.pb-c.h"
#include "raft/raft.h"

/* An encoded message and the storage it points into. */
struct raftwire_out {
	Graphd__RaftMessage msg;
	Graphd__RaftEntry *entries;
	Graphd__RaftEntry **ptrs;
	Graphd__RaftSnapshotMeta snap;
	uint8_t config[RAFT_CONFIG_ENCODED_MAX];
};

/* Fills out->msg from m; it points into m (entry data), so m must outlive
 * it. Release with raftwire_out_free(). Returns -1 on allocation failure. */
int raftwire_encode(const struct raft_msg *m, struct raftwire_out *out);
void raftwire_out_free(struct raftwire_out *out);

/* Fills m from an unpacked RaftMessage; m points into in (entry data), so
 * in must outlive m. Entries are allocated here: release them with
 * raftwire_decoded_free(m). Returns -1 with err filled when the message
 * is malformed (unknown type, bad snapshot configuration) or on allocation
 * failure. */
int raftwire_decode(const Graphd__RaftMessage *in, struct raft_msg *m,
		    char *err, size_t errlen);
void raftwire_decoded_free(struct raft_msg *m);

#endif
