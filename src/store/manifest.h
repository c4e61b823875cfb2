/* manifest.h: backup manifest, incomplete mark, store checksum. */
#ifndef GRAPHD_STORE_MANIFEST_H
#define GRAPHD_STORE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/graph.h"

/* DIR/backup.manifest is written (whole, by rename) only when a backup is
 * complete; DIR/backup.incomplete exists from the moment a backup starts
 * changing DIR's store until its manifest is written. */
#define BACKUP_MANIFEST_FILE	"backup.manifest"
#define BACKUP_INCOMPLETE_FILE	"backup.incomplete"
#define BACKUP_MANIFEST_VERSION 1
/* Longest manifest accepted (it is a dozen short lines). */
#define BACKUP_MANIFEST_MAX 4096

struct backup_manifest {
	unsigned version;
	char cluster_name[128];
	uint32_t server_id;    /* the instance it came from (last backup) */
	uint64_t txn_id;       /* the graph as of this transaction */
	uint64_t term;	       /* term of entry txn_id (0: unknown) */
	bool incremental;      /* how the last backup into DIR was taken */
	uint64_t stream_bytes; /* what the last backup received ... */
	uint32_t stream_crc;   /* ... and its CRC32, checked on receipt */
	uint64_t store_bytes;  /* the store's copy stream as installed */
	uint32_t store_crc;
	uint64_t store_records;
	char time[32]; /* UTC, ISO 8601 */
};

/* Text form: "graphd-backup VERSION" then "key=value" lines. Returns the
 * length written (< len), or -1 when buf is too small. */
int backup_manifest_format(const struct backup_manifest *m, char *buf,
			   size_t len);
/* Parses text; -1 with the first problem in err (unknown version, missing
 * or malformed field). Unknown keys are ignored (later versions). */
int backup_manifest_parse(struct backup_manifest *m, const char *text,
			  char *err, size_t errlen);
int backup_manifest_read(const char *dir, struct backup_manifest *m, char *err,
			 size_t errlen);
/* Writes DIR/backup.manifest durably (temporary file, fsync, rename). */
int backup_manifest_write(const char *dir, const struct backup_manifest *m,
			  char *err, size_t errlen);

/* Sets (creates, durably) or clears the incomplete mark. */
int backup_mark_incomplete(const char *dir, bool incomplete, char *err,
			   size_t errlen);
bool backup_is_marked_incomplete(const char *dir);

/* 0 when DIR holds a complete backup (manifest readable, no incomplete
 * mark), else -1 with the reason in err. */
int backup_check_complete(const char *dir, struct backup_manifest *m, char *err,
			  size_t errlen);

/* Whole records in a chunk of the store copy stream (store/copy.h). */
uint64_t backup_count_records(const uint8_t *p, size_t len);

/* Streams g (store/copy.h) and sums it: bytes, CRC32 and records. */
int backup_store_sum(struct store_graph *g, uint64_t *bytes, uint32_t *crc,
		     uint64_t *records, uint64_t *applied, char *err,
		     size_t errlen);
/* 0 when g is complete, at m->txn_id, and streams to exactly m's store
 * bytes, records and CRC32; else -1 with what differs in err. */
int backup_check_sum(struct store_graph *g, const struct backup_manifest *m,
		     char *err, size_t errlen);

#endif
