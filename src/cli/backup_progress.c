/* backup_progress.c: graphctl backup's progress output. A bar redrawn with
 * \r belongs on a terminal only: in a log file it would be one endless
 * line, so a non-terminal gets a plain line per 10% (or per 64 MB when the
 * total is unknown). */
#include "cli/backup_progress.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#define PROGRESS_BAR	   30
#define PROGRESS_REDRAW_MS 100

static int64_t progress_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void backup_progress_init(struct backup_progress *p, FILE *out, bool tty,
			  const char *unit, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = tty;
	p->unit = unit;
	p->total = total;
}

/* Percent of total done; an estimate may be short of the real size: past
 * it, 99 until the end. */
static unsigned progress_percent(uint64_t total, uint64_t done)
{
	uint64_t pct;

	if (total == 0)
		return 0;
	pct = done > total ? 99 : done * 100 / total;
	return (unsigned)pct;
}

int backup_progress_format(const struct backup_progress *p, char *buf,
			   size_t len, uint64_t done, uint64_t bytes,
			   uint64_t count)
{
	unsigned pct = progress_percent(p->total, done);
	char bar[PROGRESS_BAR + 1];
	unsigned fill = pct * PROGRESS_BAR / 100;
	double mb = (double)bytes / (1024.0 * 1024.0);

	if (!p->tty)
		return p->total
			   ? snprintf(buf, len,
				      "backup: %u%%: %.1f MB, %" PRIu64 " %s",
				      pct, mb, count, p->unit)
			   : snprintf(buf, len,
				      "backup: %.1f MB, %" PRIu64 " %s", mb,
				      count, p->unit);
	memset(bar, '#', fill);
	memset(bar + fill, ' ', PROGRESS_BAR - fill);
	bar[PROGRESS_BAR] = '\0';
	if (!p->total)
		return snprintf(buf, len, "%.1f MB  %" PRIu64 " %s", mb, count,
				p->unit);
	return snprintf(buf, len, "[%s] %3u%%  %.1f MB  %" PRIu64 " %s", bar,
			pct, mb, count, p->unit);
}

void backup_progress_update(struct backup_progress *p, uint64_t done,
			    uint64_t bytes, uint64_t count)
{
	char line[160];
	int64_t now;
	unsigned tenth;

	if (p->tty) {
		now = progress_now_ms();
		if (p->drawn && now - p->last_ms < PROGRESS_REDRAW_MS)
			return;
		p->last_ms = now;
		backup_progress_format(p, line, sizeof(line), done, bytes,
				       count);
		fprintf(p->out, "\r%-79s", line);
		p->drawn = true;
		fflush(p->out);
		return;
	}
	tenth = progress_percent(p->total, done) / 10;
	if (p->total ? tenth <= p->last_tenth
		     : bytes - p->last_bytes < BACKUP_PROGRESS_STEP_BYTES)
		return;
	p->last_tenth = tenth;
	p->last_bytes = bytes;
	backup_progress_format(p, line, sizeof(line), done, bytes, count);
	fprintf(p->out, "%s\n", line);
	fflush(p->out);
}

void backup_progress_end(struct backup_progress *p)
{
	if (p->tty && p->drawn) {
		fputc('\n', p->out);
		fflush(p->out);
	}
	p->drawn = false;
}
