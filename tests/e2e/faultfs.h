/* faultfs.h: an LD_PRELOAD shim that fails fsync on demand (storage.sh). */
#ifndef GRAPHD_E2E_FAULTFS_H
#define GRAPHD_E2E_FAULTFS_H

/* While the file this variable names exists, fsync() and fdatasync() fail
 * with EIO: the disk "breaks" from outside the process, at a moment the test
 * chooses. */
#define FAULTFS_ENV "GRAPHD_FAULT_FILE"

int fsync(int fd);
int fdatasync(int fd);

#endif
