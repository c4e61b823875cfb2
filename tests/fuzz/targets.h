/* targets.h: the fuzz targets' entry points, shared by the libFuzzer
 * wrappers (tests/fuzz/fuzz_*.c, `make fuzz`) and the replay of the corpus
 * and the regression inputs in `make check` (tests/unit/test_fuzz_replay.c).
 *
 * Each takes arbitrary bytes, feeds them to the decoder the server uses on
 * that input, and checks what must hold for any input (round trips, a
 * consistent store). A crash is a bug; so is a return of -1, which means a
 * check failed: the target printed what to stderr. */
#ifndef GRAPHD_FUZZ_TARGETS_H
#define GRAPHD_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* A frame header, then the payload as ClientHello, Request and PeerFrame
 * (client and cluster ports): what decodes packs and decodes again to the
 * same bytes. */
int fuzz_frame(const uint8_t *data, size_t size);

/* A PeerFrame whose body is a consensus message, through raftwire_decode
 * (what the node steps); membership blobs of configuration entries and
 * snapshots through raft_config_decode. Both must round-trip. */
int fuzz_raftwire(const uint8_t *data, size_t size);

/* The bytes as a configuration file: config_parse, then config_validate. */
int fuzz_config(const uint8_t *data, size_t size);

/* pack(decode(pack(m))) == pack(m): a message the server decoded or built
 * can be sent on and decoded again. 0, or -1 (printed). */
int fuzz_roundtrip(const ProtobufCMessage *m);

/* The bytes as the JSON body of a request to the HTTP transactional
 * endpoint: every statement's parameters through http_json_to_value; what
 * converts packs, decodes and converts back to the same JSON. */
int fuzz_json(const uint8_t *data, size_t size);

/* A graph store in a temporary directory, kept across inputs. It starts
 * (and starts again whenever it is emptied) with a small graph: nodes 1-3
 * (two :Person, one :City) and relationships 1-2 (KNOWS, LIVES_IN). */
struct fuzz_store;
/* NULL (reason on stderr) when the store cannot be made. */
struct fuzz_store *fuzz_store_open(void);
/* Closes the store and removes its directory. */
void fuzz_store_close(struct fuzz_store *s);

/* The bytes as one chunk of a store copy from the master:
 * store_copy_writer_put into a copy in progress. */
int fuzz_storecopy(struct fuzz_store *s, const uint8_t *data, size_t size);

/* The bytes as the payload of a normal log entry (a TxnEntry) applied with
 * graph_apply, as a follower does: it must apply (deterministic errors are
 * answers, not failures) and leave a consistent store. */
int fuzz_txn(struct fuzz_store *s, const uint8_t *data, size_t size);

/* The bytes as a Request after the handshake, dispatched as the client
 * port does: reads (and read queries) served by graph_read, writes (and
 * updating queries) packed into a TxnEntry as the node proposes it and
 * applied as in fuzz_txn. Every response must pack and decode. */
int fuzz_request(struct fuzz_store *s, const uint8_t *data, size_t size);

/* The body of a store-based libFuzzer target: one scratch store for the
 * whole run (libFuzzer has no teardown: it is removed at exit), each input
 * through fn; a failed check aborts, so that libFuzzer keeps the input. */
int fuzz_store_run(int (*fn)(struct fuzz_store *, const uint8_t *, size_t),
		   const uint8_t *data, size_t size);

#endif
