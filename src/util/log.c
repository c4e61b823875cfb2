/* log.c: the process logger (see log.h). */
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The one allowed global: a process has one logger. The mutex keeps lines
 * from a worker thread and the event loop whole. */
static struct {
	pthread_mutex_t mu;
	FILE *file;
	int to_stderr;
	enum log_level min;
	char path[PATH_MAX]; /* messages.log, for log_reopen ("": none) */
} logger = {PTHREAD_MUTEX_INITIALIZER, NULL, 1, LOG_LVL_INFO, ""};

static const char *const level_names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_LVL_ERROR; i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return i;
	return -1;
}

const char *log_level_str(enum log_level l)
{
	if ((int)l < 0 || l > LOG_LVL_ERROR)
		return "?";
	return level_names[l];
}

int log_open(const char *path, enum log_level min, int to_stderr)
{
	FILE *f = NULL;

	if (path) {
		f = fopen(path, "a");
		if (!f)
			return -1;
		/* Line-buffered: a line is on disk (in the page cache) as
		 * soon as it is written, also if we crash right after. */
		setvbuf(f, NULL, _IOLBF, 0);
	}
	pthread_mutex_lock(&logger.mu);
	if (logger.file)
		fclose(logger.file);
	logger.file = f;
	logger.min = min;
	logger.to_stderr = to_stderr;
	snprintf(logger.path, sizeof(logger.path), "%s", path ? path : "");
	pthread_mutex_unlock(&logger.mu);
	return 0;
}

/* The new file is opened before the old one is closed: when it cannot be
 * opened, lines keep going to the old file rather than nowhere. */
int log_reopen(void)
{
	FILE *f;

	pthread_mutex_lock(&logger.mu);
	if (!logger.path[0]) {
		pthread_mutex_unlock(&logger.mu);
		return 0;
	}
	f = fopen(logger.path, "a");
	if (!f) {
		int saved = errno;

		pthread_mutex_unlock(&logger.mu);
		errno = saved;
		return -1;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	if (logger.file)
		fclose(logger.file);
	logger.file = f;
	pthread_mutex_unlock(&logger.mu);
	return 0;
}

void log_close(void)
{
	pthread_mutex_lock(&logger.mu);
	if (logger.file)
		fclose(logger.file);
	logger.file = NULL;
	logger.to_stderr = 1;
	logger.path[0] = '\0';
	pthread_mutex_unlock(&logger.mu);
}

void log_set_level(enum log_level min)
{
	pthread_mutex_lock(&logger.mu);
	logger.min = min;
	pthread_mutex_unlock(&logger.mu);
}

/* "2026-11-23 19:47:01.123+0000": UTC, so lines of several instances on
 * different machines sort together. */
static void format_time(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ld+0000", ts.tv_nsec / 1000000);
}

void log_msg(enum log_level l, const char *fmt, ...)
{
	char when[48], text[2048];
	va_list ap;
	int saved = errno;

	pthread_mutex_lock(&logger.mu);
	if (l >= logger.min) {
		format_time(when, sizeof(when));
		va_start(ap, fmt);
		vsnprintf(text, sizeof(text), fmt, ap);
		va_end(ap);
		if (logger.file) {
			fprintf(logger.file, "%s %-5s %s\n", when,
				log_level_str(l), text);
			fflush(logger.file);
		}
		if (logger.to_stderr)
			fprintf(stderr, "%s %-5s %s\n", when, log_level_str(l),
				text);
	}
	pthread_mutex_unlock(&logger.mu);
	errno = saved;
}
