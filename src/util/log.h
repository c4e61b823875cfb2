/* log.h: leveled log lines for operators, to stderr and messages.log. */
#ifndef GRAPHD_LOG_H
#define GRAPHD_LOG_H

enum log_level {
	LOG_LVL_DEBUG = 0,
	LOG_LVL_INFO,
	LOG_LVL_WARN,
	LOG_LVL_ERROR,
};

/* Parses "DEBUG", "INFO", "WARN", "ERROR" (case-insensitive). -1 if unknown. */
int log_level_parse(const char *s);
const char *log_level_str(enum log_level l);

/* Process-wide logger. path may be NULL (stderr only). Returns 0, or -1 with
 * errno set when messages.log cannot be opened. */
int log_open(const char *path, enum log_level min, int to_stderr);
/* Closes messages.log and opens it again by name (log rotation: the old
 * file was moved aside). Returns 0, or -1 with errno set; then lines still
 * go to the old file. */
int log_reopen(void);
void log_close(void);
void log_set_level(enum log_level min);

/* A line: "2026-11-23 19:47:01.123+0000 INFO  text". */
void log_msg(enum log_level l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)

#endif
