/* faultfs.c: LD_PRELOAD shim for tests/e2e/storage.sh: fsync() and
 * fdatasync() fail with EIO while the file named by $GRAPHD_FAULT_FILE
 * exists, and behave normally otherwise. */
#define _GNU_SOURCE
#include "faultfs.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int faultfs_broken(void)
{
	const char *f = getenv(FAULTFS_ENV);

	return f && access(f, F_OK) == 0;
}

/* The libc function this shim stands in front of. */
static int faultfs_real(const char *name, int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, name);

	if (!real)
		return errno = ENOSYS, -1;
	return real(fd);
}

int fsync(int fd)
{
	if (faultfs_broken())
		return errno = EIO, -1;
	return faultfs_real("fsync", fd);
}

int fdatasync(int fd)
{
	if (faultfs_broken())
		return errno = EIO, -1;
	return faultfs_real("fdatasync", fd);
}
