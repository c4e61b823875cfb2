/* faultfs.h: an LD_PRELOAD shim that fails fsync on demand (storage.sh)
 * and fills the disk on demand (diskfull.sh). */
#ifndef GRAPHD_E2E_FAULTFS_H
#define GRAPHD_E2E_FAULTFS_H

#include <sys/types.h>

/* While the file this variable names exists, fsync() and fdatasync() fail
 * with EIO: the disk "breaks" from outside the process, at a moment the test
 * chooses. */
#define FAULTFS_ENV "GRAPHD_FAULT_FILE"
/* While the file this variable names exists, writes to regular files
 * (messages.log excepted) and their fsync fail with ENOSPC: a full disk. */
#define FAULTFS_FULL_ENV "GRAPHD_FAULT_FULL"

int fsync(int fd);
int fdatasync(int fd);
ssize_t write(int fd, const void *buf, size_t len);
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off);
ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off);

#endif
