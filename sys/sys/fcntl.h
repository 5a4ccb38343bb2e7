/*
 * sys/fcntl.h - open flags and fcntl commands, shared by the kernel and
 * libc.
 */
#ifndef _SYS_FCNTL_H_
#define _SYS_FCNTL_H_

#define O_RDONLY	0x0000
#define O_WRONLY	0x0001
#define O_RDWR		0x0002
#define O_ACCMODE	0x0003
#define O_NONBLOCK	0x0004
#define O_APPEND	0x0008
#define O_CREAT		0x0200
#define O_TRUNC		0x0400
#define O_EXCL		0x0800
#define O_DIRECTORY	0x20000
#define O_CLOEXEC	0x100000
#define O_NOFOLLOW	0x0100
#define O_NOCTTY	0x8000		/* accepted: an open never makes a
					 * controlling terminal (TIOCSCTTY does) */

/* fcntl commands */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define FD_CLOEXEC	1

/*
 * The *at calls (openat, fstatat, unlinkat, mkdirat, renameat,
 * readlinkat, fchmodat, utimensat): a relative path starts at the
 * directory open on the descriptor, or at the current directory for
 * AT_FDCWD.  Their flags (each call accepts only the ones named in its
 * description, else EINVAL):
 *   AT_SYMLINK_NOFOLLOW  fstatat, fchmodat, utimensat: a final symlink
 *                        is itself the object
 *   AT_REMOVEDIR         unlinkat: remove a directory (rmdir)
 */
#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x0200
#define AT_REMOVEDIR		0x0800

/* access() modes */
#define F_OK		0
#define X_OK		0x01
#define W_OK		0x02
#define R_OK		0x04

/* lseek() whence */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

#ifndef _KERNEL
int	open(const char *path, int flags, ...);
int	fcntl(int fd, int cmd, ...);
int	openat(int dirfd, const char *path, int flags, ...);
#endif

#endif /* !_SYS_FCNTL_H_ */
