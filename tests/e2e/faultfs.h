/* faultfs.h: an LD_PRELOAD shim that fails fsync on demand (storage.sh)
 * fills the disk on demand (diskfull.sh) and crashes a store copy's
 * installation (tests/cluster/storecopy_crash.sh). */
#ifndef GRAPHD_E2E_FAULTFS_H
#define GRAPHD_E2E_FAULTFS_H

#include <stdio.h>
#include <sys/types.h>

/* While the file this variable names exists, fsync() and fdatasync() fail
 * with EIO: the disk "breaks" from outside the process, at a moment the test
 * chooses. */
#define FAULTFS_ENV "GRAPHD_FAULT_FILE"
/* While the file this variable names exists, writes to regular files
 * (messages.log excepted) and their fsync fail with ENOSPC: a full disk. */
#define FAULTFS_FULL_ENV "GRAPHD_FAULT_FULL"
/* While the file this variable names exists, the first fread() of a file
 * whose name starts with "storecopy." (a slave's spooled store copy, read
 * only while it is installed into the graph) kills the process with
 * SIGKILL: a crash in the middle of installing a store copy. */
#define FAULTFS_CRASH_ENV "GRAPHD_FAULT_CRASH_INSTALL"

int fsync(int fd);
int fdatasync(int fd);
ssize_t write(int fd, const void *buf, size_t len);
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off);
ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off);
size_t fread(void *ptr, size_t size, size_t n, FILE *f);

#endif
