/* manifest.c: the manifest of a backup directory and the checks
 * that graphctl backup, graphctl verify and graphd --restore share. */
#include "store/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/copy.h"
#include "store/crc32.h"

int backup_manifest_format(const struct backup_manifest *m, char *buf,
			   size_t len)
{
	int n = snprintf(buf, len,
			 "graphd-backup %u\n"
			 "cluster_name=%s\n"
			 "server_id=%" PRIu32 "\n"
			 "txn_id=%" PRIu64 "\n"
			 "term=%" PRIu64 "\n"
			 "kind=%s\n"
			 "stream_bytes=%" PRIu64 "\n"
			 "stream_crc32=%08" PRIx32 "\n"
			 "store_bytes=%" PRIu64 "\n"
			 "store_crc32=%08" PRIx32 "\n"
			 "store_records=%" PRIu64 "\n"
			 "time=%s\n",
			 m->version, m->cluster_name, m->server_id, m->txn_id,
			 m->term, m->incremental ? "incremental" : "full",
			 m->stream_bytes, m->stream_crc, m->store_bytes,
			 m->store_crc, m->store_records, m->time);

	return n < 0 || (size_t)n >= len ? -1 : n;
}

static int manifest_u64(const char *v, int base, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long x;

	if (!*v || *v == '-' || *v == '+')
		return -1;
	errno = 0;
	x = strtoull(v, &end, base);
	if (errno || *end || x > max)
		return -1;
	*out = x;
	return 0;
}

/* Bits of the fields every manifest must have. */
enum {
	MF_CLUSTER = 1 << 0,
	MF_SERVER = 1 << 1,
	MF_TXN = 1 << 2,
	MF_TERM = 1 << 3,
	MF_KIND = 1 << 4,
	MF_SBYTES = 1 << 5,
	MF_SCRC = 1 << 6,
	MF_BYTES = 1 << 7,
	MF_CRC = 1 << 8,
	MF_RECORDS = 1 << 9,
	MF_TIME = 1 << 10,
	MF_ALL = (1 << 11) - 1,
};

/* One "key=value" line; returns the field's bit, 0 for an unknown key, -1
 * for a malformed value. */
static int manifest_field(struct backup_manifest *m, const char *k,
			  const char *v)
{
	uint64_t x;

	if (!strcmp(k, "cluster_name")) {
		if (!*v || strlen(v) >= sizeof(m->cluster_name))
			return -1;
		strcpy(m->cluster_name, v);
		return MF_CLUSTER;
	}
	if (!strcmp(k, "time")) {
		if (strlen(v) >= sizeof(m->time))
			return -1;
		strcpy(m->time, v);
		return MF_TIME;
	}
	if (!strcmp(k, "kind")) {
		if (strcmp(v, "full") && strcmp(v, "incremental"))
			return -1;
		m->incremental = !strcmp(v, "incremental");
		return MF_KIND;
	}
	if (!strcmp(k, "server_id"))
		return manifest_u64(v, 10, UINT32_MAX, &x) < 0
			   ? -1
			   : (m->server_id = (uint32_t)x, MF_SERVER);
	if (!strcmp(k, "stream_crc32") || !strcmp(k, "store_crc32")) {
		if (strlen(v) != 8 || manifest_u64(v, 16, UINT32_MAX, &x) < 0)
			return -1;
		if (k[1] == 't' && k[2] == 'r')
			return m->stream_crc = (uint32_t)x, MF_SCRC;
		return m->store_crc = (uint32_t)x, MF_CRC;
	}
	if (!strcmp(k, "txn_id"))
		return manifest_u64(v, 10, UINT64_MAX, &m->txn_id) < 0 ? -1
								       : MF_TXN;
	if (!strcmp(k, "term"))
		return manifest_u64(v, 10, UINT64_MAX, &m->term) < 0 ? -1
								     : MF_TERM;
	if (!strcmp(k, "stream_bytes"))
		return manifest_u64(v, 10, UINT64_MAX, &m->stream_bytes) < 0
			   ? -1
			   : MF_SBYTES;
	if (!strcmp(k, "store_bytes"))
		return manifest_u64(v, 10, UINT64_MAX, &m->store_bytes) < 0
			   ? -1
			   : MF_BYTES;
	if (!strcmp(k, "store_records"))
		return manifest_u64(v, 10, UINT64_MAX, &m->store_records) < 0
			   ? -1
			   : MF_RECORDS;
	return 0;
}

static const char *const manifest_names[] = {
    "cluster_name", "server_id",     "txn_id",	     "term",
    "kind",	    "stream_bytes",  "stream_crc32", "store_bytes",
    "store_crc32",  "store_records", "time"};

/* Splits one line at '='; returns the field bit as manifest_field does, or
 * -1 with err filled. */
static int manifest_line(struct backup_manifest *m, char *line, unsigned lineno,
			 char *err, size_t errlen)
{
	char *eq = strchr(line, '=');
	int bit;

	if (!eq) {
		snprintf(err, errlen, "line %u is not key=value", lineno);
		return -1;
	}
	*eq = '\0';
	if ((bit = manifest_field(m, line, eq + 1)) < 0)
		snprintf(err, errlen, "line %u: bad value for %s", lineno,
			 line);
	return bit;
}

int backup_manifest_parse(struct backup_manifest *m, const char *text,
			  char *err, size_t errlen)
{
	char buf[BACKUP_MANIFEST_MAX], *line, *save = NULL;
	unsigned seen = 0, lineno = 1;
	int bit, used;

	memset(m, 0, sizeof(*m));
	if (strlen(text) >= sizeof(buf))
		return snprintf(err, errlen, "manifest too long"), -1;
	strcpy(buf, text);
	if (sscanf(buf, "graphd-backup %u%n", &m->version, &used) != 1 ||
	    (buf[used] != '\n' && buf[used] != '\0'))
		return snprintf(err, errlen, "not a graphd backup manifest"),
		       -1;
	if (m->version != BACKUP_MANIFEST_VERSION)
		return snprintf(err, errlen,
				"manifest version %u is not supported "
				"(this graphd reads version %d)",
				m->version, BACKUP_MANIFEST_VERSION),
		       -1;
	for (line = strtok_r(buf + used, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if ((bit = manifest_line(m, line, ++lineno, err, errlen)) < 0)
			return -1;
		seen |= (unsigned)bit;
	}
	for (unsigned i = 0;
	     i < sizeof(manifest_names) / sizeof(*manifest_names); i++)
		if (!(seen & (1u << i)))
			return snprintf(err, errlen, "field %s is missing",
					manifest_names[i]),
			       -1;
	return 0;
}

int backup_manifest_read(const char *dir, struct backup_manifest *m, char *err,
			 size_t errlen)
{
	char path[PATH_MAX + 32], text[BACKUP_MANIFEST_MAX], why[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_MANIFEST_FILE);
	if (!(f = fopen(path, "r")))
		return snprintf(err, errlen, "cannot read %s: %s", path,
				strerror(errno)),
		       -1;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	if (n == sizeof(text) - 1 || strlen(text) != n)
		return snprintf(err, errlen,
				"%s is not a manifest (too long "
				"or binary)",
				path),
		       -1;
	if (backup_manifest_parse(m, text, why, sizeof(why)) < 0)
		return snprintf(err, errlen, "%s: %s", path, why), -1;
	return 0;
}

/* Writes len bytes to path durably: temporary file, fsync, rename, fsync
 * of the directory (a crash leaves the old file or the new, never half). */
static int manifest_put_file(const char *dir, const char *name,
			     const char *data, size_t len, char *err,
			     size_t errlen)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40];
	int fd, dfd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640)) < 0)
		goto err;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) < 0) {
		close(fd);
		goto err;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0)
		goto err;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
err:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	unlink(tmp);
	return -1;
}

int backup_manifest_write(const char *dir, const struct backup_manifest *m,
			  char *err, size_t errlen)
{
	char text[BACKUP_MANIFEST_MAX];
	int n = backup_manifest_format(m, text, sizeof(text));

	if (n < 0)
		return snprintf(err, errlen, "manifest too long"), -1;
	return manifest_put_file(dir, BACKUP_MANIFEST_FILE, text, (size_t)n,
				 err, errlen);
}

int backup_mark_incomplete(const char *dir, bool incomplete, char *err,
			   size_t errlen)
{
	static const char why[] =
	    "a backup into this directory did not finish; run graphctl "
	    "backup again\n";
	char path[PATH_MAX + 32];

	if (incomplete)
		return manifest_put_file(dir, BACKUP_INCOMPLETE_FILE, why,
					 sizeof(why) - 1, err, errlen);
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_INCOMPLETE_FILE);
	if (unlink(path) < 0 && errno != ENOENT)
		return snprintf(err, errlen, "cannot remove %s: %s", path,
				strerror(errno)),
		       -1;
	return 0;
}

bool backup_is_marked_incomplete(const char *dir)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_INCOMPLETE_FILE);
	return access(path, F_OK) == 0;
}

int backup_check_complete(const char *dir, struct backup_manifest *m, char *err,
			  size_t errlen)
{
	if (backup_is_marked_incomplete(dir))
		return snprintf(err, errlen,
				"%s holds an incomplete backup (%s: the "
				"last backup into it did not finish)",
				dir, BACKUP_INCOMPLETE_FILE),
		       -1;
	return backup_manifest_read(dir, m, err, errlen);
}

uint64_t backup_count_records(const uint8_t *p, size_t len)
{
	uint64_t count = 0;
	size_t off = 0;
	uint32_t kl, vl;

	/* Bounded by len: each turn moves off forward by a whole record. */
	while (off + STORE_COPY_RECORD_HEADER <= len) {
		kl = (uint32_t)p[off + 1] << 24 | (uint32_t)p[off + 2] << 16 |
		     (uint32_t)p[off + 3] << 8 | p[off + 4];
		off += 5 + (size_t)kl;
		if (off + 4 > len)
			break;
		vl = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
		     (uint32_t)p[off + 2] << 8 | p[off + 3];
		off += 4 + (size_t)vl;
		count++;
	}
	return count;
}

int backup_store_sum(struct store_graph *g, uint64_t *bytes, uint32_t *crc,
		     uint64_t *records, uint64_t *applied, char *err,
		     size_t errlen)
{
	const size_t max = 256u * 1024u;
	struct store_copy_reader *r = NULL;
	uint8_t *buf = malloc(max);
	size_t len;
	int more = 1;

	*bytes = 0;
	*crc = 0;
	*records = 0;
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		goto err;
	}
	if (store_copy_reader_open(g, &r, applied, err, errlen) < 0)
		goto err;
	/* Bounded: a finite store, each turn reads a chunk of it. */
	while (more > 0) {
		if ((more = store_copy_reader_next(r, buf, max, &len, err,
						   errlen)) < 0)
			goto err;
		*crc = store_crc32(*crc, buf, len);
		*bytes += len;
		*records += backup_count_records(buf, len);
	}
	store_copy_reader_close(r);
	free(buf);
	return 0;
err:
	if (r)
		store_copy_reader_close(r);
	free(buf);
	return -1;
}

int backup_check_sum(struct store_graph *g, const struct backup_manifest *m,
		     char *err, size_t errlen)
{
	uint64_t bytes, records, applied;
	uint32_t crc;

	if (store_copy_incomplete(g))
		return snprintf(err, errlen,
				"its store is marked as an unfinished copy"),
		       -1;
	if (backup_store_sum(g, &bytes, &crc, &records, &applied, err, errlen) <
	    0)
		return -1;
	if (applied != m->txn_id)
		return snprintf(err, errlen,
				"its store is at txn %" PRIu64
				", the manifest says %" PRIu64,
				applied, m->txn_id),
		       -1;
	if (bytes != m->store_bytes || crc != m->store_crc ||
	    records != m->store_records)
		return snprintf(err, errlen,
				"its store does not match the manifest "
				"(%" PRIu64 " bytes, %" PRIu64 " records, "
				"CRC32 %08" PRIx32 "; manifest: %" PRIu64
				", %" PRIu64 ", %08" PRIx32
				"): the backup is corrupt",
				bytes, records, crc, m->store_bytes,
				m->store_records, m->store_crc),
		       -1;
	return 0;
}
