/* faultfs.c: LD_PRELOAD shim for tests/e2e/storage.sh and diskfull.sh:
 * - while the file named by $GRAPHD_FAULT_FILE exists, fsync() and
 *   fdatasync() fail with EIO (a broken disk);
 * - while the file named by $GRAPHD_FAULT_FULL exists, writes to regular
 *   files other than messages.log, and their fsync, fail with ENOSPC (a
 *   full disk; the log stays writable so the test can read what graphd
 *   said).
 * - while the file named by $GRAPHD_FAULT_CRASH_INSTALL exists, reading a
 *   spooled store copy (storecopy.*) kills the process (SIGKILL).
 * All behave normally otherwise. */
#define _GNU_SOURCE
#include "faultfs.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int faultfs_exists(const char *var)
{
	const char *f = getenv(var);

	return f && access(f, F_OK) == 0;
}

/* A regular file that the full disk refuses (not messages.log). */
static int faultfs_full(int fd)
{
	char link[64], path[PATH_MAX];
	struct stat st;
	ssize_t n;
	int saved = errno;

	if (!faultfs_exists(FAULTFS_FULL_ENV) || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode)) {
		errno = saved;
		return 0;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	errno = saved;
	if (n < 0)
		return 1;
	path[n] = '\0';
	n = (ssize_t)strlen(path);
	return !(n >= 12 && strcmp(path + n - 12, "messages.log") == 0);
}

/* The libc function this shim stands in front of. */
static void *faultfs_real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

int fsync(int fd)
{
	int (*real)(int) = (int (*)(int))faultfs_real("fsync");

	if (faultfs_exists(FAULTFS_ENV))
		return errno = EIO, -1;
	if (faultfs_full(fd))
		return errno = ENOSPC, -1;
	return real ? real(fd) : (errno = ENOSYS, -1);
}

int fdatasync(int fd)
{
	int (*real)(int) = (int (*)(int))faultfs_real("fdatasync");

	if (faultfs_exists(FAULTFS_ENV))
		return errno = EIO, -1;
	if (faultfs_full(fd))
		return errno = ENOSPC, -1;
	return real ? real(fd) : (errno = ENOSYS, -1);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	ssize_t (*real)(int, const void *, size_t) =
	    (ssize_t(*)(int, const void *, size_t))faultfs_real("write");

	if (len > 0 && faultfs_full(fd))
		return errno = ENOSPC, -1;
	return real ? real(fd, buf, len) : (errno = ENOSYS, -1);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) =
	    (ssize_t(*)(int, const void *, size_t, off_t))faultfs_real(
		"pwrite");

	if (len > 0 && faultfs_full(fd))
		return errno = ENOSPC, -1;
	return real ? real(fd, buf, len, off) : (errno = ENOSYS, -1);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) =
	    (ssize_t(*)(int, const void *, size_t, off_t))faultfs_real(
		"pwrite64");

	if (len > 0 && faultfs_full(fd))
		return errno = ENOSPC, -1;
	return real ? real(fd, buf, len, off) : (errno = ENOSYS, -1);
}

/* fd's file name starts with "storecopy." */
static int faultfs_is_storecopy(int fd)
{
	char link[64], path[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strncmp(base, "storecopy.", 10) == 0;
}

size_t fread(void *ptr, size_t size, size_t n, FILE *f)
{
	size_t (*real)(void *, size_t, size_t, FILE *) =
	    (size_t(*)(void *, size_t, size_t, FILE *))faultfs_real("fread");
	int saved = errno;

	if (faultfs_exists(FAULTFS_CRASH_ENV) &&
	    faultfs_is_storecopy(fileno(f)))
		kill(getpid(), SIGKILL);
	errno = saved;
	return real ? real(ptr, size, n, f) : 0;
}
