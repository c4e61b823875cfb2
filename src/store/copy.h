/* copy.h: the graph store as a stream of records: store copy to a slave
 * behind the compacted log, and backup. */
#ifndef GRAPHD_STORE_COPY_H
#define GRAPHD_STORE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/graph.h"

/* The stream is a sequence of chunks; a chunk is a sequence of whole records
 * (a record never straddles two chunks):
 *
 *   u8  database number (0 nodes, 1 rels, 2 adj, 3 labels, 4 meta,
 *       5 sessions: the order of store_graph_db_name())
 *   u32 key length, big-endian
 *       key
 *   u32 value length, big-endian
 *       value
 *
 * Records come in database order, then key order within a database, and are
 * the store's own bytes (keys and values exactly as graph.h lays them out).
 * Every record is streamed, meta included (id counters, applied_index),
 * except the "copy in progress" mark. The chunk checksum and the framing on
 * the wire are the caller's. */

/* Bytes of a record's header: database number and the two lengths. */
#define STORE_COPY_RECORD_HEADER 9
/* Smallest chunk capacity store_copy_reader_next accepts. */
#define STORE_COPY_CHUNK_MIN (64u * 1024u)

struct store_copy_reader;
/* Opens a snapshot (MVCC, read-only) transaction over the graph store;
 * *applied is the applied index the stream will reflect. The snapshot never
 * blocks the apply transaction; it pins old page versions in the cache until
 * closed, so stream it and close it. */
int store_copy_reader_open(struct store_graph *g,
			   struct store_copy_reader **out, uint64_t *applied,
			   char *err, size_t errlen);
/* Fills buf (capacity max, >= 64 KiB) with whole records; *len bytes.
 * Returns 1 when more follow, 0 when this was the last chunk (possibly
 * *len == 0), -1 on error (err filled). A record larger than max is an
 * error naming its database and size. */
int store_copy_reader_next(struct store_copy_reader *r, uint8_t *buf,
			   size_t max, size_t *len, char *err, size_t errlen);
void store_copy_reader_close(struct store_copy_reader *r);

/* The writer replaces the whole graph store. Nothing may read or write the
 * graph store while a copy is installed (Berkeley DB refuses to empty a
 * database with open cursors). */
struct store_copy_writer;
/* Starts installing a copy: durably marks the store "copy in progress"
 * (one transaction), then empties every graph database in transactions of
 * a bounded size, so that a store of any size can be replaced. */
int store_copy_writer_begin(struct store_graph *g,
			    struct store_copy_writer **out, char *err,
			    size_t errlen);
/* Installs one chunk from store_copy_reader_next (one transaction).
 * Malformed data (bad database number, truncated record) is an error
 * saying what is wrong, and nothing of the chunk is written. */
int store_copy_writer_put(struct store_copy_writer *w, const uint8_t *data,
			  size_t len, char *err, size_t errlen);
/* Sets applied_index to applied, clears the mark (one transaction,
 * durable), frees w. */
int store_copy_writer_finish(struct store_copy_writer *w, uint64_t applied,
			     char *err, size_t errlen);
/* Gives up (stream broken): the store stays marked; frees w. */
void store_copy_writer_abort(struct store_copy_writer *w);
/* True when a copy was begun and not finished (crash or abort): the
 * graph is incomplete and must not be served; the runtime asks for a
 * new copy. Also true when the mark cannot be read (storage failure):
 * serving a graph that may be incomplete is the worse mistake. */
bool store_copy_incomplete(struct store_graph *g);
/* Empties the graph and clears the mark (applied_index 0). */
int store_copy_reset(struct store_graph *g, char *err, size_t errlen);

#endif
