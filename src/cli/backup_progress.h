/* backup_progress.h: backup progress: a bar on a terminal, lines in a log. */
#ifndef GRAPHD_CLI_BACKUP_PROGRESS_H
#define GRAPHD_CLI_BACKUP_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct backup_progress {
	FILE *out;
	bool tty;	     /* redraw one line with \r; else plain lines */
	const char *unit;    /* "records" or "transactions" */
	uint64_t total;	     /* expected bytes (full) or transactions; 0 */
	int64_t last_ms;     /* last redraw (tty) */
	unsigned last_tenth; /* last 10% step printed (plain lines) */
	uint64_t last_bytes; /* bytes at the last plain line */
	bool drawn;
};

/* Plain lines every 10% of total, or every this many bytes without one. */
#define BACKUP_PROGRESS_STEP_BYTES (64u * 1024u * 1024u)

void backup_progress_init(struct backup_progress *p, FILE *out, bool tty,
			  const char *unit, uint64_t total);
/* "[#######             ]  35%  12.5 MB  40123 records" (tty) or
 * "backup: 30%: 12.5 MB, 40123 records" (plain); done is what counts
 * against total (bytes for a full backup, transactions otherwise). */
int backup_progress_format(const struct backup_progress *p, char *buf,
			   size_t len, uint64_t done, uint64_t bytes,
			   uint64_t count);
void backup_progress_update(struct backup_progress *p, uint64_t done,
			    uint64_t bytes, uint64_t count);
/* Ends the bar's line (tty) before the summary is printed. */
void backup_progress_end(struct backup_progress *p);

#endif
