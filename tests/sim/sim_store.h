/* sim_store.h: one simulated instance's durable state (log, hard state,
 * snapshot, state machine), the only thing that survives a simulated crash. */
#ifndef GRAPHD_SIM_STORE_H
#define GRAPHD_SIM_STORE_H

#include "sim.h"

void sim_store_init(struct sim_store *st, const struct raft_config *founding);
void sim_store_free(struct sim_store *st);

raft_index sim_store_last(const struct sim_store *st);
/* Term at index; 0 when unknown (before the snapshot or past the end). */
raft_term sim_store_term(const struct sim_store *st, raft_index i);
const struct raft_entry *sim_store_entry(const struct sim_store *st,
					 raft_index i);

/* Ready step 2: truncate the stored suffix from ents[0].index, append. */
void sim_store_append(struct sim_store *st, const struct raft_entry *ents,
		      size_t n);
/* Installs a received snapshot: the log keeps entries after it only when the
 * stored entry at snap->index has snap->term (Raft paper, Figure 13, step 6).
 * The state machine becomes the snapshot's, unless keep_sm: then a store
 * copy (sim_copy.c) already installed it. */
void sim_store_install(struct sim_store *st, const struct raft_snapshot *snap,
		       bool keep_sm);
/* The runtime captured the state machine up to index: store the snapshot
 * (config as of index) and drop the log up to it. */
void sim_store_compact(struct sim_store *st, raft_index index,
		       const uint8_t *data, size_t len);
/* Fills boot from what is stored; points into st. */
void sim_store_boot(const struct sim_store *st, struct raft_boot *boot);

/* State machine. */
void sim_sm_set(struct sim_store *st, raft_index i, uint64_t pid);
/* Encodes applied[1..upto] as little-endian u64s; caller frees. */
uint8_t *sim_sm_encode(const struct sim_store *st, raft_index upto,
		       size_t *len);

/* Deep copies of entries (payload owned). */
void sim_entry_copy(struct raft_entry *dst, const struct raft_entry *src);
void sim_entry_free(struct raft_entry *e);

/* Proposal payloads: 8 bytes of proposal id and pid % 23 filler bytes
 * derived from it, so a corrupted or mixed-up payload is detected. */
size_t sim_payload_make(uint64_t pid, uint8_t *buf, size_t cap);
/* Returns false when data is not a well-formed payload. */
bool sim_payload_parse(const uint8_t *data, size_t len, uint64_t *pid);
#define SIM_PAYLOAD_MAX 32

#endif
